// SPDX-License-Identifier: GPL-2.0
/*
 * memory.c - rumpuser_malloc/free and anonmmap/unmap.
 *
 * free() gets the pointer and the requested length but not the alignment,
 * so every block carries a small header just below the pointer it returns:
 * where the allocation really starts (and so which allocator made it),
 * the length asked for, and a list link.  The list holds every block the
 * rump kernel has not given back, so that fini after an exit can free them
 * all, as a process exit would (a rump kernel built for processes never
 * frees its memory when it halts).
 *
 *  - up to RUMPUSER_LX_KMALLOC_MAX bytes: kmalloc, with room for the
 *    header in front, rounded to the alignment.  kmalloc guarantees
 *    ARCH_KMALLOC_MINALIGN, and natural alignment for power-of-two sizes,
 *    so a larger alignment is met by asking for the size rounded up to a
 *    power of two (only when the plain size did not happen to be aligned).
 *  - larger, any alignment above what kmalloc can give, or when kmalloc
 *    fails: vmalloc, over-allocated by max(alignment, PAGE_SIZE); the
 *    returned pointer is aligned inside the area, with at least a page of
 *    slack below it for the header.
 *
 * Large physically contiguous allocations are avoided on purpose: they
 * fail under fragmentation, and the rump kernel asks for big blocks
 * routinely.
 *
 * GFP_KERNEL honours the task's memalloc_noio/nofs scope, which the I/O
 * paths of this module (and the glue's entries into the rump kernel) set.
 * Failures are quiet (__GFP_NOWARN): the rump kernel gets ENOMEM and
 * handles it, and an absurd request must not spray the console.
 */
#include <linux/align.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

#include "rumpuser_int.h"

/* below the allocation order the page allocator considers costly */
#define RUMPUSER_LX_KMALLOC_MAX	(PAGE_SIZE << PAGE_ALLOC_COSTLY_ORDER)

struct rumpuser_lx_mhdr {
	struct list_head link;	/* rumpuser_lx_mem.blocks or .maps */
	void *base;		/* what kmalloc/vmalloc returned */
	size_t len;		/* as asked for: the counters' unit */
};

static struct {
	spinlock_t lock;
	struct list_head blocks, maps;
} rumpuser_lx_mem = {
	.lock = __SPIN_LOCK_UNLOCKED(rumpuser_lx_mem.lock),
	.blocks = LIST_HEAD_INIT(rumpuser_lx_mem.blocks),
	.maps = LIST_HEAD_INIT(rumpuser_lx_mem.maps),
};

static struct rumpuser_lx_mhdr *rumpuser_lx_mhdr(void *p)
{
	return (struct rumpuser_lx_mhdr *)p - 1;
}

static void *rumpuser_lx_mtrack(void *base, void *p, size_t len,
				struct list_head *list)
{
	struct rumpuser_lx_mhdr *h = rumpuser_lx_mhdr(p);

	h->base = base;
	h->len = len;
	spin_lock(&rumpuser_lx_mem.lock);
	list_add(&h->link, list);
	spin_unlock(&rumpuser_lx_mem.lock);
	return p;
}

/* Unlink and free a block; returns its length. */
static size_t rumpuser_lx_mfree(void *p)
{
	struct rumpuser_lx_mhdr *h = rumpuser_lx_mhdr(p);
	size_t len = h->len;

	spin_lock(&rumpuser_lx_mem.lock);
	list_del(&h->link);
	spin_unlock(&rumpuser_lx_mem.lock);
	if (is_vmalloc_addr(h->base))
		vfree(h->base);
	else
		kfree(h->base);
	return len;
}

static void *rumpuser_lx_valloc(size_t len, size_t align, gfp_t gfp,
				struct list_head *list)
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
	return rumpuser_lx_mtrack(base, p, len, list);
}

static void *rumpuser_lx_kalloc(size_t len, size_t align)
{
	/* the header fits in front, and p stays aligned */
	size_t front = ALIGN(sizeof(struct rumpuser_lx_mhdr), align);
	size_t size;
	void *base;

	if (check_add_overflow(max_t(size_t, len, 1), front, &size))
		return NULL;
	if (align > ARCH_KMALLOC_MINALIGN)
		size = max(size, align);
	if (size > RUMPUSER_LX_KMALLOC_MAX)
		return NULL;

	base = kmalloc(size, GFP_KERNEL | __GFP_NOWARN);
	if (base && !IS_ALIGNED((unsigned long)base, align)) {
		/* natural alignment of power-of-two sizes */
		kfree(base);
		base = kmalloc(roundup_pow_of_two(size),
			       GFP_KERNEL | __GFP_NOWARN);
		if (base && !IS_ALIGNED((unsigned long)base, align)) {
			kfree(base);
			base = NULL;
		}
	}
	if (!base)
		return NULL;
	return rumpuser_lx_mtrack(base, base + front, len,
				  &rumpuser_lx_mem.blocks);
}

int rumpuser_malloc(size_t len, int alignment, void **memp)
{
	size_t align = alignment ? alignment : sizeof(void *);
	void *p;

	if (alignment < 0 || !is_power_of_2(align))
		return RUMPUSER_NB_EINVAL;

	p = rumpuser_lx_kalloc(len, align);
	if (!p)
		p = rumpuser_lx_valloc(len, align, GFP_KERNEL | __GFP_NOWARN,
				       &rumpuser_lx_mem.blocks);
	if (!p)
		return RUMPUSER_NB_ENOMEM;

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
			       GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN,
			       &rumpuser_lx_mem.maps);
	if (!p)
		return RUMPUSER_NB_ENOMEM;
	rumpuser_lx_stat_add(map_bytes, size);
	*memp = p;
	return 0;
}
EXPORT_SYMBOL_GPL(rumpuser_anonmmap);

void rumpuser_unmap(void *addr, size_t size)
{
	if (!addr)
		return;
	rumpuser_lx_mfree(addr);
	rumpuser_lx_stat_add(map_bytes, -(s64)size);
}
EXPORT_SYMBOL_GPL(rumpuser_unmap);

/* fini after an exit: free every block and mapping still outstanding. */
void rumpuser_lx_mem_reclaim(void)
{
	struct rumpuser_lx_mhdr *h;
	bool map;

	for (;;) {
		spin_lock(&rumpuser_lx_mem.lock);
		h = list_first_entry_or_null(&rumpuser_lx_mem.blocks,
					     struct rumpuser_lx_mhdr, link);
		map = !h;
		if (!h)
			h = list_first_entry_or_null(&rumpuser_lx_mem.maps,
						     struct rumpuser_lx_mhdr,
						     link);
		spin_unlock(&rumpuser_lx_mem.lock);
		if (!h)
			break;
		if (map) {
			rumpuser_lx_stat_add(map_bytes, -(s64)h->len);
		} else {
			rumpuser_lx_stat_add(mem_bytes, -(s64)h->len);
			rumpuser_lx_stat_dec(mem_blocks);
		}
		rumpuser_lx_mfree(h + 1);
	}
}
