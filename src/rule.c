/* rule — deadline rules (SPEC §3): the normalized form, and reading a plan's deadline text. */
#include "rule.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The largest count or number of days a rule takes: large enough for any plan,
 * small enough that every normalized form fits in RULE_BUFSZ. */
#define N_MAX 9999

/* ------------------------------------------------------------------ */
/* Normalized forms                                                     */
/* ------------------------------------------------------------------ */

static const char *const period_names[] = { "", "month", "quarter", "half-year", "year" };

const char *
rule_period_name(enum period p)
{
	return (unsigned)p < NELEM(period_names) ? period_names[p] : "";
}

/* EV_NONE in a count means the default, a held occurrence. */
static enum event
counted_of(const struct rule *r)
{
	return r->counted == EV_NONE ? EV_HELD : r->counted;
}

/* " published" for a count of another event than held; "" for held. */
static const char *
counted_word(const struct rule *r, char *buf, size_t bufsz)
{
	enum event e = counted_of(r);

	snprintf(buf, bufsz, "%s%s", e == EV_HELD ? "" : " ", e == EV_HELD ? "" : event_name(e));
	return buf;
}

size_t
rule_format(const struct rule *r, char *buf, size_t bufsz)
{
	char d[DATE_BUFSZ], ev[80], cw[24];
	const char *unit = r->workdays ? "wd" : "days";
	int w = 0;

	if (bufsz == 0)
		return 0;
	switch (r->kind) {
	case RULE_BY:
		w = snprintf(buf, bufsz, "by %s", date_format(r->date, d));
		break;
	case RULE_ANNUAL:
		w = snprintf(buf, bufsz, "annual %02d-%02d", r->month, r->day);
		break;
	case RULE_EVERY:
		w = snprintf(buf, bufsz, "every %s", rule_period_name(r->period));
		break;
	case RULE_WITHIN:
		event_format_set(r->starts, ev, sizeof ev);
		w = snprintf(buf, bufsz, "within %d %s of %s", r->n, unit, ev);
		break;
	case RULE_PLAN:
		w = snprintf(buf, bufsz, "within %d %s of plan", r->n, unit);
		break;
	case RULE_AT_LEAST_BY:
		w = snprintf(buf, bufsz, "at least %d%s by %s", r->n, counted_word(r, cw, sizeof cw),
		             date_format(r->date, d));
		break;
	case RULE_AT_LEAST_PER:
		w = snprintf(buf, bufsz, "at least %d%s per %s", r->n, counted_word(r, cw, sizeof cw),
		             rule_period_name(r->period));
		break;
	case RULE_ONGOING:
		w = snprintf(buf, bufsz, "ongoing");
		break;
	default:
		buf[0] = '\0';
		break;
	}
	if (w < 0)
		return 0;
	return (size_t)w < bufsz ? (size_t)w : bufsz - 1;
}

int
rule_equal(const struct rule *a, const struct rule *b)
{
	if (a->kind != b->kind)
		return 0;
	switch (a->kind) {
	case RULE_BY:
		return a->date == b->date;
	case RULE_ANNUAL:
		return a->month == b->month && a->day == b->day;
	case RULE_EVERY:
		return a->period == b->period;
	case RULE_WITHIN:
		return a->n == b->n && !a->workdays == !b->workdays && a->starts == b->starts;
	case RULE_PLAN:
		return a->n == b->n && !a->workdays == !b->workdays;
	case RULE_AT_LEAST_BY:
		return a->n == b->n && counted_of(a) == counted_of(b) && a->date == b->date;
	case RULE_AT_LEAST_PER:
		return a->n == b->n && counted_of(a) == counted_of(b) && a->period == b->period;
	default:
		return 1;
	}
}

/* Cuts a quoted piece of input to at most max bytes without splitting a
 * UTF-8 character, so that a message always keeps room for its hint. */
static void
snippet(const char *s, size_t len, char *out, size_t max)
{
	size_t n = len;

	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	strcpy(out + n, n < len ? "..." : "");
}

/* Fills *err (when given) and returns -1. The message is cut at a character
 * boundary so that the hint, which tells the clerk what to do, always fits. */
static int
fail(struct rule_err *err, size_t off, size_t len, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int
fail(struct rule_err *err, size_t off, size_t len, const char *hint, const char *fmt, ...)
{
	va_list ap;
	size_t room, n;
	int w;

	if (!err)
		return -1;
	err->off = off;
	err->len = len;
	room = sizeof err->msg - (hint ? strlen(hint) + 2 : 0);
	va_start(ap, fmt);
	w = vsnprintf(err->msg, room, fmt, ap);
	va_end(ap);
	n = strlen(err->msg);
	if (w >= 0 && (size_t)w >= room) { /* cut: drop the last, maybe partial, character */
		while (n > 0 && ((unsigned char)err->msg[n - 1] & 0xC0) == 0x80)
			n--;
		if (n > 0 && (unsigned char)err->msg[n - 1] >= 0xC0)
			n--;
		err->msg[n] = '\0';
	}
	if (hint)
		snprintf(err->msg + n, sizeof err->msg - n, "; %s", hint);
	return -1;
}

/* A cursor over the blank-separated words of a normalized rule. */
struct cur {
	const char *s;
	size_t      len, pos;
	size_t      off, wl; /* the word just read: s[off, off + wl) */
};

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Reads the next word; 0 at the end (off then points at the end). */
static int
next_word(struct cur *c)
{
	while (c->pos < c->len && is_blank(c->s[c->pos]))
		c->pos++;
	c->off = c->pos;
	while (c->pos < c->len && !is_blank(c->s[c->pos]))
		c->pos++;
	c->wl = c->pos - c->off;
	return c->wl > 0;
}

static int
word_is(const struct cur *c, const char *w)
{
	return strlen(w) == c->wl && memcmp(c->s + c->off, w, c->wl) == 0;
}

/* Reads the next word, or fails pointing at the end of the rule. */
static int
want(struct cur *c, struct rule_err *err, const char *what)
{
	if (next_word(c))
		return 0;
	return fail(err, c->len, 0, NULL, "incomplete rule: expected %s at the end", what);
}

/* Fails pointing at the word just read. */
static int
bad_word(struct cur *c, struct rule_err *err, const char *what)
{
	return fail(err, c->off, c->wl, NULL, "expected %s, found \"%.*s\"", what, (int)c->wl, c->s + c->off);
}

/* Parses a count or a number of days: 1..N_MAX, no sign, no leading zero. */
static int
p_num(struct cur *c, struct rule_err *err, int *n)
{
	const char *w;
	int v = 0;

	if (want(c, err, "a number"))
		return -1;
	w = c->s + c->off;
	if (c->wl > 4 || w[0] == '0')
		return bad_word(c, err, "a number from 1 to 9999");
	for (size_t i = 0; i < c->wl; i++) {
		if (w[i] < '0' || w[i] > '9')
			return bad_word(c, err, "a number from 1 to 9999");
		v = v * 10 + (w[i] - '0');
	}
	*n = v;
	return 0;
}

/* Two digits at w as a number, or -1. */
static int
two_digits(const char *w)
{
	if (w[0] < '0' || w[0] > '9' || w[1] < '0' || w[1] > '9')
		return -1;
	return (w[0] - '0') * 10 + (w[1] - '0');
}

/* Parses YYYY-MM-DD exactly: the normalized form has one spelling of a date. */
static int
p_date(struct cur *c, struct rule_err *err, day_t *d)
{
	const char *w;
	int y, m, dd;

	if (want(c, err, "a date YYYY-MM-DD"))
		return -1;
	w = c->s + c->off;
	if (c->wl != 10 || w[4] != '-' || w[7] != '-')
		return bad_word(c, err, "a date YYYY-MM-DD");
	y = two_digits(w) * 100 + two_digits(w + 2);
	m = two_digits(w + 5);
	dd = two_digits(w + 8);
	if (two_digits(w) < 0 || two_digits(w + 2) < 0 || !date_valid_ymd(y, m, dd))
		return bad_word(c, err, "a real date YYYY-MM-DD (1900-2199)");
	*d = date_from_ymd(y, m, dd);
	return 0;
}

static int
p_period(struct cur *c, struct rule_err *err, enum period *p)
{
	if (want(c, err, "a period (month, quarter, half-year or year)"))
		return -1;
	for (size_t i = 1; i < NELEM(period_names); i++)
		if (word_is(c, period_names[i])) {
			*p = (enum period)i;
			return 0;
		}
	return bad_word(c, err, "a period (month, quarter, half-year or year)");
}

/* The English name of one start event in s[0..len), else EV_NONE. */
static enum event
start_event(const char *s, size_t len)
{
	for (unsigned bit = 1; bit & EV_STARTS; bit <<= 1) {
		const char *name = event_name((enum event)bit);
		if (strlen(name) == len && memcmp(name, s, len) == 0)
			return (enum event)bit;
	}
	return EV_NONE;
}

/* Parses "formed|changed" or "plan" after "of". */
static int
p_starts(struct cur *c, struct rule_err *err, struct rule *r)
{
	const char *w, *end;

	if (want(c, err, "start events such as formed|changed, or plan"))
		return -1;
	if (word_is(c, "plan")) {
		r->kind = RULE_PLAN;
		return 0;
	}
	w = c->s + c->off;
	end = w + c->wl;
	while (w <= end) {
		const char *bar = memchr(w, '|', (size_t)(end - w));
		size_t n = (size_t)((bar ? bar : end) - w);
		enum event e = start_event(w, n);
		if (e == EV_NONE || (r->starts & e))
			return fail(err, (size_t)(w - c->s), n, NULL, "%s \"%.*s\": start events are formed, changed, issued, received and approved, each once",
			            e == EV_NONE ? "not a start event:" : "repeated start event", (int)n, w);
		r->starts |= e;
		w += n + 1;
	}
	r->kind = RULE_WITHIN;
	return 0;
}

static int
p_by(struct cur *c, struct rule_err *err, struct rule *r)
{
	r->kind = RULE_BY;
	return p_date(c, err, &r->date);
}

static int
p_annual(struct cur *c, struct rule_err *err, struct rule *r)
{
	const char *w;

	if (want(c, err, "a day MM-DD"))
		return -1;
	w = c->s + c->off;
	r->kind = RULE_ANNUAL;
	r->month = c->wl == 5 && w[2] == '-' ? two_digits(w) : -1;
	r->day = r->month > 0 ? two_digits(w + 3) : -1;
	/* 02-29 is allowed: it falls on 02-28 in common years (SPEC §5.1) */
	if (r->month < 1 || r->month > 12 || r->day < 1 || r->day > date_month_days(2000, r->month))
		return bad_word(c, err, "a day of the year MM-DD");
	return 0;
}

static int
p_every(struct cur *c, struct rule_err *err, struct rule *r)
{
	r->kind = RULE_EVERY;
	return p_period(c, err, &r->period);
}

static int
p_within(struct cur *c, struct rule_err *err, struct rule *r)
{
	if (p_num(c, err, &r->n) || want(c, err, "wd or days"))
		return -1;
	if (word_is(c, "wd"))
		r->workdays = 1;
	else if (!word_is(c, "days") && !word_is(c, "day"))
		return bad_word(c, err, "wd (working days) or days");
	if (want(c, err, "of"))
		return -1;
	if (!word_is(c, "of"))
		return bad_word(c, err, "of");
	return p_starts(c, err, r);
}

/* "at least N [EVENT] by DATE" or "at least N [EVENT] per PERIOD". */
static int
p_at_least(struct cur *c, struct rule_err *err, struct rule *r)
{
	if (want(c, err, "least"))
		return -1;
	if (!word_is(c, "least"))
		return bad_word(c, err, "least");
	if (p_num(c, err, &r->n) || want(c, err, "by or per"))
		return -1;
	r->counted = EV_HELD;
	if (!word_is(c, "by") && !word_is(c, "per")) {
		/* English names only: the normalized form has one spelling */
		r->counted = event_parse(c->s + c->off, c->wl);
		if (r->counted == EV_NONE || !word_is(c, event_name(r->counted)))
			return bad_word(c, err, "by, per or an event (published)");
		if (want(c, err, "by or per"))
			return -1;
	}
	if (word_is(c, "by")) {
		r->kind = RULE_AT_LEAST_BY;
		return p_date(c, err, &r->date);
	}
	if (word_is(c, "per")) {
		r->kind = RULE_AT_LEAST_PER;
		return p_period(c, err, &r->period);
	}
	return bad_word(c, err, "by or per");
}

int
rule_parse(const char *s, size_t len, struct rule *r, struct rule_err *err)
{
	struct cur c = { s, len, 0, 0, 0 };
	struct rule out;
	int rc;

	memset(&out, 0, sizeof out);
	if (!next_word(&c))
		return fail(err, 0, len, NULL, "empty rule: write one such as `by 2023-12-31` or `ongoing`");
	if (word_is(&c, "by"))
		rc = p_by(&c, err, &out);
	else if (word_is(&c, "annual"))
		rc = p_annual(&c, err, &out);
	else if (word_is(&c, "every"))
		rc = p_every(&c, err, &out);
	else if (word_is(&c, "within"))
		rc = p_within(&c, err, &out);
	else if (word_is(&c, "at"))
		rc = p_at_least(&c, err, &out);
	else if (word_is(&c, "ongoing"))
		rc = (out.kind = RULE_ONGOING, 0);
	else
		return bad_word(&c, err, "a rule: by, annual, every, within, at least or ongoing");
	if (rc)
		return -1;
	if (next_word(&c))
		return fail(err, c.off, len - c.off, NULL, "unexpected \"%.*s\" after the rule", (int)(len - c.off), s + c.off);
	*r = out;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Reading deadline text: tokens                                        */
/* ------------------------------------------------------------------ */

/* The text is read as tokens: numbers (ASCII, full-width or Chinese numerals),
 * English words, single Chinese characters, punctuation and YYYY-MM-DD dates.
 * Blanks make no token, so "20 个工作 日内" reads like "20个工作日内". */
enum tt { T_NUM, T_WORD, T_CJK, T_PUNCT, T_DATE };

struct tok {
	enum tt       t;
	uint32_t      cp;  /* T_CJK, T_PUNCT: the character, full-width forms folded to ASCII */
	int           num; /* T_NUM: value; T_DATE: year */
	int           m, d; /* T_DATE */
	size_t        off, len;
	char          w[24]; /* T_WORD: lower case; "" when too long to be a word we know */
	unsigned char brk;   /* T_PUNCT: 1 separates phrases (，、：()), 2 ends a sentence (。；) */
};

enum fk { F_DATE, F_EVERY, F_HINT, F_WITHIN, F_ONGOING, F_COUNT, F_ERR };
enum gran { G_DAY, G_MONTH, G_QUARTER, G_HALF, G_YEAR, G_DAYONLY };
enum ek { E_DURATION, E_PERIOD, E_BACKWARD, E_NOSTART, E_BADDATE, E_RANGE };

/* One thing recognized in the text, over tokens [t0, t1). */
struct find {
	enum fk     k;
	size_t      t0, t1;
	int         y, m, d; /* F_DATE: y 0 = no year written, -1 = this year (今年) */
	enum gran   g;
	enum period p;       /* F_EVERY, F_HINT, F_COUNT; F_DATE: merged with 每年 … */
	int         n, wd, plan;
	unsigned    starts;
	enum event  counted;
	enum ek     e;       /* F_ERR */
	int         used;    /* a period taken by a count or a date beside it */
};

struct scan {
	const char    *src;
	size_t         n;
	struct tok    *tk;
	size_t         nt;
	unsigned char *skip; /* tokens inside a caveat (另有规定的，从其规定) */
	struct find   *f;
	size_t         nf;
};

/* Decodes one UTF-8 character; a bad byte reads as U+FFFD of length 1 so that reading goes on. */
static size_t
dec(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t k;
	uint32_t c;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xC2 && u[0] < 0xE0)
		k = 2, c = u[0] & 0x1F;
	else if (u[0] >= 0xE0 && u[0] < 0xF0)
		k = 3, c = u[0] & 0x0F;
	else if (u[0] >= 0xF0 && u[0] < 0xF5)
		k = 4, c = u[0] & 0x07;
	else
		goto bad;
	if (n < k)
		goto bad;
	for (size_t i = 1; i < k; i++) {
		if ((u[i] & 0xC0) != 0x80)
			goto bad;
		c = c << 6 | (u[i] & 0x3F);
	}
	if ((k == 3 && c < 0x800) || (k == 4 && (c < 0x10000 || c > 0x10FFFF)) || (c >= 0xD800 && c < 0xE000))
		goto bad;
	*cp = c;
	return k;
bad:
	*cp = 0xFFFD;
	return 1;
}

/* Full-width forms to ASCII, every blank to ' ', dashes to '-'. */
static uint32_t
fold(uint32_t c)
{
	if (c >= 0xFF01 && c <= 0xFF5E)
		return c - 0xFEE0;
	if (c == 0x3000 || c == 0xA0 || c == '\t' || c == '\r' || c == '\v' || c == '\f')
		return ' ';
	if (c == 0x2010 || c == 0x2013 || c == 0x2014 || c == 0x2015 || c == 0x2212)
		return '-';
	return c;
}

/* The folded character at byte p, its length in *k; 0 at the end. */
static uint32_t
peek(const struct scan *s, size_t p, size_t *k)
{
	uint32_t c;

	if (p >= s->n) {
		*k = 0;
		return 0;
	}
	*k = dec(s->src + p, s->n - p, &c);
	return fold(c);
}

/* Value of a Chinese numeral character: 0-9, 10 for 十, 100 for 百; -1 if none. */
static int
cn_digit(uint32_t c)
{
	static const struct { uint32_t c; int v; } tab[] = {
		{ 0x3007, 0 }, { 0x96F6, 0 }, { 0x4E00, 1 }, { 0x4E8C, 2 }, { 0x4E24, 2 }, { 0x4E09, 3 },
		{ 0x56DB, 4 }, { 0x4E94, 5 }, { 0x516D, 6 }, { 0x4E03, 7 }, { 0x516B, 8 }, { 0x4E5D, 9 },
		{ 0x5341, 10 }, { 0x767E, 100 },
	};
	for (size_t i = 0; i < NELEM(tab); i++)
		if (tab[i].c == c)
			return tab[i].v;
	return -1;
}

/* Value of a run of Chinese numerals: 十五 = 15, 二十 = 20, 一百零五 = 105, and
 * digit by digit without 十/百 (二〇二三 = 2023); -1 when malformed. */
static int
cn_value(const int *dg, size_t n)
{
	int total = 0, cur = -1, last_unit = 1000, units = 0;

	for (size_t i = 0; i < n; i++)
		units |= dg[i] >= 10;
	if (!units) {
		if (n > 4)
			return -1;
		for (size_t i = 0; i < n; i++)
			total = total * 10 + dg[i];
		return total;
	}
	for (size_t i = 0; i < n; i++) {
		if (dg[i] == 0)
			continue; /* 零 only marks a gap: 一百零五 */
		if (dg[i] < 10) {
			if (cur >= 0)
				return -1;
			cur = dg[i];
			continue;
		}
		if (dg[i] >= last_unit || (cur < 0 && (dg[i] != 10 || total)))
			return -1;
		total += (cur < 0 ? 1 : cur) * dg[i];
		last_unit = dg[i];
		cur = -1;
	}
	return total + (cur < 0 ? 0 : cur);
}

static struct tok *
push(struct scan *s, enum tt t, size_t off, size_t len)
{
	struct tok *k = &s->tk[s->nt++];

	memset(k, 0, sizeof *k);
	k->t = t;
	k->off = off;
	k->len = len;
	return k;
}

/* Reads a run of (folded) digits at p; *v its value, capped so it cannot overflow. */
static size_t
digits(const struct scan *s, size_t p, int *v, int *nd)
{
	size_t q = p, k;
	uint32_t c;

	*v = 0;
	*nd = 0;
	while ((c = peek(s, q, &k)) >= '0' && c <= '9') {
		*v = *v < 10000000 ? *v * 10 + (int)(c - '0') : *v;
		++*nd;
		q += k;
	}
	return q - p;
}

/* After a four-digit year at p: "-MM-DD", "/M/D" or ".M.D" with one separator; 0 if not. */
static size_t
date_tail(const struct scan *s, size_t p, int *m, int *d)
{
	size_t k, q = p, n;
	uint32_t sep = peek(s, q, &k), c;
	int nd;

	if (sep != '-' && sep != '/' && sep != '.')
		return 0;
	q += k;
	if ((n = digits(s, q, m, &nd)) == 0 || nd > 2)
		return 0;
	q += n;
	if (peek(s, q, &k) != sep)
		return 0;
	q += k;
	if ((n = digits(s, q, d, &nd)) == 0 || nd > 2)
		return 0;
	q += n;
	c = peek(s, q, &k);
	return (c >= '0' && c <= '9') ? 0 : q - p;
}

static int
is_alpha(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A number, a YYYY-MM-DD date, or an ordinal (31st) at p; returns the end. */
static size_t
tok_digits(struct scan *s, size_t p)
{
	int v, nd, m, d;
	size_t q = p + digits(s, p, &v, &nd), n, k;
	struct tok *t;

	if (nd == 4 && (n = date_tail(s, q, &m, &d))) {
		t = push(s, T_DATE, p, q + n - p);
		t->num = v, t->m = m, t->d = d;
		return q + n;
	}
	t = push(s, T_NUM, p, q - p);
	t->num = v;
	/* 1st, 2nd, 31st: the suffix belongs to the number */
	if (q + 2 <= s->n && strchr("sSnNrRtT", s->src[q]) && is_alpha((uint32_t)s->src[q + 1]) &&
	    !is_alpha(peek(s, q + 2, &k))) {
		static const char *const suf[] = { "st", "nd", "rd", "th" };
		for (size_t i = 0; i < NELEM(suf); i++)
			if ((s->src[q] | 0x20) == suf[i][0] && (s->src[q + 1] | 0x20) == suf[i][1]) {
				t->len += 2;
				return q + 2;
			}
	}
	return q;
}

/* An English word at p: letters, with inner hyphens (half-year, long-term). */
static size_t
tok_word(struct scan *s, size_t p)
{
	size_t q = p, k, k2, n = 0;
	uint32_t c;
	struct tok *t = push(s, T_WORD, p, 0);

	for (;;) {
		c = peek(s, q, &k);
		if (c == '-' && is_alpha(peek(s, q + k, &k2)) && n > 0)
			;
		else if (!is_alpha(c))
			break;
		if (n + 1 < sizeof t->w)
			t->w[n] = (char)(c | (c == '-' ? 0 : 0x20));
		n++;
		q += k;
	}
	if (n + 1 >= sizeof t->w)
		t->w[0] = '\0';
	t->len = q - p;
	return q;
}

/* A run of Chinese numerals at p; a run that is no number stays characters. */
static size_t
tok_cn(struct scan *s, size_t p)
{
	int dg[8], v;
	size_t q = p, k, first = 0, n = 0;
	uint32_t c;
	struct tok *t;

	while (n < NELEM(dg) && (c = peek(s, q, &k)) && (dg[n] = cn_digit(c)) >= 0) {
		if (n == 0)
			first = k;
		n++;
		q += k;
	}
	if ((v = cn_value(dg, n)) < 0) {
		t = push(s, T_CJK, p, first);
		t->cp = peek(s, p, &k);
		return p + first;
	}
	t = push(s, T_NUM, p, q - p);
	t->num = v;
	return q;
}

/* How strongly punctuation c separates: 2 ends a sentence, 1 a phrase, 0 not at all. */
static unsigned char
brk_of(const struct scan *s, uint32_t c, size_t p, size_t k)
{
	size_t k2;
	uint32_t next;

	if (c == 0x3002 || c == ';' || c == '!' || c == '?' || c == '\n')
		return 2;
	if (c == '.') { /* a full stop, unless inside a number */
		next = peek(s, p + k, &k2);
		return next >= '0' && next <= '9' && p > 0 && s->src[p - 1] >= '0' && s->src[p - 1] <= '9' ? 0 : 2;
	}
	if (c == ',' || c == 0x3001 || c == ':' || c == '(' || c == ')' || c == '[' || c == ']' ||
	    c == 0x3010 || c == 0x3011 || c == 0x3014 || c == 0x3015)
		return 1;
	return 0;
}

static int
is_punct(uint32_t c)
{
	return (c < 0x80 && !is_alpha(c) && !(c >= '0' && c <= '9')) || (c >= 0x2000 && c <= 0x206F) ||
	       (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) ||
	       c == 0xFFFD;
}

static void
tokenize(struct scan *s)
{
	size_t p = 0, k;
	uint32_t c;
	struct tok *t;

	while (p < s->n) {
		c = peek(s, p, &k);
		if (c == ' ')
			p += k;
		else if (c >= '0' && c <= '9')
			p = tok_digits(s, p);
		else if (is_alpha(c))
			p = tok_word(s, p);
		else if (cn_digit(c) >= 0)
			p = tok_cn(s, p);
		else {
			t = push(s, is_punct(c) ? T_PUNCT : T_CJK, p, k);
			t->cp = c;
			t->brk = t->t == T_PUNCT ? brk_of(s, c, p, k) : 0;
			p += k;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Reading deadline text: matching tokens                               */
/* ------------------------------------------------------------------ */

static int
num_at(const struct scan *s, size_t i)
{
	return i < s->nt && s->tk[i].t == T_NUM ? s->tk[i].num : -1;
}

static int
punct_is(const struct scan *s, size_t i, uint32_t c)
{
	return i < s->nt && s->tk[i].t == T_PUNCT && s->tk[i].cp == c;
}

/* Tokens matched by the Chinese word w at i (one per character), else 0. */
static size_t
cjk(const struct scan *s, size_t i, const char *w)
{
	size_t n = 0, p = 0, wl = strlen(w);
	uint32_t c;

	while (p < wl) {
		p += dec(w + p, wl - p, &c);
		if (i + n >= s->nt || s->tk[i + n].t != T_CJK || s->tk[i + n].cp != c)
			return 0;
		n++;
	}
	return n;
}

/* The longest word of a NULL-terminated list matched at i; its index in *which. */
static size_t
cjk_any(const struct scan *s, size_t i, const char *const *ws, size_t *which)
{
	size_t best = 0, k;

	if (which)
		*which = 0;

	for (size_t j = 0; ws[j]; j++)
		if ((k = cjk(s, i, ws[j])) > best) {
			best = k;
			if (which)
				*which = j;
		}
	return best;
}

/* Tokens matched by the English phrase ph ("end of") at i, else 0. */
static size_t
en(const struct scan *s, size_t i, const char *ph)
{
	size_t n = 0;

	while (*ph) {
		size_t wl = strcspn(ph, " ");
		if (i + n >= s->nt || s->tk[i + n].t != T_WORD || strlen(s->tk[i + n].w) != wl ||
		    memcmp(s->tk[i + n].w, ph, wl) != 0)
			return 0;
		n++;
		ph += wl;
		ph += *ph == ' ';
	}
	return n;
}

static size_t
en_any(const struct scan *s, size_t i, const char *const *ws, size_t *which)
{
	size_t best = 0, k;

	if (which)
		*which = 0;

	for (size_t j = 0; ws[j]; j++)
		if ((k = en(s, i, ws[j])) > best) {
			best = k;
			if (which)
				*which = j;
		}
	return best;
}

/* A number at i, in digits or as an English word ("ten", "once"); -1 if none. */
static int
en_num(const struct scan *s, size_t i)
{
	static const char *const words[] = { "one", "two", "three", "four", "five", "six", "seven", "eight",
		                             "nine", "ten", "fifteen", "twenty", "thirty", "once", "twice", NULL };
	static const int vals[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 30, 1, 2 };
	size_t w;

	if (num_at(s, i) >= 0)
		return num_at(s, i);
	return en_any(s, i, words, &w) ? vals[w] : -1;
}

/* 1 when some word of list ws ends exactly before token i. */
static int
ends_before(const struct scan *s, size_t i, const char *const *ws, int english)
{
	for (size_t back = 1; back <= 4 && back <= i; back++) {
		size_t w;
		size_t k = english ? en_any(s, i - back, ws, &w) : cjk_any(s, i - back, ws, &w);
		if (k == back)
			return 1;
	}
	return 0;
}

/* How far (in tokens) a phrase reaches from a token: a deadline's words stand
 * close together, and the bound keeps reading a long unpunctuated cell linear. */
#define PHRASE_MAX 64

/* First token of the phrase holding token i: after the nearest break of level >= lv. */
static size_t
clause_start(const struct scan *s, size_t i, int lv)
{
	size_t lim = i > PHRASE_MAX ? i - PHRASE_MAX : 0;

	while (i > lim && !(s->tk[i - 1].t == T_PUNCT && s->tk[i - 1].brk >= lv))
		i--;
	return i;
}

/* The break of level >= lv that ends the phrase holding token i, or where the phrase is cut. */
static size_t
clause_end(const struct scan *s, size_t i, int lv)
{
	size_t lim = i + PHRASE_MAX < s->nt ? i + PHRASE_MAX : s->nt;

	while (i < lim && !(s->tk[i].t == T_PUNCT && s->tk[i].brk >= lv))
		i++;
	return i;
}

static struct find *
add(struct scan *s, enum fk k, size_t t0, size_t t1)
{
	struct find *f = &s->f[s->nf++];

	memset(f, 0, sizeof *f);
	f->k = k;
	f->t0 = t0;
	f->t1 = t1;
	return f;
}

static size_t
add_err(struct scan *s, enum ek e, size_t t0, size_t t1)
{
	add(s, F_ERR, t0, t1)->e = e;
	return t1 - t0;
}

/* Byte span of tokens [t0, t1). */
static void
span(const struct scan *s, size_t t0, size_t t1, size_t *off, size_t *len)
{
	if (t0 >= s->nt || t1 <= t0) {
		*off = t0 < s->nt ? s->tk[t0].off : s->n;
		*len = 0;
		return;
	}
	if (t1 > s->nt)
		t1 = s->nt;
	*off = s->tk[t0].off;
	*len = s->tk[t1 - 1].off + s->tk[t1 - 1].len - *off;
}

/* Where the text before a duration may name its start: after the sentence's
 * start and after whatever was recognized before it. */
static size_t
window_start(const struct scan *s, size_t i)
{
	size_t b = clause_start(s, i, 2);

	if (s->nf > 0 && s->f[s->nf - 1].t1 > b && s->f[s->nf - 1].t1 <= i)
		b = s->f[s->nf - 1].t1;
	return b;
}

/* Caveats and extensions (法律、法规另有规定的，从其规定; 需要延长的…) name
 * no deadline of the task: the phrase holding one, up to the end of its
 * sentence (or of its brackets), is skipped. */
static const char *const caveats_cn[] = { "另有规定", "从其规定", "另有约定", "延长", "顺延", NULL };
static const char *const caveats_en[] = { "unless otherwise", "otherwise provided", "otherwise specified",
	                                  "extended", "extension", "extend", NULL };

static int
is_open(const struct scan *s, size_t i)
{
	return punct_is(s, i, '(') || punct_is(s, i, '[') || punct_is(s, i, 0x3010) || punct_is(s, i, 0x3014);
}

static int
is_close(const struct scan *s, size_t i)
{
	return punct_is(s, i, ')') || punct_is(s, i, ']') || punct_is(s, i, 0x3011) || punct_is(s, i, 0x3015);
}

static void
mark_caveats(struct scan *s)
{
	for (size_t i = 0; i < s->nt; i++) {
		if (!cjk_any(s, i, caveats_cn, NULL) && !en_any(s, i, caveats_en, NULL))
			continue;
		size_t b = clause_start(s, i, 1), e = i;
		int bracket = b > 0 && is_open(s, b - 1);
		while (e < s->nt && !(s->tk[e].t == T_PUNCT && s->tk[e].brk == 2) && !(bracket && is_close(s, e)))
			e++;
		memset(s->skip + b, 1, e - b);
		i = e;
	}
}

/* ------------------------------------------------------------------ */
/* Reading deadline text: Chinese patterns                              */
/* ------------------------------------------------------------------ */

static const char *const atleast_cn[] = { "不少于", "不得少于", "不低于", "不小于", "至少", "最少", "不少於", NULL };
static const char *const count_units_cn[] = { "次", "条", "场", "期", "篇", "件", "轮", "批", "项", "份", "则", NULL };
static const char *const published_cn[] = { "公开", "发布", "公布", NULL };
static const char *const periods_cn[] = { "半年度", "半年", "季度", "季", "年度", "年", "个月", "月", NULL };
static const enum period periods_cn_p[] = { PERIOD_HALF,    PERIOD_HALF, PERIOD_QUARTER, PERIOD_QUARTER,
	                                    PERIOD_YEAR,    PERIOD_YEAR, PERIOD_MONTH,   PERIOD_MONTH };
static const char *const since_cn[] = { "以来", "来", NULL };
static const char *const inside_cn[] = { "以内", "之内", "内", NULL };
static const char *const back_cn[] = { "之前", "以前", "前", NULL };
static const char *const day_cn[] = { "日", "号", NULL };

static size_t
period_cn(const struct scan *s, size_t i, enum period *p)
{
	size_t w, k = cjk_any(s, i, periods_cn, &w);

	if (k)
		*p = periods_cn_p[w];
	return k;
}

/* References to the past (2016以来, 今年以来) name no deadline: they are passed over. */
static size_t
m_since(struct scan *s, size_t i)
{
	static const char *const years[] = { "今年", "去年", "本年", "当年", NULL };
	size_t j = i, k;

	if (num_at(s, j) >= 0)
		j++;
	else if ((k = cjk_any(s, j, years, NULL)))
		j += k;
	else
		return 0;
	j += cjk(s, j, "年");
	return (k = cjk_any(s, j, since_cn, NULL)) ? j + k - i : 0;
}

/* The nearest unused 每年 or 半年 before token i in its phrase becomes a count's period. */
static enum period
absorb_period(struct scan *s, size_t i)
{
	size_t b = clause_start(s, i, 1);

	for (size_t k = s->nf; k-- > 0;) {
		struct find *f = &s->f[k];
		if (f->t1 <= b)
			break;
		if ((f->k == F_EVERY || f->k == F_HINT) && !f->used && f->t1 <= i) {
			f->used = 1;
			return f->p;
		}
	}
	return PERIOD_NONE;
}

/* A verb of publishing before a count in its phrase (每月公开信息不少于40条) makes
 * it count published items; 政务公开 is the name of the work, not the verb. */
static enum event
counted_cn(const struct scan *s, size_t b, size_t e)
{
	for (size_t j = b; j < e; j++)
		if (cjk_any(s, j, published_cn, NULL) && !(j >= 2 && cjk(s, j - 2, "政务")))
			return EV_PUBLISHED;
	return EV_HELD;
}

/* 不少于10次, 至少组织1次, 至少1次/年: a count of occurrences. */
static size_t
m_count_cn(struct scan *s, size_t i)
{
	size_t j, k, at;
	int n;
	struct find *f;
	enum period p = PERIOD_NONE;

	if (!(k = cjk_any(s, i, atleast_cn, NULL)))
		return 0;
	for (j = i + k; j < s->nt && j < i + k + 8 && s->tk[j].t == T_CJK; j++)
		; /* a verb may stand between: 至少组织1次 */
	if ((n = num_at(s, j)) < 0)
		return 0;
	at = j++;
	if ((k = cjk_any(s, j, count_units_cn, NULL)))
		j += k;
	else if (j < s->nt && (s->tk[j].t == T_CJK || punct_is(s, j, '%')))
		return 0; /* 不少于30日, 不低于90%: a length or a share, not a count */
	if (n < 1 || n > N_MAX)
		return add_err(s, E_RANGE, i, j);
	if (punct_is(s, j, '/') && (k = period_cn(s, j + 1, &p)))
		j += 1 + k;
	else
		p = absorb_period(s, i);
	f = add(s, F_COUNT, i, j);
	f->n = n;
	f->p = p;
	f->counted = counted_cn(s, clause_start(s, i, 1), at);
	return j - i;
}

/* 每年, 每季度, 每月, 每半年, 按年, 按季度: every period; 每周, 每两年: no rule has them. */
static size_t
m_every_cn(struct scan *s, size_t i)
{
	static const char *const other[] = { "日", "天", "周", "星期", "旬", "工作日", "个工作日", NULL };
	size_t j = i + 1, k;
	int each = cjk(s, i, "每") != 0, n = 1;
	enum period p;

	if (!each && !cjk(s, i, "按"))
		return 0;
	if (each && num_at(s, j) >= 0)
		n = num_at(s, j++); /* 每一季度, 每两年 */
	if ((k = period_cn(s, j, &p))) {
		if (n != 1)
			return add_err(s, E_PERIOD, i, j + k);
		add(s, F_EVERY, i, j + k)->p = p;
		return j + k - i;
	}
	if (each && (k = cjk_any(s, j, other, NULL)))
		return add_err(s, E_PERIOD, i, j + k);
	return 0;
}

/* 一年一次, 半年一次: every period; 半年 or 一年 before a count (半年至少更新1次): its period. */
static size_t
m_once_cn(struct scan *s, size_t i)
{
	size_t j, k;
	enum period p;

	if ((k = cjk(s, i, "半年")))
		p = PERIOD_HALF;
	else if (num_at(s, i) != 1 || !(k = period_cn(s, i + 1, &p)))
		return 0;
	else
		k++;
	j = i + k;
	if (num_at(s, j) == 1 && cjk(s, j + 1, "次")) {
		add(s, F_EVERY, i, j + 2)->p = p;
		return j + 2 - i;
	}
	if (cjk_any(s, j, atleast_cn, NULL) || (p == PERIOD_HALF && !cjk_any(s, j, inside_cn, NULL))) {
		add(s, F_HINT, i, j)->p = p;
		return j - i;
	}
	return 0;
}

/* 2023年 or 今年 before a date: *y the year, -1 for the plan's. */
static size_t
year_cn(const struct scan *s, size_t i, int *y)
{
	static const char *const this_year[] = { "今年", "本年", "当年", NULL };
	int n = num_at(s, i);

	*y = 0;
	if (n >= DATE_MIN_YEAR && n <= DATE_MAX_YEAR && cjk(s, i + 1, "年")) {
		*y = n;
		return 2;
	}
	if (cjk_any(s, i, this_year, NULL)) {
		*y = -1;
		return 2;
	}
	return 0;
}

/* 6月, 6月30日, 6月底, 6月上旬. */
static size_t
month_cn(const struct scan *s, size_t i, struct find *f)
{
	static const char *const xun[] = { "上旬", "中旬", "下旬", NULL };
	static const char *const end[] = { "底", "末", "内", NULL };
	size_t j = i + 2, k, w;
	int d;

	if ((f->m = num_at(s, i)) < 0 || !cjk(s, i + 1, "月"))
		return 0;
	f->g = G_MONTH;
	if ((d = num_at(s, j)) >= 0 && (k = cjk_any(s, j + 1, day_cn, NULL))) {
		f->d = d;
		f->g = G_DAY;
		return j + 1 + k - i;
	}
	if ((k = cjk_any(s, j, xun, &w))) {
		if (w < 2) /* 上旬 by the 10th, 中旬 by the 20th, 下旬 by the month's end */
			f->d = 10 * (int)(w + 1), f->g = G_DAY;
		return j + k - i;
	}
	j += cjk(s, j, "份");
	return j + cjk_any(s, j, end, NULL) - i;
}

/* 第三季度, 一季度, 3季度末. */
static size_t
quarter_cn(const struct scan *s, size_t i, struct find *f)
{
	static const char *const end[] = { "末", "底", NULL };
	size_t j = i + cjk(s, i, "第"), k;
	int q = num_at(s, j);

	if (q < 0 || !((k = cjk(s, j + 1, "季度")) || (k = cjk(s, j + 1, "季"))))
		return 0;
	f->g = G_QUARTER;
	f->m = q * 3;
	j += 1 + k;
	return j + cjk_any(s, j, end, NULL) - i;
}

/* What follows a year (or stands without one): 年底, 年内, 上半年, 三季度, 6月30日. */
static size_t
body_cn(const struct scan *s, size_t i, int y, struct find *f)
{
	static const char *const year_end[] = { "年底", "年末", "年终", "年内", NULL };
	static const char *const end[] = { "底", "末", "终", "内", NULL };
	size_t j = i + (y && cjk(s, i, "度")), k; /* 2023年度内, 本年度 */

	if ((k = cjk_any(s, j, year_end, NULL)) || (y && (k = cjk_any(s, j, end, NULL)))) {
		f->g = G_YEAR;
		f->m = 12;
		return j + k - i;
	}
	if ((k = cjk(s, j, "上半年")) || (k = cjk(s, j, "下半年"))) {
		f->g = G_HALF;
		f->m = cjk(s, j, "上") ? 6 : 12;
		return j + k + cjk_any(s, j + k, end, NULL) - i;
	}
	if ((k = quarter_cn(s, j, f)) || (k = month_cn(s, j, f)))
		return j + k - i;
	return 0;
}

/* 10日前 with no month, or 15日 right after 每月: a day of some month. */
static size_t
dayonly_cn(const struct scan *s, size_t i, struct find *f)
{
	size_t k;
	int d = num_at(s, i);
	int after_every = s->nf > 0 && s->f[s->nf - 1].k == F_EVERY && s->f[s->nf - 1].t1 + 1 >= i;

	if (d < 0 || !(k = cjk_any(s, i + 1, day_cn, NULL)) ||
	    (!after_every && !cjk_any(s, i + 1 + k, back_cn, NULL)))
		return 0;
	f->d = d;
	f->g = G_DAYONLY;
	return 1 + k;
}

/* One date at i, Chinese or YYYY-MM-DD, without what follows it (前, 之前). */
static size_t
date_cn(const struct scan *s, size_t i, struct find *f)
{
	size_t k, b;
	int y;

	memset(f, 0, sizeof *f);
	if (i < s->nt && s->tk[i].t == T_DATE) {
		f->y = s->tk[i].num, f->m = s->tk[i].m, f->d = s->tk[i].d, f->g = G_DAY;
		return 1;
	}
	k = year_cn(s, i, &y);
	if (!(b = body_cn(s, i + k, y, f)))
		return k ? 0 : dayonly_cn(s, i, f); /* a year alone (2023年) is no deadline */
	f->y = y;
	return k + b;
}

/* 1 when the month and day of a date can be right (the year may still be unknown). */
static int
plausible(const struct find *f)
{
	if (f->g == G_DAYONLY)
		return f->d >= 1 && f->d <= 31;
	if (f->m < 1 || f->m > 12 || (f->g == G_QUARTER && f->m % 3))
		return 0;
	return f->g != G_DAY || (f->d >= 1 && f->d <= date_month_days(f->y > 0 ? f->y : 2000, f->m));
}

static size_t
put_date(struct scan *s, const struct find *d, size_t t0, size_t t1)
{
	struct find *f;

	if (!plausible(d))
		return add_err(s, E_BADDATE, t0, t1);
	f = add(s, F_DATE, t0, t1);
	f->y = d->y, f->m = d->m, f->d = d->d, f->g = d->g;
	return t1 - t0;
}

/* A date with what may follow it: 前, 之前, 止, 内; a range (7月至12月) is due at its end. */
static size_t
m_date_cn(struct scan *s, size_t i)
{
	static const char *const to[] = { "至", "到", NULL };
	static const char *const after[] = { "之前", "以前", "前", "为止", "止", "以内", "之内", "内", NULL };
	struct find d, e;
	size_t k = date_cn(s, i, &d), k2, j;

	if (!k)
		return 0;
	j = i + k;
	if ((cjk_any(s, j, to, NULL) || punct_is(s, j, '-') || punct_is(s, j, '~')) && (k2 = date_cn(s, j + 1, &e))) {
		if (e.y == 0)
			e.y = d.y;
		d = e;
		j += 1 + k2;
	}
	j += cjk_any(s, j, after, NULL);
	return put_date(s, &d, i, j);
}

/* What starts a clock, read from the text before a duration. */
struct start {
	unsigned ev;
	int      plan, marker;
	size_t   me; /* end of the marker (之日起, 后) */
};

static const char *const markers_cn[] = { "之日起", "日起", "之日后", "之后", "以后", "后的", "后", NULL };
static const char *const plan_cn[] = { "本方案", "本计划", "本通知", "本要点", "本意见",
	                               "方案印发", "方案发布", "方案出台", "方案下发", NULL };
static const char *const events_cn[] = { "形成", "产生", "生成", "制定", "制作", "获取", "变更", "修改", "修订", "出台",
	                                 "印发", "颁布", "签发", "作出", "做出", "批复", "批准", "收到", "受理", "接到", NULL };
static const unsigned events_cn_ev[] = {
	EV_FORMED,   EV_FORMED,   EV_FORMED,   EV_FORMED, EV_FORMED, EV_FORMED,   EV_CHANGED,  EV_CHANGED,  EV_CHANGED, EV_ISSUED,
	EV_ISSUED,   EV_ISSUED,   EV_ISSUED,   EV_ISSUED, EV_ISSUED, EV_APPROVED, EV_APPROVED, EV_RECEIVED, EV_RECEIVED, EV_RECEIVED,
};

/* Reads [b, e): the last marker (之日起, 后) closes the phrase that names the start
 * events (形成或变更, 出台) or the plan itself (本方案发布). */
static void
starts_cn(const struct scan *s, size_t b, size_t e, struct start *st)
{
	size_t end = e, k, w;

	memset(st, 0, sizeof *st);
	for (size_t j = b; j < e; j++)
		if ((k = cjk_any(s, j, markers_cn, NULL))) {
			st->marker = 1;
			end = j;
			st->me = j + k;
			j += k - 1;
		}
	for (size_t j = b; j < end; j++) {
		if ((k = cjk_any(s, j, plan_cn, NULL))) {
			st->plan = 1;
		} else if ((k = cjk_any(s, j, events_cn, &w))) {
			st->ev |= events_cn_ev[w];
			if (!st->marker && cjk(s, j + k, "起")) /* 自印发起 */
				st->marker = 1, st->me = j + k + 1;
		} else {
			continue;
		}
		j += k - 1;
	}
}

/* 1 when an at-least word stands shortly before token i (不少于5个工作日, 公示期为5个工作日):
 * a least length, such as a posting period, which is no deadline. */
static int
minimum_cn(const struct scan *s, size_t i)
{
	static const char *const posting[] = { "公示期", "公示时间", NULL };
	size_t b = clause_start(s, i, 1);

	for (size_t j = i; j > b && j + 10 > i; j--) {
		if (s->tk[j - 1].t != T_CJK)
			break;
		if (cjk_any(s, j - 1, atleast_cn, NULL) || cjk_any(s, j - 1, posting, NULL))
			return 1;
	}
	return 0;
}

static size_t
first_word(const struct scan *s, size_t b, size_t e)
{
	while (b < e && s->tk[b].t == T_PUNCT)
		b++;
	return b;
}

/* 20个工作日内, 15日内, 三十天内, with the start named before it. */
static size_t
m_within_cn(struct scan *s, size_t i)
{
	static const char *const units[] = { "工作日", "工作天", "自然日", "日历日", "日", "天", NULL };
	static const int unit_wd[] = { 1, 1, 0, 0, 0, 0 };
	size_t j = i + 1, k, w, b;
	int n = num_at(s, i), in;
	struct start st;
	struct find *f;

	if (n < 0)
		return 0;
	j += cjk(s, j, "个");
	if (!(k = cjk_any(s, j, units, &w)))
		return 0;
	j += k;
	in = (k = cjk_any(s, j, inside_cn, NULL)) != 0;
	j += k;
	if (minimum_cn(s, i))
		return j - i;
	if (!in && (k = cjk_any(s, j, back_cn, NULL)))
		return add_err(s, E_BACKWARD, i, j + k); /* 5个工作日前 */
	if (i > 0 && cjk(s, i - 1, "前"))
		return add_err(s, E_BACKWARD, i - 1, j); /* 会议召开前5个工作日 */
	b = window_start(s, i);
	starts_cn(s, b, i, &st);
	if (!in && !unit_wd[w] && !st.marker)
		return add_err(s, E_DURATION, i, j); /* 15日 with neither 内 nor a start */
	if (st.marker && !st.ev && !st.plan)
		return add_err(s, E_NOSTART, first_word(s, b, st.me), j);
	if (n < 1 || n > N_MAX)
		return add_err(s, E_RANGE, i, j);
	f = add(s, F_WITHIN, i, j);
	f->n = n;
	f->wd = unit_wd[w];
	f->plan = st.plan;
	f->starts = st.ev ? st.ev : EV_FORMED | EV_CHANGED;
	return j - i;
}

/* 1年, 6个月, 半年内: a length of time with no start — from when? */
static size_t
m_duration_cn(struct scan *s, size_t i)
{
	static const char *const units[] = { "年", "个月", "周", "星期", "个星期", "小时", "个小时", "个季度", NULL };
	static const char *const past[] = { "近", "前", "过去", "上", "第", NULL };
	size_t j, k;
	int n = num_at(s, i);

	if ((k = cjk(s, i, "半年")))
		j = i + k;
	else if (n >= 0 && n < DATE_MIN_YEAR && (k = cjk_any(s, i + 1, units, NULL)))
		j = i + 1 + k;
	else
		return 0;
	if (ends_before(s, i, past, 0)) /* 近三年, 上一年度, 第一个月: a reference, not a deadline */
		return j - i;
	if ((k = cjk_any(s, j, since_cn, NULL)))
		return j + k - i;
	j += cjk_any(s, j, inside_cn, NULL);
	return add_err(s, E_DURATION, i, j);
}

/* Standing duties: 长期坚持, 持续推进, 常态化, 实时公开, 及时公开, 按实际更新, 永久公开 … */
static size_t
m_ongoing_cn(struct scan *s, size_t i)
{
	static const char *const words[] = { "长期", "持续", "常态", "实时", "及时", "即时", "按实际",
		                             "永久", "随时", "动态", "常年", "长效", NULL };
	size_t k = cjk_any(s, i, words, NULL);

	if (k)
		add(s, F_ONGOING, i, i + k);
	return k;
}

/* ------------------------------------------------------------------ */
/* Reading deadline text: English patterns                              */
/* ------------------------------------------------------------------ */

static const char *const atleast_en[] = { "at least", "no fewer than", "no less than", "not less than",
	                                  "not fewer than", "a minimum of", "minimum of", "minimum", NULL };
static const char *const periods_en[] = { "year", "quarter", "month", "half-year", "half year", "half a year",
	                                  "six months", "halfyear", NULL };
static const enum period periods_en_p[] = { PERIOD_YEAR, PERIOD_QUARTER, PERIOD_MONTH, PERIOD_HALF,
	                                    PERIOD_HALF, PERIOD_HALF,    PERIOD_HALF,  PERIOD_HALF };

static size_t
period_en(const struct scan *s, size_t i, enum period *p)
{
	size_t w, k = en_any(s, i, periods_en, &w);

	if (k)
		*p = periods_en_p[w];
	return k;
}

/* "at least 10 times", "no fewer than 40 items published per month", "at least once a year". */
static size_t
m_count_en(struct scan *s, size_t i)
{
	static const char *const lengths[] = { "day", "days", "working", "business", "calendar", "natural", "workdays",
		                               "year", "years", "month", "months", "week", "weeks", "hour", "hours",
		                               "percent", NULL };
	static const char *const per[] = { "per", "a", "an", "each", "every", NULL };
	static const char *const published[] = { "publish", "published", "publishing", "release", "released",
		                                 "post", "posted", "disclose", "disclosed", NULL };
	size_t j, k, b, e;
	int n;
	struct find *f;
	enum period p = PERIOD_NONE;

	if (!(k = en_any(s, i, atleast_en, NULL)) || (n = en_num(s, i + k)) < 0)
		return 0;
	j = i + k + 1;
	if (en_any(s, j, lengths, NULL) || punct_is(s, j, '%'))
		return 0; /* at least 5 working days: a length, not a count */
	if (n < 1 || n > N_MAX)
		return add_err(s, E_RANGE, i, j);
	/* the period may follow the thing counted: "at least 40 items published per month" */
	for (size_t q = j; q < j + 4 && q < s->nt && s->tk[q].t == T_WORD; q++) {
		size_t k2 = 0;
		if ((k = en_any(s, q, per, NULL)) && (k2 = period_en(s, q + k, &p))) {
			j = q + k + k2;
			break;
		}
	}
	if (p == PERIOD_NONE)
		p = absorb_period(s, i);
	f = add(s, F_COUNT, i, j);
	f->n = n;
	f->p = p;
	f->counted = EV_HELD;
	b = clause_start(s, i, 1);
	e = clause_end(s, i, 1);
	for (size_t q = b; q < e; q++)
		if (en_any(s, q, published, NULL))
			f->counted = EV_PUBLISHED;
	return j - i;
}

/* quarterly, monthly, annually, every year, each quarter, once a year, every half year. */
static size_t
m_every_en(struct scan *s, size_t i)
{
	static const char *const other[] = { "weekly", "daily", "biweekly", "fortnightly", "every day", "every week",
		                             "each day", "each week", "per week", "per day", "every working day",
		                             "every other year", "every other month", NULL };
	static const char *const adverbs[] = { "annually", "yearly", "quarterly", "monthly", "half-yearly",
		                               "semi-annually", "semiannually", NULL };
	static const enum period adverbs_p[] = { PERIOD_YEAR, PERIOD_YEAR, PERIOD_QUARTER, PERIOD_MONTH,
		                                 PERIOD_HALF, PERIOD_HALF, PERIOD_HALF };
	static const char *const every[] = { "every", "each", "per", "once a", "once per", "once every", "once each", NULL };
	size_t k, k2, w;
	enum period p;

	if ((k = en_any(s, i, other, NULL)))
		return add_err(s, E_PERIOD, i, i + k);
	if ((k = en_any(s, i, adverbs, &w))) {
		add(s, F_EVERY, i, i + k)->p = adverbs_p[w];
		return k;
	}
	if (!(k = en_any(s, i, every, NULL)))
		return 0;
	if ((k2 = period_en(s, i + k, &p))) {
		add(s, F_EVERY, i, i + k + k2)->p = p;
		return k + k2;
	}
	if (en_num(s, i + k) >= 0) /* every 2 years, every three months */
		return add_err(s, E_PERIOD, i, i + k + 2);
	return 0;
}

static const char *const months_en[] = { "january", "february", "march", "april", "may", "june", "july", "august",
	                                 "september", "october", "november", "december", "jan", "feb", "mar", "apr",
	                                 "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", NULL };
static const int months_en_m[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 6, 7, 8, 9, 9, 10, 11, 12 };

static size_t
month_en(const struct scan *s, size_t i, int *m)
{
	size_t w, k = en_any(s, i, months_en, &w);

	if (!k)
		return 0;
	*m = months_en_m[w];
	return k + (w >= 12 && punct_is(s, i + 1, '.')); /* "Mar." */
}

/* A year after a date: ", 2024", "2024", "of 2024", "of this year" (-1), "of the year" (0). */
static size_t
year_en(const struct scan *s, size_t i, int *y)
{
	size_t j = i + (size_t)punct_is(s, i, ','), k;
	int n;

	j += en(s, j, "of");
	n = num_at(s, j);
	if (n >= DATE_MIN_YEAR && n <= DATE_MAX_YEAR) {
		*y = n;
		return j + 1 - i;
	}
	if ((k = en(s, j, "this year")))
		*y = -1;
	else if (!(k = en(s, j, "the year")))
		return 0;
	return j + k - i;
}

/* The first half, H2, the third quarter, Q3, 3rd quarter — of a year or not. */
static size_t
part_en(const struct scan *s, size_t i, struct find *f)
{
	static const char *const ord[] = { "first", "second", "third", "fourth", NULL };
	size_t j = i + en(s, i, "the"), w, k = 0;
	int n = -1;

	if ((k = en_any(s, j, ord, &w)))
		n = (int)w + 1;
	else if ((n = num_at(s, j + 1)) >= 0 && (en(s, j, "q") || en(s, j, "h")))
		k = 2, f->g = en(s, j, "q") ? G_QUARTER : G_HALF;
	else if ((n = num_at(s, j)) >= 0 && n < 10)
		k = 1;
	else
		return 0;
	j += k;
	if (k != 2) {
		if ((k = en(s, j, "quarter")))
			f->g = G_QUARTER;
		else if ((k = en(s, j, "half")) || (k = en(s, j, "half-year")) || (k = en(s, j, "half year")))
			f->g = G_HALF;
		else
			return 0;
		j += k;
	}
	f->m = f->g == G_QUARTER ? n * 3 : n * 6;
	if (f->g == G_HALF && (n < 1 || n > 2))
		f->m = 0; /* no such half: not a date */
	return j + year_en(s, j, &f->y) - i;
}

/* "end of 2023", "the end of October", "end of the year", "year-end", "end of Q3". */
static size_t
end_en(const struct scan *s, size_t i, struct find *f)
{
	static const char *const year_end[] = { "year-end", "year end", "yearend", NULL };
	static const char *const end_of[] = { "end of", "end-of", NULL };
	size_t j = i + en(s, i, "the"), k;

	f->g = G_YEAR;
	f->m = 12;
	if ((k = en_any(s, j, year_end, NULL)))
		return j + k + year_en(s, j + k, &f->y) - i;
	if (!(k = en_any(s, j, end_of, NULL)))
		return 0;
	j += k;
	if ((k = year_en(s, j, &f->y)) || (k = en(s, j, "year")))
		return j + k - i; /* end of 2023, end of the year, end of this year */
	if ((k = month_en(s, j, &f->m))) {
		f->g = G_MONTH;
		return j + k + year_en(s, j + k, &f->y) - i;
	}
	return (k = part_en(s, j, f)) ? j + k - i : 0;
}

/* "March 31", "March 31, 2024", "31 March 2024", "31st of March", "October 2023". */
static size_t
md_en(const struct scan *s, size_t i, struct find *f)
{
	size_t j, k;
	int d;

	if ((k = month_en(s, i, &f->m))) {
		j = i + k;
		d = num_at(s, j);
		if (d >= DATE_MIN_YEAR && d <= DATE_MAX_YEAR) {
			f->g = G_MONTH, f->y = d;
			return j + 1 - i;
		}
		if (d < 0 || d >= 100)
			return 0; /* a month name alone: "may" may be a verb */
		f->d = d, f->g = G_DAY;
		return j + 1 + year_en(s, j + 1, &f->y) - i;
	}
	d = num_at(s, i);
	if (d < 0 || d >= 100)
		return 0;
	j = i + 1 + en(s, i + 1, "of");
	if (!(k = month_en(s, j, &f->m)))
		return 0;
	f->d = d, f->g = G_DAY;
	return j + k + year_en(s, j + k, &f->y) - i;
}

/* "within the year", "within this year", "within 2023". */
static size_t
in_year_en(const struct scan *s, size_t i, struct find *f)
{
	size_t k;

	if (!en(s, i, "within") || !(k = year_en(s, i + 1, &f->y)) || punct_is(s, i + 1, ',') || en(s, i + 1, "of"))
		return 0;
	f->g = G_YEAR;
	f->m = 12;
	return 1 + k;
}

static size_t
m_date_en(struct scan *s, size_t i)
{
	struct find d;
	size_t k;

	memset(&d, 0, sizeof d);
	if ((k = end_en(s, i, &d)) || (memset(&d, 0, sizeof d), k = part_en(s, i, &d)) ||
	    (memset(&d, 0, sizeof d), k = md_en(s, i, &d)) || (memset(&d, 0, sizeof d), k = in_year_en(s, i, &d)))
		return put_date(s, &d, i, i + k);
	return 0;
}

static const char *const events_en[] = { "formed", "formation", "forming", "created", "creation", "generated",
	                                 "produced", "obtained", "changed", "change", "changes", "modified",
	                                 "modification", "amended", "amendment", "revised", "revision", "issued",
	                                 "issuance", "issuing", "promulgated", "promulgation", "approved", "approval",
	                                 "received", "receipt", "receiving", NULL };
static const unsigned events_en_ev[] = {
	EV_FORMED,  EV_FORMED,  EV_FORMED,  EV_FORMED,  EV_FORMED,  EV_FORMED,  EV_FORMED,   EV_FORMED,   EV_CHANGED,
	EV_CHANGED, EV_CHANGED, EV_CHANGED, EV_CHANGED, EV_CHANGED, EV_CHANGED, EV_CHANGED,  EV_CHANGED,  EV_ISSUED,
	EV_ISSUED,  EV_ISSUED,  EV_ISSUED,  EV_ISSUED,  EV_APPROVED, EV_APPROVED, EV_RECEIVED, EV_RECEIVED, EV_RECEIVED,
};

/* The start events or the plan named in [b, e) ("of issuance", "after this plan is issued"). */
static void
starts_en(const struct scan *s, size_t b, size_t e, struct start *st)
{
	size_t w;

	for (size_t j = b; j < e; j++)
		if (en(s, j, "plan"))
			st->plan = 1;
		else if (en_any(s, j, events_en, &w))
			st->ev |= events_en_ev[w];
}

/* "within 20 working days", "within 15 days of receipt", "10 working days after issuance". */
static size_t
m_within_en(struct scan *s, size_t i)
{
	static const char *const units[] = { "working days", "working day", "business days", "business day", "work days",
		                             "workdays", "working-days", "calendar days", "natural days", "days", "day", NULL };
	static const int unit_wd[] = { 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0 };
	static const char *const within[] = { "within", "in", "no later than", "not later than", "no more than",
		                              "not more than", "not exceeding", "up to", NULL };
	static const char *const anchors[] = { "of", "after", "from", "following", "since", "upon", NULL };
	static const char *const back[] = { "before", "prior to", "ahead of", NULL };
	static const char *const posting[] = { "for", NULL };
	size_t j, k, w, e;
	int n = en_num(s, i), in, anchored;
	struct start st;
	struct find *f;

	if (n < 0 || !(k = en_any(s, i + 1, units, &w)))
		return 0;
	j = i + 1 + k;
	if (ends_before(s, i, atleast_en, 1) || ends_before(s, i, posting, 1))
		return j - i; /* at least 5 working days, posted for 7 days: a least length */
	if ((k = en_any(s, j, back, NULL)))
		return add_err(s, E_BACKWARD, i, j + k);
	in = ends_before(s, i, within, 1);
	anchored = en_any(s, j, anchors, NULL) != 0;
	e = clause_end(s, j, 1);
	memset(&st, 0, sizeof st);
	starts_en(s, j, e, &st);
	if (!st.ev && !st.plan)
		starts_en(s, window_start(s, i), i, &st);
	if (anchored && !st.ev && !st.plan)
		return add_err(s, E_NOSTART, i, e);
	if (!in && !anchored && !unit_wd[w])
		return add_err(s, E_DURATION, i, j); /* "15 days" alone */
	if (n < 1 || n > N_MAX)
		return add_err(s, E_RANGE, i, j);
	f = add(s, F_WITHIN, i, anchored ? e : j);
	f->n = n;
	f->wd = unit_wd[w];
	f->plan = st.plan;
	f->starts = st.ev ? st.ev : EV_FORMED | EV_CHANGED;
	return f->t1 - i;
}

/* "within one year", "6 months", "half a year": a length of time with no start. */
static size_t
m_duration_en(struct scan *s, size_t i)
{
	static const char *const units[] = { "year", "years", "month", "months", "week", "weeks", "hour", "hours", NULL };
	static const char *const past[] = { "past", "last", "previous", "recent", "first", NULL };
	size_t j, k;
	int n = en_num(s, i);

	if ((k = en(s, i, "half a year")) || (k = en(s, i, "half year")))
		j = i + k;
	else if (n >= 0 && n < DATE_MIN_YEAR && (k = en_any(s, i + 1, units, NULL)))
		j = i + 1 + k;
	else
		return 0;
	if (ends_before(s, i, past, 1))
		return j - i; /* the past 3 years: a reference */
	return add_err(s, E_DURATION, i, j);
}

static size_t
m_ongoing_en(struct scan *s, size_t i)
{
	static const char *const words[] = { "ongoing", "on-going", "long-term", "long term", "continuous", "continuously",
		                             "continual", "continually", "continuing", "permanent", "permanently",
		                             "real-time", "real time", "promptly", "timely", "routinely", "at all times",
		                             NULL };
	size_t k = en_any(s, i, words, NULL);

	if (k)
		add(s, F_ONGOING, i, i + k);
	return k;
}

/* ------------------------------------------------------------------ */
/* Reading deadline text: from what was found to one rule               */
/* ------------------------------------------------------------------ */

#define HINT_RULE  "add a `rule` column (e.g. `by 2023-12-31`, `within 20 wd of formed`, `ongoing`)"
#define HINT_SPLIT "split the task into one row per deadline, or add a `rule` column"
#define HINT_YEAR  "set `# year:` in tasks.tsv, or add a `rule` column"

/* The longest piece of text quoted in a message: keeps room for the rest. */
#define QUOTE_MAX 45

/* Fails with a message that starts by quoting tokens [t0, t1) of the text. */
static int
fail_at(const struct scan *s, size_t t0, size_t t1, struct rule_err *err, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static int
fail_at(const struct scan *s, size_t t0, size_t t1, struct rule_err *err, const char *hint, const char *fmt, ...)
{
	char quote[QUOTE_MAX + 4], rest[200];
	size_t off, len;
	va_list ap;

	span(s, t0, t1, &off, &len);
	snippet(s->src + off, len, quote, QUOTE_MAX);
	va_start(ap, fmt);
	vsnprintf(rest, sizeof rest, fmt, ap);
	va_end(ap);
	return fail(err, off, len, hint, "\"%s\" %s", quote, rest);
}

static int
find_error(const struct scan *s, const struct find *f, struct rule_err *err)
{
	switch (f->e) {
	case E_DURATION:
		return fail_at(s, f->t0, f->t1, err, HINT_SPLIT, "is a length of time with no start: from when?");
	case E_PERIOD:
		return fail_at(s, f->t0, f->t1, err, HINT_RULE, "repeats by a period no rule has (rules repeat by month, quarter, half-year or year)");
	case E_BACKWARD:
		return fail_at(s, f->t0, f->t1, err, HINT_RULE, "counts back before an event, which no rule expresses");
	case E_NOSTART:
		return fail_at(s, f->t0, f->t1, err, HINT_RULE, "does not say what starts the clock (形成, 变更, 出台, 批复, 收到 …; formation, change, issuance, approval, receipt)");
	case E_BADDATE:
		return fail_at(s, f->t0, f->t1, err, HINT_RULE, "is not a date");
	default:
		return fail_at(s, f->t0, f->t1, err, HINT_RULE, "has a number outside 1-%d", N_MAX);
	}
}

/* 每年 beside a date written without a year (每年3月31日前, before March 31 every
 * year) makes the date annual; the 每年 is then part of it. */
static void
merge_periodic(struct scan *s)
{
	enum period p = PERIOD_NONE;
	int merged = 0;

	for (size_t k = 0; k < s->nf && !p; k++)
		if (s->f[k].k == F_EVERY && !s->f[k].used)
			p = s->f[k].p;
	for (size_t k = 0; k < s->nf && p; k++)
		if (s->f[k].k == F_DATE && s->f[k].y == 0)
			s->f[k].p = p, merged = 1;
	for (size_t k = 0; k < s->nf && merged; k++)
		if (s->f[k].k == F_EVERY && !s->f[k].used && s->f[k].p == p)
			s->f[k].used = 1;
}

/* A date inside each period: annual MM-DD for a year; 年底 of every year is `every year`. */
static int
periodic_rule(const struct scan *s, const struct find *f, struct rule *r, struct rule_err *err)
{
	if (f->p != PERIOD_YEAR || f->g == G_DAYONLY)
		return fail_at(s, f->t0, f->t1, err, HINT_RULE, "names a day inside each %s, which no rule expresses (`every %s` falls due on its last day)",
		               rule_period_name(f->p), rule_period_name(f->p));
	if (f->g == G_YEAR) {
		r->kind = RULE_EVERY;
		r->period = PERIOD_YEAR;
		return 0;
	}
	r->kind = RULE_ANNUAL;
	r->month = f->m;
	r->day = f->g == G_DAY ? f->d : date_month_days(2000, f->m); /* 2月底: 02-29, due 02-28 in common years */
	return 0;
}

static int
date_rule(const struct scan *s, const struct find *f, int plan_year, struct rule *r, struct rule_err *err)
{
	int y = f->y > 0 ? f->y : plan_year, d;

	if (f->p)
		return periodic_rule(s, f, r, err);
	if (f->g == G_DAYONLY)
		return fail_at(s, f->t0, f->t1, err, HINT_RULE, "gives a day but no month");
	if (y <= 0)
		return fail_at(s, f->t0, f->t1, err, HINT_YEAR, "has no year and the plan's year is unknown");
	d = f->g == G_DAY ? f->d : date_month_days(y, f->m);
	if (!date_valid_ymd(y, f->m, d))
		return fail_at(s, f->t0, f->t1, err, HINT_RULE, "is not a date in %d", y);
	r->kind = RULE_BY;
	r->date = date_from_ymd(y, f->m, d);
	return 0;
}

/* The rule one finding gives by itself; 0 when it gives none (a count, a note). */
static int
finding_rule(const struct scan *s, const struct find *f, int plan_year, struct rule *r, struct rule_err *err)
{
	memset(r, 0, sizeof *r);
	switch (f->k) {
	case F_DATE:
		return date_rule(s, f, plan_year, r, err);
	case F_EVERY:
		if (!f->used)
			r->kind = RULE_EVERY, r->period = f->p;
		return 0;
	case F_WITHIN:
		r->kind = f->plan ? RULE_PLAN : RULE_WITHIN;
		r->n = f->n;
		r->workdays = f->wd;
		r->starts = f->plan ? 0 : f->starts;
		return 0;
	default:
		return 0;
	}
}

static const struct find *
first_of(const struct scan *s, enum fk k)
{
	for (size_t i = 0; s && i < s->nf; i++)
		if (s->f[i].k == k)
			return &s->f[i];
	return NULL;
}

/* A count turns a date into "at least N by DATE" and a period (or a standing
 * duty) into "at least N per PERIOD"; a count's own period (每年至少1次) wins.
 * It says nothing about a per-item clock or a fixed annual day. */
static void
apply_count(struct rule *r, const struct find *c)
{
	if (r->kind == RULE_BY && !c->p) {
		r->kind = RULE_AT_LEAST_BY;
	} else if (r->kind == RULE_BY || r->kind == RULE_EVERY || r->kind == RULE_ONGOING || r->kind == RULE_NONE) {
		if (!c->p && r->kind != RULE_EVERY)
			return;
		r->period = c->p ? c->p : r->period;
		r->kind = RULE_AT_LEAST_PER;
		r->date = 0;
	} else {
		return;
	}
	r->n = c->n;
	r->counted = c->counted;
}

static int
conflict(const struct scan *s, const struct rule *a, const struct find *fb, const struct rule *b, struct rule_err *err)
{
	char ra[RULE_BUFSZ], rb[RULE_BUFSZ];

	rule_format(a, ra, sizeof ra);
	rule_format(b, rb, sizeof rb);
	return fail_at(s, fb->t0, fb->t1, err, HINT_SPLIT, "reads `%s`, the text before `%s`: different deadlines for different items", rb, ra);
}

static int
resolve(struct scan *s, const struct scan *rq, int plan_year, struct rule *r, struct rule_err *err)
{
	const struct find *f, *count;
	struct rule best, c;
	int have = 0;

	if ((f = first_of(s, F_ERR)))
		return find_error(s, f, err);
	merge_periodic(s);
	memset(&best, 0, sizeof best);
	for (size_t k = 0; k < s->nf; k++) {
		if (finding_rule(s, &s->f[k], plan_year, &c, err))
			return -1;
		if (c.kind == RULE_NONE)
			continue;
		if (!have)
			best = c, have = 1;
		else if (!rule_equal(&best, &c))
			return conflict(s, &best, &s->f[k], &c, err);
	}
	/* ongoing words beside a date are a posting note (；长期公示), not the deadline */
	if (!have && first_of(s, F_ONGOING))
		best.kind = RULE_ONGOING;
	count = first_of(s, F_COUNT);
	if (count && !have && !count->p && best.kind == RULE_NONE)
		return fail_at(s, count->t0, count->t1, err, HINT_RULE, "gives a count but no date or period");
	if (!count && best.kind != RULE_NONE) /* the requirement's count qualifies a deadline, never stands for one */
		count = first_of(rq, F_COUNT);
	if (count)
		apply_count(&best, count);
	if (best.kind == RULE_NONE)
		return fail_at(s, 0, s->nt, err, HINT_RULE, "is no deadline gkledger can read");
	*r = best;
	return 0;
}

/* Texts longer than this are cut: no deadline or requirement cell is near it,
 * and it bounds the memory a malformed cell can take. */
#define TEXT_MAX 16384

static void
scan_run(struct scan *s, const char *text, size_t n)
{
	static size_t (*const matchers[])(struct scan *, size_t) = {
		m_since,    m_count_cn,  m_count_en,   m_every_cn,    m_every_en,    m_once_cn,    m_date_cn,
		m_date_en,  m_within_cn, m_within_en,  m_duration_cn, m_duration_en, m_ongoing_cn, m_ongoing_en,
	};

	memset(s, 0, sizeof *s);
	s->src = text;
	s->n = n > TEXT_MAX ? TEXT_MAX : n;
	s->tk = xmalloc((s->n + 1) * sizeof *s->tk);
	s->skip = xcalloc(s->n + 1, 1);
	s->f = xmalloc((s->n + 1) * sizeof *s->f);
	tokenize(s);
	mark_caveats(s);
	for (size_t i = 0; i < s->nt;) {
		size_t used = 0;
		for (size_t m = 0; !s->skip[i] && !used && m < NELEM(matchers); m++)
			used = matchers[m](s, i);
		i += used ? used : 1;
	}
}

static void
scan_free(struct scan *s)
{
	free(s->tk);
	free(s->skip);
	free(s->f);
}

int
rule_read(const char *deadline, size_t len, const char *requirement, int plan_year, struct rule *r,
          struct rule_err *err)
{
	struct scan s, q;
	struct rule_err dummy;
	int rc;

	if (!err)
		err = &dummy;
	if (plan_year < DATE_MIN_YEAR || plan_year > DATE_MAX_YEAR)
		plan_year = 0;
	scan_run(&s, deadline, len);
	if (s.nt == 0) {
		scan_free(&s);
		return fail(err, 0, 0, HINT_RULE, "the deadline is empty");
	}
	if (requirement)
		scan_run(&q, requirement, strlen(requirement));
	rc = resolve(&s, requirement ? &q : NULL, plan_year, r, err);
	scan_free(&s);
	if (requirement)
		scan_free(&q);
	return rc;
}

unsigned
rule_events(const struct rule *r)
{
	switch (r->kind) {
	case RULE_BY: case RULE_PLAN: case RULE_ANNUAL: case RULE_EVERY: return EV_DONE;
	case RULE_AT_LEAST_BY: case RULE_AT_LEAST_PER: return (unsigned)r->counted;
	case RULE_WITHIN: return r->starts | EV_PUBLISHED;
	default: return ~0u;
	}
}
