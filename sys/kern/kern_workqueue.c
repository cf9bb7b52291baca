// SPDX-License-Identifier: BSD-2-Clause
/*
 * kern_workqueue.c - work queues: a FIFO of struct work served by the
 * queue's own kernel thread.
 *
 * wq_lock protects the queue and wq_running; the worker broadcasts
 * wq_donecv after each item so workqueue_wait() can tell when the item it
 * waits for is neither queued nor running.
 */
#include "kern/types.h"
#include "kern/systm.h"
#include "kern/kmem.h"
#include "kern/lock.h"
#include "kern/proc.h"
#include "kern/kthread.h"
#include "kern/workqueue.h"

struct workqueue {
	kmutex_t wq_lock;
	kcondvar_t wq_cv;		/* the worker: work or stop */
	kcondvar_t wq_donecv;		/* an item finished */
	struct work *wq_head, **wq_tailp;
	struct work *wq_running;
	void (*wq_func)(struct work *, void *);
	void *wq_arg;
	int wq_flags;
	bool wq_stop;
	struct lwp *wq_lwp;
	char wq_name[MAXCOMLEN + 1];
};

static void workqueue_thread(void *arg)
{
	struct workqueue *wq = arg;

	mutex_enter(&wq->wq_lock);
	for (;;) {
		struct work *wk = wq->wq_head;

		if (wk == NULL) {
			if (wq->wq_stop)
				break;
			cv_wait(&wq->wq_cv, &wq->wq_lock);
			continue;
		}
		wq->wq_head = wk->wk_next;
		if (wq->wq_head == NULL)
			wq->wq_tailp = &wq->wq_head;
		wq->wq_running = wk;
		mutex_exit(&wq->wq_lock);

		/* wk may be freed or re-enqueued by the handler. */
		wq->wq_func(wk, wq->wq_arg);

		mutex_enter(&wq->wq_lock);
		wq->wq_running = NULL;
		cv_broadcast(&wq->wq_donecv);
	}
	mutex_exit(&wq->wq_lock);
	kthread_exit(0);
}

int workqueue_create(struct workqueue **wqp, const char *name,
		     void (*func)(struct work *, void *), void *arg,
		     int pri, int ipl, int flags)
{
	struct workqueue *wq;
	int error;

	(void)ipl;
	wq = kmem_zalloc(sizeof(*wq), KM_SLEEP);
	if (wq == NULL)
		return ENOMEM;
	mutex_init(&wq->wq_lock, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&wq->wq_cv, "wqwait");
	cv_init(&wq->wq_donecv, "wqdone");
	wq->wq_tailp = &wq->wq_head;
	wq->wq_func = func;
	wq->wq_arg = arg;
	wq->wq_flags = flags;
	strlcpy(wq->wq_name, name, sizeof(wq->wq_name));
	error = kthread_create(pri, KTHREAD_MUSTJOIN |
			       ((flags & WQ_MPSAFE) ? KTHREAD_MPSAFE : 0),
			       NULL, workqueue_thread, wq, &wq->wq_lwp, "%s",
			       wq->wq_name);
	if (error) {
		cv_destroy(&wq->wq_donecv);
		cv_destroy(&wq->wq_cv);
		mutex_destroy(&wq->wq_lock);
		kmem_free(wq, sizeof(*wq));
		return error;
	}
	*wqp = wq;
	return 0;
}

void workqueue_enqueue(struct workqueue *wq, struct work *wk,
		       struct cpu_info *ci)
{
	(void)ci;
	mutex_enter(&wq->wq_lock);
	wk->wk_next = NULL;
	*wq->wq_tailp = wk;
	wq->wq_tailp = &wk->wk_next;
	cv_signal(&wq->wq_cv);
	mutex_exit(&wq->wq_lock);
}

static bool wq_queued(struct workqueue *wq, struct work *wk)
{
	struct work *w;

	for (w = wq->wq_head; w; w = w->wk_next)
		if (w == wk)
			return true;
	return false;
}

void workqueue_wait(struct workqueue *wq, struct work *wk)
{
	mutex_enter(&wq->wq_lock);
	while (wq->wq_running == wk || wq_queued(wq, wk))
		cv_wait(&wq->wq_donecv, &wq->wq_lock);
	mutex_exit(&wq->wq_lock);
}

void workqueue_destroy(struct workqueue *wq)
{
	mutex_enter(&wq->wq_lock);
	wq->wq_stop = true;
	cv_signal(&wq->wq_cv);
	mutex_exit(&wq->wq_lock);
	kthread_join(wq->wq_lwp);
	cv_destroy(&wq->wq_donecv);
	cv_destroy(&wq->wq_cv);
	mutex_destroy(&wq->wq_lock);
	kmem_free(wq, sizeof(*wq));
}
