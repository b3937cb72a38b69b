/* cal — the working-day calendar: layers of holidays and make-up working days
 * over weekends, and working-day arithmetic as table lookups (SPEC §4).
 *
 * A working day is a Monday–Friday that is not `off`, or any day marked `work`.
 * Layers: the built-in national calendar, then the workspace's calendar.tsv,
 * then each --calendar FILE; a later layer overrides an earlier one date by
 * date. Each layer's `covers:` range says which dates it speaks for; outside
 * the union of covered ranges only weekends are days off, and a result that
 * depends on such days is provisional.
 *
 * cal_build() turns the layers into one array over DATE_MIN_YEAR..DATE_MAX_YEAR
 * holding, per day, the working-day flag and the running count of working days;
 * every question afterwards is O(1). */
#ifndef CAL_H
#define CAL_H

#include "date.h"
#include "tsv.h"

enum cal_kind { CAL_NONE, CAL_OFF, CAL_WORK };

/* One entry of the compiled-in national calendar (generated from data/calendar/cn.tsv). */
struct cal_builtin_day {
	int           ymd;  /* YYYYMMDD */
	enum cal_kind kind;
	const char   *name;
};
extern const struct cal_builtin_day cal_builtin_days[];
extern const size_t cal_builtin_ndays;
extern const int cal_builtin_covers[2]; /* YYYYMMDD..YYYYMMDD */

/* Starts a fresh calendar holding the built-in national layer. */
void  cal_init(void);
/* Adds a layer from a calendar file (columns date, kind, name; `covers:`).
 * Problems are reported through diag; returns -1 when the file could not be read. */
int   cal_add_file(const char *path, enum tsv_enc enc);
/* Adds one day to a new top layer (tests). */
void  cal_set(day_t d, enum cal_kind kind, const char *name);
/* Widens the covered range (tests, layers). */
void  cal_cover(day_t from, day_t to);
/* Builds the lookup tables; called after the layers, before any question. */
void  cal_build(void);
void  cal_free(void);

int   cal_is_workday(day_t d);
/* Working days in (a, b]; negative when b < a. */
long  cal_workdays(day_t a, day_t b);
/* The n-th working day strictly after d (n > 0), strictly before d (n < 0), d for n == 0. */
day_t cal_due(day_t d, long n);
/* The override of day d: CAL_OFF (holiday), CAL_WORK (make-up day) or CAL_NONE; name if any. */
enum cal_kind cal_kind_of(day_t d, const char **name);
/* 1 when d is inside a covered range. */
int   cal_covered(day_t d);
/* 1 when every day of [a, b] is covered. O(1). */
int   cal_covered_range(day_t a, day_t b);
/* First and last covered day overall. */
void  cal_coverage(day_t *first, day_t *last);

#endif
