/* Tests for plan: units as the plan writes them, departments, aliases, groups,
 * wildcards, task ids, 同上, rule overrides. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cal.h"
#include "diag.h"
#include "plan.h"
#include "testutil.h"

extern Suite *plan_suite(void);

static char dir[64];
static char tasks_path[128], depts_path[128];
static struct plan P;
static FILE *msgs;
static char *msgbuf;
static size_t msglen;

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

static void
setup(void)
{
	strcpy(dir, "/tmp/gkplanXXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(tasks_path, sizeof tasks_path, "%s/tasks.tsv", dir);
	snprintf(depts_path, sizeof depts_path, "%s/departments.tsv", dir);
	diag_reset();
	msgs = open_memstream(&msgbuf, &msglen);
	diag_set_stream(msgs);
	cal_init();
	cal_build();
}

static void
teardown(void)
{
	plan_free(&P);
	diag_set_stream(NULL);
	fclose(msgs);
	free(msgbuf);
	diag_reset();
	unlink(tasks_path);
	unlink(depts_path);
	rmdir(dir);
	cal_free();
}

static const char *
messages(void)
{
	fflush(msgs);
	return msgbuf ? msgbuf : "";
}

static const char REGISTRY[] =
	"department\taliases\tgroups\tkind\n"
	"工委管委会办公室\t管委会办公室、高新区管委会办公室\t\t\n"
	"建设局\t\t行业主管部门\t\n"
	"民政和文旅事业中心\t\t\t\n"
	"群众工作部\t\t\t\n"
	"行业主管部门\t\t\tgroup\n"
	"重大行政决策承办单位\t决策承办单位\t\tgroup\n";

/* Units are split on 、，；,; but not on 和; X牵头，Y具体落实 makes X the lead. */
START_TEST(test_units_split_and_lead)
{
	write_file(depts_path, REGISTRY);
	write_file(tasks_path,
	           "# year: 2023\n"
	           "id\tunits\tdeadline\n"
	           "1\t建设局、民政和文旅事业中心\t长期坚持\n"
	           "2\t建设局，群众工作部;民政和文旅事业中心\t长期坚持\n"
	           "3\t群众工作部牵头，重大行政决策承办单位具体落实\t长期坚持\n"
	           "4\t管委会办公室\t长期坚持\n");
	ck_assert_int_eq(plan_load(&P, tasks_path, depts_path, TSV_ENC_AUTO), 0);
	ck_assert_uint_eq(diag_errors(), 0);
	ck_assert_uint_eq(P.ntasks, 4);
	ck_assert_uint_eq(P.tasks[0].nunits, 2);
	ck_assert_str_eq(P.depts[P.tasks[0].units[1].dept].name, "民政和文旅事业中心"); /* 和 does not split */
	ck_assert_uint_eq(P.tasks[1].nunits, 3);
	const struct task *t3 = &P.tasks[2];
	ck_assert_uint_eq(t3->nunits, 2);
	ck_assert_int_eq(t3->units[0].lead, 1);
	ck_assert_str_eq(P.depts[t3->units[0].dept].name, "群众工作部");
	ck_assert_int_eq(t3->units[1].lead, 0);
	ck_assert_int_eq(t3->units[1].kind, UNIT_GROUP);
	/* an alias resolves to the canonical name */
	ck_assert_str_eq(P.depts[P.tasks[3].units[0].dept].name, "工委管委会办公室");
	ck_assert_int_eq(plan_dept(&P, "高新区管委会办公室"), plan_dept(&P, "工委管委会办公室"));
	ck_assert_int_eq(plan_dept(&P, "决策承办单位"), plan_dept(&P, "重大行政决策承办单位"));
}
END_TEST

/* Who a task names: directly, through a group with members, by a wildcard. */
START_TEST(test_responsibility)
{
	write_file(depts_path, REGISTRY);
	write_file(tasks_path,
	           "id\tunits\tdeadline\n"
	           "1\t行业主管部门\t长期坚持\n"
	           "2\t各有关单位\t长期坚持\n"
	           "3\t重大行政决策承办单位\t长期坚持\n"
	           "4\t建设局\t长期坚持\n");
	ck_assert_int_eq(plan_load(&P, tasks_path, depts_path, TSV_ENC_AUTO), 0);
	int js = plan_dept(&P, "建设局"), mz = plan_dept(&P, "民政和文旅事业中心");
	ck_assert(plan_names(&P, &P.tasks[0], js));   /* member of 行业主管部门 */
	ck_assert(!plan_names(&P, &P.tasks[0], mz));
	ck_assert(plan_names(&P, &P.tasks[1], js) && plan_names(&P, &P.tasks[1], mz)); /* wildcard */
	ck_assert(!plan_names(&P, &P.tasks[2], js));  /* a group without members names nobody... */
	ck_assert(plan_open_group(&P, &P.tasks[2], NULL)); /* ...its ledgers decide */
	ck_assert(!plan_open_group(&P, &P.tasks[0], NULL));
	ck_assert(!plan_names(&P, &P.tasks[3], mz));
}
END_TEST

/* With a registry, a typo is an error at its place, not a new department. */
START_TEST(test_unknown_department)
{
	write_file(depts_path, REGISTRY);
	write_file(tasks_path, "id\tunits\tdeadline\n1\t建设局、建设句\t长期坚持\n");
	plan_load(&P, tasks_path, depts_path, TSV_ENC_AUTO);
	ck_assert_uint_eq(diag_errors(), 1);
	ck_assert_ptr_nonnull(strstr(messages(), "tasks.tsv:2:7: error: '建设句'"));
	ck_assert_ptr_nonnull(strstr(messages(), "[unknown-department]"));
	ck_assert_int_eq(plan_dept(&P, "建设句"), -1);
}
END_TEST

/* Without a registry, named units become departments; 单位/部门 names are groups. */
START_TEST(test_no_registry)
{
	write_file(tasks_path, "id\tunits\tdeadline\n1\t建设局、舆情涉及单位\t长期坚持\n");
	ck_assert_int_eq(plan_load(&P, tasks_path, NULL, TSV_ENC_AUTO), 0);
	ck_assert_uint_eq(diag_errors(), 0);
	ck_assert_int_eq(P.depts[plan_dept(&P, "建设局")].is_group, 0);
	ck_assert_int_eq(P.depts[plan_dept(&P, "舆情涉及单位")].is_group, 1);
}
END_TEST

/* Ids: duplicates are errors; numeric ids sort numerically before the others. */
START_TEST(test_ids)
{
	write_file(tasks_path, "id\tunits\tdeadline\n2\t建设局\t长期坚持\n2\t建设局\t长期坚持\n10\t建设局\t长期坚持\n");
	plan_load(&P, tasks_path, NULL, TSV_ENC_AUTO);
	ck_assert_ptr_nonnull(strstr(messages(), "tasks.tsv:3:1: error: task id '2' is already used on line 2 [duplicate-id]"));
	ck_assert_uint_eq(P.ntasks, 2);
	ck_assert_int_eq(plan_task(&P, "10"), 1);
	ck_assert_int_eq(plan_task(&P, "11"), -1);
	ck_assert_int_lt(plan_cmp_ids("2", "10"), 0);
	ck_assert_int_lt(plan_cmp_ids("44", "B1"), 0);
	ck_assert_int_lt(plan_cmp_ids("B1", "B2"), 0);
	ck_assert_int_eq(plan_cmp_ids("7", "7"), 0);
}
END_TEST

/* Ids written as small decimals are found by a table, the rest by a hash:
 * both give the task whose id is exactly the text. */
START_TEST(test_small_ids)
{
	static const struct {
		const char *id;
		int         v;
	} cases[] = {
		{ "1", 1 },    { "9", 9 },     { "10", 10 },  { "99", 99 }, { "100", 100 }, { "255", 255 },
		{ "256", 0 },  { "999", 0 },   { "1000", 0 }, { "0", 0 },   { "00", 0 },     { "01", 0 },
		{ "007", 0 },  { "1a", 0 },    { "a1", 0 },   { "1.", 0 },  { "1 ", 0 },     { " 1", 0 },
		{ "-1", 0 },   { "+1", 0 },    { "１", 0 },   { "", 0 },    { "12/", 0 },    { "1:", 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_msg(plan_small_id(cases[i].id, strlen(cases[i].id)) == cases[i].v, "plan_small_id(\"%s\") = %d, not %d",
		              cases[i].id, plan_small_id(cases[i].id, strlen(cases[i].id)), cases[i].v);
	/* only the n bytes count */
	ck_assert_int_eq(plan_small_id("12x", 2), 12);
	ck_assert_int_eq(plan_small_id("1234", 3), 123);

	write_file(tasks_path, "id\tunits\tdeadline\n"
	                       "1\t建设局\t长期坚持\n01\t建设局\t长期坚持\n255\t建设局\t长期坚持\n"
	                       "256\t建设局\t长期坚持\n1.1\t建设局\t长期坚持\nA7\t建设局\t长期坚持\n"
	                       "7\t建设局\t长期坚持\n");
	plan_load(&P, tasks_path, NULL, TSV_ENC_AUTO);
	ck_assert_uint_eq(P.ntasks, 7);
	static const char *const ids[] = { "1", "01", "255", "256", "1.1", "A7", "7" };
	for (int i = 0; i < 7; i++) {
		ck_assert_int_eq(plan_task(&P, ids[i]), i);
		ck_assert_int_eq(plan_task_n(&P, ids[i], strlen(ids[i])), i);
	}
	static const char *const absent[] = { "2", "001", "254", "257", "1.2", "A", "70", "" };
	for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++)
		ck_assert_msg(plan_task(&P, absent[i]) == -1, "task '%s' found", absent[i]);
	ck_assert_int_eq(plan_task_n(&P, "255\t", 3), 2);
	ck_assert_int_eq(plan_task_n(&P, "70", 1), 6);
}
END_TEST

/* 同上 repeats the deadline above; a rule column wins and warns when it differs. */
START_TEST(test_deadlines)
{
	char buf[RULE_BUFSZ];
	write_file(tasks_path,
	           "# year: 2023\n# issued: 2023-07-25\n"
	           "id\tunits\tdeadline\trule\tpoints\n"
	           "1\t建设局\t2023年10月底前完成\t\t\n"
	           "2\t建设局\t同上\t\t3\n"
	           "3\t建设局\t2023年10月底前完成\tby 2023-11-30\t\n"
	           "4\t建设局\t长期坚持\tongoing\t\n");
	ck_assert_int_eq(plan_load(&P, tasks_path, NULL, TSV_ENC_AUTO), 0);
	ck_assert_uint_eq(diag_errors(), 0);
	ck_assert_uint_eq(diag_warnings(), 1);
	ck_assert_ptr_nonnull(strstr(messages(), "[rule-override]"));
	rule_format(&P.tasks[1].rule, buf, sizeof buf);
	ck_assert_str_eq(buf, "by 2023-10-31");
	ck_assert_int_eq(P.tasks[1].points, 3);
	ck_assert_int_eq(P.tasks[0].points, 1);
	rule_format(&P.tasks[2].rule, buf, sizeof buf);
	ck_assert_str_eq(buf, "by 2023-11-30");
	ck_assert_int_eq(P.year, 2023);
	ck_assert_int_eq(P.anchor, date_from_ymd(2023, 7, 25));
}
END_TEST

/* Chinese column names, in another order. */
START_TEST(test_chinese_header)
{
	write_file(tasks_path, "时限要求\t责任单位\t序号\t工作要求\n长期坚持\t建设局\t7\t做好某事\n");
	ck_assert_int_eq(plan_load(&P, tasks_path, NULL, TSV_ENC_AUTO), 0);
	ck_assert_uint_eq(P.ntasks, 1);
	ck_assert_str_eq(P.tasks[0].id, "7");
	ck_assert_str_eq(P.tasks[0].requirement, "做好某事");
	ck_assert_int_eq(P.tasks[0].rule.kind, RULE_ONGOING);
}
END_TEST

Suite *
plan_suite(void)
{
	Suite *s = suite_create("plan");
	TCase *tc = tcase_create("plan");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_units_split_and_lead);
	tcase_add_test(tc, test_responsibility);
	tcase_add_test(tc, test_unknown_department);
	tcase_add_test(tc, test_no_registry);
	tcase_add_test(tc, test_ids);
	tcase_add_test(tc, test_small_ids);
	tcase_add_test(tc, test_deadlines);
	tcase_add_test(tc, test_chinese_header);
	suite_add_tcase(s, tc);
	return s;
}
