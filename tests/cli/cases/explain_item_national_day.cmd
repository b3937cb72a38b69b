"$GK" -C tests/cli/ws_explain explain 建设局 1 2023年城镇保障性安居工程年度建设计划 --as-of 2023-12-31
