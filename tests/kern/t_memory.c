// SPDX-License-Identifier: BSD-2-Clause
/* t_memory.c - kmem accounting, the memory limit, pool_cache. */
#include "tk.h"

static void t_accounting(void)
{
	int64_t base;
	void *p, *q;

	if (tk_boot())
		return;
	rump_schedule();
	base = kmem_inuse();
	p = kmem_alloc(1000, KM_SLEEP);
	q = kmem_zalloc(3000, KM_SLEEP);
	KT_EXPECT(p != NULL && q != NULL);
	KT_EXPECT_EQ(kmem_inuse() - base, 4000);
	KT_EXPECT_EQ(((char *)q)[2999], 0);
	kmem_free(p, 1000);
	kmem_free(q, 3000);
	KT_EXPECT_EQ(kmem_inuse(), base);
	KT_EXPECT(kmem_alloc(0, KM_SLEEP) == NULL);
	rump_unschedule();
	tk_halt();
}

static void t_limit(void)
{
	struct rump_mem_stats ms;
	int64_t old;
	void *p, *q;
	int fds[2];

	if (tk_boot())
		return;
	rump_schedule();
	old = kmem_set_limit(kmem_inuse() + 64 * 1024);
	p = kmem_alloc(32 * 1024, KM_SLEEP);
	KT_EXPECT(p != NULL);
	q = kmem_alloc(64 * 1024, KM_SLEEP);	/* over: refused, not fatal */
	KT_EXPECT(q == NULL);
	q = kmem_alloc(16 * 1024, KM_NOSLEEP);
	KT_EXPECT(q != NULL);
	rump_unschedule();
	/* A system call that needs memory fails with ENOMEM (pipe: 16 KiB). */
	KT_EXPECT_EQ(rump_sys_pipe(fds), -1);
	KT_EXPECT_EQ(tk_errno(), ENOMEM);
	rump_mem_getstats(&ms);
	KT_EXPECT(ms.nfail >= 2);
	rump_schedule();
	kmem_free(q, 16 * 1024);
	kmem_free(p, 32 * 1024);
	kmem_set_limit(old);
	rump_unschedule();
	KT_EXPECT_EQ(rump_sys_pipe(fds), 0);
	tk_halt();
}

static void t_limit_param(void)
{
	void *p;

	if (tk_setparam("RUMP_MEMLIMIT", "1m"))
		return;
	if (tk_boot() == 0) {
		rump_schedule();
		p = kmem_alloc(2 << 20, KM_SLEEP);
		KT_EXPECT(p == NULL);
		p = kmem_alloc(256 << 10, KM_SLEEP);
		KT_EXPECT(p != NULL);
		if (p)
			kmem_free(p, 256 << 10);
		rump_unschedule();
		tk_halt();
	}
	tk_setparam("RUMP_MEMLIMIT", NULL);
}

static int ctor_calls, dtor_calls;

static int pc_ctor(void *arg, void *obj, int flags)
{
	(void)arg;
	(void)flags;
	*(int *)obj = 0x5a5a;
	ctor_calls++;
	return 0;
}

static void pc_dtor(void *arg, void *obj)
{
	(void)arg;
	if (*(int *)obj == 0x5a5a)
		dtor_calls++;
}

static void t_pool_cache(void)
{
	pool_cache_t pc;
	void *o[10];
	int i;

	if (tk_boot())
		return;
	rump_schedule();
	ctor_calls = dtor_calls = 0;
	pc = pool_cache_init(100, 64, 0, 0, "tkpc", NULL, IPL_NONE, pc_ctor,
			     pc_dtor, NULL);
	KT_EXPECT(pc != NULL);
	for (i = 0; pc && i < 10; i++) {
		o[i] = pool_cache_get(pc, PR_WAITOK);
		KT_EXPECT(o[i] != NULL);
		KT_EXPECT(((uintptr_t)o[i] & 63) == 0);
	}
	KT_EXPECT_EQ(pool_cache_nout(pc), 10);
	for (i = 0; pc && i < 10; i++)
		pool_cache_put(pc, o[i]);
	/* Reuse: constructed objects come back without a new ctor call. */
	for (i = 0; pc && i < 10; i++)
		o[i] = pool_cache_get(pc, PR_WAITOK);
	KT_EXPECT_EQ(ctor_calls, 10);
	for (i = 0; pc && i < 10; i++)
		pool_cache_put(pc, o[i]);
	KT_EXPECT_EQ(pool_cache_nout(pc), 0);
	if (pc)
		pool_cache_destroy(pc);
	KT_EXPECT_EQ(dtor_calls, 10);
	rump_unschedule();
	tk_halt();
}

static const struct kt_case cases[] = {
	{ "accounting", t_accounting },
	{ "limit", t_limit },
	{ "limit-param", t_limit_param },
	{ "pool-cache", t_pool_cache },
};
const struct kt_family tk_fam_memory = { "memory", cases, KT_NELEM(cases), NULL };
