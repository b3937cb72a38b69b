/* cmd_date — `due` and `workdays`, and the calendar set-up every command shares. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cal.h"
#include "cmd.h"
#include "diag.h"

int
cmd_load_calendar(const struct opts *o)
{
	char path[PATH_MAX];
	struct stat st;
	int rc = 0;

	cal_init();
	snprintf(path, sizeof path, "%s/calendar.tsv", o->dir);
	if (stat(path, &st) == 0 && cal_add_file(path, o->enc) < 0)
		rc = -1;
	for (size_t i = 0; i < o->ncalendars; i++)
		if (cal_add_file(o->calendars[i], o->enc) < 0)
			rc = -1;
	cal_build();
	return rc;
}

void
cmd_provisional(const char *what)
{
	static int warned;
	day_t first, last;
	char a[DATE_BUFSZ], b[DATE_BUFSZ];

	if (warned++)
		return;
	cal_coverage(&first, &last);
	diag_warn("%s depends on days outside the calendar's coverage (%s..%s), where only weekends "
	          "count as days off: the result is provisional; add a calendar layer with --calendar "
	          "or DIR/calendar.tsv once the year's holidays are announced",
	          what, date_format(first, a), date_format(last, b));
}

/* Parses a whole number of days for `due`. */
static int
count_arg(const char *s, long *n)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || *end || errno || v < -100000 || v > 100000) {
		cmd_usage("'%s': expected a whole number of working days (from -100000 to 100000)", s);
		return -1;
	}
	*n = v;
	return 0;
}

/* The calendar could not be read: the answer would be wrong, so refuse. */
static int
calendar_failed(void)
{
	diag_error("the calendar could not be read: no answer given");
	return EXIT_TROUBLE;
}

int
cmd_due(struct opts *o)
{
	day_t d, r;
	long n;
	char buf[DATE_BUFSZ];

	if (cmd_date_arg(o->args[0], &d) < 0 || count_arg(o->args[1], &n) < 0)
		return EXIT_TROUBLE;
	if (cmd_load_calendar(o) < 0)
		return calendar_failed();
	r = cal_due(d, n);
	/* cal_due stops at the ends of the table (years 1900-2199). */
	if (n != 0 && (n > 0 ? cal_workdays(d, r) != n : cal_workdays(r, d) != -n - 1 + cal_is_workday(d))) {
		diag_error("the %ld-th working day %s %s is outside the years %d-%d", labs(n),
		           n > 0 ? "after" : "before", date_format(d, buf), DATE_MIN_YEAR, DATE_MAX_YEAR);
		return EXIT_TROUBLE;
	}
	if (!cal_covered_range(n >= 0 ? d + 1 : r, n >= 0 ? r : d - 1) && n != 0)
		cmd_provisional("this due date");
	if (diag_errors())
		return EXIT_TROUBLE;
	printf("%s\n", date_format(r, buf));
	return EXIT_CLEAN;
}

int
cmd_workdays(struct opts *o)
{
	day_t a, b;

	if (cmd_date_arg(o->args[0], &a) < 0 || cmd_date_arg(o->args[1], &b) < 0)
		return EXIT_TROUBLE;
	if (cmd_load_calendar(o) < 0)
		return calendar_failed();
	if (a != b && !cal_covered_range(a < b ? a + 1 : b + 1, a < b ? b : a))
		cmd_provisional("this count");
	if (diag_errors())
		return EXIT_TROUBLE;
	printf("%ld\n", cal_workdays(a, b));
	return EXIT_CLEAN;
}
