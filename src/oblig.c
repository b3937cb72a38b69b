/* oblig — the obligation engine: due dates, completion and status (SPEC §5),
 * one department at a time, one entry at a time. */
#include "oblig.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cal.h"
#include "diag.h"
#include "text.h"

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

/* ------------------------------------------------------------------ */
/* The per-department state                                            */

/* An entry that counts: its date and where it is. */
struct hit {
	day_t                date;
	long                 line;
	const struct ledger *l;
};

/* One period of a periodic task. */
struct per {
	int         has_done;
	struct hit  done;
	struct hit *hits;   /* at least N per period: the N earliest counted entries */
	int         nhits;
};

enum { TAKE_NONE, TAKE_TASK, TAKE_ITEMS };

/* One task of the department. */
struct tstate {
	const struct rule *rule;
	int         owes;   /* named by the task (directly, by a group with members, a wildcard) */
	int         open;   /* the task names a group without members */
	int         takes;  /* TAKE_*: how its entries count (none unless owes or open) */
	int         any;    /* has an entry on or before as-of */
	int         has_done;
	struct hit  done;   /* by, plan: the first `done` */
	struct hit *hits;   /* at least N by DATE: the N earliest counted entries */
	int         nhits;
	struct per *per;    /* periodic: per period, from the anchor's period to as-of's */
	int         nper;
	day_t       p0;     /* periodic: the first period's first day */
	int         has_last;
	struct hit  last;   /* ongoing: the latest entry */
};

#define ITEM_CLASSES 16
#define ITEM_STEP    64

/* The open clocks of one item of one per-item task: one allocation, the
 * folded key and the item as written inside it. */
struct item {
	int     task;
	int     cls;     /* size class (see ITEM_CLASSES), or -1: allocated as it is */
	struct item *next; /* in a free list */
	day_t  *start;   /* open clocks, by start date: inl, or the heap past two */
	size_t  n, cap;
	day_t   inl[2];
	size_t  klen;
	char   *raw;    /* the item as written; the key itself for a keys_only sink */
	char    key[];
};

/* A slot of the item table keeps the hash, so that a probe rarely touches an item. */
struct slot {
	uint64_t     hash;
	struct item *it;
};

/* A publication of the current day, handled once the day is complete, after
 * every start of that day (a same-day publication closes). Starts go into the
 * item table at once. */
struct pend {
	int        task;
	size_t     key, klen; /* offset into the day's text */
	uint64_t   hash;      /* of (task, key) */
	long       line;
	const struct ledger *l;
};

/* The due dates of the working-day per-item rules by start day, a table per
 * rule length: one lookup a row, not a cal_due call. Built once a run for the
 * starts from the plan's anchor to as-of (before the workers, which only read
 * it); an earlier start asks cal_due. */
#define DUE_MAX_DAYS 32768

struct dues {
	day_t         from;  /* the first start day the tables hold */
	size_t        ndays;
	const day_t **task;  /* per task: its rule's table, or NULL */
};

struct dep {
	const struct plan       *p;
	const struct oblig_opts *o;
	const struct oblig_sink *sink;
	const struct dues       *dues;
	int            dept;
	struct tstate *t;
	struct slot   *slot;   /* open addressing on (task, key) */
	size_t         nslot, nitems;
	day_t          day;    /* the date of the per-item entries pending (at first: before any) */
	struct pend   *pend;
	size_t         npend, cappend;
	char          *text;   /* the pending entries' items, one after another */
	size_t         ntext, captext;
	struct item   *freeitems[ITEM_CLASSES]; /* items to use again, by size class */
	struct chunk  *chunks;   /* where new items are carved from */
	size_t         carved;   /* bytes of the first chunk in use */
	long           lastline; /* streaming: the last line read */
	int            cov_run;  /* the covered days are the one run cov_first..cov_last */
	day_t          cov_first, cov_last;
};

/* A hash of (task, key), eight bytes at a time, that copies the key to dst
 * (n bytes and a NUL) in the same pass: every per-item line is hashed, and
 * kept (a start in its item, a publication in the day's text). A rotation
 * after each multiply brings its high bits, which every input bit reaches,
 * down to where the next multiply spreads them (one instruction, where a
 * shift and xor take three); the end mixes the high bits into the low ones,
 * which index the table. */
static inline uint64_t
hash_copy(int task, const char *key, size_t n, char *dst)
{
	uint64_t h = 0x9E3779B97F4A7C15u ^ ((uint64_t)(unsigned)task << 32) ^ n, w = 0;
	dst[n] = '\0';
	if (n >= 8) {
		/* the whole words before the last eight bytes, counted */
		for (size_t i = 0, end = (n - 1) & ~(size_t)7; i < end; i += 8) {
			memcpy(&w, key + i, 8);
			memcpy(dst + i, &w, 8);
			h = (h ^ w) * 0xFF51AFD7ED558CCDu;
			h = h << 31 | h >> 33;
		}
		/* the last eight bytes, overlapping words already taken when the
		 * length is not a multiple of eight */
		memcpy(&w, key + n - 8, 8);
		memcpy(dst + n - 8, &w, 8);
	} else {
		for (size_t i = 0; i < n; i++) {
			dst[i] = key[i];
			w |= (uint64_t)(unsigned char)key[i] << (8 * i);
		}
	}
	h = (h ^ w) * 0xC4CEB9FE1A85EC53u;
	h ^= h >> 32;
	h *= 0xFF51AFD7ED558CCDu;
	return h ^ (h >> 29);
}

/* The slot holding (task, key), or the empty slot where it would go. Inline:
 * its callers have saved the registers that the memcmp call needs kept. */
static inline size_t
find_slot(const struct dep *d, int task, const char *key, size_t klen, uint64_t hash)
{
	size_t m = d->nslot - 1, i = (size_t)hash & m;
	while (d->slot[i].it && (d->slot[i].hash != hash || d->slot[i].it->task != task ||
	                         d->slot[i].it->klen != klen || memcmp(d->slot[i].it->key, key, klen) != 0))
		i = (i + 1) & m;
	return i;
}

/* Items of every size class are carved from chunks, not allocated one by
 * one; a department's chunks go to its thread's spare_chunks when it is
 * done, for the next department, and free_spare frees them at the end of the
 * thread or the run. */
#define CHUNK_BYTES ((size_t)64 * 1024)

struct chunk {
	struct chunk *next;
	max_align_t   mem[]; /* CHUNK_BYTES */
};

/* The chunks a thread's departments have given back, for the next. */
static _Thread_local struct chunk *spare_chunks;

/* The largest item table a thread has given back: the next department's
 * table grows to about the same size, and a table that large is a mapping of
 * its own, which costs a page fault a page to make again and a TLB flush on
 * the other cores to give back. */
static _Thread_local struct slot *spare;
static _Thread_local size_t       nspare;

static void
spare_table(struct slot *t, size_t n)
{
	if (n > nspare) {
		free(spare);
		spare = t;
		nspare = n;
	} else {
		free(t);
	}
}

static struct slot *
table_of(size_t n)
{
	struct slot *t;
	if (n == nspare) {
		t = spare;
		spare = NULL;
		nspare = 0;
	} else {
		t = xmalloc(n * sizeof *t);
	}
	/* malloc and memset, not calloc: a fresh mapping read before it is
	 * written maps the zero page, and the write that follows copies it and
	 * flushes the other threads' TLBs (measured: 7% of a summary's time) */
	memset(t, 0, n * sizeof *t);
	return t;
}

/* Gives back the thread's spare table and chunks (at the end of a thread or a run). */
static void
free_spare(void)
{
	free(spare);
	spare = NULL;
	nspare = 0;
	while (spare_chunks) {
		struct chunk *c = spare_chunks;
		spare_chunks = c->next;
		free(c);
	}
}

static void
grow_items(struct dep *d)
{
	struct slot *old = d->slot;
	size_t n = d->nslot;
	d->nslot = n ? n * 2 : 64;
	d->slot = table_of(d->nslot);
	for (size_t i = 0; i < n; i++)
		if (old[i].it)
			d->slot[find_slot(d, old[i].it->task, old[i].it->key, old[i].it->klen, old[i].hash)] = old[i];
	spare_table(old, n);
}

/* Removes slot i, shifting later members of its run back (linear probing). */
static void
remove_slot(struct dep *d, size_t i)
{
	size_t m = d->nslot - 1, j = i;
	d->slot[i].it = NULL;
	d->nitems--;
	for (;;) {
		j = (j + 1) & m;
		if (!d->slot[j].it)
			return;
		size_t home = (size_t)d->slot[j].hash & m;
		/* move j back to i unless its home lies cyclically in (i, j] */
		if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
			d->slot[i] = d->slot[j];
			d->slot[j].it = NULL;
			i = j;
		}
	}
}

static struct item *
carve(struct dep *d, size_t size)
{
	if (!d->chunks || d->carved + size > CHUNK_BYTES) {
		struct chunk *c = spare_chunks;
		if (c)
			spare_chunks = c->next;
		else
			c = xmalloc(sizeof *c + CHUNK_BYTES);
		c->next = d->chunks;
		d->chunks = c;
		d->carved = 0;
	}
	struct item *it = (struct item *)(void *)((char *)d->chunks->mem + d->carved);
	d->carved += size;
	return it;
}

/* Items come from free lists by size class (64-byte steps up to 1 KiB): a
 * department opens and closes an item for every document, and a malloc and a
 * free for each cost more than the rest of its bookkeeping. A list never holds
 * more items than were open at once. The caller writes the key (klen bytes
 * and a NUL). */
static struct item *
new_item(struct dep *d, int task, size_t klen, const char *raw, size_t rawlen)
{
	size_t kn = klen + 1, rn = d->sink->keys_only ? 0 : rawlen + 1, size = sizeof(struct item) + kn + rn;
	int cls = size <= ITEM_CLASSES * ITEM_STEP ? (int)((size - 1) / ITEM_STEP) : -1;
	struct item *it;
	if (cls >= 0 && d->freeitems[cls]) {
		it = d->freeitems[cls];
		d->freeitems[cls] = it->next;
	} else if (cls >= 0) {
		it = carve(d, (size_t)(cls + 1) * ITEM_STEP);
	} else {
		it = xmalloc(size);
	}
	it->cls = cls;
	it->task = task;
	it->klen = klen;
	it->n = 0;
	it->cap = 2;
	it->start = it->inl;
	it->raw = it->key;
	if (rn) {
		it->raw = it->key + kn;
		memcpy(it->raw, raw, rawlen); /* raw may be a slice of the line */
		it->raw[rawlen] = '\0';
	}
	return it;
}

static void
free_item(struct dep *d, struct item *it)
{
	if (it->start != it->inl)
		free(it->start);
	if (it->cls >= 0) {
		it->next = d->freeitems[it->cls];
		d->freeitems[it->cls] = it;
	} else {
		free(it);
	}
}

static void
dues_build(struct dues *u, const struct plan *p, day_t asof)
{
	u->from = p->anchor < asof ? p->anchor : asof;
	if (asof - u->from >= DUE_MAX_DAYS)
		u->from = asof - (DUE_MAX_DAYS - 1);
	u->ndays = (size_t)(asof - u->from) + 1;
	u->task = xcalloc(p->ntasks ? p->ntasks : 1, sizeof *u->task);
	for (size_t t = 0; t < p->ntasks; t++) {
		const struct rule *r = &p->tasks[t].rule;
		if (r->kind != RULE_WITHIN || !r->workdays)
			continue;
		/* rules of one length share a table */
		for (size_t k = 0; k < t && !u->task[t]; k++)
			if (u->task[k] && p->tasks[k].rule.n == r->n)
				u->task[t] = u->task[k];
		if (!u->task[t]) {
			day_t *v = xmalloc(u->ndays * sizeof *v);
			for (size_t i = 0; i < u->ndays; i++)
				v[i] = cal_due(u->from + (day_t)i, r->n);
			u->task[t] = v;
		}
	}
}

static void
dues_free(struct dues *u, const struct plan *p)
{
	for (size_t t = 0; t < p->ntasks; t++) {
		int shared = 0;
		for (size_t k = 0; k < t && !shared; k++)
			shared = u->task[k] == u->task[t];
		if (!shared)
			free((day_t *)u->task[t]);
	}
	free(u->task);
}

/* The due date of a clock of task t started on day start. */
static day_t
item_due(const struct dep *d, int t, day_t start)
{
	const struct dues *u = d->dues;
	size_t i = (size_t)(start - u->from); /* an earlier start wraps round to past ndays */
	if (u->task[t] && i < u->ndays)
		return u->task[t][i];
	return oblig_item_due(&d->p->tasks[t].rule, start);
}

static void
dep_init(struct dep *d, const struct plan *p, const struct oblig_opts *o, const struct oblig_sink *sink,
         const struct dues *dues, int dept)
{
	memset(d, 0, sizeof *d);
	d->p = p;
	d->o = o;
	d->sink = sink;
	d->dues = dues;
	d->dept = dept;
	d->day = INT32_MIN;
	/* no day outside the layers' bounds is covered: one run when all inside are */
	cal_coverage(&d->cov_first, &d->cov_last);
	d->cov_run = cal_covered_range(d->cov_first, d->cov_last);
	d->t = xcalloc(p->ntasks ? p->ntasks : 1, sizeof *d->t);
	for (size_t i = 0; i < p->ntasks; i++) {
		d->t[i].owes = plan_names(p, &p->tasks[i], dept);
		d->t[i].open = plan_open_group(p, &p->tasks[i], NULL);
		int counts = d->t[i].owes || d->t[i].open;
		d->t[i].takes = !counts ? TAKE_NONE : p->tasks[i].rule.kind == RULE_WITHIN ? TAKE_ITEMS : TAKE_TASK;
		d->t[i].rule = &p->tasks[i].rule;
	}
}

static void
dep_free(struct dep *d)
{
	for (size_t i = 0; i < d->p->ntasks; i++) {
		struct tstate *ts = &d->t[i];
		for (int k = 0; k < ts->nper; k++)
			free(ts->per[k].hits);
		free(ts->per);
		free(ts->hits);
	}
	free(d->t);
	for (size_t i = 0; i < d->nslot; i++)
		if (d->slot[i].it)
			free_item(d, d->slot[i].it);
	while (d->chunks) {
		struct chunk *c = d->chunks;
		d->chunks = c->next;
		c->next = spare_chunks;
		spare_chunks = c;
	}
	spare_table(d->slot, d->nslot);
	free(d->pend);
	free(d->text);
}

/* ------------------------------------------------------------------ */
/* Rows                                                                */

static day_t
roll(day_t x, const struct oblig_opts *o)
{
	return o->roll && !cal_is_workday(x) ? cal_due(x, 1) : x;
}

/* 1 when every day of [a, b] (a <= b) is covered. The covered days are one
 * run unless calendar layers leave a gap, and then two comparisons answer. */
static int
covered(const struct dep *d, day_t a, day_t b)
{
	return d->cov_run ? a >= d->cov_first && b <= d->cov_last : cal_covered_range(a, b);
}

/* Lateness and its provisional mark for a row that is not on time. */
static void
lateness(const struct dep *d, struct oblig *ob)
{
	const struct oblig_opts *o = d->o;
	if (ob->status == ST_LATE) {
		ob->late_wd = cal_workdays(ob->due, ob->done);
		ob->late_days = ob->done - ob->due;
		ob->provisional |= !covered(d, ob->due + 1, ob->done);
	} else if (ob->status == ST_OVERDUE) {
		ob->late_wd = cal_workdays(ob->due, o->asof);
		ob->late_days = o->asof - ob->due;
		ob->provisional |= !covered(d, ob->due + 1, o->asof);
	} else if (ob->status == ST_DUE_SOON || ob->status == ST_OPEN) {
		ob->provisional |= ob->due > o->asof && !covered(d, o->asof + 1, ob->due);
	}
}

/* Fills status and lateness once due and completion are known; from is the
 * day a working-day count started (due_counted), for the provisional mark.
 * Most rows are on time, so lateness is apart and this is small enough to
 * inline into emit_clock, which runs once per per-item row. */
static inline void
finish(const struct dep *d, struct oblig *ob, int due_counted, day_t from)
{
	ob->status = oblig_status(ob->has_done, ob->done, ob->due, d->o);
	if (ob->status != ST_ON_TIME)
		lateness(d, ob);
	if (due_counted && ob->due > from)
		ob->provisional |= !covered(d, from + 1, ob->due);
}

static void
new_row(const struct dep *d, struct oblig *ob, int task)
{
	memset(ob, 0, sizeof *ob);
	ob->dept = d->dept;
	ob->task = task;
}

static void
set_done(struct oblig *ob, const struct hit *h)
{
	ob->has_done = 1;
	ob->done = h->date;
	ob->src = h->l;
	ob->src_line = h->line;
}

/* Keeps the n earliest hits, in date order (file order among equal dates). */
static void
keep_earliest(struct hit **v, int *nv, int n, const struct hit *h)
{
	if (*nv == n && (*v)[n - 1].date <= h->date)
		return;
	if (!*v)
		*v = xmalloc((size_t)n * sizeof **v);
	int i = *nv < n ? (*nv)++ : n - 1;
	while (i > 0 && (*v)[i - 1].date > h->date) {
		(*v)[i] = (*v)[i - 1];
		i--;
	}
	(*v)[i] = *h;
}

/* Months from year 0 to the month holding x, and the period length in months. */
static long
month_index(day_t x)
{
	int y, m, dd;
	date_to_ymd(x, &y, &m, &dd);
	return (long)y * 12 + m - 1;
}

static int
period_months(enum period k)
{
	return k == PERIOD_MONTH ? 1 : k == PERIOD_QUARTER ? 3 : k == PERIOD_HALF ? 6 : 12;
}

static enum period
task_period(const struct rule *r)
{
	return r->kind == RULE_ANNUAL ? PERIOD_YEAR : r->period;
}

/* The periods of a periodic task: from the anchor's to the as-of date's. */
static void
init_periods(struct dep *d, struct tstate *ts, const struct rule *r)
{
	enum period k = task_period(r);
	ts->p0 = period_first(k, d->p->anchor);
	long n = (month_index(d->o->asof) - month_index(ts->p0)) / period_months(k) + 1;
	ts->nper = n > 0 ? (int)n : 0;
	ts->per = xcalloc(ts->nper ? (size_t)ts->nper : 1, sizeof *ts->per);
}

/* The index of the period an entry belongs to (its `period`, else its date's), or -1. */
static int
period_of(const struct tstate *ts, const struct rule *r, const struct entry *e)
{
	enum period k = task_period(r);
	day_t at = e->date;
	if (e->pkind != PERIOD_NONE) {
		if (e->pkind > k)
			return -1; /* a coarser period (a year for a quarterly task) names no one period */
		at = e->pstart;
	}
	long i = (month_index(at) - month_index(ts->p0));
	if (i < 0)
		return -1;
	i /= period_months(k);
	return i < ts->nper ? (int)i : -1;
}

/* Emits every obligation of a non-per-item task. */
static void
emit_task(struct dep *d, int t)
{
	const struct plan *p = d->p;
	const struct rule *ru = &p->tasks[t].rule;
	const struct oblig_opts *o = d->o;
	struct tstate *ts = &d->t[t];
	struct oblig ob;

	switch (ru->kind) {
	case RULE_BY:
	case RULE_AT_LEAST_BY:
		new_row(d, &ob, t);
		ob.has_due = 1;
		ob.due = roll(ru->date, o);
		if (ru->kind == RULE_BY && ts->has_done)
			set_done(&ob, &ts->done);
		if (ru->kind == RULE_AT_LEAST_BY) {
			ob.count = ts->nhits;
			if (ts->nhits >= ru->n)
				set_done(&ob, &ts->hits[ru->n - 1]);
		}
		finish(d, &ob, o->roll, ru->date);
		d->sink->emit(d->sink->arg, &ob);
		break;
	case RULE_PLAN:
		if (!p->has_issued)
			break; /* check reports the missing `issued:` */
		new_row(d, &ob, t);
		ob.has_due = 1;
		ob.due = oblig_item_due(ru, p->issued);
		if (ts->has_done)
			set_done(&ob, &ts->done);
		finish(d, &ob, ru->workdays, p->issued);
		d->sink->emit(d->sink->arg, &ob);
		break;
	case RULE_ANNUAL:
	case RULE_EVERY:
	case RULE_AT_LEAST_PER:
		if (!ts->per)
			init_periods(d, ts, ru);
		for (int i = 0; i < ts->nper; i++) {
			enum period k = task_period(ru);
			long mi = month_index(ts->p0) + (long)i * period_months(k);
			day_t ps = date_from_ymd((int)(mi / 12), (int)(mi % 12) + 1, 1), due;
			if (ps > o->asof)
				break;
			if (ru->kind == RULE_ANNUAL) {
				int y = date_year(ps), dd = ru->day;
				if (ru->month == 2 && dd == 29 && !date_is_leap(y))
					dd = 28;
				due = date_from_ymd(y, ru->month, dd);
			} else {
				due = period_last(k, ps);
			}
			if (due < p->anchor || (p->has_until && due > p->until))
				continue;
			new_row(d, &ob, t);
			ob.start = ps;
			ob.has_start = 1;
			ob.pkind = k;
			ob.has_due = 1;
			ob.due = roll(due, o);
			struct per *pp = &ts->per[i];
			if (ru->kind == RULE_AT_LEAST_PER) {
				ob.count = pp->nhits;
				if (pp->nhits >= ru->n)
					set_done(&ob, &pp->hits[ru->n - 1]);
			} else if (pp->has_done) {
				set_done(&ob, &pp->done);
			}
			finish(d, &ob, o->roll, due);
			d->sink->emit(d->sink->arg, &ob);
		}
		break;
	case RULE_ONGOING:
		new_row(d, &ob, t);
		if (ts->has_last) {
			set_done(&ob, &ts->last);
		}
		ob.status = ST_ONGOING;
		if (o->stale > 0 && o->asof - o->stale >= p->anchor && (!ts->has_last || ob.done <= o->asof - o->stale))
			ob.status = ST_STALE;
		d->sink->emit(d->sink->arg, &ob);
		break;
	default:
		break;
	}
}

/* Emits the obligation of one clock of an item, closed by h or still open.
 * Inline: flush_day calls it once per per-item row. */
static inline void
emit_clock(struct dep *d, const struct item *it, day_t start, const struct hit *h)
{
	const struct rule *ru = &d->p->tasks[it->task].rule;
	/* one initializer, not new_row and stores: fewer stores to the same bytes */
	struct oblig ob = { .dept = d->dept, .task = it->task, .item = it->raw, .key = it->key, .start = start,
		            .due = item_due(d, it->task, start), .has_start = 1, .has_due = 1 };
	if (h)
		set_done(&ob, h);
	finish(d, &ob, ru->workdays, start);
	d->sink->emit(d->sink->arg, &ob);
}

/* Opens a clock for a start of the entry's item on the current day. The item
 * is taken before the search, so that its key is hashed and copied in one
 * pass; it goes back to its free list when the item is open already. */
static void
start_item(struct dep *d, const struct entry *e)
{
	struct item *it = new_item(d, e->task, e->item_len, e->item_raw, e->item_raw_len);
	uint64_t hash = hash_copy(e->task, e->item, e->item_len, it->key);
	if (!d->nslot || (d->nitems + 1) * 2 > d->nslot)
		grow_items(d);
	size_t s = find_slot(d, e->task, it->key, e->item_len, hash);
	if (!d->slot[s].it) {
		d->slot[s] = (struct slot){ hash, it };
		d->nitems++;
	} else {
		free_item(d, it);
		it = d->slot[s].it;
		if (it->n && it->start[it->n - 1] == d->day)
			return; /* two starts of one item on one date are one obligation */
	}
	if (it->n == it->cap) {
		it->cap *= 2;
		if (it->start == it->inl) {
			it->start = xmalloc(it->cap * sizeof *it->start);
			memcpy(it->start, it->inl, sizeof it->inl);
		} else {
			it->start = xrealloc(it->start, it->cap * sizeof *it->start);
		}
	}
	it->start[it->n++] = d->day;
}

/* Handles the publications of the pending day: each closes its item's clocks. */
static void
flush_day(struct dep *d)
{
	for (size_t i = 0; i < d->npend && d->nslot; i++) {
		struct pend *e = &d->pend[i];
		size_t s = find_slot(d, e->task, d->text + e->key, e->klen, e->hash);
		struct item *it = d->slot[s].it;
		if (!it)
			continue; /* nothing open: check warns about a publication without a start */
		struct hit h = { d->day, e->line, e->l };
		for (size_t k = 0; k < it->n; k++)
			emit_clock(d, it, it->start[k], &h);
		remove_slot(d, s);
		free_item(d, it);
	}
	d->npend = 0;
	d->ntext = 0;
}

/* Room for n bytes at the end of the day's text; returns its offset. */
static size_t
text_room(struct dep *d, size_t n)
{
	size_t at = d->ntext;
	if (at + n > d->captext) {
		d->captext = (at + n) * 2;
		d->text = xrealloc(d->text, d->captext);
	}
	d->ntext += n;
	return at;
}

/* Takes one entry of a per-item task. Returns -1 when it comes before the
 * pending day: the ledger is out of date order and must be redone sorted. */
static int
feed_item(struct dep *d, const struct entry *e, const struct rule *ru, const struct ledger *l)
{
	if (!(e->ev & (ru->starts | EV_PUBLISHED)) || !*e->item)
		return 0;
	if (e->date != d->day) {
		if (e->date < d->day)
			return -1;
		flush_day(d);
		d->day = e->date;
	}
	if (e->ev != EV_PUBLISHED) {
		start_item(d, e);
		return 0;
	}
	if (d->npend == d->cappend) {
		d->cappend = d->cappend ? d->cappend * 2 : 16;
		d->pend = xrealloc(d->pend, d->cappend * sizeof *d->pend);
	}
	size_t at = text_room(d, e->item_len + 1);
	uint64_t hash = hash_copy(e->task, e->item, e->item_len, d->text + at);
	d->pend[d->npend++] = (struct pend){ e->task, at, e->item_len, hash, e->lineno, l };
	return 0;
}

/* Takes one entry of a task that is not per item. */
static void
feed_task(struct dep *d, struct tstate *ts, const struct rule *ru, const struct entry *e, const struct ledger *l)
{
	struct hit h = { e->date, e->lineno, l };

	switch (ru->kind) {
	case RULE_ONGOING:
		/* the last entry counts for ongoing tasks only (emit_task) */
		if (!ts->has_last || e->date >= ts->last.date) {
			ts->has_last = 1;
			ts->last = h;
		}
		break;
	case RULE_BY:
	case RULE_PLAN:
		if (e->ev == EV_DONE && (!ts->has_done || e->date < ts->done.date)) {
			ts->has_done = 1;
			ts->done = h;
		}
		break;
	case RULE_AT_LEAST_BY:
		if (e->ev == ru->counted)
			keep_earliest(&ts->hits, &ts->nhits, ru->n, &h);
		break;
	case RULE_ANNUAL:
	case RULE_EVERY:
	case RULE_AT_LEAST_PER: {
		if (!ts->per)
			init_periods(d, ts, ru);
		int i = period_of(ts, ru, e);
		if (i < 0)
			break;
		struct per *pp = &ts->per[i];
		if (ru->kind == RULE_AT_LEAST_PER) {
			if (e->ev == ru->counted)
				keep_earliest(&pp->hits, &pp->nhits, ru->n, &h);
		} else if (e->ev == EV_DONE && (!pp->has_done || e->date < pp->done.date)) {
			pp->has_done = 1;
			pp->done = h;
		}
		break;
	}
	default:
		break;
	}
}

/* Takes one entry. Returns -1 when a per-item entry comes before the pending
 * day (feed_item). */
static int
dep_feed(struct dep *d, const struct entry *e, const struct ledger *l)
{
	struct tstate *ts = &d->t[e->task];

	if (e->date > d->o->asof || ts->takes == TAKE_NONE)
		return 0;
	ts->any = 1;
	if (ts->takes == TAKE_ITEMS)
		return feed_item(d, e, ts->rule, l);
	feed_task(d, ts, ts->rule, e, l);
	return 0;
}

/* Emits everything the department still holds. */
static void
dep_end(struct dep *d)
{
	flush_day(d);
	for (size_t t = 0; t < d->p->ntasks; t++) {
		const struct tstate *ts = &d->t[t];
		if (d->p->tasks[t].rule.kind == RULE_WITHIN || !(ts->owes || (ts->open && ts->any)))
			continue;
		emit_task(d, (int)t);
	}
	for (size_t i = 0; i < d->nslot; i++) {
		const struct item *it = d->slot[i].it;
		for (size_t k = 0; it && k < it->n; k++)
			emit_clock(d, it, it->start[k], NULL);
	}
}

/* ------------------------------------------------------------------ */
/* Runs                                                                */

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
	if (a->l != b->l)
		return a->l < b->l ? -1 : 1;
	return a->e->seq < b->e->seq ? -1 : a->e->seq > b->e->seq;
}

/* Feeds the department every entry of the given ledgers, in date order. */
static void
feed_ledgers(struct dep *d, const struct ledger *ls, size_t nl)
{
	size_t total = 0, n = 0;
	for (size_t i = 0; i < nl; i++)
		if (ls[i].dept == d->dept)
			total += ls[i].n;
	struct ref *r = xmalloc((total ? total : 1) * sizeof *r);
	for (size_t i = 0; i < nl; i++)
		if (ls[i].dept == d->dept)
			for (size_t k = 0; k < ls[i].n; k++)
				r[n++] = (struct ref){ &ls[i].e[k], &ls[i] };
	qsort(r, n, sizeof *r, cmp_ref);
	for (size_t i = 0; i < n; i++)
		dep_feed(d, r[i].e, r[i].l);
	free(r);
}

void
oblig_compute(struct oblig_set *s, const struct plan *p, const struct ledger *ls, size_t nl,
              const struct oblig_opts *o)
{
	memset(s, 0, sizeof *s);
	struct oblig_sink sink = oblig_set_sink(s);
	struct dues dues;
	dues_build(&dues, p, o->asof);
	for (size_t dd = 0; dd < p->ndepts; dd++) {
		struct dep d;
		if (p->depts[dd].is_group)
			continue;
		dep_init(&d, p, o, &sink, &dues, (int)dd);
		sink.begin(sink.arg, (int)dd);
		feed_ledgers(&d, ls, nl);
		dep_end(&d);
		sink.commit(sink.arg);
		dep_free(&d);
	}
	free_spare();
	dues_free(&dues, p);
}

static int
stream_entry(void *arg, const struct entry *e)
{
	struct dep *d = arg;
	if (!e)
		return 0;
	d->lastline = e->lineno;
	return dep_feed(d, e, NULL) < 0;
}

/* What one run shares between its workers. */
struct run {
	struct plan             *p;
	char *const             *files;
	size_t                   nfiles;
	const struct ledger_opts *lo;
	const struct oblig_opts *o;
	const int               *fdept;   /* each file's department */
	struct dues              dues;
	int                      capture; /* workers capture their messages */
	char                   **msg;     /* per department: captured messages */
	size_t                  *msglen;
	pthread_mutex_t          lock;
	const size_t            *order;   /* the departments in the order they are taken */
	size_t                   next;    /* the next of them to take */
	int                      rc;
};

/* Streams the department's only ledger; returns 0 when it was out of date
 * order (everything emitted was rolled back) and *stopped_at is where. */
static int
stream_one(struct run *r, struct dep *d, const struct oblig_sink *sink, size_t file, long *stopped_at)
{
	int dept, rc;
	rc = ledger_scan(r->p, r->files[file], r->lo, &dept, stream_entry, d);
	if (rc == -1)
		return -1;
	if (rc != -3)
		return 1;
	*stopped_at = d->lastline;
	sink->rollback(sink->arg);
	return 0;
}

/* Derives one department's obligations into sink. */
static int
run_department(struct run *r, size_t dd, const struct oblig_sink *sink)
{
	size_t nf = 0, one = 0;
	long stopped_at = 0;
	int rc = 0, streamed = 0;
	struct dep d;

	for (size_t i = 0; i < r->nfiles; i++)
		if (r->fdept[i] == (int)dd) {
			nf++;
			one = i;
		}
	dep_init(&d, r->p, r->o, sink, &r->dues, (int)dd);
	sink->begin(sink->arg, (int)dd);
	if (nf == 1) {
		streamed = stream_one(r, &d, sink, one, &stopped_at);
		if (streamed < 0) {
			rc = -1;
			streamed = 1; /* what was read stands; the error is reported */
		} else if (!streamed) {
			/* out of date order: redo it sorted, in memory */
			dep_free(&d);
			dep_init(&d, r->p, r->o, sink, &r->dues, (int)dd);
			sink->begin(sink->arg, (int)dd);
		}
	}
	if (nf > 1 || (nf == 1 && !streamed)) {
		struct ledger *ls = xcalloc(nf, sizeof *ls);
		struct ledger_opts again = *r->lo;
		size_t k = 0;
		/* a file redone after streaming has already reported its lines up to the stop */
		again.quiet_through = stopped_at;
		for (size_t i = 0; i < r->nfiles; i++)
			if (r->fdept[i] == (int)dd && ledger_read(&ls[k++], r->p, r->files[i], &again) == -1)
				rc = -1;
		feed_ledgers(&d, ls, nf);
		dep_end(&d);
		for (size_t i = 0; i < nf; i++)
			ledger_free(&ls[i]);
		free(ls);
	} else {
		dep_end(&d);
	}
	sink->commit(sink->arg);
	dep_free(&d);
	return rc;
}

struct worker {
	struct run              *r;
	const struct oblig_sink *sink;
	pthread_t                tid;
};

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct run *r = w->r;
	for (;;) {
		pthread_mutex_lock(&r->lock);
		size_t k = r->next++;
		pthread_mutex_unlock(&r->lock);
		if (k >= r->p->ndepts)
			break;
		size_t dd = r->order ? r->order[k] : k;
		if (r->p->depts[dd].is_group)
			continue;
		FILE *fp = r->capture ? open_memstream(&r->msg[dd], &r->msglen[dd]) : NULL;
		diag_capture(fp);
		int rc = run_department(r, dd, w->sink);
		diag_capture(NULL);
		if (fp)
			fclose(fp);
		if (rc < 0) {
			pthread_mutex_lock(&r->lock);
			r->rc = -1;
			pthread_mutex_unlock(&r->lock);
		}
	}
	free_spare();
	return NULL;
}

/* Threads take the departments with the most ledger bytes first, so that
 * the last ones taken are small and the threads finish together. */
struct bysize {
	size_t    dept;
	long long bytes;
};

static int
cmp_bysize(const void *pa, const void *pb)
{
	const struct bysize *a = pa, *b = pb;
	if (a->bytes != b->bytes)
		return a->bytes > b->bytes ? -1 : 1;
	return a->dept < b->dept ? -1 : a->dept > b->dept;
}

static size_t *
largest_first(const struct plan *p, char *const *files, const int *fdept, size_t nfiles)
{
	struct bysize *v = xcalloc(p->ndepts ? p->ndepts : 1, sizeof *v);
	size_t *order = xmalloc((p->ndepts ? p->ndepts : 1) * sizeof *order);
	struct stat st;

	for (size_t dd = 0; dd < p->ndepts; dd++)
		v[dd].dept = dd;
	for (size_t i = 0; i < nfiles; i++)
		if (fdept[i] >= 0 && stat(files[i], &st) == 0)
			v[fdept[i]].bytes += (long long)st.st_size;
	qsort(v, p->ndepts, sizeof *v, cmp_bysize);
	for (size_t k = 0; k < p->ndepts; k++)
		order[k] = v[k].dept;
	free(v);
	return order;
}

int
oblig_run(struct plan *p, char *const *files, const int *given, size_t nfiles, const struct ledger_opts *lo,
          const struct oblig_opts *o, const struct oblig_sink *sinks, size_t nsinks)
{
	int *fdept = xmalloc((nfiles ? nfiles : 1) * sizeof *fdept);
	struct ledger_opts quiet = *lo;
	struct run r = { 0 };

	/* which department each file belongs to; quietly: the real read reports */
	quiet.quiet_through = LONG_MAX;
	for (size_t i = 0; i < nfiles; i++)
		fdept[i] = given ? given[i] : ledger_department(p, files[i], &quiet);
	cal_build(); /* the workers only read the calendar */
	dues_build(&r.dues, p, o->asof);

	r.p = p;
	r.files = files;
	r.nfiles = nfiles;
	r.lo = lo;
	r.o = o;
	r.fdept = fdept;
	pthread_mutex_init(&r.lock, NULL);
	if (nsinks < 1)
		nsinks = 1;
	if (nsinks > 1 && nfiles > 1) {
		/* one worker per sink; messages kept per department, printed in order */
		struct worker *w = xcalloc(nsinks, sizeof *w);
		size_t *order = largest_first(p, files, fdept, nfiles);
		r.order = order;
		r.capture = 1;
		r.msg = xcalloc(p->ndepts ? p->ndepts : 1, sizeof *r.msg);
		r.msglen = xcalloc(p->ndepts ? p->ndepts : 1, sizeof *r.msglen);
		for (size_t i = 0; i < nsinks; i++) {
			w[i] = (struct worker){ &r, &sinks[i], 0 };
			if (pthread_create(&w[i].tid, NULL, work, &w[i]) != 0)
				diag_fatal("cannot start a thread");
		}
		for (size_t i = 0; i < nsinks; i++)
			pthread_join(w[i].tid, NULL);
		for (size_t dd = 0; dd < p->ndepts; dd++) {
			diag_put_captured(r.msg[dd], r.msglen[dd]);
			free(r.msg[dd]);
		}
		free(r.msg);
		free(r.msglen);
		free(w);
		free(order);
	} else {
		struct worker w = { &r, &sinks[0], 0 };
		work(&w);
	}
	pthread_mutex_destroy(&r.lock);
	dues_free(&r.dues, p);
	/* files whose department is unknown: read them for their diagnostics */
	for (size_t i = 0; i < nfiles; i++)
		if (fdept[i] < 0) {
			int dept;
			if (ledger_scan(p, files[i], lo, &dept, NULL, NULL) == -1)
				r.rc = -1;
		}
	free(fdept);
	return r.rc;
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

/* ------------------------------------------------------------------ */
/* The row-keeping sink                                                */

struct strchunk {
	struct strchunk *prev;
	size_t           used, cap;
	char             buf[];
};

static char *
set_strdup(struct oblig_set *s, const char *str)
{
	size_t n = strlen(str) + 1;
	if (!s->strs || s->strs->cap - s->strs->used < n) {
		size_t cap = n > 65536 ? n : 65536;
		struct strchunk *c = xmalloc(sizeof *c + cap);
		c->prev = s->strs;
		c->used = 0;
		c->cap = cap;
		s->strs = c;
	}
	char *p = s->strs->buf + s->strs->used;
	memcpy(p, str, n);
	s->strs->used += n;
	return p;
}

static void
set_begin(void *arg, int dept)
{
	struct oblig_set *s = arg;
	(void)dept;
	s->mark_n = s->n;
	s->mark_chunk = s->strs;
	s->mark_used = s->strs ? s->strs->used : 0;
}

static void
set_emit(void *arg, const struct oblig *ob)
{
	struct oblig_set *s = arg;
	if (s->keep && !s->keep(ob, s->keeparg))
		return;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	struct oblig *c = &s->v[s->n++];
	*c = *ob;
	if (ob->item) {
		c->item = set_strdup(s, ob->item);
		c->key = s->drop_keys ? NULL : strcmp(ob->key, ob->item) == 0 ? c->item : set_strdup(s, ob->key);
	}
	if (ob->provisional && !s->provisional)
		s->provisional = 1; /* no store per row: the workers' sets sit side by side */
}

static void
set_commit(void *arg)
{
	(void)arg;
}

static void
set_rollback(void *arg)
{
	struct oblig_set *s = arg;
	s->n = s->mark_n;
	while (s->strs != s->mark_chunk) {
		struct strchunk *c = s->strs;
		s->strs = c->prev;
		free(c);
	}
	if (s->strs)
		s->strs->used = s->mark_used;
}

void
oblig_set_merge(struct oblig_set *dst, struct oblig_set *src)
{
	if (dst->n == 0) {
		/* the first set moves in whole: no second copy of its rows */
		free(dst->v);
		dst->v = src->v;
		dst->n = src->n;
		dst->cap = src->cap;
		src->v = NULL;
		src->n = 0;
	} else if (dst->cap < dst->n + src->n) {
		dst->cap = dst->n + src->n;
		dst->v = xrealloc(dst->v, dst->cap * sizeof *dst->v);
	}
	/* From the end, a block at a time, giving src's memory back as it goes:
	 * the rows are never held twice (status and overdue hold them all). */
	for (size_t left = src->n; left > 0;) {
		size_t k = left > 8192 ? 8192 : left;
		left -= k;
		memcpy(dst->v + dst->n + left, src->v + left, k * sizeof *src->v);
		if (left)
			src->v = xrealloc(src->v, left * sizeof *src->v);
	}
	dst->n += src->n;
	dst->provisional |= src->provisional;
	/* the rows' strings move with their chunks */
	struct strchunk **tail = &src->strs;
	while (*tail)
		tail = &(*tail)->prev;
	*tail = dst->strs;
	dst->strs = src->strs;
	src->strs = NULL;
	free(src->v);
	memset(src, 0, sizeof *src);
}

struct oblig_sink
oblig_set_sink(struct oblig_set *s)
{
	struct oblig_sink k = { set_begin, set_emit, set_commit, set_rollback, s, 0 };
	return k;
}

/* Row order (SPEC §5.1): department bytewise, task (numeric ids first), start
 * or period, item; with by_late, the most working days late first. */
static const struct plan *sort_plan;
static int sort_by_late;

/* The folded item of ob: its key, or (a set that dropped keys) its item
 * folded into *buf, grown as needed. */
static const char *
key_of(const struct oblig *ob, char **buf, size_t *cap)
{
	if (ob->key || !ob->item)
		return ob->key ? ob->key : "";
	size_t n = strlen(ob->item);
	if (n + 1 > *cap) {
		*cap = n + 1 > 2 * *cap ? n + 1 : 2 * *cap;
		*buf = xrealloc(*buf, *cap);
	}
	text_fold(ob->item, n, *buf);
	return *buf;
}

/* Items in order of their folded form (SPEC §5.1): ties of department, task
 * and start are rare, so folding here costs little. */
static char  *cmp_buf[2];
static size_t cmp_cap[2];

static int
cmp_keys(const struct oblig *a, const struct oblig *b)
{
	return strcmp(key_of(a, &cmp_buf[0], &cmp_cap[0]), key_of(b, &cmp_buf[1], &cmp_cap[1]));
}

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
	if ((c = cmp_keys(a, b)))
		return c;
	/* ids that compare as one number (1 and 01): the plan's order, not the
	 * order the rows happened to be made in */
	return a->task < b->task ? -1 : a->task > b->task;
}

void
oblig_sort(struct oblig_set *s, const struct plan *p, int by_late)
{
	sort_plan = p;
	sort_by_late = by_late;
	if (s->n > 1)
		qsort(s->v, s->n, sizeof *s->v, cmp_oblig);
	for (int i = 0; i < 2; i++) {
		free(cmp_buf[i]);
		cmp_buf[i] = NULL;
		cmp_cap[i] = 0;
	}
}

void
oblig_free(struct oblig_set *s)
{
	while (s->strs) {
		struct strchunk *c = s->strs;
		s->strs = c->prev;
		free(c);
	}
	free(s->v);
	memset(s, 0, sizeof *s);
}
