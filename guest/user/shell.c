/*
 * guest/user/shell.c - a tiny command shell on the keyboard and console.
 *
 * It prints a banner, then a prompt, reads a line (the tty echoes and
 * edits it), splits it into words at spaces and tabs, and runs the
 * command the first word names.  Its exact output (tests match it):
 *
 *   banner, once     "vmscope shell: type help for the commands\n"
 *   prompt           "$ "
 *   help             "commands:\n" then one line per command,
 *                    "  " + usage padded to 12 + " " + summary + "\n"
 *   echo ARGS        the words, one space apart, then "\n"
 *   ticks            timer ticks since the kernel's timer started (100 a
 *                    second; it starts at the shell's first read), in
 *                    decimal, then "\n"
 *   cpuid            the vendor string of CPUID leaf 0 (12 characters,
 *                    e.g. "GenuineIntel"), then "\n"
 *   reboot           nothing: the machine restarts (the banner comes
 *                    again)
 *   exit [N]         nothing: the run ends with status N (default 0);
 *                    a bad N prints "sh: exit: N: not a number\n"
 *   unknown NAME     "sh: NAME: unknown command\n"
 *   more than 16 words  "sh: too many words\n"
 *   empty line       nothing (a new prompt)
 *   end of file      "exit\n", and the run ends with status 0
 *                    (Ctrl-D on an empty line)
 *
 * `cpuid` runs the CPUID instruction here, in ring 3.  It needs no
 * privilege, yet it leaves the guest: on KVM the CPU exits to the
 * hypervisor, which answers it inside the kernel - vmscope never sees it;
 * the software CPU answers it itself.
 */
#include <stdint.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/times.h>
#include <unistd.h>

#define LINE_MAX   256   /* the tty's line limit */
#define MAX_WORDS  16

struct command {
	const char *name;
	const char *usage;
	const char *summary;
	void (*run)(int argc, char **argv);
};

static void cmd_help(int argc, char **argv);

static void cmd_echo(int argc, char **argv)
{
	char out[LINE_MAX + 1];
	size_t n = 0;

	for (int i = 1; i < argc; i++) {
		size_t len = strlen(argv[i]);

		if (i > 1)
			out[n++] = ' ';
		memcpy(out + n, argv[i], len);
		n += len;
	}
	out[n++] = '\n';
	write(STDOUT_FILENO, out, n);
}

static void cmd_ticks(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("%ld\n", (long)times(NULL));
}

/* CPUID leaf 0: the vendor string is EBX, EDX, ECX, four bytes each. */
static void cmd_cpuid(int argc, char **argv)
{
	uint32_t eax = 0, ebx, ecx = 0, edx;
	char vendor[13];

	(void)argc;
	(void)argv;
	__asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
	memcpy(vendor, &ebx, 4);
	memcpy(vendor + 4, &edx, 4);
	memcpy(vendor + 8, &ecx, 4);
	vendor[12] = '\0';
	printf("%s\n", vendor);
}

static void cmd_reboot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	reboot();
}

static int is_number(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static void cmd_exit(int argc, char **argv)
{
	if (argc < 2)
		exit(0);
	if (!is_number(argv[1])) {
		printf("sh: exit: %s: not a number\n", argv[1]);
		return;
	}
	exit(atoi(argv[1]));
}

static const struct command commands[] = {
	{ "help", "help", "list the commands", cmd_help },
	{ "echo", "echo ARGS", "print ARGS", cmd_echo },
	{ "ticks", "ticks", "timer ticks since the timer started", cmd_ticks },
	{ "cpuid", "cpuid", "the CPU's vendor string (CPUID leaf 0)",
	  cmd_cpuid },
	{ "reboot", "reboot", "restart the machine", cmd_reboot },
	{ "exit", "exit [N]", "leave with status N (default 0)", cmd_exit },
};

#define NR_COMMANDS (sizeof commands / sizeof commands[0])

static void cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("commands:\n");
	for (size_t i = 0; i < NR_COMMANDS; i++)
		printf("  %-12s %s\n", commands[i].usage, commands[i].summary);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Split line in place into at most MAX_WORDS words; -1 if more. */
static int split(char *line, char **words)
{
	int n = 0;

	for (;;) {
		while (is_space(*line))
			*line++ = '\0';
		if (*line == '\0')
			return n;
		if (n == MAX_WORDS)
			return -1;
		words[n++] = line;
		while (*line != '\0' && !is_space(*line))
			line++;
	}
}

static void run(char *line)
{
	char *words[MAX_WORDS];
	int n = split(line, words);

	if (n < 0) {
		printf("sh: too many words\n");
		return;
	}
	if (n == 0)
		return;
	for (size_t i = 0; i < NR_COMMANDS; i++) {
		if (strcmp(words[0], commands[i].name) == 0) {
			commands[i].run(n, words);
			return;
		}
	}
	printf("sh: %s: unknown command\n", words[0]);
}

int main(void)
{
	char line[LINE_MAX + 1];
	ssize_t n;

	printf("vmscope shell: type help for the commands\n");
	for (;;) {
		printf("$ ");
		n = read(STDIN_FILENO, line, LINE_MAX);
		if (n <= 0)
			break;
		line[n] = '\0';
		run(line);
	}
	printf("exit\n");
	return n < 0 ? 1 : 0;
}
