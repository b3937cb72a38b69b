"$GK" -C data/2023 tasks -o csv
