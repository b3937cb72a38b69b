"$GK" -C tests/cli/ws_explain explain 建设局 1 不存在的信息 --as-of 2023-12-31
