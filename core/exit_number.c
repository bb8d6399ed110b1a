/*
 * core/exit_number.c - see exit_number.h.
 */
#include <stdio.h>
#include <string.h>

#include "core/exit_number.h"
#include "core/number.h"

void exit_counter_reset(struct exit_counter *c)
{
	memset(c, 0, sizeof(*c));
}

struct exit_number exit_counter_add(struct exit_counter *c,
				    const struct exit_record *exit)
{
	if (exit->reason == EXIT_DEBUG)
		c->stops++;
	c->last.guest = exit->seq - c->stops;
	c->last.stop = exit->reason == EXIT_DEBUG ? c->last.stop + 1 : 0;
	return c->last;
}

/* By hand, not snprintf(): the tracer labels every exit with this. */
void exit_number_label(struct exit_number n, char *buf, size_t len)
{
	char guest[NUMBER_DEC_MAX], stop[NUMBER_DEC_MAX], label[32];
	const char *g = number_dec(n.guest, guest);
	size_t k = (size_t)(guest + NUMBER_DEC_MAX - g);

	memcpy(label, g, k);
	if (n.stop) {
		const char *s = number_dec(n.stop, stop);
		size_t sn = (size_t)(stop + NUMBER_DEC_MAX - s);

		label[k++] = '.';
		memcpy(label + k, s, sn);
		k += sn;
	}
	if (len == 0)
		return;
	if (k >= len)
		k = len - 1;
	memcpy(buf, label, k);
	buf[k] = '\0';
}

void exit_number_words(struct exit_number n, char *buf, size_t len)
{
	char label[32];

	exit_number_label(n, label, sizeof(label));
	if (n.stop)
		snprintf(buf, len, "stop %s (vmscope's, after exit %llu)",
			 label, (unsigned long long)n.guest);
	else
		snprintf(buf, len, "exit %s", label);
}

void exit_number_totals(const struct exit_stats *s, char *buf, size_t len)
{
	uint64_t stops = s->by_reason[EXIT_DEBUG].count;

	if (stops)
		snprintf(buf, len, "%llu exits and %llu stop%s of vmscope's",
			 (unsigned long long)(s->total - stops),
			 (unsigned long long)stops, stops == 1 ? "" : "s");
	else
		snprintf(buf, len, "%llu exits", (unsigned long long)s->total);
}
