/* fuzz.h — helpers shared by the libFuzzer harnesses (tests/fuzz/fuzz_*.c).
 *
 * Each harness defines LLVMFuzzerTestOneInput only, so that it links both with
 * libFuzzer (make fuzz, clang) and with replay.c (make check-fuzz, any C11
 * compiler). Invariants a harness checks are FUZZ_ASSERTs: a violation prints
 * the condition and aborts, which libFuzzer reports as a crash. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(c)                                                                      \
	do {                                                                                \
		if (!(c)) {                                                                 \
			fprintf(fuzz_stderr(), "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #c); \
			abort();                                                            \
		}                                                                           \
	} while (0)

/* The real standard error (for invariant messages): the program's own messages
 * go to /dev/null, since every input is broken on purpose. The sanitizers
 * write to file descriptor 2 directly, so their reports still show. */
static FILE *fuzz_err;

static inline FILE *
fuzz_stderr(void)
{
	return fuzz_err ? fuzz_err : stderr;
}

/* Once per process: diagnostics, stdout and stderr (the FILE objects the
 * program prints to) go to /dev/null. */
static inline void
fuzz_quiet(void)
{
	static int done;
	FILE *null;

	if (done++)
		return;
	null = fopen("/dev/null", "w");
	if (!null)
		abort();
	fuzz_err = stderr;
	diag_set_stream(null);
	stdout = null;
	stderr = null;
}

/* A heap copy of exactly n bytes (plus one NUL not counted), so that reading
 * past the input's end is caught by AddressSanitizer when the NUL is not
 * wanted (nul = 0) or allowed (nul = 1). */
static inline char *
fuzz_copy(const uint8_t *data, size_t n, int nul)
{
	char *s = malloc(n + (size_t)nul > 0 ? n + (size_t)nul : 1);

	if (!s)
		abort();
	if (n)
		memcpy(s, data, n);
	if (nul)
		s[n] = '\0';
	return s;
}

#endif
