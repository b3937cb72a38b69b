/* cal — layered holiday calendars and working-day arithmetic by table lookup. */
#include "cal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* The table spans every day a day_t may hold: 1900-01-01 .. 2199-12-31 as day
 * numbers (constants, since every lookup uses them; cal_build checks them). */
#define T0 ((day_t)-25567)
#define T1 ((day_t)84005)

struct override {
	day_t         day;
	enum cal_kind kind;
	const char   *name;  /* static (built-in) or owned by names[] */
	size_t        seq;   /* order added: a later layer wins */
};

static struct override *ov;      /* every override of every layer, then merged */
static size_t nov, capov;
static char **names;             /* names copied from calendar files */
static size_t nnames, capnames;
static struct { day_t a, b; } *cov;
static size_t ncov, capcov;

/* Built tables, indexed by day - T0. */
static int32_t *cum;     /* working days in [T0, day] */
static int32_t *uncov;   /* uncovered days in [T0, day] */
static day_t   *wday;    /* wday[k]: the k-th working day (k >= 1) from T0 */
static int32_t  nwork;
static int      built;

static void
add_override(day_t d, enum cal_kind kind, const char *name)
{
	if (nov == capov) {
		capov = capov ? capov * 2 : 256;
		ov = xrealloc(ov, capov * sizeof *ov);
	}
	ov[nov] = (struct override){ d, kind, name, nov };
	nov++;
	built = 0;
}

void
cal_cover(day_t from, day_t to)
{
	if (ncov == capcov) {
		capcov = capcov ? capcov * 2 : 8;
		cov = xrealloc(cov, capcov * sizeof *cov);
	}
	cov[ncov].a = from;
	cov[ncov].b = to;
	ncov++;
	built = 0;
}

static day_t
from_ymd_int(int ymd)
{
	return date_from_ymd(ymd / 10000, ymd / 100 % 100, ymd % 100);
}

void
cal_free(void)
{
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	free(ov);
	free(cov);
	free(cum);
	free(uncov);
	free(wday);
	names = NULL;
	ov = NULL;
	cov = NULL;
	cum = uncov = NULL;
	wday = NULL;
	nnames = capnames = nov = capov = ncov = capcov = 0;
	built = 0;
}

void
cal_init(void)
{
	cal_free();
	for (size_t i = 0; i < cal_builtin_ndays; i++)
		if (cal_builtin_days[i].kind != CAL_NONE)
			add_override(from_ymd_int(cal_builtin_days[i].ymd), cal_builtin_days[i].kind,
			             cal_builtin_days[i].name);
	cal_cover(from_ymd_int(cal_builtin_covers[0]), from_ymd_int(cal_builtin_covers[1]));
}

void
cal_set(day_t d, enum cal_kind kind, const char *name)
{
	const char *copy = NULL;
	if (name) {
		if (nnames == capnames) {
			capnames = capnames ? capnames * 2 : 16;
			names = xrealloc(names, capnames * sizeof *names);
		}
		copy = names[nnames++] = xstrdup(name);
	}
	add_override(d, kind, copy);
}

static int
cmp_override(const void *pa, const void *pb)
{
	const struct override *a = pa, *b = pb;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Sorts overrides by day and keeps, for each day, the one added last. */
static void
merge_overrides(void)
{
	size_t k = 0;
	qsort(ov, nov, sizeof *ov, cmp_override);
	for (size_t i = 0; i < nov; i++) {
		if (k > 0 && ov[k - 1].day == ov[i].day)
			ov[k - 1] = ov[i];
		else
			ov[k++] = ov[i];
	}
	nov = k;
}

static const struct override *
find_override(day_t d)
{
	size_t lo = 0, hi = nov;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ov[mid].day < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nov && ov[lo].day == d ? &ov[lo] : NULL;
}

void
cal_build(void)
{
	day_t t0 = T0, t1 = T1;
	if (t0 != date_from_ymd(DATE_MIN_YEAR, 1, 1) || t1 != date_from_ymd(DATE_MAX_YEAR, 12, 31))
		diag_fatal("internal error: the calendar's range does not match DATE_MIN_YEAR..DATE_MAX_YEAR");
	size_t ndays = (size_t)(t1 - t0 + 1);
	uint8_t *work = xcalloc(ndays, 1), *covered = xcalloc(ndays, 1);

	merge_overrides();
	for (size_t i = 0; i < ndays; i++)
		work[i] = date_weekday(t0 + (day_t)i) < WD_SAT;
	for (size_t i = 0; i < nov; i++)
		if (ov[i].day >= t0 && ov[i].day <= t1)
			work[ov[i].day - t0] = ov[i].kind == CAL_WORK;
	for (size_t i = 0; i < ncov; i++)
		for (day_t d = cov[i].a < t0 ? t0 : cov[i].a; d <= cov[i].b && d <= t1; d++)
			covered[d - t0] = 1;

	free(cum);
	free(uncov);
	free(wday);
	cum = xmalloc(ndays * sizeof *cum);
	uncov = xmalloc(ndays * sizeof *uncov);
	int32_t c = 0, u = 0;
	for (size_t i = 0; i < ndays; i++) {
		c += work[i];
		u += !covered[i];
		cum[i] = c;
		uncov[i] = u;
	}
	nwork = c;
	wday = xmalloc(((size_t)nwork + 1) * sizeof *wday);
	wday[0] = t0 - 1;
	for (size_t i = 0, k = 1; i < ndays; i++)
		if (work[i])
			wday[k++] = t0 + (day_t)i;
	free(work);
	free(covered);
	built = 1;
}

static void
need_built(void)
{
	if (!built)
		cal_build();
}

/* Clamps d into the table; days outside are treated as the table's ends. */
static size_t
idx(day_t d)
{
	day_t t0 = T0, t1 = T1;
	if (d < t0)
		d = t0;
	if (d > t1)
		d = t1;
	return (size_t)(d - t0);
}

int
cal_is_workday(day_t d)
{
	need_built();
	size_t i = idx(d);
	return i == 0 ? cum[0] : cum[i] - cum[i - 1];
}

long
cal_workdays(day_t a, day_t b)
{
	need_built();
	return (long)cum[idx(b)] - (long)cum[idx(a)];
}

day_t
cal_due(day_t d, long n)
{
	need_built();
	if (n == 0)
		return d;
	long at = cum[idx(d)];
	long k = n > 0 ? at + n : at - cal_is_workday(d) + n + 1;
	if (k < 1)
		k = 1;
	if (k > nwork)
		k = nwork;
	return wday[k];
}

enum cal_kind
cal_kind_of(day_t d, const char **name)
{
	need_built();
	const struct override *o = find_override(d);
	if (name)
		*name = o ? o->name : NULL;
	return o ? o->kind : CAL_NONE;
}

int
cal_covered(day_t d)
{
	return cal_covered_range(d, d);
}

int
cal_covered_range(day_t a, day_t b)
{
	need_built();
	if (a > b) {
		day_t t = a;
		a = b;
		b = t;
	}
	if (a < T0 || b > T1)
		return 0;
	size_t ia = idx(a), ib = idx(b);
	int32_t before = ia ? uncov[ia - 1] : 0;
	return uncov[ib] - before == 0;
}

void
cal_coverage(day_t *first, day_t *last)
{
	day_t lo = 0, hi = 0;
	for (size_t i = 0; i < ncov; i++) {
		if (i == 0 || cov[i].a < lo)
			lo = cov[i].a;
		if (i == 0 || cov[i].b > hi)
			hi = cov[i].b;
	}
	*first = lo;
	*last = hi;
}

/* A calendar file: date, kind (off|work), name; `# covers: A..B`. */
int
cal_add_file(const char *path, enum tsv_enc enc)
{
	static const struct tsv_col cols[] = {
		{ "date", "日期", 1 },
		{ "kind", "类型", 1 },
		{ "name", "名称", 0 },
	};
	struct tsv *t = tsv_open(path, enc);
	struct tsv_rec r;
	struct diag_loc loc;
	int rc;

	if (!t)
		return -1;
	if (tsv_header(t, cols, 3) < 0) {
		tsv_close(t);
		return -1;
	}
	const char *covers = tsv_meta(t, "covers", &loc);
	if (covers) {
		const char *dots = strstr(covers, "..");
		day_t a, b;
		char err[128];
		if (!dots || date_parse(covers, (size_t)(dots - covers), &a, err, sizeof err, NULL) < 0 ||
		    date_parse(dots + 2, strlen(dots + 2), &b, err, sizeof err, NULL) < 0 || b < a)
			diag_at(DIAG_ERROR, &loc, "bad-covers", "cannot read covers '%s': write YYYY-MM-DD..YYYY-MM-DD",
			        covers);
		else
			cal_cover(a, b);
	}
	while ((rc = tsv_next(t, &r)) > 0) {
		const struct tsv_cell *cd = &r.cell[0], *ck = &r.cell[1], *cn = &r.cell[2];
		day_t d;
		char err[128];
		size_t pos = 0;
		if (date_parse(cd->s, cd->len, &d, err, sizeof err, &pos) < 0) {
			loc = tsv_cell_loc(t, cd);
			diag_at(DIAG_ERROR, &loc, "bad-date", "%s", err);
			continue;
		}
		enum cal_kind k = strcmp(ck->s, "off") == 0 || strcmp(ck->s, "休") == 0   ? CAL_OFF
		                  : strcmp(ck->s, "work") == 0 || strcmp(ck->s, "班") == 0 ? CAL_WORK
		                                                                           : CAL_NONE;
		if (k == CAL_NONE) {
			loc = tsv_cell_loc(t, ck);
			diag_at(DIAG_ERROR, &loc, "bad-kind", "calendar kind '%s' is neither 'off' nor 'work'", ck->s);
			continue;
		}
		cal_set(d, k, cn->len ? cn->s : NULL);
	}
	tsv_close(t);
	return rc < 0 ? -1 : 0;
}
