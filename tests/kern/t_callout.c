// SPDX-License-Identifier: BSD-2-Clause
/* t_callout.c - callout ordering, re-arming, cancellation races. */
#include "tk.h"

static kmutex_t co_mtx;
static int fired[16], nfired;

static void record(void *arg)
{
	mutex_enter(&co_mtx);
	/* Stored atomically: tk_wait_ge() polls it without the mutex. */
	if (nfired < 16) {
		fired[nfired] = (int)(uintptr_t)arg;
		__atomic_store_n(&nfired, nfired + 1, __ATOMIC_SEQ_CST);
	}
	mutex_exit(&co_mtx);
}

static int nfired_get(void)
{
	int n;

	mutex_enter(&co_mtx);
	n = nfired;
	mutex_exit(&co_mtx);
	return n;
}

static void setup(void)
{
	mutex_init(&co_mtx, MUTEX_DEFAULT, IPL_NONE);
	nfired = 0;
}

static void t_ordering(void)
{
	callout_t c[5];
	int i;

	if (tk_boot())
		return;
	rump_schedule();
	setup();
	/* Armed latest first: they must fire earliest first. */
	for (i = 0; i < 5; i++) {
		callout_init(&c[i], CALLOUT_MPSAFE);
		callout_reset(&c[i], 5 - i, record, (void *)(uintptr_t)(5 - i));
	}
	/* However slow the host: wait for all five, then check the order. */
	KT_EXPECT(tk_wait_ge(&nfired, 5));
	KT_EXPECT_EQ(nfired_get(), 5);
	for (i = 0; i < 5 && i < nfired; i++)
		KT_EXPECT_EQ(fired[i], i + 1);
	for (i = 0; i < 5; i++) {
		KT_EXPECT(callout_expired(&c[i]));
		KT_EXPECT(!callout_pending(&c[i]));
		callout_destroy(&c[i]);
	}
	mutex_destroy(&co_mtx);
	rump_unschedule();
	tk_halt();
}

/*
 * A callout armed closer than the one the timer thread sleeps towards
 * must wake it early: the near one fires, the far one (100 s away) has
 * not.  No figure for "early": a timer thread that slept on would fire
 * nothing for 100 s, and the wait below gives up only after as long as
 * the far callout's own deadline.
 */
static void t_reset_earlier(void)
{
	callout_t c, far;
	rump_nsec_t t0;

	if (tk_boot())
		return;
	rump_schedule();
	setup();
	callout_init(&c, CALLOUT_MPSAFE);
	callout_init(&far, CALLOUT_MPSAFE);
	callout_reset(&far, 100 * hz, record, (void *)2);
	tk_msleep(20);		/* the timer thread now sleeps ~100 s */
	t0 = getnsmono();
	callout_reset(&c, 2, record, (void *)1);
	while (nfired_get() == 0 && getnsmono() - t0 < 100 * NSEC_PER_SEC)
		tk_msleep(5);
	KT_EXPECT_EQ(nfired_get(), 1);
	KT_EXPECT_EQ(fired[0], 1);	/* the near one */
	KT_EXPECT(!callout_stop(&far));	/* never fired */
	KT_EXPECT(callout_stop(&c));	/* fired: expired */
	callout_destroy(&c);
	callout_destroy(&far);
	mutex_destroy(&co_mtx);
	rump_unschedule();
	tk_halt();
}

static void t_stop_pending(void)
{
	callout_t c;

	if (tk_boot())
		return;
	rump_schedule();
	setup();
	callout_init(&c, CALLOUT_MPSAFE);
	callout_reset(&c, 3, record, (void *)1);
	KT_EXPECT(callout_pending(&c));
	KT_EXPECT(!callout_stop(&c));
	KT_EXPECT(!callout_pending(&c));
	tk_msleep(60);
	KT_EXPECT_EQ(nfired_get(), 0);
	/* Re-arm after stop works. */
	callout_schedule(&c, 1);
	KT_EXPECT(tk_wait_ge(&nfired, 1));
	KT_EXPECT_EQ(nfired_get(), 1);
	callout_destroy(&c);
	mutex_destroy(&co_mtx);
	rump_unschedule();
	tk_halt();
}

/* ---- halt while the handler runs ------------------------------------ */

static int slow_state;	/* 1 running, 2 done; atomic */

static void slow_handler(void *arg)
{
	(void)arg;
	__atomic_store_n(&slow_state, 1, __ATOMIC_SEQ_CST);
	tk_msleep(50);
	__atomic_store_n(&slow_state, 2, __ATOMIC_SEQ_CST);
}

static void t_halt_running(void)
{
	callout_t c;

	if (tk_boot())
		return;
	rump_schedule();
	setup();
	slow_state = 0;
	callout_init(&c, CALLOUT_MPSAFE);
	callout_reset(&c, 1, slow_handler, NULL);
	while (__atomic_load_n(&slow_state, __ATOMIC_SEQ_CST) == 0)
		tk_msleep(1);
	/* stop does not wait ... */
	KT_EXPECT(callout_stop(&c));
	KT_EXPECT_EQ(__atomic_load_n(&slow_state, __ATOMIC_SEQ_CST), 1);
	/* ... halt does, releasing the interlock meanwhile. */
	mutex_enter(&co_mtx);
	KT_EXPECT(callout_halt(&c, &co_mtx));
	KT_EXPECT(mutex_owned(&co_mtx));
	mutex_exit(&co_mtx);
	KT_EXPECT_EQ(__atomic_load_n(&slow_state, __ATOMIC_SEQ_CST), 2);
	callout_destroy(&c);
	mutex_destroy(&co_mtx);
	rump_unschedule();
	tk_halt();
}

/* A handler that re-arms itself every time; halt must end it. */
static callout_t rearm_c;
static int rearm_count;

static void rearm_handler(void *arg)
{
	(void)arg;
	__atomic_add_fetch(&rearm_count, 1, __ATOMIC_RELAXED);
	tk_msleep(2);
	callout_schedule(&rearm_c, 1);
}

static void t_halt_rearming(void)
{
	int n;

	if (tk_boot())
		return;
	rump_schedule();
	rearm_count = 0;
	callout_init(&rearm_c, CALLOUT_MPSAFE);
	callout_reset(&rearm_c, 1, rearm_handler, NULL);
	tk_msleep(100);
	callout_halt(&rearm_c, NULL);
	n = __atomic_load_n(&rearm_count, __ATOMIC_RELAXED);
	KT_EXPECT(n >= 2);
	KT_EXPECT(!callout_pending(&rearm_c));
	tk_msleep(60);
	KT_EXPECT_EQ(__atomic_load_n(&rearm_count, __ATOMIC_RELAXED), n);
	callout_destroy(&rearm_c);
	rump_unschedule();
	tk_halt();
}

/* ---- racing reset/stop/halt from several threads -------------------- */

#define NRACE 8
static callout_t race_c[NRACE];
static int race_fires, race_stop;

static void race_handler(void *arg)
{
	(void)arg;
	__atomic_add_fetch(&race_fires, 1, __ATOMIC_RELAXED);
}

static void race_thread(void *arg)
{
	uint32_t seed = (uint32_t)(uintptr_t)arg * 2654435761u + 1;
	int i;

	for (i = 0; i < 3000; i++) {
		callout_t *c;

		seed = seed * 1103515245u + 12345u;
		c = &race_c[(seed >> 8) % NRACE];
		switch ((seed >> 16) % 4) {
		case 0:
			callout_reset(c, 0, race_handler, NULL);
			break;
		case 1:
			/* 0..100 us: fires while the others race with it. */
			callout_schedule_ns(c, (seed >> 4) % 100000);
			break;
		case 2:
			callout_stop(c);
			break;
		case 3:
			callout_halt(c, NULL);
			break;
		}
		if ((i % 64) == 0)
			tk_msleep(1);
	}
}

static void t_race(void)
{
	struct lwp *l[4];
	int i;

	if (tk_boot())
		return;
	rump_schedule();
	race_fires = 0;
	race_stop = 0;
	for (i = 0; i < NRACE; i++) {
		callout_init(&race_c[i], CALLOUT_MPSAFE);
		callout_setfunc(&race_c[i], race_handler, NULL);
	}
	for (i = 0; i < 4; i++)
		KT_EXPECT_EQ(tk_thread(race_thread, (void *)(uintptr_t)i,
				       &l[i]), 0);
	for (i = 0; i < 4; i++)
		tk_join(l[i]);
	for (i = 0; i < NRACE; i++) {
		callout_halt(&race_c[i], NULL);
		KT_EXPECT(!callout_pending(&race_c[i]));
		callout_destroy(&race_c[i]);
	}
	kt_diag("%d handler runs", race_fires);
	KT_EXPECT(race_fires > 0);
	rump_unschedule();
	tk_halt();
}

static const struct kt_case cases[] = {
	{ "ordering", t_ordering },
	{ "reset-earlier", t_reset_earlier },
	{ "stop-pending", t_stop_pending },
	{ "halt-running", t_halt_running },
	{ "halt-rearming", t_halt_rearming },
	{ "race", t_race },
};
const struct kt_family tk_fam_callout = { "callout", cases, KT_NELEM(cases), NULL };
