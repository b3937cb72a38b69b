/* main — the options common to all commands, the command table, exit status. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "cmd.h"
#include "diag.h"

/* Which command-specific options a command accepts. */
enum {
	F_FILTER = 1 << 0,  /* --dept --task --status */
	F_SOON   = 1 << 1,
	F_STALE  = 1 << 2,
	F_ROLL   = 1 << 3,
	F_BY     = 1 << 4,
	F_MONTH  = 1 << 5,
	F_ADD    = 1 << 6,  /* --section --evidence --period */
};

static const struct command {
	const char *name;
	int (*run)(struct opts *);
	int         minargs, maxargs;
	unsigned    flags;
	const char *synopsis;
	const char *what;
} commands[] = {
	{ "check", cmd_check, 0, 1 << 20, 0, "check [LEDGER...]",
	  "validate the task table, departments, calendars and every ledger" },
	{ "overdue", cmd_overdue, 0, 1 << 20, F_FILTER | F_SOON | F_STALE | F_ROLL, "overdue [LEDGER...]",
	  "the overdue obligations, most overdue first (--soon N: also those due soon)" },
	{ "status", cmd_status, 0, 1 << 20, F_FILTER | F_SOON | F_STALE | F_ROLL, "status [LEDGER...]",
	  "every obligation with its status" },
	{ "summary", cmd_summary, 0, 1 << 20, F_FILTER | F_SOON | F_STALE | F_ROLL | F_BY, "summary [LEDGER...]",
	  "counts per department (--by task|area|month) with the on-time rate" },
	{ "score", cmd_score, 0, 1 << 20, F_FILTER | F_STALE | F_ROLL | F_MONTH, "score [LEDGER...]",
	  "the monthly assessment (--month YYYY-MM; default: last month)" },
	{ "explain", cmd_explain, 2, 3, F_ROLL | F_STALE | F_SOON, "explain DEPT TASK [ITEM|PERIOD]",
	  "how an obligation's due date and status were reached, day by day" },
	{ "add", cmd_add, 4, 6, F_ADD, "add DEPT TASK DATE EVENT [ITEM [NOTE]]",
	  "append a validated entry to the department's ledger (--section, --evidence, --period)" },
	{ "tasks", cmd_tasks, 0, 0, 0, "tasks", "the task table as understood: units, lead, rule" },
	{ "due", cmd_due, 2, 2, 0, "due DATE N", "the N-th working day after DATE (negative N: before)" },
	{ "workdays", cmd_workdays, 2, 2, 0, "workdays A B", "working days in (A, B]" },
	{ "cal", cmd_cal, 0, 1, 0, "cal [YEAR[-MM]]", "a month calendar with days off and make-up working days" },
};

static const struct command *
find_command(const char *name)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void
usage(FILE *fp)
{
	fputs("usage: gkledger [OPTIONS] COMMAND [ARGS]\n\ncommands:\n", fp);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(fp, "  %-36s %s\n", commands[i].synopsis, commands[i].what);
	fputs("\noptions:\n"
	      "  -C, --dir DIR          the workspace folder (else $GKLEDGER_DIR, else .)\n"
	      "      --tasks FILE       the task table (else DIR/tasks.tsv)\n"
	      "      --calendar FILE    a calendar layer over the national one (repeatable)\n"
	      "      --as-of DATE       the day to report as of (default: today)\n"
	      "      --dept NAME        only this department (repeatable)\n"
	      "  -o, --format FMT       table, csv, tsv or json\n"
	      "      --excel            CSV with a UTF-8 byte-order mark and CRLF\n"
	      "      --color WHEN       auto, always or never\n"
	      "      --lang zh|en       labels of table output (default from LANG)\n"
	      "      --encoding ENC     auto, utf-8, gb18030 or utf-16\n"
	      "      --strict           warnings are errors\n"
	      "  -q, --quiet            no warnings\n"
	      "  -h, --help             this help\n"
	      "  -V, --version          the version\n"
	      "\nSee gkledger(1).\n",
	      fp);
}

enum {
	O_TASKS = 256, O_CALENDAR, O_ASOF, O_DEPT, O_TASK, O_STATUS, O_EXCEL, O_COLOR, O_LANG, O_ENCODING,
	O_STRICT, O_SOON, O_STALE, O_ROLL, O_BY, O_MONTH, O_SECTION, O_EVIDENCE, O_PERIOD
};

static const struct option longopts[] = {
	{ "dir", required_argument, NULL, 'C' },
	{ "tasks", required_argument, NULL, O_TASKS },
	{ "calendar", required_argument, NULL, O_CALENDAR },
	{ "as-of", required_argument, NULL, O_ASOF },
	{ "dept", required_argument, NULL, O_DEPT },
	{ "task", required_argument, NULL, O_TASK },
	{ "status", required_argument, NULL, O_STATUS },
	{ "format", required_argument, NULL, 'o' },
	{ "excel", no_argument, NULL, O_EXCEL },
	{ "color", required_argument, NULL, O_COLOR },
	{ "colour", required_argument, NULL, O_COLOR },
	{ "lang", required_argument, NULL, O_LANG },
	{ "encoding", required_argument, NULL, O_ENCODING },
	{ "strict", no_argument, NULL, O_STRICT },
	{ "quiet", no_argument, NULL, 'q' },
	{ "soon", required_argument, NULL, O_SOON },
	{ "stale", required_argument, NULL, O_STALE },
	{ "roll", no_argument, NULL, O_ROLL },
	{ "by", required_argument, NULL, O_BY },
	{ "month", required_argument, NULL, O_MONTH },
	{ "section", required_argument, NULL, O_SECTION },
	{ "evidence", required_argument, NULL, O_EVIDENCE },
	{ "period", required_argument, NULL, O_PERIOD },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};
static const char shortopts[] = ":C:o:qhV";

/* A negative number ("due 2023-10-08 -3") is an argument, not an option:
 * such elements are marked before getopt sees them and unmarked after. */
#define NEGMARK '\x1f'

static int
takes_arg(const char *a)
{
	if (a[0] == '-' && a[1] == '-') {
		for (const struct option *o = longopts; o->name; o++) {
			size_t n = strlen(o->name);
			if (strncmp(a + 2, o->name, n) == 0 && a[2 + n] == '\0')
				return o->has_arg == required_argument;
		}
		return 0;
	}
	/* -C DIR, -o FMT: the last letter of a cluster takes the next element */
	size_t n = strlen(a);
	return a[0] == '-' && n >= 2 && (a[n - 1] == 'C' || a[n - 1] == 'o');
}

static int
is_negative_number(const char *a)
{
	if (a[0] != '-' || !a[1])
		return 0;
	for (const char *p = a + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

static void
mark_negatives(int argc, char **argv, char **marked)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (is_negative_number(argv[i]) && !takes_arg(argv[i - 1])) {
			size_t n = strlen(argv[i]);
			marked[i] = xmalloc(n + 2);
			marked[i][0] = NEGMARK;
			memcpy(marked[i] + 1, argv[i], n + 1);
			argv[i] = marked[i];
		}
	}
}

static long
long_arg(const char *opt, const char *s, long lo, long hi)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || *end || v < lo || v > hi) {
		cmd_usage("%s '%s': expected a whole number from %ld to %ld", opt, s, lo, hi);
		exit(EXIT_TROUBLE);
	}
	return v;
}

static void
push(const char ***list, size_t *n, const char *s)
{
	*list = xrealloc(*list, (*n + 1) * sizeof **list);
	(*list)[(*n)++] = s;
}

/* Which option needs which command flag, to refuse e.g. --by on status. */
static unsigned
flag_of(int c)
{
	switch (c) {
	case O_TASK: case O_STATUS: return F_FILTER;
	case O_SOON: return F_SOON;
	case O_STALE: return F_STALE;
	case O_ROLL: return F_ROLL;
	case O_BY: return F_BY;
	case O_MONTH: return F_MONTH;
	case O_SECTION: case O_EVIDENCE: case O_PERIOD: return F_ADD;
	default: return 0;
	}
}

static const char *
option_name(int c)
{
	for (const struct option *o = longopts; o->name; o++)
		if (o->val == c)
			return o->name;
	return "?";
}

/* Parses the command line into *o and runs the command. */
static int
run(int argc, char **argv, struct opts *o, char **marked)
{
	const char *color = "auto", *lang = NULL, *env;
	unsigned used = 0;
	int c, rc;

	o->soon = 5;
	o->stale = 90;
	o->out.format = OUT_TABLE;
	o->dir = (env = getenv("GKLEDGER_DIR")) && *env ? env : ".";

	mark_negatives(argc, argv, marked);
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		used |= flag_of(c);
		switch (c) {
		case 'C': o->dir = optarg; break;
		case O_TASKS: o->tasks = optarg; break;
		case O_CALENDAR: push(&o->calendars, &o->ncalendars, optarg); break;
		case O_ASOF:
			if (cmd_date_arg(optarg, &o->asof) < 0)
				return EXIT_TROUBLE;
			o->asof_given = 1;
			break;
		case O_DEPT: push(&o->depts, &o->ndepts, optarg); break;
		case O_TASK: push(&o->taskids, &o->ntaskids, optarg); break;
		case O_STATUS: push(&o->statuses, &o->nstatuses, optarg); break;
		case 'o': {
			int f = out_parse_format(optarg);
			if (f < 0)
				return cmd_usage("-o '%s': expected table, csv, tsv or json", optarg);
			o->out.format = (enum out_format)f;
			o->format_given = 1;
			break;
		}
		case O_EXCEL: o->out.excel = 1; break;
		case O_COLOR: color = optarg; break;
		case O_LANG:
			if (strcmp(optarg, "zh") && strcmp(optarg, "en"))
				return cmd_usage("--lang '%s': expected zh or en", optarg);
			lang = optarg;
			break;
		case O_ENCODING:
			if (!strcmp(optarg, "auto"))
				o->enc = TSV_ENC_AUTO;
			else if (!strcmp(optarg, "utf-8") || !strcmp(optarg, "utf8"))
				o->enc = TSV_ENC_UTF8;
			else if (!strcmp(optarg, "gb18030") || !strcmp(optarg, "gbk"))
				o->enc = TSV_ENC_GB18030;
			else if (!strcmp(optarg, "utf-16") || !strcmp(optarg, "utf16"))
				o->enc = TSV_ENC_UTF16;
			else
				return cmd_usage("--encoding '%s': expected auto, utf-8, gb18030 or utf-16", optarg);
			break;
		case O_STRICT: o->strict = 1; break;
		case 'q': o->quiet = 1; break;
		case O_SOON: o->soon = long_arg("--soon", optarg, 0, 1000); o->soon_given = 1; break;
		case O_STALE: o->stale = long_arg("--stale", optarg, 0, 100000); break;
		case O_ROLL: o->roll = 1; break;
		case O_BY: o->by = optarg; break;
		case O_MONTH: o->month = optarg; break;
		case O_SECTION: o->section = optarg; break;
		case O_EVIDENCE: o->evidence = optarg; break;
		case O_PERIOD: o->period = optarg; break;
		case 'h': usage(stdout); return EXIT_CLEAN;
		case 'V': printf("gkledger %s\n", GK_VERSION); return EXIT_CLEAN;
		case ':':
			return cmd_usage("option '%s' needs a value", argv[optind - 1]);
		default:
			if (optopt && optopt < 256)
				return cmd_usage("unknown option '-%c'", optopt);
			return cmd_usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	for (int i = optind; i < argc; i++)
		if (argv[i][0] == NEGMARK)
			argv[i]++;

	if (optind >= argc) {
		usage(stderr);
		return EXIT_TROUBLE;
	}
	const struct command *cmd = find_command(argv[optind]);
	if (!cmd)
		return cmd_usage("unknown command '%s'", argv[optind]);
	o->args = argv + optind + 1;
	o->nargs = argc - optind - 1;
	if (o->nargs < cmd->minargs || o->nargs > cmd->maxargs)
		return cmd_usage("usage: gkledger %s", cmd->synopsis);
	if (used & ~cmd->flags) {
		for (int k = O_TASKS; k <= O_PERIOD; k++)
			if (flag_of(k) & used & ~cmd->flags)
				return cmd_usage("option --%s does not apply to '%s'", option_name(k), cmd->name);
	}

	int cw = out_color_wanted(color, STDOUT_FILENO);
	if (cw < 0)
		return cmd_usage("--color '%s': expected auto, always or never", color);
	o->out.color = cw;
	o->out.lang = lang ? (strcmp(lang, "zh") == 0 ? LANG_ZH : LANG_EN) : out_lang_from_env();
	o->out.width = out_term_width(STDOUT_FILENO);
	if (!o->asof_given)
		o->asof = date_today();
	diag_set_quiet(o->quiet);
	diag_set_strict(o->strict);

	rc = cmd->run(o);

	/* A report cut short by a full disk must not look complete. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cmd_write_error();
		rc = EXIT_TROUBLE;
	}
	return rc;
}

int
main(int argc, char **argv)
{
	struct opts o;
#if defined(M_MMAP_THRESHOLD)
	/* Large arrays (the rows status and overdue hold) stay mapped, so that
	 * growing one moves its pages instead of copying them into a new block
	 * beside the old; glibc would otherwise raise this threshold after the
	 * first large free and grow them on the heap (issue 7: peak memory). */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
	char **marked = xcalloc((size_t)argc + 1, sizeof *marked);

	memset(&o, 0, sizeof o);
	int rc = run(argc, argv, &o, marked);
	for (int i = 0; i < argc; i++)
		free(marked[i]);
	free(marked);
	free(o.calendars);
	free(o.depts);
	free(o.taskids);
	free(o.statuses);
	return rc;
}
