/* ledger — reads a department's work ledger (工作台账, SPEC §2.3) into entries.
 *
 * A ledger file names its department in `# department:` metadata, else by its
 * file name without .tsv; the name goes through the plan's aliases. Each line
 * becomes an entry: the task, the date, the event (English or Chinese), the
 * item folded for matching (SPEC §5.1), the period when given. Lines that
 * cannot be read are reported as errors and skipped; everything else is kept.
 *
 * Ownership: a struct ledger owns its entries and their strings; ledger_free
 * releases them. */
#ifndef LEDGER_H
#define LEDGER_H

#include <stddef.h>

#include "date.h"
#include "event.h"
#include "plan.h"
#include "rule.h"
#include "tsv.h"

struct entry {
	int         task;      /* index into plan->tasks */
	day_t       date;
	enum event  ev;
	char       *item;      /* folded item text; "" when none */
	char       *item_raw;  /* as written (trimmed); during a ledger_scan callback it
	                        * points into the line and is not NUL-terminated (use
	                        * item_raw_len); ledger_read's copies are */
	size_t      item_len, item_raw_len; /* their lengths in bytes */
	enum period pkind;     /* PERIOD_NONE when no period was given */
	day_t       pstart;    /* first day of the given period */
	long        lineno;
	size_t      seq;       /* order in the file, to break ties between equal dates */
	/* Kept for `check` only (NULL otherwise): the line and where the fields are,
	 * so that a warning can put a caret under the field. */
	char       *line;
	size_t      linelen;
	size_t      off[4], len[4]; /* LF_TASK, LF_DATE, LF_EVENT, LF_ITEM */
};

enum { LF_TASK, LF_DATE, LF_EVENT, LF_ITEM };

struct ledger {
	char         *path;
	int           dept;     /* index into plan->depts, -1 when unknown */
	struct entry *e;
	size_t        n;
	int           sorted;   /* entries were already in date order in the file */
	size_t        cap;
	int           keep_lines; /* keep each line's text (for `check`) */
};

/* A ledger's columns (SPEC §2.3), in the order a new ledger gets them. */
enum { LC_TASK, LC_DATE, LC_EVENT, LC_ITEM, LC_PERIOD, LC_SECTION, LC_EVIDENCE, LC_NOTE, LC_COUNT };
extern const struct tsv_col ledger_cols[LC_COUNT];

struct ledger_opts {
	enum tsv_enc enc;
	int          check;     /* `check`: keep each line's text for carets */
	long         quiet_through; /* report nothing about lines up to this one (a re-read) */
};

/* Reads one ledger. Returns 0; -1 when the file could not be read (or read to
 * its end); -2 when it names an unknown department (reported; l->dept is -1). Entries are sorted by
 * date, file order breaking ties. */
int  ledger_read(struct ledger *l, struct plan *p, const char *path, const struct ledger_opts *o);
void ledger_free(struct ledger *l);

/* Called with NULL once the department is known (return nonzero to skip the
 * file), then with each good entry in file order; the entry's strings are valid
 * only during the call. Return nonzero to stop reading. */
typedef int (*ledger_fn)(void *arg, const struct entry *e);

/* Reads a ledger line by line without keeping it: the streaming path of the
 * reports. *dept gets the department. Returns as ledger_read does, or -3 when
 * fn stopped the reading. */
int  ledger_scan(struct plan *p, const char *path, const struct ledger_opts *o, int *dept, ledger_fn fn, void *arg);

/* The department name a ledger file gives (`# department:`, else its file
 * name), not resolved through the plan; read silently, NULL when the file
 * cannot be read. The caller frees it. */
char *ledger_file_department(const char *path, enum tsv_enc enc);

/* The department a ledger belongs to (its `# department:` or file name), or
 * -1 when unknown or unreadable; reports only when o->quiet_through is 0. */
int  ledger_department(struct plan *p, const char *path, const struct ledger_opts *o);

/* Parses a period: 2024, 2024-H1, 2024H1, 2024-Q3, 2024Q3, 2024-07, 2024-7.
 * Returns 0 with its kind and first day, or -1. */
int  ledger_parse_period(const char *s, enum period *kind, day_t *start);
/* Writes a period as 2024, 2024-H1, 2024-Q3 or 2024-07. */
void ledger_format_period(enum period kind, day_t start, char *buf, size_t bufsz);
/* First and last day of the period of kind holding d. */
day_t period_first(enum period kind, day_t d);
day_t period_last(enum period kind, day_t d);

#endif
