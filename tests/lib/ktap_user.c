// SPDX-License-Identifier: BSD-2-Clause
/* ktap_user.c - KTAP output for the userspace lane: stdout, unbuffered. */
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "ktap.h"

void kt_host_write(const char *s, int len)
{
	while (len > 0) {
		ssize_t n = write(1, s, len);

		if (n <= 0)
			return;
		s += n;
		len -= n;
	}
}

int kt_host_vsnprintf(char *buf, int size, const char *fmt, va_list ap)
{
	return vsnprintf(buf, size, fmt, ap);
}
