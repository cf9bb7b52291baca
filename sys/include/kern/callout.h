/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kern/callout.h - timed calls.
 *
 * Tickless: one timer thread sleeps until the earliest deadline and is
 * woken when a callout with an earlier one is added.  Handlers run in that
 * thread, one at a time, with a CPU and no locks held (the big lock too
 * unless the callout is CALLOUT_MPSAFE).
 *
 * Cancellation: callout_stop() only dequeues; the handler may be running
 * (or about to run) on the timer thread when it returns - the return value
 * says whether it had already fired (expired).  callout_halt() also waits
 * for a running handler to finish, releasing interlock (if not NULL) while
 * waiting; after it returns the handler is neither pending nor running,
 * unless it re-armed itself from the handler, which callout_halt()
 * prevents by cancelling any reset made while it waits.  callout_halt()
 * from the callout's own handler does not wait (it would deadlock).
 * callout_destroy() requires the callout to be neither pending nor running.
 */
#ifndef _KERN_CALLOUT_H_
#define _KERN_CALLOUT_H_

#include "kern/types.h"

struct kmutex;

#define CALLOUT_MPSAFE	0x0100

/* State bits (c_flags). */
#define CALLOUT_PENDING		0x0001	/* queued */
#define CALLOUT_FIRED		0x0002	/* handler was started (expired) */
#define CALLOUT_INVOKING	0x0004	/* handler started, not acked */
#define CALLOUT_RUNNING		0x0008	/* handler executing now */
#define CALLOUT_HALTING		0x0010	/* callout_halt() waits */
#define CALLOUT_INIT_MAGIC	0x4000

typedef struct callout {
	struct callout *c_next, *c_prev;	/* deadline-ordered queue */
	rump_nsec_t c_deadline;
	void (*c_func)(void *);
	void *c_arg;
	int c_flags;
	unsigned c_gen;				/* bumped by each reset */
} callout_t;

void callout_init(callout_t *c, unsigned flags);
void callout_destroy(callout_t *c);
void callout_setfunc(callout_t *c, void (*func)(void *), void *arg);
void callout_reset(callout_t *c, int ticks, void (*func)(void *), void *arg);
void callout_schedule(callout_t *c, int ticks);
/* As callout_reset/schedule with a relative delay in nanoseconds. */
void callout_schedule_ns(callout_t *c, rump_nsec_t delay);
bool callout_stop(callout_t *c);
bool callout_halt(callout_t *c, struct kmutex *interlock);
bool callout_pending(callout_t *c);
bool callout_expired(callout_t *c);
bool callout_active(callout_t *c);
bool callout_invoking(callout_t *c);
void callout_ack(callout_t *c);

#endif /* _KERN_CALLOUT_H_ */
