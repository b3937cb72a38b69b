/* tsv — the streaming TSV reader: records, quoting, comments, metadata, header mapping (SPEC §2). */
#include "tsv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "decode.h"
#include "diag.h"
#include "text.h"

/*
 * Decisions (see also tsv.h and decode.h):
 *   - A line ends at LF; a CR right before the LF belongs to the line end. A
 *     lone CR elsewhere is data.
 *   - A field is quoted only when its first byte is '"' (a blank before the
 *     quote makes the quote ordinary text). Inside quotes a doubled "" is one
 *     quote, tabs are data and CRLF or LF is kept as "\n". Text between the
 *     closing quote and the next tab ("ab"c) is appended to the value, quotes
 *     in it included, as Excel does: the value is abc.
 *   - A quote that does not close before the end of the file, or within
 *     TSV_MAXREC bytes, is [unterminated-quote] at the field's start; that
 *     record is dropped through the end of the line where the field starts and
 *     reading goes on with the next line.
 *   - A record longer than TSV_MAXREC (16 MiB) is [line-too-long]: the rest of
 *     its line is skipped without being held in memory, and reading goes on.
 *   - A byte that does not decode and a NUL byte end reading ([bad-encoding],
 *     [nul-byte]) at their line and column; records before them are returned.
 *   - Only before the header: "# key: value" (ASCII or full-width colon) is
 *     metadata; the key is trimmed and lowercased (ASCII), may not hold a tab
 *     and is at most 64 bytes; the value is trimmed. A later key replaces an
 *     earlier one.
 *   - Header names are trimmed, white space collapsed, full-width ASCII folded
 *     (text_fold) and compared ASCII-case-insensitively with each column's
 *     name and '|'-separated aliases. The first of two columns with one name
 *     is used.
 *   - Standard input is named "<stdin>" in messages.
 *   - tsv_next before a successful tsv_header returns -1 and prints nothing
 *     (the header's problems were reported already).
 *   - Offsets (off, rawlen) are in bytes of the decoded UTF-8 line; diag turns
 *     them into character columns.
 */

#define DEFBUF  ((size_t)128 * 1024)
#define MAXBUF  (TSV_MAXREC + 64 * 1024)
#define MAXKEY  64

static size_t bufsize_hook; /* tsv_set_bufsize; 0 = DEFBUF */

enum { K_DATA, K_COMMENT, K_BLANK };
enum { S_REC, S_MORE, S_END, S_DECERR, S_UNTERM };

/* One field of the record being read; pointers into buf. */
struct field {
	const char *raw;     /* first byte (the opening quote, if quoted) */
	const char *end;     /* one past the last byte, before the tab or line end */
	const char *close;   /* the closing quote, or NULL when not quoted */
	const char *line;    /* the physical line where the field starts */
	size_t      linelen; /* its length without the line end */
	long        lineno;
};

struct meta {
	char  *key, *val;
	char  *line; /* a copy of the comment line, for diag carets */
	size_t linelen, off, len;
	long   lineno;
};

struct tsv {
	char         *name;
	struct dec   *dec;

	char         *buf;      /* decoded text; [pos, end) not yet consumed */
	size_t        cap, pos, end;
	long          lineno;   /* line number of buf[pos] */
	int           eof;      /* the decoder has nothing more */
	int           decerr;   /* the decoder stopped at a problem at end */
	int           dead;     /* reading cannot go on */
	int           crlf, crlf_known;

	/* The record found by scan: [pos, recend), recnl line ends. */
	size_t        recend;
	long          recnl;
	int           kind;
	struct field *f;
	size_t        nf, fcap;
	const char   *recline;  /* first and last physical lines of the record */
	size_t        reclinelen;
	const char   *lastline;
	size_t        lastlinelen;
	long          lastlineno;
	struct field *open;     /* scan: the quoted field still open at S_MORE/S_UNTERM */

	char         *scratch;  /* values of the current record, NUL-terminated */
	size_t        scap;
	int           borrow;   /* tsv_borrow_cells: unquoted cells point into buf */
	int           direct;   /* borrowed, line ends known, not dead: tsv_next tries scan_direct */
	int           built;    /* scan_direct filled the cells itself (borrowed, after the header) */
	struct dcol {           /* borrowed: a schema column the header has, and where */
		struct tsv_cell *cell;
		size_t           pos;
	}            *dcols;
	size_t        ndirect;

	int           hstate;   /* 0: header not read, 1: read, -1: failed */
	size_t        ncols, nheader;
	char        **hname;
	long         *colmap;   /* header position -> schema column or -1 */
	long         *colpos;   /* schema column -> header position or -1 */
	struct tsv_cell *cell;

	struct meta  *meta;
	size_t        nmeta;
};

void
tsv_set_bufsize(size_t n)
{
	bufsize_hook = n;
}

static struct tsv *
new_tsv(const char *name, struct dec *d)
{
	struct tsv *t = xcalloc(1, sizeof *t);

	t->name = xstrdup(name);
	t->dec = d;
	t->cap = bufsize_hook ? bufsize_hook : DEFBUF;
	if (t->cap < 4)
		t->cap = 4;
	if (t->cap > MAXBUF)
		t->cap = MAXBUF;
	t->buf = xmalloc(t->cap);
	t->lineno = 1;
	return t;
}

/* Reports a failed dec_open for name. */
static void
open_failed(const char *name, int r)
{
	if (r == -1)
		diag_error("%s: iconv cannot convert this encoding to UTF-8: %s", name, strerror(errno));
	else
		diag_error("%s: %s", name, strerror(r));
}

struct tsv *
tsv_open(const char *path, enum tsv_enc enc)
{
	struct dec *d;
	struct stat st;
	int fd, r;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0) {
		/* O_NONBLOCK: opening a FIFO without a writer must not wait for ever */
		diag_error("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0)
		st.st_mode = 0;
	if (S_ISDIR(st.st_mode)) {
		diag_error("%s: %s", path, strerror(EISDIR));
		if (fd != STDIN_FILENO)
			close(fd);
		return NULL;
	}
	if (fd != STDIN_FILENO && !S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode)) {
		/* a FIFO or socket named as a file: read it only on standard input ("-") */
		diag_error("%s: not a regular file: give a FIFO's contents on standard input as '-'", path);
		close(fd);
		return NULL;
	}
	if (fd != STDIN_FILENO) {
		int fl = fcntl(fd, F_GETFL);
		if (fl >= 0)
			(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	}
#ifdef POSIX_FADV_SEQUENTIAL
	if (S_ISREG(st.st_mode))
		(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	if ((r = dec_open(&d, fd, NULL, 0, enc)) != 0) {
		open_failed(path, r);
		if (fd != STDIN_FILENO)
			close(fd);
		return NULL;
	}
	return new_tsv(fd == STDIN_FILENO ? "<stdin>" : path, d);
}

struct tsv *
tsv_open_mem(const char *name, const char *buf, size_t len, enum tsv_enc enc)
{
	struct dec *d;
	int r;

	/* dec reads from memory only when mem is not NULL. */
	if ((r = dec_open(&d, -1, buf ? buf : "", len, enc)) != 0) {
		open_failed(name, r);
		return NULL;
	}
	return new_tsv(name, d);
}

void
tsv_close(struct tsv *t)
{
	size_t i;

	if (!t)
		return;
	dec_close(t->dec);
	for (i = 0; i < t->nheader; i++)
		free(t->hname[i]);
	for (i = 0; i < t->nmeta; i++) {
		free(t->meta[i].key);
		free(t->meta[i].val);
		free(t->meta[i].line);
	}
	free(t->meta);
	free(t->hname);
	free(t->colmap);
	free(t->colpos);
	free(t->dcols);
	free(t->cell);
	free(t->f);
	free(t->scratch);
	free(t->buf);
	free(t->name);
	free(t);
}

/* Moves the unread text to the front, grows the buffer when the unread part
 * fills more than half of it, and reads until the buffer is full or the
 * decoder stops. Filling completely keeps re-scans of a long record few. */
static void
fill(struct tsv *t)
{
	if (t->pos > 0) {
		memmove(t->buf, t->buf + t->pos, t->end - t->pos);
		t->end -= t->pos;
		t->pos = 0;
	}
	if ((t->end > t->cap / 2 || t->cap - t->end < 4) && t->cap < MAXBUF) {
		t->cap = t->cap * 2 < MAXBUF ? t->cap * 2 : MAXBUF;
		t->buf = xrealloc(t->buf, t->cap);
	}
	while (t->cap - t->end >= 4 && !t->eof && !t->decerr) {
		ssize_t r = dec_read(t->dec, t->buf + t->end, t->cap - t->end);
		if (r > 0)
			t->end += (size_t)r;
		else if (r == 0)
			t->eof = 1;
		else
			t->decerr = 1;
	}
}

static struct field *
new_field(struct tsv *t)
{
	if (t->nf == t->fcap) {
		t->fcap = t->fcap ? t->fcap * 2 : 32;
		t->f = xrealloc(t->f, t->fcap * sizeof *t->f);
	}
	return &t->f[t->nf++];
}

/* The first tab in [p, e), or NULL. lim (>= e) ends the bytes that may be
 * read: sixteen at a time (SSE2 is part of every x86-64) even past e, which
 * saves the byte loop in fields shorter than that, most of them. */
static inline const char *
find_tab(const char *p, const char *e, const char *lim)
{
#if defined(__SSE2__)
	const __m128i tab = _mm_set1_epi8('\t');
	for (; p < e && lim - p >= 16; p += 16) {
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)p), tab));
		if (m)
			return p + __builtin_ctz(m) < e ? p + __builtin_ctz(m) : NULL;
	}
#else
	(void)lim;
#endif
	for (; p < e; p++)
		if (*p == '\t')
			return p;
	return NULL;
}

/* Line content end: before the LF at le, and before a CR that precedes it. */
static const char *
line_stop(const char *ls, const char *le)
{
	return le > ls && le[-1] == '\r' ? le - 1 : le;
}

#if defined(__SSE2__)
/* scan_direct has one caller, tsv_next, and the call costs as much as a
 * field: GCC keeps it apart unless told. */
#if defined(__GNUC__) || defined(__clang__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

/* The most fields a line may have to be split by scan_direct. */
#define DIRECT_FIELDS 64

/*
 * The common data line of a reader that borrows its cells, once the header is
 * read, in two steps. First the line is cut: 32 bytes a step (two SSE2
 * loads), one mask for the tabs and the line end, one for quotes; a quote
 * that opens a field (its byte follows a tab, or starts the line) sends the
 * line to the general path. Then the cells of the columns the header has are
 * filled from their fields, or as absent when the line does not reach them.
 * Only a line whose first byte is ordinary (tsv_next checks), with at most
 * DIRECT_FIELDS fields, whose end lies at least 32 bytes before the buffer's
 * end. It returns the line's LF; anything else returns NULL and tsv_next
 * reads the line the general way (read_rec), from its start.
 */
static ALWAYS_INLINE const char *
scan_direct(struct tsv *t, const char *s, const char *e)
{
	const __m128i tab = _mm_set1_epi8('\t'), nl = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"');
	/* cut[k + 1] is the tab or line end after field k, cut[0] the byte
	 * before the line: field k is (cut[k], cut[k + 1]) */
	const char *cut[DIRECT_FIELDS + 1];
	const char *p = s;
	size_t nf = 0;
	uint32_t opens = 1; /* the first byte of the next block opens a field */

	cut[0] = s - 1;
	for (;; p += 32) {
		/* a block adds at most 32 cuts */
		if (e - p < 32 || nf > DIRECT_FIELDS - 32)
			return NULL;
		__m128i v0 = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i v1 = _mm_loadu_si128((const __m128i *)(const void *)(p + 16));
		uint32_t mn = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v0, nl)) |
		              (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v1, nl)) << 16;
		uint32_t mt = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v0, tab)) |
		              (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v1, tab)) << 16;
		uint32_t mq = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v0, quote)) |
		              (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v1, quote)) << 16;
		uint32_t starts = (mt << 1) | opens;
		opens = mt >> 31;
		if (mn) {
			/* the bytes through the line end */
			uint32_t upto = (uint32_t)((2ull << __builtin_ctz(mn)) - 1);
			if (mq & starts & upto)
				return NULL;
			mt = (mt | mn) & upto;
			for (; mt; mt &= mt - 1)
				cut[++nf] = p + __builtin_ctz(mt);
			break;
		}
		if (mq & starts)
			return NULL;
		for (; mt; mt &= mt - 1)
			cut[++nf] = p + __builtin_ctz(mt);
	}

	const char *q = cut[nf], *stop = line_stop(s, q);
	/* the last field ends before a CR: never before its start, as a field
	 * that starts at that CR would follow a tab, not end in CR LF */
	cut[nf] = stop;
	/* (s, len, present) of the columns the header has (the others stay
	 * absent, tsv_borrow_cells): a cell's place follows from the record
	 * (tsv_cell_loc) */
	const struct dcol *dc = t->dcols, *dend = dc + t->ndirect;
	for (; dc < dend; dc++) {
		struct tsv_cell *c = dc->cell;
		size_t pos = dc->pos;
		if (pos < nf) {
			c->s = cut[pos] + 1;
			c->len = (size_t)(cut[pos + 1] - c->s);
			c->present = 1;
		} else {
			c->s = "";
			c->len = 0;
			c->present = 0;
		}
	}
	/* what tsv_cell_loc and tsv_rec_loc need; tsv_next moves on */
	t->nf = nf;
	t->built = 1;
	t->recline = s;
	t->reclinelen = (size_t)(stop - s);
	t->lastlineno = t->lineno;
	return q;
}
#endif

/*
 * Finds the record (or comment or blank line) at buf[pos] and splits it into
 * fields. S_MORE: the text ends inside it and more may come; S_DECERR: the
 * text ends inside it at a decoding problem; S_END: nothing left;
 * S_UNTERM: t->open never closes. The common case, a line with no quoted
 * field, costs one memchr for the line end and one per tab.
 */
static int
scan(struct tsv *t)
{
	const char *s = t->buf + t->pos, *e = t->buf + t->end;
	const char *ls = s, *le, *lstop, *p;
	int final = t->eof && !t->decerr;
	int atend = t->decerr ? S_DECERR : S_MORE;
	long ln = t->lineno;

	t->open = NULL;
	t->nf = 0;
	t->built = 0;
	if (s == e)
		return final ? S_END : atend;
	if (!(le = memchr(ls, '\n', (size_t)(e - ls)))) {
		if (!final)
			return atend;
		le = e;
	}
	lstop = line_stop(ls, le);
	if (!t->crlf_known && ln == 1) {
		t->crlf = le < e && lstop < le;
		t->crlf_known = 1;
	}
	t->recline = ls;
	t->reclinelen = (size_t)(lstop - ls);
	if (*s == '#') {
		t->kind = K_COMMENT;
		goto done;
	}
	for (p = s; p < lstop && (*p == ' ' || *p == '\t'); p++)
		;
	if (p == lstop) {
		t->kind = K_BLANK;
		goto done;
	}
	t->kind = K_DATA;
	for (p = s;;) {
		struct field *f = new_field(t);
		const char *tab;

		f->raw = p;
		f->line = ls;
		f->linelen = (size_t)(lstop - ls);
		f->lineno = ln;
		f->close = NULL;
		if (p < lstop && *p == '"') {
			const char *q = p + 1, *r;

			for (;;) {
				r = memchr(q, '"', (size_t)(e - q));
				if (!r || (r + 1 == e && !final)) {
					t->open = f;
					return final ? S_UNTERM : atend;
				}
				if (r + 1 < e && r[1] == '"') {
					q = r + 2;
					continue;
				}
				break;
			}
			/* Follow the physical lines the quoted text crosses. */
			while (le < r) {
				ls = le + 1;
				ln++;
				if (!(le = memchr(ls, '\n', (size_t)(e - ls)))) {
					if (!final)
						return atend; /* the quote closed: only the line's end is still to come */
					le = e;
				}
			}
			lstop = line_stop(ls, le);
			f->close = r;
			p = r + 1;
		}
		tab = find_tab(p, lstop, e);
		f->end = tab ? tab : lstop;
		if (!tab)
			break;
		p = tab + 1;
	}
done:
	t->lastline = ls;
	t->lastlinelen = (size_t)(lstop - ls);
	t->lastlineno = ln;
	t->recend = (size_t)((le < e ? le + 1 : e) - t->buf);
	t->recnl = ln - t->lineno + (le < e);
	return S_REC;
}

static void
advance(struct tsv *t)
{
	t->pos = t->recend;
	t->lineno += t->recnl;
}

static void
hexbytes(char *out, size_t outsz, const struct dec_error *de)
{
	size_t o = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < de->nbytes && o + 6 < outsz; i++)
		o += (size_t)snprintf(out + o, outsz - o, "%s0x%02X", i ? " " : "",
		                      (unsigned)de->bytes[i]);
}

/* Reports the decoder's problem, which sits at buf[end]. */
static void
report_decerr(struct tsv *t)
{
	const struct dec_error *de = dec_error(t->dec);
	const char *s = t->buf + t->pos, *e = t->buf + t->end, *ls = s, *p;
	struct diag_loc loc;
	long ln = t->lineno;
	char hex[40];

	if (de->kind == DEC_EIO) {
		diag_error("%s: %s", t->name, strerror(de->errnum));
		return;
	}
	for (p = s; p < e && (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++) {
		ln++;
		ls = p + 1;
	}
	loc.file = t->name;
	loc.lineno = ln;
	loc.line = ls;
	loc.linelen = (size_t)(e - ls);
	loc.off = loc.linelen;
	loc.len = 0;
	hexbytes(hex, sizeof hex, de);
	switch (de->kind) {
	case DEC_ENUL:
		diag_at(DIAG_ERROR, &loc, "nul-byte", "NUL byte in the input%s",
		        dec_encoding(t->dec) == TSV_ENC_UTF16 ? ""
		        : " (UTF-16 without a byte-order mark? try --encoding utf-16)");
		break;
	case DEC_ETRUNC:
		diag_at(DIAG_ERROR, &loc, "bad-encoding", "the file ends inside a %s character (%s)",
		        dec_name(t->dec), hex);
		break;
	default:
		if (dec_guessed(t->dec) && dec_encoding(t->dec) == TSV_ENC_GB18030 && dec_guess_line(t->dec) > 0)
			/* most likely a UTF-8 file with one stray byte: say where that byte is */
			diag_at(DIAG_ERROR, &loc, "bad-encoding",
			        "%s %s not decode as GB18030; the file was read as GB18030 because line %ld is not UTF-8: "
			        "if the file is UTF-8, correct line %ld",
			        hex, de->nbytes > 1 ? "do" : "does", dec_guess_line(t->dec), dec_guess_line(t->dec));
		else
			diag_at(DIAG_ERROR, &loc, "bad-encoding", "%s %s not decode as %s%s",
			        hex, de->nbytes > 1 ? "do" : "does", dec_name(t->dec),
			        dec_guessed(t->dec) && dec_encoding(t->dec) == TSV_ENC_UTF8
			        ? " (the file's first 64 KiB read as UTF-8; for GB18030 use --encoding gb18030)"
			        : "");
		break;
	}
}

/* Drops the rest of an over-long line without holding it. */
static void
skip_long(struct tsv *t)
{
	const char *p, *e;

	/* Line ends already passed inside the record (after quoted fields). */
	for (p = t->buf + t->pos, e = t->buf + t->end;
	     p < e && (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++)
		t->lineno++;
	t->pos = t->end;
	for (;;) {
		if (t->pos == t->end) {
			if (t->eof || t->decerr)
				return;
			fill(t);
			continue;
		}
		if ((p = memchr(t->buf + t->pos, '\n', t->end - t->pos)) != NULL) {
			t->pos = (size_t)(p + 1 - t->buf);
			t->lineno++;
			return;
		}
		t->pos = t->end;
	}
}

/* Reports the quoted field t->open that never closes and drops the record
 * through the end of the line where that field starts. */
static void
unterminated(struct tsv *t, int too_long)
{
	const struct field *f = t->open;
	const char *e = t->buf + t->end, *lf;
	struct diag_loc loc = {
		t->name, f->lineno, f->line, f->linelen, (size_t)(f->raw - f->line), 1
	};

	diag_at(DIAG_ERROR, &loc, "unterminated-quote", "this quote never closes%s",
	        too_long ? " within 16 MiB" : "");
	lf = memchr(f->line, '\n', (size_t)(e - f->line));
	t->lineno = f->lineno + (lf != NULL);
	t->pos = lf ? (size_t)(lf + 1 - t->buf) : t->end;
}

/* Is the record found by scan longer than TSV_MAXREC, its line end not
 * counted? (The buffer holds a little more than that, so a record just over
 * the limit can be found whole.) */
static int
rec_too_long(const struct tsv *t)
{
	size_t n = t->recend - t->pos;

	if (n > 0 && t->buf[t->recend - 1] == '\n') {
		n--;
		if (n > 0 && t->buf[t->recend - 2] == '\r')
			n--;
	}
	return n > TSV_MAXREC;
}

static void
report_too_long(const struct tsv *t)
{
	struct diag_loc loc = { t->name, t->lineno, NULL, 0, 0, 0 };
	diag_at(DIAG_ERROR, &loc, "line-too-long", "line longer than %zu MiB; skipped", TSV_MAXREC >> 20);
}

/* Reads the next record, comment or blank line (t->kind). Returns 1, 0 at the
 * end of the file, or -1 when reading cannot go on (reported). */
static int
read_rec(struct tsv *t)
{
	if (t->dead)
		return -1;
	for (;;) {
		switch (scan(t)) {
		case S_REC:
			if (rec_too_long(t)) {
				report_too_long(t);
				advance(t);
				continue;
			}
			return 1;
		case S_END:
			return 0;
		case S_DECERR:
			report_decerr(t);
			t->dead = 1;
			t->direct = 0;
			return -1;
		case S_UNTERM:
			unterminated(t, 0);
			continue;
		case S_MORE:
			break;
		}
		/* One byte of slack: the last may be the CR of a CRLF (a record
		 * found whole is checked by rec_too_long). */
		if (t->end - t->pos > TSV_MAXREC + 1) {
			if (t->open) {
				unterminated(t, 1);
			} else {
				report_too_long(t);
				skip_long(t);
			}
			continue;
		}
		fill(t);
	}
}

/* Writes field f's value into out (room for its raw length + 1) and returns
 * its length. */
static size_t
field_value(const struct field *f, char *out)
{
	const char *p;
	size_t o = 0;

	if (!f->close) {
		o = (size_t)(f->end - f->raw);
		memcpy(out, f->raw, o);
		out[o] = '\0';
		return o;
	}
	/* Every quote before close is the first of a doubled pair (scan stops
	 * at the first single one). */
	for (p = f->raw + 1; p < f->close; p++) {
		if (*p == '"')
			p++;
		else if (*p == '\r' && p + 1 < f->close && p[1] == '\n')
			continue;
		out[o++] = *p;
	}
	memcpy(out + o, f->close + 1, (size_t)(f->end - (f->close + 1)));
	o += (size_t)(f->end - (f->close + 1));
	out[o] = '\0';
	return o;
}

/* Bytes the field takes in its first line. */
static size_t
field_rawlen(const struct field *f)
{
	const char *stop = f->line + f->linelen;

	return (size_t)((f->end <= stop ? f->end : stop) - f->raw);
}

static struct diag_loc
field_loc(const struct tsv *t, const struct field *f)
{
	struct diag_loc loc = {
		t->name, f->lineno, f->line, f->linelen, (size_t)(f->raw - f->line), field_rawlen(f)
	};

	return loc;
}

static void
reserve_scratch(struct tsv *t, size_t need)
{
	if (need > t->scap) {
		t->scap = need > 2 * t->scap ? need : 2 * t->scap;
		free(t->scratch);
		t->scratch = xmalloc(t->scap);
	}
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Metadata from a comment line before the header: "# key: value". */
static void
parse_meta(struct tsv *t)
{
	const char *line = t->recline, *s = line + 1, *colon, *fw, *v;
	size_t n = t->reclinelen - 1, klen, vlen, i;
	struct meta *m = NULL;
	char *key;

	colon = memchr(s, ':', n);
	fw = NULL;
	for (const char *p = s; p + 3 <= s + n; p++)
		if (memcmp(p, "\xEF\xBC\x9A", 3) == 0) {
			fw = p;
			break;
		}
	if (!colon || (fw && fw < colon))
		colon = fw;
	if (!colon)
		return;
	klen = (size_t)(colon - s);
	s = text_trim(s, &klen);
	if (klen == 0 || klen > MAXKEY || memchr(s, '\t', klen))
		return;
	v = colon + (*colon == ':' ? 1 : 3);
	vlen = (size_t)(line + t->reclinelen - v);
	v = text_trim(v, &vlen);
	key = xstrndup(s, klen);
	for (i = 0; i < klen; i++)
		key[i] = (char)lower((unsigned char)key[i]);
	for (i = 0; i < t->nmeta; i++)
		if (strcmp(t->meta[i].key, key) == 0) {
			m = &t->meta[i];
			free(m->key);
			free(m->val);
			free(m->line);
			break;
		}
	if (!m) {
		t->meta = xrealloc(t->meta, (t->nmeta + 1) * sizeof *t->meta);
		m = &t->meta[t->nmeta++];
	}
	m->key = key;
	m->val = xstrndup(v, vlen);
	m->line = xstrndup(line, t->reclinelen);
	m->linelen = t->reclinelen;
	m->off = (size_t)(v - line);
	m->len = vlen;
	m->lineno = t->lineno;
}

const char *
tsv_meta(const struct tsv *t, const char *key, struct diag_loc *loc)
{
	for (size_t i = 0; i < t->nmeta; i++) {
		const struct meta *m = &t->meta[i];
		const char *a = m->key, *b = key;

		while (*a && lower((unsigned char)*a) == lower((unsigned char)*b)) {
			a++;
			b++;
		}
		if (*a || *b)
			continue;
		if (loc) {
			loc->file = t->name;
			loc->lineno = m->lineno;
			loc->line = m->line;
			loc->linelen = m->linelen;
			loc->off = m->off;
			loc->len = m->len;
		}
		return m->val;
	}
	return NULL;
}

/* Folded a equals folded b, ASCII letters compared without case. */
static int
same_name(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen != blen)
		return 0;
	for (size_t i = 0; i < alen; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return 0;
	return 1;
}

/* Does the folded header name h match column c's name or an alias? */
static int
col_matches(const struct tsv_col *c, const char *h, size_t hlen, char *tmp)
{
	const char *a, *bar;
	size_t n;

	n = text_fold(c->name, strlen(c->name), tmp);
	if (same_name(h, hlen, tmp, n))
		return 1;
	for (a = c->aliases; a && *a; a = bar ? bar + 1 : NULL) {
		bar = strchr(a, '|');
		n = text_fold(a, bar ? (size_t)(bar - a) : strlen(a), tmp);
		if (n > 0 && same_name(h, hlen, tmp, n))
			return 1;
	}
	return 0;
}

static size_t
col_maxlen(const struct tsv_col *cols, size_t ncols)
{
	size_t m = 0;

	for (size_t i = 0; i < ncols; i++) {
		size_t n = strlen(cols[i].name);
		if (cols[i].aliases && strlen(cols[i].aliases) > n)
			n = strlen(cols[i].aliases);
		if (n > m)
			m = n;
	}
	return m;
}

/* Maps the header record in t->f onto cols. Returns 0, or -1 when a required
 * column is missing. */
static int
map_header(struct tsv *t, const struct tsv_col *cols, size_t ncols)
{
	size_t j, k, rawmax = 0;
	char *tmp, *fold;
	int ok = 0;

	t->nheader = t->nf;
	t->hname = xcalloc(t->nf, sizeof *t->hname);
	t->colmap = xcalloc(t->nf, sizeof *t->colmap);
	for (j = 0; j < t->nf; j++)
		if ((size_t)(t->f[j].end - t->f[j].raw) > rawmax)
			rawmax = (size_t)(t->f[j].end - t->f[j].raw);
	tmp = xmalloc(col_maxlen(cols, ncols) + 1);
	fold = xmalloc(rawmax + 1);
	for (j = 0; j < t->nf; j++) {
		const struct field *f = &t->f[j];
		size_t n;

		t->hname[j] = xmalloc((size_t)(f->end - f->raw) + 1);
		n = field_value(f, t->hname[j]);
		n = text_fold(t->hname[j], n, fold);
		t->colmap[j] = -1;
		if (n == 0)
			continue;
		for (k = 0; k < ncols; k++)
			if (col_matches(&cols[k], fold, n, tmp))
				break;
		if (k == ncols)
			continue;
		if (t->colpos[k] >= 0) {
			struct diag_loc loc = field_loc(t, f);
			diag_at(DIAG_ERROR, &loc, "duplicate-column",
			        "column '%s' is named twice (first as '%s', which is used)",
			        cols[k].name, t->hname[t->colpos[k]]);
			continue;
		}
		t->colpos[k] = (long)j;
		t->colmap[j] = (long)k;
	}
	for (k = 0; k < ncols; k++) {
		if (cols[k].required && t->colpos[k] < 0) {
			struct diag_loc loc = { t->name, t->lineno, t->recline, t->reclinelen, 0, 0 };
			char note[160] = "";
			/* A UTF-8 file with one stray byte near the top reads as
			 * GB18030 and its header as nonsense: say so, once. */
			if (ok == 0 && dec_guess_line(t->dec) > 0)
				snprintf(note, sizeof note, "; the file was read as GB18030 because line %ld is "
				         "not UTF-8 (if the file is UTF-8, fix that line or use --encoding utf-8)",
				         dec_guess_line(t->dec));
			diag_at(DIAG_ERROR, &loc, "missing-column", "the header has no column '%s'%s%s%s%s",
			        cols[k].name, cols[k].aliases ? " (also '" : "",
			        cols[k].aliases ? cols[k].aliases : "", cols[k].aliases ? "')" : "", note);
			ok = -1;
		}
	}
	free(tmp);
	free(fold);
	return ok;
}

int
tsv_header(struct tsv *t, const struct tsv_col *cols, size_t ncols)
{
	int r;

	if (t->hstate)
		return t->hstate > 0 ? 0 : -1;
	t->hstate = -1;
	t->ncols = ncols;
	t->cell = xcalloc(ncols ? ncols : 1, sizeof *t->cell);
	t->colpos = xcalloc(ncols ? ncols : 1, sizeof *t->colpos);
	for (size_t k = 0; k < ncols; k++)
		t->colpos[k] = -1;
	while ((r = read_rec(t)) > 0 && t->kind != K_DATA) {
		if (t->kind == K_COMMENT)
			parse_meta(t);
		advance(t);
	}
	if (r < 0)
		return -1;
	if (r == 0) {
		struct diag_loc loc = { t->name, 0, NULL, 0, 0, 0 };
		diag_at(DIAG_ERROR, &loc, "no-header", "no header row: the file is empty or holds only comments");
		return -1;
	}
	r = map_header(t, cols, ncols);
	advance(t);
	if (r < 0)
		return -1;
	t->hstate = 1;
	return 0;
}

int
tsv_has(const struct tsv *t, size_t i)
{
	return i < t->ncols && t->colpos && t->colpos[i] >= 0;
}

long
tsv_col_pos(const struct tsv *t, size_t i)
{
	return tsv_has(t, i) ? t->colpos[i] : -1;
}

/* Fills rec from the data record in t->f. Absent cells point at the end of
 * the record's last line, where a missing value would go. */
static void
build(struct tsv *t, struct tsv_rec *rec)
{
	size_t o = 0;

	reserve_scratch(t, t->recend - t->pos + t->nf + 1);
	for (size_t i = 0; i < t->ncols; i++) {
		struct tsv_cell *c = &t->cell[i];
		long j = t->colpos[i]; /* below nheader when known */
		if (j < 0 || (size_t)j >= t->nf) {
			c->s = "";
			c->len = 0;
			c->present = 0;
			c->lineno = t->lastlineno;
			c->line = t->lastline;
			c->linelen = t->lastlinelen;
			c->off = t->lastlinelen;
			c->rawlen = 0;
			continue;
		}
		const struct field *f = &t->f[j];
		if (t->borrow && !f->close) {
			c->s = f->raw;
			c->len = (size_t)(f->end - f->raw);
		} else {
			c->s = t->scratch + o;
			c->len = field_value(f, t->scratch + o);
			o += c->len + 1;
		}
		c->present = 1;
		c->lineno = f->lineno;
		c->line = f->line;
		c->linelen = f->linelen;
		c->off = (size_t)(f->raw - f->line);
		c->rawlen = field_rawlen(f);
	}
	rec->lineno = t->lineno;
	rec->nfields = t->nf;
	rec->cell = t->cell;
}

void
tsv_borrow_cells(struct tsv *t)
{
	if (t->borrow || t->hstate <= 0)
		return;
	t->borrow = 1;
	/* scan_direct fills only the cells of the columns the header has: the
	 * others are absent on every line, once */
	t->direct = t->crlf_known && !t->dead;
	t->dcols = xmalloc((t->ncols ? t->ncols : 1) * sizeof *t->dcols);
	for (size_t i = 0; i < t->ncols; i++) {
		if (t->colpos[i] >= 0) {
			t->dcols[t->ndirect++] = (struct dcol){ &t->cell[i], (size_t)t->colpos[i] };
		} else {
			t->cell[i].s = "";
			t->cell[i].len = 0;
			t->cell[i].present = 0;
		}
	}
}

int
tsv_next(struct tsv *t, struct tsv_rec *rec)
{
	int r;

	if (t->hstate <= 0)
		return -1;
#if defined(__SSE2__)
	/* a reader that borrows its cells (the ledger reports): the common line
	 * straight into the cells, past read_rec */
	if (t->direct && t->pos < t->end) {
		/* a line that starts with none of # " blank tab LF CR (all below 64) */
		const uint64_t special = 1ull << '#' | 1ull << '"' | 1ull << ' ' | 1ull << '\t' | 1ull << '\n' | 1ull << '\r';
		const char *s = t->buf + t->pos, *q;
		unsigned char c0 = (unsigned char)*s;
		if ((c0 >= 64 || !(special >> c0 & 1)) && (q = scan_direct(t, s, t->buf + t->end)) != NULL &&
		    (size_t)(q + 1 - s) <= TSV_MAXREC) {
			rec->lineno = t->lineno;
			rec->nfields = t->nf;
			rec->cell = t->cell;
			t->pos = (size_t)(q + 1 - t->buf);
			t->lineno++;
			return 1;
		}
	}
#endif
	while ((r = read_rec(t)) > 0) {
		if (t->kind == K_DATA) {
			build(t, rec);
			advance(t);
			return 1;
		}
		advance(t);
	}
	return r;
}

struct diag_loc
tsv_cell_loc(const struct tsv *t, const struct tsv_cell *c)
{
	if (t->built) { /* a line scan_direct split: one line, cells in place */
		struct diag_loc loc = { t->name, t->lastlineno, t->recline, t->reclinelen,
			                c->present ? (size_t)(c->s - t->recline) : t->reclinelen, c->len };
		return loc;
	}
	struct diag_loc loc = { t->name, c->lineno, c->line, c->linelen, c->off, c->rawlen };

	return loc;
}

struct diag_loc
tsv_rec_loc(const struct tsv *t, const struct tsv_rec *r)
{
	struct diag_loc loc = { t->name, r->lineno, t->recline, t->reclinelen, 0, 0 };

	return loc;
}

const char *
tsv_name(const struct tsv *t)
{
	return t->name;
}

enum tsv_enc
tsv_encoding(const struct tsv *t)
{
	return dec_encoding(t->dec);
}

int
tsv_crlf(const struct tsv *t)
{
	return t->crlf;
}

int
tsv_bom(const struct tsv *t)
{
	return dec_bom(t->dec);
}

int
tsv_big_endian(const struct tsv *t)
{
	return dec_big_endian(t->dec);
}

size_t
tsv_header_count(const struct tsv *t)
{
	return t->nheader;
}

const char *
tsv_header_name(const struct tsv *t, size_t i)
{
	return i < t->nheader ? t->hname[i] : NULL;
}
