"$GK" -C tests/cli/ws_badplan check -o json
