/* event — what a ledger line says happened (SPEC §2.3). */
#ifndef EVENT_H
#define EVENT_H

#include <stddef.h>
#include <string.h>

/* Each event is a bit, so that a rule can name a set of start events. */
enum event {
	EV_NONE      = 0,
	EV_FORMED    = 1 << 0,
	EV_CHANGED   = 1 << 1,
	EV_ISSUED    = 1 << 2,
	EV_RECEIVED  = 1 << 3,
	EV_APPROVED  = 1 << 4,
	EV_PUBLISHED = 1 << 5,
	EV_DONE      = 1 << 6,
	EV_HELD      = 1 << 7,
	EV_PLANNED   = 1 << 8,
	EV_PROGRESS  = 1 << 9
};

#define EV_STARTS (EV_FORMED | EV_CHANGED | EV_ISSUED | EV_RECEIVED | EV_APPROVED)

/* The event named by s[0..len) in English or Chinese (形成, 公开, 开展 …); EV_NONE if none. */
enum event  event_parse(const char *s, size_t len);

/* event_parse for a ledger line: the English names of the per-item events,
 * which most lines carry, are compared here, inline, by length; anything
 * else is left to event_parse. */
static inline enum event
event_parse_line(const char *s, size_t len)
{
	switch (len) {
	case 6:
		if (memcmp(s, "formed", 6) == 0)
			return EV_FORMED;
		if (memcmp(s, "issued", 6) == 0)
			return EV_ISSUED;
		break;
	case 7:
		if (memcmp(s, "changed", 7) == 0)
			return EV_CHANGED;
		break;
	case 8:
		if (memcmp(s, "received", 8) == 0)
			return EV_RECEIVED;
		if (memcmp(s, "approved", 8) == 0)
			return EV_APPROVED;
		break;
	case 9:
		if (memcmp(s, "published", 9) == 0)
			return EV_PUBLISHED;
		break;
	}
	return event_parse(s, len);
}
/* The English name of one event ("formed"); "" for EV_NONE or a set. */
const char *event_name(enum event e);
/* Writes a set as "formed|changed" into buf; returns the length written. */
size_t      event_format_set(unsigned set, char *buf, size_t bufsz);

#endif
