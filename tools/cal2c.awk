# cal2c.awk — turns data/calendar/cn.tsv into the C table compiled into gkledger.
# Input: "# covers: YYYY-MM-DD..YYYY-MM-DD", a header "date kind name", rows.
# Fails (exit 1) on a row it cannot read, so a broken calendar breaks the build.
BEGIN { FS = "\t"; n = 0; covers = ""; header = 0 }
/^#[ \t]*covers:/ {
	v = $0; sub(/^#[ \t]*covers:[ \t]*/, "", v); gsub(/[ \t\r]/, "", v)
	covers = v; next
}
/^#/ || /^[ \t\r]*$/ { next }
!header { header = 1; next }
{
	sub(/\r$/, "")
	if ($1 !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/ || ($2 != "off" && $2 != "work")) {
		printf "%s:%d: cannot read calendar row: %s\n", FILENAME, FNR, $0 > "/dev/stderr"
		bad = 1; exit 1
	}
	d = $1; gsub(/-/, "", d)
	name = $3; gsub(/\\/, "\\\\", name); gsub(/"/, "\\\"", name)
	rows[n++] = sprintf("\t{ %s, %s, \"%s\" },", d, $2 == "off" ? "CAL_OFF" : "CAL_WORK", name)
}
END {
	if (bad) exit 1
	if (covers !~ /^[0-9-]+\.\.[0-9-]+$/) {
		print FILENAME ": missing '# covers: YYYY-MM-DD..YYYY-MM-DD'" > "/dev/stderr"; exit 1
	}
	split(covers, c, /\.\./); gsub(/-/, "", c[1]); gsub(/-/, "", c[2])
	print "/* Generated from data/calendar/cn.tsv by tools/cal2c.awk: do not edit. */"
	print "#include \"cal.h\""
	print "const struct cal_builtin_day cal_builtin_days[] = {"
	for (i = 0; i < n; i++) print rows[i]
	if (n == 0) print "\t{ 0, CAL_NONE, \"\" },"
	print "};"
	printf "const size_t cal_builtin_ndays = %d;\n", n
	printf "const int cal_builtin_covers[2] = { %s, %s };\n", c[1], c[2]
}
