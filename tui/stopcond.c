/*
 * tui/stopcond.c - parsing and matching stop conditions (see stopcond.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/number.h"
#include "tui/stopcond.h"

/* A whole-string unsigned number (core/number.h: decimal or 0x hex). */
static bool parse_number(const char *s, uint64_t *out)
{
	char why[96];

	return number_parse(s, 0, UINT64_MAX, out, why, sizeof(why)) == 0;
}

/* Is s the name before the '(' at paren in text ("EPT_MISCONFIG" in
 * "EPT_VIOLATION(48) or EPT_MISCONFIG(49)"), in any case? */
static bool name_before(const char *text, const char *paren, const char *s)
{
	const char *name = paren;
	size_t n = strlen(s);

	while (name > text && (isalnum((unsigned char)name[-1]) ||
			       name[-1] == '_'))
		name--;
	return (size_t)(paren - name) == n && n > 0 &&
	       strncasecmp(name, s, n) == 0;
}

/* Is s a hardware name (on VMX or SVM) for the exit behind KVM's reason
 * r?  core/exit.c knows which hardware exit that is - or which two it may
 * be (an MMIO exit is EPT_VIOLATION or EPT_MISCONFIG on VMX): any of the
 * names in its text. */
static bool hw_name_is(uint32_t r, const char *s)
{
	static const enum host_flavour flavours[] = { HOST_VMX, HOST_SVM };
	struct exit_record probe = { .reason = r };
	char hw[64];

	for (size_t i = 0; i < sizeof(flavours) / sizeof(flavours[0]); i++) {
		exit_hw_describe(flavours[i], &probe, hw, sizeof(hw));
		for (const char *p = strchr(hw, '('); p; p = strchr(p + 1, '('))
			if (name_before(hw, p, s))
				return true;
	}
	return false;
}

static bool parse_reason(const char *s, uint32_t *out)
{
	uint64_t n;

	for (unsigned slot = 0; slot < EXIT_REASON_SLOTS; slot++) {
		uint32_t r = exit_reason_at(slot);
		const char *name = exit_reason_name(r);

		if (name && strcasecmp(name, s) == 0) {
			*out = r;
			return true;
		}
	}
	for (uint32_t r = 0; r < EXIT_REASON_TABLE_SIZE; r++)
		if (hw_name_is(r, s)) {
			*out = r;
			return true;
		}
	if (parse_number(s, &n) && n <= UINT32_MAX) {
		*out = (uint32_t)n;
		return true;
	}
	return false;
}

/* A C identifier, as a guest function's name is. */
static bool parse_func(const char *s, struct stop_cond *c)
{
	size_t n = strlen(s);

	if (n == 0 || n >= sizeof(c->func) || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9')))
			return false;
	c->kind = STOP_FUNC;
	memcpy(c->func, s, n + 1);
	return true;
}

/* A function (func:NAME, or a bare name) or an address (*ADDR,
 * addr:ADDR). */
static bool parse_insn(const char *s, struct stop_cond *c)
{
	if (s[0] == '*' || strncmp(s, "addr:", 5) == 0) {
		c->kind = STOP_ADDR;
		return parse_number(s + (s[0] == '*' ? 1 : 5), &c->addr);
	}
	return parse_func(strncmp(s, "func:", 5) == 0 ? s + 5 : s, c);
}

/* "L1:", "L2:" or "L3:" before a function or an address names the level
 * whose code it is (c->level counts as an exit record does: L1's is 0).
 * The text after it, or text itself when it names no level. */
static const char *level_prefix(const char *text, struct stop_cond *c)
{
	if ((text[0] != 'L' && text[0] != 'l') || text[1] < '1' ||
	    text[1] > '3' || text[2] != ':')
		return text;
	c->level = (uint32_t)(text[1] - '1');
	c->level_named = true;
	return text + 3;
}

const char *stop_cond_syntax(unsigned depth)
{
	if (depth == 0)
		return STOP_COND_SYNTAX;
	return depth == 1 ? STOP_COND_SYNTAX_L2 : STOP_COND_SYNTAX_L3;
}

static bool parse_port(const char *s, struct stop_cond *c)
{
	char port[32];
	const char *eq = strchr(s, '=');
	size_t n = eq ? (size_t)(eq - s) : strlen(s);
	uint64_t value;

	if (n >= sizeof(port))
		return false;
	memcpy(port, s, n);
	port[n] = '\0';
	if (!parse_number(port, &value) || value > 0xffff)
		return false;
	c->kind = STOP_PORT;
	c->port = (uint16_t)value;
	c->match_data = eq != NULL;
	return !eq || parse_number(eq + 1, &c->data);
}

int stop_cond_parse(const char *text, struct stop_cond *c, char *err,
		    size_t len)
{
	bool ok = false;

	const char *insn;

	memset(c, 0, sizeof(*c));
	insn = level_prefix(text, c);
	if (insn != text) {
		ok = parse_insn(insn, c);
	} else if (strcmp(text, "exit") == 0) {
		c->kind = STOP_ANY_EXIT;
		ok = true;
	} else if (strcmp(text, "end") == 0) {
		c->kind = STOP_END;
		ok = true;
	} else if (strncmp(text, "exits:", 6) == 0) {
		c->kind = STOP_COUNT;
		ok = parse_number(text + 6, &c->count) && c->count > 0;
	} else if (strncmp(text, "reason:", 7) == 0) {
		c->kind = STOP_REASON;
		ok = parse_reason(text + 7, &c->reason);
	} else if (strncmp(text, "io:", 3) == 0) {
		ok = parse_port(text + 3, c);
	} else if (strncmp(text, "func:", 5) == 0 || text[0] == '*' ||
		   strncmp(text, "addr:", 5) == 0) {
		ok = parse_insn(text, c);
	} else if (text[0] >= '0' && text[0] <= '9') {
		ok = parse_port(text, c);      /* a bare number is a port */
	} else if (parse_reason(text, &c->reason)) {
		c->kind = STOP_REASON;         /* a bare reason name */
		ok = true;
	} else {
		ok = parse_func(text, c);      /* else a function's name */
	}
	if (ok)
		return 0;
	snprintf(err, len, "'%s': use exit, exits:N, reason:NAME, io:PORT"
		 "[=DATA], a function, *ADDR (L2: before them: L2's code) "
		 "or end", text);
	c->kind = STOP_NONE;
	return -EINVAL;
}

bool stop_cond_is_insn(const struct stop_cond *c)
{
	return c->kind == STOP_FUNC || c->kind == STOP_ADDR;
}

bool stop_cond_match(const struct stop_cond *c, const struct exit_record *exit)
{
	switch (c->kind) {
	case STOP_FUNC:
	case STOP_ADDR:
		return exit->reason == EXIT_DEBUG && exit->rip == c->addr &&
		       exit->level == c->level;
	case STOP_ANY_EXIT:
		return true;
	case STOP_COUNT:   /* a DEBUG stop is vmscope's, not the guest's */
		return exit->reason != EXIT_DEBUG && exit->seq >= c->count;
	case STOP_REASON:
		return exit->reason == c->reason;
	case STOP_PORT:
		return exit->reason == EXIT_IO && exit->u.io.port == c->port &&
		       (!c->match_data ||
			(exit->u.io.data &&
			 exit_io_value(&exit->u.io, 0) == c->data));
	default:
		return false;
	}
}

/* The condition without its level. */
static void format_what(const struct stop_cond *c, char *buf, size_t len)
{
	const char *name;

	switch (c->kind) {
	case STOP_ANY_EXIT:
		snprintf(buf, len, "exit");
		break;
	case STOP_COUNT:
		snprintf(buf, len, "exits:%llu", (unsigned long long)c->count);
		break;
	case STOP_REASON:
		name = exit_reason_name(c->reason);
		if (name)
			snprintf(buf, len, "reason:%s", name);
		else
			snprintf(buf, len, "reason:%u", c->reason);
		break;
	case STOP_PORT:
		if (c->match_data)
			snprintf(buf, len, "io:0x%x=0x%llx", c->port,
				 (unsigned long long)c->data);
		else
			snprintf(buf, len, "io:0x%x", c->port);
		break;
	case STOP_END:
		snprintf(buf, len, "end");
		break;
	case STOP_FUNC:
		snprintf(buf, len, "%s", c->func);
		break;
	case STOP_ADDR:
		snprintf(buf, len, "*0x%llx", (unsigned long long)c->addr);
		break;
	default:
		snprintf(buf, len, "none");
		break;
	}
}

const char *stop_cond_format(const struct stop_cond *c, char *buf, size_t len)
{
	char what[STOP_FUNC_NAME + 24];

	format_what(c, what, sizeof(what));
	if (c->level_named && stop_cond_is_insn(c))
		snprintf(buf, len, "L%u:%s", c->level + 1, what);
	else
		snprintf(buf, len, "%s", what);
	return buf;
}

const char *stop_cond_list(const struct stop_cond *c, unsigned n, char *buf,
			   size_t len)
{
	char one[STOP_FUNC_NAME + 24];
	size_t pos = 0;

	snprintf(buf, len, "none");
	for (unsigned i = 0; i < n && pos + 1 < len; i++) {
		pos += (size_t)snprintf(buf + pos, len - pos, "%s%u %s",
					i ? ", " : "", i + 1,
					stop_cond_format(&c[i], one,
							 sizeof(one)));
		if (pos >= len)
			pos = len - 1;
	}
	return buf;
}
