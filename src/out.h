/* out — one row model, several writers (SPEC §6 "Output").
 *
 * A report declares its columns once and hands rows of strings to the writer
 * chosen by -o: table (for people: aligned by display width, a Chinese
 * character is two columns whatever the locale, fitted to the terminal width,
 * coloured by row style), csv (RFC 4180; excel adds a UTF-8 BOM and CRLF),
 * tsv, json (an array of objects with the columns' English names; OUT_INT and
 * OUT_NUM columns as numbers, null when empty). Writers only format: they never
 * compute. When no row was written: table prints nothing, csv/tsv print the
 * header row, json prints [].
 *
 * Ownership: out_row copies what it keeps (table buffers its rows to measure
 * them); callers may reuse their strings at once.
 *
 * A caller that holds its rows anyway can spare the table that copy: it hands
 * every row to out_measure first, then each again to out_row, and the table
 * prints each row as it comes, its memory not growing with the rows. */
#ifndef OUT_H
#define OUT_H

#include <stddef.h>
#include <stdio.h>

enum out_format { OUT_TABLE, OUT_CSV, OUT_TSV, OUT_JSON };
enum out_type   { OUT_STR, OUT_INT, OUT_NUM };
enum out_lang   { LANG_EN, LANG_ZH };

/* How a table row is coloured (other formats ignore it). */
enum out_style  { STYLE_PLAIN, STYLE_GOOD, STYLE_WARN, STYLE_BAD, STYLE_DIM };

struct out_col {
	const char   *name;     /* stable English column name (csv/tsv/json, and en table label) */
	const char   *label_zh; /* table label under --lang zh */
	enum out_type type;     /* OUT_INT / OUT_NUM are right-aligned in tables */
	int           squeeze;  /* table: may be shortened with "…" to fit the terminal */
};

struct out_opts {
	enum out_format format;
	enum out_lang   lang;
	int             color;  /* table: 1 to use ANSI colours */
	int             excel;  /* csv: BOM + CRLF */
	int             width;  /* table: terminal width to fit, 0 = do not fit */
};

struct out;

struct out *out_begin(FILE *fp, const struct out_opts *o, const struct out_col *cols, size_t ncols);
/* Measures one row for a table's column widths without keeping it (other
 * formats: nothing). Call it for every row before the first out_row; out_row
 * must then get no row wider than those measured. */
void        out_measure(struct out *w, const char *const *vals);
/* One row: ncols strings (NULL means empty). */
void        out_row(struct out *w, const char *const *vals, enum out_style style);
/* Finishes the output (table: prints the buffered rows). Returns 0, or -1 when
 * writing failed (the caller reports it). Frees w. */
int         out_end(struct out *w);

/* Parses "table|csv|tsv|json"; -1 when none. */
int         out_parse_format(const char *s);
/* The language from --lang or else LANG/LC_ALL/LC_MESSAGES (zh* → LANG_ZH). */
enum out_lang out_lang_from_env(void);
/* Width of the terminal on fd (COLUMNS overrides), 0 when fd is not a terminal. */
int         out_term_width(int fd);

/* Whether to colour for --color MODE ("auto", "always", "never"; NULL means
 * "auto") on fd: auto colours only a terminal, and never with NO_COLOR set to a
 * non-empty value or TERM=dumb. Returns 1 or 0, or -1 when MODE is invalid. */
int         out_color_wanted(const char *mode, int fd);
/* Writes into buf (bufsz bytes, always NUL-terminated when bufsz > 0) a bar of
 * cols columns showing frac (clamped to 0..1) in eighths of a column: full
 * blocks U+2588, one partial block U+258F..U+2589, then spaces to cols. A buf
 * too small gets a shorter bar, never a split character. */
void        out_bar(char *buf, size_t bufsz, double frac, int cols);

/* Writers exposed for tests. */
void        out_csv_field(FILE *fp, const char *s, char sep);
void        out_json_string(FILE *fp, const char *s);

#endif
