"$GK" -C tests/cli check
