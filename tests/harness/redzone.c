// SPDX-License-Identifier: GPL-2.0
/*
 * hx_redzone - negative self-test: writes one byte past the end of a
 * kmalloc-64 object.  SLUB (slub_debug=FZP on the guest's command line)
 * finds its red zone damaged when the object is freed and reports
 * "BUG kmalloc-64 (...): ... Redzone overwritten"; the harness must fail
 * the run for that report, although the kernel carries on.
 */
#include <linux/compiler.h>
#include <linux/module.h>
#include <linux/slab.h>

/* A parameter, so the compiler cannot see the overflow and refuse it. */
static int hx_off = 64;
module_param_named(off, hx_off, int, 0);
MODULE_PARM_DESC(off, "byte to write, counted from the object (default 64)");

static int __init hx_redzone_init(void)
{
	char *p = kmalloc(64, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	pr_info("writing byte %d of a 64-byte object on purpose\n", hx_off);
	OPTIMIZER_HIDE_VAR(p);
	p[hx_off] = 0x42;
	kfree(p);
	return 0;
}

static void __exit hx_redzone_exit(void)
{
}

module_init(hx_redzone_init);
module_exit(hx_redzone_exit);
MODULE_DESCRIPTION("linux-rump harness self-test: red zone overwrite");
MODULE_LICENSE("Dual BSD/GPL");
