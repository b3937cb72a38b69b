"$GK" -C data/2023 status --status late-ish
