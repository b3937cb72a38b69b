/* ws — the workspace: which files make it up (SPEC §2) and loading them into
 * the model (plan, calendar, ledgers). Commands call ws_load and then work on
 * the model only.
 *
 * Ownership: a struct ws owns the plan and the ledgers; ws_free releases them. */
#ifndef WS_H
#define WS_H

#include <stddef.h>

#include "cmd.h"
#include "ledger.h"
#include "plan.h"

struct ws {
	struct plan    plan;
	struct ledger *ledgers;
	size_t         nledgers;
	int            unreadable; /* a file could not be read at all */
	char         **files;      /* the reports' ledger files, owned */
	int           *fdept;      /* each file's department (-1: unknown) */
	size_t         nfiles;
};

/* Loads the calendar layers, the plan and, when want_ledgers, the ledgers:
 * the files named in files[0..nfiles) ("-" is standard input), else every
 * DIR/ledgers/NAME.tsv in name order. Problems are reported as they are met.
 * Returns 0, or -1 when the task table could not be read (nothing to report on). */
int  ws_load(struct ws *w, const struct opts *o, char **files, int nfiles, int want_ledgers, int check);
void ws_free(struct ws *w);

/* The NAME.tsv files of a ledgers folder (not hidden ones), in name order, into
 * *list (free with ws_free_files). Returns -1 with errno set when the folder
 * cannot be opened. */
int    ws_list_ledgers(const char *ldir, char ***list, size_t *n);

/* The ledger files of a report: files[0..nfiles) when given, else every
 * DIR/ledgers/NAME.tsv in name order. Free with ws_free_files. */
char **ws_ledger_files(const struct opts *o, char **files, int nfiles, size_t *n);
void   ws_free_files(char **v, size_t n);

/* Resolves a --dept name (or alias) to a department index; reports and returns -1. */
int  ws_dept_arg(const struct ws *w, const char *name);

#endif
