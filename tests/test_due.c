/* Working-day arithmetic (SPEC §4): due dates and working-day counts worked out by hand from
 * the State Council's notices, the §4 invariants over 2016-2026, layering and coverage. */
#include <check.h>
#include <string.h>

#include "cal.h"
#include "date.h"
#include "testutil.h"

extern Suite *due_suite(void);

static day_t
ymd(int v)
{
	return date_from_ymd(v / 10000, v / 100 % 100, v % 100);
}

static void
setup(void)
{
	cal_init();
	cal_build();
}

static void
teardown(void)
{
	cal_free();
}

/* due(from, n) == want. The comment lists the days counted (n > 0: after; n < 0: before). */
static const struct {
	const char *name;
	int         from;
	long        n;
	int         want;
} due_cases[] = {
	/* National Day 2023: 9-29..10-6 off, 10-7 (Sat) and 10-8 (Sun) worked. */
	{ "2023-09-28 +1 skips National Day", 20230928, 1, 20231007 },  /* 10-07 Sat (1) */
	{ "2023-09-28 +2 second make-up day", 20230928, 2, 20231008 },  /* 10-07 (1), 10-08 Sun (2) */
	{ "2023-09-28 +3 first Monday after", 20230928, 3, 20231009 },  /* 10-07, 10-08, 10-09 Mon (3) */
	{ "2023-09-27 +2 across the break", 20230927, 2, 20231007 },    /* 09-28 Thu (1), 10-07 (2) */
	{ "2023-10-07 -1 back over the break", 20231007, -1, 20230928 }, /* 10-06..09-29 off; 09-28 (1) */
	{ "2023-10-09 -3 make-up days count", 20231009, -3, 20230928 }, /* 10-08 (1), 10-07 (2), 09-28 (3) */
	{ "2023-10-01 +1 from inside the holiday", 20231001, 1, 20231007 }, /* 10-02..10-06 off; 10-07 (1) */
	{ "2023-10-01 -1 from inside the holiday", 20231001, -1, 20230928 }, /* 09-30, 09-29 off; 09-28 (1) */
	/* Spring Festival 2023: 1-21..1-27 off, 1-28 (Sat) and 1-29 (Sun) worked. */
	{ "2023-01-20 +1 Spring Festival make-up Saturday", 20230120, 1, 20230128 }, /* 01-21..27 off; 01-28 (1) */
	{ "2023-01-19 +3", 20230119, 3, 20230129 },                    /* 01-20 Fri (1), 01-28 (2), 01-29 (3) */
	/* 元旦 2023 = 2022-12-31..2023-01-02: a year end. */
	{ "2022-12-30 +1 over New Year", 20221230, 1, 20230103 },      /* 12-31, 01-01, 01-02 off; 01-03 Tue (1) */
	{ "2022-12-29 +2 over New Year", 20221229, 2, 20230103 },      /* 12-30 Fri (1), 01-03 (2) */
	/* Spring Festival 2024: 2-10..2-17 off; 2-4 (Sun) and 2-18 (Sun) worked; 除夕 2-9 is a working day. */
	{ "2024-02-08 +1 New Year's Eve is worked", 20240208, 1, 20240209 }, /* 02-09 Fri (1) */
	{ "2024-02-08 +2 Sunday make-up after", 20240208, 2, 20240218 }, /* 02-09 (1), 02-10..17 off, 02-18 Sun (2) */
	{ "2024-02-03 +1 Sunday make-up before", 20240203, 1, 20240204 }, /* 02-04 Sun (1) */
	{ "2024-02-19 -2", 20240219, -2, 20240209 },                    /* 02-18 Sun (1), 02-17..10 off, 02-09 (2) */
	/* Spring Festival 2020, extended to 2-2 (国办发明电〔2020〕1号): Saturday 2-1 no longer worked. */
	{ "2020-01-23 +1 extended Spring Festival", 20200123, 1, 20200203 }, /* 01-24..02-02 off; 02-03 Mon (1) */
	{ "2020-01-18 +1 Sunday make-up", 20200118, 1, 20200119 },      /* 01-19 Sun (1) */
	{ "2020-01-18 +5", 20200118, 5, 20200123 },                    /* 01-19 (1), 01-20..23 (2..5) */
	{ "2020-01-18 +6 skips the cancelled make-up day", 20200118, 6, 20200203 }, /* ..01-23 (5), 02-03 (6) */
	{ "2020-02-03 -1", 20200203, -1, 20200123 },                    /* 02-02..01-24 off; 01-23 Thu (1) */
	/* National Day 2020: 10-1..10-8 off, 9-27 (Sun) and 10-10 (Sat) worked. */
	{ "2020-09-25 +1 Sunday make-up", 20200925, 1, 20200927 },      /* 09-26 Sat off; 09-27 Sun (1) */
	{ "2020-09-30 +1", 20200930, 1, 20201009 },                     /* 10-01..08 off; 10-09 Fri (1) */
	{ "2020-09-30 +2 Saturday make-up", 20200930, 2, 20201010 },    /* 10-09 (1), 10-10 Sat (2) */
	/* Labour Day 2019 as changed (国办发明电〔2019〕3号): 5-1..5-4 off, 4-28 and 5-5 (Sundays) worked. */
	{ "2019-04-30 +1 May Day change", 20190430, 1, 20190505 },      /* 05-01..04 off; 05-05 Sun (1) */
	{ "2019-04-26 +1 Sunday make-up", 20190426, 1, 20190428 },      /* 04-27 Sat off; 04-28 Sun (1) */
	/* 元旦 2019 in the 2019 notice: 2018-12-29 (Sat) worked, 12-30..01-01 off. */
	{ "2018-12-28 +1 make-up day of next year's notice", 20181228, 1, 20181229 }, /* 12-29 Sat (1) */
	{ "2018-12-28 +2 over New Year", 20181228, 2, 20190102 },       /* 12-29 (1), 12-30..01-01 off, 01-02 (2) */
	/* 元旦 2017: 1-1 (Sun) off, 1-2 (Mon) 补休. */
	{ "2016-12-30 +1 New Year Monday off", 20161230, 1, 20170103 }, /* 12-31, 01-01, 01-02 off; 01-03 Tue (1) */
	/* National Day 2017: 10-1..10-8 off, 9-30 (Sat) worked. */
	{ "2017-09-29 +1 Saturday make-up", 20170929, 1, 20170930 },    /* 09-30 Sat (1) */
	{ "2017-09-29 +2 over National Day", 20170929, 2, 20171009 },   /* 09-30 (1), 10-01..08 off, 10-09 Mon (2) */
	/* Spring Festival 2016: 2-7..2-13 off, 2-6 (Sat) and 2-14 (Sun) worked. */
	{ "2016-02-05 +1", 20160205, 1, 20160206 },                     /* 02-06 Sat (1) */
	{ "2016-02-05 +2", 20160205, 2, 20160214 },                     /* 02-06 (1), 02-07..13 off, 02-14 Sun (2) */
	/* Spring Festival 2025: 1-28..2-4 off, 1-26 (Sun) and 2-8 (Sat) worked. */
	{ "2025-01-24 +2", 20250124, 2, 20250127 },                     /* 01-25 Sat off; 01-26 Sun (1), 01-27 Mon (2) */
	{ "2025-01-24 +3 over Spring Festival", 20250124, 3, 20250205 }, /* ..01-27 (2), 01-28..02-04 off, 02-05 (3) */
	/* National Day 2025: 10-1..10-8 off, 9-28 (Sun) and 10-11 (Sat) worked. */
	{ "2025-09-26 +1 Sunday make-up", 20250926, 1, 20250928 },      /* 09-27 Sat off; 09-28 Sun (1) */
	{ "2025-09-30 +1", 20250930, 1, 20251009 },                     /* 10-01..08 off; 10-09 Thu (1) */
	/* 元旦 2026: 1-1..1-3 off, 1-4 (Sun) worked: a year end. */
	{ "2025-12-31 +1 over New Year 2026", 20251231, 1, 20260104 },  /* 01-01..03 off; 01-04 Sun (1) */
	{ "2025-12-31 +2", 20251231, 2, 20260105 },                     /* 01-04 (1), 01-05 Mon (2) */
	{ "2026-01-03 -1 from a holiday Saturday", 20260103, -1, 20251231 }, /* 01-02, 01-01 off; 12-31 Wed (1) */
	/* Spring Festival 2026: 2-15..2-23 off, 2-14 (Sat) and 2-28 (Sat) worked. */
	{ "2026-02-13 +1 Saturday make-up", 20260213, 1, 20260214 },    /* 02-14 Sat (1) */
	{ "2026-02-13 +2 over Spring Festival", 20260213, 2, 20260224 }, /* 02-14 (1), 02-15..23 off, 02-24 Tue (2) */
	{ "2026-02-27 +1 Saturday make-up after", 20260227, 1, 20260228 }, /* 02-28 Sat (1) */
	{ "2026-03-02 -2 back over a make-up Saturday", 20260302, -2, 20260227 }, /* 03-01 Sun off; 02-28 (1), 02-27 (2) */
	/* Coverage edges: outside 2016..2026 only weekends are off. */
	{ "2026-12-31 +1 into uncovered 2027", 20261231, 1, 20270101 }, /* 2027-01-01 Fri, no calendar (1) */
	{ "2016-01-04 -1 into uncovered 2015", 20160104, -1, 20151231 }, /* 01-03..01-01 off; 2015-12-31 Thu (1) */
};

/* workdays(a, b) == want: working days in (a, b]. */
static const struct {
	const char *name;
	int         a, b;
	long        want;
} wd_cases[] = {
	{ "over National Day 2023", 20230928, 20231008, 2 },           /* 09-29..10-06 off; 10-07, 10-08 */
	{ "September 2023", 20230901, 20230930, 19 },                   /* 4-8, 11-15, 18-22 (15), 25-28 (19); 29 off */
	{ "October 2023", 20231001, 20231031, 19 },                     /* 10-07, 10-08 (2), 9-13 (7), 16-20 (12), 23-27 (17), 30-31 (19) */
	{ "extended Spring Festival 2020", 20200123, 20200203, 1 },     /* only 02-03 */
	{ "New Year 2017", 20161230, 20170103, 1 },                     /* 12-31..01-02 off; 01-03 */
	{ "Labour Day 2019 as changed", 20190427, 20190505, 4 },        /* 04-28 Sun, 04-29, 04-30, 05-05 Sun */
	{ "Spring Festival 2024", 20240208, 20240218, 2 },              /* 02-09 Fri, 02-18 Sun */
	{ "reversed: B before A", 20200203, 20200123, -1 },             /* -workdays(01-23, 02-03) */
	{ "reversed over National Day 2023", 20231008, 20230928, -2 },  /* -workdays(09-28, 10-08) */
	{ "a holiday to itself", 20231001, 20231001, 0 },
	{ "year 2020", 20191231, 20201231, 249 },                       /* 262 weekdays - 19 + 6 make-up */
	{ "year 2024", 20231231, 20241231, 251 },                       /* 262 - 19 + 8 */
	{ "year 2026", 20251231, 20261231, 248 },                       /* 261 - 19 + 6 */
};

START_TEST(due_by_hand)
{
	char got[DATE_BUFSZ], want[DATE_BUFSZ];
	day_t r = cal_due(ymd(due_cases[_i].from), due_cases[_i].n);
	ck_assert_msg(r == ymd(due_cases[_i].want), "%s: due(%d, %ld) = %s, expected %s", due_cases[_i].name,
	              due_cases[_i].from, due_cases[_i].n, date_format(r, got), date_format(ymd(due_cases[_i].want), want));
}
END_TEST

START_TEST(workdays_by_hand)
{
	long r = cal_workdays(ymd(wd_cases[_i].a), ymd(wd_cases[_i].b));
	ck_assert_msg(r == wd_cases[_i].want, "%s: workdays(%d, %d) = %ld, expected %ld", wd_cases[_i].name,
	              wd_cases[_i].a, wd_cases[_i].b, r, wd_cases[_i].want);
}
END_TEST

/* §4 for every D of one year and N in 1..40:
 *   workdays(D, due(D, N)) == N and workdays(due(D, -N), D) == N - 1 + is_workday(D),
 * with due(D, N) > D a working day and due(D, -N) < D a working day. */
START_TEST(invariants_year)
{
	int y = 2016 + _i;
	char buf[DATE_BUFSZ];
	for (day_t d = date_from_ymd(y, 1, 1); d <= date_from_ymd(y, 12, 31); d++) {
		int w = cal_is_workday(d);
		for (long n = 1; n <= 40; n++) {
			day_t f = cal_due(d, n), b = cal_due(d, -n);
			if (cal_workdays(d, f) != n || f <= d || !cal_is_workday(f))
				ck_abort_msg("%s +%ld: due %ld, workdays %ld", date_format(d, buf), n, (long)f,
				             cal_workdays(d, f));
			if (cal_workdays(b, d) != n - 1 + w || b >= d || !cal_is_workday(b))
				ck_abort_msg("%s -%ld: due %ld, workdays %ld, expected %ld", date_format(d, buf), n,
				             (long)b, cal_workdays(b, d), n - 1 + w);
		}
	}
}
END_TEST

/* due(D, 0) == D and workdays(B, A) == -workdays(A, B), for every D of one year. */
START_TEST(zero_and_antisymmetry_year)
{
	static const int gaps[] = { 0, 1, 2, 6, 7, 13, 31, 100, 366, 1000 };
	int y = 2016 + _i;
	char buf[DATE_BUFSZ];
	for (day_t d = date_from_ymd(y, 1, 1); d <= date_from_ymd(y, 12, 31); d++) {
		if (cal_due(d, 0) != d)
			ck_abort_msg("due(%s, 0) != itself", date_format(d, buf));
		for (size_t g = 0; g < NELEM(gaps); g++) {
			day_t e = d + gaps[g];
			long fw = cal_workdays(d, e), bw = cal_workdays(e, d);
			if (bw != -fw || fw < 0 || fw > gaps[g])
				ck_abort_msg("workdays(%s, +%d) = %ld, reversed %ld", date_format(d, buf), gaps[g], fw, bw);
		}
	}
}
END_TEST

/* A local calendar layered over the national one: a weekday off and a weekend day worked. */
START_TEST(layered_local_days)
{
	day_t off = ymd(20230927), work = ymd(20230923); /* Wednesday; Saturday */
	const char *name = NULL;

	/* National calendar first: both ordinary. */
	ck_assert(cal_is_workday(off));
	ck_assert(!cal_is_workday(work));
	ck_assert(cal_due(ymd(20230926), 1) == off);
	ck_assert(cal_due(ymd(20230922), 1) == ymd(20230925));
	ck_assert_int_eq(cal_workdays(ymd(20230924), ymd(20230928)), 4); /* 25, 26, 27, 28 */

	cal_init();
	cal_set(off, CAL_OFF, "区庆");
	cal_set(work, CAL_WORK, "本地补班");
	cal_build();

	ck_assert(!cal_is_workday(off));
	ck_assert_int_eq(cal_kind_of(off, &name), CAL_OFF);
	ck_assert_str_eq(name, "区庆");
	ck_assert(cal_is_workday(work));
	ck_assert_int_eq(cal_kind_of(work, &name), CAL_WORK);
	ck_assert_str_eq(name, "本地补班");
	ck_assert(cal_due(ymd(20230926), 1) == ymd(20230928));          /* 27 off; 28 (1) */
	ck_assert(cal_due(ymd(20230922), 1) == work);                   /* 23 Sat worked (1) */
	ck_assert_int_eq(cal_workdays(ymd(20230924), ymd(20230928)), 3); /* 25, 26, 28 */
	ck_assert_int_eq(cal_workdays(ymd(20230922), ymd(20230924)), 1); /* 23 */
	/* The national days around it are untouched. */
	ck_assert(cal_due(ymd(20230928), 1) == ymd(20231007));
}
END_TEST

/* A later layer overrides the national one date by date, both ways. */
START_TEST(layered_overrides_national)
{
	cal_init();
	cal_set(ymd(20231007), CAL_OFF, "本地调整");  /* cancel a national make-up Saturday */
	cal_set(ymd(20231006), CAL_WORK, "本地调整"); /* work a national holiday Friday */
	cal_build();
	ck_assert(!cal_is_workday(ymd(20231007)));
	ck_assert(cal_is_workday(ymd(20231006)));
	ck_assert(cal_due(ymd(20230928), 1) == ymd(20231006)); /* 09-29..10-05 off; 10-06 (1) */
	ck_assert(cal_due(ymd(20230928), 2) == ymd(20231008)); /* 10-06 (1), 10-07 off, 10-08 (2) */

	/* Of two settings of one date, the later wins. */
	cal_init();
	cal_set(ymd(20230927), CAL_OFF, "first");
	cal_set(ymd(20230927), CAL_WORK, "second");
	cal_build();
	ck_assert(cal_is_workday(ymd(20230927)));
	ck_assert_int_eq(cal_kind_of(ymd(20230927), NULL), CAL_WORK);
}
END_TEST

START_TEST(coverage)
{
	day_t first, last;
	ck_assert_int_eq(cal_covered(ymd(20261231)), 1);
	ck_assert_int_eq(cal_covered(ymd(20270104)), 0);
	ck_assert_int_eq(cal_covered(ymd(20160101)), 1);
	ck_assert_int_eq(cal_covered(ymd(20151231)), 0);
	ck_assert_int_eq(cal_covered_range(ymd(20160101), ymd(20261231)), 1);
	ck_assert_int_eq(cal_covered_range(ymd(20261201), ymd(20270104)), 0);
	cal_coverage(&first, &last);
	ck_assert(first == ymd(20160101));
	ck_assert(last == ymd(20261231));

	/* A layer that covers 2027 widens the covered range. */
	cal_cover(ymd(20270101), ymd(20271231));
	cal_build();
	ck_assert_int_eq(cal_covered(ymd(20270104)), 1);
	ck_assert_int_eq(cal_covered_range(ymd(20261201), ymd(20270104)), 1);
}
END_TEST

Suite *due_suite(void)
{
	Suite *s = suite_create("due");
	TCase *tc;

	tc = tcase_create("by_hand");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, due_by_hand, 0, (int)NELEM(due_cases));
	tcase_add_loop_test(tc, workdays_by_hand, 0, (int)NELEM(wd_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("invariants");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, invariants_year, 0, 2026 - 2016 + 1);
	tcase_add_loop_test(tc, zero_and_antisymmetry_year, 0, 2026 - 2016 + 1);
	suite_add_tcase(s, tc);

	tc = tcase_create("layers");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, layered_local_days);
	tcase_add_test(tc, layered_overrides_national);
	tcase_add_test(tc, coverage);
	suite_add_tcase(s, tc);
	return s;
}
