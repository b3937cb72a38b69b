"$GK" -C tests/cli/ws_explain explain 建设局 3 2023-Q3 --roll --lang zh --as-of 2023-12-31
