"$GK" -C tests/cli/ws_explain explain 建设局 1 -o csv --as-of 2023-12-31
