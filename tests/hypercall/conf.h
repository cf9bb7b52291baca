// SPDX-License-Identifier: BSD-2-Clause
/*
 * conf.h - shared declarations of the hypercall conformance suite: the
 * mock rump kernel (upcall table, lwps, a tiny CPU scheduler) and helpers.
 *
 * The suite is written once against include/rump/rumpuser.h and runs in
 * both lanes: linked with librumpuser in a process, and as a test module
 * against rumpuser.ko.  Everything host-specific is in host.h.
 *
 * The mock models the rump kernel's side of the contract (spec sections 1,
 * 3, 4): each lwp records whether it holds a "CPU", how many big-lock
 * holds it has, and what the last hyp_backend_unschedule handed out, so
 * every upcall can be checked on the spot (wrong thread state, unbalanced
 * pairs, a count not handed back, an interlock in the wrong state).
 * A violation is a test failure of the running case.
 */
#ifndef _TESTS_HYPERCALL_CONF_H_
#define _TESTS_HYPERCALL_CONF_H_

#include "host.h"

#include <rump/rumpuser.h>
#include <rump/rumpuser_ext.h>

#include "ktap.h"

/* NetBSD errno values the interface returns. */
#define NB_ENOENT	2
#define NB_ENXIO	6
#define NB_EBADF	9
#define NB_ENOMEM	12
#define NB_EBUSY	16
#define NB_EEXIST	17
#define NB_EISDIR	21
#define NB_EINVAL	22
#define NB_ERANGE	34
#define NB_EAGAIN	35
#define NB_ETIMEDOUT	60
#define NB_ENAMETOOLONG	63
#define NB_ENOSYS	78
#define NB_ENOTSUP	86

#define NB_SIGUSR1	30

#define CONF_NS_MSEC	1000000LL
/*
 * How long a case waits for something that must happen (a thread to
 * block, a wakeup, a completion) before calling it lost: a hang guard,
 * not a speed bound, so far beyond what a loaded, emulated host needs.
 */
#define CONF_PATIENCE_MS 120000
#define CONF_NS_SEC	1000000000LL

/* Atomics: threads of a case share state only through these. */
#define AT_LOAD(p)	__atomic_load_n((p), __ATOMIC_SEQ_CST)
#define AT_STORE(p, v)	__atomic_store_n((p), (v), __ATOMIC_SEQ_CST)
#define AT_ADD(p, v)	__atomic_add_fetch((p), (v), __ATOMIC_SEQ_CST)

/* ---- the mock rump kernel (conf_mock.c) ---------------------------- */

#define MOCK_LWP_MAGIC 0x6c777021u

/* The suite's lwp: opaque to the hypercall layer, ours to define. */
struct lwp {
	unsigned int magic;
	int id;
	int cpu;		/* 1 while this lwp holds a mock CPU */
	int out;		/* 1 between backend_unschedule and _schedule */
	int locks;		/* mock big-lock holds while scheduled */
	int saved;		/* count handed out by the last unschedule */
	int temp;		/* borrowed by hyp_schedule, freed on exit */
	int release;		/* hyp_lwproc_release pending */
	int il_held;		/* backend_unschedule took the sched lock */
	long n_bunsched;	/* hyp_backend_unschedule calls on this lwp */
	long n_bsched;		/* hyp_backend_schedule calls on this lwp */
};

enum mock_up {
	MU_SCHEDULE, MU_UNSCHEDULE, MU_BUNSCHED, MU_BSCHED, MU_SWITCH,
	MU_RELEASE, MU_RFORK, MU_NEWLWP, MU_CURLWP, MU_SYSCALL, MU_LWPEXIT,
	MU_EXECNOTIFY, MU_GETPID, MU_N
};

/* The upcall table handed to rumpuser_init(). */
extern const struct rumpuser_hyperup mock_hyp;

long mock_count(enum mock_up up);
/*
 * backend_unschedule calls that never got their backend_schedule because
 * the thread was ended inside the hypercall by a halt (conf_panic.c's
 * exit case counts them exactly; the end of the suite allows for them).
 */
extern long conf_unsched_ended;
long mock_violations(void);

/* Init the layer (if not yet) and bind the calling thread as lwp0. */
int conf_setup(void);
/* The same with a caller-chosen upcall table (conf_init.c). */
int conf_setup_with(const struct rumpuser_hyperup *hyp);
/* Bind lwp0 after the caller did rumpuser_init() itself. */
int conf_adopt(void);
/* Unbind lwp0 and rumpuser_ext_fini(); returns fini's result. */
int conf_teardown(void);
int conf_is_setup(void);
/*
 * Marks a family whose cases need the layer set up (kt_family.skip slot).
 * It never skips: conf_run() runs each case of such a family behind a
 * guard that sets the layer up and, when that fails, fails the case with
 * the reason (a broken rumpuser_init() is a failure, not a skip).
 */
const char *conf_fam_setup(void);

/* lwps: allocated with rumpuser_malloc, announced with CREATE. */
struct lwp *mock_lwp_new(int locks);
void mock_lwp_free(struct lwp *l);
/* Bind a fresh lwp to the calling (test) thread and take a CPU. */
struct lwp *conf_thread_enter(void);
/* Give the CPU back, unbind and free the lwp of conf_thread_enter(). */
void conf_thread_leave(void);
/* The calling thread's mock lwp (checked), or NULL. */
struct lwp *conf_curlwp(void);
/*
 * The calling test thread's lwp, which a case running with the layer set
 * up always has: NULL is a failure of the case (reported here), so a case
 * that returns early on NULL never passes without having checked.
 */
struct lwp *conf_lwp(void);
/* 1 when the calling thread has a valid lwp that holds a CPU. */
int mock_cpu_held(void);
/* Give up / take back the CPU of the calling thread's lwp. */
void mock_cpu_give(void);
void mock_cpu_take(void);

/*
 * The CPU-limited mode: ncpu tokens guarded by a rumpuser SPIN mutex (the
 * "scheduler lock") and a condvar, taken inside the upcalls exactly as the
 * rump kernel's scheduler does.  Enable and disable with only the calling
 * thread scheduled.
 */
void mock_sched_enable(int ncpu);
void mock_sched_disable(void);
struct rumpuser_mtx *mock_sched_lock(void);

/*
 * Interlock checks: when an upcall receives m as interlock, verify the
 * state spec section 4 requires for a mutex of these flags, and count it.
 */
void mock_expect_interlock(struct rumpuser_mtx *m, int flags);
long mock_interlock_seen(int sched);	/* 0: unschedule, 1: schedule */
/* Run fn(arg) inside hyp_backend_unschedule of lwp l (NULL: disarm). */
void mock_set_unsched_hook(struct lwp *l, void (*fn)(void *), void *arg);

/* ---- helpers (conf_mock.c) ------------------------------------------ */

/*
 * The noreturn hypercalls, called through pointers the compiler cannot see
 * through.  In the kernel lane objtool cannot know that a function of
 * another module never returns, and would report our caller as "falling
 * through"; an ordinary call followed by a return keeps it quiet.
 */
static inline void conf_thread_exit(void)
{
	void (*volatile fn)(void) = rumpuser_thread_exit;

	fn();
}

static inline void conf_exit(int value)
{
	void (*volatile fn)(int) = rumpuser_exit;

	fn(value);
}

/* A joinable rumpuser thread; failures are test failures. */
void *conf_spawn(void *(*fn)(void *), void *arg);
void conf_join(void *cookie);
/* Sleep with the CPU given back (rumpuser_clock_sleep). */
void conf_msleep(int ms);
int64_t conf_now_ns(void);
/* Poll until *p == v (yielding the CPU); 1 if seen within timeout_ms. */
int conf_wait_eq(int *p, int v, int timeout_ms);
int conf_wait_ge(long *p, long v, int timeout_ms);
void conf_stats(struct rumpuser_ext_stats *st);
/* Iterations scaled for slow (sanitizer) builds, at least 1. */
int conf_iters(int n);
/* Fill / check a byte pattern derived from seed. */
void conf_pattern(void *buf, size_t len, unsigned int seed);
int conf_pattern_ok(const void *buf, size_t len, unsigned int seed);
/*
 * rv of rumpuser_ext_guard() is ENOTSUP: skip the case where the host has
 * no guards by design, fail it where it should have them; returns 1 then.
 */
int conf_no_guards(int rv);
/* "<scratch><suffix>" into buf. */
void conf_path(char *buf, size_t len, const char *suffix);

/* ---- the families ---------------------------------------------------- */

extern const struct kt_family conf_fam_init, conf_fam_mem, conf_fam_param,
	conf_fam_errno, conf_fam_clock, conf_fam_mutex, conf_fam_rw,
	conf_fam_cv, conf_fam_thread, conf_fam_curlwp, conf_fam_file,
	conf_fam_bio, conf_fam_random, conf_fam_misc, conf_fam_panic,
	conf_fam_fini;

/* The whole suite, in order (conf_mock.c). */
extern const struct kt_family *const conf_suite[];
extern const int conf_nsuite;
/* Run it (or one family) and leave the layer torn down; failures. */
int conf_run(const char *only);

#endif /* _TESTS_HYPERCALL_CONF_H_ */
