/* tsv — the reader every input file goes through (SPEC §2).
 *
 * Lines starting with '#' are comments; blank lines are skipped; before the
 * header row, "# key: value" comments are metadata. The header names the
 * columns, in any order, each by its English name or one of its aliases;
 * unknown and empty-named columns are ignored; a known column named twice is
 * an error [duplicate-column]; a missing required column is an error
 * [missing-column]. Fields are separated by tabs; a field that starts with '"'
 * is Excel-quoted: it may hold tabs, line ends and doubled "" quotes. CRLF line
 * ends and a UTF-8 byte-order mark are accepted. Every field knows its file,
 * line and byte offset for diagnostics.
 *
 * The reader streams: it holds one record (and a read buffer), never the whole
 * file. Decoding from other encodings happens in front of the record splitter
 * (tsv_open's enc), so the splitter only ever sees UTF-8.
 *
 * Ownership: a struct tsv owns everything it returns; strings and cells of a
 * record stay valid until the next tsv_next or tsv_close. */
#ifndef TSV_H
#define TSV_H

#include <stddef.h>

#include "diag.h"

enum tsv_enc { TSV_ENC_AUTO, TSV_ENC_UTF8, TSV_ENC_GB18030, TSV_ENC_UTF16 };

/* One known column of a file's schema. aliases: other accepted header names
 * separated by '|' ("序号|任务"), or NULL. */
struct tsv_col {
	const char *name;
	const char *aliases;
	int         required;
};

struct tsv_cell {
	const char *s;        /* unquoted value, NUL-terminated; "" when absent */
	size_t      len;
	int         present;  /* the column is in the header and the row reaches it */
	long        lineno;   /* physical line where the field starts */
	const char *line;     /* that line's text (no line end), for carets */
	size_t      linelen;
	size_t      off;      /* byte offset of the field in line */
	size_t      rawlen;   /* bytes the field takes in line (quotes included, to line end if it spans lines) */
};

struct tsv_rec {
	long             lineno; /* line where the record starts */
	size_t           nfields; /* fields the row has, known or not */
	struct tsv_cell *cell;   /* one per schema column, in schema order */
};

struct tsv;

/* Opens path ("-": standard input). On failure reports "gkledger: PATH: reason"
 * and returns NULL. */
struct tsv *tsv_open(const char *path, enum tsv_enc enc);
/* Reads from memory (tests, fuzzing); name is used in diagnostics. buf must
 * outlive the reader. */
struct tsv *tsv_open_mem(const char *name, const char *buf, size_t len, enum tsv_enc enc);

/* Reads metadata and the header row and maps the header onto cols. Reports
 * header problems. Returns 0 when records can be read, -1 when not (no header,
 * a required column missing, a read error). */
int  tsv_header(struct tsv *t, const struct tsv_col *cols, size_t ncols);

/* Metadata value for key (NULL when absent); loc, if not NULL, gets its place. */
const char *tsv_meta(const struct tsv *t, const char *key, struct diag_loc *loc);
/* 1 when schema column i is in the header. */
int  tsv_has(const struct tsv *t, size_t i);

/* Reads the next record. Returns 1 with *rec filled, 0 at end of file, -1 on a
 * read or decoding error (reported; reading cannot go on). */
int  tsv_next(struct tsv *t, struct tsv_rec *rec);

/* The place of a cell, or of a record's first line, for diag_at. */
struct diag_loc tsv_cell_loc(const struct tsv *t, const struct tsv_cell *c);
struct diag_loc tsv_rec_loc(const struct tsv *t, const struct tsv_rec *r);

const char  *tsv_name(const struct tsv *t);
enum tsv_enc tsv_encoding(const struct tsv *t); /* the encoding found or forced */
int          tsv_crlf(const struct tsv *t);     /* 1 when the file's first line ended in CRLF */
/* Header names as the file spells them, in file order. */
size_t       tsv_header_count(const struct tsv *t);
const char  *tsv_header_name(const struct tsv *t, size_t i);

void tsv_close(struct tsv *t);

#endif
