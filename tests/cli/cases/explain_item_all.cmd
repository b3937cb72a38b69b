"$GK" -C tests/cli/ws_explain explain 住建局 1 --as-of 2023-12-31
