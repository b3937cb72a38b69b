/* Small helpers shared by the check suites. */
#ifndef TESTUTIL_H
#define TESTUTIL_H
#include <check.h>
#include <stddef.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Path of a file under tests/, for tests that read fixtures; the runner runs from the top. */
#define TESTDATA(p) ("tests/data/" p)

#endif
