// SPDX-License-Identifier: BSD-2-Clause
/*
 * kern_timeout.c - callouts, tickless.
 *
 * Pending callouts sit on one list ordered by deadline (monotonic ns).
 * One kernel thread sleeps until the head's deadline (cv_timedwait_abs),
 * or indefinitely when the list is empty; callout_reset() signals it only
 * when the new callout becomes the head, i.e. when it must wake earlier.
 *
 * co_lock protects the list, every callout's c_flags/c_deadline, and
 * co_running, the callout whose handler executes now.  "Running" is
 * recorded there rather than in the callout, because a handler may free
 * its own callout: after the handler returns the thread touches only
 * co_running, never the callout.
 */
#include "kern/types.h"
#include "kern/systm.h"
#include "kern/lock.h"
#include "kern/proc.h"
#include "kern/kthread.h"
#include "kern/callout.h"
#include "kern/rumpkern.h"

static kmutex_t co_lock;
static kcondvar_t co_cv;		/* timer thread: earlier deadline */
static kcondvar_t co_donecv;		/* callout_halt(): handler done */
static callout_t *co_head, *co_tail;
static callout_t *co_running;		/* handler executing, or NULL */
static struct lwp *co_lwp;		/* the timer thread */
static bool co_stop;

static void co_dequeue(callout_t *c)
{
	if (c->c_prev)
		c->c_prev->c_next = c->c_next;
	else
		co_head = c->c_next;
	if (c->c_next)
		c->c_next->c_prev = c->c_prev;
	else
		co_tail = c->c_prev;
	c->c_next = c->c_prev = NULL;
	c->c_flags &= ~CALLOUT_PENDING;
}

/* Insert in deadline order, after equal deadlines (FIFO among equals). */
static void co_enqueue(callout_t *c)
{
	callout_t *p = co_tail;

	/* Most callouts are armed further out than the rest: scan from the end. */
	while (p && p->c_deadline > c->c_deadline)
		p = p->c_prev;
	c->c_prev = p;
	c->c_next = p ? p->c_next : co_head;
	if (c->c_next)
		c->c_next->c_prev = c;
	else
		co_tail = c;
	if (p)
		p->c_next = c;
	else
		co_head = c;
	c->c_flags |= CALLOUT_PENDING;
}

static void callout_thread(void *arg)
{
	(void)arg;
	mutex_enter(&co_lock);
	while (!co_stop) {
		callout_t *c = co_head;
		void (*func)(void *);
		void *farg;
		bool mpsafe;

		if (c == NULL) {
			cv_wait(&co_cv, &co_lock);
			continue;
		}
		if (c->c_deadline > getnsmono()) {
			cv_timedwait_abs(&co_cv, &co_lock, c->c_deadline);
			continue;
		}
		co_dequeue(c);
		c->c_flags |= CALLOUT_FIRED | CALLOUT_INVOKING;
		func = c->c_func;
		farg = c->c_arg;
		mpsafe = (c->c_flags & CALLOUT_MPSAFE) != 0;
		co_running = c;
		mutex_exit(&co_lock);

		if (!mpsafe)
			KERNEL_LOCK(1, NULL);
		func(farg);
		if (!mpsafe)
			KERNEL_UNLOCK_ONE(NULL);

		mutex_enter(&co_lock);
		co_running = NULL;
		cv_broadcast(&co_donecv);
	}
	mutex_exit(&co_lock);
	kthread_exit(0);
}

int callout_sys_init(void)
{
	int error;

	mutex_init(&co_lock, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&co_cv, "callout");
	cv_init(&co_donecv, "calldone");
	co_head = co_tail = co_running = NULL;
	co_stop = false;
	error = kthread_create(PRI_NONE, KTHREAD_MPSAFE | KTHREAD_MUSTJOIN,
			       NULL, callout_thread, NULL, &co_lwp, "callout");
	if (error) {
		cv_destroy(&co_donecv);
		cv_destroy(&co_cv);
		mutex_destroy(&co_lock);
	}
	return error;
}

void callout_sys_fini(void)
{
	callout_t *c;

	mutex_enter(&co_lock);
	co_stop = true;
	cv_signal(&co_cv);
	mutex_exit(&co_lock);
	kthread_join(co_lwp);
	/* Owners should have halted them; report and forget. */
	for (c = co_head; c; c = c->c_next)
		printf("callout %p (func %p) still pending at shutdown\n",
		       c, c->c_func);
	co_head = co_tail = NULL;
	cv_destroy(&co_donecv);
	cv_destroy(&co_cv);
	mutex_destroy(&co_lock);
}

void callout_init(callout_t *c, unsigned flags)
{
	memset(c, 0, sizeof(*c));
	c->c_flags = CALLOUT_INIT_MAGIC | (int)(flags & CALLOUT_MPSAFE);
}

void callout_destroy(callout_t *c)
{
	mutex_enter(&co_lock);
	KASSERTMSG(c->c_flags & CALLOUT_INIT_MAGIC,
		   "callout_destroy: %p not initialised", c);
	KASSERTMSG(!(c->c_flags & CALLOUT_PENDING),
		   "callout_destroy: %p pending", c);
	KASSERTMSG(co_running != c || co_lwp == curlwp,
		   "callout_destroy: %p running", c);
	c->c_flags = 0;
	mutex_exit(&co_lock);
}

void callout_setfunc(callout_t *c, void (*func)(void *), void *arg)
{
	mutex_enter(&co_lock);
	c->c_func = func;
	c->c_arg = arg;
	mutex_exit(&co_lock);
}

static void co_arm(callout_t *c, rump_nsec_t delay, void (*func)(void *),
		   void *arg, bool setfunc)
{
	mutex_enter(&co_lock);
	KASSERTMSG(c->c_flags & CALLOUT_INIT_MAGIC,
		   "callout %p not initialised", c);
	if (c->c_flags & CALLOUT_PENDING)
		co_dequeue(c);
	if (setfunc) {
		c->c_func = func;
		c->c_arg = arg;
	}
	KASSERT(c->c_func != NULL);
	c->c_flags &= ~(CALLOUT_FIRED | CALLOUT_INVOKING);
	c->c_deadline = getnsmono() + delay;
	c->c_gen++;
	co_enqueue(c);
	if (co_head == c)
		cv_signal(&co_cv);
	mutex_exit(&co_lock);
}

void callout_reset(callout_t *c, int ticks, void (*func)(void *), void *arg)
{
	/* As in NetBSD, zero or negative means the next tick. */
	co_arm(c, ticks2ns(ticks > 0 ? ticks : 1), func, arg, true);
}

void callout_schedule(callout_t *c, int ticks)
{
	co_arm(c, ticks2ns(ticks > 0 ? ticks : 1), NULL, NULL, false);
}

void callout_schedule_ns(callout_t *c, rump_nsec_t delay)
{
	co_arm(c, delay > 0 ? delay : 0, NULL, NULL, false);
}

bool callout_stop(callout_t *c)
{
	bool expired;

	mutex_enter(&co_lock);
	expired = (c->c_flags & CALLOUT_FIRED) != 0;
	if (c->c_flags & CALLOUT_PENDING)
		co_dequeue(c);
	mutex_exit(&co_lock);
	return expired;
}

bool callout_halt(callout_t *c, kmutex_t *interlock)
{
	bool expired, relock = false;

	mutex_enter(&co_lock);
	expired = (c->c_flags & CALLOUT_FIRED) != 0;
	if (c->c_flags & CALLOUT_PENDING)
		co_dequeue(c);
	/* From the handler itself, waiting would never end. */
	while (co_running == c && co_lwp != curlwp) {
		if (interlock && !relock) {
			/*
			 * Released only now, holding co_lock: the handler
			 * may need it to finish.  Lock order is
			 * interlock -> co_lock, so it is re-taken after
			 * co_lock is dropped, below.
			 */
			mutex_exit(interlock);
			relock = true;
		}
		cv_wait(&co_donecv, &co_lock);
		/* A handler that re-armed itself is cancelled again. */
		if (c->c_flags & CALLOUT_PENDING)
			co_dequeue(c);
	}
	mutex_exit(&co_lock);
	if (relock)
		mutex_enter(interlock);
	return expired;
}

/* Flag queries take co_lock: the flags change under it. */
static int co_flags(callout_t *c)
{
	int f;

	mutex_enter(&co_lock);
	f = c->c_flags;
	mutex_exit(&co_lock);
	return f;
}

bool callout_pending(callout_t *c)
{
	return (co_flags(c) & CALLOUT_PENDING) != 0;
}

bool callout_expired(callout_t *c)
{
	return (co_flags(c) & CALLOUT_FIRED) != 0;
}

bool callout_active(callout_t *c)
{
	return (co_flags(c) & (CALLOUT_PENDING | CALLOUT_FIRED)) != 0;
}

bool callout_invoking(callout_t *c)
{
	return (co_flags(c) & CALLOUT_INVOKING) != 0;
}

void callout_ack(callout_t *c)
{
	mutex_enter(&co_lock);
	c->c_flags &= ~CALLOUT_INVOKING;
	mutex_exit(&co_lock);
}
