"$GK" --strict due 2026-12-30 5
