// SPDX-License-Identifier: GPL-2.0
/* hx_warn - negative self-test: WARNs at load; the harness must catch it. */
#include <linux/bug.h>
#include <linux/module.h>

static int __init hx_warn_init(void)
{
	WARN(1, "hx_warn: deliberate warning for the harness self-test\n");
	return 0;
}

static void __exit hx_warn_exit(void)
{
}

module_init(hx_warn_init);
module_exit(hx_warn_exit);
MODULE_DESCRIPTION("linux-rump harness self-test: WARN");
MODULE_LICENSE("Dual BSD/GPL");
