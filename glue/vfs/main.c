// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - rumpvfs_linux.ko: registers one Linux file-system type per
 * entry of rvl_types[] (today "rumpffs": NetBSD's FFS served by the rump
 * kernel's FFS) and unregisters them at unload.
 *
 * Module references keep the chain loaded while a mount exists: each
 * superblock holds this module (file_system_type.owner), the rump FFS
 * holds rumpfs_ffs.ko per rump mount, and this module's symbol
 * dependencies hold rumpvfs.ko, rumpkern.ko and rumpuser.ko.
 */
#include <linux/module.h>
#include <linux/printk.h>

#include <rump/rumpdefs.h>
#include <rump/rumpfs_ffs.h>
#include <rump/version.h>

#include "rvl.h"

/* UFS_MAGIC of <linux/magic.h>'s neighbours: what statfs(2) reports. */
#define RVL_FFS_MAGIC 0x00011954

static struct rvl_type rvl_types[] = {
	{
		.fst = {
			.owner = THIS_MODULE,
			.name = "rumpffs",
			.init_fs_context = rvl_init_fs_context,
			.kill_sb = rvl_kill_sb,
		},
		.rump_type = RUMP_MOUNT_FFS,
		.component = &rump_ffs_component,
		.magic = RVL_FFS_MAGIC,
	},
};
MODULE_ALIAS_FS("rumpffs");

const struct rvl_type *rvl_type_of(struct file_system_type *fst)
{
	return container_of(fst, struct rvl_type, fst);
}

static int __init rvl_init(void)
{
	int i, error;

	error = rvl_inode_cache_init();
	if (error)
		return error;
	for (i = 0; i < ARRAY_SIZE(rvl_types); i++) {
		error = register_filesystem(&rvl_types[i].fst);
		if (error) {
			pr_err("registering %s failed: %d\n",
			       rvl_types[i].fst.name, error);
			goto err_register;
		}
	}
	return 0;

err_register:
	while (--i >= 0)
		unregister_filesystem(&rvl_types[i].fst);
	rvl_inode_cache_exit();
	return error;
}

static void __exit rvl_exit(void)
{
	int i;

	for (i = ARRAY_SIZE(rvl_types) - 1; i >= 0; i--)
		unregister_filesystem(&rvl_types[i].fst);
	rvl_inode_cache_exit();
}

module_init(rvl_init);
module_exit(rvl_exit);

MODULE_DESCRIPTION("linux-rump: Linux file-system types served by rump file systems (mount -t rumpffs)");
MODULE_LICENSE("GPL");
MODULE_VERSION(LINUX_RUMP_VERSION);
