"$GK" -C data/2023 score --as-of 2024-01-10
