"$GK" cal 2023-10
