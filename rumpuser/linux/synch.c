// SPDX-License-Identifier: GPL-2.0
/*
 * synch.c - mutexes, rwlocks and condition variables.
 *
 * Mutexes, spin ones included, are sleeping struct mutexes: "spin" only
 * means "never give the rump CPU back", and spin-mutex holders do block on
 * the host (malloc, condvars).  RW locks are rw_semaphores, whose
 * downgrade_write() gives the atomic downgrade the interface needs.
 * Condvars are built by hand on a waiter list (see below).
 *
 * Host-side blocking uses the killable primitives: kthreads never get
 * fatal signals, so for them this is an indefinite sleep that the hung-task
 * detector ignores (a rump thread can legitimately wait longer than its
 * timeout).  A user task with a fatal signal pending falls back to the
 * plain primitive, which cannot fail.
 *
 * Assumption (as on every rumpuser host): a lock is released by the host
 * thread that took it.  Rump lwps move between host threads only while
 * they hold no rumpuser lock.  struct mutex and rw_semaphore owner checks
 * (DEBUG_MUTEXES, DEBUG_RWSEMS) rely on that.
 *
 * After rumpuser_exit() our own threads are ended from inside these
 * hypercalls (thread.c, "Halting"): their sleeps here are killable, each
 * lock they hold is recorded with the thread (rumpuser_lx_held_push/pop)
 * and given back when the thread ends, and every object is on a list so
 * that fini can free what the exited rump kernel never destroyed, as a
 * process exit would.
 *
 * Lockdep, where enabled (not in distribution kernels), puts all rumpuser
 * mutexes in one class, so it may report the rump kernel's legitimate
 * nesting of two of them as recursion.
 */
#include <linux/atomic.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "rumpuser_int.h"

struct rumpuser_mtx {
	struct mutex lock;
	struct list_head all;	/* rumpuser_lx_objs.mutexes */
	struct lwp *owner;	/* KMUTEX only; written by the holder */
	int flags;
};

struct rumpuser_rw {
	struct rw_semaphore sem;
	struct list_head all;	/* rumpuser_lx_objs.rwlocks */
	struct lwp *writer;	/* lwp holding it exclusive */
	atomic_t readers;	/* shared holders */
	bool wlocked;		/* written by the exclusive holder only */
};

/*
 * A condvar is a list of waiters, each sleeping on its own flag.  The waker
 * unlinks a waiter under cv->lock, then (after dropping the lock, holding
 * its own task reference) sets the flag and wakes the task, and touches
 * neither waiter nor cv afterwards.  A waiter returns only after seeing
 * its flag, so its on-stack node outlives every access to it, and the
 * caller may destroy the cv as soon as cv_wait returns.
 */
struct rumpuser_cv {
	spinlock_t lock;		/* protects waiters, never held long */
	struct list_head all;		/* rumpuser_lx_objs.condvars */
	struct list_head waiters;
	atomic_t nwaiters;		/* threads inside cv_wait*() */
};

struct rumpuser_lx_waiter {
	struct list_head link;
	struct task_struct *task;
	bool unlinked;			/* under cv->lock */
	int woken;			/* store-release by the waker */
};

/* Every live object, for the reclaim after an exit. */
static struct {
	spinlock_t lock;
	struct list_head mutexes, rwlocks, condvars;
} rumpuser_lx_objs = {
	.lock = __SPIN_LOCK_UNLOCKED(rumpuser_lx_objs.lock),
	.mutexes = LIST_HEAD_INIT(rumpuser_lx_objs.mutexes),
	.rwlocks = LIST_HEAD_INIT(rumpuser_lx_objs.rwlocks),
	.condvars = LIST_HEAD_INIT(rumpuser_lx_objs.condvars),
};

static void rumpuser_lx_obj_add(struct list_head *obj, struct list_head *list)
{
	spin_lock(&rumpuser_lx_objs.lock);
	list_add(obj, list);
	spin_unlock(&rumpuser_lx_objs.lock);
}

static void rumpuser_lx_obj_del(struct list_head *obj)
{
	spin_lock(&rumpuser_lx_objs.lock);
	list_del(obj);
	spin_unlock(&rumpuser_lx_objs.lock);
}

/* ---- host-side blocking helpers ---------------------------------------- */

/*
 * A killable sleep fails only for a user task with a fatal signal (which
 * then takes the lock the plain way) or for our own thread after an exit,
 * which ends there.
 */
static void rumpuser_lx_mutex_lock(struct mutex *m)
{
	if (mutex_lock_killable(m)) {
		if (rumpuser_lx_thread_must_end())
			rumpuser_lx_thread_end_halted();
		mutex_lock(m);
	}
}

static void rumpuser_lx_down_read(struct rw_semaphore *s)
{
	if (down_read_killable(s)) {
		if (rumpuser_lx_thread_must_end())
			rumpuser_lx_thread_end_halted();
		down_read(s);
	}
}

static void rumpuser_lx_down_write(struct rw_semaphore *s)
{
	if (down_write_killable(s)) {
		if (rumpuser_lx_thread_must_end())
			rumpuser_lx_thread_end_halted();
		down_write(s);
	}
}

/* A blocking hypercall entered by one of our threads after an exit. */
static void rumpuser_lx_end_check(void)
{
	if (unlikely(rumpuser_lx_thread_must_end()))
		rumpuser_lx_thread_end_halted();
}

/* ---- mutexes ------------------------------------------------------------ */

void rumpuser_mutex_init(struct rumpuser_mtx **mtxp, int flags)
{
	struct rumpuser_mtx *mtx;

	/* void: cannot fail, and the object is small */
	mtx = kzalloc(sizeof(*mtx), GFP_KERNEL | __GFP_NOFAIL);
	mutex_init(&mtx->lock);
	mtx->flags = flags;
	rumpuser_lx_obj_add(&mtx->all, &rumpuser_lx_objs.mutexes);
	rumpuser_lx_stat_inc(mutexes);
	*mtxp = mtx;
}
EXPORT_SYMBOL_GPL(rumpuser_mutex_init);

static void rumpuser_lx_mutex_owned(struct rumpuser_mtx *mtx)
{
	if (mtx->flags & RUMPUSER_MTX_KMUTEX)
		WRITE_ONCE(mtx->owner, rumpuser_curlwp());
	rumpuser_lx_held_push(mtx, RUMPUSER_LX_LOCK_MUTEX);
}

static void rumpuser_lx_mutex_unowned(struct rumpuser_mtx *mtx)
{
	rumpuser_lx_held_pop(mtx);
	if (mtx->flags & RUMPUSER_MTX_KMUTEX)
		WRITE_ONCE(mtx->owner, NULL);
}

void rumpuser_mutex_enter_nowrap(struct rumpuser_mtx *mtx)
{
	rumpuser_lx_end_check();
	rumpuser_lx_mutex_lock(&mtx->lock);
	rumpuser_lx_mutex_owned(mtx);
}
EXPORT_SYMBOL_GPL(rumpuser_mutex_enter_nowrap);

/*
 * Try first: uncontended entries happen before the rump scheduler exists
 * and must not upcall.  Only a contended adaptive entry gives the CPU back.
 */
void rumpuser_mutex_enter(struct rumpuser_mtx *mtx)
{
	int nlocks;

	if (mtx->flags & RUMPUSER_MTX_SPIN) {
		rumpuser_mutex_enter_nowrap(mtx);
		return;
	}
	rumpuser_lx_end_check();
	if (!mutex_trylock(&mtx->lock)) {
		rumpuser_lx_unschedule(&nlocks, NULL);
		rumpuser_lx_mutex_lock(&mtx->lock);
		rumpuser_lx_schedule(nlocks, NULL);
	}
	rumpuser_lx_mutex_owned(mtx);
}
EXPORT_SYMBOL_GPL(rumpuser_mutex_enter);

int rumpuser_mutex_tryenter(struct rumpuser_mtx *mtx)
{
	if (!mutex_trylock(&mtx->lock))
		return RUMPUSER_NB_EBUSY;
	rumpuser_lx_mutex_owned(mtx);
	return 0;
}
EXPORT_SYMBOL_GPL(rumpuser_mutex_tryenter);

void rumpuser_mutex_exit(struct rumpuser_mtx *mtx)
{
	rumpuser_lx_mutex_unowned(mtx);
	mutex_unlock(&mtx->lock);
}
EXPORT_SYMBOL_GPL(rumpuser_mutex_exit);

void rumpuser_mutex_destroy(struct rumpuser_mtx *mtx)
{
	rumpuser_lx_obj_del(&mtx->all);
	mutex_destroy(&mtx->lock);
	kfree(mtx);
	rumpuser_lx_stat_dec(mutexes);
}
EXPORT_SYMBOL_GPL(rumpuser_mutex_destroy);

void rumpuser_mutex_owner(struct rumpuser_mtx *mtx, struct lwp **lp)
{
	*lp = READ_ONCE(mtx->owner);
}
EXPORT_SYMBOL_GPL(rumpuser_mutex_owner);

int rumpuser_mutex_spin_p(struct rumpuser_mtx *mtx)
{
	return (mtx->flags & RUMPUSER_MTX_SPIN) != 0;
}
EXPORT_SYMBOL_GPL(rumpuser_mutex_spin_p);

/* ---- rwlocks ------------------------------------------------------------ */

void rumpuser_rw_init(struct rumpuser_rw **rwp)
{
	struct rumpuser_rw *rw;

	rw = kzalloc(sizeof(*rw), GFP_KERNEL | __GFP_NOFAIL);
	init_rwsem(&rw->sem);
	atomic_set(&rw->readers, 0);
	rumpuser_lx_obj_add(&rw->all, &rumpuser_lx_objs.rwlocks);
	rumpuser_lx_stat_inc(rwlocks);
	*rwp = rw;
}
EXPORT_SYMBOL_GPL(rumpuser_rw_init);

static void rumpuser_lx_rw_got(int lk, struct rumpuser_rw *rw)
{
	if (lk == RUMPUSER_RW_WRITER) {
		WRITE_ONCE(rw->writer, rumpuser_curlwp());
		WRITE_ONCE(rw->wlocked, true);
		rumpuser_lx_held_push(rw, RUMPUSER_LX_LOCK_WRITE);
	} else {
		atomic_inc(&rw->readers);
		rumpuser_lx_held_push(rw, RUMPUSER_LX_LOCK_READ);
	}
}

static bool rumpuser_lx_rw_trylock(int lk, struct rumpuser_rw *rw)
{
	if (lk == RUMPUSER_RW_WRITER)
		return down_write_trylock(&rw->sem);
	return down_read_trylock(&rw->sem);
}

void rumpuser_rw_enter(int lk, struct rumpuser_rw *rw)
{
	int nlocks;

	rumpuser_lx_end_check();
	if (!rumpuser_lx_rw_trylock(lk, rw)) {
		rumpuser_lx_unschedule(&nlocks, NULL);
		if (lk == RUMPUSER_RW_WRITER)
			rumpuser_lx_down_write(&rw->sem);
		else
			rumpuser_lx_down_read(&rw->sem);
		rumpuser_lx_schedule(nlocks, NULL);
	}
	rumpuser_lx_rw_got(lk, rw);
}
EXPORT_SYMBOL_GPL(rumpuser_rw_enter);

int rumpuser_rw_tryenter(int lk, struct rumpuser_rw *rw)
{
	if (!rumpuser_lx_rw_trylock(lk, rw))
		return RUMPUSER_NB_EBUSY;
	rumpuser_lx_rw_got(lk, rw);
	return 0;
}
EXPORT_SYMBOL_GPL(rumpuser_rw_tryenter);

/*
 * An rw_semaphore cannot turn a shared hold into an exclusive one without
 * letting go in between, and letting go would lose the lock to a waiting
 * writer.  The interface allows tryupgrade to always fail: callers back
 * off and take it exclusive from scratch.
 */
int rumpuser_rw_tryupgrade(struct rumpuser_rw *rw)
{
	return RUMPUSER_NB_EBUSY;
}
EXPORT_SYMBOL_GPL(rumpuser_rw_tryupgrade);

/* Atomic: downgrade_write() lets no other writer in between. */
void rumpuser_rw_downgrade(struct rumpuser_rw *rw)
{
	rumpuser_lx_held_pop(rw);
	rumpuser_lx_held_push(rw, RUMPUSER_LX_LOCK_READ);
	WRITE_ONCE(rw->wlocked, false);
	WRITE_ONCE(rw->writer, NULL);
	atomic_inc(&rw->readers);
	downgrade_write(&rw->sem);
}
EXPORT_SYMBOL_GPL(rumpuser_rw_downgrade);

/*
 * Shared or exclusive?  While we hold it shared, readers >= 1; while we
 * hold it exclusive nobody can hold it shared, so readers == 0.
 */
void rumpuser_rw_exit(struct rumpuser_rw *rw)
{
	rumpuser_lx_held_pop(rw);
	if (atomic_read(&rw->readers) > 0) {
		atomic_dec(&rw->readers);
		up_read(&rw->sem);
	} else {
		WRITE_ONCE(rw->wlocked, false);
		WRITE_ONCE(rw->writer, NULL);
		up_write(&rw->sem);
	}
}
EXPORT_SYMBOL_GPL(rumpuser_rw_exit);

void rumpuser_rw_destroy(struct rumpuser_rw *rw)
{
	rumpuser_lx_obj_del(&rw->all);
	kfree(rw);
	rumpuser_lx_stat_dec(rwlocks);
}
EXPORT_SYMBOL_GPL(rumpuser_rw_destroy);

void rumpuser_rw_held(int lk, struct rumpuser_rw *rw, int *heldp)
{
	if (lk == RUMPUSER_RW_WRITER)
		*heldp = READ_ONCE(rw->wlocked) &&
			 READ_ONCE(rw->writer) == rumpuser_curlwp();
	else
		*heldp = atomic_read(&rw->readers) > 0;
}
EXPORT_SYMBOL_GPL(rumpuser_rw_held);

/* ---- condition variables ------------------------------------------------ */

void rumpuser_cv_init(struct rumpuser_cv **cvp)
{
	struct rumpuser_cv *cv;

	cv = kzalloc(sizeof(*cv), GFP_KERNEL | __GFP_NOFAIL);
	spin_lock_init(&cv->lock);
	INIT_LIST_HEAD(&cv->waiters);
	atomic_set(&cv->nwaiters, 0);
	rumpuser_lx_obj_add(&cv->all, &rumpuser_lx_objs.condvars);
	rumpuser_lx_stat_inc(condvars);
	*cvp = cv;
}
EXPORT_SYMBOL_GPL(rumpuser_cv_init);

void rumpuser_cv_destroy(struct rumpuser_cv *cv)
{
	if (atomic_read(&cv->nwaiters))
		pr_err("cv_destroy: condvar %p still has %d waiters\n", cv,
		       atomic_read(&cv->nwaiters));
	rumpuser_lx_obj_del(&cv->all);
	kfree(cv);
	rumpuser_lx_stat_dec(condvars);
}
EXPORT_SYMBOL_GPL(rumpuser_cv_destroy);

/* Step 1 of a wait: count and queue the waiter before anything else. */
static void rumpuser_lx_cv_enqueue(struct rumpuser_cv *cv,
				   struct rumpuser_lx_waiter *w)
{
	w->task = current;
	w->unlinked = false;
	w->woken = 0;
	atomic_inc(&cv->nwaiters);
	spin_lock(&cv->lock);
	list_add_tail(&w->link, &cv->waiters);
	spin_unlock(&cv->lock);
}

/*
 * Our thread is ended in a wait after an exit.  Its waiter node is on our
 * stack: take it off the list, or, if a waker has it already, wait for the
 * waker's last touch (the flag) before the stack goes away.  Does not
 * return (see rumpuser_lx_thread_end_halted()).
 */
static void rumpuser_lx_cv_abandon(struct rumpuser_cv *cv,
					      struct rumpuser_lx_waiter *w)
{
	spin_lock(&cv->lock);
	if (!w->unlinked) {
		list_del(&w->link);
		w->unlinked = true;
		w->woken = 1;
	}
	spin_unlock(&cv->lock);
	/*
	 * Pairs with the waker's store-release: its last access to w.  The
	 * waker may have been preempted in between, on this very CPU: yield.
	 */
	while (!smp_load_acquire(&w->woken))
		cond_resched();
	atomic_dec(&cv->nwaiters);
	rumpuser_lx_thread_end_halted();
}

/*
 * Sleep until woken, or until the absolute monotonic deadline when one is
 * given.  TASK_IDLE: idle rump threads wait forever; that is neither load
 * nor a hung task, and no signal may cut the wait short.
 * Returns 0 when woken, RUMPUSER_NB_ETIMEDOUT when the deadline passed and
 * we took ourselves off the list (exactly once, under cv->lock).
 */
static int rumpuser_lx_cv_sleep(struct rumpuser_cv *cv,
				struct rumpuser_lx_waiter *w,
				const ktime_t *deadline)
{
	unsigned int state = rumpuser_lx_wait_state();
	ktime_t expires;

	for (;;) {
		set_current_state(state);
		/* pairs with the waker's store-release of the flag */
		if (smp_load_acquire(&w->woken))
			break;
		if (unlikely(rumpuser_lx_thread_must_end())) {
			__set_current_state(TASK_RUNNING);
			rumpuser_lx_cv_abandon(cv, w);
		}
		if (!deadline) {
			schedule();
			continue;
		}
		if (ktime_before(ktime_get(), *deadline)) {
			expires = *deadline;
			schedule_hrtimeout_range(&expires, 0, HRTIMER_MODE_ABS);
			continue;
		}
		__set_current_state(TASK_RUNNING);
		spin_lock(&cv->lock);
		if (!w->unlinked) {
			list_del(&w->link);
			spin_unlock(&cv->lock);
			return RUMPUSER_NB_ETIMEDOUT;
		}
		spin_unlock(&cv->lock);
		/* a waker has us: wait for its flag, it is on its way */
		deadline = NULL;
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/*
 * The full recipe (spec section 4).  The unschedule upcall comes first,
 * with mtx as interlock: for the scheduler's own locks the caller does not
 * hold mtx and the upcall takes it.  After it, we hold mtx either way.
 */
static int rumpuser_lx_cv_wait_wrap(struct rumpuser_cv *cv,
				    struct rumpuser_mtx *mtx,
				    const ktime_t *deadline)
{
	struct rumpuser_lx_waiter w;
	int nlocks, rv;

	rumpuser_lx_end_check();
	rumpuser_lx_cv_enqueue(cv, &w);
	rumpuser_lx_unschedule(&nlocks, mtx);
	rumpuser_lx_mutex_unowned(mtx);
	mutex_unlock(&mtx->lock);

	rv = rumpuser_lx_cv_sleep(cv, &w, deadline);

	if ((mtx->flags & (RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX)) ==
	    (RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX)) {
		/*
		 * Kernel spin mutex: take the CPU before the mutex, the order
		 * every other holder uses, or we deadlock against a holder
		 * waiting for our CPU.
		 */
		rumpuser_lx_schedule(nlocks, mtx);
		rumpuser_mutex_enter_nowrap(mtx);
	} else {
		/*
		 * SPIN only (scheduler lock): the upcall expects to find mtx
		 * held and may release it; touch mtx no more afterwards.
		 * KMUTEX only: either order works; this one keeps the CPU
		 * free while we wait for the mutex.
		 */
		rumpuser_mutex_enter_nowrap(mtx);
		rumpuser_lx_schedule(nlocks, mtx);
	}
	atomic_dec(&cv->nwaiters);
	return rv;
}

void rumpuser_cv_wait(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx)
{
	rumpuser_lx_cv_wait_wrap(cv, mtx, NULL);
}
EXPORT_SYMBOL_GPL(rumpuser_cv_wait);

void rumpuser_cv_wait_nowrap(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx)
{
	struct rumpuser_lx_waiter w;

	rumpuser_lx_end_check();
	rumpuser_lx_cv_enqueue(cv, &w);
	rumpuser_lx_mutex_unowned(mtx);
	mutex_unlock(&mtx->lock);
	rumpuser_lx_cv_sleep(cv, &w, NULL);
	rumpuser_mutex_enter_nowrap(mtx);
	atomic_dec(&cv->nwaiters);
}
EXPORT_SYMBOL_GPL(rumpuser_cv_wait_nowrap);

/* Relative timeout; the deadline is fixed before we give the CPU back. */
int rumpuser_cv_timedwait(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx,
			  int64_t sec, int64_t nsec)
{
	ktime_t deadline;

	if (sec < 0 || (sec == 0 && nsec < 0))
		sec = nsec = 0;
	deadline = ktime_add_safe(ktime_get(), ktime_set(sec, nsec));
	return rumpuser_lx_cv_wait_wrap(cv, mtx, &deadline);
}
EXPORT_SYMBOL_GPL(rumpuser_cv_timedwait);

/* Called after cv->lock is dropped: the waiter may vanish once woken. */
static void rumpuser_lx_cv_wake(struct rumpuser_lx_waiter *w)
{
	struct task_struct *task = w->task;

	get_task_struct(task);
	/* orders the unlink before the flag; after it w may be gone */
	smp_store_release(&w->woken, 1);
	wake_up_process(task);
	put_task_struct(task);
}

/* Never upcalls; fine with or without mtx and CPU, even inside upcalls. */
void rumpuser_cv_signal(struct rumpuser_cv *cv)
{
	struct rumpuser_lx_waiter *w;

	spin_lock(&cv->lock);
	w = list_first_entry_or_null(&cv->waiters, struct rumpuser_lx_waiter,
				     link);
	if (w) {
		list_del(&w->link);
		w->unlinked = true;
	}
	spin_unlock(&cv->lock);
	if (w)
		rumpuser_lx_cv_wake(w);
}
EXPORT_SYMBOL_GPL(rumpuser_cv_signal);

void rumpuser_cv_broadcast(struct rumpuser_cv *cv)
{
	struct rumpuser_lx_waiter *w, *next;
	LIST_HEAD(woken);

	spin_lock(&cv->lock);
	list_for_each_entry(w, &cv->waiters, link)
		w->unlinked = true;
	list_splice_init(&cv->waiters, &woken);
	spin_unlock(&cv->lock);

	/* _safe: read the next node before waking makes this one vanish */
	list_for_each_entry_safe(w, next, &woken, link)
		rumpuser_lx_cv_wake(w);
}
EXPORT_SYMBOL_GPL(rumpuser_cv_broadcast);

void rumpuser_cv_has_waiters(struct rumpuser_cv *cv, int *nwaiters)
{
	*nwaiters = atomic_read(&cv->nwaiters);
}
EXPORT_SYMBOL_GPL(rumpuser_cv_has_waiters);

/* ---- after an exit ------------------------------------------------------ */

/* Give back a lock an ending thread holds (thread.c). */
void rumpuser_lx_lock_drop(void *lock, enum rumpuser_lx_lock_kind kind)
{
	struct rumpuser_mtx *mtx = lock;
	struct rumpuser_rw *rw = lock;

	switch (kind) {
	case RUMPUSER_LX_LOCK_MUTEX:
		if (mtx->flags & RUMPUSER_MTX_KMUTEX)
			WRITE_ONCE(mtx->owner, NULL);
		mutex_unlock(&mtx->lock);
		break;
	case RUMPUSER_LX_LOCK_READ:
		atomic_dec(&rw->readers);
		up_read(&rw->sem);
		break;
	case RUMPUSER_LX_LOCK_WRITE:
		WRITE_ONCE(rw->wlocked, false);
		WRITE_ONCE(rw->writer, NULL);
		up_write(&rw->sem);
		break;
	}
}

/*
 * fini after an exit: free every object the rump kernel never destroyed,
 * as a process exit frees its memory.  Its threads are gone, so nobody
 * holds or waits on them any more, except a foreign task parked for good
 * (which never touches them again).
 */
void rumpuser_lx_synch_reclaim(void)
{
	struct rumpuser_mtx *mtx, *mn;
	struct rumpuser_rw *rw, *rn;
	struct rumpuser_cv *cv, *cn;
	LIST_HEAD(mutexes);
	LIST_HEAD(rwlocks);
	LIST_HEAD(condvars);

	spin_lock(&rumpuser_lx_objs.lock);
	list_splice_init(&rumpuser_lx_objs.mutexes, &mutexes);
	list_splice_init(&rumpuser_lx_objs.rwlocks, &rwlocks);
	list_splice_init(&rumpuser_lx_objs.condvars, &condvars);
	spin_unlock(&rumpuser_lx_objs.lock);

	list_for_each_entry_safe(mtx, mn, &mutexes, all) {
		kfree(mtx);
		rumpuser_lx_stat_dec(mutexes);
	}
	list_for_each_entry_safe(rw, rn, &rwlocks, all) {
		kfree(rw);
		rumpuser_lx_stat_dec(rwlocks);
	}
	list_for_each_entry_safe(cv, cn, &condvars, all) {
		kfree(cv);
		rumpuser_lx_stat_dec(condvars);
	}
}
