// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - rumpvfs.ko: the VFS component as a Linux module, and the
 * exports of its public API.
 *
 * rumpkern.ko boots the rump kernel at its load, so registering here
 * initialises the component at once (root file system, vnode and buffer
 * caches, the file system calls).  It stays registered across rump
 * shutdowns and reboots (fini at shutdown, init at boot) until unload,
 * where unregistering runs its fini: every vnode-backed descriptor is
 * closed, every file system unmounted and every block device closed after
 * its I/O completed, so nothing of this module runs after it is gone.
 */
#include <linux/module.h>
#include <linux/printk.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpvfs.h>
#include <rump/rumpvfs_api.h>
#include <rump/version.h>

static int __init rumpvfs_init(void)
{
	int error = rump_component_register(&rump_vfs_component);

	if (error) {
		pr_err("registering the VFS component failed: %d\n", error);
		return -EINVAL;
	}
	return 0;
}

static void __exit rumpvfs_exit(void)
{
	rump_component_unregister(&rump_vfs_component);
}

module_init(rumpvfs_init);
module_exit(rumpvfs_exit);

/* <rump/rumpvfs.h> */
EXPORT_SYMBOL_GPL(rump_pub_etfs_register);
EXPORT_SYMBOL_GPL(rump_pub_etfs_remove);
EXPORT_SYMBOL_GPL(rump_vfs_getstats);
EXPORT_SYMBOL_GPL(rump_vfs_component);

/* <rump/rumpvfs_api.h> */
EXPORT_SYMBOL_GPL(rump_vfs_root);
EXPORT_SYMBOL_GPL(rump_vfs_namei);
EXPORT_SYMBOL_GPL(rump_vfs_lookup);
EXPORT_SYMBOL_GPL(rump_vfs_vref);
EXPORT_SYMBOL_GPL(rump_vfs_vrele);
EXPORT_SYMBOL_GPL(rump_vfs_getattr);
EXPORT_SYMBOL_GPL(rump_vfs_readdir);
EXPORT_SYMBOL_GPL(rump_vfs_read);
EXPORT_SYMBOL_GPL(rump_vfs_readlink);
EXPORT_SYMBOL_GPL(rump_vfs_statvfs);
EXPORT_SYMBOL_GPL(rump_vfs_create);
EXPORT_SYMBOL_GPL(rump_vfs_mkdir);
EXPORT_SYMBOL_GPL(rump_vfs_symlink);
EXPORT_SYMBOL_GPL(rump_vfs_link);
EXPORT_SYMBOL_GPL(rump_vfs_remove);
EXPORT_SYMBOL_GPL(rump_vfs_rmdir);
EXPORT_SYMBOL_GPL(rump_vfs_rename);
EXPORT_SYMBOL_GPL(rump_vfs_write);
EXPORT_SYMBOL_GPL(rump_vfs_setattr);
EXPORT_SYMBOL_GPL(rump_vfs_fsync);

/* <rump/rump_syscalls.h>, the file system calls */
EXPORT_SYMBOL_GPL(rump_sys_open);
EXPORT_SYMBOL_GPL(rump_sys_pread);
EXPORT_SYMBOL_GPL(rump_sys_pwrite);
EXPORT_SYMBOL_GPL(rump_sys_lseek);
EXPORT_SYMBOL_GPL(rump_sys_stat);
EXPORT_SYMBOL_GPL(rump_sys_lstat);
EXPORT_SYMBOL_GPL(rump_sys_fstat);
EXPORT_SYMBOL_GPL(rump_sys_readlink);
EXPORT_SYMBOL_GPL(rump_sys_access);
EXPORT_SYMBOL_GPL(rump_sys_getdents);
EXPORT_SYMBOL_GPL(rump_sys_chdir);
EXPORT_SYMBOL_GPL(rump_sys_fchdir);
EXPORT_SYMBOL_GPL(rump_sys___getcwd);
EXPORT_SYMBOL_GPL(rump_sys_statvfs1);
EXPORT_SYMBOL_GPL(rump_sys_fstatvfs1);
EXPORT_SYMBOL_GPL(rump_sys_mount);
EXPORT_SYMBOL_GPL(rump_sys_unmount);
EXPORT_SYMBOL_GPL(rump_sys_sync);
EXPORT_SYMBOL_GPL(rump_sys_fsync);
EXPORT_SYMBOL_GPL(rump_sys_mkdir);
EXPORT_SYMBOL_GPL(rump_sys_rmdir);
EXPORT_SYMBOL_GPL(rump_sys_unlink);
EXPORT_SYMBOL_GPL(rump_sys_link);
EXPORT_SYMBOL_GPL(rump_sys_rename);
EXPORT_SYMBOL_GPL(rump_sys_symlink);
EXPORT_SYMBOL_GPL(rump_sys_mknod);
EXPORT_SYMBOL_GPL(rump_sys_mkfifo);
EXPORT_SYMBOL_GPL(rump_sys_chmod);
EXPORT_SYMBOL_GPL(rump_sys_fchmod);
EXPORT_SYMBOL_GPL(rump_sys_chown);
EXPORT_SYMBOL_GPL(rump_sys_truncate);
EXPORT_SYMBOL_GPL(rump_sys_ftruncate);
EXPORT_SYMBOL_GPL(rump_sys_utimes);
EXPORT_SYMBOL_GPL(rump_sys_umask);
EXPORT_SYMBOL_GPL(rump_sys_fchown);
EXPORT_SYMBOL_GPL(rump_sys_lchown);
EXPORT_SYMBOL_GPL(rump_sys_fdatasync);
EXPORT_SYMBOL_GPL(rump_sys_utimensat);
EXPORT_SYMBOL_GPL(rump_sys_futimens);
EXPORT_SYMBOL_GPL(rump_sys_lutimes);
EXPORT_SYMBOL_GPL(rump_sys_futimes);

MODULE_DESCRIPTION("linux-rump: the VFS component (vnodes, namei, rumpfs, mounts, buffer cache, block devices, file syscalls)");
MODULE_LICENSE("Dual BSD/GPL");
MODULE_VERSION(LINUX_RUMP_VERSION);
