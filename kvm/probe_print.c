/*
 * kvm/probe_print.c - the probe report for people and for scripts.
 *
 * The text says what each finding means for vmscope; the JSON (one object
 * on one line) has the same facts under stable keys, which
 * tests/integration/test_doctor.sh checks against what the guests did:
 *
 *   {"kvm": {"available", "why", "api_version"}, "flavour", "flavour_why",
 *    "nested", "nested_why", "capabilities": {"SYNC_REGS": 7, ...},
 *    "<finding key>": {"works": true|false|null, "result", "detail"}, ...,
 *    "exit_cost_us": {"measured", "ring0", "ring3", "runs",
 *                     "exits_per_run", "detail"}}
 */
#include <stdio.h>

#include "kvm/probe.h"

static const char *verdict_word(enum probe_verdict v)
{
	switch (v) {
	case PROBE_YES:
		return "yes";
	case PROBE_NO:
		return "no";
	default:
		return "unknown";
	}
}

static const char *verdict_json(enum probe_verdict v)
{
	switch (v) {
	case PROBE_YES:
		return "true";
	case PROBE_NO:
		return "false";
	default:
		return "null";
	}
}

void probe_print(const struct probe_report *r, FILE *out)
{
	const struct probe_exit_cost *c = &r->exit_cost;

	fprintf(out, "KVM         %s\n", r->kvm_why);
	fprintf(out, "flavour     %s: %s\n", host_flavour_name(r->flavour),
		r->flavour_why);
	fprintf(out, "nested      %s: %s\n", verdict_word(r->nested),
		r->nested_why);
	if (r->ncaps)
		fprintf(out, "\ncapabilities (KVM_CHECK_EXTENSION, API %d)\n",
			r->api_version);
	for (int i = 0; i < r->ncaps; i++)
		fprintf(out, "  %-16s %-4s %4d  %s\n", r->caps[i].name,
			r->caps[i].value > 0 ? "yes" : "no", r->caps[i].value,
			r->caps[i].use);
	fprintf(out, "\nmeasured by running guests\n");
	for (int i = 0; i < PROBE_FINDINGS; i++)
		fprintf(out, "  %-20s %-7s %s: %s\n", probe_finding_key(i),
			verdict_word(r->findings[i].works),
			probe_finding_title(i), r->findings[i].detail);
	if (c->measured == PROBE_YES)
		fprintf(out, "  port-I/O exit cost: %.2f us in ring 0, %.2f us "
			"in ring 3 (%s)\n", c->ring0_us, c->ring3_us,
			c->detail);
	else
		fprintf(out, "  port-I/O exit cost: unknown: %s\n", c->detail);
	fprintf(out, "\nKVM, each capability and each finding by its name "
		"(first column) is a NAME for\n`vmscope doctor --require "
		"NAME`: status 0 where it works, else 77 and why.\n");
}

static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(out, "\\u%04x", ch);
		else
			fputc(ch, out);
	}
	fputc('"', out);
}

/* "key": "value" with a leading separator. */
static void json_field(FILE *out, const char *sep, const char *key,
		       const char *value)
{
	fprintf(out, "%s\"%s\": ", sep, key);
	json_string(out, value);
}

static void json_host(const struct probe_report *r, FILE *out)
{
	fprintf(out, "\"kvm\": {\"available\": %s",
		r->kvm_available ? "true" : "false");
	json_field(out, ", ", "why", r->kvm_why);
	fprintf(out, ", \"api_version\": %d}", r->api_version);
	json_field(out, ", ", "flavour", host_flavour_name(r->flavour));
	json_field(out, ", ", "flavour_why", r->flavour_why);
	fprintf(out, ", \"nested\": %s", verdict_json(r->nested));
	json_field(out, ", ", "nested_why", r->nested_why);
	fprintf(out, ", \"capabilities\": {");
	for (int i = 0; i < r->ncaps; i++)
		fprintf(out, "%s\"%s\": %d", i ? ", " : "", r->caps[i].name,
			r->caps[i].value);
	fprintf(out, "}");
}

void probe_print_json(const struct probe_report *r, FILE *out)
{
	const struct probe_exit_cost *c = &r->exit_cost;

	fprintf(out, "{");
	json_host(r, out);
	for (int i = 0; i < PROBE_FINDINGS; i++) {
		fprintf(out, ", \"%s\": {\"works\": %s", probe_finding_key(i),
			verdict_json(r->findings[i].works));
		json_field(out, ", ", "result", r->findings[i].result);
		json_field(out, ", ", "detail", r->findings[i].detail);
		fprintf(out, "}");
	}
	fprintf(out, ", \"exit_cost_us\": {\"measured\": %s",
		verdict_json(c->measured));
	if (c->measured == PROBE_YES)
		fprintf(out, ", \"ring0\": %.3f, \"ring3\": %.3f", c->ring0_us,
			c->ring3_us);
	fprintf(out, ", \"runs\": %d, \"exits_per_run\": %d", c->runs,
		c->exits_per_run);
	json_field(out, ", ", "detail", c->detail);
	fprintf(out, "}}\n");
}
