/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kern/workqueue.h - work items run in thread context by a queue's own
 * worker thread, in FIFO order.
 *
 * A struct work must not be enqueued again before its handler started.
 * workqueue_wait(wq, wk) returns once wk is neither queued nor running.
 * workqueue_destroy() runs the work still queued, then stops the worker.
 * WQ_PERCPU is accepted; this slice serves it with one worker.
 */
#ifndef _KERN_WORKQUEUE_H_
#define _KERN_WORKQUEUE_H_

#include "kern/types.h"

struct cpu_info;

#define WQ_MPSAFE	0x01
#define WQ_PERCPU	0x02

struct work {
	struct work *wk_next;
};

struct workqueue;
int workqueue_create(struct workqueue **wqp, const char *name,
		     void (*func)(struct work *, void *), void *arg,
		     int pri, int ipl, int flags);
void workqueue_destroy(struct workqueue *wq);
void workqueue_enqueue(struct workqueue *wq, struct work *wk,
		       struct cpu_info *ci);
void workqueue_wait(struct workqueue *wq, struct work *wk);

#endif /* _KERN_WORKQUEUE_H_ */
