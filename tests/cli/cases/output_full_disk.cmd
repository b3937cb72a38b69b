# a full disk is an error (exit 2), never a short report with exit 0
"$GK" -C data/2023 status --as-of 2024-01-10 -o csv > /dev/full; echo "exit $?"
