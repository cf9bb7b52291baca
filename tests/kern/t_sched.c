// SPDX-License-Identifier: BSD-2-Clause
/* t_sched.c - virtual CPUs, implicit lwps, the big lock, per-CPU data. */
#include "tk.h"

static int inside, inside_max, sched_bad;

static void *entry_thread(void *arg)
{
	int i, j, n;

	(void)arg;
	for (i = 0; i < 300; i++) {
		rump_schedule();
		n = __atomic_add_fetch(&inside, 1, __ATOMIC_SEQ_CST);
		if (n > ncpu)
			__atomic_add_fetch(&sched_bad, 1, __ATOMIC_RELAXED);
		for (;;) {
			int m = __atomic_load_n(&inside_max, __ATOMIC_RELAXED);

			if (n <= m || __atomic_compare_exchange_n(&inside_max,
			    &m, n, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
				break;
		}
		/* Hold the CPU a little so that others queue up. */
		for (j = 0; j < 2000; j++)
			__atomic_load_n(&inside, __ATOMIC_RELAXED);
		__atomic_sub_fetch(&inside, 1, __ATOMIC_SEQ_CST);
		rump_unschedule();
	}
	return NULL;
}

/* 4 x ncpu host threads hammer rump_schedule(): never more than ncpu in. */
static void t_ncpu_bound(void)
{
	struct rump_sched_stats st;
	void *cookies[64];
	int i, n;

	if (tk_boot())
		return;
	n = 4 * ncpu;
	if (n > 64)
		n = 64;
	inside = inside_max = sched_bad = 0;
	rump_sched_getstats(&st, 1);
	for (i = 0; i < n; i++)
		KT_EXPECT_EQ(rumpuser_thread_create(entry_thread, NULL, "tkent",
						    1, -1, -1, &cookies[i]), 0);
	for (i = 0; i < n; i++)
		KT_EXPECT_EQ(rumpuser_thread_join(cookies[i]), 0);
	rump_sched_getstats(&st, 0);
	KT_EXPECT_EQ(sched_bad, 0);
	KT_EXPECT(inside_max <= ncpu);
	KT_EXPECT(st.maxrunning <= ncpu);
	KT_EXPECT_EQ(st.running, 0);
	kt_diag("ncpu %d, max inside %d, blocked acquisitions %llu", ncpu,
		inside_max, (unsigned long long)st.nblocked);
	tk_halt();
}

/* ---- blocked threads give their CPU back ---------------------------- */

static kmutex_t bl_mtx;
static kcondvar_t bl_cv;
static bool bl_go;
static int bl_waiting;

static void blocker(void *arg)
{
	(void)arg;
	mutex_enter(&bl_mtx);
	bl_waiting++;
	cv_broadcast(&bl_cv);
	while (!bl_go)
		cv_wait(&bl_cv, &bl_mtx);
	mutex_exit(&bl_mtx);
}

static void t_block_releases_cpu(void)
{
	struct lwp *l[70];
	int i, n;

	if (tk_boot())
		return;
	rump_schedule();
	n = ncpu + 2;
	mutex_init(&bl_mtx, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&bl_cv, "tkbl");
	bl_go = false;
	bl_waiting = 0;
	for (i = 0; i < n; i++)
		KT_EXPECT_EQ(tk_thread(blocker, NULL, &l[i]), 0);
	mutex_enter(&bl_mtx);
	while (bl_waiting < n)
		cv_wait(&bl_cv, &bl_mtx);
	mutex_exit(&bl_mtx);
	/* All n > ncpu threads are asleep; re-entering must still work. */
	rump_unschedule();
	KT_EXPECT_EQ(rump_sys_getpid(), 0);
	rump_schedule();
	mutex_enter(&bl_mtx);
	bl_go = true;
	cv_broadcast(&bl_cv);
	mutex_exit(&bl_mtx);
	for (i = 0; i < n; i++)
		tk_join(l[i]);
	cv_destroy(&bl_cv);
	mutex_destroy(&bl_mtx);
	rump_unschedule();
	tk_halt();
}

static void t_implicit_lwp(void)
{
	struct lwp *l;

	if (tk_boot())
		return;
	KT_EXPECT(rump_lwproc_curlwp() == NULL);
	KT_EXPECT(rumpuser_curlwp() == NULL);
	rump_schedule();
	l = curlwp;
	KT_EXPECT(l != NULL);
	KT_EXPECT(l->l_flags & LW_TEMP);
	KT_EXPECT(l->l_proc == &proc0);
	KT_EXPECT(curcpu() != NULL && curcpu()->ci_curlwp == l);
	rump_unschedule();
	KT_EXPECT(rumpuser_curlwp() == NULL);
	tk_halt();
}

/* ---- the big lock --------------------------------------------------- */

static int bk_counter, bk_inside, bk_bad;

static void biglock_thread(void *arg)
{
	int i, n;

	(void)arg;
	for (i = 0; i < 2000; i++) {
		KERNEL_LOCK(1, NULL);
		KERNEL_LOCK(1, NULL);		/* recursion */
		n = __atomic_add_fetch(&bk_inside, 1, __ATOMIC_RELAXED);
		if (n != 1)
			__atomic_add_fetch(&bk_bad, 1, __ATOMIC_RELAXED);
		bk_counter++;
		__atomic_sub_fetch(&bk_inside, 1, __ATOMIC_RELAXED);
		if ((i % 500) == 0) {
			/* Sleeping drops the lock and re-takes it as deep. */
			tk_msleep(1);
			if (curlwp->l_biglocks != 2 || !KERNEL_LOCKED_P())
				__atomic_add_fetch(&bk_bad, 1,
						   __ATOMIC_RELAXED);
		}
		KERNEL_UNLOCK_ONE(NULL);
		KERNEL_UNLOCK_ONE(NULL);
	}
}

static void t_biglock(void)
{
	struct lwp *l[6];
	int i;

	if (tk_boot())
		return;
	rump_schedule();
	bk_counter = bk_inside = bk_bad = 0;
	for (i = 0; i < 6; i++)
		KT_EXPECT_EQ(tk_thread(biglock_thread, NULL, &l[i]), 0);
	for (i = 0; i < 6; i++)
		tk_join(l[i]);
	KT_EXPECT_EQ(bk_bad, 0);
	KT_EXPECT_EQ(bk_counter, 6 * 2000);
	KT_EXPECT(!KERNEL_LOCKED_P());
	rump_unschedule();
	tk_halt();
}

/* ---- per-CPU data ---------------------------------------------------- */

static percpu_t *pc_test;

static void percpu_thread(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < 1000; i++) {
		uint64_t *p = percpu_getref(pc_test);

		/* No lock: nobody else runs on this CPU meanwhile. */
		(*p)++;
		percpu_putref(pc_test);
		if ((i % 100) == 0)
			tk_msleep(1);
	}
}

static void percpu_sum(void *p, void *arg, struct cpu_info *ci)
{
	(void)ci;
	*(uint64_t *)arg += *(uint64_t *)p;
}

static void t_percpu(void)
{
	struct lwp *l[8];
	uint64_t sum = 0;
	int i;

	if (tk_boot())
		return;
	rump_schedule();
	pc_test = percpu_alloc(sizeof(uint64_t));
	KT_EXPECT(pc_test != NULL);
	for (i = 0; pc_test && i < 8; i++)
		KT_EXPECT_EQ(tk_thread(percpu_thread, NULL, &l[i]), 0);
	for (i = 0; pc_test && i < 8; i++)
		tk_join(l[i]);
	if (pc_test) {
		percpu_foreach(pc_test, percpu_sum, &sum);
		KT_EXPECT_EQ(sum, 8000);
		percpu_free(pc_test, sizeof(uint64_t));
	}
	rump_unschedule();
	tk_halt();
}

/* One virtual CPU and 8 threads: strictly one inside, and real queueing. */
static void t_one_cpu(void)
{
	struct rump_sched_stats st;
	void *cookies[8];
	int i;

	if (tk_setparam("RUMP_NVCPU", "1"))
		return;
	if (tk_boot() == 0) {
		inside = inside_max = sched_bad = 0;
		for (i = 0; i < 8; i++)
			KT_EXPECT_EQ(rumpuser_thread_create(entry_thread, NULL,
				     "tkent", 1, -1, -1, &cookies[i]), 0);
		for (i = 0; i < 8; i++)
			KT_EXPECT_EQ(rumpuser_thread_join(cookies[i]), 0);
		rump_sched_getstats(&st, 0);
		KT_EXPECT_EQ(st.ncpu, 1);
		KT_EXPECT_EQ(sched_bad, 0);
		KT_EXPECT_EQ(inside_max, 1);
		KT_EXPECT_EQ(st.maxrunning, 1);
		kt_diag("blocked acquisitions %llu",
			(unsigned long long)st.nblocked);
		tk_halt();
	}
	tk_setparam("RUMP_NVCPU", NULL);
}

static const struct kt_case cases[] = {
	{ "ncpu-bound", t_ncpu_bound },
	{ "one-cpu", t_one_cpu },
	{ "block-releases-cpu", t_block_releases_cpu },
	{ "implicit-lwp", t_implicit_lwp },
	{ "biglock", t_biglock },
	{ "percpu", t_percpu },
};
const struct kt_family tk_fam_sched = { "sched", cases, KT_NELEM(cases), NULL };
