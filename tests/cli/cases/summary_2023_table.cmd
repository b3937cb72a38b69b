"$GK" -C data/2023 summary --as-of 2023-12-31
