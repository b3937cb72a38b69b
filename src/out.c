/* out — the table, csv, tsv and json writers over one row model (SPEC §6). */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* TIOCGWINSZ */
#endif

#include "out.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "diag.h"
#include "text.h"

/* A table column is never squeezed below this many columns (nor below its
 * label): "2023-12-" still says something, "20…" does not. */
#define SQUEEZE_MIN 8

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */
static const char ELLIPSIS[] = "\xE2\x80\xA6";    /* U+2026, one column */

/* A growing byte buffer (table cells and lines). */
struct sbuf {
	char  *p;
	size_t len, cap;
};

/* One buffered table cell: its cleaned text and display width. */
struct tcell {
	const char *s;
	size_t      len;
	size_t      w;
};

/* One buffered table row: cells and their text live in one allocation. */
struct trow {
	enum out_style style;
	struct tcell  *cells;
};

struct out {
	FILE           *fp;
	struct out_opts o;
	struct out_col *cols;
	size_t          ncols;
	size_t          nrows;   /* rows handed to out_row */
	/* table only */
	struct trow    *rows;
	size_t          rowcap;
	size_t         *colw;    /* widest cell (or label) per column */
	struct sbuf     buf;     /* scratch: a cleaned cell, then a line */
	int             measured; /* out_measure saw the rows: print as they come */
	struct sbuf     line;    /* measured: the line being laid out */
};

static void
sb_grow(struct sbuf *b, size_t more)
{
	if (b->cap - b->len >= more)
		return;
	size_t cap = b->cap ? b->cap : 128;
	while (cap - b->len < more)
		cap *= 2;
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

static void
sb_put(struct sbuf *b, const char *s, size_t n)
{
	if (n == 0)
		return;
	sb_grow(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void
sb_spaces(struct sbuf *b, size_t n)
{
	sb_grow(b, n);
	memset(b->p + b->len, ' ', n);
	b->len += n;
}

/* Length of the valid UTF-8 sequence at s, 0 when s[0] starts none. */
static size_t
seqlen(const char *s, size_t n, uint32_t *cp)
{
	if ((unsigned char)s[0] < 0x80) {
		*cp = (unsigned char)s[0];
		return 1;
	}
	return text_decode(s, n, cp);
}

/* Writes s[0..n) as UTF-8, each byte that starts no valid sequence replaced by
 * U+FFFD: output is always UTF-8 (SPEC §2) even if an input slipped through. */
static void
put_utf8(FILE *fp, const char *s, size_t n)
{
	size_t i = 0, run = 0;
	uint32_t cp;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		size_t l = text_decode(s + i, n - i, &cp);
		if (l) {
			i += l;
			continue;
		}
		fwrite(s + run, 1, i - run, fp);
		fputs(REPLACEMENT, fp);
		run = ++i;
	}
	fwrite(s + run, 1, n - run, fp);
}

/* ---- csv ---- */

/* RFC 4180: a field is quoted when it holds the separator, a quote, CR or LF,
 * and also when it starts or ends with white space, which spreadsheets would
 * otherwise trim. Quotes inside are doubled. */
void
out_csv_field(FILE *fp, const char *s, char sep)
{
	size_t n;

	if (!s)
		return;
	n = strlen(s);
	int quote = n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t');
	for (size_t i = 0; i < n && !quote; i++)
		quote = s[i] == sep || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
	if (!quote) {
		put_utf8(fp, s, n);
		return;
	}
	putc('"', fp);
	for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
		put_utf8(fp, s, (size_t)(q - s));
		fputs("\"\"", fp);
	}
	put_utf8(fp, s, strlen(s));
	putc('"', fp);
}

static void
csv_line(struct out *w, const char *const *vals)
{
	for (size_t i = 0; i < w->ncols; i++) {
		if (i)
			putc(',', w->fp);
		out_csv_field(w->fp, vals ? vals[i] : NULL, ',');
	}
	fputs(w->o.excel ? "\r\n" : "\n", w->fp);
}

/* ---- tsv ---- */

/* A TSV field cannot hold a tab or a line end, so they are escaped as \t, \r,
 * \n, and the backslash itself as \\ — the conventions of PostgreSQL COPY and
 * "linear TSV", which pandas, awk scripts and databases read back; no quoting. */
static void
tsv_field(FILE *fp, const char *s)
{
	if (!s)
		return;
	for (;;) {
		size_t n = strcspn(s, "\t\r\n\\");
		put_utf8(fp, s, n);
		s += n;
		switch (*s) {
		case '\0':
			return;
		case '\t':
			fputs("\\t", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		default:
			fputs("\\\\", fp);
			break;
		}
		s++;
	}
}

static void
tsv_line(struct out *w, const char *const *vals)
{
	for (size_t i = 0; i < w->ncols; i++) {
		if (i)
			putc('\t', w->fp);
		tsv_field(w->fp, vals ? vals[i] : NULL);
	}
	putc('\n', w->fp);
}

/* ---- json ---- */

/* RFC 8259 string: quote and backslash escaped, control characters as \u00XX,
 * valid UTF-8 passed through, invalid bytes as U+FFFD. U+2028 and U+2029 are
 * escaped too: valid JSON, but they end a line in JavaScript. NULL is "". */
void
out_json_string(FILE *fp, const char *s)
{
	size_t n, i = 0, run = 0;
	uint32_t cp;

	if (!s)
		s = "";
	n = strlen(s);
	putc('"', fp);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t l = seqlen(s + i, n - i, &cp);
		if (l && c >= 0x20 && c != '"' && c != '\\' && cp != 0x2028 && cp != 0x2029) {
			i += l;
			continue;
		}
		fwrite(s + run, 1, i - run, fp);
		if (!l)
			fputs(REPLACEMENT, fp);
		else if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else
			fprintf(fp, "\\u%04x", (unsigned)cp);
		i += l ? l : 1;
		run = i;
	}
	fwrite(s + run, 1, n - run, fp);
	putc('"', fp);
}

static int
isdig(char c)
{
	return c >= '0' && c <= '9';
}

/* 1 when s is a number by RFC 8259's grammar and can be written bare. */
static int
json_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (isdig(*s))
		while (isdig(*s))
			s++;
	else
		return 0;
	if (*s == '.') {
		if (!isdig(*++s))
			return 0;
		while (isdig(*s))
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!isdig(*s))
			return 0;
		while (isdig(*s))
			s++;
	}
	return *s == '\0';
}

/* One object per line, so that a reader (or grep) sees one row a line.
 * OUT_INT/OUT_NUM values are bare numbers and null when empty; a value there
 * that is not a JSON number (a caller's bug) is kept as a string rather than
 * making the whole document invalid. String columns are "" when empty. */
static void
json_row(struct out *w, const char *const *vals)
{
	FILE *fp = w->fp;

	fputs(w->nrows ? ",\n{" : "[\n{", fp);
	for (size_t i = 0; i < w->ncols; i++) {
		const char *v = vals ? vals[i] : NULL;
		if (i)
			putc(',', fp);
		out_json_string(fp, w->cols[i].name);
		putc(':', fp);
		if (w->cols[i].type == OUT_STR)
			out_json_string(fp, v);
		else if (!v || !*v)
			fputs("null", fp);
		else if (json_number(v))
			fputs(v, fp);
		else
			out_json_string(fp, v);
	}
	putc('}', fp);
}

/* ---- table ---- */

static const char *
label(const struct out *w, size_t i)
{
	const struct out_col *c = &w->cols[i];

	if (w->o.lang == LANG_ZH && c->label_zh && *c->label_zh)
		return c->label_zh;
	return c->name ? c->name : "";
}

/* Cleans a cell for a terminal into w->buf: tab, CR and LF become a space so a
 * row stays on one line; other control characters (which could move the cursor
 * or start an escape sequence) and invalid bytes become U+FFFD. */
static void
table_clean(struct out *w, const char *s)
{
	size_t n = s ? strlen(s) : 0, i = 0;
	uint32_t cp;

	w->buf.len = 0;
	while (i < n) {
		size_t l = seqlen(s + i, n - i, &cp);
		if (l && (cp == '\t' || cp == '\r' || cp == '\n')) {
			sb_put(&w->buf, " ", 1);
		} else if (!l || cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
			sb_put(&w->buf, REPLACEMENT, sizeof REPLACEMENT - 1);
		} else {
			sb_put(&w->buf, s + i, l);
		}
		i += l ? l : 1;
	}
}

static void table_fit(struct out *w);
static void table_header(struct out *w);
static void table_cell(struct sbuf *b, const char *s, size_t len, size_t tw, size_t cw, int right);
static void table_emit(struct out *w, struct sbuf *b, const char *code);
static const char *sgr(enum out_style st);

/* A row of a measured table: laid out and written at once. */
static void
table_row_now(struct out *w, const char *const *vals, enum out_style style)
{
	if (w->nrows == 0) { /* the first row: the header goes first */
		table_fit(w);
		table_header(w);
	}
	w->line.len = 0;
	for (size_t i = 0; i < w->ncols; i++) {
		table_clean(w, vals ? vals[i] : NULL);
		if (i)
			sb_spaces(&w->line, 2);
		const char *s = w->buf.p ? w->buf.p : "";
		table_cell(&w->line, s, w->buf.len, text_width(s, w->buf.len), w->colw[i], w->cols[i].type != OUT_STR);
	}
	table_emit(w, &w->line, sgr(style));
}

static void
table_row(struct out *w, const char *const *vals, enum out_style style)
{
	size_t n = w->ncols, bytes = 0;
	struct sbuf text = { 0 };
	struct trow *r;

	if (w->nrows == w->rowcap) {
		w->rowcap = w->rowcap ? w->rowcap * 2 : 64;
		w->rows = xrealloc(w->rows, w->rowcap * sizeof *w->rows);
	}
	r = &w->rows[w->nrows];
	r->style = style;
	/* Clean every cell into one text block first, then lay the cells and the
	 * text out in one allocation: one malloc a row, not one a cell. */
	size_t *lens = xmalloc((n ? n : 1) * sizeof *lens);
	for (size_t i = 0; i < n; i++) {
		table_clean(w, vals ? vals[i] : NULL);
		sb_put(&text, w->buf.p ? w->buf.p : "", w->buf.len);
		lens[i] = w->buf.len;
		bytes += w->buf.len;
	}
	r->cells = xmalloc(n * sizeof *r->cells + bytes + 1);
	char *p = (char *)(r->cells + n);
	if (bytes)
		memcpy(p, text.p, bytes);
	for (size_t i = 0; i < n; i++) {
		struct tcell *c = &r->cells[i];
		c->s = p;
		c->len = lens[i];
		c->w = text_width(p, lens[i]);
		if (c->w > w->colw[i])
			w->colw[i] = c->w;
		p += lens[i];
	}
	free(lens);
	free(text.p);
}

/* Shortens the squeezable columns, widest first, one column at a time, until
 * the table fits width or every one of them is at its minimum. */
static void
table_fit(struct out *w)
{
	size_t total = 0;

	if (w->o.width <= 0 || w->ncols == 0)
		return;
	for (size_t i = 0; i < w->ncols; i++)
		total += w->colw[i] + (i ? 2 : 0);
	size_t *minw = xmalloc(w->ncols * sizeof *minw);
	for (size_t i = 0; i < w->ncols; i++) {
		const char *l = label(w, i);
		size_t lw = text_width(l, strlen(l));
		minw[i] = lw > SQUEEZE_MIN ? lw : SQUEEZE_MIN;
	}
	while (total > (size_t)w->o.width) {
		size_t best = w->ncols;
		for (size_t i = 0; i < w->ncols; i++)
			if (w->cols[i].squeeze && w->colw[i] > minw[i] &&
			    (best == w->ncols || w->colw[i] > w->colw[best]))
				best = i;
		if (best == w->ncols)
			break;
		w->colw[best]--;
		total--;
	}
	free(minw);
}

/* Appends one cell padded to cw columns; a wider text is cut at a character
 * boundary and ends with "…". */
static void
table_cell(struct sbuf *b, const char *s, size_t len, size_t tw, size_t cw, int right)
{
	size_t cut = len, ell = 0;

	if (tw > cw && cw == 0) {
		cut = tw = 0;
	} else if (tw > cw) {
		cut = text_fit(s, len, cw - 1);
		/* "about…" reads better than "about …" */
		while (cut > 0 && s[cut - 1] == ' ')
			cut--;
		tw = text_width(s, cut) + 1;
		ell = 1;
	}
	if (right)
		sb_spaces(b, cw - tw);
	sb_put(b, s, cut);
	if (ell)
		sb_put(b, ELLIPSIS, sizeof ELLIPSIS - 1);
	if (!right)
		sb_spaces(b, cw - tw);
}

static const char *
sgr(enum out_style st)
{
	switch (st) {
	case STYLE_GOOD:
		return "\033[32m";
	case STYLE_WARN:
		return "\033[33m";
	case STYLE_BAD:
		return "\033[31m";
	case STYLE_DIM:
		return "\033[2m";
	default:
		return NULL;
	}
}

/* Writes the line in b without its trailing spaces, wrapped in the SGR
 * codes when colouring, so the padding never counts escape codes. */
static void
table_emit(struct out *w, struct sbuf *b, const char *code)
{
	while (b->len > 0 && b->p[b->len - 1] == ' ')
		b->len--;
	if (w->o.color && code)
		fputs(code, w->fp);
	fwrite(b->p ? b->p : "", 1, b->len, w->fp);
	if (w->o.color && code)
		fputs("\033[0m", w->fp);
	putc('\n', w->fp);
}

static void
table_header(struct out *w)
{
	w->buf.len = 0;
	for (size_t i = 0; i < w->ncols; i++) {
		const char *l = label(w, i);
		size_t n = strlen(l);
		if (i)
			sb_spaces(&w->buf, 2);
		table_cell(&w->buf, l, n, text_width(l, n), w->colw[i], w->cols[i].type != OUT_STR);
	}
	table_emit(w, &w->buf, "\033[1m");
}

static void
table_print(struct out *w)
{
	/* No rows: nothing at all, not even the header, so cron mails nothing.
	 * A measured table has printed its rows already. */
	if (w->nrows == 0 || w->measured)
		return;
	table_fit(w);
	table_header(w);
	for (size_t r = 0; r < w->nrows; r++) {
		w->buf.len = 0;
		for (size_t i = 0; i < w->ncols; i++) {
			const struct tcell *c = &w->rows[r].cells[i];
			if (i)
				sb_spaces(&w->buf, 2);
			table_cell(&w->buf, c->s, c->len, c->w, w->colw[i], w->cols[i].type != OUT_STR);
		}
		table_emit(w, &w->buf, sgr(w->rows[r].style));
	}
}

/* ---- the row model ---- */

struct out *
out_begin(FILE *fp, const struct out_opts *o, const struct out_col *cols, size_t ncols)
{
	struct out *w = xcalloc(1, sizeof *w);

	w->fp = fp;
	w->o = *o;
	w->ncols = ncols;
	/* A copy of the column array: the caller may build it on its stack. The
	 * names it points to must outlive w (they are string literals). */
	w->cols = xmalloc((ncols ? ncols : 1) * sizeof *w->cols);
	if (ncols)
		memcpy(w->cols, cols, ncols * sizeof *cols);
	switch (w->o.format) {
	case OUT_TABLE:
		w->colw = xcalloc(ncols ? ncols : 1, sizeof *w->colw);
		for (size_t i = 0; i < ncols; i++) {
			const char *l = label(w, i);
			w->colw[i] = text_width(l, strlen(l));
		}
		break;
	case OUT_CSV:
		if (w->o.excel)
			fputs("\xEF\xBB\xBF", fp); /* the BOM tells Excel and WPS it is UTF-8 */
		/* fall through */
	case OUT_TSV: {
		const char **names = xmalloc((ncols ? ncols : 1) * sizeof *names);
		for (size_t i = 0; i < ncols; i++)
			names[i] = cols[i].name;
		if (w->o.format == OUT_CSV)
			csv_line(w, names);
		else
			tsv_line(w, names);
		free(names);
		break;
	}
	case OUT_JSON:
		break;
	}
	return w;
}

void
out_measure(struct out *w, const char *const *vals)
{
	if (w->o.format != OUT_TABLE || w->nrows > 0)
		return;
	w->measured = 1;
	for (size_t i = 0; i < w->ncols; i++) {
		table_clean(w, vals ? vals[i] : NULL);
		size_t tw = text_width(w->buf.p ? w->buf.p : "", w->buf.len);
		if (tw > w->colw[i])
			w->colw[i] = tw;
	}
}

void
out_row(struct out *w, const char *const *vals, enum out_style style)
{
	switch (w->o.format) {
	case OUT_TABLE:
		if (w->measured)
			table_row_now(w, vals, style);
		else
			table_row(w, vals, style);
		break;
	case OUT_CSV:
		csv_line(w, vals);
		break;
	case OUT_TSV:
		tsv_line(w, vals);
		break;
	case OUT_JSON:
		json_row(w, vals);
		break;
	}
	w->nrows++;
}

int
out_end(struct out *w)
{
	FILE *fp = w->fp;
	int rc;

	if (w->o.format == OUT_TABLE)
		table_print(w);
	else if (w->o.format == OUT_JSON)
		fputs(w->nrows ? "\n]\n" : "[]\n", fp);
	/* A full disk or a closed pipe must not pass for a complete report:
	 * flush now so the error shows here, not at exit. */
	rc = fflush(fp) != 0 || ferror(fp) ? -1 : 0;
	if (w->rows)
		for (size_t r = 0; r < w->nrows; r++)
			free(w->rows[r].cells);
	free(w->rows);
	free(w->colw);
	free(w->buf.p);
	free(w->line.p);
	free(w->cols);
	free(w);
	return rc;
}

/* ---- options and environment ---- */

int
out_parse_format(const char *s)
{
	static const char *const names[] = { "table", "csv", "tsv", "json" };
	static const enum out_format fmts[] = { OUT_TABLE, OUT_CSV, OUT_TSV, OUT_JSON };

	for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s, names[i]) == 0)
			return (int)fmts[i];
	return -1;
}

/* POSIX precedence: the first of LC_ALL, LC_MESSAGES, LANG that is set and
 * non-empty decides, so LC_ALL=C overrides LANG=zh_CN.UTF-8. */
enum out_lang
out_lang_from_env(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "zh", 2) == 0 ? LANG_ZH : LANG_EN;
	}
	return LANG_EN;
}

/* COLUMNS (a positive decimal number) wins even when fd is not a terminal, so
 * `COLUMNS=60 gkledger status | less` and the tests can fix the width. */
int
out_term_width(int fd)
{
	const char *c = getenv("COLUMNS");
	struct winsize ws;

	if (c && *c) {
		char *end;
		long v = strtol(c, &end, 10);
		if (*end == '\0' && v > 0 && v <= INT_MAX && isdig(c[0]))
			return (int)v;
	}
	if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}

int
out_color_wanted(const char *mode, int fd)
{
	const char *e;

	if (mode && strcmp(mode, "always") == 0)
		return 1;
	if (mode && strcmp(mode, "never") == 0)
		return 0;
	if (mode && strcmp(mode, "auto") != 0)
		return -1;
	if ((e = getenv("NO_COLOR")) != NULL && *e)
		return 0;
	if ((e = getenv("TERM")) != NULL && strcmp(e, "dumb") == 0)
		return 0;
	return isatty(fd) ? 1 : 0;
}

void
out_bar(char *buf, size_t bufsz, double frac, int cols)
{
	/* U+2588 full block, then U+258F..U+2589 for one to seven eighths. */
	static const char *const eighth[8] = {
		"", "\xE2\x96\x8F", "\xE2\x96\x8E", "\xE2\x96\x8D",
		"\xE2\x96\x8C", "\xE2\x96\x8B", "\xE2\x96\x8A", "\xE2\x96\x89",
	};
	size_t len = 0;

	if (bufsz == 0)
		return;
	buf[0] = '\0';
	if (cols <= 0)
		return;
	if (!(frac > 0)) /* also NaN */
		frac = 0;
	if (frac > 1)
		frac = 1;
	long e = (long)(frac * cols * 8 + 0.5);
	for (int col = 0; col < cols; col++, e -= 8) {
		const char *s = e >= 8 ? "\xE2\x96\x88" : e > 0 ? eighth[e] : " ";
		size_t n = strlen(s);
		if (len + n >= bufsz)
			break;
		memcpy(buf + len, s, n);
		len += n;
	}
	buf[len] = '\0';
}
