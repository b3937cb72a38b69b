# a reader that stops early (head) ends the report quietly: nothing on standard error
"$GK" -C data/2023 status --as-of 2024-01-10 -o csv | head -n 1
