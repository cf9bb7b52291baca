// SPDX-License-Identifier: BSD-2-Clause
/*
 * conf_rw.c - reader/writer locks: shared readers, writer exclusion,
 * held() rules, tryenter/tryupgrade, atomic downgrade, one upcall pair
 * per contended enter, exclusion invariants under stress.
 */
#include "conf.h"

static int held(int lk, struct rumpuser_rw *rw)
{
	int h = -1;

	rumpuser_rw_held(lk, rw, &h);
	return h;
}

static void rw_uncontended(void)
{
	struct lwp *l = conf_lwp();
	struct rumpuser_rw *rw;
	long u;
	int i;

	if (!l)
		return;
	rumpuser_rw_init(&rw);
	u = AT_LOAD(&l->n_bunsched);
	for (i = 0; i < 1000; i++) {
		rumpuser_rw_enter(RUMPUSER_RW_READER, rw);
		rumpuser_rw_exit(rw);
		rumpuser_rw_enter(RUMPUSER_RW_WRITER, rw);
		rumpuser_rw_exit(rw);
		KT_EXPECT_EQ(rumpuser_rw_tryenter(RUMPUSER_RW_READER, rw), 0);
		rumpuser_rw_exit(rw);
		KT_EXPECT_EQ(rumpuser_rw_tryenter(RUMPUSER_RW_WRITER, rw), 0);
		rumpuser_rw_exit(rw);
	}
	KT_EXPECT_EQ(AT_LOAD(&l->n_bunsched), u);
	rumpuser_rw_destroy(rw);
}

/* A second thread that probes the lock while the main thread holds it. */
struct probe {
	struct rumpuser_rw *rw;
	int try_r, try_w, held_r, held_w;	/* results */
	int held_r_mine, held_w_mine;		/* while holding it shared */
};

static void *probe_thread(void *arg)
{
	struct probe *p = arg;

	conf_thread_enter();
	p->try_w = rumpuser_rw_tryenter(RUMPUSER_RW_WRITER, p->rw);
	if (p->try_w == 0)
		rumpuser_rw_exit(p->rw);
	p->held_r = held(RUMPUSER_RW_READER, p->rw);
	p->held_w = held(RUMPUSER_RW_WRITER, p->rw);
	p->try_r = rumpuser_rw_tryenter(RUMPUSER_RW_READER, p->rw);
	if (p->try_r == 0) {
		p->held_r_mine = held(RUMPUSER_RW_READER, p->rw);
		p->held_w_mine = held(RUMPUSER_RW_WRITER, p->rw);
		rumpuser_rw_exit(p->rw);
	}
	conf_thread_leave();
	return NULL;
}

static void rw_concurrent_readers(void)
{
	struct probe p;

	memset(&p, 0, sizeof(p));
	rumpuser_rw_init(&p.rw);
	rumpuser_rw_enter(RUMPUSER_RW_READER, p.rw);
	conf_join(conf_spawn(probe_thread, &p));
	KT_EXPECT_EQ(p.try_r, 0);		/* readers share */
	KT_EXPECT_EQ(p.try_w, NB_EBUSY);	/* writers wait */
	KT_EXPECT_EQ(p.held_r, 1);
	KT_EXPECT_EQ(p.held_w, 0);
	KT_EXPECT_EQ(p.held_r_mine, 1);
	KT_EXPECT_EQ(p.held_w_mine, 0);
	KT_EXPECT_EQ(held(RUMPUSER_RW_READER, p.rw), 1);
	KT_EXPECT_EQ(held(RUMPUSER_RW_WRITER, p.rw), 0);
	rumpuser_rw_exit(p.rw);
	rumpuser_rw_destroy(p.rw);
}

static void rw_writer_excludes(void)
{
	struct probe p;

	memset(&p, 0, sizeof(p));
	rumpuser_rw_init(&p.rw);
	rumpuser_rw_enter(RUMPUSER_RW_WRITER, p.rw);
	conf_join(conf_spawn(probe_thread, &p));
	KT_EXPECT_EQ(p.try_r, NB_EBUSY);
	KT_EXPECT_EQ(p.try_w, NB_EBUSY);
	KT_EXPECT_EQ(p.held_w, 0);	/* WRITER: only for the owning lwp */
	KT_EXPECT_EQ(p.held_r, 0);	/* nobody holds it shared */
	KT_EXPECT_EQ(held(RUMPUSER_RW_WRITER, p.rw), 1);
	KT_EXPECT_EQ(held(RUMPUSER_RW_READER, p.rw), 0);
	rumpuser_rw_exit(p.rw);
	KT_EXPECT_EQ(held(RUMPUSER_RW_WRITER, p.rw), 0);
	KT_EXPECT_EQ(held(RUMPUSER_RW_READER, p.rw), 0);
	rumpuser_rw_destroy(p.rw);
}

struct rwholder {
	struct rumpuser_rw *rw;
	int lk;
	struct lwp *waiter;
	int held;
};

static void *rwholder_thread(void *arg)
{
	struct rwholder *h = arg;

	conf_thread_enter();
	rumpuser_rw_enter(h->lk, h->rw);
	AT_STORE(&h->held, 1);
	conf_wait_eq(&h->waiter->out, 1, CONF_PATIENCE_MS);
	conf_msleep(20);
	rumpuser_rw_exit(h->rw);
	conf_thread_leave();
	return NULL;
}

static void rw_contended_one_pair(void)
{
	static const int combos[][2] = {
		{ RUMPUSER_RW_WRITER, RUMPUSER_RW_READER },
		{ RUMPUSER_RW_WRITER, RUMPUSER_RW_WRITER },
		{ RUMPUSER_RW_READER, RUMPUSER_RW_WRITER },
	};
	struct lwp *l = conf_lwp();
	int i;

	if (!l)
		return;
	for (i = 0; i < KT_NELEM(combos); i++) {
		struct rwholder h;
		long u, s;
		void *t;

		memset(&h, 0, sizeof(h));
		rumpuser_rw_init(&h.rw);
		h.lk = combos[i][0];
		h.waiter = l;
		t = conf_spawn(rwholder_thread, &h);
		KT_EXPECT(conf_wait_eq(&h.held, 1, CONF_PATIENCE_MS));
		u = AT_LOAD(&l->n_bunsched);
		s = AT_LOAD(&l->n_bsched);
		rumpuser_rw_enter(combos[i][1], h.rw);
		KT_EXPECT_EQ(AT_LOAD(&l->n_bunsched) - u, 1);
		KT_EXPECT_EQ(AT_LOAD(&l->n_bsched) - s, 1);
		KT_EXPECT_EQ(held(combos[i][1], h.rw), 1);
		rumpuser_rw_exit(h.rw);
		conf_join(t);
		rumpuser_rw_destroy(h.rw);
	}
}

static void *reader_thread(void *arg)
{
	struct rwholder *h = arg;

	conf_thread_enter();
	rumpuser_rw_enter(RUMPUSER_RW_READER, h->rw);
	AT_STORE(&h->held, 1);
	conf_wait_eq(&h->held, 2, CONF_PATIENCE_MS);
	rumpuser_rw_exit(h->rw);
	conf_thread_leave();
	return NULL;
}

static void rw_tryupgrade(void)
{
	struct rumpuser_rw *rw;
	struct rwholder h;
	void *t;

	rumpuser_rw_init(&rw);
	/* Sole reader: the upgrade may succeed; if it does, we are writer. */
	rumpuser_rw_enter(RUMPUSER_RW_READER, rw);
	if (rumpuser_rw_tryupgrade(rw) == 0) {
		KT_EXPECT_EQ(held(RUMPUSER_RW_WRITER, rw), 1);
		KT_EXPECT_EQ(held(RUMPUSER_RW_READER, rw), 0);
	} else {
		kt_diag("tryupgrade of a sole reader failed (allowed)");
		KT_EXPECT_EQ(held(RUMPUSER_RW_READER, rw), 1);
	}
	rumpuser_rw_exit(rw);
	KT_EXPECT_EQ(held(RUMPUSER_RW_WRITER, rw), 0);
	KT_EXPECT_EQ(held(RUMPUSER_RW_READER, rw), 0);

	/* Two readers: the upgrade must fail and leave us a reader. */
	memset(&h, 0, sizeof(h));
	h.rw = rw;
	t = conf_spawn(reader_thread, &h);
	KT_EXPECT(conf_wait_eq(&h.held, 1, CONF_PATIENCE_MS));
	rumpuser_rw_enter(RUMPUSER_RW_READER, rw);
	KT_EXPECT_EQ(rumpuser_rw_tryupgrade(rw), NB_EBUSY);
	KT_EXPECT_EQ(held(RUMPUSER_RW_READER, rw), 1);
	KT_EXPECT_EQ(held(RUMPUSER_RW_WRITER, rw), 0);
	rumpuser_rw_exit(rw);
	AT_STORE(&h.held, 2);
	conf_join(t);
	rumpuser_rw_destroy(rw);
}

struct dg {
	struct rumpuser_rw *rw;
	int lk;
	int entered;
	int exited;
	struct lwp *lwp;
};

static void *dg_waiter(void *arg)
{
	struct dg *d = arg;

	AT_STORE(&d->lwp, conf_thread_enter());
	rumpuser_rw_enter(d->lk, d->rw);
	AT_STORE(&d->entered, 1);
	conf_msleep(5);
	rumpuser_rw_exit(d->rw);
	AT_STORE(&d->exited, 1);
	conf_thread_leave();
	return NULL;
}

static void rw_downgrade_blocks_writer(void)
{
	struct rumpuser_rw *rw;
	struct dg w;
	void *t;

	rumpuser_rw_init(&rw);
	rumpuser_rw_enter(RUMPUSER_RW_WRITER, rw);
	memset(&w, 0, sizeof(w));
	w.rw = rw;
	w.lk = RUMPUSER_RW_WRITER;
	t = conf_spawn(dg_waiter, &w);
	/* Wait until the other writer gave its CPU back to block. */
	while (!AT_LOAD(&w.lwp))
		conf_msleep(1);
	KT_EXPECT(conf_wait_eq(&AT_LOAD(&w.lwp)->out, 1, CONF_PATIENCE_MS));
	rumpuser_rw_downgrade(rw);
	KT_EXPECT_EQ(held(RUMPUSER_RW_READER, rw), 1);
	KT_EXPECT_EQ(held(RUMPUSER_RW_WRITER, rw), 0);
	/* We still hold it shared: the writer must stay out. */
	conf_msleep(50);
	KT_EXPECT_EQ(AT_LOAD(&w.entered), 0);
	rumpuser_rw_exit(rw);
	KT_EXPECT(conf_wait_eq(&w.exited, 1, CONF_PATIENCE_MS));
	conf_join(t);
	rumpuser_rw_destroy(rw);
}

#define DG_THREADS 3

struct dgstress {
	struct rumpuser_rw *rw;
	int iters;
	long token;		/* written only under the writer lock */
	long writes;
	int bad;
};

static void *dgstress_thread(void *arg)
{
	struct dgstress *d = arg;
	struct lwp *me = conf_thread_enter();
	int i;

	for (i = 0; i < d->iters; i++) {
		long mine = (long)me->id * 1000000L + i;

		rumpuser_rw_enter(RUMPUSER_RW_WRITER, d->rw);
		AT_STORE(&d->token, mine);
		d->writes++;
		rumpuser_rw_downgrade(d->rw);
		/* No writer may have slipped in between. */
		if (AT_LOAD(&d->token) != mine)
			AT_STORE(&d->bad, 1);
		if (i % 16 == 0)
			conf_msleep(0);
		if (AT_LOAD(&d->token) != mine)
			AT_STORE(&d->bad, 1);
		rumpuser_rw_exit(d->rw);
	}
	conf_thread_leave();
	return NULL;
}

static void rw_downgrade_stress(void)
{
	void *t[DG_THREADS];
	struct dgstress d;
	int i;

	memset(&d, 0, sizeof(d));
	rumpuser_rw_init(&d.rw);
	d.iters = conf_iters(5000);
	mock_sched_enable(2);
	for (i = 0; i < DG_THREADS; i++)
		t[i] = conf_spawn(dgstress_thread, &d);
	for (i = 0; i < DG_THREADS; i++)
		conf_join(t[i]);
	mock_sched_disable();
	KT_EXPECT_EQ(d.bad, 0);
	KT_EXPECT_EQ(d.writes, (long)DG_THREADS * d.iters);
	rumpuser_rw_destroy(d.rw);
}

#define RWS_THREADS 4

struct rwstress {
	struct rumpuser_rw *rw;
	int iters;
	int readers;		/* atomic: readers inside */
	int writers;		/* atomic: writers inside */
	int max_readers;
	long data;		/* written under the writer lock */
	long reads;		/* atomic */
	int bad;
};

static void *rwstress_thread(void *arg)
{
	struct rwstress *s = arg;
	struct lwp *me = conf_thread_enter();
	int i;

	for (i = 0; i < s->iters; i++) {
		if ((i + me->id) % 5 == 0) {
			rumpuser_rw_enter(RUMPUSER_RW_WRITER, s->rw);
			if (AT_ADD(&s->writers, 1) != 1 || AT_LOAD(&s->readers))
				AT_STORE(&s->bad, 1);
			s->data++;
			AT_ADD(&s->writers, -1);
			rumpuser_rw_exit(s->rw);
		} else {
			int r;

			if (i % 3 || rumpuser_rw_tryenter(RUMPUSER_RW_READER,
							  s->rw) != 0)
				rumpuser_rw_enter(RUMPUSER_RW_READER, s->rw);
			r = AT_ADD(&s->readers, 1);
			if (r > AT_LOAD(&s->max_readers))
				AT_STORE(&s->max_readers, r);
			if (AT_LOAD(&s->writers))
				AT_STORE(&s->bad, 1);
			AT_ADD(&s->reads, 1);
			AT_ADD(&s->readers, -1);
			rumpuser_rw_exit(s->rw);
		}
	}
	conf_thread_leave();
	return NULL;
}

static void rw_stress_exclusion(void)
{
	void *t[RWS_THREADS];
	struct rwstress s;
	long writes;
	int i;

	memset(&s, 0, sizeof(s));
	rumpuser_rw_init(&s.rw);
	s.iters = conf_iters(20000);
	mock_sched_enable(3);
	for (i = 0; i < RWS_THREADS; i++)
		t[i] = conf_spawn(rwstress_thread, &s);
	for (i = 0; i < RWS_THREADS; i++)
		conf_join(t[i]);
	mock_sched_disable();
	writes = s.data;
	KT_EXPECT_EQ(s.bad, 0);
	KT_EXPECT_EQ(writes + s.reads, (long)RWS_THREADS * s.iters);
	KT_EXPECT(writes > 0 && s.reads > 0);
	kt_diag("%ld writes, %ld reads, up to %d readers at once", writes,
		s.reads, s.max_readers);
	rumpuser_rw_destroy(s.rw);
}

static const struct kt_case rw_cases[] = {
	{ "uncontended_no_upcalls", rw_uncontended },
	{ "concurrent_readers", rw_concurrent_readers },
	{ "writer_excludes_held_rules", rw_writer_excludes },
	{ "contended_one_pair", rw_contended_one_pair },
	{ "tryupgrade", rw_tryupgrade },
	{ "downgrade_keeps_writer_out", rw_downgrade_blocks_writer },
	{ "downgrade_atomic_stress", rw_downgrade_stress },
	{ "stress_exclusion", rw_stress_exclusion },
};

const struct kt_family conf_fam_rw = {
	"rw", rw_cases, KT_NELEM(rw_cases), conf_fam_setup,
};
