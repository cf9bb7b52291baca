// SPDX-License-Identifier: GPL-2.0
/*
 * hx_poison - negative self-test: writes to an object after freeing it.
 * The object lives in a cache of its own (one slab, so the next
 * allocation takes the same object back); SLUB finds its free poison
 * damaged when it hands it out again and reports "BUG hx_poison (...):
 * Poison overwritten".  The harness must fail the run for that report.
 */
#include <linux/compiler.h>
#include <linux/module.h>
#include <linux/slab.h>

static struct kmem_cache *hx_cache;

static int __init hx_poison_init(void)
{
	char *p, *q;

	hx_cache = kmem_cache_create("hx_poison", 64, 0, SLAB_POISON |
				     SLAB_RED_ZONE | SLAB_CONSISTENCY_CHECKS,
				     NULL);
	if (!hx_cache)
		return -ENOMEM;
	p = kmem_cache_alloc(hx_cache, GFP_KERNEL);
	if (!p) {
		kmem_cache_destroy(hx_cache);
		return -ENOMEM;
	}
	kmem_cache_free(hx_cache, p);
	pr_info("writing to a freed object on purpose\n");
	OPTIMIZER_HIDE_VAR(p);
	p[8] = 0x42;
	q = kmem_cache_alloc(hx_cache, GFP_KERNEL);
	if (q)
		kmem_cache_free(hx_cache, q);
	return 0;
}

/*
 * The cache is left behind: SLUB took the damaged slab out of use ("all
 * objects used"), and destroying the cache would WARN about objects left,
 * a second complaint after the one this module exists to cause.
 */
static void __exit hx_poison_exit(void)
{
}

module_init(hx_poison_init);
module_exit(hx_poison_exit);
MODULE_DESCRIPTION("linux-rump harness self-test: write after free");
MODULE_LICENSE("Dual BSD/GPL");
