"$GK" -C data/2023 overdue --as-of 2023-08-01 -o json
