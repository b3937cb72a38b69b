"$GK" -C data/2023 overdue --soon 5 --as-of 2023-12-31 -o csv
