// SPDX-License-Identifier: BSD-2-Clause
/*
 * subr.c - string helpers, copyin/copyout, randomness.
 */
#include "kern/types.h"
#include "kern/systm.h"
#include "kern/proc.h"

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (*a == '\0')
			return 0;
	}
	return 0;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size) {
		size_t c = n < size - 1 ? n : size - 1;

		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return n;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return __UNCONST(s);
		if (*s == '\0')
			return NULL;
	}
}

static int digitval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

int strtou64(const char *s, int base, uint64_t *valp, const char **endp)
{
	uint64_t v = 0;
	int d, any = 0;

	if ((base == 0 || base == 16) && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X') && digitval(s[2]) < 16) {
		base = 16;
		s += 2;
	} else if (base == 0) {
		base = 10;
	}
	while ((d = digitval(*s)) < base) {
		if (v > (~(uint64_t)0 - (uint64_t)d) / (uint64_t)base)
			return ERANGE;
		v = v * (uint64_t)base + (uint64_t)d;
		s++;
		any = 1;
	}
	if (endp)
		*endp = s;
	if (!any)
		return EINVAL;
	*valp = v;
	return 0;
}

/* ---- copyin/copyout ------------------------------------------------ */

void proc_set_uspace(struct proc *p, const struct uspace_ops *ops,
		     void *cookie)
{
	p->p_ucookie = cookie;
	p->p_uops = ops;
}

/*
 * Kernel-space semantics: "user" addresses are ordinary addresses of the
 * host (the test program's, or the Linux kernel's).  NULL (the first page)
 * is the one address we can tell is bad.
 */
static bool kspace_bad(const void *p, size_t len)
{
	return len > 0 && (uintptr_t)p < 4096;
}

int copyin(const void *uaddr, void *kaddr, size_t len)
{
	struct lwp *l = curlwp;
	struct proc *p = l ? l->l_proc : NULL;

	if (p && p->p_uops)
		return p->p_uops->uo_copyin(p->p_ucookie, uaddr, kaddr, len);
	if (kspace_bad(uaddr, len))
		return EFAULT;
	memcpy(kaddr, uaddr, len);
	return 0;
}

int copyout(const void *kaddr, void *uaddr, size_t len)
{
	struct lwp *l = curlwp;
	struct proc *p = l ? l->l_proc : NULL;

	if (p && p->p_uops)
		return p->p_uops->uo_copyout(p->p_ucookie, kaddr, uaddr, len);
	if (kspace_bad(uaddr, len))
		return EFAULT;
	memcpy(uaddr, kaddr, len);
	return 0;
}

int copystr(const void *kfaddr, char *kdaddr, size_t len, size_t *done)
{
	const char *s = kfaddr;
	size_t i;

	for (i = 0; i < len; i++) {
		kdaddr[i] = s[i];
		if (s[i] == '\0') {
			if (done)
				*done = i + 1;
			return 0;
		}
	}
	if (done)
		*done = len;
	return ENAMETOOLONG;
}

int copyinstr(const void *uaddr, char *kaddr, size_t len, size_t *done)
{
	struct lwp *l = curlwp;
	struct proc *p = l ? l->l_proc : NULL;

	if (p && p->p_uops)
		return p->p_uops->uo_copyinstr(p->p_ucookie, uaddr, kaddr, len,
					       done);
	if (kspace_bad(uaddr, 1))
		return EFAULT;
	return copystr(uaddr, kaddr, len, done);
}

/* ---- randomness ---------------------------------------------------- */

void cprng_bytes(void *buf, size_t len)
{
	char *p = buf;
	int tries = 0;

	while (len > 0) {
		size_t got = 0;

		if (rumpuser_getrandom(p, len, RUMPUSER_RANDOM_HARD |
				       RUMPUSER_RANDOM_NOWAIT, &got) != 0 ||
		    got == 0) {
			/* NOWAIT may come back short; a host that never
			 * delivers is broken. */
			if (++tries > 1000)
				panic("rumpuser_getrandom delivers nothing");
			continue;
		}
		if (got > len)
			got = len;
		p += got;
		len -= got;
	}
}

uint32_t cprng_fast32(void)
{
	uint32_t v;

	cprng_bytes(&v, sizeof(v));
	return v;
}

uint64_t cprng_fast64(void)
{
	uint64_t v;

	cprng_bytes(&v, sizeof(v));
	return v;
}
