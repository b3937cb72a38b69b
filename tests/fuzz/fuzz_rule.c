/* fuzz_rule — rule_parse and rule_read. The input is a deadline (or rule)
 * text, a NUL, and the task's requirement text; the first byte gives the plan
 * year (0: unknown, else 2000 + byte % 200).
 *
 * Checks rule.h's promises: a rule read formats within RULE_BUFSZ and
 * rule_parse(rule_format(r)) == r; an error's place lies inside the text. */
#include "fuzz.h"

#include "rule.h"

static void
roundtrip(const struct rule *r)
{
	char buf[RULE_BUFSZ];
	struct rule r2;
	struct rule_err err;
	size_t n = rule_format(r, buf, sizeof buf);

	FUZZ_ASSERT(n > 0 && n < RULE_BUFSZ);
	FUZZ_ASSERT(strlen(buf) == n);
	if (rule_parse(buf, n, &r2, &err) != 0) {
		fprintf(fuzz_stderr(), "rule '%s' does not read back: %s\n", buf, err.msg);
		FUZZ_ASSERT(!"rule_format output reads back");
	}
	FUZZ_ASSERT(rule_equal(r, &r2));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul;
	size_t dlen;
	int year;
	char *deadline, *req = NULL;
	struct rule r;
	struct rule_err err;

	fuzz_quiet();
	if (size < 1)
		return 0;
	year = data[0] ? 2000 + data[0] % 200 : 0;
	data++;
	size--;
	nul = memchr(data, '\0', size);
	dlen = nul ? (size_t)(nul - data) : size;
	deadline = fuzz_copy(data, dlen, 0);
	if (nul)
		req = fuzz_copy(nul + 1, size - dlen - 1, 1);

	memset(&err, 0, sizeof err);
	if (rule_parse(deadline, dlen, &r, &err) == 0) {
		FUZZ_ASSERT(r.kind != RULE_NONE);
		roundtrip(&r);
	} else {
		FUZZ_ASSERT(err.off <= dlen && err.len <= dlen - err.off);
		FUZZ_ASSERT(memchr(err.msg, '\0', sizeof err.msg) != NULL);
	}
	memset(&err, 0, sizeof err);
	if (rule_read(deadline, dlen, req, year, &r, &err) == 0) {
		FUZZ_ASSERT(r.kind != RULE_NONE);
		roundtrip(&r);
	} else {
		FUZZ_ASSERT(err.off <= dlen && err.len <= dlen - err.off);
		FUZZ_ASSERT(memchr(err.msg, '\0', sizeof err.msg) != NULL);
	}
	free(deadline);
	free(req);
	return 0;
}
