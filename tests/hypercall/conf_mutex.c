// SPDX-License-Identifier: BSD-2-Clause
/*
 * conf_mutex.c - mutexes: try-first (no upcalls uncontended), exactly one
 * unschedule/schedule pair on contention, SPIN never upcalls, tryenter,
 * owner tracking (also across cv waits), exact counters under stress.
 */
#include "conf.h"

static const int mtx_kinds[] = {
	RUMPUSER_MTX_KMUTEX,
	RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX,
	RUMPUSER_MTX_SPIN,
};

static void mutex_spin_p(void)
{
	struct rumpuser_mtx *m;
	int i;

	for (i = 0; i < KT_NELEM(mtx_kinds); i++) {
		rumpuser_mutex_init(&m, mtx_kinds[i]);
		KT_EXPECT_EQ(rumpuser_mutex_spin_p(m) != 0,
			     (mtx_kinds[i] & RUMPUSER_MTX_SPIN) != 0);
		rumpuser_mutex_destroy(m);
	}
}

static void mutex_uncontended(void)
{
	struct lwp *l = conf_lwp();
	struct rumpuser_mtx *m;
	long u, total;
	int i, k;

	if (!l)
		return;
	u = AT_LOAD(&l->n_bunsched);
	total = mock_count(MU_BUNSCHED) + mock_count(MU_SCHEDULE);
	for (k = 0; k < KT_NELEM(mtx_kinds); k++) {
		rumpuser_mutex_init(&m, mtx_kinds[k]);
		for (i = 0; i < 1000; i++) {
			rumpuser_mutex_enter(m);
			rumpuser_mutex_exit(m);
			KT_EXPECT_EQ(rumpuser_mutex_tryenter(m), 0);
			rumpuser_mutex_exit(m);
			if (mtx_kinds[k] & RUMPUSER_MTX_SPIN) {
				rumpuser_mutex_enter_nowrap(m);
				rumpuser_mutex_exit(m);
			}
		}
		rumpuser_mutex_destroy(m);
	}
	KT_EXPECT_EQ(AT_LOAD(&l->n_bunsched), u);
	KT_EXPECT_EQ(mock_count(MU_BUNSCHED) + mock_count(MU_SCHEDULE), total);
}

struct holder {
	struct rumpuser_mtx *m;
	struct lwp *waiter;	/* release once this lwp unscheduled */
	int spin_ms;		/* else: once go, hold this long, spinning */
	int go;			/* atomic */
	int held;
	struct lwp *seen_owner;
};

static void *holder_thread(void *arg)
{
	struct holder *h = arg;
	struct lwp *me = conf_thread_enter();

	rumpuser_mutex_enter(h->m);
	rumpuser_mutex_owner(h->m, &h->seen_owner);
	if (h->seen_owner != me)
		h->seen_owner = NULL;
	AT_STORE(&h->held, 1);
	if (h->waiter) {
		/* Keep it until the waiter gave its CPU back to block. */
		conf_wait_eq(&h->waiter->out, 1, CONF_PATIENCE_MS);
		conf_msleep(20);
	} else {
		/* A spin mutex holder keeps its CPU: busy-wait. */
		int64_t end;

		while (!AT_LOAD(&h->go))
			;
		end = conf_now_ns() + h->spin_ms * CONF_NS_MSEC;
		while (conf_now_ns() < end)
			;
	}
	rumpuser_mutex_exit(h->m);
	conf_thread_leave();
	return NULL;
}

static void mutex_contended_one_pair(void)
{
	struct holder h;
	struct lwp *l = conf_lwp(), *owner;
	long u, s;
	void *t;

	if (!l)
		return;
	memset(&h, 0, sizeof(h));
	rumpuser_mutex_init(&h.m, RUMPUSER_MTX_KMUTEX);
	h.waiter = l;
	t = conf_spawn(holder_thread, &h);
	KT_EXPECT(conf_wait_eq(&h.held, 1, CONF_PATIENCE_MS));
	u = AT_LOAD(&l->n_bunsched);
	s = AT_LOAD(&l->n_bsched);
	rumpuser_mutex_enter(h.m);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bunsched) - u, 1);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bsched) - s, 1);
	KT_EXPECT(mock_cpu_held());
	rumpuser_mutex_owner(h.m, &owner);
	KT_EXPECT(owner == l);
	KT_EXPECT(h.seen_owner != NULL);
	rumpuser_mutex_exit(h.m);
	conf_join(t);
	rumpuser_mutex_destroy(h.m);
}

static void mutex_spin_never_upcalls(void)
{
	static const int kinds[] = {
		RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX, RUMPUSER_MTX_SPIN,
	};
	struct lwp *l = conf_lwp();
	int k;

	if (!l)
		return;
	for (k = 0; k < KT_NELEM(kinds); k++) {
		struct holder h;
		long u;
		void *t;

		memset(&h, 0, sizeof(h));
		rumpuser_mutex_init(&h.m, kinds[k]);
		h.spin_ms = 50;
		t = conf_spawn(holder_thread, &h);
		KT_EXPECT(conf_wait_eq(&h.held, 1, CONF_PATIENCE_MS));
		u = AT_LOAD(&l->n_bunsched);
		/*
		 * Contended: the holder keeps it until told to go (and then
		 * spins 50 ms more, so enter most likely spins too).  A
		 * failed tryenter proves the contention without a clock.
		 */
		KT_EXPECT_EQ(rumpuser_mutex_tryenter(h.m), NB_EBUSY);
		AT_STORE(&h.go, 1);
		rumpuser_mutex_enter(h.m);
		/* ... and yet no CPU was given back. */
		KT_EXPECT_EQ(AT_LOAD(&l->n_bunsched), u);
		rumpuser_mutex_exit(h.m);
		conf_join(t);
		rumpuser_mutex_destroy(h.m);
	}
}

static void mutex_tryenter(void)
{
	struct holder h;
	void *t;
	int k;

	for (k = 0; k < KT_NELEM(mtx_kinds); k++) {
		memset(&h, 0, sizeof(h));
		rumpuser_mutex_init(&h.m, mtx_kinds[k]);
		KT_EXPECT_EQ(rumpuser_mutex_tryenter(h.m), 0);
		/* Not recursive: the holder itself gets EBUSY. */
		KT_EXPECT_EQ(rumpuser_mutex_tryenter(h.m), NB_EBUSY);
		rumpuser_mutex_exit(h.m);
		h.spin_ms = 30;
		t = conf_spawn(holder_thread, &h);
		KT_EXPECT(conf_wait_eq(&h.held, 1, CONF_PATIENCE_MS));
		/* The holder keeps it until go: no race with a slow host. */
		KT_EXPECT_EQ(rumpuser_mutex_tryenter(h.m), NB_EBUSY);
		AT_STORE(&h.go, 1);
		conf_join(t);
		KT_EXPECT_EQ(rumpuser_mutex_tryenter(h.m), 0);
		rumpuser_mutex_exit(h.m);
		rumpuser_mutex_destroy(h.m);
	}
}

static void mutex_owner(void)
{
	struct lwp *l = conf_lwp(), *o;
	struct rumpuser_mtx *m;
	int k;

	for (k = 0; k < KT_NELEM(mtx_kinds); k++) {
		int kmutex = (mtx_kinds[k] & RUMPUSER_MTX_KMUTEX) != 0;

		rumpuser_mutex_init(&m, mtx_kinds[k]);
		rumpuser_mutex_owner(m, &o);
		KT_EXPECT(o == NULL);
		rumpuser_mutex_enter(m);
		rumpuser_mutex_owner(m, &o);
		KT_EXPECT(o == (kmutex ? l : NULL));
		rumpuser_mutex_exit(m);
		rumpuser_mutex_owner(m, &o);
		KT_EXPECT(o == NULL);
		KT_EXPECT_EQ(rumpuser_mutex_tryenter(m), 0);
		rumpuser_mutex_owner(m, &o);
		KT_EXPECT(o == (kmutex ? l : NULL));
		rumpuser_mutex_exit(m);
		if (mtx_kinds[k] & RUMPUSER_MTX_SPIN) {
			rumpuser_mutex_enter_nowrap(m);
			rumpuser_mutex_owner(m, &o);
			KT_EXPECT(o == (kmutex ? l : NULL));
			rumpuser_mutex_exit(m);
		}
		rumpuser_mutex_destroy(m);
	}
}

struct cvowner {
	struct rumpuser_mtx *m;
	struct rumpuser_cv *cv;
	struct lwp *waiter;
	int flag;
	int bad;
};

static void *cvowner_thread(void *arg)
{
	struct cvowner *c = arg;
	struct lwp *me = conf_thread_enter(), *o;

	conf_wait_eq(&c->waiter->out, 1, CONF_PATIENCE_MS);
	rumpuser_mutex_enter(c->m);
	rumpuser_mutex_owner(c->m, &o);
	/* While the waiter sleeps, the mutex is ours and says so. */
	if (o != me)
		AT_STORE(&c->bad, 1);
	c->flag = 1;
	rumpuser_cv_signal(c->cv);
	rumpuser_mutex_exit(c->m);
	conf_thread_leave();
	return NULL;
}

static void mutex_owner_across_cv(void)
{
	static const int kinds[] = {
		RUMPUSER_MTX_KMUTEX, RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX,
	};
	struct lwp *l = conf_lwp(), *o;
	int k, timed;

	for (k = 0; k < KT_NELEM(kinds); k++) {
		for (timed = 0; timed < 2; timed++) {
			struct cvowner c;
			void *t;

			memset(&c, 0, sizeof(c));
			c.waiter = l;
			rumpuser_mutex_init(&c.m, kinds[k]);
			rumpuser_cv_init(&c.cv);
			t = conf_spawn(cvowner_thread, &c);
			rumpuser_mutex_enter(c.m);
			while (!c.flag) {
				if (timed)
					rumpuser_cv_timedwait(c.cv, c.m, 10, 0);
				else
					rumpuser_cv_wait(c.cv, c.m);
				rumpuser_mutex_owner(c.m, &o);
				KT_EXPECT(o == l);
			}
			rumpuser_mutex_owner(c.m, &o);
			KT_EXPECT(o == l);
			rumpuser_mutex_exit(c.m);
			conf_join(t);
			KT_EXPECT_EQ(c.bad, 0);
			/* And after a timeout too. */
			rumpuser_mutex_enter(c.m);
			KT_EXPECT_EQ(rumpuser_cv_timedwait(c.cv, c.m, 0,
							   CONF_NS_MSEC),
				     NB_ETIMEDOUT);
			rumpuser_mutex_owner(c.m, &o);
			KT_EXPECT(o == l);
			rumpuser_mutex_exit(c.m);
			rumpuser_cv_destroy(c.cv);
			rumpuser_mutex_destroy(c.m);
		}
	}
}

#define STRESS_THREADS 4

struct stress {
	struct rumpuser_mtx *m;
	int kmutex;
	int iters;
	long counter;		/* protected by m only: no atomics */
	int bad_owner;
};

static void *stress_thread(void *arg)
{
	struct stress *st = arg;
	struct lwp *me = conf_thread_enter(), *o;
	int i, k;

	for (i = 0; i < st->iters; i++) {
		if (i % 4 != 0 || rumpuser_mutex_tryenter(st->m) != 0)
			rumpuser_mutex_enter(st->m);
		if (st->kmutex) {
			rumpuser_mutex_owner(st->m, &o);
			if (o != me)
				AT_STORE(&st->bad_owner, 1);
		}
		/*
		 * A wide, racy read-modify-write: without mutual exclusion
		 * updates get lost, and the window makes contention common.
		 */
		for (k = 0; k < 8; k++) {
			long v = *(volatile long *)&st->counter;

			*(volatile long *)&st->counter = v + 1;
		}
		rumpuser_mutex_exit(st->m);
	}
	conf_thread_leave();
	return NULL;
}

static void stress_run(int flags)
{
	void *t[STRESS_THREADS];
	struct stress st;
	long u0, s0;
	int i;

	memset(&st, 0, sizeof(st));
	rumpuser_mutex_init(&st.m, flags);
	st.kmutex = (flags & RUMPUSER_MTX_KMUTEX) != 0;
	st.iters = conf_iters(20000);
	/*
	 * Three CPUs for five threads: contention on the mutex, and CPU
	 * hand-offs inside the upcalls too.
	 */
	mock_sched_enable(3);
	u0 = mock_count(MU_BUNSCHED);
	s0 = mock_count(MU_BSCHED);
	for (i = 0; i < STRESS_THREADS; i++)
		t[i] = conf_spawn(stress_thread, &st);
	for (i = 0; i < STRESS_THREADS; i++)
		conf_join(t[i]);
	mock_sched_disable();
	KT_EXPECT_EQ(st.counter, 8L * STRESS_THREADS * st.iters);
	KT_EXPECT_EQ(st.bad_owner, 0);
	KT_EXPECT_EQ(mock_count(MU_BUNSCHED) - u0, mock_count(MU_BSCHED) - s0);
	kt_diag("flags %d: %d x %d, %ld unschedule upcalls", flags,
		STRESS_THREADS, st.iters, mock_count(MU_BUNSCHED) - u0);
	rumpuser_mutex_destroy(st.m);
}

static void mutex_stress_kmutex(void)
{
	stress_run(RUMPUSER_MTX_KMUTEX);
}

static void mutex_stress_spin(void)
{
	stress_run(RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX);
}

static const struct kt_case mutex_cases[] = {
	{ "spin_p", mutex_spin_p },
	{ "uncontended_no_upcalls", mutex_uncontended },
	{ "contended_kmutex_one_pair", mutex_contended_one_pair },
	{ "spin_never_upcalls", mutex_spin_never_upcalls },
	{ "tryenter_0_16", mutex_tryenter },
	{ "owner_kmutex_only", mutex_owner },
	{ "owner_across_cv_wait", mutex_owner_across_cv },
	{ "stress_kmutex_exact", mutex_stress_kmutex },
	{ "stress_spin_kmutex_exact", mutex_stress_spin },
};

const struct kt_family conf_fam_mutex = {
	"mutex", mutex_cases, KT_NELEM(mutex_cases), conf_fam_setup,
};
