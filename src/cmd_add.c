/* cmd_add — `add DEPT TASK DATE EVENT [ITEM [NOTE]]`: validates an entry as
 * `check` would, appends it to the department's ledger under an exclusive
 * lock, in the file's own encoding, line ends and column order, and says what
 * the entry did (SPEC §6, §7).
 *
 * Decisions:
 *   - The lock is flock(LOCK_EX) on the ledger itself (append.h), held from
 *     before the ledger is looked at until the entry is written, synced and
 *     read back; no .lock files. A new ledger is written whole to a hidden
 *     temporary file and linked into place, so it appears complete or not at
 *     all.
 *   - A field holding a tab, a line break or another control character is
 *     refused [bad-field]: a ledger entry is one line. A field that starts
 *     with '"' (or, in the first column, '#') is written Excel-quoted, so that
 *     it reads back as typed.
 *   - Columns the ledger lacks: an item needed by a per-item rule, or a
 *     period given for a periodic rule, is refused [missing-column]; other
 *     values are dropped with a warning.
 *   - The date is written as YYYY-MM-DD and the period in its normal form;
 *     the event as typed (English or Chinese, like the rest of the file).
 *   - The exit status tells whether the entry was written: 0 when it was (even
 *     if other lines of the inputs have problems, which are reported), 2 when
 *     not, so that a script never records an entry twice by retrying. */
#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "append.h"
#include "cmd.h"
#include "decode.h"
#include "diag.h"
#include "ledger.h"
#include "oblig.h"
#include "text.h"
#include "ws.h"

/* The ledger's columns (SPEC §2.3), in the order a new ledger gets them. */
enum { C_TASK = LC_TASK, C_DATE, C_EVENT, C_ITEM, C_PERIOD, C_SECTION, C_EVIDENCE, C_NOTE, C_COUNT };

/* the same columns as the ledger reader's, in the same order */
static const struct tsv_col *const cols = ledger_cols;

/* How each field is named in messages: the argument or option it came from. */
static const char *const argname[C_COUNT] = {
	"TASK", "DATE", "EVENT", "ITEM", "--period", "--section", "--evidence", "NOTE",
};

/* The entry being added. */
struct add {
	char       *in[C_COUNT];   /* the fields as typed, trimmed; NULL when not given */
	const char *out[C_COUNT];  /* what is written: normalized, "" when none */
	char       *dept_in;
	char        datebuf[DATE_BUFSZ], periodbuf[16];
	int         d, t;          /* department and task indexes, -1 when unknown */
	day_t       date;
	enum event  ev;
	enum period pkind;
	day_t       pstart;
};

/* How a ledger file is written: what appending must match. */
struct shape {
	enum tsv_enc enc;          /* never TSV_ENC_AUTO */
	int          be;           /* UTF-16BE */
	int          crlf;
	size_t       ncols;        /* header fields */
	long         pos[C_COUNT]; /* header position of each column, -1 when absent */
};

/* ASCII blanks and U+3000 off both ends. */
static char *
trim(const char *s)
{
	size_t n = strlen(s);
	s = text_trim(s, &n);
	return xstrndup(s, n);
}

/* A field must be UTF-8 and one line without control characters. */
static int
field_ok(const char *what, const char *s)
{
	size_t bad;

	if (!text_valid_utf8(s, strlen(s), &bad)) {
		diag_at(DIAG_ERROR, NULL, "bad-field",
		        "%s is not UTF-8 text: type it in a UTF-8 terminal (the entry is converted to the "
		        "ledger's own encoding when it is written)",
		        what);
		return 0;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f) {
			diag_at(DIAG_ERROR, NULL, "bad-field",
			        "%s '%s' holds a %s: a ledger entry is one line; write it without", what, s,
			        *p == '\t' ? "tab" : *p == '\n' || *p == '\r' ? "line break" : "control character");
			return 0;
		}
	return 1;
}

static int
periodic(const struct rule *r)
{
	return r->kind == RULE_ANNUAL || r->kind == RULE_EVERY || r->kind == RULE_AT_LEAST_PER;
}

/* "formed|changed|published" as "formed, changed, published". */
static void
event_list(unsigned set, char *buf, size_t bufsz)
{
	char tmp[160];
	size_t j = 0;

	event_format_set(set, tmp, sizeof tmp);
	for (const char *p = tmp; *p && j + 3 < bufsz; p++) {
		if (*p == '|') {
			buf[j++] = ',';
			buf[j++] = ' ';
		} else {
			buf[j++] = *p;
		}
	}
	buf[j] = '\0';
}

/* The .tsv files of a ledgers folder that are regular files, in name order. */
static char **
ledger_files(const char *ldir, size_t *n)
{
	char **v;
	size_t k = 0;
	struct stat st;

	(void)ws_list_ledgers(ldir, &v, n);
	for (size_t i = 0; i < *n; i++) {
		if (stat(v[i], &st) == 0 && S_ISREG(st.st_mode))
			v[k++] = v[i];
		else
			free(v[i]);
	}
	*n = k;
	return v;
}

/* A ledger file of department d (or, with d < 0, of a department written
 * exactly `name`): the first in name order. NULL when there is none. */
static char *
find_ledger_file(const struct plan *p, const char *ldir, int d, const char *name, enum tsv_enc enc)
{
	size_t n;
	char **v = ledger_files(ldir, &n), *found = NULL;

	for (size_t i = 0; i < n && !found; i++) {
		char *fd = ledger_file_department(v[i], enc);
		if (fd && (d >= 0 ? plan_dept(p, fd) == d : strcmp(fd, name) == 0))
			found = xstrdup(v[i]);
		free(fd);
	}
	ws_free_files(v, n);
	return found;
}

/* Checks the entry against the plan as `check` would; reports every problem.
 * Returns the number of problems. */
static int
validate(struct ws *w, const struct opts *o, struct add *a, const char *ldir)
{
	struct plan *p = &w->plan;
	const struct task *t = NULL;
	int bad = 0, date_ok = 0;
	char err[128], b1[DATE_BUFSZ], b2[DATE_BUFSZ];

	a->d = a->t = -1;
	a->ev = EV_NONE;
	for (int k = 0; k < C_COUNT; k++)
		if (a->in[k] && !field_ok(argname[k], a->in[k]))
			bad++;
	if (!field_ok("DEPT", a->dept_in))
		bad++;
	if (bad)
		return bad;

	/* DEPT: a department of the registry (or, without one, of the tasks or a ledger) */
	a->d = plan_dept(p, a->dept_in);
	if (a->d < 0 && !p->registry && *a->dept_in) {
		char *f = find_ledger_file(p, ldir, -1, a->dept_in, o->enc);
		if (f)
			a->d = plan_add_dept(p, a->dept_in);
		free(f);
	}
	if (a->d < 0) {
		if (p->registry)
			diag_at(DIAG_ERROR, NULL, "unknown-department",
			        "DEPT '%s' is not a department or alias of departments.tsv", a->dept_in);
		else
			diag_at(DIAG_ERROR, NULL, "unknown-department",
			        "DEPT '%s' is not named by the task table and has no ledger: check the spelling, or "
			        "list the departments in departments.tsv",
			        a->dept_in);
		bad++;
	} else if (p->depts[a->d].is_group) {
		diag_at(DIAG_ERROR, NULL, "unknown-department",
		        "DEPT '%s' is a group, not a department: an entry goes to one department's ledger", a->dept_in);
		a->d = -1;
		bad++;
	}

	/* TASK */
	a->t = plan_task(p, a->in[C_TASK]);
	if (a->t < 0) {
		diag_at(DIAG_ERROR, NULL, "unknown-task", "TASK '%s' is not in the task table (%s)", a->in[C_TASK], p->path);
		bad++;
	} else {
		t = &p->tasks[a->t];
		a->out[C_TASK] = t->id;
	}

	/* DATE ("today": the as-of date) */
	if (strcmp(a->in[C_DATE], "today") == 0) {
		a->date = o->asof;
		date_format(a->date, a->datebuf);
		a->out[C_DATE] = a->datebuf;
		date_ok = 1;
	} else if (date_parse(a->in[C_DATE], strlen(a->in[C_DATE]), &a->date, err, sizeof err, NULL) < 0) {
		diag_at(DIAG_ERROR, NULL, "bad-date", "DATE '%s': %s", a->in[C_DATE], err);
		bad++;
	} else {
		date_format(a->date, a->datebuf);
		a->out[C_DATE] = a->datebuf;
		date_ok = 1;
	}

	/* EVENT */
	a->ev = event_parse(a->in[C_EVENT], strlen(a->in[C_EVENT]));
	if (a->ev == EV_NONE) {
		diag_at(DIAG_ERROR, NULL, "unknown-event",
		        "EVENT '%s' is not one of formed, changed, issued, received, approved, published, done, held, "
		        "planned, progress (or 形成, 变更, 出台, 收到, 批复, 公开, 完成, 开展, 计划, 进展)",
		        a->in[C_EVENT]);
		bad++;
	}

	/* the department owes the task: named, through a group or a wildcard; a
	 * group without members is joined by recording an entry for its task */
	if (a->d >= 0 && t && !plan_names(p, t, a->d) && !plan_open_group(p, t, NULL)) {
		diag_at(DIAG_ERROR, NULL, "not-responsible", "DEPT %s is not responsible for task %s (units: %s)",
		        p->depts[a->d].name, t->id, t->units_text ? t->units_text : "");
		bad++;
	}

	if (date_ok && a->ev != EV_NONE && a->ev != EV_PLANNED && a->date > o->asof) {
		diag_at(DIAG_ERROR, NULL, "after-as-of",
		        "DATE %s is after %s %s: only a 'planned' entry may be dated later", date_format(a->date, b1),
		        o->asof_given ? "the as-of date" : "today", date_format(o->asof, b2));
		bad++;
	}

	if (t && a->ev != EV_NONE && t->rule.kind != RULE_NONE) {
		unsigned fits = rule_events(&t->rule);
		if (!(a->ev & (fits | EV_PLANNED | EV_PROGRESS))) {
			char r[RULE_BUFSZ], evs[160];
			rule_format(&t->rule, r, sizeof r);
			event_list(fits, evs, sizeof evs);
			diag_at(DIAG_ERROR, NULL, "event-mismatch",
			        "EVENT '%s' changes nothing under task %s's rule '%s': use %s (or planned, progress)",
			        a->in[C_EVENT], t->id, r, evs);
			bad++;
		} else if (t->rule.kind == RULE_WITHIN && (a->ev & fits) && !*a->in[C_ITEM]) {
			diag_at(DIAG_ERROR, NULL, "missing-item",
			        "task %s is counted per item: give ITEM, the information's title or number, for this '%s' entry",
			        t->id, event_name(a->ev));
			bad++;
		}
	}

	/* --period */
	if (*a->in[C_PERIOD]) {
		if (ledger_parse_period(a->in[C_PERIOD], &a->pkind, &a->pstart) < 0) {
			diag_at(DIAG_ERROR, NULL, "bad-period", "--period '%s': write 2024, 2024-H1, 2024-Q3 or 2024-07",
			        a->in[C_PERIOD]);
			bad++;
		} else {
			ledger_format_period(a->pkind, a->pstart, a->periodbuf, sizeof a->periodbuf);
			a->out[C_PERIOD] = a->periodbuf;
		}
	}

	if (!bad && t->rule.kind == RULE_NONE)
		diag_warn("task %s has no rule that could be read (see gkledger check): the entry is recorded but "
		          "counts toward nothing until the task has one",
		          t->id);
	return bad;
}

/* The ledger the entry goes to: DIR/ledgers/NAME.tsv when it is the
 * department's (or free), else another file of the department. NULL (reported)
 * when NAME.tsv belongs to another department and the department has no other. */
static char *
ledger_path(const struct plan *p, const char *ldir, int d, enum tsv_enc enc)
{
	const char *name = p->depts[d].name;
	size_t need = strlen(ldir) + strlen(name) + 6;
	char *canon = xmalloc(need), *other;
	struct stat st;

	snprintf(canon, need, "%s/%s.tsv", ldir, name);
	if (stat(canon, &st) == 0 && S_ISREG(st.st_mode)) {
		char *fd = st.st_size ? ledger_file_department(canon, enc) : NULL;
		int mine = !st.st_size || (fd && plan_dept(p, fd) == d);
		if (mine) {
			free(fd);
			return canon;
		}
		if ((other = find_ledger_file(p, ldir, d, NULL, enc))) {
			free(fd);
			free(canon);
			return other;
		}
		diag_at(DIAG_ERROR, NULL, "unknown-department",
		        "%s names the department '%s' in its `# department:` line, not %s: correct that line, or "
		        "give %s's ledger another file name",
		        canon, fd ? fd : "?", name, name);
		free(fd);
		free(canon);
		return NULL;
	}
	if ((other = find_ledger_file(p, ldir, d, NULL, enc))) {
		free(canon);
		return other;
	}
	if (strchr(name, '/') || name[0] == '.') {
		diag_at(DIAG_ERROR, NULL, "unknown-department",
		        "'%s' cannot be a file name: create its ledger in %s by hand, with a `# department:` line", name,
		        ldir);
		free(canon);
		return NULL;
	}
	return canon;
}

/* How an existing, non-empty ledger is written. Returns -1 (reported) when its
 * header cannot be read. */
static int
read_shape(const char *path, enum tsv_enc enc, struct shape *sh)
{
	struct tsv *t = tsv_open(path, enc);

	if (!t)
		return -1;
	if (tsv_header(t, cols, C_COUNT) < 0) {
		tsv_close(t);
		return -1;
	}
	sh->enc = tsv_encoding(t);
	sh->be = tsv_big_endian(t);
	sh->crlf = tsv_crlf(t);
	sh->ncols = tsv_header_count(t);
	for (int k = 0; k < C_COUNT; k++)
		sh->pos[k] = tsv_col_pos(t, (size_t)k);
	tsv_close(t);
	return 0;
}

static const struct shape new_shape = {
	TSV_ENC_UTF8, 0, 0, C_COUNT,
	{ C_TASK, C_DATE, C_EVENT, C_ITEM, C_PERIOD, C_SECTION, C_EVIDENCE, C_NOTE },
};

/* A growing byte buffer. */
struct buf {
	char  *s;
	size_t n, cap;
};

static void
put(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void
puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* One field: Excel-quoted when it starts with '"' (or, first on the line, '#'). */
static void
put_field(struct buf *b, const char *s, int first)
{
	if (s[0] != '"' && !(first && s[0] == '#')) {
		puts_(b, s);
		return;
	}
	put(b, "\"", 1);
	for (; *s; s++) {
		put(b, s, 1);
		if (*s == '"')
			put(b, "\"", 1); /* doubled inside quotes */
	}
	put(b, "\"", 1);
}

/* The entry as one line in sh's column order, with sh's line end. Columns the
 * ledger lacks: refused when needed (returns -1, reported), else dropped with
 * a warning. */
static int
format_line(struct buf *b, const struct add *a, const struct plan *p, const struct shape *sh, const char *path)
{
	const struct rule *ru = &p->tasks[a->t].rule;
	const char **at = xcalloc(sh->ncols ? sh->ncols : 1, sizeof *at);
	int rc = 0;

	for (int k = 0; k < C_COUNT; k++) {
		const char *v = a->out[k];
		if (sh->pos[k] >= 0) {
			at[sh->pos[k]] = v;
			continue;
		}
		if (!*v)
			continue;
		if ((k == C_ITEM && ru->kind == RULE_WITHIN && (a->ev & (ru->starts | EV_PUBLISHED))) ||
		    (k == C_PERIOD && periodic(ru))) {
			diag_at(DIAG_ERROR, NULL, "missing-column",
			        "%s has no '%s' column (%s): task %s needs the %s, so the entry cannot be recorded there; add "
			        "the column to the header first",
			        path, cols[k].name, cols[k].aliases, p->tasks[a->t].id, k == C_ITEM ? "item" : "period");
			rc = -1;
		} else {
			diag_warn("%s has no '%s' column (%s): %s '%s' is not written", path, cols[k].name, cols[k].aliases,
			          argname[k], v);
		}
	}
	if (rc == 0) {
		for (size_t j = 0; j < sh->ncols; j++) {
			if (j)
				put(b, "\t", 1);
			put_field(b, at[j] ? at[j] : "", j == 0);
		}
		puts_(b, sh->crlf ? "\r\n" : "\n");
	}
	free(at);
	return rc;
}

/* The first lines of a new ledger: the department and the header, UTF-8, LF. */
static void
format_head(struct buf *b, const char *dept)
{
	puts_(b, "# department: ");
	puts_(b, dept);
	put(b, "\n", 1);
	for (int k = 0; k < C_COUNT; k++) {
		if (k)
			put(b, "\t", 1);
		puts_(b, cols[k].name);
	}
	put(b, "\n", 1);
}

/* Converts UTF-8 text to the ledger's encoding. Returns -1 (reported) when iconv cannot. */
static int
encode(struct buf *out, const char *s, size_t n, const struct shape *sh, const char *path)
{
	const char *to = sh->enc == TSV_ENC_GB18030 ? "GB18030" : sh->be ? "UTF-16BE" : "UTF-16LE";
	iconv_t cd;

	if (sh->enc == TSV_ENC_UTF8 || sh->enc == TSV_ENC_AUTO) {
		put(out, s, n);
		return 0;
	}
	if ((cd = iconv_open(to, "UTF-8")) == (iconv_t)-1) {
		diag_error("%s: cannot convert to %s: %s", path, to, strerror(errno));
		return -1;
	}
	size_t cap = 4 * n + 16, left = cap, inleft = n;
	char *dst = xmalloc(cap), *op = dst, *ip = (char *)s;
	if (iconv(cd, &ip, &inleft, &op, &left) == (size_t)-1 || iconv(cd, NULL, NULL, &op, &left) == (size_t)-1) {
		diag_error("%s: cannot convert the entry to %s: %s", path, to, strerror(errno));
		iconv_close(cd);
		free(dst);
		return -1;
	}
	iconv_close(cd);
	put(out, dst, (size_t)(op - dst));
	free(dst);
	return 0;
}

/* What ends the file now, in sh's encoding: 1 a line feed, 2 a carriage
 * return, 0 anything else. */
static int
file_end(const struct append *ap, const struct shape *sh)
{
	unsigned char t[4];
	int wide = sh->enc == TSV_ENC_UTF16;
	size_t u = wide ? 2 : 1;

	if (ap->size < (off_t)u || append_tail(ap, t, u) < 0)
		return 0;
	unsigned c = wide ? (sh->be ? (unsigned)t[0] << 8 | t[1] : (unsigned)t[1] << 8 | t[0]) : t[0];
	return c == '\n' ? 1 : c == '\r' ? 2 : 0;
}

/* The open obligation (or period) an entry counts toward, as the engine reads
 * periods: its own period when given, else its date's. */
static int
entry_in_period(const struct entry *e, enum period kind, day_t pstart)
{
	if (e->pkind != PERIOD_NONE) {
		if (e->pkind == kind)
			return e->pstart == pstart;
		return e->pkind > kind ? 0 : period_first(kind, e->pstart) == pstart;
	}
	return period_first(kind, e->date) == pstart;
}

static void
lateness(struct buf *b, const struct oblig *ob)
{
	char s[64];
	if (ob->status == ST_ON_TIME)
		puts_(b, "on time");
	else {
		snprintf(s, sizeof s, "%ld working day%s late", ob->late_wd, ob->late_wd == 1 ? "" : "s");
		puts_(b, s);
	}
}

/* After the verb: the status of an obligation not completed by this entry. */
static void
standing(struct buf *b, const struct oblig *ob)
{
	char s[96], d[DATE_BUFSZ];
	switch (ob->status) {
	case ST_ON_TIME:
	case ST_LATE:
		snprintf(s, sizeof s, "completed %s, ", date_format(ob->done, d));
		puts_(b, s);
		lateness(b, ob);
		break;
	case ST_OVERDUE:
		if (ob->late_wd > 0)
			snprintf(s, sizeof s, "overdue by %ld working day%s", ob->late_wd, ob->late_wd == 1 ? "" : "s");
		else /* due on a working day before a weekend or holiday that is not over */
			snprintf(s, sizeof s, "overdue by %ld day%s", ob->late_days, ob->late_days == 1 ? "" : "s");
		puts_(b, s);
		break;
	default:
		puts_(b, oblig_status_name(ob->status));
		break;
	}
}

/* Says what entry e (just written to ledger l) did, from the engine's view of
 * the ledger with it. */
static void
describe(struct buf *b, const struct plan *p, const struct ledger *l, const struct entry *e,
         const struct oblig_set *s, const struct opts *o)
{
	const struct task *t = &p->tasks[e->task];
	const struct rule *ru = &t->rule;
	char d1[DATE_BUFSZ], d2[DATE_BUFSZ], per[16], line[256];
	int provisional = 0;

	snprintf(line, sizeof line, "%s task %s: ", p->depts[l->dept].name, t->id);
	puts_(b, line);
	if (*e->item_raw) {
		puts_(b, "'");
		puts_(b, e->item_raw);
		puts_(b, "' ");
	}
	snprintf(line, sizeof line, "%s %s", event_name(e->ev), date_format(e->date, d1));
	puts_(b, line);
	if (e->pkind != PERIOD_NONE) {
		ledger_format_period(e->pkind, e->pstart, per, sizeof per);
		snprintf(line, sizeof line, " (period %s)", per);
		puts_(b, line);
	}
	puts_(b, ": ");

	if (e->ev == EV_PLANNED) {
		puts_(b, "records the planned completion date");
		for (size_t i = 0; i < s->n; i++)
			if (s->v[i].dept == l->dept && s->v[i].task == e->task && s->v[i].has_due && !s->v[i].has_start) {
				snprintf(line, sizeof line, " (the task is due %s)", date_format(s->v[i].due, d2));
				puts_(b, line);
				if (e->date > s->v[i].due)
					diag_at(DIAG_WARNING, NULL, "planned-late",
					        "the planned completion date %s is later than task %s's deadline %s", d1, t->id, d2);
				break;
			}
		return;
	}
	if (ru->kind == RULE_NONE) {
		puts_(b, "counts toward nothing: the task has no rule");
		return;
	}
	if (e->ev == EV_PROGRESS && ru->kind != RULE_ONGOING) {
		puts_(b, "records progress; changes no status");
		return;
	}

	switch (ru->kind) {
	case RULE_ONGOING:
		for (size_t i = 0; i < s->n; i++)
			if (s->v[i].dept == l->dept && s->v[i].task == e->task) {
				puts_(b, "records activity on an ongoing task: ");
				puts_(b, s->v[i].status == ST_STALE ? "still stale" : "ongoing");
				if (s->v[i].has_done) {
					snprintf(line, sizeof line, " (last entry %s)", date_format(s->v[i].done, d2));
					puts_(b, line);
				}
				return;
			}
		puts_(b, "records activity on an ongoing task");
		return;

	case RULE_WITHIN: {
		if (e->ev & ru->starts) {
			const struct oblig *ob = NULL;
			for (size_t i = 0; i < s->n && !ob; i++)
				if (s->v[i].dept == l->dept && s->v[i].task == e->task && s->v[i].start == e->date &&
				    strcmp(s->v[i].key, e->item) == 0)
					ob = &s->v[i];
			long dup = 0;
			for (size_t k = 0; k < l->n && !dup; k++) {
				const struct entry *f = &l->e[k];
				if (f->seq < e->seq && f->task == e->task && f->date == e->date && (f->ev & ru->starts) &&
				    strcmp(f->item, e->item) == 0)
					dup = f->lineno;
			}
			if (!ob) {
				puts_(b, "starts no clock");
				return;
			}
			provisional = ob->provisional;
			if (dup)
				snprintf(line, sizeof line, "the clock started %s is already on line %ld: due %s", d1, dup,
				         date_format(ob->due, d2));
			else
				snprintf(line, sizeof line, "starts a clock: due %s", date_format(ob->due, d2));
			puts_(b, line);
			if (ob->status != ST_OPEN) {
				puts_(b, ", ");
				standing(b, ob);
			}
		} else {
			int n = 0;
			for (size_t i = 0; i < s->n; i++) {
				const struct oblig *ob = &s->v[i];
				if (ob->src != l || ob->src_line != e->lineno || ob->task != e->task)
					continue;
				const char *how = "";
				for (size_t k = 0; k < l->n && !*how; k++)
					if (l->e[k].task == e->task && l->e[k].date == ob->start && (l->e[k].ev & ru->starts) &&
					    strcmp(l->e[k].item, e->item) == 0)
						how = event_name(l->e[k].ev);
				snprintf(line, sizeof line, "%scompletes the obligation started %s (%s), due %s: ", n ? "; " : "",
				         date_format(ob->start, d1), how, date_format(ob->due, d2));
				puts_(b, line);
				lateness(b, ob);
				provisional |= ob->provisional;
				n++;
			}
			if (!n) {
				int started = 0;
				for (size_t k = 0; k < l->n && !started; k++)
					started = l->e[k].task == e->task && (l->e[k].ev & ru->starts) && l->e[k].date <= e->date &&
					          strcmp(l->e[k].item, e->item) == 0;
				if (started) {
					puts_(b, "closes no clock: every clock of this item started on or before it was already closed");
				} else {
					char evs[96];
					event_list(ru->starts, evs, sizeof evs);
					puts_(b, "closes no clock");
					diag_at(DIAG_WARNING, NULL, "published-without-start",
					        "'%s' has no %s entry on or before %s: add the start entry, or check the item's "
					        "spelling",
					        e->item_raw, evs, date_format(e->date, d1));
				}
			}
		}
		break;
	}

	case RULE_BY:
	case RULE_PLAN:
	case RULE_AT_LEAST_BY: {
		const struct oblig *ob = NULL;
		for (size_t i = 0; i < s->n && !ob; i++)
			if (s->v[i].dept == l->dept && s->v[i].task == e->task)
				ob = &s->v[i];
		if (!ob) {
			puts_(b, "counts toward no obligation (the plan has no issued date)");
			return;
		}
		provisional = ob->provisional;
		if (ru->kind == RULE_AT_LEAST_BY) {
			snprintf(line, sizeof line, "%s %d of %d by %s", event_name(ru->counted), ob->count, ru->n,
			         date_format(ob->due, d2));
			puts_(b, line);
			if (ob->src == l && ob->src_line == e->lineno) {
				puts_(b, ": completes the obligation, ");
				lateness(b, ob);
			} else if (ob->has_done) {
				snprintf(line, sizeof line, " (reached on %s, ", date_format(ob->done, d1));
				puts_(b, line);
				lateness(b, ob);
				puts_(b, ")");
			} else if (ob->status == ST_OVERDUE) {
				puts_(b, ": ");
				standing(b, ob);
			}
		} else if (ob->src == l && ob->src_line == e->lineno) {
			snprintf(line, sizeof line, "completes the obligation due %s: ", date_format(ob->due, d2));
			puts_(b, line);
			lateness(b, ob);
		} else {
			snprintf(line, sizeof line, "changes nothing: the obligation due %s was already completed on %s",
			         date_format(ob->due, d2), date_format(ob->done, d1));
			puts_(b, line);
			if (ob->src == l) {
				snprintf(line, sizeof line, " (line %ld)", ob->src_line);
				puts_(b, line);
			}
		}
		break;
	}

	case RULE_ANNUAL:
	case RULE_EVERY:
	case RULE_AT_LEAST_PER: {
		const struct oblig *ob = NULL;
		for (size_t i = 0; i < s->n && !ob; i++)
			if (s->v[i].dept == l->dept && s->v[i].task == e->task && entry_in_period(e, s->v[i].pkind, s->v[i].start))
				ob = &s->v[i];
		if (!ob) {
			char r[RULE_BUFSZ];
			rule_format(ru, r, sizeof r);
			snprintf(line, sizeof line,
			         "counts toward no obligation: under '%s' its period has none (before the plan, or after %s)", r,
			         date_format(o->asof, d2));
			puts_(b, line);
			return;
		}
		provisional = ob->provisional;
		ledger_format_period(ob->pkind, ob->start, per, sizeof per);
		if (ru->kind == RULE_AT_LEAST_PER) {
			snprintf(line, sizeof line, "%s %d of %d in %s (due %s)", event_name(ru->counted), ob->count, ru->n, per,
			         date_format(ob->due, d2));
			puts_(b, line);
			if (ob->src == l && ob->src_line == e->lineno) {
				puts_(b, ": completes the obligation, ");
				lateness(b, ob);
			} else if (ob->status == ST_OVERDUE) {
				puts_(b, ": ");
				standing(b, ob);
			}
		} else if (ob->src == l && ob->src_line == e->lineno) {
			snprintf(line, sizeof line, "completes the obligation of %s, due %s: ", per, date_format(ob->due, d2));
			puts_(b, line);
			lateness(b, ob);
		} else {
			snprintf(line, sizeof line, "changes nothing: the obligation of %s was already completed on %s", per,
			         date_format(ob->done, d1));
			puts_(b, line);
			if (ob->src == l) {
				snprintf(line, sizeof line, " (line %ld)", ob->src_line);
				puts_(b, line);
			}
		}
		break;
	}
	default:
		break;
	}
	if (provisional)
		cmd_provisional("this due date or count of working days");
}

/* Reads the ledger back (the caller holds its lock), finds entry number seq
 * (SIZE_MAX: the last one) and prints what it did. */
static void
report(struct ws *w, const struct opts *o, const struct add *a, const char *path, size_t seq)
{
	struct ledger l;
	struct ledger_opts lo = { .enc = o->enc };
	const struct entry *e = NULL;
	struct buf b = { 0 };

	(void)ledger_read(&l, &w->plan, path, &lo);
	for (size_t i = 0; i < l.n; i++)
		if (seq == SIZE_MAX ? (!e || l.e[i].seq > e->seq) : l.e[i].seq == seq)
			e = &l.e[i];
	char *fold = xmalloc(strlen(a->out[C_ITEM]) + 1);
	text_fold(a->out[C_ITEM], strlen(a->out[C_ITEM]), fold);
	if (!e || l.dept != a->d || e->task != a->t || e->date != a->date || e->ev != a->ev || strcmp(e->item, fold) != 0) {
		diag_warn("%s: the entry was added, but it does not read back as written: run gkledger check", path);
	} else {
		for (size_t k = 0; k < l.n; k++) {
			const struct entry *f = &l.e[k];
			if (f->seq < e->seq && f->task == e->task && f->date == e->date && f->ev == e->ev &&
			    strcmp(f->item, e->item) == 0) {
				struct diag_loc loc = { path, e->lineno, NULL, 0, 0, 0 };
				diag_at(DIAG_WARNING, &loc, "duplicate-entry", "the same entry is on line %ld", f->lineno);
				break;
			}
		}
		struct oblig_set s;
		struct oblig_opts oo = { o->asof, o->soon, o->stale, o->roll };
		oblig_compute(&s, &w->plan, &l, 1, &oo);
		describe(&b, &w->plan, &l, e, &s, o);
		oblig_free(&s);
		printf("%s\n", b.s);
	}
	free(fold);
	free(b.s);
	ledger_free(&l);
}

/* Writes the entry to path under the lock and reports. Returns the exit status. */
static int
write_entry(struct ws *w, const struct opts *o, const struct add *a, const char *ldir, const char *path)
{
	const char *dname = w->plan.depts[a->d].name;
	int create = 0;

	for (int attempt = 0; attempt < 16; attempt++) {
		struct append ap;
		struct stat st;
		struct buf raw = { 0 }, enc = { 0 };
		struct shape sh;
		int rc;

		if (stat(path, &st) < 0 && errno == ENOENT && !create) {
			if (mkdir(ldir, 0777) < 0 && errno != EEXIST) {
				diag_error("%s: %s: the entry was not added", ldir, strerror(errno));
				return EXIT_TROUBLE;
			}
			format_head(&raw, dname);
			format_line(&raw, a, &w->plan, &new_shape, path);
			rc = append_create(path, raw.s, raw.n);
			free(raw.s);
			if (rc == 0) {
				if (!o->quiet)
					fprintf(stderr, "gkledger: created %s\n", path);
				/* read back under the lock: another `add` may be appending already */
				struct append rd;
				int locked = append_open(&rd, path, 0) == 0;
				report(w, o, a, path, 0);
				if (locked)
					append_close(&rd);
				return EXIT_CLEAN;
			}
			if (rc < 0) {
				diag_error("%s: %s: the entry was not added; the ledger was not created", path, strerror(errno));
				return EXIT_TROUBLE;
			}
			create = rc == 2; /* no hard links here: create in place, under the lock */
			continue;
		}
		if (append_open(&ap, path, create) < 0) {
			if (errno == ENOENT)
				continue;
			diag_error("%s: %s: the entry was not added", path,
			           errno == EINVAL ? "not a regular file" : strerror(errno));
			return EXIT_TROUBLE;
		}
		/* locked from here: nobody else appends until append_close */
		size_t seq = SIZE_MAX;
		if (ap.size == 0) {
			sh = new_shape;
			format_head(&raw, dname);
			rc = format_line(&raw, a, &w->plan, &sh, path);
			seq = 0;
		} else if ((rc = read_shape(path, o->enc, &sh)) == 0) {
			int end = file_end(&ap, &sh);
			if (end != 1)
				puts_(&raw, end == 2 ? "\n" : sh.crlf ? "\r\n" : "\n");
			rc = format_line(&raw, a, &w->plan, &sh, path);
		} else {
			diag_error("%s: its header cannot be read (see above)", path);
		}
		if (rc == 0)
			rc = encode(&enc, raw.s, raw.n, &sh, path);
		if (rc < 0)
			diag_error("the entry was not added; the ledger is as it was");
		if (rc == 0 && append_write(&ap, enc.s, enc.n) < 0) {
			diag_error("%s: %s: the entry was not added; the ledger is as it was", path, strerror(errno));
			rc = -2;
		}
		if (rc == 0 && ap.created && !o->quiet)
			fprintf(stderr, "gkledger: created %s\n", path);
		if (rc == 0)
			report(w, o, a, path, seq);
		append_close(&ap);
		free(raw.s);
		free(enc.s);
		return rc == 0 ? EXIT_CLEAN : EXIT_TROUBLE;
	}
	diag_error("%s: the file keeps being replaced or removed: the entry was not added", path);
	return EXIT_TROUBLE;
}

static int
add(struct opts *o)
{
	struct ws w;
	struct add a;
	char ldir[PATH_MAX];
	int rc = EXIT_TROUBLE;

	memset(&a, 0, sizeof a);
	a.dept_in = trim(o->args[0]);
	a.in[C_TASK] = trim(o->args[1]);
	a.in[C_DATE] = trim(o->args[2]);
	a.in[C_EVENT] = trim(o->args[3]);
	a.in[C_ITEM] = trim(o->nargs > 4 ? o->args[4] : "");
	a.in[C_NOTE] = trim(o->nargs > 5 ? o->args[5] : "");
	a.in[C_PERIOD] = trim(o->period ? o->period : "");
	a.in[C_SECTION] = trim(o->section ? o->section : "");
	a.in[C_EVIDENCE] = trim(o->evidence ? o->evidence : "");
	for (int k = 0; k < C_COUNT; k++)
		a.out[k] = a.in[k];
	a.out[C_PERIOD] = "";
	snprintf(ldir, sizeof ldir, "%s/ledgers", o->dir);

	if (ws_load(&w, o, NULL, 0, 0, 0) == 0 && validate(&w, o, &a, ldir) == 0) {
		char *path = ledger_path(&w.plan, ldir, a.d, o->enc);
		if (path)
			rc = write_entry(&w, o, &a, ldir, path);
		else
			diag_error("the entry was not added");
		free(path);
	} else {
		diag_error("the entry was not added");
	}
	ws_free(&w);
	for (int k = 0; k < C_COUNT; k++)
		free(a.in[k]);
	free(a.dept_in);
	return rc;
}

int
cmd_add(struct opts *o)
{
	struct sigaction ign, old;
	int rc;

	if (o->format_given && o->out.format != OUT_TABLE)
		return cmd_usage("add prints what the entry did as a line of text: -o does not apply");
	if (o->ndepts)
		return cmd_usage("add takes the department as its first argument, not --dept");
	/* A write beyond RLIMIT_FSIZE must fail with EFBIG (and be undone), not kill us. */
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGXFSZ, &ign, &old);
	rc = add(o);
	sigaction(SIGXFSZ, &old, NULL);
	return rc;
}
