"$GK" -C tests/cli/ws_explain explain 住建局 2 --roll -o json --as-of 2023-12-31
