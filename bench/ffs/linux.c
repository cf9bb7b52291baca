// SPDX-License-Identifier: GPL-2.0
/*
 * linuxfs_bench - the Linux reference of rumpffs_bench's write figures:
 * the same workloads as bench/ffs/write.c, step for step, through Linux's
 * VFS from a module, on a Linux file system mounted by bench/ffs/vm.sh
 * (ext2, driven by the ext4 module: Debian's kernel has
 * CONFIG_EXT4_USE_FOR_EXT2 and no ext2.ko).
 *
 *   modprobe linuxfs_bench dir=/mnt/ext2 what=write [size_mib=64] [iosize=N]
 *   modprobe linuxfs_bench dir=/mnt/ext2 what=create [files=2000]
 *
 * In the kernel rather than from a guest process (dd conv=fsync): the rump
 * side issues its system calls from a module, so both sides pay for a
 * call without a user/kernel crossing or a copy from user memory, and
 * both sides run the same loop.  write: dir/big is created with O_TRUNC,
 * written with kernel_write() in iosize pieces, vfs_fsync()'ed and
 * closed; create: dir/cdir/fNNNNN is created with O_CREAT|O_EXCL and
 * closed, files times, then each is unlinked (vfs_unlink(), as
 * unlinkat(2) does it).  vm.sh mounts the file system anew for every run
 * and removes the previous run's file or directory; the file system is
 * synced before the timing starts.
 *
 * The timing ends with sync_filesystem(), as the rump side's ends with
 * sync(2): after it all data and metadata are on the disk.  Neither side
 * times its unmount (a module cannot unmount: no exported call; vm.sh
 * unmounts after the module is gone), which has only the clean state
 * left to write.
 * Written against Linux 6.1 (vfs_unlink() takes a user_namespace).
 */
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/user_namespace.h>

static char *dir;
module_param(dir, charp, 0444);
MODULE_PARM_DESC(dir, "a directory of the mounted reference file system");

static char *what = "write";
module_param(what, charp, 0444);
MODULE_PARM_DESC(what, "write or create");

static unsigned int size_mib = 64;
module_param(size_mib, uint, 0444);
MODULE_PARM_DESC(size_mib, "write: file size in MiB");

static unsigned int iosize = 1 << 20;
module_param(iosize, uint, 0444);
MODULE_PARM_DESC(iosize, "write: bytes per write");

static unsigned int files = 2000;
module_param(files, uint, 0444);
MODULE_PARM_DESC(files, "create: files created then unlinked");

#define LB_PATHMAX	256

/* sync(2) of one file system: sync_filesystem() wants s_umount held. */
static int lb_sync(struct super_block *sb)
{
	int error;

	down_read(&sb->s_umount);
	error = sync_filesystem(sb);
	up_read(&sb->s_umount);
	return error;
}

/* unlinkat(2) of parent/name, as do_unlinkat() does it. */
static int lb_unlink(const char *parent, const char *name)
{
	struct dentry *dentry;
	struct path path;
	struct inode *dip;
	int error;

	error = kern_path(parent, LOOKUP_DIRECTORY, &path);
	if (error)
		return error;
	error = mnt_want_write(path.mnt);
	if (error)
		goto out_path;
	dip = d_inode(path.dentry);
	inode_lock_nested(dip, I_MUTEX_PARENT);
	dentry = lookup_one_len(name, path.dentry, strlen(name));
	if (IS_ERR(dentry)) {
		error = PTR_ERR(dentry);
	} else {
		error = d_is_negative(dentry) ? -ENOENT :
			vfs_unlink(&init_user_ns, dip, dentry, NULL);
		dput(dentry);
	}
	inode_unlock(dip);
	mnt_drop_write(path.mnt);
out_path:
	path_put(&path);
	return error;
}

static int lb_write(struct super_block *sb, u64 *t0, long long *bytes)
{
	long long left = (long long)size_mib << 20;
	char *name, *buf;
	struct file *f;
	loff_t pos = 0;
	int error = 0;

	if (!iosize)
		return -EINVAL;
	name = kasprintf(GFP_KERNEL, "%s/big", dir);
	buf = kvmalloc(iosize, GFP_KERNEL);
	if (!name || !buf) {
		error = -ENOMEM;
		goto out;
	}
	memset(buf, 0x5a, iosize);
	error = lb_sync(sb);
	if (error)
		goto out;
	*t0 = ktime_get_ns();
	f = filp_open(name, O_WRONLY | O_CREAT | O_TRUNC | O_LARGEFILE, 0644);
	if (IS_ERR(f)) {
		error = PTR_ERR(f);
		pr_err("open %s: %d\n", name, error);
		goto out;
	}
	while (left > 0) {
		ssize_t n = kernel_write(f, buf, min_t(long long, left, iosize),
					 &pos);

		if (n <= 0) {
			error = n ? n : -EIO;
			pr_err("write %s: %d\n", name, error);
			break;
		}
		left -= n;
		*bytes += n;
	}
	if (!error) {
		error = vfs_fsync(f, 0);
		if (error)
			pr_err("fsync %s: %d\n", name, error);
	}
	filp_close(f, NULL);
out:
	kvfree(buf);
	kfree(name);
	return error;
}

static int lb_create(struct super_block *sb, u64 *t0, long *done)
{
	char *cdir, *path;
	unsigned int i;
	struct file *f;
	int error;

	cdir = kasprintf(GFP_KERNEL, "%s/cdir", dir);
	path = kmalloc(LB_PATHMAX, GFP_KERNEL);
	error = cdir && path ? lb_sync(sb) : -ENOMEM;
	if (error)
		goto out;
	*t0 = ktime_get_ns();
	for (i = 0; i < files; i++) {
		snprintf(path, LB_PATHMAX, "%s/f%05u", cdir, i);
		f = filp_open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (IS_ERR(f)) {
			error = PTR_ERR(f);
			pr_err("create %s: %d\n", path, error);
			goto out;
		}
		filp_close(f, NULL);
	}
	for (i = 0; i < files; i++) {
		snprintf(path, LB_PATHMAX, "f%05u", i);
		error = lb_unlink(cdir, path);
		if (error) {
			pr_err("unlink %s/%s: %d\n", cdir, path, error);
			goto out;
		}
		(*done)++;
	}
out:
	kfree(path);
	kfree(cdir);
	return error;
}

static int __init linuxfs_bench_init(void)
{
	long long bytes = 0;
	struct path root;
	long done = 0;
	u64 t0 = 0, t1;
	int error;

	if (!dir || !*dir)
		return -EINVAL;
	if (strcmp(what, "write") && strcmp(what, "create"))
		return -EINVAL;
	/* Holds the mount (and so its superblock) for lb_sync(). */
	error = kern_path(dir, LOOKUP_DIRECTORY, &root);
	if (error) {
		pr_err("%s: %d\n", dir, error);
		return error;
	}
	if (!strcmp(what, "write"))
		error = lb_write(root.mnt->mnt_sb, &t0, &bytes);
	else
		error = lb_create(root.mnt->mnt_sb, &t0, &done);
	if (!error) {
		error = lb_sync(root.mnt->mnt_sb);
		if (error)
			pr_err("sync %s: %d\n", dir, error);
	}
	t1 = ktime_get_ns();
	path_put(&root);
	if (error)
		return error;
	pr_info("RESULT what=%s ns=%llu bytes=%lld files=%ld iosize=%u\n",
		what, t1 - t0, bytes, done, iosize);
	return 0;
}

static void __exit linuxfs_bench_exit(void)
{
}

module_init(linuxfs_bench_init);
module_exit(linuxfs_bench_exit);
MODULE_DESCRIPTION("linux-rump: bench/ffs write reference through Linux's VFS");
MODULE_LICENSE("Dual BSD/GPL");
