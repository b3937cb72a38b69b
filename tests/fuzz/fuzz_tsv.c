/* fuzz_tsv — the decoder and the TSV reader: tsv_open_mem in each encoding,
 * the header against a fixed schema (a ledger's or a task table's), then every
 * record. Checks what tsv.h and decode.h promise about what comes out: values
 * are UTF-8 without NUL, places lie inside their lines.
 *
 * Input: one flag byte, then the file.
 *   bits 0-1  encoding: auto, utf-8, gb18030, utf-16
 *   bit 2     a small read buffer (4 + 7 * bits 4-7 bytes), to cross refills
 *   bit 3     collect diagnostics as JSON (diag_set_json) and print them
 *   bit 4     the task table's schema instead of a ledger's (only without bit 2) */
#include "fuzz.h"

#include "decode.h"
#include "text.h"
#include "tsv.h"

static const struct tsv_col ledger_cols[] = {
	{ "task", "任务|序号", 1 },     { "date", "日期", 1 },         { "event", "事项", 1 },
	{ "item", "信息名称", 0 },      { "period", "年度", 0 },       { "section", "责任科室", 0 },
	{ "evidence", "佐证材料", 0 },  { "note", "备注", 0 },
};
static const struct tsv_col task_cols[] = {
	{ "id", "序号", 1 },            { "area", "工作任务", 0 },     { "topic", "分项", 0 },
	{ "requirement", "工作要求", 0 }, { "units", "责任单位", 1 },  { "deadline", "时限要求", 0 },
	{ "rule", "规则", 0 },          { "points", "扣分", 0 },
};

static void
check_loc(const struct diag_loc *loc)
{
	FUZZ_ASSERT(loc->lineno >= 1);
	FUZZ_ASSERT(loc->line != NULL);
	FUZZ_ASSERT(loc->off <= loc->linelen);
	FUZZ_ASSERT(loc->len <= loc->linelen - loc->off);
	FUZZ_ASSERT(memchr(loc->line, '\n', loc->linelen) == NULL);
	/* the line is decoded text: valid UTF-8 */
	FUZZ_ASSERT(text_valid_utf8(loc->line, loc->linelen, NULL));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned flags;
	const struct tsv_col *cols;
	size_t ncols;
	struct tsv *t;
	struct tsv_rec rec;
	char *buf;
	long last = 0;
	int r;

	fuzz_quiet();
	if (size < 1)
		return 0;
	flags = data[0];
	data++;
	size--;
	if (flags & 16 && !(flags & 4)) {
		cols = task_cols;
		ncols = sizeof task_cols / sizeof task_cols[0];
	} else {
		cols = ledger_cols;
		ncols = sizeof ledger_cols / sizeof ledger_cols[0];
	}
	tsv_set_bufsize(flags & 4 ? 4 + 7 * (flags >> 4) : 0);
	diag_set_json(!!(flags & 8));
	buf = fuzz_copy(data, size, 0);
	t = tsv_open_mem("fuzz.tsv", buf, size, (enum tsv_enc)(flags & 3));
	if (t) {
		if (tsv_header(t, cols, ncols) == 0) {
			struct diag_loc loc;
			const char *v = tsv_meta(t, "department", &loc);
			if (v) {
				FUZZ_ASSERT(text_valid_utf8(v, strlen(v), NULL));
				check_loc(&loc);
				diag_at(DIAG_WARNING, &loc, "fuzz", "metadata '%s'", v);
			}
			for (size_t i = 0; i < tsv_header_count(t); i++)
				FUZZ_ASSERT(tsv_header_name(t, i) != NULL);
			while ((r = tsv_next(t, &rec)) > 0) {
				FUZZ_ASSERT(rec.lineno > last);
				last = rec.lineno;
				for (size_t k = 0; k < ncols; k++) {
					const struct tsv_cell *c = &rec.cell[k];
					FUZZ_ASSERT(c->s != NULL);
					FUZZ_ASSERT(strlen(c->s) == c->len);
					FUZZ_ASSERT(text_valid_utf8(c->s, c->len, NULL));
					FUZZ_ASSERT(!c->present || tsv_has(t, k));
					FUZZ_ASSERT(c->lineno >= rec.lineno);
					loc = tsv_cell_loc(t, c);
					check_loc(&loc);
					diag_at(k & 1 ? DIAG_ERROR : DIAG_WARNING, &loc, "fuzz", "cell %zu '%s'", k, c->s);
				}
				loc = tsv_rec_loc(t, &rec);
				FUZZ_ASSERT(loc.lineno == rec.lineno);
			}
			FUZZ_ASSERT(tsv_next(t, &rec) == r || r < 0);
		}
		(void)tsv_encoding(t);
		(void)tsv_crlf(t);
		(void)tsv_bom(t);
		(void)tsv_big_endian(t);
		tsv_close(t);
	}
	tsv_set_bufsize(0);
	if (flags & 8) {
		diag_flush_json(stdout);
		diag_set_json(0);
	}
	diag_reset();
	free(buf);
	return 0;
}
