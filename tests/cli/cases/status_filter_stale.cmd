"$GK" -C data/2023 status --status stale --task 21 --as-of 2024-01-10
