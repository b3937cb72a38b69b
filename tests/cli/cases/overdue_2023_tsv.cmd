"$GK" -C data/2023 overdue --as-of 2024-01-10 -o tsv
