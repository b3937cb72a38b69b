/* plan — the plan as data: tasks, their units and rules, the department
 * registry with aliases and groups (SPEC §2.1, §2.2).
 *
 * plan_load reads tasks.tsv (and departments.tsv when given), resolves every
 * unit to a department, a group or a wildcard, and reads every deadline into a
 * rule. Problems are reported through diag as they are found; a task whose
 * deadline cannot be read stays in the plan with rule.kind == RULE_NONE so that
 * `tasks` can still list it and reports can skip it.
 *
 * Ownership: the plan owns every string and array it holds; plan_free releases
 * them. Indexes into depts[] and tasks[] stay valid until plan_free. */
#ifndef PLAN_H
#define PLAN_H

#include <stddef.h>

#include "date.h"
#include "rule.h"
#include "tsv.h"

enum unit_kind { UNIT_DEPT, UNIT_GROUP, UNIT_ALL };

/* One responsible unit of a task, as resolved. */
struct unit {
	enum unit_kind kind;
	int            dept;     /* UNIT_DEPT, UNIT_GROUP: index into depts[] */
	int            lead;     /* written as "X牵头" */
	char          *written;  /* as the plan writes it */
};

/* A department or a group (is_group). */
struct dept {
	char   *name;
	char  **aliases;
	size_t  naliases;
	int     is_group;
	int    *groups;          /* departments: indexes of the groups it belongs to */
	size_t  ngroups;
	size_t  nmembers;        /* groups: how many departments name it */
	int     declared;        /* named in departments.tsv (else found in the tasks or ledgers) */
	long    lineno;          /* where it is declared, for diagnostics */
};

struct task {
	char        *id;
	long         idnum;      /* numeric id, or -1 when the id is not a number */
	char        *area, *topic, *requirement, *units_text, *deadline, *rule_text;
	int          points;     /* points per missed obligation (default 1) */
	struct rule  rule;       /* RULE_NONE when neither rule nor deadline could be read */
	struct unit *units;
	size_t       nunits;
	long         lineno;
};

#define PLAN_BYNUM 256

struct plan {
	char        *path;       /* the task table's path */
	char        *title;
	day_t        issued;     /* the plan's publication date, when has_issued */
	int          has_issued;
	int          year;       /* the plan year (0: unknown) */
	day_t        until;      /* no periodic obligation after it, when has_until */
	int          has_until;
	day_t        anchor;     /* issued, else 1 January of year */
	struct task *tasks;
	size_t       ntasks, captasks;
	struct dept *depts;
	size_t       ndepts, capdepts;
	int          registry;   /* departments.tsv was read: unknown names are errors */
	/* task id lookup */
	int         *idx;
	size_t       idxcap;
	int          bynum[PLAN_BYNUM]; /* id "1".."255" (no leading zero): index + 1, 0 = none */
};

/* Reads the plan. depts_path may be NULL (no registry). Returns 0, or -1 when
 * a file could not be read at all (what could be read is kept). */
int  plan_load(struct plan *p, const char *tasks_path, const char *depts_path, enum tsv_enc enc);
void plan_free(struct plan *p);

/* Index of the task with this id, or -1. */
int  plan_task(const struct plan *p, const char *id);
/* The value of an id written as a decimal number from 1 to PLAN_BYNUM - 1
 * with no leading zero, else 0. Most plans number their tasks: a ledger line
 * then finds its task by a table index (bynum), not a hash. */
static inline int
plan_small_id(const char *id, size_t n)
{
	unsigned a, b, c;
	if (n - 1 >= 3) /* n is 1, 2 or 3 */
		return 0;
	a = (unsigned)(unsigned char)id[0] - '0';
	if (a - 1 >= 9)
		return 0;
	if (n == 1)
		return (int)a;
	b = (unsigned)(unsigned char)id[1] - '0';
	if (b >= 10)
		return 0;
	if (n == 2)
		return (int)(a * 10 + b);
	c = (unsigned)(unsigned char)id[2] - '0';
	return c < 10 && a * 100 + b * 10 + c < PLAN_BYNUM ? (int)(a * 100 + b * 10 + c) : 0;
}

/* plan_task_n's hash lookup. */
int  plan_task_hashed(const struct plan *p, const char *id, size_t n);

/* The same for the n bytes at id (no NUL needed). */
static inline int
plan_task_n(const struct plan *p, const char *id, size_t n)
{
	int v = plan_small_id(id, n);
	return v > 0 ? p->bynum[v] - 1 : plan_task_hashed(p, id, n);
}
/* Index of the department or group named (or aliased) name, or -1. */
int  plan_dept(const struct plan *p, const char *name);
/* Adds a department found outside the registry (a ledger's, without
 * departments.tsv); returns its index. */
int  plan_add_dept(struct plan *p, const char *name);
/* 1 when dept d is named by task t: directly, through a group with members, or by a wildcard. */
int  plan_names(const struct plan *p, const struct task *t, int d);
/* 1 when task t names a group without members (responsibility then follows the ledgers). */
int  plan_open_group(const struct plan *p, const struct task *t, int *group);
/* 1 when name is one of the wildcards (各有关单位, 各相关责任单位, 各部门, 各单位). */
int  plan_is_wildcard(const char *name);

/* Orders task ids: numeric ids numerically, before other ids, which sort bytewise. */
int  plan_cmp_ids(const char *a, const char *b);

#endif
