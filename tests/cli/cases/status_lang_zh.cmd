"$GK" -C data/2023 --lang zh status --dept 建设局 --task 9 --as-of 2023-12-31
