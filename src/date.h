/* date — day numbers and the calendar dates they stand for.
 *
 * One representation inside the program: a day_t counts days from 1970-01-01
 * (day 0) in the proleptic Gregorian calendar; negative before it. Text is
 * converted only at the edges (date_parse, date_format). Valid years are
 * DATE_MIN_YEAR..DATE_MAX_YEAR. */
#ifndef DATE_H
#define DATE_H

#include <stddef.h>
#include <stdint.h>

typedef int32_t day_t;

#define DATE_MIN_YEAR 1900
#define DATE_MAX_YEAR 2199
#define DATE_BUFSZ 11 /* "YYYY-MM-DD" and its NUL */

/* Weekdays as date_weekday returns them: Monday first. */
enum { WD_MON, WD_TUE, WD_WED, WD_THU, WD_FRI, WD_SAT, WD_SUN };

int   date_is_leap(int y);
int   date_month_days(int y, int m);          /* days in month m (1-12) of year y */
day_t date_from_ymd(int y, int m, int d);     /* no validation: callers check first */
void  date_to_ymd(day_t t, int *y, int *m, int *d);
int   date_valid_ymd(int y, int m, int d);    /* 1 when y/m/d is a real day in range */
int   date_weekday(day_t t);                  /* WD_MON .. WD_SUN */
int   date_year(day_t t);

/* First and last day of the month, quarter, half-year and year holding t. */
day_t date_month_first(day_t t);
day_t date_month_last(day_t t);
day_t date_quarter_first(day_t t);
day_t date_quarter_last(day_t t);
day_t date_half_first(day_t t);
day_t date_half_last(day_t t);
day_t date_year_first(day_t t);
day_t date_year_last(day_t t);

/* Parses one date occupying all of s[0..len): YYYY-MM-DD, YYYY/M/D, YYYY.M.D or
 * YYYY年M月D日 (ASCII or full-width digits, surrounding blanks allowed).
 * Returns 0 and sets *out, or -1 with a message naming the bad field in
 * err (at least 96 bytes) and, when errpos is not NULL, the byte offset of it. */
int   date_parse(const char *s, size_t len, day_t *out, char *err, size_t errsz, size_t *errpos);

/* Writes YYYY-MM-DD and a NUL into buf (DATE_BUFSZ bytes); returns buf. */
char *date_format(day_t t, char *buf);

/* Today in local time, as a day number. */
day_t date_today(void);

#endif
