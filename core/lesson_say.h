/*
 * core/lesson_say.h - narration that shows what was measured.
 *
 * A `say` line may name fields in braces; they are read when the line is
 * said, at the step's latest observation:
 *
 *   run-until io-out where io.port == 0x80 and io.data == 4 within 5 exits
 *   say The CRC loop took {elapsed_us} us on this CPU ({host.kvm}).
 *
 * `{{` is a brace of its own.  The names are checked when the lesson is
 * parsed, so a misspelt one is refused with its line; count(...) is not
 * taken (it counts only what a condition of the step names).
 */
#ifndef CORE_LESSON_SAY_H
#define CORE_LESSON_SAY_H

#include <stddef.h>

#include "core/lesson_cond.h"

#define LESSON_SAY_MAX 1600   /* a said line, its fields shown */

/* 0, or -EINVAL with why in err: a { with no }, a name no field has. */
int lesson_say_check(const char *text, char *err, size_t errlen);
/*
 * text with each {field} replaced by its value at obs: a number in
 * decimal, text as it is, a field that does not apply by why in
 * parentheses.  Into out (truncated to outlen).
 */
void lesson_say_format(const char *text, const struct lesson_obs *obs,
		       char *out, size_t outlen);

#endif /* CORE_LESSON_SAY_H */
