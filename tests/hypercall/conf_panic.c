// SPDX-License-Identifier: BSD-2-Clause
/*
 * conf_panic.c - rumpuser_exit(): a rump kernel panic is contained.
 *
 * In a process the panic aborts (SIGABRT, as on NetBSD), so it runs in a
 * child.  In the Linux kernel it must not take the host down: a rump
 * thread panics, the host thread ends, the layer reports itself dead
 * until rumpuser_ext_fini(), after which a new rump kernel can init.
 */
#include "conf.h"
#include "ktap_rumpuser.h"

static void *panic_thread(void *arg)
{
	int *started = arg;

	AT_STORE(started, 1);
	conf_exit(RUMPUSER_PANIC);
	/* Not reached. */
	AT_STORE(started, 2);
	return NULL;
}

static void panic_contained(void)
{
	int rv, started = 0;
	void *t = NULL;

	KT_EXPECT_EQ(rumpuser_ext_dead(), 0);
	/* Quiesce the layer first (stops the bio workers as well). */
	KT_EXPECT_EQ(conf_teardown(), 0);
	rv = host_child_exit(RUMPUSER_PANIC);
	if (rv != HOST_UNSUPPORTED) {
		/* SIGABRT is 6 on every host we know. */
		KT_EXPECT_MSG(rv == -6, "panicking child ended with %d", rv);
		KT_EXPECT_EQ(rumpuser_ext_dead(), 0);
		KT_EXPECT_EQ(conf_setup(), 0);
		return;
	}
	KT_EXPECT_EQ(conf_setup(), 0);
	KT_EXPECT_EQ(rumpuser_thread_create(panic_thread, &started, "panic", 1,
					    -1, -1, &t), 0);
	if (t)
		KT_EXPECT_EQ(rumpuser_thread_join(t), 0);
	KT_EXPECT_EQ(AT_LOAD(&started), 1);
	KT_EXPECT_EQ(rumpuser_ext_dead(), 1);
	/*
	 * A dead layer may refuse new threads; if it does, the refusal is
	 * an errno (the one reachable "thread_create fails" of the suite).
	 */
	t = NULL;
	started = 0;
	rv = rumpuser_thread_create(panic_thread, &started, "after", 1, -1, -1,
				    &t);
	if (rv == 0) {
		kt_diag("thread_create after the panic: accepted");
		rumpuser_thread_join(t);
	} else {
		kt_diag("thread_create after the panic: %d", rv);
		KT_EXPECT(rv > 0 && rv <= 98);
	}
}

static void panic_fini_reinit(void)
{
	struct rumpuser_mtx *m;
	struct lwp *l;

	KT_EXPECT_EQ(conf_teardown(), 0);
	KT_EXPECT_EQ(rumpuser_ext_dead(), 0);
	KT_EXPECT_EQ(conf_setup(), 0);
	l = conf_lwp();
	if (!l)
		return;
	rumpuser_mutex_init(&m, RUMPUSER_MTX_KMUTEX);
	rumpuser_mutex_enter(m);
	rumpuser_mutex_exit(m);
	rumpuser_mutex_destroy(m);
	KT_EXPECT_EQ(rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 1000), 0);
	KT_EXPECT_EQ(rumpuser_ext_dead(), 0);
}

static void guard_halt(void *arg)
{
	(void)arg;
	conf_exit(3);
}

/*
 * An orderly halt: in a process, unguarded, it ends the process with the
 * status; on any host, a guarded halt comes back without the dead mark.
 */
static void exit_orderly(void)
{
	int rv = host_child_exit(3);

	if (rv != HOST_UNSUPPORTED)
		KT_EXPECT_EQ(rv, 3);
	KT_EXPECT_EQ(conf_teardown(), 0);
	KT_EXPECT_EQ(conf_setup(), 0);
	rv = rumpuser_ext_guard(guard_halt, NULL);
	if (conf_no_guards(rv))
		return;
	KT_EXPECT_EQ(rv, NB_ENXIO);
	KT_EXPECT_EQ(rumpuser_ext_dead(), 0);
	KT_EXPECT_EQ(conf_teardown(), 0);
	KT_EXPECT_EQ(conf_setup(), 0);
}

/*
 * Halting ends the threads a rump kernel built for processes never joins:
 * each thread blocked in a blocking hypercall (condvar wait, clock sleep,
 * mutex wait) or entering one after the halt ends there, and fini then
 * frees what the halted kernel left (its lwps, locks, condvar) -- every
 * counter back at zero.  In a process the exit ends the process, threads
 * and all: the same threads in a child, which must end with the status.
 */
long conf_unsched_ended;

static struct rumpuser_mtx *halt_m, *halt_m2;
static struct rumpuser_cv *halt_cv;
static int halt_started;

static void *halt_cv_waiter(void *arg)
{
	(void)arg;
	conf_thread_enter();
	rumpuser_mutex_enter(halt_m2);	/* held while it waits: given back */
	rumpuser_mutex_enter(halt_m);
	AT_ADD(&halt_started, 1);
	for (;;)
		rumpuser_cv_wait(halt_cv, halt_m);
	return NULL;
}

static void *halt_sleeper(void *arg)
{
	(void)arg;
	conf_thread_enter();
	AT_ADD(&halt_started, 1);
	for (;;)
		rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 3600, 0);
	return NULL;
}

static void *halt_locker(void *arg)
{
	(void)arg;
	conf_thread_enter();
	AT_ADD(&halt_started, 1);
	for (;;) {
		rumpuser_mutex_enter(halt_m2);
		rumpuser_mutex_exit(halt_m2);
	}
	return NULL;
}

static void guard_noop(void *arg)
{
	(void)arg;
}

/* Start the threads; each is blocked in its hypercall or on its way. */
static void halt_start_threads(void)
{
	void *cookie = NULL;

	rumpuser_mutex_init(&halt_m, RUMPUSER_MTX_KMUTEX);
	rumpuser_mutex_init(&halt_m2, RUMPUSER_MTX_KMUTEX);
	rumpuser_cv_init(&halt_cv);
	AT_STORE(&halt_started, 0);
	KT_EXPECT_EQ(rumpuser_thread_create(halt_cv_waiter, NULL, "halt_cv", 0,
					    -1, -1, NULL), 0);
	KT_EXPECT(conf_wait_eq(&halt_started, 1, CONF_PATIENCE_MS));
	KT_EXPECT_EQ(rumpuser_thread_create(halt_sleeper, NULL, "halt_sleep",
					    1, -1, -1, &cookie), 0);
	KT_EXPECT_EQ(rumpuser_thread_create(halt_locker, NULL, "halt_lock", 0,
					    -1, -1, NULL), 0);
	/* blocked or not yet: either way each ends in its next hypercall */
	KT_EXPECT(conf_wait_eq(&halt_started, 3, CONF_PATIENCE_MS));
}

/* In a child process: the exit must end it, blocked threads and all. */
static void halt_in_child(void)
{
	halt_start_threads();
	conf_exit(5);
}

static void exit_ends_threads(void)
{
	long before, ended;
	int rv;

	rv = host_child_run(halt_in_child);
	if (rv != HOST_UNSUPPORTED) {
		/* a process: exit ends it however its threads are blocked */
		KT_EXPECT_EQ(rv, 5);
		return;
	}
	/* the halt below needs a guard; without one the threads would stay */
	if (conf_no_guards(rumpuser_ext_guard(guard_noop, NULL)))
		return;
	KT_EXPECT_EQ(conf_teardown(), 0);
	KT_EXPECT_EQ(conf_setup(), 0);
	before = mock_count(MU_BUNSCHED) - mock_count(MU_BSCHED);
	halt_start_threads();
	KT_EXPECT_EQ(rumpuser_ext_guard(guard_halt, NULL), NB_ENXIO);
	/* never joined, never destroyed: fini ends and frees all of it */
	KT_EXPECT_EQ(conf_teardown(), 0);
	kt_expect_rumpuser_idle();
	/*
	 * An ended thread never takes the CPU back: the cv waiter and the
	 * sleeper had given theirs up; the locker had too if it was waiting
	 * for the mutex, not if it ended on entering the hypercall.
	 */
	ended = mock_count(MU_BUNSCHED) - mock_count(MU_BSCHED) - before;
	KT_EXPECT_MSG(ended >= 2 && ended <= 3,
		      "%ld CPUs given up and never taken back, expected 2-3",
		      ended);
	conf_unsched_ended += ended;
	KT_EXPECT_EQ(conf_setup(), 0);
}

/*
 * rumpuser_ext_guard(): a host thread the layer did not create (the test's
 * own thread: a module's init in the kernel lane) survives a rump kernel
 * that dies on it, and can start a new one afterwards.
 */
static int guard_runs;

static void guard_count(void *arg)
{
	guard_runs += *(int *)arg;
}

static void guard_returns(void)
{
	int one = 1, rv;

	guard_runs = 0;
	rv = rumpuser_ext_guard(guard_count, &one);
	if (conf_no_guards(rv))
		return;
	KT_EXPECT_EQ(rv, 0);
	KT_EXPECT_EQ(guard_runs, 1);
	KT_EXPECT_EQ(rumpuser_ext_dead(), 0);
}

static int guard_lwp_dummy;

static void guard_die(void *arg)
{
	int *reached = arg;

	/* As the rump kernel would: this thread is inside, with an lwp. */
	if (!rumpuser_curlwp())
		rumpuser_curlwpop(RUMPUSER_LWP_SET,
				  (struct lwp *)&guard_lwp_dummy);
	*reached = 1;
	conf_exit(RUMPUSER_PANIC);
	*reached = 2;		/* not reached */
}

static void guard_panic(void)
{
	int reached = 0, rv;

	KT_EXPECT_EQ(conf_teardown(), 0);
	KT_EXPECT_EQ(conf_setup(), 0);
	rv = rumpuser_ext_guard(guard_die, &reached);
	if (conf_no_guards(rv))
		return;
	KT_EXPECT_EQ(rv, NB_ENXIO);
	KT_EXPECT_EQ(reached, 1);
	KT_EXPECT_EQ(rumpuser_ext_dead(), 1);
	KT_EXPECT(rumpuser_curlwp() == NULL);
	/* The thread lives on and can bring up a fresh rump kernel. */
	KT_EXPECT_EQ(conf_teardown(), 0);
	KT_EXPECT_EQ(rumpuser_ext_dead(), 0);
	KT_EXPECT_EQ(conf_setup(), 0);
}

static void guard_inner(void *arg)
{
	int *inner_rv = arg;

	*inner_rv = rumpuser_ext_guard(guard_die, &guard_runs);
	guard_runs = 10;	/* the outer fn goes on after the inner death */
}

static void guard_nested(void)
{
	int inner_rv = -1, rv;

	KT_EXPECT_EQ(conf_teardown(), 0);
	KT_EXPECT_EQ(conf_setup(), 0);
	guard_runs = 0;
	rv = rumpuser_ext_guard(guard_inner, &inner_rv);
	if (conf_no_guards(rv))
		return;
	KT_EXPECT_EQ(rv, 0);
	KT_EXPECT_EQ(inner_rv, NB_ENXIO);
	KT_EXPECT_EQ(guard_runs, 10);
	KT_EXPECT_EQ(rumpuser_ext_dead(), 1);
	KT_EXPECT_EQ(conf_teardown(), 0);
	KT_EXPECT_EQ(conf_setup(), 0);
}

static const struct kt_case panic_cases[] = {
	{ "guard_returns", guard_returns },
	{ "guard_panic_foreign_thread", guard_panic },
	{ "guard_nested", guard_nested },
	{ "panic_contained", panic_contained },
	{ "fini_clears_dead_reinit", panic_fini_reinit },
	{ "orderly_exit_status", exit_orderly },
	{ "exit_ends_blocked_threads", exit_ends_threads },
};

const struct kt_family conf_fam_panic = {
	"panic", panic_cases, KT_NELEM(panic_cases), conf_fam_setup,
};
