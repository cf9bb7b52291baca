// SPDX-License-Identifier: BSD-2-Clause
/* t_locks.c - mutexes, rwlocks, condvars, sleep/wakeup under stress. */
#include "tk.h"

#define NTHR	8
#define NITER	20000

static kmutex_t lk_mtx;
static krwlock_t lk_rw;
static kcondvar_t lk_cv;
static uint64_t lk_a, lk_b;
static int lk_bad;

static void t_mutex_basic(void)
{
	kmutex_t m, s;

	if (tk_boot())
		return;
	rump_schedule();
	mutex_init(&m, MUTEX_DEFAULT, IPL_NONE);
	mutex_init(&s, MUTEX_SPIN, IPL_VM);
	KT_EXPECT(!mutex_owned(&m));
	mutex_enter(&m);
	KT_EXPECT(mutex_owned(&m));
	KT_EXPECT(mutex_owner(&m) == curlwp);
	mutex_exit(&m);
	KT_EXPECT(!mutex_owned(&m));
	KT_EXPECT(mutex_tryenter(&m));
	KT_EXPECT(mutex_owned(&m));
	mutex_exit(&m);
	mutex_spin_enter(&s);
	KT_EXPECT(mutex_owned(&s));
	mutex_spin_exit(&s);
	mutex_destroy(&s);
	mutex_destroy(&m);
	rump_unschedule();
	tk_halt();
}

static void mutex_thread(void *arg)
{
	kmutex_t *m = arg;
	int i;

	for (i = 0; i < NITER; i++) {
		mutex_enter(m);
		if (!mutex_owned(m))
			__atomic_add_fetch(&lk_bad, 1, __ATOMIC_RELAXED);
		lk_a++;
		lk_b += 2;
		if (lk_b != 2 * lk_a)
			__atomic_add_fetch(&lk_bad, 1, __ATOMIC_RELAXED);
		mutex_exit(m);
	}
}

static void mutex_stress(kmutex_type_t type, int ipl)
{
	struct lwp *l[NTHR];
	int i;

	if (tk_boot())
		return;
	rump_schedule();
	mutex_init(&lk_mtx, type, ipl);
	lk_a = lk_b = 0;
	lk_bad = 0;
	for (i = 0; i < NTHR; i++)
		KT_EXPECT_EQ(tk_thread(mutex_thread, &lk_mtx, &l[i]), 0);
	for (i = 0; i < NTHR; i++)
		tk_join(l[i]);
	KT_EXPECT_EQ(lk_a, NTHR * NITER);
	KT_EXPECT_EQ(lk_bad, 0);
	mutex_destroy(&lk_mtx);
	rump_unschedule();
	tk_halt();
}

static void t_mutex_stress(void)
{
	mutex_stress(MUTEX_DEFAULT, IPL_NONE);
}

static void t_spin_stress(void)
{
	mutex_stress(MUTEX_SPIN, IPL_VM);
}

static void rw_thread(void *arg)
{
	int i, writer = (int)(uintptr_t)arg;

	for (i = 0; i < NITER / 4; i++) {
		if (writer) {
			rw_enter(&lk_rw, RW_WRITER);
			if (!rw_write_held(&lk_rw))
				__atomic_add_fetch(&lk_bad, 1, __ATOMIC_RELAXED);
			lk_a++;
			lk_b++;
			if ((i % 64) == 0) {
				rw_downgrade(&lk_rw);
				if (lk_a != lk_b || rw_write_held(&lk_rw))
					__atomic_add_fetch(&lk_bad, 1,
							   __ATOMIC_RELAXED);
			}
			rw_exit(&lk_rw);
		} else {
			rw_enter(&lk_rw, RW_READER);
			if (lk_a != lk_b || !rw_read_held(&lk_rw))
				__atomic_add_fetch(&lk_bad, 1, __ATOMIC_RELAXED);
			if ((i % 128) == 0 && rw_tryupgrade(&lk_rw)) {
				lk_a++;
				lk_b++;
			}
			rw_exit(&lk_rw);
		}
	}
}

static void t_rw_stress(void)
{
	struct lwp *l[NTHR];
	int i;

	if (tk_boot())
		return;
	rump_schedule();
	rw_init(&lk_rw);
	lk_a = lk_b = 0;
	lk_bad = 0;
	for (i = 0; i < NTHR; i++)
		KT_EXPECT_EQ(tk_thread(rw_thread, (void *)(uintptr_t)(i < 2),
				       &l[i]), 0);
	for (i = 0; i < NTHR; i++)
		tk_join(l[i]);
	KT_EXPECT_EQ(lk_bad, 0);
	KT_EXPECT(lk_a >= 2 * (NITER / 4));
	KT_EXPECT_EQ(lk_a, lk_b);
	KT_EXPECT(!rw_lock_held(&lk_rw));
	rw_destroy(&lk_rw);
	rump_unschedule();
	tk_halt();
}

/* Two threads take turns 2000 times through one condvar. */
static int pp_turn, pp_rounds;

static void pingpong_thread(void *arg)
{
	int me = (int)(uintptr_t)arg, i;

	for (i = 0; i < 2000; i++) {
		mutex_enter(&lk_mtx);
		while (pp_turn != me)
			cv_wait(&lk_cv, &lk_mtx);
		pp_turn = !me;
		pp_rounds++;
		cv_broadcast(&lk_cv);
		mutex_exit(&lk_mtx);
	}
}

static void t_cv_pingpong(void)
{
	struct lwp *l[2];

	if (tk_boot())
		return;
	rump_schedule();
	mutex_init(&lk_mtx, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&lk_cv, "tkpp");
	pp_turn = 0;
	pp_rounds = 0;
	KT_EXPECT_EQ(tk_thread(pingpong_thread, (void *)0, &l[0]), 0);
	KT_EXPECT_EQ(tk_thread(pingpong_thread, (void *)1, &l[1]), 0);
	tk_join(l[0]);
	tk_join(l[1]);
	KT_EXPECT_EQ(pp_rounds, 4000);
	cv_destroy(&lk_cv);
	mutex_destroy(&lk_mtx);
	rump_unschedule();
	tk_halt();
}

static void t_cv_timedwait(void)
{
	rump_nsec_t t0, dt;
	int error;

	if (tk_boot())
		return;
	rump_schedule();
	mutex_init(&lk_mtx, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&lk_cv, "tktw");
	mutex_enter(&lk_mtx);
	t0 = getnsmono();
	error = cv_timedwait(&lk_cv, &lk_mtx, 3);	/* 30 ms */
	dt = getnsmono() - t0;
	KT_EXPECT(mutex_owned(&lk_mtx));
	mutex_exit(&lk_mtx);
	KT_EXPECT_EQ(error, EWOULDBLOCK);
	KT_EXPECT(dt >= 29000000);
	mutex_enter(&lk_mtx);
	KT_EXPECT_EQ(cv_timedwait_abs(&lk_cv, &lk_mtx, t0), EWOULDBLOCK);
	mutex_exit(&lk_mtx);
	cv_destroy(&lk_cv);
	mutex_destroy(&lk_mtx);
	rump_unschedule();
	tk_halt();
}

/* ---- tsleep/wakeup -------------------------------------------------- */

static int sl_chan, sl_woken, sl_ready;

/*
 * Counted in under lk_mtx, which mtsleep gives up only once the thread is
 * on the sleep queue: when the test holds lk_mtx after seeing all of them
 * counted, all are asleep, however slow the host.
 */
static void sleeper_thread(void *arg)
{
	int timo = (int)(uintptr_t)arg;
	int rv;

	mutex_enter(&lk_mtx);
	sl_ready++;
	rv = mtsleep(&sl_chan, 0, "tksl", timo, &lk_mtx);
	mutex_exit(&lk_mtx);
	if (rv == 0)
		__atomic_add_fetch(&sl_woken, 1, __ATOMIC_SEQ_CST);
}

static int sleepers_ready(void)
{
	int n;

	mutex_enter(&lk_mtx);
	n = sl_ready;
	mutex_exit(&lk_mtx);
	return n;
}

static void t_sleep_wakeup(void)
{
	struct lwp *l[3];
	rump_nsec_t t0;
	int i;

	if (tk_boot())
		return;
	rump_schedule();
	sl_woken = 0;
	/* A timeout with no wakeup. */
	t0 = getnsmono();
	KT_EXPECT_EQ(tsleep(&sl_chan, 0, "tksl", 2), EWOULDBLOCK);
	KT_EXPECT(getnsmono() - t0 >= 19000000);
	/* wakeup_one wakes one of three, wakeup the rest. */
	mutex_init(&lk_mtx, MUTEX_DEFAULT, IPL_NONE);
	sl_ready = 0;
	for (i = 0; i < 3; i++)
		KT_EXPECT_EQ(tk_thread(sleeper_thread, (void *)0, &l[i]), 0);
	for (i = 0; i < TK_PATIENCE_MS && sleepers_ready() < 3; i++)
		tk_msleep(1);
	mutex_enter(&lk_mtx);	/* all three are on the queue now */
	wakeup_one(&sl_chan);
	mutex_exit(&lk_mtx);
	KT_EXPECT(tk_wait_ge(&sl_woken, 1));
	tk_msleep(50);		/* a second wakeup would show up now */
	KT_EXPECT_EQ(__atomic_load_n(&sl_woken, __ATOMIC_SEQ_CST), 1);
	wakeup(&sl_chan);
	for (i = 0; i < 3; i++)
		tk_join(l[i]);
	KT_EXPECT_EQ(sl_woken, 3);
	mutex_destroy(&lk_mtx);
	rump_unschedule();
	tk_halt();
}

static void mtsleep_thread(void *arg)
{
	(void)arg;
	mutex_enter(&lk_mtx);
	lk_a = 1;
	/* mtsleep must have released lk_mtx, or we could not get here. */
	wakeup(&sl_chan);
	mutex_exit(&lk_mtx);
}

static void t_mtsleep(void)
{
	struct lwp *l;

	if (tk_boot())
		return;
	rump_schedule();
	mutex_init(&lk_mtx, MUTEX_DEFAULT, IPL_NONE);
	lk_a = 0;
	mutex_enter(&lk_mtx);
	KT_EXPECT_EQ(tk_thread(mtsleep_thread, NULL, &l), 0);
	while (lk_a == 0)
		KT_EXPECT_EQ(mtsleep(&sl_chan, 0, "tkmt",
				     mstohz(TK_PATIENCE_MS), &lk_mtx), 0);
	KT_EXPECT(mutex_owned(&lk_mtx));
	mutex_exit(&lk_mtx);
	tk_join(l);
	mutex_destroy(&lk_mtx);
	rump_unschedule();
	tk_halt();
}

static const struct kt_case cases[] = {
	{ "mutex-basic", t_mutex_basic },
	{ "mutex-stress", t_mutex_stress },
	{ "spin-stress", t_spin_stress },
	{ "rw-stress", t_rw_stress },
	{ "cv-pingpong", t_cv_pingpong },
	{ "cv-timedwait", t_cv_timedwait },
	{ "sleep-wakeup", t_sleep_wakeup },
	{ "mtsleep", t_mtsleep },
};
const struct kt_family tk_fam_locks = { "locks", cases, KT_NELEM(cases), NULL };
