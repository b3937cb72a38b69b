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
