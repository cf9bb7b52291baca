// SPDX-License-Identifier: BSD-2-Clause
/* t_mount.c - the mount table: mount, unmount, busy, force, update, statvfs. */
#include "tv.h"

static void t_mount_basic(void)
{
	static struct rump_statvfs sv;
	struct rump_stat st;
	int fd;

	if (tv_boot())
		return;
	TV_OK(rump_sys_mkdir("/mnt", 0755));
	TV_OK(tv_mkfile("/file", "", 0644));
	TV_FAIL(rump_sys_mount("nosuchfs", "/mnt", 0, NULL, 0), ENODEV);
	TV_FAIL(rump_sys_mount(RUMP_MOUNT_RUMPFS, "/file", 0, NULL, 0), ENOTDIR);
	TV_FAIL(rump_sys_mount(RUMP_MOUNT_RUMPFS, "/none", 0, NULL, 0), ENOENT);
	TV_OK(rump_sys_mount(RUMP_MOUNT_RUMPFS, "/mnt", 0, NULL, 0));
	TV_FAIL(rump_sys_mount(RUMP_MOUNT_RUMPFS, "/mnt", 0, NULL, 0), EBUSY);
	TV_OK(rump_sys_statvfs1("/mnt", &sv, RUMP_ST_WAIT));
	KT_EXPECT(strcmp(sv.f_fstypename, "rumpfs") == 0);
	KT_EXPECT(strcmp(sv.f_mntonname, "/mnt") == 0);
	KT_EXPECT_EQ(sv.f_bsize, 4096);
	KT_EXPECT_EQ(sv.f_namemax, 255);
	KT_EXPECT(!(sv.f_flag & RUMP_ST_RDONLY));
	KT_EXPECT(sv.f_bfree > 0 && sv.f_files > 0);
	TV_OK(rump_sys_statvfs1("/", &sv, RUMP_ST_WAIT));
	KT_EXPECT(strcmp(sv.f_mntonname, "/") == 0);
	fd = rump_sys_open("/mnt", RUMP_O_RDONLY);
	TV_OK(rump_sys_fstatvfs1(fd, &sv, RUMP_ST_NOWAIT));
	KT_EXPECT(strcmp(sv.f_mntonname, "/mnt") == 0);
	/* Busy while a file is open in it. */
	TV_FAIL(rump_sys_unmount("/mnt", 0), EBUSY);
	TV_OK(rump_sys_close(fd));
	TV_FAIL(rump_sys_unmount("/file", 0), EINVAL);
	TV_FAIL(rump_sys_unmount("/", 0), EINVAL);
	/* Busy while it is a current directory. */
	TV_OK(rump_sys_chdir("/mnt"));
	TV_FAIL(rump_sys_unmount("/mnt", 0), EBUSY);
	TV_OK(rump_sys_chdir("/"));
	/* Nested: the lower one cannot go first. */
	TV_OK(rump_sys_mkdir("/mnt/inner", 0755));
	TV_OK(rump_sys_mount(RUMP_MOUNT_RUMPFS, "/mnt/inner", 0, NULL, 0));
	TV_OK(rump_sys_statvfs1("/mnt/inner", &sv, RUMP_ST_WAIT));
	KT_EXPECT(strcmp(sv.f_mntonname, "/mnt/inner") == 0);
	TV_FAIL(rump_sys_unmount("/mnt", 0), EBUSY);
	TV_FAIL(rump_sys_rmdir("/mnt/inner"), EBUSY);
	TV_OK(rump_sys_unmount("/mnt/inner", 0));
	TV_OK(rump_sys_unmount("/mnt", 0));
	TV_OK(rump_sys_stat("/mnt", &st));
	TV_OK(rump_sys_sync());
	/* Mounts left at shutdown are unmounted by the component. */
	TV_OK(rump_sys_mount(RUMP_MOUNT_RUMPFS, "/mnt", 0, NULL, 0));
	TV_OK(tv_mkfile("/mnt/leftover", "data", 0644));
	tv_halt();
}

static void t_force(void)
{
	struct rump_stat st;
	char buf[8];
	int fd;

	if (tv_boot())
		return;
	TV_OK(rump_sys_mkdir("/mnt", 0755));
	TV_OK(rump_sys_mount(RUMP_MOUNT_RUMPFS, "/mnt", 0, NULL, 0));
	TV_OK(tv_mkfile("/mnt/f", "abc", 0644));
	fd = rump_sys_open("/mnt/f", RUMP_O_RDWR);
	KT_EXPECT(fd >= 0);
	TV_FAIL(rump_sys_unmount("/mnt", 0), EBUSY);
	TV_OK(rump_sys_unmount("/mnt", RUMP_MNT_FORCE));
	/* The descriptor survives, revoked. */
	TV_FAIL(rump_sys_read(fd, buf, sizeof(buf)), EIO);
	TV_FAIL(rump_sys_fstat(fd, &st), EIO);
	TV_OK(rump_sys_close(fd));
	TV_FAIL(rump_sys_stat("/mnt/f", &st), ENOENT);
	/* Forced unmount with the cwd inside it. */
	TV_OK(rump_sys_mount(RUMP_MOUNT_RUMPFS, "/mnt", 0, NULL, 0));
	TV_OK(rump_sys_mkdir("/mnt/d", 0755));
	TV_OK(rump_sys_chdir("/mnt/d"));
	TV_OK(rump_sys_unmount("/mnt", RUMP_MNT_FORCE));
	TV_FAIL(rump_sys_stat("x", &st), ENOENT);
	TV_OK(rump_sys_chdir("/"));
	tv_halt();
}

static void t_update(void)
{
	static struct rump_statvfs sv;
	int fd;

	if (tv_boot())
		return;
	TV_OK(rump_sys_mkdir("/mnt", 0755));
	TV_OK(rump_sys_mount(RUMP_MOUNT_RUMPFS, "/mnt", 0, NULL, 0));
	TV_OK(tv_mkfile("/mnt/f", "abc", 0644));
	/* rw -> ro refused while a file is open for writing. */
	fd = rump_sys_open("/mnt/f", RUMP_O_WRONLY);
	TV_FAIL(rump_sys_mount(RUMP_MOUNT_RUMPFS, "/mnt",
			       RUMP_MNT_UPDATE | RUMP_MNT_RDONLY, NULL, 0),
		EBUSY);
	TV_OK(rump_sys_close(fd));
	TV_OK(rump_sys_mount(RUMP_MOUNT_RUMPFS, "/mnt",
			     RUMP_MNT_UPDATE | RUMP_MNT_RDONLY, NULL, 0));
	TV_OK(rump_sys_statvfs1("/mnt", &sv, RUMP_ST_WAIT));
	KT_EXPECT(sv.f_flag & RUMP_ST_RDONLY);
	TV_FAIL(rump_sys_open("/mnt/f", RUMP_O_WRONLY), EROFS);
	TV_FAIL(rump_sys_open("/mnt/g", RUMP_O_WRONLY | RUMP_O_CREAT, 0644),
		EROFS);
	TV_FAIL(rump_sys_mkdir("/mnt/d", 0755), EROFS);
	TV_FAIL(rump_sys_unlink("/mnt/f"), EROFS);
	TV_FAIL(rump_sys_chmod("/mnt/f", 0600), EROFS);
	TV_FAIL(rump_sys_access("/mnt/f", RUMP_W_OK), EROFS);
	TV_OK(rump_sys_access("/mnt/f", RUMP_R_OK));
	fd = rump_sys_open("/mnt/f", RUMP_O_RDONLY);
	KT_EXPECT(fd >= 0);
	TV_OK(rump_sys_close(fd));
	/* Update of something that is not a mount's root. */
	TV_FAIL(rump_sys_mount(RUMP_MOUNT_RUMPFS, "/dev", RUMP_MNT_UPDATE,
			       NULL, 0), EINVAL);
	/* And back. */
	TV_OK(rump_sys_mount(RUMP_MOUNT_RUMPFS, "/mnt", RUMP_MNT_UPDATE, NULL,
			     0));
	TV_OK(tv_mkfile("/mnt/g", "new", 0644));
	TV_OK(rump_sys_unmount("/mnt", 0));
	tv_halt();
}

static const struct kt_case cases[] = {
	{ "basic", t_mount_basic },
	{ "force", t_force },
	{ "update-rdonly", t_update },
};
const struct kt_family tv_fam_mount = { "mount", cases, KT_NELEM(cases), NULL };
