/* rule — a task's deadline: the normalized rule (SPEC §3), reading the plan's
 * deadline text into one, and printing it back.
 *
 * The normalized forms (which the `rule` column also accepts):
 *   by 2023-12-31                       RULE_BY
 *   annual 03-31                        RULE_ANNUAL
 *   every quarter|month|half-year|year  RULE_EVERY
 *   within 20 wd of formed|changed      RULE_WITHIN (workdays=1, starts = event set)
 *   within 15 days of received          RULE_WITHIN (workdays=0)
 *   within 20 wd of plan                RULE_PLAN   (from the plan's issued date)
 *   at least 10 by 2023-12-31           RULE_AT_LEAST_BY  (counted = EV_HELD)
 *   at least 1 per year                 RULE_AT_LEAST_PER
 *   at least 40 published per month     RULE_AT_LEAST_PER (counted = EV_PUBLISHED)
 *   at least 3 published by 2023-12-31  RULE_AT_LEAST_BY
 *   ongoing                             RULE_ONGOING
 * rule_format(rule_parse(x)) == x for every normalized x, and
 * rule_parse(rule_format(r)) == r for every valid r. */
#ifndef RULE_H
#define RULE_H

#include <stddef.h>

#include "date.h"
#include "event.h"

enum rule_kind {
	RULE_NONE,
	RULE_BY,
	RULE_ANNUAL,
	RULE_EVERY,
	RULE_WITHIN,
	RULE_PLAN,
	RULE_AT_LEAST_BY,
	RULE_AT_LEAST_PER,
	RULE_ONGOING
};

enum period { PERIOD_NONE, PERIOD_MONTH, PERIOD_QUARTER, PERIOD_HALF, PERIOD_YEAR };

struct rule {
	enum rule_kind kind;
	day_t       date;     /* BY, AT_LEAST_BY */
	int         month;    /* ANNUAL: 1-12 */
	int         day;      /* ANNUAL: 1-31 (02-29 allowed) */
	enum period period;   /* EVERY, AT_LEAST_PER */
	int         n;        /* WITHIN, PLAN: days; AT_LEAST_*: count (>= 1) */
	int         workdays; /* WITHIN, PLAN: 1 working days, 0 calendar days */
	unsigned    starts;   /* WITHIN: set of start events (EV_FORMED | ...) */
	enum event  counted;  /* AT_LEAST_*: the event counted, EV_HELD by default */
};

/* Why a text could not be read: where in it (byte offset, length) and what to do. */
struct rule_err {
	size_t off;
	size_t len;
	char   msg[256];
};

#define RULE_BUFSZ 64

/* Parses a normalized rule occupying all of s[0..len) (blanks around allowed).
 * Returns 0, or -1 with *err filled. */
int    rule_parse(const char *s, size_t len, struct rule *r, struct rule_err *err);

/* Reads a plan's deadline text, in Chinese or English, as a rule. requirement
 * (may be NULL) is the task's requirement text: a count in it (不少于10次,
 * 至少1次) turns a date into "at least N by DATE" or a period into "at least N
 * per PERIOD". plan_year (0: unknown) completes dates written without a year.
 * Returns 0, or -1 with *err (offset into deadline) and a message that ends with
 * the hint to add a `rule` column or split the task. 同上 is handled by the
 * caller (it needs the row above). */
int    rule_read(const char *deadline, size_t len, const char *requirement, int plan_year,
                 struct rule *r, struct rule_err *err);

/* Writes the normalized form into buf (RULE_BUFSZ bytes is enough); returns its length. */
size_t rule_format(const struct rule *r, char *buf, size_t bufsz);

/* 1 when a and b mean the same rule. */
int    rule_equal(const struct rule *a, const struct rule *b);

/* The events that change something under rule r (SPEC §5.1): done for fixed
 * and periodic rules, the counted event for "at least", the start events and
 * published for per-item rules, every event for ongoing. planned and progress
 * never change a status but always fit a task. */
unsigned rule_events(const struct rule *r);

/* The English name of a period ("quarter"), for output. */
const char *rule_period_name(enum period p);

#endif
