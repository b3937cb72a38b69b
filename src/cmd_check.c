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

static int
cmp_seq(const void *a, const void *b)
{
	const struct entry *x = *(const struct entry *const *)a, *y = *(const struct entry *const *)b;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
check_ledger(const struct ws *w, const struct ledger *l, const struct opts *o)
{
	const struct plan *p = &w->plan;
	int d = l->dept;
	/* entries are kept in date order; problems are reported in line order */
	const struct entry **byline = xmalloc((l->n ? l->n : 1) * sizeof *byline);

	for (size_t i = 0; i < l->n; i++)
		byline[i] = &l->e[i];
	qsort(byline, l->n, sizeof *byline, cmp_seq);
	for (size_t i = 0; i < l->n; i++) {
		const struct entry *e = byline[i];
		const struct task *t = &p->tasks[e->task];
		struct diag_loc loc;

		if (e->date > o->asof) {
			char a[DATE_BUFSZ];
			loc = entry_loc(l, e, LF_DATE);
			diag_at(DIAG_WARNING, &loc, "after-as-of",
			        "this entry is dated after the as-of date %s: reports ignore it until then",
			        date_format(o->asof, a));
		}
		if (!oblig_owes(p, e->task, d, w->ledgers, w->nledgers, o->asof) &&
		    !(e->date > o->asof && plan_open_group(p, t, NULL))) {
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
		if (t->rule.kind == RULE_WITHIN && e->ev == EV_PUBLISHED) {
			int started = 0;
			for (size_t k = 0; k < l->n && !started; k++)
				started = l->e[k].task == e->task && (l->e[k].ev & t->rule.starts) &&
				          l->e[k].date <= e->date && strcmp(l->e[k].item, e->item) == 0;
			if (!started) {
				loc = entry_loc(l, e, LF_ITEM);
				diag_at(DIAG_WARNING, &loc, "published-without-start",
				        "'%s' is published with no earlier formed/changed (or other start) entry of the same item: "
				        "add the start entry, or check the item's spelling",
				        e->item_raw);
			}
		}
		int dup = 0;
		for (size_t k = 0; k < l->n && !dup; k++) {
			const struct entry *f = &l->e[k];
			if (f->seq < e->seq && f->task == e->task && f->date == e->date && f->ev == e->ev &&
			    strcmp(f->item, e->item) == 0) {
				loc = entry_loc(l, e, LF_TASK);
				diag_at(DIAG_WARNING, &loc, "duplicate-entry", "the same entry is on line %ld", f->lineno);
				dup = 1;
			}
		}
		if (*e->item && !dup) {
			char *a = xmalloc(strlen(e->item) + 1), *b;
			unbracket(e->item, a);
			for (size_t k = 0; k < l->n; k++) {
				const struct entry *f = &l->e[k];
				if (f->seq >= e->seq || !*f->item || strcmp(f->item, e->item) == 0)
					continue;
				b = xmalloc(strlen(f->item) + 1);
				unbracket(f->item, b);
				int same = strcmp(a, b) == 0;
				free(b);
				if (same) {
					loc = entry_loc(l, e, LF_ITEM);
					diag_at(DIAG_WARNING, &loc, "item-near-duplicate",
					        "'%s' differs from '%s' (line %ld) only in its brackets: they are counted as "
					        "two items; write them alike",
					        e->item_raw, f->item_raw, f->lineno);
					break;
				}
			}
			free(a);
		}
	}
	free(byline);
	/* every task the department is responsible for appears in its ledger */
	for (size_t t = 0; t < p->ntasks; t++) {
		if (!plan_names(p, &p->tasks[t], d))
			continue;
		int seen = 0;
		for (size_t i = 0; i < l->n && !seen; i++)
			seen = l->e[i].task == (int)t;
		if (!seen) {
			struct diag_loc loc = { l->path, 0, NULL, 0, 0, 0 };
			diag_at(DIAG_WARNING, &loc, "no-entry",
			        "%s is responsible for task %s but its ledger has no entry for it: list it with a "
			        "responsible section and a planned completion date",
			        p->depts[d].name, p->tasks[t].id);
		}
	}
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
		for (size_t i = 0; i < w.nledgers; i++) {
			if (w.ledgers[i].dept < 0)
				continue;
			check_ledger(&w, &w.ledgers[i], o);
			nentries += w.ledgers[i].n;
		}
		/* departments of the registry that owe tasks but sent no ledger */
		if (o->nargs == 0 && p->registry)
			for (size_t d = 0; d < p->ndepts; d++) {
				int owes = 0, has = 0;
				if (p->depts[d].is_group)
					continue;
				for (size_t t = 0; t < p->ntasks && !owes; t++)
					owes = plan_names(p, &p->tasks[t], (int)d);
				for (size_t i = 0; i < w.nledgers && !has; i++)
					has = w.ledgers[i].dept == (int)d;
				if (owes && !has) {
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
