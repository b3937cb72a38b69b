/* cmd_check — `check`: validates the task table, departments, calendars and
 * every ledger, reporting every problem with its code, then a count. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "diag.h"
#include "oblig.h"
#include "text.h"
#include "ws.h"

static struct diag_loc
entry_loc(const struct ledger *l, const struct entry *e, int field)
{
	struct diag_loc loc = { l->path, e->lineno, e->line, e->linelen, 0, 0 };
	if (e->line) {
		loc.off = e->off[field];
		loc.len = e->len[field];
	}
	return loc;
}

/* The rule's fixed deadline, for `planned` entries: 0 when the rule has none. */
static int
fixed_deadline(const struct plan *p, const struct task *t, day_t *due)
{
	switch (t->rule.kind) {
	case RULE_BY:
	case RULE_AT_LEAST_BY:
		*due = t->rule.date;
		return 1;
	case RULE_PLAN:
		if (!p->has_issued)
			return 0;
		*due = oblig_item_due(&t->rule, p->issued);
		return 1;
	default:
		return 0;
	}
}

/* Replaces the bracket pairs 〔〕 [] 【】 （）() by one style, for near-duplicates. */
static void
unbracket(const char *s, char *out)
{
	static const char *const open[] = { "\xE3\x80\x94", "[", "\xE3\x80\x90", "(" };
	static const char *const close[] = { "\xE3\x80\x95", "]", "\xE3\x80\x91", ")" };
	while (*s) {
		size_t k, done = 0;
		for (k = 0; k < 4 && !done; k++) {
			size_t lo = strlen(open[k]), lc = strlen(close[k]);
			if (strncmp(s, open[k], lo) == 0) {
				*out++ = '<';
				s += lo;
				done = 1;
			} else if (strncmp(s, close[k], lc) == 0) {
				*out++ = '>';
				s += lc;
				done = 1;
			}
		}
		if (!done)
			*out++ = *s++;
	}
	*out = '\0';
}

/* What a ledger's entries say about one another, worked out with sorts so
 * that a large ledger costs n log n, not n * n. Indexed like l->e. */
struct pairs {
	long                 *dup;     /* line of an earlier identical entry, or 0 */
	const struct entry  **near;    /* an earlier entry whose item differs only in brackets */
	char                 *unstarted; /* a publication with no start of its item on or before it */
};

static const struct ledger *sort_l;
static char **sort_ukey;

static int
cmp_same(const void *pa, const void *pb)
{
	const struct entry *a = &sort_l->e[*(const size_t *)pa], *b = &sort_l->e[*(const size_t *)pb];
	int c;
	if (a->task != b->task)
		return a->task < b->task ? -1 : 1;
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	if (a->ev != b->ev)
		return a->ev < b->ev ? -1 : 1;
	if ((c = strcmp(a->item, b->item)))
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* By task and item, then date, starts before publications, then line. */
static int
cmp_item(const void *pa, const void *pb)
{
	const struct entry *a = &sort_l->e[*(const size_t *)pa], *b = &sort_l->e[*(const size_t *)pb];
	int c;
	if (a->task != b->task)
		return a->task < b->task ? -1 : 1;
	if ((c = strcmp(a->item, b->item)))
		return c;
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	int pa_ = a->ev == EV_PUBLISHED, pb_ = b->ev == EV_PUBLISHED;
	if (pa_ != pb_)
		return pa_ - pb_;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int
cmp_ukey(const void *pa, const void *pb)
{
	size_t ia = *(const size_t *)pa, ib = *(const size_t *)pb;
	int c = strcmp(sort_ukey[ia], sort_ukey[ib]);
	if (c)
		return c;
	return sort_l->e[ia].seq < sort_l->e[ib].seq ? -1 : sort_l->e[ia].seq > sort_l->e[ib].seq;
}

static void
find_pairs(const struct plan *p, const struct ledger *l, struct pairs *pr)
{
	size_t n = l->n, *ix = xmalloc((n ? n : 1) * sizeof *ix);
	pr->dup = xcalloc(n ? n : 1, sizeof *pr->dup);
	pr->near = xcalloc(n ? n : 1, sizeof *pr->near);
	pr->unstarted = xcalloc(n ? n : 1, 1);
	sort_l = l;

	/* identical entries */
	for (size_t i = 0; i < n; i++)
		ix[i] = i;
	qsort(ix, n, sizeof *ix, cmp_same);
	for (size_t i = 1, first = 0; i < n; i++) {
		const struct entry *a = &l->e[ix[first]], *b = &l->e[ix[i]];
		if (a->task == b->task && a->date == b->date && a->ev == b->ev && strcmp(a->item, b->item) == 0)
			pr->dup[ix[i]] = a->lineno;
		else
			first = i;
	}

	/* publications without a start of the same item on or before them */
	qsort(ix, n, sizeof *ix, cmp_item);
	int seen = 0;
	for (size_t i = 0; i < n; i++) {
		const struct entry *e = &l->e[ix[i]], *prev = i ? &l->e[ix[i - 1]] : NULL;
		const struct rule *r = &p->tasks[e->task].rule;
		if (!prev || prev->task != e->task || strcmp(prev->item, e->item) != 0)
			seen = 0;
		if (r->kind != RULE_WITHIN)
			continue;
		if (e->ev & r->starts)
			seen = 1;
		else if (e->ev == EV_PUBLISHED && !seen)
			pr->unstarted[ix[i]] = 1;
	}

	/* items that differ only in bracket style */
	sort_ukey = xcalloc(n ? n : 1, sizeof *sort_ukey);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (!*l->e[i].item)
			continue;
		sort_ukey[i] = xmalloc(strlen(l->e[i].item) + 1);
		unbracket(l->e[i].item, sort_ukey[i]);
		ix[m++] = i;
	}
	qsort(ix, m, sizeof *ix, cmp_ukey);
	for (size_t i = 0, g = 0; i < m; i = g) {
		const struct entry *f0 = &l->e[ix[i]], *f1 = NULL;
		for (g = i + 1; g < m && strcmp(sort_ukey[ix[g]], sort_ukey[ix[i]]) == 0; g++) {
			const struct entry *e = &l->e[ix[g]];
			if (strcmp(e->item, f0->item) != 0) {
				pr->near[ix[g]] = f0;
				if (!f1)
					f1 = e;
			} else if (f1) {
				pr->near[ix[g]] = f1;
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		free(sort_ukey[i]);
	free(sort_ukey);
	free(ix);
}

static void
free_pairs(struct pairs *pr)
{
	free(pr->dup);
	free(pr->near);
	free(pr->unstarted);
}

static int
cmp_seq(const void *pa, const void *pb)
{
	const struct entry *x = sort_l->e + *(const size_t *)pa, *y = sort_l->e + *(const size_t *)pb;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
check_ledger(const struct ws *w, const struct ledger *l, const struct opts *o, const char *owes)
{
	const struct plan *p = &w->plan;
	int d = l->dept;
	struct pairs pr;
	/* entries are kept in date order; problems are reported in line order */
	size_t *byline = xmalloc((l->n ? l->n : 1) * sizeof *byline);

	find_pairs(p, l, &pr);
	for (size_t i = 0; i < l->n; i++)
		byline[i] = i;
	sort_l = l;
	qsort(byline, l->n, sizeof *byline, cmp_seq);
	for (size_t i = 0; i < l->n; i++) {
		size_t k = byline[i];
		const struct entry *e = &l->e[k];
		const struct task *t = &p->tasks[e->task];
		struct diag_loc loc;

		if (e->date > o->asof) {
			char a[DATE_BUFSZ];
			loc = entry_loc(l, e, LF_DATE);
			diag_at(DIAG_WARNING, &loc, "after-as-of",
			        "this entry is dated after the as-of date %s: reports ignore it until then",
			        date_format(o->asof, a));
		}
		if (!owes[e->task] && !(e->date > o->asof && plan_open_group(p, t, NULL))) {
			loc = entry_loc(l, e, LF_TASK);
			diag_at(DIAG_WARNING, &loc, "not-responsible",
			        "%s is not responsible for task %s (units: %s): reports ignore this entry", p->depts[d].name,
			        t->id, t->units_text);
			continue;
		}
		if (t->rule.kind != RULE_NONE && !(e->ev & (rule_events(&t->rule) | EV_PLANNED | EV_PROGRESS))) {
			char r[RULE_BUFSZ];
			rule_format(&t->rule, r, sizeof r);
			loc = entry_loc(l, e, LF_EVENT);
			diag_at(DIAG_WARNING, &loc, "event-mismatch",
			        "a '%s' entry changes nothing under task %s's rule '%s'", event_name(e->ev), t->id, r);
		}
		day_t due;
		if (e->ev == EV_PLANNED && fixed_deadline(p, t, &due) && e->date > due) {
			char a[DATE_BUFSZ];
			loc = entry_loc(l, e, LF_DATE);
			diag_at(DIAG_WARNING, &loc, "planned-late",
			        "the planned completion date is later than task %s's deadline %s", t->id, date_format(due, a));
		}
		if (pr.unstarted[k]) {
			loc = entry_loc(l, e, LF_ITEM);
			diag_at(DIAG_WARNING, &loc, "published-without-start",
			        "'%s' is published with no earlier formed/changed (or other start) entry of the same item: "
			        "add the start entry, or check the item's spelling",
			        e->item_raw);
		}
		if (pr.dup[k]) {
			loc = entry_loc(l, e, LF_TASK);
			diag_at(DIAG_WARNING, &loc, "duplicate-entry", "the same entry is on line %ld", pr.dup[k]);
		} else if (pr.near[k]) {
			loc = entry_loc(l, e, LF_ITEM);
			diag_at(DIAG_WARNING, &loc, "item-near-duplicate",
			        "'%s' differs from '%s' (line %ld) only in its brackets: they are counted as "
			        "two items; write them alike",
			        e->item_raw, pr.near[k]->item_raw, pr.near[k]->lineno);
		}
	}
	free(byline);
	free_pairs(&pr);
}

/* Which tasks department d owes (named, or through a group without members
 * by its entries up to as-of), and which it has entries for, in all its ledgers. */
static void
department_tasks(const struct ws *w, int d, day_t asof, char *owes, char *seen)
{
	const struct plan *p = &w->plan;
	memset(seen, 0, p->ntasks ? p->ntasks : 1);
	for (size_t i = 0; i < w->nledgers; i++)
		if (w->ledgers[i].dept == d)
			for (size_t k = 0; k < w->ledgers[i].n; k++)
				seen[w->ledgers[i].e[k].task] |= w->ledgers[i].e[k].date <= asof ? 3 : 1;
	for (size_t t = 0; t < p->ntasks; t++)
		owes[t] = plan_names(p, &p->tasks[t], d) || (plan_open_group(p, &p->tasks[t], NULL) && (seen[t] & 2));
}

/* The department a ledger's file name names (NAME.tsv), or -1. */
static int
named_by_file(const struct plan *p, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	if (n <= 4 || strcmp(base + n - 4, ".tsv") != 0)
		return -1;
	char *name = xstrndup(base, n - 4);
	int d = plan_dept(p, name);
	free(name);
	return d;
}

int
cmd_check(struct opts *o)
{
	struct ws w;
	int json = o->out.format == OUT_JSON;
	size_t nentries = 0;

	if (o->format_given && !json && o->out.format != OUT_TABLE)
		return cmd_usage("check prints its problems as text or, with -o json, as JSON");
	diag_set_json(json);
	if (ws_load(&w, o, o->args, o->nargs, 1, 1) == 0) {
		const struct plan *p = &w.plan;
		for (size_t i = 0; i < p->ntasks; i++)
			if (p->tasks[i].rule.kind == RULE_PLAN && !p->has_issued) {
				struct diag_loc loc = { p->path, 0, NULL, 0, 0, 0 };
				diag_at(DIAG_ERROR, &loc, "missing-issued",
				        "task %s counts from the plan's publication: add '# issued: YYYY-MM-DD' above the header",
				        p->tasks[i].id);
			}
		char *owes = xmalloc(p->ntasks ? p->ntasks : 1), *seen = xmalloc(p->ntasks ? p->ntasks : 1);
		for (size_t i = 0; i < w.nledgers; i++) {
			int d = w.ledgers[i].dept, first = 1;
			if (d < 0)
				continue;
			nentries += w.ledgers[i].n;
			for (size_t k = 0; k < i && first; k++)
				first = w.ledgers[k].dept != d;
			if (!first)
				continue; /* the department's ledgers are checked together, at its first */
			department_tasks(&w, d, o->asof, owes, seen);
			for (size_t k = i; k < w.nledgers; k++)
				if (w.ledgers[k].dept == d)
					check_ledger(&w, &w.ledgers[k], o, owes);
			/* every task the department is responsible for appears in one of its ledgers */
			for (size_t t = 0; t < p->ntasks; t++)
				if (plan_names(p, &p->tasks[t], d) && !seen[t]) {
					struct diag_loc loc = { w.ledgers[i].path, 0, NULL, 0, 0, 0 };
					diag_at(DIAG_WARNING, &loc, "no-entry",
					        "%s is responsible for task %s but its ledger has no entry for it: list it with a "
					        "responsible section and a planned completion date",
					        p->depts[d].name, p->tasks[t].id);
				}
		}
		free(owes);
		free(seen);
		/* departments of the registry that owe tasks but sent no ledger (a ledger
		 * that could not be read still counts as sent: its error says what to do) */
		if (o->nargs == 0 && p->registry)
			for (size_t d = 0; d < p->ndepts; d++) {
				int owes_any = 0, has = 0;
				if (p->depts[d].is_group)
					continue;
				for (size_t t = 0; t < p->ntasks && !owes_any; t++)
					owes_any = plan_names(p, &p->tasks[t], (int)d);
				for (size_t i = 0; i < w.nledgers && !has; i++)
					has = w.ledgers[i].dept == (int)d || named_by_file(p, w.ledgers[i].path) == (int)d;
				if (owes_any && !has) {
					struct diag_loc loc = { o->dir, 0, NULL, 0, 0, 0 };
					diag_at(DIAG_WARNING, &loc, "no-ledger",
					        "%s is responsible for tasks but has no ledger: add ledgers/%s.tsv", p->depts[d].name,
					        p->depts[d].name);
				}
			}
	}
	if (json)
		diag_flush_json(stdout);
	size_t ne = diag_errors(), nw = diag_warnings();
	if (!o->quiet || ne || nw)
		fprintf(stderr, "gkledger: checked %zu tasks, %zu ledgers (%zu entries): %zu error%s, %zu warning%s\n",
		        w.plan.ntasks, w.nledgers, nentries, ne, ne == 1 ? "" : "s", nw, nw == 1 ? "" : "s");
	int unreadable = w.unreadable;
	ws_free(&w);
	if (unreadable)
		return EXIT_TROUBLE;
	return ne || nw ? EXIT_ACTION : EXIT_CLEAN;
}
