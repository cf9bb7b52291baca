// SPDX-License-Identifier: BSD-2-Clause
/* t_namei.c - path lookup: absolute/relative, "..", symlinks, limits. */
#include "tv.h"

static void t_abs_rel(void)
{
	struct rump_stat a, b;
	char buf[64];

	if (tv_boot())
		return;
	TV_OK(rump_sys_mkdir("/a", 0755));
	TV_OK(rump_sys_mkdir("/a/b", 0755));
	TV_OK(rump_sys_mkdir("a//b/c", 0755));		/* relative to / */
	TV_OK(rump_sys_chdir("/a"));
	TV_OK(rump_sys_stat("b", &a));
	TV_OK(rump_sys_stat("/a/b", &b));
	KT_EXPECT_EQ(a.st_ino, b.st_ino);
	KT_EXPECT((a.st_mode & RUMP_S_IFMT) == RUMP_S_IFDIR);
	TV_OK(rump_sys_stat("./b/./c/..", &a));
	KT_EXPECT_EQ(a.st_ino, b.st_ino);
	KT_EXPECT_EQ(rump_sys___getcwd(buf, sizeof(buf)), 3);
	KT_EXPECT(strcmp(buf, "/a") == 0);
	TV_OK(rump_sys_chdir("b/c"));
	TV_OK(rump_sys___getcwd(buf, sizeof(buf)));
	KT_EXPECT(strcmp(buf, "/a/b/c") == 0);
	TV_FAIL(rump_sys___getcwd(buf, 4), ERANGE);
	TV_OK(rump_sys_chdir("../../.."));
	TV_OK(rump_sys___getcwd(buf, sizeof(buf)));
	KT_EXPECT(strcmp(buf, "/") == 0);
	TV_FAIL(rump_sys_stat("", &a), ENOENT);
	TV_FAIL(rump_sys_stat("/nonexistent", &a), ENOENT);
	TV_FAIL(rump_sys_stat("/a/nonexistent/x", &a), ENOENT);
	TV_FAIL(rump_sys_chdir("/nonexistent"), ENOENT);
	tv_halt();
}

static void t_dotdot_root(void)
{
	struct rump_stat a, b;

	if (tv_boot())
		return;
	TV_OK(rump_sys_stat("/", &a));
	TV_OK(rump_sys_stat("/..", &b));
	KT_EXPECT_EQ(a.st_ino, b.st_ino);
	TV_OK(rump_sys_stat("/../../..", &b));
	KT_EXPECT_EQ(a.st_ino, b.st_ino);
	TV_OK(rump_sys_chdir("/"));
	TV_OK(rump_sys_stat("..", &b));
	KT_EXPECT_EQ(a.st_ino, b.st_ino);
	TV_OK(rump_sys_stat("/dev/../dev/..", &b));
	KT_EXPECT_EQ(a.st_ino, b.st_ino);
	tv_halt();
}

static void t_notdir(void)
{
	struct rump_stat st;

	if (tv_boot())
		return;
	TV_OK(tv_mkfile("/f", "x", 0644));
	TV_FAIL(rump_sys_stat("/f/x", &st), ENOTDIR);
	TV_FAIL(rump_sys_stat("/f/", &st), ENOTDIR);
	TV_FAIL(rump_sys_stat("/f/.", &st), ENOTDIR);
	TV_FAIL(rump_sys_chdir("/f"), ENOTDIR);
	TV_FAIL(rump_sys_mkdir("/f/d", 0755), ENOTDIR);
	TV_FAIL(rump_sys_open("/f/", RUMP_O_RDONLY), ENOTDIR);
	TV_OK(rump_sys_mkdir("/d/", 0755));	/* trailing slash is fine */
	TV_OK(rump_sys_stat("/d//", &st));
	tv_halt();
}

static void t_nametoolong(void)
{
	static char path[1100];
	struct rump_stat st;
	int i;

	if (tv_boot())
		return;
	/* A 255-byte name works, 256 does not. */
	path[0] = '/';
	for (i = 1; i <= 255; i++)
		path[i] = 'n';
	path[256] = '\0';
	TV_OK(tv_mkfile(path, "x", 0644));
	TV_OK(rump_sys_stat(path, &st));
	path[256] = 'n';
	path[257] = '\0';
	TV_FAIL(rump_sys_stat(path, &st), ENAMETOOLONG);
	TV_FAIL(rump_sys_mkdir(path, 0755), ENAMETOOLONG);
	/* 1023 bytes is a valid path length, 1024 is not. */
	for (i = 0; i < 1023; i++)
		path[i] = (i % 2) ? '.' : '/';
	path[1023] = '\0';
	TV_OK(rump_sys_stat(path, &st));	/* "/./././..." */
	path[1023] = '/';
	path[1024] = '\0';
	TV_FAIL(rump_sys_stat(path, &st), ENAMETOOLONG);
	tv_halt();
}

static void t_symlink(void)
{
	struct rump_stat a, b;
	char buf[64];

	if (tv_boot())
		return;
	TV_OK(rump_sys_mkdir("/a", 0755));
	TV_OK(rump_sys_mkdir("/a/b", 0755));
	TV_OK(tv_mkfile("/a/b/f", "data", 0644));
	TV_OK(rump_sys_symlink("/a/b", "/abs"));
	TV_OK(rump_sys_symlink("b", "/a/rel"));
	TV_OK(rump_sys_symlink("../b/f", "/a/b/up"));
	TV_OK(rump_sys_stat("/abs", &a));
	TV_OK(rump_sys_stat("/a/b", &b));
	KT_EXPECT_EQ(a.st_ino, b.st_ino);
	TV_OK(rump_sys_lstat("/abs", &a));
	KT_EXPECT((a.st_mode & RUMP_S_IFMT) == RUMP_S_IFLNK);
	KT_EXPECT_EQ(a.st_size, 4);
	TV_OK(rump_sys_stat("/a/rel/f", &a));
	TV_OK(rump_sys_stat("/abs/up", &b));
	KT_EXPECT_EQ(a.st_ino, b.st_ino);
	KT_EXPECT_EQ(tv_readfile("/a/rel/up", buf, sizeof(buf)), 4);
	KT_EXPECT(strcmp(buf, "data") == 0);
	KT_EXPECT_EQ(rump_sys_readlink("/a/rel", buf, sizeof(buf)), 1);
	KT_EXPECT(buf[0] == 'b');
	KT_EXPECT_EQ(rump_sys_readlink("/abs", buf, 2), 2);	/* truncated */
	TV_FAIL(rump_sys_readlink("/a/b", buf, sizeof(buf)), EINVAL);
	/* A symlink followed by a slash is followed even by lstat. */
	TV_OK(rump_sys_lstat("/abs/", &a));
	KT_EXPECT((a.st_mode & RUMP_S_IFMT) == RUMP_S_IFDIR);
	/* Dangling. */
	TV_OK(rump_sys_symlink("/nowhere", "/dangle"));
	TV_FAIL(rump_sys_stat("/dangle", &a), ENOENT);
	TV_OK(rump_sys_lstat("/dangle", &a));
	TV_FAIL(rump_sys_symlink("/x", "/abs"), EEXIST);
	/* chdir through a link, getcwd gives the real path. */
	TV_OK(rump_sys_chdir("/abs"));
	TV_OK(rump_sys___getcwd(buf, sizeof(buf)));
	KT_EXPECT(strcmp(buf, "/a/b") == 0);
	tv_halt();
}

static void t_symlink_loop(void)
{
	struct rump_stat st;
	char name[16], target[16];
	int i;

	if (tv_boot())
		return;
	TV_OK(rump_sys_symlink("/loop2", "/loop1"));
	TV_OK(rump_sys_symlink("/loop1", "/loop2"));
	TV_FAIL(rump_sys_stat("/loop1", &st), ELOOP);
	TV_FAIL(rump_sys_open("/loop1", RUMP_O_RDONLY), ELOOP);
	TV_OK(rump_sys_symlink("self", "/self"));
	TV_FAIL(rump_sys_stat("/self/x", &st), ELOOP);
	/* A chain of 32 links resolves; 33 is one too many. */
	TV_OK(tv_mkfile("/target", "t", 0644));
	snprintf(name, sizeof(name), "/c%d", 0);
	TV_OK(rump_sys_symlink("/target", name));
	for (i = 1; i <= 32; i++) {
		snprintf(target, sizeof(target), "/c%d", i - 1);
		snprintf(name, sizeof(name), "/c%d", i);
		TV_OK(rump_sys_symlink(target, name));
	}
	TV_OK(rump_sys_stat("/c31", &st));	/* 32 links */
	TV_FAIL(rump_sys_stat("/c32", &st), ELOOP);	/* 33 */
	TV_OK(rump_sys_lstat("/c32", &st));
	tv_halt();
}

static void t_mount_cross(void)
{
	struct rump_stat root, mnt, x, y;
	char buf[64];

	if (tv_boot())
		return;
	TV_OK(rump_sys_mkdir("/mnt", 0755));
	TV_OK(rump_sys_stat("/mnt", &mnt));
	TV_OK(rump_sys_mount(RUMP_MOUNT_RUMPFS, "/mnt", 0, NULL, 0));
	TV_OK(rump_sys_stat("/", &root));
	TV_OK(rump_sys_stat("/mnt", &x));
	KT_EXPECT(x.st_dev != root.st_dev);	/* crossed down */
	KT_EXPECT(x.st_ino != mnt.st_ino || x.st_dev != mnt.st_dev);
	TV_OK(tv_mkfile("/mnt/x", "in", 0644));
	TV_OK(rump_sys_mkdir("/mnt/sub", 0755));
	TV_OK(rump_sys_chdir("/mnt/sub"));
	TV_OK(rump_sys_stat("../x", &y));
	TV_OK(rump_sys_stat("../../mnt/x", &x));	/* up across, down again */
	KT_EXPECT_EQ(x.st_ino, y.st_ino);
	TV_OK(rump_sys_stat("../..", &y));
	KT_EXPECT_EQ(y.st_ino, root.st_ino);
	KT_EXPECT_EQ(y.st_dev, root.st_dev);
	TV_OK(rump_sys___getcwd(buf, sizeof(buf)));
	KT_EXPECT(strcmp(buf, "/mnt/sub") == 0);
	TV_OK(rump_sys_symlink("/mnt/x", "/lnk"));
	TV_OK(rump_sys_stat("/lnk", &y));
	KT_EXPECT_EQ(x.st_ino, y.st_ino);
	TV_OK(rump_sys_chdir("/"));
	TV_OK(rump_sys_unmount("/mnt", 0));
	TV_FAIL(rump_sys_stat("/mnt/x", &x), ENOENT);
	TV_OK(rump_sys_stat("/mnt", &x));
	KT_EXPECT_EQ(x.st_ino, mnt.st_ino);
	tv_halt();
}

static const struct kt_case cases[] = {
	{ "abs-rel", t_abs_rel },
	{ "dotdot-root", t_dotdot_root },
	{ "notdir", t_notdir },
	{ "nametoolong", t_nametoolong },
	{ "symlink", t_symlink },
	{ "symlink-loop", t_symlink_loop },
	{ "mount-cross", t_mount_cross },
};
const struct kt_family tv_fam_namei = { "namei", cases, KT_NELEM(cases), NULL };
