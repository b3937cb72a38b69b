#!/bin/sh
# Collects every `Suite *NAME_suite(void)` defined in the test sources into one list.
set -e
names=$(sed -n 's/^Suite \*\([a-z0-9_]*_suite\)(void)[^;]*$/\1/p' "$@" | sort -u)
echo '#include <check.h>'
echo '#include <stddef.h>'
for n in $names; do echo "Suite *$n(void);"; done
echo 'Suite *(*const test_suites[])(void) = {'
for n in $names; do echo "	$n,"; done
echo '	NULL'
echo '};'
