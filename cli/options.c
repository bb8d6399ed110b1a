/*
 * cli/options.c - the option table made into getopt_long()'s array, the
 * help and the error messages (see cli/options.h).
 *
 * getopt_long() is told to stay quiet (opterr = 0, ':' first in the
 * option string) so that every mistake is said here, in the one form
 * "vmscope CMD: ..." that the rest of vmscope uses, and not with the
 * program name getopt would print.  Each long option's val is its index
 * in the flat list of the command's options, which gives back its
 * opt_spec, whatever code the command chose.
 */
#include <getopt.h>
#include <stdarg.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "core/number.h"

/* Options of one command, --help included: far above any command's count
 * (trace has 12); a table past it would lose its last options. */
#define OPTIONS_MAX 64
#define INDEX_BASE  0x1000    /* getopt_long's val for option i: base + i */
#define HELP_COLUMN 24        /* where an option's help starts */
#define LINE_WIDTH  79

/* Every command's -h/--help; 'h' is what getopt_long gives for -h (the
 * command's handler never sees it). */
#define OPT_HELP 'h'
static const struct opt_spec help_table[] = {
	{ "help", OPT_HELP, NULL, NULL, "print this help and exit" },
	{ NULL, 0, NULL, NULL, NULL },
};

/* The command's options in help order, then --help; their count. */
static int flatten(const struct cmd_spec *cmd,
		   const struct opt_spec *flat[OPTIONS_MAX])
{
	int n = 0;

	for (size_t t = 0; cmd->tables && cmd->tables[t]; t++)
		for (const struct opt_spec *o = cmd->tables[t]; o->name; o++)
			if (n < OPTIONS_MAX - 1)
				flat[n++] = o;
	flat[n++] = &help_table[0];
	return n;
}

static void print_prog(const struct cmd_spec *cmd, FILE *out)
{
	fprintf(out, "vmscope%s%s", cmd->name ? " " : "",
		cmd->name ? cmd->name : "");
}

static void print_usage_line(const struct cmd_spec *cmd, FILE *out)
{
	fprintf(out, "usage: ");
	print_prog(cmd, out);
	fprintf(out, " [options]%s%s\n", cmd->operands[0] ? " " : "",
		cmd->operands);
}

/* "-h, --help", "--max-exits N" */
static void option_label(const struct opt_spec *o, char *buf, size_t len)
{
	snprintf(buf, len, "%s--%s%s%s", o == help_table ? "-h, " : "",
		 o->name, o->arg ? " " : "", o->arg ? o->arg : "");
}

/* text from column col, its words wrapped under HELP_COLUMN */
static void print_wrapped(FILE *out, int col, const char *text)
{
	while (*text) {
		size_t word = strcspn(text, " ");

		if (col > HELP_COLUMN && col + 1 + (int)word > LINE_WIDTH) {
			fprintf(out, "\n%*s", HELP_COLUMN, "");
			col = HELP_COLUMN;
		} else if (col > HELP_COLUMN) {
			fputc(' ', out);
			col++;
		}
		fprintf(out, "%.*s", (int)word, text);
		col += (int)word;
		text += word;
		text += strspn(text, " ");
	}
	fputc('\n', out);
}

static void print_option(const struct opt_spec *o, FILE *out)
{
	char label[64], text[512];
	int col;

	option_label(o, label, sizeof(label));
	col = fprintf(out, "  %s", label);
	if (col >= HELP_COLUMN - 1) {
		fputc('\n', out);
		col = 0;
	}
	fprintf(out, "%*s", HELP_COLUMN - col, "");
	snprintf(text, sizeof(text), "%s%s%s%s", o->help,
		 o->deflt ? " (default: " : "", o->deflt ? o->deflt : "",
		 o->deflt ? ")" : "");
	print_wrapped(out, HELP_COLUMN, text);
}

void options_help(const struct cmd_spec *cmd, FILE *out)
{
	const struct opt_spec *flat[OPTIONS_MAX];
	int n = flatten(cmd, flat);

	print_usage_line(cmd, out);
	fprintf(out, "%s\n", cmd->summary);
	if (cmd->print_more)
		cmd->print_more(out);
	fprintf(out, "\noptions:\n");
	for (int i = 0; i < n; i++)
		print_option(flat[i], out);
	if (cmd->notes)
		fputc('\n', out);
	for (size_t i = 0; cmd->notes && cmd->notes[i]; i++)
		fprintf(out, "%s\n", cmd->notes[i]);
}

void options_list(const struct cmd_spec *cmd, FILE *out)
{
	const struct opt_spec *flat[OPTIONS_MAX];
	int n = flatten(cmd, flat);

	for (int i = 0; i < n; i++)
		fprintf(out, "--%s%s%s\n", flat[i]->name,
			flat[i]->arg ? " " : "",
			flat[i]->arg ? flat[i]->arg : "");
}

int options_usage_error(const struct cmd_spec *cmd, const char *fmt, ...)
{
	va_list ap;

	print_prog(cmd, stderr);
	fprintf(stderr, ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	print_usage_line(cmd, stderr);
	fprintf(stderr, "`");
	print_prog(cmd, stderr);
	fprintf(stderr, " --help` lists the options.\n");
	return EXIT_USAGE;
}

int options_number(const char *cmd, const char *opt, const char *arg,
		   uint64_t min, uint64_t max, uint64_t *out)
{
	char why[96];

	if (number_parse(arg, min, max, out, why, sizeof(why)) == 0)
		return 0;
	fprintf(stderr, "vmscope %s: %s '%s': %s\n", cmd, opt, arg, why);
	return EXIT_USAGE;
}

/* The options whose names begin with what --word abbreviates (up to an
 * '='), as "--stack, --step" into buf; their count. */
static int abbreviated(const struct opt_spec *const flat[], int n,
		       const char *word, char *buf, size_t len)
{
	size_t typed = strcspn(word + 2, "=");
	int count = 0;

	buf[0] = '\0';
	for (int i = 0; strncmp(word, "--", 2) == 0 && i < n; i++) {
		if (strncmp(flat[i]->name, word + 2, typed) != 0)
			continue;
		snprintf(buf + strlen(buf), len - strlen(buf), "%s--%s",
			 count++ ? ", " : "", flat[i]->name);
	}
	return count;
}

/* getopt_long's answer c for the option word argv[optind - 1] into a
 * message: unknown, ambiguous, a flag given a value, a value missing. */
static int mistake(const struct cmd_spec *cmd,
		   const struct opt_spec *const flat[], int n, int c,
		   const char *word)
{
	const struct opt_spec *o = NULL;
	char matches[256];

	if (optopt >= INDEX_BASE && optopt < INDEX_BASE + n)
		o = flat[optopt - INDEX_BASE];
	if (c == ':' && o)
		return options_usage_error(cmd, "--%s needs its argument %s",
					   o->name, o->arg);
	if (o && !o->arg)
		return options_usage_error(cmd, "--%s takes no argument "
					   "('%s')", o->name, word);
	if (abbreviated(flat, n, word, matches, sizeof(matches)) > 1)
		return options_usage_error(cmd, "'%s' could be %s", word,
					   matches);
	return options_usage_error(cmd, "unknown option '%s'", word);
}

/* The array getopt_long() takes, from the flat list. */
static void long_options(const struct opt_spec *const flat[], int n,
			 struct option longopts[OPTIONS_MAX + 1])
{
	for (int i = 0; i < n; i++)
		longopts[i] = (struct option){
			.name = flat[i]->name,
			.has_arg = flat[i]->arg ? required_argument
						: no_argument,
			.val = INDEX_BASE + i,
		};
	longopts[n] = (struct option){ 0 };
}

int options_parse(const struct cmd_spec *cmd, int argc, char **argv,
		  options_fn *fn, void *ctx, int *first)
{
	const struct opt_spec *flat[OPTIONS_MAX];
	struct option longopts[OPTIONS_MAX + 1];
	int n = flatten(cmd, flat), c, status = 0, operands;

	long_options(flat, n, longopts);
	opterr = 0;
	optind = 0;   /* glibc: start afresh, '+' or not (a 1 keeps the
			 previous parse's ordering) */
	while (!status && (c = getopt_long(argc, argv, cmd->options_first ?
					   "+:h" : ":h", longopts, NULL)) != -1) {
		if (c == OPT_HELP || (c >= INDEX_BASE &&
				      flat[c - INDEX_BASE] == help_table)) {
			options_help(cmd, stdout);
			return OPTIONS_HELP;
		}
		if (c == '?' || c == ':')
			return mistake(cmd, flat, n, c, argv[optind - 1]);
		status = fn(ctx, flat[c - INDEX_BASE]->code, optarg);
	}
	if (status)
		return status;
	operands = argc - optind;
	if (operands < cmd->min_operands)
		return options_usage_error(cmd, "%s missing", cmd->operands);
	if (operands > cmd->max_operands)
		return options_usage_error(cmd, "'%s': %s", argv[optind +
					   cmd->max_operands], cmd->max_operands ?
					   "one argument too many" :
					   "takes no arguments");
	*first = optind;
	return 0;
}
