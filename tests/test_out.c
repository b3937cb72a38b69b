/* Tests of the output writers: whole outputs of table, csv, tsv and json, checked byte for byte. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* open_memstream, TIOCSWINSZ */
#endif
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* posix_openpt and friends */
#endif

#include <check.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "out.h"
#include "testutil.h"
#include "text.h"

extern Suite *out_suite(void);

/* ---- a strict RFC 8259 validator, independent of the writer under test ---- */

static const char *jv_value(const char *p, int depth);

static const char *
jv_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static int
jv_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int
jv_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of the well-formed UTF-8 sequence at p (no overlongs, no surrogates), else 0. */
static int
jv_utf8(const unsigned char *p)
{
	uint32_t cp, min;
	int n;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xE0) == 0xC0) {
		n = 2, cp = p[0] & 0x1F, min = 0x80;
	} else if ((p[0] & 0xF0) == 0xE0) {
		n = 3, cp = p[0] & 0x0F, min = 0x800;
	} else if ((p[0] & 0xF8) == 0xF0) {
		n = 4, cp = p[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	for (int i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

static const char *
jv_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	for (;;) {
		unsigned char c = (unsigned char)*p;
		if (c == '"')
			return p + 1;
		if (c < 0x20) /* a raw control character, or the end of the text */
			return NULL;
		if (c == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!jv_hex(p[i]))
						return NULL;
				p += 5;
			} else if (*p && strchr("\"\\/bfnrt", *p)) {
				p++;
			} else {
				return NULL;
			}
			continue;
		}
		int n = jv_utf8((const unsigned char *)p);
		if (n == 0)
			return NULL;
		p += n;
	}
}

static const char *
jv_number(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (jv_digit(*p))
		while (jv_digit(*p))
			p++;
	else
		return NULL;
	if (*p == '.') {
		if (!jv_digit(*++p))
			return NULL;
		while (jv_digit(*p))
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!jv_digit(*p))
			return NULL;
		while (jv_digit(*p))
			p++;
	}
	return p;
}

/* A sequence of values (array) or of "key": value members (object) up to close. */
static const char *
jv_seq(const char *p, char close, int members, int depth)
{
	p = jv_ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (members) {
			if (!(p = jv_string(p)))
				return NULL;
			p = jv_ws(p);
			if (*p++ != ':')
				return NULL;
			p = jv_ws(p);
		}
		if (!(p = jv_value(p, depth + 1)))
			return NULL;
		p = jv_ws(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
		p = jv_ws(p);
	}
}

static const char *
jv_value(const char *p, int depth)
{
	if (depth > 64)
		return NULL;
	switch (*p) {
	case '{':
		return jv_seq(p, '}', 1, depth);
	case '[':
		return jv_seq(p, ']', 0, depth);
	case '"':
		return jv_string(p);
	case 't':
		return strncmp(p, "true", 4) == 0 ? p + 4 : NULL;
	case 'f':
		return strncmp(p, "false", 5) == 0 ? p + 5 : NULL;
	case 'n':
		return strncmp(p, "null", 4) == 0 ? p + 4 : NULL;
	default:
		return jv_number(p);
	}
}

/* 1 when s is exactly one JSON text (RFC 8259), with nothing after it. */
static int
json_valid(const char *s)
{
	const char *p = jv_value(jv_ws(s), 0);

	return p && *jv_ws(p) == '\0';
}

/* ---- helpers ---- */

/* Captures what fn writes to a FILE. */
#define CAPTURE(buf, stmt)                                                 \
	do {                                                               \
		size_t cap_len_;                                           \
		FILE *fp = open_memstream(&(buf), &cap_len_);              \
		ck_assert_ptr_nonnull(fp);                                 \
		stmt;                                                      \
		ck_assert_int_eq(fclose(fp), 0);                           \
	} while (0)

/* One run of a report; measure: every row through out_measure first. */
static char *
render_once(const struct out_opts *o, const struct out_col *cols, size_t ncols,
            const char *const *cells, const enum out_style *styles, size_t nrows, int *rc, int measure)
{
	char *buf = NULL;
	size_t len;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	struct out *w = out_begin(fp, o, cols, ncols);
	for (size_t r = 0; measure && r < nrows; r++)
		out_measure(w, cells + r * ncols);
	for (size_t r = 0; r < nrows; r++)
		out_row(w, cells + r * ncols, styles ? styles[r] : STYLE_PLAIN);
	*rc = out_end(w);
	ck_assert_int_eq(fclose(fp), 0);
	return buf;
}

/* Runs a whole report: rows of ncols cells (nrows * ncols strings), styles
 * (NULL: all plain). Returns the output (caller frees) and out_end's value.
 * Every report is made twice, buffered and measured first (the way status and
 * overdue print a table), and the two must be the same to the byte. */
static char *
render(const struct out_opts *o, const struct out_col *cols, size_t ncols,
       const char *const *cells, const enum out_style *styles, size_t nrows, int *rc)
{
	int rc2;
	char *buf = render_once(o, cols, ncols, cells, styles, nrows, rc, 0);
	char *two = render_once(o, cols, ncols, cells, styles, nrows, &rc2, 1);
	ck_assert_str_eq(two, buf);
	ck_assert_int_eq(rc2, *rc);
	free(two);
	return buf;
}

/* No line of a table may end with a space. */
static void
assert_no_trailing_space(const char *s)
{
	for (const char *p = s; (p = strchr(p, '\n')) != NULL; p++)
		ck_assert_msg(p == s || p[-1] != ' ', "trailing space before a line end in:\n%s", s);
}

/* Every line's display width, escape codes excluded, is at most w. */
static void
assert_lines_fit(const char *s, size_t w)
{
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, "\n");
		ck_assert_msg(text_width(p, n) <= w, "line wider than %zu: %.*s", w, (int)n, p);
		p += n + (p[n] == '\n');
	}
}

#define MAXCELLS 16

/* ---- json validator ---- */

static const struct {
	const char *text;
	int         valid;
} jv_cases[] = {
	{ "[]", 1 },
	{ "{}", 1 },
	{ " [1, -0.5e+3, 0, 1E9, true, false, null, \"\\u00e9\\n\\/\", {\"k\": []}] \n", 1 },
	{ "\"中文\"", 1 },
	{ "0", 1 },
	{ "", 0 },
	{ "[", 0 },
	{ "[1,]", 0 },
	{ "{\"a\":1,}", 0 },
	{ "{'a':1}", 0 },
	{ "{\"a\" 1}", 0 },
	{ "{1:2}", 0 },
	{ "[01]", 0 },
	{ "[1.]", 0 },
	{ "[.5]", 0 },
	{ "[-]", 0 },
	{ "[1e]", 0 },
	{ "[+1]", 0 },
	{ "[NaN]", 0 },
	{ "[True]", 0 },
	{ "nul", 0 },
	{ "\"a\nb\"", 0 },
	{ "\"\\x\"", 0 },
	{ "\"\\u12G4\"", 0 },
	{ "\"\xff\"", 0 },
	{ "\"\xc0\xaf\"", 0 },
	{ "\"abc", 0 },
	{ "[1] x", 0 },
	{ "[1][2]", 0 },
};

START_TEST(test_json_validator)
{
	ck_assert_msg(json_valid(jv_cases[_i].text) == jv_cases[_i].valid,
	              "validator got %s wrong", jv_cases[_i].text);
}
END_TEST

/* ---- csv ---- */

static const struct {
	const char *in;
	char        sep;
	const char *want;
} csv_field_cases[] = {
	{ "plain", ',', "plain" },
	{ "a,b", ',', "\"a,b\"" },
	{ "say \"hi\"", ',', "\"say \"\"hi\"\"\"" },
	{ "\"", ',', "\"\"\"\"" },
	{ "two\nlines", ',', "\"two\nlines\"" },
	{ "cr\rhere", ',', "\"cr\rhere\"" },
	{ " lead", ',', "\" lead\"" },
	{ "trail ", ',', "\"trail \"" },
	{ "\ttab", ',', "\"\ttab\"" },
	{ "in side", ',', "in side" },
	{ "政务公开", ',', "政务公开" },
	{ "区县，全角逗号", ',', "区县，全角逗号" },
	{ "政务,公开", ',', "\"政务,公开\"" },
	{ "a;b", ';', "\"a;b\"" },
	{ "a,b", ';', "a,b" },
	{ "", ',', "" },
	{ NULL, ',', "" },
	{ "bad\xff", ',', "bad\xEF\xBF\xBD" },
};

START_TEST(test_csv_field)
{
	char *got = NULL;

	CAPTURE(got, out_csv_field(fp, csv_field_cases[_i].in, csv_field_cases[_i].sep));
	ck_assert_str_eq(got, csv_field_cases[_i].want);
	free(got);
}
END_TEST

static const struct out_col cols3[] = {
	{ "department", "部门", OUT_STR, 1 },
	{ "task", "任务", OUT_STR, 0 },
	{ "late_wd", "逾期工作日", OUT_INT, 0 },
};

/* Whole-output cases for the streaming writers (csv, tsv, json) over cols3. */
static const struct {
	enum out_format fmt;
	int             excel;
	size_t          nrows;
	const char     *cells[MAXCELLS];
	const char     *want;
} stream_cases[] = {
	{ OUT_CSV, 0, 2,
	  { "办公室", "1.1", "3", "a,b", "say \"x\"", NULL },
	  "department,task,late_wd\n办公室,1.1,3\n\"a,b\",\"say \"\"x\"\"\",\n" },
	{ OUT_CSV, 0, 1,
	  { " 财政局", "line1\nline2", "-2" },
	  "department,task,late_wd\n\" 财政局\",\"line1\nline2\",-2\n" },
	{ OUT_CSV, 1, 2,
	  { "办公室", "1.1", "3", "x", "line1\nline2", "" },
	  "\xEF\xBB\xBF" "department,task,late_wd\r\n办公室,1.1,3\r\nx,\"line1\nline2\",\r\n" },
	{ OUT_CSV, 0, 0, { NULL }, "department,task,late_wd\n" },
	{ OUT_CSV, 1, 0, { NULL }, "\xEF\xBB\xBF" "department,task,late_wd\r\n" },
	{ OUT_TSV, 0, 2,
	  { "a\tb", "c\\d", "e\nf\rg", "办公室", NULL, "7" },
	  "department\ttask\tlate_wd\na\\tb\tc\\\\d\te\\nf\\rg\n办公室\t\t7\n" },
	{ OUT_TSV, 0, 1,
	  { "say \"x\", ok", " sp ", "" },
	  "department\ttask\tlate_wd\nsay \"x\", ok\t sp \t\n" },
	{ OUT_TSV, 0, 0, { NULL }, "department\ttask\tlate_wd\n" },
	{ OUT_TSV, 1, 0, { NULL }, "department\ttask\tlate_wd\n" }, /* excel is for csv only */
	{ OUT_JSON, 0, 0, { NULL }, "[]\n" },
	{ OUT_JSON, 0, 3,
	  { "办公室", "1.1", "3",
	    "say \"hi\"\\", "a\nb\x01", NULL,
	    "", NULL, "" },
	  "[\n"
	  "{\"department\":\"办公室\",\"task\":\"1.1\",\"late_wd\":3},\n"
	  "{\"department\":\"say \\\"hi\\\"\\\\\",\"task\":\"a\\u000ab\\u0001\",\"late_wd\":null},\n"
	  "{\"department\":\"\",\"task\":\"\",\"late_wd\":null}\n"
	  "]\n" },
	/* Not a JSON number in a number column: kept as a string, the document stays valid. */
	{ OUT_JSON, 0, 3,
	  { "a", "b", "-0", "c", "d", "12%", "e", "f", "007" },
	  "[\n"
	  "{\"department\":\"a\",\"task\":\"b\",\"late_wd\":-0},\n"
	  "{\"department\":\"c\",\"task\":\"d\",\"late_wd\":\"12%\"},\n"
	  "{\"department\":\"e\",\"task\":\"f\",\"late_wd\":\"007\"}\n"
	  "]\n" },
};

START_TEST(test_stream_output)
{
	struct out_opts o = { .format = stream_cases[_i].fmt, .excel = stream_cases[_i].excel,
	                      .color = 1, .width = 10 }; /* table options must not matter */
	int rc;
	char *got = render(&o, cols3, NELEM(cols3), stream_cases[_i].cells, NULL,
	                   stream_cases[_i].nrows, &rc);

	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(got, stream_cases[_i].want);
	if (o.format == OUT_JSON)
		ck_assert_msg(json_valid(got), "invalid JSON:\n%s", got);
	free(got);
}
END_TEST

/* ---- json strings and numbers ---- */

static const struct {
	const char *in;
	const char *want;
} json_str_cases[] = {
	{ "plain", "\"plain\"" },
	{ "say \"hi\"", "\"say \\\"hi\\\"\"" },
	{ "back\\slash", "\"back\\\\slash\"" },
	{ "/", "\"/\"" },
	{ "\x01\x1f", "\"\\u0001\\u001f\"" },
	{ "a\nb\tc\r", "\"a\\u000ab\\u0009c\\u000d\"" },
	{ "\x7f", "\"\x7f\"" },
	{ "政务公开", "\"政务公开\"" },
	{ "𠀀", "\"𠀀\"" },
	{ "\xff", "\"\xEF\xBF\xBD\"" },
	{ "a\xc0\xafz", "\"a\xEF\xBF\xBD\xEF\xBF\xBDz\"" },
	{ "x\xe2\x80\xa8y\xe2\x80\xa9", "\"x\\u2028y\\u2029\"" },
	{ "", "\"\"" },
	{ NULL, "\"\"" },
};

START_TEST(test_json_string)
{
	char *got = NULL;

	CAPTURE(got, out_json_string(fp, json_str_cases[_i].in));
	ck_assert_str_eq(got, json_str_cases[_i].want);
	ck_assert_msg(json_valid(got), "invalid JSON: %s", got);
	free(got);
}
END_TEST

static const struct out_col numcols[] = {
	{ "n", NULL, OUT_INT, 0 },
	{ "rate", NULL, OUT_NUM, 0 },
};

static const struct {
	const char *n, *rate;
	const char *want;
} json_num_cases[] = {
	{ "3", "0.7500", "[\n{\"n\":3,\"rate\":0.7500}\n]\n" },
	{ "-12", "1e3", "[\n{\"n\":-12,\"rate\":1e3}\n]\n" },
	{ NULL, "", "[\n{\"n\":null,\"rate\":null}\n]\n" },
	{ "0", "-0.5E-2", "[\n{\"n\":0,\"rate\":-0.5E-2}\n]\n" },
	{ "+1", ".5", "[\n{\"n\":\"+1\",\"rate\":\".5\"}\n]\n" },
	{ "NaN", "1.", "[\n{\"n\":\"NaN\",\"rate\":\"1.\"}\n]\n" },
	{ " 1", "inf", "[\n{\"n\":\" 1\",\"rate\":\"inf\"}\n]\n" },
};

START_TEST(test_json_numbers)
{
	struct out_opts o = { .format = OUT_JSON };
	const char *cells[2] = { json_num_cases[_i].n, json_num_cases[_i].rate };
	int rc;
	char *got = render(&o, numcols, NELEM(numcols), cells, NULL, 1, &rc);

	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(got, json_num_cases[_i].want);
	ck_assert_msg(json_valid(got), "invalid JSON:\n%s", got);
	free(got);
}
END_TEST

/* Every byte value in a string, through the writer and the validator. */
START_TEST(test_json_all_bytes)
{
	char in[256], *got = NULL;

	for (int i = 1; i < 256; i++)
		in[i - 1] = (char)i;
	in[255] = '\0';
	CAPTURE(got, out_json_string(fp, in));
	ck_assert_msg(json_valid(got), "invalid JSON: %s", got);
	free(got);
}
END_TEST

/* ---- table ---- */

static const struct {
	enum out_lang lang;
	int           width;
	size_t        nrows;
	const char   *cells[MAXCELLS];
	const char   *want;
} table_cases[] = {
	/* Mixed Chinese and ASCII: widths 10, 5, 4 (a Chinese character is two columns);
	 * the number column is right-aligned, its empty cell leaves no trailing space. */
	{ LANG_EN, 0, 3,
	  { "办公室", "1.1", "3", "财政局长名", "12.10", "15", "IT", "2", "" },
	  "department  task   late_wd\n"
	  "办公室      1.1          3\n"
	  "财政局长名  12.10       15\n"
	  "IT          2\n" },
	{ LANG_ZH, 0, 3,
	  { "办公室", "1.1", "3", "财政局长名", "12.10", "15", "IT", "2", "" },
	  "部门        任务   逾期工作日\n"
	  "办公室      1.1             3\n"
	  "财政局长名  12.10          15\n"
	  "IT          2\n" },
	/* A short last column is not padded. */
	{ LANG_EN, 0, 1,
	  { "a", "b", "12345678901" },
	  "department  task      late_wd\n"
	  "a           b     12345678901\n" },
	/* Control characters cannot break a row or reach the terminal. */
	{ LANG_EN, 0, 1,
	  { "a\nb\tc", "\033[31mx", "1" },
	  "department  task    late_wd\n"
	  "a b c       \xEF\xBF\xBD[31mx        1\n" },
	/* The table fits in 200 columns already: width changes nothing. */
	{ LANG_EN, 200, 1,
	  { "办公室", "1.1", "3" },
	  "department  task  late_wd\n"
	  "办公室      1.1         3\n" },
	{ LANG_EN, 0, 0, { NULL }, "" },
	{ LANG_ZH, 80, 0, { NULL }, "" },
};

START_TEST(test_table)
{
	struct out_opts o = { .format = OUT_TABLE, .lang = table_cases[_i].lang,
	                      .width = table_cases[_i].width };
	int rc;
	char *got = render(&o, cols3, NELEM(cols3), table_cases[_i].cells, NULL,
	                   table_cases[_i].nrows, &rc);

	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(got, table_cases[_i].want);
	assert_no_trailing_space(got);
	free(got);
}
END_TEST

static const struct out_col sqcols[] = {
	{ "dept", "部门", OUT_STR, 1 },
	{ "note", "备注", OUT_STR, 1 },
	{ "n", "数", OUT_INT, 0 },
};

static const char *const sqrow[] = { "政务公开办公室综合科", "a fairly long note about it", "7" };

static const struct {
	int         width;
	const char *want;
} squeeze_cases[] = {
	/* Natural width 52. */
	{ 0,
	  "dept                  note                         n\n"
	  "政务公开办公室综合科  a fairly long note about it  7\n" },
	{ 52,
	  "dept                  note                         n\n"
	  "政务公开办公室综合科  a fairly long note about it  7\n" },
	/* Widest first: note 27→20, then both down together to 12 and 13. A Chinese
	 * character is never split: 11 columns hold five of them and the "…". */
	{ 30,
	  "dept          note           n\n"
	  "政务公开办…   a fairly lon…  7\n" },
	{ 51,
	  "dept                  note                        n\n"
	  "政务公开办公室综合科  a fairly long note about…   7\n" },
	/* Too narrow: both stop at 8 columns and the table stays wider than asked. */
	{ 10,
	  "dept      note      n\n"
	  "政务公…   a fairl…  7\n" },
};

START_TEST(test_squeeze)
{
	struct out_opts o = { .format = OUT_TABLE, .width = squeeze_cases[_i].width };
	int rc;
	char *got = render(&o, sqcols, NELEM(sqcols), sqrow, NULL, 1, &rc);

	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(got, squeeze_cases[_i].want);
	assert_no_trailing_space(got);
	if (o.width >= 21)
		assert_lines_fit(got, (size_t)o.width);
	free(got);
}
END_TEST

/* Every width from 22 (all at the minimum) to 60: the table fits and stays aligned. */
START_TEST(test_squeeze_fits)
{
	struct out_opts o = { .format = OUT_TABLE, .lang = LANG_ZH, .width = _i };
	const char *cells[] = { "政务公开办公室综合科", "a fairly long note about it", "7",
	                        "办公室", "短", "12" };
	int rc;
	char *got = render(&o, sqcols, NELEM(sqcols), cells, NULL, 2, &rc);

	ck_assert_int_eq(rc, 0);
	assert_lines_fit(got, (size_t)_i);
	assert_no_trailing_space(got);
	/* The number column ends every line at the same column. */
	size_t first = 0;
	for (const char *p = got; *p;) {
		size_t n = strcspn(p, "\n");
		size_t w = text_width(p, n);
		if (first == 0)
			first = w;
		ck_assert_uint_eq(w, first);
		p += n + (p[n] == '\n');
	}
	free(got);
}
END_TEST

static const struct out_col colcols[] = {
	{ "name", "名称", OUT_STR, 0 },
	{ "n", "数", OUT_INT, 0 },
};

static const char *const colcells[] = { "ok", "1", "warn", "22", "bad", "3", "dim", "4", "plain", "5" };
static const enum out_style colstyles[] = { STYLE_GOOD, STYLE_WARN, STYLE_BAD, STYLE_DIM, STYLE_PLAIN };

static const struct {
	int         color;
	const char *want;
} color_cases[] = {
	{ 1,
	  "\033[1mname    n\033[0m\n"
	  "\033[32mok      1\033[0m\n"
	  "\033[33mwarn   22\033[0m\n"
	  "\033[31mbad     3\033[0m\n"
	  "\033[2mdim     4\033[0m\n"
	  "plain   5\n" },
	{ 0,
	  "name    n\n"
	  "ok      1\n"
	  "warn   22\n"
	  "bad     3\n"
	  "dim     4\n"
	  "plain   5\n" },
};

START_TEST(test_color)
{
	struct out_opts o = { .format = OUT_TABLE, .color = color_cases[_i].color };
	int rc;
	char *got = render(&o, colcols, NELEM(colcols), colcells, colstyles, NELEM(colstyles), &rc);

	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(got, color_cases[_i].want);
	if (!o.color)
		ck_assert_ptr_null(strchr(got, '\033'));
	free(got);
}
END_TEST

/* Colour is for tables only. */
START_TEST(test_color_only_table)
{
	static const enum out_format fmts[] = { OUT_CSV, OUT_TSV, OUT_JSON };
	struct out_opts o = { .format = fmts[_i], .color = 1 };
	int rc;
	char *got = render(&o, colcols, NELEM(colcols), colcells, colstyles, NELEM(colstyles), &rc);

	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_null(strchr(got, '\033'));
	free(got);
}
END_TEST

/* csv, tsv and json write each row as it comes; the table waits for out_end. */
START_TEST(test_streaming)
{
	static const enum out_format fmts[] = { OUT_CSV, OUT_TSV, OUT_JSON, OUT_TABLE };
	struct out_opts o = { .format = fmts[_i] };
	const char *row[] = { "办公室", "1.1", "3" };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	struct out *w = out_begin(fp, &o, cols3, NELEM(cols3));
	out_row(w, row, STYLE_PLAIN);
	fflush(fp);
	if (o.format == OUT_TABLE)
		ck_assert_uint_eq(len, 0);
	else
		ck_assert_ptr_nonnull(strstr(buf, "办公室"));
	ck_assert_int_eq(out_end(w), 0);
	fclose(fp);
	ck_assert_ptr_nonnull(strstr(buf, "办公室"));
	free(buf);
}
END_TEST

/* ---- write errors ---- */

static const struct {
	const char     *path;
	const char     *mode;
	enum out_format fmt;
	size_t          nrows;
} fail_cases[] = {
	{ "/dev/full", "w", OUT_TABLE, 1 },
	{ "/dev/full", "w", OUT_CSV, 1 },
	{ "/dev/full", "w", OUT_CSV, 0 },
	{ "/dev/full", "w", OUT_TSV, 20000 },
	{ "/dev/full", "w", OUT_JSON, 0 },
	{ "/dev/full", "w", OUT_JSON, 20000 },
	{ "/dev/null", "r", OUT_CSV, 3 }, /* a stream not open for writing */
	{ "/dev/null", "r", OUT_TABLE, 3 },
};

START_TEST(test_write_error)
{
	FILE *fp = fopen(fail_cases[_i].path, fail_cases[_i].mode);
	struct out_opts o = { .format = fail_cases[_i].fmt };
	const char *row[] = { "办公室", "1.1", "3" };

	ck_assert_ptr_nonnull(fp);
	struct out *w = out_begin(fp, &o, cols3, NELEM(cols3));
	for (size_t r = 0; r < fail_cases[_i].nrows; r++)
		out_row(w, row, STYLE_PLAIN);
	ck_assert_int_eq(out_end(w), -1);
	fclose(fp);
}
END_TEST

/* The same report to /dev/null succeeds: -1 means a failure, not "no terminal". */
START_TEST(test_write_ok)
{
	FILE *fp = fopen("/dev/null", "w");
	struct out_opts o = { .format = (enum out_format)_i };
	const char *row[] = { "办公室", "1.1", "3" };

	ck_assert_ptr_nonnull(fp);
	struct out *w = out_begin(fp, &o, cols3, NELEM(cols3));
	out_row(w, row, STYLE_PLAIN);
	ck_assert_int_eq(out_end(w), 0);
	fclose(fp);
}
END_TEST

/* ---- options and environment ---- */

static const struct {
	const char *s;
	int         want;
} format_cases[] = {
	{ "table", OUT_TABLE }, { "csv", OUT_CSV }, { "tsv", OUT_TSV }, { "json", OUT_JSON },
	{ "CSV", -1 },          { "", -1 },         { "jsonx", -1 },    { NULL, -1 },
};

START_TEST(test_parse_format)
{
	ck_assert_int_eq(out_parse_format(format_cases[_i].s), format_cases[_i].want);
}
END_TEST

/* `make check` runs every suite in one process (CK_FORK=no): the variables
 * these tests set are saved before each test and put back after it. */
static const char *const env_names[] = { "LC_ALL", "LC_MESSAGES", "LANG", "COLUMNS", "NO_COLOR", "TERM" };
static char *env_saved[NELEM(env_names)];

static void
env_save(void)
{
	for (size_t i = 0; i < NELEM(env_names); i++) {
		const char *v = getenv(env_names[i]);
		env_saved[i] = v ? strdup(v) : NULL;
	}
}

static void
env_restore(void)
{
	for (size_t i = 0; i < NELEM(env_names); i++) {
		if (env_saved[i])
			setenv(env_names[i], env_saved[i], 1);
		else
			unsetenv(env_names[i]);
		free(env_saved[i]);
		env_saved[i] = NULL;
	}
}

/* NULL: unset. */
static const struct {
	const char   *lc_all, *lc_messages, *lang;
	enum out_lang want;
} lang_cases[] = {
	{ NULL, NULL, NULL, LANG_EN },
	{ NULL, NULL, "zh_CN.UTF-8", LANG_ZH },
	{ NULL, NULL, "en_US.UTF-8", LANG_EN },
	{ NULL, NULL, "C", LANG_EN },
	{ "C", NULL, "zh_CN.UTF-8", LANG_EN },
	{ "", NULL, "zh_TW.UTF-8", LANG_ZH },
	{ NULL, "zh_CN.GB18030", "en_US.UTF-8", LANG_ZH },
	{ "zh_HK", "en_US", "en_US", LANG_ZH },
	{ NULL, "en_GB", "zh_CN", LANG_EN },
};

static void
setenv_or_unset(const char *name, const char *v)
{
	if (v)
		setenv(name, v, 1);
	else
		unsetenv(name);
}

START_TEST(test_lang_from_env)
{
	setenv_or_unset("LC_ALL", lang_cases[_i].lc_all);
	setenv_or_unset("LC_MESSAGES", lang_cases[_i].lc_messages);
	setenv_or_unset("LANG", lang_cases[_i].lang);
	ck_assert_int_eq(out_lang_from_env(), lang_cases[_i].want);
}
END_TEST

static const struct {
	const char *columns;
	int         want; /* on a descriptor that is not a terminal */
} width_cases[] = {
	{ NULL, 0 }, { "60", 60 }, { "200", 200 }, { "0", 0 },  { "-5", 0 },
	{ "abc", 0 }, { "60x", 0 }, { "", 0 },     { " 60", 0 }, { "+60", 0 },
	{ "99999999999999999999", 0 },
};

START_TEST(test_term_width)
{
	int fd = open("/dev/null", O_WRONLY);

	ck_assert_int_ge(fd, 0);
	setenv_or_unset("COLUMNS", width_cases[_i].columns);
	ck_assert_int_eq(out_term_width(fd), width_cases[_i].want);
	close(fd);
}
END_TEST

/* A pseudo-terminal for the cases that need isatty; -1 when the system has none. */
static int
open_pty(int *master)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY), s;

	if (m < 0 || grantpt(m) != 0 || unlockpt(m) != 0 || !ptsname(m)) {
		if (m >= 0)
			close(m);
		return -1;
	}
	if ((s = open(ptsname(m), O_RDWR | O_NOCTTY)) < 0) {
		close(m);
		return -1;
	}
	*master = m;
	return s;
}

START_TEST(test_term_width_tty)
{
	int m, s = open_pty(&m);
	struct winsize ws = { .ws_row = 24, .ws_col = 93 };

	if (s < 0)
		return; /* no pseudo-terminals here (a container): nothing to test */
	ck_assert_int_eq(ioctl(s, TIOCSWINSZ, &ws), 0);
	unsetenv("COLUMNS");
	ck_assert_int_eq(out_term_width(s), 93);
	setenv("COLUMNS", "40", 1);
	ck_assert_int_eq(out_term_width(s), 40);
	close(s);
	close(m);
}
END_TEST

/* tty: -1 a descriptor that is not a terminal, 1 a pseudo-terminal. */
static const struct {
	const char *mode, *no_color, *term;
	int         tty;
	int         want;
} color_mode_cases[] = {
	{ "always", NULL, NULL, 0, 1 },
	{ "always", "1", "dumb", 0, 1 }, /* an explicit option beats NO_COLOR */
	{ "never", NULL, "xterm", 1, 0 },
	{ "auto", NULL, "xterm", 0, 0 },
	{ NULL, NULL, "xterm", 0, 0 },
	{ "auto", NULL, "xterm", 1, 1 },
	{ NULL, NULL, "xterm", 1, 1 },
	{ "auto", "", "xterm", 1, 1 },  /* NO_COLOR counts only when non-empty */
	{ "auto", "1", "xterm", 1, 0 },
	{ "auto", NULL, "dumb", 1, 0 },
	{ "yes", NULL, NULL, 0, -1 },
	{ "", NULL, NULL, 0, -1 },
	{ "Always", NULL, NULL, 0, -1 },
};

START_TEST(test_color_wanted)
{
	int m = -1, fd;

	if (color_mode_cases[_i].tty) {
		if ((fd = open_pty(&m)) < 0)
			return; /* no pseudo-terminals here */
	} else {
		fd = open("/dev/null", O_WRONLY);
	}
	ck_assert_int_ge(fd, 0);
	setenv_or_unset("NO_COLOR", color_mode_cases[_i].no_color);
	setenv_or_unset("TERM", color_mode_cases[_i].term);
	ck_assert_int_eq(out_color_wanted(color_mode_cases[_i].mode, fd), color_mode_cases[_i].want);
	close(fd);
	if (m >= 0)
		close(m);
}
END_TEST

/* ---- bars ---- */

static const struct {
	double      frac;
	int         cols;
	size_t      bufsz;
	const char *want;
} bar_cases[] = {
	{ 0, 4, 64, "    " },
	{ 1, 4, 64, "████" },
	{ 0.5, 4, 64, "██  " },
	{ 0.28125, 4, 64, "█▏  " },   /* 9 eighths */
	{ 0.5, 3, 64, "█▌ " },        /* 12 eighths */
	{ 0.875, 1, 64, "▉" },
	{ 0.75, 1, 64, "▊" },
	{ 0.625, 1, 64, "▋" },
	{ 0.375, 1, 64, "▍" },
	{ 0.25, 1, 64, "▎" },
	{ 0.01, 1, 64, " " },         /* rounds to no eighth */
	{ 0.99, 1, 64, "█" },
	{ 2, 2, 64, "██" },
	{ -1, 2, 64, "  " },
	{ NAN, 2, 64, "  " },
	{ 0.5, 0, 64, "" },
	{ 0.5, -3, 64, "" },
	{ 1, 4, 7, "██" },            /* room for two blocks and the NUL */
	{ 1, 4, 3, "" },
	{ 1, 4, 1, "" },
};

START_TEST(test_bar)
{
	char buf[64];

	memset(buf, 'x', sizeof buf);
	out_bar(buf, bar_cases[_i].bufsz, bar_cases[_i].frac, bar_cases[_i].cols);
	ck_assert_str_eq(buf, bar_cases[_i].want);
	if (bar_cases[_i].bufsz == 64 && bar_cases[_i].cols > 0)
		ck_assert_uint_eq(text_width(buf, strlen(buf)), (size_t)bar_cases[_i].cols);
}
END_TEST

START_TEST(test_bar_zero_size)
{
	char c = 'x';

	out_bar(&c, 0, 0.5, 4);
	ck_assert_int_eq(c, 'x');
}
END_TEST

Suite *out_suite(void)
{
	Suite *s = suite_create("out");
	TCase *tc;

	tc = tcase_create("json_validator");
	tcase_add_loop_test(tc, test_json_validator, 0, NELEM(jv_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("csv");
	tcase_add_loop_test(tc, test_csv_field, 0, NELEM(csv_field_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("stream");
	tcase_add_loop_test(tc, test_stream_output, 0, NELEM(stream_cases));
	tcase_add_loop_test(tc, test_streaming, 0, 4);
	suite_add_tcase(s, tc);

	tc = tcase_create("json");
	tcase_add_loop_test(tc, test_json_string, 0, NELEM(json_str_cases));
	tcase_add_loop_test(tc, test_json_numbers, 0, NELEM(json_num_cases));
	tcase_add_test(tc, test_json_all_bytes);
	suite_add_tcase(s, tc);

	tc = tcase_create("table");
	tcase_add_loop_test(tc, test_table, 0, NELEM(table_cases));
	tcase_add_loop_test(tc, test_squeeze, 0, NELEM(squeeze_cases));
	tcase_add_loop_test(tc, test_squeeze_fits, 22, 61);
	tcase_add_loop_test(tc, test_color, 0, NELEM(color_cases));
	tcase_add_loop_test(tc, test_color_only_table, 0, 3);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_loop_test(tc, test_write_error, 0, NELEM(fail_cases));
	tcase_add_loop_test(tc, test_write_ok, 0, 4);
	suite_add_tcase(s, tc);

	tc = tcase_create("env");
	tcase_add_checked_fixture(tc, env_save, env_restore);
	tcase_add_loop_test(tc, test_parse_format, 0, NELEM(format_cases));
	tcase_add_loop_test(tc, test_lang_from_env, 0, NELEM(lang_cases));
	tcase_add_loop_test(tc, test_term_width, 0, NELEM(width_cases));
	tcase_add_test(tc, test_term_width_tty);
	tcase_add_loop_test(tc, test_color_wanted, 0, NELEM(color_mode_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("bar");
	tcase_add_loop_test(tc, test_bar, 0, NELEM(bar_cases));
	tcase_add_test(tc, test_bar_zero_size);
	suite_add_tcase(s, tc);

	return s;
}
