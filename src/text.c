/* text — UTF-8 code points, display width by East Asian Width, folding for matching. */
#include "text.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/*
 * Width decisions (independent of the locale, so every clerk's table lines up
 * the same way):
 *   - Wide and Fullwidth (East Asian Width W/F) take 2 columns: the ranges in
 *     wide[] below. Emoji in U+1F300-1F64F, U+1F680-1F6FF and U+1F900-1F9FF are
 *     drawn two columns wide by current terminals and count 2 as well.
 *   - Combining marks, zero-width format characters (ZWSP, ZWJ, directional
 *     marks, the BOM), variation selectors and conjoining Hangul jamo take 0:
 *     they join the character before them.
 *   - C0/C1 control characters (U+0000-001F, U+007F-009F), tab included, take 1:
 *     gkledger never prints them raw but as one space each (diag's excerpt
 *     does so for the line under a caret), so 1 keeps carets and columns
 *     aligned.
 *   - Everything else, an unassigned code point included, takes 1.
 */
struct range {
	uint32_t lo, hi;
};

static const struct range zero[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD }, { 0x05BF, 0x05BF },
	{ 0x05C1, 0x05C2 }, { 0x05C4, 0x05C5 }, { 0x05C7, 0x05C7 }, { 0x0610, 0x061A },
	{ 0x064B, 0x065F }, { 0x0670, 0x0670 }, { 0x06D6, 0x06DC }, { 0x06DF, 0x06E4 },
	{ 0x06E7, 0x06E8 }, { 0x06EA, 0x06ED }, { 0x0E31, 0x0E31 }, { 0x0E34, 0x0E3A },
	{ 0x0E47, 0x0E4E }, { 0x1160, 0x11FF }, { 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF },
	{ 0x200B, 0x200F }, { 0x202A, 0x202E }, { 0x2060, 0x2064 }, { 0x20D0, 0x20FF },
	{ 0x302A, 0x302D }, { 0x3099, 0x309A }, { 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F },
	{ 0xFEFF, 0xFEFF }, { 0xE0001, 0xE0001 }, { 0xE0020, 0xE007F }, { 0xE0100, 0xE01EF },
};

static const struct range wide[] = {
	{ 0x1100, 0x115F },   { 0x2E80, 0x303E },   { 0x3041, 0x33FF },   { 0x3400, 0x4DBF },
	{ 0x4E00, 0x9FFF },   { 0xA000, 0xA4CF },   { 0xAC00, 0xD7A3 },   { 0xF900, 0xFAFF },
	{ 0xFE30, 0xFE4F },   { 0xFF00, 0xFF60 },   { 0xFFE0, 0xFFE6 },   { 0x1F300, 0x1F64F },
	{ 0x1F680, 0x1F6FF }, { 0x1F900, 0x1F9FF }, { 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD },
};

/* Bisection over a sorted table of disjoint ranges. */
static int
in_table(uint32_t cp, const struct range *t, size_t n)
{
	size_t lo = 0, hi = n;

	if (cp < t[0].lo || cp > t[n - 1].hi)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < t[mid].lo)
			hi = mid;
		else if (cp > t[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

size_t
text_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;
	size_t len, i;

	if (n == 0)
		return 0;
	c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	/* Strict UTF-8 (Unicode table 3-7): no overlong forms, no surrogates,
	 * nothing past U+10FFFF. */
	if (c < 0xC2)
		return 0;
	else if (c < 0xE0) {
		len = 2;
		c &= 0x1F;
	} else if (c < 0xF0) {
		len = 3;
		c &= 0x0F;
	} else if (c < 0xF5) {
		len = 4;
		c &= 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3F);
	}
	if ((len == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) ||
	    (len == 4 && (c < 0x10000 || c > 0x10FFFF)))
		return 0;
	*cp = c;
	return len;
}

size_t
text_encode(uint32_t cp, char *buf)
{
	unsigned char *u = (unsigned char *)buf;

	/* Callers pass scalar values; anything else becomes U+FFFD rather than
	 * producing invalid UTF-8. */
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (unsigned char)(0xC0 | (cp >> 6));
		u[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (unsigned char)(0xE0 | (cp >> 12));
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	u[0] = (unsigned char)(0xF0 | (cp >> 18));
	u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	u[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

int
text_valid_utf8(const char *s, size_t n, size_t *bad)
{
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		size_t k;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		k = text_decode(s + i, n - i, &cp);
		if (k == 0) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += k;
	}
	return 1;
}

int
text_cp_width(uint32_t cp)
{
	if (cp < 0x300)
		return 1;
	/* Zero-width first: a few combining marks sit inside wide blocks
	 * (U+302A-302D, U+3099-309A). */
	if (in_table(cp, zero, sizeof zero / sizeof zero[0]))
		return 0;
	if (in_table(cp, wide, sizeof wide / sizeof wide[0]))
		return 2;
	return 1;
}

/* One step over s[0..n): the length of the next character (an invalid byte is
 * a character of its own) and its width. */
static size_t
step(const char *s, size_t n, int *w)
{
	uint32_t cp;
	size_t k;

	if ((unsigned char)s[0] < 0x80) {
		*w = text_cp_width((unsigned char)s[0]);
		return 1;
	}
	k = text_decode(s, n, &cp);
	if (k == 0) {
		*w = 1;
		return 1;
	}
	*w = text_cp_width(cp);
	return k;
}

size_t
text_width(const char *s, size_t n)
{
	size_t i = 0, cols = 0;
	int w;

	while (i < n) {
		i += step(s + i, n - i, &w);
		cols += (size_t)w;
	}
	return cols;
}

size_t
text_chars(const char *s, size_t n)
{
	size_t i = 0, count = 0;
	int w;

	while (i < n) {
		i += step(s + i, n - i, &w);
		count++;
	}
	return count;
}

size_t
text_fit(const char *s, size_t n, size_t cols)
{
	size_t i = 0, used = 0;

	/* Zero-width characters after the last one that fits are kept, so a
	 * combining mark stays with its base. */
	while (i < n) {
		int w;
		size_t k = step(s + i, n - i, &w);
		if (used + (size_t)w > cols)
			break;
		used += (size_t)w;
		i += k;
	}
	return i;
}

/* ASCII white space as folding counts it: space, \t \n \v \f \r. */
static int
is_blank(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* The end of the run of white space (ASCII and U+3000) that starts at u[i]. */
static size_t
skip_blanks(const unsigned char *u, size_t i, size_t n)
{
	for (;;) {
		if (i < n && is_blank(u[i]))
			i++;
		else if (n - i >= 3 && u[i] == 0xE3 && u[i + 1] == 0x80 && u[i + 2] == 0x80)
			i += 3;
		else
			return i;
	}
}

/* Copies len <= 16 bytes; everything is loaded before anything is stored, so
 * dst may lie below src in the same buffer (folding in place). */
static inline void
copy_short(char *dst, const char *src, size_t len)
{
	if (len >= 8) {
		uint64_t a, b;
		memcpy(&a, src, 8);
		memcpy(&b, src + len - 8, 8);
		memcpy(dst, &a, 8);
		memcpy(dst + len - 8, &b, 8);
	} else if (len >= 4) {
		uint32_t a, b;
		memcpy(&a, src, 4);
		memcpy(&b, src + len - 4, 4);
		memcpy(dst, &a, 4);
		memcpy(dst + len - 4, &b, 4);
	} else if (len >= 2) {
		uint16_t a, b;
		memcpy(&a, src, 2);
		memcpy(&b, src + len - 2, 2);
		memcpy(dst, &a, 2);
		memcpy(dst + len - 2, &b, 2);
	} else if (len) {
		*dst = *src;
	}
}

#if defined(__SSE2__)
static inline __m128i
load16(const unsigned char *u)
{
	return _mm_loadu_si128((const __m128i *)(const void *)u);
}

/* Bit k: byte k of v may need folding: a blank or control, EF (which leads
 * a full-width form nearly always), or E3 80 80 (U+3000) — not the other E3
 * (〔 》 、 ...), which are copied with the run. The bytes past v are taken
 * to be 80: an E3 at bit 15 is flagged whatever follows, one at bit 14 when
 * byte 15 is 80. */
static inline unsigned
flags_sse2(__m128i v)
{
	const __m128i sp = _mm_set1_epi8(' '), e3 = _mm_set1_epi8((char)0xE3), ef = _mm_set1_epi8((char)0xEF),
	              x80 = _mm_set1_epi8((char)0x80);
	unsigned m = (unsigned)_mm_movemask_epi8(
	        _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, sp), v), _mm_cmpeq_epi8(v, ef)));
	unsigned lead = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, e3)), cont;

	if (!lead)
		return m;
	cont = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, x80)) | 3u << 16;
	return m | (lead & cont >> 1 & cont >> 2);
}
#endif

/* The bytes u[0..r), r <= 16, that may need folding: bit k for u[k]. */
static unsigned
flags_short(const unsigned char *u, size_t r)
{
	unsigned m = 0;

	for (size_t k = 0; k < r; k++)
		if (u[k] <= ' ' || u[k] == 0xE3 || u[k] == 0xEF)
			m |= 1u << k;
	return m;
}

/* The flags of the sixteen bytes at u. */
static inline unsigned
flags16(const unsigned char *u)
{
#if defined(__SSE2__)
	return flags_sse2(load16(u));
#else
	return flags_short(u, 16);
#endif
}

/* The flags of the last r < 16 bytes of u[0..n). With SSE2 it reads the
 * last sixteen bytes, none before u and none at or past u[n]. */
static inline unsigned
flags_tail(const unsigned char *u, size_t n, size_t r)
{
#if defined(__SSE2__)
	if (n >= 16)
		return flags_sse2(load16(u + n - 16)) >> (16 - r);
#endif
	return flags_short(u + n - r, r);
}

/* The ASCII byte that the full-width form at u[0..n) folds to, or 0:
 * U+FF01..U+FF5E are EF BC 81..BF and EF BD 80..9E. */
static inline unsigned char
full_width(const unsigned char *u, size_t n)
{
	unsigned w;

	if (n < 3 || u[0] != 0xEF)
		return 0;
	w = (unsigned)u[1] << 8 | u[2];
	if (w - 0xBC81 < 0x3F)
		return (unsigned char)(w - 0xBC60);
	if (w - 0xBD80 < 0x1F)
		return (unsigned char)(w - 0xBD20);
	return 0;
}

/* Copies sixteen bytes; loads before it stores (see copy_short). */
static inline void
copy16(char *dst, const char *src)
{
	char block[16];

	memcpy(block, src, 16);
	memcpy(dst, block, 16);
}

/* Folds what starts at the flagged byte u[i] onto out[*o]; returns where the
 * next byte to read is. A flag may be false (a control, or a lead byte of an
 * ordinary character): that byte is copied. */
static size_t
fold_at(const unsigned char *u, size_t i, size_t n, char *out, size_t *o)
{
	unsigned char c = full_width(u + i, n - i);
	size_t j;

	if (c) {
		out[(*o)++] = (char)c;
		return i + 3;
	}
	if ((j = skip_blanks(u, i, n)) > i) {
		/* one space for the run, none at either end */
		if (j < n && *o > 0)
			out[(*o)++] = ' ';
		return j;
	}
	out[(*o)++] = (char)u[i];
	return i + 1;
}

/* The flags of the (at most) sixteen bytes from u[i] on. */
static inline unsigned
flags_at(const unsigned char *u, size_t i, size_t n)
{
	return n - i >= 16 ? flags16(u + i) : flags_tail(u, n, n - i);
}

/* text_fold from the first flagged block on, at u[i] with flags m: the
 * output now lags the input. Each block's flagged bytes are folded and the
 * bytes between them copied; stores never pass the read position, and a copy
 * loads before it stores, so s and out may be the same buffer. */
static size_t
fold_from(const unsigned char *u, size_t n, char *out, size_t i, unsigned m)
{
	size_t o = i;

	for (;;) {
		size_t end = n - i < 16 ? n : i + 16, q = i;

		if (!m && end - i == 16) {
			copy16(out + o, (const char *)u + i);
			o += 16;
			q = end;
		}
		while (m) {
			size_t p = i + (size_t)__builtin_ctz(m);
			m &= m - 1;
			if (p < q) /* taken with the white space before */
				continue;
			copy_short(out + o, (const char *)u + q, p - q);
			o += p - q;
			q = fold_at(u, p, n, out, &o);
		}
		if (q < end) {
			copy_short(out + o, (const char *)u + q, end - q);
			o += end - q;
			q = end;
		}
		if ((i = q) >= n)
			break;
		m = flags_at(u, i, n);
	}
	out[o] = '\0';
	return o;
}

/* Most items fold to themselves: out is a copy of s up to the first flagged
 * block, sixteen bytes at a time, the tail as the end of the last sixteen
 * (out[n - 16..i) already holds those bytes). */
size_t
text_fold(const char *s, size_t n, char *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	unsigned m;

	for (; n - i >= 16; i += 16) {
		if ((m = flags16(u + i)) != 0)
			return fold_from(u, n, out, i, m);
		copy16(out + i, s + i);
	}
	if (i < n) {
		if ((m = flags_tail(u, n, n - i)) != 0)
			return fold_from(u, n, out, i, m);
		if (n >= 16)
			copy16(out + n - 16, s + n - 16);
		else
			copy_short(out, s, n);
	}
	out[n] = '\0';
	return n;
}

const char *
text_trim(const char *s, size_t *len)
{
	size_t n = *len;
	for (;;) {
		if (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
			s++;
			n--;
		} else if (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0) {
			s += 3;
			n -= 3;
		} else {
			break;
		}
	}
	for (;;) {
		if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
			n--;
		else if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
			n -= 3;
		else
			break;
	}
	*len = n;
	return s;
}
