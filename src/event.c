/* event — ledger event names, English and Chinese. */
#include "event.h"

#include <stdio.h>
#include <string.h>

#define N(s) s, sizeof s - 1
static const struct {
	const char *name;
	size_t      len;
	enum event  ev;
} names[] = {
	/* English first (event_name gives the first name of an event), the
	 * events most ledger lines carry at the front: this runs once a line */
	{ N("formed"), EV_FORMED },     { N("published"), EV_PUBLISHED }, { N("changed"), EV_CHANGED },
	{ N("issued"), EV_ISSUED },     { N("received"), EV_RECEIVED },   { N("approved"), EV_APPROVED },
	{ N("done"), EV_DONE },         { N("held"), EV_HELD },           { N("planned"), EV_PLANNED },
	{ N("progress"), EV_PROGRESS },
	{ N("形成"), EV_FORMED },       { N("公开"), EV_PUBLISHED },      { N("发布"), EV_PUBLISHED },
	{ N("变更"), EV_CHANGED },      { N("出台"), EV_ISSUED },         { N("印发"), EV_ISSUED },
	{ N("收到"), EV_RECEIVED },     { N("批复"), EV_APPROVED },       { N("批准"), EV_APPROVED },
	{ N("完成"), EV_DONE },         { N("开展"), EV_HELD },           { N("召开"), EV_HELD },
	{ N("组织"), EV_HELD },         { N("举办"), EV_HELD },           { N("计划"), EV_PLANNED },
	{ N("进展"), EV_PROGRESS },
};

#undef N

enum event
event_parse(const char *s, size_t len)
{
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0)
		return EV_NONE;
	/* names of the right length and first byte, compared in place (they
	 * are at most nine bytes) */
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (names[i].len != len || names[i].name[0] != s[0])
			continue;
		size_t k = 1;
		while (k < len && names[i].name[k] == s[k])
			k++;
		if (k == len)
			return names[i].ev;
	}
	return EV_NONE;
}

const char *
event_name(enum event e)
{
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].ev == e)
			return names[i].name; /* the English name comes first in the table */
	return "";
}

size_t
event_format_set(unsigned set, char *buf, size_t bufsz)
{
	size_t n = 0;

	if (bufsz)
		buf[0] = '\0';
	for (unsigned bit = 1; bit <= EV_PROGRESS; bit <<= 1) {
		if (!(set & bit))
			continue;
		int w = snprintf(buf + n, n < bufsz ? bufsz - n : 0, "%s%s", n ? "|" : "", event_name((enum event)bit));
		if (w > 0)
			n += (size_t)w;
	}
	return n;
}
