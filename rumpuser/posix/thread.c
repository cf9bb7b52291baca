// SPDX-License-Identifier: BSD-2-Clause
/*
 * thread.c - rumpuser_thread_create/exit/join on pthreads.
 *
 * Every thread runs a trampoline around the rump kernel's function so the
 * layer knows when it ends (for rumpuser_ext_fini()'s EBUSY rule and the
 * leak counters), however it ends: by returning or by
 * rumpuser_thread_exit().  The new thread starts with no CPU and no curlwp
 * and makes no upcalls of its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "rumpuser_posix_int.h"

struct rumpuser_thr {
	pthread_t pt;
	void *(*fun)(void *);
	void *arg;
	int joinable;
	char name[16];		/* the Linux limit for thread names */
};

/* The control block of the calling thread, if this layer created it. */
static __thread struct rumpuser_thr *thr_self;
static int64_t thr_running;

int64_t rumpuser__threads_running(void)
{
	return __atomic_load_n(&thr_running, __ATOMIC_ACQUIRE);
}

/*
 * The thread is done with rump kernel code.  A detached thread's object
 * goes now; a joinable one stays until rumpuser_thread_join().
 */
static void thr_finish(struct rumpuser_thr *t)
{
	thr_self = NULL;
	if (!t->joinable) {
		free(t);
		RUMPUSER_STAT_ADD(threads, -1);
	}
	/* Release: fini's EBUSY check must see everything this thread did. */
	__atomic_sub_fetch(&thr_running, 1, __ATOMIC_RELEASE);
}

static void *thr_trampoline(void *v)
{
	struct rumpuser_thr *t = v;
	void *rv;

#ifdef __linux__
	if (t->name[0])
		pthread_setname_np(pthread_self(), t->name);
#endif
	thr_self = t;
	rv = t->fun(t->arg);
	thr_finish(t);
	return rv;
}

int rumpuser_thread_create(void *(*fun)(void *), void *arg, const char *name,
			   int mustjoin, int pri, int cpuidx, void **cookie)
{
	struct rumpuser_thr *t;
	pthread_attr_t attr;
	int rv;

	/* Priority and CPU are hints; pthreads gives us nothing portable. */
	(void)pri;
	(void)cpuidx;

	/* A dead rump kernel (a guarded panic) starts nothing, as in Linux. */
	if (__atomic_load_n(&rumpuser__dead, __ATOMIC_ACQUIRE))
		return NB_EIO;

	t = calloc(1, sizeof(*t));
	if (!t)
		return NB_ENOMEM;
	t->fun = fun;
	t->arg = arg;
	t->joinable = mustjoin;
	if (name) {
		strncpy(t->name, name, sizeof(t->name) - 1);
		t->name[sizeof(t->name) - 1] = '\0';
	}

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, mustjoin ? PTHREAD_CREATE_JOINABLE
						    : PTHREAD_CREATE_DETACHED);
	/* Count first: the thread may finish before pthread_create returns. */
	__atomic_add_fetch(&thr_running, 1, __ATOMIC_RELAXED);
	RUMPUSER_STAT_ADD(threads, 1);
	rv = pthread_create(&t->pt, &attr, thr_trampoline, t);
	pthread_attr_destroy(&attr);
	if (rv != 0) {
		__atomic_sub_fetch(&thr_running, 1, __ATOMIC_RELAXED);
		RUMPUSER_STAT_ADD(threads, -1);
		free(t);
		return rumpuser__errtrans(rv);
	}
	if (mustjoin)
		*cookie = t;
	return 0;
}

void rumpuser_thread_exit(void)
{
	struct rumpuser_thr *t = thr_self;

	if (t)
		thr_finish(t);
	pthread_exit(NULL);
}

int rumpuser_thread_join(void *cookie)
{
	struct rumpuser_thr *t = cookie;
	int nlocks, rv;

	rumpuser__unschedule(&nlocks, NULL);
	rv = pthread_join(t->pt, NULL);
	rumpuser__schedule(nlocks, NULL);
	if (rv != 0)
		return rumpuser__errtrans(rv);
	free(t);
	RUMPUSER_STAT_ADD(threads, -1);
	return 0;
}
