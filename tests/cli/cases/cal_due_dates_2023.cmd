"$GK" -C data/2023 cal 2023-10
