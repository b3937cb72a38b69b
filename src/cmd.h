/* cmd — what main hands to each command: the parsed common options and the
 * command's own arguments. One cmd_*.c file per command (or family). */
#ifndef CMD_H
#define CMD_H

#include <stddef.h>

#include "date.h"
#include "out.h"
#include "tsv.h"

/* Exit statuses (SPEC §7). */
enum { EXIT_CLEAN = 0, EXIT_ACTION = 1, EXIT_TROUBLE = 2 };

struct opts {
	const char  *dir;        /* -C: the workspace folder */
	const char  *tasks;      /* --tasks FILE */
	const char **calendars;  /* --calendar FILE, in order */
	size_t       ncalendars;
	day_t        asof;       /* --as-of, else today */
	int          asof_given;
	const char **depts;      /* --dept NAME */
	size_t       ndepts;
	const char **taskids;    /* --task ID */
	size_t       ntaskids;
	const char **statuses;   /* --status S */
	size_t       nstatuses;
	struct out_opts out;     /* -o, --excel, --color, --lang */
	int          format_given;
	enum tsv_enc enc;        /* --encoding */
	int          strict, quiet, roll;
	long         soon;       /* --soon N (working days), default 5 */
	int          soon_given;
	long         stale;      /* --stale DAYS, default 90 */
	const char  *by;         /* summary --by */
	const char  *month;      /* score --month YYYY-MM */
	const char  *section, *evidence, *period; /* add */
	char       **args;       /* the command's positional arguments */
	int          nargs;
};

/* Builds the calendar: national, then DIR/calendar.tsv, then each --calendar.
 * Returns -1 when a calendar file could not be read. */
int  cmd_load_calendar(const struct opts *o);
/* Warns once (an error under --strict) that a result depends on days outside
 * the calendar's coverage. */
void cmd_provisional(const char *what);
/* Reports, once, that standard output could not be written (a full disk). */
void cmd_write_error(void);
/* Prints a usage error and returns EXIT_TROUBLE. */
int  cmd_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Parses a date argument; reports a usage error naming it. */
int  cmd_date_arg(const char *s, day_t *out);

int cmd_due(struct opts *o);
int cmd_workdays(struct opts *o);
int cmd_cal(struct opts *o);
int cmd_tasks(struct opts *o);
int cmd_check(struct opts *o);
int cmd_status(struct opts *o);
int cmd_overdue(struct opts *o);
int cmd_summary(struct opts *o);
int cmd_score(struct opts *o);
int cmd_explain(struct opts *o);
int cmd_add(struct opts *o);

#endif
