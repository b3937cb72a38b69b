"$GK" -C data/2023 score --month 2023-12 --as-of 2024-01-10 -o csv --excel
