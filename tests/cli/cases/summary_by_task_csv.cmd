"$GK" -C data/2023 summary --by task --as-of 2024-01-10 -o csv
