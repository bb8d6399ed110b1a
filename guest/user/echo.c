/*
 * guest/user/echo.c - reads lines from the keyboard and prints each back.
 *
 * The first read() starts the kernel's interrupt hardware; from then on
 * each key travels i8042 -> IRQ 1 -> keyboard driver -> tty, which echoes
 * it (so a typed line shows twice: as typed, then as printed back) and
 * hands the line over when Enter comes.  Ctrl-D on an empty line is end
 * of file: the program exits with status 0.
 *
 * With `vmscope trace --keys 'hello\n\x04' echo` the console shows
 *
 *   hello        (the tty's echo of the keys)
 *   hello        (the program's write)
 */
#include <unistd.h>

#define LINE_MAX 256

int main(void)
{
	char line[LINE_MAX];
	ssize_t n;

	while ((n = read(STDIN_FILENO, line, sizeof line)) > 0)
		write(STDOUT_FILENO, line, (size_t)n);
	return n < 0 ? 1 : 0;
}
