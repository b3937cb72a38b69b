/* The obligation engine (SPEC §4, §5, §5.1): due dates, completion, status and lateness per
 * rule kind, with the boundaries worked out by hand from the SPEC and the national calendar
 * (data/calendar/cn.tsv), never by asking the code under test.
 *
 * Two kinds of input:
 * - table cases: a one-task plan (issued 2023-07-25, year 2023, one department 甲局) and one
 *   ledger, written into a temporary folder from the strings in the table; the rule is given in
 *   the `rule` column in normalized form, so that no deadline text is parsed;
 * - tests/data/oblig/ws: four departments, aliases, a group with members and one without, a
 *   department with no ledger, task ids out of order; every row as of 2023-12-31 is listed.
 * Every case runs both through oblig_compute (plan_load + ledger_read) and through oblig_run
 * (which streams a ledger in date order and redoes one that is not); the workspace also through
 * oblig_run on three threads. Both must give the rows SPEC §5 describes.
 *
 * Calendar facts used below (2023 unless said otherwise):
 *   07-25 Tue (plan issued).  Jul/Aug/Sep/Nov: no holidays.  Working days per month after the
 *   plan: Sep 20 (09-29 off), Oct 19 (10-02..06 off, 10-07 Sat and 10-08 Sun worked), Nov 22,
 *   Dec 21 (12-30, 12-31 off: 元旦 2024).  2024-01-01 Mon off.  2024-03-31 Sun; 2024-04-04..06
 *   off, 04-07 Sun worked.  10-14 is an ordinary Saturday. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cal.h"
#include "date.h"
#include "diag.h"
#include "ledger.h"
#include "oblig.h"
#include "plan.h"
#include "testutil.h"

extern Suite *oblig_suite(void);

static day_t
ymd(int v)
{
	return date_from_ymd(v / 10000, v / 100 % 100, v % 100);
}

/* Dates for messages: a few rotating buffers so that one message can hold several. */
static const char *
fmt(day_t d)
{
	static char buf[8][DATE_BUFSZ];
	static int k;
	k = (k + 1) % 8;
	return date_format(d, buf[k]);
}

/* --- fixture state: freed in teardown, so that a failed assertion leaks nothing --- */

static struct plan      P;
static struct ledger    L[8];
static size_t           NL;
static struct oblig_set S;
static char             tmpdir[64];

static void
setup(void)
{
	cal_init();
	cal_build();
	diag_reset();
	memset(&P, 0, sizeof P);
	memset(L, 0, sizeof L);
	NL = 0;
	memset(&S, 0, sizeof S);
	tmpdir[0] = '\0';
}

static void
rm_tmp(void)
{
	static const char *const names[] = { "tasks.tsv", "l.tsv", "m.tsv" };
	char path[128];

	if (!tmpdir[0])
		return;
	for (size_t i = 0; i < NELEM(names); i++) {
		snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
		unlink(path);
	}
	rmdir(tmpdir);
	tmpdir[0] = '\0';
}

static void
teardown(void)
{
	oblig_free(&S);
	for (size_t i = 0; i < NL; i++)
		ledger_free(&L[i]);
	NL = 0;
	plan_free(&P);
	rm_tmp();
	cal_free();
	diag_reset();
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[128];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "w");
	ck_assert_msg(fp != NULL, "cannot write %s: %s", path, strerror(errno));
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

/* Writes a one-task plan (task 1 owed by 甲局, the given rule) and a ledger of 甲局 holding
 * the given lines (kept for oblig_run until teardown), reads the plan and, with read_ledger,
 * the ledger. meta replaces the default metadata (issued 2023-07-25, year 2023) when not NULL. */
static void
load_one(const char *meta, const char *rule, const char *lines, int read_ledger)
{
	char tasks[1024], ledger[4096], path[128];
	struct ledger_opts lo = { .enc = TSV_ENC_AUTO };

	snprintf(tmpdir, sizeof tmpdir, "%s", "/tmp/gk_oblig.XXXXXX");
	ck_assert_msg(mkdtemp(tmpdir) != NULL, "mkdtemp: %s", strerror(errno));
	snprintf(tasks, sizeof tasks, "%sid\tunits\trule\n1\t甲局\t%s\n",
	         meta ? meta : "# issued: 2023-07-25\n# year: 2023\n", rule);
	snprintf(ledger, sizeof ledger, "# department: 甲局\ntask\tdate\tevent\titem\tperiod\n%s", lines);
	write_file(tmpdir, "tasks.tsv", tasks);
	write_file(tmpdir, "l.tsv", ledger);

	snprintf(path, sizeof path, "%s/tasks.tsv", tmpdir);
	ck_assert_int_eq(plan_load(&P, path, NULL, TSV_ENC_AUTO), 0);
	if (read_ledger) {
		snprintf(path, sizeof path, "%s/l.tsv", tmpdir);
		ck_assert_int_eq(ledger_read(&L[0], &P, path, &lo), 0);
		NL = 1;
	}
	/* the fixture itself must be clean, else a case tests nothing */
	ck_assert_msg(diag_errors() == 0 && diag_warnings() == 0, "the case's input was rejected (%zu errors)",
	              diag_errors());
	ck_assert_int_eq((int)P.ntasks, 1);
	ck_assert_int_ne(P.tasks[0].rule.kind, RULE_NONE);
}

/* The two ways to the rows: oblig_compute over ledgers in memory, and oblig_run over the
 * files (streaming a ledger in date order, redoing one that is not), with nsinks threads. */
enum via { VIA_COMPUTE, VIA_RUN, VIA_RUN_THREADS, VIA_COUNT };
static const char *const via_name[] = { "compute", "run", "run, 3 threads" };

static void
run_files(char *const *files, size_t nfiles, const struct oblig_opts *o, size_t nsinks)
{
	struct ledger_opts lo = { .enc = TSV_ENC_AUTO };
	struct oblig_set part[3];
	struct oblig_sink sinks[3];

	ck_assert_uint_le(nsinks, NELEM(part));
	memset(part, 0, sizeof part);
	for (size_t i = 0; i < nsinks; i++)
		sinks[i] = oblig_set_sink(&part[i]);
	int rc = oblig_run(&P, files, NULL, nfiles, &lo, o, sinks, nsinks);
	memset(&S, 0, sizeof S);
	for (size_t i = 0; i < nsinks; i++)
		oblig_set_merge(&S, &part[i]);
	ck_assert_int_eq(rc, 0);
	ck_assert_msg(diag_errors() == 0 && diag_warnings() == 0, "oblig_run reported %zu errors", diag_errors());
}

/* One ledger line of task 1: date, event, item, period. */
#define E(date, ev, item, period) "1\t" date "\t" ev "\t" item "\t" period "\n"

/* Option values: 0 in the table means the default (--soon 5, --stale 90); SET(n) means n. */
#define SET(n) ((n) + 1)

static long
opt_or(long v, long def)
{
	return v ? v - 1 : def;
}

/* The expected row: dates as YYYYMMDD, 0 for "none" (no due: ongoing; no completion). */
struct want {
	int         start;   /* 0: not checked */
	int         due;
	int         done;
	enum status st;
	long        late_wd, late_days;
	const char *item;    /* per-item rules: the item (NULL: not checked) */
};

static void
check_row(const char *name, const struct oblig *ob, const struct want *w)
{
	const struct task *t = &P.tasks[ob->task];

	ck_assert_msg(ob->status == w->st, "%s: status %s, expected %s", name, oblig_status_name(ob->status),
	              oblig_status_name(w->st));
	if (w->start)
		ck_assert_msg(ob->has_start && ob->start == ymd(w->start), "%s: start %s (has_start %d), expected %s",
		              name, fmt(ob->start), ob->has_start, fmt(ymd(w->start)));
	if (w->due)
		ck_assert_msg(ob->has_due && ob->due == ymd(w->due), "%s: due %s (has_due %d), expected %s", name,
		              fmt(ob->due), ob->has_due, fmt(ymd(w->due)));
	else
		ck_assert_msg(!ob->has_due, "%s: due %s, expected none", name, fmt(ob->due));
	if (w->done)
		ck_assert_msg(ob->has_done && ob->done == ymd(w->done), "%s: done %s (has_done %d), expected %s",
		              name, fmt(ob->done), ob->has_done, fmt(ymd(w->done)));
	else
		ck_assert_msg(!ob->has_done, "%s: done %s, expected none", name, fmt(ob->done));
	ck_assert_msg(ob->late_wd == w->late_wd && ob->late_days == w->late_days,
	              "%s: late %ld wd / %ld days, expected %ld / %ld", name, ob->late_wd, ob->late_days, w->late_wd,
	              w->late_days);
	/* SPEC §5.1: item is filled for per-item rules only */
	if (t->rule.kind == RULE_WITHIN) {
		ck_assert_msg(ob->item != NULL, "%s: a per-item row without an item", name);
		if (w->item)
			ck_assert_msg(strcmp(ob->item, w->item) == 0, "%s: item '%s', expected '%s'", name, ob->item,
			              w->item);
	} else {
		ck_assert_msg(ob->item == NULL, "%s: item '%s' on a row of a rule that is not per item", name, ob->item);
	}
}

/* --- table cases --- */

static const struct ocase {
	const char *name;
	const char *meta;   /* NULL: issued 2023-07-25, year 2023 */
	const char *rule;
	const char *ledger;
	int         asof;
	long        soon, stale; /* 0: default; SET(n): n */
	int         roll;
	size_t      nrows;  /* rows of 甲局 / task 1 */
	size_t      row;    /* which one (in SPEC §5.1 order) is checked */
	struct want w;
} cases[] = {
	/* ---- by: complete on or before a date (SPEC §3, §5) ---- */
	{ "by: done on the due date is on-time", NULL, "by 2023-10-31", E("2023-10-31", "done", "", ""),
	  20231231, 0, 0, 0, 1, 0, { 0, 20231031, 20231031, ST_ON_TIME, 0, 0, NULL } },
	{ "by: done the day after is late by 1 wd, 1 day", NULL, "by 2023-10-31", E("2023-11-01", "done", "", ""),
	  20231231, 0, 0, 0, 1, 0, { 0, 20231031, 20231101, ST_LATE, 1, 1, NULL } },
	/* 11-03 Fri, 11-06 Mon: one working day, three calendar days */
	{ "by: due Friday, done Monday", NULL, "by 2023-11-03", E("2023-11-06", "done", "", ""),
	  20231231, 0, 0, 0, 1, 0, { 0, 20231103, 20231106, ST_LATE, 1, 3, NULL } },
	/* 09-29..10-06 off, 10-07 (Sat) worked: (09-28, 10-07] holds one working day */
	{ "by: done on the make-up Saturday after National Day", NULL, "by 2023-09-28",
	  E("2023-10-07", "done", "", ""), 20231231, 0, 0, 0, 1, 0, { 0, 20230928, 20231007, ST_LATE, 1, 9, NULL } },
	/* 10-07 (1), 10-08 Sun worked (2), 10-09 (3) */
	{ "by: done the Monday after National Day", NULL, "by 2023-09-28", E("2023-10-09", "done", "", ""),
	  20231231, 0, 0, 0, 1, 0, { 0, 20230928, 20231009, ST_LATE, 3, 11, NULL } },
	{ "by: the first done by date counts, not the first in the file", NULL, "by 2023-10-31",
	  E("2023-11-02", "done", "", "") E("2023-10-20", "done", "", ""),
	  20231231, 0, 0, 0, 1, 0, { 0, 20231031, 20231020, ST_ON_TIME, 0, 0, NULL } },
	{ "by: a done dated before the plan still counts", NULL, "by 2023-10-31", E("2023-06-01", "done", "", ""),
	  20231231, 0, 0, 0, 1, 0, { 0, 20231031, 20230601, ST_ON_TIME, 0, 0, NULL } },
	/* Nov 22 + Dec 21 working days after 10-31; 30 + 31 days */
	{ "by: planned and progress complete nothing", NULL, "by 2023-10-31",
	  E("2023-10-15", "planned", "", "") E("2023-10-20", "progress", "", "") E("2023-10-25", "held", "", ""),
	  20231231, 0, 0, 0, 1, 0, { 0, 20231031, 0, ST_OVERDUE, 43, 61, NULL } },
	/* as of 11-10: 11-01..03 (3), 11-06..10 (8) */
	{ "by: a done after the as-of date is ignored", NULL, "by 2023-10-31", E("2023-11-15", "done", "", ""),
	  20231110, 0, 0, 0, 1, 0, { 0, 20231031, 0, ST_OVERDUE, 8, 10, NULL } },
	{ "by: a done on the as-of date counts", NULL, "by 2023-10-31", E("2023-11-10", "done", "", ""),
	  20231110, 0, 0, 0, 1, 0, { 0, 20231031, 20231110, ST_LATE, 8, 10, NULL } },

	/* ---- the --soon window (SPEC §5.1): due-soon when due >= as-of and workdays(as-of, due) <= N ---- */
	/* as of Fri 11-24: 11-27 (1) .. 12-01 (5) */
	{ "soon: due exactly 5 wd after as-of is due-soon", NULL, "by 2023-12-01", "", 20231124, 0, 0, 0, 1, 0,
	  { 0, 20231201, 0, ST_DUE_SOON, 0, 0, NULL } },
	{ "soon: due 6 wd after as-of is open", NULL, "by 2023-12-04", "", 20231124, 0, 0, 0, 1, 0,
	  { 0, 20231204, 0, ST_OPEN, 0, 0, NULL } },
	{ "soon: due on the as-of date is due-soon, not overdue", NULL, "by 2023-11-24", "", 20231124, 0, 0, 0, 1, 0,
	  { 0, 20231124, 0, ST_DUE_SOON, 0, 0, NULL } },
	{ "soon: due the day before as-of is overdue", NULL, "by 2023-11-23", "", 20231124, 0, 0, 0, 1, 0,
	  { 0, 20231123, 0, ST_OVERDUE, 1, 1, NULL } },
	{ "soon: due Friday, as of Monday: overdue 1 wd, 3 days", NULL, "by 2023-11-24", "", 20231127, 0, 0, 0, 1,
	  0, { 0, 20231124, 0, ST_OVERDUE, 1, 3, NULL } },
	/* as of 09-27: 09-28 (1), 10-07 (2), 10-08 (3), 10-09 (4), 10-10 (5), 10-11 (6) */
	{ "soon: the window counts make-up days across National Day", NULL, "by 2023-10-10", "", 20230927, 0, 0, 0,
	  1, 0, { 0, 20231010, 0, ST_DUE_SOON, 0, 0, NULL } },
	{ "soon: one wd past the window across National Day is open", NULL, "by 2023-10-11", "", 20230927, 0, 0, 0,
	  1, 0, { 0, 20231011, 0, ST_OPEN, 0, 0, NULL } },
	{ "soon: --soon 10 takes in the 6th wd", NULL, "by 2023-10-11", "", 20230927, SET(10), 0, 0, 1, 0,
	  { 0, 20231011, 0, ST_DUE_SOON, 0, 0, NULL } },
	{ "soon: --soon 0, due on the as-of date is due-soon", NULL, "by 2023-11-24", "", 20231124, SET(0), 0, 0, 1,
	  0, { 0, 20231124, 0, ST_DUE_SOON, 0, 0, NULL } },
	{ "soon: --soon 0, due the next working day is open", NULL, "by 2023-11-27", "", 20231124, SET(0), 0, 0, 1,
	  0, { 0, 20231127, 0, ST_OPEN, 0, 0, NULL } },
	{ "soon: a completed obligation is never due-soon", NULL, "by 2023-11-27", E("2023-11-20", "done", "", ""),
	  20231124, 0, 0, 0, 1, 0, { 0, 20231127, 20231120, ST_ON_TIME, 0, 0, NULL } },

	/* ---- within N of plan: a fixed date from `issued` ---- */
	/* 07-26..28 (3), 07-31..08-04 (8), 08-07..11 (13), 08-14..18 (18), 08-21 (19), 08-22 (20) */
	{ "plan: 20 wd after issued, done on the due date", NULL, "within 20 wd of plan",
	  E("2023-08-22", "done", "", ""), 20231231, 0, 0, 0, 1, 0, { 0, 20230822, 20230822, ST_ON_TIME, 0, 0, NULL } },
	{ "plan: done the day after", NULL, "within 20 wd of plan", E("2023-08-23", "done", "", ""), 20231231, 0, 0, 0,
	  1, 0, { 0, 20230822, 20230823, ST_LATE, 1, 1, NULL } },
	/* 07-25 + 5 days = 07-30 Sun; as of Mon 07-31 */
	{ "plan: calendar days", NULL, "within 5 days of plan", "", 20230731, 0, 0, 0, 1, 0,
	  { 0, 20230730, 0, ST_OVERDUE, 1, 1, NULL } },

	/* ---- per-item clocks (SPEC §5: closed by the first later-or-same-day published) ---- */
	/* 10-01 is a holiday and not counted; 10-07 (1), 10-08 (2), 10-09..13 (7), 10-16..20 (12),
	 * 10-23..27 (17), 10-30 (18), 10-31 (19), 11-01 (20) */
	{ "item: formed on a holiday, published on the 20th wd", NULL, "within 20 wd of formed|changed",
	  E("2023-10-01", "formed", "X", "") E("2023-11-01", "published", "X", ""), 20231231, 0, 0, 0, 1, 0,
	  { 20231001, 20231101, 20231101, ST_ON_TIME, 0, 0, "X" } },
	{ "item: formed on a holiday, published a day late", NULL, "within 20 wd of formed|changed",
	  E("2023-10-01", "formed", "X", "") E("2023-11-02", "published", "X", ""), 20231231, 0, 0, 0, 1, 0,
	  { 20231001, 20231101, 20231102, ST_LATE, 1, 1, "X" } },
	{ "item: 1 wd from 09-28 is due on the make-up Saturday 10-07", NULL, "within 1 wd of formed",
	  E("2023-09-28", "formed", "X", "") E("2023-10-07", "published", "X", ""), 20231231, 0, 0, 0, 1, 0,
	  { 20230928, 20231007, 20231007, ST_ON_TIME, 0, 0, "X" } },
	{ "item: published on the make-up Sunday 10-08 is 1 wd late", NULL, "within 1 wd of formed",
	  E("2023-09-28", "formed", "X", "") E("2023-10-08", "published", "X", ""), 20231231, 0, 0, 0, 1, 0,
	  { 20230928, 20231007, 20231008, ST_LATE, 1, 1, "X" } },
	{ "item: published the Monday after is 2 wd late", NULL, "within 1 wd of formed",
	  E("2023-09-28", "formed", "X", "") E("2023-10-09", "published", "X", ""), 20231231, 0, 0, 0, 1, 0,
	  { 20230928, 20231007, 20231009, ST_LATE, 2, 2, "X" } },
	/* 08-01 + 20 wd: 08-02..04 (3), 08-07..11 (8), 08-14..18 (13), 08-21..25 (18), 08-28 (19), 08-29 (20) */
	{ "item: published the day it was formed", NULL, "within 20 wd of formed|changed",
	  E("2023-08-01", "formed", "X", "") E("2023-08-01", "published", "X", ""), 20231231, 0, 0, 0, 1, 0,
	  { 20230801, 20230829, 20230801, ST_ON_TIME, 0, 0, "X" } },
	{ "item: same day, the publication written before the start still closes it", NULL,
	  "within 20 wd of formed|changed", E("2023-08-01", "published", "X", "") E("2023-08-01", "formed", "X", ""),
	  20231231, 0, 0, 0, 1, 0, { 20230801, 20230829, 20230801, ST_ON_TIME, 0, 0, "X" } },
	/* changed 09-01 (Fri): 09-04..08 (5), 11..15 (10), 18..22 (15), 25..28 (19), 10-07 (20); overdue as of
	 * 12-31: 10-08 + Oct's other 17 + Nov 22 + Dec 21 = 61 wd; 24 + 30 + 31 = 85 days */
	{ "item: changed after publication, the first clock", NULL, "within 20 wd of formed|changed",
	  E("2023-08-01", "formed", "X", "") E("2023-08-03", "published", "X", "") E("2023-09-01", "changed", "X", ""),
	  20231231, 0, 0, 0, 2, 0, { 20230801, 20230829, 20230803, ST_ON_TIME, 0, 0, "X" } },
	{ "item: changed after publication starts a new obligation", NULL, "within 20 wd of formed|changed",
	  E("2023-08-01", "formed", "X", "") E("2023-08-03", "published", "X", "") E("2023-09-01", "changed", "X", ""),
	  20231231, 0, 0, 0, 2, 1, { 20230901, 20231007, 0, ST_OVERDUE, 61, 85, "X" } },
	/* 08-10 + 20 wd: 08-11 (1), 08-14..18 (6), 08-21..25 (11), 08-28..09-01 (16), 09-04..07 (20) */
	{ "item: two starts before one publication, the first (late)", NULL, "within 20 wd of formed|changed",
	  E("2023-08-01", "formed", "Y", "") E("2023-08-10", "changed", "Y", "") E("2023-08-30", "published", "Y", ""),
	  20231231, 0, 0, 0, 2, 0, { 20230801, 20230829, 20230830, ST_LATE, 1, 1, "Y" } },
	{ "item: two starts before one publication, the second (on time)", NULL, "within 20 wd of formed|changed",
	  E("2023-08-01", "formed", "Y", "") E("2023-08-10", "changed", "Y", "") E("2023-08-30", "published", "Y", ""),
	  20231231, 0, 0, 0, 2, 1, { 20230810, 20230907, 20230830, ST_ON_TIME, 0, 0, "Y" } },
	/* as of 08-15, due 08-29: 08-16..18 (3), 21..25 (8), 28, 29 (10) > 5 */
	{ "item: two starts of one item on one date are one obligation", NULL, "within 20 wd of formed|changed",
	  E("2023-08-01", "formed", "X", "") E("2023-08-01", "changed", "X", "") E("2023-08-01", "formed", "X", ""),
	  20230815, 0, 0, 0, 1, 0, { 20230801, 20230829, 0, ST_OPEN, 0, 0, "X" } },
	{ "item: two items on one date are two obligations", NULL, "within 20 wd of formed|changed",
	  E("2023-08-01", "formed", "Y", "") E("2023-08-01", "formed", "X", "") E("2023-08-03", "published", "Y", ""),
	  20230815, 0, 0, 0, 2, 1, { 20230801, 20230829, 20230803, ST_ON_TIME, 0, 0, "Y" } },
	/* 08-02 + 20 wd = 08-30; as of 12-31: 08-31, 09 (20), 10 (19), 11 (22), 12 (21) = 83 wd; 123 days */
	{ "item: a publication before the start does not close it", NULL, "within 20 wd of formed|changed",
	  E("2023-08-01", "published", "Z", "") E("2023-08-02", "formed", "Z", ""), 20231231, 0, 0, 0, 1, 0,
	  { 20230802, 20230830, 0, ST_OVERDUE, 83, 123, "Z" } },
	/* 08-29 -> 12-31: 08-30, 08-31 + 20 + 19 + 22 + 21 = 84 wd; 124 days */
	{ "item: another item's publication does not close it", NULL, "within 20 wd of formed|changed",
	  E("2023-08-01", "formed", "X", "") E("2023-08-02", "published", "Y", ""), 20231231, 0, 0, 0, 1, 0,
	  { 20230801, 20230829, 0, ST_OVERDUE, 84, 124, "X" } },
	{ "item: items match after folding full-width forms", NULL, "within 20 wd of formed|changed",
	  E("2023-08-01", "formed", "通知（２０２３）１号", "") E("2023-08-03", "published", "通知(2023)1号", ""),
	  20231231, 0, 0, 0, 1, 0, { 20230801, 20230829, 20230803, ST_ON_TIME, 0, 0, NULL } },
	/* A ledger out of date order: oblig_run streams it, has emitted X's closed clock by the time it
	 * finds 07-28 after 08-04, and redoes the ledger sorted: X must not stay twice.
	 * Y: 07-28 (Fri) + 20 wd = 08-25. Z: 08-04 (Fri) + 20 wd = 09-01; as of 12-31: Sep 19 + Oct 19 +
	 * Nov 22 + Dec 21 = 81 wd; 29 + 31 + 30 + 31 = 121 days. */
#define DISORDERED E("2023-08-01", "formed", "X", "") E("2023-08-03", "published", "X", "") \
	E("2023-08-04", "formed", "Z", "") E("2023-07-28", "formed", "Y", "") E("2023-08-02", "published", "Y", "")
	{ "item: a ledger out of date order, the earliest start", NULL, "within 20 wd of formed|changed", DISORDERED,
	  20231231, 0, 0, 0, 3, 0, { 20230728, 20230825, 20230802, ST_ON_TIME, 0, 0, "Y" } },
	{ "item: a ledger out of date order, the start before the disorder", NULL, "within 20 wd of formed|changed",
	  DISORDERED, 20231231, 0, 0, 0, 3, 1, { 20230801, 20230829, 20230803, ST_ON_TIME, 0, 0, "X" } },
	{ "item: a ledger out of date order, the clock left open", NULL, "within 20 wd of formed|changed", DISORDERED,
	  20231231, 0, 0, 0, 3, 2, { 20230804, 20230901, 0, ST_OVERDUE, 81, 121, "Z" } },
#undef DISORDERED
	{ "item: two starts before one publication, written last first", NULL, "within 20 wd of formed|changed",
	  E("2023-08-30", "published", "Y", "") E("2023-08-10", "changed", "Y", "") E("2023-08-01", "formed", "Y", ""),
	  20231231, 0, 0, 0, 2, 0, { 20230801, 20230829, 20230830, ST_LATE, 1, 1, "Y" } },
	{ "item: white space inside an item collapses", NULL, "within 20 wd of formed|changed",
	  E("2023-08-01", "formed", "关于做好  政务公开   工作的通知", "")
	  E("2023-08-03", "published", "关于做好 政务公开 工作的通知", ""), 20231231, 0, 0, 0, 1, 0,
	  { 20230801, 20230829, 20230803, ST_ON_TIME, 0, 0, NULL } },
	{ "item: full-width letters fold", NULL, "within 20 wd of formed|changed",
	  E("2023-08-01", "formed", "ＡＢＣ-１２３", "") E("2023-08-03", "published", "ABC-123", ""), 20231231, 0, 0, 0,
	  1, 0, { 20230801, 20230829, 20230803, ST_ON_TIME, 0, 0, NULL } },
	{ "item: only the rule's own start events start a clock", NULL, "within 10 wd of issued",
	  E("2023-08-01", "formed", "X", "") E("2023-08-02", "received", "X", ""), 20231231, 0, 0, 0, 0, 0,
	  { 0, 0, 0, ST_ON_TIME, 0, 0, NULL } },
	/* 09-28 + 15 days = 10-13 (Fri); 10-14 is a Saturday: late by 0 working days, 1 day */
	{ "item: calendar days, published on the Saturday after", NULL, "within 15 days of received",
	  E("2023-09-28", "received", "X", "") E("2023-10-14", "published", "X", ""), 20231231, 0, 0, 0, 1, 0,
	  { 20230928, 20231013, 20231014, ST_LATE, 0, 1, "X" } },
	/* 09-15 + 15 days = 09-30, a holiday: --roll leaves per-item due dates alone (SPEC §5.1) */
	{ "item: --roll does not move a per-item due date", NULL, "within 15 days of received",
	  E("2023-09-15", "received", "X", "") E("2023-10-07", "published", "X", ""), 20231231, 0, 0, 1, 1, 0,
	  { 20230915, 20230930, 20231007, ST_LATE, 1, 7, "X" } },
	/* 11-20 + 5 wd = 11-27; as of 11-22: 11-23, 24, 27 (3) */
	{ "item: an open clock due within the window is due-soon", NULL, "within 5 wd of received",
	  E("2023-11-20", "received", "X", ""), 20231122, 0, 0, 0, 1, 0,
	  { 20231120, 20231127, 0, ST_DUE_SOON, 0, 0, "X" } },
	{ "item: entries after the as-of date are ignored", NULL, "within 20 wd of formed|changed",
	  E("2023-08-01", "formed", "X", "") E("2023-08-20", "published", "X", "") E("2023-08-20", "formed", "Y", ""),
	  20230815, 0, 0, 0, 1, 0, { 20230801, 20230829, 0, ST_OPEN, 0, 0, "X" } },

	/* ---- --roll (SPEC §4, §5.1): fixed dates on a day off move to the next working day ---- */
	{ "roll: by on a holiday moves to the make-up Saturday", NULL, "by 2023-10-01", E("2023-10-07", "done", "", ""),
	  20231231, 0, 0, 1, 1, 0, { 0, 20231007, 20231007, ST_ON_TIME, 0, 0, NULL } },
	{ "roll: without --roll the same done is late", NULL, "by 2023-10-01", E("2023-10-07", "done", "", ""),
	  20231231, 0, 0, 0, 1, 0, { 0, 20231001, 20231007, ST_LATE, 1, 6, NULL } },
	{ "roll: a due date on a make-up working day stays", NULL, "by 2023-10-07", "", 20231007, 0, 0, 1, 1, 0,
	  { 0, 20231007, 0, ST_DUE_SOON, 0, 0, NULL } },
	/* 12-31 Sun, 2024-01-01 元旦: next working day 01-02 */
	{ "roll: year end moves past New Year's Day", NULL, "by 2023-12-31", "", 20240101, 0, 0, 1, 1, 0,
	  { 0, 20240102, 0, ST_DUE_SOON, 0, 0, NULL } },
	{ "roll: without --roll, overdue on New Year's Day by 0 wd, 1 day", NULL, "by 2023-12-31", "", 20240101, 0,
	  0, 0, 1, 0, { 0, 20231231, 0, ST_OVERDUE, 0, 1, NULL } },
	{ "roll: annual 03-31 on a Sunday moves to Monday", NULL, "annual 03-31", E("2024-04-01", "done", "", ""),
	  20240630, 0, 0, 1, 1, 0, { 20240101, 20240401, 20240401, ST_ON_TIME, 0, 0, NULL } },
	{ "roll: without --roll annual 03-31 done Monday is late", NULL, "annual 03-31",
	  E("2024-04-01", "done", "", ""), 20240630, 0, 0, 0, 1, 0,
	  { 20240101, 20240331, 20240401, ST_LATE, 1, 1, NULL } },
	{ "roll: at least N by a holiday", NULL, "at least 1 by 2023-10-01", E("2023-10-07", "held", "", ""), 20231231,
	  0, 0, 1, 1, 0, { 0, 20231007, 20231007, ST_ON_TIME, 0, 0, NULL } },
	/* Q3 ends 09-30 (off): 10-07; Q4 ends 12-31 (off): 2024-01-02 */
	{ "roll: every quarter, Q3", NULL, "every quarter", E("2023-10-07", "done", "", "2023-Q3"), 20231231, 0, 0, 1,
	  2, 0, { 20230701, 20231007, 20231007, ST_ON_TIME, 0, 0, NULL } },
	{ "roll: every quarter, Q4", NULL, "every quarter", E("2023-10-07", "done", "", "2023-Q3"), 20231231, 0, 0, 1,
	  2, 1, { 20231001, 20240102, 0, ST_DUE_SOON, 0, 0, NULL } },

	/* ---- annual / every (SPEC §5, §5.1) ---- */
	{ "annual: no obligation due before the anchor nor in a period not begun", NULL, "annual 03-31",
	  E("2023-03-20", "done", "", ""), 20231231, 0, 0, 0, 0, 0, { 0, 0, 0, ST_ON_TIME, 0, 0, NULL } },
	/* 04-01 (1), 04-02 (2), 04-03 (3), 04-04..06 off, 04-07 Sun worked (4), 04-08..12 (9), 04-15 (10) */
	{ "annual: 03-31 filing completed in April is late", NULL, "annual 03-31", E("2024-04-15", "done", "", ""),
	  20240630, 0, 0, 0, 1, 0, { 20240101, 20240331, 20240415, ST_LATE, 10, 15, NULL } },
	/* 2024-03-31 -> 06-30: 30 + 31 + 30 = 91 days. Working days: April 04-01..03 (3), 04-07 Sun worked (4),
	 * 04-08..12 (9), 15..19 (14), 22..26 (19), 28 Sun worked (20), 29, 30 (22); May 06..10 (5), 11 Sat
	 * worked (6), 13..17 (11), 20..24 (16), 27..31 (21); June 03..07 (5), 11..14 (9; 06-10 off),
	 * 17..21 (14), 24..28 (19): 22 + 21 + 19 = 62 */
	{ "annual: a done of the year before completes nothing", NULL, "annual 03-31",
	  E("2023-12-20", "done", "", ""), 20240630, 0, 0, 0, 1, 0,
	  { 20240101, 20240331, 0, ST_OVERDUE, 62, 91, NULL } },
	/* 2024-01-02..05: 4 wd */
	{ "every year: period 2023 on a 2024 done completes 2023", NULL, "every year",
	  E("2024-01-05", "done", "", "2023"), 20240110, 0, 0, 0, 2, 0,
	  { 20230101, 20231231, 20240105, ST_LATE, 4, 5, NULL } },
	{ "every year: ... and not 2024", NULL, "every year", E("2024-01-05", "done", "", "2023"), 20240110, 0, 0, 0,
	  2, 1, { 20240101, 20241231, 0, ST_OPEN, 0, 0, NULL } },
	/* 2024-01-02..05 (4), 01-08..10 (7) */
	{ "every year: without a period the date's year counts (2023 overdue)", NULL, "every year",
	  E("2024-01-05", "done", "", ""), 20240110, 0, 0, 0, 2, 0, { 20230101, 20231231, 0, ST_OVERDUE, 7, 10, NULL } },
	{ "every year: without a period the date's year counts (2024 done)", NULL, "every year",
	  E("2024-01-05", "done", "", ""), 20240110, 0, 0, 0, 2, 1,
	  { 20240101, 20241231, 20240105, ST_ON_TIME, 0, 0, NULL } },
	{ "annual 12-31: period 2023 on a 2024 done", NULL, "annual 12-31", E("2024-01-05", "done", "", "2023"),
	  20240110, 0, 0, 0, 2, 0, { 20230101, 20231231, 20240105, ST_LATE, 4, 5, NULL } },
	/* 2025-02-28 Fri; as of Mon 03-03 */
	{ "annual 02-29 falls on 02-28 in a common year", NULL, "annual 02-29", "", 20250303, 0, 0, 0, 2, 1,
	  { 20250101, 20250228, 0, ST_OVERDUE, 1, 3, NULL } },
	{ "annual 02-29 in a leap year", NULL, "annual 02-29", E("2024-02-29", "done", "", ""), 20250303, 0, 0, 0, 2,
	  0, { 20240101, 20240229, 20240229, ST_ON_TIME, 0, 0, NULL } },
	/* Q3 due 09-30 is after the anchor 07-25: it exists. Oct 19 + Nov 22 + Dec 21 = 62 wd; 92 days */
	{ "every quarter: a done in October belongs to Q4 (Q3 overdue)", NULL, "every quarter",
	  E("2023-10-09", "done", "", ""), 20231231, 0, 0, 0, 2, 0, { 20230701, 20230930, 0, ST_OVERDUE, 62, 92, NULL } },
	{ "every quarter: a done in October belongs to Q4 (Q4 done)", NULL, "every quarter",
	  E("2023-10-09", "done", "", ""), 20231231, 0, 0, 0, 2, 1,
	  { 20231001, 20231231, 20231009, ST_ON_TIME, 0, 0, NULL } },
	/* 10-07, 10-08, 10-09: 3 wd */
	{ "every quarter: period 2023-Q3 written (Q3 late)", NULL, "every quarter",
	  E("2023-10-09", "done", "", "2023-Q3"), 20231231, 0, 0, 0, 2, 0,
	  { 20230701, 20230930, 20231009, ST_LATE, 3, 9, NULL } },
	{ "every quarter: period 2023-Q3 written (Q4 due today)", NULL, "every quarter",
	  E("2023-10-09", "done", "", "2023-Q3"), 20231231, 0, 0, 0, 2, 1,
	  { 20231001, 20231231, 0, ST_DUE_SOON, 0, 0, NULL } },
	{ "every quarter: the period also reads 2023Q3", NULL, "every quarter", E("2023-10-09", "done", "", "2023Q3"),
	  20231231, 0, 0, 0, 2, 0, { 20230701, 20230930, 20231009, ST_LATE, 3, 9, NULL } },
	{ "every quarter: the first done of the period by date", NULL, "every quarter",
	  E("2023-10-20", "done", "", "") E("2023-10-09", "done", "", "") E("2023-11-02", "done", "", ""), 20231231,
	  0, 0, 0, 2, 1, { 20231001, 20231231, 20231009, ST_ON_TIME, 0, 0, NULL } },
	/* SPEC §5.1: input also accepts 2024-7, 2024H1. 07-31 Mon -> 08-02 Wed: 2 wd, 2 days */
	{ "every month: period 2023-7 for July", NULL, "every month", E("2023-08-02", "done", "", "2023-7"), 20230831,
	  0, 0, 0, 2, 0, { 20230701, 20230731, 20230802, ST_LATE, 2, 2, NULL } },
	{ "every month: ... and August is not done", NULL, "every month", E("2023-08-02", "done", "", "2023-7"),
	  20230831, 0, 0, 0, 2, 1, { 20230801, 20230831, 0, ST_DUE_SOON, 0, 0, NULL } },
	/* H1 2023 is due 06-30, before the anchor: none. H2 due 12-31; 2024-01-02, 03: 2 wd, 3 days */
	{ "every half-year: period 2023H2 on a January done", NULL, "every half-year",
	  E("2024-01-03", "done", "", "2023H2"), 20240110, 0, 0, 0, 2, 0,
	  { 20230701, 20231231, 20240103, ST_LATE, 2, 3, NULL } },
	{ "every half-year: period 2023-H2, H1 2024 open", NULL, "every half-year",
	  E("2024-01-03", "done", "", "2023-H2"), 20240110, 0, 0, 0, 2, 1,
	  { 20240101, 20240630, 0, ST_OPEN, 0, 0, NULL } },
	/* July (due 07-31 >= 07-25), August, September (begun on the as-of date) */
	{ "every month: the period holding the as-of date is the last", NULL, "every month", "", 20230901, 0, 0, 0, 3,
	  2, { 20230901, 20230930, 0, ST_OPEN, 0, 0, NULL } },
	{ "every month: July after the anchor exists", NULL, "every month", E("2023-07-31", "done", "", ""), 20230901,
	  0, 0, 0, 3, 0, { 20230701, 20230731, 20230731, ST_ON_TIME, 0, 0, NULL } },
	/* until 2024-03-31: Q3, Q4 2023 and Q1 2024, nothing due after it */
	{ "until: no periodic obligation falls due after it", "# issued: 2023-07-25\n# year: 2023\n# until: 2024-03-31\n",
	  "every quarter", E("2024-03-29", "done", "", ""), 20241231, 0, 0, 0, 3, 2,
	  { 20240101, 20240331, 20240329, ST_ON_TIME, 0, 0, NULL } },
	/* no issued: the anchor is 1 January of the year, so 2024's 03-31 filing is owed */
	{ "anchor: without issued, 1 January of the year", "# year: 2024\n", "annual 03-31",
	  E("2024-03-29", "done", "", ""), 20240630, 0, 0, 0, 1, 0,
	  { 20240101, 20240331, 20240329, ST_ON_TIME, 0, 0, NULL } },

	/* ---- at least N (SPEC §5: completion is the date of the N-th held) ---- */
	/* 2024-01-02, 01-03: 2 wd */
	{ "at least by: reached after its date is late", NULL, "at least 2 by 2023-12-31",
	  E("2023-09-01", "held", "", "") E("2024-01-03", "held", "", ""), 20240110, 0, 0, 0, 1, 0,
	  { 0, 20231231, 20240103, ST_LATE, 2, 3, NULL } },
	{ "at least by: not reached is overdue", NULL, "at least 2 by 2023-12-31",
	  E("2023-09-01", "held", "", "") E("2023-10-01", "done", "", "") E("2023-11-01", "progress", "", ""), 20240110,
	  0, 0, 0, 1, 0, { 0, 20231231, 0, ST_OVERDUE, 7, 10, NULL } },
	{ "at least by: every held counts whatever its date", NULL, "at least 2 by 2023-12-31",
	  E("2023-12-29", "held", "", "") E("2023-03-01", "held", "", ""), 20240110, 0, 0, 0, 1, 0,
	  { 0, 20231231, 20231229, ST_ON_TIME, 0, 0, NULL } },
	{ "at least by: the N-th, not the last", NULL, "at least 2 by 2023-12-31",
	  E("2023-08-01", "held", "", "") E("2023-09-01", "held", "", "") E("2024-01-03", "held", "", ""), 20240110, 0,
	  0, 0, 1, 0, { 0, 20231231, 20230901, ST_ON_TIME, 0, 0, NULL } },
	{ "at least 1 per year: the first held, not a later one", NULL, "at least 1 per year",
	  E("2023-11-01", "held", "", "") E("2023-09-01", "held", "", "") E("2023-12-01", "held", "", ""), 20231231,
	  0, 0, 0, 1, 0, { 20230101, 20231231, 20230901, ST_ON_TIME, 0, 0, NULL } },
	{ "at least 2 per quarter: the 2nd of three", NULL, "at least 2 per quarter",
	  E("2023-08-01", "held", "", "") E("2023-09-05", "held", "", "") E("2023-08-20", "held", "", ""), 20230930,
	  0, 0, 0, 1, 0, { 20230701, 20230930, 20230820, ST_ON_TIME, 0, 0, NULL } },
	{ "at least 1 per year: reached in 2023", NULL, "at least 1 per year", E("2023-11-01", "held", "", ""),
	  20240201, 0, 0, 0, 2, 0, { 20230101, 20231231, 20231101, ST_ON_TIME, 0, 0, NULL } },
	{ "at least 1 per year: 2024 still open", NULL, "at least 1 per year", E("2023-11-01", "held", "", ""),
	  20240201, 0, 0, 0, 2, 1, { 20240101, 20241231, 0, ST_OPEN, 0, 0, NULL } },
	/* 2024-01-02..31: 22 wd, 02-01 (23); 32 days */
	{ "at least 1 per year: not reached in 2023 is overdue", NULL, "at least 1 per year",
	  E("2024-01-15", "held", "", ""), 20240201, 0, 0, 0, 2, 0, { 20230101, 20231231, 0, ST_OVERDUE, 23, 32, NULL } },
	{ "at least 1 per year: the 2024 held counts for 2024", NULL, "at least 1 per year",
	  E("2024-01-15", "held", "", ""), 20240201, 0, 0, 0, 2, 1,
	  { 20240101, 20241231, 20240115, ST_ON_TIME, 0, 0, NULL } },
	{ "at least 2 per quarter: the 2nd held of Q3", NULL, "at least 2 per quarter",
	  E("2023-08-01", "held", "", "") E("2023-09-28", "held", "", "") E("2023-10-09", "held", "", ""), 20231231,
	  0, 0, 0, 2, 0, { 20230701, 20230930, 20230928, ST_ON_TIME, 0, 0, NULL } },
	{ "at least 2 per quarter: one held in Q4, due today", NULL, "at least 2 per quarter",
	  E("2023-08-01", "held", "", "") E("2023-09-28", "held", "", "") E("2023-10-09", "held", "", ""), 20231231,
	  0, 0, 0, 2, 1, { 20231001, 20231231, 0, ST_DUE_SOON, 0, 0, NULL } },
	{ "at least 2 published per month: July", NULL, "at least 2 published per month",
	  E("2023-07-26", "published", "a", "") E("2023-07-27", "published", "b", "") E("2023-08-02", "published", "c", "")
	  E("2023-08-03", "held", "", ""), 20230831, 0, 0, 0, 2, 0,
	  { 20230701, 20230731, 20230727, ST_ON_TIME, 0, 0, NULL } },
	{ "at least 2 published per month: held does not count for August", NULL, "at least 2 published per month",
	  E("2023-07-26", "published", "a", "") E("2023-07-27", "published", "b", "") E("2023-08-02", "published", "c", "")
	  E("2023-08-03", "held", "", ""), 20230831, 0, 0, 0, 2, 1,
	  { 20230801, 20230831, 0, ST_DUE_SOON, 0, 0, NULL } },

	/* ---- ongoing (SPEC §5.1): stale without an entry in (as-of - DAYS, as-of] once
	 * as-of - DAYS is on or after the anchor. 2023-12-31 - 90 = 10-02; 10-23 - 90 = 07-25. ---- */
	{ "ongoing: activity in the window", NULL, "ongoing", E("2023-11-01", "done", "", ""), 20231231, 0, 0, 0, 1, 0,
	  { 0, 0, 20231101, ST_ONGOING, 0, 0, NULL } },
	{ "ongoing: no entry at all is stale", NULL, "ongoing", "", 20231231, 0, 0, 0, 1, 0,
	  { 0, 0, 0, ST_STALE, 0, 0, NULL } },
	{ "ongoing: the last entry on as-of - DAYS is outside the window", NULL, "ongoing",
	  E("2023-10-02", "held", "", ""), 20231231, 0, 0, 0, 1, 0, { 0, 0, 20231002, ST_STALE, 0, 0, NULL } },
	{ "ongoing: a day later is inside it", NULL, "ongoing", E("2023-10-03", "held", "", ""), 20231231, 0, 0, 0, 1,
	  0, { 0, 0, 20231003, ST_ONGOING, 0, 0, NULL } },
	{ "ongoing: an entry on the as-of date is activity", NULL, "ongoing", E("2023-12-31", "done", "", ""),
	  20231231, 0, 0, 0, 1, 0, { 0, 0, 20231231, ST_ONGOING, 0, 0, NULL } },
	{ "ongoing: not stale before the plan has been in force DAYS", NULL, "ongoing", "", 20231022, 0, 0, 0, 1, 0,
	  { 0, 0, 0, ST_ONGOING, 0, 0, NULL } },
	{ "ongoing: stale once as-of - DAYS reaches the anchor", NULL, "ongoing", "", 20231023, 0, 0, 0, 1, 0,
	  { 0, 0, 0, ST_STALE, 0, 0, NULL } },
	{ "ongoing: --stale 0 is never stale", NULL, "ongoing", "", 20240630, 0, SET(0), 0, 1, 0,
	  { 0, 0, 0, ST_ONGOING, 0, 0, NULL } },
	/* --stale 30: 12-31 - 30 = 12-01 */
	{ "ongoing: --stale 30, last entry 12-01 is stale", NULL, "ongoing", E("2023-12-01", "done", "", ""), 20231231,
	  0, SET(30), 0, 1, 0, { 0, 0, 20231201, ST_STALE, 0, 0, NULL } },
	{ "ongoing: --stale 30, last entry 12-02 is ongoing", NULL, "ongoing", E("2023-12-02", "done", "", ""),
	  20231231, 0, SET(30), 0, 1, 0, { 0, 0, 20231202, ST_ONGOING, 0, 0, NULL } },
	{ "ongoing: entries after the as-of date are ignored", NULL, "ongoing", E("2024-01-05", "done", "", ""),
	  20231231, 0, 0, 0, 1, 0, { 0, 0, 0, ST_STALE, 0, 0, NULL } },
	{ "ongoing: done is the last entry by date", NULL, "ongoing",
	  E("2023-08-01", "done", "", "") E("2023-11-20", "held", "", "") E("2023-09-01", "done", "", ""), 20231231, 0,
	  0, 0, 1, 0, { 0, 0, 20231120, ST_ONGOING, 0, 0, NULL } },
	/* --roll is for fixed dates only: an ongoing row keeps no due date */
	{ "ongoing: --roll changes nothing", NULL, "ongoing", E("2023-11-01", "done", "", ""), 20231231, 0, 0, 1, 1, 0,
	  { 0, 0, 20231101, ST_ONGOING, 0, 0, NULL } },
};

/* Each case twice: through oblig_compute (even _i) and oblig_run (odd _i). */
START_TEST(table_case)
{
	const struct ocase *c = &cases[_i / 2];
	enum via via = _i % 2 ? VIA_RUN : VIA_COMPUTE;
	struct oblig_opts o = { ymd(c->asof), opt_or(c->soon, 5), opt_or(c->stale, 90), c->roll };
	char name[200], path[128];

	snprintf(name, sizeof name, "[%s] %s", via_name[via], c->name);
	load_one(c->meta, c->rule, c->ledger, via == VIA_COMPUTE);
	if (via == VIA_COMPUTE) {
		oblig_compute(&S, &P, L, NL, &o);
	} else {
		char *files[] = { path };
		snprintf(path, sizeof path, "%s/l.tsv", tmpdir);
		run_files(files, 1, &o, 1);
	}
	oblig_sort(&S, &P, 0);
	ck_assert_msg(S.n == c->nrows, "%s: %zu rows, expected %zu", name, S.n, c->nrows);
	for (size_t i = 0; i < S.n; i++) {
		ck_assert_str_eq(P.depts[S.v[i].dept].name, "甲局");
		ck_assert_str_eq(P.tasks[S.v[i].task].id, "1");
	}
	if (c->nrows)
		check_row(name, &S.v[c->row], &c->w);
}
END_TEST

/* A per-item row keeps the item as its start entry writes it (oblig.h) and the folded key that
 * matched the publication (SPEC §5.1). */
START_TEST(item_as_written)
{
	struct oblig_opts o = { ymd(20231231), 5, 90, 0 };

	load_one(NULL, "within 20 wd of formed|changed",
	         E("2023-08-01", "formed", "通知（２０２３）１号", "") E("2023-08-03", "published", "通知(2023)1号", ""), 1);
	oblig_compute(&S, &P, L, NL, &o);
	ck_assert_uint_eq(S.n, 1);
	ck_assert_int_eq(S.v[0].status, ST_ON_TIME);
	ck_assert_str_eq(S.v[0].item, "通知（２０２３）１号");
	ck_assert_str_eq(S.v[0].key, "通知(2023)1号");
}
END_TEST

/* A keys_only sink (oblig.h) gets the folded key as the item, from both ways to the rows, and
 * the same clocks: closed by the publication, and the one still open. */
START_TEST(keys_only_sink)
{
	struct oblig_opts o = { ymd(20231231), 5, 90, 0 };
	char path[128], *files[] = { path };

	load_one(NULL, "within 20 wd of formed|changed",
	         E("2023-08-01", "formed", "通知（２０２３）１号", "") E("2023-08-03", "published", "通知(2023)1号", "")
	         E("2023-12-20", "formed", "Ｂ", ""), 0);
	snprintf(path, sizeof path, "%s/l.tsv", tmpdir);
	for (size_t nsinks = 1; nsinks <= 2; nsinks++) {
		struct ledger_opts lo = { .enc = TSV_ENC_AUTO };
		struct oblig_set part[2];
		struct oblig_sink sinks[2];
		memset(part, 0, sizeof part);
		for (size_t i = 0; i < nsinks; i++) {
			sinks[i] = oblig_set_sink(&part[i]);
			sinks[i].keys_only = 1;
		}
		ck_assert_int_eq(oblig_run(&P, files, NULL, 1, &lo, &o, sinks, nsinks), 0);
		for (size_t i = 0; i < nsinks; i++)
			oblig_set_merge(&S, &part[i]);
		oblig_sort(&S, &P, 0);
		ck_assert_uint_eq(S.n, 2);
		ck_assert_int_eq(S.v[0].status, ST_ON_TIME);
		ck_assert_str_eq(S.v[0].item, "通知(2023)1号");
		ck_assert_str_eq(S.v[0].key, "通知(2023)1号");
		ck_assert_int_eq(S.v[1].status, ST_OPEN);
		ck_assert_str_eq(S.v[1].item, "B");
		oblig_free(&S);
	}
}
END_TEST

/* Items of every length up to 33 bytes (one word, several, a part word after
 * them) and pairs of one length that differ only in their last byte: each
 * publication closes its own item's clock and no other, and every row keeps
 * its item whole. Both ways to the rows, and a keys_only sink. */
START_TEST(item_lengths)
{
	static const size_t lens[] = { 1, 2, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 32, 33 };
	struct oblig_opts o = { ymd(20231231), 5, 90, 0 };
	char lines[4096] = "", item[40], path[128], *files[] = { path };
	size_t at = 0;

	/* for each length n: "x..xA" formed and published, "x..xB" formed only (overdue) */
	for (size_t i = 0; i < NELEM(lens); i++) {
		memset(item, 'x', lens[i]);
		item[lens[i]] = '\0';
		item[lens[i] - 1] = 'A';
		at += (size_t)snprintf(lines + at, sizeof lines - at, "1\t2023-08-01\tformed\t%s\t\n", item);
		item[lens[i] - 1] = 'B';
		at += (size_t)snprintf(lines + at, sizeof lines - at, "1\t2023-08-01\tformed\t%s\t\n", item);
	}
	for (size_t i = 0; i < NELEM(lens); i++) {
		memset(item, 'x', lens[i]);
		item[lens[i]] = '\0';
		item[lens[i] - 1] = 'A';
		at += (size_t)snprintf(lines + at, sizeof lines - at, "1\t2023-08-02\tpublished\t%s\t\n", item);
	}
	ck_assert_uint_lt(at, sizeof lines - 1);
	load_one(NULL, "within 20 wd of formed", lines, 1);
	snprintf(path, sizeof path, "%s/l.tsv", tmpdir);
	for (int via = 0; via < 3; via++) {
		if (via == 0) {
			oblig_compute(&S, &P, L, NL, &o);
		} else {
			struct ledger_opts lo = { .enc = TSV_ENC_AUTO };
			struct oblig_set part;
			struct oblig_sink sink;
			memset(&part, 0, sizeof part);
			sink = oblig_set_sink(&part);
			sink.keys_only = via == 2;
			ck_assert_int_eq(oblig_run(&P, files, NULL, 1, &lo, &o, &sink, 1), 0);
			oblig_set_merge(&S, &part);
		}
		ck_assert_uint_eq(S.n, 2 * NELEM(lens));
		for (size_t i = 0; i < S.n; i++) {
			const char *it = S.v[i].item;
			size_t n = strlen(it);
			ck_assert_msg(strspn(it, "x") == n - 1, "[%d] row %zu: item '%s'", via, i, it);
			ck_assert_int_eq(S.v[i].status, it[n - 1] == 'A' ? ST_ON_TIME : ST_OVERDUE);
			if (S.v[i].key)
				ck_assert_str_eq(S.v[i].key, it);
		}
		oblig_free(&S);
	}
}
END_TEST

/* Two departments with thousands of open items, more than one chunk of item
 * memory and one table size each (oblig.c carves items from chunks and keeps
 * a thread's largest table and chunks for its next department): every
 * publication closes its own item and no other, in one thread (the second
 * department reuses the first's memory), in two, and in memory. 甲局 has
 * 3000 items of 150 bytes, the even ones published; 乙局 2000 of 40 bytes,
 * every third published. */
START_TEST(items_past_chunks)
{
	static const struct {
		const char *name, *file;
		int         n, width, every;
	} dept[2] = { { "甲局", "l.tsv", 3000, 150, 2 }, { "乙局", "m.tsv", 2000, 40, 3 } };
	struct oblig_opts o = { ymd(20231231), 5, 90, 0 };
	char path[2][128], *files[] = { path[0], path[1] }, tasks[256], pad[200];

	memset(pad, 'y', sizeof pad);
	snprintf(tmpdir, sizeof tmpdir, "%s", "/tmp/gk_oblig.XXXXXX");
	ck_assert_msg(mkdtemp(tmpdir) != NULL, "mkdtemp: %s", strerror(errno));
	snprintf(tasks, sizeof tasks, "# issued: 2023-07-25\n# year: 2023\nid\tunits\trule\n1\t甲局、乙局\twithin 20 wd of formed\n");
	write_file(tmpdir, "tasks.tsv", tasks);
	for (int k = 0; k < 2; k++) {
		size_t cap = (size_t)dept[k].n * 2 * (size_t)(dept[k].width + 40) + 128, at = 0;
		char *text = malloc(cap);
		ck_assert_ptr_nonnull(text);
		at += (size_t)snprintf(text, cap, "# department: %s\ntask\tdate\tevent\titem\n", dept[k].name);
		for (int pass = 0; pass < 2; pass++)
			for (int i = 0; i < dept[k].n; i++)
				if (pass == 0 || i % dept[k].every == 0)
					at += (size_t)snprintf(text + at, cap - at, "1\t2023-08-0%d\t%s\t%05d%.*s\n", pass + 1,
					                       pass ? "published" : "formed", i, dept[k].width - 5, pad);
		ck_assert_uint_lt(at, cap);
		write_file(tmpdir, dept[k].file, text);
		free(text);
		snprintf(path[k], sizeof path[k], "%s/%s", tmpdir, dept[k].file);
	}
	snprintf(tasks, sizeof tasks, "%s/tasks.tsv", tmpdir);
	ck_assert_int_eq(plan_load(&P, tasks, NULL, TSV_ENC_AUTO), 0);
	for (int via = 0; via < 3; via++) {
		if (via == 0) {
			struct ledger_opts lo = { .enc = TSV_ENC_AUTO };
			for (int k = 0; k < 2; k++)
				ck_assert_int_eq(ledger_read(&L[NL++], &P, path[k], &lo), 0);
			oblig_compute(&S, &P, L, NL, &o);
		} else {
			run_files(files, 2, &o, (size_t)via);
		}
		ck_assert_uint_eq(S.n, 5000);
		int seen[2][3000];
		memset(seen, 0, sizeof seen);
		for (size_t r = 0; r < S.n; r++) {
			const struct oblig *ob = &S.v[r];
			int k = strcmp(P.depts[ob->dept].name, "乙局") == 0, i = atoi(ob->item);
			ck_assert_msg(strlen(ob->item) == (size_t)dept[k].width && i < dept[k].n, "[%d] row %zu: item '%s'", via,
			              r, ob->item);
			ck_assert_int_eq(ob->status, i % dept[k].every == 0 ? ST_ON_TIME : ST_OVERDUE);
			seen[k][i]++;
		}
		for (int k = 0; k < 2; k++)
			for (int i = 0; i < dept[k].n; i++)
				ck_assert_msg(seen[k][i] == 1, "[%d] %s item %d: %d rows", via, dept[k].name, i, seen[k][i]);
		oblig_free(&S);
	}
}
END_TEST

/* Working-day due dates of per-item clocks started before the plan's anchor (2023-07-25), on
 * it and on the as-of date: the engine looks those from the anchor up in a table made once a run,
 * and asks the calendar for earlier ones; both ways to the rows give the same dates.
 *   A 07-20 Thu + 5 wd: 07-21, 24, 25, 26, 27; published 07-27: on time.
 *   B 07-25 Tue + 5 wd: 07-26, 27, 28, 31, 08-01; published 08-02: late by 1 wd.
 *   C 12-29 Fri + 5 wd: 2024-01-02 (01-01 off), 03, 04, 05, 08; due soon as of 12-29. */
START_TEST(item_due_table)
{
	struct oblig_opts o = { ymd(20231229), 5, 90, 0 };
	char path[128], *files[] = { path };

	load_one(NULL, "within 5 wd of formed",
	         E("2023-07-20", "formed", "A", "") E("2023-07-25", "formed", "B", "")
	         E("2023-07-27", "published", "A", "") E("2023-08-02", "published", "B", "")
	         E("2023-12-29", "formed", "C", ""), 1);
	snprintf(path, sizeof path, "%s/l.tsv", tmpdir);
	for (int via = 0; via < 2; via++) {
		if (via == 0)
			oblig_compute(&S, &P, L, NL, &o);
		else
			run_files(files, 1, &o, 1);
		oblig_sort(&S, &P, 0);
		ck_assert_uint_eq(S.n, 3);
		ck_assert_str_eq(fmt(S.v[0].due), "2023-07-27");
		ck_assert_int_eq(S.v[0].status, ST_ON_TIME);
		ck_assert_str_eq(fmt(S.v[1].due), "2023-08-01");
		ck_assert_int_eq(S.v[1].status, ST_LATE);
		ck_assert_int_eq(S.v[1].late_wd, 1);
		ck_assert_str_eq(fmt(S.v[2].due), "2024-01-08");
		ck_assert_int_eq(S.v[2].status, ST_DUE_SOON);
		oblig_free(&S);
	}
}
END_TEST

/* SPEC §7: a due date or lateness that depends on days outside the calendar (2016..2026) is
 * provisional; outside it only weekends are days off. */
START_TEST(provisional)
{
	struct oblig_opts o = { ymd(20231231), 5, 90, 0 };

	load_one(NULL, "by 2023-10-31", "", 1);
	oblig_compute(&S, &P, L, NL, &o);
	ck_assert_uint_eq(S.n, 1);
	ck_assert_int_eq(S.v[0].provisional, 0);
	ck_assert_int_eq(S.provisional, 0);
	teardown();
	setup();

	/* 2027-01-15 Fri; as of Wed 01-20: 01-18, 19, 20 */
	o.asof = ymd(20270120);
	load_one(NULL, "by 2027-01-15", "", 1);
	oblig_compute(&S, &P, L, NL, &o);
	ck_assert_uint_eq(S.n, 1);
	ck_assert_int_eq(S.v[0].status, ST_OVERDUE);
	ck_assert_int_eq(S.v[0].late_wd, 3);
	ck_assert_int_eq(S.v[0].late_days, 5);
	ck_assert_int_eq(S.v[0].provisional, 1);
	ck_assert_int_eq(S.provisional, 1);
	teardown();
	setup();

	/* 2026-12-30 + 5 wd: 12-31 (1), 2027-01-01 Fri, uncovered: a working day (2), 01-04 .. 01-06 (5) */
	o.asof = ymd(20261231);
	load_one(NULL, "within 5 wd of formed", E("2026-12-30", "formed", "X", ""), 1);
	oblig_compute(&S, &P, L, NL, &o);
	ck_assert_uint_eq(S.n, 1);
	ck_assert_str_eq(fmt(S.v[0].due), "2027-01-06");
	ck_assert_int_eq(S.v[0].status, ST_DUE_SOON);
	ck_assert_int_eq(S.v[0].provisional, 1);
}
END_TEST

/* Rows of a within rule, sorted: A formed Wed 2027-12-29 (+5 wd: 12-30, 12-31, 2028-01-03, 04,
 * 05), B formed Wed 2028-03-01 (+5 wd: 03-08), both published in time. 2028 has no holidays. */
static void
gap_rows(void)
{
	struct oblig_opts o = { ymd(20281231), 5, 90, 0 };

	load_one(NULL, "within 5 wd of formed",
	         E("2027-12-29", "formed", "A", "") E("2028-01-05", "published", "A", "")
	         E("2028-03-01", "formed", "B", "") E("2028-03-03", "published", "B", ""), 1);
	oblig_compute(&S, &P, L, NL, &o);
	oblig_sort(&S, &P, 0);
	ck_assert_uint_eq(S.n, 2);
	ck_assert_str_eq(fmt(S.v[0].due), "2028-01-05");
	ck_assert_str_eq(fmt(S.v[1].due), "2028-03-08");
	ck_assert_int_eq(S.v[0].status, ST_ON_TIME);
	ck_assert_int_eq(S.v[1].status, ST_ON_TIME);
}

/* Covered ranges that leave a gap (2016..2026 built in, 2028 added): a count across 2027 is
 * provisional, one inside 2028 is not; with 2027 covered too, neither is. */
START_TEST(provisional_gap)
{
	cal_cover(ymd(20280101), ymd(20281231));
	cal_build();
	gap_rows();
	ck_assert_int_eq(S.v[0].provisional, 1);
	ck_assert_int_eq(S.v[1].provisional, 0);
	teardown();
	setup();

	cal_cover(ymd(20280101), ymd(20281231));
	cal_cover(ymd(20270101), ymd(20271231));
	cal_build();
	gap_rows();
	ck_assert_int_eq(S.v[0].provisional, 0);
	ck_assert_int_eq(S.v[1].provisional, 0);
	ck_assert_int_eq(S.provisional, 0);
}
END_TEST

/* oblig_status, the pure core: the same boundaries without a ledger. */
START_TEST(status_core)
{
	struct oblig_opts o = { ymd(20231124), 5, 90, 0 };

	ck_assert_int_eq(oblig_status(1, ymd(20231201), ymd(20231201), &o), ST_ON_TIME);
	ck_assert_int_eq(oblig_status(1, ymd(20231202), ymd(20231201), &o), ST_LATE);
	ck_assert_int_eq(oblig_status(1, ymd(20231101), ymd(20231201), &o), ST_ON_TIME);
	ck_assert_int_eq(oblig_status(0, 0, ymd(20231201), &o), ST_DUE_SOON); /* 5 wd */
	ck_assert_int_eq(oblig_status(0, 0, ymd(20231204), &o), ST_OPEN);     /* 6 wd */
	ck_assert_int_eq(oblig_status(0, 0, ymd(20231124), &o), ST_DUE_SOON); /* as-of itself */
	ck_assert_int_eq(oblig_status(0, 0, ymd(20231123), &o), ST_OVERDUE);
	/* 12-02, 12-03 are a weekend: still 5 wd away */
	ck_assert_int_eq(oblig_status(0, 0, ymd(20231203), &o), ST_DUE_SOON);
	o.soon = 0;
	ck_assert_int_eq(oblig_status(0, 0, ymd(20231124), &o), ST_DUE_SOON);
	ck_assert_int_eq(oblig_status(0, 0, ymd(20231125), &o), ST_DUE_SOON); /* Saturday: 0 wd away */
	ck_assert_int_eq(oblig_status(0, 0, ymd(20231127), &o), ST_OPEN);
}
END_TEST

START_TEST(item_due)
{
	struct rule r = { 0 };

	r.kind = RULE_WITHIN;
	r.starts = EV_FORMED | EV_CHANGED;
	r.workdays = 1;
	r.n = 20;
	ck_assert_str_eq(fmt(oblig_item_due(&r, ymd(20231001))), "2023-11-01");
	r.n = 1;
	ck_assert_str_eq(fmt(oblig_item_due(&r, ymd(20230928))), "2023-10-07");
	r.workdays = 0;
	r.n = 15;
	ck_assert_str_eq(fmt(oblig_item_due(&r, ymd(20230915))), "2023-09-30");
}
END_TEST

START_TEST(status_names)
{
	static const char *const names[] = { "on-time", "late", "open", "due-soon", "overdue", "ongoing", "stale" };
	for (int i = 0; i < (int)NELEM(names); i++) {
		ck_assert_str_eq(oblig_status_name((enum status)i), names[i]);
		ck_assert_int_eq(oblig_parse_status(names[i]), i);
	}
	ck_assert_int_eq(oblig_parse_status("overdue "), -1);
	ck_assert_int_eq(oblig_parse_status("due_soon"), -1);
	ck_assert_int_eq(oblig_parse_status(""), -1);
}
END_TEST

/* --- the fixture workspace tests/data/oblig/ws --- */

static const char *const ws_ledgers[] = { "jia.tsv", "jia2.tsv", "yi.tsv", "bing.tsv" };

static void
load_ws(void)
{
	struct ledger_opts lo = { .enc = TSV_ENC_AUTO };
	char path[128];

	ck_assert_int_eq(plan_load(&P, TESTDATA("oblig/ws/tasks.tsv"), TESTDATA("oblig/ws/departments.tsv"),
	                           TSV_ENC_AUTO), 0);
	for (size_t i = 0; i < NELEM(ws_ledgers); i++) {
		snprintf(path, sizeof path, "%s/%s", TESTDATA("oblig/ws/ledgers"), ws_ledgers[i]);
		ck_assert_int_eq(ledger_read(&L[NL], &P, path, &lo), 0);
		NL++;
	}
	ck_assert_msg(diag_errors() == 0 && diag_warnings() == 0, "the workspace was rejected (%zu errors)",
	              diag_errors());
	ck_assert_int_eq((int)P.ntasks, 9);
}

/* Reverses the rows, so that oblig_sort cannot lean on the order they were made in. */
static void
reverse_rows(void)
{
	for (size_t i = 0, j = S.n; i + 1 < j; i++, j--) {
		struct oblig t = S.v[i];
		S.v[i] = S.v[j - 1];
		S.v[j - 1] = t;
	}
}

/* Two tasks whose ids are one number (1 and 01) and the same item on the same
 * day: their rows sort in the plan's order, whatever order the engine made
 * them in. */
START_TEST(ids_of_one_number)
{
	struct oblig_opts o = { ymd(20240601), 5, 90, 0 };
	char path[128];
	struct ledger_opts lo = { .enc = TSV_ENC_AUTO };

	snprintf(tmpdir, sizeof tmpdir, "%s", "/tmp/gk_oblig.XXXXXX");
	ck_assert_msg(mkdtemp(tmpdir) != NULL, "mkdtemp: %s", strerror(errno));
	write_file(tmpdir, "tasks.tsv",
	           "# issued: 2024-01-02\n# year: 2024\nid\tunits\trule\n"
	           "1\t甲局\twithin 5 wd of formed\n01\t甲局\twithin 5 wd of formed\n");
	write_file(tmpdir, "l.tsv", "# department: 甲局\ntask\tdate\tevent\titem\n"
	                            "01\t2024-03-01\tformed\tb\n1\t2024-03-01\tformed\tb\n");
	snprintf(path, sizeof path, "%s/tasks.tsv", tmpdir);
	ck_assert_int_eq(plan_load(&P, path, NULL, TSV_ENC_AUTO), 0);
	snprintf(path, sizeof path, "%s/l.tsv", tmpdir);
	ck_assert_int_eq(ledger_read(&L[NL++], &P, path, &lo), 0);
	oblig_compute(&S, &P, L, NL, &o);
	ck_assert_uint_eq(S.n, 2);
	for (int by_late = 0; by_late < 2; by_late++) {
		reverse_rows();
		oblig_sort(&S, &P, by_late);
		ck_assert_str_eq(P.tasks[S.v[0].task].id, "1");
		ck_assert_str_eq(P.tasks[S.v[1].task].id, "01");
		reverse_rows();
		oblig_sort(&S, &P, by_late);
		ck_assert_str_eq(P.tasks[S.v[0].task].id, "1");
		ck_assert_str_eq(P.tasks[S.v[1].task].id, "01");
	}
}
END_TEST


/* The rows of the workspace as of a date, through oblig_compute or oblig_run (甲局's two
 * ledgers are read into memory; the other departments' single ledgers are streamed). */
static void
compute_ws(int asof, int by_late, enum via via)
{
	struct oblig_opts o = { ymd(asof), 5, 90, 0 };
	if (via == VIA_COMPUTE) {
		oblig_compute(&S, &P, L, NL, &o);
	} else {
		char paths[NELEM(ws_ledgers)][128], *files[NELEM(ws_ledgers)];
		for (size_t i = 0; i < NELEM(ws_ledgers); i++) {
			snprintf(paths[i], sizeof paths[i], "%s/%s", TESTDATA("oblig/ws/ledgers"), ws_ledgers[i]);
			files[i] = paths[i];
		}
		run_files(files, NELEM(files), &o, via == VIA_RUN_THREADS ? 3 : 1);
	}
	reverse_rows();
	oblig_sort(&S, &P, by_late);
}

struct wsrow {
	const char *dept, *task;
	struct want w;
};

/* Every row as of 2023-12-31, in the order of SPEC §5.1: department bytewise (丁 < 丙 < 乙 < 甲 in
 * UTF-8), task ids numerically before the others (1, 2, 3, 4, 9, 10, then A2, B1), start, item. */
static const struct wsrow ws_rows[] = {
	/* 丁局: no ledger. It owes 1, 10 (各部门) and B1 (各有关单位); task 4 is per item and it has no
	 * entries, so nothing; 2 (决策单位) and 3 (舆情涉及单位) do not name it. */
	{ "丁局", "1", { 0, 20231031, 0, ST_OVERDUE, 43, 61, NULL } },
	{ "丁局", "10", { 0, 0, 0, ST_STALE, 0, 0, NULL } },
	/* 08-04 -> 12-31: Aug 19 + Sep 20 + Oct 19 + Nov 22 + Dec 21 = 101 wd; 27 + 30 + 31 + 30 + 31 = 149 days */
	{ "丁局", "B1", { 0, 20230804, 0, ST_OVERDUE, 101, 149, NULL } },
	/* 丙局: member of 决策单位 */
	{ "丙局", "1", { 0, 20231031, 0, ST_OVERDUE, 43, 61, NULL } }, /* planned completes nothing */
	/* 09-01 + 10 wd = 09-15; -> 12-31: Sep 9 + 19 + 22 + 21 = 71 wd; 15 + 31 + 30 + 31 = 107 days */
	{ "丙局", "2", { 20230901, 20230915, 0, ST_OVERDUE, 71, 107, "文件二" } },
	/* task 5 names 舆情涉及单位 (no members): 丙局 owes it by its done entry; 11-30 Thu, 12-01 Fri */
	{ "丙局", "5", { 0, 20231130, 20231201, ST_LATE, 1, 1, NULL } },
	{ "丙局", "10", { 0, 0, 20231002, ST_STALE, 0, 0, NULL } },
	{ "丙局", "A2", { 20230701, 20230930, 20230920, ST_ON_TIME, 0, 0, NULL } },
	{ "丙局", "A2", { 20231001, 20231231, 0, ST_DUE_SOON, 0, 0, NULL } },
	{ "丙局", "B1", { 0, 20230804, 0, ST_OVERDUE, 101, 149, NULL } },
	/* 乙局: named by its alias 乙 in task 1; owes task 3 through 舆情涉及单位 (no members) because its
	 * ledger has entries for it; its task-2 entry changes nothing (决策单位 has members). */
	{ "乙局", "1", { 0, 20231031, 20231101, ST_LATE, 1, 1, NULL } },
	/* 09-28 + 5 wd: 10-07, 10-08, 10-09, 10-10, 10-11 */
	{ "乙局", "3", { 20230928, 20231011, 20231011, ST_ON_TIME, 0, 0, "来信1" } },
	{ "乙局", "10", { 0, 0, 0, ST_STALE, 0, 0, NULL } },
	{ "乙局", "B1", { 0, 20230804, 20230807, ST_LATE, 1, 3, NULL } },
	/* 甲局: ledgers under its aliases 甲 and JiaJu; task 9 names it as JiaJu. */
	{ "甲局", "1", { 0, 20231031, 20231031, ST_ON_TIME, 0, 0, NULL } },
	/* 07-28 (Fri) + 10 wd: 07-31 (1) .. 08-04 (5), 08-07 .. 08-11 (10) */
	{ "甲局", "2", { 20230728, 20230811, 20230728, ST_ON_TIME, 0, 0, "文件C" } },
	/* 08-01 + 10 wd = 08-15; -> 12-31: Aug 12 + 20 + 19 + 22 + 21 = 94 wd; 16 + 30 + 31 + 30 + 31 = 138 days.
	 * "文件B" sorts before "文件一" bytewise ('B' 0x42 < 0xE4). */
	{ "甲局", "2", { 20230801, 20230815, 0, ST_OVERDUE, 94, 138, "文件B" } },
	{ "甲局", "2", { 20230801, 20230815, 20230810, ST_ON_TIME, 0, 0, "文件一" } },
	/* issued in one ledger, published in the other: 11-01 (Wed) + 10 wd: 11-02, 03 (2), 11-06..10 (7),
	 * 11-13..15 (10); published 11-20: 11-16, 17, 20 = 3 wd, 5 days late */
	{ "甲局", "2", { 20231101, 20231115, 20231120, ST_LATE, 3, 5, "文件D" } },
	/* 12-01 (Fri) + 20 wd = 12-29 (Fri); 12-30, 12-31 are off: overdue by 0 wd, 2 days */
	{ "甲局", "4", { 20231201, 20231229, 0, ST_OVERDUE, 0, 2, "信息甲" } },
	{ "甲局", "9", { 20230101, 20231231, 20230901, ST_ON_TIME, 0, 0, NULL } },
	{ "甲局", "10", { 0, 0, 20231201, ST_ONGOING, 0, 0, NULL } },
	{ "甲局", "B1", { 0, 20230804, 20230804, ST_ON_TIME, 0, 0, NULL } },
};

static void
check_ws_row(enum via via, size_t i, const struct oblig *ob, const struct wsrow *w)
{
	char name[160];
	snprintf(name, sizeof name, "[%s] row %zu (%s / %s)", via_name[via], i, w->dept, w->task);
	ck_assert_msg(strcmp(P.depts[ob->dept].name, w->dept) == 0 && strcmp(P.tasks[ob->task].id, w->task) == 0,
	              "%s: got %s / %s", name, P.depts[ob->dept].name, P.tasks[ob->task].id);
	if (w->w.item)
		ck_assert_msg(ob->item && strcmp(ob->item, w->w.item) == 0, "%s: item '%s', expected '%s'", name,
		              ob->item ? ob->item : "(none)", w->w.item);
	check_row(name, ob, &w->w);
}

START_TEST(ws_rows_in_order)
{
	load_ws();
	compute_ws(20231231, 0, (enum via)_i);
	for (size_t i = 0; i < S.n && i < NELEM(ws_rows); i++)
		check_ws_row((enum via)_i, i, &S.v[i], &ws_rows[i]);
	ck_assert_msg(S.n == NELEM(ws_rows), "[%s] %zu rows, expected %zu", via_name[_i], S.n, NELEM(ws_rows));
}
END_TEST

/* `overdue`: most working days late first, ties in the order of §5.1. */
START_TEST(ws_overdue_by_late)
{
	static const struct {
		const char *dept, *task, *item;
		long        wd;
	} want[] = {
		{ "丁局", "B1", NULL, 101 }, { "丙局", "B1", NULL, 101 }, { "甲局", "2", "文件B", 94 },
		{ "丙局", "2", "文件二", 71 }, { "丁局", "1", NULL, 43 },  { "丙局", "1", NULL, 43 },
		{ "甲局", "4", "信息甲", 0 },
	};
	size_t k = 0;

	load_ws();
	compute_ws(20231231, 0, (enum via)_i);
	/* keep the overdue rows only, as the command does, then order them */
	for (size_t i = 0; i < S.n; i++)
		if (S.v[i].status == ST_OVERDUE)
			S.v[k++] = S.v[i];
	S.n = k;
	reverse_rows();
	oblig_sort(&S, &P, 1);
	ck_assert_uint_eq(S.n, NELEM(want));
	for (size_t i = 0; i < S.n; i++) {
		const struct oblig *ob = &S.v[i];
		ck_assert_msg(strcmp(P.depts[ob->dept].name, want[i].dept) == 0 &&
		                  strcmp(P.tasks[ob->task].id, want[i].task) == 0 && ob->late_wd == want[i].wd &&
		                  (!want[i].item || (ob->item && strcmp(ob->item, want[i].item) == 0)),
		              "[%s] overdue row %zu: %s / %s / %s (%ld wd), expected %s / %s / %s (%ld wd)", via_name[_i], i,
		              P.depts[ob->dept].name, P.tasks[ob->task].id, ob->item ? ob->item : "", ob->late_wd,
		              want[i].dept, want[i].task, want[i].item ? want[i].item : "", want[i].wd);
	}
}
END_TEST

/* by_late orders every row by lateness, then §5.1: late rows (1 wd) before on-time ones (0). */
START_TEST(ws_by_late_all_rows)
{
	load_ws();
	compute_ws(20231231, 1, VIA_COMPUTE);
	ck_assert_uint_eq(S.n, NELEM(ws_rows));
	for (size_t i = 1; i < S.n; i++)
		ck_assert_msg(S.v[i - 1].late_wd >= S.v[i].late_wd, "row %zu: %ld wd after %ld wd", i, S.v[i].late_wd,
		              S.v[i - 1].late_wd);
	/* after the six overdue rows of 101..43 wd: 甲局 / 2 / 文件D (3 wd late), then the 1-wd rows
	 * 丙局 / 5, 乙局 / 1, 乙局 / B1 in §5.1 order, then the 0-wd rows from 丁局 / 10 */
	static const struct {
		const char *dept, *task;
		long        wd;
	} mid[] = {
		{ "甲局", "2", 3 }, { "丙局", "5", 1 }, { "乙局", "1", 1 }, { "乙局", "B1", 1 }, { "丁局", "10", 0 },
	};
	for (size_t i = 0; i < NELEM(mid); i++) {
		const struct oblig *ob = &S.v[6 + i];
		ck_assert_msg(strcmp(P.depts[ob->dept].name, mid[i].dept) == 0 &&
		                  strcmp(P.tasks[ob->task].id, mid[i].task) == 0 && ob->late_wd == mid[i].wd,
		              "row %zu: %s / %s (%ld wd), expected %s / %s (%ld wd)", 6 + i, P.depts[ob->dept].name,
		              P.tasks[ob->task].id, ob->late_wd, mid[i].dept, mid[i].task, mid[i].wd);
	}
}
END_TEST

/* Who owes what (SPEC §2.1, §5.1). */
START_TEST(ws_owes)
{
	int jia, yi, bing, ding;

	load_ws();
	jia = plan_dept(&P, "甲局");
	yi = plan_dept(&P, "乙局");
	bing = plan_dept(&P, "丙局");
	ding = plan_dept(&P, "丁局");
	ck_assert_int_ge(jia, 0);
	ck_assert_int_eq(plan_dept(&P, "甲"), jia);
	ck_assert_int_eq(plan_dept(&P, "JiaJu"), jia);
	ck_assert_int_eq(L[0].dept, jia); /* # department: 甲 */
	ck_assert_int_eq(L[1].dept, jia); /* # department: JiaJu */
	ck_assert_int_eq(L[2].dept, yi);

#define OWES(dept, id, asof) oblig_owes(&P, plan_task(&P, id), dept, L, NL, ymd(asof))
	ck_assert_int_eq(OWES(yi, "1", 20231231), 1);   /* by its alias 乙 */
	ck_assert_int_eq(OWES(jia, "9", 20231231), 1);  /* by its alias JiaJu */
	ck_assert_int_eq(OWES(bing, "9", 20231231), 0);
	ck_assert_int_eq(OWES(jia, "2", 20231231), 1);  /* member of 决策单位 */
	ck_assert_int_eq(OWES(bing, "2", 20231231), 1);
	ck_assert_int_eq(OWES(yi, "2", 20231231), 0);   /* entries, but not a member */
	ck_assert_int_eq(OWES(ding, "2", 20231231), 0);
	ck_assert_int_eq(OWES(ding, "10", 20231231), 1); /* 各部门 */
	ck_assert_int_eq(OWES(ding, "B1", 20231231), 1); /* 各有关单位 */
	ck_assert_int_eq(OWES(ding, "A2", 20231231), 0);
	ck_assert_int_eq(OWES(jia, "A2", 20231231), 0);  /* has a done for A2, not named */
	/* 舆情涉及单位 has no members: the departments with entries for task 3 up to the as-of date */
	ck_assert_int_eq(OWES(yi, "3", 20231231), 1);
	ck_assert_int_eq(OWES(yi, "3", 20230927), 0);   /* its first entry is 09-28 */
	ck_assert_int_eq(OWES(yi, "3", 20230928), 1);
	ck_assert_int_eq(OWES(jia, "3", 20231231), 0);  /* its entry is dated 2024-01-05 */
	ck_assert_int_eq(OWES(jia, "3", 20240105), 1);
	ck_assert_int_eq(OWES(bing, "3", 20240105), 0);
	ck_assert_int_eq(OWES(ding, "3", 20240105), 0);
	ck_assert_int_eq(OWES(bing, "5", 20231231), 1);  /* its done of 12-01 */
	ck_assert_int_eq(OWES(bing, "5", 20231130), 0);
	ck_assert_int_eq(OWES(jia, "5", 20231231), 0);
	ck_assert_int_eq(OWES(ding, "5", 20231231), 0);
#undef OWES
}
END_TEST

/* A later as-of date: 甲局's 2024-01-05 entry makes it owe task 3 (group without members). */
START_TEST(ws_group_without_members_later)
{
	size_t n3 = 0;

	load_ws();
	compute_ws(20240110, 0, (enum via)_i);
	for (size_t i = 0; i < S.n; i++) {
		const struct oblig *ob = &S.v[i];
		if (strcmp(P.tasks[ob->task].id, "3") != 0)
			continue;
		n3++;
		if (strcmp(P.depts[ob->dept].name, "甲局") == 0)
			/* 2024-01-05 (Fri) + 5 wd: 01-08 .. 01-12; as of 01-10: 01-11, 01-12 (2) */
			check_row("甲局 / 3 as of 2024-01-10", ob,
			          &(struct want){ 20240105, 20240112, 0, ST_DUE_SOON, 0, 0, "来信2" });
		else
			ck_assert_str_eq(P.depts[ob->dept].name, "乙局");
	}
	ck_assert_uint_eq(n3, 2);
}
END_TEST

/* An earlier as-of date: entries after it are ignored everywhere, and who owes a task of a group
 * without members follows. As of 2023-09-27 乙局 has no task-3 entry yet. */
START_TEST(ws_earlier_asof)
{
	load_ws();
	compute_ws(20230927, 0, (enum via)_i);
	for (size_t i = 0; i < S.n; i++) {
		const struct oblig *ob = &S.v[i];
		const char *d = P.depts[ob->dept].name, *t = P.tasks[ob->task].id;
		ck_assert_msg(strcmp(t, "3") != 0, "%s owes task 3 as of 2023-09-27", d);
		ck_assert_msg(strcmp(t, "5") != 0, "%s owes task 5 as of 2023-09-27", d);
		ck_assert_msg(!ob->has_done || ob->done <= ymd(20230927), "%s / %s: done %s after the as-of date", d, t,
		              fmt(ob->done));
		if (strcmp(t, "1") == 0)
			/* due 10-31: 09-28 (1), 10-07 (2) .. 10-31: 1 + 19 = 20 wd away: open */
			ck_assert_msg(ob->status == ST_OPEN, "%s / 1: %s", d, oblig_status_name(ob->status));
		if (strcmp(d, "丙局") == 0 && strcmp(t, "A2") == 0)
			/* Q3 done 09-20; as of 09-27, Q3 due 09-30: 09-28 (1): done on time */
			ck_assert_int_eq(ob->status, ST_ON_TIME);
		if (strcmp(t, "10") == 0)
			/* 09-27 - 90 = 06-29, before the plan: nobody is stale yet */
			ck_assert_msg(ob->status == ST_ONGOING, "%s / 10: %s", d, oblig_status_name(ob->status));
	}
}
END_TEST

/* Sets of many rows merge into one without losing or mixing a row (the
 * merge copies in blocks from the end and gives memory back as it goes), and
 * a set that dropped its keys still sorts items by their folded form. */
START_TEST(set_merge_many)
{
	static const size_t sizes[] = { 20000, 0, 9001, 1 };
	struct oblig_set part[NELEM(sizes)];
	char item[32];
	size_t total = 0;

	load_one(NULL, "within 10 wd of formed", "", 0);
	for (size_t k = 0; k < NELEM(sizes); k++) {
		memset(&part[k], 0, sizeof part[k]);
		part[k].drop_keys = 1;
		struct oblig_sink sk = oblig_set_sink(&part[k]);
		sk.begin(sk.arg, 0);
		for (size_t i = 0; i < sizes[k]; i++) {
			struct oblig ob = { 0 };
			snprintf(item, sizeof item, "%zu-%zu", k, i);
			ob.item = ob.key = item;
			ob.start = (day_t)(k * 100000 + i);
			ob.has_start = 1;
			ob.late_wd = (long)k;
			sk.emit(sk.arg, &ob);
		}
		sk.commit(sk.arg);
		total += sizes[k];
	}
	for (size_t k = 0; k < NELEM(sizes); k++)
		oblig_set_merge(&S, &part[k]);
	ck_assert_uint_eq(S.n, total);
	for (size_t i = 0; i < S.n; i++) {
		size_t k = (size_t)S.v[i].late_wd, j = (size_t)S.v[i].start - k * 100000;
		snprintf(item, sizeof item, "%zu-%zu", k, j);
		ck_assert_str_eq(S.v[i].item, item);
		ck_assert_ptr_null(S.v[i].key);
	}
	oblig_sort(&S, &P, 0);
	for (size_t i = 1; i < S.n; i++)
		ck_assert_int_lt(S.v[i - 1].start, S.v[i].start);

	/* ties of department, task and start: "Ａ2" (full-width A) folds to "A2",
	 * before "B1", though its bytes sort after */
	oblig_free(&S);
	memset(&S, 0, sizeof S);
	S.drop_keys = 1;
	struct oblig_sink sk = oblig_set_sink(&S);
	sk.begin(sk.arg, 0);
	const char *items[] = { "B1", ("\xEF\xBC\xA1" "2"), "A1" };
	for (size_t i = 0; i < NELEM(items); i++) {
		struct oblig ob = { 0 };
		ob.item = ob.key = items[i];
		ob.start = 5;
		sk.emit(sk.arg, &ob);
	}
	sk.commit(sk.arg);
	oblig_sort(&S, &P, 0);
	ck_assert_str_eq(S.v[0].item, "A1");
	ck_assert_str_eq(S.v[1].item, "\xEF\xBC\xA1" "2");
	ck_assert_str_eq(S.v[2].item, "B1");
}
END_TEST

Suite *oblig_suite(void)
{
	Suite *s = suite_create("oblig");
	TCase *tc;

	tc = tcase_create("rules");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, table_case, 0, 2 * (int)NELEM(cases));
	tcase_add_test(tc, status_core);
	tcase_add_test(tc, item_due);
	tcase_add_test(tc, item_as_written);
	tcase_add_test(tc, keys_only_sink);
	tcase_add_test(tc, item_lengths);
	tcase_add_test(tc, items_past_chunks);
	tcase_add_test(tc, ids_of_one_number);
	tcase_add_test(tc, item_due_table);
	tcase_add_test(tc, provisional);
	tcase_add_test(tc, provisional_gap);
	tcase_add_test(tc, status_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("workspace");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, ws_rows_in_order, 0, VIA_COUNT);
	tcase_add_loop_test(tc, ws_overdue_by_late, 0, VIA_COUNT);
	tcase_add_test(tc, ws_by_late_all_rows);
	tcase_add_test(tc, ws_owes);
	tcase_add_test(tc, set_merge_many);
	tcase_add_loop_test(tc, ws_group_without_members_later, 0, VIA_COUNT);
	tcase_add_loop_test(tc, ws_earlier_asof, 0, VIA_COUNT);
	suite_add_tcase(s, tc);
	return s;
}
