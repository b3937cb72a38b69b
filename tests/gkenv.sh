# gkenv.sh — sourced by the command-test runners: an absolute path to the
# binary, a fixed and neutral environment (English labels, no colour, no
# terminal width, UTC), a temporary folder, and GK: the binary, or under
# VALGRIND=1 a one-word wrapper that runs it under valgrind memcheck (errors
# and leaks exit 99). Needs $bin; sets $bin, $tmp, $GK.
case $bin in /*) ;; *) bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin") ;; esac
unset LANG LC_ALL LC_MESSAGES COLUMNS GKLEDGER_DIR NO_COLOR
export TZ=UTC LC_ALL=C.UTF-8
tmp=$(mktemp -d)
# a case may chmod its files: make everything removable again
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
GK=$bin
if [ "${VALGRIND:-0}" = 1 ]; then
	cat >"$tmp/gk" <<GKEOF
#!/bin/sh
exec valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99 "$bin" "\$@"
GKEOF
	chmod +x "$tmp/gk"
	GK=$tmp/gk
fi
export GK
