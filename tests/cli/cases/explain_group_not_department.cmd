"$GK" -C tests/cli/ws_explain explain 行业主管部门 3 --as-of 2023-12-31
