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
 * GFP_KERNEL honours the task's memalloc_noio/nofs scope, which the I/O
 * paths of this module (and the glue's entries into the rump kernel) set.
 * Failures are quiet (__GFP_NOWARN): the rump kernel gets ENOMEM and
 * handles it, and an absurd request must not spray the console.
 */
#include <linux/align.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "rumpuser_int.h"

/* below the allocation order the page allocator considers costly */
#define RUMPUSER_LX_KMALLOC_MAX	(PAGE_SIZE << PAGE_ALLOC_COSTLY_ORDER)

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
	if (is_vmalloc_addr(mem))
		rumpuser_lx_vfree(mem);
	else
		kfree(mem);
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
	rumpuser_lx_stat_add(map_bytes, size);
	*memp = p;
	return 0;
}
EXPORT_SYMBOL_GPL(rumpuser_anonmmap);

void rumpuser_unmap(void *addr, size_t size)
{
	if (!addr)
		return;
	rumpuser_lx_vfree(addr);
	rumpuser_lx_stat_add(map_bytes, -(s64)size);
}
EXPORT_SYMBOL_GPL(rumpuser_unmap);
