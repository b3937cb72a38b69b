"$GK" -C data/2023 summary --by month --as-of 2024-01-10 -o json
