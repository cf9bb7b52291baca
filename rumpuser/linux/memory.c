// SPDX-License-Identifier: GPL-2.0
/*
 * memory.c - rumpuser_malloc/free and anonmmap/unmap.
 *
 * free() gets the pointer and the requested length but not the alignment,
 * so the allocator must be recoverable from the pointer alone:
 *
 *  - up to RUMPUSER_LX_KMALLOC_MAX bytes: kmalloc.  kmalloc guarantees
 *    ARCH_KMALLOC_MINALIGN, and natural alignment for power-of-two sizes,
 *    so a larger alignment is met by asking for the size rounded up to a
 *    power of two (only when the plain size did not happen to be aligned).
 *  - larger, any alignment above what kmalloc can give, or when kmalloc
 *    fails: vmalloc, over-allocated by max(alignment, PAGE_SIZE).  The
 *    returned pointer is aligned inside the area and the area's base is
 *    stored in the word just below it (there is always at least one page
 *    of slack there).
 *
 * free() tells the two apart with is_vmalloc_addr().  Large physically
 * contiguous allocations are avoided on purpose: they fail under
 * fragmentation, and the rump kernel asks for big blocks routinely.
 *
 * Every block and mapping the rump kernel has not given back is also
 * recorded in a hash table keyed by its address (a small node of ours per
 * block, not a header in front of it: a header would cost the natural
 * alignment of power-of-two sizes, which the bio path relies on to send
 * buffers to the device directly).  fini after an exit frees them all, as
 * a process exit would (a rump kernel built for processes never frees its
 * memory when it halts).
 *
 * GFP_KERNEL honours the task's memalloc_noio/nofs scope, which the I/O
 * paths of this module (and the glue's entries into the rump kernel) set.
 * Failures are quiet (__GFP_NOWARN): the rump kernel gets ENOMEM and
 * handles it, and an absurd request must not spray the console.
 */
#include <linux/align.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "rumpuser_int.h"

/* below the allocation order the page allocator considers costly */
#define RUMPUSER_LX_KMALLOC_MAX	(PAGE_SIZE << PAGE_ALLOC_COSTLY_ORDER)

/* An outstanding block or mapping. */
struct rumpuser_lx_mblk {
	struct rhash_head node;
	void *addr;		/* the key: what the rump kernel got */
	size_t len;		/* as asked for: the counters' unit */
	bool map;		/* anonmmap, else malloc */
};

static const struct rhashtable_params rumpuser_lx_mblk_params = {
	.key_len = sizeof(void *),
	.key_offset = offsetof(struct rumpuser_lx_mblk, addr),
	.head_offset = offsetof(struct rumpuser_lx_mblk, node),
	.automatic_shrinking = true,
};

static struct rhashtable rumpuser_lx_mblks;

/* Record a new block; false (and nothing recorded) without memory. */
static bool rumpuser_lx_mtrack(void *addr, size_t len, bool map)
{
	struct rumpuser_lx_mblk *b;
	int err;

	b = kmalloc(sizeof(*b), GFP_KERNEL | __GFP_NOWARN);
	if (!b)
		return false;
	b->addr = addr;
	b->len = len;
	b->map = map;
	/* -EBUSY: a resize is under way; the table's worker finishes it */
	while ((err = rhashtable_insert_fast(&rumpuser_lx_mblks, &b->node,
					     rumpuser_lx_mblk_params)) == -EBUSY)
		cond_resched();
	if (err) {
		kfree(b);
		return false;
	}
	return true;
}

static void rumpuser_lx_muntrack(void *addr)
{
	struct rumpuser_lx_mblk *b;

	b = rhashtable_lookup_fast(&rumpuser_lx_mblks, &addr,
				   rumpuser_lx_mblk_params);
	if (!b) {
		pr_err("free of %p, which the rump kernel never got from us\n",
		       addr);
		return;
	}
	rhashtable_remove_fast(&rumpuser_lx_mblks, &b->node,
			       rumpuser_lx_mblk_params);
	kfree(b);
}

static void *rumpuser_lx_valloc(size_t len, size_t align, gfp_t gfp)
{
	size_t slack = max_t(size_t, align, PAGE_SIZE);
	size_t total;
	void *base, *p;

	if (check_add_overflow(len, slack, &total))
		return NULL;
	base = __vmalloc(total, gfp);
	if (!base)
		return NULL;
	/* base is page aligned, so p - base is at least one page */
	p = PTR_ALIGN(base + 1, slack);
	((void **)p)[-1] = base;
	return p;
}

static void rumpuser_lx_vfree(void *p)
{
	vfree(((void **)p)[-1]);
}

static void rumpuser_lx_mfree(void *p)
{
	if (is_vmalloc_addr(p))
		rumpuser_lx_vfree(p);
	else
		kfree(p);
}

static void *rumpuser_lx_kalloc(size_t len, size_t align)
{
	size_t size = max_t(size_t, len, 1);
	void *p;

	if (align > ARCH_KMALLOC_MINALIGN)
		size = max(size, align);
	if (size > RUMPUSER_LX_KMALLOC_MAX)
		return NULL;

	p = kmalloc(size, GFP_KERNEL | __GFP_NOWARN);
	if (!p || IS_ALIGNED((unsigned long)p, align))
		return p;

	/* natural alignment of power-of-two sizes */
	kfree(p);
	p = kmalloc(roundup_pow_of_two(size), GFP_KERNEL | __GFP_NOWARN);
	if (p && !IS_ALIGNED((unsigned long)p, align)) {
		kfree(p);
		p = NULL;
	}
	return p;
}

int rumpuser_malloc(size_t len, int alignment, void **memp)
{
	size_t align = alignment ? alignment : sizeof(void *);
	void *p;

	if (alignment < 0 || !is_power_of_2(align))
		return RUMPUSER_NB_EINVAL;

	p = rumpuser_lx_kalloc(len, align);
	if (!p)
		p = rumpuser_lx_valloc(len, align,
				       GFP_KERNEL | __GFP_NOWARN);
	if (!p)
		return RUMPUSER_NB_ENOMEM;
	if (!rumpuser_lx_mtrack(p, len, false)) {
		rumpuser_lx_mfree(p);
		return RUMPUSER_NB_ENOMEM;
	}

	rumpuser_lx_stat_add(mem_bytes, len);
	rumpuser_lx_stat_inc(mem_blocks);
	*memp = p;
	return 0;
}
EXPORT_SYMBOL_GPL(rumpuser_malloc);

void rumpuser_free(void *mem, size_t len)
{
	if (!mem)
		return;
	rumpuser_lx_muntrack(mem);
	rumpuser_lx_mfree(mem);
	rumpuser_lx_stat_add(mem_bytes, -(s64)len);
	rumpuser_lx_stat_dec(mem_blocks);
}
EXPORT_SYMBOL_GPL(rumpuser_free);

/*
 * Anonymous memory: zeroed, aligned to 2^alignbit (at least a page).
 * Executable mappings are refused (EOPNOTSUPP): vmalloc_exec() and
 * __vmalloc_node_range() are not exported, and module code is not loaded
 * through this path in linux-rump (components are Linux modules).
 */
int rumpuser_anonmmap(void *prefaddr, size_t size, int alignbit, int exec,
		      void **memp)
{
	size_t align = PAGE_SIZE;
	void *p;

	if (exec)
		return RUMPUSER_NB_EOPNOTSUPP;
	if (alignbit < 0 || alignbit >= BITS_PER_LONG - 1)
		return RUMPUSER_NB_EINVAL;
	if (alignbit > PAGE_SHIFT)
		align = 1UL << alignbit;

	p = rumpuser_lx_valloc(size, align,
			       GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN);
	if (!p)
		return RUMPUSER_NB_ENOMEM;
	if (!rumpuser_lx_mtrack(p, size, true)) {
		rumpuser_lx_vfree(p);
		return RUMPUSER_NB_ENOMEM;
	}
	rumpuser_lx_stat_add(map_bytes, size);
	*memp = p;
	return 0;
}
EXPORT_SYMBOL_GPL(rumpuser_anonmmap);

void rumpuser_unmap(void *addr, size_t size)
{
	if (!addr)
		return;
	rumpuser_lx_muntrack(addr);
	rumpuser_lx_vfree(addr);
	rumpuser_lx_stat_add(map_bytes, -(s64)size);
}
EXPORT_SYMBOL_GPL(rumpuser_unmap);

static void rumpuser_lx_mblk_reclaim(void *ptr, void *arg)
{
	struct rumpuser_lx_mblk *b = ptr;

	if (b->map) {
		rumpuser_lx_stat_add(map_bytes, -(s64)b->len);
		rumpuser_lx_vfree(b->addr);
	} else {
		rumpuser_lx_stat_add(mem_bytes, -(s64)b->len);
		rumpuser_lx_stat_dec(mem_blocks);
		rumpuser_lx_mfree(b->addr);
	}
	kfree(b);
}

/*
 * fini after an exit: free every block and mapping still outstanding.
 * Nothing allocates or frees concurrently (the exited kernel's threads are
 * gone); the walk collects a batch, which is then removed and freed.
 */
#define RUMPUSER_LX_RECLAIM_BATCH	64

void rumpuser_lx_mem_reclaim(void)
{
	struct rumpuser_lx_mblk *batch[RUMPUSER_LX_RECLAIM_BATCH], *b;
	struct rhashtable_iter it;
	int i, n;

	do {
		n = 0;
		rhashtable_walk_enter(&rumpuser_lx_mblks, &it);
		rhashtable_walk_start(&it);
		while (n < RUMPUSER_LX_RECLAIM_BATCH) {
			b = rhashtable_walk_next(&it);
			if (IS_ERR(b) && PTR_ERR(b) == -EAGAIN)
				continue;	/* a resize: go on */
			if (!b || IS_ERR(b))
				break;
			batch[n++] = b;
		}
		rhashtable_walk_stop(&it);
		rhashtable_walk_exit(&it);
		for (i = 0; i < n; i++) {
			rhashtable_remove_fast(&rumpuser_lx_mblks,
					       &batch[i]->node,
					       rumpuser_lx_mblk_params);
			rumpuser_lx_mblk_reclaim(batch[i], NULL);
		}
	} while (n > 0);
}

int rumpuser_lx_mem_init(void)
{
	return rhashtable_init(&rumpuser_lx_mblks, &rumpuser_lx_mblk_params);
}

/*
 * Module exit: the clients are gone, so blocks still recorded (leaks fini
 * reported) are freed with the table.
 */
void rumpuser_lx_mem_exit(void)
{
	rhashtable_free_and_destroy(&rumpuser_lx_mblks,
				    rumpuser_lx_mblk_reclaim, NULL);
}
