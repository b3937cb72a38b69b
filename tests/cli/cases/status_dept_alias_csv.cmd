"$GK" -C data/2023 status --dept 管委会办公室 --as-of 2024-01-10 -o csv
