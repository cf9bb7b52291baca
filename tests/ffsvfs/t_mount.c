// SPDX-License-Identifier: BSD-2-Clause
/*
 * t_mount.c - mounting FFS through the VFS: read-only mounts, refusals
 * (read-write where unsafe, bad devices, not an FFS), busy
 * unmount, statvfs, mounts left at shutdown.
 */
#include "tfv.h"

static struct rump_statvfs sv;

static void t_basic(void)
{
	struct rump_stat st;
	char buf[16];
	int fd;

	if (!tfv_need("small-ufs1-le") || tfv_boot())
		return;
	KT_EXPECT_EQ(tfv_mount("small-ufs1-le", "small", "/mnt"), 0);
	TFV_OK(rump_sys_statvfs1("/mnt", &sv, RUMP_ST_WAIT));
	KT_EXPECT(strcmp(sv.f_fstypename, RUMP_MOUNT_FFS) == 0);
	KT_EXPECT(strcmp(sv.f_mntonname, "/mnt") == 0);
	KT_EXPECT(strcmp(sv.f_mntfromname, "/dev/small") == 0);
	KT_EXPECT(sv.f_flag & RUMP_ST_RDONLY);
	KT_EXPECT_EQ(sv.f_bsize, 4096);
	KT_EXPECT_EQ(sv.f_frsize, 512);
	KT_EXPECT_EQ(sv.f_namemax, 255);
	KT_EXPECT(sv.f_blocks > sv.f_bfree && sv.f_bfree >= sv.f_bavail);
	KT_EXPECT(sv.f_files > sv.f_ffree);
	TFV_OK(rump_sys_stat("/mnt", &st));
	KT_EXPECT_EQ(st.st_ino, 2);
	KT_EXPECT_EQ(st.st_mode & RUMP_S_IFMT, RUMP_S_IFDIR);
	KT_EXPECT_EQ(st.st_blksize, 4096);
	TFV_OK(rump_sys_stat("/mnt/a/b/c/file", &st));
	KT_EXPECT_EQ(st.st_size, 6);
	KT_EXPECT_EQ(st.st_mtimespec.tv_sec, 1700000000);
	fd = rump_sys_open("/mnt/fast", RUMP_O_RDONLY);	/* via a symlink */
	TFV_OK(fd);
	KT_EXPECT_EQ(rump_sys_read(fd, buf, sizeof(buf)), 6);
	KT_EXPECT(memcmp(buf, "hello\n", 6) == 0);
	/* Read-only everywhere. */
	TFV_FAIL(rump_sys_open("/mnt/new", RUMP_O_WRONLY | RUMP_O_CREAT, 0644),
		 RUMP_EROFS);
	TFV_FAIL(rump_sys_open("/mnt/a/b/c/file", RUMP_O_RDWR), RUMP_EROFS);
	TFV_FAIL(rump_sys_mkdir("/mnt/d", 0755), RUMP_EROFS);
	TFV_FAIL(rump_sys_unlink("/mnt/fast"), RUMP_EROFS);
	TFV_FAIL(rump_sys_chmod("/mnt/single", 0600), RUMP_EROFS);
	TFV_FAIL(rump_sys_open("/mnt/nonexistent", RUMP_O_RDONLY), RUMP_ENOENT);
	TFV_FAIL(rump_sys_open("/mnt/single/x", RUMP_O_RDONLY), RUMP_ENOTDIR);
	/* ".." at the root of the mount leaves it. */
	TFV_OK(rump_sys_stat("/mnt/a/../..", &st));
	KT_EXPECT(st.st_ino != 2 || st.st_dev != sv.f_fsid);
	/* Busy while a file is open. */
	TFV_FAIL(rump_sys_unmount("/mnt", 0), RUMP_EBUSY);
	TFV_OK(rump_sys_close(fd));
	tfv_unmount("small", "/mnt");
	TFV_FAIL(rump_sys_stat("/mnt/fast", &st), RUMP_ENOENT);
	/* Left mounted at shutdown: the VFS unmounts it. */
	KT_EXPECT_EQ(tfv_mount("small-ufs2-be", "small2", "/mnt"), 0);
	TFV_OK(rump_sys_stat("/mnt/double", &st));
	tfv_halt();
}

static void t_refusals(void)
{
	const char *img = tfv_host_path("small-ufs2-le-64k");
	const char *fbsd = tfv_host_path("freebsd-ufs2-le");
	const char *man = tfv_host_path("manifest-small");
	struct ufs_args args;

	if (!tfv_need("small-ufs2-le-64k") || !tfv_need("manifest-small") ||
	    !tfv_need("freebsd-ufs2-le") || tfv_boot())
		return;
	/*
	 * Read-write where writing is unsafe (FreeBSD's 0x200 flag means
	 * QUOTA2 to NetBSD): EROFS, device released; read-only works.
	 */
	KT_EXPECT_EQ(tfv_mount_path(fbsd, "img", "/mnt", 0), RUMP_EROFS);
	KT_EXPECT_EQ(tfv_mount_path(img, "img", "/mnt", RUMP_MNT_RDONLY), 0);
	/* Staying read-only with an update is fine. */
	args.fspec = NULL;
	TFV_OK(rump_sys_mount(RUMP_MOUNT_FFS, "/mnt",
			      RUMP_MNT_UPDATE | RUMP_MNT_RDONLY, &args,
			      sizeof(args)));
	TFV_OK(rump_sys_statvfs1("/mnt", &sv, RUMP_ST_WAIT));
	KT_EXPECT(sv.f_flag & RUMP_ST_RDONLY);
	KT_EXPECT_EQ(sv.f_bsize, 65536);
	tfv_unmount("img", "/mnt");
	/* No such device, not a block device, not an FFS. */
	TFV_OK(rump_sys_mkdir("/mnt2", 0755));
	args.fspec = __UNCONST("/dev/nothing");
	TFV_FAIL(rump_sys_mount(RUMP_MOUNT_FFS, "/mnt2", RUMP_MNT_RDONLY,
				&args, sizeof(args)), RUMP_ENOENT);
	args.fspec = __UNCONST("/mnt");
	TFV_FAIL(rump_sys_mount(RUMP_MOUNT_FFS, "/mnt2", RUMP_MNT_RDONLY,
				&args, sizeof(args)), RUMP_ENOTBLK);
	TFV_FAIL(rump_sys_mount(RUMP_MOUNT_FFS, "/mnt2", RUMP_MNT_RDONLY,
				NULL, 0), RUMP_EINVAL);
	KT_EXPECT_EQ(tfv_mount_path(man, "notffs", "/mnt2", RUMP_MNT_RDONLY),
		     RUMP_EINVAL);
	tfv_halt();
}

/*
 * Mount and unmount many times: nothing accumulates (the etfs node is
 * registered once: removed etfs nodes leave their vnode in the cache
 * until it is reclaimed by the bound, which is not what this measures).
 */
static void t_cycles(void)
{
	struct rump_vfs_stats vs;
	struct rump_stat st;
	struct ufs_args args;
	unsigned before = 0;
	int i;

	if (!tfv_need("tiny-ufs2-le") || tfv_boot())
		return;
	KT_EXPECT_EQ(tfv_mount("tiny-ufs2-le", "tiny", "/mnt"), 0);
	TFV_OK(rump_sys_unmount("/mnt", 0));
	KT_EXPECT_EQ(rump_vfs_getstats(&vs), 0);
	before = vs.numvnodes;
	args.fspec = __UNCONST("/dev/tiny");
	for (i = 0; i < 50; i++) {
		TFV_OK(rump_sys_mount(RUMP_MOUNT_FFS, "/mnt", RUMP_MNT_RDONLY,
				      &args, sizeof(args)));
		TFV_OK(rump_sys_stat("/mnt/d/f", &st));
		TFV_OK(rump_sys_unmount("/mnt", 0));
		if (kt_case_failures())
			break;
	}
	KT_EXPECT_EQ(rump_vfs_getstats(&vs), 0);
	KT_EXPECT_MSG(vs.numvnodes <= before, "%u vnodes, %u before",
		      vs.numvnodes, before);
	KT_EXPECT_EQ(rump_pub_etfs_remove("/dev/tiny"), 0);
	tfv_halt();
}

/*
 * A WAPBL journal (ffs-format.md section 7): with a log to replay the
 * file system is refused even read-only (no replay yet: the metadata on
 * disk may be stale); with an empty log it mounts read-only and reads;
 * read-write is refused either way.
 */
static void t_wapbl(void)
{
	struct tfv_walk w;
	struct rump_stat st;

	if (!tfv_need("wapbl-dirty") || !tfv_need("wapbl-empty") ||
	    tfv_boot())
		return;
	KT_EXPECT_EQ(tfv_mount("wapbl-dirty", "wd", "/mnt"), RUMP_EROFS);
	KT_EXPECT_EQ(tfv_mount_path(tfv_host_path("wapbl-empty"), "we",
				    "/mnt", 0), RUMP_EROFS);
	KT_EXPECT_EQ(tfv_mount("wapbl-empty", "we", "/mnt"), 0);
	TFV_OK(rump_sys_stat("/mnt/d/f", &st));
	KT_EXPECT_EQ(st.st_size, 5);
	w.readall = true;
	tfv_walk("/mnt", &w);
	KT_EXPECT_EQ(w.nerrors, 0);
	KT_EXPECT_EQ(w.nfiles, 2);
	tfv_unmount("we", "/mnt");
	tfv_halt();
}

static const struct kt_case cases[] = {
	{ "basic", t_basic },
	{ "refusals", t_refusals },
	{ "cycles", t_cycles },
	{ "wapbl", t_wapbl },
};
const struct kt_family tfv_fam_mount = { "mount", cases, KT_NELEM(cases),
					 NULL };
