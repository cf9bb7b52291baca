// SPDX-License-Identifier: BSD-2-Clause
/*
 * ktap.c - KTAP producer (see ktap.h).  Host independent: output goes
 * through kt_host_write(), formatting through kt_host_vsnprintf().
 */
#include "ktap.h"

#define KT_LINE 512

static int kt_case_fail;		/* failures of the running case */
static const char *kt_case_skip;	/* skip reason of the running case */

/*
 * Every line goes straight to the host in one write, so lines from helper
 * threads of a case (kt_fail) never interleave within a line.
 */
static void kt_vprintf(const char *fmt, __builtin_va_list ap)
	__attribute__((__format__(__printf__, 1, 0)));
static void kt_vprintf(const char *fmt, __builtin_va_list ap)
{
	char line[KT_LINE];
	int n;

	n = kt_host_vsnprintf(line, sizeof(line), fmt, ap);
	if (n < 0)
		return;
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	kt_host_write(line, n);
}

static void kt_printf(const char *fmt, ...)
	__attribute__((__format__(__printf__, 1, 2)));
static void kt_printf(const char *fmt, ...)
{
	__builtin_va_list ap;

	__builtin_va_start(ap, fmt);
	kt_vprintf(fmt, ap);
	__builtin_va_end(ap);
}

void kt_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[KT_LINE - 64];
	__builtin_va_list ap;

	__atomic_add_fetch(&kt_case_fail, 1, __ATOMIC_SEQ_CST);
	__builtin_va_start(ap, fmt);
	kt_host_vsnprintf(msg, sizeof(msg), fmt, ap);
	__builtin_va_end(ap);
	kt_printf("    # FAIL %s:%d: %s\n", file, line, msg);
}

void kt_diag(const char *fmt, ...)
{
	char msg[KT_LINE - 16];
	__builtin_va_list ap;

	__builtin_va_start(ap, fmt);
	kt_host_vsnprintf(msg, sizeof(msg), fmt, ap);
	__builtin_va_end(ap);
	kt_printf("    # %s\n", msg);
}

void kt_skip(const char *reason)
{
	kt_case_skip = reason;
}

int kt_case_failures(void)
{
	return __atomic_load_n(&kt_case_fail, __ATOMIC_SEQ_CST);
}

/* Returns 1 if the family failed. */
static int kt_run_family(int idx, const struct kt_family *f)
{
	const char *skip = f->skip ? f->skip() : "";
	int i, failed = 0;

	if (skip[0]) {
		kt_printf("ok %d %s # SKIP %s\n", idx, f->name, skip);
		return 0;
	}
	kt_printf("    KTAP version 1\n    # Subtest: %s\n    1..%d\n",
		  f->name, f->ncases);
	for (i = 0; i < f->ncases; i++) {
		const struct kt_case *c = &f->cases[i];

		__atomic_store_n(&kt_case_fail, 0, __ATOMIC_SEQ_CST);
		kt_case_skip = (const char *)0;
		c->fn();
		if (kt_case_failures()) {
			failed = 1;
			kt_printf("    not ok %d %s\n", i + 1, c->name);
		} else if (kt_case_skip) {
			kt_printf("    ok %d %s # SKIP %s\n", i + 1, c->name,
				  kt_case_skip);
		} else {
			kt_printf("    ok %d %s\n", i + 1, c->name);
		}
	}
	kt_printf("%s %d %s\n", failed ? "not ok" : "ok", idx, f->name);
	return failed;
}

/* Is name one of the comma-separated names in list? */
static int kt_inlist(const char *list, const char *name)
{
	const char *p = list, *q;
	int i;

	while (*p) {
		for (q = p; *q && *q != ','; q++)
			;
		for (i = 0; p + i < q && name[i] == p[i]; i++)
			;
		if (p + i == q && name[i] == '\0')
			return 1;
		p = *q ? q + 1 : q;
	}
	return 0;
}

int kt_run(const char *suite, const struct kt_family *fams, int nfams,
	   const char *only)
{
	int i, n = 0, failed = 0;

	for (i = 0; i < nfams; i++)
		if (!only || kt_inlist(only, fams[i].name))
			n++;
	kt_printf("KTAP version 1\n# suite: %s\n1..%d\n", suite, n);
	n = 0;
	for (i = 0; i < nfams; i++) {
		if (only && !kt_inlist(only, fams[i].name))
			continue;
		failed += kt_run_family(++n, &fams[i]);
	}
	return failed;
}
