/* benchcal — micro-benchmark of working-day arithmetic (issue 7: `due`/`workdays`
 * cost O(1) a question). Links the project's objects; `make bench` builds and runs it.
 *
 *     benchcal [QUESTIONS]
 *
 * asks QUESTIONS (default ten million) random questions of the national calendar,
 * alternately cal_due(d, n) and cal_workdays(a, b), with d, a, b in 2015..2027 and
 * n in -60..60, and prints the wall time. The questions are drawn before the clock
 * starts; the answers are summed so that none can be optimized away, and a sample
 * is checked against the identity workdays(d, due(d, n)) = n. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cal.h"
#include "date.h"

static uint64_t rs = 0x2016010420261231ULL;

static uint32_t
rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return (uint32_t)(rs >> 16);
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	long q = argc > 1 ? atol(argv[1]) : 10000000L;
	if (q < 2) {
		fputs("usage: benchcal [QUESTIONS >= 2]\n", stderr);
		return 2;
	}
	cal_init();
	cal_build();

	day_t lo = date_from_ymd(2015, 1, 1), hi = date_from_ymd(2027, 12, 31);
	uint32_t span = (uint32_t)(hi - lo + 1);
	day_t *a = malloc((size_t)q * sizeof *a);
	int32_t *b = malloc((size_t)q * sizeof *b);
	if (!a || !b) {
		fputs("benchcal: out of memory\n", stderr);
		return 2;
	}
	for (long i = 0; i < q; i++) {
		a[i] = lo + (day_t)(rnd() % span);
		if (i % 2 == 0)
			b[i] = (int32_t)(rnd() % 121) - 60;           /* due: n */
		else
			b[i] = lo + (int32_t)(rnd() % span);          /* workdays: the other day */
	}

	long sum = 0;
	double t0 = now();
	for (long i = 0; i < q; i += 2) {
		sum += cal_due(a[i], b[i]);
		if (i + 1 < q)
			sum += cal_workdays(a[i + 1], b[i + 1]);
	}
	double t = now() - t0;

	long bad = 0;
	for (long i = 0; i < q && i < 200000; i += 2)
		if (b[i] > 0 && cal_workdays(a[i], cal_due(a[i], b[i])) != b[i])
			bad++;
	printf("benchcal: %ld random questions (cal_due, cal_workdays) in %.3f s: %.1f ns each (checksum %ld)\n",
	       q, t, t * 1e9 / (double)q, sum);
	free(a);
	free(b);
	cal_free();
	if (bad) {
		fprintf(stderr, "benchcal: %ld answers break workdays(d, due(d, n)) = n\n", bad);
		return 1;
	}
	return 0;
}
