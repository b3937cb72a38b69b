/* decode — turns an input file in UTF-8, UTF-16 or GB18030 into a stream of valid UTF-8.
 *
 * The TSV reader sits on top of this module and only ever sees UTF-8 without
 * NUL bytes (SPEC §2, §7). The decoder streams: it holds one 64 KiB raw buffer
 * and a few carried bytes, never the file.
 *
 * Choosing the encoding (TSV_ENC_AUTO): a byte-order mark decides (EF BB BF:
 * UTF-8; FF FE: UTF-16LE; FE FF: UTF-16BE). Without one, the first 64 KiB are
 * examined: valid UTF-8 means UTF-8, anything else GB18030. A character cut by
 * the 64 KiB boundary does not count against UTF-8. When the whole file is
 * shorter than 64 KiB and only its very last character is incomplete, the file
 * counts as UTF-8 if it holds at least one complete multi-byte UTF-8 character
 * (a truncated UTF-8 file), else as GB18030. A GB18030 byte-order mark
 * (84 31 95 33) is skipped like the others. Forced UTF-16 without a mark is
 * big-endian when the file starts with a zero byte followed by a non-zero byte
 * (ASCII text in UTF-16BE), else little-endian (what Windows writes).
 *
 * Conversion from GB18030 and UTF-16 goes through iconv(3).
 *
 * Errors come in file order: dec_read first returns every good byte before the
 * problem, then -1; dec_error tells what the problem was. After -1 the stream
 * is over. A NUL byte in the decoded text is such a problem too, so the reader
 * can report it at its line and column.
 *
 * Ownership: a struct dec owns its buffers and the file descriptor it was
 * given (dec_close closes it unless it is standard input); memory inputs are
 * borrowed and must outlive the decoder. */
#ifndef DECODE_H
#define DECODE_H

#include <stddef.h>
#include <sys/types.h>

#include "tsv.h"

#define DEC_SNIFF ((size_t)64 * 1024) /* bytes examined by auto detection */

enum dec_err {
	DEC_OK,
	DEC_EIO,    /* read(2) failed: errnum */
	DEC_EBAD,   /* bytes that do not decode: bytes[0..nbytes) */
	DEC_ETRUNC, /* the file ends inside a character: bytes[0..nbytes) */
	DEC_ENUL,   /* a NUL character */
	DEC_EICONV  /* iconv_open failed: errnum */
};

struct dec_error {
	enum dec_err  kind;
	int           errnum;
	unsigned char bytes[4];
	int           nbytes;
};

struct dec;

/* Starts decoding fd (mem == NULL) or mem[0..memlen) with encoding enc; reads
 * the first 64 KiB (auto) or the first few bytes (forced) to look for a
 * byte-order mark. Returns 0 and sets *dp, or an errno value (read error) or
 * -1 (iconv cannot convert that encoding; errno tells why). */
int          dec_open(struct dec **dp, int fd, const char *mem, size_t memlen, enum tsv_enc enc);
/* Writes up to cap (at least 4) bytes of valid UTF-8 into out. Returns the
 * number written, 0 at end of input, -1 at the first problem (dec_error). A
 * character is never split between two calls. */
ssize_t      dec_read(struct dec *d, char *out, size_t cap);
const struct dec_error *dec_error(const struct dec *d);
enum tsv_enc dec_encoding(const struct dec *d); /* never TSV_ENC_AUTO */
int          dec_bom(const struct dec *d);       /* 1 when the input began with a byte-order mark */
int          dec_big_endian(const struct dec *d); /* UTF-16 only: 1 for UTF-16BE */
int          dec_guessed(const struct dec *d);   /* 1 when auto chose from the content, not a mark */
/* When auto chose GB18030 from the content: the line holding the first byte
 * that is not UTF-8 (for hints when a UTF-8 file with one bad byte reads as
 * GB18030); else 0. */
long         dec_guess_line(const struct dec *d);
void         dec_close(struct dec *d);

/* Display name of an encoding: "UTF-8", "GB18030", "UTF-16LE"/"UTF-16BE" for d. */
const char  *dec_name(const struct dec *d);

/* Scans s[0..n) as UTF-8. Returns the length of the longest valid prefix
 * without NUL, and in *stop why it ends there: DEC_OK (all of s), DEC_EBAD
 * (an invalid byte), DEC_ETRUNC (s ends inside a character that is valid so
 * far) or DEC_ENUL. ASCII runs go eight bytes at a time. */
size_t       dec_scan_utf8(const char *s, size_t n, enum dec_err *stop);
/* The fast path of dec_scan_utf8 (utf8_simd.c): a length of s at a character
 * boundary up to which s is certainly valid UTF-8 without NUL; 0 when the
 * machine has no vector unit for it or s is short. */
size_t       utf8_simd_prefix(const char *s, size_t n);

/*
 * Additions to the reader's interface (tsv.h is fixed; these belong with it
 * and are implemented in tsv.c).
 */

/* Test hook: the initial read buffer size for readers opened from now on
 * (0: the default, 128 KiB). The buffer still grows to hold one record. */
void  tsv_set_bufsize(size_t n);
/* The longest record accepted, in bytes, its final line end not counted:
 * longer ones are [line-too-long]. */
#define TSV_MAXREC ((size_t)16 * 1024 * 1024)
/* After a successful tsv_header (else it does nothing): from now on an
 * unquoted field's cell points into the reader's buffer
 * instead of a copy, and is not NUL-terminated: the reader that asks for this
 * uses (s, len, present) only, and tsv_cell_loc for a cell's place (the other
 * fields of a cell are not kept up to date). Quoted fields are still copied
 * and terminated. For the ledger reports, which read every line of large
 * files (issue 7). */
void  tsv_borrow_cells(struct tsv *t);
/* 1 when the file began with a byte-order mark (for `add`, which writes back in kind). */
int   tsv_bom(const struct tsv *t);
/* 1 when the file is UTF-16BE (tsv_encoding gives TSV_ENC_UTF16 for both byte orders). */
int   tsv_big_endian(const struct tsv *t);
/* Position in the header row (0-based) of schema column i, or -1 when absent. */
long  tsv_col_pos(const struct tsv *t, size_t i);

#endif
