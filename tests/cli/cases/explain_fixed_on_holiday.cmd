"$GK" -C tests/cli/ws_explain explain 建设局 2 --as-of 2023-12-31
