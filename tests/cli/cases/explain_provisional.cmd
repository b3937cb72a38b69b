"$GK" -C tests/cli/ws_explain explain 教体中心 1 --as-of 2027-01-31
