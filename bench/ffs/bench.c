// SPDX-License-Identifier: GPL-2.0
/*
 * rumpffs_bench - one FFS measurement through the rump kernel
 * (rumpfs_ffs.ko on rumpvfs.ko), all via rump_sys_* calls: the cold-cache
 * reads here, the writes (what=write|create) in write.c.
 *
 *   modprobe rumpffs_bench dev=/dev/vdX what=seq|walk
 *
 * The device is registered with etfs and mounted read-only on /bench,
 * then:
 *  - seq: the file /bench/big is read sequentially in 64 KiB reads;
 *  - walk: the whole tree is listed (getdents) and every entry lstat'ed.
 * Only the reads are timed (not the mount).  It prints
 * "RESULT what=... ns=... bytes=... entries=..." and unmounts.
 * Cold: the mount is new (the rump buffer cache is per device opening)
 * and bench/ffs/vm.sh drops Linux's caches before every load.  The Linux
 * reference (the same image with Linux's ufs driver) is measured by
 * bench/ffs/walk.c from a guest process; vm.sh prints the BENCH lines.
 */
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>
#include <rump/rumpvfs.h>
#include <rump/rumpfs_ffs.h>

#include "bench.h"

static char *dev;
module_param(dev, charp, 0444);
MODULE_PARM_DESC(dev, "block device: the UFS1 image (reads), a fresh FFS (writes)");

static char *what = "seq";
module_param(what, charp, 0444);
MODULE_PARM_DESC(what, "seq (read /big), walk (stat every entry), write or create");

#define BENCH_IOSIZE	65536
#define BENCH_DIRBUF	8192

struct bench_dir {
	struct bench_dir *next;
	char path[];
};

static int bench_push(struct bench_dir **list, const char *path)
{
	size_t len = strlen(path) + 1;
	struct bench_dir *d = kmalloc(sizeof(*d) + len, GFP_KERNEL);

	if (!d)
		return -ENOMEM;
	memcpy(d->path, path, len);
	d->next = *list;
	*list = d;
	return 0;
}

/* Iterative walk: getdents + lstat of every entry; returns entries or -1. */
static long bench_walk(const char *top)
{
	struct bench_dir *list = NULL, *d;
	char *buf, *path;
	struct rump_stat st;
	long entries = 0, err = 0;

	buf = kmalloc(BENCH_DIRBUF, GFP_KERNEL);
	path = kmalloc(1024, GFP_KERNEL);
	if (!buf || !path || bench_push(&list, top))
		err = -1;
	while ((d = list)) {
		int fd, n, off;

		list = d->next;
		fd = err ? -1 : rump_sys_open(d->path, RUMP_O_RDONLY | RUMP_O_DIRECTORY);
		if (fd < 0)
			err = -1;
		while (fd >= 0 && (n = rump_sys_getdents(fd, buf, BENCH_DIRBUF)) > 0) {
			for (off = 0; off < n;) {
				struct rump_dirent *de = (void *)(buf + off);

				off += de->d_reclen;
				if (!de->d_reclen)
					break;
				if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
					continue;
				snprintf(path, 1024, "%s/%s", d->path, de->d_name);
				entries++;
				if (rump_sys_lstat(path, &st)) {
					err = -1;
					continue;
				}
				if ((st.st_mode & RUMP_S_IFMT) == RUMP_S_IFDIR &&
				    bench_push(&list, path))
					err = -1;
			}
		}
		if (fd >= 0)
			rump_sys_close(fd);
		kfree(d);
	}
	kfree(path);
	kfree(buf);
	return err ? err : entries;
}

static long long bench_seq(const char *file)
{
	char *buf = kmalloc(BENCH_IOSIZE, GFP_KERNEL);
	long long total = 0;
	ssize_t n;
	int fd;

	if (!buf)
		return -1;
	fd = rump_sys_open(file, RUMP_O_RDONLY);
	if (fd < 0) {
		kfree(buf);
		return -1;
	}
	while ((n = rump_sys_read(fd, buf, BENCH_IOSIZE)) > 0)
		total += n;
	rump_sys_close(fd);
	kfree(buf);
	return n < 0 ? -1 : total;
}

static int __init rumpffs_bench_init(void)
{
	struct ufs_args args = { .fspec = "/dev/bench" };
	long long bytes = 0;
	long entries = 0;
	u64 t0, t1;
	int error;

	if (!dev || !*dev || !rump_booted())
		return -EINVAL;
	if (!strcmp(what, "write") || !strcmp(what, "create"))
		return rumpffs_bench_write(dev, what);
	if (strcmp(what, "seq") && strcmp(what, "walk"))
		return -EINVAL;
	error = rump_pub_etfs_register("/dev/bench", dev, RUMP_ETFS_BLK);
	if (error) {
		pr_err("etfs %s: %d\n", dev, error);
		return -EIO;
	}
	if (rump_sys_mkdir("/bench", 0755) && rump_sys_access("/bench", 0))
		goto fail_etfs;
	if (rump_sys_mount(RUMP_MOUNT_FFS, "/bench", RUMP_MNT_RDONLY, &args,
			   sizeof(args))) {
		pr_err("mount %s failed\n", dev);
		goto fail_etfs;
	}
	/* Like the Linux side: the mount is not timed, only the reads. */
	t0 = ktime_get_ns();
	if (!strcmp(what, "walk"))
		entries = bench_walk("/bench");
	else
		bytes = bench_seq("/bench/big");
	t1 = ktime_get_ns();
	if (rump_sys_unmount("/bench", 0))
		pr_err("unmount failed\n");
	rump_pub_etfs_remove("/dev/bench");
	if (entries < 0 || bytes < 0) {
		pr_err("%s failed\n", what);
		return -EIO;
	}
	pr_info("RESULT what=%s ns=%llu bytes=%lld entries=%ld\n", what,
		t1 - t0, bytes, entries);
	return 0;

fail_etfs:
	rump_pub_etfs_remove("/dev/bench");
	return -EIO;
}

static void __exit rumpffs_bench_exit(void)
{
}

module_init(rumpffs_bench_init);
module_exit(rumpffs_bench_exit);
MODULE_DESCRIPTION("linux-rump: FFS benchmarks through the rump kernel");
MODULE_LICENSE("Dual BSD/GPL");
