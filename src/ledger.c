/* ledger — one department's work ledger read into date-ordered entries. */
#include "ledger.h"
#include "decode.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "diag.h"
#include "text.h"

day_t
period_first(enum period kind, day_t d)
{
	switch (kind) {
	case PERIOD_MONTH: return date_month_first(d);
	case PERIOD_QUARTER: return date_quarter_first(d);
	case PERIOD_HALF: return date_half_first(d);
	default: return date_year_first(d);
	}
}

day_t
period_last(enum period kind, day_t d)
{
	switch (kind) {
	case PERIOD_MONTH: return date_month_last(d);
	case PERIOD_QUARTER: return date_quarter_last(d);
	case PERIOD_HALF: return date_half_last(d);
	default: return date_year_last(d);
	}
}

int
ledger_parse_period(const char *s, enum period *kind, day_t *start)
{
	int y = 0, n = 0, k = 0;
	const char *p = s;

	for (; k < 4 && *p >= '0' && *p <= '9'; p++, k++)
		y = y * 10 + (*p - '0');
	if (k != 4 || y < DATE_MIN_YEAR || y > DATE_MAX_YEAR)
		return -1;
	if (!*p) {
		*kind = PERIOD_YEAR;
		*start = date_from_ymd(y, 1, 1);
		return 0;
	}
	if (*p == '-')
		p++;
	char c = *p;
	if (c == 'H' || c == 'h' || c == 'Q' || c == 'q')
		p++;
	k = 0;
	for (; k < 3 && *p >= '0' && *p <= '9'; p++, k++)
		n = n * 10 + (*p - '0');
	if (*p || k == 0 || k > 2)
		return -1;
	if (c == 'H' || c == 'h') {
		if (n < 1 || n > 2)
			return -1;
		*kind = PERIOD_HALF;
		*start = date_from_ymd(y, n == 1 ? 1 : 7, 1);
	} else if (c == 'Q' || c == 'q') {
		if (n < 1 || n > 4)
			return -1;
		*kind = PERIOD_QUARTER;
		*start = date_from_ymd(y, (n - 1) * 3 + 1, 1);
	} else {
		if (n < 1 || n > 12 || s[4] != '-')
			return -1;
		*kind = PERIOD_MONTH;
		*start = date_from_ymd(y, n, 1);
	}
	return 0;
}

void
ledger_format_period(enum period kind, day_t start, char *buf, size_t bufsz)
{
	int y, m, d;
	date_to_ymd(start, &y, &m, &d);
	switch (kind) {
	case PERIOD_MONTH: snprintf(buf, bufsz, "%04d-%02d", y, m); break;
	case PERIOD_QUARTER: snprintf(buf, bufsz, "%04d-Q%d", y, (m - 1) / 3 + 1); break;
	case PERIOD_HALF: snprintf(buf, bufsz, "%04d-H%d", y, m <= 6 ? 1 : 2); break;
	case PERIOD_YEAR: snprintf(buf, bufsz, "%04d", y); break;
	default: if (bufsz) buf[0] = '\0'; break;
	}
}

/* The department a ledger file belongs to: metadata, else the file name. */
static char *
department_name(struct tsv *t, const char *path)
{
	const char *v = tsv_meta(t, "department", NULL);
	if (!v)
		v = tsv_meta(t, "部门", NULL);
	if (v && *v)
		return xstrdup(v);
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	if (n > 4 && strcmp(base + n - 4, ".tsv") == 0)
		n -= 4;
	return xstrndup(base, n);
}

static int
cmp_entry(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* A cell's value without surrounding blanks (ASCII and U+3000), as a slice. */
static inline const char *
trim_cell(const struct tsv_cell *c, size_t *len)
{
	const unsigned char *u = (const unsigned char *)c->s;
	*len = c->len;
	/* the common cell: no blank at either end (U+3000 starts with E3 and
	 * ends with 80) */
	if (!c->len || (u[0] > ' ' && u[0] != 0xE3 && u[c->len - 1] > ' ' && u[c->len - 1] != 0x80))
		return c->s;
	return text_trim(c->s, len);
}

/* The month of the last date read: lines are in date order, so most dates
 * share the month before them, and a date of the month is its first day plus
 * the day written. Only for a date of ten bytes whose last two are the day's
 * digits after a separator (2024-03-05, 2024/03/05, 2024.03.05). */
struct datecache {
	char  s[8];  /* YYYY-MM- and the like */
	int   full;  /* s holds a month */
	day_t first; /* its first day */
	int   mdays; /* its length */
};

/* The date v[0..10) from the month cached, or -1 when another month or not a day of it. */
static inline int
cached_date(const struct datecache *dc, const char *v, day_t *out)
{
	uint64_t x, y;
	memcpy(&x, v, 8);
	memcpy(&y, dc->s, 8);
	unsigned a = (unsigned)(unsigned char)v[8] - '0', b = (unsigned)(unsigned char)v[9] - '0';
	if (!dc->full || x != y || a > 9 || b > 9 || a * 10 + b < 1 || a * 10 + b > (unsigned)dc->mdays)
		return -1;
	*out = dc->first + (day_t)(a * 10 + b) - 1;
	return 0;
}

/* Keeps the month of the date v[0..10) just parsed as d, when its form allows. */
static void
cache_month(struct datecache *dc, const char *v, day_t d)
{
	int y, m, dd;
	if ((v[7] != '-' && v[7] != '/' && v[7] != '.') || v[8] < '0' || v[8] > '9' || v[9] < '0' || v[9] > '9')
		return;
	date_to_ymd(d, &y, &m, &dd);
	memcpy(dc->s, v, 8);
	dc->full = 1;
	dc->first = d - (dd - 1);
	dc->mdays = date_month_days(y, m);
}

/* Scratch space reused from line to line: nothing is allocated per line. */
struct scratch {
	char  *buf;
	size_t cap;
};

static char *
scratch_reserve(struct scratch *sc, size_t n)
{
	if (sc->cap < n + 1) {
		sc->cap = (n + 1) * 2;
		sc->buf = xrealloc(sc->buf, sc->cap);
	}
	return sc->buf;
}

static char *
scratch_copy(struct scratch *sc, const char *s, size_t n)
{
	scratch_reserve(sc, n);
	memcpy(sc->buf, s, n);
	sc->buf[n] = '\0';
	return sc->buf;
}

/* Resolves the ledger's department; reports and returns -1 when it is unknown. */
static int
resolve_department(struct plan *p, struct tsv *t, const char *path, int quiet)
{
	char *dname = department_name(t, path);
	int d = plan_dept(p, dname);
	struct diag_loc fl = { tsv_name(t), 0, NULL, 0, 0, 0 };

	if (d >= 0 && p->depts[d].is_group) {
		if (!quiet)
			diag_at(DIAG_ERROR, &fl, "unknown-department",
		        "'%s' is a group, not a department: a ledger belongs to one department", dname);
		d = -1;
	} else if (d < 0 && p->registry) {
		if (!quiet)
			diag_at(DIAG_ERROR, &fl, "unknown-department",
		        "'%s' is not a department or alias of departments.tsv: set `# department:` to the "
		        "department's name, or add it to departments.tsv",
		        dname);
	} else if (d < 0) {
		d = plan_add_dept(p, dname);
	}
	free(dname);
	return d;
}

enum { C_TASK = LC_TASK, C_DATE, C_EVENT, C_ITEM, C_PERIOD, C_SECTION, C_EVIDENCE, C_NOTE };
const struct tsv_col ledger_cols[LC_COUNT] = {
	{ "task", "任务|序号", 1 },
	{ "date", "日期", 1 },
	{ "event", "事项", 1 },
	{ "item", "信息名称", 0 },
	{ "period", "年度", 0 },
	{ "section", "责任科室", 0 },
	{ "evidence", "佐证材料", 0 },
	{ "note", "备注", 0 },
};

/* Reads one record into *e; reports and returns -1 when the line is rejected. */
/* Reports a rejected line unless this read is quiet about it. */
static void
reject(int quiet, const struct diag_loc *loc, const char *code, const char *fmt, ...)
{
	va_list ap;
	if (quiet)
		return;
	va_start(ap, fmt);
	diag_vat(DIAG_ERROR, loc, code, fmt, ap);
	va_end(ap);
}

static int
parse_entry(const struct plan *p, struct tsv *t, const struct tsv_rec *r, struct entry *e, struct scratch sc[2],
            struct datecache *dc, int check, int quiet)
{
	const struct tsv_cell *c = r->cell;
	struct diag_loc loc;
	char err[128];
	size_t n, pos = 0;
	const char *v;

	/* The task, date and event cells are first read as they are: a cell
	 * that reads so has no blank at either end (task ids are trimmed, a
	 * date or an event name starts and ends with a letter or digit), and
	 * most cells do; only the others are trimmed. */
	e->lineno = r->lineno;
	e->task = plan_task_n(p, c[C_TASK].s, c[C_TASK].len);
	if (e->task < 0) {
		v = trim_cell(&c[C_TASK], &n);
		if ((e->task = plan_task_n(p, v, n)) < 0) {
			loc = tsv_cell_loc(t, &c[C_TASK]);
			if (n)
				reject(quiet, &loc, "unknown-task", "task '%s' is not in the task table",
				       scratch_copy(&sc[0], v, n));
			else
				reject(quiet, &loc, "unknown-task", "this entry names no task: write the task's id (序号)");
			return -1;
		}
	}
	if (c[C_DATE].len != 10 || cached_date(dc, c[C_DATE].s, &e->date) < 0) {
		/* not a day of the month before as written: trimmed, then parsed */
		v = trim_cell(&c[C_DATE], &n);
		if (n == 10 && cached_date(dc, v, &e->date) == 0) {
			/* the same, written with blanks around */
		} else if (date_parse(v, n, &e->date, err, sizeof err, &pos) < 0) {
			loc = tsv_cell_loc(t, &c[C_DATE]);
			loc.off += (size_t)(v - c[C_DATE].s) + pos;
			reject(quiet, &loc, "bad-date", "'%.*s': %s", (int)c[C_DATE].len, c[C_DATE].s, err);
			return -1;
		} else if (n == 10) {
			cache_month(dc, v, e->date);
		}
	}
	e->ev = event_parse_line(c[C_EVENT].s, c[C_EVENT].len);
	if (e->ev == EV_NONE) {
		v = trim_cell(&c[C_EVENT], &n);
		e->ev = event_parse_line(v, n);
	}
	if (e->ev == EV_NONE) {
		loc = tsv_cell_loc(t, &c[C_EVENT]);
		reject(quiet, &loc, "unknown-event",
		        "event '%.*s' is not one of formed, changed, issued, received, approved, published, "
		        "done, held, planned, progress (or 形成, 变更, 出台, 收到, 批复, 公开, 完成, 开展, 计划, 进展)",
		        (int)c[C_EVENT].len, c[C_EVENT].s);
		return -1;
	}
	e->pkind = PERIOD_NONE;
	e->pstart = 0;
	v = trim_cell(&c[C_PERIOD], &n);
	if (n && ledger_parse_period(scratch_copy(&sc[0], v, n), &e->pkind, &e->pstart) < 0) {
		loc = tsv_cell_loc(t, &c[C_PERIOD]);
		reject(quiet, &loc, "bad-period", "period '%s': write 2024, 2024-H1, 2024-Q3 or 2024-07", sc[0].buf);
		return -1;
	}
	const struct rule *ru = &p->tasks[e->task].rule;
	v = trim_cell(&c[C_ITEM], &n);
	if (ru->kind == RULE_WITHIN && (e->ev & (ru->starts | EV_PUBLISHED)) && !n) {
		loc = tsv_cell_loc(t, c[C_ITEM].present ? &c[C_ITEM] : &c[C_EVENT]);
		reject(quiet, &loc, "missing-item",
		        "task %s is counted per item: a '%s' entry must name the item (信息名称), "
		        "e.g. the document's title or number",
		        p->tasks[e->task].id, event_name(e->ev));
		return -1;
	}
	e->item_raw = (char *)v; /* in the reader's buffer: not NUL-terminated */
	e->item_raw_len = n;
	e->item_len = text_fold(v, n, scratch_reserve(&sc[1], n));
	e->item = sc[1].buf;
	e->line = NULL;
	e->linelen = 0;
	if (check) {
		/* for `check`'s carets; not owned (the caller copies what it keeps) */
		struct diag_loc at = tsv_cell_loc(t, &c[C_TASK]);
		const struct tsv_cell *fc[4] = { &c[C_TASK], &c[C_DATE], &c[C_EVENT], &c[C_ITEM] };
		e->line = (char *)at.line;
		e->linelen = at.linelen;
		for (int k = 0; k < 4; k++) {
			/* a field on a later physical line (after a quoted newline) points at the line's start */
			struct diag_loc fl = tsv_cell_loc(t, fc[k]);
			int same = fc[k]->present && fl.lineno == at.lineno;
			e->off[k] = same ? fl.off : 0;
			e->len[k] = same ? fl.len : 0;
		}
	}
	return 0;
}

int
ledger_scan(struct plan *p, const char *path, const struct ledger_opts *o, int *dept, ledger_fn fn, void *arg)
{
	struct tsv *t;
	struct tsv_rec r;
	struct scratch sc[2] = { { NULL, 0 }, { NULL, 0 } }; /* messages and periods; the folded item */
	struct datecache dc = { "", 0, 0, 0 };
	size_t seq = 0;
	int rc = 0, stop = 0;

	*dept = -1;
	if (!(t = tsv_open(path, o->enc)))
		return -1;
	/* the reports use the first five columns; section, evidence and note are
	 * only looked at by `check` (a column a read does not ask for costs nothing) */
	if (tsv_header(t, ledger_cols, o->check ? LC_COUNT : LC_SECTION) < 0) {
		tsv_close(t);
		return -1;
	}
	if ((*dept = resolve_department(p, t, path, o->quiet_through > 0)) < 0) {
		tsv_close(t);
		return -2;
	}
	tsv_borrow_cells(t); /* parse_entry reads cells as (s, len) */
	/* the callback learns the department first and may decline the file */
	if (!fn || !(stop = fn(arg, NULL))) {
		while ((rc = tsv_next(t, &r)) > 0) {
			struct entry e;
			if (parse_entry(p, t, &r, &e, sc, &dc, o->check, r.lineno <= o->quiet_through) < 0)
				continue;
			e.seq = seq++;
			if (fn && (stop = fn(arg, &e)))
				break;
		}
	}
	tsv_close(t);
	for (int i = 0; i < 2; i++)
		free(sc[i].buf);
	return stop ? -3 : rc < 0 ? -1 : 0;
}

char *
ledger_file_department(const char *path, enum tsv_enc enc)
{
	struct tsv *t;
	char *name;

	diag_mute(1);
	t = tsv_open(path, enc);
	if (t)
		(void)tsv_header(t, NULL, 0);
	diag_mute(0);
	if (!t)
		return NULL;
	name = department_name(t, path);
	tsv_close(t);
	return name;
}

int
ledger_department(struct plan *p, const char *path, const struct ledger_opts *o)
{
	struct tsv *t;
	int d = -1;
	if (o->quiet_through > 0)
		diag_mute(1);
	if ((t = tsv_open(path, o->enc))) {
		if (tsv_header(t, ledger_cols, sizeof ledger_cols / sizeof ledger_cols[0]) == 0)
			d = resolve_department(p, t, path, o->quiet_through > 0);
		tsv_close(t);
	}
	if (o->quiet_through > 0)
		diag_mute(0);
	return d;
}

/* Keeps a copy of each entry in the ledger. */
static int
store(void *arg, const struct entry *e)
{
	struct ledger *l = arg;
	if (!e)
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->e = xrealloc(l->e, l->cap * sizeof *l->e);
	}
	struct entry *c = &l->e[l->n];
	*c = *e;
	c->item = xstrdup(e->item);
	c->item_raw = xstrndup(e->item_raw, e->item_raw_len);
	c->line = l->keep_lines && e->line ? xstrndup(e->line, e->linelen) : NULL;
	if (!c->line)
		c->linelen = 0;
	if (l->n && l->e[l->n - 1].date > e->date)
		l->sorted = 0;
	l->n++;
	return 0;
}

int
ledger_read(struct ledger *l, struct plan *p, const char *path, const struct ledger_opts *o)
{
	memset(l, 0, sizeof *l);
	l->path = xstrdup(path);
	l->sorted = 1;
	l->keep_lines = o->check;
	int rc = ledger_scan(p, path, o, &l->dept, store, l);
	if (!l->sorted)
		qsort(l->e, l->n, sizeof *l->e, cmp_entry);
	return rc;
}

void
ledger_free(struct ledger *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->e[i].item);
		free(l->e[i].item_raw);
		free(l->e[i].line);
	}
	free(l->e);
	free(l->path);
	memset(l, 0, sizeof *l);
}
