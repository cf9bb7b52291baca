// SPDX-License-Identifier: GPL-2.0
/*
 * rumpuser_halt - a test client of rumpuser.ko that behaves like a rump
 * kernel built for processes: it starts threads that block forever in
 * every kind of hypercall that can block, never joins them, leaves its
 * memory, locks and descriptors behind, and halts with rumpuser_exit()
 * (an orderly halt or a panic).  rumpuser.ko must then end those threads
 * from inside their hypercalls, give back the locks they held, free what
 * the "process" left, and let rumpuser_ext_fini() succeed with every leak
 * counter at zero -- so that both modules unload.
 *
 * Parameters: disk=/dev/vdX (a scratch disk for a thread that keeps bio
 * requests in flight across the halt), rounds=N (the repeat case),
 * only=NAME (a case or the family).
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include <rump/rumpuser.h>
#include <rump/rumpuser_ext.h>

#include "ktap.h"
#include "ktap_kmod.h"
#include "ktap_rumpuser.h"

static char *disk;
module_param(disk, charp, 0444);
MODULE_PARM_DESC(disk, "scratch block device for the bio thread");
static char *only;
module_param(only, charp, 0444);
MODULE_PARM_DESC(only, "run only this family or case (a list: a,b,c)");
static int rounds = 50;
module_param(rounds, int, 0444);
MODULE_PARM_DESC(rounds, "halt/panic rounds of the repeat case");

/* NetBSD errno values the interface returns */
#define HK_ENXIO	6
#define HK_EBUSY	16
#define HK_ENOTSUP	86

/* ---- a minimal upcall table: one "CPU" nobody contends for ------------ */

static void hk_nop(void)
{
}

static void hk_backend_unschedule(int nlocks, int *countp, void *interlock)
{
	*countp = 0;
}

static void hk_backend_schedule(int nlocks, void *interlock)
{
}

static int hk_newlwp(pid_t pid)
{
	return 0;
}

static const struct rumpuser_hyperup hk_hyp = {
	.hyp_schedule = hk_nop,
	.hyp_unschedule = hk_nop,
	.hyp_backend_unschedule = hk_backend_unschedule,
	.hyp_backend_schedule = hk_backend_schedule,
	.hyp_lwproc_newlwp = hk_newlwp,
	.hyp_lwproc_release = hk_nop,
};

/* ---- the "rump kernel" ---------------------------------------------------- */

struct hk_kernel {
	struct rumpuser_mtx *held;	/* held by the holder while it waits */
	struct rumpuser_mtx *spin;	/* a spin mutex, also held */
	struct rumpuser_mtx *cvm;	/* interlock of the endless waits */
	struct rumpuser_mtx *biom;
	struct rumpuser_rw *rheld;	/* held shared by the holder */
	struct rumpuser_rw *wheld;	/* held exclusive by the holder */
	struct rumpuser_cv *never;	/* never signalled */
	struct rumpuser_cv *biocv;
	void *cookie;			/* the thread the joiner joins */
	int fd;
	char *buf;
	atomic_t blocked;		/* threads about to block */
	atomic_t returned;		/* waits that must never end did */
	atomic_t reacquired;		/* lock waits and joins that ended */
	atomic_t late_entered;		/* the late thread reached its call */
	atomic_t release_straggler;
	int biodone;
};

static struct hk_kernel hk;

/*
 * A round whose threads could not be ended leaves them running code of
 * this module: no further round may reuse hk, and the module must stay
 * loaded (rmmod then fails, and so does the suite).
 */
static bool hk_broken;

/* Called by a thread just before its blocking call. */
static void hk_blocking(void)
{
	atomic_inc(&hk.blocked);
}

static void *hk_holder(void *arg)
{
	rumpuser_mutex_enter(hk.held);
	rumpuser_mutex_enter_nowrap(hk.spin);
	rumpuser_rw_enter(RUMPUSER_RW_READER, hk.rheld);
	rumpuser_rw_enter(RUMPUSER_RW_WRITER, hk.wheld);
	rumpuser_mutex_enter(hk.cvm);
	hk_blocking();
	for (;;) {
		rumpuser_cv_wait(hk.never, hk.cvm);
		atomic_inc(&hk.returned);
	}
	return NULL;
}

static void *hk_mutex_waiter(void *arg)
{
	hk_blocking();
	for (;;) {
		/* after the halt it may get the lock the holder gave back */
		rumpuser_mutex_enter(hk.held);
		rumpuser_mutex_exit(hk.held);
		atomic_inc(&hk.reacquired);
	}
	return NULL;
}

static void *hk_spin_waiter(void *arg)
{
	hk_blocking();
	for (;;) {
		rumpuser_mutex_enter_nowrap(hk.spin);
		rumpuser_mutex_exit(hk.spin);
		atomic_inc(&hk.reacquired);
	}
	return NULL;
}

static void *hk_rw_writer(void *arg)
{
	hk_blocking();
	for (;;) {
		rumpuser_rw_enter(RUMPUSER_RW_WRITER, hk.rheld);
		rumpuser_rw_exit(hk.rheld);
		atomic_inc(&hk.reacquired);
	}
	return NULL;
}

static void *hk_rw_reader(void *arg)
{
	hk_blocking();
	for (;;) {
		rumpuser_rw_enter(RUMPUSER_RW_READER, hk.wheld);
		rumpuser_rw_exit(hk.wheld);
		atomic_inc(&hk.reacquired);
	}
	return NULL;
}

static void *hk_cv_waiter(void *arg)
{
	rumpuser_mutex_enter(hk.cvm);
	hk_blocking();
	for (;;) {
		rumpuser_cv_wait(hk.never, hk.cvm);
		atomic_inc(&hk.returned);
	}
	return NULL;
}

static void *hk_cv_timed(void *arg)
{
	rumpuser_mutex_enter(hk.cvm);
	hk_blocking();
	for (;;) {
		rumpuser_cv_timedwait(hk.never, hk.cvm, 3600, 0);
		atomic_inc(&hk.returned);
	}
	return NULL;
}

static void *hk_cv_nowrap(void *arg)
{
	rumpuser_mutex_enter_nowrap(hk.cvm);
	hk_blocking();
	for (;;) {
		rumpuser_cv_wait_nowrap(hk.never, hk.cvm);
		atomic_inc(&hk.returned);
	}
	return NULL;
}

static void *hk_sleeper_rel(void *arg)
{
	hk_blocking();
	for (;;) {
		rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 3600, 0);
		atomic_inc(&hk.returned);
	}
	return NULL;
}

static void *hk_sleeper_abs(void *arg)
{
	int64_t sec;
	long nsec;

	rumpuser_clock_gettime(RUMPUSER_CLOCK_ABSMONO, &sec, &nsec);
	hk_blocking();
	for (;;) {
		rumpuser_clock_sleep(RUMPUSER_CLOCK_ABSMONO, sec + 3600, nsec);
		atomic_inc(&hk.returned);
	}
	return NULL;
}

static void *hk_forever(void *arg)
{
	rumpuser_mutex_enter(hk.cvm);
	hk_blocking();
	for (;;)
		rumpuser_cv_wait(hk.never, hk.cvm);
	return NULL;
}

static void *hk_joiner(void *arg)
{
	hk_blocking();
	rumpuser_thread_join(hk.cookie);
	atomic_inc(&hk.reacquired);
	return NULL;
}

static void hk_biodone(void *arg, size_t count, int error)
{
	rumpuser_mutex_enter(hk.biom);
	hk.biodone = 1;
	rumpuser_cv_broadcast(hk.biocv);
	rumpuser_mutex_exit(hk.biom);
}

/* Keeps a read in flight, and waits for it as a rump kernel's biowait. */
static void *hk_bio(void *arg)
{
	bool first = true;

	for (;;) {
		rumpuser_mutex_enter(hk.biom);
		hk.biodone = 0;
		rumpuser_mutex_exit(hk.biom);
		rumpuser_bio(hk.fd, RUMPUSER_BIO_READ, hk.buf, 65536, 0,
			     hk_biodone, NULL);
		rumpuser_mutex_enter(hk.biom);
		if (first)
			hk_blocking();
		first = false;
		while (!hk.biodone)
			rumpuser_cv_wait(hk.biocv, hk.biom);
		rumpuser_mutex_exit(hk.biom);
	}
	return NULL;
}

/*
 * Runs "rump kernel code" (no hypercall) across the halt and only then
 * enters a blocking hypercall: it must end there, not before.
 */
static void *hk_late(void *arg)
{
	unsigned long until = jiffies + msecs_to_jiffies(300);

	hk_blocking();
	while (time_before(jiffies, until))
		cond_resched();
	atomic_set(&hk.late_entered, 1);
	rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 3600, 0);
	atomic_inc(&hk.returned);
	return NULL;
}

/*
 * Locks the test's own task (foreign to rumpuser) holds through the halt:
 * no ended thread gives them back, so the waiters must be woken out of
 * their lock waits by the halt itself.
 */
static struct rumpuser_mtx *hk_fmtx;
static struct rumpuser_rw *hk_frw;

static void *hk_foreign_mutex_waiter(void *arg)
{
	hk_blocking();
	rumpuser_mutex_enter(hk_fmtx);
	atomic_inc(&hk.returned);	/* the lock is never free */
	return NULL;
}

static void *hk_foreign_rw_writer(void *arg)
{
	hk_blocking();
	rumpuser_rw_enter(RUMPUSER_RW_WRITER, hk_frw);
	atomic_inc(&hk.returned);
	return NULL;
}

static void *hk_foreign_rw_reader(void *arg)
{
	hk_blocking();
	rumpuser_rw_enter(RUMPUSER_RW_READER, hk_frw);
	atomic_inc(&hk.returned);
	return NULL;
}

/* Stays out of hypercalls until told: fini must name it and refuse. */
static void *hk_straggler(void *arg)
{
	hk_blocking();
	while (!atomic_read(&hk.release_straggler))
		msleep(20);
	rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 3600, 0);
	atomic_inc(&hk.returned);
	return NULL;
}

struct hk_thread {
	void *(*fn)(void *arg);
	const char *name;
	int joinable;
};

static const struct hk_thread hk_threads[] = {
	{ hk_holder, "hk_holder", 0 },
	{ hk_mutex_waiter, "hk_mutex", 1 },
	{ hk_spin_waiter, "hk_spin", 0 },
	{ hk_rw_writer, "hk_rw_writer", 0 },
	{ hk_rw_reader, "hk_rw_reader", 1 },
	{ hk_cv_waiter, "hk_cv", 0 },
	{ hk_cv_timed, "hk_cv_timed", 1 },
	{ hk_cv_nowrap, "hk_cv_nowrap", 0 },
	{ hk_sleeper_rel, "hk_sleep_rel", 1 },
	{ hk_sleeper_abs, "hk_sleep_abs", 0 },
	{ hk_joiner, "hk_joiner", 0 },
	{ hk_late, "hk_late", 1 },
};

/* Boot the "rump kernel": objects, leftovers, every blocked thread. */
static int hk_boot(bool straggler)
{
	void *p, *cookie;
	int i, n = 0, rv;

	KT_EXPECT_MSG(!hk_broken, "an earlier round left its threads running");
	if (hk_broken)
		return -1;
	memset(&hk, 0, sizeof(hk));
	hk.fd = -1;
	rv = rumpuser_init(RUMPUSER_VERSION, &hk_hyp);
	KT_EXPECT_EQ(rv, 0);
	if (rv)
		return -1;
	rumpuser_mutex_init(&hk.held, RUMPUSER_MTX_KMUTEX);
	rumpuser_mutex_init(&hk.spin, RUMPUSER_MTX_SPIN);
	rumpuser_mutex_init(&hk.cvm, RUMPUSER_MTX_KMUTEX);
	rumpuser_mutex_init(&hk.biom, RUMPUSER_MTX_KMUTEX);
	rumpuser_rw_init(&hk.rheld);
	rumpuser_rw_init(&hk.wheld);
	rumpuser_cv_init(&hk.never);
	rumpuser_cv_init(&hk.biocv);
	/* memory a process would never give back: small, large, mapped */
	KT_EXPECT_EQ(rumpuser_malloc(100, 0, &p), 0);
	KT_EXPECT_EQ(rumpuser_malloc(1 << 20, 4096, &p), 0);
	KT_EXPECT_EQ(rumpuser_malloc(3000, 64, &p), 0);
	KT_EXPECT_EQ(rumpuser_anonmmap(NULL, 65536, 0, 0, &p), 0);
	KT_EXPECT_EQ(rumpuser_malloc(65536, 512, &p), 0);
	hk.buf = p;

	/* the holder first: the waiters need its locks taken */
	KT_EXPECT_EQ(rumpuser_thread_create(hk_holder, NULL, "hk_holder", 0,
					    -1, -1, NULL), 0);
	n++;
	while (atomic_read(&hk.blocked) < 1)
		usleep_range(1000, 2000);
	KT_EXPECT_EQ(rumpuser_thread_create(hk_forever, NULL, "hk_forever", 1,
					    -1, -1, &hk.cookie), 0);
	n++;
	for (i = 1; i < ARRAY_SIZE(hk_threads); i++) {
		KT_EXPECT_EQ(rumpuser_thread_create(hk_threads[i].fn, NULL,
						    hk_threads[i].name,
						    hk_threads[i].joinable,
						    -1, -1, &cookie), 0);
		n++;
	}
	if (disk) {
		KT_EXPECT_EQ(rumpuser_open(disk, RUMPUSER_OPEN_RDWR |
					   RUMPUSER_OPEN_BIO, &hk.fd), 0);
		if (hk.fd >= 0) {
			KT_EXPECT_EQ(rumpuser_thread_create(hk_bio, NULL,
							    "hk_bio", 0, -1, -1,
							    NULL), 0);
			n++;
		}
	}
	if (straggler) {
		KT_EXPECT_EQ(rumpuser_thread_create(hk_straggler, NULL,
						    "hk_straggler", 0, -1, -1,
						    NULL), 0);
		n++;
	}
	/* every thread has reached its call; give them a moment to block */
	for (i = 0; i < 5000 && atomic_read(&hk.blocked) < n; i++)
		usleep_range(1000, 2000);
	KT_EXPECT_EQ(atomic_read(&hk.blocked), n);
	msleep(30);
	return n;
}

/*
 * Called through a pointer the compiler cannot see through: were it to
 * know that rumpuser_exit() does not return, it would end the callers
 * with the call, and objtool would see them fall off their end.
 */
static void (*volatile hk_exit_fn)(int) = rumpuser_exit;

static void *hk_halter(void *arg)
{
	hk_exit_fn((int)(long)arg);
	return NULL;	/* not reached */
}

/* The "rump kernel" halts (value 0) or panics, on one of its threads. */
static void hk_halt(int value)
{
	KT_EXPECT_EQ(rumpuser_thread_create(hk_halter, (void *)(long)value,
					    "hk_halter", 0, -1, -1, NULL), 0);
}

/* Poll: a lock the ended holder had must come free. */
static bool hk_mutex_freed(struct rumpuser_mtx *m)
{
	int i;

	for (i = 0; i < 5000; i++) {
		if (rumpuser_mutex_tryenter(m) == 0) {
			rumpuser_mutex_exit(m);
			return true;
		}
		usleep_range(1000, 2000);
	}
	return false;
}

static bool hk_rw_freed(struct rumpuser_rw *rw)
{
	int i;

	for (i = 0; i < 5000; i++) {
		if (rumpuser_rw_tryenter(RUMPUSER_RW_WRITER, rw) == 0) {
			rumpuser_rw_exit(rw);
			return true;
		}
		usleep_range(1000, 2000);
	}
	return false;
}

/*
 * fini as a client calls it: EBUSY at once until the exit has happened
 * (the halter runs on its own thread), then after the exit it waits for
 * the threads itself.
 */
static void hk_fini(void)
{
	int i, rv = HK_EBUSY;

	for (i = 0; i < 1000 && rv == HK_EBUSY; i++) {
		rv = rumpuser_ext_fini();
		if (rv == HK_EBUSY)
			usleep_range(10000, 20000);
	}
	KT_EXPECT_EQ(rv, 0);
	if (rv && !hk_broken) {
		hk_broken = true;
		__module_get(THIS_MODULE);
	}
}

/* One life: boot, halt or panic, locks come free, fini, nothing left. */
static void hk_round(int value, bool check_locks)
{
	if (hk_boot(false) < 0)
		return;
	hk_halt(value);
	if (check_locks) {
		KT_EXPECT_MSG(hk_mutex_freed(hk.held),
			      "the ended holder's mutex stays held");
		KT_EXPECT_MSG(hk_mutex_freed(hk.spin),
			      "the ended holder's spin mutex stays held");
		KT_EXPECT_MSG(hk_rw_freed(hk.rheld),
			      "the ended holder's shared hold stays");
		KT_EXPECT_MSG(hk_rw_freed(hk.wheld),
			      "the ended holder's exclusive hold stays");
	}
	hk_fini();
	KT_EXPECT_EQ(rumpuser_ext_dead(), 0);
	KT_EXPECT_EQ(atomic_read(&hk.late_entered), 1);
	/*
	 * Waits nobody satisfies never end; a lock wait may end once the
	 * ended holder gave the lock back, a join once the joined thread
	 * ended -- those threads end at their next blocking call.
	 */
	KT_EXPECT_MSG(atomic_read(&hk.returned) == 0,
		      "%d unsatisfied waits returned after the halt",
		      atomic_read(&hk.returned));
	if (atomic_read(&hk.reacquired))
		kt_diag("%d lock waits or joins ended after the halt",
			atomic_read(&hk.reacquired));
	kt_expect_rumpuser_idle();
}

static void hk_case_halt(void)
{
	hk_round(0, true);
}

static void hk_case_panic(void)
{
	hk_round(RUMPUSER_PANIC, true);
}

struct hk_guarded {
	int value;
};

static void hk_guarded_exit(void *arg)
{
	hk_exit_fn(((struct hk_guarded *)arg)->value);
}

static void hk_nop_arg(void *arg)
{
}

/*
 * ENOTSUP from rumpuser_ext_guard() is by design only off x86-64 or with
 * kernel IBT (rumpuser/linux/guard.c); anywhere else it is a regression.
 */
static bool hk_no_guards(int rv)
{
	if (rv != HK_ENOTSUP)
		return false;
	KT_EXPECT_MSG(!IS_ENABLED(CONFIG_X86_64) ||
		      IS_ENABLED(CONFIG_X86_KERNEL_IBT),
		      "rumpuser_ext_guard() refused on a kernel that has guards");
	return true;
}

/* A foreign task (this module's loader) halts it, under a guard. */
static void hk_case_foreign_halt(void)
{
	struct hk_guarded g = { .value = 0 };
	int rv;

	if (hk_boot(false) < 0)
		return;
	rv = rumpuser_ext_guard(hk_guarded_exit, &g);
	if (hk_no_guards(rv)) {
		/* no guards on this kernel: a rump thread halts instead */
		kt_diag("no guards here: halting from a rump thread");
		hk_halt(0);
	} else {
		KT_EXPECT_EQ(rv, HK_ENXIO);
	}
	hk_fini();
	kt_expect_rumpuser_idle();
}

/*
 * A thread that stays out of hypercalls is named and fini refuses; once
 * it enters one, it ends and fini succeeds.
 */
static void hk_case_straggler(void)
{
	struct hk_guarded g = { .value = 0 };
	int rv;

	if (hk_broken) {
		KT_EXPECT_MSG(0, "an earlier round left its threads running");
		return;
	}
	/*
	 * The halt must be over before the first fini, or that fini refuses
	 * for the wrong reason: halt synchronously, under a guard.
	 */
	if (hk_no_guards(rumpuser_ext_guard(hk_nop_arg, NULL))) {
		kt_skip("needs a synchronous halt (rumpuser_ext_guard), which this kernel cannot give");
		return;
	}
	if (hk_boot(true) < 0)
		return;
	rv = rumpuser_ext_guard(hk_guarded_exit, &g);
	KT_EXPECT_EQ(rv, HK_ENXIO);
	/* after the grace period, the thread still out of hypercalls */
	KT_EXPECT_EQ(rumpuser_ext_fini(), HK_EBUSY);
	atomic_set(&hk.release_straggler, 1);
	hk_fini();
	kt_expect_rumpuser_idle();
}

/*
 * Waiters on locks nobody will give back (the holder is this task, which
 * keeps them across the halt): the halt must still end them.
 */
static void hk_case_foreign_locks(void)
{
	void *cookie;

	if (hk_boot(false) < 0)
		return;
	rumpuser_mutex_init(&hk_fmtx, RUMPUSER_MTX_KMUTEX);
	rumpuser_rw_init(&hk_frw);
	rumpuser_mutex_enter(hk_fmtx);
	rumpuser_rw_enter(RUMPUSER_RW_WRITER, hk_frw);
	atomic_set(&hk.blocked, 0);
	KT_EXPECT_EQ(rumpuser_thread_create(hk_foreign_mutex_waiter, NULL,
					    "hk_fmutex", 0, -1, -1, NULL), 0);
	KT_EXPECT_EQ(rumpuser_thread_create(hk_foreign_rw_writer, NULL,
					    "hk_frw_w", 1, -1, -1, &cookie), 0);
	KT_EXPECT_EQ(rumpuser_thread_create(hk_foreign_rw_reader, NULL,
					    "hk_frw_r", 0, -1, -1, NULL), 0);
	while (atomic_read(&hk.blocked) < 3)
		usleep_range(1000, 2000);
	/* let them reach the lock waits (they end there or on entry) */
	usleep_range(20000, 40000);
	hk_halt(RUMPUSER_PANIC);
	hk_fini();
	KT_EXPECT_EQ(atomic_read(&hk.returned), 0);
	/* fini freed them with the rest; the locks died with the kernel */
	kt_expect_rumpuser_idle();
}

static void hk_case_repeat(void)
{
	int i;

	for (i = 0; i < rounds && !kt_case_failures(); i++)
		hk_round(i % 2 ? RUMPUSER_PANIC : 0, false);
	kt_diag("%d rounds", i);
}

static const struct kt_case hk_cases[] = {
	{ "halt-ends-blocked-threads", hk_case_halt },
	{ "panic-ends-blocked-threads", hk_case_panic },
	{ "foreign-task-halts", hk_case_foreign_halt },
	{ "straggler-named", hk_case_straggler },
	{ "foreign-held-locks", hk_case_foreign_locks },
	{ "halt-panic-repeat", hk_case_repeat },
};

static const struct kt_family hk_fams[] = {
	{ "halt", hk_cases, KT_NELEM(hk_cases) },
};

static int __init hk_init(void)
{
	kt_run("rumpuser_halt", hk_fams, KT_NELEM(hk_fams),
	       only && *only ? only : NULL);
	return kt_kmod_publish(KBUILD_MODNAME);
}

static void __exit hk_exit(void)
{
	kt_kmod_unpublish();
}

module_init(hk_init);
module_exit(hk_exit);
MODULE_DESCRIPTION("linux-rump: a rump kernel that leaves its threads behind when it halts");
MODULE_LICENSE("Dual BSD/GPL");
