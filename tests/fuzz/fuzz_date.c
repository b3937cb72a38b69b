/* fuzz_date — date_parse on any bytes (a date reaches it from ledgers and from
 * the command line), and ledger_parse_period. A date read is a real day in
 * range that formats and reads back to itself; an error names a place inside
 * the text. */
#include "fuzz.h"

#include "date.h"
#include "ledger.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_copy(data, size, 1), err[128], buf[DATE_BUFSZ], pbuf[32];
	size_t pos = (size_t)-1;
	day_t d, d2;
	int y, m, dd;
	enum period kind;

	fuzz_quiet();
	memset(err, 'x', sizeof err);
	if (date_parse(s, size, &d, err, sizeof err, &pos) == 0) {
		date_to_ymd(d, &y, &m, &dd);
		FUZZ_ASSERT(date_valid_ymd(y, m, dd));
		FUZZ_ASSERT(y >= DATE_MIN_YEAR && y <= DATE_MAX_YEAR);
		FUZZ_ASSERT(date_from_ymd(y, m, dd) == d);
		FUZZ_ASSERT(strlen(date_format(d, buf)) == 10);
		FUZZ_ASSERT(date_parse(buf, 10, &d2, err, sizeof err, NULL) == 0 && d2 == d);
		FUZZ_ASSERT(date_weekday(d) >= WD_MON && date_weekday(d) <= WD_SUN);
		FUZZ_ASSERT(date_month_first(d) <= d && d <= date_month_last(d));
		FUZZ_ASSERT(date_quarter_first(d) <= d && d <= date_quarter_last(d));
		FUZZ_ASSERT(date_half_first(d) <= d && d <= date_half_last(d));
		FUZZ_ASSERT(date_year_first(d) <= d && d <= date_year_last(d));
	} else {
		FUZZ_ASSERT(memchr(err, '\0', sizeof err) != NULL);
		FUZZ_ASSERT(pos <= size);
	}
	/* periods come NUL-terminated from a ledger cell */
	if (ledger_parse_period(s, &kind, &d) == 0) {
		FUZZ_ASSERT(kind != PERIOD_NONE);
		FUZZ_ASSERT(period_first(kind, d) == d);
		FUZZ_ASSERT(period_last(kind, d) >= d);
		ledger_format_period(kind, d, pbuf, sizeof pbuf);
		FUZZ_ASSERT(ledger_parse_period(pbuf, &kind, &d2) == 0 && d2 == d);
	}
	free(s);
	return 0;
}
