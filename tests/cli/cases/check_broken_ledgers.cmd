"$GK" -C tests/cli/ws_badledger --as-of 2023-12-31 check
