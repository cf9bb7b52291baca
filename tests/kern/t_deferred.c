// SPDX-License-Identifier: BSD-2-Clause
/* t_deferred.c - softints, workqueues, kernel threads. */
#include "tk.h"

static int si_runs;

static void si_handler(void *arg)
{
	(void)arg;
	__atomic_add_fetch(&si_runs, 1, __ATOMIC_RELAXED);
	tk_msleep(5);
}

static void t_softint(void)
{
	void *si;
	int n;

	if (tk_boot())
		return;
	rump_schedule();
	si_runs = 0;
	si = softint_establish(SOFTINT_NET | SOFTINT_MPSAFE, si_handler, NULL);
	KT_EXPECT(si != NULL);
	if (si) {
		/* Schedules while pending coalesce. */
		softint_schedule(si);
		softint_schedule(si);
		softint_schedule(si);
		KT_EXPECT(tk_wait_ge(&si_runs, 1));
		tk_msleep(60);
		n = __atomic_load_n(&si_runs, __ATOMIC_RELAXED);
		KT_EXPECT(n >= 1 && n <= 3);
		softint_schedule(si);
		/* Waits for a running handler, cancels a pending one. */
		softint_disestablish(si);
		n = __atomic_load_n(&si_runs, __ATOMIC_RELAXED);
		tk_msleep(30);
		KT_EXPECT_EQ(__atomic_load_n(&si_runs, __ATOMIC_RELAXED), n);
	}
	KT_EXPECT(softint_establish(77, si_handler, NULL) == NULL);
	rump_unschedule();
	tk_halt();
}

struct tkwork {
	struct work w;
	int idx;
};

static int wq_seen[100], wq_n;

static void wq_func(struct work *wk, void *arg)
{
	struct tkwork *t = (struct tkwork *)wk;

	(void)arg;
	/* Only the worker writes; the test reads after workqueue_wait. */
	if (wq_n < 100)
		wq_seen[wq_n++] = t->idx;
}

static void t_workqueue(void)
{
	struct workqueue *wq;
	struct tkwork *w;
	int i;

	if (tk_boot())
		return;
	rump_schedule();
	w = kmem_zalloc(100 * sizeof(*w), KM_SLEEP);
	wq_n = 0;
	KT_EXPECT_EQ(workqueue_create(&wq, "tkwq", wq_func, NULL, PRI_NONE,
				      IPL_NONE, WQ_MPSAFE), 0);
	for (i = 0; i < 100; i++) {
		w[i].idx = i;
		workqueue_enqueue(wq, &w[i].w, NULL);
	}
	workqueue_wait(wq, &w[99].w);
	KT_EXPECT_EQ(wq_n, 100);
	for (i = 0; i < wq_n; i++)
		KT_EXPECT_EQ(wq_seen[i], i);
	/* Destroy runs what is still queued. */
	for (i = 0; i < 10; i++)
		workqueue_enqueue(wq, &w[i].w, NULL);
	workqueue_destroy(wq);
	KT_EXPECT_EQ(wq_n, 100);	/* capped record, but no crash */
	kmem_free(w, 100 * sizeof(*w));
	rump_unschedule();
	tk_halt();
}

static void exit42(void *arg)
{
	(void)arg;
	kthread_exit(42);
}

static void just_return(void *arg)
{
	*(int *)arg = 1;
}

static int det_count;

static void detached(void *arg)
{
	(void)arg;
	tk_msleep(5);
	__atomic_add_fetch(&det_count, 1, __ATOMIC_RELAXED);
}

static void t_kthreads(void)
{
	struct lwp *l;
	int flag = 0, i;

	if (tk_boot())
		return;
	rump_schedule();
	KT_EXPECT_EQ(kthread_create(PRI_NONE, KTHREAD_MUSTJOIN | KTHREAD_MPSAFE,
				    NULL, exit42, NULL, &l, "tk42"), 0);
	KT_EXPECT_EQ(kthread_join(l), 42);
	KT_EXPECT_EQ(tk_thread(just_return, &flag, &l), 0);
	tk_join(l);
	KT_EXPECT_EQ(flag, 1);
	/* Not MP-safe: runs holding the big lock. */
	KT_EXPECT_EQ(kthread_create(PRI_NONE, KTHREAD_MUSTJOIN, NULL,
				    just_return, &flag, &l, "tkbig"), 0);
	KT_EXPECT_EQ(kthread_join(l), 0);
	det_count = 0;
	for (i = 0; i < 20; i++)
		KT_EXPECT_EQ(kthread_create(PRI_NONE, KTHREAD_MPSAFE, NULL,
					    detached, NULL, NULL, "tkdet%d", i),
			     0);
	KT_EXPECT(tk_wait_ge(&det_count, 20));
	KT_EXPECT_EQ(__atomic_load_n(&det_count, __ATOMIC_RELAXED), 20);
	rump_unschedule();
	/* Shutdown waits for the detached ones to be gone. */
	tk_halt();
}

static const struct kt_case cases[] = {
	{ "softint", t_softint },
	{ "workqueue", t_workqueue },
	{ "kthreads", t_kthreads },
};
const struct kt_family tk_fam_deferred = { "deferred", cases, KT_NELEM(cases), NULL };
