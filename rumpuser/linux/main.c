// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - module init and exit of rumpuser.ko.
 *
 * rumpuser.ko implements the rumpuser hypercall interface, version 17, on
 * Linux kernel primitives, so that rump kernels run inside Linux.  See
 * README.md in this directory.
 */
#include <linux/module.h>

#include <rump/version.h>

#include "rumpuser_int.h"

static int __init rumpuser_lx_module_init(void)
{
	int err;

	/* Parameters need no setup: module_param_cb checks them as set. */
	err = rumpuser_lx_mem_init();
	if (err)
		goto err_mem;
	err = rumpuser_lx_curlwp_init();
	if (err)
		goto err_curlwp;
	err = rumpuser_lx_ext_init();
	if (err)
		goto err_ext;
	return 0;

err_ext:
	rumpuser_lx_curlwp_exit();
err_curlwp:
	rumpuser_lx_mem_exit();
err_mem:
	return err;
}

static void __exit rumpuser_lx_module_exit(void)
{
	rumpuser_lx_ext_exit();
	rumpuser_lx_curlwp_exit();
	rumpuser_lx_mem_exit();
}

module_init(rumpuser_lx_module_init);
module_exit(rumpuser_lx_module_exit);

MODULE_LICENSE("Dual BSD/GPL");
MODULE_VERSION(LINUX_RUMP_VERSION);
MODULE_DESCRIPTION("rumpuser hypercall interface v17 for rump kernels in Linux");
MODULE_AUTHOR("linux-rump");
