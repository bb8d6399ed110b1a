/*
 * cli/trace_json.h - an exit as JSON Lines for programs (`trace --json`),
 * beside its text line for people (cli/trace_line.h).
 */
#ifndef CLI_TRACE_JSON_H
#define CLI_TRACE_JSON_H

#include <stdio.h>

#include "cli/trace_line.h"

/* The exit's object on one line: the keys docs/TRACE.md lists.  Like
 * trace_line_print_text, and trace_json_string too, out is the calling
 * thread's alone. */
void trace_line_print_json(const struct trace_line *line, FILE *out);
/* s as a JSON string: quotes, backslashes and control bytes escaped. */
void trace_json_string(FILE *out, const char *s);

#endif /* CLI_TRACE_JSON_H */
