/* cmd_cal — `cal [YEAR[-MM]]`: month grids marking days off and make-up working days. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cal.h"
#include "cmd.h"
#include "diag.h"
#include "plan.h"
#include "text.h"

#define CELL 4 /* columns a day takes: a 3-column number and a 1-column mark */

static const char *const month_en[12] = { "January", "February", "March", "April", "May", "June", "July",
	                                  "August", "September", "October", "November", "December" };

static void
put_spaces(size_t n)
{
	while (n--)
		putchar(' ');
}

/* The fixed due dates the plan's rules put in [first, last]: by dates, the
 * plan-relative date, annual days and period ends. Per-item rules have none. */
static size_t
fixed_dues(const struct plan *p, int task, day_t first, day_t last, day_t *out, size_t max)
{
	const struct rule *r = &p->tasks[task].rule;
	size_t n = 0;
	switch (r->kind) {
	case RULE_BY:
	case RULE_AT_LEAST_BY:
		if (r->date >= first && r->date <= last)
			out[n++] = r->date;
		break;
	case RULE_PLAN:
		if (p->has_issued) {
			day_t d = r->workdays ? cal_due(p->issued, r->n) : p->issued + r->n;
			if (d >= first && d <= last)
				out[n++] = d;
		}
		break;
	case RULE_ANNUAL:
		for (int y = date_year(first); y <= date_year(last) && n < max; y++) {
			int dd = r->month == 2 && r->day == 29 && !date_is_leap(y) ? 28 : r->day;
			day_t d = date_from_ymd(y, r->month, dd);
			if (d >= first && d <= last && d >= p->anchor)
				out[n++] = d;
		}
		break;
	case RULE_EVERY:
	case RULE_AT_LEAST_PER:
		for (day_t d = first; d <= last && n < max; d++) {
			day_t end = r->period == PERIOD_MONTH ? date_month_last(d) : r->period == PERIOD_QUARTER ? date_quarter_last(d)
			            : r->period == PERIOD_HALF ? date_half_last(d) : date_year_last(d);
			if (end == d && d >= p->anchor)
				out[n++] = d;
		}
		break;
	default:
		break;
	}
	return n;
}

/* Below the grid: each day of the month on which tasks fall due, with their ids. */
static void
print_dues(const struct plan *p, day_t first, day_t last, int zh)
{
	char a[DATE_BUFSZ];
	for (day_t d = first; d <= last; d++) {
		int any = 0;
		for (size_t t = 0; t < p->ntasks; t++) {
			day_t v[2];
			size_t n = fixed_dues(p, (int)t, d, d, v, 2);
			if (!n)
				continue;
			if (!any)
				printf("! %s  %s  %s", zh ? "到期" : "due ", date_format(d, a), zh ? "任务" : "tasks");
			printf("%s%s", any ? ", " : " ", p->tasks[t].id);
			any = 1;
		}
		if (any)
			putchar('\n');
	}
}

/* 1 when some task of the plan falls due on d. */
static int
due_on(const struct plan *p, day_t d)
{
	day_t v[2];
	for (size_t t = 0; p && t < p->ntasks; t++)
		if (fixed_dues(p, (int)t, d, d, v, 2))
			return 1;
	return 0;
}

static void
print_month(int y, int m, const struct opts *o, const struct plan *p)
{
	char title[64], a[DATE_BUFSZ], b[DATE_BUFSZ];
	int zh = o->out.lang == LANG_ZH, color = o->out.color;
	day_t first = date_from_ymd(y, m, 1), last = date_month_last(first);

	if (zh)
		snprintf(title, sizeof title, "%d年%d月", y, m);
	else
		snprintf(title, sizeof title, "%s %d", month_en[m - 1], y);
	size_t tw = text_width(title, strlen(title));
	put_spaces(tw < 7 * CELL ? (7 * CELL - tw) / 2 : 0);
	printf("%s\n", title);
	static const char *const wd_en[7] = { "Mo", "Tu", "We", "Th", "Fr", "Sa", "Su" };
	static const char *const wd_zh[7] = { "一", "二", "三", "四", "五", "六", "日" };
	for (int i = 0; i < 7; i++)
		printf(i < 6 ? " %s " : " %s", zh ? wd_zh[i] : wd_en[i]);
	putchar('\n');

	int col = date_weekday(first);
	put_spaces((size_t)col * CELL);
	for (day_t d = first; d <= last; d++) {
		int y2, m2, dd;
		date_to_ymd(d, &y2, &m2, &dd);
		enum cal_kind k = cal_kind_of(d, NULL);
		char mark = k == CAL_OFF ? '*' : k == CAL_WORK ? '+' : due_on(p, d) ? '!' : ' ';
		const char *sgr = k == CAL_OFF ? "\033[31m" : k == CAL_WORK ? "\033[33m"
		                  : !cal_is_workday(d) ? "\033[2m" : NULL;
		if (color && sgr)
			printf("%s%3d%c\033[0m", sgr, dd, mark);
		else if ((col == 6 || d == last) && mark == ' ')
			printf("%3d", dd); /* no trailing blank at the end of a week */
		else
			printf("%3d%c", dd, mark);
		if (++col == 7 || d == last) {
			putchar('\n');
			col = 0;
		}
	}

	/* Below the grid: each run of days of one kind and one name. */
	for (day_t d = first; d <= last;) {
		const char *name;
		enum cal_kind k = cal_kind_of(d, &name);
		day_t e = d;
		if (k == CAL_NONE) {
			d++;
			continue;
		}
		for (;;) {
			const char *n2;
			if (e + 1 > last || cal_kind_of(e + 1, &n2) != k || strcmp(n2 ? n2 : "", name ? name : ""))
				break;
			e++;
		}
		const char *what = k == CAL_OFF ? (zh ? "* 休" : "* off ") : (zh ? "+ 班" : "+ work");
		if (e == d)
			printf("%s  %s", what, date_format(d, a));
		else
			printf("%s  %s..%s", what, date_format(d, a), date_format(e, b) + 5);
		printf("%s%s\n", name ? "  " : "", name ? name : "");
		d = e + 1;
	}
	if (p)
		print_dues(p, first, last, zh);
	if (!cal_covered_range(first, last))
		printf("%s\n", zh ? "（超出日历覆盖范围：仅周末计为休息日，结果为暂定）"
		                  : "(outside the calendar's coverage: only weekends are days off; provisional)");
}

int
cmd_cal(struct opts *o)
{
	int y, m = 0, d;
	day_t first, last;

	if (o->nargs == 0) {
		date_to_ymd(o->asof, &y, &m, &d);
	} else {
		const char *s = o->args[0];
		char *end;
		y = (int)strtol(s, &end, 10);
		if (end - s != 4)
			return cmd_usage("cal '%s': expected YEAR or YEAR-MM", s);
		if (*end == '-') {
			char *e2;
			m = (int)strtol(end + 1, &e2, 10);
			if (e2 == end + 1 || *e2 || m < 1 || m > 12)
				return cmd_usage("cal '%s': the month must be 1-12", s);
		} else if (*end) {
			return cmd_usage("cal '%s': expected YEAR or YEAR-MM", s);
		}
		if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR)
			return cmd_usage("cal '%s': the year must be %d-%d", s, DATE_MIN_YEAR, DATE_MAX_YEAR);
	}
	if (cmd_load_calendar(o) < 0) {
		diag_error("the calendar could not be read: no calendar printed");
		return EXIT_TROUBLE;
	}
	/* In a workspace, the plan's fixed due dates are marked too; the plan's
	 * own problems are `check`'s business, so it is read quietly here. */
	struct plan plan;
	char tasks[4096];
	int have_plan = 0;
	snprintf(tasks, sizeof tasks, "%s/tasks.tsv", o->dir);
	const char *tp = o->tasks ? o->tasks : tasks;
	if (access(tp, R_OK) == 0) {
		diag_mute(1);
		have_plan = plan_load(&plan, tp, NULL, o->enc) == 0;
		diag_mute(0);
		if (!have_plan)
			plan_free(&plan);
	}
	first = date_from_ymd(y, m ? m : 1, 1);
	last = m ? date_month_last(first) : date_year_last(first);
	if (!cal_covered_range(first, last))
		cmd_provisional(m ? "this month" : "this year");
	for (int mm = m ? m : 1; mm <= (m ? m : 12) && !(o->strict && diag_errors()); mm++) {
		if (mm != (m ? m : 1))
			putchar('\n');
		print_month(y, mm, o, have_plan ? &plan : NULL);
	}
	if (have_plan)
		plan_free(&plan);
	return o->strict && diag_errors() ? EXIT_TROUBLE : EXIT_CLEAN;
}
