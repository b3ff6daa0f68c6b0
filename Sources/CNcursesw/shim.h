#ifndef GASTOWN_CNCURSESW_SHIM_H
#define GASTOWN_CNCURSESW_SHIM_H
// The wide-character API is only visible with _XOPEN_SOURCE_EXTENDED.
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <ncursesw/curses.h>
#endif
