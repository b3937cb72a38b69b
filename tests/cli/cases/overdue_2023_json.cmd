"$GK" -C data/2023 overdue --as-of 2023-12-31 -o json
