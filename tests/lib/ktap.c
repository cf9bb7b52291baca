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

/*
 * Does only select case i of family f?  A name in the list selects a
 * whole family or single cases (in every family that has one so named).
 */
static int kt_selected(const char *only, const struct kt_family *f, int i)
{
	return !only || kt_inlist(only, f->name) ||
	       kt_inlist(only, f->cases[i].name);
}

/* How many cases of f only selects (its plan). */
static int kt_nselected(const char *only, const struct kt_family *f)
{
	int i, n = 0;

	for (i = 0; i < f->ncases; i++)
		n += kt_selected(only, f, i);
	return n;
}

/* Returns 1 if the family failed. */
static int kt_run_family(int idx, const struct kt_family *f, const char *only)
{
	const char *skip = f->skip ? f->skip() : "";
	int i, n = 0, failed = 0;

	if (skip[0]) {
		kt_printf("ok %d %s # SKIP %s\n", idx, f->name, skip);
		return 0;
	}
	/* A family without cases prints 1..0: the reader fails it (empty). */
	kt_printf("    KTAP version 1\n    # Subtest: %s\n    1..%d\n",
		  f->name, only ? kt_nselected(only, f) : f->ncases);
	for (i = 0; i < f->ncases; i++) {
		const struct kt_case *c = &f->cases[i];

		if (!kt_selected(only, f, i))
			continue;
		n++;
		__atomic_store_n(&kt_case_fail, 0, __ATOMIC_SEQ_CST);
		kt_case_skip = (const char *)0;
		c->fn();
		if (kt_case_failures()) {
			failed = 1;
			kt_printf("    not ok %d %s\n", n, c->name);
		} else if (kt_case_skip) {
			kt_printf("    ok %d %s # SKIP %s\n", n, c->name,
				  kt_case_skip);
		} else {
			kt_printf("    ok %d %s\n", n, c->name);
		}
	}
	kt_printf("%s %d %s\n", failed ? "not ok" : "ok", idx, f->name);
	return failed;
}

/*
 * A family runs when only names it or one of its cases (a family without
 * cases runs unfiltered, and its empty plan fails it).
 */
static int kt_family_runs(const char *only, const struct kt_family *f)
{
	return !only || kt_inlist(only, f->name) || kt_nselected(only, f) > 0;
}

int kt_run(const char *suite, const struct kt_family *fams, int nfams,
	   const char *only)
{
	int i, n = 0, failed = 0;

	for (i = 0; i < nfams; i++)
		n += kt_family_runs(only, &fams[i]);
	kt_printf("KTAP version 1\n# suite: %s\n1..%d\n", suite, n);
	n = 0;
	for (i = 0; i < nfams; i++) {
		if (!kt_family_runs(only, &fams[i]))
			continue;
		failed += kt_run_family(++n, &fams[i], only);
	}
	return failed;
}
