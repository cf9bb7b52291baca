// SPDX-License-Identifier: BSD-2-Clause
/*
 * conf_init.c - rumpuser_init(): version check, the upcall table copied
 * by value, no upcalls before the scheduler exists, fini and re-init.
 */
#include "conf.h"

static struct rumpuser_hyperup init_copy;
static long init_poisoned;

/*
 * Installed in the caller's table after init: a layer that kept a pointer
 * instead of a copy calls these.  They count, then behave like the mock so
 * the rest of the suite still runs.
 */
static void poison_bunsched(int n, int *countp, void *il)
{
	AT_ADD(&init_poisoned, 1);
	mock_hyp.hyp_backend_unschedule(n, countp, il);
}

static void poison_bsched(int n, void *il)
{
	AT_ADD(&init_poisoned, 1);
	mock_hyp.hyp_backend_schedule(n, il);
}

static void init_rejects_16_18(void)
{
	KT_EXPECT_EQ(conf_teardown(), 0);
	KT_EXPECT(rumpuser_init(16, &mock_hyp) != 0);
	KT_EXPECT(rumpuser_init(18, &mock_hyp) != 0);
	KT_EXPECT(rumpuser_init(0, &mock_hyp) != 0);
	/* A rejected init leaves the layer usable for a correct one. */
	KT_EXPECT_EQ(mock_count(MU_BUNSCHED), mock_count(MU_BSCHED));
}

static void init_17_copies_hyp(void)
{
	struct lwp *l;
	long before;

	init_copy = mock_hyp;
	KT_EXPECT_EQ(conf_setup_with(&init_copy), 0);
	init_copy.hyp_backend_unschedule = poison_bunsched;
	init_copy.hyp_backend_schedule = poison_bsched;

	l = conf_lwp();
	if (!l)
		return;
	before = AT_LOAD(&l->n_bunsched);
	KT_EXPECT_EQ(rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 1000), 0);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bunsched) - before, 1);
	KT_EXPECT_EQ(AT_LOAD(&init_poisoned), 0);
}

static void init_no_upcalls_before_sched(void)
{
	long counts[MU_N];
	struct rumpuser_mtx *m;
	struct rumpuser_rw *rw;
	struct rumpuser_cv *cv;
	char buf[64];
	void *p;
	int i;

	KT_EXPECT_EQ(conf_teardown(), 0);
	for (i = 0; i < MU_N; i++)
		counts[i] = mock_count(i);

	/* What a rump kernel does at boot, before it has a CPU or an lwp. */
	KT_EXPECT_EQ(rumpuser_init(RUMPUSER_VERSION, &mock_hyp), 0);
	KT_EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf, sizeof(buf)), 0);
	KT_EXPECT_EQ(rumpuser_malloc(4096, 4096, &p), 0);
	rumpuser_mutex_init(&m, RUMPUSER_MTX_KMUTEX);
	rumpuser_mutex_enter(m);	/* uncontended: must not upcall */
	rumpuser_mutex_exit(m);
	rumpuser_rw_init(&rw);
	rumpuser_rw_enter(RUMPUSER_RW_WRITER, rw);
	rumpuser_rw_exit(rw);
	rumpuser_cv_init(&cv);
	rumpuser_cv_signal(cv);
	rumpuser_cv_broadcast(cv);
	rumpuser_cv_destroy(cv);
	rumpuser_rw_destroy(rw);
	rumpuser_mutex_destroy(m);
	rumpuser_free(p, 4096);

	for (i = 0; i < MU_N; i++)
		KT_EXPECT_MSG(mock_count(i) == counts[i],
			      "upcall %d made %ld times with no CPU held", i,
			      mock_count(i) - counts[i]);
	KT_EXPECT_EQ(conf_adopt(), 0);
}

static void init_fini_reinit(void)
{
	struct rumpuser_mtx *m;
	struct lwp *l;
	long before;

	KT_EXPECT_EQ(conf_teardown(), 0);
	KT_EXPECT_EQ(conf_setup(), 0);
	l = conf_lwp();
	if (!l)
		return;
	rumpuser_mutex_init(&m, RUMPUSER_MTX_KMUTEX);
	rumpuser_mutex_enter(m);
	rumpuser_mutex_exit(m);
	rumpuser_mutex_destroy(m);
	before = AT_LOAD(&l->n_bsched);
	KT_EXPECT_EQ(rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 1000), 0);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bsched) - before, 1);
	KT_EXPECT_EQ(rumpuser_ext_dead(), 0);
}

static const struct kt_case init_cases[] = {
	{ "rejects_16_18", init_rejects_16_18 },
	{ "accepts_17_copies_hyp", init_17_copies_hyp },
	{ "no_upcalls_before_sched", init_no_upcalls_before_sched },
	{ "fini_then_reinit", init_fini_reinit },
};

const struct kt_family conf_fam_init = {
	"init", init_cases, KT_NELEM(init_cases), NULL,
};
