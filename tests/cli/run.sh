#!/bin/sh
# Command tests: runs the built binary on files under tests/ and compares whole outputs.
#
# Each case is tests/cli/cases/NAME.cmd, a shell command line that runs "$GK"
# from the top of the source tree. Beside it:
#   NAME.out  expected standard output (required)
#   NAME.err  expected standard error (compared when present)
#   NAME.rc   expected exit status (0 when absent)
# Usage: sh tests/cli/run.sh ./gkledger [NAME-PATTERN]
# With UPDATE=1 the expected files are rewritten from the actual ones (review the diff!).
# VALGRIND=1 runs every command under valgrind memcheck (errors and leaks fail);
# cases whose .cmd has a line "# no-valgrind" are skipped then.
set -u
bin=${1:?usage: run.sh BINARY [PATTERN]}
pat=${2:-}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/gkenv.sh"
pass=0 fail=0 skip=0
for cmd in "$top"/tests/cli/cases/*.cmd; do
	name=$(basename "$cmd" .cmd)
	case $name in *"$pat"*) ;; *) continue ;; esac
	# a case marked "# no-valgrind" is too slow under valgrind
	if [ "${VALGRIND:-0}" = 1 ] && grep -q '^# no-valgrind' "$cmd"; then
		skip=$((skip + 1))
		continue
	fi
	base=${cmd%.cmd}
	(cd "$top" && eval "$(cat "$cmd")") >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	want_rc=0
	[ -f "$base.rc" ] && want_rc=$(cat "$base.rc")
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$tmp/out" "$base.out"
		[ -s "$tmp/err" ] && cp "$tmp/err" "$base.err" || rm -f "$base.err"
		[ "$rc" != 0 ] && echo "$rc" >"$base.rc" || rm -f "$base.rc"
		continue
	fi
	ok=1
	if [ "$rc" != "$want_rc" ]; then
		echo "FAIL $name: exit status $rc, expected $want_rc"
		ok=0
	fi
	if ! cmp -s "$tmp/out" "$base.out"; then
		echo "FAIL $name: standard output differs:"
		diff -u "$base.out" "$tmp/out" | head -n 40
		ok=0
	fi
	if [ -f "$base.err" ] && ! cmp -s "$tmp/err" "$base.err"; then
		echo "FAIL $name: standard error differs:"
		diff -u "$base.err" "$tmp/err" | head -n 40
		ok=0
	fi
	if [ "$ok" = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "cli: $pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
