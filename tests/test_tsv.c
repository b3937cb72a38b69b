/* Tests for the TSV reader and the decoder in front of it (SPEC §2, §7): every case is read
 * from memory and from a file, with the default and with tiny internal buffers. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decode.h"
#include "diag.h"
#include "testutil.h"
#include "tsv.h"

extern Suite *tsv_suite(void);

enum { C_TASK, C_DATE, C_EVENT, C_NOTE, NCOLS };

static const struct tsv_col cols[NCOLS] = {
	{ "task", "任务|序号", 1 },
	{ "date", "日期", 1 },
	{ "event", " 事项 | 事件 ", 0 }, /* blanks around aliases are ignored */
	{ "note", "备注", 0 },
};

/* Buffer sizes every table case is read with; 0 is the default. */
static const size_t bufsizes[] = { 0, 1, 2, 3, 4, 5, 7, 13, 64 };

/* Appends s[0..n) to o with line ends and tabs shown as \n, \r, \t. */
static void
put_escaped(FILE *o, const char *s, size_t n)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		const char *esc = s[i] == '\n' ? "\\n" : s[i] == '\r' ? "\\r" : s[i] == '\t' ? "\\t" : NULL;
		if (!esc)
			continue;
		fwrite(s + run, 1, i - run, o);
		fputs(esc, o);
		run = i + 1;
	}
	fwrite(s + run, 1, n - run, o);
}

/* Appends the diagnostics in d, without the file name: " D<line>:<col>:<code>"
 * for a problem in the file (line 0 for the whole file), " G:<message>" for a
 * "gkledger: " message. Caret excerpts are skipped. */
static void
put_diags(FILE *o, const char *d, const char *name)
{
	size_t nlen = strlen(name);

	while (*d) {
		const char *eol = strchr(d, '\n'), *code;
		size_t len = eol ? (size_t)(eol - d) : strlen(d);

		if (strncmp(d, "gkledger: ", 10) == 0) {
			const char *m = d + 10;
			size_t mlen = len - 10;
			if (strncmp(m, name, nlen) == 0) { /* the path differs between runs */
				m += nlen;
				mlen -= nlen;
				fputs(" G:PATH", o);
			} else
				fputs(" G:", o);
			fwrite(m, 1, mlen, o);
		} else if (strncmp(d, name, nlen) == 0 && d[nlen] == ':') {
			long line = 0, col = 0;
			sscanf(d + nlen + 1, "%ld:%ld:", &line, &col);
			code = NULL;
			for (const char *p = d; p < d + len; p++)
				if (*p == '[')
					code = p + 1;
			fprintf(o, " D%ld:%ld:", line, col);
			if (code)
				fwrite(code, 1, (size_t)(d + len - 1 - code), o);
		}
		d += len + (eol != NULL);
	}
}

/* When set, describe borrows the cells (tsv_borrow_cells) and writes every
 * cell's place ("line:off+rawlen/linelen") to it. */
static FILE *borrow_places;

/* Reads all of t (and closes it) and describes what came out:
 * "H<tsv_header result>", each record as " LINE/NFIELDS:task|date|event|note"
 * (~ for an absent cell), " E<last tsv_next result>", then the diagnostics. */
static char *
describe(struct tsv *t, const char *name)
{
	char *dbuf = NULL, *obuf = NULL;
	size_t dlen = 0, olen = 0;
	FILE *dfp = open_memstream(&dbuf, &dlen), *o = open_memstream(&obuf, &olen);
	struct tsv_rec rec;
	int h, r, cells_ok = 1;

	diag_reset();
	diag_set_stream(dfp);
	if (!t) {
		fputs("NULL", o);
	} else {
		h = tsv_header(t, cols, NCOLS);
		fprintf(o, "H%d", h);
		if (h == 0 && borrow_places)
			tsv_borrow_cells(t);
		if (h == 0) {
			while ((r = tsv_next(t, &rec)) == 1) {
				fprintf(o, " %ld/%zu:", rec.lineno, rec.nfields);
				for (size_t k = 0; k < NCOLS; k++) {
					const struct tsv_cell *c = &rec.cell[k];
					if (borrow_places) {
						struct diag_loc at = tsv_cell_loc(t, c);
						fprintf(borrow_places, "%ld:%zu+%zu/%zu ", at.lineno, at.off, at.len, at.linelen);
					}
					if (k)
						fputc('|', o);
					/* Checked without ck_assert, which logs every call. */
					if (!c->present) {
						cells_ok &= c->s[0] == '\0' && c->len == 0;
						fputc('~', o);
						continue;
					}
					/* a borrowed cell need not end in NUL, but holds none */
					cells_ok &= borrow_places ? memchr(c->s, '\0', c->len) == NULL : strlen(c->s) == c->len;
					put_escaped(o, c->s, c->len);
				}
			}
			fprintf(o, " E%d", r);
			ck_assert_msg(cells_ok, "a cell's s and len disagree");
			ck_assert_int_eq(tsv_next(t, &rec), r); /* stays at its end */
		}
		tsv_close(t);
	}
	fflush(dfp);
	diag_set_stream(NULL);
	put_diags(o, dbuf, name);
	fclose(dfp);
	fclose(o);
	free(dbuf);
	return obuf;
}

/* A temporary file holding s[0..n); its path is written into path (32 bytes). */
static void
temp_file(char *path, const char *s, size_t n)
{
	int fd;

	strcpy(path, "/tmp/gk_tsvtest_XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, s, n), (ssize_t)n);
	close(fd);
}

/* Reads s[0..n) from memory and from a file with every buffer size; all must
 * describe the same. Returns the description (to free). */
static char *
read_every_way(const char *s, size_t n, enum tsv_enc enc)
{
	char path[32], *first = NULL;

	temp_file(path, s, n);
	for (size_t b = 0; b < NELEM(bufsizes); b++) {
		char *m, *f;

		tsv_set_bufsize(bufsizes[b]);
		m = describe(tsv_open_mem("mem.tsv", s, n, enc), "mem.tsv");
		f = describe(tsv_open(path, enc), path);
		ck_assert_msg(strcmp(m, f) == 0, "memory and file differ (buffer %zu):\n%s\n%s",
		              bufsizes[b], m, f);
		if (!first)
			first = m;
		else {
			ck_assert_msg(strcmp(first, m) == 0, "buffer %zu differs:\n%s\n%s", bufsizes[b], first, m);
			free(m);
		}
		free(f);
		/* borrowed cells (the ledger reports, the one-pass split): the same
		 * values, and every cell in the same place as a copying read's */
		char *pa = NULL, *pb = NULL;
		size_t la = 0, lb = 0;
		borrow_places = open_memstream(&pa, &la);
		m = describe(tsv_open_mem("mem.tsv", s, n, enc), "mem.tsv");
		fclose(borrow_places);
		borrow_places = NULL;
		ck_assert_msg(strcmp(first, m) == 0, "borrowed cells differ (buffer %zu):\n%s\n%s", bufsizes[b], first, m);
		free(m);
		/* the places of a copying read, through the same describe */
		FILE *fp = open_memstream(&pb, &lb);
		struct tsv *t = tsv_open_mem("mem.tsv", s, n, enc);
		struct tsv_rec rec;
		diag_mute(1);
		if (t && tsv_header(t, cols, NCOLS) == 0)
			while (tsv_next(t, &rec) == 1)
				for (size_t k = 0; k < NCOLS; k++)
					fprintf(fp, "%ld:%zu+%zu/%zu ", rec.cell[k].lineno, rec.cell[k].off, rec.cell[k].rawlen,
					        rec.cell[k].linelen);
		diag_mute(0);
		if (t)
			tsv_close(t);
		fclose(fp);
		ck_assert_msg(strcmp(pa, pb) == 0, "borrowed cells' places differ (buffer %zu):\n%s\n%s", bufsizes[b], pa, pb);
		free(pa);
		free(pb);
	}
	tsv_set_bufsize(0);
	unlink(path);
	return first;
}

/* Appends add[0..n) to the string s of *len bytes; returns it. */
static char *
append(char *s, size_t *len, const char *add, size_t n)
{
	s = realloc(s, *len + n + 1);
	memcpy(s + *len, add, n);
	*len += n;
	s[*len] = '\0';
	return s;
}

static char *
repeat(char *s, size_t *len, const char *unit, size_t times)
{
	size_t u = strlen(unit);

	s = realloc(s, *len + u * times + 1);
	for (size_t i = 0; i < times; i++)
		memcpy(s + *len + i * u, unit, u);
	*len += u * times;
	s[*len] = '\0';
	return s;
}

#define IN(s) s, sizeof(s) - 1

static const struct {
	const char  *in;
	size_t       len;
	enum tsv_enc enc;
	const char  *want;
} rcases[] = {
	/* 0: the plain case */
	{ IN("task\tdate\tevent\tnote\n1\t2023-01-01\tdone\tok\n"), TSV_ENC_AUTO,
	  "H0 2/4:1|2023-01-01|done|ok E0" },
	/* CRLF line ends; trailing empty fields are present and empty */
	{ IN("task\tdate\tevent\tnote\r\n1\t2023-01-01\tdone\tok\r\n2\t2023-01-02\t\t\r\n"), TSV_ENC_AUTO,
	  "H0 2/4:1|2023-01-01|done|ok 3/4:2|2023-01-02|| E0" },
	/* UTF-8 byte-order mark */
	{ IN("\xEF\xBB\xBFtask\tdate\n1\t2\n"), TSV_ENC_AUTO, "H0 2/2:1|2|~|~ E0" },
	{ IN("\xEF\xBB\xBFtask\tdate\n1\t2\n"), TSV_ENC_UTF8, "H0 2/2:1|2|~|~ E0" },
	/* comments, metadata, blank lines (spaces and tabs only count as blank) */
	{ IN("# title: x\n\n#c\ntask\tdate\n\n  \t \n# c\n\t\t\r\n1\t2\n"), TSV_ENC_AUTO, "H0 9/2:1|2|~|~ E0" },
	/* Chinese names, any column order */
	{ IN("日期\t备注\t序号\t事件\n2023-01-01\t好\t7\t完成\n"), TSV_ENC_AUTO, "H0 2/4:7|2023-01-01|完成|好 E0" },
	/* unknown and empty-named columns are ignored */
	{ IN("task\t\tfoo\tdate\n1\tx\ty\t2\n"), TSV_ENC_AUTO, "H0 2/4:1|2|~|~ E0" },
	/* header names: trimmed (U+3000 too), ASCII case, full-width forms */
	{ IN(" TASK \tＤａｔｅ\t　备注　\n1\t2\t3\n"), TSV_ENC_AUTO, "H0 2/3:1|2|~|3 E0" },
	/* values are not trimmed */
	{ IN("task\tdate\n 1 \t　2\n"), TSV_ENC_AUTO, "H0 2/2: 1 |　2|~|~ E0" },
	/* quoted fields: tabs, line ends, doubled quotes */
	{ IN("task\tdate\tnote\n1\t2\t\"a\tb\"\n2\t3\t\"x\ny\"\n3\t4\t\"say \"\"hi\"\"\"\n"), TSV_ENC_AUTO,
	  "H0 2/3:1|2|~|a\\tb 3/3:2|3|~|x\\ny 5/3:3|4|~|say \"hi\" E0" },
	/* CRLF inside quotes is kept as \n; an empty quoted field */
	{ IN("task\tdate\tnote\r\n1\t2\t\"x\r\ny\"\r\n4\t5\t\"\"\r\n"), TSV_ENC_AUTO,
	  "H0 2/3:1|2|~|x\\ny 4/3:4|5|~| E0" },
	/* text after the closing quote is appended (as Excel does) */
	{ IN("task\tdate\n\"ab\"c\t\"d\"e\"f\n"), TSV_ENC_AUTO, "H0 2/2:abc|de\"f|~|~ E0" },
	/* a quote that is not the field's first byte is text */
	{ IN("task\tdate\na\"b\t \"c\"\n"), TSV_ENC_AUTO, "H0 2/2:a\"b| \"c\"|~|~ E0" },
	/* quoted header names */
	{ IN("\"task\"\t\"da\"\"te\"\t\"date\"\n1\t2\t3\n"), TSV_ENC_AUTO, "H0 2/3:1|3|~|~ E0" },
	/* a quoted field holding blank and comment-like lines; the next record's line number */
	{ IN("task\tdate\tnote\n1\t\"x\n\n# no\ny\"\tz\n2\t3\n"), TSV_ENC_AUTO,
	  "H0 2/3:1|x\\n\\n# no\\ny|~|z 6/2:2|3|~|~ E0" },
	/* a record starting with a quoted field that spans lines */
	{ IN("task\tdate\n\"1\n2\"\t3\n"), TSV_ENC_AUTO, "H0 2/2:1\\n2|3|~|~ E0" },
	/* a known column named twice: error at the second, the first is used */
	{ IN("task\tdate\t任务\n1\t2\t3\n"), TSV_ENC_AUTO, "H0 2/3:1|2|~|~ E0 D1:11:duplicate-column" },
	/* missing required columns, each reported on the header line */
	{ IN("task\tnote\n1\tx\n"), TSV_ENC_AUTO, "H-1 D1:1:missing-column" },
	{ IN("# a: b\nnote\n1\n"), TSV_ENC_AUTO, "H-1 D2:1:missing-column D2:1:missing-column" },
	/* a quote that never closes: reported at its start, reading goes on with the next line */
	{ IN("task\tdate\n1\t\"abc\n2\t3\n"), TSV_ENC_AUTO, "H0 3/2:2|3|~|~ E0 D2:3:unterminated-quote" },
	{ IN("task\tdate\n1\t\""), TSV_ENC_AUTO, "H0 E0 D2:3:unterminated-quote" },
	{ IN("task\tdate\n1\t\"a\"\"\n"), TSV_ENC_AUTO, "H0 E0 D2:3:unterminated-quote" },
	/* short rows (absent cells) and long rows (extra fields counted) */
	{ IN("task\tdate\tnote\n1\n2\t3\t4\t5\t6\n"), TSV_ENC_AUTO, "H0 2/1:1|~|~|~ 3/5:2|3|~|4 E0" },
	/* no final line end */
	{ IN("task\tdate\n1\t2"), TSV_ENC_AUTO, "H0 2/2:1|2|~|~ E0" },
	{ IN("task\tdate\n1\t2\r"), TSV_ENC_AUTO, "H0 2/2:1|2|~|~ E0" },
	{ IN("task\tdate"), TSV_ENC_AUTO, "H0 E0" },
	/* LF and CRLF mixed; a lone CR is data */
	{ IN("task\tdate\r\n1\t2\n3\t4\r\n5\ta\rb\n"), TSV_ENC_AUTO,
	  "H0 2/2:1|2|~|~ 3/2:3|4|~|~ 4/2:5|a\\rb|~|~ E0" },
	/* empty file, comments only, BOM only, header only */
	{ IN(""), TSV_ENC_AUTO, "H-1 D0:0:no-header" },
	{ IN("# a: b\n\n#x\n"), TSV_ENC_AUTO, "H-1 D0:0:no-header" },
	{ IN("\xEF\xBB\xBF"), TSV_ENC_AUTO, "H-1 D0:0:no-header" },
	{ IN("\n\n \n"), TSV_ENC_UTF8, "H-1 D0:0:no-header" },
	{ IN("task\tdate\n"), TSV_ENC_AUTO, "H0 E0" },
	/* NUL bytes */
	{ IN("task\tdate\n1\t2\n3\t\0x\n"), TSV_ENC_AUTO, "H0 2/2:1|2|~|~ E-1 D3:3:nul-byte" },
	{ IN("task\0\tdate\n"), TSV_ENC_AUTO, "H-1 D1:5:nul-byte" },
	{ IN("task\tdate\n# \0\n"), TSV_ENC_AUTO, "H0 E-1 D2:3:nul-byte" },
	/* bad bytes: the records before are read, then reading stops at the byte */
	{ IN("task\tdate\n1\t2\n3\t\xff\n4\t5\n"), TSV_ENC_UTF8, "H0 2/2:1|2|~|~ E-1 D3:3:bad-encoding" },
	{ IN("task\tdate\n1\t中\xff\n"), TSV_ENC_UTF8, "H0 E-1 D2:4:bad-encoding" },
	{ IN("task\tdate\n1\t2\n\x80"), TSV_ENC_UTF8, "H0 2/2:1|2|~|~ E-1 D3:1:bad-encoding" },
	{ IN("\xC3(task\tdate\n"), TSV_ENC_UTF8, "H-1 D1:1:bad-encoding" },
	{ IN("task\tdate\n1\t\"a\n\xED\xA0\x80\"\n"), TSV_ENC_UTF8, "H0 E-1 D3:1:bad-encoding" },
	/* auto: cut inside a UTF-8 character at the end of a UTF-8 file */
	{ IN("task\tdate\n1\t中\xE6\x96"), TSV_ENC_AUTO, "H0 E-1 D2:4:bad-encoding" },
	/* auto: ASCII and a last pair that only looks like a cut UTF-8 character: GBK 浣 */
	{ IN("task\tdate\n1\t\xE4\xBD"), TSV_ENC_AUTO, "H0 2/2:1|浣|~|~ E0" },
	/* auto: GBK (任务 日期 中文) */
	{ IN("\xC8\xCE\xCE\xF1\t\xC8\xD5\xC6\xDA\n1\t\xD6\xD0\xCE\xC4\n"), TSV_ENC_AUTO, "H0 2/2:1|中文|~|~ E0" },
	/* GB18030: a byte that does not decode */
	{ IN("\xC8\xCE\xCE\xF1\t\xC8\xD5\xC6\xDA\n1\t\xD6\xD0\x81\x20\n"), TSV_ENC_AUTO, "H0 E-1 D2:4:bad-encoding" },
	{ IN("task\tdate\n1\t2\n3\t\xFF\n"), TSV_ENC_GB18030, "H0 2/2:1|2|~|~ E-1 D3:3:bad-encoding" },
	{ IN("task\tdate\n1\t2\xD6"), TSV_ENC_GB18030, "H0 E-1 D2:4:bad-encoding" },
	/* UTF-16 without a mark read as auto: NUL bytes */
	{ IN("t\0a\0s\0k\0\n\0"), TSV_ENC_AUTO, "H-1 D1:2:nul-byte" },
	/* UTF-16 problems: an odd last byte; a lone low surrogate; U+0000 */
	{ IN("\xFF\xFEt\0a\0s\0k\0\t\0d\0a\0t\0e\0\n\0" "1\0\t\0" "2\0x"), TSV_ENC_AUTO, "H0 E-1 D2:4:bad-encoding" },
	{ IN("\xFF\xFEt\0a\0s\0k\0\t\0d\0a\0t\0e\0\n\0" "1\0\t\0\x00\xDC\n\0"), TSV_ENC_AUTO, "H0 E-1 D2:3:bad-encoding" },
	{ IN("\xFE\xFF\0t\0a\0s\0k\0\t\0d\0a\0t\0e\0\n\0" "1\0\t\0\0\0\n"), TSV_ENC_AUTO, "H0 E-1 D2:3:nul-byte" },
	/* forced UTF-16 without a mark: little-endian, or big-endian when it starts 00 xx */
	{ IN("t\0a\0s\0k\0\t\0d\0a\0t\0e\0\n\0" "1\0\t\0" "2\0"), TSV_ENC_UTF16, "H0 2/2:1|2|~|~ E0" },
	{ IN("\0t\0a\0s\0k\0\t\0d\0a\0t\0e\0\n\0" "1\0\t\0" "2"), TSV_ENC_UTF16, "H0 2/2:1|2|~|~ E0" },
	/* forced UTF-8 on GBK: an error at the first Chinese byte */
	{ IN("task\tdate\n1\t\xD6\xD0\n"), TSV_ENC_UTF8, "H0 E-1 D2:3:bad-encoding" },
};

START_TEST(test_read)
{
	char *got = read_every_way(rcases[_i].in, rcases[_i].len, rcases[_i].enc);

	ck_assert_msg(strcmp(got, rcases[_i].want) == 0, "case %d:\n got  %s\n want %s", _i, got,
	              rcases[_i].want);
	free(got);
}
END_TEST

/* Random inputs made of the bytes that matter to the reader: every way of
 * reading one (memory, file, any buffer size) must describe it the same, and
 * nothing may crash or leak (run under ASan). */
START_TEST(test_random)
{
	static const char *const atoms[] = {
		"\t", "\n", "\r\n", "\r", "\"", "\"\"", "a", "1", "#", " ", "中", "　", "\xE4\xB8", "\xFF", "task",
		"date", "备注", "# k: v\n", "\t\t", "\n\n",
	};
	unsigned seed = (unsigned)_i * 2654435761u + 1;
	size_t len = 0;
	char *s = NULL, *got;
	int n;

	if (_i % 2 == 0)
		s = append(s, &len, "task\tdate\tnote\n", 15);
	n = (int)(rand_r(&seed) % 200);
	for (int k = 0; k < n; k++) {
		const char *a = atoms[rand_r(&seed) % NELEM(atoms)];
		s = append(s, &len, a, strlen(a));
	}
	if (!s)
		s = append(s, &len, "", 0);
	got = read_every_way(s, len, _i % 3 == 0 ? TSV_ENC_UTF8 : TSV_ENC_AUTO);
	free(got);
	free(s);
}
END_TEST

/* Converts UTF-8 s to encoding to; the result (to free) has *n bytes. */
static char *
conv(const char *to, const char *s, size_t *n)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	size_t inleft = strlen(s), cap = 4 * inleft + 16, outleft = cap;
	char *out = malloc(cap), *ip = (char *)s, *op = out;

	ck_assert(cd != (iconv_t)-1);
	ck_assert(iconv(cd, &ip, &inleft, &op, &outleft) != (size_t)-1);
	iconv_close(cd);
	*n = cap - outleft;
	return out;
}

static const char sample[] =
	"# title: 政务公开工作方案\n"
	"# year：2023\n"
	"任务\t日期\t事项\t备注\r\n"
	"1\t2023-08-04\t完成\t\"年底前，\"\"完成\"\"\"\r\n"
	"2\t2023年7月25日\t公开\t〔2023〕12号　ＡＢＣ €𠀀\r\n"
	"\r\n"
	"# 注释\r\n"
	"3\t2023/8/4\t开展\t\"第一行\r\n第二行\"\r\n";

static const char sample_want[] =
	"H0 4/4:1|2023-08-04|完成|年底前，\"完成\" 5/4:2|2023年7月25日|公开|〔2023〕12号　ＡＢＣ €𠀀 "
	"8/4:3|2023/8/4|开展|第一行\\n第二行 E0";

static const struct {
	const char  *to;     /* iconv name */
	const char  *mark;   /* bytes put in front */
	size_t       marklen;
	enum tsv_enc enc;    /* given to the reader */
	enum tsv_enc found;  /* tsv_encoding */
	int          bom, be;
} ecases[] = {
	{ "UTF-8", "", 0, TSV_ENC_AUTO, TSV_ENC_UTF8, 0, 0 },
	{ "UTF-8", "\xEF\xBB\xBF", 3, TSV_ENC_AUTO, TSV_ENC_UTF8, 1, 0 },
	{ "UTF-8", "\xEF\xBB\xBF", 3, TSV_ENC_UTF8, TSV_ENC_UTF8, 1, 0 },
	{ "GB18030", "", 0, TSV_ENC_AUTO, TSV_ENC_GB18030, 0, 0 },
	{ "GB18030", "", 0, TSV_ENC_GB18030, TSV_ENC_GB18030, 0, 0 },
	{ "GB18030", "\x84\x31\x95\x33", 4, TSV_ENC_AUTO, TSV_ENC_GB18030, 1, 0 },
	{ "UTF-16LE", "\xFF\xFE", 2, TSV_ENC_AUTO, TSV_ENC_UTF16, 1, 0 },
	{ "UTF-16BE", "\xFE\xFF", 2, TSV_ENC_AUTO, TSV_ENC_UTF16, 1, 1 },
	{ "UTF-16LE", "\xFF\xFE", 2, TSV_ENC_UTF16, TSV_ENC_UTF16, 1, 0 },
	{ "UTF-16LE", "", 0, TSV_ENC_UTF16, TSV_ENC_UTF16, 0, 0 },
	{ "UTF-16BE", "", 0, TSV_ENC_UTF16, TSV_ENC_UTF16, 0, 1 },
};

START_TEST(test_encodings)
{
	size_t n;
	char *body = conv(ecases[_i].to, sample, &n), *all = malloc(n + 4), *got;
	struct tsv *t;

	memcpy(all, ecases[_i].mark, ecases[_i].marklen);
	memcpy(all + ecases[_i].marklen, body, n);
	n += ecases[_i].marklen;
	got = read_every_way(all, n, ecases[_i].enc);
	ck_assert_msg(strcmp(got, sample_want) == 0, "%s:\n got  %s\n want %s", ecases[_i].to, got, sample_want);
	free(got);

	t = tsv_open_mem("mem.tsv", all, n, ecases[_i].enc);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(tsv_encoding(t), ecases[_i].found);
	ck_assert_int_eq(tsv_bom(t), ecases[_i].bom);
	ck_assert_int_eq(tsv_big_endian(t), ecases[_i].be);
	ck_assert_int_eq(tsv_header(t, cols, NCOLS), 0);
	ck_assert_int_eq(tsv_crlf(t), 0); /* the first line is a comment ending in LF */
	ck_assert_str_eq(tsv_meta(t, "title", NULL), "政务公开工作方案");
	ck_assert_str_eq(tsv_meta(t, "year", NULL), "2023");
	tsv_close(t);
	free(body);
	free(all);
}
END_TEST

/* The fixtures under tests/data/tsv/ hold one ledger in three encodings. */
START_TEST(test_fixtures)
{
	static const char *const files[] = {
		TESTDATA("tsv/ledger-utf8.tsv"), TESTDATA("tsv/ledger-gb18030.tsv"),
		TESTDATA("tsv/ledger-utf16le.tsv"),
	};
	static const enum tsv_enc found[] = { TSV_ENC_UTF8, TSV_ENC_GB18030, TSV_ENC_UTF16 };
	char *first = NULL;

	for (size_t i = 0; i < NELEM(files); i++) {
		struct tsv *t = tsv_open(files[i], TSV_ENC_AUTO);
		char *got;

		ck_assert_msg(t != NULL, "%s", files[i]);
		ck_assert_int_eq(tsv_encoding(t), found[i]);
		got = describe(t, files[i]);
		ck_assert_msg(strstr(got, " D") == NULL, "%s: %s", files[i], got);
		if (!first)
			first = got;
		else {
			ck_assert_str_eq(got, first);
			free(got);
		}
	}
	free(first);
}
END_TEST

/* Where each cell is, for diagnostics: line, offset and raw length in bytes. */
START_TEST(test_cell_places)
{
	static const char in[] = "# x\r\ntask\tdate\tnote\tevent\r\n\"a\r\nb\"\tx\t中文\r\n7\r\n";
	struct tsv *t = tsv_open_mem("mem.tsv", in, sizeof in - 1, TSV_ENC_AUTO);
	struct tsv_rec r;
	struct diag_loc loc;
	const struct tsv_cell *c;

	ck_assert_int_eq(tsv_header(t, cols, NCOLS), 0);
	ck_assert_int_eq(tsv_crlf(t), 1);
	ck_assert_uint_eq(tsv_header_count(t), 4);
	ck_assert_str_eq(tsv_header_name(t, 2), "note");
	ck_assert_ptr_null(tsv_header_name(t, 4));
	ck_assert_int_eq(tsv_col_pos(t, C_NOTE), 2);
	ck_assert_int_eq(tsv_col_pos(t, C_EVENT), 3);
	ck_assert_int_eq(tsv_has(t, C_DATE), 1);
	ck_assert_int_eq(tsv_has(t, 99), 0);

	ck_assert_int_eq(tsv_next(t, &r), 1);
	ck_assert_int_eq(r.lineno, 3);
	c = &r.cell[C_TASK]; /* "a\r\nb" quoted, from line 3 into line 4 */
	ck_assert_str_eq(c->s, "a\nb");
	ck_assert_int_eq(c->lineno, 3);
	ck_assert_uint_eq(c->linelen, 2);
	ck_assert_int_eq(memcmp(c->line, "\"a", 2), 0);
	ck_assert_uint_eq(c->off, 0);
	ck_assert_uint_eq(c->rawlen, 2);
	c = &r.cell[C_DATE];
	ck_assert_int_eq(c->lineno, 4);
	ck_assert_uint_eq(c->linelen, strlen("b\"\tx\t中文"));
	ck_assert_int_eq(memcmp(c->line, "b\"\tx\t中文", c->linelen), 0);
	ck_assert_uint_eq(c->off, 3);
	ck_assert_uint_eq(c->rawlen, 1);
	c = &r.cell[C_NOTE];
	ck_assert_str_eq(c->s, "中文");
	ck_assert_uint_eq(c->off, 5);
	ck_assert_uint_eq(c->rawlen, 6);
	loc = tsv_cell_loc(t, c);
	ck_assert_str_eq(loc.file, "mem.tsv");
	ck_assert_int_eq(loc.lineno, 4);
	ck_assert_uint_eq(loc.off, 5);
	ck_assert_uint_eq(loc.len, 6);
	ck_assert_uint_eq(diag_column(loc.line, loc.linelen, loc.off), 6);
	c = &r.cell[C_EVENT]; /* absent: points at the end of the record's last line */
	ck_assert_int_eq(c->present, 0);
	ck_assert_int_eq(c->lineno, 4);
	ck_assert_uint_eq(c->off, c->linelen);
	ck_assert_uint_eq(c->rawlen, 0);
	loc = tsv_rec_loc(t, &r);
	ck_assert_int_eq(loc.lineno, 3);
	ck_assert_uint_eq(loc.linelen, 2);

	ck_assert_int_eq(tsv_next(t, &r), 1);
	ck_assert_int_eq(r.lineno, 5);
	ck_assert_uint_eq(r.nfields, 1);
	ck_assert_str_eq(r.cell[C_TASK].s, "7");
	ck_assert_uint_eq(r.cell[C_TASK].linelen, 1);
	c = &r.cell[C_DATE];
	ck_assert_int_eq(c->present, 0);
	ck_assert_int_eq(c->lineno, 5);
	ck_assert_uint_eq(c->off, 1);
	ck_assert_int_eq(tsv_next(t, &r), 0);
	tsv_close(t);
}
END_TEST

/* The caret under a Chinese field lines up by display width. */
START_TEST(test_caret)
{
	static const char in[] = "task\tdate\n中文\t\"好\n";
	char *dbuf = NULL;
	size_t dlen = 0;
	FILE *dfp = open_memstream(&dbuf, &dlen);
	struct tsv *t = tsv_open_mem("l.tsv", in, sizeof in - 1, TSV_ENC_AUTO);
	struct tsv_rec r;

	diag_reset();
	diag_set_stream(dfp);
	ck_assert_int_eq(tsv_header(t, cols, NCOLS), 0);
	ck_assert_int_eq(tsv_next(t, &r), 0);
	tsv_close(t);
	fclose(dfp);
	diag_set_stream(NULL);
	ck_assert_msg(strncmp(dbuf, "l.tsv:2:4: error: ", 18) == 0, "%s", dbuf);
	ck_assert_msg(strstr(dbuf, "[unterminated-quote]\n    中文 \"好\n         ^\n") != NULL, "%s", dbuf);
	ck_assert_uint_eq(diag_errors(), 1);
	free(dbuf);
	diag_reset();
}
END_TEST

/* A UTF-8 file with a stray byte near the top reads as GB18030; the
 * missing-column error says why. */
START_TEST(test_guess_hint)
{
	static const char in[] = "# 说明\n任务\t日期\n1\t\xFF\n";
	char *dbuf = NULL;
	size_t dlen = 0;
	FILE *dfp = open_memstream(&dbuf, &dlen);
	struct tsv *t = tsv_open_mem("g.tsv", in, sizeof in - 1, TSV_ENC_AUTO);

	diag_reset();
	diag_set_stream(dfp);
	ck_assert_int_eq(tsv_encoding(t), TSV_ENC_GB18030);
	ck_assert_int_eq(tsv_header(t, cols, NCOLS), -1);
	tsv_close(t);
	fclose(dfp);
	diag_set_stream(NULL);
	ck_assert_msg(strstr(dbuf, "read as GB18030 because line 3 is not UTF-8") != NULL, "%s", dbuf);
	ck_assert_uint_eq(diag_errors(), 2);
	free(dbuf);
	diag_reset();
}
END_TEST

START_TEST(test_meta)
{
	static const char in[] =
		"# Title: 政务公开\n"
		"#　year：2023 \n"
		"#department:  办公室　\n"
		"# no colon here\n"
		"# bad\tkey: x\n"
		"# : empty key\n"
		"# url: http://x.cn/a:b\n"
		"# year: 2024\n"
		"task\tdate\n"
		"# after: header\n"
		"1\t2\n";
	struct tsv *t = tsv_open_mem("m.tsv", in, sizeof in - 1, TSV_ENC_AUTO);
	struct diag_loc loc;
	struct tsv_rec r;

	ck_assert_int_eq(tsv_header(t, cols, NCOLS), 0);
	ck_assert_str_eq(tsv_meta(t, "title", NULL), "政务公开");
	ck_assert_str_eq(tsv_meta(t, "TITLE", NULL), "政务公开");
	ck_assert_str_eq(tsv_meta(t, "department", &loc), "办公室");
	ck_assert_int_eq(loc.lineno, 3);
	ck_assert_uint_eq(loc.off, 14);
	ck_assert_uint_eq(loc.len, 9);
	ck_assert_int_eq(memcmp(loc.line + loc.off, "办公室", 9), 0);
	ck_assert_str_eq(tsv_meta(t, "url", NULL), "http://x.cn/a:b");
	ck_assert_str_eq(tsv_meta(t, "year", &loc), "2024"); /* a later key wins */
	ck_assert_int_eq(loc.lineno, 8);
	ck_assert_ptr_null(tsv_meta(t, "bad\tkey", NULL));
	ck_assert_ptr_null(tsv_meta(t, "", NULL));
	ck_assert_ptr_null(tsv_meta(t, "after", NULL));
	ck_assert_ptr_null(tsv_meta(t, "no colon here", NULL));
	ck_assert_int_eq(tsv_next(t, &r), 1);
	ck_assert_int_eq(r.lineno, 11);
	ck_assert_int_eq(tsv_next(t, &r), 0);
	tsv_close(t);
}
END_TEST

START_TEST(test_open_errors)
{
	static const char *const paths[] = { "tests/data", "/nonexistent/x.tsv" };
	static const char *const want[] = {
		"gkledger: tests/data: Is a directory\n",
		"gkledger: /nonexistent/x.tsv: No such file or directory\n",
	};

	for (size_t i = 0; i < NELEM(paths); i++) {
		char *dbuf = NULL;
		size_t dlen = 0;
		FILE *dfp = open_memstream(&dbuf, &dlen);

		diag_reset();
		diag_set_stream(dfp);
		ck_assert_ptr_null(tsv_open(paths[i], TSV_ENC_AUTO));
		fclose(dfp);
		diag_set_stream(NULL);
		ck_assert_str_eq(dbuf, want[i]);
		ck_assert_uint_eq(diag_errors(), 1);
		free(dbuf);
	}
	diag_reset();
}
END_TEST

/* "-" reads standard input, named <stdin> in messages. */
START_TEST(test_stdin)
{
	static const char in[] = "task\tdate\n1\t2\n3\t\xff\n";
	char path[32], *got;
	int saved = dup(STDIN_FILENO), fd;

	temp_file(path, in, sizeof in - 1);
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	dup2(fd, STDIN_FILENO);
	close(fd);
	got = describe(tsv_open("-", TSV_ENC_UTF8), "<stdin>");
	dup2(saved, STDIN_FILENO);
	close(saved);
	unlink(path);
	ck_assert_str_eq(got, "H0 2/2:1|2|~|~ E-1 D3:3:bad-encoding");
	free(got);
}
END_TEST

/* A character cut by the 64 KiB sample's end does not make the file GB18030. */
START_TEST(test_sample_boundary)
{
	size_t len = 0, k;
	char *s = append(NULL, &len, "task\tdate\n", 10), *got;
	struct tsv *t;

	/* 9-byte lines "1\txxxxxx\n" up to just before the boundary, then 中 across it. */
	while (len + 9 < DEC_SNIFF - 8)
		s = append(s, &len, "1\txxxxxx\n", 9);
	s = append(s, &len, "2\t", 2);
	for (k = 0; len + k < DEC_SNIFF - 1 - (size_t)_i; k++)
		;
	s = repeat(s, &len, "y", k);
	s = append(s, &len, "中\n3\t末\n", strlen("中\n3\t末\n"));
	ck_assert(len > DEC_SNIFF);
	t = tsv_open_mem("b.tsv", s, len, TSV_ENC_AUTO);
	ck_assert_int_eq(tsv_encoding(t), TSV_ENC_UTF8);
	tsv_close(t);
	got = read_every_way(s, len, TSV_ENC_AUTO);
	ck_assert_msg(strstr(got, "中|~|~") && strstr(got, "3|末|~|~ E0") && !strstr(got, " D"), "%s",
	              got + strlen(got) - 60);
	free(got);
	free(s);
}
END_TEST

/* Past the first 64 KiB, a byte that is not UTF-8 is an error at its place. */
START_TEST(test_late_bad_byte)
{
	size_t len = 0, lines = 1;
	char *s = append(NULL, &len, "task\tdate\n", 10), *dbuf = NULL;
	size_t dlen = 0;
	FILE *dfp = open_memstream(&dbuf, &dlen);
	struct tsv *t;
	struct tsv_rec r;
	char want[64];
	int rc;
	long n = 0;

	while (len < 2 * DEC_SNIFF) {
		s = append(s, &len, "1\t2023-01-01\n", 13);
		lines++;
	}
	s = append(s, &len, "2\t\xD6\xD0\n", 5);
	diag_reset();
	diag_set_stream(dfp);
	t = tsv_open_mem("late.tsv", s, len, TSV_ENC_AUTO);
	ck_assert_int_eq(tsv_encoding(t), TSV_ENC_UTF8);
	ck_assert_int_eq(tsv_header(t, cols, NCOLS), 0);
	while ((rc = tsv_next(t, &r)) == 1)
		n++;
	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(n, (long)lines - 1);
	tsv_close(t);
	fclose(dfp);
	diag_set_stream(NULL);
	snprintf(want, sizeof want, "late.tsv:%zu:3: error: ", lines + 1);
	ck_assert_msg(strncmp(dbuf, want, strlen(want)) == 0, "%s", dbuf);
	ck_assert_msg(strstr(dbuf, "0xD6 does not decode as UTF-8") && strstr(dbuf, "--encoding gb18030") &&
	              strstr(dbuf, "[bad-encoding]"), "%s", dbuf);
	free(dbuf);
	free(s);
	diag_reset();
}
END_TEST

/* A 1 MiB line is read whole, with the default and with a small buffer. */
START_TEST(test_long_line)
{
	static const size_t sizes[] = { 0, 1000 };
	size_t len = 0, nchars = (1 << 20) / 3 + 1;
	char *s = append(NULL, &len, "task\tdate\tnote\n1\t2\t", 19);
	struct tsv_rec r;

	s = repeat(s, &len, "中", nchars);
	s = append(s, &len, "\n2\t3\t\"", 6);
	s = repeat(s, &len, "a\tb\n\"\"", (1 << 20) / 6 + 1);
	s = append(s, &len, "\"\n3\t4\n", 6);
	for (size_t i = 0; i < NELEM(sizes); i++) {
		struct tsv *t;

		tsv_set_bufsize(sizes[i]);
		t = tsv_open_mem("long.tsv", s, len, TSV_ENC_AUTO);
		ck_assert_int_eq(tsv_header(t, cols, NCOLS), 0);
		ck_assert_int_eq(tsv_next(t, &r), 1);
		ck_assert_uint_eq(r.cell[C_NOTE].len, 3 * nchars);
		ck_assert_int_eq(memcmp(r.cell[C_NOTE].s + 3 * nchars - 3, "中", 3), 0);
		ck_assert_uint_ge(r.cell[C_NOTE].len, 1 << 20);
		ck_assert_int_eq(tsv_next(t, &r), 1);
		ck_assert_int_eq(r.lineno, 3);
		ck_assert_uint_eq(r.cell[C_NOTE].len, 5 * ((1 << 20) / 6 + 1));
		ck_assert_int_eq(memcmp(r.cell[C_NOTE].s, "a\tb\n\"a\tb\n\"", 10), 0);
		ck_assert_int_eq(tsv_next(t, &r), 1);
		ck_assert_int_eq(r.lineno, 4 + (1 << 20) / 6 + 1);
		ck_assert_str_eq(r.cell[C_TASK].s, "3");
		ck_assert_int_eq(tsv_next(t, &r), 0);
		tsv_close(t);
	}
	tsv_set_bufsize(0);
	free(s);
}
END_TEST

/* A record of exactly TSV_MAXREC bytes (CRLF or LF not counted) is read; one
 * byte more is refused and skipped. */
START_TEST(test_limit)
{
	size_t len = 0, fill = TSV_MAXREC - 2 + (size_t)(_i & 1); /* "1\t" + fill */
	char *s = append(NULL, &len, "task\tdate\n1\t", 12), *got;

	s = repeat(s, &len, "x", fill);
	s = append(s, &len, _i < 2 ? "\r\n2\t3\n" : "\n2\t3\n", _i < 2 ? 6 : 5);
	got = describe(tsv_open_mem("big.tsv", s, len, TSV_ENC_AUTO), "big.tsv");
	if (!(_i & 1)) {
		ck_assert_msg(strlen(got) == fill + strlen("H0 2/2:1||~|~ 3/2:2|3|~|~ E0") &&
		              strstr(got, " 3/2:2|3|~|~ E0") && !strstr(got, " D"), "got %.80s…%s",
		              got, strlen(got) > 80 ? got + strlen(got) - 80 : "");
	} else
		ck_assert_msg(strcmp(got, "H0 3/2:2|3|~|~ E0 D2:1:line-too-long") == 0, "got %.80s…%s",
		              got, strlen(got) > 80 ? got + strlen(got) - 80 : "");
	free(got);
	free(s);
}
END_TEST

/* A quote open for more than TSV_MAXREC bytes is unterminated; reading goes on after its line. */
START_TEST(test_limit_quoted)
{
	size_t len = 0;
	char *s = append(NULL, &len, "task\tdate\n1\t\"open\n", 18), *got;

	s = repeat(s, &len, "x", TSV_MAXREC / 2);
	s = append(s, &len, "\n", 1);
	s = repeat(s, &len, "y", TSV_MAXREC / 2);
	s = append(s, &len, "\t1\n2\t3\n", 7);
	got = describe(tsv_open_mem("q.tsv", s, len, TSV_ENC_AUTO), "q.tsv");
	ck_assert_msg(strlen(got) == strlen("H0 3/1:|~|~|~ 4/2:|1|~|~ 5/2:2|3|~|~ E0 D2:3:unterminated-quote") +
	              TSV_MAXREC && strncmp(got, "H0 3/1:xxx", 10) == 0 &&
	              strstr(got, "|1|~|~ 5/2:2|3|~|~ E0 D2:3:unterminated-quote"),
	              "got %.80s…%s", got, strlen(got) > 80 ? got + strlen(got) - 80 : "");
	free(got);
	free(s);
}
END_TEST

/* A quote that closes on a line which then runs past the limit: the record is
 * [line-too-long], not an unterminated quote, and the lines it spans count. */
START_TEST(test_limit_after_quote)
{
	size_t len = 0;
	char *s = append(NULL, &len, "task\tdate\n1\t\"a\nb\"", 17), *got;

	s = repeat(s, &len, "x", TSV_MAXREC + 256 * 1024); /* past the read buffer too */
	s = append(s, &len, "\n2\t3\n", 5);
	got = describe(tsv_open_mem("q.tsv", s, len, TSV_ENC_AUTO), "q.tsv");
	ck_assert_str_eq(got, "H0 4/2:2|3|~|~ E0 D2:1:line-too-long");
	free(got);
	free(s);
}
END_TEST

/* A reader of the UTF-8 text in[0..n) with its header read, borrowing its
 * cells or not: the borrowed and copied reads of one text must agree. */
static struct tsv *
open_read(const char *in, size_t n, int borrow)
{
	struct tsv *t = tsv_open_mem("mem", in, n, TSV_ENC_UTF8);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(tsv_header(t, cols, NCOLS), 0);
	if (borrow)
		tsv_borrow_cells(t);
	return t;
}

/* A quote that opens a field sends the line to the general reader wherever it
 * falls in the 32-byte blocks the fast path reads, right after a block
 * boundary included; a quote inside a field is text. Borrowed and copied
 * reads agree at every offset, and the record after keeps its line number. */
START_TEST(test_borrow_quote_offsets)
{
	/* the quoted field holds a tab, or a line end */
	static const char *const quoted[2] = { "e\tv", "e\nv" };
	for (int q = 0; q < 2; q++)
		for (int pad = 0; pad <= 40; pad++) {
			for (int borrow = 0; borrow < 2; borrow++) {
				char in[256];
				/* a long line after them, so that the fast path reads on */
				int n = snprintf(in, sizeof in, "task\tdate\tevent\tnote\n1\t%.*s\t\"%s\"\tn\r\n2\tx\"y\t\te\"\n3\t%s\n", pad,
				                 "dddddddddddddddddddddddddddddddddddddddddddddddd", quoted[q],
				                 "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz");
				struct tsv *t = open_read(in, (size_t)n, borrow);
				struct tsv_rec r;
				ck_assert_int_eq(tsv_next(t, &r), 1);
				ck_assert_int_eq(r.lineno, 2);
				ck_assert_uint_eq(r.nfields, 4);
				ck_assert_uint_eq(r.cell[1].len, (size_t)pad);
				ck_assert_uint_eq(r.cell[2].len, 3);
				ck_assert_int_eq(memcmp(r.cell[2].s, quoted[q], 3), 0);
				ck_assert_uint_eq(r.cell[3].len, 1);
				ck_assert_int_eq(r.cell[3].s[0], 'n');
				ck_assert_int_eq(tsv_next(t, &r), 1);
				ck_assert_int_eq(r.lineno, 3 + q);
				ck_assert_uint_eq(r.nfields, 4);
				ck_assert_uint_eq(r.cell[1].len, 3);
				ck_assert_int_eq(memcmp(r.cell[1].s, "x\"y", 3), 0);
				ck_assert_uint_eq(r.cell[2].len, 0);
				ck_assert_uint_eq(r.cell[3].len, 2);
				ck_assert_int_eq(memcmp(r.cell[3].s, "e\"", 2), 0);
				ck_assert_int_eq(tsv_next(t, &r), 1);
				ck_assert_int_eq(r.lineno, 4 + q);
				ck_assert_uint_eq(r.cell[1].len, 70);
				ck_assert_int_eq(tsv_next(t, &r), 0);
				tsv_close(t);
			}
		}
}
END_TEST

/* Blank lines (spaces and tabs only, or a lone CR before the LF) and comments
 * between records are skipped by a borrowing reader too, with long lines
 * around them. */
START_TEST(test_borrow_blank_lines)
{
	static const char in[] = "task\tdate\tevent\tnote\n"
	                         "1\taaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
	                         "                                        \n"
	                         "\t \t                                            \t\n"
	                         "# a comment line, long enough to fill a block or two of the reader\n"
	                         "\r\n"
	                         "2\tbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n"
	                         "3\tcccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\n";
	for (int borrow = 0; borrow < 2; borrow++) {
		struct tsv *t = open_read(in, sizeof in - 1, borrow);
		struct tsv_rec r;
		static const long lines[3] = { 2, 7, 8 };
		for (int k = 0; k < 3; k++) {
			ck_assert_int_eq(tsv_next(t, &r), 1);
			ck_assert_int_eq(r.lineno, lines[k]);
			ck_assert_uint_eq(r.nfields, 2);
			ck_assert_int_eq(r.cell[0].s[0], '1' + k);
		}
		ck_assert_int_eq(tsv_next(t, &r), 0);
		tsv_close(t);
	}
}
END_TEST

/* A line of more fields than the fast path cuts (it has room for 64) is read
 * whole, borrowed or not, with a long line after it. */
START_TEST(test_borrow_many_fields)
{
	for (int borrow = 0; borrow < 2; borrow++) {
		size_t len = 0;
		char *s = append(NULL, &len, "task\tdate\tevent\tnote\n", 21), num[16];
		for (int k = 1; k <= 300; k++) {
			int n = snprintf(num, sizeof num, k < 300 ? "%d\t" : "%d\n", k);
			s = append(s, &len, num, (size_t)n);
		}
		s = append(s, &len, "7\t8", 3);
		s = repeat(s, &len, "x", 100);
		s = append(s, &len, "\n", 1);
		struct tsv *t = open_read(s, len, borrow);
		struct tsv_rec r;
		ck_assert_int_eq(tsv_next(t, &r), 1);
		ck_assert_uint_eq(r.nfields, 300);
		for (int c = 0; c < NCOLS; c++) {
			snprintf(num, sizeof num, "%d", c + 1);
			ck_assert_uint_eq(r.cell[c].len, strlen(num));
			ck_assert_int_eq(memcmp(r.cell[c].s, num, strlen(num)), 0);
		}
		ck_assert_int_eq(tsv_next(t, &r), 1);
		ck_assert_uint_eq(r.nfields, 2);
		ck_assert_int_eq(r.cell[0].s[0], '7');
		ck_assert_uint_eq(r.cell[1].len, 101);
		ck_assert_int_eq(tsv_next(t, &r), 0);
		tsv_close(t);
		free(s);
	}
}
END_TEST

/* Borrowed cells (the ledger reports): an unquoted value is the field's bytes
 * in place, with its length, the bytes after it untouched; a quoted value is
 * still unquoted into a terminated copy. The same values as without. */
START_TEST(test_borrow)
{
	static const char in[] = "task\tdate\tevent\tnote\n"
	                         "7\t2024-01-02\tformed\t\"a\tb\"\"c\"\n"
	                         "\"8\"\t2024-01-03\t\tplain\n"
	                         "9\t2024-01-04\n";
	static const char *const want[3][4] = { { "7", "2024-01-02", "formed", "a\tb\"c" },
		                                { "8", "2024-01-03", "", "plain" },
		                                { "9", "2024-01-04", "", "" } };
	for (int borrow = 0; borrow < 2; borrow++) {
		struct tsv *t = open_read(in, sizeof in - 1, borrow);
		struct tsv_rec r;
		for (int k = 0; k < 3; k++) {
			ck_assert_int_eq(tsv_next(t, &r), 1);
			for (int c = 0; c < 4; c++) {
				ck_assert_uint_eq(r.cell[c].len, strlen(want[k][c]));
				ck_assert_int_eq(memcmp(r.cell[c].s, want[k][c], r.cell[c].len), 0);
			}
			/* a borrowed unquoted cell is the input's own bytes */
			if (borrow && k == 0)
				ck_assert_ptr_eq(r.cell[0].s + 1, strchr(r.cell[0].s, '\t'));
			/* quoted values are terminated copies either way */
			if (k == 0)
				ck_assert_str_eq(r.cell[3].s, "a\tb\"c");
			if (k == 1)
				ck_assert_str_eq(r.cell[0].s, "8");
		}
		ck_assert_int_eq(tsv_next(t, &r), 0);
		tsv_close(t);
	}
}
END_TEST

Suite *tsv_suite(void)
{
	Suite *s = suite_create("tsv");
	TCase *tc = tcase_create("read");
	TCase *big = tcase_create("big");

	tcase_add_loop_test(tc, test_read, 0, NELEM(rcases));
	tcase_add_loop_test(tc, test_encodings, 0, NELEM(ecases));
	tcase_add_loop_test(tc, test_random, 0, 300);
	tcase_add_test(tc, test_borrow);
	tcase_add_test(tc, test_borrow_quote_offsets);
	tcase_add_test(tc, test_borrow_many_fields);
	tcase_add_test(tc, test_borrow_blank_lines);
	tcase_add_test(tc, test_limit_after_quote);
	tcase_add_test(tc, test_fixtures);
	tcase_add_test(tc, test_cell_places);
	tcase_add_test(tc, test_caret);
	tcase_add_test(tc, test_guess_hint);
	tcase_add_test(tc, test_meta);
	tcase_add_test(tc, test_open_errors);
	tcase_add_test(tc, test_stdin);
	suite_add_tcase(s, tc);
	tcase_set_timeout(big, 120);
	tcase_add_loop_test(big, test_sample_boundary, 0, 4);
	tcase_add_test(big, test_late_bad_byte);
	tcase_add_test(big, test_long_line);
	tcase_add_loop_test(big, test_limit, 0, 4);
	tcase_add_test(big, test_limit_quoted);
	suite_add_tcase(s, big);
	return s;
}
