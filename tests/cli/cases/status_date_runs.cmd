"$GK" -C tests/cli/ws_dates status --as-of 2025-01-31 -o tsv
