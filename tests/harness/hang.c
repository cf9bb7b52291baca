// SPDX-License-Identifier: GPL-2.0
/*
 * hx_hang - negative self-test: its init never returns.  It sleeps
 * interruptibly and ignores signals, so neither the hung-task nor the
 * soft-lockup detector fires: only the harness's own timeout can catch it,
 * and it must name the test that hung.
 */
#include <linux/delay.h>
#include <linux/module.h>

static int __init hx_hang_init(void)
{
	for (;;)
		msleep_interruptible(1000);
	return 0;
}

static void __exit hx_hang_exit(void)
{
}

module_init(hx_hang_init);
module_exit(hx_hang_exit);
MODULE_DESCRIPTION("linux-rump harness self-test: hang");
MODULE_LICENSE("Dual BSD/GPL");
