/* oblig — the obligation engine: due dates, completion and status (SPEC §5). */
#include "oblig.h"

#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "diag.h"

static const char *const status_names[ST_COUNT] = {
	"on-time", "late", "open", "due-soon", "overdue", "ongoing", "stale",
};

const char *
oblig_status_name(enum status st)
{
	return st < ST_COUNT ? status_names[st] : "";
}

int
oblig_parse_status(const char *s)
{
	for (int i = 0; i < ST_COUNT; i++)
		if (strcmp(s, status_names[i]) == 0)
			return i;
	return -1;
}

enum status
oblig_status(int has_done, day_t done, day_t due, const struct oblig_opts *o)
{
	if (has_done)
		return done <= due ? ST_ON_TIME : ST_LATE;
	if (due < o->asof)
		return ST_OVERDUE;
	if (cal_workdays(o->asof, due) <= o->soon)
		return ST_DUE_SOON;
	return ST_OPEN;
}

day_t
oblig_item_due(const struct rule *r, day_t start)
{
	return r->workdays ? cal_due(start, r->n) : start + r->n;
}

/* A ledger entry together with the ledger it came from. */
struct ref {
	const struct entry  *e;
	const struct ledger *l;
};

static int
cmp_ref(const void *pa, const void *pb)
{
	const struct ref *a = pa, *b = pb;
	if (a->e->date != b->e->date)
		return a->e->date < b->e->date ? -1 : 1;
	/* On one day, clocks start before they are stopped: a publication the
	 * same day closes a clock (SPEC §5: "first later-or-same-day published"). */
	int pa_ = a->e->ev == EV_PUBLISHED, pb_ = b->e->ev == EV_PUBLISHED;
	if (pa_ != pb_)
		return pa_ - pb_;
	if (a->l != b->l)
		return a->l < b->l ? -1 : 1;
	return a->e->seq < b->e->seq ? -1 : a->e->seq > b->e->seq;
}

static struct oblig *
push(struct oblig_set *s, int dept, int task)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	struct oblig *ob = &s->v[s->n++];
	memset(ob, 0, sizeof *ob);
	ob->dept = dept;
	ob->task = task;
	return ob;
}

static day_t
roll(day_t d, const struct oblig_opts *o)
{
	return o->roll && !cal_is_workday(d) ? cal_due(d, 1) : d;
}

/* Fills status and lateness once due and completion are known. */
static void
finish(struct oblig_set *s, struct oblig *ob, const struct oblig_opts *o, int due_depends_from, day_t from)
{
	ob->status = oblig_status(ob->has_done, ob->done, ob->due, o);
	if (ob->status == ST_LATE) {
		ob->late_wd = cal_workdays(ob->due, ob->done);
		ob->late_days = ob->done - ob->due;
		if (!cal_covered_range(ob->due + 1, ob->done))
			ob->provisional = 1;
	} else if (ob->status == ST_OVERDUE) {
		ob->late_wd = cal_workdays(ob->due, o->asof);
		ob->late_days = o->asof - ob->due;
		if (!cal_covered_range(ob->due + 1, o->asof))
			ob->provisional = 1;
	} else if (ob->status == ST_DUE_SOON || ob->status == ST_OPEN) {
		if (!cal_covered_range(o->asof + 1, ob->due))
			ob->provisional = 1;
	}
	if (due_depends_from && !cal_covered_range(from + 1, ob->due))
		ob->provisional = 1;
	if (ob->provisional)
		s->provisional = 1;
}

/* The first `done` of the refs (already in date order). */
static void
first_done(struct oblig *ob, const struct ref *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (r[i].e->ev == EV_DONE) {
			ob->has_done = 1;
			ob->done = r[i].e->date;
			ob->src = r[i].l;
			ob->src_line = r[i].e->lineno;
			return;
		}
}

/* The period an entry belongs to: its `period` when given, else its date's. */
static int
entry_in_period(const struct entry *e, enum period kind, day_t pstart)
{
	if (e->pkind != PERIOD_NONE) {
		if (e->pkind == kind)
			return e->pstart == pstart;
		/* a finer period given for a coarser obligation (2024-Q1 for a yearly one) still falls in it */
		return e->pkind > kind ? 0 : period_first(kind, e->pstart) == pstart;
	}
	return period_first(kind, e->date) == pstart;
}

static void
periodic(struct oblig_set *s, const struct plan *p, int d, int t, const struct ref *r, size_t n,
         const struct oblig_opts *o)
{
	const struct rule *ru = &p->tasks[t].rule;
	enum period kind = ru->kind == RULE_ANNUAL ? PERIOD_YEAR : ru->period;
	day_t anchor = p->anchor;

	for (day_t ps = period_first(kind, anchor); ps <= o->asof; ps = period_last(kind, ps) + 1) {
		day_t due;
		if (ru->kind == RULE_ANNUAL) {
			int y = date_year(ps), dd = ru->day;
			if (ru->month == 2 && dd == 29 && !date_is_leap(y))
				dd = 28;
			due = date_from_ymd(y, ru->month, dd);
		} else {
			due = period_last(kind, ps);
		}
		if (due < anchor || (p->has_until && due > p->until))
			continue;
		struct oblig *ob = push(s, d, t);
		ob->start = ps;
		ob->has_start = 1;
		ob->pkind = kind;
		ob->has_due = 1;
		ob->due = roll(due, o);
		if (ru->kind == RULE_AT_LEAST_PER) {
			for (size_t i = 0; i < n; i++) {
				if (r[i].e->ev != ru->counted || !entry_in_period(r[i].e, kind, ps))
					continue;
				if (++ob->count == ru->n) {
					ob->has_done = 1;
					ob->done = r[i].e->date;
					ob->src = r[i].l;
					ob->src_line = r[i].e->lineno;
				}
			}
		} else {
			for (size_t i = 0; i < n && !ob->has_done; i++)
				if (r[i].e->ev == EV_DONE && entry_in_period(r[i].e, kind, ps)) {
					ob->has_done = 1;
					ob->done = r[i].e->date;
					ob->src = r[i].l;
					ob->src_line = r[i].e->lineno;
				}
		}
		finish(s, ob, o, o->roll, due);
	}
}

/* Per-item clocks: each start opens one (item, start date) obligation; the
 * first publication of the item on or after it closes it. Items are few per
 * task and department here, so open clocks are found by a scan of the open
 * ones; the streaming path of large ledgers keeps them in a hash. */
static void
per_item(struct oblig_set *s, const struct plan *p, int d, int t, const struct ref *r, size_t n,
         const struct oblig_opts *o)
{
	const struct rule *ru = &p->tasks[t].rule;
	size_t first = s->n;
	size_t *open = NULL, nopen = 0;

	for (size_t i = 0; i < n; i++) {
		const struct entry *e = r[i].e;
		if (!*e->item)
			continue; /* the reader refused these */
		if (e->ev & ru->starts) {
			int dup = 0;
			for (size_t k = first; k < s->n && !dup; k++)
				dup = s->v[k].start == e->date && strcmp(s->v[k].key, e->item) == 0;
			if (dup)
				continue;
			struct oblig *ob = push(s, d, t);
			ob->item = e->item_raw;
			ob->key = e->item;
			ob->start = e->date;
			ob->has_start = 1;
			ob->has_due = 1;
			ob->due = oblig_item_due(ru, e->date);
			open = xrealloc(open, (nopen + 1) * sizeof *open);
			open[nopen++] = s->n - 1;
		} else if (e->ev == EV_PUBLISHED) {
			size_t k = 0;
			for (size_t j = 0; j < nopen; j++) {
				struct oblig *ob = &s->v[open[j]];
				if (strcmp(ob->key, e->item) == 0 && ob->start <= e->date) {
					ob->has_done = 1;
					ob->done = e->date;
					ob->src = r[i].l;
					ob->src_line = e->lineno;
				} else {
					open[k++] = open[j];
				}
			}
			nopen = k;
		}
	}
	free(open);
	for (size_t k = first; k < s->n; k++)
		finish(s, &s->v[k], o, ru->workdays, s->v[k].start);
}

static void
one_task(struct oblig_set *s, const struct plan *p, int d, int t, const struct ref *r, size_t n,
         const struct oblig_opts *o)
{
	const struct rule *ru = &p->tasks[t].rule;
	struct oblig *ob;

	switch (ru->kind) {
	case RULE_BY:
		ob = push(s, d, t);
		ob->has_due = 1;
		ob->due = roll(ru->date, o);
		first_done(ob, r, n);
		finish(s, ob, o, o->roll, ru->date);
		break;
	case RULE_PLAN:
		if (!p->has_issued)
			break; /* check reports the missing `issued:` */
		ob = push(s, d, t);
		ob->has_due = 1;
		ob->due = ru->workdays ? cal_due(p->issued, ru->n) : p->issued + ru->n;
		first_done(ob, r, n);
		finish(s, ob, o, ru->workdays, p->issued);
		break;
	case RULE_AT_LEAST_BY:
		ob = push(s, d, t);
		ob->has_due = 1;
		ob->due = roll(ru->date, o);
		for (size_t i = 0; i < n; i++)
			if (r[i].e->ev == ru->counted && ++ob->count == ru->n) {
				ob->has_done = 1;
				ob->done = r[i].e->date;
				ob->src = r[i].l;
				ob->src_line = r[i].e->lineno;
			}
		finish(s, ob, o, o->roll, ru->date);
		break;
	case RULE_ANNUAL:
	case RULE_EVERY:
	case RULE_AT_LEAST_PER:
		periodic(s, p, d, t, r, n, o);
		break;
	case RULE_WITHIN:
		per_item(s, p, d, t, r, n, o);
		break;
	case RULE_ONGOING:
		ob = push(s, d, t);
		if (n) {
			ob->has_done = 1;
			ob->done = r[n - 1].e->date;
			ob->src = r[n - 1].l;
			ob->src_line = r[n - 1].e->lineno;
		}
		ob->status = ST_ONGOING;
		if (o->stale > 0 && o->asof - o->stale >= p->anchor && (!n || ob->done <= o->asof - o->stale))
			ob->status = ST_STALE;
		break;
	case RULE_NONE:
		break;
	}
}

/* The entries of department d dated on or before as-of, grouped by task, each
 * group in date order. by_task[t]..by_task[t+1] delimit task t's entries. */
static struct ref *
gather(const struct plan *p, int d, const struct ledger *ls, size_t nl, day_t asof, size_t *by_task)
{
	size_t total = 0;
	for (size_t i = 0; i < nl; i++)
		if (ls[i].dept == d)
			total += ls[i].n;
	struct ref *all = xmalloc((total ? total : 1) * sizeof *all), *out;
	size_t n = 0;
	for (size_t i = 0; i < nl; i++)
		if (ls[i].dept == d)
			for (size_t k = 0; k < ls[i].n; k++)
				if (ls[i].e[k].date <= asof)
					all[n++] = (struct ref){ &ls[i].e[k], &ls[i] };
	qsort(all, n, sizeof *all, cmp_ref);
	/* counting sort by task keeps the date order inside each task */
	memset(by_task, 0, (p->ntasks + 1) * sizeof *by_task);
	for (size_t i = 0; i < n; i++)
		by_task[all[i].e->task + 1]++;
	for (size_t t = 0; t < p->ntasks; t++)
		by_task[t + 1] += by_task[t];
	out = xmalloc((n ? n : 1) * sizeof *out);
	size_t *fill = xmalloc((p->ntasks + 1) * sizeof *fill);
	memcpy(fill, by_task, (p->ntasks + 1) * sizeof *fill);
	for (size_t i = 0; i < n; i++)
		out[fill[all[i].e->task]++] = all[i];
	free(fill);
	free(all);
	return out;
}

int
oblig_owes(const struct plan *p, int t, int d, const struct ledger *ls, size_t nl, day_t asof)
{
	if (plan_names(p, &p->tasks[t], d))
		return 1;
	if (!plan_open_group(p, &p->tasks[t], NULL))
		return 0;
	for (size_t i = 0; i < nl; i++)
		if (ls[i].dept == d)
			for (size_t k = 0; k < ls[i].n; k++)
				if (ls[i].e[k].task == t && ls[i].e[k].date <= asof)
					return 1;
	return 0;
}

void
oblig_compute(struct oblig_set *s, const struct plan *p, const struct ledger *ls, size_t nl,
              const struct oblig_opts *o)
{
	size_t *by_task = xmalloc((p->ntasks + 1) * sizeof *by_task);

	memset(s, 0, sizeof *s);
	for (size_t d = 0; d < p->ndepts; d++) {
		if (p->depts[d].is_group)
			continue;
		struct ref *r = gather(p, (int)d, ls, nl, o->asof, by_task);
		for (size_t t = 0; t < p->ntasks; t++) {
			size_t a = by_task[t], b = by_task[t + 1];
			if (p->tasks[t].rule.kind == RULE_NONE)
				continue;
			if (!plan_names(p, &p->tasks[t], (int)d) && !(plan_open_group(p, &p->tasks[t], NULL) && b > a))
				continue;
			one_task(s, p, (int)d, (int)t, r + a, b - a, o);
		}
		free(r);
	}
	free(by_task);
}

/* Row order (SPEC §5.1): department bytewise, task (numeric ids first), start
 * or period, item; with by_late, the most working days late first. */
static const struct plan *sort_plan;
static int sort_by_late;

static int
cmp_oblig(const void *pa, const void *pb)
{
	const struct oblig *a = pa, *b = pb;
	int c;
	if (sort_by_late && a->late_wd != b->late_wd)
		return a->late_wd > b->late_wd ? -1 : 1;
	if ((c = strcmp(sort_plan->depts[a->dept].name, sort_plan->depts[b->dept].name)))
		return c;
	if (a->task != b->task &&
	    (c = plan_cmp_ids(sort_plan->tasks[a->task].id, sort_plan->tasks[b->task].id)))
		return c;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return strcmp(a->key ? a->key : "", b->key ? b->key : "");
}

void
oblig_sort(struct oblig_set *s, const struct plan *p, int by_late)
{
	sort_plan = p;
	sort_by_late = by_late;
	qsort(s->v, s->n, sizeof *s->v, cmp_oblig);
}

void
oblig_free(struct oblig_set *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}
