/* diag — every message gkledger prints about its input or itself.
 *
 * A problem at a place in an input file prints, on standard error,
 *     FILE:LINE:COL: error: MESSAGE [code]
 *         the offending line
 *                  ^~~~
 * with the caret under the field aligned by display width (a Chinese character
 * is two columns). COL counts characters (code points) from 1. Everything else
 * prints "gkledger: MESSAGE". The module counts what it printed; commands
 * derive their exit status from those counts (SPEC §7). With diag_set_json()
 * located problems are collected and printed as one JSON array by diag_flush_json(). */
#ifndef DIAG_H
#define DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

enum diag_level { DIAG_WARNING, DIAG_ERROR };

/* A place in an input. line/linelen give the physical line (no line end) that
 * holds the field, off the byte offset of the field in it, len its length in
 * bytes (0: point at off). line may be NULL when the text is not at hand. */
struct diag_loc {
	const char *file;
	long        lineno;   /* 1-based; 0 = the whole file */
	const char *line;
	size_t      linelen;
	size_t      off;
	size_t      len;
};

void diag_set_quiet(int quiet);   /* -q: warnings are counted but not printed */
void diag_set_strict(int strict); /* --strict: warnings count as errors */
void diag_set_json(int json);     /* collect located problems for diag_flush_json */
void diag_set_stream(FILE *fp);   /* where messages go; stderr by default (tests) */
/* 1: from now on nothing is printed or counted (a look-ahead read); 0: ends
 * that. Calls nest: each 1 needs its 0. */
void diag_mute(int mute);
/* In the calling thread, messages go to fp (NULL: back to the stream). */
void diag_capture(FILE *fp);
/* Writes messages captured earlier where messages go now. */
void diag_put_captured(const char *buf, size_t n);

/* Reports a problem at loc (may be NULL for a file-less message). code is the
 * stable problem code without brackets ("unknown-task"), or NULL. */
void diag_at(enum diag_level lv, const struct diag_loc *loc, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag_vat(enum diag_level lv, const struct diag_loc *loc, const char *code, const char *fmt, va_list ap);

/* "gkledger: MESSAGE" on standard error: an error or a warning not tied to a place. */
void diag_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void diag_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "gkledger: MESSAGE" and exit(2): allocation failure, a system error. */
_Noreturn void diag_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

size_t diag_errors(void);   /* errors reported so far (warnings under --strict included) */
size_t diag_warnings(void); /* warnings reported so far */
void   diag_reset(void);    /* forget counts and collected problems (tests) */

/* Prints the collected problems as a JSON array to fp. */
void diag_flush_json(FILE *fp);

/* Character column (1-based) of byte offset off in line. */
size_t diag_column(const char *line, size_t linelen, size_t off);

/* Allocation that never returns NULL: on failure the program ends with a message. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
