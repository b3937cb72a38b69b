/* ws — finds the workspace's files and loads them into the model. */
#include "ws.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"

static int
exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
ws_list_ledgers(const char *ldir, char ***list, size_t *n)
{
	char **v = NULL;
	DIR *dp;
	struct dirent *de;

	*n = 0;
	*list = NULL;
	if (!(dp = opendir(ldir)))
		return -1;
	while ((de = readdir(dp))) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len <= 4 || strcmp(de->d_name + len - 4, ".tsv") != 0)
			continue;
		v = xrealloc(v, (*n + 1) * sizeof *v);
		size_t need = strlen(ldir) + len + 2;
		v[*n] = xmalloc(need);
		snprintf(v[*n], need, "%s/%s", ldir, de->d_name);
		(*n)++;
	}
	closedir(dp);
	if (*n > 1)
		qsort(v, *n, sizeof *v, cmp_str);
	*list = v;
	return 0;
}

/* DIR/ledgers/NAME.tsv; a folder that is missing is no error (no ledgers yet). */
static char **
ledger_files(const char *dir, size_t *n)
{
	char path[PATH_MAX], **v;

	snprintf(path, sizeof path, "%s/ledgers", dir);
	if (ws_list_ledgers(path, &v, n) < 0 && errno != ENOENT)
		diag_error("%s: %s", path, strerror(errno));
	return v;
}

int
ws_load(struct ws *w, const struct opts *o, char **files, int nfiles, int want_ledgers, int check)
{
	char tasks[PATH_MAX], depts[PATH_MAX];
	struct ledger_opts lo = { .enc = o->enc, .check = check };

	memset(w, 0, sizeof *w);
	if (cmd_load_calendar(o) < 0)
		w->unreadable = 1;
	if (o->tasks)
		snprintf(tasks, sizeof tasks, "%s", o->tasks);
	else
		snprintf(tasks, sizeof tasks, "%s/tasks.tsv", o->dir);
	snprintf(depts, sizeof depts, "%s/departments.tsv", o->dir);
	if (!o->tasks && !exists(tasks)) {
		diag_error("%s: no task table here: run gkledger in a workspace folder, or name one with -C DIR "
		           "or --tasks FILE",
		           tasks);
		w->unreadable = 1;
		return -1;
	}
	if (plan_load(&w->plan, tasks, exists(depts) ? depts : NULL, o->enc) < 0)
		w->unreadable = 1;
	if (!w->plan.ntasks && w->unreadable)
		return -1;
	if (!want_ledgers)
		return 0;

	size_t n = 0;
	char **owned = NULL;
	if (nfiles > 0) {
		n = (size_t)nfiles;
	} else {
		owned = ledger_files(o->dir, &n);
		files = owned;
	}
	w->ledgers = xcalloc(n ? n : 1, sizeof *w->ledgers);
	for (size_t i = 0; i < n; i++) {
		if (ledger_read(&w->ledgers[w->nledgers], &w->plan, files[i], &lo) == -1)
			w->unreadable = 1;
		w->nledgers++;
	}
	for (size_t i = 0; owned && i < n; i++)
		free(owned[i]);
	free(owned);
	return 0;
}

char **
ws_ledger_files(const struct opts *o, char **files, int nfiles, size_t *n)
{
	if (nfiles <= 0)
		return ledger_files(o->dir, n);
	char **v = xmalloc((size_t)nfiles * sizeof *v);
	for (int i = 0; i < nfiles; i++)
		v[i] = xstrdup(files[i]);
	*n = (size_t)nfiles;
	return v;
}

void
ws_free_files(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
ws_free(struct ws *w)
{
	for (size_t i = 0; i < w->nledgers; i++)
		ledger_free(&w->ledgers[i]);
	free(w->ledgers);
	ws_free_files(w->files, w->nfiles);
	free(w->fdept);
	plan_free(&w->plan);
	memset(w, 0, sizeof *w);
}

int
ws_dept_arg(const struct ws *w, const char *name)
{
	int d = plan_dept(&w->plan, name);
	if (d < 0)
		diag_at(DIAG_ERROR, NULL, "unknown-department", "--dept '%s' is not a department or alias of this workspace",
		        name);
	return d;
}
