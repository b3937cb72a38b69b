/* Tests for text: UTF-8 decoding and encoding, display width, fitting, folding. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "text.h"

extern Suite *text_suite(void);

static const struct {
	const char *s;
	size_t      width, chars;
} widths[] = {
	{ "", 0, 0 },
	{ "abc", 3, 3 },
	{ "中文", 4, 2 },
	{ "ab中c", 5, 4 },
	{ "ＡＢＣ１２３", 12, 6 },               /* full-width forms */
	{ "　", 2, 1 },                          /* U+3000 ideographic space */
	{ "，；、。", 8, 4 },                    /* full-width and CJK punctuation */
	{ "〔2023〕12号", 12, 9 },
	{ "淄高新管办字〔2023〕12号", 24, 15 },
	{ "e\xCC\x81", 1, 2 },                  /* e + combining acute */
	{ "\xE3\x81\x8B\xE3\x82\x99", 2, 2 },   /* か + combining voiced mark U+3099 */
	{ "a\xE2\x80\x8B" "b", 2, 3 },          /* zero-width space */
	{ "\xEF\xBB\xBF" "x", 1, 2 },           /* BOM is zero width */
	{ "😀", 2, 1 },
	{ "🚀", 2, 1 },
	{ "한국", 4, 2 },
	{ "ｶﾀ", 2, 2 },                          /* half-width katakana */
	{ "￥", 2, 1 },                          /* U+FFE5 full-width yen */
	{ "½é", 2, 2 },
	{ "\xFF", 1, 1 },                        /* invalid byte: one column, one char */
	{ "a\xE4\xB8", 3, 3 },                   /* truncated sequence: two invalid bytes */
	{ "a\tb", 3, 3 },                        /* control: one column */
	{ "𠀀", 2, 1 },                          /* U+20000, CJK extension B */
	{ "政务公开 (2023)", 15, 11 },
};

START_TEST(test_width)
{
	const char *s = widths[_i].s;

	ck_assert_msg(text_width(s, strlen(s)) == widths[_i].width, "width of \"%s\": %zu, want %zu",
	              s, text_width(s, strlen(s)), widths[_i].width);
	ck_assert_msg(text_chars(s, strlen(s)) == widths[_i].chars, "chars of \"%s\": %zu, want %zu",
	              s, text_chars(s, strlen(s)), widths[_i].chars);
}
END_TEST

static const struct {
	uint32_t cp;
	int      width;
} cpw[] = {
	{ 0x41, 1 }, { 0x0, 1 }, { 0x7F, 1 }, { 0x300, 0 }, { 0x1100, 2 }, { 0x115F, 2 },
	{ 0x1160, 0 }, { 0x2E80, 2 }, { 0x303E, 2 }, { 0x303F, 1 }, { 0x3041, 2 }, { 0x302A, 0 },
	{ 0x4E00, 2 }, { 0x9FFF, 2 }, { 0xA4CF, 2 }, { 0xA4D0, 1 }, { 0xAC00, 2 }, { 0xD7A3, 2 },
	{ 0xD7A4, 1 }, { 0xF900, 2 }, { 0xFE30, 2 }, { 0xFE4F, 2 }, { 0xFE50, 1 }, { 0xFF00, 2 },
	{ 0xFF60, 2 }, { 0xFF61, 1 }, { 0xFFE0, 2 }, { 0xFFE6, 2 }, { 0xFFE7, 1 }, { 0x1F300, 2 },
	{ 0x1F64F, 2 }, { 0x1F650, 1 }, { 0x1F900, 2 }, { 0x20000, 2 }, { 0x2FFFD, 2 },
	{ 0x30000, 2 }, { 0x3FFFD, 2 }, { 0x3FFFE, 1 }, { 0xFE0F, 0 }, { 0x200D, 0 },
};

START_TEST(test_cp_width)
{
	ck_assert_msg(text_cp_width(cpw[_i].cp) == cpw[_i].width, "U+%04X: %d, want %d",
	              (unsigned)cpw[_i].cp, text_cp_width(cpw[_i].cp), cpw[_i].width);
}
END_TEST

static const uint32_t roundtrip[] = {
	0x0, 0x41, 0x7F, 0x80, 0x7FF, 0x800, 0x3000, 0x4E2D, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF,
	0x10000, 0x20000, 0x10FFFF,
};

START_TEST(test_roundtrip)
{
	char buf[4];
	uint32_t cp = 0xFFFFFFFF;
	size_t n = text_encode(roundtrip[_i], buf), m;

	ck_assert_uint_eq(n, roundtrip[_i] < 0x80 ? 1 : roundtrip[_i] < 0x800 ? 2 : roundtrip[_i] < 0x10000 ? 3 : 4);
	m = text_decode(buf, n, &cp);
	ck_assert_uint_eq(m, n);
	ck_assert_uint_eq(cp, roundtrip[_i]);
	/* Any shorter prefix of a multi-byte character is refused. */
	for (size_t k = 1; k < n; k++)
		ck_assert_uint_eq(text_decode(buf, k, &cp), 0);
	ck_assert_int_eq(text_valid_utf8(buf, n, NULL), 1);
}
END_TEST

static const struct {
	const char *s;
	size_t      n, bad; /* bad: offset of the first bad byte, or (size_t)-1 when valid */
} invalid[] = {
	{ "\xC0\x80", 2, 0 },            /* overlong NUL */
	{ "\xC1\xBF", 2, 0 },            /* overlong */
	{ "\xE0\x80\xAF", 3, 0 },        /* overlong 3-byte */
	{ "\xED\xA0\x80", 3, 0 },        /* surrogate U+D800 */
	{ "\xF0\x8F\xBF\xBF", 4, 0 },    /* overlong 4-byte */
	{ "\xF4\x90\x80\x80", 4, 0 },    /* past U+10FFFF */
	{ "\xF5\x80\x80\x80", 4, 0 },
	{ "\x80", 1, 0 },                /* lone continuation */
	{ "\xFF", 1, 0 },
	{ "ab\xE4\xB8", 4, 2 },          /* truncated at the end */
	{ "ab\xE4\x41\x42", 5, 2 },      /* lead byte without continuation */
	{ "中文\xD6\xD0", 8, 6 },        /* GBK 中 after UTF-8 text */
	{ "中文", 6, (size_t)-1 },
	{ "a\0b", 3, (size_t)-1 },       /* NUL is valid UTF-8 */
};

START_TEST(test_invalid)
{
	size_t bad = 12345;
	int ok = text_valid_utf8(invalid[_i].s, invalid[_i].n, &bad);

	if (invalid[_i].bad == (size_t)-1) {
		ck_assert_int_eq(ok, 1);
	} else {
		uint32_t cp;
		ck_assert_int_eq(ok, 0);
		ck_assert_uint_eq(bad, invalid[_i].bad);
		ck_assert_uint_eq(text_decode(invalid[_i].s + bad, invalid[_i].n - bad, &cp), 0);
	}
}
END_TEST

START_TEST(test_encode_nonscalar)
{
	char buf[4];

	/* Surrogates and values past U+10FFFF become U+FFFD, never bad UTF-8. */
	ck_assert_uint_eq(text_encode(0xD800, buf), 3);
	ck_assert_int_eq(memcmp(buf, "\xEF\xBF\xBD", 3), 0);
	ck_assert_uint_eq(text_encode(0x110000, buf), 3);
	ck_assert_int_eq(memcmp(buf, "\xEF\xBF\xBD", 3), 0);
}
END_TEST

static const struct {
	const char *s;
	size_t      cols, want; /* want: bytes of the fitting prefix */
} fits[] = {
	{ "中文abc", 0, 0 },
	{ "中文abc", 1, 0 },  /* a wide character never half fits */
	{ "中文abc", 2, 3 },
	{ "中文abc", 3, 3 },
	{ "中文abc", 4, 6 },
	{ "中文abc", 5, 7 },
	{ "中文abc", 7, 9 },
	{ "中文abc", 100, 9 },
	{ "a中", 2, 1 },
	{ "e\xCC\x81x", 1, 3 }, /* the combining mark stays with its base */
	{ "ab\xFF" "c", 3, 3 },
	{ "😀x", 1, 0 },
	{ "", 5, 0 },
};

START_TEST(test_fit)
{
	const char *s = fits[_i].s;
	size_t n = text_fit(s, strlen(s), fits[_i].cols);

	ck_assert_msg(n == fits[_i].want, "fit(\"%s\", %zu) = %zu, want %zu", s, fits[_i].cols, n,
	              fits[_i].want);
}
END_TEST

/* For every width, the prefix is whole characters and fits. */
START_TEST(test_fit_never_splits)
{
	static const char *const samples[] = {
		"政务公开工作方案ＡＢＣ abc 〔2023〕12号😀한국e\xCC\x81",
		"淄博高新区管委会办公室大数据科",
		"a\xE4\xB8\xAD\x62\xFF\xE6\x96", /* \x62 is b */
	};
	const char *s = samples[_i];
	size_t n = strlen(s), total = text_width(s, n);

	for (size_t cols = 0; cols <= total + 2; cols++) {
		size_t k = text_fit(s, n, cols);
		ck_assert_uint_le(text_width(s, k), cols);
		ck_assert(k == n || text_width(s, k) + 2 >= cols); /* nothing more would fit but a wide char */
		if (_i < 2)
			ck_assert_int_eq(text_valid_utf8(s, k, NULL), 1);
		ck_assert(k == n || ((unsigned char)s[k] & 0xC0) != 0x80 || _i == 2);
	}
}
END_TEST

static const struct {
	const char *in, *out;
} folds[] = {
	{ "", "" },
	{ "   ", "" },
	{ "　", "" },
	{ "abc", "abc" },
	{ "  ＡＢＣ１２３（）  ", "ABC123()" },
	{ "a　　b", "a b" },
	{ "\t a \t b \n", "a b" },
	{ "中　文", "中 文" },
	{ "政务 \t　公开", "政务 公开" },
	{ "ｉｄ", "id" },
	{ "！～", "!~" },                   /* U+FF01 and U+FF5E, the ends of the range */
	{ "｟￥", "｟￥" },                 /* U+FF5F and U+FFE5 are not folded */
	{ "〔2023〕12号", "〔2023〕12号" }, /* brackets other than full-width ASCII stay */
	{ "【通知】", "【通知】" },
	{ "a\xFF" "b", "a\xFF" "b" },       /* invalid bytes are copied */
	{ "关于（2023）第１号", "关于(2023)第1号" },
};

START_TEST(test_fold)
{
	const char *in = folds[_i].in;
	size_t n = strlen(in);
	char *out = malloc(n + 1), *inplace = strdup(in);
	size_t k = text_fold(in, n, out);

	ck_assert_str_eq(out, folds[_i].out);
	ck_assert_uint_eq(k, strlen(folds[_i].out));
	/* In place gives the same. */
	k = text_fold(inplace, n, inplace);
	ck_assert_str_eq(inplace, folds[_i].out);
	free(out);
	free(inplace);
}
END_TEST

/* A plain reading of the folding rule, one character at a time: white space
 * (ASCII blanks and U+3000) collapses to one space and is dropped at both
 * ends; U+FF01..U+FF5E become ASCII 0x21..0x7E. */
static size_t
ref_fold(const char *s, size_t n, char *out)
{
	size_t i = 0, o = 0;
	int pending = 0;
	while (i < n) {
		const unsigned char *u = (const unsigned char *)s + i;
		if (u[0] && strchr(" \t\n\r\v\f", u[0])) {
			pending = 1;
			i++;
			continue;
		}
		if (n - i >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) {
			pending = 1;
			i += 3;
			continue;
		}
		if (pending && o)
			out[o++] = ' ';
		pending = 0;
		if (n - i >= 3 && u[0] == 0xEF && (u[1] == 0xBC || u[1] == 0xBD)) {
			unsigned cp = 0xF000u | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
			if ((u[2] & 0xC0) == 0x80 && cp >= 0xFF01 && cp <= 0xFF5E) {
				out[o++] = (char)(cp - 0xFEE0);
				i += 3;
				continue;
			}
		}
		out[o++] = s[i++];
	}
	out[o] = '\0';
	return o;
}

/* Random strings of the characters that matter, long enough for every path
 * of the run search (16, 8 and 1 bytes a step), folded apart and in place. */
START_TEST(test_fold_random)
{
	static const char *chars[] = { "a", "Z", "1", " ", "\t", "\r\n", "\x01", "\xE3\x80\x80" /* U+3000 */,
		                       "\xE3\x80\x94" /* 〔 */, "\xE3\x80\x81" /* 、 */, "\xEF\xBC\xA1" /* Ａ */,
		                       "\xEF\xBC\x88" /* （ */, "\xEF\xBD\x9E" /* ～ U+FF5E */,
		                       "\xEF\xBD\x9F" /* U+FF5F, kept */, "\xEF\xBC\x80" /* U+FF00, kept */,
		                       "\xEF\xBF\xA5" /* ￥, kept */, "\xE4\xB8\xAD" /* 中 */, "\xC3\xA9",
		                       "\xF0\x9F\x98\x80", "\xEF" /* a lone lead byte */, "\xE3 " };
	uint32_t seed = 777;
	char in[400], a[400], b[400];
	for (int iter = 0; iter < 3000; iter++) {
		seed = seed * 1103515245u + 12345u;
		size_t n = random_text(in, (seed >> 8) % 120, chars, NELEM(chars), &seed);
		size_t ka = text_fold(in, n, a), kb = ref_fold(in, n, b);
		ck_assert_str_eq(a, b);
		ck_assert_uint_eq(ka, kb);
		ka = text_fold(in, n, in);
		ck_assert_str_eq(in, b);
		ck_assert_uint_eq(ka, kb);
	}
}
END_TEST

/* Folds in[0..n) apart and in place, compared with ref_fold. Apart, the
 * input is at offset align of an allocation that ends with it, and the
 * output fills its own, so that the sanitizer sees a read past s[n - 1] or a
 * write past out[n]. */
static void
check_fold(const char *in, size_t n, size_t align, const char *what, size_t pos)
{
	char want[256], *src = malloc(align + n ? align + n : 1), *out = malloc(n + 1);
	size_t k = ref_fold(in, n, want);

	memcpy(src + align, in, n);
	ck_assert_msg(text_fold(src + align, n, out) == k && memcmp(out, want, k + 1) == 0,
	              "%s at %zu of %zu (align %zu): \"%s\", want \"%s\"", what, pos, n, align, out, want);
	free(src);
	src = malloc(align + n + 1); /* in place: out[n] is written too */
	memcpy(src + align, in, n);
	ck_assert_msg(text_fold(src + align, n, src + align) == k && memcmp(src + align, want, k + 1) == 0,
	              "%s at %zu of %zu (align %zu), in place: \"%s\", want \"%s\"", what, pos, n, align,
	              src + align, want);
	free(src);
	free(out);
}

/* Pieces that folding changes, and some that only look like it, to be put at
 * every position of every length. */
static const char *const fold_pieces[] = {
	"\xEF\xBC\x88",         /* （ */
	"\xEF\xBC\x81",         /* ！ U+FF01, the first folded */
	"\xEF\xBC\xBF",         /* ＿ U+FF3F, the last after BC */
	"\xEF\xBD\x80",         /* ｀ U+FF40, the first after BD */
	"\xEF\xBD\x9E",         /* ～ U+FF5E, the last folded */
	"\xEF\xBC\x80",         /* U+FF00, kept */
	"\xEF\xBD\x9F",         /* U+FF5F, kept */
	"\xEF\xBF\xA5",         /* ￥, kept */
	"\xEF\xBC",             /* cut short */
	"\xEF",
	"\xE3\x80\x80",         /* U+3000 */
	"\xE3\x80",             /* cut short */
	"\xE3\x80\x94",         /* 〔, kept */
	"\xE3\x80\x80\xE3\x80\x80", /* two U+3000 */
	" ",
	"\t",
	"\r\n",
	"     ",
	"                    ", /* longer than a block */
	" \xE3\x80\x80\t",      /* a mixed run */
	"\x01",                 /* a control, kept */
	"\xEF\xBC\x88\xEF\xBC\x89",             /* （） */
	"\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3", /* ＡＢＣ */
	" \xEF\xBC\x88 ",
};

/* Every length 0..80 at every alignment, with a piece at every position, so
 * that pieces start, end and straddle 16-byte blocks everywhere, including
 * the first and last byte; the filler mixes ASCII, CJK and other CJK
 * punctuation (E3 lead bytes that are not U+3000). */
START_TEST(test_fold_positions)
{
	static const char filler[] = "a\xE4\xB8\xAD\xE3\x80\x94" "1\xE5\x8F\xB7\xE3\x80\x8B" "Zb";
	const char *piece = fold_pieces[_i];
	size_t len = strlen(piece);
	char in[128];

	for (size_t n = 0; n <= 80; n++) {
		for (size_t k = 0; k < n; k++)
			in[k] = filler[(k * 7 + n) % (sizeof filler - 1)];
		for (size_t align = 0; align < 16; align++)
			check_fold(in, n, align, "filler", 0);
		for (size_t pos = 0; pos + len <= n; pos++) {
			char t[128];
			memcpy(t, in, n);
			memcpy(t + pos, piece, len);
			for (size_t align = 0; align < 16; align++)
				check_fold(t, n, align, piece, pos);
		}
	}
}
END_TEST

Suite *text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_width, 0, NELEM(widths));
	tcase_add_loop_test(tc, test_cp_width, 0, NELEM(cpw));
	tcase_add_loop_test(tc, test_roundtrip, 0, NELEM(roundtrip));
	tcase_add_loop_test(tc, test_invalid, 0, NELEM(invalid));
	tcase_add_test(tc, test_encode_nonscalar);
	tcase_add_loop_test(tc, test_fit, 0, NELEM(fits));
	tcase_add_loop_test(tc, test_fit_never_splits, 0, 3);
	tcase_add_loop_test(tc, test_fold, 0, NELEM(folds));
	tcase_add_test(tc, test_fold_random);
	tcase_add_loop_test(tc, test_fold_positions, 0, NELEM(fold_pieces));
	suite_add_tcase(s, tc);
	return s;
}
