/* diag — messages about inputs and the program, counted for the exit status. */
#include "diag.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static int   quiet, strict, json, muted;
static FILE *stream;
static size_t nerrors, nwarnings;
/* Worker threads of a report write their messages into a buffer of their own
 * (diag_capture), printed later in a fixed order; the counts are shared. */
static _Thread_local FILE *capture;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Problems collected for -o json; printed by diag_flush_json. */
struct collected {
	char  *file;
	long   line;
	size_t col;
	int    error;
	char  *code;
	char  *msg;
};
static struct collected *coll;
static size_t ncoll, capcoll;

void diag_set_quiet(int q) { quiet = q; }
void diag_set_strict(int s) { strict = s; }
void diag_set_json(int j) { json = j; }
void diag_set_stream(FILE *fp) { stream = fp; }
/* A depth, so that a muted stretch may call something that mutes too. */
void diag_mute(int m) { muted += m ? 1 : -1; }

static FILE *
out(void)
{
	return capture ? capture : stream ? stream : stderr;
}

void
diag_capture(FILE *fp)
{
	capture = fp;
}

void
diag_put_captured(const char *buf, size_t n)
{
	if (n)
		fwrite(buf, 1, n, out());
}

static void
count(int error)
{
	pthread_mutex_lock(&lock);
	if (error)
		nerrors++;
	else
		nwarnings++;
	pthread_mutex_unlock(&lock);
}

size_t diag_errors(void) { return nerrors; }
size_t diag_warnings(void) { return nwarnings; }

void
diag_reset(void)
{
	for (size_t i = 0; i < ncoll; i++) {
		free(coll[i].file);
		free(coll[i].code);
		free(coll[i].msg);
	}
	free(coll);
	coll = NULL;
	ncoll = capcoll = 0;
	nerrors = nwarnings = 0;
}

size_t
diag_column(const char *line, size_t linelen, size_t off)
{
	if (!line)
		return off + 1;
	if (off > linelen)
		off = linelen;
	return text_chars(line, off) + 1;
}

/* Longest excerpt shown; a longer line is cut to a window around the field. */
#define EXCERPT_COLS 100
#define EXCERPT_LEAD 30

/* Prints the line (tabs shown as one space so the caret stays aligned) and a
 * caret under [off, off+len) measured in display columns. A line wider than
 * EXCERPT_COLS is shown as a window around the field, cut ends marked "…". */
static void
excerpt(FILE *fp, const struct diag_loc *loc)
{
	const char *l = loc->line;
	size_t n = loc->linelen, off = loc->off, len = loc->len;

	if (off > n)
		off = n;
	if (len > n - off)
		len = n - off;
	size_t from = 0, to = n;
	if (text_width(l, n) > EXCERPT_COLS) {
		size_t before = text_width(l, off);
		if (before > EXCERPT_LEAD)
			from = text_fit(l, off, before - EXCERPT_LEAD);
		to = from + text_fit(l + from, n - from, EXCERPT_COLS);
	}
	fputs(from ? "    \xE2\x80\xA6" : "    ", fp);
	for (size_t i = from; i < to; i++) {
		unsigned char c = (unsigned char)l[i];
		fputc(c == '\t' || c == '\r' || c < 0x20 ? ' ' : c, fp);
	}
	fputs(to < n ? "\xE2\x80\xA6\n    " : "\n    ", fp);
	size_t pad = text_width(l + from, off - from) + (from ? 1 : 0);
	for (size_t i = 0; i < pad; i++)
		fputc(' ', fp);
	fputc('^', fp);
	size_t end = off + len < to ? off + len : to;
	size_t w = end > off ? text_width(l + off, end - off) : 1;
	for (size_t i = 1; i < w; i++)
		fputc('~', fp);
	fputc('\n', fp);
}

static void
collect(const struct diag_loc *loc, int error, const char *code, const char *msg)
{
	if (ncoll == capcoll) {
		capcoll = capcoll ? capcoll * 2 : 16;
		coll = xrealloc(coll, capcoll * sizeof *coll);
	}
	struct collected *c = &coll[ncoll++];
	c->file = xstrdup(loc && loc->file ? loc->file : "");
	c->line = loc ? loc->lineno : 0;
	c->col = loc && loc->lineno ? diag_column(loc->line, loc->linelen, loc->off) : 0;
	c->error = error;
	c->code = xstrdup(code ? code : "");
	c->msg = xstrdup(msg);
}

void
diag_vat(enum diag_level lv, const struct diag_loc *loc, const char *code, const char *fmt, va_list ap)
{
	char msg[1024];
	int error = lv == DIAG_ERROR || strict;

	if (muted)
		return;
	vsnprintf(msg, sizeof msg, fmt, ap);
	count(error);
	if (json) {
		collect(loc, error, code, msg);
		return;
	}
	if (!error && quiet)
		return;
	FILE *fp = out();
	const char *level = error ? "error" : "warning";
	if (loc && loc->file && loc->lineno > 0)
		fprintf(fp, "%s:%ld:%zu: %s: %s", loc->file, loc->lineno,
		        diag_column(loc->line, loc->linelen, loc->off), level, msg);
	else if (loc && loc->file)
		fprintf(fp, "%s: %s: %s", loc->file, level, msg);
	else
		fprintf(fp, "gkledger: %s: %s", level, msg);
	if (code)
		fprintf(fp, " [%s]", code);
	fputc('\n', fp);
	if (loc && loc->line && loc->lineno > 0)
		excerpt(fp, loc);
}

void
diag_at(enum diag_level lv, const struct diag_loc *loc, const char *code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vat(lv, loc, code, fmt, ap);
	va_end(ap);
}

void
diag_error(const char *fmt, ...)
{
	va_list ap;
	if (muted)
		return;
	count(1);
	fputs("gkledger: ", out());
	va_start(ap, fmt);
	vfprintf(out(), fmt, ap);
	va_end(ap);
	fputc('\n', out());
}

void
diag_warn(const char *fmt, ...)
{
	va_list ap;
	if (muted)
		return;
	count(strict);
	if (!strict && quiet)
		return;
	fputs(strict ? "gkledger: error: " : "gkledger: warning: ", out());
	va_start(ap, fmt);
	vfprintf(out(), fmt, ap);
	va_end(ap);
	fputc('\n', out());
}

_Noreturn void
diag_fatal(const char *fmt, ...)
{
	va_list ap;
	fputs("gkledger: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void
json_str(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c < 0x20)
			fprintf(fp, "\\u%04x", c);
		else
			fputc(c, fp);
	}
	fputc('"', fp);
}

void
diag_flush_json(FILE *fp)
{
	fputc('[', fp);
	for (size_t i = 0; i < ncoll; i++) {
		const struct collected *c = &coll[i];
		fputs(i ? ",\n {\"file\": " : "\n {\"file\": ", fp);
		json_str(fp, c->file);
		fprintf(fp, ", \"line\": %ld, \"column\": %zu, \"severity\": \"%s\", \"code\": ", c->line, c->col,
		        c->error ? "error" : "warning");
		json_str(fp, c->code);
		fputs(", \"message\": ", fp);
		json_str(fp, c->msg);
		fputc('}', fp);
	}
	fputs(ncoll ? "\n]\n" : "]\n", fp);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		diag_fatal("out of memory (%zu bytes)", n);
	return p;
}

void *
xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);
	if (!p)
		diag_fatal("out of memory (%zu x %zu bytes)", n, m);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		diag_fatal("out of memory (%zu bytes)", n);
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}
