/*
 * core/key_text.h - scripted key input (the --keys TEXT of trace and run).
 *
 * TEXT is typed on a US keyboard, character by character, into the
 * guest's i8042 (core/vm.h vm_keys_push), each key reaching the guest when
 * it waits for input, as a person types at a prompt.  Escapes, as in C strings:
 *
 *   \n \r   Enter            \t   Tab          \b   Backspace
 *   \e      Escape           \\   a backslash  \xHH the character 0xHH
 *                                                   (\x04: Ctrl-D)
 *   \w      wait 100 ms before the next key (host time: lets a timer run)
 *
 * Control characters are typed as Ctrl + letter (devices/scancode.h).
 */
#ifndef CORE_KEY_TEXT_H
#define CORE_KEY_TEXT_H

#include <stddef.h>

#include "core/vm.h"

/* Check TEXT without typing it: 0, or -EINVAL with "at character N: why"
 * in err. */
int key_text_check(const char *text, char *err, size_t errlen);
/* Queue TEXT's keys for the guest, at its pace (vm->keys_paced: a key
 * only while the guest waits for one).  0, or -errno with the reason in
 * err. */
int key_text_type(struct vm *vm, const char *text, char *err, size_t errlen);

#endif /* CORE_KEY_TEXT_H */
