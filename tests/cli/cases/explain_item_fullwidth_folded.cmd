"$GK" -C tests/cli/ws_explain explain 建设局 1 '2023年第4季度住房租赁补贴审批结果' --as-of 2023-12-31
