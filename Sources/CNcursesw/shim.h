#ifndef GASTOWN_CNCURSESW_SHIM_H
#define GASTOWN_CNCURSESW_SHIM_H
// The wide-character API is only visible with _XOPEN_SOURCE_EXTENDED.
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Macros and globals that do not import into Swift (or are not concurrency-safe there).
static inline attr_t gt_attr_normal(void) { return A_NORMAL; }
static inline attr_t gt_attr_bold(void) { return A_BOLD; }
static inline attr_t gt_attr_reverse(void) { return A_REVERSE; }
static inline attr_t gt_attr_dim(void) { return A_DIM; }
static inline attr_t gt_attr_underline(void) { return A_UNDERLINE; }
static inline WINDOW *gt_stdscr(void) { return stdscr; }
static inline int gt_lines(void) { return LINES; }
static inline int gt_cols(void) { return COLS; }
static inline void gt_getmaxyx(WINDOW *window, int *rows, int *columns) {
    int y, x;
    getmaxyx(window, y, x);
    *rows = y;
    *columns = x;
}
static inline mmask_t gt_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t gt_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t gt_button1_double_clicked(void) { return BUTTON1_DOUBLE_CLICKED; }
static inline mmask_t gt_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t gt_button5_pressed(void) { return BUTTON5_PRESSED; }
// Presses, double clicks and the wheel: releases are not asked for (a click is its press).
static inline mmask_t gt_mouse_events(void) {
    return BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED;
}
static inline const char *gt_codeset(void) { return nl_langinfo(CODESET); }

// Draws one grapheme (a base character and up to four combining marks, NUL-terminated) at (y, x).
static inline int gt_put_cell(int y, int x, const wchar_t *text, attr_t attributes, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attributes, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cell);
}
#endif
