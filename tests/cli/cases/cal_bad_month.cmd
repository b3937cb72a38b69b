"$GK" cal 2023-13
