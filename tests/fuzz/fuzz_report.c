/* fuzz_report — the ledger-to-report path: a task table, a ledger, and
 * optionally departments.tsv and calendar.tsv, written to a workspace in a
 * per-process temporary folder; then plan_load, the streaming engine
 * (oblig_run) and the in-memory one (oblig_compute) over it, which must agree
 * row for row; the rows through the output writers into a memory stream; and
 * one command (`check`, a report, `explain` or `tasks`) on the workspace.
 *
 * Input: four flag bytes, then the parts separated by NUL bytes (the reader
 * refuses NUL, so no part needs one):
 *     tasks.tsv \0 ledgers/a.tsv [\0 departments.tsv [\0 calendar.tsv]]
 *   byte 0: bits 0-1 output format (table, csv, tsv, json), bit 2 --excel,
 *           bit 3 colour, bit 4 a 40-column terminal, bit 5 --roll,
 *           bit 6 --lang zh, bit 7 --strict
 *   byte 1: bits 0-2 the command (check, check -o json, status, overdue,
 *           summary, score, explain, tasks), bits 3-4 the as-of date,
 *           bit 5 --soon 0, bit 6 --stale 0, bit 7 two threads (oblig_run with
 *           two sinks, merged; GKLEDGER_THREADS=2 for the command)
 *   byte 2: summary --by (bits 0-1), score --month 2023-09 (bit 0),
 *           explain's department (index modulo their count)
 *   byte 3: explain's task (index modulo their count) */
#include "fuzz.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cal.h"
#include "cmd.h"
#include "oblig.h"
#include "out.h"
#include "plan.h"

static char dir[64], tasks_path[96], ledger_dir[96], ledger_path[96], depts_path[96], cal_path[96];

static void
cleanup(void)
{
	unlink(tasks_path);
	unlink(ledger_path);
	unlink(depts_path);
	unlink(cal_path);
	rmdir(ledger_dir);
	rmdir(dir);
}

static void
setup(void)
{
	const char *tmp = getenv("TMPDIR");

	if (dir[0])
		return;
	snprintf(dir, sizeof dir, "%s/gkfuzz.XXXXXX", tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	if (!mkdtemp(dir))
		abort();
	snprintf(tasks_path, sizeof tasks_path, "%s/tasks.tsv", dir);
	snprintf(ledger_dir, sizeof ledger_dir, "%s/ledgers", dir);
	snprintf(ledger_path, sizeof ledger_path, "%s/ledgers/a.tsv", dir);
	snprintf(depts_path, sizeof depts_path, "%s/departments.tsv", dir);
	snprintf(cal_path, sizeof cal_path, "%s/calendar.tsv", dir);
	if (mkdir(ledger_dir, 0700) != 0)
		abort();
	atexit(cleanup);
}

/* Writes data[0..n) to path, or removes path when data is NULL. */
static void
put(const char *path, const uint8_t *data, size_t n)
{
	FILE *fp;

	if (!data) {
		if (unlink(path) != 0 && errno != ENOENT)
			abort();
		return;
	}
	if (!(fp = fopen(path, "wb")))
		abort();
	if (n && fwrite(data, 1, n, fp) != n)
		abort();
	if (fclose(fp) != 0)
		abort();
}

/* The next NUL-terminated part of the input, or NULL when there is none. */
static const uint8_t *
part(const uint8_t **data, size_t *size, size_t *len)
{
	const uint8_t *p = *data, *nul;

	if (!p)
		return NULL;
	nul = memchr(p, '\0', *size);
	*len = nul ? (size_t)(nul - p) : *size;
	if (nul) {
		*data = nul + 1;
		*size -= *len + 1;
	} else {
		*data = NULL;
		*size = 0;
	}
	return p;
}

static int
same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* The streaming and the in-memory engine give the same rows. */
static void
compare(const struct oblig_set *a, const struct oblig_set *b)
{
	FUZZ_ASSERT(a->n == b->n);
	FUZZ_ASSERT(a->provisional == b->provisional);
	for (size_t i = 0; i < a->n; i++) {
		const struct oblig *x = &a->v[i], *y = &b->v[i];
		FUZZ_ASSERT(x->dept == y->dept && x->task == y->task);
		FUZZ_ASSERT(same_str(x->item, y->item) && same_str(x->key, y->key));
		FUZZ_ASSERT(x->has_start == y->has_start && (!x->has_start || x->start == y->start));
		FUZZ_ASSERT(x->pkind == y->pkind);
		FUZZ_ASSERT(x->has_due == y->has_due && (!x->has_due || x->due == y->due));
		FUZZ_ASSERT(x->has_done == y->has_done && (!x->has_done || x->done == y->done));
		FUZZ_ASSERT(x->status == y->status);
		FUZZ_ASSERT(x->late_wd == y->late_wd && x->late_days == y->late_days);
		FUZZ_ASSERT(x->provisional == y->provisional);
		FUZZ_ASSERT(x->src_line == y->src_line);
		FUZZ_ASSERT(x->count == y->count);
	}
}

static const struct out_col cols[] = {
	{ "department", "部门", OUT_STR, 0 }, { "task", "任务", OUT_STR, 0 },
	{ "item", "信息名称", OUT_STR, 1 },   { "period", "期间", OUT_STR, 0 },
	{ "start", "起算日", OUT_STR, 0 },    { "due", "时限", OUT_STR, 0 },
	{ "done", "完成", OUT_STR, 0 },       { "status", "状态", OUT_STR, 0 },
	{ "late_wd", "逾期工作日", OUT_INT, 0 }, { "late_days", "逾期天数", OUT_INT, 0 },
	{ "rule", "规则", OUT_STR, 1 },
};

/* The rows as `status` prints them, into a memory stream. */
static void
write_rows(const struct plan *p, const struct oblig_set *s, const struct out_opts *oo)
{
	char *mem = NULL;
	size_t memlen = 0;
	FILE *fp = open_memstream(&mem, &memlen);
	struct out *w;

	if (!fp)
		abort();
	w = out_begin(fp, oo, cols, sizeof cols / sizeof cols[0]);
	for (size_t i = 0; i < s->n; i++) {
		const struct oblig *ob = &s->v[i];
		const struct task *t = &p->tasks[ob->task];
		char period[16] = "", start[DATE_BUFSZ] = "", due[DATE_BUFSZ] = "", done[DATE_BUFSZ] = "";
		char lwd[24], ld[24], rule[RULE_BUFSZ];

		FUZZ_ASSERT(ob->dept >= 0 && (size_t)ob->dept < p->ndepts);
		FUZZ_ASSERT(ob->task >= 0 && (size_t)ob->task < p->ntasks);
		FUZZ_ASSERT(ob->status < ST_COUNT);
		if (ob->pkind != PERIOD_NONE)
			ledger_format_period(ob->pkind, ob->start, period, sizeof period);
		if (ob->has_start)
			date_format(ob->start, start);
		if (ob->has_due)
			date_format(ob->due, due);
		if (ob->has_done)
			date_format(ob->done, done);
		snprintf(lwd, sizeof lwd, "%ld", ob->late_wd);
		snprintf(ld, sizeof ld, "%ld", ob->late_days);
		rule_format(&t->rule, rule, sizeof rule);
		const char *vals[] = { p->depts[ob->dept].name, t->id, ob->item ? ob->item : "", period, start, due,
			               done, oblig_status_name(ob->status), lwd, ld, rule };
		out_row(w, vals, (enum out_style)(i % 5));
	}
	FUZZ_ASSERT(out_end(w) == 0);
	fclose(fp);
	free(mem);
}

static const char *const asofs[] = { "2023-12-31", "2023-08-15", "2024-07-01", "2023-01-05" };
static const char *const bys[] = { "dept", "task", "area", "month" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *pt, *pl, *pd, *pc;
	size_t lt = 0, ll = 0, ld = 0, lc = 0;
	unsigned f0, f1, f2, f3;
	char asof_text[16];
	day_t asof;
	struct plan p;
	struct ledger l;
	struct oblig_set s1, s2, s3;
	struct oblig_sink sinks[2];
	size_t nsinks;
	struct oblig_opts oo;
	struct ledger_opts lo = { .enc = TSV_ENC_AUTO };
	struct opts o;
	char *files[1];
	char *args[2] = { NULL, NULL };

	fuzz_quiet();
	setup();
	if (size < 4)
		return 0;
	f0 = data[0];
	f1 = data[1];
	f2 = data[2];
	f3 = data[3];
	data += 4;
	size -= 4;
	pt = part(&data, &size, &lt);
	pl = part(&data, &size, &ll);
	pd = part(&data, &size, &ld);
	pc = part(&data, &size, &lc);
	put(tasks_path, pt, lt);
	put(ledger_path, pl, ll);
	put(depts_path, pd, ld);
	put(cal_path, pc, lc);

	snprintf(asof_text, sizeof asof_text, "%s", asofs[(f1 >> 3) & 3]);
	char err[128];
	if (date_parse(asof_text, strlen(asof_text), &asof, err, sizeof err, NULL) != 0)
		abort();
	oo.asof = asof;
	oo.soon = f1 & 32 ? 0 : 5;
	oo.stale = f1 & 64 ? 0 : 90;
	oo.roll = !!(f0 & 32);
	diag_set_strict(!!(f0 & 128));

	/* the engine, streaming and in memory */
	cal_init();
	if (pc)
		(void)cal_add_file(cal_path, TSV_ENC_AUTO);
	cal_build();
	(void)plan_load(&p, tasks_path, pd ? depts_path : NULL, TSV_ENC_AUTO);
	memset(&s1, 0, sizeof s1);
	memset(&s2, 0, sizeof s2);
	memset(&s3, 0, sizeof s3);
	nsinks = f1 & 128 ? 2 : 1;
	sinks[0] = oblig_set_sink(&s1);
	sinks[1] = oblig_set_sink(&s3);
	files[0] = ledger_path;
	(void)oblig_run(&p, files, NULL, 1, &lo, &oo, sinks, nsinks);
	oblig_set_merge(&s1, &s3);
	(void)ledger_read(&l, &p, ledger_path, &lo);
	oblig_compute(&s2, &p, &l, 1, &oo);
	oblig_sort(&s1, &p, f0 & 1);
	oblig_sort(&s2, &p, f0 & 1);
	compare(&s1, &s2);
	struct out_opts out = { (enum out_format)(f0 & 3), f0 & 64 ? LANG_ZH : LANG_EN, !!(f0 & 8), !!(f0 & 4),
		                f0 & 16 ? 40 : 0 };
	write_rows(&p, &s1, &out);
	oblig_free(&s1);
	oblig_free(&s2);
	oblig_free(&s3);
	ledger_free(&l);

	/* one command, as main would run it */
	memset(&o, 0, sizeof o);
	o.dir = dir;
	o.asof = asof;
	o.asof_given = 1;
	o.soon = oo.soon;
	o.soon_given = 1;
	o.stale = oo.stale;
	o.roll = oo.roll;
	o.strict = !!(f0 & 128);
	o.enc = TSV_ENC_AUTO;
	o.out = out;
	o.format_given = 1;
	setenv("GKLEDGER_THREADS", nsinks == 2 ? "2" : "1", 1);
	diag_reset();
	switch (f1 & 7) {
	case 0:
		o.out.format = OUT_TABLE;
		(void)cmd_check(&o);
		break;
	case 1:
		o.out.format = OUT_JSON;
		(void)cmd_check(&o);
		break;
	case 2: (void)cmd_status(&o); break;
	case 3: (void)cmd_overdue(&o); break;
	case 4:
		o.by = bys[f2 & 3];
		(void)cmd_summary(&o);
		break;
	case 5:
		o.month = f2 & 1 ? "2023-09" : NULL;
		(void)cmd_score(&o);
		break;
	case 6:
		if (p.ndepts && p.ntasks) {
			args[0] = p.depts[f2 % p.ndepts].name;
			args[1] = p.tasks[f3 % p.ntasks].id;
			o.args = args;
			o.nargs = 2;
			o.out.format = f0 & 1 ? OUT_JSON : OUT_TABLE;
			(void)cmd_explain(&o);
		}
		break;
	default:
		(void)cmd_tasks(&o);
		break;
	}
	fflush(stdout);
	plan_free(&p);
	diag_set_strict(0);
	diag_set_json(0);
	diag_reset();
	return 0;
}
