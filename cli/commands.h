/*
 * cli/commands.h - the vmscope commands, one function each.
 *
 * main.c holds the table that maps a command word to its function; each
 * command parses its own options and returns the process exit status:
 * 0 success, 1 guest crash, 2 bad usage or bad guest image, or the guest's
 * own status when it ended through the exit port.
 */
#ifndef CLI_COMMANDS_H
#define CLI_COMMANDS_H

#define EXIT_USAGE 2
#define EXIT_CRASH 1

int cmd_trace(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_guests(int argc, char **argv);
int cmd_doctor(int argc, char **argv);

#endif /* CLI_COMMANDS_H */
