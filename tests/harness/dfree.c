// SPDX-License-Identifier: GPL-2.0
/*
 * hx_dfree - negative self-test: frees a kmalloc-64 object twice.  SLUB
 * finds it on its slab's free list at the second kfree() and reports
 * "BUG kmalloc-64 (...): Object already free" (and ignores that free);
 * the harness must fail the run for that report.
 */
#include <linux/compiler.h>
#include <linux/module.h>
#include <linux/slab.h>

static int __init hx_dfree_init(void)
{
	char *p = kmalloc(64, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	kfree(p);
	pr_info("freeing an object a second time on purpose\n");
	OPTIMIZER_HIDE_VAR(p);
	kfree(p);
	return 0;
}

static void __exit hx_dfree_exit(void)
{
}

module_init(hx_dfree_init);
module_exit(hx_dfree_exit);
MODULE_DESCRIPTION("linux-rump harness self-test: double free");
MODULE_LICENSE("Dual BSD/GPL");
