// SPDX-License-Identifier: GPL-2.0
/*
 * hx_taint - negative self-test: taints the kernel with flag U (as a
 * suite's code could with any flag) and nothing else: no warning, no
 * report on the console.  The harness compares /proc/sys/kernel/tainted
 * before and after the suite and must fail the run for the new flag.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/panic.h>

static int __init hx_taint_init(void)
{
	pr_info("tainting the kernel (U) on purpose\n");
	add_taint(TAINT_USER, LOCKDEP_STILL_OK);
	return 0;
}

static void __exit hx_taint_exit(void)
{
}

module_init(hx_taint_init);
module_exit(hx_taint_exit);
MODULE_DESCRIPTION("linux-rump harness self-test: new taint flag");
MODULE_LICENSE("Dual BSD/GPL");
