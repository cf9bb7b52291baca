// SPDX-License-Identifier: BSD-2-Clause
/*
 * kmem.c - kernel memory allocation with accounting and a limit, and a
 * simple object cache.
 *
 * Memory comes from rumpuser_malloc(), which never upcalls, so these
 * functions work with or without a CPU and before the scheduler exists.
 * The limit is enforced by reserving first (an atomic add) and undoing the
 * reservation if it overshoots, so concurrent allocations can never push
 * the total past the limit, only get refused a little early while another
 * one is being undone.
 */
#include "kern/types.h"
#include "kern/systm.h"
#include "kern/kmem.h"
#include "kern/lock.h"
#include "kern/rumpkern.h"

#include <rump/rump.h>

static int64_t kmem_used;	/* atomic: bytes */
static int64_t kmem_peak;	/* atomic */
static int64_t kmem_blocks;	/* atomic */
static int64_t kmem_limit;	/* 0 = none; set at boot (and by tests) */
static uint64_t kmem_nfail;	/* atomic */

void kmem_sys_init(int64_t limit)
{
	kmem_used = kmem_peak = kmem_blocks = 0;
	kmem_nfail = 0;
	kmem_limit = limit;
}

int64_t kmem_sys_fini(void)
{
	int64_t used = __atomic_load_n(&kmem_used, __ATOMIC_RELAXED);

	if (used != 0)
		printf("kmem: %lld bytes in %lld blocks not freed at shutdown\n",
		       (long long)used,
		       (long long)__atomic_load_n(&kmem_blocks,
						  __ATOMIC_RELAXED));
	return used;
}

int64_t kmem_set_limit(int64_t limit)
{
	return __atomic_exchange_n(&kmem_limit, limit, __ATOMIC_RELAXED);
}

int64_t kmem_inuse(void)
{
	return __atomic_load_n(&kmem_used, __ATOMIC_RELAXED);
}

void rump_mem_getstats(struct rump_mem_stats *st)
{
	st->inuse = __atomic_load_n(&kmem_used, __ATOMIC_RELAXED);
	st->peak = __atomic_load_n(&kmem_peak, __ATOMIC_RELAXED);
	st->limit = __atomic_load_n(&kmem_limit, __ATOMIC_RELAXED);
	st->nfail = __atomic_load_n(&kmem_nfail, __ATOMIC_RELAXED);
}

static bool kmem_reserve(size_t size, int flags)
{
	int64_t n = __atomic_add_fetch(&kmem_used, (int64_t)size,
				       __ATOMIC_RELAXED);
	int64_t p, lim = __atomic_load_n(&kmem_limit, __ATOMIC_RELAXED);

	if (lim && n > lim && !(flags & KM_NOLIMIT)) {
		__atomic_sub_fetch(&kmem_used, (int64_t)size, __ATOMIC_RELAXED);
		__atomic_add_fetch(&kmem_nfail, 1, __ATOMIC_RELAXED);
		return false;
	}
	p = __atomic_load_n(&kmem_peak, __ATOMIC_RELAXED);
	while (n > p && !__atomic_compare_exchange_n(&kmem_peak, &p, n, false,
			__ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
	return true;
}

static void *kmem_get(size_t size, size_t align, int flags)
{
	void *p;

	if (size == 0 || size > ((size_t)1 << 40))
		return NULL;
	if (!kmem_reserve(size, flags))
		return NULL;
	if (rumpuser_malloc(size, (int)align, &p) != 0) {
		__atomic_sub_fetch(&kmem_used, (int64_t)size, __ATOMIC_RELAXED);
		__atomic_add_fetch(&kmem_nfail, 1, __ATOMIC_RELAXED);
		return NULL;
	}
	__atomic_add_fetch(&kmem_blocks, 1, __ATOMIC_RELAXED);
	return p;
}

void *kmem_alloc(size_t size, int flags)
{
	return kmem_get(size, 0, flags);
}

void *kmem_zalloc(size_t size, int flags)
{
	void *p = kmem_get(size, 0, flags);

	if (p)
		memset(p, 0, size);
	return p;
}

void kmem_free(void *p, size_t size)
{
	if (p == NULL)
		return;
	KASSERT(size > 0);
	rumpuser_free(p, size);
	__atomic_sub_fetch(&kmem_used, (int64_t)size, __ATOMIC_RELAXED);
	__atomic_sub_fetch(&kmem_blocks, 1, __ATOMIC_RELAXED);
}

char *kmem_strdup(const char *s, int flags)
{
	size_t n = strlen(s) + 1;
	char *p = kmem_alloc(n, flags);

	if (p)
		memcpy(p, s, n);
	return p;
}

void kmem_strfree(char *s)
{
	if (s)
		kmem_free(s, strlen(s) + 1);
}

/* ---- pool_cache --------------------------------------------------- */

/*
 * Each object carries a hidden header in front (the free-list link), so a
 * cached object keeps its constructed state intact.  The header is one
 * alignment unit long, so the object stays aligned.
 */
#define PC_MAXFREE 64

struct pc_hdr {
	struct pc_hdr *ph_next;
};

struct pool_cache {
	kmutex_t pc_lock;
	size_t pc_size;		/* object size */
	size_t pc_hdrsize;	/* header size = object alignment */
	size_t pc_total;
	int (*pc_ctor)(void *, void *, int);
	void (*pc_dtor)(void *, void *);
	void *pc_arg;
	struct pc_hdr *pc_free;
	unsigned pc_nfree;
	unsigned pc_nout;	/* handed out */
	char pc_name[16];
};

pool_cache_t pool_cache_init(size_t size, size_t align, unsigned align_offset,
			     int flags, const char *wchan, void *palloc,
			     int ipl, int (*ctor)(void *, void *, int),
			     void (*dtor)(void *, void *), void *arg)
{
	struct pool_cache *pc;

	(void)align_offset;
	(void)flags;
	(void)palloc;
	(void)ipl;
	if (align < 16)
		align = 16;
	KASSERT((align & (align - 1)) == 0);
	pc = kmem_zalloc(sizeof(*pc), KM_SLEEP);
	if (pc == NULL)
		return NULL;
	mutex_init(&pc->pc_lock, MUTEX_DEFAULT, IPL_NONE);
	pc->pc_size = size;
	pc->pc_hdrsize = align;
	pc->pc_total = align + roundup(size, align);
	pc->pc_ctor = ctor;
	pc->pc_dtor = dtor;
	pc->pc_arg = arg;
	strlcpy(pc->pc_name, wchan ? wchan : "pool", sizeof(pc->pc_name));
	return pc;
}

static void *pc_obj(struct pool_cache *pc, struct pc_hdr *h)
{
	return (char *)h + pc->pc_hdrsize;
}

static struct pc_hdr *pc_hdr(struct pool_cache *pc, void *obj)
{
	return (struct pc_hdr *)(void *)((char *)obj - pc->pc_hdrsize);
}

static void pc_destruct(struct pool_cache *pc, struct pc_hdr *h)
{
	if (pc->pc_dtor)
		pc->pc_dtor(pc->pc_arg, pc_obj(pc, h));
	kmem_free(h, pc->pc_total);
}

void *pool_cache_get(pool_cache_t pc, int flags)
{
	struct pc_hdr *h;
	void *obj;

	mutex_enter(&pc->pc_lock);
	h = pc->pc_free;
	if (h) {
		pc->pc_free = h->ph_next;
		pc->pc_nfree--;
	}
	pc->pc_nout++;
	mutex_exit(&pc->pc_lock);

	if (h == NULL) {
		h = kmem_get(pc->pc_total, pc->pc_hdrsize, flags);
		if (h && pc->pc_ctor &&
		    pc->pc_ctor(pc->pc_arg, pc_obj(pc, h), flags) != 0) {
			kmem_free(h, pc->pc_total);
			h = NULL;
		}
		if (h == NULL) {
			mutex_enter(&pc->pc_lock);
			pc->pc_nout--;
			mutex_exit(&pc->pc_lock);
			return NULL;
		}
	}
	obj = pc_obj(pc, h);
	if (flags & PR_ZERO)
		memset(obj, 0, pc->pc_size);
	return obj;
}

void pool_cache_put(pool_cache_t pc, void *obj)
{
	struct pc_hdr *h = pc_hdr(pc, obj);

	mutex_enter(&pc->pc_lock);
	KASSERT(pc->pc_nout > 0);
	pc->pc_nout--;
	if (pc->pc_nfree < PC_MAXFREE) {
		h->ph_next = pc->pc_free;
		pc->pc_free = h;
		pc->pc_nfree++;
		h = NULL;
	}
	mutex_exit(&pc->pc_lock);
	if (h)
		pc_destruct(pc, h);
}

unsigned pool_cache_nout(pool_cache_t pc)
{
	unsigned n;

	mutex_enter(&pc->pc_lock);
	n = pc->pc_nout;
	mutex_exit(&pc->pc_lock);
	return n;
}

void pool_cache_destroy(pool_cache_t pc)
{
	struct pc_hdr *h;

	if (pc->pc_nout)
		printf("pool_cache %s: destroyed with %u objects out\n",
		       pc->pc_name, pc->pc_nout);
	while ((h = pc->pc_free) != NULL) {
		pc->pc_free = h->ph_next;
		pc_destruct(pc, h);
	}
	mutex_destroy(&pc->pc_lock);
	kmem_free(pc, sizeof(*pc));
}
