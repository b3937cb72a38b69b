"$GK" -C tests/cli/ws_explain explain 财政金融局 8 2023-X --as-of 2023-12-31
