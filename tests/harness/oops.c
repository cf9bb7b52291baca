// SPDX-License-Identifier: GPL-2.0
/* hx_oops - negative self-test: oopses at load; the harness must catch it. */
#include <linux/compiler.h>
#include <linux/module.h>

/* 0 unless set: a module parameter, so the compiler cannot prove it NULL. */
static unsigned long hx_oops_addr;
module_param_named(addr, hx_oops_addr, ulong, 0);
MODULE_PARM_DESC(addr, "address to dereference (default 0)");

static int __init hx_oops_init(void)
{
	int *p = (int *)hx_oops_addr;

	pr_info("dereferencing address %lu on purpose\n", hx_oops_addr);
	return READ_ONCE(*p);
}

static void __exit hx_oops_exit(void)
{
}

module_init(hx_oops_init);
module_exit(hx_oops_exit);
MODULE_DESCRIPTION("linux-rump harness self-test: oops");
MODULE_LICENSE("Dual BSD/GPL");
