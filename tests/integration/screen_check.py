#!/usr/bin/env python3
"""tests/integration/screen_check.py - no word on the screen is cut in two.

Reads a `tmux capture-pane -p` of the full-screen view, drawn in a UTF-8
pane with Unicode boxes (tui_lib.sh's TUI_UTF8=1), and checks the rule
tui/grid.c keeps: text never takes the last column of its panel or bar,
so the cell left of every vertical border, and the screen's last column,
hold a blank, a border or the "goes on" mark (→).  A word the screen cut
at a panel border shows there, with the columns around it.

    screen_check.py WIDTH < screen     exit 0, or 1 with each cut word

Not for a screen with an overlay open: an overlay covers the panels' text
wherever it lies.
"""
import sys

BORDERS = set("│┌┐└┘├┤┬┴┼─")
ALLOWED = BORDERS | {" ", "→"}


def cut_words(lines, width):
    """(row, column, text around it) of every cell that breaks the rule."""
    found = []
    for y, line in enumerate(lines):
        cells = line.ljust(width)
        for x in range(1, len(cells)):
            if cells[x] in "│┐┘┤" and cells[x - 1] not in ALLOWED:
                found.append((y, x - 1, cells[max(0, x - 12):x + 1]))
        if len(cells) >= width and cells[width - 1] not in ALLOWED:
            found.append((y, width - 1, cells[width - 12:width]))
    return found


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: screen_check.py WIDTH < screen")
    width = int(sys.argv[1])
    lines = sys.stdin.read().split("\n")
    found = cut_words(lines, width)
    for y, x, around in found:
        print(f"row {y + 1} column {x + 1}: text cut at the border: '{around}'")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
