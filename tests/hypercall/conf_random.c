// SPDX-License-Identifier: BSD-2-Clause
/*
 * conf_random.c - rumpuser_getrandom(): HARD|NOWAIT returns bytes,
 * 0 < *retp <= len, the bytes look random, no upcalls.
 */
#include "conf.h"

static void random_nowait(void)
{
	unsigned char buf[64];
	size_t n = 0;
	int i;

	for (i = 0; i < 100; i++) {
		n = 0;
		KT_EXPECT_EQ(rumpuser_getrandom(buf, sizeof(buf),
						RUMPUSER_RANDOM_HARD |
						RUMPUSER_RANDOM_NOWAIT, &n), 0);
		KT_EXPECT(n > 0 && n <= sizeof(buf));
	}
	/*
	 * "Never blocks" has no verdict but a time (bench/hypercall); a
	 * call that blocks for good shows up as the run's timeout.
	 */
}

static void random_lengths(void)
{
	static const size_t lens[] = { 1, 7, 256, 4096, 1 << 20 };
	unsigned char *buf;
	int i;

	KT_EXPECT_EQ(rumpuser_malloc(1 << 20, 0, (void **)&buf), 0);
	for (i = 0; i < KT_NELEM(lens); i++) {
		size_t n = 0;
		int rv;

		rv = rumpuser_getrandom(buf, lens[i], RUMPUSER_RANDOM_NOWAIT, &n);
		KT_EXPECT_EQ(rv, 0);
		KT_EXPECT_MSG(n > 0 && n <= lens[i], "len %zu gave %zu",
			      lens[i], n);
		rv = rumpuser_getrandom(buf, lens[i], RUMPUSER_RANDOM_HARD, &n);
		KT_EXPECT_EQ(rv, 0);
		KT_EXPECT(n > 0 && n <= lens[i]);
	}
	rumpuser_free(buf, 1 << 20);
}

static void random_looks_random(void)
{
	unsigned char a[32], b[32];
	size_t na = 0, nb = 0;
	int i, zeros = 0;

	KT_EXPECT_EQ(rumpuser_getrandom(a, sizeof(a), RUMPUSER_RANDOM_HARD |
					RUMPUSER_RANDOM_NOWAIT, &na), 0);
	KT_EXPECT_EQ(rumpuser_getrandom(b, sizeof(b), RUMPUSER_RANDOM_HARD |
					RUMPUSER_RANDOM_NOWAIT, &nb), 0);
	KT_EXPECT_EQ(na, sizeof(a));
	KT_EXPECT_EQ(nb, sizeof(b));
	KT_EXPECT(memcmp(a, b, sizeof(a)) != 0);
	for (i = 0; i < (int)sizeof(a); i++)
		zeros += a[i] == 0;
	KT_EXPECT(zeros < 8);
}

static void random_no_upcalls(void)
{
	struct lwp *l = conf_lwp();
	unsigned char buf[16];
	size_t n;
	long u;

	if (!l)
		return;
	u = AT_LOAD(&l->n_bunsched);
	rumpuser_getrandom(buf, sizeof(buf), RUMPUSER_RANDOM_HARD |
			   RUMPUSER_RANDOM_NOWAIT, &n);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bunsched), u);
}

static const struct kt_case random_cases[] = {
	{ "hard_nowait_returns_bytes", random_nowait },
	{ "lengths_short_allowed", random_lengths },
	{ "looks_random", random_looks_random },
	{ "no_upcalls", random_no_upcalls },
};

const struct kt_family conf_fam_random = {
	"random", random_cases, KT_NELEM(random_cases), conf_fam_setup,
};
