/* Checks the built-in national calendar against the State Council's notices for 2016-2026,
 * written out here by hand as holiday blocks and make-up working days. */
#include <check.h>
#include <string.h>

#include "cal.h"
#include "date.h"
#include "testutil.h"

extern Suite *holidays_suite(void);

/* A holiday block: every day from first to last is off, weekend days inside it included. */
struct block {
	int         first, last; /* YYYYMMDD */
	const char *name;
};

/* A make-up working day (调休上班), always a Saturday or Sunday. */
struct makeup {
	int         day; /* YYYYMMDD */
	const char *name;
};

/* The holiday blocks, notice by notice. "与周末连休" joins the named day to its weekend;
 * "X日放假，Y日（星期一）补休" after a Saturday is read as one three-day break. */
static const struct block blocks[] = {
	/* 2016: 国办发明电〔2015〕18号 */
	{ 20160101, 20160103, "元旦" },          /* 1月1日放假，与周末连休 */
	{ 20160207, 20160213, "春节" },          /* 2月7日至13日，共7天 */
	{ 20160402, 20160404, "清明节" },        /* 4月4日放假，与周末连休 */
	{ 20160430, 20160502, "劳动节" },        /* 5月1日放假，5月2日（星期一）补休 */
	{ 20160609, 20160611, "端午节" },        /* 6月9日至11日，共3天 */
	{ 20160915, 20160917, "中秋节" },        /* 9月15日至17日，共3天 */
	{ 20161001, 20161007, "国庆节" },        /* 10月1日至7日，共7天 */
	/* 2017: 国办发明电〔2016〕17号 */
	{ 20161231, 20170102, "元旦" },          /* 1月1日放假，1月2日（星期一）补休 */
	{ 20170127, 20170202, "春节" },          /* 1月27日至2月2日，共7天 */
	{ 20170402, 20170404, "清明节" },        /* 4月2日至4日，共3天 */
	{ 20170429, 20170501, "劳动节" },        /* 5月1日放假，与周末连休 */
	{ 20170528, 20170530, "端午节" },        /* 5月28日至30日，共3天 */
	{ 20171001, 20171008, "中秋节、国庆节" }, /* 10月1日至8日，共8天 */
	/* 2018: 国办发明电〔2017〕12号 */
	{ 20171230, 20180101, "元旦" },          /* 1月1日放假，与周末连休 */
	{ 20180215, 20180221, "春节" },          /* 2月15日至21日，共7天 */
	{ 20180405, 20180407, "清明节" },        /* 4月5日至7日，共3天 */
	{ 20180429, 20180501, "劳动节" },        /* 4月29日至5月1日，共3天 */
	{ 20180616, 20180618, "端午节" },        /* 6月18日放假，与周末连休 */
	{ 20180922, 20180924, "中秋节" },        /* 9月24日放假，与周末连休 */
	{ 20181001, 20181007, "国庆节" },        /* 10月1日至7日，共7天 */
	/* 2019: 国办发明电〔2018〕15号; 劳动节 as changed by 国办发明电〔2019〕3号 */
	{ 20181230, 20190101, "元旦" },          /* 2018年12月30日至2019年1月1日，共3天 */
	{ 20190204, 20190210, "春节" },          /* 2月4日至10日，共7天 */
	{ 20190405, 20190407, "清明节" },        /* 4月5日放假，与周末连休 */
	{ 20190501, 20190504, "劳动节" },        /* 5月1日至4日，共4天 (the change) */
	{ 20190607, 20190609, "端午节" },        /* 6月7日放假，与周末连休 */
	{ 20190913, 20190915, "中秋节" },        /* 9月13日放假，与周末连休 */
	{ 20191001, 20191007, "国庆节" },        /* 10月1日至7日，共7天 */
	/* 2020: 国办发明电〔2019〕16号; 春节 extended by 国办发明电〔2020〕1号 */
	{ 20200101, 20200101, "元旦" },          /* 1月1日放假，共1天 */
	{ 20200124, 20200130, "春节" },          /* 1月24日至30日，共7天 */
	{ 20200131, 20200202, "春节（延长假期）" }, /* 延长至2月2日，2月3日起正常上班 */
	{ 20200404, 20200406, "清明节" },        /* 4月4日至6日，共3天 */
	{ 20200501, 20200505, "劳动节" },        /* 5月1日至5日，共5天 */
	{ 20200625, 20200627, "端午节" },        /* 6月25日至27日，共3天 */
	{ 20201001, 20201008, "国庆节、中秋节" }, /* 10月1日至8日，共8天 */
	/* 2021: 国办发明电〔2020〕27号 */
	{ 20210101, 20210103, "元旦" },          /* 1月1日至3日，共3天 */
	{ 20210211, 20210217, "春节" },          /* 2月11日至17日，共7天 */
	{ 20210403, 20210405, "清明节" },        /* 4月3日至5日，共3天 */
	{ 20210501, 20210505, "劳动节" },        /* 5月1日至5日，共5天 */
	{ 20210612, 20210614, "端午节" },        /* 6月12日至14日，共3天 */
	{ 20210919, 20210921, "中秋节" },        /* 9月19日至21日，共3天 */
	{ 20211001, 20211007, "国庆节" },        /* 10月1日至7日，共7天 */
	/* 2022: 国办发明电〔2021〕11号 */
	{ 20220101, 20220103, "元旦" },          /* 1月1日至3日，共3天 */
	{ 20220131, 20220206, "春节" },          /* 1月31日至2月6日，共7天 */
	{ 20220403, 20220405, "清明节" },        /* 4月3日至5日，共3天 */
	{ 20220430, 20220504, "劳动节" },        /* 4月30日至5月4日，共5天 */
	{ 20220603, 20220605, "端午节" },        /* 6月3日至5日，共3天 */
	{ 20220910, 20220912, "中秋节" },        /* 9月10日至12日，共3天 */
	{ 20221001, 20221007, "国庆节" },        /* 10月1日至7日，共7天 */
	/* 2023: 国办发明电〔2022〕16号 */
	{ 20221231, 20230102, "元旦" },          /* 2022年12月31日至2023年1月2日，共3天 */
	{ 20230121, 20230127, "春节" },          /* 1月21日至27日，共7天 */
	{ 20230405, 20230405, "清明节" },        /* 4月5日放假，共1天 */
	{ 20230429, 20230503, "劳动节" },        /* 4月29日至5月3日，共5天 */
	{ 20230622, 20230624, "端午节" },        /* 6月22日至24日，共3天 */
	{ 20230929, 20231006, "中秋节、国庆节" }, /* 9月29日至10月6日，共8天 */
	/* 2024: 国办发明电〔2023〕7号 */
	{ 20231230, 20240101, "元旦" },          /* 1月1日放假，与周末连休 */
	{ 20240210, 20240217, "春节" },          /* 2月10日至17日，共8天 */
	{ 20240404, 20240406, "清明节" },        /* 4月4日至6日，共3天 */
	{ 20240501, 20240505, "劳动节" },        /* 5月1日至5日，共5天 */
	{ 20240608, 20240610, "端午节" },        /* 6月10日放假，与周末连休 */
	{ 20240915, 20240917, "中秋节" },        /* 9月15日至17日，共3天 */
	{ 20241001, 20241007, "国庆节" },        /* 10月1日至7日，共7天 */
	/* 2025: 国办发明电〔2024〕12号 */
	{ 20250101, 20250101, "元旦" },          /* 1月1日（周三）放假1天，不调休 */
	{ 20250128, 20250204, "春节" },          /* 1月28日至2月4日，共8天 */
	{ 20250404, 20250406, "清明节" },        /* 4月4日至6日，共3天 */
	{ 20250501, 20250505, "劳动节" },        /* 5月1日至5日，共5天 */
	{ 20250531, 20250602, "端午节" },        /* 5月31日至6月2日，共3天 */
	{ 20251001, 20251008, "国庆节、中秋节" }, /* 10月1日至8日，共8天 */
	/* 2026: 国办发明电〔2025〕7号 */
	{ 20260101, 20260103, "元旦" },          /* 1月1日至3日，共3天 */
	{ 20260215, 20260223, "春节" },          /* 2月15日至23日，共9天 */
	{ 20260404, 20260406, "清明节" },        /* 4月4日至6日，共3天 */
	{ 20260501, 20260505, "劳动节" },        /* 5月1日至5日，共5天 */
	{ 20260619, 20260621, "端午节" },        /* 6月19日至21日，共3天 */
	{ 20260925, 20260927, "中秋节" },        /* 9月25日至27日，共3天 */
	{ 20261001, 20261007, "国庆节" },        /* 10月1日至7日，共7天 */
};

/* The make-up working days, as each notice's "…（星期X）上班" lists them. */
static const struct makeup makeups[] = {
	/* 2016 */
	{ 20160206, "春节" }, { 20160214, "春节" },
	{ 20160612, "端午节" },
	{ 20160918, "中秋节" },
	{ 20161008, "国庆节" }, { 20161009, "国庆节" },
	/* 2017 */
	{ 20170122, "春节" }, { 20170204, "春节" },
	{ 20170401, "清明节" },
	{ 20170527, "端午节" },
	{ 20170930, "中秋节、国庆节" },
	/* 2018 */
	{ 20180211, "春节" }, { 20180224, "春节" },
	{ 20180408, "清明节" },
	{ 20180428, "劳动节" },
	{ 20180929, "国庆节" }, { 20180930, "国庆节" },
	/* 2019 (2018-12-29 is in the 2019 notice) */
	{ 20181229, "元旦" },
	{ 20190202, "春节" }, { 20190203, "春节" },
	{ 20190428, "劳动节" }, { 20190505, "劳动节" },
	{ 20190929, "国庆节" }, { 20191012, "国庆节" },
	/* 2020: Saturday 2020-02-01 was cancelled by the extension, so it is not here */
	{ 20200119, "春节" },
	{ 20200426, "劳动节" }, { 20200509, "劳动节" },
	{ 20200628, "端午节" },
	{ 20200927, "国庆节、中秋节" }, { 20201010, "国庆节、中秋节" },
	/* 2021 */
	{ 20210207, "春节" }, { 20210220, "春节" },
	{ 20210425, "劳动节" }, { 20210508, "劳动节" },
	{ 20210918, "中秋节" },
	{ 20210926, "国庆节" }, { 20211009, "国庆节" },
	/* 2022 */
	{ 20220129, "春节" }, { 20220130, "春节" },
	{ 20220402, "清明节" },
	{ 20220424, "劳动节" }, { 20220507, "劳动节" },
	{ 20221008, "国庆节" }, { 20221009, "国庆节" },
	/* 2023 */
	{ 20230128, "春节" }, { 20230129, "春节" },
	{ 20230423, "劳动节" }, { 20230506, "劳动节" },
	{ 20230625, "端午节" },
	{ 20231007, "中秋节、国庆节" }, { 20231008, "中秋节、国庆节" },
	/* 2024 */
	{ 20240204, "春节" }, { 20240218, "春节" },
	{ 20240407, "清明节" },
	{ 20240428, "劳动节" }, { 20240511, "劳动节" },
	{ 20240914, "中秋节" },
	{ 20240929, "国庆节" }, { 20241012, "国庆节" },
	/* 2025 */
	{ 20250126, "春节" }, { 20250208, "春节" },
	{ 20250427, "劳动节" },
	{ 20250928, "国庆节、中秋节" }, { 20251011, "国庆节、中秋节" },
	/* 2026 */
	{ 20260104, "元旦" },
	{ 20260214, "春节" }, { 20260228, "春节" },
	{ 20260509, "劳动节" },
	{ 20260920, "国庆节" }, { 20261010, "国庆节" },
};

static day_t
ymd(int v)
{
	return date_from_ymd(v / 10000, v / 100 % 100, v % 100);
}

static const char *
fmt(day_t d, char *buf)
{
	return date_format(d, buf);
}

static int
in_block(day_t d)
{
	for (size_t i = 0; i < NELEM(blocks); i++)
		if (d >= ymd(blocks[i].first) && d <= ymd(blocks[i].last))
			return 1;
	return 0;
}

static int
is_makeup(day_t d)
{
	for (size_t i = 0; i < NELEM(makeups); i++)
		if (d == ymd(makeups[i].day))
			return 1;
	return 0;
}

/* Working day or not, from the tables above alone. */
static int
expected_workday(day_t d)
{
	if (is_makeup(d))
		return 1;
	if (in_block(d))
		return 0;
	return date_weekday(d) < WD_SAT;
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

/* Every day of every block is a day off, listed as CAL_OFF under the block's name. */
START_TEST(block_days_are_off)
{
	const struct block *b = &blocks[_i];
	char buf[DATE_BUFSZ];
	ck_assert_msg(ymd(b->first) <= ymd(b->last), "block %d..%d reversed", b->first, b->last);
	for (day_t d = ymd(b->first); d <= ymd(b->last); d++) {
		const char *name = NULL;
		ck_assert_msg(!cal_is_workday(d), "%s (%s) is a working day", fmt(d, buf), b->name);
		ck_assert_msg(cal_kind_of(d, &name) == CAL_OFF, "%s (%s) is not CAL_OFF", fmt(d, buf), b->name);
		ck_assert_msg(name != NULL, "%s (%s) has no name", fmt(d, buf), b->name);
		ck_assert_msg(strcmp(name, b->name) == 0, "%s is named '%s', the notice says '%s'", fmt(d, buf),
		              name, b->name);
	}
}
END_TEST

/* Every make-up day is a weekend day, a working day, and CAL_WORK under its holiday's name. */
START_TEST(makeup_days_are_work)
{
	const struct makeup *m = &makeups[_i];
	day_t d = ymd(m->day);
	const char *name = NULL;
	char buf[DATE_BUFSZ];
	ck_assert_msg(date_weekday(d) >= WD_SAT, "%s is not a weekend day: table typo", fmt(d, buf));
	ck_assert_msg(cal_is_workday(d), "make-up day %s (%s) is not a working day", fmt(d, buf), m->name);
	ck_assert_msg(cal_kind_of(d, &name) == CAL_WORK, "make-up day %s is not CAL_WORK", fmt(d, buf));
	ck_assert_msg(name != NULL && strcmp(name, m->name) == 0, "make-up day %s is named '%s', expected '%s'",
	              fmt(d, buf), name ? name : "(null)", m->name);
}
END_TEST

/* The days just outside a block: a weekday is a working day, a make-up day is one too,
 * an ordinary weekend day is not (and 2020-01-31 starts the extension block). */
START_TEST(block_neighbours)
{
	const struct block *b = &blocks[_i];
	day_t around[2] = { ymd(b->first) - 1, ymd(b->last) + 1 };
	char buf[DATE_BUFSZ];
	for (int k = 0; k < 2; k++) {
		day_t d = around[k];
		int want = expected_workday(d);
		ck_assert_msg(cal_is_workday(d) == want, "%s, the day %s %s, should %sbe a working day",
		              fmt(d, buf), k ? "after" : "before", b->name, want ? "" : "not ");
		if (date_weekday(d) < WD_SAT && !in_block(d))
			ck_assert_msg(want, "%s: weekday next to a block must be a working day", fmt(d, buf));
		if (is_makeup(d))
			ck_assert_int_eq(cal_kind_of(d, NULL), CAL_WORK);
	}
}
END_TEST

/* Every day of one year: working day and kind exactly as the tables say; nothing extra. */
START_TEST(whole_year_matches_tables)
{
	int y = 2016 + _i;
	char buf[DATE_BUFSZ];
	int nwork = 0, noff = 0, nmake = 0;
	for (day_t d = date_from_ymd(y, 1, 1); d <= date_from_ymd(y, 12, 31); d++) {
		enum cal_kind want = is_makeup(d) ? CAL_WORK : in_block(d) ? CAL_OFF : CAL_NONE;
		ck_assert_msg(cal_is_workday(d) == expected_workday(d), "%s: working day %d, the notices say %d",
		              fmt(d, buf), cal_is_workday(d), expected_workday(d));
		ck_assert_msg(cal_kind_of(d, NULL) == want, "%s: kind %d, the notices say %d", fmt(d, buf),
		              (int)cal_kind_of(d, NULL), (int)want);
		nwork += cal_is_workday(d);
		noff += want == CAL_OFF;
		nmake += want == CAL_WORK;
	}
	/* The tables themselves: each year has holidays and at least one make-up day. */
	ck_assert_msg(noff >= 20 && nmake >= 1, "%d: %d days off, %d make-up days", y, noff, nmake);
	ck_assert_msg(nwork >= 240 && nwork <= 255, "%d: %d working days", y, nwork);
}
END_TEST

/* Known yearly totals, counted by hand from the notices (weekdays - weekday holidays + make-up days). */
START_TEST(yearly_totals)
{
	static const struct {
		int  year;
		long work;
	} tot[] = {
		{ 2020, 249 }, /* 262 weekdays - 19 + 6 (2020-02-01 cancelled) */
		{ 2023, 249 }, /* 260 - 18 + 7 */
		{ 2024, 251 }, /* 262 - 19 + 8 */
		{ 2025, 248 }, /* 261 - 18 + 5 */
		{ 2026, 248 }, /* 261 - 19 + 6 */
	};
	for (size_t i = 0; i < NELEM(tot); i++) {
		long got = cal_workdays(date_from_ymd(tot[i].year - 1, 12, 31), date_from_ymd(tot[i].year, 12, 31));
		ck_assert_msg(got == tot[i].work, "%d: %ld working days, expected %ld", tot[i].year, got, tot[i].work);
	}
}
END_TEST

/* Outside 2016-2026 the built-in calendar says nothing: only weekends are off. */
START_TEST(outside_coverage_only_weekends)
{
	day_t spans[][2] = {
		{ date_from_ymd(2015, 12, 1), date_from_ymd(2015, 12, 31) },
		{ date_from_ymd(2027, 1, 1), date_from_ymd(2027, 2, 28) },
	};
	char buf[DATE_BUFSZ];
	for (size_t s = 0; s < NELEM(spans); s++)
		for (day_t d = spans[s][0]; d <= spans[s][1]; d++) {
			ck_assert_msg(cal_is_workday(d) == (date_weekday(d) < WD_SAT), "%s", fmt(d, buf));
			ck_assert_msg(cal_kind_of(d, NULL) == CAL_NONE, "%s has an override", fmt(d, buf));
			ck_assert_msg(!cal_covered(d), "%s is covered", fmt(d, buf));
		}
}
END_TEST

Suite *holidays_suite(void)
{
	Suite *s = suite_create("holidays");
	TCase *tc;

	tc = tcase_create("blocks");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, block_days_are_off, 0, (int)NELEM(blocks));
	tcase_add_loop_test(tc, block_neighbours, 0, (int)NELEM(blocks));
	suite_add_tcase(s, tc);

	tc = tcase_create("makeup");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, makeup_days_are_work, 0, (int)NELEM(makeups));
	suite_add_tcase(s, tc);

	tc = tcase_create("years");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, whole_year_matches_tables, 0, 2026 - 2016 + 1);
	tcase_add_test(tc, yearly_totals);
	tcase_add_test(tc, outside_coverage_only_weekends);
	suite_add_tcase(s, tc);
	return s;
}
