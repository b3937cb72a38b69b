/* Tests of rule.c: normalized rules, and reading plans' deadline text (SPEC §3). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule.h"
#include "testutil.h"

extern Suite *rule_suite(void);

struct read_case {
	const char *deadline;
	const char *requirement; /* NULL: none */
	int         year;        /* the plan year; 0 unknown */
	const char *want;        /* the rule, printed */
};

/* Every row of the seed plan's annex (2023 淄博高新区), with its requirement as
 * written (the seed's punctuation is folded to ASCII), and the plan's body. */
static const struct read_case seed_cases[] = {
	{ /* 1 */ "2023年年底前完成",
	  "有序推进《中共山东省委山东省人民政府关于国有企业创新驱动高质量发展的十条意见》(鲁发〔2022〕11号)和市配套措施落实情况和成效公开,健全信息公开制度,真实、全面、及时披露国有企业相关信息,实现国有企业信息公开全覆盖,打造“阳光国企”,提升社会公信力",
	  2023, "by 2023-12-31" },
	{ /* 2 */ "每年3月31日前定期向社会公开",
	  "深入落实《保障中小企业款项支付条例》(国令第728号)《山东省人民政府办公厅关于进一步优化营商环境降低市场主体制度性交易成本的实施意见》(鲁政办发〔2022〕19号)及《淄博市人民政府办公室关于印发淄博市进一步优化营商环境降低市场主体制度性交易成本任务分工的通知》(淄政办字〔2023〕17号),将上年度逾期尚未支付中小企业款项的合同数量、金额等信息纳入政府信息主动公开范围,每年3月31日前向社会公开",
	  2023, "annual 03-31" },
	{ /* 3 */ "信息形成或变更之日起20个工作日内公开",
	  "强化政策集成供给,加强“稳中向好、进中提质”系列政策包的权威发布和全面解读",
	  2023, "within 20 wd of formed|changed" },
	{ /* 4 */ "2023年年底前完成",
	  "优化企业用户空间,完善“一企一档”功能,推动政策“精准匹配、快速直达、一键兑现”",
	  2023, "by 2023-12-31" },
	{ /* 5 */ "信息形成或变更之日起20个工作日内公开",
	  "针对就业困难人员、高校毕业生、脱贫劳动力、失业人员、退役军人等重点群体,做好职业技能培训、城乡公益性岗位、就业创业补贴、灵活就业支持政策等信息公开",
	  2023, "within 20 wd of formed|changed" },
	{ /* 6 */ "信息形成或变更之日起20个工作日内公开",
	  "推进义务教育“双减”信息公开,加大适龄儿童入学政策的宣传和解读力度",
	  2023, "within 20 wd of formed|changed" },
	{ /* 7 */ "2023年12月底前完成",
	  "加强民办教育学校和校外培训机构的监管,落实收费公示和公开承诺制度,推进办学资质等信息集中公开",
	  2023, "by 2023-12-31" },
	{ /* 8 */ "信息形成或变更之日起20个工作日内公开",
	  "及时公开城市低保对象、农村低保对象、城市特困人员、农村特困人员、困难残疾人、重度残疾人、机构养育孤儿、社会散养孤儿(含事实无人抚养儿童)、重点困境儿童等9类困难群众救助标准,健全动态调整机制",
	  2023, "within 20 wd of formed|changed" },
	{ /* 9 */ "信息形成或变更之日起20个工作日内公开",
	  "着力解决新市民、青年人等住房问题,及时公布城镇保障性安居工程年度建设计划,做好住房租赁补贴申领条件、程序、管理和审批等信息",
	  2023, "within 20 wd of formed|changed" },
	{ /* 10 */ "信息形成或变更之日起20个工作日内公开",
	  "加大养老托育有关支持政策的宣传解读力度,重点加强养老托育机构质量安全、从业人员、运营秩序等方面的监管,及时公布监管结果",
	  2023, "within 20 wd of formed|changed" },
	{ /* 11 */ "信息形成或变更之日起20个工作日内公开",
	  "深入贯彻落实《信访工作条例》,通过网站公开网络信访渠道、通信地址、咨询投诉电话、信访接待的时间和地点、查询信访事项处理进展以及结果的方式等相关事项",
	  2023, "within 20 wd of formed|changed" },
	{ /* 12 */ "2023年10月底前对今年以来所发布政府信息全面规范",
	  "持续规范政府信息公开专栏建设,确保法定主动公开内容全面、规范发布,杜绝超期补录、正文发布不规范等现象出现,政府信息发布参照政府文件发布格式持续规范",
	  2023, "by 2023-10-31" },
	{ /* 13 */ "本方案发布之日起20个工作日内及时动态更新本单位主动公开基本目录",
	  "加强主动公开基本目录动态管理,根据重点任务及群众需求,实时调整更新",
	  2023, "within 20 wd of plan" },
	{ /* 14 */ "2023年10月底前对2016以来所发布政府信息全面规范",
	  "进一步规范各类政府文件录入,严格按照《淄博市人民政府办公室关于印发〈淄博市规范政府文件发布格式和数据联通工作实施方案〉的通知》要求规范各类历史政府文件发布格式",
	  2023, "by 2023-10-31" },
	{ /* 15 */ "长期坚持",
	  "各部门新制定需主动公开的政府文件,要在“法定主动公开内容”中全量公开,要素齐全,发布规范",
	  2023, "ongoing" },
	{ /* 16 */ "长期坚持",
	  "聚焦企业痛点、难点、堵点问题,探索以企业“点餐”、政府“配餐”的方式,打造政策文件包,依托相关惠企服务平台,加强政策精准公开",
	  2023, "ongoing" },
	{ /* 17 */ "长期坚持",
	  "行政规范性文件以及行政机关制发的对公众权益产生影响的政策文件均要开展解读",
	  2023, "ongoing" },
	{ /* 18 */ "长期坚持",
	  "严格解读程序,认真落实政策解读“三同步”工作机制,将政策解读作为文件审签的重要一环,政策文件不解读不运转、解读材料不达标不运转",
	  2023, "ongoing" },
	{ /* 19 */ "长期坚持",
	  "深化解读内容,充分收集企业群众需求,针对政策中与企业群众生产生活密切相关的具体条款和事项,进行要点拆分、深度解读和综合指引",
	  2023, "ongoing" },
	{ /* 20 */ "长期坚持",
	  "创新解读形式,在文字、图片、视频解读基础上,积极采用互动直播、简明问答、现场宣讲等形式开展解读",
	  2023, "ongoing" },
	{ /* 21 */ "长期坚持",
	  "出台重大政策,要加强社会效果和舆情风险评估,相关部门主要负责同志要出席新闻发布会进行宣传解读",
	  2023, "ongoing" },
	{ /* 22 */ "长期坚持",
	  "协同宣传中心等部门,加强政务舆情监测和研判,确保涉及本地、本部门的政务舆情热点第一时间发现、第一时间办理、第一时间回应",
	  2023, "ongoing" },
	{ /* 23 */ "信息形成或变更之日起20个工作日内公开",
	  "按照“应入尽入”的原则,确定本级年度重大行政决策事项目录,年初主动向社会公开",
	  2023, "within 20 wd of formed|changed" },
	{ /* 24 */ "长期坚持",
	  "按照决策事项推进流程,以事项目录超链接方式归集展示决策草案全文、草案说明、决策背景、公众意见建议收集和采纳情况、公众代表列席决策会议情况、决策结果等信息,视情公开重大决策风险评估、专家论证、效果评估等信息",
	  2023, "ongoing" },
	{ /* 25 */ "长期坚持",
	  "重大行政决策事项向社会公开征求意见的,除通过市政府信息公开平台外,要综合选用政务新媒体、新闻发布会、政府信息查阅场所,以及报刊、广播、电视等便于社会公众知晓的途径开展",
	  2023, "ongoing" },
	{ /* 26 */ "决策文件出台后的10个工作日内",
	  "决策文件出台后,决策承办单位要向社会详细公开前期意见的收集、采纳情况以及较为集中意见不予采纳的原因,通过座谈会、听证会、实地走访、民意调查等其他公众参与方式征求意见的情况,也应一并向社会公开",
	  2023, "within 10 wd of issued" },
	{ /* 27 */ "2023年12月底前完成",
	  "深化利益相关方、群众代表、专家、媒体等列席政府有关会议工作,年内邀请公众代表列席管委会主任办公会不少于10次,列席代表的意见发表和采纳情况要向社会公开。",
	  2023, "at least 10 by 2023-12-31" },
	{ /* 28 */ "2023年12月底前完成",
	  "各部门单位要建立健全常态化政策评价机制,选取本单位重点政策,围绕执行标准、适用范围、使用情况、取得成效、存在问题等,通过政府开放日、征集调查、专题座谈、重点访谈、舆情监测、网络问政等方式开展实施效果评价,全面掌握政策落地情况。对政策评价结果进行深入分析,适时转化为调整政策制定的措施,2023年年底前将政策评价结果和运用情况向社会公开",
	  2023, "by 2023-12-31" },
	{ /* 29 */ "长期坚持",
	  "严格按照《中华人民共和国政府信息公开条例》等有关法规文件要求,进一步完善依申请公开工作登记管理、协助调查、会商、归档等各个环节的程序、标准和责任划分,加强部门会商协作,依法依规及时准确予以答复反馈",
	  2023, "ongoing" },
	{ /* 30 */ "长期坚持",
	  "持续深化完善依申请公开转主动公开常态化审查机制",
	  2023, "ongoing" },
	{ /* 31 */ "长期坚持",
	  "深入破解难点问题,进一步缓解土地征收领域政府信息依申请公开压力,指导基层政府根据项目进度,及时细化公开已批准的土地征收项目信息",
	  2023, "ongoing" },
	{ /* 32 */ "2023年12月底前完成",
	  "加强纵向指导和业务培训,教育、卫生健康、交通、住房城乡建设、水利等公共企事业单位主管部门要组织专家深入研究,进一步完善本领域公开目录,增强科学性和便利性",
	  2023, "by 2023-12-31" },
	{ /* 33 */ "2023年12月底前完成",
	  "强化属地管理,加大调度督导力度,在各公共企事业单位建立联络员制度,定期对公共企事业单位信息公开开展专项评估,对以汇总链接形式在平台进行集中展示的企事业单位,重点加强对网站栏目设置的监督指导,确保栏目清晰、要素齐全、及时更新",
	  2023, "by 2023-12-31" },
	{ /* 34 */ "长期坚持",
	  "着力加强线下公开场所、电话咨询等公开渠道建设,及时回应社会关切,满足服务对象以及社会公众的个性化信息需求",
	  2023, "ongoing" },
	{ /* 35 */ "2023年12月底前完成",
	  "进一步强化行政服务中心政务公开专区功能建设,提高在专区开展重要政策现场解读、综合政策辅导、办事流程演示等活动的频次,推进公开和基层办事服务的深度融合",
	  2023, "by 2023-12-31" },
	{ /* 36 */ "长期坚持",
	  "进一步丰富基层政务公开形式,对土地征收、旧区改造、义务教育入学、就诊就医、养老服务、村务居务等面向特定区域和人群的公开事项,综合利用政府网站、村(居)民微信群、农村(社区)公开栏,以及广播、电视、电影下乡等媒介,实行定点、定向公开,便于群众获取",
	  2023, "ongoing" },
	{ /* 37 */ "长期坚持",
	  "完善政府网站办事服务、互动交流等功能,加强适老化与无障碍改造,提升网站搜索精准度。",
	  2023, "ongoing" },
	{ /* 38 */ "长期坚持",
	  "进一步规范政府网站域名管理",
	  2023, "ongoing" },
	{ /* 39 */ "长期坚持",
	  "完善政务新媒体开设、变更、注销等全流程管理制度,推动政务新媒体健康有序发展",
	  2023, "ongoing" },
	{ /* 40 */ "长期坚持",
	  "加强政务新媒体矩阵建设,积极发掘优秀账号,打造一批具有一定影响力、竞争力的政务新媒体",
	  2023, "ongoing" },
	{ /* 41 */ "长期坚持",
	  "加强政务新媒体管理,强化政府信息公开功能,完善信息发布转载审核制度,强化监测预警和风险排查",
	  2023, "ongoing" },
	{ /* 42 */ "长期坚持",
	  "高效办理“我为政府网站找错” 等平台的网民留言",
	  2023, "ongoing" },
	{ /* 43 */ "长期坚持",
	  "严格落实政府信息公开“三审”制度,重要信息做到多人审看、专人把关,确保表述规范、内容准确",
	  2023, "ongoing" },
	{ /* 44 */ "长期坚持",
	  "探索政府网站、政务新媒体数据无缝交换,实现政府网站与政务新媒体信息同步发布、办事服务同质同效",
	  2023, "ongoing" },
	/* task 27 as the plan itself punctuates it, full-width */
	{ "2023年12月底前完成",
	  "深化利益相关方、群众代表、专家、媒体等列席政府有关会议工作，年内邀请公众代表列席管委会主任办公会不少于10次，列席代表的意见发表和采纳情况要向社会公开。",
	  2023, "at least 10 by 2023-12-31" },
	/* the plan's body: ledgers due August 4, and its yearly minimums */
	{ "于8月4日前", "请各单位于8月4日前将工作台账通过协同办公系统报工委管委会办公室备查", 2023, "by 2023-08-04" },
	{ "每年", "每年至少组织1次本系统政务公开业务培训", 2023, "at least 1 per year" },
	{ "每年", "每年至少召开1次会议研究解决重点难点问题", 2023, "at least 1 per year" },
	{ "每年", "主要负责同志每年至少专题听取1次工作汇报", 2023, "at least 1 per year" },
};

/* Other plans' and disclosure catalogues' wording (2024 plans, 政府信息公开条例,
 * 预算法, 主动公开目录), Chinese and English. */
static const struct read_case other_cases[] = {
	/* fixed dates */
	{ "2024年6月底前完成", NULL, 2024, "by 2024-06-30" },
	{ "2024年底前", NULL, 2024, "by 2024-12-31" },
	{ "各地各部门于2024年3月底前完成", NULL, 2024, "by 2024-03-31" },
	{ "2024年9月30日前", NULL, 2024, "by 2024-09-30" },
	{ "6月30日前", NULL, 2024, "by 2024-06-30" },
	{ "11月底前完成自查", NULL, 2024, "by 2024-11-30" },
	{ "年底前全面完成", NULL, 2024, "by 2024-12-31" },
	{ "今年年底前完成", NULL, 2024, "by 2024-12-31" },
	{ "2024年上半年完成", NULL, 2024, "by 2024-06-30" },
	{ "下半年启动实施", NULL, 2024, "by 2024-12-31" },
	{ "第三季度完成", NULL, 2024, "by 2024-09-30" },
	{ "2024年一季度", NULL, 2024, "by 2024-03-31" },
	{ "三季度末前", NULL, 2024, "by 2024-09-30" },
	{ "年内完成", NULL, 2024, "by 2024-12-31" },
	{ "2024年度内完成", NULL, 2024, "by 2024-12-31" },
	{ "截至2024年11月30日", NULL, 2024, "by 2024-11-30" },
	{ "2024年10月中旬前", NULL, 2024, "by 2024-10-20" },
	{ "2024年5月至6月", NULL, 2024, "by 2024-06-30" },
	{ "2024年12月31日前（遇节假日顺延）", NULL, 2024, "by 2024-12-31" },
	{ "十二月底前", NULL, 2024, "by 2024-12-31" },
	{ "二〇二四年十二月三十一日前", NULL, 2024, "by 2024-12-31" },
	{ "２０２４年６月底前", NULL, 2024, "by 2024-06-30" },
	{ "8月4日之前", NULL, 2024, "by 2024-08-04" },
	{ "9月底", NULL, 2024, "by 2024-09-30" },
	{ "2024年12月底", NULL, 2024, "by 2024-12-31" },
	{ "2024/6/30前", NULL, 2024, "by 2024-06-30" },
	{ "2024.06.30前", NULL, 2024, "by 2024-06-30" },
	{ "2024-02-29前", NULL, 2024, "by 2024-02-29" },
	/* every year on a day */
	{ "每年1月31日前向社会公布本行政机关上一年度政府信息公开工作年度报告", NULL, 2024, "annual 01-31" },
	{ "每年的3月31日前", NULL, 2024, "annual 03-31" },
	{ "每年2月底前", NULL, 2024, "annual 02-29" },
	{ "每年一季度", NULL, 2024, "annual 03-31" },
	{ "每年上半年", NULL, 2024, "annual 06-30" },
	{ "2024年起每年3月31日前", NULL, 2024, "annual 03-31" },
	/* every period */
	{ "每年年底前", NULL, 2024, "every year" },
	{ "每季度更新", NULL, 2024, "every quarter" },
	{ "按季度公开", NULL, 2024, "every quarter" },
	{ "每一季度", NULL, 2024, "every quarter" },
	{ "每月更新一次", NULL, 2024, "every month" },
	{ "按月公开", NULL, 2024, "every month" },
	{ "每半年公开一次", NULL, 2024, "every half-year" },
	{ "一年一次", NULL, 2024, "every year" },
	{ "长期坚持，每半年报送一次工作进展", NULL, 2024, "every half-year" },
	/* per-item clocks */
	{ "自信息形成或者变更之日起20个工作日内予以公开", NULL, 2024, "within 20 wd of formed|changed" },
	{ "信息形成（变更）之日起20个工作日内", NULL, 2024, "within 20 wd of formed|changed" },
	{ "信息产生之日起20个工作日内", NULL, 2024, "within 20 wd of formed" },
	{ "制定后20个工作日内", NULL, 2024, "within 20 wd of formed" },
	{ "信息变更后20个工作日内更新", NULL, 2024, "within 20 wd of changed" },
	{ "修改后10个工作日内更新", NULL, 2024, "within 10 wd of changed" },
	{ "文件印发之日起20个工作日内公开", NULL, 2024, "within 20 wd of issued" },
	{ "政策文件印发后3个工作日内发布解读材料", NULL, 2024, "within 3 wd of issued" },
	{ "规范性文件签发后5个工作日内", NULL, 2024, "within 5 wd of issued" },
	{ "重大行政决策作出后20个工作日内公开", NULL, 2024, "within 20 wd of issued" },
	{ "颁布之日起30日内", NULL, 2024, "within 30 days of issued" },
	{ "预算、决算批复后20日内公开", NULL, 2024, "within 20 days of approved" },
	{ "经本级人民代表大会批准后二十日内由本级政府财政部门向社会公开", NULL, 2024, "within 20 days of approved" },
	{ "收到申请之日起20个工作日内答复", NULL, 2024, "within 20 wd of received" },
	{ "自收到申请之日起，20个工作日内予以答复", NULL, 2024, "within 20 wd of received" },
	{ "受理之日起15个工作日内办结", NULL, 2024, "within 15 wd of received" },
	{ "收到申请之日起20个工作日内答复；需延长的，延长期限最长不超过20个工作日", NULL, 2024,
	  "within 20 wd of received" },
	{ "20个工作日", NULL, 2024, "within 20 wd of formed|changed" },
	{ "十五个工作日内", NULL, 2024, "within 15 wd of formed|changed" },
	{ "15 个 工作日 内", NULL, 2024, "within 15 wd of formed|changed" },
	{ "２０个工作日内", NULL, 2024, "within 20 wd of formed|changed" },
	{ "三十日内", NULL, 2024, "within 30 days of formed|changed" },
	{ "20个工作日内公开（法律法规另有规定的除外）", NULL, 2024, "within 20 wd of formed|changed" },
	{ "形成之日起20个工作日内公开；长期公示", NULL, 2024, "within 20 wd of formed" },
	{ "信息形成之日起20个工作日内公开，公示期不少于5个工作日", NULL, 2024, "within 20 wd of formed" },
	/* from the plan's date */
	{ "本方案印发之日起30日内", NULL, 2024, "within 30 days of plan" },
	{ "本通知印发后10个工作日内报送", NULL, 2024, "within 10 wd of plan" },
	/* standing duties */
	{ "常态化推进", NULL, 2024, "ongoing" },
	{ "及时更新", NULL, 2024, "ongoing" },
	{ "动态更新", NULL, 2024, "ongoing" },
	{ "实时公开", NULL, 2024, "ongoing" },
	{ "永久公开", NULL, 2024, "ongoing" },
	{ "按实际更新", NULL, 2024, "ongoing" },
	/* counts */
	{ "每年至少召开1次", NULL, 2024, "at least 1 per year" },
	{ "每季度至少发布2条", NULL, 2024, "at least 2 published per quarter" },
	{ "每月公开信息不少于40条", NULL, 2024, "at least 40 published per month" },
	{ "每年不少于2次", NULL, 2024, "at least 2 per year" },
	{ "至少1次/季度", NULL, 2024, "at least 1 per quarter" },
	{ "半年至少更新1次", NULL, 2024, "at least 1 per half-year" },
	{ "2024年底前", "全年组织开展政府开放日活动不少于2次", 2024, "at least 2 by 2024-12-31" },
	{ "每季度", "每季度发布政策解读不少于3篇", 2024, "at least 3 published per quarter" },
	{ "长期坚持", "每年至少组织1次业务培训", 2024, "at least 1 per year" },
	{ "2024年底前", "征求意见时间不少于30日，覆盖率不低于90%", 2024, "by 2024-12-31" },
	{ "长期坚持", "每年组织政务公开培训不少于1次", 2024, "at least 1 per year" },
	/* English */
	{ "by the end of October", NULL, 2023, "by 2023-10-31" },
	{ "By the end of June 2024", NULL, 2024, "by 2024-06-30" },
	{ "Before 30 June", NULL, 2024, "by 2024-06-30" },
	{ "by December 31, 2023", NULL, 2024, "by 2023-12-31" },
	{ "no later than June 30, 2024", NULL, 2024, "by 2024-06-30" },
	{ "by the end of Q3 2023", NULL, 2024, "by 2023-09-30" },
	{ "by the end of the third quarter", NULL, 2023, "by 2023-09-30" },
	{ "in the first half of 2024", NULL, 2024, "by 2024-06-30" },
	{ "by end of H1 2024", NULL, 2024, "by 2024-06-30" },
	{ "Q4 2024", NULL, 2024, "by 2024-12-31" },
	{ "by year-end", NULL, 2024, "by 2024-12-31" },
	{ "within the year", NULL, 2024, "by 2024-12-31" },
	{ "December 31st", NULL, 2024, "by 2024-12-31" },
	{ "by 2024-12-31", NULL, 0, "by 2024-12-31" },
	{ "every year before March 31", NULL, 2024, "annual 03-31" },
	{ "no later than 31 March each year", NULL, 2024, "annual 03-31" },
	{ "annually by March 31", NULL, 2024, "annual 03-31" },
	{ "Updated quarterly", NULL, 2024, "every quarter" },
	{ "Published monthly", NULL, 2024, "every month" },
	{ "semi-annually", NULL, 2024, "every half-year" },
	{ "annually", NULL, 2024, "every year" },
	{ "Within 20 working days from the date the information is formed or changed", NULL, 2024,
	  "within 20 wd of formed|changed" },
	{ "within 15 working days of receipt of the application", NULL, 2024, "within 15 wd of received" },
	{ "within 20 days after approval", NULL, 2024, "within 20 days of approved" },
	{ "within 10 business days of promulgation", NULL, 2024, "within 10 wd of issued" },
	{ "within 30 days of this plan's issuance", NULL, 2024, "within 30 days of plan" },
	{ "within 20 working days; posted long-term", NULL, 2024, "within 20 wd of formed|changed" },
	{ "Publish within 20 working days, unless otherwise provided by law", NULL, 2024,
	  "within 20 wd of formed|changed" },
	{ "Respond within 15 working days of receiving the request; an extension of up to 15 working days may be granted",
	  NULL, 2024, "within 15 wd of received" },
	{ "continuously", NULL, 2024, "ongoing" },
	{ "in real time", NULL, 2024, "ongoing" },
	{ "at least once per quarter", NULL, 2024, "at least 1 per quarter" },
	{ "at least twice a year", NULL, 2024, "at least 2 per year" },
	{ "no fewer than 40 items published each month", NULL, 2024, "at least 40 published per month" },
	{ "at least 2 press conferences by end of 2024", NULL, 2024, "at least 2 by 2024-12-31" },
	{ "quarterly", "hold at least 1 open day each quarter", 2024, "at least 1 per quarter" },
};

/* The brief's own examples, English and Chinese, as SPEC §3 lists them. */
static const struct read_case spec_cases[] = {
	{ "2023年年底前完成", NULL, 2023, "by 2023-12-31" },
	{ "by end of 2023", NULL, 2023, "by 2023-12-31" },
	{ "before March 31", NULL, 2023, "by 2023-03-31" },
	{ "before March 31 every year", NULL, 2023, "annual 03-31" },
	{ "每季度", NULL, 2023, "every quarter" },
	{ "每月", NULL, 2023, "every month" },
	{ "每半年", NULL, 2023, "every half-year" },
	{ "按年公开", NULL, 2023, "every year" },
	{ "within 20 working days", NULL, 2023, "within 20 wd of formed|changed" },
	{ "within 10 working days of issuance", NULL, 2023, "within 10 wd of issued" },
	{ "within 15 days of receipt", NULL, 2023, "within 15 days of received" },
	{ "收到申请之日起15日内", NULL, 2023, "within 15 days of received" },
	{ "20 个工作 日内", NULL, 2023, "within 20 wd of formed|changed" },
	{ "二十个工作日内", NULL, 2023, "within 20 wd of formed|changed" },
	{ "信息形成或变更之日起20个工作日内公开，法律、法规对政府信息公开的期限另有规定的，从其规定", NULL, 2023,
	  "within 20 wd of formed|changed" },
	{ "信息形成或变更之日起20个工作日内公开；长期公示", NULL, 2023, "within 20 wd of formed|changed" },
	{ "至少1次/年", NULL, 2023, "at least 1 per year" },
	{ "quarterly", NULL, 2023, "every quarter" },
	{ "monthly", NULL, 2023, "every month" },
	{ "every half year", NULL, 2023, "every half-year" },
	{ "ongoing", NULL, 2023, "ongoing" },
	{ "持续推进", NULL, 2023, "ongoing" },
	{ "常态化", NULL, 2023, "ongoing" },
	{ "长期公开", NULL, 2023, "ongoing" },
	{ "及时公开", NULL, 2023, "ongoing" },
	{ "at least 10 times by end of 2023", NULL, 2023, "at least 10 by 2023-12-31" },
};

struct err_case {
	const char *deadline;
	int         year;
	const char *at;  /* the text the error points at (its first occurrence) */
	const char *msg; /* a piece of the message */
};

static const struct err_case err_cases[] = {
	{ "", 2023, "", "empty" },
	{ "   ", 2023, "", "empty" },
	{ "1年", 2023, "1年", "no start" },
	{ "6个月内完成", 2023, "6个月内", "no start" },
	{ "半年内完成", 2023, "半年内", "no start" },
	{ "一个月内", 2023, "一个月内", "no start" },
	{ "within 6 months", 2023, "6 months", "no start" },
	{ "15 days", 2023, "15 days", "no start" },
	{ "主动公开信息20个工作日内；依申请公开15个工作日内", 2023, "15个工作日内", "different" },
	{ "收到申请之日起15个工作日内答复，信息形成之日起20个工作日内公开", 2023, "20个工作日内", "`within 15 wd of received`" },
	{ "2024年6月底前完成初稿，2024年12月底前正式公开", 2024, "2024年12月底前", "`by 2024-06-30`" },
	{ "8月4日前", 0, "8月4日前", "no year" },
	{ "before March 31", 0, "March 31", "no year" },
	{ "2月30日前", 2023, "2月30日前", "not a date" },
	{ "2023年2月29日前", 2023, "2023年2月29日前", "not a date" },
	{ "2月29日前", 2023, "2月29日前", "not a date in 2023" },
	{ "2023年13月底前", 2023, "2023年13月底前", "not a date" },
	{ "第五季度", 2023, "第五季度", "not a date" },
	{ "按上级要求", 2023, "按上级要求", "no deadline" },
	{ "同上", 2023, "同上", "no deadline" },
	{ "as required", 2023, "as required", "no deadline" },
	{ "每周更新", 2023, "每周", "period" },
	{ "每两年", 2023, "每两年", "period" },
	{ "weekly", 2023, "weekly", "period" },
	{ "每季度第一个月10日前", 2023, "10日前", "inside each quarter" },
	{ "每月10日前", 2023, "10日前", "inside each month" },
	{ "10日前", 2023, "10日前", "no month" },
	{ "会议结束后5个工作日内", 2023, "会议结束后5个工作日内", "starts the clock" },
	{ "within 20 working days of the end of the meeting", 2023, "20 working days of the end of the meeting",
	  "starts the clock" },
	{ "会议召开前5个工作日", 2023, "前5个工作日", "counts back" },
	{ "不少于10次", 2023, "不少于10次", "no date or period" },
	{ "within 10000 working days", 2023, "10000 working days", "1-9999" },
};

/* Reads c and checks the rule printed, and that the printed rule parses back to it. */
static void
check_read(const struct read_case *c)
{
	struct rule r, back;
	struct rule_err err;
	char buf[RULE_BUFSZ], again[RULE_BUFSZ];

	memset(&err, 0, sizeof err);
	ck_assert_msg(rule_read(c->deadline, strlen(c->deadline), c->requirement, c->year, &r, &err) == 0,
	              "%s: %s", c->deadline, err.msg);
	rule_format(&r, buf, sizeof buf);
	ck_assert_msg(strcmp(buf, c->want) == 0, "%s: read `%s`, want `%s`", c->deadline, buf, c->want);
	ck_assert_msg(rule_parse(buf, strlen(buf), &back, &err) == 0, "%s: %s", buf, err.msg);
	ck_assert_msg(rule_equal(&r, &back), "%s does not parse back to itself", buf);
	rule_format(&back, again, sizeof again);
	ck_assert_str_eq(again, buf);
}

START_TEST(test_read_seed)
{
	check_read(&seed_cases[_i]);
}
END_TEST

START_TEST(test_read_other)
{
	check_read(&other_cases[_i]);
}
END_TEST

START_TEST(test_read_spec)
{
	check_read(&spec_cases[_i]);
}
END_TEST

START_TEST(test_read_error)
{
	const struct err_case *c = &err_cases[_i];
	const char *at = strstr(c->deadline, c->at);
	struct rule r;
	struct rule_err err;

	memset(&err, 0, sizeof err);
	ck_assert_msg(rule_read(c->deadline, strlen(c->deadline), NULL, c->year, &r, &err) == -1,
	              "%s: read, want an error", c->deadline);
	ck_assert_ptr_nonnull(at);
	ck_assert_msg(err.off == (size_t)(at - c->deadline) && err.len == strlen(c->at),
	              "%s: error at [%zu,+%zu), want \"%s\"", c->deadline, err.off, err.len, c->at);
	ck_assert_msg(strstr(err.msg, c->msg) != NULL, "%s: message \"%s\" lacks \"%s\"", c->deadline, err.msg, c->msg);
	/* every message ends with what to do */
	ck_assert_msg(strstr(err.msg, "add a `rule` column") != NULL, "%s: no hint in \"%s\"", c->deadline, err.msg);
	/* a quoted piece of a long text is cut on a character boundary */
	ck_assert_msg(strlen(err.msg) < sizeof err.msg, "message too long");
}
END_TEST

/* A bare duration and a cell with two deadlines tell the clerk to split the task. */
START_TEST(test_read_split_hint)
{
	static const char *const texts[] = { "1年", "主动公开信息20个工作日内；依申请公开15个工作日内" };
	struct rule r;
	struct rule_err err;

	for (size_t i = 0; i < NELEM(texts); i++) {
		ck_assert_int_eq(rule_read(texts[i], strlen(texts[i]), NULL, 2023, &r, &err), -1);
		ck_assert_msg(strstr(err.msg, "split the task") != NULL, "%s", err.msg);
	}
}
END_TEST

/* A count in the requirement qualifies a readable deadline; it never stands in
 * for one that cannot be read. */
START_TEST(test_read_requirement_alone)
{
	const char *text = "按上级要求";
	struct rule r;
	struct rule_err err;

	ck_assert_int_eq(rule_read(text, strlen(text), "每年至少组织1次业务培训", 2023, &r, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "no deadline"));
}
END_TEST

/* The deadline is read from its length, not up to a NUL, and err may be NULL. */
START_TEST(test_read_length_and_null_err)
{
	const char *text = "2023年12月底前完成|junk";
	struct rule r;
	char buf[RULE_BUFSZ];

	ck_assert_int_eq(rule_read(text, strlen("2023年12月底前完成"), NULL, 0, &r, NULL), 0);
	rule_format(&r, buf, sizeof buf);
	ck_assert_str_eq(buf, "by 2023-12-31");
	ck_assert_int_eq(rule_read("1年", strlen("1年"), NULL, 2023, &r, NULL), -1);
}
END_TEST

/* A long message quotes only the start of the text and still ends with the hint. */
START_TEST(test_read_long_text)
{
	char text[4096] = "";
	struct rule r;
	struct rule_err err;

	while (strlen(text) + 40 < sizeof text)
		strcat(text, "按照上级部署要求认真抓好落实");
	ck_assert_int_eq(rule_read(text, strlen(text), NULL, 2023, &r, &err), -1);
	ck_assert_uint_eq(err.off, 0);
	ck_assert_uint_eq(err.len, strlen(text));
	ck_assert_ptr_nonnull(strstr(err.msg, "...\""));
	ck_assert_ptr_nonnull(strstr(err.msg, "add a `rule` column"));
}
END_TEST

/* A huge cell (beyond what is read, without punctuation) is read, not crashed on;
 * the part that is read gives the rule. */
START_TEST(test_read_huge_cell)
{
	static const char *const units[] = { "每年至少1次", "at least 1 time ", "1年", "信息形成之日起1个工作日内" };
	static const char *const want[] = { "at least 1 per year", NULL, NULL, "within 1 wd of formed" };
	size_t cap = 100000, n = 0, ul = strlen(units[_i]);
	char *text = malloc(cap + 1), buf[RULE_BUFSZ];
	struct rule r;
	struct rule_err err;

	ck_assert_ptr_nonnull(text);
	while (n + ul <= cap) {
		memcpy(text + n, units[_i], ul);
		n += ul;
	}
	text[n] = '\0';
	if (want[_i]) {
		ck_assert_int_eq(rule_read(text, n, text, 2023, &r, &err), 0);
		rule_format(&r, buf, sizeof buf);
		ck_assert_str_eq(buf, want[_i]);
	} else {
		ck_assert_int_eq(rule_read(text, n, text, 2023, &r, &err), -1);
		ck_assert_uint_le(err.off + err.len, n);
	}
	free(text);
}
END_TEST

/* Random text made of the words deadlines are made of: reading never crashes
 * (the sanitizers watch), and whatever is read prints as a rule that parses back. */
START_TEST(test_read_random)
{
	static const char *const parts[] = {
		"2023", "年", "月", "日", "底", "前", "内", "每", "季度", "半年", "上半年", "第", "十", "二十", "一",
		"个工作日", "工作日", "之日起", "后", "形成", "变更", "或", "收到", "本方案", "至少", "不少于", "次", "条",
		"公开", "长期", "，", "；", "（", "）", "/", " ", "12", "31", "3", "8", "4", "by", "end", "of", "within",
		"working", "days", "every", "year", "March", "at", "least", "times", "per", "month", "另有规定", "\xff",
		"\xe5\xb9", "2023-12-31", "０", "１",
	};
	unsigned seed = 12345u + (unsigned)_i;
	char text[256], buf[RULE_BUFSZ];
	struct rule r, back;
	struct rule_err err;

	for (int round = 0; round < 200; round++) {
		size_t n = 0;
		text[0] = '\0';
		for (int k = 0; k < 1 + (int)(seed % 12); k++) {
			seed = seed * 1103515245u + 12345u;
			const char *p = parts[(seed >> 16) % NELEM(parts)];
			if (n + strlen(p) + 1 >= sizeof text)
				break;
			strcpy(text + n, p);
			n += strlen(p);
		}
		seed = seed * 1103515245u + 12345u;
		if (rule_read(text, n, (seed & 1) ? "每年至少组织1次" : NULL, (seed & 2) ? 2023 : 0, &r, &err) != 0) {
			ck_assert_msg(err.off + err.len <= n, "%s: error span out of the text", text);
			ck_assert_ptr_nonnull(strstr(err.msg, "`rule` column"));
			continue;
		}
		rule_format(&r, buf, sizeof buf);
		ck_assert_msg(rule_parse(buf, strlen(buf), &back, &err) == 0, "%s -> %s: %s", text, buf, err.msg);
		ck_assert_msg(rule_equal(&r, &back), "%s -> %s", text, buf);
	}
}
END_TEST

/* Normalized rules: each parses, and prints back exactly as written. */
static const char *const good_rules[] = {
	"by 2023-12-31",
	"by 2024-02-29",
	"annual 03-31",
	"annual 02-29",
	"annual 12-31",
	"every quarter",
	"every month",
	"every half-year",
	"every year",
	"within 20 wd of formed|changed",
	"within 10 wd of issued",
	"within 15 days of received",
	"within 20 days of approved",
	"within 5 wd of formed|changed|issued|received|approved",
	"within 20 wd of plan",
	"within 30 days of plan",
	"within 9999 days of received",
	"at least 10 by 2023-12-31",
	"at least 3 published by 2023-12-31",
	"at least 1 per year",
	"at least 2 per half-year",
	"at least 40 published per month",
	"ongoing",
};

START_TEST(test_parse_good)
{
	const char *s = good_rules[_i];
	struct rule r, back;
	struct rule_err err;
	char buf[RULE_BUFSZ];

	ck_assert_msg(rule_parse(s, strlen(s), &r, &err) == 0, "%s: %s", s, err.msg);
	ck_assert_uint_eq(rule_format(&r, buf, sizeof buf), strlen(s));
	ck_assert_str_eq(buf, s);
	ck_assert_int_eq(rule_parse(buf, strlen(buf), &back, &err), 0);
	ck_assert(rule_equal(&r, &back));
}
END_TEST

/* Accepted spellings that are not the normalized one: they print normalized. */
static const struct {
	const char *in, *out;
} loose_rules[] = {
	{ "  by 2023-12-31  ", "by 2023-12-31" },
	{ "within  20\twd of formed|changed", "within 20 wd of formed|changed" },
	{ "within 20 wd of changed|formed", "within 20 wd of formed|changed" },
	{ "within 1 day of received", "within 1 days of received" },
	{ "at least 10 held by 2023-12-31", "at least 10 by 2023-12-31" },
	{ "at least 1 held per year", "at least 1 per year" },
};

START_TEST(test_parse_loose)
{
	struct rule r;
	struct rule_err err;
	char buf[RULE_BUFSZ];

	ck_assert_msg(rule_parse(loose_rules[_i].in, strlen(loose_rules[_i].in), &r, &err) == 0, "%s", err.msg);
	rule_format(&r, buf, sizeof buf);
	ck_assert_str_eq(buf, loose_rules[_i].out);
}
END_TEST

static const struct {
	const char *in;
	size_t      off, len; /* where the error points (bytes) */
	const char *msg;      /* a piece of the message */
} bad_rules[] = {
	{ "", 0, 0, "empty" },
	{ "soon", 0, 4, "a rule" },
	{ "by", 2, 0, "date" },
	{ "by 2023-13-01", 3, 10, "real date" },
	{ "by 2023-2-1", 3, 8, "YYYY-MM-DD" },
	{ "by 2023-02-29", 3, 10, "real date" },
	{ "by 2023-12-31 please", 14, 6, "unexpected" },
	{ "annual 13-01", 7, 5, "MM-DD" },
	{ "annual 02-30", 7, 5, "MM-DD" },
	{ "annual 3-31", 7, 4, "MM-DD" },
	{ "every week", 6, 4, "period" },
	{ "every", 5, 0, "period" },
	{ "within 0 wd of formed", 7, 1, "number" },
	{ "within 020 wd of formed", 7, 3, "number" },
	{ "within 10000 wd of formed", 7, 5, "number" },
	{ "within twenty wd of formed", 7, 6, "number" },
	{ "within 20 hours of formed", 10, 5, "wd" },
	{ "within 20 wd formed", 13, 6, "of" },
	{ "within 20 wd of", 15, 0, "start events" },
	{ "within 20 wd of published", 16, 9, "not a start event" },
	{ "within 20 wd of formed|formed", 23, 6, "repeated" },
	{ "within 20 wd of formed||changed", 23, 0, "not a start event" },
	{ "within 20 wd of 形成", 16, 6, "not a start event" },
	{ "at most 1 per year", 3, 4, "least" },
	{ "at least 0 by 2023-12-31", 9, 1, "number" },
	{ "at least 1 per decade", 15, 6, "period" },
	{ "at least 1 公开 per month", 11, 6, "event" },
	{ "at least 1", 10, 0, "by or per" },
	{ "ongoing now", 8, 3, "unexpected" },
	{ "By 2023-12-31", 0, 2, "a rule" },
};

START_TEST(test_parse_bad)
{
	const char *s = bad_rules[_i].in;
	struct rule r;
	struct rule_err err;

	memset(&err, 0, sizeof err);
	ck_assert_msg(rule_parse(s, strlen(s), &r, &err) == -1, "%s: parsed, want an error", s);
	ck_assert_msg(err.off == bad_rules[_i].off && err.len == bad_rules[_i].len, "%s: error at [%zu,+%zu), want [%zu,+%zu)",
	              s, err.off, err.len, bad_rules[_i].off, bad_rules[_i].len);
	ck_assert_msg(strstr(err.msg, bad_rules[_i].msg) != NULL, "%s: message \"%s\" lacks \"%s\"", s, err.msg,
	              bad_rules[_i].msg);
}
END_TEST

START_TEST(test_equal_and_names)
{
	struct rule a, b;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	a.kind = b.kind = RULE_AT_LEAST_PER;
	a.n = b.n = 1;
	a.period = b.period = PERIOD_YEAR;
	a.counted = EV_NONE; /* the default: held */
	b.counted = EV_HELD;
	ck_assert(rule_equal(&a, &b));
	b.counted = EV_PUBLISHED;
	ck_assert(!rule_equal(&a, &b));
	b = a;
	b.date = 12345; /* fields a kind does not use do not count */
	ck_assert(rule_equal(&a, &b));
	b.kind = RULE_AT_LEAST_BY;
	ck_assert(!rule_equal(&a, &b));
	ck_assert_str_eq(rule_period_name(PERIOD_HALF), "half-year");
	ck_assert_str_eq(rule_period_name(PERIOD_QUARTER), "quarter");
	ck_assert_str_eq(rule_period_name(PERIOD_NONE), "");
}
END_TEST

/* rule_format never writes past bufsz and always terminates. */
START_TEST(test_format_small_buffer)
{
	struct rule r;
	struct rule_err err;
	char buf[8];
	const char *s = "within 20 wd of formed|changed";

	ck_assert_int_eq(rule_parse(s, strlen(s), &r, &err), 0);
	ck_assert_uint_eq(rule_format(&r, buf, sizeof buf), 7);
	ck_assert_str_eq(buf, "within ");
	ck_assert_uint_eq(rule_format(&r, buf, 0), 0);
}
END_TEST

Suite *rule_suite(void)
{
	Suite *s = suite_create("rule");
	TCase *tc;

	tc = tcase_create("read");
	tcase_add_loop_test(tc, test_read_seed, 0, (int)NELEM(seed_cases));
	tcase_add_loop_test(tc, test_read_other, 0, (int)NELEM(other_cases));
	tcase_add_loop_test(tc, test_read_spec, 0, (int)NELEM(spec_cases));
	tcase_add_loop_test(tc, test_read_error, 0, (int)NELEM(err_cases));
	tcase_add_test(tc, test_read_split_hint);
	tcase_add_test(tc, test_read_requirement_alone);
	tcase_add_test(tc, test_read_length_and_null_err);
	tcase_add_test(tc, test_read_long_text);
	tcase_add_loop_test(tc, test_read_huge_cell, 0, 4);
	tcase_add_loop_test(tc, test_read_random, 0, 20);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_parse_good, 0, (int)NELEM(good_rules));
	tcase_add_loop_test(tc, test_parse_loose, 0, (int)NELEM(loose_rules));
	tcase_add_loop_test(tc, test_parse_bad, 0, (int)NELEM(bad_rules));
	tcase_add_test(tc, test_equal_and_names);
	tcase_add_test(tc, test_format_small_buffer);
	suite_add_tcase(s, tc);
	return s;
}
