// SPDX-License-Identifier: BSD-2-Clause
/*
 * kern_synch.c - tsleep/mtsleep/wakeup on a channel, kpause.
 *
 * Sleepers wait in one of SQ_HASH buckets chosen by the channel's
 * address; each bucket has a mutex, a condvar and a list of sleepers.
 * wakeup() marks and unlinks the matching sleepers and broadcasts the
 * bucket's condvar; a sleeper returns only when marked (or timed out), so
 * the broadcast's spurious wakeups of other channels are harmless.  The
 * waker never touches a sleeper after unlocking the bucket, so a sleeper
 * may return (and its stack frame vanish) at once.
 */
#include "kern/types.h"
#include "kern/systm.h"
#include "kern/lock.h"
#include "kern/proc.h"
#include "kern/rumpkern.h"

#define SQ_HASH 64

struct sleeper {
	struct sleeper *s_next;
	const volatile void *s_chan;
	bool s_woken;
};

struct sleepq {
	kmutex_t sq_lock;
	kcondvar_t sq_cv;
	struct sleeper *sq_head;
} __aligned(64);

static struct sleepq sleepq[SQ_HASH];

int sleepq_sys_init(void)
{
	int i;

	for (i = 0; i < SQ_HASH; i++) {
		mutex_init(&sleepq[i].sq_lock, MUTEX_DEFAULT, IPL_NONE);
		cv_init(&sleepq[i].sq_cv, "sleepq");
		sleepq[i].sq_head = NULL;
	}
	return 0;
}

void sleepq_sys_fini(void)
{
	int i;

	for (i = 0; i < SQ_HASH; i++) {
		KASSERT(sleepq[i].sq_head == NULL);
		cv_destroy(&sleepq[i].sq_cv);
		mutex_destroy(&sleepq[i].sq_lock);
	}
}

static struct sleepq *sq_of(const volatile void *chan)
{
	uintptr_t a = (uintptr_t)chan;

	return &sleepq[((a >> 3) ^ (a >> 11)) % SQ_HASH];
}

static void sq_unlink(struct sleepq *sq, struct sleeper *s)
{
	struct sleeper **sp;

	for (sp = &sq->sq_head; *sp; sp = &(*sp)->s_next)
		if (*sp == s) {
			*sp = s->s_next;
			return;
		}
}

int sleep_until_ns(const volatile void *chan, rump_nsec_t deadline,
		   kmutex_t *mtx)
{
	struct sleepq *sq = sq_of(chan);
	struct sleeper s = { NULL, chan, false }, **sp;
	int error = 0;

	mutex_enter(&sq->sq_lock);
	/* At the tail: wakeup_one() wakes the longest sleeper first. */
	for (sp = &sq->sq_head; *sp; sp = &(*sp)->s_next)
		continue;
	*sp = &s;
	/*
	 * Released only once we are on the list: a wakeup after this point
	 * finds us.
	 */
	if (mtx)
		mutex_exit(mtx);
	while (!s.s_woken) {
		if (deadline == 0) {
			cv_wait(&sq->sq_cv, &sq->sq_lock);
		} else if (cv_timedwait_abs(&sq->sq_cv, &sq->sq_lock,
					    deadline) == EWOULDBLOCK &&
			   !s.s_woken) {
			sq_unlink(sq, &s);
			error = EWOULDBLOCK;
			break;
		}
	}
	mutex_exit(&sq->sq_lock);
	return error;
}

int mtsleep(const volatile void *chan, int pri, const char *wmesg, int timo,
	    kmutex_t *mtx)
{
	rump_nsec_t deadline = 0;
	int error;

	(void)wmesg;
	if (timo > 0)
		deadline = getnsmono() + ticks2ns(timo);
	error = sleep_until_ns(chan, deadline, mtx);
	if (mtx && !(pri & PNORELOCK))
		mutex_enter(mtx);
	return error;
}

int tsleep(const volatile void *chan, int pri, const char *wmesg, int timo)
{
	return mtsleep(chan, pri, wmesg, timo, NULL);
}

int kpause(const char *wmesg, bool intr, int timo, kmutex_t *mtx)
{
	char chan;	/* a channel no one else knows */
	int error;

	(void)wmesg;
	(void)intr;
	if (timo <= 0)
		timo = 1;
	error = sleep_until_ns(&chan, getnsmono() + ticks2ns(timo), mtx);
	if (mtx)
		mutex_enter(mtx);
	return error;
}

static void wakeup_n(const volatile void *chan, bool one)
{
	struct sleepq *sq = sq_of(chan);
	struct sleeper **sp, *s;
	bool any = false;

	mutex_enter(&sq->sq_lock);
	for (sp = &sq->sq_head; (s = *sp) != NULL;) {
		if (s->s_chan != chan) {
			sp = &s->s_next;
			continue;
		}
		*sp = s->s_next;
		s->s_woken = true;
		any = true;
		if (one)
			break;
	}
	if (any)
		cv_broadcast(&sq->sq_cv);
	mutex_exit(&sq->sq_lock);
}

void wakeup(const volatile void *chan)
{
	wakeup_n(chan, false);
}

void wakeup_one(const volatile void *chan)
{
	wakeup_n(chan, true);
}
