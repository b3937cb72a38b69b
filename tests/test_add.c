/* Tests for `add` (SPEC §6, §7): validation before writing, the ledger's own
 * encoding, line ends and columns, creation of a new ledger, concurrent
 * writers, and failed writes that must leave the ledger byte-identical. Each
 * test works on a copy of tests/cli/ws_add in a temporary folder. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "append.h"
#include "cmd.h"
#include "diag.h"
#include "testutil.h"

Suite *add_suite(void);

#define FIXTURE "tests/cli/ws_add"
#define LEDGER  "建设局.tsv"

/* ---- helpers ---- */

static char *
ws_make(void)
{
	char tmpl[] = "/tmp/gkadd.XXXXXX", cmd[256];
	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	snprintf(cmd, sizeof cmd, "cp -r " FIXTURE "/. '%s'", tmpl);
	ck_assert_int_eq(system(cmd), 0);
	return strdup(tmpl);
}

static void
ws_rm(char *dir)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "chmod -R u+w '%s' 2>/dev/null; rm -rf '%s'", dir, dir);
	(void)system(cmd);
	free(dir);
}

static char *
path_in(const char *dir, const char *rel)
{
	size_t n = strlen(dir) + strlen(rel) + 2;
	char *p = malloc(n);
	snprintf(p, n, "%s/%s", dir, rel);
	return p;
}

/* The bytes of a file (NUL-terminated for convenience); NULL when absent. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, r;
	if (!fp)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			cap = (n + 4096 + 1) * 2;
			buf = realloc(buf, cap);
		}
		r = fread(buf + n, 1, 4096, fp);
		n += r;
	} while (r > 0);
	fclose(fp);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static void
spew(const char *path, const char *buf, size_t n)
{
	FILE *fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(buf, 1, n, fp), n);
	ck_assert_int_eq(fclose(fp), 0);
}

/* An `add` run: the arguments and options, and what it printed. */
struct run {
	const char *args[6];
	const char *section, *evidence, *period;
	const char *asof;
	char       *out, *err;   /* captured standard output and error */
	int         rc;
};

/* Runs cmd_add in this process with standard output and error captured. */
static int
run_add(const char *dir, struct run *r)
{
	struct opts o;
	char *argv[6];
	char outp[] = "/tmp/gkadd.out.XXXXXX", errp[] = "/tmp/gkadd.err.XXXXXX";
	int fo = mkstemp(outp), fe = mkstemp(errp), so, se, n = 0;

	ck_assert(fo >= 0 && fe >= 0);
	memset(&o, 0, sizeof o);
	o.dir = dir;
	o.soon = 5;
	o.stale = 90;
	o.out.format = OUT_TABLE;
	ck_assert_int_eq(cmd_date_arg(r->asof ? r->asof : "2023-12-31", &o.asof), 0);
	o.asof_given = 1;
	o.section = r->section;
	o.evidence = r->evidence;
	o.period = r->period;
	for (; n < 6 && r->args[n]; n++)
		argv[n] = (char *)r->args[n];
	o.args = argv;
	o.nargs = n;

	fflush(stdout);
	fflush(stderr);
	so = dup(1);
	se = dup(2);
	dup2(fo, 1);
	dup2(fe, 2);
	r->rc = cmd_add(&o);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	close(fo);
	close(fe);
	free(r->out);
	free(r->err);
	r->out = slurp(outp, NULL);
	r->err = slurp(errp, NULL);
	unlink(outp);
	unlink(errp);
	return r->rc;
}

static void
run_free(struct run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

/* Converts UTF-8 text with iconv, as a test oracle independent of the program's writer. */
static char *
conv(const char *to, const char *s, size_t n, size_t *outlen)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	size_t cap = 4 * n + 16, left = cap, inleft = n;
	char *out = malloc(cap), *op = out, *ip = (char *)s;

	ck_assert(cd != (iconv_t)-1);
	ck_assert(iconv(cd, &ip, &inleft, &op, &left) != (size_t)-1);
	iconv_close(cd);
	*outlen = (size_t)(op - out);
	return out;
}

/* Number of entries in a folder (hidden ones included), to see that nothing was left behind. */
static int
count_dir(const char *path)
{
	DIR *dp = opendir(path);
	struct dirent *de;
	int n = 0;
	if (!dp)
		return -1;
	while ((de = readdir(dp)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(dp);
	return n;
}

/* ---- encodings, line ends, columns ---- */

static const struct enc_case {
	const char *name;
	const char *iconv;   /* target encoding of the file */
	const char *bom;     /* bytes before the text */
	size_t      bomlen;
	const char *eol;
	int         final;   /* the file ends with a line end */
	const char *header;  /* column order */
	const char *want;    /* the new line, UTF-8, without line end */
} ecases[] = {
	{ "utf-8", "UTF-8", "", 0, "\n", 1, "task\tdate\tevent\titem\tperiod\tsection\tevidence\tnote",
	  "1\t2023-08-20\t公开\t建设计划\t\t\t\t按时公开" },
	{ "utf-8 bom crlf", "UTF-8", "\xEF\xBB\xBF", 3, "\r\n", 1, "任务\t日期\t事项\t信息名称\t备注",
	  "1\t2023-08-20\t公开\t建设计划\t按时公开" },
	{ "utf-8 no final newline", "UTF-8", "", 0, "\n", 0, "任务\t日期\t事项\t信息名称\t备注",
	  "1\t2023-08-20\t公开\t建设计划\t按时公开" },
	{ "utf-8 crlf no final newline", "UTF-8", "", 0, "\r\n", 0, "任务\t日期\t事项\t信息名称\t备注",
	  "1\t2023-08-20\t公开\t建设计划\t按时公开" },
	{ "gb18030", "GB18030", "", 0, "\n", 1, "任务\t日期\t事项\t信息名称\t备注",
	  "1\t2023-08-20\t公开\t建设计划\t按时公开" },
	{ "gb18030 crlf, own column order, unknown column, no final newline", "GB18030", "", 0, "\r\n", 0,
	  "事项\t备注\t任务\t负责人\t日期\t信息名称", "公开\t按时公开\t1\t\t2023-08-20\t建设计划" },
	{ "utf-16le bom crlf", "UTF-16LE", "\xFF\xFE", 2, "\r\n", 1, "任务\t日期\t事项\t信息名称\t备注",
	  "1\t2023-08-20\t公开\t建设计划\t按时公开" },
	{ "utf-16be bom lf no final newline", "UTF-16BE", "\xFE\xFF", 2, "\n", 0, "任务\t日期\t事项\t信息名称\t备注",
	  "1\t2023-08-20\t公开\t建设计划\t按时公开" },
};

/* A row of the old ledger in the column order of the header. */
static void
old_row(char *buf, size_t sz, const char *header)
{
	/* the header names come from a fixed set: map each to its value */
	static const char *const names[][2] = {
		{ "task", "1" }, { "任务", "1" }, { "date", "2023-08-01" }, { "日期", "2023-08-01" },
		{ "event", "形成" }, { "事项", "形成" }, { "item", "建设计划" }, { "信息名称", "建设计划" },
		{ "note", "初稿" }, { "备注", "初稿" },
	};
	char *h = strdup(header), *save = NULL;
	buf[0] = '\0';
	int first = 1;
	for (char *f = strtok_r(h, "\t", &save); f; f = strtok_r(NULL, "\t", &save)) {
		const char *v = "";
		for (size_t i = 0; i < NELEM(names); i++)
			if (strcmp(names[i][0], f) == 0)
				v = names[i][1];
		if (!first)
			strncat(buf, "\t", sz - strlen(buf) - 1);
		strncat(buf, v, sz - strlen(buf) - 1);
		first = 0;
	}
	free(h);
}

START_TEST(test_encoding)
{
	const struct enc_case *c = &ecases[_i];
	char *dir = ws_make(), *ledger = path_in(dir, "ledgers/" LEDGER);
	char text[1024], row[256], *old, *want, *got;
	size_t oldn, wantn, gotn, n;
	struct run r = { .args = { "建设局", "1", "2023-08-20", "公开", "建设计划", "按时公开" } };

	old_row(row, sizeof row, c->header);
	snprintf(text, sizeof text, "# department: 建设局%s%s%s%s%s", c->eol, c->header, c->eol, row,
	         c->final ? c->eol : "");
	char *body = conv(c->iconv, text, strlen(text), &n);
	old = malloc(c->bomlen + n);
	memcpy(old, c->bom, c->bomlen);
	memcpy(old + c->bomlen, body, n);
	oldn = c->bomlen + n;
	free(body);
	spew(ledger, old, oldn);

	ck_assert_msg(run_add(dir, &r) == 0, "%s: %s", c->name, r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "on time"));

	/* the expected file: the old bytes, a line end if it had none, the new line */
	snprintf(text, sizeof text, "%s%s%s", c->final ? "" : c->eol, c->want, c->eol);
	char *tail = conv(c->iconv, text, strlen(text), &n);
	want = malloc(oldn + n);
	memcpy(want, old, oldn);
	memcpy(want + oldn, tail, n);
	wantn = oldn + n;
	free(tail);
	got = slurp(ledger, &gotn);
	ck_assert_msg(gotn == wantn && memcmp(got, want, wantn) == 0, "%s: the ledger is not as expected", c->name);

	free(old);
	free(want);
	free(got);
	free(ledger);
	run_free(&r);
	ws_rm(dir);
}
END_TEST

/* ---- creation ---- */

START_TEST(test_create)
{
	char *dir = ws_make(), *ledger = path_in(dir, "ledgers/教育和体育事业中心.tsv");
	char *ldir = path_in(dir, "ledgers");
	struct run r = { .args = { "教体中心", "4", "2023-10-20", "done" }, .section = "综合科", .period = "2023Q3" };
	const char *want = "# department: 教育和体育事业中心\n"
	                   "task\tdate\tevent\titem\tperiod\tsection\tevidence\tnote\n"
	                   "4\t2023-10-20\tdone\t\t2023-Q3\t综合科\t\t\n";

	ck_assert_int_eq(run_add(dir, &r), 0);
	char *got = slurp(ledger, NULL);
	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	ck_assert_ptr_nonnull(strstr(r.out, "completes the obligation of 2023-Q3, due 2023-09-30: 12 working days late"));
	ck_assert_int_eq(count_dir(ldir), 3); /* no temporary file left behind */
	free(got);
	run_free(&r);
	free(ledger);
	free(ldir);
	ws_rm(dir);
}
END_TEST

START_TEST(test_create_folder)
{
	char *dir = ws_make(), *ldir = path_in(dir, "ledgers"), cmd[300];
	struct run r = { .args = { "建设局", "6", "2023-12-01", "progress" } };

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", ldir);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(run_add(dir, &r), 0);
	char *p = path_in(dir, "ledgers/" LEDGER), *got = slurp(p, NULL);
	ck_assert_ptr_nonnull(got);
	ck_assert_ptr_nonnull(strstr(got, "# department: 建设局\n"));
	ck_assert_ptr_nonnull(strstr(got, "\n6\t2023-12-01\tprogress\t\t\t\t\t\n"));
	free(got);
	free(p);
	free(ldir);
	run_free(&r);
	ws_rm(dir);
}
END_TEST

START_TEST(test_empty_file)
{
	char *dir = ws_make(), *ledger = path_in(dir, "ledgers/" LEDGER);
	struct run r = { .args = { "建设局", "6", "2023-12-01", "进展" } };

	spew(ledger, "", 0);
	ck_assert_int_eq(run_add(dir, &r), 0);
	char *got = slurp(ledger, NULL);
	ck_assert_str_eq(got, "# department: 建设局\ntask\tdate\tevent\titem\tperiod\tsection\tevidence\tnote\n"
	                      "6\t2023-12-01\t进展\t\t\t\t\t\n");
	free(got);
	free(ledger);
	run_free(&r);
	ws_rm(dir);
}
END_TEST

/* A field that starts with a quote is written Excel-quoted and reads back as typed. */
START_TEST(test_quoted)
{
	char *dir = ws_make(), *ledger = path_in(dir, "ledgers/" LEDGER);
	struct run r = { .args = { "建设局", "1", "2023-12-01", "formed", "\"一企一档\"功能" } };

	ck_assert_int_eq(run_add(dir, &r), 0);
	ck_assert_ptr_nonnull(strstr(r.out, "'\"一企一档\"功能' formed 2023-12-01: starts a clock"));
	char *got = slurp(ledger, NULL);
	ck_assert_ptr_nonnull(strstr(got, "\n1\t2023-12-01\tformed\t\"\"\"一企一档\"\"功能\"\t\t\t\t\n"));
	free(got);
	run_free(&r);
	/* the publication of the same item closes that clock */
	struct run r2 = { .args = { "建设局", "1", "2023-12-05", "published", "\"一企一档\"功能" } };
	ck_assert_int_eq(run_add(dir, &r2), 0);
	ck_assert_ptr_nonnull(strstr(r2.out, "completes the obligation started 2023-12-01 (formed)"));
	run_free(&r2);
	free(ledger);
	ws_rm(dir);
}
END_TEST

/* Items match after folding (SPEC §5.1): full-width letters, runs of blanks. */
START_TEST(test_item_folding)
{
	char *dir = ws_make();
	struct run r = { .args = { "建设局", "1", "2023-11-28", "formed", "ＡＢＣ  项目" }, .asof = "2023-12-01" };
	struct run r2 = { .args = { "建设局", "1", "2023-11-30", "公开", "ABC 项目" }, .asof = "2023-12-01" };

	ck_assert_int_eq(run_add(dir, &r), 0);
	ck_assert_int_eq(run_add(dir, &r2), 0);
	ck_assert_str_eq(r2.out, "建设局 task 1: 'ABC 项目' published 2023-11-30: completes the obligation started "
	                         "2023-11-28 (formed), due 2023-12-26: on time\n");
	ck_assert_str_eq(r2.err, "");
	run_free(&r);
	run_free(&r2);
	ws_rm(dir);
}
END_TEST

/* Without departments.tsv the departments are those of the task table and the
 * ledgers: a name that is neither is refused (a typo must not create a ledger). */
START_TEST(test_no_registry)
{
	char *dir = ws_make(), *reg = path_in(dir, "departments.tsv"), *ldir = path_in(dir, "ledgers");
	char *other = path_in(dir, "ledgers/档案馆.tsv");
	struct run r = { .args = { "建设局", "6", "2023-12-01", "progress" } };

	ck_assert_int_eq(unlink(reg), 0);
	ck_assert_int_eq(run_add(dir, &r), 0);
	run_free(&r);

	struct run r2 = { .args = { "档案馆", "2", "2023-10-20", "done" } };
	ck_assert_int_eq(run_add(dir, &r2), 2);
	ck_assert_ptr_nonnull(strstr(r2.err, "[unknown-department]"));
	ck_assert_int_eq(count_dir(ldir), 2);
	run_free(&r2);

	/* once it has a ledger it is a department; task 2 names every department */
	spew(other, "task\tdate\tevent\n", strlen("task\tdate\tevent\n"));
	ck_assert_msg(run_add(dir, &r2) == 0, "%s", r2.err);
	ck_assert_str_eq(r2.out, "档案馆 task 2: done 2023-10-20: completes the obligation due 2023-10-31: on time\n");
	char *got = slurp(other, NULL);
	ck_assert_str_eq(got, "task\tdate\tevent\n2\t2023-10-20\tdone\n");
	free(got);
	run_free(&r2);
	free(reg);
	free(ldir);
	free(other);
	ws_rm(dir);
}
END_TEST

/* ---- rejections: exit 2, every ledger unchanged, the reason named ---- */

static const struct rej_case {
	struct run  r;
	const char *code, *names;  /* "[code]" and the argument named in the message */
} rcases[] = {
	{ { .args = { "建设局", "99", "2023-12-01", "done" } }, "[unknown-task]", "TASK '99'" },
	{ { .args = { "建筑局", "2", "2023-12-01", "done" } }, "[unknown-department]", "DEPT '建筑局'" },
	{ { .args = { "行业主管部门", "4", "2023-12-01", "done" } }, "[unknown-department]", "is a group" },
	{ { .args = { "教育和体育事业中心", "6", "2023-12-01", "progress" } }, "[not-responsible]", "not responsible for task 6" },
	{ { .args = { "建设局", "2", "2024-01-02", "done" } }, "[after-as-of]", "DATE 2024-01-02" },
	{ { .args = { "建设局", "2", "2023-02-30", "done" } }, "[bad-date]", "DATE '2023-02-30'" },
	{ { .args = { "建设局", "2", "2023-12-01", "finished" } }, "[unknown-event]", "EVENT 'finished'" },
	{ { .args = { "建设局", "2", "2023-12-01", "held" } }, "[event-mismatch]", "EVENT 'held'" },
	{ { .args = { "建设局", "1", "2023-12-01", "done", "X" } }, "[event-mismatch]", "use formed, changed, published" },
	{ { .args = { "建设局", "1", "2023-12-01", "formed" } }, "[missing-item]", "ITEM" },
	{ { .args = { "建设局", "9", "2023-12-01", "出台", "  " } }, "[missing-item]", "ITEM" },
	{ { .args = { "建设局", "4", "2023-12-01", "done" }, .period = "2023-Q5" }, "[bad-period]", "--period '2023-Q5'" },
	{ { .args = { "财政金融局", "1", "2023-12-01", "formed", "方案" } }, "[missing-column]", "no 'item' column" },
	{ { .args = { "财政金融局", "5", "2023-12-01", "held" }, .period = "2023-H2" }, "[missing-column]", "no 'period' column" },
	{ { .args = { "建设局", "6", "2023-12-01", "progress", "", "a\tb" } }, "[bad-field]", "NOTE" },
	{ { .args = { "建设局", "6", "2023-12-01", "progress", "a\nb" } }, "[bad-field]", "ITEM" },
	{ { .args = { "建设局", "6", "2023-12-01", "progress" }, .section = "a\rb" }, "[bad-field]", "--section" },
	{ { .args = { "建设局", "6", "2023-12-01", "progress", "\xBD\xA8\xC9\xE8" } }, "[bad-field]", "not UTF-8" },
};

START_TEST(test_reject)
{
	const struct rej_case *c = &rcases[_i];
	struct run r = c->r;
	char *dir = ws_make(), *a = path_in(dir, "ledgers/" LEDGER), *b = path_in(dir, "ledgers/财政金融局.tsv");
	char *ldir = path_in(dir, "ledgers");
	size_t an, bn, an2, bn2;
	char *a0 = slurp(a, &an), *b0 = slurp(b, &bn);

	r.out = r.err = NULL;
	ck_assert_int_eq(run_add(dir, &r), 2);
	ck_assert_msg(strstr(r.err, c->code) && strstr(r.err, c->names), "case %d: %s", _i, r.err);
	ck_assert_str_eq(r.out, "");
	char *a1 = slurp(a, &an2), *b1 = slurp(b, &bn2);
	ck_assert(an == an2 && memcmp(a0, a1, an) == 0);
	ck_assert(bn == bn2 && memcmp(b0, b1, bn) == 0);
	ck_assert_int_eq(count_dir(ldir), 2);
	free(a0);
	free(a1);
	free(b0);
	free(b1);
	free(a);
	free(b);
	free(ldir);
	run_free(&r);
	ws_rm(dir);
}
END_TEST

/* ---- failed writes leave the ledger byte-identical ---- */

/* Runs one add in a child under RLIMIT_FSIZE = limit; returns its exit status. */
static int
add_with_fsize(const char *dir, rlim_t limit, const struct run *tmpl, char **err)
{
	int pfd[2], st;
	pid_t pid;

	/* errors go to a pipe: a file would itself be cut short by the size limit */
	ck_assert_int_eq(pipe(pfd), 0);

	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == 0) {
		struct rlimit rl = { limit, limit };
		struct run r = *tmpl;
		int fo = open("/dev/null", O_WRONLY);
		dup2(fo, 1);
		dup2(pfd[1], 2);
		close(pfd[0]);
		if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
			_exit(99);
		struct opts o;
		char *argv[6];
		int n = 0;
		memset(&o, 0, sizeof o);
		o.dir = dir;
		o.soon = 5;
		o.stale = 90;
		o.out.format = OUT_TABLE;
		cmd_date_arg("2023-12-31", &o.asof);
		o.asof_given = 1;
		for (; n < 6 && r.args[n]; n++)
			argv[n] = (char *)r.args[n];
		o.args = argv;
		o.nargs = n;
		int rc = cmd_add(&o);
		fflush(stdout);
		fflush(stderr);
		_exit(rc);
	}
	ck_assert(pid > 0);
	close(pfd[1]);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	*err = calloc(1, 65536);
	for (size_t n = 0, r; (r = (size_t)read(pfd[0], *err + n, 65535 - n)) > 0 && r != (size_t)-1;)
		n += r;
	close(pfd[0]);
	ck_assert_msg(WIFEXITED(st), "the child was killed by signal %d", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	return WEXITSTATUS(st);
}

START_TEST(test_fsize_limit)
{
	char *dir = ws_make(), *ledger = path_in(dir, "ledgers/" LEDGER), *err;
	size_t n0, n1;
	char *before = slurp(ledger, &n0);
	const struct run r = { .args = { "建设局", "6", "2023-12-01", "progress", "", "一条很长的备注：文件大小限制" } };

	/* at the limit: the write fails outright (EFBIG, not SIGXFSZ) */
	ck_assert_int_eq(add_with_fsize(dir, (rlim_t)n0, &r, &err), 2);
	ck_assert_msg(strstr(err, strerror(EFBIG)) && strstr(err, LEDGER), "%s", err);
	free(err);
	char *after = slurp(ledger, &n1);
	ck_assert(n0 == n1 && memcmp(before, after, n0) == 0);
	free(after);

	/* room for a few bytes: a short write, undone by truncation */
	ck_assert_int_eq(add_with_fsize(dir, (rlim_t)n0 + 10, &r, &err), 2);
	ck_assert_msg(strstr(err, strerror(EFBIG)), "%s", err);
	free(err);
	after = slurp(ledger, &n1);
	ck_assert(n0 == n1 && memcmp(before, after, n0) == 0);
	free(after);

	/* a new ledger that does not fit is not created, and nothing is left behind */
	char *ldir = path_in(dir, "ledgers"), *newp = path_in(dir, "ledgers/教育和体育事业中心.tsv");
	const struct run r2 = { .args = { "教育和体育事业中心", "4", "2023-10-20", "done" } };
	ck_assert_int_eq(add_with_fsize(dir, 20, &r2, &err), 2);
	ck_assert_msg(strstr(err, strerror(EFBIG)), "%s", err);
	free(err);
	ck_assert_int_eq(access(newp, F_OK), -1);
	ck_assert_int_eq(count_dir(ldir), 2);

	free(ldir);
	free(newp);
	free(before);
	free(ledger);
	ws_rm(dir);
}
END_TEST

/* write(2) stand-ins: a disk that fills after a few bytes, and one that is full. */
static int fake_calls;
static ssize_t
fake_short_then_full(int fd, const void *buf, size_t n)
{
	if (fake_calls++ == 0 && n > 7)
		return write(fd, buf, 7);
	errno = ENOSPC;
	return -1;
}
static ssize_t
fake_io_error(int fd, const void *buf, size_t n)
{
	(void)fd;
	(void)buf;
	(void)n;
	errno = EIO;
	return -1;
}

START_TEST(test_disk_full)
{
	char *dir = ws_make(), *ledger = path_in(dir, "ledgers/" LEDGER);
	size_t n0, n1;
	char *before = slurp(ledger, &n0), *after;
	struct run r = { .args = { "建设局", "6", "2023-12-01", "progress", "", "磁盘已满" } };

	fake_calls = 0;
	append_set_write(fake_short_then_full);
	ck_assert_int_eq(run_add(dir, &r), 2);
	append_set_write(NULL);
	ck_assert_msg(strstr(r.err, strerror(ENOSPC)) && strstr(r.err, LEDGER) && strstr(r.err, "as it was"), "%s",
	              r.err);
	after = slurp(ledger, &n1);
	ck_assert(n0 == n1 && memcmp(before, after, n0) == 0);
	free(after);

	append_set_write(fake_io_error);
	ck_assert_int_eq(run_add(dir, &r), 2);
	append_set_write(NULL);
	ck_assert_ptr_nonnull(strstr(r.err, strerror(EIO)));
	after = slurp(ledger, &n1);
	ck_assert(n0 == n1 && memcmp(before, after, n0) == 0);
	free(after);

	/* and the same entry goes in once the disk has room again */
	ck_assert_int_eq(run_add(dir, &r), 0);
	after = slurp(ledger, &n1);
	ck_assert_uint_eq(n1, n0 + strlen("6\t2023-12-01\tprogress\t\t\t\t\t磁盘已满\n"));
	free(after);

	run_free(&r);
	free(before);
	free(ledger);
	ws_rm(dir);
}
END_TEST

/* A read-only ledger: chmod 0444 for an ordinary user. Root writes through
 * permissions, so as root the file is made immutable instead (chattr +i),
 * where the file system allows it; else the variant is skipped with a note. */
START_TEST(test_read_only)
{
	char *dir = ws_make(), *ledger = path_in(dir, "ledgers/" LEDGER);
	size_t n0, n1;
	char *before = slurp(ledger, &n0);
	struct run r = { .args = { "建设局", "6", "2023-12-01", "progress" } };
	int immutable = 0, fd = -1, flags = 0;
	const char *want;

	if (geteuid() != 0) {
		ck_assert_int_eq(chmod(ledger, 0444), 0);
		want = strerror(EACCES);
	} else {
		fd = open(ledger, O_RDONLY);
		ck_assert(fd >= 0);
		if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0) {
			int f = flags | FS_IMMUTABLE_FL;
			immutable = ioctl(fd, FS_IOC_SETFLAGS, &f) == 0;
		}
		if (!immutable) {
			printf("test_add: read-only ledger: skipped (running as root, and this file system cannot make a "
			       "file immutable); RLIMIT_FSIZE and the full-disk cases cover failed writes\n");
			close(fd);
			free(before);
			free(ledger);
			ws_rm(dir);
			return;
		}
		want = strerror(EPERM);
	}
	ck_assert_int_eq(run_add(dir, &r), 2);
	if (immutable) {
		ioctl(fd, FS_IOC_SETFLAGS, &flags);
		close(fd);
	}
	ck_assert_msg(strstr(r.err, want) && strstr(r.err, LEDGER), "%s", r.err);
	char *after = slurp(ledger, &n1);
	ck_assert(n0 == n1 && memcmp(before, after, n0) == 0);
	free(after);
	run_free(&r);
	free(before);
	free(ledger);
	ws_rm(dir);
}
END_TEST

/* ---- concurrency ---- */

#define WRITERS 8
#define EACH    100

START_TEST(test_concurrent)
{
	char *dir = ws_make(), *ledger = path_in(dir, "ledgers/" LEDGER);
	pid_t pids[WRITERS];
	size_t n0;
	char *before = slurp(ledger, &n0);

	fflush(stdout);
	fflush(stderr);
	for (int w = 0; w < WRITERS; w++) {
		if ((pids[w] = fork()) == 0) {
			int fo = open("/dev/null", O_WRONLY), bad = 0;
			dup2(fo, 1);
			dup2(fo, 2);
			for (int k = 0; k < EACH; k++) {
				char note[32];
				struct run r = { .args = { "建设局", "6", "2023-12-20", "progress", "", note } };
				struct opts o;
				char *argv[6];
				snprintf(note, sizeof note, "w%d-%03d", w, k);
				memset(&o, 0, sizeof o);
				o.dir = dir;
				o.soon = 5;
				o.stale = 90;
				o.out.format = OUT_TABLE;
				cmd_date_arg("2023-12-31", &o.asof);
				o.asof_given = 1;
				for (int i = 0; i < 6; i++)
					argv[i] = (char *)r.args[i];
				o.args = argv;
				o.nargs = 6;
				bad += cmd_add(&o) != 0;
			}
			fflush(stdout);
			_exit(bad > 255 ? 255 : bad);
		}
		ck_assert(pids[w] > 0);
	}
	for (int w = 0; w < WRITERS; w++) {
		int st;
		ck_assert_int_eq(waitpid(pids[w], &st, 0), pids[w]);
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer %d failed %d adds", w, WEXITSTATUS(st));
	}

	size_t n1;
	char *after = slurp(ledger, &n1);
	static char seen[WRITERS][EACH];
	memset(seen, 0, sizeof seen);
	ck_assert(n1 > n0 && memcmp(before, after, n0) == 0); /* the old lines untouched */
	int lines = 0, last[WRITERS];
	for (int w = 0; w < WRITERS; w++)
		last[w] = -1;
	for (char *p = after + n0; *p;) {
		char *nl = strchr(p, '\n');
		int w, k, used = 0;
		ck_assert_msg(nl, "the last line has no line end");
		*nl = '\0';
		ck_assert_msg(sscanf(p, "6\t2023-12-20\tprogress\t\t\t\t\tw%d-%3d%n", &w, &k, &used) == 2 &&
		                  (size_t)used == strlen(p) && w >= 0 && w < WRITERS && k >= 0 && k < EACH,
		              "a broken line: %s", p);
		ck_assert_msg(!seen[w][k], "w%d-%03d twice", w, k);
		ck_assert_msg(k > last[w], "w%d-%03d after w%d-%03d", w, k, w, last[w]);
		seen[w][k] = 1;
		last[w] = k;
		lines++;
		p = nl + 1;
	}
	ck_assert_int_eq(lines, WRITERS * EACH);
	free(after);
	free(before);
	free(ledger);
	ws_rm(dir);
}
END_TEST

/* While another process holds the ledger's lock, add waits and writes nothing. */
START_TEST(test_waits_for_lock)
{
	char *dir = ws_make(), *ledger = path_in(dir, "ledgers/" LEDGER);
	int fd = open(ledger, O_RDONLY), st;
	size_t n0, n1;
	char *before = slurp(ledger, &n0), *after;
	pid_t pid;

	ck_assert_int_eq(flock(fd, LOCK_EX), 0);
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == 0) {
		int fo = open("/dev/null", O_WRONLY);
		struct opts o;
		char *argv[4] = { "建设局", "6", "2023-12-01", "progress" };
		dup2(fo, 1);
		dup2(fo, 2);
		memset(&o, 0, sizeof o);
		o.dir = dir;
		o.soon = 5;
		o.stale = 90;
		o.out.format = OUT_TABLE;
		cmd_date_arg("2023-12-31", &o.asof);
		o.args = argv;
		o.nargs = 4;
		_exit(cmd_add(&o));
	}
	usleep(300 * 1000);
	after = slurp(ledger, &n1);
	ck_assert(n0 == n1 && memcmp(before, after, n0) == 0);
	free(after);
	ck_assert_int_eq(waitpid(pid, &st, WNOHANG), 0); /* still waiting */
	flock(fd, LOCK_UN);
	close(fd);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	after = slurp(ledger, &n1);
	ck_assert_uint_gt(n1, n0);
	free(after);
	free(before);
	free(ledger);
	ws_rm(dir);
}
END_TEST

/* ---- what the entry did ---- */

static const struct said_case {
	struct run  r;
	const char *says;
} scases[] = {
	{ { .args = { "建设局", "1", "2023-10-10", "published", "2023年保障性安居工程建设计划" } },
	  "建设局 task 1: '2023年保障性安居工程建设计划' published 2023-10-10: completes the obligation started "
	  "2023-08-01 (formed), due 2023-08-29: 26 working days late\n" },
	{ { .args = { "住建局", "1", "2023-10-20", "公开", "住房租赁补贴申领条件" } },
	  "建设局 task 1: '住房租赁补贴申领条件' published 2023-10-20: completes the obligation started 2023-09-20 "
	  "(formed), due 2023-10-24: on time\n" },
	{ { .args = { "建设局", "1", "2023-11-28", "formed", "新计划" }, .asof = "2023-12-01" },
	  "建设局 task 1: '新计划' formed 2023-11-28: starts a clock: due 2023-12-26\n" },
	{ { .args = { "建设局", "3", "2023-11-20", "held", "第三次培训" } },
	  "建设局 task 3: '第三次培训' held 2023-11-20: held 3 of 3 by 2023-12-31: completes the obligation, on time\n" },
	{ { .args = { "建设局", "3", "2023-09-28", "开展" }, .asof = "2023-10-01" },
	  "建设局 task 3: held 2023-09-28: held 2 of 3 by 2023-12-31\n" },
	{ { .args = { "建设局", "4", "2023-12-15", "done" } },
	  "建设局 task 4: done 2023-12-15: completes the obligation of 2023-Q4, due 2023-12-31: on time\n" },
	{ { .args = { "建设局", "7", "2023-12-01", "done" } },
	  "建设局 task 7: done 2023-12-01: completes the obligation due 2023-12-31: on time\n" },
	{ { .args = { "财金局", "5", "2023-11-01", "held" } },
	  "财政金融局 task 5: held 2023-11-01: held 1 of 1 in 2023-H2 (due 2023-12-31): completes the obligation, on "
	  "time\n" },
	{ { .args = { "建设局", "2", "2023-11-03", "done" } },
	  "建设局 task 2: done 2023-11-03: completes the obligation due 2023-10-31: 3 working days late\n" },
	{ { .args = { "建设局", "6", "2023-12-20", "progress" } },
	  "建设局 task 6: progress 2023-12-20: records activity on an ongoing task: ongoing (last entry 2023-12-20)\n" },
	{ { .args = { "建设局", "1", "2023-11-28", "formed", "ＡＢＣ  项目" }, .asof = "2023-12-01" },
	  "建设局 task 1: 'ＡＢＣ  项目' formed 2023-11-28: starts a clock: due 2023-12-26\n" },
	{ { .args = { "建设局", "1", "2023-09-25", "published", "住房租赁补贴申领条件" } },
	  "建设局 task 1: '住房租赁补贴申领条件' published 2023-09-25: completes the obligation started 2023-09-20 "
	  "(formed), due 2023-10-24: on time\n" },
	{ { .args = { "建设局", "6", "today", "进展" } },
	  "建设局 task 6: progress 2023-12-31: records activity on an ongoing task: ongoing (last entry 2023-12-31)\n" },
	{ { .args = { "建设局", "2", "2023-10-01", "planned" } },
	  "建设局 task 2: planned 2023-10-01: records the planned completion date (the task is due 2023-10-31)\n" },
};

START_TEST(test_says)
{
	char *dir = ws_make();
	struct run r = scases[_i].r;

	r.out = r.err = NULL;
	ck_assert_msg(run_add(dir, &r) == 0, "%s", r.err);
	ck_assert_str_eq(r.out, scases[_i].says);
	run_free(&r);
	ws_rm(dir);
}
END_TEST

Suite *add_suite(void)
{
	Suite *s = suite_create("add");
	TCase *tc = tcase_create("add");
	TCase *conc = tcase_create("concurrent");

	tcase_add_loop_test(tc, test_encoding, 0, NELEM(ecases));
	tcase_add_test(tc, test_create);
	tcase_add_test(tc, test_create_folder);
	tcase_add_test(tc, test_empty_file);
	tcase_add_test(tc, test_quoted);
	tcase_add_test(tc, test_no_registry);
	tcase_add_test(tc, test_item_folding);
	tcase_add_loop_test(tc, test_reject, 0, NELEM(rcases));
	tcase_add_test(tc, test_fsize_limit);
	tcase_add_test(tc, test_disk_full);
	tcase_add_test(tc, test_read_only);
	tcase_add_loop_test(tc, test_says, 0, NELEM(scases));
	suite_add_tcase(s, tc);
	tcase_set_timeout(conc, 300);
	tcase_add_test(conc, test_concurrent);
	tcase_add_test(conc, test_waits_for_lock);
	suite_add_tcase(s, conc);
	return s;
}
