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

/* Length of the white space character at s (ASCII or U+3000), else 0. */
static size_t
space_len(const char *s, size_t n)
{
	switch (s[0]) {
	case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
		return 1;
	}
	if (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

/* Byte tests on eight bytes at once (bytes of 0x80 and above are never "less"). */
#define ONES 0x0101010101010101ULL
#define HAS_LESS(x, k) (((x) - ONES * (k)) & ~(x) & (ONES * 0x80))
#define HAS_ZERO(x) HAS_LESS(x, 1)

/* Flags the bytes of w that need a look: blanks and controls, E3 and EF.
 * The lowest flag is exact (a false one can only follow a true one). */
#define SPECIAL(w) (HAS_LESS(w, 0x21) | HAS_ZERO((w) ^ (ONES * 0xE3)) | HAS_ZERO((w) ^ (ONES * 0xEF)))

/* The length of a run at u[0..n) that folds to itself. It never passes a
 * byte that folding changes; it may stop early, at a lead byte E3 or EF that
 * turns out to start an ordinary character (the caller copies it). Sixteen
 * bytes a step with SSE2, exact there; then eight, the last few as the end of
 * the last eight read again, so no byte loop unless n is below eight. */
static size_t
plain_run(const unsigned char *u, size_t n)
{
	size_t j = 0;
#if defined(__SSE2__)
	/* Here exact, not just lead bytes: a blank or control, U+3000 (E3 80 80),
	 * or EF BC / EF BD (the full-width forms), so that other CJK punctuation
	 * (〔 》 、 ...) does not end a run; the bytes after each are read too. */
	const __m128i sp = _mm_set1_epi8(' '), e3 = _mm_set1_epi8((char)0xE3), ef = _mm_set1_epi8((char)0xEF),
	              x80 = _mm_set1_epi8((char)0x80), xbc = _mm_set1_epi8((char)0xBC), xbd = _mm_set1_epi8((char)0xBD);
#define SPECIAL16(v, v1, v2)                                                                                 \
	((unsigned)_mm_movemask_epi8(_mm_or_si128(                                                               \
	        _mm_cmpeq_epi8(_mm_min_epu8((v), sp), (v)),                                                       \
	        _mm_or_si128(_mm_and_si128(_mm_cmpeq_epi8((v), e3),                                               \
	                                   _mm_and_si128(_mm_cmpeq_epi8((v1), x80), _mm_cmpeq_epi8((v2), x80))), \
	                     _mm_and_si128(_mm_cmpeq_epi8((v), ef),                                               \
	                                   _mm_or_si128(_mm_cmpeq_epi8((v1), xbc), _mm_cmpeq_epi8((v1), xbd)))))))
	for (; j + 18 <= n; j += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + j));
		__m128i v1 = _mm_loadu_si128((const __m128i *)(const void *)(u + j + 1));
		__m128i v2 = _mm_loadu_si128((const __m128i *)(const void *)(u + j + 2));
		unsigned m = SPECIAL16(v, v1, v2);
		if (m)
			return j + (size_t)__builtin_ctz(m);
	}
#undef SPECIAL16
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (n >= 8) {
		uint64_t w, m;
		for (; j + 8 <= n; j += 8) {
			memcpy(&w, u + j, 8);
			if ((m = SPECIAL(w)) != 0)
				return j + (size_t)__builtin_ctzll(m) / 8;
		}
		if (j == n)
			return n;
		memcpy(&w, u + n - 8, 8);
		m = SPECIAL(w) >> (8 * (8 - (n - j)));
		return m ? j + (size_t)__builtin_ctzll(m) / 8 : n;
	}
#endif
	while (j < n && u[j] > ' ' && u[j] != 0xE3 && u[j] != 0xEF)
		j++;
	return j;
}

/* Never writes past the read position, so s and out may be the same buffer.
 * Runs of ordinary bytes are copied whole: only ASCII blanks and the lead
 * bytes E3 (U+3000) and EF (full-width forms) need a look, and this runs once
 * per ledger line. */
size_t
text_fold(const char *s, size_t n, char *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0;
	int pending = 0;

	while (i < n) {
		size_t j = i + plain_run(u + i, n - i);
		if (j > i) {
			if (pending && o > 0)
				out[o++] = ' ';
			pending = 0;
			memmove(out + o, s + i, j - i);
			o += j - i;
			i = j;
			if (i == n)
				break;
		}
		size_t k = space_len(s + i, n - i);
		if (k > 0) {
			pending = 1;
			i += k;
			continue;
		}
		if (pending && o > 0)
			out[o++] = ' ';
		pending = 0;
		/* U+FF01..U+FF5E: EF BC 81..BF and EF BD 80..9E */
		if (u[i] == 0xEF && i + 3 <= n &&
		    ((u[i + 1] == 0xBC && u[i + 2] >= 0x81 && u[i + 2] <= 0xBF) ||
		     (u[i + 1] == 0xBD && u[i + 2] >= 0x80 && u[i + 2] <= 0x9E))) {
			uint32_t cp = 0xFF00u + (u[i + 1] == 0xBC ? u[i + 2] - 0x80u : u[i + 2] - 0x40u);
			out[o++] = (char)(cp - 0xFEE0);
			i += 3;
			continue;
		}
		out[o++] = s[i++];
	}
	out[o] = '\0';
	return o;
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
