/* Runs every check suite collected by mksuites.sh; exit status 0 only when all pass.
 * CK_RUN_SUITE=name / CK_RUN_CASE=name (check's own variables) run a part. */
#include <check.h>
#include <stdlib.h>

extern Suite *(*const test_suites[])(void);

int
main(void)
{
	SRunner *sr = NULL;
	int failed;

	for (size_t i = 0; test_suites[i]; i++) {
		Suite *s = test_suites[i]();
		if (!sr)
			sr = srunner_create(s);
		else
			srunner_add_suite(sr, s);
	}
	if (!sr)
		return EXIT_SUCCESS;
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
