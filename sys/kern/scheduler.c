// SPDX-License-Identifier: BSD-2-Clause
/*
 * scheduler.c - virtual CPUs, entering and leaving the kernel, the
 * hypercall layer's scheduling upcalls, the big kernel lock, per-CPU data.
 *
 * A host thread runs kernel code only while its lwp holds one of ncpu
 * virtual CPUs, so at most ncpu host threads are ever inside.  A CPU is a
 * word (ci_busy) taken by compare-and-swap: the fast path touches no lock.
 * Only when every CPU is busy does a thread sleep, on sched_cv under the
 * SPIN-only host mutex sched_mtx, with the "nowrap" operations: it has no
 * CPU to give back.  A releaser looks for sleepers after freeing its CPU;
 * both sides use sequentially consistent atomics (the waiter counts itself
 * before re-trying, the releaser frees before looking), so either the
 * sleeper sees the free CPU or the releaser sees the sleeper - no lost
 * wakeup.
 *
 * An lwp prefers the CPU it last ran on (its per-CPU data is warm there).
 *
 * Interlock protocol (spec section 4): the hypercall layer hands the mutex
 * it is about to wait on to hyp_backend_unschedule().  Kernel mutexes need
 * nothing from us.  The only SPIN-only mutex the kernel ever passes is
 * sched_mtx itself, for a wrapping wait on it: then the unschedule upcall
 * returns with sched_mtx held (the caller did not hold it), and the
 * schedule upcall is entered with it held and releases it, so "give the
 * CPU back and sleep" is atomic with respect to CPU hand-over.
 */
#include "kern/types.h"
#include "kern/systm.h"
#include "kern/lock.h"
#include "kern/kmem.h"
#include "kern/proc.h"
#include "kern/rumpkern.h"

#include <rump/rump.h>

struct cpu_info cpu_infos[MAXCPUS];
int ncpu;

static struct rumpuser_mtx *sched_mtx;	/* SPIN: sched_cv's interlock */
static struct rumpuser_cv *sched_cv;	/* threads waiting for a CPU */
static int sched_nwaiters;		/* atomic */
static int sched_running;		/* atomic: CPUs held now */
static int sched_maxrunning;		/* atomic: watermark */
static uint64_t sched_nblocked;		/* atomic */
static unsigned sched_rotor;		/* atomic: spreads first choices */

int sched_init(int n)
{
	int i;

	KASSERT(n >= 1 && n <= MAXCPUS);
	ncpu = n;
	for (i = 0; i < MAXCPUS; i++) {
		memset(&cpu_infos[i], 0, sizeof(cpu_infos[i]));
		cpu_infos[i].ci_index = (unsigned)i;
	}
	rumpuser_mutex_init(&sched_mtx, RUMPUSER_MTX_SPIN);
	rumpuser_cv_init(&sched_cv);
	sched_nwaiters = 0;
	sched_running = sched_maxrunning = 0;
	sched_nblocked = 0;
	return 0;
}

void sched_fini(void)
{
	int i;

	for (i = 0; i < ncpu; i++)
		KASSERT(!cpu_infos[i].ci_busy);
	rumpuser_cv_destroy(sched_cv);
	rumpuser_mutex_destroy(sched_mtx);
	sched_cv = NULL;
	sched_mtx = NULL;
}

static bool cpu_tryget(struct cpu_info *ci)
{
	int expect = 0;

	return __atomic_compare_exchange_n(&ci->ci_busy, &expect, 1, false,
					   __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
}

/* Any free CPU, the lwp's previous one first. */
static struct cpu_info *cpu_find(struct lwp *l)
{
	unsigned start, i;

	if (l->l_cpu && cpu_tryget(l->l_cpu))
		return l->l_cpu;
	start = __atomic_fetch_add(&sched_rotor, 1, __ATOMIC_RELAXED);
	for (i = 0; i < (unsigned)ncpu; i++) {
		struct cpu_info *ci = &cpu_infos[(start + i) % (unsigned)ncpu];

		if (cpu_tryget(ci))
			return ci;
	}
	return NULL;
}

static void cpu_bind(struct lwp *l, struct cpu_info *ci)
{
	int n;

	ci->ci_curlwp = l;
	/* Written by the holder only; rump_sched_getstats() sums them. */
	__atomic_store_n(&ci->ci_nsched, ci->ci_nsched + 1, __ATOMIC_RELAXED);
	l->l_cpu = ci;
	l->l_oncpu = true;
	n = __atomic_add_fetch(&sched_running, 1, __ATOMIC_RELAXED);
	/* Racy max: the CAS loop keeps the highest value anyone saw. */
	for (;;) {
		int m = __atomic_load_n(&sched_maxrunning, __ATOMIC_RELAXED);

		if (n <= m || __atomic_compare_exchange_n(&sched_maxrunning,
			&m, n, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
			break;
	}
}

/*
 * The slow path, entered with sched_mtx held; returns with it released.
 */
static struct cpu_info *cpu_wait(struct lwp *l)
{
	struct cpu_info *ci;

	__atomic_add_fetch(&sched_nwaiters, 1, __ATOMIC_SEQ_CST);
	while ((ci = cpu_find(l)) == NULL) {
		__atomic_add_fetch(&sched_nblocked, 1, __ATOMIC_RELAXED);
		rumpuser_cv_wait_nowrap(sched_cv, sched_mtx);
	}
	__atomic_sub_fetch(&sched_nwaiters, 1, __ATOMIC_SEQ_CST);
	rumpuser_mutex_exit(sched_mtx);
	return ci;
}

void sched_cpu_acquire(struct lwp *l)
{
	struct cpu_info *ci;

	KASSERTMSG(!l->l_oncpu, "lwp %d already holds a CPU (nested entry?)",
		   l->l_lid);
	ci = cpu_find(l);
	if (ci == NULL) {
		rumpuser_mutex_enter_nowrap(sched_mtx);
		ci = cpu_wait(l);
	}
	cpu_bind(l, ci);
}

void sched_cpu_release(struct lwp *l)
{
	struct cpu_info *ci = l->l_cpu;

	KASSERT(l->l_oncpu && ci->ci_curlwp == l);
	ci->ci_curlwp = NULL;
	l->l_oncpu = false;
	__atomic_sub_fetch(&sched_running, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&ci->ci_busy, 0, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&sched_nwaiters, __ATOMIC_SEQ_CST) > 0) {
		/*
		 * Under the mutex, so a waiter between its last try and its
		 * sleep cannot miss the signal.
		 */
		rumpuser_mutex_enter_nowrap(sched_mtx);
		rumpuser_cv_signal(sched_cv);
		rumpuser_mutex_exit(sched_mtx);
	}
}

/* ---- entering and leaving ------------------------------------------ */

void rump_schedule(void)
{
	struct lwp *l = rumpuser_curlwp();

	if (l == NULL) {
		/* A host thread without an lwp borrows a temporary one. */
		l = lwp_alloc_temp();
		lwp_bind(l);
	}
	sched_cpu_acquire(l);
}

void rump_unschedule(void)
{
	struct lwp *l = rumpuser_curlwp();
	int n;

	KASSERT(l != NULL && l->l_oncpu);
	/* Leaving the kernel drops the big lock, however deep. */
	if (l->l_biglocks)
		KERNEL_UNLOCK_ALL(l, &n);
	if (l->l_flags & (LW_TEMP | LW_RELEASE)) {
		/* Gives the CPU back and unbinds (kern_proc.c). */
		lwp_release_bound(l);
		return;
	}
	sched_cpu_release(l);
}

/*
 * Upcalls made by blocking hypercalls.  A thread with no lwp has no CPU
 * to give back (the hypercall layer made a wrapping call outside the
 * kernel, or after shutdown): nothing to do.
 */
void hyp_backend_unschedule(int nlocks, int *countp, void *interlock)
{
	struct lwp *l = rumpuser_curlwp();

	if (l == NULL || !l->l_oncpu) {
		if (countp)
			*countp = 0;
		return;
	}
	if (nlocks == 0) {
		KERNEL_UNLOCK_ALL(l, countp);
	} else {
		int i;

		for (i = 0; i < nlocks; i++)
			KERNEL_UNLOCK_ONE(l);
		if (countp)
			*countp = nlocks;
	}
	sched_cpu_release(l);
	if (interlock != NULL && interlock == sched_mtx)
		rumpuser_mutex_enter_nowrap(sched_mtx);
}

void hyp_backend_schedule(int nlocks, void *interlock)
{
	struct lwp *l = rumpuser_curlwp();
	struct cpu_info *ci;

	if (l == NULL) {
		if (interlock != NULL && interlock == sched_mtx)
			rumpuser_mutex_exit(sched_mtx);
		return;
	}
	if (interlock != NULL && interlock == sched_mtx) {
		ci = cpu_wait(l);	/* releases sched_mtx */
		cpu_bind(l, ci);
	} else {
		sched_cpu_acquire(l);
	}
	if (nlocks > 0)
		KERNEL_LOCK(nlocks, l);
}

void rump_sched_getstats(struct rump_sched_stats *st, int reset)
{
	int i;

	st->ncpu = ncpu;
	st->running = __atomic_load_n(&sched_running, __ATOMIC_RELAXED);
	st->maxrunning = __atomic_load_n(&sched_maxrunning, __ATOMIC_RELAXED);
	st->nschedule = 0;
	for (i = 0; i < ncpu; i++)
		st->nschedule += __atomic_load_n(&cpu_infos[i].ci_nsched,
						 __ATOMIC_RELAXED);
	st->nblocked = __atomic_load_n(&sched_nblocked, __ATOMIC_RELAXED);
	if (reset) {
		__atomic_store_n(&sched_maxrunning,
		    __atomic_load_n(&sched_running, __ATOMIC_RELAXED),
		    __ATOMIC_RELAXED);
		__atomic_store_n(&sched_nblocked, 0, __ATOMIC_RELAXED);
	}
}

/* ---- the big kernel lock -------------------------------------------- */

static struct rumpuser_mtx *giant_mtx;
static struct lwp *giant_owner;		/* atomic: compared with self only */

void giant_init(void)
{
	rumpuser_mutex_init(&giant_mtx, RUMPUSER_MTX_KMUTEX);
	giant_owner = NULL;
}

void giant_fini(void)
{
	KASSERT(giant_owner == NULL);
	rumpuser_mutex_destroy(giant_mtx);
	giant_mtx = NULL;
}

void KERNEL_LOCK(int nlocks, struct lwp *l)
{
	if (l == NULL)
		l = curlwp;
	KASSERT(nlocks > 0 && l->l_oncpu);
	if (__atomic_load_n(&giant_owner, __ATOMIC_RELAXED) == l) {
		l->l_biglocks += nlocks;
		return;
	}
	/*
	 * May give the CPU back while waiting: we hold no big-lock depth
	 * yet, so the upcall has nothing to drop.
	 */
	rumpuser_mutex_enter(giant_mtx);
	__atomic_store_n(&giant_owner, l, __ATOMIC_RELAXED);
	l->l_biglocks = nlocks;
}

void KERNEL_UNLOCK_ONE(struct lwp *l)
{
	if (l == NULL)
		l = curlwp;
	KASSERT(l->l_biglocks > 0 && giant_owner == l);
	if (--l->l_biglocks == 0) {
		__atomic_store_n(&giant_owner, NULL, __ATOMIC_RELAXED);
		rumpuser_mutex_exit(giant_mtx);
	}
}

void KERNEL_UNLOCK_ALL(struct lwp *l, int *nlocksp)
{
	int n;

	if (l == NULL)
		l = curlwp;
	n = l->l_biglocks;
	if (n > 0) {
		KASSERT(giant_owner == l);
		l->l_biglocks = 0;
		__atomic_store_n(&giant_owner, NULL, __ATOMIC_RELAXED);
		rumpuser_mutex_exit(giant_mtx);
	}
	if (nlocksp)
		*nlocksp = n;
}

int KERNEL_LOCKED_P(void)
{
	return __atomic_load_n(&giant_owner, __ATOMIC_RELAXED) == curlwp;
}

/* ---- per-CPU data --------------------------------------------------- */

struct percpu {
	size_t pc_size;
	void *pc_data[MAXCPUS];
};

percpu_t *percpu_alloc(size_t size)
{
	percpu_t *pc;
	int i;

	pc = kmem_zalloc(sizeof(*pc), KM_SLEEP);
	if (pc == NULL)
		return NULL;
	pc->pc_size = size;
	for (i = 0; i < ncpu; i++) {
		pc->pc_data[i] = kmem_zalloc(size, KM_SLEEP);
		if (pc->pc_data[i] == NULL) {
			percpu_free(pc, size);
			return NULL;
		}
	}
	return pc;
}

void percpu_free(percpu_t *pc, size_t size)
{
	int i;

	KASSERT(size == pc->pc_size);
	for (i = 0; i < ncpu; i++)
		if (pc->pc_data[i])
			kmem_free(pc->pc_data[i], size);
	kmem_free(pc, sizeof(*pc));
}

void *percpu_getref(percpu_t *pc)
{
	return pc->pc_data[curcpu()->ci_index];
}

void percpu_putref(percpu_t *pc)
{
	(void)pc;
}

void percpu_foreach(percpu_t *pc, void (*fn)(void *, void *, struct cpu_info *),
		    void *arg)
{
	int i;

	for (i = 0; i < ncpu; i++)
		fn(pc->pc_data[i], arg, &cpu_infos[i]);
}
