/*
 * cli/commands.h - the vmscope commands, one function and one option
 * description (cli/options.h) each.
 *
 * main.c holds the table that maps a command word to them; each command
 * parses its own options through options_parse() and returns the process
 * exit status: 0 success, 1 guest crash, 2 bad usage or bad guest image,
 * or the guest's own status when it ended through the exit port.
 */
#ifndef CLI_COMMANDS_H
#define CLI_COMMANDS_H

#define EXIT_USAGE 2
#define EXIT_CRASH 1

struct cmd_spec;

int cmd_trace(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_guests(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_lesson(int argc, char **argv);
int cmd_lessons(int argc, char **argv);
int cmd_cells(int argc, char **argv);

extern const struct cmd_spec cmd_trace_spec;
extern const struct cmd_spec cmd_run_spec;
extern const struct cmd_spec cmd_guests_spec;
extern const struct cmd_spec cmd_doctor_spec;
extern const struct cmd_spec cmd_lesson_spec;
extern const struct cmd_spec cmd_lessons_spec;
extern const struct cmd_spec cmd_cells_spec;

#endif /* CLI_COMMANDS_H */
