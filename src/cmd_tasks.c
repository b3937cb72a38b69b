/* cmd_tasks — `tasks`: the task table as gkledger understood it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "diag.h"
#include "ws.h"

/* Joins unit names with ';' (lead_only: only the lead units). */
static char *
join_units(const struct plan *p, const struct task *t, int lead_only)
{
	size_t cap = 64, n = 0;
	char *s = xmalloc(cap);
	s[0] = '\0';
	for (size_t i = 0; i < t->nunits; i++) {
		const struct unit *u = &t->units[i];
		if (lead_only && !u->lead)
			continue;
		const char *name = u->kind == UNIT_ALL ? u->written : p->depts[u->dept].name;
		size_t len = strlen(name);
		while (n + len + 2 > cap)
			s = xrealloc(s, cap *= 2);
		if (n)
			s[n++] = ';';
		memcpy(s + n, name, len + 1);
		n += len;
	}
	return s;
}

int
cmd_tasks(struct opts *o)
{
	static const struct out_col cols[] = {
		{ "id", "序号", OUT_STR, 0 },       { "area", "工作任务", OUT_STR, 1 },
		{ "topic", "分项", OUT_STR, 1 },    { "units", "责任单位", OUT_STR, 1 },
		{ "lead", "牵头单位", OUT_STR, 0 }, { "rule", "规则", OUT_STR, 0 },
		{ "deadline", "时限要求", OUT_STR, 1 },
	};
	struct ws w;
	int rc = EXIT_CLEAN;

	if (ws_load(&w, o, NULL, 0, 0, 0) < 0) {
		ws_free(&w);
		return EXIT_TROUBLE;
	}
	struct out *out = out_begin(stdout, &o->out, cols, sizeof cols / sizeof cols[0]);
	for (size_t i = 0; i < w.plan.ntasks; i++) {
		const struct task *t = &w.plan.tasks[i];
		char rule[RULE_BUFSZ] = "";
		char *units = join_units(&w.plan, t, 0), *lead = join_units(&w.plan, t, 1);
		if (t->rule.kind != RULE_NONE)
			rule_format(&t->rule, rule, sizeof rule);
		const char *vals[] = { t->id, t->area, t->topic, units, lead, rule, t->deadline };
		out_row(out, vals, t->rule.kind == RULE_NONE ? STYLE_BAD : STYLE_PLAIN);
		free(units);
		free(lead);
	}
	if (out_end(out) < 0) {
		cmd_write_error();
		rc = EXIT_TROUBLE;
	}
	if (!rc && (w.unreadable || diag_errors()))
		rc = EXIT_TROUBLE;
	ws_free(&w);
	return rc;
}
