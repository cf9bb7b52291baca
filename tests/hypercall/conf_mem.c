// SPDX-License-Identifier: BSD-2-Clause
/*
 * conf_mem.c - rumpuser_malloc/free and anonmmap: alignment, odd and large
 * sizes, whole allocation writable, leak counters, failure as an errno.
 */
#include "conf.h"

static const int mem_aligns[] = { 0, 8, 64, 4096, 16384 };
static const size_t mem_sizes[] = {
	1, 7, 63, 100, 513, 4095, 4097, 65537, (1 << 20) + 3,
};

static int aligned(const void *p, size_t a)
{
	return ((unsigned long)p & (a - 1)) == 0;
}

static void mem_alignments(void)
{
	struct rumpuser_ext_stats s0, s1;
	int i, j;
	void *p;

	for (i = 0; i < KT_NELEM(mem_aligns); i++) {
		for (j = 0; j < KT_NELEM(mem_sizes); j++) {
			size_t a = mem_aligns[i] ? (size_t)mem_aligns[i]
						 : sizeof(void *);
			size_t len = mem_sizes[j];
			int rv;

			conf_stats(&s0);
			rv = rumpuser_malloc(len, mem_aligns[i], &p);
			KT_EXPECT_MSG(rv == 0, "malloc(%zu, %d) = %d", len,
				      mem_aligns[i], rv);
			if (rv)
				continue;
			KT_EXPECT_MSG(aligned(p, a), "malloc(%zu, %d) = %p",
				      len, mem_aligns[i], p);
			/* Every byte is ours: write all, check all. */
			conf_pattern(p, len, (unsigned int)(i * 31 + j));
			KT_EXPECT(conf_pattern_ok(p, len, i * 31 + j));
			conf_stats(&s1);
			KT_EXPECT_EQ(s1.mem_bytes - s0.mem_bytes, len);
			KT_EXPECT_EQ(s1.mem_blocks - s0.mem_blocks, 1);
			rumpuser_free(p, len);
			conf_stats(&s1);
			KT_EXPECT_EQ(s1.mem_bytes, s0.mem_bytes);
			KT_EXPECT_EQ(s1.mem_blocks, s0.mem_blocks);
		}
	}
}

static void mem_large(void)
{
	static const int aligns[] = { 0, 4096, 16384 };
	size_t len = (16 << 20) + 3;
	int i;
	void *p;

	for (i = 0; i < KT_NELEM(aligns); i++) {
		int rv = rumpuser_malloc(len, aligns[i], &p);

		KT_EXPECT_MSG(rv == 0, "malloc(16 MiB + 3, %d) = %d", aligns[i], rv);
		if (rv)
			continue;
		if (aligns[i])
			KT_EXPECT(aligned(p, (size_t)aligns[i]));
		conf_pattern(p, len, 77 + i);
		KT_EXPECT(conf_pattern_ok(p, len, 77 + i));
		rumpuser_free(p, len);
	}
}

static void mem_many_small(void)
{
	struct rumpuser_ext_stats s0, s1;
	void **ptrs;
	int i, n = 1000;

	conf_stats(&s0);
	KT_EXPECT_EQ(rumpuser_malloc(n * sizeof(void *), 0, (void **)&ptrs), 0);
	for (i = 0; i < n; i++) {
		KT_EXPECT_EQ(rumpuser_malloc(i % 97 + 1, i % 2 ? 64 : 0,
					     &ptrs[i]), 0);
		memset(ptrs[i], i & 0xff, i % 97 + 1);
	}
	for (i = 0; i < n; i++) {
		unsigned char *b = ptrs[i];

		KT_EXPECT(b[0] == (i & 0xff) && b[i % 97] == (i & 0xff));
		rumpuser_free(ptrs[i], i % 97 + 1);
	}
	rumpuser_free(ptrs, n * sizeof(void *));
	conf_stats(&s1);
	KT_EXPECT_EQ(s1.mem_bytes, s0.mem_bytes);
	KT_EXPECT_EQ(s1.mem_blocks, s0.mem_blocks);
}

static void mem_failure_errno(void)
{
	struct rumpuser_ext_stats s0, s1;
	void *p = (void *)&p;
	int rv;

	conf_stats(&s0);
	/* Far beyond any memory: must fail, with ENOMEM, not crash. */
	rv = rumpuser_malloc(~(size_t)0 >> 2, 0, &p);
	KT_EXPECT_EQ(rv, NB_ENOMEM);
	KT_EXPECT(p == (void *)&p);
	rv = rumpuser_malloc(~(size_t)0 >> 2, 4096, &p);
	KT_EXPECT_EQ(rv, NB_ENOMEM);
	conf_stats(&s1);
	KT_EXPECT_EQ(s1.mem_blocks, s0.mem_blocks);
	KT_EXPECT_EQ(s1.mem_bytes, s0.mem_bytes);
}

static void mem_anonmmap(void)
{
	static const int bits[] = { 12, 16, 21 };
	struct rumpuser_ext_stats s0, s1;
	size_t len = (1 << 20) + 100;
	int i;
	void *p;

	for (i = 0; i < KT_NELEM(bits); i++) {
		int rv;

		conf_stats(&s0);
		rv = rumpuser_anonmmap(NULL, len, bits[i], 0, &p);
		KT_EXPECT_MSG(rv == 0, "anonmmap(alignbit %d) = %d", bits[i], rv);
		if (rv)
			continue;
		KT_EXPECT(aligned(p, (size_t)1 << bits[i]));
		conf_pattern(p, len, 5 + i);
		KT_EXPECT(conf_pattern_ok(p, len, 5 + i));
		conf_stats(&s1);
		KT_EXPECT_EQ(s1.map_bytes - s0.map_bytes, len);
		rumpuser_unmap(p, len);
		conf_stats(&s1);
		KT_EXPECT_EQ(s1.map_bytes, s0.map_bytes);
	}
}

static void mem_no_upcalls(void)
{
	struct lwp *l = conf_lwp();
	long u, s;
	void *p;

	if (!l)
		return;
	u = AT_LOAD(&l->n_bunsched);
	s = AT_LOAD(&l->n_bsched);
	KT_EXPECT_EQ(rumpuser_malloc(1 << 20, 4096, &p), 0);
	rumpuser_free(p, 1 << 20);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bunsched), u);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bsched), s);
}

static const struct kt_case mem_cases[] = {
	{ "alignments_odd_sizes", mem_alignments },
	{ "large_16m", mem_large },
	{ "many_small_exact_counts", mem_many_small },
	{ "failure_is_errno", mem_failure_errno },
	{ "anonmmap_aligned", mem_anonmmap },
	{ "no_upcalls", mem_no_upcalls },
};

const struct kt_family conf_fam_mem = {
	"mem", mem_cases, KT_NELEM(mem_cases), conf_fam_setup,
};
