/* oblig — obligations and their status as of a date (SPEC §5). No I/O of its own.
 *
 * The engine works one department at a time and takes that department's
 * ledger entries one by one: a per-department state holds, per task, the
 * first completion, the counted entries of "at least N" targets, the last
 * activity, and the per-item clocks that are still open. A clock closed by a
 * publication is handed to the sink at once and forgotten, so memory grows
 * with the open obligations, not with the ledger (SPEC §7). Only per-item
 * entries need date order; oblig_run streams a ledger that has it and reads
 * one that has not into memory, sorted (the documented cost).
 *
 * Obligations go to a sink: oblig_set keeps rows (status, overdue, score,
 * explain); a report may count them instead (summary). A sink sees one
 * department at a time and can drop it (begin/commit/rollback), which is how
 * a ledger found out of date order half-way is redone.
 *
 * Ownership: a struct oblig handed to a sink is valid only during the call;
 * oblig_set copies what it keeps and owns it. */
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

/* Laid out so that a row takes 88 bytes on LP64 (112 before): status and overdue hold
 * every row they print (issue 7: memory). */
struct oblig {
	int          dept, task;
	const char  *item;        /* per-item rules: the item as its start entry writes it; else NULL */
	const char  *key;         /* per-item rules: the item folded for matching (SPEC §5.1) */
	const struct ledger *src; /* the ledger that completed it (in-memory runs only) */
	long         src_line;    /* the line of the completing (ongoing: last) entry */
	long         late_wd, late_days;
	day_t        start;       /* per-item: the start event's date; periodic: the period's first day */
	day_t        due;
	day_t        done;        /* completion (ongoing: the last entry) */
	int          count;       /* at least N: entries counted so far */
	enum period  pkind;       /* periodic rules: the period */
	enum status  status;
	unsigned char has_start, has_due, has_done;
	unsigned char provisional; /* the due date or the lateness counts days outside the calendar */
};

struct oblig_sink {
	void (*begin)(void *arg, int dept);
	void (*emit)(void *arg, const struct oblig *ob);
	void (*commit)(void *arg);
	void (*rollback)(void *arg);
	void  *arg;
	/* 1: emit never reads the item as written, so the engine keeps no copy
	 * of it and ob->item is the folded key (a report that counts rows) */
	int    keys_only;
};

/* Rows kept by a sink: every row, or those keep() accepts. */
struct oblig_set {
	struct oblig *v;
	size_t        n, cap;
	int           provisional; /* some row is provisional */
	int         (*keep)(const struct oblig *ob, void *arg);
	void         *keeparg;
	/* 1: rows keep no key (NULL), only the item; oblig_sort folds the items
	 * it must compare. Saves a string a row where every row is held. */
	int           drop_keys;
	/* copies of item strings, in chunks; mark/rollback per department */
	struct strchunk *strs;
	size_t        mark_n;
	struct strchunk *mark_chunk;
	size_t        mark_used;
};

/* A sink that appends to s (memset s to 0 first; set keep to filter). */
struct oblig_sink oblig_set_sink(struct oblig_set *s);

/* Derives every obligation from ledger files: each department's single ledger
 * is streamed when in date order, else read into memory; departments without a
 * ledger get their obligations too. With nsinks > 1, that many threads take
 * departments in turn, each into its own sink (merge them afterwards); their
 * messages are printed in department order at the end. fdept, when not NULL,
 * gives each file's department (ledger_department), else they are looked up.
 * Returns -1 when a file could not be read. */
int  oblig_run(struct plan *p, char *const *files, const int *fdept, size_t nfiles, const struct ledger_opts *lo,
               const struct oblig_opts *o, const struct oblig_sink *sinks, size_t nsinks);
/* Moves src's rows (and their strings) to the end of dst; src is left empty. */
void oblig_set_merge(struct oblig_set *dst, struct oblig_set *src);

/* Derives every obligation from ledgers already in memory (ledgers[i].dept < 0
 * are skipped) into s. */
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
