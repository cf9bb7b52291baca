// SPDX-License-Identifier: BSD-2-Clause
/*
 * synch.c - mutexes, reader/writer locks and condition variables.
 *
 * The rules (spec section 4) in one paragraph: a blocking acquisition gives
 * the rump CPU back first (exactly one hyp_backend_unschedule /
 * hyp_backend_schedule pair, and only when the fast try failed, because
 * uncontended entries happen before the scheduler exists); SPIN mutexes
 * never give the CPU back; KMUTEX mutexes record their owning lwp; and no
 * internal lock of this file is ever held across an upcall, because the
 * upcalls re-enter this file (the scheduler is built on these mutexes and
 * condvars).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "rumpuser_posix_int.h"

/* ---- mutexes -------------------------------------------------------- */

struct rumpuser_mtx {
	pthread_mutex_t pm;
	int flags;
	/*
	 * Written only by the holder, read by anyone (mutex_owner() is how
	 * the kernel asks "do I own it?"), hence atomic accesses.
	 */
	struct lwp *owner;
};

#define MTX_KMUTEX(m) (((m)->flags & RUMPUSER_MTX_KMUTEX) != 0)
#define MTX_SPIN(m) (((m)->flags & RUMPUSER_MTX_SPIN) != 0)

static inline void mtx_set_owner(struct rumpuser_mtx *m, struct lwp *l)
{
	if (MTX_KMUTEX(m))
		__atomic_store_n(&m->owner, l, __ATOMIC_RELAXED);
}

/*
 * Operations that cannot fail on correct use abort on a host error: the
 * calls are void, and carrying on with a broken lock would corrupt the
 * rump kernel silently.
 */
static void synch_check(int rv, const char *what)
{
	if (rv != 0) {
		rumpuser_dprintf("rumpuser: %s failed: %d\n", what, rv);
		abort();
	}
}

void rumpuser_mutex_init(struct rumpuser_mtx **mp, int flags)
{
	struct rumpuser_mtx *m;

	m = malloc(sizeof(*m));
	if (!m) {
		rumpuser_dprintf("rumpuser: out of memory for a mutex\n");
		abort();
	}
	synch_check(pthread_mutex_init(&m->pm, NULL), "pthread_mutex_init");
	/*
	 * flags 0 is not a valid rump mutex; it is served as a plain
	 * adaptive mutex without owner tracking rather than refused, since
	 * this call has no way to report an error.
	 */
	m->flags = flags;
	m->owner = NULL;
	RUMPUSER_STAT_ADD(mutexes, 1);
	*mp = m;
}

void rumpuser_mutex_enter_nowrap(struct rumpuser_mtx *m)
{
	synch_check(pthread_mutex_lock(&m->pm), "pthread_mutex_lock");
	mtx_set_owner(m, rumpuser_curlwp());
}

void rumpuser_mutex_enter(struct rumpuser_mtx *m)
{
	int nlocks;

	if (MTX_SPIN(m)) {
		rumpuser_mutex_enter_nowrap(m);
		return;
	}
	/* Try first: no upcall unless we really have to block. */
	if (pthread_mutex_trylock(&m->pm) != 0) {
		rumpuser__unschedule(&nlocks, NULL);
		synch_check(pthread_mutex_lock(&m->pm), "pthread_mutex_lock");
		/*
		 * Holding an adaptive mutex while waiting for a CPU is fine:
		 * its other would-be holders give their CPU back to block.
		 */
		rumpuser__schedule(nlocks, NULL);
	}
	mtx_set_owner(m, rumpuser_curlwp());
}

int rumpuser_mutex_tryenter(struct rumpuser_mtx *m)
{
	int rv = pthread_mutex_trylock(&m->pm);

	if (rv == 0) {
		mtx_set_owner(m, rumpuser_curlwp());
		return 0;
	}
	return rv == EBUSY ? NB_EBUSY : rumpuser__errtrans(rv);
}

void rumpuser_mutex_exit(struct rumpuser_mtx *m)
{
	mtx_set_owner(m, NULL);
	synch_check(pthread_mutex_unlock(&m->pm), "pthread_mutex_unlock");
}

void rumpuser_mutex_destroy(struct rumpuser_mtx *m)
{
	synch_check(pthread_mutex_destroy(&m->pm), "pthread_mutex_destroy");
	free(m);
	RUMPUSER_STAT_ADD(mutexes, -1);
}

void rumpuser_mutex_owner(struct rumpuser_mtx *m, struct lwp **lp)
{
	*lp = MTX_KMUTEX(m) ? __atomic_load_n(&m->owner, __ATOMIC_RELAXED)
			    : NULL;
}

int rumpuser_mutex_spin_p(struct rumpuser_mtx *m)
{
	return MTX_SPIN(m);
}

/* ---- reader/writer locks -------------------------------------------- */

/*
 * Built on a mutex and two condvars rather than pthread_rwlock_t, because
 * pthreads can neither downgrade atomically nor say who holds the lock.
 * Waiting writers block new readers, as in NetBSD's kernel rwlocks, so a
 * stream of readers cannot starve a writer.  The internal mutex is held
 * only for a few instructions and never across an upcall.
 */
struct rumpuser_rw {
	pthread_mutex_t lk;
	pthread_cond_t rcv;	/* readers waiting for writers to go */
	pthread_cond_t wcv;	/* writers waiting for the lock to be free */
	int readers;		/* shared holders */
	int writer;		/* 1 while held exclusively */
	int rwait, wwait;	/* blocked readers / writers */
	struct lwp *wowner;	/* the exclusive holder */
};

void rumpuser_rw_init(struct rumpuser_rw **rwp)
{
	struct rumpuser_rw *rw;

	rw = calloc(1, sizeof(*rw));
	if (!rw) {
		rumpuser_dprintf("rumpuser: out of memory for an rwlock\n");
		abort();
	}
	synch_check(pthread_mutex_init(&rw->lk, NULL), "pthread_mutex_init");
	synch_check(pthread_cond_init(&rw->rcv, NULL), "pthread_cond_init");
	synch_check(pthread_cond_init(&rw->wcv, NULL), "pthread_cond_init");
	RUMPUSER_STAT_ADD(rwlocks, 1);
	*rwp = rw;
}

/* With rw->lk held: can this request be granted right now? */
static int rw_can_enter(struct rumpuser_rw *rw, int lk)
{
	if (lk == RUMPUSER_RW_WRITER)
		return !rw->writer && rw->readers == 0;
	return !rw->writer && rw->wwait == 0;
}

/* With rw->lk held and rw_can_enter() true. */
static void rw_grant(struct rumpuser_rw *rw, int lk)
{
	if (lk == RUMPUSER_RW_WRITER) {
		rw->writer = 1;
		rw->wowner = rumpuser_curlwp();
	} else {
		rw->readers++;
	}
}

int rumpuser_rw_tryenter(int lk, struct rumpuser_rw *rw)
{
	int rv = NB_EBUSY;

	pthread_mutex_lock(&rw->lk);
	if (rw_can_enter(rw, lk)) {
		rw_grant(rw, lk);
		rv = 0;
	}
	pthread_mutex_unlock(&rw->lk);
	return rv;
}

void rumpuser_rw_enter(int lk, struct rumpuser_rw *rw)
{
	int nlocks;

	if (rumpuser_rw_tryenter(lk, rw) == 0)
		return;

	rumpuser__unschedule(&nlocks, NULL);
	pthread_mutex_lock(&rw->lk);
	if (lk == RUMPUSER_RW_WRITER) {
		rw->wwait++;
		while (!rw_can_enter(rw, lk))
			pthread_cond_wait(&rw->wcv, &rw->lk);
		rw->wwait--;
	} else {
		rw->rwait++;
		while (!rw_can_enter(rw, lk))
			pthread_cond_wait(&rw->rcv, &rw->lk);
		rw->rwait--;
	}
	rw_grant(rw, lk);
	pthread_mutex_unlock(&rw->lk);
	/* curlwp is kept across the upcalls, so wowner is already right. */
	rumpuser__schedule(nlocks, NULL);
}

/* With rw->lk held: wake whoever can make progress now. */
static void rw_wakeup(struct rumpuser_rw *rw)
{
	if (rw->writer)
		return;
	if (rw->readers == 0 && rw->wwait)
		pthread_cond_signal(&rw->wcv);
	else if (rw->wwait == 0 && rw->rwait)
		pthread_cond_broadcast(&rw->rcv);
}

void rumpuser_rw_exit(struct rumpuser_rw *rw)
{
	pthread_mutex_lock(&rw->lk);
	if (rw->writer) {
		rw->writer = 0;
		rw->wowner = NULL;
	} else {
		rw->readers--;
	}
	rw_wakeup(rw);
	pthread_mutex_unlock(&rw->lk);
}

int rumpuser_rw_tryupgrade(struct rumpuser_rw *rw)
{
	int rv = NB_EBUSY;

	/* The caller holds it shared; it may upgrade only as the sole reader. */
	pthread_mutex_lock(&rw->lk);
	if (!rw->writer && rw->readers == 1) {
		rw->readers = 0;
		rw->writer = 1;
		rw->wowner = rumpuser_curlwp();
		rv = 0;
	}
	pthread_mutex_unlock(&rw->lk);
	return rv;
}

void rumpuser_rw_downgrade(struct rumpuser_rw *rw)
{
	/*
	 * One critical section turns the writer into a reader, so no other
	 * writer can slip in between.  It never blocks, hence no upcalls.
	 */
	pthread_mutex_lock(&rw->lk);
	rw->writer = 0;
	rw->wowner = NULL;
	rw->readers = 1;
	rw_wakeup(rw);
	pthread_mutex_unlock(&rw->lk);
}

void rumpuser_rw_held(int lk, struct rumpuser_rw *rw, int *heldp)
{
	pthread_mutex_lock(&rw->lk);
	if (lk == RUMPUSER_RW_WRITER)
		*heldp = rw->writer && rw->wowner == rumpuser_curlwp();
	else
		*heldp = rw->readers > 0;
	pthread_mutex_unlock(&rw->lk);
}

void rumpuser_rw_destroy(struct rumpuser_rw *rw)
{
	pthread_cond_destroy(&rw->wcv);
	pthread_cond_destroy(&rw->rcv);
	pthread_mutex_destroy(&rw->lk);
	free(rw);
	RUMPUSER_STAT_ADD(rwlocks, -1);
}

/* ---- condition variables -------------------------------------------- */

struct rumpuser_cv {
	pthread_cond_t c;
	/*
	 * Waiters, for has_waiters.  Counted atomically: a SPIN-only
	 * interlock is not held by the caller when it starts waiting.
	 * Only the waiter itself touches its count, so a waker never
	 * touches waiter state after the wakeup and cv_destroy() may follow
	 * the last waiter's return at once.
	 */
	int nwaiters;
};

void rumpuser_cv_init(struct rumpuser_cv **cvp)
{
	struct rumpuser_cv *cv;
	pthread_condattr_t attr;

	cv = malloc(sizeof(*cv));
	if (!cv) {
		rumpuser_dprintf("rumpuser: out of memory for a condvar\n");
		abort();
	}
	/* Timed waits use monotonic deadlines: wall clock steps are no concern. */
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	synch_check(pthread_cond_init(&cv->c, &attr), "pthread_cond_init");
	pthread_condattr_destroy(&attr);
	cv->nwaiters = 0;
	RUMPUSER_STAT_ADD(condvars, 1);
	*cvp = cv;
}

void rumpuser_cv_destroy(struct rumpuser_cv *cv)
{
	synch_check(pthread_cond_destroy(&cv->c), "pthread_cond_destroy");
	free(cv);
	RUMPUSER_STAT_ADD(condvars, -1);
}

/*
 * Steps 1-3 of the recipe: count the waiter, give the CPU back passing the
 * mutex as interlock *before* touching the mutex (for a SPIN-only mutex the
 * upcall is what takes it), then forget the owner.  The caller then sleeps.
 */
static void cv_unschedule(struct rumpuser_cv *cv, struct rumpuser_mtx *m,
			  int *nlocks)
{
	__atomic_add_fetch(&cv->nwaiters, 1, __ATOMIC_RELAXED);
	rumpuser__unschedule(nlocks, m);
	mtx_set_owner(m, NULL);
}

/*
 * Step 4: pthread_cond_*wait() returned with m->pm held.  The order of
 * "take the CPU" and "hold the mutex" depends on the mutex kind.
 */
static void cv_reschedule(struct rumpuser_cv *cv, struct rumpuser_mtx *m,
			  int nlocks)
{
	__atomic_sub_fetch(&cv->nwaiters, 1, __ATOMIC_RELAXED);
	if (MTX_SPIN(m) && MTX_KMUTEX(m)) {
		/*
		 * A spin mutex holder never gives its CPU back, so waiting
		 * for a CPU while holding one could deadlock against it:
		 * drop it, get the CPU, then take it without unscheduling.
		 */
		synch_check(pthread_mutex_unlock(&m->pm), "pthread_mutex_unlock");
		rumpuser__schedule(nlocks, m);
		rumpuser_mutex_enter_nowrap(m);
	} else if (MTX_SPIN(m)) {
		/*
		 * A scheduler-internal lock: the upcall expects it held and
		 * may release it, so m must not be touched afterwards.
		 */
		rumpuser__schedule(nlocks, m);
	} else {
		rumpuser__schedule(nlocks, m);
		mtx_set_owner(m, rumpuser_curlwp());
	}
}

void rumpuser_cv_wait(struct rumpuser_cv *cv, struct rumpuser_mtx *m)
{
	int nlocks;

	cv_unschedule(cv, m, &nlocks);
	synch_check(pthread_cond_wait(&cv->c, &m->pm), "pthread_cond_wait");
	cv_reschedule(cv, m, nlocks);
}

void rumpuser_cv_wait_nowrap(struct rumpuser_cv *cv, struct rumpuser_mtx *m)
{
	__atomic_add_fetch(&cv->nwaiters, 1, __ATOMIC_RELAXED);
	mtx_set_owner(m, NULL);
	synch_check(pthread_cond_wait(&cv->c, &m->pm), "pthread_cond_wait");
	__atomic_sub_fetch(&cv->nwaiters, 1, __ATOMIC_RELAXED);
	mtx_set_owner(m, rumpuser_curlwp());
}

int rumpuser_cv_timedwait(struct rumpuser_cv *cv, struct rumpuser_mtx *m,
			  int64_t sec, int64_t nsec)
{
	struct timespec ts;
	int nlocks, rv;

	/* The deadline counts from the call, not from when we got to sleep. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (sec < 0 || (sec == 0 && nsec < 0)) {
		sec = 0;
		nsec = 0;
	}
	ts.tv_sec += (time_t)sec + (time_t)(nsec / 1000000000);
	ts.tv_nsec += (long)(nsec % 1000000000);
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	} else if (ts.tv_nsec < 0) {
		ts.tv_sec--;
		ts.tv_nsec += 1000000000;
	}

	cv_unschedule(cv, m, &nlocks);
	do {
		rv = pthread_cond_timedwait(&cv->c, &m->pm, &ts);
	} while (rv == EINTR);
	cv_reschedule(cv, m, nlocks);
	if (rv == ETIMEDOUT)
		return NB_ETIMEDOUT;
	return rv == 0 ? 0 : rumpuser__errtrans(rv);
}

void rumpuser_cv_signal(struct rumpuser_cv *cv)
{
	pthread_cond_signal(&cv->c);
}

void rumpuser_cv_broadcast(struct rumpuser_cv *cv)
{
	pthread_cond_broadcast(&cv->c);
}

void rumpuser_cv_has_waiters(struct rumpuser_cv *cv, int *nwaiters)
{
	*nwaiters = __atomic_load_n(&cv->nwaiters, __ATOMIC_RELAXED);
}
