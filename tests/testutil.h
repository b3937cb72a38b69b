/* Small helpers shared by the check suites. */
#ifndef TESTUTIL_H
#define TESTUTIL_H
#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Fills buf with pieces picked from chars (nchars of them) by a small linear
 * congruential generator in *seed, until at least want bytes; returns the
 * length (at most want plus the longest piece: size buf for it). */
static inline size_t
random_text(char *buf, size_t want, const char *const *chars, size_t nchars, uint32_t *seed)
{
	size_t n = 0;
	while (n < want) {
		*seed = *seed * 1103515245u + 12345u;
		const char *c = chars[(*seed >> 16) % nchars];
		size_t l = strlen(c);
		memcpy(buf + n, c, l);
		n += l;
	}
	return n;
}

/* Path of a file under tests/, for tests that read fixtures; the runner runs from the top. */
#define TESTDATA(p) ("tests/data/" p)

#endif
