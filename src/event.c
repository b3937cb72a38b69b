/* event — ledger event names, English and Chinese. */
#include "event.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	enum event ev;
} names[] = {
	{ "formed", EV_FORMED },     { "形成", EV_FORMED },
	{ "changed", EV_CHANGED },   { "变更", EV_CHANGED },
	{ "issued", EV_ISSUED },     { "出台", EV_ISSUED },   { "印发", EV_ISSUED },
	{ "received", EV_RECEIVED }, { "收到", EV_RECEIVED },
	{ "approved", EV_APPROVED }, { "批复", EV_APPROVED }, { "批准", EV_APPROVED },
	{ "published", EV_PUBLISHED }, { "公开", EV_PUBLISHED }, { "发布", EV_PUBLISHED },
	{ "done", EV_DONE },         { "完成", EV_DONE },
	{ "held", EV_HELD },         { "开展", EV_HELD },     { "召开", EV_HELD },
	{ "组织", EV_HELD },         { "举办", EV_HELD },
	{ "planned", EV_PLANNED },   { "计划", EV_PLANNED },
	{ "progress", EV_PROGRESS }, { "进展", EV_PROGRESS },
};

enum event
event_parse(const char *s, size_t len)
{
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i].name) == len && memcmp(names[i].name, s, len) == 0)
			return names[i].ev;
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
