"$GK" -C tests/cli/ws_explain explain 财金局 8 2023-H2 --as-of 2023-12-31
