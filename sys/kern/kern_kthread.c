// SPDX-License-Identifier: BSD-2-Clause
/*
 * kern_kthread.c - kernel threads on rumpuser_thread_create().
 *
 * The new host thread starts with no CPU and no lwp (spec section 7): the
 * trampoline binds the lwp made for it, takes a CPU and calls the
 * function.  Exit gives everything back in the opposite order and leaves
 * with rumpuser_thread_exit(), holding nothing.
 */
#include "kern/types.h"
#include "kern/systm.h"
#include "kern/kmem.h"
#include "kern/lock.h"
#include "kern/proc.h"
#include "kern/kthread.h"
#include "kern/rumpkern.h"

#include <rump/rump.h>

static int kthread_running;	/* atomic: started and not yet gone */

void kthread_sys_init(void)
{
	__atomic_store_n(&kthread_running, 0, __ATOMIC_RELAXED);
}

int kthread_nrunning(void)
{
	return __atomic_load_n(&kthread_running, __ATOMIC_ACQUIRE);
}

void kthread_sys_drain(void)
{
	rump_nsec_t start = getnsmono(), warned = start;

	while (kthread_nrunning() > 0) {
		kpause("kthdrain", false, 1, NULL);
		if (getnsmono() - warned > 5 * NSEC_PER_SEC) {
			printf("shutdown: waiting for %d kernel threads\n",
			       kthread_nrunning());
			warned = getnsmono();
		}
	}
}

static void *kthread_tramp(void *arg)
{
	struct lwp *l = arg;

	lwp_bind(l);
	rump_schedule();
	if (!(l->l_flags & LW_MPSAFE))
		KERNEL_LOCK(1, l);
	l->l_func(l->l_arg);
	kthread_exit(0);
	return NULL;	/* not reached */
}

int kthread_create(int pri, int flags, struct cpu_info *ci,
		   void (*func)(void *), void *arg, struct lwp **lp,
		   const char *fmt, ...)
{
	char name[MAXCOMLEN + 1];
	struct lwp *l;
	va_list ap;
	int lflags = LW_SYSTEM, error;

	(void)ci;
	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	if (flags & KTHREAD_MPSAFE)
		lflags |= LW_MPSAFE;
	if (flags & KTHREAD_MUSTJOIN) {
		KASSERT(lp != NULL);
		lflags |= LW_MUSTJOIN;
	}
	l = lwp_create_in(&proc0, lflags, name);
	if (l == NULL)
		return ENOMEM;
	l->l_func = func;
	l->l_arg = arg;
	__atomic_add_fetch(&kthread_running, 1, __ATOMIC_RELAXED);
	error = rumpuser_thread_create(kthread_tramp, l, name,
				       (flags & KTHREAD_MUSTJOIN) != 0, pri,
				       -1, &l->l_thrcookie);
	if (error) {
		__atomic_sub_fetch(&kthread_running, 1, __ATOMIC_RELAXED);
		lwp_free(l);
		return error;
	}
	if (lp)
		*lp = l;
	return 0;
}

void kthread_exit(int ecode)
{
	struct lwp *l = curlwp;

	KASSERT(l->l_flags & LW_SYSTEM);
	l->l_exitcode = ecode;
	if (l->l_flags & LW_MUSTJOIN) {
		/* The joiner frees the lwp once the host thread is gone. */
		rump_unschedule();
		lwp_unbind(l);
	} else {
		l->l_flags |= LW_RELEASE;
		rump_unschedule();		/* frees l */
	}
	__atomic_sub_fetch(&kthread_running, 1, __ATOMIC_RELEASE);
	rumpuser_thread_exit();
	for (;;)	/* not reached: see __dead in kern/types.h */
		continue;
}

int kthread_join(struct lwp *l)
{
	int error;

	KASSERT(l->l_flags & LW_MUSTJOIN);
	error = rumpuser_thread_join(l->l_thrcookie);
	if (error)
		return error;
	error = l->l_exitcode;
	lwp_free(l);
	return error;
}
