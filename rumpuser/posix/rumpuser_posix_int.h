// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpuser_posix_int.h - internals shared by the files of librumpuser
 * (the rumpuser hypercall interface, version 17, on pthreads and POSIX I/O).
 *
 * One .c per hypercall family; this header holds only what crosses files:
 * the copied upcall table, the errno translation, the leak counters and
 * the bio worker lifecycle.  Semantics: shared/design/rumpuser-v17.md.
 */
#ifndef _RUMPUSER_POSIX_INT_H_
#define _RUMPUSER_POSIX_INT_H_

#include <stdint.h>

#include <rump/rumpuser.h>
#include <rump/rumpuser_ext.h>

/*
 * NetBSD errno values this layer returns itself.  The rump kernel never
 * translates, so host values must never leak out (spec section 5).
 */
#define NB_EPERM	1
#define NB_ENOENT	2
#define NB_EIO		5
#define NB_ENXIO	6
#define NB_EBADF	9
#define NB_ENOMEM	12
#define NB_EBUSY	16
#define NB_EEXIST	17
#define NB_EINVAL	22
#define NB_ERANGE	34
#define NB_EAGAIN	35
#define NB_ETIMEDOUT	60
#define NB_ENOSYS	78

/* The caller's upcall table, copied by value in rumpuser_init() (misc.c). */
extern struct rumpuser_hyperup rumpuser__hyp;

/*
 * Give the rump CPU back before blocking and take it again afterwards.
 * Only the "wrapping" calls of spec section 1 use these.  The NULL checks
 * make a misuse before rumpuser_init() (or after rumpuser_ext_fini())
 * harmless instead of a jump to address zero; the cost is one predictable
 * branch on a path that is about to block anyway.
 */
static inline void rumpuser__unschedule(int *nlocks, void *interlock)
{
	*nlocks = 0;
	if (rumpuser__hyp.hyp_backend_unschedule)
		rumpuser__hyp.hyp_backend_unschedule(0, nlocks, interlock);
}

static inline void rumpuser__schedule(int nlocks, void *interlock)
{
	if (rumpuser__hyp.hyp_backend_schedule)
		rumpuser__hyp.hyp_backend_schedule(nlocks, interlock);
}

/* Host errno -> NetBSD errno; unknown values become EINVAL (errno.c). */
int rumpuser__errtrans(int hosterr);

/*
 * Leak accounting (ext.c).  Counters are plain int64_t updated with
 * atomic builtins so that any thread may bump them without a lock and
 * rumpuser_ext_getstats() reads a consistent value of each.
 */
extern struct rumpuser_ext_stats rumpuser__stats;
#define RUMPUSER_STAT_ADD(field, delta) \
	((void)__atomic_add_fetch(&rumpuser__stats.field, (int64_t)(delta), \
				  __ATOMIC_RELAXED))

/* Threads started with rumpuser_thread_create() still running (thread.c). */
int64_t rumpuser__threads_running(void);

/* Stop the bio workers and release their lwps (bio.c); no CPU held. */
void rumpuser__bio_stop(void);

/* guard.c */
void rumpuser__guard_unwind(void);

/* Back to the state before rumpuser_init() (misc.c, used by ext.c). */
void rumpuser__init_reset(void);

/* Set once rumpuser_exit(RUMPUSER_PANIC) ran (misc.c). */
extern int rumpuser__dead;

#endif /* _RUMPUSER_POSIX_INT_H_ */
