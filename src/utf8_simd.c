/* utf8_simd — the fast path of UTF-8 validation: 32 bytes a step with AVX2.
 *
 * The method is the "lookup" algorithm of J. Keiser and D. Lemire,
 * "Validating UTF-8 In Less Than One Instruction Per Byte", Software:
 * Practice and Experience 51(5), 2021 (arXiv:2010.03090): every byte is
 * classified by three 16-entry tables (the high and low nibble of the byte
 * before it, the high nibble of the byte itself), whose AND is nonzero exactly
 * where a two-byte pattern is invalid, and the bytes that must be the 2nd or
 * 3rd continuation of a 3- or 4-byte character are checked against the
 * "two continuations" bit. Written here from the paper's description.
 *
 * This file only says how far the text is certainly good; dec_scan_utf8
 * (decode.c) goes on from there byte by byte, so the exact place and kind of a
 * problem, and the text's last few bytes, are always judged by one scalar
 * routine. Machines without AVX2 (checked at run time) and other compilers
 * get 0: everything is scalar. */
#include "decode.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

/* Bits of the tables: which problem a pair of bytes may show. */
enum {
	TOO_SHORT = 0x01,  /* a lead byte or ASCII where a continuation is due */
	TOO_LONG = 0x02,   /* a continuation after ASCII */
	OVERLONG_3 = 0x04, /* E0 80..9F */
	TOO_LARGE = 0x08,  /* F4 90.. and F5.. */
	SURROGATE = 0x10,  /* ED A0..BF */
	OVERLONG_2 = 0x20, /* C0, C1 */
	TOO_LARGE_1000 = 0x40, /* F5..FF 80..8F; shares its bit with OVERLONG_4 */
	OVERLONG_4 = 0x40, /* F0 80..8F */
	TWO_CONTS = 0x80,  /* a continuation after a continuation */
	CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS
};

#define TABLE16(...) _mm256_setr_epi8(__VA_ARGS__, __VA_ARGS__)

/* x shifted by k bytes towards the end, the last k bytes of prev coming in. */
#define PREV(x, prev, k) _mm256_alignr_epi8((x), _mm256_permute2x128_si256((prev), (x), 0x21), 16 - (k))

__attribute__((target("avx2"))) static int
block_bad(__m256i in, __m256i prev)
{
	const __m256i lo4 = _mm256_set1_epi8(0x0F);
	const __m256i b1_high = TABLE16(TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
	                                TOO_LONG, (char)TWO_CONTS, (char)TWO_CONTS, (char)TWO_CONTS, (char)TWO_CONTS,
	                                TOO_SHORT | OVERLONG_2, TOO_SHORT, TOO_SHORT | OVERLONG_3 | SURROGATE,
	                                TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4);
	const __m256i b1_low = TABLE16((char)(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4),
	                               (char)(CARRY | OVERLONG_2), (char)CARRY, (char)CARRY,
	                               (char)(CARRY | TOO_LARGE), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
	                               (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
	                               (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
	                               (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
	                               (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
	                               (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
	                               (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
	                               (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
	                               (char)(CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE),
	                               (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
	                               (char)(CARRY | TOO_LARGE | TOO_LARGE_1000));
	const __m256i b2_high = TABLE16(TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
	                                TOO_SHORT, TOO_SHORT,
	                                (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 |
	                                       OVERLONG_4),
	                                (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE),
	                                (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
	                                (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
	                                TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT);
	__m256i p1 = PREV(in, prev, 1), p2 = PREV(in, prev, 2), p3 = PREV(in, prev, 3);
	__m256i sc = _mm256_and_si256(
	        _mm256_and_si256(_mm256_shuffle_epi8(b1_high, _mm256_and_si256(_mm256_srli_epi16(p1, 4), lo4)),
	                         _mm256_shuffle_epi8(b1_low, _mm256_and_si256(p1, lo4))),
	        _mm256_shuffle_epi8(b2_high, _mm256_and_si256(_mm256_srli_epi16(in, 4), lo4)));
	/* bytes two after a 111xxxxx lead or three after a 1111xxxx lead must be
	 * continuations: exactly there TWO_CONTS is expected */
	__m256i must = _mm256_or_si256(_mm256_subs_epu8(p2, _mm256_set1_epi8(0xE0 - 0x80)),
	                               _mm256_subs_epu8(p3, _mm256_set1_epi8((char)(0xF0 - 0x80))));
	__m256i err = _mm256_xor_si256(_mm256_and_si256(must, _mm256_set1_epi8((char)0x80)), sc);
	/* a NUL byte stops the fast path too; the scalar routine reports it */
	err = _mm256_or_si256(err, _mm256_cmpeq_epi8(in, _mm256_setzero_si256()));
	return !_mm256_testz_si256(err, err);
}

__attribute__((target("avx2"))) static size_t
avx2_prefix(const unsigned char *s, size_t n)
{
	__m256i prev = _mm256_setzero_si256();
	size_t i = 0;

	while (i + 32 <= n) {
		__m256i in = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
		if (block_bad(in, prev))
			break;
		prev = in;
		i += 32;
	}
	/* Every character that ends before i is checked; one that starts in the
	 * last three bytes may run past i and is left to the scalar routine. */
	for (size_t k = 1; k <= 3 && k <= i; k++) {
		if (s[i - k] < 0x80)
			return i - k + 1;
		if (s[i - k] >= 0xC0)
			return i - k;
	}
	return i;
}

size_t
utf8_simd_prefix(const char *s, size_t n)
{
	if (n < 64 || !__builtin_cpu_supports("avx2"))
		return 0;
	return avx2_prefix((const unsigned char *)s, n);
}

#else

size_t
utf8_simd_prefix(const char *s, size_t n)
{
	(void)s;
	(void)n;
	return 0;
}

#endif
