// SPDX-License-Identifier: BSD-2-Clause
/*
 * clock.c - rumpuser_clock_gettime/rumpuser_clock_sleep.
 *
 * RELWALL reads the wall clock; ABSMONO the monotonic clock.  Every sleep
 * is done against an absolute monotonic deadline, so a signal that
 * interrupts it simply restarts it without stretching or shortening it,
 * and the call returns 0 as its callers assert.
 */
#include <errno.h>
#include <time.h>

#include "rumpuser_posix_int.h"

#define NSEC_PER_SEC 1000000000L

int rumpuser_clock_gettime(int clk, int64_t *sec, long *nsec)
{
	struct timespec ts;
	clockid_t id;

	switch (clk) {
	case RUMPUSER_CLOCK_RELWALL:
		id = CLOCK_REALTIME;
		break;
	case RUMPUSER_CLOCK_ABSMONO:
		id = CLOCK_MONOTONIC;
		break;
	default:
		return NB_EINVAL;
	}
	if (clock_gettime(id, &ts) != 0)
		return rumpuser__errtrans(errno);
	*sec = ts.tv_sec;
	*nsec = ts.tv_nsec;
	return 0;
}

int rumpuser_clock_sleep(int clk, int64_t sec, long nsec)
{
	struct timespec dl;
	int nlocks, rv;

	if (clk == RUMPUSER_CLOCK_ABSMONO) {
		dl.tv_sec = (time_t)sec;
		dl.tv_nsec = nsec;
	} else {
		/* Relative: the deadline counts from now, before unscheduling. */
		clock_gettime(CLOCK_MONOTONIC, &dl);
		dl.tv_sec += (time_t)sec + nsec / NSEC_PER_SEC;
		dl.tv_nsec += nsec % NSEC_PER_SEC;
	}
	/* Normalise; a deadline before the epoch is simply in the past. */
	while (dl.tv_nsec >= NSEC_PER_SEC) {
		dl.tv_sec++;
		dl.tv_nsec -= NSEC_PER_SEC;
	}
	while (dl.tv_nsec < 0) {
		dl.tv_sec--;
		dl.tv_nsec += NSEC_PER_SEC;
	}
	if (dl.tv_sec < 0) {
		dl.tv_sec = 0;
		dl.tv_nsec = 0;
	}

	rumpuser__unschedule(&nlocks, NULL);
	do {
		rv = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &dl, NULL);
	} while (rv == EINTR);
	rumpuser__schedule(nlocks, NULL);
	return 0;
}
