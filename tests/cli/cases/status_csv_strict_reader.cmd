"$GK" -C data/2023 status --as-of 2024-01-10 -o csv | python3 -c "import csv,sys; r=list(csv.reader(sys.stdin, strict=True)); print(len(r)-1, \"rows\", sorted(set(len(x) for x in r)), r[0])"
