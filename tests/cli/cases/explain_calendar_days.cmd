"$GK" -C tests/cli/ws_explain explain 财政金融局 7 --as-of 2023-12-31
