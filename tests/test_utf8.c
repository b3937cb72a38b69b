/* Tests for UTF-8 validation (dec_scan_utf8 and its vector fast path): every
 * answer is compared with a plain reading of Unicode's table 3-7, for problems
 * placed at every offset around the fast path's 32-byte blocks. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "testutil.h"

extern Suite *utf8_suite(void);

/* The reference: one character at a time, Unicode 15 table 3-7. */
static size_t
ref_scan(const unsigned char *u, size_t n, enum dec_err *stop)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = u[i], lo = 0x80, hi = 0xBF, len;
		if (c == 0) {
			*stop = DEC_ENUL;
			return i;
		}
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			lo = c == 0xE0 ? 0xA0 : 0x80;
			hi = c == 0xED ? 0x9F : 0xBF;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			lo = c == 0xF0 ? 0x90 : 0x80;
			hi = c == 0xF4 ? 0x8F : 0xBF;
		} else {
			*stop = DEC_EBAD;
			return i;
		}
		for (unsigned k = 1; k < len; k++) {
			if (i + k >= n) {
				*stop = DEC_ETRUNC;
				return i;
			}
			unsigned b = u[i + k];
			if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80) {
				*stop = DEC_EBAD;
				return i;
			}
		}
		i += len;
	}
	*stop = DEC_OK;
	return n;
}

static void
expect_same(const char *buf, size_t n)
{
	enum dec_err s1 = DEC_OK, s2 = DEC_OK;
	size_t r1 = dec_scan_utf8(buf, n, &s1);
	size_t r2 = ref_scan((const unsigned char *)buf, n, &s2);
	ck_assert_uint_eq(r1, r2);
	ck_assert_int_eq(s1, s2);
	/* the fast path never claims more than is good, and never ends inside a character */
	size_t f = utf8_simd_prefix(buf, n);
	ck_assert_uint_le(f, r2);
	ck_assert_uint_eq(ref_scan((const unsigned char *)buf, f, &s2), f);
	ck_assert_int_eq(s2, DEC_OK);
}

/* Sequences put into good text: the valid ones at the edges of each range,
 * and one of each kind of problem. */
static const struct {
	const char *s;
	size_t      len; /* 0: strlen */
} pieces[] = {
	{ "a", 0 },
	{ "\xC2\x80", 0 },                 /* U+0080, the first 2-byte */
	{ "\xDF\xBF", 0 },                 /* U+07FF */
	{ "\xE0\xA0\x80", 0 },             /* U+0800 */
	{ "\xED\x9F\xBF", 0 },             /* U+D7FF, before the surrogates */
	{ "\xEE\x80\x80", 0 },             /* U+E000 */
	{ "\xEF\xBF\xBF", 0 },             /* U+FFFF */
	{ "\xF0\x90\x80\x80", 0 },         /* U+10000 */
	{ "\xF4\x8F\xBF\xBF", 0 },         /* U+10FFFF */
	{ "\xC0\x80", 0 },                 /* overlong NUL */
	{ "\xC1\xBF", 0 },                 /* overlong */
	{ "\xE0\x9F\xBF", 0 },             /* overlong 3-byte */
	{ "\xED\xA0\x80", 0 },             /* a surrogate */
	{ "\xF0\x8F\xBF\xBF", 0 },         /* overlong 4-byte */
	{ "\xF4\x90\x80\x80", 0 },         /* beyond U+10FFFF */
	{ "\xF5\x80\x80\x80", 0 },         /* no such lead byte */
	{ "\xFF", 0 },
	{ "\x80", 0 },                     /* a lone continuation */
	{ "\xE4\xB8", 0 },                 /* a 3-byte character cut short */
	{ "\xE4\xB8\xAD\xAD", 0 },         /* one continuation too many */
	{ "\xF0\x9F\x98", 0 },             /* a 4-byte character cut short */
	{ "\xC2", 0 },                     /* a lead byte alone */
	{ "", 1 },                         /* NUL */
	{ "\xE4\xB8\xAD\xE6\x96\x87", 0 }, /* 中文 */
};

/* Each piece at every offset from 0 to 100 of good text of about 160 bytes,
 * the text Chinese or ASCII, cut at several lengths. */
START_TEST(test_piece_everywhere)
{
	const char *fill = _i % 2 ? "政务公开工作台账" : "ledger..";
	size_t fl = strlen(fill);
	size_t plen = pieces[_i / 2].len ? pieces[_i / 2].len : strlen(pieces[_i / 2].s);
	char buf[256];

	for (size_t at = 0; at <= 100; at++) {
		size_t n = 0;
		while (n <= at) {
			memcpy(buf + n, fill, fl);
			n += fl;
		}
		/* the filler is cut back to a character's start at or before `at` */
		for (n = at; n > 0 && ((unsigned char)buf[n] & 0xC0) == 0x80;)
			n--;
		memcpy(buf + n, pieces[_i / 2].s, plen);
		n += plen;
		while (n + fl <= 160) {
			memcpy(buf + n, fill, fl);
			n += fl;
		}
		for (size_t cut = n; cut + 40 > n && cut > 0; cut -= 7)
			expect_same(buf, cut);
	}
}
END_TEST

/* Random good text with one byte changed, or cut at a random place. */
START_TEST(test_random_damage)
{
	static const char *chars[] = { "a", "\t", "\xC3\xA9", "\xE4\xB8\xAD", "\xEF\xBC\x88", "\xE3\x80\x94",
		                       "\xF0\x9F\x98\x80", "1", "\n" };
	uint32_t seed = 12345;
	char buf[512];

	for (int iter = 0; iter < 4000; iter++) {
		seed = seed * 1103515245u + 12345u;
		size_t n = random_text(buf, (seed >> 8) % 400, chars, NELEM(chars), &seed);
		expect_same(buf, n);
		if (n == 0)
			continue;
		seed = seed * 1103515245u + 12345u;
		size_t at = (seed >> 8) % n;
		seed = seed * 1103515245u + 12345u;
		buf[at] = (char)(seed >> 16);
		expect_same(buf, n);
		expect_same(buf, at + 1);
	}
}
END_TEST

/* Long good text, with every edge of table 3-7, goes through the fast path
 * where the machine has one (a false alarm there would only cost time, so it
 * is tested here). */
START_TEST(test_long_valid)
{
	static const char unit[] = "\xE4\xB8\xAD" "ab\xC3\xA9" "\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF"
	                           "\xEE\x80\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF\xE1\x80\x80";
	char buf[4096];
	size_t n = 0, ul = strlen(unit);

	while (n + ul + (size_t)_i <= sizeof buf) {
		memcpy(buf + n, unit, ul);
		n += ul;
	}
	/* shifted by _i ASCII bytes, every character meets every block edge */
	memmove(buf + _i, buf, n);
	memset(buf, 'x', (size_t)_i);
	n += (size_t)_i;
	enum dec_err st;
	ck_assert_uint_eq(dec_scan_utf8(buf, n, &st), n);
	ck_assert_int_eq(st, DEC_OK);
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
	if (__builtin_cpu_supports("avx2"))
		ck_assert_uint_ge(utf8_simd_prefix(buf, n), n - 35);
#endif
}
END_TEST

Suite *utf8_suite(void)
{
	Suite *s = suite_create("utf8");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_piece_everywhere, 0, 2 * NELEM(pieces));
	tcase_add_test(tc, test_random_damage);
	tcase_add_loop_test(tc, test_long_valid, 0, 32);
	suite_add_tcase(s, tc);
	return s;
}
