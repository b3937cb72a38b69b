#!/bin/sh
# Collects every check suite defined in the test sources into one list: a
# definition is "Suite *NAME_suite(void)" on one line, or "NAME_suite(void)"
# alone on the line after "Suite *" (declarations end in ';' and do not count).
set -e
names=$( (sed -n 's/^Suite \*\([a-z0-9_]*_suite\)(void)[^;]*$/\1/p' "$@"; \
          sed -n 's/^\([a-z0-9_]*_suite\)(void)$/\1/p' "$@") | sort -u)
echo '#include <check.h>'
echo '#include <stddef.h>'
for n in $names; do echo "Suite *$n(void);"; done
echo 'Suite *(*const test_suites[])(void) = {'
for n in $names; do echo "	$n,"; done
echo '	NULL'
echo '};'
