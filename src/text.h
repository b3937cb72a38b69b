/* text — UTF-8 handling: decoding code points, display width, folding.
 *
 * All text inside gkledger is UTF-8. Display width follows East Asian Width:
 * Wide and Fullwidth characters (CJK, full-width forms, CJK punctuation) take
 * two columns, combining marks zero, everything else one — independent of the
 * locale, so tables line up the same for every clerk. */
#ifndef TEXT_H
#define TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s (n bytes available). Returns its length in bytes
 * (1-4) and sets *cp; on an invalid or truncated sequence returns 0. */
size_t   text_decode(const char *s, size_t n, uint32_t *cp);
/* Encodes cp as UTF-8 into buf (4 bytes); returns the length. */
size_t   text_encode(uint32_t cp, char *buf);
/* 1 when s[0..n) is valid UTF-8; otherwise 0 and *bad (if not NULL) = offset of the first bad byte. */
int      text_valid_utf8(const char *s, size_t n, size_t *bad);
/* Columns a code point takes on a terminal: 0, 1 or 2. */
int      text_cp_width(uint32_t cp);
/* Columns s[0..n) takes; an invalid byte counts one column. */
size_t   text_width(const char *s, size_t n);
/* Number of code points in s[0..n) (an invalid byte counts as one). */
size_t   text_chars(const char *s, size_t n);
/* Length in bytes of the longest prefix of s[0..n) that fits in cols columns
 * (never splits a character). */
size_t   text_fit(const char *s, size_t n, size_t cols);

/* Trims ASCII blanks (space, tab, CR, LF) and U+3000 from both ends of
 * s[0..*len); returns the new start and sets *len. */
const char *text_trim(const char *s, size_t *len);

/* Normalises an item or name for matching (SPEC §5.1): trims, collapses runs of
 * white space (ASCII and U+3000) to one space, folds full-width ASCII forms
 * (U+FF01..U+FF5E) to ASCII. Writes into out (at least n+1 bytes), which may be
 * s itself; returns length. */
size_t   text_fold(const char *s, size_t n, char *out);

#endif
