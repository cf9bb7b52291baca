// SPDX-License-Identifier: BSD-2-Clause
/*
 * kern_time.c - clocks and tick conversions.  The kernel keeps no clock
 * of its own: both clocks are read from the host when asked, so there is
 * no periodic tick and an idle rump kernel costs nothing.
 */
#include "kern/types.h"
#include "kern/systm.h"

int hz = HZ_DEFAULT;

static void host_clock(int clk, int64_t *sec, long *nsec)
{
	if (rumpuser_clock_gettime(clk, sec, nsec) != 0)
		panic("rumpuser_clock_gettime(%d) failed", clk);
}

rump_nsec_t getnsmono(void)
{
	int64_t sec;
	long nsec;

	host_clock(RUMPUSER_CLOCK_ABSMONO, &sec, &nsec);
	return sec * NSEC_PER_SEC + nsec;
}

void getnanotime(struct timespec *ts)
{
	int64_t sec;
	long nsec;

	host_clock(RUMPUSER_CLOCK_RELWALL, &sec, &nsec);
	ts->tv_sec = sec;
	ts->tv_nsec = nsec;
}

void getnanouptime(struct timespec *ts)
{
	rump_nsec_t ns = getnsmono();

	ts->tv_sec = ns / NSEC_PER_SEC;
	ts->tv_nsec = ns % NSEC_PER_SEC;
}

rump_nsec_t ticks2ns(int ticks)
{
	return (rump_nsec_t)ticks * (NSEC_PER_SEC / hz);
}

int ns2ticks(rump_nsec_t ns)
{
	rump_nsec_t tick = NSEC_PER_SEC / hz;
	rump_nsec_t t;

	if (ns <= 0)
		return 0;
	t = (ns + tick - 1) / tick;
	return t > 0x7fffffff ? 0x7fffffff : (int)t;
}

int mstohz(int ms)
{
	return ns2ticks((rump_nsec_t)ms * 1000000);
}

int timespec2ns(const struct timespec *ts, rump_nsec_t *nsp)
{
	if (ts->tv_nsec < 0 || ts->tv_nsec >= NSEC_PER_SEC || ts->tv_sec < 0)
		return EINVAL;
	/* Clamp absurdly long times instead of overflowing (~292 years). */
	if (ts->tv_sec > 9000000000LL)
		*nsp = 9000000000LL * NSEC_PER_SEC;
	else
		*nsp = (rump_nsec_t)ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
	return 0;
}
