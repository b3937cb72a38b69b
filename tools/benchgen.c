/* benchgen — deterministic benchmark workspaces for gkledger (issue 7, SPEC §8).
 *
 *     benchgen LINES DIR [SEED]
 *
 * writes DIR/tasks.tsv, DIR/departments.tsv and DIR/ledgers/NAME.tsv for 40
 * departments of an invented prefecture-level city (江州市), whose ledgers hold
 * exactly LINES lines together (metadata and header lines included), dated
 * 2016-01-04..2026-12-31 in date order, as clerks append them.
 *
 * The plan (tasks.tsv, `# issued: 2016-01-04`, `# year: 2016`) gives every task
 * to 各部门 and writes each deadline as a normalized `rule`, so the deadline
 * parser plays no part: five per-item tasks (1, 2, 5: `within 20 wd of
 * formed|changed`; 3: `within 10 wd of issued`; 4: `within 15 days of
 * received`) and one task of every other rule kind (6 `by`, 7 `annual`,
 * 8 `every quarter`, 9 `at least 10 by`, 10 `at least 1 per year`, 11 `ongoing`).
 *
 * Ledgers are mostly per-item stories: a start entry (formed, issued, received)
 * and the item's publication, mostly within the deadline, some late, some never,
 * some changed after publication and published again (or not), a few changed
 * before publication, a few with two start entries on one day; beside them a
 * few done/held/progress entries for tasks 6-11 (at most a fifth of a ledger).
 * Items are written the same way every time they occur, so they match exactly.
 *
 * Output depends only on LINES and SEED: the generator has its own PRNG
 * (splitmix64 seeding xoshiro256**), seeded per department. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define NDEPT 40

/* ---- PRNG ---------------------------------------------------------------- */

struct rng { uint64_t s[4]; };

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix(&seed);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* Uniform in [0, n). */
static unsigned
rng_below(struct rng *r, unsigned n)
{
	return (unsigned)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static int
rng_range(struct rng *r, int lo, int hi)
{
	return lo + (int)rng_below(r, (unsigned)(hi - lo + 1));
}

/* 1 with probability per-mille pm. */
static int
rng_pm(struct rng *r, unsigned pm)
{
	return rng_below(r, 1000) < pm;
}

/* ---- days ---------------------------------------------------------------- */

/* Days since 1970-01-01 (proleptic Gregorian). */
static long
days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static long D0, D1;          /* first and last ledger day */
static int  ND;              /* D1 - D0 + 1 */
static char (*dstr)[11];     /* "YYYY-MM-DD" of D0 + i */
static int  *dyear, *dmonth, *dmday;

/* 0 Monday .. 6 Sunday. */
static int
weekday(long t)
{
	long w = (t + 3) % 7; /* 1970-01-01 was a Thursday */
	return (int)(w < 0 ? w + 7 : w);
}

static int
weekend(long t)
{
	return weekday(t) >= 5;
}

static void
days_init(void)
{
	D0 = days_from_civil(2016, 1, 4);
	D1 = days_from_civil(2026, 12, 31);
	ND = (int)(D1 - D0 + 1);
	dstr = malloc((size_t)ND * sizeof *dstr);
	dyear = malloc((size_t)ND * sizeof *dyear);
	dmonth = malloc((size_t)ND * sizeof *dmonth);
	dmday = malloc((size_t)ND * sizeof *dmday);
	if (!dstr || !dyear || !dmonth || !dmday) {
		fputs("benchgen: out of memory\n", stderr);
		exit(2);
	}
	for (int i = 0; i < ND; i++) {
		int y, m, d;
		civil_from_days(D0 + i, &y, &m, &d);
		char *o = dstr[i];
		o[0] = (char)('0' + y / 1000 % 10);
		o[1] = (char)('0' + y / 100 % 10);
		o[2] = (char)('0' + y / 10 % 10);
		o[3] = (char)('0' + y % 10);
		o[4] = '-';
		o[5] = (char)('0' + m / 10);
		o[6] = (char)('0' + m % 10);
		o[7] = '-';
		o[8] = (char)('0' + d / 10);
		o[9] = (char)('0' + d % 10);
		o[10] = '\0';
		dyear[i] = y;
		dmonth[i] = m;
		dmday[i] = d;
	}
}

/* ---- the city ------------------------------------------------------------ */

static const struct dept {
	const char *name;
	const char *alias;  /* another name users write */
	const char *abbr;   /* document-number prefix (发文字号) */
} depts[NDEPT] = {
	{ "市政府办公室", "江州市人民政府办公室", "江政办发" },
	{ "发展和改革委员会", "市发改委", "江发改发" },
	{ "教育和体育局", "市教体局", "江教体发" },
	{ "科学技术局", "市科技局", "江科发" },
	{ "工业和信息化局", "市工信局", "江工信发" },
	{ "公安局", "江州市公安局", "江公发" },
	{ "民政局", "江州市民政局", "江民发" },
	{ "司法局", "江州市司法局", "江司发" },
	{ "财政局", "江州市财政局", "江财发" },
	{ "人力资源和社会保障局", "市人社局", "江人社发" },
	{ "自然资源和规划局", "市自然资源局", "江自然资规发" },
	{ "生态环境局", "市生态环境局", "江环发" },
	{ "住房和城乡建设局", "市住建局", "江建发" },
	{ "交通运输局", "市交通局", "江交发" },
	{ "水利局", "江州市水利局", "江水发" },
	{ "农业农村局", "市农业农村局", "江农发" },
	{ "商务局", "江州市商务局", "江商发" },
	{ "文化和旅游局", "市文旅局", "江文旅发" },
	{ "卫生健康委员会", "市卫健委", "江卫发" },
	{ "退役军人事务局", "市退役军人局", "江退役军人发" },
	{ "应急管理局", "市应急局", "江应急发" },
	{ "审计局", "江州市审计局", "江审发" },
	{ "市场监督管理局", "市市场监管局", "江市监发" },
	{ "统计局", "江州市统计局", "江统发" },
	{ "医疗保障局", "市医保局", "江医保发" },
	{ "城市管理局", "市城管局", "江城管发" },
	{ "行政审批服务局", "市审批局", "江审批发" },
	{ "地方金融监督管理局", "市金融局", "江金发" },
	{ "国有资产监督管理委员会", "市国资委", "江国资发" },
	{ "信访局", "江州市信访局", "江信访发" },
	{ "林业局", "江州市林业局", "江林发" },
	{ "粮食和物资储备局", "市粮储局", "江粮发" },
	{ "人民防空办公室", "市人防办", "江人防发" },
	{ "大数据局", "市大数据局", "江数据发" },
	{ "机关事务管理局", "市机关事务局", "江机管发" },
	{ "投资促进局", "市投促局", "江投促发" },
	{ "乡村振兴局", "市乡村振兴局", "江振兴发" },
	{ "档案馆", "江州市档案馆", "江档发" },
	{ "住房公积金管理中心", "市公积金中心", "江公积金发" },
	{ "民族宗教事务局", "市民宗局", "江民宗发" },
};

static const char *const topics[] = {
	"优化营商环境", "促进就业创业", "城乡低保标准调整", "老旧小区改造", "义务教育招生入学",
	"农村人居环境整治", "安全生产专项整治", "医疗保障待遇调整", "文旅消费促进", "科技创新奖补",
	"数字政府建设", "河湖长制", "食品安全监管", "养老服务体系建设", "住房租赁补贴",
	"中小企业纾困", "重点项目建设", "预算绩效管理", "政府采购管理", "行政执法公示",
	"生态环境保护", "大气污染防治", "城市更新", "乡村振兴", "退役军人服务保障",
	"公共资源交易", "双随机一公开监管", "社会救助", "残疾人两项补贴", "高校毕业生就业",
	"新型农业经营主体培育", "消防安全", "物业管理", "城市排水防涝", "公共文化服务",
	"全民健身", "应急物资储备", "统计数据质量", "档案开放", "政务服务一网通办",
};
#define NTOPICS (sizeof topics / sizeof topics[0])

static const char *const kinds[] = {
	"实施方案", "管理办法", "实施细则", "工作方案", "若干措施", "行动计划", "考核办法", "指导意见",
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

static const char *const results[] = {
	"行政许可决定", "行政处罚决定", "双随机抽查结果", "资金发放名单", "政府采购结果",
	"项目审批结果", "专项检查结果", "补贴发放情况",
};
#define NRESULTS (sizeof results / sizeof results[0])

static const char *const projects[] = {
	"招标结果公示", "建设进展", "竣工验收结果", "征收补偿方案", "用地审批结果", "环评审批结果",
};
#define NPROJECTS (sizeof projects / sizeof projects[0])

static const char *const sections[] = {
	"办公室", "综合科", "政策法规科", "计划财务科", "行政审批科", "督查科", "信息中心", "执法监督科",
};
#define NSECTIONS (sizeof sections / sizeof sections[0])

/* ---- tasks --------------------------------------------------------------- */

enum ev { EV_FORMED, EV_CHANGED, EV_ISSUED, EV_RECEIVED, EV_PUBLISHED, EV_DONE, EV_HELD, EV_PROGRESS };
static const char *const evname[] = {
	"formed", "changed", "issued", "received", "published", "done", "held", "progress",
};

static const struct task {
	const char *id, *area, *topic, *req, *rule;
} tasks[] = {
	{ "1", "政策文件公开", "规范性文件", "本部门制定的规范性文件和政策文件，自信息形成或者变更之日起20个工作日内在政府网站公开", "within 20 wd of formed|changed" },
	{ "2", "管理服务结果公开", "执法和监管结果", "行政许可、行政处罚、抽查检查等管理服务结果，自形成或者变更之日起20个工作日内公开", "within 20 wd of formed|changed" },
	{ "3", "决策公开", "重大行政决策", "重大行政决策和决策文件出台后10个工作日内公开，同步做好解读", "within 10 wd of issued" },
	{ "4", "回应关切", "建议提案和群众诉求", "收到人大代表建议、政协提案答复及12345热线转办件办理结果之日起15日内公开", "within 15 days of received" },
	{ "5", "重点领域信息公开", "重大建设项目", "重大建设项目批准、实施和结果信息，自形成或者变更之日起20个工作日内公开", "within 20 wd of formed|changed" },
	{ "6", "平台建设", "政府网站", "完成本部门政府信息公开专栏标准化规范化建设", "by 2026-12-31" },
	{ "7", "年度报告", "政府信息公开工作年度报告", "每年3月31日前公布本部门上一年度政府信息公开工作年度报告", "annual 03-31" },
	{ "8", "财政信息公开", "预算执行", "每季度公开本部门预算执行情况", "every quarter" },
	{ "9", "政策解读", "政策吹风会", "2026年底前举办政策吹风会、新闻发布会不少于10次", "at least 10 by 2026-12-31" },
	{ "10", "机制建设", "培训", "每年至少组织1次政务公开业务培训", "at least 1 per year" },
	{ "11", "机制建设", "主动公开目录", "动态更新主动公开基本目录，长期坚持", "ongoing" },
};
#define NTASKS (sizeof tasks / sizeof tasks[0])

/* ---- output -------------------------------------------------------------- */

static FILE *
xopen(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "benchgen: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	return f;
}

static void
xclose(FILE *f, const char *path)
{
	if (ferror(f) || fclose(f) != 0) {
		fprintf(stderr, "benchgen: %s: write error\n", path);
		exit(2);
	}
}

static void
write_tasks(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/tasks.tsv", dir);
	FILE *f = xopen(path);
	fputs("# title: 江州市2016—2026年政务公开重点工作任务分解表（基准测试用，数据为虚构）\n"
	      "# issued: 2016-01-04\n"
	      "# year: 2016\n"
	      "# source: generated by tools/benchgen.c for `make bench` (gkledger issue 7); every deadline is given as a normalized rule\n"
	      "id\tarea\ttopic\trequirement\tunits\tdeadline\trule\tpoints\n", f);
	for (size_t i = 0; i < NTASKS; i++)
		fprintf(f, "%s\t%s\t%s\t%s\t各部门\t\t%s\t1\n", tasks[i].id, tasks[i].area,
		        tasks[i].topic, tasks[i].req, tasks[i].rule);
	xclose(f, path);
}

static void
write_departments(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/departments.tsv", dir);
	FILE *f = xopen(path);
	fputs("# title: 江州市人民政府工作部门（基准测试用，虚构）\n"
	      "department\taliases\tgroups\tkind\n", f);
	for (int i = 0; i < NDEPT; i++)
		fprintf(f, "%s\t%s\t\tdepartment\n", depts[i].name, depts[i].alias);
	xclose(f, path);
}

/* ---- one ledger ---------------------------------------------------------- */

#define ITEMSZ 256

/* A follow-up entry waiting for its day. */
struct node {
	int  next;
	int  task;  /* index into tasks[] */
	int  ev;
	char item[ITEMSZ];
};

static struct node *pool;
static int npool, cappool, freelist = -1;
static int *bhead, *btail;   /* per day: first and last node waiting, -1 none */

static int
node_new(void)
{
	if (freelist >= 0) {
		int n = freelist;
		freelist = pool[n].next;
		return n;
	}
	if (npool == cappool) {
		cappool = cappool ? cappool * 2 : 1024;
		pool = realloc(pool, (size_t)cappool * sizeof *pool);
		if (!pool) {
			fputs("benchgen: out of memory\n", stderr);
			exit(2);
		}
	}
	return npool++;
}

static void
schedule(int day, int task, int ev, const char *item)
{
	int n = node_new();
	pool[n].next = -1;
	pool[n].task = task;
	pool[n].ev = ev;
	snprintf(pool[n].item, ITEMSZ, "%s", item);
	if (btail[day] < 0)
		bhead[day] = n;
	else
		pool[btail[day]].next = n;
	btail[day] = n;
}

struct ledger {
	FILE      *f;
	struct rng r;
	long       lines;
	int        dept;
	int        docno[16];  /* per year since 2016: the department's document numbers */
	int        batch[16];  /* task 2 batches */
	int        recv[16];   /* task 4 received requests */
	int        proj[16];   /* task 5 project notices */
};

static void
emit(struct ledger *l, int day, int task, int ev, const char *item)
{
	struct rng *r = &l->r;
	const char *section = rng_pm(r, 120) ? sections[rng_below(r, NSECTIONS)] : "";
	char evidence[96] = "";
	if (ev == EV_PUBLISHED && rng_pm(r, 70))
		snprintf(evidence, sizeof evidence, "http://www.jiangzhou.gov.cn/art/%d/%d/%d/art_%d_%u.html",
		         dyear[day], dmonth[day], dmday[day], 1000 + l->dept, rng_below(r, 1000000));
	static const char *const fixed_note[NTASKS] = {
		[5] = "信息公开专栏完成标准化建设", [6] = "发布上一年度政府信息公开工作年度报告",
		[7] = "公开本季度预算执行情况", [8] = "召开政策吹风会", [9] = "组织政务公开业务培训",
		[10] = "更新主动公开基本目录",
	};
	const char *note = "";
	if (ev == EV_CHANGED)
		note = rng_pm(r, 500) ? "内容调整" : "";
	else if (fixed_note[task] && rng_pm(r, 700))
		note = fixed_note[task];
	fprintf(l->f, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", tasks[task].id, dstr[day], evname[ev], item,
	        section, evidence, note);
	l->lines++;
}

/* The item of a new per-item story of task t on day d. */
static void
make_item(struct ledger *l, int t, int d, char *buf)
{
	struct rng *r = &l->r;
	int y = dyear[d], yi = y - 2016;
	const char *abbr = depts[l->dept].abbr;
	switch (t) {
	case 0: { /* policy documents */
		int no = l->docno[yi] += 1 + (int)rng_below(r, 2);
		const char *tp = topics[rng_below(r, NTOPICS)], *k = kinds[rng_below(r, NKINDS)];
		unsigned form = rng_below(r, 100);
		if (form < 10)
			snprintf(buf, ITEMSZ, "关于印发《江州市%s%s》的通知（%s〔%d〕%d号）", tp, k, abbr, y, no);
		else if (form < 35)
			snprintf(buf, ITEMSZ, "《江州市%s%s》（%s〔%d〕%d号）", tp, k, abbr, y, no);
		else
			snprintf(buf, ITEMSZ, "%s〔%d〕%d号", abbr, y, no);
		break;
	}
	case 1: { /* results of administration */
		int no = ++l->batch[yi];
		snprintf(buf, ITEMSZ, "%d年第%d批%s", y, no, results[rng_below(r, NRESULTS)]);
		break;
	}
	case 2: { /* major decisions */
		int no = l->docno[yi] += 1 + (int)rng_below(r, 2);
		if (rng_pm(r, 400))
			snprintf(buf, ITEMSZ, "关于%s的决定（%s〔%d〕%d号）", topics[rng_below(r, NTOPICS)], abbr, y, no);
		else
			snprintf(buf, ITEMSZ, "%s〔%d〕%d号", abbr, y, no);
		break;
	}
	case 3: { /* proposals and hotline requests */
		int no = ++l->recv[yi];
		unsigned form = rng_below(r, 10);
		if (form < 2)
			snprintf(buf, ITEMSZ, "%d年人大代表建议第%d号答复", y, no);
		else if (form < 4)
			snprintf(buf, ITEMSZ, "%d年政协提案第%d号答复", y, no);
		else
			snprintf(buf, ITEMSZ, "12345热线转办件%d%06d", y, no);
		break;
	}
	default: { /* projects */
		int no = ++l->proj[yi];
		const char *pr = projects[rng_below(r, NPROJECTS)];
		if (rng_pm(r, 300))
			snprintf(buf, ITEMSZ, "%s项目%s（%d-%d）", topics[rng_below(r, NTOPICS)], pr, y, no);
		else
			snprintf(buf, ITEMSZ, "%d年第%d号%s", y, no, pr);
		break;
	}
	}
}

/* A later day for a publication: calendar-day delay from d; a weekend day is
 * usually moved to the Monday after. Returns a day index, maybe >= ND. */
static int
later(struct ledger *l, int d, int delay)
{
	int t = d + delay;
	if (weekend(D0 + t) && rng_pm(&l->r, 850))
		t += weekday(D0 + t) == 5 ? 2 : 1;
	return t;
}

/* Publication delay in calendar days for task t: on time, late or never (-1). */
static int
pub_delay(struct ledger *l, int t)
{
	struct rng *r = &l->r;
	unsigned u = rng_below(r, 1000);
	int ontime_max = t == 2 ? 12 : t == 3 ? 13 : 25;   /* 10 wd, 15 days, 20 wd */
	if (u < 60)
		return -1;
	if (u < 160)
		return rng_range(r, ontime_max + 3, ontime_max * 3);
	if (u < 200)  /* near the deadline: on time or not by the calendar */
		return rng_range(r, ontime_max - 3, ontime_max + 3);
	return rng_range(r, 0, ontime_max - 3);
}

struct fixed { int day, task, ev, seq; };

static int
cmp_fixed(const void *a, const void *b)
{
	const struct fixed *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
day_of(int y, int m, int d)
{
	return (int)(days_from_civil(y, m, d) - D0);
}

/* Entries of tasks 6-11 for one department, sorted by day; at most max of them. */
static struct fixed *
make_fixed(struct ledger *l, long max, int *n)
{
	struct rng *r = &l->r;
	static struct fixed buf[512];
	int k = 0;
#define ADD(D, T, E) do { int d_ = (D); if (d_ >= 0 && d_ < ND && k < 512) \
		buf[k] = (struct fixed){ d_, (T), (E), k }, k++; } while (0)
	if (!rng_pm(r, 150))                                     /* 6: by 2026-12-31 */
		ADD(rng_range(r, day_of(2024, 1, 1), ND - 1), 5, EV_DONE);
	for (int y = 2016; y <= 2026; y++) {
		if (!rng_pm(r, 50))                              /* 7: annual 03-31 */
			ADD(day_of(y, 3, 31) + rng_range(r, -40, 12), 6, EV_DONE);
		for (int q = 0; q < 4; q++)                      /* 8: every quarter */
			if (!rng_pm(r, 50)) {
				int last = q == 3 ? day_of(y, 12, 31) : day_of(y, 3 * q + 4, 1) - 1;
				ADD(last - rng_range(r, 0, 25), 7, EV_DONE);
			}
		if (!rng_pm(r, 80))                              /* 10: at least 1 per year */
			ADD(day_of(y, 1, 1) + rng_range(r, 30, 330), 9, EV_HELD);
		for (int m = 1; m <= 12; m += 2)                 /* 11: ongoing */
			if (!rng_pm(r, 100))
				ADD(day_of(y, m, 1) + rng_range(r, 0, 55), 10, EV_PROGRESS);
	}
	int held = rng_range(r, 6, 14);                          /* 9: at least 10 by 2026-12-31 */
	for (int i = 0; i < held; i++)
		ADD(rng_range(r, 0, ND - 1), 8, EV_HELD);
#undef ADD
	/* Thin to max, keeping the entries' order. */
	if (k > max) {
		int j = 0;
		for (int i = 0; i < k; i++)
			if ((long)rng_below(r, (unsigned)k) < max && j < max)
				buf[j++] = buf[i];
		k = j;
	}
	qsort(buf, (size_t)k, sizeof *buf, cmp_fixed);
	*n = k;
	return buf;
}

/* One planned entry of a per-item story: day offset from the start and event. */
struct step { int off, ev; };

/* The entries of a new per-item story of task t, as day offsets from its start. */
static int
plan_story(struct ledger *l, int t, struct step *st)
{
	struct rng *r = &l->r;
	int ns = 0;
	int perchange = t == 0 || t == 1 || t == 4;  /* `formed|changed` tasks */
	st[ns++] = (struct step){ 0, t == 2 ? EV_ISSUED : t == 3 ? EV_RECEIVED : EV_FORMED };
	unsigned v = rng_below(r, 1000);
	if (perchange && v < 16) {
		/* changed before publication: one publication closes both clocks */
		int c = rng_range(r, 1, 10);
		st[ns++] = (struct step){ c, EV_CHANGED };
		int p = pub_delay(l, t);
		if (p >= 0)
			st[ns++] = (struct step){ c + p, EV_PUBLISHED };
		return ns;
	}
	if (perchange && v < 20)  /* two start entries on one day: one obligation */
		st[ns++] = (struct step){ 0, EV_CHANGED };
	int p = pub_delay(l, t);
	if (p < 0)
		return ns;
	st[ns++] = (struct step){ p, EV_PUBLISHED };
	if (perchange && rng_pm(r, 60)) {
		/* changed after publication, published again (or not) */
		int c = p + rng_range(r, 20, 400);
		st[ns++] = (struct step){ c, EV_CHANGED };
		int p2 = pub_delay(l, t);
		if (p2 >= 0)
			st[ns++] = (struct step){ c + p2, EV_PUBLISHED };
	}
	return ns;
}

static long
gen_ledger(const char *dir, int di, long total, uint64_t seed)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/ledgers/%s.tsv", dir, depts[di].name);
	struct ledger L;
	memset(&L, 0, sizeof L);
	L.f = xopen(path);
	L.dept = di;
	rng_seed(&L.r, seed * 1000003ULL + (uint64_t)di + 1);
	static char iobuf[1 << 20];
	setvbuf(L.f, iobuf, _IOFBF, sizeof iobuf);

	fprintf(L.f, "# department: %s\n", depts[di].name);
	fputs("task\tdate\tevent\titem\tsection\tevidence\tnote\n", L.f);
	L.lines = 2;
	long body = total - 2;
	int nfixed;
	struct fixed *fx = make_fixed(&L, body / 5, &nfixed);
	long budget = body - nfixed;  /* lines of per-item stories */
	long committed = 0;
	int fi = 0;

	for (int d = 0; d < ND; d++)
		bhead[d] = btail[d] = -1;

	for (int d = 0; d < ND; d++) {
		while (fi < nfixed && fx[fi].day == d) {
			emit(&L, d, fx[fi].task, fx[fi].ev, "");
			fi++;
		}
		for (int n = bhead[d]; n >= 0;) {
			int next = pool[n].next;
			emit(&L, d, pool[n].task, pool[n].ev, pool[n].item);
			pool[n].next = freelist;
			freelist = n;
			n = next;
		}
		bhead[d] = btail[d] = -1;

		/* New stories: keep the lines written so far proportional to the days gone. */
		long target = d == ND - 1 ? budget : (long)((double)budget * (d + 1) / ND);
		if (weekend(D0 + d) && d != ND - 1)
			continue;
		while (committed < target) {
			struct rng *r = &L.r;
			unsigned u = rng_below(r, 100);
			int t = u < 40 ? 0 : u < 65 ? 1 : u < 80 ? 2 : u < 90 ? 3 : 4;
			struct step st[6];
			int ns = plan_story(&L, t, st);
			/* Days of the steps; drop those after the last day, and what the budget cannot hold. */
			int day[6], k = 0;
			for (int i = 0; i < ns; i++) {
				int dd = st[i].off == 0 ? d : st[i].ev == EV_PUBLISHED ? later(&L, d, st[i].off) : d + st[i].off;
				if (dd >= ND || (i > 0 && dd < day[k - 1]))
					break;
				day[k++] = dd;
			}
			if (k > budget - committed)
				k = (int)(budget - committed);
			char item[ITEMSZ];
			make_item(&L, t, d, item);
			for (int i = 0; i < k; i++) {
				if (day[i] == d)
					emit(&L, d, t, st[i].ev, item);
				else
					schedule(day[i], t, st[i].ev, item);
			}
			committed += k;
		}
	}
	while (fi < nfixed)  /* cannot happen: every fixed entry has a day in range */
		emit(&L, ND - 1, fx[fi].task, fx[fi].ev, ""), fi++;
	xclose(L.f, path);
	if (L.lines != total) {
		fprintf(stderr, "benchgen: %s: wrote %ld lines, meant %ld\n", path, L.lines, total);
		exit(2);
	}
	return L.lines;
}

int
main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fputs("usage: benchgen LINES DIR [SEED]\n", stderr);
		return 2;
	}
	char *end;
	errno = 0;
	long n = strtol(argv[1], &end, 10);
	if (errno || *end || n < NDEPT * 8) {
		fprintf(stderr, "benchgen: LINES must be a number of at least %d\n", NDEPT * 8);
		return 2;
	}
	uint64_t seed = 20160104;
	if (argc == 4)
		seed = strtoull(argv[3], NULL, 10);
	const char *dir = argv[2];
	char path[4096];
	snprintf(path, sizeof path, "%s/ledgers", dir);
	if ((mkdir(dir, 0777) != 0 && errno != EEXIST) || (mkdir(path, 0777) != 0 && errno != EEXIST)) {
		fprintf(stderr, "benchgen: %s: %s\n", path, strerror(errno));
		return 2;
	}
	days_init();
	bhead = malloc((size_t)ND * sizeof *bhead);
	btail = malloc((size_t)ND * sizeof *btail);
	if (!bhead || !btail) {
		fputs("benchgen: out of memory\n", stderr);
		return 2;
	}
	write_tasks(dir);
	write_departments(dir);
	long sum = 0;
	for (int i = 0; i < NDEPT; i++)
		sum += gen_ledger(dir, i, n / NDEPT + (i < n % NDEPT), seed);
	if (sum != n) {
		fprintf(stderr, "benchgen: wrote %ld lines, meant %ld\n", sum, n);
		return 2;
	}
	free(pool);
	free(bhead);
	free(btail);
	free(dstr);
	free(dyear);
	free(dmonth);
	free(dmday);
	return 0;
}
