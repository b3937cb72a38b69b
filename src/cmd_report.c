/* cmd_report — `status`, `overdue`, `summary` and `score`: the obligation
 * engine's rows through the output layer. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cal.h"
#include "cmd.h"
#include "diag.h"
#include "oblig.h"
#include "ws.h"

/* --- which rows a report wants --- */

struct filter {
	const struct ws   *w;
	const struct opts *o;
	int               *depts;
	size_t             ndepts;
	int                status_mask;
	/* a report's own condition, on top of the options' */
	int              (*also)(const struct oblig *ob, const void *arg);
	const void        *alsoarg;
};

static int
make_filter(struct filter *f, const struct ws *w, const struct opts *o)
{
	memset(f, 0, sizeof *f);
	f->w = w;
	f->o = o;
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

/* 1 when --dept selects department d (a group selects its members). */
static int
dept_selected(const struct filter *f, int dept)
{
	const struct plan *p = &f->w->plan;
	int ok = !f->ndepts;
	for (size_t i = 0; i < f->ndepts && !ok; i++) {
		int d = f->depts[i];
		ok = dept == d;
		for (size_t k = 0; !ok && p->depts[d].is_group && k < p->depts[dept].ngroups; k++)
			ok = p->depts[dept].groups[k] == d;
	}
	return ok;
}

/* 1 when some test of keep_row applies: else every row of a selected department is kept. */
static int
tests_rows(const struct filter *f)
{
	return f->o->ntaskids || f->status_mask || f->also;
}

/* --task, --status and the report's own test. */
static int
keep_row(const struct oblig *ob, const struct filter *f)
{
	const struct plan *p = &f->w->plan;
	if (f->o->ntaskids) {
		int ok = 0;
		for (size_t i = 0; i < f->o->ntaskids && !ok; i++)
			ok = strcmp(p->tasks[ob->task].id, f->o->taskids[i]) == 0;
		if (!ok)
			return 0;
	}
	if (f->status_mask && !(f->status_mask & (1 << ob->status)))
		return 0;
	return !f->also || f->also(ob, f->alsoarg);
}

/* The engine's keep callback: --dept, then keep_row. */
static int
keep(const struct oblig *ob, void *arg)
{
	const struct filter *f = arg;
	return dept_selected(f, ob->dept) && keep_row(ob, f);
}

/* --- running the engine --- */

/* How many departments are worked on at once: GKLEDGER_THREADS, else one per core (at most 8). */
static size_t
workers(void)
{
	const char *e = getenv("GKLEDGER_THREADS");
	long n = e && *e ? strtol(e, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 8 ? 8 : (size_t)n;
}

/* Loads the plan and the options' filter; the ledgers are streamed later. */
static int
prepare(struct ws *w, struct filter *f, struct opts *o)
{
	struct ledger_opts quiet = { .enc = o->enc, .quiet_through = LONG_MAX };
	memset(f, 0, sizeof *f);
	if (ws_load(w, o, NULL, 0, 0, 0) < 0)
		return -1;
	w->files = ws_ledger_files(o, o->args, o->nargs, &w->nfiles);
	/* without departments.tsv, ledgers name departments too: learn them before --dept is resolved */
	w->fdept = xmalloc((w->nfiles ? w->nfiles : 1) * sizeof *w->fdept);
	for (size_t i = 0; i < w->nfiles; i++)
		w->fdept[i] = ledger_department(&w->plan, w->files[i], &quiet);
	return make_filter(f, w, o);
}

static void
engine(struct ws *w, const struct opts *o, day_t asof, const struct oblig_sink *sinks, size_t n)
{
	struct oblig_opts oo = { asof, o->soon, o->stale, o->roll };
	struct ledger_opts lo = { .enc = o->enc };
	if (oblig_run(&w->plan, w->files, w->fdept, w->nfiles, &lo, &oo, sinks, n) < 0)
		w->unreadable = 1;
}

/* The rows the filter keeps, as of asof, into s. */
static void
collect(struct ws *w, struct filter *f, const struct opts *o, day_t asof, struct oblig_set *s)
{
	size_t n = workers();
	struct oblig_set *sets = xcalloc(n, sizeof *sets);
	struct oblig_sink *sinks = xcalloc(n, sizeof *sinks);
	for (size_t i = 0; i < n; i++) {
		sets[i].keep = keep;
		sets[i].keeparg = f;
		sets[i].drop_keys = 1; /* the reports print items, not keys */
		sinks[i] = oblig_set_sink(&sets[i]);
	}
	engine(w, o, asof, sinks, n);
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < n; i++)
		oblig_set_merge(s, &sets[i]);
	free(sets);
	free(sinks);
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

static void
warn_provisional(int provisional)
{
	if (provisional)
		cmd_provisional("a due date or a count of working days");
}

static void
done(struct ws *w, struct filter *f, struct oblig_set *s)
{
	free(f->depts);
	if (s)
		oblig_free(s);
	ws_free(w);
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

/* Hands one row to out: to measure it (measure 1) or to write it. */
static void
put_row(struct out *out, const struct ws *w, const struct opts *o, const struct oblig *ob, int measure)
{
	char period[16] = "", start[DATE_BUFSZ] = "", due[DATE_BUFSZ + 1] = "", done_[DATE_BUFSZ] = "";
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
		date_format(ob->done, done_);
	snprintf(lwd, sizeof lwd, "%ld", ob->late_wd);
	snprintf(ld, sizeof ld, "%ld", ob->late_days);
	rule_format(&t->rule, rule, sizeof rule);
	const char *vals[] = { w->plan.depts[ob->dept].name, t->id, ob->item ? ob->item : "", period, start, due,
		               done_, oblig_status_name(ob->status), lwd, ld, rule };
	if (measure)
		out_measure(out, vals);
	else
		out_row(out, vals, style_of(ob->status));
}

static int
print_rows(const struct ws *w, const struct opts *o, const struct oblig_set *s)
{
	struct out *out = out_begin(stdout, &o->out, status_cols, sizeof status_cols / sizeof status_cols[0]);
	/* the rows are held here already: a table measures them in a first pass
	 * rather than keeping a formatted copy of each (issue 7: memory) */
	if (o->out.format == OUT_TABLE)
		for (size_t i = 0; i < s->n; i++)
			put_row(out, w, o, &s->v[i], 1);
	for (size_t i = 0; i < s->n; i++)
		put_row(out, w, o, &s->v[i], 0);
	return finish_output(out);
}

int
cmd_status(struct opts *o)
{
	struct ws w;
	struct filter f;
	struct oblig_set s = { 0 };
	int rc = EXIT_TROUBLE;

	if (prepare(&w, &f, o) == 0) {
		collect(&w, &f, o, o->asof, &s);
		oblig_sort(&s, &w.plan, 0);
		rc = print_rows(&w, o, &s) < 0 ? EXIT_TROUBLE : report_status(&w, 0);
		warn_provisional(s.provisional);
	}
	done(&w, &f, &s);
	return rc;
}

static int
overdue_or_soon(const struct oblig *ob, const void *arg)
{
	const struct opts *o = arg;
	return ob->status == ST_OVERDUE || (o->soon_given && ob->status == ST_DUE_SOON);
}

int
cmd_overdue(struct opts *o)
{
	struct ws w;
	struct filter f;
	struct oblig_set s = { 0 };
	int rc = EXIT_TROUBLE;

	if (prepare(&w, &f, o) == 0) {
		f.also = overdue_or_soon;
		f.alsoarg = o;
		collect(&w, &f, o, o->asof, &s);
		oblig_sort(&s, &w.plan, 1);
		rc = print_rows(&w, o, &s) < 0 ? EXIT_TROUBLE : report_status(&w, s.n > 0);
		warn_provisional(s.provisional);
	}
	done(&w, &f, &s);
	return rc;
}

/* --- summary: counted as the engine goes, no rows kept --- */

enum by { BY_DEPT, BY_TASK, BY_AREA, BY_MONTH };
#define MONTHS ((DATE_MAX_YEAR - DATE_MIN_YEAR + 1) * 12)

struct tally {
	struct filter *f;
	enum by        by;
	const int     *area;    /* BY_AREA: each task's area index */
	day_t          asof;
	size_t         ngroups;
	long         (*tot)[ST_COUNT];
	long         (*pend)[ST_COUNT]; /* the department being counted */
	int            provisional;
	/* --dept is decided once a department (every row has the sink's) */
	int            dept_ok;
	/* the emit by the grouping, after the row tests when there are any */
	void         (*emit)(void *arg, const struct oblig *ob);
};

/* The group of a row by department, task or area. */
static size_t
group_of(const struct tally *t, const struct oblig *ob)
{
	return t->by == BY_DEPT ? (size_t)ob->dept : t->by == BY_TASK ? (size_t)ob->task : (size_t)t->area[ob->task];
}

/* The group of a row by due month; an ongoing task counts in the as-of month. */
static size_t
month_of(const struct tally *t, const struct oblig *ob)
{
	int y, m, d;
	date_to_ymd(ob->has_due ? ob->due : t->asof, &y, &m, &d);
	return (size_t)((y - DATE_MIN_YEAR) * 12 + m - 1);
}

static void
tally_begin(void *arg, int dept)
{
	struct tally *t = arg;
	memset(t->pend, 0, t->ngroups * sizeof *t->pend);
	t->dept_ok = dept_selected(t->f, dept);
}

static void
tally_add(struct tally *t, const struct oblig *ob, size_t g)
{
	t->pend[g][ob->status]++;
	/* written only when it changes: the workers' tallies sit side by side,
	 * and a store on every row would bounce their cache line between cores */
	if (ob->provisional && !t->provisional)
		t->provisional = 1;
}

/* The emits by grouping call nothing (and so save no register) when by
 * department, task or area; by month a row's group takes date_to_ymd. */
static void
tally_emit(void *arg, const struct oblig *ob)
{
	struct tally *t = arg;
	if (t->dept_ok)
		tally_add(t, ob, group_of(t, ob));
}

static void
tally_emit_month(void *arg, const struct oblig *ob)
{
	struct tally *t = arg;
	if (t->dept_ok)
		tally_add(t, ob, month_of(t, ob));
}

/* --task or --status given: the row tests, then the emit by grouping. */
static void
tally_emit_tested(void *arg, const struct oblig *ob)
{
	struct tally *t = arg;
	if (keep_row(ob, t->f))
		t->emit(arg, ob);
}

static void
tally_commit(void *arg)
{
	struct tally *t = arg;
	for (size_t g = 0; g < t->ngroups; g++)
		for (int k = 0; k < ST_COUNT; k++)
			t->tot[g][k] += t->pend[g][k];
}

static void
tally_rollback(void *arg)
{
	struct tally *t = arg;
	memset(t->pend, 0, t->ngroups * sizeof *t->pend);
}

/* on_time / (on_time + late + overdue), 4 decimals; "" when nothing was due. */
static double
rate(const long *n, char *buf, size_t bufsz)
{
	long den = n[ST_ON_TIME] + n[ST_LATE] + n[ST_OVERDUE];
	double frac = den ? (double)n[ST_ON_TIME] / (double)den : -1;
	if (den)
		snprintf(buf, bufsz, "%.4f", frac);
	else if (bufsz)
		buf[0] = '\0';
	return frac;
}

/* A group's name for output. */
static const char *
group_name(const struct ws *w, enum by by, size_t g, char *buf, size_t bufsz)
{
	switch (by) {
	case BY_DEPT: return w->plan.depts[g].name;
	case BY_TASK: return w->plan.tasks[g].id;
	case BY_AREA: return w->plan.tasks[g].area; /* g is the area's first task */
	default:
		snprintf(buf, bufsz, "%04d-%02d", (int)(g / 12) + DATE_MIN_YEAR, (int)(g % 12) + 1);
		return buf;
	}
}

struct grow {
	const char *name;
	const long *n;
	size_t      g;
};

static enum by sort_by;
static const struct plan *sort_plan;

static int
cmp_grow(const void *pa, const void *pb)
{
	const struct grow *a = pa, *b = pb;
	return sort_by == BY_TASK ? plan_cmp_ids(a->name, b->name) : strcmp(a->name, b->name);
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
	const char *bys = o->by ? o->by : "dept";
	enum by by;
	struct ws w;
	struct filter f;
	int rc = EXIT_TROUBLE;

	if (!strcmp(bys, "dept") || !strcmp(bys, "department"))
		by = BY_DEPT;
	else if (!strcmp(bys, "task"))
		by = BY_TASK;
	else if (!strcmp(bys, "area"))
		by = BY_AREA;
	else if (!strcmp(bys, "month"))
		by = BY_MONTH;
	else
		return cmd_usage("--by '%s': expected dept, task, area or month", bys);
	if (prepare(&w, &f, o) < 0) {
		done(&w, &f, NULL);
		return EXIT_TROUBLE;
	}
	const struct plan *p = &w.plan;
	size_t ngroups = by == BY_DEPT ? p->ndepts : by == BY_MONTH ? MONTHS : p->ntasks;
	int *area = xcalloc(p->ntasks ? p->ntasks : 1, sizeof *area);
	for (size_t i = 0; i < p->ntasks; i++)
		for (size_t k = 0; k <= i; k++)
			if (strcmp(p->tasks[k].area, p->tasks[i].area) == 0) {
				area[i] = (int)k;
				break;
			}
	size_t n = workers();
	struct tally *tv = xcalloc(n, sizeof *tv);
	struct oblig_sink *sinks = xcalloc(n, sizeof *sinks);
	for (size_t i = 0; i < n; i++) {
		tv[i] = (struct tally){ &f, by, area, o->asof, ngroups, xcalloc(ngroups, sizeof *tv[i].tot),
			                xcalloc(ngroups, sizeof *tv[i].pend), 0, 0,
			                by == BY_MONTH ? tally_emit_month : tally_emit };
		sinks[i] = (struct oblig_sink){ tally_begin, tests_rows(&f) ? tally_emit_tested : tv[i].emit, tally_commit,
			                        tally_rollback, &tv[i], 1 };
	}
	engine(&w, o, o->asof, sinks, n);
	for (size_t i = 1; i < n; i++) {
		for (size_t g = 0; g < ngroups; g++)
			for (int k = 0; k < ST_COUNT; k++)
				tv[0].tot[g][k] += tv[i].tot[g][k];
		tv[0].provisional |= tv[i].provisional;
	}
	struct grow *rows = xcalloc(ngroups, sizeof *rows);
	size_t nrows = 0;
	char (*names)[16] = xcalloc(ngroups, sizeof *names);
	for (size_t g = 0; g < ngroups; g++) {
		long total = 0;
		for (int k = 0; k < ST_COUNT; k++)
			total += tv[0].tot[g][k];
		if (total)
			rows[nrows++] = (struct grow){ group_name(&w, by, g, names[g], sizeof names[g]), tv[0].tot[g], g };
	}
	sort_by = by;
	sort_plan = p;
	qsort(rows, nrows, sizeof *rows, cmp_grow);
	/* the bar only for people at a terminal */
	int bar = o->out.format == OUT_TABLE && o->out.width > 0;
	struct out *out = out_begin(stdout, &o->out, cols, sizeof cols / sizeof cols[0] - !bar);
	for (size_t i = 0; i < nrows; i++) {
		char num[ST_COUNT][24], tot[24], r[16], b[64] = "";
		long total = 0;
		for (int k = 0; k < ST_COUNT; k++) {
			snprintf(num[k], sizeof num[k], "%ld", rows[i].n[k]);
			total += rows[i].n[k];
		}
		snprintf(tot, sizeof tot, "%ld", total);
		double frac = rate(rows[i].n, r, sizeof r);
		if (frac >= 0)
			out_bar(b, sizeof b, frac, 10);
		const char *vals[] = { rows[i].name, tot, num[ST_ON_TIME], num[ST_LATE], num[ST_OPEN],
			               num[ST_DUE_SOON], num[ST_OVERDUE], num[ST_ONGOING], num[ST_STALE], r, b };
		enum out_style st = frac < 0 ? STYLE_PLAIN : frac >= 0.9 ? STYLE_GOOD : frac >= 0.6 ? STYLE_WARN : STYLE_BAD;
		out_row(out, vals, st);
	}
	rc = finish_output(out) < 0 ? EXIT_TROUBLE : report_status(&w, 0);
	warn_provisional(tv[0].provisional);
	for (size_t i = 0; i < n; i++) {
		free(tv[i].tot);
		free(tv[i].pend);
	}
	free(tv);
	free(sinks);
	free(rows);
	free(names);
	free(area);
	done(&w, &f, NULL);
	return rc;
}

/* --- score: the monthly assessment --- */

struct month {
	day_t first, last;
};

/* Obligations that count in the month: due in it, or ongoing and stale. */
static int
in_month(const struct oblig *ob, const void *arg)
{
	const struct month *m = arg;
	return ob->status == ST_STALE || (ob->has_due && ob->due >= m->first && ob->due <= m->last);
}

int
cmd_score(struct opts *o)
{
	static const struct out_col cols[] = {
		{ "department", "部门", OUT_STR, 0 }, { "month", "月份", OUT_STR, 0 },
		{ "due_count", "到期事项", OUT_INT, 0 }, { "missed", "未按时完成", OUT_INT, 0 },
		{ "points", "扣分", OUT_INT, 0 },
	};
	struct ws w;
	struct filter f;
	struct oblig_set s = { 0 };
	struct month mo;
	int y, m, d, rc = EXIT_TROUBLE;

	if (o->month) {
		char *end;
		y = (int)strtol(o->month, &end, 10);
		if (end - o->month != 4 || *end != '-' || (m = (int)strtol(end + 1, &end, 10)) < 1 || m > 12 || *end ||
		    y < DATE_MIN_YEAR || y > DATE_MAX_YEAR)
			return cmd_usage("--month '%s': expected YYYY-MM", o->month);
		mo.first = date_from_ymd(y, m, 1);
	} else {
		/* the month before the as-of month */
		mo.first = date_month_first(date_month_first(o->asof) - 1);
		date_to_ymd(mo.first, &y, &m, &d);
	}
	mo.last = date_month_last(mo.first);
	if (prepare(&w, &f, o) < 0) {
		done(&w, &f, NULL);
		return EXIT_TROUBLE;
	}
	f.also = in_month;
	f.alsoarg = &mo;
	/* status at the month's end, or as of today for the current month */
	collect(&w, &f, o, mo.last < o->asof ? mo.last : o->asof, &s);

	size_t nd = w.plan.ndepts;
	long *due = xcalloc(nd, sizeof *due), *missed = xcalloc(nd, sizeof *missed), *pts = xcalloc(nd, sizeof *pts);
	for (size_t i = 0; i < s.n; i++) {
		const struct oblig *ob = &s.v[i];
		int miss = ob->status == ST_STALE || !(ob->has_done && ob->done <= ob->due);
		due[ob->dept]++;
		missed[ob->dept] += miss;
		pts[ob->dept] += miss ? w.plan.tasks[ob->task].points : 0;
	}
	/* every department that owes something, in name order */
	int *order = xmalloc((nd ? nd : 1) * sizeof *order);
	size_t no = 0;
	for (size_t i = 0; i < nd; i++) {
		int owes = 0;
		if (w.plan.depts[i].is_group)
			continue;
		for (size_t t = 0; t < w.plan.ntasks && !owes; t++)
			owes = plan_names(&w.plan, &w.plan.tasks[t], (int)i);
		if ((owes || due[i]) && dept_selected(&f, (int)i))
			order[no++] = (int)i;
	}
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
	rc = finish_output(out) < 0 ? EXIT_TROUBLE : report_status(&w, 0);
	warn_provisional(s.provisional);
	free(order);
	free(due);
	free(missed);
	free(pts);
	done(&w, &f, &s);
	return rc;
}
