/*
 * guest/kernel/keymap.h - what the keys of a US PC keyboard type, by
 * scancode (set 1 make code).
 */
#ifndef GUEST_KERNEL_KEYMAP_H
#define GUEST_KERNEL_KEYMAP_H

/* Make codes 0x00-0x39: Esc, the main block and Space.  Keys past it
 * (function keys, the keypad) type nothing here. */
#define KEYMAP_SIZE 0x3a

/* Indexed by make code: the character without and with Shift; 0 for a
 * key that types no character (modifiers, the unused code 0). */
extern const char keymap_plain[KEYMAP_SIZE];
extern const char keymap_shifted[KEYMAP_SIZE];

#endif /* GUEST_KERNEL_KEYMAP_H */
