#!/bin/sh
# The catalogue of broken inputs (issue 5): every case is one file,
# tests/broken/cases/NAME.case, that builds a small workspace, runs one
# gkledger command in it, and names every diagnostic the command must print
# (code, file, line, column) and its exit status.
#
# A case file: header lines, then the files of the workspace.
#
#   # one line saying what is broken (comments are free)
#   cmd: --as-of 2023-12-31 check       gkledger's arguments (shell words; run in the workspace)
#   expect: ledgers/建设局.tsv:4:11 error [bad-date]
#   expect: ledgers/建设局.tsv warning [no-entry]     (a problem about a whole file)
#   expect: gkledger error [unknown-department]       (a problem tied to no file)
#   status: 1                            the exit status
#   --- ledgers/建设局.tsv                a file of the workspace, its lines follow
#   task<TAB>date<TAB>event
#   ...
#
# Other header lines:
#   base: none          start from an empty folder instead of tests/broken/base/
#   setup: SHELL        run in the workspace before the command (after the files
#                       are written): generated inputs, bytes, chmod, ...
#   stdin: PATH         the command's standard input (default /dev/null)
#   expect-text: TEXT   some line of standard error contains TEXT (messages without a code)
#   allow: LOC SEV [code]  a diagnostic that may be printed or not (the side effect of a
#                       known bug, named in a comment; a disabled case then tracks the bug)
#   stdout: TEXT        some line of standard output contains TEXT
#   stdout-lines: N     standard output has exactly N lines
#   stdout-is: LINE     standard output is exactly these lines, in order (one stdout-is: per line)
#   maxrss: MB          peak memory of the command at most MB MiB (when /usr/bin/time
#                       exists and neither VALGRIND nor BROKEN_NO_RSS is set)
#   skip-root: WHY      skip the case when run as root (WHY says what root changes)
#   disabled: WHY       a known bug (WHY names it): the case is listed, not run
#                       (BROKEN_ALL=1 runs the disabled cases too, to see a fix work)
#
# The expected diagnostics are compared as a multiset with every diagnostic
# that carries a [code] on standard error: a missing one and an unexpected one
# both fail. Paths are relative to the workspace ("./" is dropped). COL counts
# characters from 1. Every command runs under `timeout` (TIMEOUT seconds,
# default 10; 124 means it hung).
#
# Usage: sh tests/broken/run.sh ./gkledger [NAME-PATTERN]
# VALGRIND=1 runs every command under valgrind memcheck (errors and leaks fail,
# exit 99); TIMEOUT then defaults to 120.
set -u
bin=${1:?usage: run.sh BINARY [PATTERN]}
pat=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../gkenv.sh"
timeout_s=${TIMEOUT:-10}
[ "${VALGRIND:-0}" = 1 ] && timeout_s=${TIMEOUT:-120}
rss_tool=
if [ -x /usr/bin/time ] && [ "${VALGRIND:-0}" != 1 ] && [ -z "${BROKEN_NO_RSS:-}" ]; then
	rss_tool=/usr/bin/time
fi
uid=$(id -u)

# The coded diagnostics of a stderr file, one per line: "LOC SEVERITY [code]".
diags() {
	sed -nE 's/^(\.\/)?([^ ]*): (error|warning): .* (\[[a-z0-9-]+\])$/\2 \3 \4/p' "$1" | sort
}

pass=0 fail=0 skip=0 disabled=0
for case in "$here"/cases/*.case; do
	name=$(basename "$case" .case)
	case $name in *"$pat"*) ;; *) continue ;; esac
	ws=$tmp/ws
	chmod -R u+rwx "$ws" 2>/dev/null
	rm -rf "$ws" "$tmp/expect" "$tmp/setup" "$tmp/texts" "$tmp/outs" "$tmp/outis" "$tmp/allow"
	mkdir -p "$ws"
	: >"$tmp/expect"
	: >"$tmp/setup"
	: >"$tmp/texts"
	: >"$tmp/outs"
	: >"$tmp/allow"
	cmd= want= base=yes stdin=/dev/null lines= maxrss= skipwhy= offwhy= file=
	while IFS= read -r line || [ -n "$line" ]; do
		if [ -n "$file" ]; then
			case $line in
			'--- '*) ;;
			*) printf '%s\n' "$line" >>"$ws/$file"; continue ;;
			esac
		fi
		case $line in
		'--- '*)
			file=${line#--- }
			mkdir -p "$ws/$(dirname "$file")"
			: >"$ws/$file"
			;;
		'cmd: '*) cmd=${line#cmd: } ;;
		'expect: '*) printf '%s\n' "${line#expect: }" >>"$tmp/expect" ;;
		'allow: '*) printf '%s\n' "${line#allow: }" >>"$tmp/allow" ;;
		'expect-text: '*) printf '%s\n' "${line#expect-text: }" >>"$tmp/texts" ;;
		'stdout: '*) printf '%s\n' "${line#stdout: }" >>"$tmp/outs" ;;
		'stdout-lines: '*) lines=${line#stdout-lines: } ;;
		'stdout-is: '*) printf '%s\n' "${line#stdout-is: }" >>"$tmp/outis" ;;
		'status: '*) want=${line#status: } ;;
		'setup: '*) printf '%s\n' "${line#setup: }" >>"$tmp/setup" ;;
		'base: '*) base=${line#base: } ;;
		'stdin: '*) stdin=${line#stdin: } ;;
		'maxrss: '*) maxrss=${line#maxrss: } ;;
		'skip-root: '*) skipwhy=${line#skip-root: } ;;
		'disabled: '*) offwhy=${line#disabled: } ;;
		'#'* | '') ;;
		*) echo "FAIL $name: cannot read the case line: $line"; want=bad ;;
		esac
	done <"$case"
	if [ -z "$cmd" ] || [ -z "$want" ] || [ "$want" = bad ]; then
		echo "FAIL $name: the case needs a cmd: and a status: line"
		fail=$((fail + 1))
		continue
	fi
	if [ -n "$offwhy" ] && [ -z "${BROKEN_ALL:-}" ]; then
		echo "DISABLED $name: $offwhy"
		disabled=$((disabled + 1))
		continue
	fi
	if [ -n "$skipwhy" ] && [ "$uid" = 0 ]; then
		echo "SKIP $name (running as root: $skipwhy)"
		skip=$((skip + 1))
		continue
	fi
	if [ "$base" = yes ]; then
		# the case's own files replace the base's
		mkdir -p "$tmp/merged"
		cp -R "$here/base/." "$tmp/merged/"
		cp -R "$ws/." "$tmp/merged/"
		rm -rf "$ws"
		mv "$tmp/merged" "$ws"
	fi
	if [ -s "$tmp/setup" ] && ! (cd "$ws" && sh -e "$tmp/setup") >"$tmp/setup.out" 2>&1; then
		echo "FAIL $name: setup failed:"
		sed 's/^/    /' "$tmp/setup.out"
		fail=$((fail + 1))
		continue
	fi
	case $stdin in /*) ;; *) stdin=$ws/$stdin ;; esac
	if [ -n "$maxrss" ] && [ -n "$rss_tool" ]; then
		(cd "$ws" && eval "$rss_tool -f %M -o \"\$tmp/rss\" timeout $timeout_s \"\$GK\" $cmd") \
			>"$tmp/out" 2>"$tmp/err" <"$stdin"
	else
		maxrss=
		(cd "$ws" && eval "timeout $timeout_s \"\$GK\" $cmd") >"$tmp/out" 2>"$tmp/err" <"$stdin"
	fi
	rc=$?
	ok=1
	if [ "$rc" = 124 ]; then
		echo "FAIL $name: timed out after $timeout_s s (a hang?)"
		ok=0
	elif [ "$rc" != "$want" ]; then
		echo "FAIL $name: exit status $rc, expected $want"
		ok=0
	fi
	if [ "$rc" -ge 128 ] 2>/dev/null || grep -qE 'Sanitizer|runtime error:' "$tmp/err"; then
		echo "FAIL $name: crashed or a sanitizer complained:"
		grep -m 5 -E 'Sanitizer|runtime error:|^==' "$tmp/err" | sed 's/^/    /'
		ok=0
	fi
	sort "$tmp/expect" >"$tmp/want.d"
	diags "$tmp/err" >"$tmp/got.d"
	if [ -s "$tmp/allow" ]; then
		# drop one printed occurrence of each allowed diagnostic
		awk 'NR == FNR { a[$0]++; next } ($0 in a) && a[$0] > 0 { a[$0]--; next } { print }' \
			"$tmp/allow" "$tmp/got.d" >"$tmp/got2.d"
		mv "$tmp/got2.d" "$tmp/got.d"
	fi
	if ! cmp -s "$tmp/want.d" "$tmp/got.d"; then
		echo "FAIL $name: diagnostics differ (- expected, + printed):"
		diff "$tmp/want.d" "$tmp/got.d" | sed -n 's/^</    -/p; s/^>/    +/p'
		ok=0
	fi
	while IFS= read -r t; do
		if ! grep -qF -- "$t" "$tmp/err"; then
			echo "FAIL $name: standard error has no line with: $t"
			ok=0
		fi
	done <"$tmp/texts"
	while IFS= read -r t; do
		if ! grep -qF -- "$t" "$tmp/out"; then
			echo "FAIL $name: standard output has no line with: $t"
			ok=0
		fi
	done <"$tmp/outs"
	if [ -n "$lines" ] && [ "$(wc -l <"$tmp/out" | tr -d ' ')" != "$lines" ]; then
		echo "FAIL $name: standard output has $(wc -l <"$tmp/out" | tr -d ' ') lines, expected $lines"
		ok=0
	fi
	if [ -f "$tmp/outis" ] && ! cmp -s "$tmp/outis" "$tmp/out"; then
		echo "FAIL $name: standard output differs (- expected, + printed):"
		diff "$tmp/outis" "$tmp/out" | sed -n 's/^</    -/p; s/^>/    +/p' | head -n 20
		ok=0
	fi
	if [ -n "$maxrss" ] && [ -s "$tmp/rss" ]; then
		kb=$(tail -n 1 "$tmp/rss")
		if [ "$kb" -gt $((maxrss * 1024)) ] 2>/dev/null; then
			echo "FAIL $name: peak memory $((kb / 1024)) MiB, expected at most $maxrss MiB"
			ok=0
		fi
	fi
	if [ "$ok" = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		if [ -n "${VERBOSE:-}" ]; then
			echo "    --- standard error:"
			head -n 40 "$tmp/err" | sed 's/^/    /'
		fi
	fi
done
echo "broken: $pass passed, $fail failed, $skip skipped, $disabled disabled"
[ "$fail" = 0 ]
