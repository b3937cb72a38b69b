# bench_items.awk — the per-item summary of a workspace, computed independently
# of gkledger (issue 7: the benchmark's yardstick and its correctness check).
#
#   awk -f tools/bench_items.awk -v cal=data/calendar/cn.tsv -v tasks=WS/tasks.tsv \
#       -v asof=2026-12-31 [-v soon=5] WS/ledgers/*.tsv
#
# prints, for each department with per-item obligations, a tab-separated line:
#   department total on_time late open due_soon overdue
# (the first columns of `gkledger summary -o tsv` restricted to the per-item tasks).
#
# Rules (SPEC §4, §5, §5.1):
# - per-item tasks are those whose `rule` reads `within N wd of EV[|EV...]` or
#   `within N days of EV[|EV...]` (not `of plan`);
# - a working day is Monday-Friday not `off` in the calendar, or a day marked `work`;
#   outside the calendar only weekends are days off;
# - due = the N-th working day strictly after the start (wd), or start + N (days);
# - one obligation per (task, item, start date), closed by the first `published`
#   entry of the same task and item on or after the start, the same day included;
#   on-time when published on or before the due date, else late; still open at
#   the as-of date: overdue when due before it, due-soon when
#   workdays(as-of, due) <= soon, else open;
# - entries dated after the as-of date are ignored.
#
# Limits: reads ledgers in date order (as clerks append and as benchgen writes
# them; an out-of-order ledger is not handled here), takes `department` from the
# `# department:` line (else the file name), does not resolve aliases, does not
# read quoted fields, and matches items exactly: the generator writes them the same
# way each time. Plain POSIX awk; mawk or gawk.

function fail(msg) {
	print "bench_items.awk: " msg > "/dev/stderr"
	bad = 1
	exit 2
}

# Day table: day number k for every date from 2010-01-01 to 2035-12-31;
# cum[k] = working days in [first, k]; nth[c] = the c-th working day.
function build_days(   y, m, d, k, mdays, wd, key, c) {
	split("31 28 31 30 31 30 31 31 30 31 30 31", mdays, " ")
	k = 0
	wd = 4  # 2010-01-01 was a Friday (0 = Monday)
	c = 0
	for (y = 2010; y <= 2035; y++) {
		mdays[2] = (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28
		for (m = 1; m <= 12; m++)
			for (d = 1; d <= mdays[m]; d++) {
				k++
				key = sprintf("%04d-%02d-%02d", y, m, d)
				dn[key] = k
				if (key in kind)
					work = kind[key] == "work"
				else
					work = wd < 5
				if (work) {
					c++
					nth[c] = k
				}
				cum[k] = c
				wd = (wd + 1) % 7
			}
	}
}

function read_calendar(path,   line, f, n, hdr, cd, ck, i) {
	hdr = 0
	while ((getline line < path) > 0) {
		if (line ~ /^#/ || line == "")
			continue
		n = split(line, f, "\t")
		if (!hdr) {
			for (i = 1; i <= n; i++) {
				if (f[i] == "date") cd = i
				if (f[i] == "kind") ck = i
			}
			if (!cd || !ck)
				fail(path ": no date/kind header")
			hdr = 1
			continue
		}
		kind[f[cd]] = f[ck]
	}
	close(path)
	if (!hdr)
		fail(path ": cannot read")
}

function read_tasks(path,   line, f, n, hdr, ci, cr, i, r, w, ev, ne, j) {
	hdr = 0
	while ((getline line < path) > 0) {
		if (line ~ /^#/ || line == "")
			continue
		n = split(line, f, "\t")
		if (!hdr) {
			for (i = 1; i <= n; i++) {
				if (f[i] == "id") ci = i
				if (f[i] == "rule") cr = i
			}
			if (!ci || !cr)
				fail(path ": no id/rule header")
			hdr = 1
			continue
		}
		r = f[cr]
		if (r !~ /^within [0-9]+ (wd|days) of [a-z|]+$/ || r ~ / of plan$/)
			continue
		split(r, w, " ")
		perday[f[ci]] = w[3] == "days"
		span[f[ci]] = w[2] + 0
		ne = split(w[5], ev, "|")
		for (j = 1; j <= ne; j++)
			isstart[f[ci], ev[j]] = 1
		pertask[f[ci]] = 1
	}
	close(path)
	if (!hdr)
		fail(path ": cannot read")
}

function due_of(t, k) {
	return perday[t] ? k + span[t] : nth[cum[k] + span[t]]
}

# Status of the obligations still open at the end of a ledger; the department's line.
function finish(   ti, j, n, t, due, p) {
	if (dept == "")
		return
	for (ti in nopen) {
		n = nopen[ti]
		split(ti, p, SUBSEP)
		t = p[1]
		for (j = 0; j < n; j++) {
			due = due_of(t, os[ti, j])
			if (due < A)
				c_overdue++
			else if (cum[due] - cum[A] <= soon)
				c_soon++
			else
				c_open++
			delete os[ti, j]
		}
		delete nopen[ti]
	}
	total = c_ontime + c_late + c_open + c_soon + c_overdue
	if (total > 0)
		printf "%s\t%d\t%d\t%d\t%d\t%d\t%d\n", dept, total, c_ontime, c_late, c_open, c_soon, c_overdue
	dept = ""
}

BEGIN {
	FS = "\t"
	if (soon == "")
		soon = 5
	if (cal == "" || tasks == "" || asof == "")
		fail("usage: awk -f bench_items.awk -v cal=CN.TSV -v tasks=TASKS.TSV -v asof=YYYY-MM-DD LEDGER...")
	read_calendar(cal)
	build_days()
	read_tasks(tasks)
	if (!(asof in dn))
		fail("bad as-of date " asof)
	A = dn[asof]
	ev_alias["形成"] = "formed";    ev_alias["变更"] = "changed"
	ev_alias["出台"] = "issued";    ev_alias["印发"] = "issued"
	ev_alias["收到"] = "received";  ev_alias["批复"] = "approved"
	ev_alias["批准"] = "approved";  ev_alias["公开"] = "published"
	ev_alias["发布"] = "published"
}

FNR == 1 {
	finish()
	dept = FILENAME
	sub(/^.*\//, "", dept)
	sub(/\.tsv$/, "", dept)
	hdr = 0
	curdate = ""
	c_ontime = c_late = c_open = c_soon = c_overdue = 0
}

/^#/ {
	if (!hdr && $0 ~ /^#[ \t]*department[ \t]*:/) {
		dept = $0
		sub(/^#[ \t]*department[ \t]*:[ \t]*/, "", dept)
		sub(/[ \t\r]+$/, "", dept)
	}
	next
}

$0 == "" { next }

!hdr {
	ct = cd = ce = cit = 0
	for (i = 1; i <= NF; i++) {
		if ($i == "task") ct = i
		else if ($i == "date") cd = i
		else if ($i == "event") ce = i
		else if ($i == "item") cit = i
	}
	if (!ct || !cd || !ce || !cit)
		fail(FILENAME ": no task/date/event/item header")
	hdr = 1
	next
}

{
	t = $ct
	if (!(t in pertask))
		next
	d = $cd
	if (d > asof)
		next
	ev = $ce
	if (ev in ev_alias)
		ev = ev_alias[ev]
	if (d != curdate) {
		if (d < curdate)
			fail(FILENAME ":" FNR ": out of date order")
		if (!(d in dn))
			fail(FILENAME ":" FNR ": bad date " d)
		curdate = d
		k = dn[d]
		split("", today)   # start keys seen today
		split("", pubtoday) # task/items published today
	}
	ti = t SUBSEP $cit
	if (ev == "published") {
		pubtoday[ti] = 1
		if (ti in nopen) {
			n = nopen[ti]
			for (j = 0; j < n; j++) {
				if (k <= due_of(t, os[ti, j]))
					c_ontime++
				else
					c_late++
				delete os[ti, j]
			}
			delete nopen[ti]
		}
	} else if ((t, ev) in isstart) {
		if (ti in today)
			next          # a second start of the item on one date: one obligation
		today[ti] = 1
		if (ti in pubtoday)
			c_ontime++    # published earlier the same day: closed on its start date
		else
			os[ti, nopen[ti]++] = k
	}
}

END {
	if (bad)
		exit 2
	finish()
}
