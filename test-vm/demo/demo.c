// SPDX-License-Identifier: GPL-2.0
/*
 * rump_demo - the `make run` demo: a NetBSD FFS image, made by makefs at
 * build time, mounted by the rump kernel inside the running Linux kernel
 * and read through rump_sys_*() calls: a tree listing, a file, df.
 * Everything runs at module load, under a guard so that even a rump
 * kernel panic would leave this task (modprobe) and Linux running.
 */
#include <linux/module.h>
#include <linux/slab.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>
#include <rump/rumpfs_ffs.h>
#include <rump/rumpuser_ext.h>
#include <rump/rumpvfs.h>

#define DEMO_DEV	"/dev/netbsd0"
#define DEMO_MNT	"/mnt"
#define DEMO_BUF	8192

static char *disk;
module_param(disk, charp, 0444);
MODULE_PARM_DESC(disk, "block device holding the demo FFS image");

static char *demo_buf;		/* file contents */
static int demo_status;

/* Each level has its own getdents buffer: recursion must not clobber it. */
static void demo_list(const char *dir, int depth)
{
	struct rump_stat st;
	char *path, *link, *ents;
	int fd, n, off;

	fd = rump_sys_open(dir, RUMP_O_RDONLY | RUMP_O_DIRECTORY);
	if (fd < 0) {
		pr_info("  %s: cannot open, errno %d\n", dir,
			rumpuser_ext_geterrno());
		demo_status = -EIO;
		return;
	}
	path = kmalloc(2 * RUMP_MAXPATHLEN + DEMO_BUF, GFP_KERNEL);
	if (!path) {
		rump_sys_close(fd);
		return;
	}
	link = path + RUMP_MAXPATHLEN;
	ents = link + RUMP_MAXPATHLEN;
	while ((n = rump_sys_getdents(fd, ents, DEMO_BUF)) > 0) {
		for (off = 0; off < n;) {
			struct rump_dirent *d = (void *)(ents + off);

			off += d->d_reclen;
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
				continue;
			snprintf(path, RUMP_MAXPATHLEN, "%s/%s", dir, d->d_name);
			if (rump_sys_lstat(path, &st))
				continue;
			if ((st.st_mode & RUMP_S_IFMT) == RUMP_S_IFLNK) {
				ssize_t l = rump_sys_readlink(path, link,
							      RUMP_MAXPATHLEN - 1);

				link[l > 0 ? l : 0] = '\0';
				pr_info("  %06o %8lld %*s%s -> %s\n", st.st_mode,
					st.st_size, 2 * depth, "", d->d_name,
					link);
				continue;
			}
			pr_info("  %06o %8lld %*s%s%s\n", st.st_mode, st.st_size,
				2 * depth, "", d->d_name,
				(st.st_mode & RUMP_S_IFMT) == RUMP_S_IFDIR ?
				"/" : "");
			if ((st.st_mode & RUMP_S_IFMT) == RUMP_S_IFDIR &&
			    depth < 4)
				demo_list(path, depth + 1);
		}
	}
	kfree(path);
	rump_sys_close(fd);
}

static void demo_cat(const char *file)
{
	ssize_t n;
	char *line, *nl;
	int fd;

	fd = rump_sys_open(file, RUMP_O_RDONLY);
	if (fd < 0) {
		pr_info("%s: errno %d\n", file, rumpuser_ext_geterrno());
		demo_status = -EIO;
		return;
	}
	n = rump_sys_read(fd, demo_buf, DEMO_BUF - 1);
	rump_sys_close(fd);
	if (n < 0) {
		demo_status = -EIO;
		return;
	}
	demo_buf[n] = '\0';
	pr_info("cat %s (%zd bytes):\n", file, n);
	for (line = demo_buf; *line; line = nl + 1) {
		nl = strchrnul(line, '\n');
		pr_info("  | %.*s\n", (int)(nl - line), line);
		if (!*nl)
			break;
	}
}

static void demo_run(void *unused)
{
	struct ufs_args args = { .fspec = DEMO_DEV };
	struct rump_statvfs *sv;	/* 3 KiB: not on the stack */
	int error;

	error = rump_pub_etfs_register(DEMO_DEV, disk, RUMP_ETFS_BLK);
	if (error) {
		pr_warn("etfs_register(%s, %s): NetBSD errno %d\n", DEMO_DEV,
			disk, error);
		demo_status = -EIO;
		return;
	}
	rump_sys_mkdir(DEMO_MNT, 0755);
	if (rump_sys_mount(RUMP_MOUNT_FFS, DEMO_MNT, RUMP_MNT_RDONLY, &args,
			   sizeof(args))) {
		pr_warn("mount ffs %s: NetBSD errno %d\n", disk,
			rumpuser_ext_geterrno());
		demo_status = -EIO;
		goto out_etfs;
	}
	sv = kmalloc(sizeof(*sv), GFP_KERNEL);
	if (sv && !rump_sys_statvfs1(DEMO_MNT, sv, RUMP_ST_WAIT))
		pr_info("mounted %s (%s) on %s in the rump kernel: %llu of %llu KiB free, %llu inodes free\n",
			sv->f_mntfromname, sv->f_fstypename, sv->f_mntonname,
			sv->f_bfree * sv->f_frsize / 1024,
			sv->f_blocks * sv->f_frsize / 1024, sv->f_ffree);
	kfree(sv);
	pr_info("ls -R %s:\n", DEMO_MNT);
	demo_list(DEMO_MNT, 0);
	demo_cat(DEMO_MNT "/README");
	if (rump_sys_unmount(DEMO_MNT, 0)) {
		pr_warn("unmount: NetBSD errno %d\n", rumpuser_ext_geterrno());
		demo_status = -EIO;
	} else {
		pr_info("unmounted %s\n", DEMO_MNT);
	}
out_etfs:
	rump_pub_etfs_remove(DEMO_DEV);
}

static int __init demo_init(void)
{
	int rv;

	if (!disk) {
		pr_warn("disk= is needed (the block device with the FFS image)\n");
		return -EINVAL;
	}
	demo_buf = kmalloc(DEMO_BUF, GFP_KERNEL);
	if (!demo_buf)
		return -ENOMEM;
	rv = rumpuser_ext_guard(demo_run, NULL);
	if (rv == RUMP_ENOTSUP)
		demo_run(NULL);
	else if (rv)
		demo_status = -EIO;
	kfree(demo_buf);
	return demo_status;
}

static void __exit demo_exit(void)
{
}

module_init(demo_init);
module_exit(demo_exit);
MODULE_DESCRIPTION("linux-rump demo: a NetBSD FFS image read inside Linux");
MODULE_LICENSE("Dual BSD/GPL");
