// SPDX-License-Identifier: BSD-2-Clause
/*
 * guard.c - rumpuser_ext_guard() on POSIX hosts.
 *
 * Without a guard, a rump kernel panic aborts the process as on NetBSD (a
 * core dump of everything is what one wants there).  A guarded call instead
 * comes back with ENXIO: the rump kernel's frames between are abandoned
 * with longjmp, which is safe because the layer never holds a host lock or
 * signal mask of its own across a call into the rump kernel.
 */
#include <setjmp.h>
#include <stddef.h>

#include "rumpuser_posix_int.h"

struct guard {
	jmp_buf env;
	struct guard *outer;
};

static __thread struct guard *guard_top;	/* innermost, this thread */

/* rumpuser_exit(): back to the innermost guard of this thread, if any. */
void rumpuser__guard_unwind(void)
{
	struct guard *g = guard_top;

	if (g)
		longjmp(g->env, 1);
}

int rumpuser_ext_guard(void (*fn)(void *), void *arg)
{
	struct guard g;

	g.outer = guard_top;
	if (setjmp(g.env)) {
		guard_top = g.outer;
		/* the dead kernel's lwp is no longer this thread's */
		rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, NULL);
		return NB_ENXIO;
	}
	guard_top = &g;
	fn(arg);
	guard_top = g.outer;
	return 0;
}
