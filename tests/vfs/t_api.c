// SPDX-License-Identifier: BSD-2-Clause
/* t_api.c - the vnode-level API of <rump/rumpvfs_api.h>. */
#include "tv.h"

#include <rump/rumpvfs_api.h>

static void t_read_side(void)
{
	struct vnode *root, *d, *f, *l, *up;
	struct rump_vattr va;
	struct rump_statvfs *sv;
	char buf[64];
	static char dbuf[1024];
	uint64_t cookie = 0;
	size_t done;
	int eof = 0, n = 0;

	if (tv_boot())
		return;
	TV_OK(rump_sys_mkdir("/d", 0755));
	TV_OK(tv_mkfile("/d/f", "contents", 0640));
	TV_OK(rump_sys_symlink("f", "/d/l"));
	KT_EXPECT_EQ(rump_vfs_root(&root), 0);
	KT_EXPECT_EQ(rump_vfs_lookup(root, "d", &d), 0);
	KT_EXPECT_EQ(rump_vfs_lookup(d, "f", &f), 0);
	KT_EXPECT_EQ(rump_vfs_lookup(d, "l", &l), 0);
	KT_EXPECT_EQ(rump_vfs_lookup(d, "..", &up), 0);
	KT_EXPECT(up == root);
	rump_vfs_vrele(up);
	KT_EXPECT_EQ(rump_vfs_lookup(d, "none", &up), ENOENT);
	KT_EXPECT_EQ(rump_vfs_lookup(d, "a/b", &up), EINVAL);
	KT_EXPECT_EQ(rump_vfs_getattr(f, &va), 0);
	KT_EXPECT_EQ(va.va_type, RUMP_VREG);
	KT_EXPECT_EQ(va.va_mode, 0640 & ~022);
	KT_EXPECT_EQ(va.va_size, 8);
	KT_EXPECT_EQ(rump_vfs_getattr(l, &va), 0);
	KT_EXPECT_EQ(va.va_type, RUMP_VLNK);
	KT_EXPECT_EQ(rump_vfs_readlink(l, buf, sizeof(buf), &done), 0);
	KT_EXPECT_EQ(done, 1);
	KT_EXPECT_EQ(rump_vfs_read(f, buf, sizeof(buf), 3, &done), 0);
	KT_EXPECT_EQ(done, 5);
	KT_EXPECT(memcmp(buf, "tents", 5) == 0);
	KT_EXPECT_EQ(rump_vfs_read(d, buf, sizeof(buf), 0, &done), EISDIR);
	/* readdir with cookies, one 16-byte record per call. */
	while (!eof) {
		KT_EXPECT_EQ(rump_vfs_readdir(d, &cookie, dbuf, 16, &done, &eof),
			     0);
		if (done == 0)
			break;
		n++;
		KT_EXPECT(n < 10);
		if (n >= 10)
			break;
	}
	KT_EXPECT_EQ(n, 4);		/* ".", "..", "f", "l" */
	KT_EXPECT_EQ(rump_vfs_readdir(f, &cookie, dbuf, 32, &done, &eof),
		     ENOTDIR);
	sv = kmem_alloc(sizeof(*sv), KM_SLEEP);
	if (sv) {
		KT_EXPECT_EQ(rump_vfs_statvfs(f, sv), 0);
		KT_EXPECT(strcmp(sv->f_fstypename, "rumpfs") == 0);
		kmem_free(sv, sizeof(*sv));
	}
	KT_EXPECT_EQ(rump_vfs_namei(NULL, "/d/l", 1, &up), 0);
	KT_EXPECT(up == f);
	rump_vfs_vrele(up);
	rump_vfs_vrele(l);
	rump_vfs_vrele(f);
	rump_vfs_vrele(d);
	rump_vfs_vrele(root);
	tv_halt();
}

static void t_write_side(void)
{
	struct vnode *root, *d, *f, *s, *x;
	struct rump_vattr va;
	struct rump_stat st;
	char buf[32];
	size_t done;

	if (tv_boot())
		return;
	KT_EXPECT_EQ(rump_vfs_root(&root), 0);
	KT_EXPECT_EQ(rump_vfs_mkdir(root, "w", 0750, &d), 0);
	KT_EXPECT_EQ(rump_vfs_mkdir(root, "w", 0750, &x), EEXIST);
	KT_EXPECT_EQ(rump_vfs_create(d, "file", 0600, &f), 0);
	KT_EXPECT_EQ(rump_vfs_write(f, "abcdef", 6, 0, &done), 0);
	KT_EXPECT_EQ(done, 6);
	KT_EXPECT_EQ(rump_vfs_fsync(f), 0);
	KT_EXPECT_EQ(tv_readfile("/w/file", buf, sizeof(buf)), 6);
	KT_EXPECT_EQ(rump_vfs_symlink(d, "sl", "file", &s), 0);
	KT_EXPECT_EQ(rump_vfs_link(d, f, "hard"), 0);
	TV_OK(rump_sys_stat("/w/hard", &st));
	KT_EXPECT_EQ(st.st_nlink, 2);
	memset(&va, 0xff, sizeof(va));
	va.va_size = 2;
	va.va_mode = 0644;
	KT_EXPECT_EQ(rump_vfs_setattr(f, &va), 0);
	TV_OK(rump_sys_stat("/w/file", &st));
	KT_EXPECT_EQ(st.st_size, 2);
	KT_EXPECT_EQ(st.st_mode & 0777, 0644);
	KT_EXPECT_EQ(rump_vfs_rename(d, "file", root, "moved"), 0);
	TV_OK(rump_sys_stat("/moved", &st));
	KT_EXPECT_EQ(rump_vfs_remove(root, "moved"), 0);
	KT_EXPECT_EQ(rump_vfs_remove(d, "hard"), 0);
	KT_EXPECT_EQ(rump_vfs_remove(d, "sl"), 0);
	KT_EXPECT_EQ(rump_vfs_rmdir(root, "w"), 0);
	KT_EXPECT_EQ(rump_vfs_rmdir(root, "w"), ENOENT);
	/* The vnodes outlive their names until released. */
	KT_EXPECT_EQ(rump_vfs_read(f, buf, sizeof(buf), 0, &done), 0);
	KT_EXPECT_EQ(done, 2);
	rump_vfs_vrele(s);
	rump_vfs_vrele(f);
	rump_vfs_vrele(d);
	rump_vfs_vrele(root);
	tv_halt();
}

static const struct kt_case cases[] = {
	{ "read-side", t_read_side },
	{ "write-side", t_write_side },
};
const struct kt_family tv_fam_api = { "api", cases, KT_NELEM(cases), NULL };
