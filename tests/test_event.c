/* Tests for event: every event name, English and Chinese, read alone and as a
 * ledger line reads it (event_parse_line), which must agree. */
#include <check.h>
#include <string.h>

#include "event.h"

extern Suite *event_suite(void);

static const struct {
	const char *s;
	enum event  ev;
} cases[] = {
	{ "formed", EV_FORMED },
	{ "published", EV_PUBLISHED },
	{ "changed", EV_CHANGED },
	{ "issued", EV_ISSUED },
	{ "received", EV_RECEIVED },
	{ "approved", EV_APPROVED },
	{ "done", EV_DONE },
	{ "held", EV_HELD },
	{ "planned", EV_PLANNED },
	{ "progress", EV_PROGRESS },
	{ "形成", EV_FORMED },
	{ "公开", EV_PUBLISHED },
	{ "发布", EV_PUBLISHED },
	{ "变更", EV_CHANGED },
	{ "出台", EV_ISSUED },
	{ "印发", EV_ISSUED },
	{ "收到", EV_RECEIVED },
	{ "批复", EV_APPROVED },
	{ "批准", EV_APPROVED },
	{ "完成", EV_DONE },
	{ "开展", EV_HELD },
	{ "召开", EV_HELD },
	{ "组织", EV_HELD },
	{ "举办", EV_HELD },
	{ "计划", EV_PLANNED },
	{ "进展", EV_PROGRESS },
	/* blanks and tabs around a name are not part of it */
	{ " formed", EV_FORMED },
	{ "published\t", EV_PUBLISHED },
	{ "\t 公开 ", EV_PUBLISHED },
	/* near misses are no event */
	{ "", EV_NONE },
	{ " ", EV_NONE },
	{ "form", EV_NONE },
	{ "formedx", EV_NONE },
	{ "Formed", EV_NONE },
	{ "publishes", EV_NONE },
	{ "publishe", EV_NONE },
	{ "publishedd", EV_NONE },
	{ "doneX", EV_NONE },
	{ "形", EV_NONE },
	{ "形成了", EV_NONE },
	{ "公", EV_NONE },
	{ "formed|published", EV_NONE },
	{ "issue", EV_NONE },
	{ "issuee", EV_NONE },
	{ "changes", EV_NONE },
	{ "recieved", EV_NONE },
	{ "approve", EV_NONE },
	{ "approvedd", EV_NONE },
};

START_TEST(test_names)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = strlen(cases[i].s);
		ck_assert_msg(event_parse(cases[i].s, n) == cases[i].ev, "event_parse(\"%s\") = %d, not %d", cases[i].s,
		              event_parse(cases[i].s, n), cases[i].ev);
		ck_assert_msg(event_parse_line(cases[i].s, n) == cases[i].ev, "event_parse_line(\"%s\") = %d, not %d",
		              cases[i].s, event_parse_line(cases[i].s, n), cases[i].ev);
	}
	/* only the len bytes count: a name inside a longer text */
	ck_assert_int_eq(event_parse_line("formed\tpublished", 6), EV_FORMED);
	ck_assert_int_eq(event_parse_line("published!", 9), EV_PUBLISHED);
	ck_assert_int_eq(event_parse("held up", 4), EV_HELD);
}
END_TEST

/* The English name comes back for each event; a set is written with '|'. */
START_TEST(test_names_back)
{
	ck_assert_str_eq(event_name(EV_FORMED), "formed");
	ck_assert_str_eq(event_name(EV_PROGRESS), "progress");
	ck_assert_str_eq(event_name(EV_NONE), "");
	ck_assert_str_eq(event_name(EV_FORMED | EV_CHANGED), "");
	char buf[64];
	ck_assert_uint_eq(event_format_set(EV_FORMED | EV_CHANGED, buf, sizeof buf), strlen("formed|changed"));
	ck_assert_str_eq(buf, "formed|changed");
}
END_TEST

Suite *
event_suite(void)
{
	Suite *s = suite_create("event");
	TCase *tc = tcase_create("names");
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_names_back);
	suite_add_tcase(s, tc);
	return s;
}
