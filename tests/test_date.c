/* Tests for date: day numbers, calendar fields, period bounds and parsing. */
#include <check.h>
#include <string.h>

#include "date.h"
#include "testutil.h"

extern Suite *date_suite(void);

/* Accepted forms, each with the day it names. */
static const struct {
	const char *text;
	int y, m, d;
} good[] = {
	{ "2023-09-28", 2023, 9, 28 },
	{ "2023/9/28", 2023, 9, 28 },
	{ "2023/09/28", 2023, 9, 28 },
	{ "2023.9.28", 2023, 9, 28 },
	{ "2023年9月28日", 2023, 9, 28 },
	{ "2023年09月28日", 2023, 9, 28 },
	{ "2023年9月28号", 2023, 9, 28 },
	{ "２０２３年９月２８日", 2023, 9, 28 },  /* full-width digits, as IMEs type them */
	{ "  2023-09-28\t", 2023, 9, 28 },        /* blanks around */
	{ "2024-02-29", 2024, 2, 29 },            /* leap year */
	{ "2000-02-29", 2000, 2, 29 },            /* divisible by 400 */
	{ "1900-01-01", 1900, 1, 1 },             /* first day in range */
	{ "2199-12-31", 2199, 12, 31 },           /* last day in range */
	{ "1970-01-01", 1970, 1, 1 },             /* day 0 */
	{ "2023-1-1", 2023, 1, 1 },
};

/* Rejected forms, each with the field its message names. */
static const struct {
	const char *text;
	const char *msg;
} bad[] = {
	{ "2023-02-29", "day 29" },               /* not a leap year */
	{ "1900-02-29", "day 29" },               /* divisible by 100, not 400 */
	{ "2023-13-01", "month 13" },
	{ "2023-00-10", "month 0" },
	{ "2023-04-31", "day 31" },
	{ "2023-04-00", "day 0" },
	{ "0000-01-01", "year 0" },
	{ "1899-12-31", "year 1899" },
	{ "2200-01-01", "year 2200" },
	{ "2023-09-28x", "after the date" },      /* trailing garbage */
	{ "2023-09-28 10:00", "after the date" },
	{ "20230928", "YYYY-MM-DD" },            /* no separators: the year field runs on */
	{ "23-09-28", "year" },
	{ "2023-09/28", "separators" },
	{ "2023年9月28", "日" },
	{ "", "empty" },
	{ "   ", "empty" },
	{ "2023-", "month" },
	{ "2023-9-", "day" },
	{ "2023-123-1", "month" },
};

START_TEST(test_parse_good)
{
	day_t d;
	char err[128] = "";
	const char *s = good[_i].text;
	ck_assert_msg(date_parse(s, strlen(s), &d, err, sizeof err, NULL) == 0, "%s: %s", s, err);
	ck_assert_int_eq(d, date_from_ymd(good[_i].y, good[_i].m, good[_i].d));
}
END_TEST

START_TEST(test_parse_bad)
{
	day_t d = 12345;
	char err[128] = "";
	size_t pos = 999;
	const char *s = bad[_i].text;
	ck_assert_msg(date_parse(s, strlen(s), &d, err, sizeof err, &pos) < 0, "%s was accepted", s);
	ck_assert_msg(strstr(err, bad[_i].msg) != NULL, "%s: message '%s' lacks '%s'", s, err, bad[_i].msg);
	ck_assert_msg(pos <= strlen(s), "%s: error position %zu past the text", s, pos);
	ck_assert_int_eq(d, 12345); /* untouched on failure */
}
END_TEST

/* The position of the error points at the bad field. */
START_TEST(test_parse_position)
{
	day_t d;
	char err[128];
	size_t pos;
	ck_assert_int_lt(date_parse("2023-13-01", 10, &d, err, sizeof err, &pos), 0);
	ck_assert_uint_eq(pos, 5);
	ck_assert_int_lt(date_parse("2023-02-30", 10, &d, err, sizeof err, &pos), 0);
	ck_assert_uint_eq(pos, 8);
	ck_assert_int_lt(date_parse("1800-01-01", 10, &d, err, sizeof err, &pos), 0);
	ck_assert_uint_eq(pos, 0);
}
END_TEST

/* Day numbers round-trip through y/m/d for every day in range, and consecutive
 * days differ by one. */
START_TEST(test_roundtrip_all_days)
{
	day_t first = date_from_ymd(DATE_MIN_YEAR, 1, 1), last = date_from_ymd(DATE_MAX_YEAR, 12, 31);
	ck_assert_int_eq(date_from_ymd(1970, 1, 1), 0);
	for (day_t t = first; t <= last; t++) {
		int y, m, d;
		date_to_ymd(t, &y, &m, &d);
		ck_assert(date_valid_ymd(y, m, d));
		if (date_from_ymd(y, m, d) != t)
			ck_abort_msg("day %d -> %04d-%02d-%02d -> %d", t, y, m, d, date_from_ymd(y, m, d));
	}
	ck_assert_int_eq(last - first + 1, 109573); /* 300 years, 73 leap days */
}
END_TEST

static const struct {
	int y, m, d, wd;
} weekdays[] = {
	{ 1970, 1, 1, WD_THU }, { 2023, 9, 28, WD_THU }, { 2023, 10, 7, WD_SAT }, { 2023, 12, 31, WD_SUN },
	{ 2024, 2, 29, WD_THU }, { 1900, 1, 1, WD_MON }, { 2199, 12, 31, WD_TUE }, { 2000, 1, 1, WD_SAT },
};

START_TEST(test_weekday)
{
	ck_assert_int_eq(date_weekday(date_from_ymd(weekdays[_i].y, weekdays[_i].m, weekdays[_i].d)),
	                 weekdays[_i].wd);
}
END_TEST

START_TEST(test_format)
{
	char buf[DATE_BUFSZ];
	ck_assert_str_eq(date_format(date_from_ymd(2023, 9, 8), buf), "2023-09-08");
	ck_assert_str_eq(date_format(date_from_ymd(1900, 1, 1), buf), "1900-01-01");
	ck_assert_str_eq(date_format(date_from_ymd(2199, 12, 31), buf), "2199-12-31");
}
END_TEST

/* First and last days of the month, quarter, half-year and year holding a day. */
static const struct {
	int y, m, d;
	int mf, ml, qf, ql, hf, hl; /* as MMDD of the same year */
} periods[] = {
	{ 2023, 2, 15, 201, 228, 101, 331, 101, 630 },
	{ 2024, 2, 15, 201, 229, 101, 331, 101, 630 },
	{ 2023, 6, 30, 601, 630, 401, 630, 101, 630 },
	{ 2023, 7, 1, 701, 731, 701, 930, 701, 1231 },
	{ 2023, 11, 30, 1101, 1130, 1001, 1231, 701, 1231 },
	{ 2023, 12, 31, 1201, 1231, 1001, 1231, 701, 1231 },
};

static day_t
mmdd(int y, int v)
{
	return date_from_ymd(y, v / 100, v % 100);
}

START_TEST(test_periods)
{
	int y = periods[_i].y;
	day_t t = date_from_ymd(y, periods[_i].m, periods[_i].d);
	ck_assert_int_eq(date_month_first(t), mmdd(y, periods[_i].mf));
	ck_assert_int_eq(date_month_last(t), mmdd(y, periods[_i].ml));
	ck_assert_int_eq(date_quarter_first(t), mmdd(y, periods[_i].qf));
	ck_assert_int_eq(date_quarter_last(t), mmdd(y, periods[_i].ql));
	ck_assert_int_eq(date_half_first(t), mmdd(y, periods[_i].hf));
	ck_assert_int_eq(date_half_last(t), mmdd(y, periods[_i].hl));
	ck_assert_int_eq(date_year_first(t), mmdd(y, 101));
	ck_assert_int_eq(date_year_last(t), mmdd(y, 1231));
}
END_TEST

Suite *
date_suite(void)
{
	Suite *s = suite_create("date");
	TCase *tc = tcase_create("date");
	tcase_add_loop_test(tc, test_parse_good, 0, NELEM(good));
	tcase_add_loop_test(tc, test_parse_bad, 0, NELEM(bad));
	tcase_add_test(tc, test_parse_position);
	tcase_add_test(tc, test_roundtrip_all_days);
	tcase_add_loop_test(tc, test_weekday, 0, NELEM(weekdays));
	tcase_add_test(tc, test_format);
	tcase_add_loop_test(tc, test_periods, 0, NELEM(periods));
	suite_add_tcase(s, tc);
	return s;
}
