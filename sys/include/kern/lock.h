/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kern/lock.h - kernel mutexes, reader/writer locks, condition variables
 * and the big kernel lock, on the rumpuser hypercalls.
 *
 * kmutex_t: MUTEX_DEFAULT/MUTEX_ADAPTIVE with IPL_NONE is adaptive (a
 * waiter gives its CPU back); MUTEX_SPIN or any IPL above IPL_NONE is a
 * spin mutex (never gives the CPU back: hold it briefly, do not sleep
 * holding it except in cv_wait on it).  Mutexes are not recursive.
 * With DIAGNOSTIC, entering a mutex one already owns, or exiting one one
 * does not own, panics; mutex_owned() tells the truth for both kinds.
 *
 * Every lock object allocates its host object in *_init and frees it in
 * *_destroy: a missing destroy is a leak the shutdown check reports.
 */
#ifndef _KERN_LOCK_H_
#define _KERN_LOCK_H_

#include "kern/types.h"

struct lwp;

/* Interrupt priority levels: only "none" versus "spin" matters here. */
#define IPL_NONE	0
#define IPL_SOFTCLOCK	1
#define IPL_SOFTBIO	2
#define IPL_SOFTNET	3
#define IPL_SOFTSERIAL	4
#define IPL_VM		5
#define IPL_SCHED	6
#define IPL_HIGH	7

typedef enum {
	MUTEX_DEFAULT = 0,
	MUTEX_ADAPTIVE = 1,
	MUTEX_SPIN = 2,
	MUTEX_DRIVER = 3,	/* as MUTEX_DEFAULT */
} kmutex_type_t;

typedef struct kmutex {
	struct rumpuser_mtx *mtx_hyp;
	bool mtx_spin;
} kmutex_t;

void mutex_init(kmutex_t *mtx, kmutex_type_t type, int ipl);
void mutex_destroy(kmutex_t *mtx);
void mutex_enter(kmutex_t *mtx);
void mutex_exit(kmutex_t *mtx);
int mutex_tryenter(kmutex_t *mtx);		/* 1 = got it */
void mutex_spin_enter(kmutex_t *mtx);
void mutex_spin_exit(kmutex_t *mtx);
int mutex_owned(const kmutex_t *mtx);
struct lwp *mutex_owner(const kmutex_t *mtx);
/* Heap-allocated mutexes, as NetBSD's mutex_obj (no refcount here). */
kmutex_t *mutex_obj_alloc(kmutex_type_t type, int ipl);
void mutex_obj_free(kmutex_t *mtx);

typedef enum { RW_READER = 0, RW_WRITER = 1 } krw_t;

typedef struct krwlock {
	struct rumpuser_rw *rw_hyp;
} krwlock_t;

void rw_init(krwlock_t *rw);
void rw_destroy(krwlock_t *rw);
void rw_enter(krwlock_t *rw, krw_t op);
int rw_tryenter(krwlock_t *rw, krw_t op);	/* 1 = got it */
int rw_tryupgrade(krwlock_t *rw);		/* 1 = now writer */
void rw_downgrade(krwlock_t *rw);
void rw_exit(krwlock_t *rw);
int rw_read_held(krwlock_t *rw);	/* someone holds it shared */
int rw_write_held(krwlock_t *rw);	/* the caller holds it exclusive */
int rw_lock_held(krwlock_t *rw);

/*
 * Condition variables.  cv_wait* may wake spuriously: wait in a loop.
 * Timed waits take ticks (hz) as in NetBSD, or an absolute monotonic
 * deadline in ns (cv_timedwait_abs); they return EWOULDBLOCK on timeout.
 * cv_wait_sig and friends are plain waits: there are no signals.
 */
typedef struct kcondvar {
	struct rumpuser_cv *cv_hyp;
	const char *cv_wmesg;
} kcondvar_t;

void cv_init(kcondvar_t *cv, const char *wmesg);
void cv_destroy(kcondvar_t *cv);
void cv_wait(kcondvar_t *cv, kmutex_t *mtx);
int cv_wait_sig(kcondvar_t *cv, kmutex_t *mtx);
int cv_timedwait(kcondvar_t *cv, kmutex_t *mtx, int ticks);
int cv_timedwait_sig(kcondvar_t *cv, kmutex_t *mtx, int ticks);
int cv_timedwait_abs(kcondvar_t *cv, kmutex_t *mtx, rump_nsec_t deadline);
void cv_signal(kcondvar_t *cv);
void cv_broadcast(kcondvar_t *cv);
int cv_has_waiters(kcondvar_t *cv);

/*
 * The big kernel lock: recursive, owned by an lwp, dropped entirely while
 * the lwp is off CPU (blocked in a hypercall) and re-taken to the same
 * depth afterwards (hyp_backend_unschedule/schedule do that).  For
 * components not yet made MP-safe; everything in kern/ is MP-safe.
 */
void KERNEL_LOCK(int nlocks, struct lwp *l);
void KERNEL_UNLOCK_ONE(struct lwp *l);
void KERNEL_UNLOCK_ALL(struct lwp *l, int *nlocksp);
int KERNEL_LOCKED_P(void);

#endif /* _KERN_LOCK_H_ */
