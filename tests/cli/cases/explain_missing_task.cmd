"$GK" -C tests/cli/ws_explain explain 建设局
