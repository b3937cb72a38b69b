/* oblig — obligations and their status as of a date (SPEC §5). No I/O.
 *
 * From the plan and the ledgers, oblig_compute derives every obligation of
 * every responsible department: one per (department, task) for `by`, `within
 * … of plan` and `ongoing` rules; one per period for `annual`, `every` and
 * `at least N per`; one per item and start date for per-item rules. Each gets
 * its due date, completion, status and lateness.
 *
 * Ownership: a struct oblig_set owns its rows; item strings point into the
 * ledgers, which must outlive it. */
#ifndef OBLIG_H
#define OBLIG_H

#include <stddef.h>

#include "ledger.h"
#include "plan.h"

enum status { ST_ON_TIME, ST_LATE, ST_OPEN, ST_DUE_SOON, ST_OVERDUE, ST_ONGOING, ST_STALE, ST_COUNT };

struct oblig_opts {
	day_t asof;
	long  soon;   /* due-soon window in working days */
	long  stale;  /* ongoing tasks: stale after this many days without an entry (0: never) */
	int   roll;   /* move fixed due dates off days off */
};

struct oblig {
	int          dept, task;
	const char  *item;        /* per-item rules: the item as first written; else NULL */
	const char  *key;         /* per-item rules: the item folded for matching (SPEC §5.1) */
	day_t        start;       /* per-item: the start event's date; periodic: the period's first day */
	int          has_start;
	enum period  pkind;       /* periodic rules: the period */
	int          has_due;
	day_t        due;
	int          has_done;
	day_t        done;        /* completion (ongoing: the last entry) */
	enum status  status;
	long         late_wd, late_days;
	int          provisional; /* the due date or the lateness counts days outside the calendar */
	const struct ledger *src; /* the ledger and line that completed it, when any */
	long         src_line;
	int          count;       /* at least N: entries counted so far */
};

struct oblig_set {
	struct oblig *v;
	size_t        n, cap;
	int           provisional; /* some row is provisional */
};

/* Derives every obligation. ledgers[i].dept < 0 are skipped. */
void oblig_compute(struct oblig_set *s, const struct plan *p, const struct ledger *ledgers, size_t nledgers,
                   const struct oblig_opts *o);
/* Sorts rows in the order of SPEC §5.1; by_late puts the most working days late first. */
void oblig_sort(struct oblig_set *s, const struct plan *p, int by_late);
void oblig_free(struct oblig_set *s);

/* Status from due/done as of a date: the pure core of the engine. */
enum status oblig_status(int has_done, day_t done, day_t due, const struct oblig_opts *o);

/* The due date of a per-item rule started on day start. */
day_t oblig_item_due(const struct rule *r, day_t start);

const char *oblig_status_name(enum status st);
int         oblig_parse_status(const char *s); /* -1 when not a status */

/* 1 when department d owes task t: named by the task, or a member of a group
 * without members that has entries for the task in its ledgers. */
int oblig_owes(const struct plan *p, int t, int d, const struct ledger *ledgers, size_t nledgers, day_t asof);

#endif
