"$GK" -C data/2023 --as-of 2024-01-10 check
