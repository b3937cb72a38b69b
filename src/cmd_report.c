/* cmd_report — `status`, `overdue`, `summary` and `score`: the obligation
 * engine's rows through the output layer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "cmd.h"
#include "diag.h"
#include "oblig.h"
#include "ws.h"

/* Loads the plan and streams the ledgers through the engine into sink, as of asof. */
static int
run(struct ws *w, struct opts *o, day_t asof, const struct oblig_sink *sink)
{
	if (ws_load(w, o, NULL, 0, 0, 0) < 0)
		return -1;
	w->files = ws_ledger_files(o, o->args, o->nargs, &w->nfiles);
	struct oblig_opts oo = { asof, o->soon, o->stale, o->roll };
	struct ledger_opts lo = { .enc = o->enc };
	if (oblig_run(&w->plan, w->files, w->nfiles, &lo, &oo, sink) < 0)
		w->unreadable = 1;
	return 0;
}

/* Loads the plan and streams the ledgers through the engine into s (whose
 * keep filter, if any, is set by the caller), as of asof. */
static int
load(struct ws *w, struct oblig_set *s, struct opts *o, day_t asof)
{
	struct oblig_sink sink = oblig_set_sink(s);
	return run(w, o, asof, &sink);
}

/* The exit status of a report: 2 when an input was rejected or unreadable. */
static int
report_status(const struct ws *w, int action)
{
	if (w->unreadable || diag_errors())
		return EXIT_TROUBLE;
	return action ? EXIT_ACTION : EXIT_CLEAN;
}

static int
finish_output(struct out *out)
{
	if (out_end(out) < 0) {
		cmd_write_error();
		return -1;
	}
	return 0;
}

/* --- filters --- */

struct filter {
	int   *depts;
	size_t ndepts;
	int    status_mask;
};

static int
make_filter(struct filter *f, const struct ws *w, const struct opts *o)
{
	memset(f, 0, sizeof *f);
	f->depts = xcalloc(o->ndepts ? o->ndepts : 1, sizeof *f->depts);
	for (size_t i = 0; i < o->ndepts; i++) {
		int d = ws_dept_arg(w, o->depts[i]);
		if (d < 0)
			return -1;
		f->depts[f->ndepts++] = d;
	}
	for (size_t i = 0; i < o->ntaskids; i++)
		if (plan_task(&w->plan, o->taskids[i]) < 0) {
			diag_at(DIAG_ERROR, NULL, "unknown-task", "--task '%s' is not in the task table", o->taskids[i]);
			return -1;
		}
	for (size_t i = 0; i < o->nstatuses; i++) {
		int st = oblig_parse_status(o->statuses[i]);
		if (st < 0) {
			diag_at(DIAG_ERROR, NULL, NULL,
			        "--status '%s': expected on-time, late, open, due-soon, overdue, ongoing or stale",
			        o->statuses[i]);
			return -1;
		}
		f->status_mask |= 1 << st;
	}
	return 0;
}

static int
keep(const struct filter *f, const struct ws *w, const struct opts *o, const struct oblig *ob)
{
	if (f->ndepts) {
		int ok = 0;
		for (size_t i = 0; i < f->ndepts && !ok; i++) {
			int d = f->depts[i];
			/* a group given to --dept selects its members */
			ok = ob->dept == d;
			if (!ok && w->plan.depts[d].is_group)
				for (size_t k = 0; k < w->plan.depts[ob->dept].ngroups; k++)
					ok |= w->plan.depts[ob->dept].groups[k] == d;
		}
		if (!ok)
			return 0;
	}
	if (o->ntaskids) {
		int ok = 0;
		for (size_t i = 0; i < o->ntaskids && !ok; i++)
			ok = strcmp(w->plan.tasks[ob->task].id, o->taskids[i]) == 0;
		if (!ok)
			return 0;
	}
	return !f->status_mask || (f->status_mask & (1 << ob->status));
}

/* --- status and overdue rows --- */

static const struct out_col status_cols[] = {
	{ "department", "部门", OUT_STR, 0 },
	{ "task", "任务", OUT_STR, 0 },
	{ "item", "信息名称", OUT_STR, 1 },
	{ "period", "期间", OUT_STR, 0 },
	{ "start", "起算日", OUT_STR, 0 },
	{ "due", "时限", OUT_STR, 0 },
	{ "done", "完成", OUT_STR, 0 },
	{ "status", "状态", OUT_STR, 0 },
	{ "late_wd", "逾期工作日", OUT_INT, 0 },
	{ "late_days", "逾期天数", OUT_INT, 0 },
	{ "rule", "规则", OUT_STR, 1 },
};

static enum out_style
style_of(enum status st)
{
	switch (st) {
	case ST_ON_TIME: return STYLE_GOOD;
	case ST_LATE: case ST_DUE_SOON: case ST_STALE: return STYLE_WARN;
	case ST_OVERDUE: return STYLE_BAD;
	default: return STYLE_PLAIN;
	}
}

static void
put_row(struct out *out, const struct ws *w, const struct opts *o, const struct oblig *ob)
{
	char period[16] = "", start[DATE_BUFSZ] = "", due[DATE_BUFSZ + 1] = "", done[DATE_BUFSZ] = "";
	char lwd[24], ld[24], rule[RULE_BUFSZ];
	const struct task *t = &w->plan.tasks[ob->task];

	if (ob->pkind != PERIOD_NONE)
		ledger_format_period(ob->pkind, ob->start, period, sizeof period);
	if (ob->has_start)
		date_format(ob->start, start);
	if (ob->has_due) {
		date_format(ob->due, due);
		/* table output marks a provisional date (SPEC §7); programs get the date */
		if (ob->provisional && o->out.format == OUT_TABLE)
			strcat(due, "?");
	}
	if (ob->has_done)
		date_format(ob->done, done);
	snprintf(lwd, sizeof lwd, "%ld", ob->late_wd);
	snprintf(ld, sizeof ld, "%ld", ob->late_days);
	rule_format(&t->rule, rule, sizeof rule);
	const char *vals[] = { w->plan.depts[ob->dept].name, t->id, ob->item ? ob->item : "", period, start, due,
		               done, oblig_status_name(ob->status), lwd, ld, rule };
	out_row(out, vals, style_of(ob->status));
}

static void
warn_provisional(const struct oblig_set *s)
{
	if (s->provisional)
		cmd_provisional("a due date or a count of working days");
}

int
cmd_status(struct opts *o)
{
	struct ws w;
	struct oblig_set s = { 0 };
	struct filter f;
	int rc = EXIT_CLEAN;

	if (load(&w, &s, o, o->asof) < 0) {
		ws_free(&w);
		return EXIT_TROUBLE;
	}
	if (make_filter(&f, &w, o) == 0) {
		oblig_sort(&s, &w.plan, 0);
		struct out *out = out_begin(stdout, &o->out, status_cols, sizeof status_cols / sizeof status_cols[0]);
		for (size_t i = 0; i < s.n; i++)
			if (keep(&f, &w, o, &s.v[i]))
				put_row(out, &w, o, &s.v[i]);
		if (finish_output(out) < 0)
			rc = EXIT_TROUBLE;
		warn_provisional(&s);
	}
	rc = rc ? rc : report_status(&w, 0);
	free(f.depts);
	oblig_free(&s);
	ws_free(&w);
	return rc;
}

int
cmd_overdue(struct opts *o)
{
	struct ws w;
	struct oblig_set s = { 0 };
	struct filter f;
	int rc = EXIT_CLEAN, listed = 0;

	if (load(&w, &s, o, o->asof) < 0) {
		ws_free(&w);
		return EXIT_TROUBLE;
	}
	if (make_filter(&f, &w, o) == 0) {
		oblig_sort(&s, &w.plan, 1);
		struct out *out = out_begin(stdout, &o->out, status_cols, sizeof status_cols / sizeof status_cols[0]);
		for (size_t i = 0; i < s.n; i++) {
			const struct oblig *ob = &s.v[i];
			if (ob->status != ST_OVERDUE && !(o->soon_given && ob->status == ST_DUE_SOON))
				continue;
			if (!keep(&f, &w, o, ob))
				continue;
			put_row(out, &w, o, ob);
			listed++;
		}
		if (finish_output(out) < 0)
			rc = EXIT_TROUBLE;
		warn_provisional(&s);
	}
	rc = rc ? rc : report_status(&w, listed > 0);
	free(f.depts);
	oblig_free(&s);
	ws_free(&w);
	return rc;
}

/* --- summary --- */

struct tally {
	char  *group;
	long   n[ST_COUNT];
	long   total;
};

static struct tally *
tally_for(struct tally **v, size_t *n, const char *group)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i].group, group) == 0)
			return &(*v)[i];
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	struct tally *t = &(*v)[(*n)++];
	memset(t, 0, sizeof *t);
	t->group = xstrdup(group);
	return t;
}

static const struct plan *summary_plan;
static int summary_by_task;

static int
cmp_tally(const void *pa, const void *pb)
{
	const struct tally *a = pa, *b = pb;
	if (summary_by_task)
		return plan_cmp_ids(a->group, b->group);
	return strcmp(a->group, b->group);
}

/* on_time / (on_time + late + overdue), 4 decimals; "" when nothing was due. */
static void
rate(const struct tally *t, char *buf, size_t bufsz, double *frac)
{
	long den = t->n[ST_ON_TIME] + t->n[ST_LATE] + t->n[ST_OVERDUE];
	*frac = den ? (double)t->n[ST_ON_TIME] / (double)den : -1;
	if (den)
		snprintf(buf, bufsz, "%.4f", *frac);
	else if (bufsz)
		buf[0] = '\0';
}

int
cmd_summary(struct opts *o)
{
	static const struct out_col cols[] = {
		{ "group", "分组", OUT_STR, 1 },      { "total", "合计", OUT_INT, 0 },
		{ "on_time", "按时", OUT_INT, 0 },    { "late", "逾期完成", OUT_INT, 0 },
		{ "open", "未到期", OUT_INT, 0 },     { "due_soon", "即将到期", OUT_INT, 0 },
		{ "overdue", "已逾期", OUT_INT, 0 },  { "ongoing", "持续", OUT_INT, 0 },
		{ "stale", "久未更新", OUT_INT, 0 },  { "on_time_rate", "按时率", OUT_NUM, 0 },
		{ "bar", "", OUT_STR, 0 },
	};
	struct ws w;
	struct oblig_set s = { 0 };
	struct filter f;
	struct tally *tv = NULL;
	size_t nt = 0;
	int rc = EXIT_CLEAN;
	const char *by = o->by ? o->by : "dept";

	if (strcmp(by, "dept") && strcmp(by, "department") && strcmp(by, "task") && strcmp(by, "area") &&
	    strcmp(by, "month"))
		return cmd_usage("--by '%s': expected dept, task, area or month", by);
	if (load(&w, &s, o, o->asof) < 0) {
		ws_free(&w);
		return EXIT_TROUBLE;
	}
	if (make_filter(&f, &w, o) == 0) {
		for (size_t i = 0; i < s.n; i++) {
			const struct oblig *ob = &s.v[i];
			const struct task *t = &w.plan.tasks[ob->task];
			char month[16];
			const char *g;
			if (!keep(&f, &w, o, ob))
				continue;
			if (by[0] == 'd')
				g = w.plan.depts[ob->dept].name;
			else if (by[0] == 't')
				g = t->id;
			else if (by[0] == 'a')
				g = t->area;
			else {
				/* by due month; an ongoing task counts in the as-of month */
				date_format(ob->has_due ? ob->due : o->asof, month);
				month[7] = '\0';
				g = month;
			}
			struct tally *ty = tally_for(&tv, &nt, g);
			ty->n[ob->status]++;
			ty->total++;
		}
		summary_plan = &w.plan;
		summary_by_task = by[0] == 't';
		qsort(tv, nt, sizeof *tv, cmp_tally);
		/* the bar only for people at a terminal */
		int bar = o->out.format == OUT_TABLE && o->out.width > 0;
		struct out *out = out_begin(stdout, &o->out, cols, sizeof cols / sizeof cols[0] - !bar);
		for (size_t i = 0; i < nt; i++) {
			char num[ST_COUNT][24], tot[24], r[16], b[64] = "";
			double frac;
			const struct tally *ty = &tv[i];
			for (int k = 0; k < ST_COUNT; k++)
				snprintf(num[k], sizeof num[k], "%ld", ty->n[k]);
			snprintf(tot, sizeof tot, "%ld", ty->total);
			rate(ty, r, sizeof r, &frac);
			if (frac >= 0)
				out_bar(b, sizeof b, frac, 10);
			const char *vals[] = { ty->group, tot, num[ST_ON_TIME], num[ST_LATE], num[ST_OPEN],
				               num[ST_DUE_SOON], num[ST_OVERDUE], num[ST_ONGOING], num[ST_STALE], r, b };
			enum out_style st = frac < 0 ? STYLE_PLAIN : frac >= 0.9 ? STYLE_GOOD : frac >= 0.6 ? STYLE_WARN
			                                                                                    : STYLE_BAD;
			out_row(out, vals, st);
		}
		if (finish_output(out) < 0)
			rc = EXIT_TROUBLE;
		warn_provisional(&s);
	}
	rc = rc ? rc : report_status(&w, 0);
	for (size_t i = 0; i < nt; i++)
		free(tv[i].group);
	free(tv);
	free(f.depts);
	oblig_free(&s);
	ws_free(&w);
	return rc;
}

/* --- score: the monthly assessment --- */

int
cmd_score(struct opts *o)
{
	static const struct out_col cols[] = {
		{ "department", "部门", OUT_STR, 0 }, { "month", "月份", OUT_STR, 0 },
		{ "due_count", "到期事项", OUT_INT, 0 }, { "missed", "未按时完成", OUT_INT, 0 },
		{ "points", "扣分", OUT_INT, 0 },
	};
	struct ws w;
	struct oblig_set s = { 0 };
	struct filter f;
	int y, m, d, rc = EXIT_CLEAN;
	day_t first, last;

	if (o->month) {
		char *end;
		y = (int)strtol(o->month, &end, 10);
		if (end - o->month != 4 || *end != '-' || (m = (int)strtol(end + 1, &end, 10)) < 1 || m > 12 || *end ||
		    y < DATE_MIN_YEAR || y > DATE_MAX_YEAR)
			return cmd_usage("--month '%s': expected YYYY-MM", o->month);
		first = date_from_ymd(y, m, 1);
	} else {
		/* the month before the as-of month */
		first = date_month_first(date_month_first(o->asof) - 1);
		date_to_ymd(first, &y, &m, &d);
	}
	last = date_month_last(first);
	/* status at the month's end, or as of today for the current month */
	if (load(&w, &s, o, last < o->asof ? last : o->asof) < 0) {
		ws_free(&w);
		return EXIT_TROUBLE;
	}
	if (make_filter(&f, &w, o) == 0) {
		size_t nd = w.plan.ndepts;
		long *due = xcalloc(nd, sizeof *due), *missed = xcalloc(nd, sizeof *missed),
		     *pts = xcalloc(nd, sizeof *pts);
		char *owes = xcalloc(nd, 1);
		for (size_t i = 0; i < s.n; i++) {
			const struct oblig *ob = &s.v[i];
			if (!keep(&f, &w, o, ob))
				continue;
			owes[ob->dept] = 1;
			int counts = 0, miss = 0;
			if (ob->status == ST_STALE) {
				counts = miss = 1;
			} else if (ob->has_due && ob->due >= first && ob->due <= last) {
				counts = 1;
				miss = !(ob->has_done && ob->done <= ob->due);
			}
			due[ob->dept] += counts;
			missed[ob->dept] += miss;
			pts[ob->dept] += miss ? w.plan.tasks[ob->task].points : 0;
		}
		/* departments in name order */
		int *order = xmalloc((nd ? nd : 1) * sizeof *order);
		size_t no = 0;
		for (size_t i = 0; i < nd; i++)
			if (owes[i])
				order[no++] = (int)i;
		for (size_t i = 1; i < no; i++)
			for (size_t k = i; k > 0 && strcmp(w.plan.depts[order[k - 1]].name, w.plan.depts[order[k]].name) > 0; k--) {
				int t = order[k];
				order[k] = order[k - 1];
				order[k - 1] = t;
			}
		char month[16];
		snprintf(month, sizeof month, "%04d-%02d", y, m);
		struct out *out = out_begin(stdout, &o->out, cols, sizeof cols / sizeof cols[0]);
		for (size_t i = 0; i < no; i++) {
			int dd = order[i];
			char a[24], b[24], c[24];
			snprintf(a, sizeof a, "%ld", due[dd]);
			snprintf(b, sizeof b, "%ld", missed[dd]);
			snprintf(c, sizeof c, "%ld", pts[dd]);
			const char *vals[] = { w.plan.depts[dd].name, month, a, b, c };
			out_row(out, vals, missed[dd] ? STYLE_BAD : STYLE_GOOD);
		}
		if (finish_output(out) < 0)
			rc = EXIT_TROUBLE;
		warn_provisional(&s);
		free(order);
		free(owes);
		free(due);
		free(missed);
		free(pts);
	}
	rc = rc ? rc : report_status(&w, 0);
	free(f.depts);
	oblig_free(&s);
	ws_free(&w);
	return rc;
}
