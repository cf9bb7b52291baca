// SPDX-License-Identifier: GPL-2.0
/*
 * write.c - rumpffs_bench's write figures: the workloads run through the
 * rump FFS mounted read-write, all via rump_sys_* calls in the kernel.
 *
 *   modprobe rumpffs_bench dev=/dev/vdX what=write [size_mib=64] [iosize=N]
 *   modprobe rumpffs_bench dev=/dev/vdX what=create [files=2000]
 *
 *  - write: /benchw/big is created and written sequentially in iosize
 *    writes up to size_mib MiB, fsync'ed and closed;
 *  - create: files empty files are created in /benchw/cdir (open with
 *    O_CREAT|O_EXCL, close), then all unlinked.
 *
 * Each run mounts the file system anew (untimed), removes the previous
 * run's file or directory and syncs (untimed); the timing then covers the
 * workload and a sync(2) of the file system, which writes back whatever
 * the workload left dirty (data, inodes, cg maps, summaries, the
 * superblock): a figure is what it takes for the data to be on the disk.
 * The unmount after it is not timed (it has nothing left to write but
 * the clean flag); its time is reported apart (umount_ns) so a sync that
 * left work behind would show.  bench/ffs/linux.c and vm.sh do exactly
 * this on the Linux side: fresh mount, untimed clean-up and sync, timed
 * workload and sync_filesystem(), untimed umount.
 */
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>
#include <rump/rumpuser_ext.h>
#include <rump/rumpvfs.h>
#include <rump/rumpfs_ffs.h>

#include "bench.h"

static unsigned int size_mib = 64;
module_param(size_mib, uint, 0444);
MODULE_PARM_DESC(size_mib, "write: file size in MiB");

static unsigned int iosize = 1 << 20;
module_param(iosize, uint, 0444);
MODULE_PARM_DESC(iosize, "write: bytes per write");

static unsigned int files = 2000;
module_param(files, uint, 0444);
MODULE_PARM_DESC(files, "create: files created then unlinked");

#define BW_DEV		"/dev/benchw"
#define BW_MNT		"/benchw"
#define BW_FILE		BW_MNT "/big"
#define BW_DIR		BW_MNT "/cdir"
#define BW_PATHMAX	64

/* One run: when the timing started, and the buffer cache's counters then. */
struct bw_run {
	u64 t0;
	struct rump_vfs_stats s0;
	long long bytes;
	long files;
};

static void bw_start(struct bw_run *r)
{
	rump_vfs_getstats(&r->s0);
	r->t0 = ktime_get_ns();
}

static int bw_fail(const char *op, const char *path)
{
	pr_err("%s %s: errno %d\n", op, path, rumpuser_ext_geterrno());
	return -EIO;
}

/* The previous run's file, if any, goes untimed. */
static int bw_write(struct bw_run *r)
{
	long long left = (long long)size_mib << 20;
	char *buf;
	int fd, error = 0;

	if (!iosize)
		return -EINVAL;
	buf = kvmalloc(iosize, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memset(buf, 0x5a, iosize);
	if (rump_sys_unlink(BW_FILE) && rumpuser_ext_geterrno() != RUMP_ENOENT) {
		error = bw_fail("unlink", BW_FILE);
		goto out;
	}
	if (rump_sys_sync()) {
		error = bw_fail("sync", BW_MNT);
		goto out;
	}
	bw_start(r);
	fd = rump_sys_open(BW_FILE, RUMP_O_WRONLY | RUMP_O_CREAT | RUMP_O_TRUNC,
			   0644);
	if (fd < 0) {
		error = bw_fail("open", BW_FILE);
		goto out;
	}
	while (left > 0) {
		ssize_t n = rump_sys_write(fd, buf, min_t(long long, left, iosize));

		if (n <= 0) {
			error = bw_fail("write", BW_FILE);
			break;
		}
		left -= n;
		r->bytes += n;
	}
	if (!error && rump_sys_fsync(fd))
		error = bw_fail("fsync", BW_FILE);
	if (rump_sys_close(fd) && !error)
		error = bw_fail("close", BW_FILE);
out:
	kvfree(buf);
	return error;
}

/* A fresh directory each run: the previous one (empty) goes untimed. */
static int bw_create(struct bw_run *r)
{
	char path[BW_PATHMAX];
	unsigned int i;
	int fd;

	if (rump_sys_rmdir(BW_DIR) && rumpuser_ext_geterrno() != RUMP_ENOENT)
		return bw_fail("rmdir", BW_DIR);
	if (rump_sys_mkdir(BW_DIR, 0755))
		return bw_fail("mkdir", BW_DIR);
	if (rump_sys_sync())
		return bw_fail("sync", BW_MNT);
	bw_start(r);
	for (i = 0; i < files; i++) {
		snprintf(path, sizeof(path), BW_DIR "/f%05u", i);
		fd = rump_sys_open(path, RUMP_O_WRONLY | RUMP_O_CREAT |
				   RUMP_O_EXCL, 0644);
		if (fd < 0)
			return bw_fail("create", path);
		if (rump_sys_close(fd))
			return bw_fail("close", path);
	}
	for (i = 0; i < files; i++) {
		snprintf(path, sizeof(path), BW_DIR "/f%05u", i);
		if (rump_sys_unlink(path))
			return bw_fail("unlink", path);
		r->files++;
	}
	return 0;
}

int rumpffs_bench_write(const char *dev, const char *what)
{
	struct ufs_args args = { .fspec = BW_DEV };
	struct rump_vfs_stats s1 = { 0 };
	struct bw_run r = { 0 };
	u64 t1, t2;
	int error;

	error = rump_pub_etfs_register(BW_DEV, dev, RUMP_ETFS_BLK);
	if (error) {
		pr_err("etfs %s: %d\n", dev, error);
		return -EIO;
	}
	if (rump_sys_mkdir(BW_MNT, 0755) && rump_sys_access(BW_MNT, 0)) {
		error = bw_fail("mkdir", BW_MNT);
		goto out_etfs;
	}
	if (rump_sys_mount(RUMP_MOUNT_FFS, BW_MNT, 0, &args, sizeof(args))) {
		error = bw_fail("mount read-write", dev);
		goto out_etfs;
	}
	if (!strcmp(what, "write"))
		error = bw_write(&r);
	else
		error = bw_create(&r);
	if (!error && rump_sys_sync())
		error = bw_fail("sync", BW_MNT);
	t1 = ktime_get_ns();
	rump_vfs_getstats(&s1);
	if (rump_sys_unmount(BW_MNT, 0) && !error)
		error = bw_fail("unmount", BW_MNT);
	t2 = ktime_get_ns();
	/*
	 * The buffer cache's misses (chunks read, e.g. before a partial
	 * write) and evictions (dirty ones written back one by one when the
	 * cache is full) say where the time went; vm.sh shows them in DIAG.
	 */
	if (!error)
		pr_info("RESULT what=%s ns=%llu bytes=%lld files=%ld iosize=%u umount_ns=%llu bufmisses=%llu bufevicted=%llu\n",
			what, t1 - r.t0, r.bytes, r.files, iosize, t2 - t1,
			(unsigned long long)(s1.bufmisses - r.s0.bufmisses),
			(unsigned long long)(s1.bufevicted - r.s0.bufevicted));
out_etfs:
	rump_pub_etfs_remove(BW_DEV);
	return error;
}
