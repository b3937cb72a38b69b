/* plan — reads tasks.tsv and departments.tsv into tasks, units, departments and groups. */
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "text.h"

static const char *const wildcards[] = { "各有关单位", "各相关责任单位", "各部门", "各单位" };

int
plan_is_wildcard(const char *name)
{
	for (size_t i = 0; i < sizeof wildcards / sizeof wildcards[0]; i++)
		if (strcmp(name, wildcards[i]) == 0)
			return 1;
	return 0;
}

static char *
trimdup(const char *s, size_t len)
{
	s = text_trim(s, &len);
	return xstrndup(s, len);
}

/* A task id made only of ASCII digits. */
static int
numeric_id(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int
plan_cmp_ids(const char *a, const char *b)
{
	int numa = numeric_id(a), numb = numeric_id(b);
	if (numa && numb) {
		/* compared as numbers of any length: leading zeros dropped, then the longer is larger */
		while (*a == '0' && a[1])
			a++;
		while (*b == '0' && b[1])
			b++;
		size_t la = strlen(a), lb = strlen(b);
		if (la != lb)
			return la < lb ? -1 : 1;
		int c = strcmp(a, b);
		return c < 0 ? -1 : c > 0;
	}
	if (numa != numb)
		return numa ? -1 : 1;
	return strcmp(a, b);
}

/* --- task id lookup: open addressing over the ids --- */

static size_t
hash_n(const char *s, size_t n)
{
	size_t h = 1469598103934665603u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

static size_t
hash(const char *s)
{
	return hash_n(s, strlen(s));
}

/* Adds task i to the id table, growing it to stay at most half full. */
static void
index_add(struct plan *p, size_t i)
{
	if (!p->idx || (p->ntasks + 1) * 2 > p->idxcap) {
		free(p->idx);
		p->idxcap = p->idxcap ? p->idxcap * 2 : 64;
		while (p->idxcap < (p->ntasks + 1) * 2)
			p->idxcap *= 2;
		p->idx = xmalloc(p->idxcap * sizeof *p->idx);
		for (size_t k = 0; k < p->idxcap; k++)
			p->idx[k] = -1;
		for (size_t k = 0; k < i; k++)
			index_add(p, k);
	}
	int v = plan_small_id(p->tasks[i].id, strlen(p->tasks[i].id));
	if (v > 0) /* ids are unique: a duplicate is rejected before it is indexed */
		p->bynum[v] = (int)i + 1;
	size_t h = hash(p->tasks[i].id) & (p->idxcap - 1);
	while (p->idx[h] >= 0)
		h = (h + 1) & (p->idxcap - 1);
	p->idx[h] = (int)i;
}

int
plan_task(const struct plan *p, const char *id)
{
	return plan_task_n(p, id, strlen(id));
}

int
plan_task_hashed(const struct plan *p, const char *id, size_t n)
{
	if (!p->idx)
		return -1;
	for (size_t h = hash_n(id, n) & (p->idxcap - 1);; h = (h + 1) & (p->idxcap - 1)) {
		if (p->idx[h] < 0)
			return -1;
		/* ids are short: compared in place, no call */
		const char *t = p->tasks[p->idx[h]].id;
		size_t k = 0;
		while (k < n && t[k] == id[k])
			k++;
		if (k == n && t[n] == '\0')
			return p->idx[h];
	}
}

/* --- departments --- */

int
plan_dept(const struct plan *p, const char *name)
{
	for (size_t i = 0; i < p->ndepts; i++) {
		const struct dept *d = &p->depts[i];
		if (strcmp(d->name, name) == 0)
			return (int)i;
		for (size_t k = 0; k < d->naliases; k++)
			if (strcmp(d->aliases[k], name) == 0)
				return (int)i;
	}
	return -1;
}

static int
new_dept(struct plan *p, const char *name, int is_group)
{
	if (p->ndepts == p->capdepts) {
		p->capdepts = p->capdepts ? p->capdepts * 2 : 16;
		p->depts = xrealloc(p->depts, p->capdepts * sizeof *p->depts);
	}
	struct dept *d = &p->depts[p->ndepts];
	memset(d, 0, sizeof *d);
	d->name = xstrdup(name);
	d->is_group = is_group;
	return (int)p->ndepts++;
}

int
plan_add_dept(struct plan *p, const char *name)
{
	int i = plan_dept(p, name);
	return i >= 0 ? i : new_dept(p, name, 0);
}

/* Splits a 、-separated cell (also ，；,;) calling fn for each trimmed, non-empty piece. */
static void
split_list(const char *s, void (*fn)(void *, const char *, size_t, size_t), void *arg)
{
	static const char *const seps[] = { "\xE3\x80\x81", "\xEF\xBC\x8C", "\xEF\xBC\x9B", ",", ";" };
	size_t start = 0, i = 0, n = strlen(s);
	while (i <= n) {
		size_t seplen = 0;
		if (i == n) {
			seplen = 1;
		} else {
			for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
				size_t l = strlen(seps[k]);
				if (i + l <= n && memcmp(s + i, seps[k], l) == 0) {
					seplen = l;
					break;
				}
			}
		}
		if (seplen) {
			size_t len = i - start;
			const char *piece = text_trim(s + start, &len);
			if (len)
				fn(arg, piece, len, (size_t)(piece - s));
			i += seplen;
			start = i;
		} else {
			i++;
		}
	}
}

struct strlist {
	char  **v;
	size_t  n;
};

static void
collect_piece(void *arg, const char *s, size_t len, size_t off)
{
	struct strlist *l = arg;
	(void)off;
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = xstrndup(s, len);
}

static int
read_departments(struct plan *p, const char *path, enum tsv_enc enc)
{
	static const struct tsv_col cols[] = {
		{ "department", "部门|名称|单位", 1 },
		{ "aliases", "别名", 0 },
		{ "groups", "所属类别|类别", 0 },
		{ "kind", "类型", 0 },
	};
	struct tsv *t = tsv_open(path, enc);
	struct tsv_rec r;
	struct diag_loc loc;
	int rc;
	/* group names per department row, resolved once every row is known */
	struct pending {
		int            dept;
		struct strlist groups;
		struct diag_loc loc;
		char          *line;
	} *pend = NULL;
	size_t npend = 0;

	if (!t)
		return -1;
	if (tsv_header(t, cols, 4) < 0) {
		tsv_close(t);
		return -1;
	}
	p->registry = 1;
	while ((rc = tsv_next(t, &r)) > 0) {
		const struct tsv_cell *cn = &r.cell[0], *ca = &r.cell[1], *cg = &r.cell[2], *ck = &r.cell[3];
		char *name = trimdup(cn->s, cn->len), *kind = trimdup(ck->s, ck->len);
		int is_group = 0;
		if (!*name) {
			loc = tsv_cell_loc(t, cn);
			diag_at(DIAG_ERROR, &loc, "missing-department", "this row names no department");
			goto next;
		}
		if (!*kind || strcmp(kind, "department") == 0 || strcmp(kind, "部门") == 0) {
			is_group = 0;
		} else if (strcmp(kind, "group") == 0 || strcmp(kind, "类别") == 0 || strcmp(kind, "组") == 0) {
			is_group = 1;
		} else {
			loc = tsv_cell_loc(t, ck);
			diag_at(DIAG_ERROR, &loc, "bad-kind", "kind '%s' is neither 'department' nor 'group'", kind);
			goto next;
		}
		if (plan_dept(p, name) >= 0) {
			loc = tsv_cell_loc(t, cn);
			diag_at(DIAG_ERROR, &loc, "duplicate-department", "'%s' is already a department, group or alias",
			        name);
			goto next;
		}
		int d = new_dept(p, name, is_group);
		p->depts[d].declared = 1;
		p->depts[d].lineno = r.lineno;
		struct strlist al = { 0 };
		split_list(ca->s, collect_piece, &al);
		for (size_t k = 0; k < al.n; k++) {
			if (plan_dept(p, al.v[k]) >= 0) {
				loc = tsv_cell_loc(t, ca);
				diag_at(DIAG_ERROR, &loc, "duplicate-department",
				        "alias '%s' is already a department, group or alias", al.v[k]);
				free(al.v[k]);
				continue;
			}
			struct dept *dp = &p->depts[d];
			dp->aliases = xrealloc(dp->aliases, (dp->naliases + 1) * sizeof *dp->aliases);
			dp->aliases[dp->naliases++] = al.v[k];
		}
		free(al.v);
		if (cg->len) {
			pend = xrealloc(pend, (npend + 1) * sizeof *pend);
			pend[npend].dept = d;
			pend[npend].groups = (struct strlist){ 0 };
			split_list(cg->s, collect_piece, &pend[npend].groups);
			pend[npend].line = xstrndup(cg->line ? cg->line : "", cg->line ? cg->linelen : 0);
			pend[npend].loc = tsv_cell_loc(t, cg);
			pend[npend].loc.line = pend[npend].line;
			npend++;
		}
	next:
		free(name);
		free(kind);
	}
	/* Memberships: a group named in a `groups` cell but not declared is declared by that use. */
	for (size_t i = 0; i < npend; i++) {
		for (size_t k = 0; k < pend[i].groups.n; k++) {
			const char *g = pend[i].groups.v[k];
			int gi = plan_dept(p, g);
			if (gi >= 0 && !p->depts[gi].is_group) {
				diag_at(DIAG_ERROR, &pend[i].loc, "not-a-group", "'%s' is a department, not a group", g);
			} else {
				if (gi < 0) {
					gi = new_dept(p, g, 1);
					p->depts[gi].declared = 1;
				}
				struct dept *dp = &p->depts[pend[i].dept];
				if (dp->is_group) {
					diag_at(DIAG_ERROR, &pend[i].loc, "bad-group", "a group cannot belong to group '%s'", g);
				} else {
					dp->groups = xrealloc(dp->groups, (dp->ngroups + 1) * sizeof *dp->groups);
					dp->groups[dp->ngroups++] = gi;
					p->depts[gi].nmembers++;
				}
			}
			free(pend[i].groups.v[k]);
		}
		free(pend[i].groups.v);
		free(pend[i].line);
	}
	free(pend);
	tsv_close(t);
	return rc < 0 ? -1 : 0;
}

/* --- tasks --- */

/* A unit name the plan wrote: strips the role words 牵头 (lead) and 具体落实. */
struct unitctx {
	struct plan    *p;
	struct task    *t;
	struct tsv     *tsv;
	const struct tsv_cell *cell;
};

static int
strip_suffix(const char *s, size_t *len, const char *suffix)
{
	size_t n = strlen(suffix);
	if (*len > n && memcmp(s + *len - n, suffix, n) == 0) {
		*len -= n;
		return 1;
	}
	return 0;
}

/* Without a registry, a unit whose name ends in 单位 or 部门 is taken to be a
 * group (重大行政决策承办单位, 行政规范性文件实施部门): one department does not
 * call itself that way. */
static int
looks_like_group(const char *s)
{
	size_t n = strlen(s);
	return (n > 6 && strcmp(s + n - 6, "单位") == 0) || (n > 6 && strcmp(s + n - 6, "部门") == 0);
}

static void
add_unit(void *arg, const char *s, size_t len, size_t off)
{
	struct unitctx *c = arg;
	struct task *t = c->t;
	struct plan *p = c->p;
	int lead = strip_suffix(s, &len, "牵头");
	if (!lead) {
		(void)(strip_suffix(s, &len, "具体落实") || strip_suffix(s, &len, "配合"));
	}
	char *name = trimdup(s, len);
	struct unit u = { UNIT_DEPT, -1, lead, name };

	if (plan_is_wildcard(name)) {
		u.kind = UNIT_ALL;
	} else {
		int d = plan_dept(p, name);
		if (d < 0 && p->registry) {
			struct diag_loc loc = tsv_cell_loc(c->tsv, c->cell);
			loc.off += off;
			loc.len = len;
			diag_at(DIAG_ERROR, &loc, "unknown-department",
			        "'%s' is not a department, alias or group of departments.tsv, nor a wildcard "
			        "(各有关单位, 各相关责任单位, 各部门, 各单位): correct the name or add it to departments.tsv",
			        name);
			free(name);
			return;
		}
		if (d < 0)
			d = new_dept(p, name, looks_like_group(name));
		u.dept = d;
		u.kind = p->depts[d].is_group ? UNIT_GROUP : UNIT_DEPT;
	}
	t->units = xrealloc(t->units, (t->nunits + 1) * sizeof *t->units);
	t->units[t->nunits++] = u;
}

static void
read_meta(struct plan *p, struct tsv *t)
{
	struct diag_loc loc;
	const char *v;
	char err[128];

	if ((v = tsv_meta(t, "title", NULL)))
		p->title = xstrdup(v);
	if ((v = tsv_meta(t, "issued", &loc))) {
		if (date_parse(v, strlen(v), &p->issued, err, sizeof err, NULL) < 0)
			diag_at(DIAG_ERROR, &loc, "bad-metadata", "issued '%s': %s", v, err);
		else
			p->has_issued = 1;
	}
	if ((v = tsv_meta(t, "year", &loc))) {
		char *end;
		long y = strtol(v, &end, 10);
		if (end == v || *end || y < DATE_MIN_YEAR || y > DATE_MAX_YEAR)
			diag_at(DIAG_ERROR, &loc, "bad-metadata", "year '%s': expected a year such as 2023", v);
		else
			p->year = (int)y;
	}
	if ((v = tsv_meta(t, "until", &loc))) {
		if (date_parse(v, strlen(v), &p->until, err, sizeof err, NULL) < 0)
			diag_at(DIAG_ERROR, &loc, "bad-metadata", "until '%s': %s", v, err);
		else
			p->has_until = 1;
	}
	if (!p->year && p->has_issued)
		p->year = date_year(p->issued);
	p->anchor = p->has_issued ? p->issued : p->year ? date_from_ymd(p->year, 1, 1) : 0;
}

/* Reads the deadline (and rule) of one task into t->rule. prev is the deadline
 * of the row above, for 同上. */
static void
read_rule(struct plan *p, struct tsv *t, struct task *tk, const struct tsv_cell *cd, const struct tsv_cell *cr,
          const char *prev)
{
	struct rule_err err;
	struct rule fromtext = { 0 }, fromrule = { 0 };
	int have_text = 0, have_rule = 0;
	struct diag_loc loc;
	const char *deadline = tk->deadline;

	if (strcmp(deadline, "同上") == 0 && prev) {
		deadline = prev;
		free(tk->deadline);
		tk->deadline = xstrdup(prev);
	}
	if (*tk->rule_text) {
		if (rule_parse(tk->rule_text, strlen(tk->rule_text), &fromrule, &err) < 0) {
			loc = tsv_cell_loc(t, cr);
			loc.off += err.off;
			loc.len = err.len;
			diag_at(DIAG_ERROR, &loc, "bad-rule", "%s", err.msg);
		} else {
			have_rule = 1;
		}
	}
	if (*deadline) {
		if (rule_read(deadline, strlen(deadline), tk->requirement, p->year, &fromtext, &err) == 0) {
			have_text = 1;
		} else if (!*tk->rule_text) {
			loc = tsv_cell_loc(t, cd);
			if (deadline == tk->deadline) {
				loc.off += err.off;
				loc.len = err.len;
			}
			diag_at(DIAG_ERROR, &loc, "bad-deadline", "%s", err.msg);
		}
	} else if (!*tk->rule_text) {
		loc = tsv_cell_loc(t, cd);
		diag_at(DIAG_ERROR, &loc, "missing-deadline",
		        "task %s has neither a deadline nor a rule: write the plan's 时限要求 or a `rule`", tk->id);
	}
	if (have_rule && have_text && !rule_equal(&fromrule, &fromtext)) {
		char a[RULE_BUFSZ], b[RULE_BUFSZ];
		rule_format(&fromrule, a, sizeof a);
		rule_format(&fromtext, b, sizeof b);
		loc = tsv_cell_loc(t, cr);
		diag_at(DIAG_WARNING, &loc, "rule-override",
		        "task %s: the rule '%s' differs from the deadline, read as '%s'; the rule wins", tk->id, a, b);
	}
	tk->rule = have_rule ? fromrule : have_text ? fromtext : (struct rule){ .kind = RULE_NONE };
}

static int
read_tasks(struct plan *p, const char *path, enum tsv_enc enc)
{
	enum { C_ID, C_AREA, C_TOPIC, C_REQ, C_UNITS, C_DEADLINE, C_RULE, C_POINTS };
	static const struct tsv_col cols[] = {
		{ "id", "序号", 1 },
		{ "area", "工作任务", 0 },
		{ "topic", "分项", 0 },
		{ "requirement", "工作要求", 0 },
		{ "units", "责任单位", 1 },
		{ "deadline", "时限要求", 0 },
		{ "rule", "规则", 0 },
		{ "points", "扣分", 0 },
	};
	struct tsv *t = tsv_open(path, enc);
	struct tsv_rec r;
	struct diag_loc loc;
	int rc;
	char *prev_deadline = NULL;

	if (!t)
		return -1;
	if (tsv_header(t, cols, sizeof cols / sizeof cols[0]) < 0) {
		tsv_close(t);
		return -1;
	}
	if (!tsv_has(t, C_DEADLINE) && !tsv_has(t, C_RULE)) {
		struct diag_loc l = { tsv_name(t), 0, NULL, 0, 0, 0 };
		diag_at(DIAG_ERROR, &l, "missing-column", "the task table has neither a `deadline` (时限要求) nor a `rule` column");
	}
	read_meta(p, t);
	while ((rc = tsv_next(t, &r)) > 0) {
		const struct tsv_cell *c = r.cell;
		char *id = trimdup(c[C_ID].s, c[C_ID].len);
		if (!*id) {
			loc = tsv_cell_loc(t, &c[C_ID]);
			diag_at(DIAG_ERROR, &loc, "missing-id", "this task has no id: number it (序号)");
			free(id);
			continue;
		}
		int dup = plan_task(p, id);
		if (dup >= 0) {
			loc = tsv_cell_loc(t, &c[C_ID]);
			diag_at(DIAG_ERROR, &loc, "duplicate-id", "task id '%s' is already used on line %ld", id,
			        p->tasks[dup].lineno);
			free(id);
			continue;
		}
		if (p->ntasks == p->captasks) {
			p->captasks = p->captasks ? p->captasks * 2 : 64;
			p->tasks = xrealloc(p->tasks, p->captasks * sizeof *p->tasks);
		}
		struct task *tk = &p->tasks[p->ntasks++];
		memset(tk, 0, sizeof *tk);
		tk->id = id;
		char *end;
		long n = strtol(id, &end, 10);
		tk->idnum = *end || *id == '-' || *id == '+' ? -1 : n;
		index_add(p, p->ntasks - 1);
		tk->lineno = r.lineno;
		tk->area = trimdup(c[C_AREA].s, c[C_AREA].len);
		tk->topic = trimdup(c[C_TOPIC].s, c[C_TOPIC].len);
		tk->requirement = trimdup(c[C_REQ].s, c[C_REQ].len);
		tk->units_text = trimdup(c[C_UNITS].s, c[C_UNITS].len);
		tk->deadline = trimdup(c[C_DEADLINE].s, c[C_DEADLINE].len);
		tk->rule_text = trimdup(c[C_RULE].s, c[C_RULE].len);
		tk->points = 1;
		if (c[C_POINTS].len) {
			char *pts = trimdup(c[C_POINTS].s, c[C_POINTS].len);
			long v = strtol(pts, &end, 10);
			if (!*pts) {
				/* blank: the default */
			} else if (end == pts || *end || v < 0 || v > 1000) {
				loc = tsv_cell_loc(t, &c[C_POINTS]);
				diag_at(DIAG_ERROR, &loc, "bad-points", "points '%s': expected a whole number 0-1000", pts);
			} else {
				tk->points = (int)v;
			}
			free(pts);
		}
		struct unitctx uc = { p, tk, t, &c[C_UNITS] };
		split_list(tk->units_text, add_unit, &uc);
		if (tk->nunits == 0 && !*tk->units_text) {
			loc = tsv_cell_loc(t, &c[C_UNITS]);
			diag_at(DIAG_ERROR, &loc, "missing-units",
			        "task %s names no responsible unit (责任单位): a merged cell must be written on every row",
			        tk->id);
		}
		read_rule(p, t, tk, &c[C_DEADLINE], &c[C_RULE], prev_deadline);
		free(prev_deadline);
		prev_deadline = xstrdup(tk->deadline);
	}
	free(prev_deadline);
	tsv_close(t);
	return rc < 0 ? -1 : 0;
}

int
plan_load(struct plan *p, const char *tasks_path, const char *depts_path, enum tsv_enc enc)
{
	int rc = 0;

	memset(p, 0, sizeof *p);
	p->path = xstrdup(tasks_path);
	if (depts_path && read_departments(p, depts_path, enc) < 0)
		rc = -1;
	if (read_tasks(p, tasks_path, enc) < 0)
		rc = -1;
	return rc;
}

void
plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->ntasks; i++) {
		struct task *t = &p->tasks[i];
		free(t->id);
		free(t->area);
		free(t->topic);
		free(t->requirement);
		free(t->units_text);
		free(t->deadline);
		free(t->rule_text);
		for (size_t k = 0; k < t->nunits; k++)
			free(t->units[k].written);
		free(t->units);
	}
	for (size_t i = 0; i < p->ndepts; i++) {
		struct dept *d = &p->depts[i];
		free(d->name);
		for (size_t k = 0; k < d->naliases; k++)
			free(d->aliases[k]);
		free(d->aliases);
		free(d->groups);
	}
	free(p->tasks);
	free(p->depts);
	free(p->idx);
	free(p->title);
	free(p->path);
	memset(p, 0, sizeof *p);
}

static int
in_group(const struct dept *d, int g)
{
	for (size_t k = 0; k < d->ngroups; k++)
		if (d->groups[k] == g)
			return 1;
	return 0;
}

int
plan_names(const struct plan *p, const struct task *t, int d)
{
	const struct dept *dp = &p->depts[d];
	if (dp->is_group)
		return 0;
	for (size_t i = 0; i < t->nunits; i++) {
		const struct unit *u = &t->units[i];
		if (u->kind == UNIT_ALL || (u->kind == UNIT_DEPT && u->dept == d) ||
		    (u->kind == UNIT_GROUP && in_group(dp, u->dept)))
			return 1;
	}
	return 0;
}

int
plan_open_group(const struct plan *p, const struct task *t, int *group)
{
	for (size_t i = 0; i < t->nunits; i++)
		if (t->units[i].kind == UNIT_GROUP && p->depts[t->units[i].dept].nmembers == 0) {
			if (group)
				*group = t->units[i].dept;
			return 1;
		}
	return 0;
}
