// SPDX-License-Identifier: BSD-2-Clause
/*
 * subr_prf.c - printf, snprintf, log, panic.
 *
 * One formatter (kformat) writes through a sink; console output and
 * string output are two sinks.  Console output is collected in a small
 * buffer on the stack and handed to rumpuser_putchar() a character at a
 * time, which the host turns into whole lines.
 */
#include "kern/types.h"
#include "kern/systm.h"

int rump_verbose;

struct sink {
	void (*put)(struct sink *, char);
	char *buf;
	size_t size, len;	/* len counts every char, even dropped ones */
};

static void sink_str(struct sink *s, char c)
{
	if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
}

static void sink_cons(struct sink *s, char c)
{
	(void)s;
	rumpuser_putchar((unsigned char)c);
}

#define F_MINUS	0x01
#define F_ZERO	0x02
#define F_SPACE	0x04
#define F_PLUS	0x08
#define F_ALT	0x10

static void pad(struct sink *s, int n, char c)
{
	while (n-- > 0)
		s->put(s, c);
}

/* Emit the digits of v (already converted into dig[0..nd-1], reversed). */
static void put_number(struct sink *s, uintmax_t v, unsigned base, bool upper,
		       bool neg, int flags, int width, int prec)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char dig[24];
	int nd = 0, len, zeros = 0;
	const char *prefix = "";
	int plen;

	if (v == 0 && prec == 0)
		nd = 0;
	else
		do {
			dig[nd++] = digits[v % base];
			v /= base;
		} while (v);
	if (neg)
		prefix = "-";
	else if (flags & F_PLUS)
		prefix = "+";
	else if (flags & F_SPACE)
		prefix = " ";
	if ((flags & F_ALT) && base == 16 && nd > 0)
		prefix = upper ? "0X" : "0x";
	if ((flags & F_ALT) && base == 8 && (nd == 0 || dig[nd - 1] != '0'))
		prefix = "0";
	plen = (int)strlen(prefix);
	if (prec > nd)
		zeros = prec - nd;
	len = plen + zeros + nd;
	if ((flags & F_ZERO) && !(flags & F_MINUS) && prec < 0 && width > len) {
		zeros += width - len;
		len = width;
	}
	if (!(flags & F_MINUS))
		pad(s, width - len, ' ');
	while (*prefix)
		s->put(s, *prefix++);
	pad(s, zeros, '0');
	while (nd > 0)
		s->put(s, dig[--nd]);
	if (flags & F_MINUS)
		pad(s, width - len, ' ');
}

static void kformat(struct sink *s, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		int flags = 0, width = 0, prec = -1, lmod = 0;
		uintmax_t uv;
		intmax_t sv;
		unsigned base;
		bool upper = false;

		if (*fmt != '%') {
			s->put(s, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				flags |= F_MINUS;
			else if (*fmt == '0')
				flags |= F_ZERO;
			else if (*fmt == ' ')
				flags |= F_SPACE;
			else if (*fmt == '+')
				flags |= F_PLUS;
			else if (*fmt == '#')
				flags |= F_ALT;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				flags |= F_MINUS;
				width = -width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				if (prec < 0)
					prec = -1;
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
			}
		}
		/* Length: 1 h, 2 hh, 3 l, 4 ll, 5 z/t, 6 j */
		switch (*fmt) {
		case 'h':
			lmod = 1;
			if (fmt[1] == 'h') {
				lmod = 2;
				fmt++;
			}
			fmt++;
			break;
		case 'l':
			lmod = 3;
			if (fmt[1] == 'l') {
				lmod = 4;
				fmt++;
			}
			fmt++;
			break;
		case 'z':
		case 't':
			lmod = 5;
			fmt++;
			break;
		case 'j':
			lmod = 6;
			fmt++;
			break;
		}
		switch (*fmt) {
		case 'd':
		case 'i':
			switch (lmod) {
			case 3: sv = va_arg(ap, long); break;
			case 4: sv = va_arg(ap, long long); break;
			case 5: sv = va_arg(ap, ssize_t); break;
			case 6: sv = va_arg(ap, intmax_t); break;
			case 1: sv = (short)va_arg(ap, int); break;
			case 2: sv = (signed char)va_arg(ap, int); break;
			default: sv = va_arg(ap, int); break;
			}
			uv = sv < 0 ? -(uintmax_t)sv : (uintmax_t)sv;
			put_number(s, uv, 10, false, sv < 0, flags, width, prec);
			continue;
		case 'u':
			base = 10;
			goto unsigned_number;
		case 'o':
			base = 8;
			goto unsigned_number;
		case 'X':
			upper = true;
			__rump_fallthrough;
		case 'x':
			base = 16;
unsigned_number:
			switch (lmod) {
			case 3: uv = va_arg(ap, unsigned long); break;
			case 4: uv = va_arg(ap, unsigned long long); break;
			case 5: uv = va_arg(ap, size_t); break;
			case 6: uv = va_arg(ap, uintmax_t); break;
			case 1: uv = (unsigned short)va_arg(ap, unsigned); break;
			case 2: uv = (unsigned char)va_arg(ap, unsigned); break;
			default: uv = va_arg(ap, unsigned); break;
			}
			put_number(s, uv, base, upper, false,
				   flags & ~(F_PLUS | F_SPACE), width, prec);
			continue;
		case 'p':
			uv = (uintptr_t)va_arg(ap, void *);
			put_number(s, uv, 16, false, false, F_ALT | flags, width,
				   prec);
			continue;
		case 'c': {
			char c = (char)va_arg(ap, int);

			if (!(flags & F_MINUS))
				pad(s, width - 1, ' ');
			s->put(s, c);
			if (flags & F_MINUS)
				pad(s, width - 1, ' ');
			continue;
		}
		case 's': {
			const char *str = va_arg(ap, const char *);
			int n, len;

			if (str == NULL)
				str = "(null)";
			n = (int)(prec >= 0 ? strnlen(str, (size_t)prec)
					    : strlen(str));
			len = n;
			if (!(flags & F_MINUS))
				pad(s, width - len, ' ');
			while (n-- > 0)
				s->put(s, *str++);
			if (flags & F_MINUS)
				pad(s, width - len, ' ');
			continue;
		}
		case '%':
			s->put(s, '%');
			continue;
		case '\0':
			return;
		default:
			/* Unknown conversion: show it rather than guess. */
			s->put(s, '%');
			s->put(s, *fmt);
			continue;
		}
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { sink_str, buf, size, 0 };

	kformat(&s, fmt, ap);
	if (size)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return (int)s.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void vprintf(const char *fmt, va_list ap)
{
	struct sink s = { sink_cons, NULL, 0, 0 };

	kformat(&s, fmt, ap);
}

void printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void aprint_verbose(const char *fmt, ...)
{
	va_list ap;

	if (!rump_verbose)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void log(int level, const char *fmt, ...)
{
	va_list ap;

	(void)level;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	printf("panic: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	rumpuser_exit(RUMPUSER_PANIC);
	for (;;)	/* not reached: see __dead in kern/types.h */
		continue;
}
