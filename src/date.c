/* date — day numbers <-> civil dates, parsing and formatting at the edges. */
#include "date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int
date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to y-m-d: the era-based algorithm (400-year eras of
 * 146097 days, March-based years so that the leap day comes last). */
day_t
date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;                                   /* [0, 399] */
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;  /* [0, 365] */
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
	return (day_t)(era * 146097 + doe - 719468);
}

void
date_to_ymd(day_t t, int *y, int *m, int *d)
{
	int z = t + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int dd = doy - (153 * mp + 2) / 5 + 1;
	int mm = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (mm <= 2);
	*m = mm;
	*d = dd;
}

int
date_valid_ymd(int y, int m, int d)
{
	return y >= DATE_MIN_YEAR && y <= DATE_MAX_YEAR && m >= 1 && m <= 12 && d >= 1 &&
	       d <= date_month_days(y, m);
}

int
date_weekday(day_t t)
{
	/* 1970-01-01 was a Thursday (WD_THU == 3). */
	int w = (int)((t % 7 + 7 + WD_THU) % 7);
	return w;
}

int
date_year(day_t t)
{
	int y, m, d;
	date_to_ymd(t, &y, &m, &d);
	return y;
}

/* First day of the period of `months` months (1, 3, 6, 12) holding t. */
static day_t
period_first(day_t t, int months)
{
	int y, m, d;
	date_to_ymd(t, &y, &m, &d);
	m = (m - 1) / months * months + 1;
	return date_from_ymd(y, m, 1);
}

static day_t
period_last(day_t t, int months)
{
	int y, m, d;
	date_to_ymd(period_first(t, months), &y, &m, &d);
	m += months - 1;
	return date_from_ymd(y, m, date_month_days(y, m));
}

day_t date_month_first(day_t t) { return period_first(t, 1); }
day_t date_month_last(day_t t) { return period_last(t, 1); }
day_t date_quarter_first(day_t t) { return period_first(t, 3); }
day_t date_quarter_last(day_t t) { return period_last(t, 3); }
day_t date_half_first(day_t t) { return period_first(t, 6); }
day_t date_half_last(day_t t) { return period_last(t, 6); }
day_t date_year_first(day_t t) { return period_first(t, 12); }
day_t date_year_last(day_t t) { return period_last(t, 12); }

/* Reads one digit at s[*i], ASCII or full-width (U+FF10..U+FF19, EF BC 90..99). */
static int
digit_at(const char *s, size_t len, size_t *i)
{
	unsigned char c = (unsigned char)s[*i];
	if (c >= '0' && c <= '9') {
		(*i)++;
		return c - '0';
	}
	if (c == 0xEF && *i + 2 < len && (unsigned char)s[*i + 1] == 0xBC) {
		unsigned char c2 = (unsigned char)s[*i + 2];
		if (c2 >= 0x90 && c2 <= 0x99) {
			*i += 3;
			return c2 - 0x90;
		}
	}
	return -1;
}

/* Reads mindigits..maxdigits digits; returns the number or -1. */
static int
number_at(const char *s, size_t len, size_t *i, int mindigits, int maxdigits)
{
	int v = 0, n = 0;
	while (*i < len && n < maxdigits + 1) {
		size_t save = *i;
		int dgt = digit_at(s, len, i);
		if (dgt < 0) {
			*i = save;
			break;
		}
		v = v * 10 + dgt;
		n++;
	}
	return n < mindigits || n > maxdigits ? -1 : v;
}

static int
match(const char *s, size_t len, size_t *i, const char *lit)
{
	size_t n = strlen(lit);
	if (*i + n <= len && memcmp(s + *i, lit, n) == 0) {
		*i += n;
		return 1;
	}
	return 0;
}

static int
fail(char *err, size_t errsz, size_t *errpos, size_t pos, const char *msg)
{
	if (err)
		snprintf(err, errsz, "%s", msg);
	if (errpos)
		*errpos = pos;
	return -1;
}

/* The form every ledger line has: exactly YYYY-MM-DD in ASCII, valid. */
static int
parse_iso_fast(const char *s, size_t len, day_t *out)
{
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	int v[8], k = 0;
	for (size_t i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v[k++] = s[i] - '0';
	}
	int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3], m = v[4] * 10 + v[5], d = v[6] * 10 + v[7];
	if (!date_valid_ymd(y, m, d))
		return -1; /* the full parser says what is wrong */
	*out = date_from_ymd(y, m, d);
	return 0;
}

int
date_parse(const char *s, size_t len, day_t *out, char *err, size_t errsz, size_t *errpos)
{
	size_t i = 0, fpos[3];

	if (parse_iso_fast(s, len, out) == 0)
		return 0;
	int f[3];
	char msg[128];

	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == len)
		return fail(err, errsz, errpos, i, "empty date: write YYYY-MM-DD");

	/* Year, then one separator style used consistently: - / . or 年 月 日. */
	fpos[0] = i;
	f[0] = number_at(s, len, &i, 4, 4);
	if (f[0] < 0)
		return fail(err, errsz, errpos, fpos[0], "bad year: write the date as YYYY-MM-DD");
	const char *sep = NULL, *end = NULL;
	static const char *const seps[] = { "-", "/", ".", "年" };
	for (size_t k = 0; k < 4; k++)
		if (match(s, len, &i, seps[k])) {
			sep = seps[k];
			break;
		}
	if (!sep)
		return fail(err, errsz, errpos, i, "bad date: expected YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日");
	int cjk = strcmp(sep, "年") == 0;
	fpos[1] = i;
	f[1] = number_at(s, len, &i, 1, 2);
	if (f[1] < 0)
		return fail(err, errsz, errpos, fpos[1], "bad month: expected 1-12");
	if (!match(s, len, &i, cjk ? "月" : sep))
		return fail(err, errsz, errpos, i, "bad date: the separators differ or the day is missing");
	fpos[2] = i;
	f[2] = number_at(s, len, &i, 1, 2);
	if (f[2] < 0)
		return fail(err, errsz, errpos, fpos[2], "bad day: expected 1-31");
	end = cjk ? "日" : NULL;
	if (end && !match(s, len, &i, end) && !match(s, len, &i, "号"))
		return fail(err, errsz, errpos, i, "bad date: expected 日 after the day");
	if (i != len)
		return fail(err, errsz, errpos, i, "unexpected text after the date");
	if (f[0] < DATE_MIN_YEAR || f[0] > DATE_MAX_YEAR) {
		snprintf(msg, sizeof msg, "year %d out of range %d-%d", f[0], DATE_MIN_YEAR, DATE_MAX_YEAR);
		return fail(err, errsz, errpos, fpos[0], msg);
	}
	if (f[1] < 1 || f[1] > 12) {
		snprintf(msg, sizeof msg, "month %d out of range 1-12", f[1]);
		return fail(err, errsz, errpos, fpos[1], msg);
	}
	if (f[2] < 1 || f[2] > date_month_days(f[0], f[1])) {
		snprintf(msg, sizeof msg, "day %d out of range: %04d-%02d has %d days", f[2], f[0], f[1],
		         date_month_days(f[0], f[1]));
		return fail(err, errsz, errpos, fpos[2], msg);
	}
	*out = date_from_ymd(f[0], f[1], f[2]);
	return 0;
}

char *
date_format(day_t t, char *buf)
{
	int y, m, d;
	date_to_ymd(t, &y, &m, &d);
	/* Years are 1900..2199 inside the program; the cast keeps the compiler sure of 4 digits. */
	snprintf(buf, DATE_BUFSZ, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
	return buf;
}

day_t
date_today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
