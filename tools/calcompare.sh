#!/bin/sh
# calcompare.sh — compares data/calendar/cn.tsv day by day with the holiday-cn JSON files.
#
# Usage: tools/calcompare.sh [HOLIDAY_CN_DIR [CN_TSV]]
#   HOLIDAY_CN_DIR  folder of holiday-cn's YYYY.json files (default ../shared/sources/holiday-cn)
#   CN_TSV          the calendar to check (default data/calendar/cn.tsv beside this script)
#
# Every date either source lists is compared, within cn.tsv's `covers:` range, and each
# difference is printed as one line:
#   DATE WEEKDAY CLASS  cn.tsv=KIND/NAME  holiday-cn=KIND/NAME  [known: REASON]
# CLASS is
#   WORKDAY  the two sources disagree on whether DATE is a working day (the one that matters)
#   LISTING  one lists the day and the other does not (or lists it with another kind), but
#            both make it a working day or both a day off: e.g. a weekend day off listed by
#            one only, or an ordinary Monday listed as `work`
#   NAME     same kind, different holiday name
# A difference is "known" when the table KNOWN below lists its date and class with the reason.
# Exit status: 0 when every difference is known, 1 when any is not, 2 on a usage or read error.
# Needs only POSIX sh, awk and sort.

set -u
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-../shared/sources/holiday-cn}
tsv=${2:-$here/../data/calendar/cn.tsv}

if [ ! -r "$tsv" ]; then
	echo "calcompare: cannot read $tsv" >&2
	exit 2
fi
set -- "$dir"/[0-9][0-9][0-9][0-9].json
if [ ! -r "$1" ]; then
	echo "calcompare: no YYYY.json files in $dir" >&2
	exit 2
fi

# Differences explained by holiday-cn's README or by how cn.tsv reads the notices
# (see the comments at the top of cn.tsv). Fields: dates (comma-separated), class, reason.
# None of them is a WORKDAY difference: a WORKDAY difference is never listed here.
KNOWN='
2016-01-02,2016-01-03	LISTING	元旦 2016 "1月1日放假，与周末连休": cn.tsv lists the joined weekend, holiday-cn only the named day; weekend days off either way
2016-04-02,2016-04-03	LISTING	清明节 2016 "4月4日放假，与周末连休": cn.tsv lists the joined weekend, holiday-cn only the named day; weekend days off either way
2016-04-30	LISTING	劳动节 2016 "5月1日放假，5月2日（星期一）补休": cn.tsv lists the Saturday before as part of the three-day break, holiday-cn does not; a weekend day off either way
2016-12-31	LISTING	元旦 2017 "1月1日放假，1月2日（星期一）补休": cn.tsv lists the Saturday before as part of the three-day break, holiday-cn does not; a weekend day off either way
2017-04-29,2017-04-30	LISTING	劳动节 2017 "5月1日放假，与周末连休": cn.tsv lists the joined weekend, holiday-cn only the named day; weekend days off either way
2017-12-30,2017-12-31	LISTING	元旦 2018 "1月1日放假，与周末连休": cn.tsv lists the joined weekend (in December 2017), holiday-cn only the named day; weekend days off either way
2018-06-16,2018-06-17	LISTING	端午节 2018 "6月18日放假，与周末连休": cn.tsv lists the joined weekend, holiday-cn only the named day; weekend days off either way
2018-09-22,2018-09-23	LISTING	中秋节 2018 "9月24日放假，与周末连休": cn.tsv lists the joined weekend, holiday-cn only the named day; weekend days off either way
2019-04-06,2019-04-07	LISTING	清明节 2019 "4月5日放假，与周末连休": cn.tsv lists the joined weekend, holiday-cn only the named day; weekend days off either way
2019-06-08,2019-06-09	LISTING	端午节 2019 "6月7日放假，与周末连休": cn.tsv lists the joined weekend, holiday-cn only the named day; weekend days off either way
2019-09-14,2019-09-15	LISTING	中秋节 2019 "9月13日放假，与周末连休": cn.tsv lists the joined weekend, holiday-cn only the named day; weekend days off either way
2020-01-31,2020-02-01,2020-02-02	NAME	2020 Spring Festival extension (国办发明电〔2020〕1号): cn.tsv names the added days 春节（延长假期）, holiday-cn plain 春节 (its README)
2020-02-03	LISTING	holiday-cn lists Monday 2020-02-03 as a working day (its README): an ordinary Monday, a working day either way
2023-12-30,2023-12-31	LISTING	元旦 2024 "1月1日放假，与周末连休": cn.tsv lists the joined weekend (in December 2023), holiday-cn only the named day; weekend days off either way
2024-06-08,2024-06-09	LISTING	端午节 2024 "6月10日放假，与周末连休": cn.tsv lists the joined weekend, holiday-cn only the named day; weekend days off either way
'

tab=$(printf '\t')
tmp=${TMPDIR:-/tmp}/calcompare.$$
trap 'rm -f "$tmp"' EXIT HUP INT TERM

# Stage 1: one line per listed day and source: DATE<TAB>SOURCE<TAB>KIND<TAB>NAME<TAB>FILE.
{
	awk -F '\t' '
	/^#[ \t]*covers:/ { v = $0; sub(/^#[ \t]*covers:[ \t]*/, "", v); gsub(/[ \t\r]/, "", v); print "#covers\t" v; next }
	/^#/ || /^[ \t\r]*$/ { next }
	!hdr { hdr = 1; next }
	{ sub(/\r$/, ""); print $1 "\tcn\t" $2 "\t" $3 "\t" FILENAME ":" FNR }
	' "$tsv"
	# holiday-cn: objects {"name": ..., "date": ..., "isOffDay": true|false}, in any layout.
	for f in "$@"; do
		awk '
		{ buf = buf $0 " " }
		END {
			n = split(buf, obj, /[{}]/)
			for (i = 1; i <= n; i++) {
				o = obj[i]
				if (o !~ /"isOffDay"/) continue
				name = o; sub(/.*"name"[ \t]*:[ \t]*"/, "", name); sub(/".*/, "", name)
				date = o; sub(/.*"date"[ \t]*:[ \t]*"/, "", date); sub(/".*/, "", date)
				off = o; sub(/.*"isOffDay"[ \t]*:[ \t]*/, "", off); sub(/[^a-z].*/, "", off)
				if (o !~ /"name"/) name = ""
				if (o !~ /"date"/ || (off != "true" && off != "false")) {
					print "#bad\t" FILENAME ": cannot read day object: " o
					continue
				}
				print date "\thc\t" (off == "true" ? "off" : "work") "\t" name "\t" FILENAME
			}
		}' "$f"
	done
} > "$tmp" || exit 2

if grep -q '^#bad' "$tmp"; then
	grep '^#bad' "$tmp" | cut -f2- >&2
	exit 2
fi

# Stage 2: merge by date and classify.
{ printf '%s\n' "$KNOWN" | awk -F '\t' 'NF >= 3 { print "#known\t" $0 }'; grep '^#covers' "$tmp"; grep -v '^#' "$tmp" | sort -t "$tab" -k1,1 -k2,2; } |
awk -F '\t' '
function jdn(s,   y, m, d) {	# days since 1970-01-01 (days-from-civil)
	y = substr(s, 1, 4) + 0; m = substr(s, 6, 2) + 0; d = substr(s, 9, 2) + 0
	if (m <= 2) y--
	era = int(y / 400); yoe = y - era * 400
	doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return era * 146097 + doe - 719468
}
function wd(s) { return (jdn(s) + 3) % 7 }	# 0 = Monday .. 6 = Sunday
function working(kind, s) { return kind == "work" ? 1 : kind == "off" ? 0 : wd(s) < 5 }
function show(k, n) { return k == "" ? "-" : k "/" n }
function flush(   w, cls, key, msg) {
	if (cur == "") return
	if (cur < lo || cur > hi) { cur = ""; return }
	if (ck == hk && cn_name == hc_name) { cur = ""; return }
	if (working(ck, cur) != working(hk, cur)) cls = "WORKDAY"
	else if (ck != hk) cls = "LISTING"
	else cls = "NAME"
	key = cur SUBSEP cls
	msg = sprintf("%s %s %-7s  cn.tsv=%s  holiday-cn=%s", cur, wdn[wd(cur)], cls, show(ck, cn_name), show(hk, hc_name))
	if (cls != "WORKDAY" && key in known) { print msg "  [known: " known[key] "]"; seen[key] = 1; nknown++ }
	else { print msg "  [UNEXPLAINED]"; bad++ }
	cur = ""
}
BEGIN {
	split("Mon Tue Wed Thu Fri Sat Sun", t, " ")
	for (i = 0; i < 7; i++) wdn[i] = t[i + 1]
	lo = "0000-00-00"; hi = "9999-99-99"
}
$1 == "#known" {
	nd = split($2, ds, ",")
	for (i = 1; i <= nd; i++) { known[ds[i] SUBSEP $3] = $4; order[++nk] = ds[i] SUBSEP $3 }
	next
}
$1 == "#covers" { split($2, c, /\.\./); lo = c[1]; hi = c[2]; next }
{
	if ($1 != cur) { flush(); cur = $1; ck = hk = cn_name = hc_name = "" }
	if ($2 == "cn") {
		if (ck != "") { printf "%s listed twice in cn.tsv (%s)  [UNEXPLAINED]\n", $1, $5; bad++ }
		ck = $3; cn_name = $4; ncn++
	} else {
		if (hk != "" && (hk != $3 || hc_name != $4)) { printf "%s listed twice in holiday-cn with different values (%s)  [UNEXPLAINED]\n", $1, $5; bad++ }
		hk = $3; hc_name = $4; nhc++
	}
}
END {
	flush()
	for (i = 1; i <= nk; i++) if (!(order[i] in seen)) {
		split(order[i], p, SUBSEP)
		printf "note: known difference not seen any more: %s %s\n", p[1], p[2]
	}
	printf "compared %s..%s: cn.tsv %d rows, holiday-cn %d rows; %d known differences, %d unexplained\n", lo, hi, ncn, nhc, nknown, bad + 0
	exit bad ? 1 : 0
}'
