"$GK" -C tests/cli/ws_explain explain 规划局 1 --as-of 2023-12-31
