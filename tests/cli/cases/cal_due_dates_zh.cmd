"$GK" -C data/2023 --lang zh cal 2023-12
