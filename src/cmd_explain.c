/* cmd_explain — `explain DEPT TASK [ITEM|PERIOD]`: how an obligation's due date and status were reached, day by day. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "cmd.h"
#include "diag.h"
#include "oblig.h"
#include "text.h"
#include "ws.h"

/* A list of more than LIST_MAX days prints its first and last LIST_ENDS days
 * and one line for those between: readable, and the running count still ends right. */
#define LIST_MAX   42
#define LIST_ENDS  10
#define REQ_COLS   60 /* the requirement is shortened to this many columns */
#define LABEL_COLS 12

/* A ledger entry and the ledger it came from. */
struct ref {
	const struct entry  *e;
	const struct ledger *l;
};

struct ex {
	struct ws          w;
	struct oblig_set   s;
	struct oblig_opts  oo;
	const struct opts *o;
	int                dept, task;
	const struct task *t;
	const struct rule *ru;
	struct ref        *r;      /* the department's entries of the task up to as-of, in the engine's order */
	size_t             nr;
	size_t             nlater; /* its entries dated after as-of (ignored) */
	size_t            *sel;    /* indexes into s.v of the obligations to explain */
	size_t             nsel;
};

static int zh; /* --lang zh */

/* A label or format in the output language; both arms are literals, so formats are checked. */
#define tr(en, z) (zh ? (z) : (en))

/* ===== facts shared by the text and JSON writers ===== */

static const char *
weekday(day_t d, int en)
{
	static const char *const e[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	static const char *const z[] = { "周一", "周二", "周三", "周四", "周五", "周六", "周日" };
	int w = date_weekday(d);
	return zh && !en ? z[w] : e[w];
}

static int
is_item_rule(const struct rule *r)
{
	return r->kind == RULE_WITHIN;
}

static int
is_periodic(const struct rule *r)
{
	return r->kind == RULE_ANNUAL || r->kind == RULE_EVERY || r->kind == RULE_AT_LEAST_PER;
}

static int
is_at_least(const struct rule *r)
{
	return r->kind == RULE_AT_LEAST_BY || r->kind == RULE_AT_LEAST_PER;
}

/* The fixed due date as the rule writes it (before --roll); 0 when the rule has none. */
static int
written_due(const struct ex *x, const struct oblig *ob, day_t *d)
{
	const struct rule *r = x->ru;
	if (r->kind == RULE_BY || r->kind == RULE_AT_LEAST_BY) {
		*d = r->date;
	} else if (r->kind == RULE_ANNUAL) {
		int y = date_year(ob->start), dd = r->day;
		if (r->month == 2 && dd == 29 && !date_is_leap(y))
			dd = 28; /* annual 02-29 falls on 02-28 in common years */
		*d = date_from_ymd(y, r->month, dd);
	} else if (is_periodic(r)) {
		*d = period_last(ob->pkind, ob->start);
	} else {
		return 0;
	}
	return 1;
}

/* Where the count towards the due date starts: the start entry or the plan's issued date. */
static int
count_from(const struct ex *x, const struct oblig *ob, day_t *from)
{
	if (x->ru->kind == RULE_WITHIN)
		*from = ob->start;
	else if (x->ru->kind == RULE_PLAN)
		*from = x->w.plan.issued;
	else
		return 0;
	return 1;
}

/* 1 when the item of ob, folded, is key: the set's folded key (folded here
 * only for a row that has none). */
static int
item_is(const struct oblig *ob, const char *key)
{
	if (ob->key)
		return strcmp(ob->key, key) == 0;
	size_t n = strlen(ob->item);
	char *f = xmalloc(n + 1);
	text_fold(ob->item, n, f);
	int eq = strcmp(f, key) == 0;
	free(f);
	return eq;
}

/* The first start entry of a per-item obligation; *same counts the start entries of that item that day. */
static const struct ref *
start_entry(const struct ex *x, const struct oblig *ob, size_t *same)
{
	const struct ref *first = NULL;
	*same = 0;
	for (size_t i = 0; ob->item && i < x->nr; i++) {
		const struct ref *r = &x->r[i];
		if ((r->e->ev & x->ru->starts) && r->e->date == ob->start && item_is(ob, r->e->item)) {
			first = first ? first : r;
			(*same)++;
		}
	}
	return first;
}

/* The entry at ledger l, line lineno (the engine's src/src_line), or NULL. */
static const struct ref *
ref_at(const struct ex *x, const struct ledger *l, long lineno)
{
	for (size_t i = 0; i < x->nr; i++)
		if (x->r[i].l == l && x->r[i].e->lineno == lineno)
			return &x->r[i];
	return NULL;
}

/* at least N: 1 when entry r counts towards obligation ob (as the engine decides). */
static int
counts_toward(const struct ex *x, const struct oblig *ob, const struct ref *r)
{
	const struct entry *e = r->e;
	if (e->ev != x->ru->counted)
		return 0;
	if (ob->pkind == PERIOD_NONE)
		return 1; /* at least N by DATE: every one, whatever its date */
	if (e->pkind == PERIOD_NONE)
		return period_first(ob->pkind, e->date) == ob->start;
	/* a finer period given for a coarser obligation still falls in it */
	return e->pkind <= ob->pkind && period_first(ob->pkind, e->pstart) == ob->start;
}

/* The day after which lateness is counted and the day it ends; 0 when not late. */
static int
late_span(const struct ex *x, const struct oblig *ob, day_t *end)
{
	if (ob->status == ST_LATE)
		*end = ob->done;
	else if (ob->status == ST_OVERDUE)
		*end = x->oo.asof;
	else
		return 0;
	return 1;
}

/* How the department comes to owe unit u of the task: "named", "group", "wildcard", or NULL. */
static const char *
owes_how(const struct ex *x, const struct unit *u)
{
	const struct dept *dp = &x->w.plan.depts[x->dept];
	if (u->kind == UNIT_DEPT)
		return u->dept == x->dept ? "named" : NULL;
	if (u->kind == UNIT_ALL)
		return "wildcard";
	for (size_t k = 0; k < dp->ngroups; k++)
		if (dp->groups[k] == u->dept)
			return "group";
	return NULL;
}

/* ===== text ===== */

/* "2023-09-29 Fri" into buf (at least 24 bytes). */
static const char *
day_str(day_t d, char *buf)
{
	char ds[DATE_BUFSZ];
	sprintf(buf, "%s %s", date_format(d, ds), weekday(d, 0));
	return buf;
}

/* Starts a fact line: two spaces and the label padded to LABEL_COLS columns. */
static void
label(const char *s)
{
	size_t w = text_width(s, strlen(s));
	printf("  %s%*s", s, (int)(w < LABEL_COLS ? LABEL_COLS - w : 1), "");
}

static const char *
ordinal_suffix(long n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	return n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
}

/* One entry: "2023-09-25 Mon  formed  FILE:LINE", then the item as written when with_item. */
static void
put_entry(const struct ref *r, int with_item)
{
	char b[32];
	printf("%s  %s  %s:%ld", day_str(r->e->date, b), event_name(r->e->ev), r->l->path, r->e->lineno);
	if (with_item && r->e->item_raw && *r->e->item_raw)
		printf("  %s", r->e->item_raw);
	putchar('\n');
}

/* Why day d is what it is: a holiday's name, a make-up working day, a weekend, or "". */
static void
day_reason(day_t d, char *buf, size_t bufsz)
{
	const char *name = NULL;
	enum cal_kind k = cal_kind_of(d, &name);
	int weekend = date_weekday(d) >= WD_SAT, n = 0;

	buf[0] = '\0';
	if (!name || !*name)
		name = NULL;
	if (k == CAL_OFF)
		n = snprintf(buf, bufsz, "%s%s", name ? name : tr("holiday", "节假日"),
		             weekend ? tr(", weekend", "，周末") : "");
	else if (k == CAL_WORK && weekend)
		n = snprintf(buf, bufsz, tr("make-up working day (%s)", "调休上班（%s）"), name ? name : "-");
	else if (k == CAL_NONE && weekend)
		n = snprintf(buf, bufsz, "%s", tr("weekend", "周末"));
	if (!cal_covered(d) && n >= 0 && (size_t)n < bufsz)
		snprintf(buf + n, bufsz - (size_t)n, "%s%s", n ? " " : "", tr("[provisional]", "[暂定]"));
}

/* "    2023-10-07 Sat  work  make-up working day (中秋节、国庆节) — 1" */
static void
day_line(day_t d, int counts, long n)
{
	char b[32], why[256];
	day_reason(d, why, sizeof why);
	printf("    %s  %s%s", day_str(d, b), cal_is_workday(d) ? tr("work  ", "上班  ") : tr("off   ", "休息  "), why);
	if (counts)
		printf("%s— %ld", *why ? " " : "", n);
	putchar('\n');
}

/* How many days of (a, b] count: working days, or all of them when every_day. */
static long
counted(day_t a, day_t b, int every_day)
{
	return every_day ? (long)(b - a) : cal_workdays(a, b);
}

/* Every day of (from, to], with the running count of the days that count:
 * working days, or every day for calendar-day rules. */
static void
print_days(day_t from, day_t to, int every_day)
{
	day_t cut_a = from + LIST_ENDS, cut_b = to - LIST_ENDS; /* (cut_a, cut_b] is left out */
	int cut = to - from > LIST_MAX;
	long n = 0;

	for (day_t d = from + 1; d <= to; d++) {
		if (cut && d == cut_a + 1) {
			char a[DATE_BUFSZ], b[DATE_BUFSZ];
			long k = counted(cut_a, cut_b, every_day);
			printf(tr("    …  %s .. %s: %ld more days, %ld of them counted\n",
			          "    …  %s .. %s：另 %ld 天，其中计数 %ld 天\n"),
			       date_format(cut_a + 1, a), date_format(cut_b, b), (long)(cut_b - cut_a), k);
			n += k;
			d = cut_b;
			continue;
		}
		int counts = every_day || cal_is_workday(d);
		n += counts;
		day_line(d, counts, n);
	}
}

static void
put_owes(const struct ex *x)
{
	const char *sep = "";
	int g;

	printf(tr("%s: ", "%s："), x->w.plan.depts[x->dept].name);
	for (size_t i = 0; i < x->t->nunits; i++) {
		const struct unit *u = &x->t->units[i];
		const char *how = owes_how(x, u);
		if (!how)
			continue;
		if (how[0] == 'n')
			printf(tr("%snamed in the units as %s", "%s责任单位列明“%s”"), sep, u->written);
		else if (how[0] == 'w')
			printf(tr("%scovered by %s (every department)", "%s由“%s”涵盖（全部部门）"), sep, u->written);
		else
			printf(tr("%sa member of the group %s, which the units name",
			          "%s属于责任单位所列类别“%s”"), sep,
			       x->w.plan.depts[u->dept].name);
		if (u->lead)
			fputs(tr(" (lead)", "（牵头）"), stdout);
		sep = "; ";
	}
	if (!*sep && plan_open_group(&x->w.plan, x->t, &g))
		printf(tr("the units name %s, a group with no listed members, and its ledger has entries for the task",
		          "责任单位所列类别“%s”未列成员，而其台账有该任务的记录"),
		       x->w.plan.depts[g].name);
	putchar('\n');
}

static void
put_task(const struct ex *x)
{
	const char *req = x->t->requirement ? x->t->requirement : "";
	size_t n = strlen(req), fit = text_fit(req, n, REQ_COLS);
	char rule[RULE_BUFSZ], d[32];

	rule_format(x->ru, rule, sizeof rule);
	printf(tr("task %s  %.*s%s\n", "任务 %s  %.*s%s\n"), x->t->id, (int)fit, req, fit < n ? "…" : "");
	label(tr("deadline", "时限要求"));
	printf("%s\n", x->t->deadline && *x->t->deadline ? x->t->deadline : "-");
	label(tr("rule", "规则"));
	printf("%s%s\n", rule,
	       x->t->rule_text && *x->t->rule_text ? tr(" (from the rule column)", "（取自规则列）")
	                                           : tr(" (read from the deadline)", "（由时限要求读出）"));
	label(tr("department", "部门"));
	put_owes(x);
	label(tr("as of", "截至"));
	printf(tr("%s; the department's entries for the task up to then: %zu", "%s；截至当日该部门该任务记录 %zu 条"),
	       day_str(x->oo.asof, d), x->nr);
	if (x->nlater)
		printf(tr(" (and %zu later, ignored)", "（其后 %zu 条不计）"), x->nlater);
	putchar('\n');
}

/* A fixed due date (by, annual, every, at least): as written, and moved by --roll. */
static void
put_fixed_due(const struct ex *x, day_t written, const char *how)
{
	char b[32], why[256];
	day_t rolled = cal_is_workday(written) ? written : cal_due(written, 1);

	label(tr("due", "时限"));
	printf(tr("%s, %s", "%s，%s"), day_str(written, b), how);
	if (written == rolled) {
		printf(tr(": a working day\n", "：工作日\n"));
		return;
	}
	day_reason(written, why, sizeof why);
	printf(tr(": a day off (%s)\n", "：休息日（%s）\n"), why);
	if (!x->o->roll) {
		label("");
		printf(tr("kept as written (--roll would move it to %s)\n",
		          "按原日期（--roll 将顺延至 %s）\n"), day_str(rolled, b));
		return;
	}
	label("--roll");
	printf(tr("moved to the next working day:\n", "顺延至下一个工作日：\n"));
	print_days(written, rolled, 0);
	label(tr("due", "时限"));
	printf("%s\n", day_str(rolled, b));
}

/* A due date counted from a start: every day from the day after it to the due date. */
static void
put_counted_due(const struct oblig *ob, day_t from, long n, int workdays)
{
	char b[32];
	label(tr("counting", "计算"));
	if (workdays)
		printf(tr("%ld working days after %s (that day itself is not counted):\n",
		          "%2$s 之后第 %1$ld 个工作日（当日不计）：\n"),
		       n, date_format(from, b));
	else
		printf(tr("%ld calendar days after %s (that day is not counted; days off count):\n",
		          "%2$s 之后第 %1$ld 日（当日不计，休息日照计）：\n"),
		       n, date_format(from, b));
	print_days(from, ob->due, !workdays);
	label(tr("due", "时限"));
	printf("%s\n", day_str(ob->due, b));
}

static void
put_start(const struct ex *x, const struct oblig *ob)
{
	size_t same;
	const struct ref *r = start_entry(x, ob, &same);
	char b[32];
	label(tr("start", "起算"));
	if (x->ru->kind == RULE_PLAN) {
		printf(tr("%s, the plan's issued date\n", "%s，方案发布日\n"), day_str(x->w.plan.issued, b));
		return;
	}
	if (!r) {
		printf("%s\n", day_str(ob->start, b));
		return;
	}
	/* the item as written, when folding changed it */
	put_entry(r, strcmp(r->e->item_raw, ob->item) != 0);
	if (same > 1) {
		label("");
		printf(tr("(%zu more start entries of the item that day: one obligation)\n",
		          "（当日该信息另有 %zu 条起算记录，合为一项）\n"),
		       same - 1);
	}
}

static void
put_period(const struct oblig *ob)
{
	char per[16], a[DATE_BUFSZ], b[DATE_BUFSZ];
	ledger_format_period(ob->pkind, ob->start, per, sizeof per);
	label(tr("period", "期间"));
	printf("%s (%s..%s)\n", per, date_format(ob->start, a), date_format(period_last(ob->pkind, ob->start), b));
}

static void
put_due(const struct ex *x, const struct oblig *ob)
{
	char how[96];
	day_t d;

	if (count_from(x, ob, &d)) {
		put_start(x, ob);
		put_counted_due(ob, d, x->ru->n, x->ru->workdays);
		return;
	}
	if (is_periodic(x->ru))
		put_period(ob);
	written_due(x, ob, &d);
	if (x->ru->kind == RULE_ANNUAL)
		snprintf(how, sizeof how, tr("%02d-%02d of the year", "当年%d月%d日"), x->ru->month, x->ru->day);
	else if (is_periodic(x->ru))
		snprintf(how, sizeof how, "%s", tr("the period's last day", "期末"));
	else
		snprintf(how, sizeof how, "%s", tr("as written", "按规则所写"));
	put_fixed_due(x, d, how);
}

/* at least N: the entries that count, in order. */
static void
put_counted_entries(const struct ex *x, const struct oblig *ob)
{
	long k = 0;
	const char *ev = event_name(x->ru->counted);
	label(tr("counted", "计数"));
	if (ob->pkind == PERIOD_NONE)
		printf(tr("%s entries up to the as-of date, whatever their date (%d needed):\n",
		          "截至当日的全部 %s 记录（需 %d 条）：\n"), ev, x->ru->n);
	else
		printf(tr("%s entries of the period, by their period column, else their date (%d needed):\n",
		          "属于本期间的 %s 记录，按期间列，否则按日期（需 %d 条）：\n"), ev, x->ru->n);
	for (size_t i = 0; i < x->nr; i++)
		if (counts_toward(x, ob, &x->r[i])) {
			printf("    %2ld  ", ++k);
			put_entry(&x->r[i], 1);
		}
	if (!k)
		printf(tr("    none\n", "    无\n"));
}

/* Why the completing entry r is the one: which rule of SPEC §5 picked it. */
static void
put_why_done(const struct ex *x, const struct oblig *ob, const struct ref *r)
{
	char per[16];
	label("");
	if (is_at_least(x->ru) && zh) {
		printf("第 %d 条 %s 记录\n", x->ru->n, event_name(x->ru->counted));
	} else if (is_at_least(x->ru)) {
		printf("the %d%s %s entry\n", x->ru->n, ordinal_suffix(x->ru->n), event_name(x->ru->counted));
	} else if (is_item_rule(x->ru)) {
		printf(tr("the first published entry of the item on or after its start\n",
		          "该信息起算日及以后的首条 published 记录\n"));
	} else if (is_periodic(x->ru)) {
		ledger_format_period(ob->pkind, ob->start, per, sizeof per);
		printf(tr("the first done entry of %s, %s\n", "%s 的首条 done 记录，%s\n"), per,
		       r->e->pkind != PERIOD_NONE ? tr("by its period column", "按期间列")
		                                  : tr("by its date", "按日期"));
	} else {
		printf(tr("the first done entry, whatever its date\n", "首条 done 记录（不论日期）\n"));
	}
}

static void
put_completion(const struct ex *x, const struct oblig *ob)
{
	const struct ref *r = ob->has_done ? ref_at(x, ob->src, ob->src_line) : NULL;
	char d[DATE_BUFSZ];

	if (is_at_least(x->ru))
		put_counted_entries(x, ob);
	label(tr("completed", "完成"));
	if (r) {
		put_entry(r, 0);
		put_why_done(x, ob, r);
		return;
	}
	date_format(x->oo.asof, d);
	if (is_item_rule(x->ru))
		printf(tr("no: no published entry of the item on or after its start, up to %s\n",
		          "否：截至 %s 无该信息起算日及以后的 published 记录\n"), d);
	else if (is_at_least(x->ru))
		printf(tr("no: %d of %d %s entries up to %s\n",
		          "否：截至 %4$s 仅 %1$d 条 %3$s 记录，需 %2$d 条\n"), ob->count,
		       x->ru->n, event_name(x->ru->counted), d);
	else if (is_periodic(x->ru))
		printf(tr("no: no done entry of this period up to %s\n", "否：截至 %s 无本期间的 done 记录\n"), d);
	else
		printf(tr("no: no done entry up to %s\n", "否：截至 %s 无 done 记录\n"), d);
}

/* late or overdue: the working days counted between the due date and done or as-of. */
static void
put_lateness(const struct oblig *ob, day_t end)
{
	char a[DATE_BUFSZ], b[DATE_BUFSZ];
	date_format(ob->due, a);
	date_format(end, b);
	label(tr("late_wd", "逾期工作日"));
	printf(tr("%ld: the working days in (%s, %s]:\n", "%ld：(%s, %s] 中的工作日：\n"), ob->late_wd, a, b);
	print_days(ob->due, end, 0);
	label(tr("late_days", "逾期天数"));
	printf("%ld: %s − %s\n", ob->late_days, b, a);
}

static void
put_status(const struct ex *x, const struct oblig *ob)
{
	char d[32];
	day_t end;

	label(tr("status", "状态"));
	printf(tr("%s as of %s: ", "%s（截至 %s）："), oblig_status_name(ob->status), day_str(x->oo.asof, d));
	if (ob->status == ST_ON_TIME)
		printf(tr("completed on or before the due date\n", "在时限内完成\n"));
	else if (ob->status == ST_LATE)
		printf(tr("completed after the due date\n", "超过时限完成\n"));
	else if (ob->status == ST_OVERDUE)
		printf(tr("not completed, and the due date has passed\n", "未完成，且已过时限\n"));
	else if (ob->due == x->oo.asof)
		printf(tr("not completed; due on the as-of date itself (within --soon %ld)\n",
		          "未完成；当日到期（不超过 --soon %ld）\n"), x->oo.soon);
	else
		printf(tr("not completed; due in %ld working days (%s --soon %ld)\n",
		          "未完成；%ld 个工作日后到期（%s --soon %ld）\n"),
		       cal_workdays(x->oo.asof, ob->due),
		       ob->status == ST_OPEN ? tr("more than", "多于") : tr("within", "不超过"), x->oo.soon);
	if (late_span(x, ob, &end))
		put_lateness(ob, end);
}

/* ongoing: the last entry and the --stale window. */
static void
put_ongoing(const struct ex *x, const struct oblig *ob)
{
	const struct ref *r = ob->has_done ? ref_at(x, ob->src, ob->src_line) : NULL;
	day_t asof = x->oo.asof, from = asof - (day_t)x->oo.stale;
	char a[DATE_BUFSZ], b[DATE_BUFSZ], c[DATE_BUFSZ], d[32];

	label(tr("due", "时限"));
	printf(tr("none: a standing duty, reported with its last entry\n", "无：长期任务，报告最近一条记录\n"));
	label(tr("last entry", "最近记录"));
	if (r)
		put_entry(r, 1);
	else
		printf(tr("none up to %s\n", "截至 %s 无\n"), date_format(asof, a));
	label(tr("status", "状态"));
	printf(tr("%s as of %s: ", "%s（截至 %s）："), oblig_status_name(ob->status), day_str(asof, d));
	date_format(from, a);
	date_format(asof, b);
	date_format(x->w.plan.anchor, c);
	if (x->oo.stale <= 0)
		printf(tr("--stale 0: never stale\n", "--stale 0：不判久未更新\n"));
	else if (from < x->w.plan.anchor)
		printf(tr("the --stale %ld window (%s, %s] starts before the plan's anchor %s: not stale yet\n",
		          "--stale %ld 窗口 (%s, %s] 始于方案起算日 %s 之前：尚不判久未更新\n"), x->oo.stale, a, b, c);
	else if (ob->status == ST_STALE)
		printf(tr("no entry in the --stale %ld window (%s, %s]\n", "--stale %ld 窗口 (%s, %s] 内无记录\n"),
		       x->oo.stale, a, b);
	else
		printf(tr("an entry falls in the --stale %ld window (%s, %s]\n",
		          "--stale %ld 窗口 (%s, %s] 内有记录\n"),
		       x->oo.stale, a, b);
}

static void
put_heading(const struct ex *x, const struct oblig *ob, size_t k)
{
	char per[16], a[DATE_BUFSZ];
	printf(tr("\nobligation %zu of %zu", "\n第 %zu 项（共 %zu 项）"), k + 1, x->nsel);
	if (ob->item) {
		printf(tr(": item %s, started %s", "：信息 %s，起算 %s"), ob->item, date_format(ob->start, a));
	} else if (ob->pkind != PERIOD_NONE) {
		ledger_format_period(ob->pkind, ob->start, per, sizeof per);
		printf(tr(": period %s", "：期间 %s"), per);
	}
	putchar('\n');
}

static void
put_provisional(void)
{
	day_t a, b;
	char da[DATE_BUFSZ], db[DATE_BUFSZ];
	cal_coverage(&a, &b);
	label(tr("note", "注意"));
	printf(tr("provisional: the count reaches days outside the calendar (%s..%s), where only weekends are off\n",
	          "暂定：计算涉及日历覆盖范围（%s..%s）以外的日期，其间仅周末休息\n"),
	       date_format(a, da), date_format(b, db));
}

static void
text_one(const struct ex *x, const struct oblig *ob, size_t k)
{
	if (x->nsel > 1 || ob->item || ob->pkind != PERIOD_NONE)
		put_heading(x, ob, k);
	else
		putchar('\n');
	if (x->ru->kind == RULE_ONGOING) {
		put_ongoing(x, ob);
	} else {
		put_due(x, ob);
		put_completion(x, ob);
		put_status(x, ob);
	}
	if (ob->provisional)
		put_provisional();
}

/* Says why there is nothing to explain yet (no start entry, no period begun). */
static void
put_nothing(const struct ex *x)
{
	char d[DATE_BUFSZ], a[DATE_BUFSZ], ev[64];
	date_format(x->oo.asof, d);
	date_format(x->w.plan.anchor, a);
	putchar('\n');
	if (is_item_rule(x->ru)) {
		event_format_set(x->ru->starts, ev, sizeof ev);
		printf(tr("no obligation yet: no %s entry up to %s starts a clock\n",
		          "尚无义务：截至 %2$s 无起算的 %1$s 记录\n"), ev, d);
	} else if (x->ru->kind == RULE_PLAN) {
		printf(tr("no obligation: the task table has no `# issued:` date to count from\n",
		          "无义务：任务表无 `# issued:` 发布日期可供起算\n"));
	} else {
		printf(tr("no obligation yet: no period of the task falls due on or after the plan's anchor %s "
		          "and begins by %s\n",
		          "尚无义务：无在方案起算日 %s 及以后到期、且于 %s 前开始的期间\n"), a, d);
	}
}

static void
write_text(const struct ex *x)
{
	put_task(x);
	for (size_t k = 0; k < x->nsel; k++)
		text_one(x, &x->s.v[x->sel[k]], k);
	if (!x->nsel)
		put_nothing(x);
}

/* ===== JSON: one object per obligation, the status row's fields first ===== */

static void
jkey(const char *key)
{
	printf(",\"%s\":", key);
}

static void
jstr(const char *key, const char *val)
{
	jkey(key);
	out_json_string(stdout, val);
}

static void
jdate(const char *key, int has, day_t d)
{
	char b[DATE_BUFSZ] = "";
	jstr(key, has ? date_format(d, b) : "");
}

static void
jentry(const char *key, const struct ref *r)
{
	char b[DATE_BUFSZ];
	if (key)
		jkey(key);
	if (!r) {
		fputs("null", stdout);
		return;
	}
	fputs("{\"file\":", stdout);
	out_json_string(stdout, r->l->path);
	printf(",\"line\":%ld,\"date\":\"%s\",\"event\":\"%s\",\"item\":", r->e->lineno, date_format(r->e->date, b),
	       event_name(r->e->ev));
	out_json_string(stdout, r->e->item_raw);
	putchar('}');
}

/* The days of (from, to], each with what the calendar says and the running count. */
static void
jdays(const char *key, day_t from, day_t to, int every_day)
{
	long n = 0;
	jkey(key);
	putchar('[');
	for (day_t d = from + 1; d <= to; d++) {
		const char *name = NULL;
		enum cal_kind k = cal_kind_of(d, &name);
		int counts = every_day || cal_is_workday(d);
		char b[DATE_BUFSZ];
		n += counts;
		printf("%s{\"date\":\"%s\",\"weekday\":\"%s\",\"workday\":%s,\"override\":\"%s\",\"name\":",
		       d > from + 1 ? "," : "",
		       date_format(d, b), weekday(d, 1), cal_is_workday(d) ? "true" : "false",
		       k == CAL_OFF ? "off" : k == CAL_WORK ? "work" : "");
		out_json_string(stdout, name);
		printf(",\"covered\":%s,\"count\":", cal_covered(d) ? "true" : "false");
		if (counts)
			printf("%ld}", n);
		else
			fputs("null}", stdout);
	}
	putchar(']');
}

static void
jowes(const struct ex *x)
{
	int n = 0;
	jkey("owes");
	putchar('[');
	for (size_t i = 0; i < x->t->nunits; i++) {
		const struct unit *u = &x->t->units[i];
		const char *how = owes_how(x, u);
		if (!how)
			continue;
		fputs(n++ ? ",{\"unit\":" : "{\"unit\":", stdout);
		out_json_string(stdout, u->written);
		printf(",\"how\":\"%s\",\"lead\":%s}", how, u->lead ? "true" : "false");
	}
	putchar(']');
}

/* department … rule, exactly as `status -o json` writes them. */
static void
jrow(const struct ex *x, const struct oblig *ob)
{
	char per[16] = "", rule[RULE_BUFSZ];
	if (ob->pkind != PERIOD_NONE)
		ledger_format_period(ob->pkind, ob->start, per, sizeof per);
	rule_format(x->ru, rule, sizeof rule);
	fputs("{\"department\":", stdout);
	out_json_string(stdout, x->w.plan.depts[ob->dept].name);
	jstr("task", x->t->id);
	jstr("item", ob->item);
	jstr("period", per);
	jdate("start", ob->has_start, ob->start);
	jdate("due", ob->has_due, ob->due);
	jdate("done", ob->has_done, ob->done);
	jstr("status", oblig_status_name(ob->status));
	printf(",\"late_wd\":%ld,\"late_days\":%ld", ob->late_wd, ob->late_days);
	jstr("rule", rule);
}

/* The counted entries of an at-least rule. */
static void
jcounted(const struct ex *x, const struct oblig *ob)
{
	int n = 0;
	jkey("counted");
	putchar('[');
	for (size_t i = 0; is_at_least(x->ru) && i < x->nr; i++)
		if (counts_toward(x, ob, &x->r[i])) {
			fputs(n++ ? "," : "", stdout);
			jentry(NULL, &x->r[i]);
		}
	putchar(']');
}

static void
json_one(const struct ex *x, const struct oblig *ob)
{
	size_t same;
	day_t from, written, end;
	int fixed = written_due(x, ob, &written);

	jrow(x, ob);
	jstr("deadline", x->t->deadline);
	jowes(x);
	jdate("due_written", fixed, written);
	jentry("start_entry", start_entry(x, ob, &same));
	if (count_from(x, ob, &from))
		jdays("due_count", from, ob->due, !x->ru->workdays);
	else if (fixed)
		jdays("due_count", written, ob->due, 0);
	else
		jdays("due_count", 0, 0, 0);
	jentry("done_entry", ob->has_done ? ref_at(x, ob->src, ob->src_line) : NULL);
	jcounted(x, ob);
	if (late_span(x, ob, &end))
		jdays("late_count", ob->due, end, 0);
	else
		jdays("late_count", 0, 0, 0);
	jdate("stale_from", x->ru->kind == RULE_ONGOING && x->oo.stale > 0, x->oo.asof - (day_t)x->oo.stale);
	printf(",\"provisional\":%s}", ob->provisional ? "true" : "false");
}

static void
write_json(const struct ex *x)
{
	if (!x->nsel) {
		puts("[]");
		return;
	}
	for (size_t k = 0; k < x->nsel; k++) {
		fputs(k ? ",\n" : "[\n", stdout);
		json_one(x, &x->s.v[x->sel[k]]);
	}
	puts("\n]");
}

/* ===== loading and choosing ===== */

static int
cmp_ref(const void *pa, const void *pb)
{
	const struct ref *a = pa, *b = pb;
	if (a->e->date != b->e->date)
		return a->e->date < b->e->date ? -1 : 1;
	/* as the engine: on one day, clocks start before a publication stops them */
	int pa_ = a->e->ev == EV_PUBLISHED, pb_ = b->e->ev == EV_PUBLISHED;
	if (pa_ != pb_)
		return pa_ - pb_;
	if (a->l != b->l)
		return a->l < b->l ? -1 : 1;
	return a->e->seq < b->e->seq ? -1 : a->e->seq > b->e->seq;
}

/* The department's entries of the task dated on or before as-of, in the engine's order. */
static void
gather(struct ex *x)
{
	size_t cap = 0;
	for (size_t i = 0; i < x->w.nledgers; i++) {
		const struct ledger *l = &x->w.ledgers[i];
		for (size_t k = 0; l->dept == x->dept && k < l->n; k++) {
			if (l->e[k].task != x->task)
				continue;
			if (l->e[k].date > x->oo.asof) {
				x->nlater++;
				continue;
			}
			if (x->nr == cap)
				x->r = xrealloc(x->r, (cap = cap ? cap * 2 : 16) * sizeof *x->r);
			x->r[x->nr++] = (struct ref){ &l->e[k], l };
		}
	}
	if (x->nr > 1)
		qsort(x->r, x->nr, sizeof *x->r, cmp_ref);
}

static int
resolve_dept(struct ex *x, const char *name)
{
	const struct plan *p = &x->w.plan;
	x->dept = plan_dept(p, name);
	if (x->dept < 0) {
		diag_at(DIAG_ERROR, NULL, "unknown-department", "'%s' is not a department or alias of this workspace",
		        name);
		return -1;
	}
	if (p->depts[x->dept].is_group) {
		diag_at(DIAG_ERROR, NULL, "unknown-department",
		        "'%s' is a group: explain the obligation of one of its members", name);
		return -1;
	}
	return 0;
}

static int
resolve_task(struct ex *x, const char *id)
{
	const struct plan *p = &x->w.plan;
	if ((x->task = plan_task(p, id)) < 0) {
		diag_at(DIAG_ERROR, NULL, "unknown-task", "task '%s' is not in the task table", id);
		return -1;
	}
	x->t = &p->tasks[x->task];
	x->ru = &x->t->rule;
	if (x->ru->kind == RULE_NONE) {
		diag_error("task %s: its deadline could not be read, so it has no obligations "
		           "(see `gkledger check`; a `rule` column fixes it)", id);
		return -1;
	}
	if (!oblig_owes(p, x->task, x->dept, x->w.ledgers, x->w.nledgers, x->oo.asof)) {
		int g, open = plan_open_group(p, x->t, &g);
		diag_at(DIAG_ERROR, NULL, "not-responsible", "%s does not owe task %s, whose units are %s%s%s%s",
		        p->depts[x->dept].name, id, x->t->units_text, open ? " (" : "", open ? p->depts[g].name : "",
		        open ? " lists no members: a department owes the task once its ledger has an entry for it)"
		             : "");
		return -1;
	}
	return 0;
}

/* 1 when obligation ob answers the ITEM or PERIOD sel (NULL: every one). */
static int
matches(const struct ex *x, const struct oblig *ob, const char *sel, enum period pk, day_t ps)
{
	if (!sel)
		return 1;
	if (is_item_rule(x->ru))
		return item_is(ob, sel);
	/* periods match when they overlap: 2023 picks each quarter of 2023, 2023-08 picks 2023-Q3 */
	return ob->start <= period_last(pk, ps) && ps <= period_last(ob->pkind, ob->start);
}

/* After a failed choice, lists on standard error what the department has for the task. */
static void
list_existing(const struct ex *x)
{
	char a[DATE_BUFSZ], per[16];
	size_t n = 0;
	fputs(is_item_rule(x->ru) ? "gkledger: its items: " : "gkledger: its periods: ", stderr);
	for (size_t i = 0; i < x->s.n; i++) {
		const struct oblig *ob = &x->s.v[i];
		if (ob->dept != x->dept || ob->task != x->task)
			continue;
		if (is_item_rule(x->ru)) {
			fprintf(stderr, "%s%s (%s)", n++ ? "; " : "", ob->item, date_format(ob->start, a));
		} else {
			ledger_format_period(ob->pkind, ob->start, per, sizeof per);
			fprintf(stderr, "%s%s", n++ ? ", " : "", per);
		}
	}
	fputs(n ? "\n" : "none yet\n", stderr);
}

/* Folds an ITEM argument or parses a PERIOD; refuses either for the other rules. */
static int
parse_sel(const struct ex *x, const char *arg, char **sel, enum period *pk, day_t *ps)
{
	char rule[RULE_BUFSZ];
	rule_format(x->ru, rule, sizeof rule);
	if (is_item_rule(x->ru)) {
		*sel = xmalloc(strlen(arg) + 1);
		text_fold(arg, strlen(arg), *sel);
		return 0;
	}
	if (!is_periodic(x->ru)) {
		cmd_usage("task %s (%s) has one obligation per department: it takes no ITEM or PERIOD", x->t->id, rule);
		return -1;
	}
	if (ledger_parse_period(arg, pk, ps) < 0) {
		cmd_usage("'%s': task %s (%s) is periodic: name a period such as 2023, 2023-H1, 2023-Q3 or 2023-07",
		          arg, x->t->id, rule);
		return -1;
	}
	*sel = xstrdup(arg);
	return 0;
}

/* Chooses the obligations to explain; an ITEM or PERIOD that matches none is a usage error. */
static int
choose(struct ex *x, const char *arg)
{
	char *sel = NULL, d[DATE_BUFSZ];
	enum period pk = PERIOD_NONE;
	day_t ps = 0;

	if (arg && parse_sel(x, arg, &sel, &pk, &ps) < 0)
		return -1;
	x->sel = xmalloc((x->s.n ? x->s.n : 1) * sizeof *x->sel);
	for (size_t i = 0; i < x->s.n; i++) {
		const struct oblig *ob = &x->s.v[i];
		if (ob->dept == x->dept && ob->task == x->task && matches(x, ob, sel, pk, ps))
			x->sel[x->nsel++] = i;
	}
	free(sel);
	if (!arg || x->nsel)
		return 0;
	diag_at(DIAG_ERROR, NULL, is_item_rule(x->ru) ? "unknown-item" : "unknown-period",
	        "%s has no obligation of task %s for %s '%s' as of %s", x->w.plan.depts[x->dept].name, x->t->id,
	        is_item_rule(x->ru) ? "item" : "period", arg, date_format(x->oo.asof, d));
	list_existing(x);
	return -1;
}

/* -o csv / tsv: one row per day counted or skipped (step due_count for the
 * count to the due date, late_count for the lateness), after the columns of
 * `status`; an obligation with no day to count (ongoing) has one row, step empty. */
static const struct out_col row_cols[] = {
	{ "department", NULL, OUT_STR, 0 }, { "task", NULL, OUT_STR, 0 },    { "item", NULL, OUT_STR, 0 },
	{ "period", NULL, OUT_STR, 0 },     { "start", NULL, OUT_STR, 0 },   { "due", NULL, OUT_STR, 0 },
	{ "done", NULL, OUT_STR, 0 },       { "status", NULL, OUT_STR, 0 },  { "late_wd", NULL, OUT_INT, 0 },
	{ "late_days", NULL, OUT_INT, 0 },  { "rule", NULL, OUT_STR, 0 },    { "step", NULL, OUT_STR, 0 },
	{ "date", NULL, OUT_STR, 0 },       { "weekday", NULL, OUT_STR, 0 }, { "workday", NULL, OUT_INT, 0 },
	{ "override", NULL, OUT_STR, 0 },   { "name", NULL, OUT_STR, 0 },    { "count", NULL, OUT_INT, 0 },
};

struct rowctx {
	struct out        *out;
	const char        *head[11];
};

static void
row_days(struct rowctx *c, const char *step, day_t from, day_t to, int every_day)
{
	long n = 0;
	for (day_t d = from + 1; d <= to; d++) {
		const char *name = NULL;
		enum cal_kind k = cal_kind_of(d, &name);
		int counts = every_day || cal_is_workday(d);
		char b[DATE_BUFSZ], wd[4], cnt[24] = "";
		const char *v[18];
		n += counts;
		if (counts)
			snprintf(cnt, sizeof cnt, "%ld", n);
		snprintf(wd, sizeof wd, "%d", cal_is_workday(d));
		memcpy(v, c->head, sizeof c->head);
		v[11] = step;
		v[12] = date_format(d, b);
		v[13] = weekday(d, 1);
		v[14] = wd;
		v[15] = k == CAL_OFF ? "off" : k == CAL_WORK ? "work" : "";
		v[16] = name ? name : "";
		v[17] = cnt;
		out_row(c->out, v, STYLE_PLAIN);
	}
}

static void
row_one(struct rowctx *c, const struct ex *x, const struct oblig *ob)
{
	char per[16] = "", rule[RULE_BUFSZ], st[DATE_BUFSZ] = "", du[DATE_BUFSZ] = "", dn[DATE_BUFSZ] = "";
	char lwd[24], ld[24];
	day_t from, written, end;
	int fixed = written_due(x, ob, &written), any = 0;

	if (ob->pkind != PERIOD_NONE)
		ledger_format_period(ob->pkind, ob->start, per, sizeof per);
	rule_format(x->ru, rule, sizeof rule);
	if (ob->has_start)
		date_format(ob->start, st);
	if (ob->has_due)
		date_format(ob->due, du);
	if (ob->has_done)
		date_format(ob->done, dn);
	snprintf(lwd, sizeof lwd, "%ld", ob->late_wd);
	snprintf(ld, sizeof ld, "%ld", ob->late_days);
	const char *head[11] = { x->w.plan.depts[ob->dept].name, x->t->id, ob->item ? ob->item : "", per, st, du, dn,
		                 oblig_status_name(ob->status), lwd, ld, rule };
	memcpy(c->head, head, sizeof head);
	if (count_from(x, ob, &from) && ob->due > from) {
		row_days(c, "due_count", from, ob->due, !x->ru->workdays);
		any = 1;
	} else if (fixed && ob->due > written) {
		row_days(c, "due_count", written, ob->due, 0);
		any = 1;
	}
	if (late_span(x, ob, &end) && end > ob->due) {
		row_days(c, "late_count", ob->due, end, 0);
		any = 1;
	}
	if (!any) {
		const char *v[18];
		memcpy(v, c->head, sizeof c->head);
		for (int i = 11; i < 18; i++)
			v[i] = "";
		out_row(c->out, v, STYLE_PLAIN);
	}
}

static void
write_rows(const struct ex *x, const struct opts *o)
{
	struct rowctx c;
	c.out = out_begin(stdout, &o->out, row_cols, sizeof row_cols / sizeof row_cols[0]);
	for (size_t k = 0; k < x->nsel; k++)
		row_one(&c, x, &x->s.v[x->sel[k]]);
	if (out_end(c.out) < 0)
		cmd_write_error();
}

static int
prepare(struct ex *x, struct opts *o)
{
	if (ws_load(&x->w, o, NULL, 0, 1, 0) < 0)
		return EXIT_TROUBLE;
	oblig_compute(&x->s, &x->w.plan, x->w.ledgers, x->w.nledgers, &x->oo);
	oblig_sort(&x->s, &x->w.plan, 0);
	if (resolve_dept(x, o->args[0]) < 0 || resolve_task(x, o->args[1]) < 0)
		return EXIT_TROUBLE;
	gather(x);
	if (choose(x, o->nargs > 2 ? o->args[2] : NULL) < 0)
		return EXIT_TROUBLE;
	return EXIT_CLEAN;
}

int
cmd_explain(struct opts *o)
{
	struct ex x;
	int rc;

	memset(&x, 0, sizeof x);
	x.o = o;
	x.oo = (struct oblig_opts){ o->asof, o->soon, o->stale, o->roll };
	zh = o->out.lang == LANG_ZH;
	if ((rc = prepare(&x, o)) == EXIT_CLEAN) {
		int prov = 0;
		if (o->out.format == OUT_JSON)
			write_json(&x);
		else if (o->out.format == OUT_CSV || o->out.format == OUT_TSV)
			write_rows(&x, o);
		else
			write_text(&x);
		for (size_t k = 0; k < x.nsel; k++)
			prov |= x.s.v[x.sel[k]].provisional;
		if (prov)
			cmd_provisional("a due date or a count of working days");
		if (x.w.unreadable || diag_errors())
			rc = EXIT_TROUBLE;
	}
	free(x.sel);
	free(x.r);
	oblig_free(&x.s);
	ws_free(&x.w);
	return rc;
}
