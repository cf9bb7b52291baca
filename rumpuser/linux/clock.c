// SPDX-License-Identifier: GPL-2.0
/*
 * clock.c - wall and monotonic clocks, and sleeping on them.
 *
 * ABSMONO is CLOCK_MONOTONIC (ktime_get()), so an absolute deadline from
 * rumpuser_clock_gettime() can be handed straight to an absolute hrtimer.
 */
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/timekeeping.h>

#include "rumpuser_int.h"

int rumpuser_clock_gettime(int clk, int64_t *sec, long *nsec)
{
	struct timespec64 ts;

	switch (clk) {
	case RUMPUSER_CLOCK_RELWALL:
		ktime_get_real_ts64(&ts);
		break;
	case RUMPUSER_CLOCK_ABSMONO:
		ktime_get_ts64(&ts);
		break;
	default:
		return RUMPUSER_NB_EINVAL;
	}
	*sec = ts.tv_sec;
	*nsec = ts.tv_nsec;
	return 0;
}
EXPORT_SYMBOL_GPL(rumpuser_clock_gettime);

/*
 * Callers assert a 0 return, so the sleep is retried until the deadline is
 * really reached (an early wakeup is not an error here).  TASK_IDLE: the
 * clock thread sleeps all the time and must not count as load.  After an
 * exit our own threads end here (thread.c, "Halting").
 */
int rumpuser_clock_sleep(int clk, int64_t sec, long nsec)
{
	ktime_t deadline, expires;
	unsigned int state;
	int nlocks;

	if (sec < 0 || (sec == 0 && nsec < 0))
		sec = nsec = 0;
	switch (clk) {
	case RUMPUSER_CLOCK_RELWALL:
		/* "at least that long": measured on the monotonic clock */
		deadline = ktime_add_safe(ktime_get(), ktime_set(sec, nsec));
		break;
	case RUMPUSER_CLOCK_ABSMONO:
		deadline = ktime_set(sec, nsec);
		break;
	default:
		return RUMPUSER_NB_EINVAL;
	}

	if (rumpuser_lx_thread_must_end())
		rumpuser_lx_thread_end_halted();
	state = rumpuser_lx_wait_state();
	/* one unschedule/schedule pair per sleep, even a past deadline */
	rumpuser_lx_unschedule(&nlocks, NULL);
	for (;;) {
		set_current_state(state);
		if (!ktime_before(ktime_get(), deadline))
			break;
		if (rumpuser_lx_thread_must_end()) {
			__set_current_state(TASK_RUNNING);
			rumpuser_lx_thread_end_halted();
		}
		expires = deadline;
		schedule_hrtimeout_range(&expires, 0, HRTIMER_MODE_ABS);
	}
	__set_current_state(TASK_RUNNING);
	rumpuser_lx_schedule(nlocks, NULL);
	return 0;
}
EXPORT_SYMBOL_GPL(rumpuser_clock_sleep);
