// SPDX-License-Identifier: BSD-2-Clause
/*
 * conf_cv.c - condition variables: signal wakes one, broadcast all,
 * has_waiters, timedwait 0/60, the interlock order of spec section 4 for
 * the three mutex kinds (with the mock scheduler lock taken inside the
 * upcalls), destroy right after the waiter returns, signal from inside
 * the unschedule upcall, nowrap waits, producer/consumer exact counts.
 */
#include "conf.h"

static int waiters(struct rumpuser_cv *cv)
{
	int n = -1;

	rumpuser_cv_has_waiters(cv, &n);
	return n;
}

/* Poll has_waiters (the CPU is given back while polling). */
static int wait_waiters(struct rumpuser_cv *cv, int n)
{
	int64_t end = conf_now_ns() + CONF_PATIENCE_MS * CONF_NS_MSEC;

	while (waiters(cv) != n) {
		if (conf_now_ns() > end)
			return 0;
		conf_msleep(1);
	}
	return 1;
}

struct gen {
	struct rumpuser_mtx *m;
	struct rumpuser_cv *cv;
	int gen;		/* under m */
	int woken;		/* atomic */
	int timed;
};

static void *gen_waiter(void *arg)
{
	struct gen *g = arg;
	int mine;

	conf_thread_enter();
	rumpuser_mutex_enter(g->m);
	mine = g->gen;
	while (g->gen == mine) {
		if (g->timed)
			rumpuser_cv_timedwait(g->cv, g->m, 10, 0);
		else
			rumpuser_cv_wait(g->cv, g->m);
	}
	AT_ADD(&g->woken, 1);
	rumpuser_mutex_exit(g->m);
	conf_thread_leave();
	return NULL;
}

#define NWAITERS 4

static void gen_setup(struct gen *g, void **t, int timed)
{
	int i;

	memset(g, 0, sizeof(*g));
	g->timed = timed;
	rumpuser_mutex_init(&g->m, RUMPUSER_MTX_KMUTEX);
	rumpuser_cv_init(&g->cv);
	KT_EXPECT_EQ(waiters(g->cv), 0);
	for (i = 0; i < NWAITERS; i++)
		t[i] = conf_spawn(gen_waiter, g);
	KT_EXPECT(wait_waiters(g->cv, NWAITERS));
}

static void gen_teardown(struct gen *g, void **t)
{
	int i;

	for (i = 0; i < NWAITERS; i++)
		conf_join(t[i]);
	KT_EXPECT_EQ(waiters(g->cv), 0);
	rumpuser_cv_destroy(g->cv);
	rumpuser_mutex_destroy(g->m);
}

static void cv_signal_wakes_one(void)
{
	void *t[NWAITERS];
	struct gen g;
	int i;

	gen_setup(&g, t, 0);
	for (i = 1; i <= NWAITERS; i++) {
		/*
		 * Every sleeper would return on seeing the new generation, so
		 * after i signals exactly i waiters may have returned.
		 */
		rumpuser_mutex_enter(g.m);
		g.gen++;
		rumpuser_cv_signal(g.cv);
		rumpuser_mutex_exit(g.m);
		KT_EXPECT(conf_wait_eq(&g.woken, i, CONF_PATIENCE_MS));
		conf_msleep(20);
		KT_EXPECT_EQ(AT_LOAD(&g.woken), i);
		KT_EXPECT(wait_waiters(g.cv, NWAITERS - i));
	}
	gen_teardown(&g, t);
}

static void cv_broadcast_wakes_all(void)
{
	void *t[NWAITERS];
	struct gen g;
	int timed;

	for (timed = 0; timed < 2; timed++) {
		gen_setup(&g, t, timed);
		rumpuser_mutex_enter(g.m);
		g.gen++;
		rumpuser_cv_broadcast(g.cv);
		rumpuser_mutex_exit(g.m);
		KT_EXPECT(conf_wait_eq(&g.woken, NWAITERS, CONF_PATIENCE_MS));
		gen_teardown(&g, t);
	}
}

struct sig1 {
	struct rumpuser_mtx *m;
	struct rumpuser_cv *cv;
	struct lwp *waiter;
	int flag;		/* under m */
	int delay_ms;
	int nowrap;		/* waiter has no CPU to give: poll waiters */
};

/* Signal once the waiter is waiting (it gave its CPU back). */
static void *sig1_thread(void *arg)
{
	struct sig1 *s = arg;

	conf_thread_enter();
	if (s->nowrap)
		wait_waiters(s->cv, 1);
	else
		conf_wait_eq(&s->waiter->out, 1, CONF_PATIENCE_MS);
	conf_msleep(s->delay_ms);
	rumpuser_mutex_enter(s->m);
	s->flag = 1;
	rumpuser_cv_signal(s->cv);
	rumpuser_mutex_exit(s->m);
	conf_thread_leave();
	return NULL;
}

static void cv_timedwait_0_60(void)
{
	struct lwp *l = conf_lwp();
	struct sig1 s;
	int64_t t0, dt;
	long u, sc;
	void *t;
	int rv;

	if (!l)
		return;
	memset(&s, 0, sizeof(s));
	rumpuser_mutex_init(&s.m, RUMPUSER_MTX_KMUTEX);
	rumpuser_cv_init(&s.cv);

	/* Timeout: 60 after at least the (relative) time asked. */
	rumpuser_mutex_enter(s.m);
	u = AT_LOAD(&l->n_bunsched);
	sc = AT_LOAD(&l->n_bsched);
	t0 = conf_now_ns();
	rv = rumpuser_cv_timedwait(s.cv, s.m, 0, 50 * CONF_NS_MSEC);
	dt = conf_now_ns() - t0;
	KT_EXPECT_EQ(rv, NB_ETIMEDOUT);
	KT_EXPECT_MSG(dt >= 50 * CONF_NS_MSEC,
		      "timedwait(50 ms) returned after %lld ns", (long long)dt);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bunsched) - u, 1);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bsched) - sc, 1);
	KT_EXPECT_EQ(waiters(s.cv), 0);

	/*
	 * Woken: 0.  The timeout is far (an hour), so only a wakeup ends
	 * the wait; a lost one shows up as the run's timeout.
	 */
	s.waiter = l;
	t = conf_spawn(sig1_thread, &s);
	rv = 0;
	while (!s.flag && rv == 0)
		rv = rumpuser_cv_timedwait(s.cv, s.m, 3600, 0);
	KT_EXPECT_EQ(rv, 0);
	rumpuser_mutex_exit(s.m);
	conf_join(t);

	/* A zero timeout returns 60. */
	rumpuser_mutex_enter(s.m);
	KT_EXPECT_EQ(rumpuser_cv_timedwait(s.cv, s.m, 0, 0), NB_ETIMEDOUT);
	rumpuser_mutex_exit(s.m);
	rumpuser_cv_destroy(s.cv);
	rumpuser_mutex_destroy(s.m);
}

static void cv_wait_one_pair(void)
{
	struct lwp *l = conf_lwp();
	struct sig1 s;
	long u, sc, w = 0;
	void *t;

	if (!l)
		return;
	memset(&s, 0, sizeof(s));
	rumpuser_mutex_init(&s.m, RUMPUSER_MTX_KMUTEX);
	rumpuser_cv_init(&s.cv);
	s.waiter = l;
	t = conf_spawn(sig1_thread, &s);
	rumpuser_mutex_enter(s.m);
	u = AT_LOAD(&l->n_bunsched);
	sc = AT_LOAD(&l->n_bsched);
	while (!s.flag) {
		rumpuser_cv_wait(s.cv, s.m);
		w++;
	}
	KT_EXPECT_EQ(AT_LOAD(&l->n_bunsched) - u, w);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bsched) - sc, w);
	KT_EXPECT(mock_cpu_held());
	rumpuser_mutex_exit(s.m);
	conf_join(t);
	rumpuser_cv_destroy(s.cv);
	rumpuser_mutex_destroy(s.m);
}

/* KMUTEX and SPIN|KMUTEX: the waiter holds the mutex when it calls. */
static void interlock_held1(int flags, int timed)
{
	struct lwp *l = conf_lwp(), *o;
	struct sig1 s;
	void *t;

	if (!l)
		return;
	memset(&s, 0, sizeof(s));
	rumpuser_mutex_init(&s.m, flags);
	rumpuser_cv_init(&s.cv);
	s.waiter = l;
	/*
	 * One CPU for both threads, so the waiter's re-schedule really
	 * waits for the CPU; the mock checks the mutex state on each upcall.
	 */
	mock_sched_enable(1);
	mock_expect_interlock(s.m, flags);
	t = conf_spawn(sig1_thread, &s);
	rumpuser_mutex_enter(s.m);
	while (!s.flag) {
		if (timed)
			rumpuser_cv_timedwait(s.cv, s.m, 10, 0);
		else
			rumpuser_cv_wait(s.cv, s.m);
	}
	rumpuser_mutex_owner(s.m, &o);
	KT_EXPECT(o == l);
	if (timed) {
		/* The timeout path re-takes CPU and mutex the same way. */
		KT_EXPECT_EQ(rumpuser_cv_timedwait(s.cv, s.m, 0,
						   CONF_NS_MSEC), NB_ETIMEDOUT);
		rumpuser_mutex_owner(s.m, &o);
		KT_EXPECT(o == l);
	}
	rumpuser_mutex_exit(s.m);
	conf_join(t);
	KT_EXPECT(mock_interlock_seen(0) >= 1);
	KT_EXPECT_EQ(mock_interlock_seen(1), mock_interlock_seen(0));
	mock_expect_interlock(NULL, 0);
	mock_sched_disable();
	rumpuser_cv_destroy(s.cv);
	rumpuser_mutex_destroy(s.m);
}

static void interlock_held(int flags)
{
	interlock_held1(flags, 0);
	interlock_held1(flags, 1);
}

static void cv_interlock_kmutex(void)
{
	interlock_held(RUMPUSER_MTX_KMUTEX);
}

static void cv_interlock_spin_kmutex(void)
{
	interlock_held(RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX);
}

struct schedw {
	struct rumpuser_cv *cv;
	struct lwp *waiter;
	int flag;		/* atomic */
	int done;		/* atomic */
	int signals;
};

/*
 * The waker of a SPIN-only (scheduler lock) wait.  The waiter does not
 * hold the lock when it calls cv_wait: the unschedule upcall takes it.
 * Waiting for that (il_held) and then taking the lock proves the wait is
 * armed, because the lock is only released by the sleep itself.
 */
static void *schedw_thread(void *arg)
{
	struct schedw *w = arg;
	struct rumpuser_mtx *sl = mock_sched_lock();

	conf_thread_enter();
	while (!AT_LOAD(&w->done)) {
		if (!AT_LOAD(&w->waiter->il_held)) {
			conf_msleep(1);
			continue;
		}
		rumpuser_mutex_enter_nowrap(sl);
		AT_STORE(&w->flag, 1);
		rumpuser_cv_signal(w->cv);
		w->signals++;
		rumpuser_mutex_exit(sl);
		conf_msleep(2);
	}
	conf_thread_leave();
	return NULL;
}

static void interlock_spin_sched1(int timed)
{
	struct lwp *l = conf_lwp();
	struct rumpuser_mtx *sl;
	struct schedw w;
	long u, s;
	int i, free_after = 0;
	void *t;

	if (!l)
		return;
	memset(&w, 0, sizeof(w));
	rumpuser_cv_init(&w.cv);
	w.waiter = l;
	mock_sched_enable(2);
	sl = mock_sched_lock();
	mock_expect_interlock(sl, RUMPUSER_MTX_SPIN);
	t = conf_spawn(schedw_thread, &w);
	u = AT_LOAD(&l->n_bunsched);
	s = AT_LOAD(&l->n_bsched);
	while (!AT_LOAD(&w.flag)) {
		if (timed)
			rumpuser_cv_timedwait(w.cv, sl, 10, 0);
		else
			rumpuser_cv_wait(w.cv, sl);
	}
	AT_STORE(&w.done, 1);
	/* backend_schedule released the lock: the caller does not hold it. */
	for (i = 0; i < 1000 && !free_after; i++) {
		if (rumpuser_mutex_tryenter(sl) == 0) {
			rumpuser_mutex_exit(sl);
			free_after = 1;
		}
	}
	KT_EXPECT(free_after);
	KT_EXPECT(mock_cpu_held());
	KT_EXPECT(AT_LOAD(&l->n_bunsched) - u >= 1);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bunsched) - u, AT_LOAD(&l->n_bsched) - s);
	KT_EXPECT(mock_interlock_seen(0) >= 1);
	KT_EXPECT_EQ(mock_interlock_seen(1), mock_interlock_seen(0));
	conf_join(t);
	if (timed) {
		/* A timeout: the lock is taken and released by the upcalls. */
		KT_EXPECT_EQ(rumpuser_cv_timedwait(w.cv, sl, 0, CONF_NS_MSEC),
			     NB_ETIMEDOUT);
		KT_EXPECT(mock_cpu_held());
		KT_EXPECT_EQ(mock_interlock_seen(1), mock_interlock_seen(0));
	}
	mock_expect_interlock(NULL, 0);
	mock_sched_disable();
	rumpuser_cv_destroy(w.cv);
}

static void cv_interlock_spin_sched(void)
{
	interlock_spin_sched1(0);
	interlock_spin_sched1(1);
}

struct hook {
	struct rumpuser_mtx *m;
	struct rumpuser_cv *cv;
	int flag;		/* under m */
	int broadcast;
	int fired;
};

/* Runs inside hyp_backend_unschedule of the main lwp. */
static void hook_fn(void *arg)
{
	struct hook *h = arg;

	rumpuser_mutex_enter_nowrap(h->m);
	h->flag = 1;
	if (h->broadcast)
		rumpuser_cv_broadcast(h->cv);
	else
		rumpuser_cv_signal(h->cv);
	rumpuser_mutex_exit(h->m);
	AT_ADD(&h->fired, 1);
}

static void *hook_waiter(void *arg)
{
	struct hook *h = arg;

	conf_thread_enter();
	rumpuser_mutex_enter(h->m);
	while (!h->flag)
		rumpuser_cv_wait(h->cv, h->m);
	rumpuser_mutex_exit(h->m);
	conf_thread_leave();
	return NULL;
}

static void cv_signal_in_upcall(void)
{
	struct lwp *l = conf_lwp();
	struct hook h;
	void *t;

	if (!l)
		return;
	for (h.broadcast = 0; h.broadcast < 2; h.broadcast++) {
		int bc = h.broadcast;

		memset(&h, 0, sizeof(h));
		h.broadcast = bc;
		rumpuser_mutex_init(&h.m, RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX);
		rumpuser_cv_init(&h.cv);
		t = conf_spawn(hook_waiter, &h);
		KT_EXPECT(wait_waiters(h.cv, 1));
		mock_set_unsched_hook(l, hook_fn, &h);
		/* The sleep's unschedule upcall wakes the waiter. */
		conf_msleep(1);
		mock_set_unsched_hook(NULL, NULL, NULL);
		KT_EXPECT_EQ(AT_LOAD(&h.fired), 1);
		conf_join(t);
		KT_EXPECT_EQ(waiters(h.cv), 0);
		rumpuser_cv_destroy(h.cv);
		rumpuser_mutex_destroy(h.m);
	}
}

struct churn {
	struct rumpuser_mtx *m;
	struct rumpuser_cv *slot;	/* atomic: the cv being waited on */
	int flag;			/* under m */
	int stop;			/* atomic */
	long signals;
};

static void *churn_thread(void *arg)
{
	struct churn *c = arg;

	conf_thread_enter();
	while (!AT_LOAD(&c->stop)) {
		struct rumpuser_cv *cv;

		rumpuser_mutex_enter(c->m);
		cv = AT_LOAD(&c->slot);
		if (cv) {
			c->flag = 1;
			rumpuser_cv_signal(cv);
			c->signals++;
		}
		rumpuser_mutex_exit(c->m);
		conf_msleep(0);
	}
	conf_thread_leave();
	return NULL;
}

static void cv_destroy_after_return(void)
{
	struct churn c;
	void *t;
	int i, n = conf_iters(500), timeouts = 0;

	memset(&c, 0, sizeof(c));
	rumpuser_mutex_init(&c.m, RUMPUSER_MTX_KMUTEX);
	t = conf_spawn(churn_thread, &c);
	for (i = 0; i < n; i++) {
		struct rumpuser_cv *cv;

		rumpuser_cv_init(&cv);
		rumpuser_mutex_enter(c.m);
		c.flag = 0;
		AT_STORE(&c.slot, cv);
		while (!c.flag) {
			if (i % 2) {
				/* Timeouts racing with signals. */
				if (rumpuser_cv_timedwait(cv, c.m, 0,
							  (i % 7) * 30000) != 0)
					timeouts++;
			} else {
				rumpuser_cv_wait(cv, c.m);
			}
		}
		AT_STORE(&c.slot, NULL);
		rumpuser_mutex_exit(c.m);
		/* Straight after the waiter returned. */
		rumpuser_cv_destroy(cv);
	}
	AT_STORE(&c.stop, 1);
	conf_join(t);
	kt_diag("%d waits, %ld signals, %d timeouts", n, c.signals, timeouts);
	rumpuser_mutex_destroy(c.m);
}

static void cv_wait_nowrap(void)
{
	struct lwp *l = conf_lwp(), *o;
	struct sig1 s;
	long u;
	void *t;

	if (!l)
		return;
	memset(&s, 0, sizeof(s));
	rumpuser_mutex_init(&s.m, RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX);
	rumpuser_cv_init(&s.cv);
	s.waiter = l;
	s.nowrap = 1;
	t = conf_spawn(sig1_thread, &s);
	rumpuser_mutex_enter_nowrap(s.m);
	u = AT_LOAD(&l->n_bunsched);
	while (!s.flag)
		rumpuser_cv_wait_nowrap(s.cv, s.m);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bunsched), u);
	rumpuser_mutex_owner(s.m, &o);
	KT_EXPECT(o == l);
	rumpuser_mutex_exit(s.m);
	conf_join(t);
	rumpuser_cv_destroy(s.cv);
	rumpuser_mutex_destroy(s.m);
}

struct bare {
	struct rumpuser_mtx *m;
	struct rumpuser_cv *cv;
	int flag;		/* under m */
	int in;			/* atomic: holding m */
	int done;		/* atomic */
};

/*
 * A thread before it schedules (spec section 1): no lwp, no CPU, only the
 * nowrap operations, exit and signal.  Any upcall would be a violation.
 */
static void *bare_thread(void *arg)
{
	struct bare *b = arg;

	rumpuser_mutex_enter_nowrap(b->m);
	AT_STORE(&b->in, 1);
	while (!b->flag)
		rumpuser_cv_wait_nowrap(b->cv, b->m);
	rumpuser_cv_broadcast(b->cv);
	rumpuser_mutex_exit(b->m);
	AT_STORE(&b->done, 1);
	return NULL;
}

static void cv_bare_thread_nowrap(void)
{
	static const int kinds[] = {
		RUMPUSER_MTX_SPIN, RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX,
	};
	long bu = mock_count(MU_BUNSCHED), v0 = mock_violations();
	struct bare b;
	int k;

	for (k = 0; k < KT_NELEM(kinds); k++) {
		void *t;

		memset(&b, 0, sizeof(b));
		rumpuser_mutex_init(&b.m, kinds[k]);
		rumpuser_cv_init(&b.cv);
		/* We hold it first: the bare thread blocks in enter_nowrap. */
		rumpuser_mutex_enter_nowrap(b.m);
		t = conf_spawn(bare_thread, &b);
		conf_msleep(20);
		KT_EXPECT_EQ(AT_LOAD(&b.in), 0);
		rumpuser_mutex_exit(b.m);
		KT_EXPECT(conf_wait_eq(&b.in, 1, CONF_PATIENCE_MS));
		KT_EXPECT(wait_waiters(b.cv, 1));
		rumpuser_mutex_enter_nowrap(b.m);
		b.flag = 1;
		rumpuser_cv_signal(b.cv);
		rumpuser_mutex_exit(b.m);
		conf_join(t);
		KT_EXPECT_EQ(AT_LOAD(&b.done), 1);
		rumpuser_cv_destroy(b.cv);
		rumpuser_mutex_destroy(b.m);
	}
	/* Only our own sleeps and joins upcalled. */
	KT_EXPECT(mock_count(MU_BUNSCHED) - bu > 0);
	KT_EXPECT_EQ(mock_violations(), v0);
}

#define PC_SLOTS 8
#define PC_PROD 2
#define PC_CONS 2

struct pc {
	struct rumpuser_mtx *m;
	struct rumpuser_cv *notfull, *notempty;
	long buf[PC_SLOTS];
	int head, count;	/* under m */
	int items;		/* per producer */
	int producers_left;	/* under m */
	long consumed, sum;	/* under m */
};

static void *producer(void *arg)
{
	struct pc *p = arg;
	struct lwp *me = conf_thread_enter();
	int i;

	for (i = 1; i <= p->items; i++) {
		rumpuser_mutex_enter(p->m);
		while (p->count == PC_SLOTS)
			rumpuser_cv_wait(p->notfull, p->m);
		p->buf[(p->head + p->count) % PC_SLOTS] = i;
		p->count++;
		rumpuser_cv_signal(p->notempty);
		rumpuser_mutex_exit(p->m);
	}
	rumpuser_mutex_enter(p->m);
	p->producers_left--;
	rumpuser_cv_broadcast(p->notempty);
	rumpuser_mutex_exit(p->m);
	(void)me;
	conf_thread_leave();
	return NULL;
}

static void *consumer(void *arg)
{
	struct pc *p = arg;
	int n = 0;

	conf_thread_enter();
	rumpuser_mutex_enter(p->m);
	for (;;) {
		while (p->count == 0 && p->producers_left > 0) {
			if (n++ % 2)
				rumpuser_cv_timedwait(p->notempty, p->m, 1, 0);
			else
				rumpuser_cv_wait(p->notempty, p->m);
		}
		if (p->count == 0)
			break;
		p->sum += p->buf[p->head];
		p->head = (p->head + 1) % PC_SLOTS;
		p->count--;
		p->consumed++;
		rumpuser_cv_signal(p->notfull);
	}
	rumpuser_mutex_exit(p->m);
	conf_thread_leave();
	return NULL;
}

static void cv_producer_consumer(void)
{
	void *t[PC_PROD + PC_CONS];
	struct pc p;
	int i;

	memset(&p, 0, sizeof(p));
	rumpuser_mutex_init(&p.m, RUMPUSER_MTX_KMUTEX);
	rumpuser_cv_init(&p.notfull);
	rumpuser_cv_init(&p.notempty);
	p.items = conf_iters(20000);
	p.producers_left = PC_PROD;
	mock_sched_enable(2);
	for (i = 0; i < PC_CONS; i++)
		t[i] = conf_spawn(consumer, &p);
	for (i = 0; i < PC_PROD; i++)
		t[PC_CONS + i] = conf_spawn(producer, &p);
	for (i = 0; i < PC_PROD + PC_CONS; i++)
		conf_join(t[i]);
	mock_sched_disable();
	KT_EXPECT_EQ(p.consumed, (long)PC_PROD * p.items);
	KT_EXPECT_EQ(p.sum, (long)PC_PROD * p.items * (p.items + 1) / 2);
	KT_EXPECT_EQ(p.count, 0);
	KT_EXPECT_EQ(waiters(p.notfull), 0);
	KT_EXPECT_EQ(waiters(p.notempty), 0);
	rumpuser_cv_destroy(p.notempty);
	rumpuser_cv_destroy(p.notfull);
	rumpuser_mutex_destroy(p.m);
}

static const struct kt_case cv_cases[] = {
	{ "signal_wakes_one_has_waiters", cv_signal_wakes_one },
	{ "broadcast_wakes_all", cv_broadcast_wakes_all },
	{ "timedwait_0_or_60", cv_timedwait_0_60 },
	{ "wait_one_pair", cv_wait_one_pair },
	{ "interlock_kmutex", cv_interlock_kmutex },
	{ "interlock_spin_kmutex", cv_interlock_spin_kmutex },
	{ "interlock_spin_sched_lock", cv_interlock_spin_sched },
	{ "signal_inside_unschedule", cv_signal_in_upcall },
	{ "destroy_right_after_return", cv_destroy_after_return },
	{ "wait_nowrap_no_upcalls", cv_wait_nowrap },
	{ "bare_thread_nowrap", cv_bare_thread_nowrap },
	{ "producer_consumer_exact", cv_producer_consumer },
};

const struct kt_family conf_fam_cv = {
	"cv", cv_cases, KT_NELEM(cv_cases), conf_fam_setup,
};
