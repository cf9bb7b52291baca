// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - rumpfs_ffs.ko: the FFS file system component as a Linux
 * module on rumpvfs.ko.
 *
 * Registering the component at load attaches the file system type "ffs"
 * to the running rump kernel's VFS (and again at every later rump boot);
 * unregistering at unload detaches it.  Unloading while an FFS is mounted
 * is refused rather than unmounting behind the user's back: every mount
 * takes a reference on this module (try_module_get) and its unmount drops
 * it, so rmmod answers "in use" until the last FFS is unmounted (or the
 * rump kernel's shutdown unmounted it).
 */
#include <linux/module.h>
#include <linux/printk.h>

#include <rump/rump.h>
#include <rump/rumpfs_ffs.h>
#include <rump/version.h>

static bool rumpfs_ffs_hold(bool hold)
{
	if (hold)
		return try_module_get(THIS_MODULE);
	module_put(THIS_MODULE);
	return true;
}

static int __init rumpfs_ffs_init(void)
{
	int error;

	WRITE_ONCE(rumpns_ffs_vfs_hold, rumpfs_ffs_hold);
	error = rump_component_register(&rump_ffs_component);
	if (error) {
		pr_err("registering the FFS component failed: %d\n", error);
		WRITE_ONCE(rumpns_ffs_vfs_hold, NULL);
		return -EINVAL;
	}
	return 0;
}

static void __exit rumpfs_ffs_exit(void)
{
	rump_component_unregister(&rump_ffs_component);
	WRITE_ONCE(rumpns_ffs_vfs_hold, NULL);
}

module_init(rumpfs_ffs_init);
module_exit(rumpfs_ffs_exit);

EXPORT_SYMBOL_GPL(rump_ffs_component);

MODULE_DESCRIPTION("linux-rump: the FFS file system (read-only) over rumpvfs.ko");
MODULE_LICENSE("Dual BSD/GPL");
MODULE_VERSION(LINUX_RUMP_VERSION);
MODULE_SOFTDEP("pre: rumpvfs");
