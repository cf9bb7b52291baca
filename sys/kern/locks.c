// SPDX-License-Identifier: BSD-2-Clause
/*
 * locks.c - kmutex_t, krwlock_t and kcondvar_t on the rumpuser hypercalls.
 *
 * The hypercall layer does the blocking and the CPU hand-over (a waiter
 * gives its virtual CPU back through hyp_backend_unschedule), and records
 * the owning lwp of every kernel mutex, which is what mutex_owned() and
 * the DIAGNOSTIC checks use.
 */
#include "kern/types.h"
#include "kern/systm.h"
#include "kern/lock.h"
#include "kern/kmem.h"
#include "kern/proc.h"

/* ---- mutexes ------------------------------------------------------- */

void mutex_init(kmutex_t *mtx, kmutex_type_t type, int ipl)
{
	int flags = RUMPUSER_MTX_KMUTEX;

	mtx->mtx_spin = (type == MUTEX_SPIN || ipl > IPL_NONE);
	if (mtx->mtx_spin)
		flags |= RUMPUSER_MTX_SPIN;
	rumpuser_mutex_init(&mtx->mtx_hyp, flags);
}

void mutex_destroy(kmutex_t *mtx)
{
	KASSERTMSG(mutex_owner(mtx) == NULL, "mutex_destroy: %p held", mtx);
	rumpuser_mutex_destroy(mtx->mtx_hyp);
	mtx->mtx_hyp = NULL;
}

struct lwp *mutex_owner(const kmutex_t *mtx)
{
	struct lwp *l;

	rumpuser_mutex_owner(mtx->mtx_hyp, &l);
	return l;
}

int mutex_owned(const kmutex_t *mtx)
{
	return mutex_owner(mtx) == curlwp;
}

void mutex_enter(kmutex_t *mtx)
{
	KASSERTMSG(!mutex_owned(mtx), "mutex_enter: %p recursion", mtx);
	KASSERT(curlwp != NULL && curlwp->l_oncpu);
	rumpuser_mutex_enter(mtx->mtx_hyp);
}

void mutex_spin_enter(kmutex_t *mtx)
{
	KASSERT(mtx->mtx_spin);
	mutex_enter(mtx);
}

int mutex_tryenter(kmutex_t *mtx)
{
	KASSERTMSG(!mutex_owned(mtx), "mutex_tryenter: %p recursion", mtx);
	return rumpuser_mutex_tryenter(mtx->mtx_hyp) == 0;
}

void mutex_exit(kmutex_t *mtx)
{
	KASSERTMSG(mutex_owned(mtx), "mutex_exit: %p not owned", mtx);
	rumpuser_mutex_exit(mtx->mtx_hyp);
}

void mutex_spin_exit(kmutex_t *mtx)
{
	KASSERT(mtx->mtx_spin);
	mutex_exit(mtx);
}

kmutex_t *mutex_obj_alloc(kmutex_type_t type, int ipl)
{
	kmutex_t *mtx = kmem_alloc(sizeof(*mtx), KM_SLEEP);

	if (mtx)
		mutex_init(mtx, type, ipl);
	return mtx;
}

void mutex_obj_free(kmutex_t *mtx)
{
	mutex_destroy(mtx);
	kmem_free(mtx, sizeof(*mtx));
}

/* ---- reader/writer locks ------------------------------------------- */

void rw_init(krwlock_t *rw)
{
	rumpuser_rw_init(&rw->rw_hyp);
}

void rw_destroy(krwlock_t *rw)
{
	KASSERT(!rw_lock_held(rw));
	rumpuser_rw_destroy(rw->rw_hyp);
	rw->rw_hyp = NULL;
}

void rw_enter(krwlock_t *rw, krw_t op)
{
	KASSERTMSG(!rw_write_held(rw), "rw_enter: %p recursion", rw);
	rumpuser_rw_enter(op == RW_WRITER ? RUMPUSER_RW_WRITER
					  : RUMPUSER_RW_READER, rw->rw_hyp);
}

int rw_tryenter(krwlock_t *rw, krw_t op)
{
	return rumpuser_rw_tryenter(op == RW_WRITER ? RUMPUSER_RW_WRITER
						    : RUMPUSER_RW_READER,
				    rw->rw_hyp) == 0;
}

int rw_tryupgrade(krwlock_t *rw)
{
	KASSERT(rw_read_held(rw));
	return rumpuser_rw_tryupgrade(rw->rw_hyp) == 0;
}

void rw_downgrade(krwlock_t *rw)
{
	KASSERT(rw_write_held(rw));
	rumpuser_rw_downgrade(rw->rw_hyp);
}

void rw_exit(krwlock_t *rw)
{
	KASSERT(rw_lock_held(rw));
	rumpuser_rw_exit(rw->rw_hyp);
}

int rw_read_held(krwlock_t *rw)
{
	int held;

	rumpuser_rw_held(RUMPUSER_RW_READER, rw->rw_hyp, &held);
	return held;
}

int rw_write_held(krwlock_t *rw)
{
	int held;

	rumpuser_rw_held(RUMPUSER_RW_WRITER, rw->rw_hyp, &held);
	return held;
}

int rw_lock_held(krwlock_t *rw)
{
	return rw_read_held(rw) || rw_write_held(rw);
}

/* ---- condition variables ------------------------------------------- */

void cv_init(kcondvar_t *cv, const char *wmesg)
{
	rumpuser_cv_init(&cv->cv_hyp);
	cv->cv_wmesg = wmesg;
}

void cv_destroy(kcondvar_t *cv)
{
	KASSERTMSG(!cv_has_waiters(cv), "cv_destroy: %s has waiters",
		   cv->cv_wmesg ? cv->cv_wmesg : "?");
	rumpuser_cv_destroy(cv->cv_hyp);
	cv->cv_hyp = NULL;
}

void cv_wait(kcondvar_t *cv, kmutex_t *mtx)
{
	KASSERTMSG(mutex_owned(mtx), "cv_wait: mutex %p not owned", mtx);
	rumpuser_cv_wait(cv->cv_hyp, mtx->mtx_hyp);
}

int cv_wait_sig(kcondvar_t *cv, kmutex_t *mtx)
{
	cv_wait(cv, mtx);
	return 0;
}

/* Relative wait in ns; EWOULDBLOCK on timeout. */
static int cv_timedwait_rel(kcondvar_t *cv, kmutex_t *mtx, rump_nsec_t ns)
{
	int rv;

	KASSERTMSG(mutex_owned(mtx), "cv_timedwait: mutex %p not owned", mtx);
	if (ns <= 0)
		return EWOULDBLOCK;
	rv = rumpuser_cv_timedwait(cv->cv_hyp, mtx->mtx_hyp, ns / NSEC_PER_SEC,
				   ns % NSEC_PER_SEC);
	return rv == 0 ? 0 : EWOULDBLOCK;
}

int cv_timedwait(kcondvar_t *cv, kmutex_t *mtx, int ticks)
{
	if (ticks <= 0) {
		cv_wait(cv, mtx);
		return 0;
	}
	return cv_timedwait_rel(cv, mtx, ticks2ns(ticks));
}

int cv_timedwait_sig(kcondvar_t *cv, kmutex_t *mtx, int ticks)
{
	return cv_timedwait(cv, mtx, ticks);
}

int cv_timedwait_abs(kcondvar_t *cv, kmutex_t *mtx, rump_nsec_t deadline)
{
	return cv_timedwait_rel(cv, mtx, deadline - getnsmono());
}

void cv_signal(kcondvar_t *cv)
{
	rumpuser_cv_signal(cv->cv_hyp);
}

void cv_broadcast(kcondvar_t *cv)
{
	rumpuser_cv_broadcast(cv->cv_hyp);
}

int cv_has_waiters(kcondvar_t *cv)
{
	int n;

	rumpuser_cv_has_waiters(cv->cv_hyp, &n);
	return n > 0;
}
