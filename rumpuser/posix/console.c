// SPDX-License-Identifier: BSD-2-Clause
/*
 * console.c - the rump kernel console: rumpuser_putchar/rumpuser_dprintf.
 *
 * Output goes to stderr, not stdout: the process's stdout belongs to the
 * application (our test programs write KTAP there).  putchar collects a
 * line per thread first, because stderr is unbuffered and the kernel
 * prints its boot messages one character at a time.  Neither call ever
 * enters the rump kernel.
 */
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "rumpuser_posix_int.h"

#define CONS_LINE 256

static __thread char cons_buf[CONS_LINE];
static __thread int cons_len;

static void cons_write(const char *s, size_t len)
{
	while (len > 0) {
		ssize_t n = write(STDERR_FILENO, s, len);

		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

void rumpuser_putchar(int c)
{
	cons_buf[cons_len++] = (char)c;
	if (c == '\n' || cons_len == CONS_LINE) {
		cons_write(cons_buf, (size_t)cons_len);
		cons_len = 0;
	}
}

void rumpuser_dprintf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	cons_write(buf, (size_t)n);
}
