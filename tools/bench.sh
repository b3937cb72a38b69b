#!/bin/sh
# bench.sh — `make bench` (issue 7, SPEC §8): how fast gkledger reads ledgers,
# beside `wc -l` and an awk program computing the same per-item summary.
#
#   sh tools/bench.sh
#
# Environment:
#   BENCH_SIZES  ledger lines per workspace (default "10000 100000 1000000 10000000")
#   BENCH_RUNS   timed runs per program, the median is reported (default 5)
#   BENCH_DIR    where workspaces are kept (default build/bench; `make clean` removes them)
#   GKLEDGER     the binary (default ./gkledger)
#   BENCH_GEN    the generator (default build/benchgen), BENCH_CAL the calendar
#                micro-benchmark (default build/benchcal)
#   AWK          the awk to compare with (default awk)
#
# For each size: generate the workspace once (tools/benchgen.c; reused while its
# line count is right and the generator is not newer), read its files once to
# warm the page cache, then run each program BENCH_RUNS times and report the
# median wall time and the largest peak RSS (/usr/bin/time %M); then the ratios
# against the targets of issue 7, and the correctness check: gkledger's summary of
# the per-item tasks must equal the awk program's counts. Exits 1 when a check
# fails or a program fails; the speed targets only print a verdict (no test may
# depend on timing).
set -u

SIZES=${BENCH_SIZES:-"10000 100000 1000000 10000000"}
RUNS=${BENCH_RUNS:-5}
DIR=${BENCH_DIR:-build/bench}
GK=${GKLEDGER:-./gkledger}
GEN=${BENCH_GEN:-build/benchgen}
CALB=${BENCH_CAL:-build/benchcal}
AWK=${AWK:-awk}
ASOF=2026-12-31
CALFILE=data/calendar/cn.tsv
TIME=/usr/bin/time

die() {
	echo "bench: $*" >&2
	exit 2
}

[ -x "$GK" ] || die "$GK: not built (run make)"
[ -x "$GEN" ] || die "$GEN: not built (run make bench)"
[ -x "$TIME" ] || die "$TIME is missing: install GNU time (apt-get install time)"
[ -r "$CALFILE" ] || die "$CALFILE: missing (run from the repository's top folder)"
case $RUNS in '' | *[!0-9]* | 0) die "BENCH_RUNS must be a positive number" ;; esac
for n in $SIZES; do
	case $n in '' | *[!0-9]*) die "BENCH_SIZES: '$n' is not a number" ;; esac
done

mkdir -p "$DIR" || die "cannot create $DIR"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gkbench.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM
RES=$TMP/results
# Time a copy: other builds in this tree may replace the binary during a long run.
cp "$GK" "$TMP/gkledger" || die "cannot copy $GK"
GK=$TMP/gkledger
: > "$RES"
FAIL=0

# Nanosecond wall clock when date(1) has %N (GNU); else /usr/bin/time's %e (10 ms).
case $(date +%N) in *N*) NS=0 ;; *) NS=1 ;; esac

# The workspace of n lines: DIR/n, generated unless present and current.
workspace() {
	ws=$DIR/$1
	if [ -f "$ws/.complete" ] && [ -z "$(find "$GEN" -newer "$ws/.complete")" ] &&
		[ "$(cat "$ws"/ledgers/*.tsv | wc -l | tr -d ' ')" = "$1" ]; then
		return 0
	fi
	echo "bench: generating $ws ($1 lines)" >&2
	rm -rf "$ws" "$ws.tmp"
	"$GEN" "$1" "$ws.tmp" || die "benchgen failed"
	got=$(cat "$ws.tmp"/ledgers/*.tsv | wc -l | tr -d ' ')
	[ "$got" = "$1" ] || die "$ws.tmp: $got lines, meant $1"
	touch "$ws.tmp/.complete"
	mv "$ws.tmp" "$ws" || die "cannot rename $ws.tmp"
}

# measure SIZE LINES BYTES NAME MAXRC CMD...: RUNS timed runs of CMD (output to
# /dev/null); appends "SIZE LINES BYTES NAME MEDIAN_WALL_S PEAK_KIB MEDIAN_CPU_S"
# to RES (CPU = user + system time, all threads: beside the wall time it shows
# how much of it the machine's other load took).
measure() {
	m_size=$1 m_lines=$2 m_bytes=$3 m_name=$4 m_maxrc=$5
	shift 5
	: > "$TMP/walls"
	: > "$TMP/cpus"
	m_peak=0
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		i=$((i + 1))
		[ "$NS" = 1 ] && t0=$(date +%s%N)
		"$TIME" -f '%e %M %U %S' -o "$TMP/time" "$@" > /dev/null 2> "$TMP/err"
		rc=$?
		[ "$NS" = 1 ] && t1=$(date +%s%N)
		if [ "$rc" -gt "$m_maxrc" ]; then
			echo "bench: $m_name on $m_size lines exited $rc:" >&2
			head -5 "$TMP/err" >&2
			FAIL=1
		fi
		# The last line of the -o file holds the numbers (a failed command adds a line before it).
		read -r e_s m_kib u_s s_s <<EOF
$(tail -n 1 "$TMP/time")
EOF
		if [ "$NS" = 1 ]; then
			echo "$t0 $t1" | awk '{ printf "%.6f\n", ($2 - $1) / 1e9 }' >> "$TMP/walls"
		else
			echo "$e_s" >> "$TMP/walls"
		fi
		echo "$u_s $s_s" | awk '{ printf "%.2f\n", $1 + $2 }' >> "$TMP/cpus"
		[ "${m_kib:-0}" -gt "$m_peak" ] && m_peak=$m_kib
	done
	m_med=$(median "$TMP/walls")
	m_cpu=$(median "$TMP/cpus")
	echo "$m_size $m_lines $m_bytes $m_name $m_med $m_peak $m_cpu" >> "$RES"
}

median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# The per-item tasks of a task table: rule `within N wd|days of EVENTS`, not `of plan`.
item_tasks() {
	awk -F'\t' '
		/^#/ || $0 == "" { next }
		!h { for (i = 1; i <= NF; i++) { if ($i == "id") ci = i; if ($i == "rule") cr = i } h = 1; next }
		$cr ~ /^within [0-9]+ (wd|days) of / && $cr !~ / of plan$/ { printf " --task %s", $ci }' "$1"
}

# Correctness: gkledger's summary of the per-item tasks equals the awk counts.
check_size() {
	ws=$1
	tl=$(item_tasks "$ws/tasks.tsv")
	# shellcheck disable=SC2086
	"$GK" -q -C "$ws" --as-of "$ASOF" summary $tl -o tsv > "$TMP/gk.out" 2> "$TMP/gk.err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "correctness $2: gkledger summary exited $rc" >&2
		head -5 "$TMP/gk.err" >&2
		FAIL=1
		return
	fi
	tail -n +2 "$TMP/gk.out" | cut -f1-7 | LC_ALL=C sort > "$TMP/gk.tsv"
	# per-item tasks only: the ongoing and stale columns must be 0
	extra=$(tail -n +2 "$TMP/gk.out" | awk -F'\t' '$8 != 0 || $9 != 0' | head -1)
	"$AWK" -f tools/bench_items.awk -v cal="$CALFILE" -v tasks="$ws/tasks.tsv" -v asof="$ASOF" \
		"$ws"/ledgers/*.tsv > "$TMP/awk.raw" || { echo "correctness $2: the awk program failed" >&2; FAIL=1; return; }
	LC_ALL=C sort "$TMP/awk.raw" > "$TMP/awk.tsv"
	ndept=$(wc -l < "$TMP/gk.tsv" | tr -d ' ')
	if [ -n "$extra" ]; then
		echo "correctness $2: FAILED: a per-item summary row counts ongoing/stale: $extra"
		FAIL=1
	elif cmp -s "$TMP/gk.tsv" "$TMP/awk.tsv" && [ "$ndept" -gt 0 ]; then
		obl=$(awk -F'\t' '{ s += $2 } END { print s + 0 }' "$TMP/gk.tsv")
		echo "correctness $2: ok: gkledger summary$tl equals the awk counts ($ndept departments, $obl per-item obligations)"
	else
		echo "correctness $2: FAILED: gkledger summary$tl differs from the awk counts; first difference (< gkledger, > awk):"
		diff "$TMP/gk.tsv" "$TMP/awk.tsv" | head -6
		FAIL=1
	fi
}

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "$commit" != unknown ] && [ -n "$(git status --porcelain --untracked-files=no -- src Makefile 2>/dev/null)" ]; then
	commit="$commit (with uncommitted changes in src/ or Makefile)"
fi
model=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
echo "gkledger bench: commit $commit; $(nproc 2>/dev/null || echo '?') CPUs, ${model:-unknown CPU}, ${mem:-? memory}; $("$AWK" -W version 2>/dev/null | head -1 | cut -c1-40); median of $RUNS runs, warm page cache"

load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'; }
echo "load average at start: $(load) (other work on the machine slows every program alike)"

checks=$TMP/checks
: > "$checks"
for n in $SIZES; do
	workspace "$n"
	ws=$DIR/$n
	cat "$ws"/tasks.tsv "$ws"/departments.tsv "$ws"/ledgers/*.tsv > /dev/null
	bytes=$(cat "$ws"/ledgers/*.tsv | wc -c | tr -d ' ')
	echo "bench: timing $n lines ($RUNS runs each)" >&2
	measure "$n" "$n" "$bytes" "wc-l" 0 wc -l "$ws"/ledgers/*.tsv
	measure "$n" "$n" "$bytes" "awk" 0 "$AWK" -f tools/bench_items.awk -v cal="$CALFILE" \
		-v tasks="$ws/tasks.tsv" -v asof="$ASOF" "$ws"/ledgers/*.tsv
	measure "$n" "$n" "$bytes" "summary" 0 "$GK" -q -C "$ws" --as-of "$ASOF" summary
	measure "$n" "$n" "$bytes" "overdue" 1 "$GK" -q -C "$ws" --as-of "$ASOF" overdue
	check_size "$ws" "$n" >> "$checks"
done

echo
awk '
function sz(n) { return n == 10000 ? "10^4" : n == 100000 ? "10^5" : n == 1000000 ? "10^6" : n == 10000000 ? "10^7" : n }
function rate(x) { return x >= 1e6 ? sprintf("%.1fM", x / 1e6) : x >= 1e3 ? sprintf("%.0fk", x / 1e3) : sprintf("%.0f", x) }
BEGIN { printf "%-5s %9s %7s  %-8s %8s %9s %8s %9s %7s\n", "size", "lines", "MB", "program", "wall_s", "lines/s", "MB/s", "peak_MiB", "cpu_s" }
{
	w = $5 > 0 ? $5 : 0.000001
	mb = $3 / 1e6
	printf "%-5s %9d %7.1f  %-8s %8.3f %9s %8.1f %9.1f %7.2f\n", sz($1), $2, mb, $4, $5, rate($2 / w), mb / w, $6 / 1024, $7
	wall[$1, $4] = $5; peak[$1, $4] = $6 / 1024
	if (!($1 in seen)) { seen[$1] = 1; order[++ns] = $1 }
}
END {
	print ""
	print "targets (issue 7, at 10^7 lines): summary <= 8x wc -l; awk >= 25x summary; peak < 64 MiB"
	printf "%-5s %11s %11s %13s %13s  %s\n", "size", "summary/wc", "awk/summary", "summary_MiB", "overdue_MiB", "verdict"
	for (i = 1; i <= ns; i++) {
		n = order[i]
		s = wall[n, "summary"]; wc = wall[n, "wc-l"]; a = wall[n, "awk"]
		r1 = wc > 0 ? s / wc : 0
		r2 = s > 0 ? a / s : 0
		p = peak[n, "summary"] > peak[n, "overdue"] ? peak[n, "summary"] : peak[n, "overdue"]
		v = (wc > 0 && r1 <= 8 ? "wc:met" : "wc:NOT met") " " (r2 >= 25 ? "awk:met" : "awk:NOT met") " " (p < 64 ? "mem:met" : "mem:NOT met")
		printf "%-5s %10.1fx %10.1fx %13.1f %13.1f  %s\n", sz(n), r1, r2, peak[n, "summary"], peak[n, "overdue"], v
	}
}' "$RES"

echo "load average at end: $(load)"
echo
cat "$checks"

if [ -x "$CALB" ]; then
	calout=$("$CALB") || { echo "bench: $CALB failed" >&2; FAIL=1; }
	echo "$calout"
	echo "$calout" | awk '{ for (i = 1; i < NF; i++) if ($(i + 1) == "s:") t = $i } END { if (t != "") print "due/workdays target (ten million questions well under a second): " (t < 1 ? "met" : "NOT met") " (" t " s)" }'
else
	echo "bench: $CALB not built: skipped the due/workdays micro-benchmark" >&2
fi

[ "$FAIL" = 0 ] || { echo "bench: FAILED (see above)" >&2; exit 1; }
exit 0
