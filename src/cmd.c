/* cmd — helpers every command shares: usage errors, date arguments, the calendar layers. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cal.h"
#include "cmd.h"
#include "diag.h"

int
cmd_usage(const char *fmt, ...)
{
	va_list ap;
	fputs("gkledger: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'gkledger --help'.\n", stderr);
	return EXIT_TROUBLE;
}

int
cmd_date_arg(const char *s, day_t *out)
{
	char err[128];
	if (strcmp(s, "today") == 0) {
		*out = date_today();
		return 0;
	}
	if (date_parse(s, strlen(s), out, err, sizeof err, NULL) < 0) {
		cmd_usage("'%s': %s", s, err);
		return -1;
	}
	return 0;
}

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


void
cmd_write_error(void)
{
	static int told;
	int err = errno;
	if (!told++)
		diag_error("error writing standard output: %s", err ? strerror(err) : "write failed");
}
