// SPDX-License-Identifier: BSD-2-Clause
/*
 * conf_clock.c - clock_gettime/clock_sleep: monotonic, the host's wall
 * time, never short, past deadlines return, one unschedule/schedule pair
 * per sleep, interrupted sleeps resumed.
 *
 * No upper bound on how long anything took: on a loaded or emulated host
 * any figure can be missed, and speed is bench/hypercall's business.  A
 * sleep that never ends shows up as the run's timeout.
 */
#include "conf.h"

static void clock_absmono_monotonic(void)
{
	int64_t sec, prev = 0;
	long nsec;
	int i, bad = 0;

	for (i = 0; i < 10000; i++) {
		int64_t t;

		KT_EXPECT_EQ(rumpuser_clock_gettime(RUMPUSER_CLOCK_ABSMONO,
						    &sec, &nsec), 0);
		if (nsec < 0 || nsec >= CONF_NS_SEC)
			bad++;
		t = sec * CONF_NS_SEC + nsec;
		if (t < prev)
			bad++;
		prev = t;
	}
	KT_EXPECT_EQ(bad, 0);
}

static void clock_relwall_host(void)
{
	int64_t sec, before, after;
	long nsec;

	/*
	 * Bracketed by the host's clock, read before and after: however
	 * long the calls take.  One second of slack each way for a host
	 * clock that ticks coarsely (time(2) lags clock_gettime).
	 */
	before = host_realtime_sec();
	KT_EXPECT_EQ(rumpuser_clock_gettime(RUMPUSER_CLOCK_RELWALL, &sec,
					    &nsec), 0);
	after = host_realtime_sec();
	KT_EXPECT(nsec >= 0 && nsec < CONF_NS_SEC);
	KT_EXPECT_MSG(sec >= before - 1 && sec <= after + 1,
		      "RELWALL %lld outside host [%lld, %lld]", (long long)sec,
		      (long long)before, (long long)after);
}

/* Run one sleep; check it was not short and made exactly one upcall pair. */
static void sleep_check(int clk, int64_t sec, long nsec, int64_t min_ns)
{
	struct lwp *l = conf_lwp();
	long u, s;
	int64_t t0, dt;

	if (!l)
		return;
	u = AT_LOAD(&l->n_bunsched);
	s = AT_LOAD(&l->n_bsched);
	t0 = conf_now_ns();
	KT_EXPECT_EQ(rumpuser_clock_sleep(clk, sec, nsec), 0);
	dt = conf_now_ns() - t0;
	KT_EXPECT_MSG(dt >= min_ns, "slept %lld ns, asked %lld", (long long)dt,
		      (long long)min_ns);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bunsched) - u, 1);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bsched) - s, 1);
	KT_EXPECT(mock_cpu_held());
}

static void clock_relwall_at_least(void)
{
	sleep_check(RUMPUSER_CLOCK_RELWALL, 0, 20 * CONF_NS_MSEC,
		    20 * CONF_NS_MSEC);
	sleep_check(RUMPUSER_CLOCK_RELWALL, 0, 1, 1);
	sleep_check(RUMPUSER_CLOCK_RELWALL, 1, 0, CONF_NS_SEC);
}

static void clock_absmono_until(void)
{
	int64_t dl = conf_now_ns() + 30 * CONF_NS_MSEC;

	sleep_check(RUMPUSER_CLOCK_ABSMONO, dl / CONF_NS_SEC,
		    (long)(dl % CONF_NS_SEC), 0);
	KT_EXPECT(conf_now_ns() >= dl);
}

static void clock_past_deadline(void)
{
	struct lwp *l = conf_lwp();
	int64_t dl = conf_now_ns() - CONF_NS_SEC;
	long u, s;

	if (!l)
		return;
	u = AT_LOAD(&l->n_bunsched);
	s = AT_LOAD(&l->n_bsched);
	KT_EXPECT_EQ(rumpuser_clock_sleep(RUMPUSER_CLOCK_ABSMONO,
					  dl / CONF_NS_SEC,
					  (long)(dl % CONF_NS_SEC)), 0);
	KT_EXPECT_EQ(rumpuser_clock_sleep(RUMPUSER_CLOCK_ABSMONO, 0, 0), 0);
	/* Returning at once may skip the CPU release; pairs still balance. */
	KT_EXPECT(AT_LOAD(&l->n_bunsched) - u <= 2);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bunsched) - u, AT_LOAD(&l->n_bsched) - s);
}

static void clock_many_yields(void)
{
	struct lwp *l = conf_lwp();
	long u;
	int i, n = 1000;

	if (!l)
		return;
	u = AT_LOAD(&l->n_bunsched);
	for (i = 0; i < n; i++)
		KT_EXPECT_EQ(rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 1), 0);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bunsched) - u, n);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bsched) - u, AT_LOAD(&l->n_bunsched) - u);
}

static void *kill_thread(void *arg)
{
	int *stop = arg;

	while (!AT_LOAD(stop)) {
		rumpuser_kill(RUMPUSER_PID_SELF, NB_SIGUSR1);
		/* No lwp here: sleep without the rump CPU machinery. */
		{
			int64_t end = conf_now_ns() + 3 * CONF_NS_MSEC;

			while (conf_now_ns() < end && !AT_LOAD(stop))
				;
		}
	}
	return NULL;
}

static void clock_interrupted_resumes(void)
{
	int stop = 0;
	void *t;

	if (host_sigusr1_caught() != 1) {
		kt_skip("host signals are a process concept");
		return;
	}
	t = conf_spawn(kill_thread, &stop);
	sleep_check(RUMPUSER_CLOCK_RELWALL, 0, 100 * CONF_NS_MSEC,
		    100 * CONF_NS_MSEC);
	AT_STORE(&stop, 1);
	conf_join(t);
}

static const struct kt_case clock_cases[] = {
	{ "absmono_monotonic", clock_absmono_monotonic },
	{ "relwall_is_host_time", clock_relwall_host },
	{ "relwall_sleeps_at_least", clock_relwall_at_least },
	{ "absmono_sleeps_until", clock_absmono_until },
	{ "past_deadline_returns", clock_past_deadline },
	{ "yield_one_pair_each", clock_many_yields },
	{ "interrupted_sleep_resumes", clock_interrupted_resumes },
};

const struct kt_family conf_fam_clock = {
	"clock", clock_cases, KT_NELEM(clock_cases), conf_fam_setup,
};
