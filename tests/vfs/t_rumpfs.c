// SPDX-License-Identifier: BSD-2-Clause
/* t_rumpfs.c - the in-memory file system through the file syscalls. */
#include "tv.h"

static void t_rw(void)
{
	struct rump_stat st;
	char buf[64];
	int fd;

	if (tv_boot())
		return;
	fd = rump_sys_open("/f", RUMP_O_RDWR | RUMP_O_CREAT, 0644);
	KT_EXPECT(fd >= 0);
	KT_EXPECT_EQ(rump_sys_write(fd, "hello world", 11), 11);
	KT_EXPECT_EQ(rump_sys_lseek(fd, 0, RUMP_SEEK_CUR), 11);
	KT_EXPECT_EQ(rump_sys_lseek(fd, 6, RUMP_SEEK_SET), 6);
	KT_EXPECT_EQ(rump_sys_read(fd, buf, sizeof(buf)), 5);
	KT_EXPECT(memcmp(buf, "world", 5) == 0);
	KT_EXPECT_EQ(rump_sys_read(fd, buf, sizeof(buf)), 0);	/* EOF */
	KT_EXPECT_EQ(rump_sys_pwrite(fd, "W", 1, 6), 1);
	KT_EXPECT_EQ(rump_sys_pread(fd, buf, 5, 6), 5);
	KT_EXPECT(memcmp(buf, "World", 5) == 0);
	KT_EXPECT_EQ(rump_sys_lseek(fd, 0, RUMP_SEEK_CUR), 11);	/* unmoved */
	/* A hole reads as zeros. */
	KT_EXPECT_EQ(rump_sys_pwrite(fd, "z", 1, 20), 1);
	KT_EXPECT_EQ(rump_sys_pread(fd, buf, 10, 11), 10);
	KT_EXPECT(buf[0] == 0 && buf[8] == 0 && buf[9] == 'z');
	KT_EXPECT_EQ(rump_sys_lseek(fd, -1, RUMP_SEEK_END), 20);
	TV_FAIL(rump_sys_lseek(fd, -100, RUMP_SEEK_CUR), EINVAL);
	TV_FAIL(rump_sys_lseek(fd, 0, 7), EINVAL);
	TV_FAIL(rump_sys_pread(fd, buf, 1, -1), EINVAL);
	TV_OK(rump_sys_fstat(fd, &st));
	KT_EXPECT_EQ(st.st_size, 21);
	KT_EXPECT((st.st_mode & RUMP_S_IFMT) == RUMP_S_IFREG);
	KT_EXPECT_EQ(st.st_mode & 07777, 0644 & ~022);
	KT_EXPECT_EQ(st.st_nlink, 1);
	TV_OK(rump_sys_ftruncate(fd, 5));
	TV_OK(rump_sys_fstat(fd, &st));
	KT_EXPECT_EQ(st.st_size, 5);
	TV_OK(rump_sys_truncate("/f", 100));
	TV_OK(rump_sys_stat("/f", &st));
	KT_EXPECT_EQ(st.st_size, 100);
	TV_FAIL(rump_sys_truncate("/f", -1), EINVAL);
	TV_OK(rump_sys_fsync(fd));
	TV_OK(rump_sys_close(fd));
	/* Read-only descriptor. */
	fd = rump_sys_open("/f", RUMP_O_RDONLY);
	KT_EXPECT(fd >= 0);
	TV_FAIL(rump_sys_write(fd, "x", 1), EBADF);
	TV_FAIL(rump_sys_pwrite(fd, "x", 1, 0), EBADF);
	TV_FAIL(rump_sys_ftruncate(fd, 0), EINVAL);
	TV_OK(rump_sys_close(fd));
	tv_halt();
}

static void t_open_flags(void)
{
	struct rump_stat st;
	char buf[32];
	int fd;

	if (tv_boot())
		return;
	TV_OK(tv_mkfile("/f", "abc", 0644));
	TV_FAIL(rump_sys_open("/f", RUMP_O_CREAT | RUMP_O_EXCL | RUMP_O_RDWR,
			      0644), EEXIST);
	TV_FAIL(rump_sys_open("/nofile", RUMP_O_RDONLY), ENOENT);
	TV_FAIL(rump_sys_open("/f", RUMP_O_ACCMODE), EINVAL);
	TV_FAIL(rump_sys_open("/f", RUMP_O_RDONLY | RUMP_O_DIRECTORY), ENOTDIR);
	TV_FAIL(rump_sys_open("/dev", RUMP_O_WRONLY), EISDIR);
	TV_FAIL(rump_sys_open("/newdir/", RUMP_O_CREAT | RUMP_O_RDWR, 0644),
		EISDIR);
	fd = rump_sys_open("/dev", RUMP_O_RDONLY | RUMP_O_DIRECTORY);
	KT_EXPECT(fd >= 0);
	TV_FAIL(rump_sys_read(fd, buf, sizeof(buf)), EISDIR);
	TV_OK(rump_sys_close(fd));
	/* O_APPEND writes at the end whatever the offset. */
	fd = rump_sys_open("/f", RUMP_O_WRONLY | RUMP_O_APPEND);
	KT_EXPECT(fd >= 0);
	KT_EXPECT_EQ(rump_sys_lseek(fd, 0, RUMP_SEEK_SET), 0);
	KT_EXPECT_EQ(rump_sys_write(fd, "de", 2), 2);
	TV_OK(rump_sys_close(fd));
	KT_EXPECT_EQ(tv_readfile("/f", buf, sizeof(buf)), 5);
	KT_EXPECT(strcmp(buf, "abcde") == 0);
	/* O_TRUNC. */
	fd = rump_sys_open("/f", RUMP_O_WRONLY | RUMP_O_TRUNC);
	KT_EXPECT(fd >= 0);
	TV_OK(rump_sys_fstat(fd, &st));
	KT_EXPECT_EQ(st.st_size, 0);
	TV_OK(rump_sys_close(fd));
	/* O_NOFOLLOW on a symlink: NetBSD says EFTYPE. */
	TV_OK(rump_sys_symlink("/f", "/l"));
	TV_FAIL(rump_sys_open("/l", RUMP_O_RDONLY | RUMP_O_NOFOLLOW), EFTYPE);
	fd = rump_sys_open("/l", RUMP_O_RDONLY);
	KT_EXPECT(fd >= 0);
	TV_OK(rump_sys_close(fd));
	/* O_CREAT|O_EXCL does not follow a final symlink. */
	TV_OK(rump_sys_symlink("/created", "/l2"));
	TV_FAIL(rump_sys_open("/l2", RUMP_O_CREAT | RUMP_O_EXCL | RUMP_O_WRONLY,
			      0644), EEXIST);
	/* O_CREAT without O_EXCL follows it and creates the target. */
	fd = rump_sys_open("/l2", RUMP_O_CREAT | RUMP_O_WRONLY, 0644);
	KT_EXPECT(fd >= 0);
	TV_OK(rump_sys_close(fd));
	TV_OK(rump_sys_stat("/created", &st));
	/* O_CLOEXEC reaches the descriptor. */
	fd = rump_sys_open("/f", RUMP_O_RDONLY | RUMP_O_CLOEXEC);
	KT_EXPECT_EQ(rump_sys_fcntl(fd, RUMP_F_GETFD), RUMP_FD_CLOEXEC);
	TV_OK(rump_sys_close(fd));
	tv_halt();
}

static void t_dirs(void)
{
	struct rump_stat st;

	if (tv_boot())
		return;
	TV_OK(rump_sys_stat("/", &st));
	KT_EXPECT_EQ(st.st_nlink, 3);		/* ".", "..", /dev */
	TV_OK(rump_sys_mkdir("/d", 0755));
	TV_FAIL(rump_sys_mkdir("/d", 0755), EEXIST);
	TV_FAIL(rump_sys_mkdir("/", 0755), EEXIST);
	TV_OK(rump_sys_mkdir("/d/e", 0700));
	TV_OK(rump_sys_stat("/d", &st));
	KT_EXPECT_EQ(st.st_nlink, 3);
	TV_OK(rump_sys_stat("/d/e", &st));
	KT_EXPECT_EQ(st.st_mode & 0777, 0700);
	TV_OK(tv_mkfile("/d/f", "", 0644));
	TV_FAIL(rump_sys_rmdir("/d"), ENOTEMPTY);
	TV_FAIL(rump_sys_rmdir("/d/f"), ENOTDIR);
	TV_FAIL(rump_sys_rmdir("/d/e/."), EINVAL);
	TV_FAIL(rump_sys_rmdir("/d/e/.."), ENOTEMPTY);
	TV_FAIL(rump_sys_rmdir("/"), EBUSY);
	TV_FAIL(rump_sys_unlink("/d/e"), EPERM);
	TV_FAIL(rump_sys_unlink("/d/none"), ENOENT);
	TV_OK(rump_sys_unlink("/d/f"));
	TV_OK(rump_sys_rmdir("/d/e"));
	TV_OK(rump_sys_stat("/d", &st));
	KT_EXPECT_EQ(st.st_nlink, 2);
	TV_OK(rump_sys_rmdir("/d"));
	TV_FAIL(rump_sys_stat("/d", &st), ENOENT);
	/* A removed current directory: lookups in it fail. */
	TV_OK(rump_sys_mkdir("/gone", 0755));
	TV_OK(rump_sys_chdir("/gone"));
	TV_OK(rump_sys_rmdir("/gone"));
	TV_FAIL(rump_sys_open("x", RUMP_O_CREAT | RUMP_O_RDWR, 0644), ENOENT);
	TV_OK(rump_sys_chdir("/"));
	tv_halt();
}

static void t_getdents(void)
{
	/* 512 bytes at a time; room for a whole record past that for gcc. */
	static char buf[512 + sizeof(struct rump_dirent)];
	char name[16];
	bool seen[40];
	int fd, i, n, total = 0, dots = 0;

	if (tv_boot())
		return;
	TV_OK(rump_sys_mkdir("/d", 0755));
	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "/d/file%d", i);
		TV_OK(tv_mkfile(name, "", 0644));
		seen[i] = false;
	}
	fd = rump_sys_open("/d", RUMP_O_RDONLY);
	KT_EXPECT(fd >= 0);
	/* A small buffer: several calls, each continuing at its cookie. */
	while ((n = rump_sys_getdents(fd, buf, 512)) > 0) {
		int off = 0;

		while (off < n) {
			struct rump_dirent *d = (void *)(buf + off);

			KT_EXPECT(d->d_reclen % 8 == 0 && d->d_reclen > 0);
			KT_EXPECT_EQ(d->d_name[d->d_namlen], '\0');
			if (strcmp(d->d_name, ".") == 0 ||
			    strcmp(d->d_name, "..") == 0) {
				dots++;
				KT_EXPECT_EQ(d->d_type, RUMP_DT_DIR);
			} else {
				int k = -1;
				const char *p = d->d_name + 4;

				KT_EXPECT(strncmp(d->d_name, "file", 4) == 0);
				KT_EXPECT_EQ(d->d_type, RUMP_DT_REG);
				for (k = 0; *p; p++)
					k = k * 10 + (*p - '0');
				if (k >= 0 && k < 40) {
					KT_EXPECT(!seen[k]);
					seen[k] = true;
				}
				total++;
			}
			off += d->d_reclen;
		}
	}
	KT_EXPECT_EQ(n, 0);
	KT_EXPECT_EQ(total, 40);
	KT_EXPECT_EQ(dots, 2);
	/* Rewind. */
	KT_EXPECT_EQ(rump_sys_lseek(fd, 0, RUMP_SEEK_SET), 0);
	KT_EXPECT(rump_sys_getdents(fd, buf, 512) > 0);
	TV_FAIL(rump_sys_getdents(fd, buf, 8), EINVAL);	/* too small */
	TV_OK(rump_sys_close(fd));
	fd = rump_sys_open("/d/file1", RUMP_O_RDONLY);
	TV_FAIL(rump_sys_getdents(fd, buf, 512), ENOTDIR);
	TV_OK(rump_sys_close(fd));
	tv_halt();
}

static void t_rename(void)
{
	struct rump_stat a, b;
	char buf[16];

	if (tv_boot())
		return;
	TV_OK(tv_mkfile("/a", "A", 0644));
	TV_OK(tv_mkfile("/b", "B", 0644));
	TV_OK(rump_sys_stat("/a", &a));
	TV_OK(rump_sys_rename("/a", "/b"));	/* replaces */
	TV_FAIL(rump_sys_stat("/a", &b), ENOENT);
	TV_OK(rump_sys_stat("/b", &b));
	KT_EXPECT_EQ(a.st_ino, b.st_ino);
	KT_EXPECT_EQ(tv_readfile("/b", buf, sizeof(buf)), 1);
	KT_EXPECT(buf[0] == 'A');
	TV_OK(rump_sys_rename("/b", "/b"));	/* same: no-op */
	TV_OK(rump_sys_mkdir("/d1", 0755));
	TV_OK(rump_sys_mkdir("/d1/sub", 0755));
	TV_OK(rump_sys_mkdir("/d2", 0755));
	TV_OK(rump_sys_mkdir("/full", 0755));
	TV_OK(tv_mkfile("/full/x", "", 0644));
	TV_FAIL(rump_sys_rename("/d1", "/d1/sub/x"), EINVAL);
	TV_FAIL(rump_sys_rename("/d1", "/full"), ENOTEMPTY);
	TV_FAIL(rump_sys_rename("/b", "/d2"), EISDIR);
	TV_FAIL(rump_sys_rename("/d2", "/b"), ENOTDIR);
	TV_FAIL(rump_sys_rename("/none", "/x"), ENOENT);
	TV_FAIL(rump_sys_rename("/d1/.", "/x"), EINVAL);
	TV_FAIL(rump_sys_rename("/b", "/nodir/x"), ENOENT);
	/* Directory moves keep link counts right. */
	TV_OK(rump_sys_rename("/d1/sub", "/d2/moved"));
	TV_OK(rump_sys_stat("/d1", &a));
	KT_EXPECT_EQ(a.st_nlink, 2);
	TV_OK(rump_sys_stat("/d2", &a));
	KT_EXPECT_EQ(a.st_nlink, 3);
	TV_OK(rump_sys_stat("/d2/moved/..", &b));
	KT_EXPECT_EQ(a.st_ino, b.st_ino);
	TV_OK(rump_sys_rename("/d1", "/d2/moved"));	/* over an empty dir */
	TV_OK(rump_sys_stat("/d2", &a));
	KT_EXPECT_EQ(a.st_nlink, 3);
	TV_OK(rump_sys_rmdir("/d2/moved"));
	TV_OK(rump_sys_rmdir("/d2"));
	/* Across mounts. */
	TV_OK(rump_sys_mkdir("/mnt", 0755));
	TV_OK(rump_sys_mount(RUMP_MOUNT_RUMPFS, "/mnt", 0, NULL, 0));
	TV_FAIL(rump_sys_rename("/b", "/mnt/b"), EXDEV);
	TV_FAIL(rump_sys_link("/b", "/mnt/b"), EXDEV);
	TV_FAIL(rump_sys_rename("/mnt", "/mnt2"), EBUSY);
	TV_OK(rump_sys_unmount("/mnt", 0));
	tv_halt();
}

static void t_links_unlink_open(void)
{
	struct rump_stat st;
	char buf[16];
	int fd;

	if (tv_boot())
		return;
	TV_OK(tv_mkfile("/f", "shared", 0644));
	TV_OK(rump_sys_link("/f", "/g"));
	TV_OK(rump_sys_stat("/g", &st));
	KT_EXPECT_EQ(st.st_nlink, 2);
	TV_FAIL(rump_sys_link("/f", "/g"), EEXIST);
	TV_FAIL(rump_sys_link("/dev", "/dev2"), EPERM);
	TV_OK(rump_sys_unlink("/f"));
	TV_OK(rump_sys_stat("/g", &st));
	KT_EXPECT_EQ(st.st_nlink, 1);
	/* An unlinked open file stays readable until closed. */
	fd = rump_sys_open("/g", RUMP_O_RDWR);
	KT_EXPECT(fd >= 0);
	TV_OK(rump_sys_unlink("/g"));
	TV_FAIL(rump_sys_stat("/g", &st), ENOENT);
	KT_EXPECT_EQ(rump_sys_pread(fd, buf, 6, 0), 6);
	KT_EXPECT(memcmp(buf, "shared", 6) == 0);
	TV_OK(rump_sys_fstat(fd, &st));
	KT_EXPECT_EQ(st.st_nlink, 0);
	KT_EXPECT_EQ(rump_sys_write(fd, "more", 4), 4);
	TV_OK(rump_sys_close(fd));	/* frees the node: tv_halt sees no leak */
	tv_halt();
}

static void t_attrs(void)
{
	struct rump_timeval tv[2] = { { 1000, 5 }, { 2000, 7 } };
	struct rump_stat st, st2;
	int fd, pfd[2];

	if (tv_boot())
		return;
	TV_OK(tv_mkfile("/f", "x", 0644));
	TV_OK(rump_sys_chmod("/f", 0600));
	TV_OK(rump_sys_stat("/f", &st));
	KT_EXPECT_EQ(st.st_mode & 07777, 0600);
	TV_OK(rump_sys_utimes("/f", tv));
	TV_OK(rump_sys_stat("/f", &st));
	KT_EXPECT_EQ(st.st_atimespec.tv_sec, 1000);
	KT_EXPECT_EQ(st.st_atimespec.tv_nsec, 5000);
	KT_EXPECT_EQ(st.st_mtimespec.tv_sec, 2000);
	TV_OK(rump_sys_utimes("/f", NULL));
	TV_OK(rump_sys_stat("/f", &st2));
	KT_EXPECT(st2.st_mtimespec.tv_sec > 2000);
	TV_OK(rump_sys_chown("/f", 12, 34));
	TV_OK(rump_sys_stat("/f", &st));
	KT_EXPECT_EQ(st.st_uid, 12);
	KT_EXPECT_EQ(st.st_gid, 34);
	fd = rump_sys_open("/f", RUMP_O_RDONLY);
	TV_OK(rump_sys_fchmod(fd, 0640));
	TV_OK(rump_sys_fstat(fd, &st));
	KT_EXPECT_EQ(st.st_mode & 07777, 0640);
	TV_OK(rump_sys_close(fd));
	/* umask applies to creation. */
	KT_EXPECT_EQ(rump_sys_umask(077), 022);
	TV_OK(tv_mkfile("/g", "", 0666));
	TV_OK(rump_sys_stat("/g", &st));
	KT_EXPECT_EQ(st.st_mode & 0777, 0600);
	KT_EXPECT_EQ(rump_sys_umask(022), 077);
	/* Device directory and the NetBSD stat layout. */
	TV_OK(rump_sys_stat("/dev", &st));
	KT_EXPECT((st.st_mode & RUMP_S_IFMT) == RUMP_S_IFDIR);
	KT_EXPECT_EQ(sizeof(struct rump_stat), 152);
	KT_EXPECT_EQ(offsetof(struct rump_stat, st_ino), 16);
	KT_EXPECT_EQ(offsetof(struct rump_stat, st_rdev), 40);
	KT_EXPECT_EQ(offsetof(struct rump_stat, st_size), 112);
	KT_EXPECT_EQ(offsetof(struct rump_dirent, d_name), 13);
	KT_EXPECT_EQ(offsetof(struct rump_statvfs, f_fstypename), 172);
	/* fstat still works for pipes. */
	TV_OK(rump_sys_pipe(pfd));
	TV_OK(rump_sys_fstat(pfd[0], &st));
	KT_EXPECT((st.st_mode & RUMP_S_IFMT) == RUMP_S_IFIFO);
	TV_FAIL(rump_sys_lseek(pfd[0], 0, RUMP_SEEK_SET), ESPIPE);
	TV_FAIL(rump_sys_pread(pfd[0], &st, 1, 0), ESPIPE);
	TV_OK(rump_sys_close(pfd[0]));
	TV_OK(rump_sys_close(pfd[1]));
	tv_halt();
}

static void t_mknod(void)
{
	struct rump_stat st;

	if (tv_boot())
		return;
	TV_OK(rump_sys_mknod("/dev/null0", RUMP_S_IFCHR | 0666, 0x0203));
	TV_OK(rump_sys_stat("/dev/null0", &st));
	KT_EXPECT((st.st_mode & RUMP_S_IFMT) == RUMP_S_IFCHR);
	KT_EXPECT_EQ(st.st_rdev, 0x0203);
	/* No device behind it. */
	TV_FAIL(rump_sys_open("/dev/null0", RUMP_O_RDWR), ENXIO);
	TV_FAIL(rump_sys_mknod("/dev/null0", RUMP_S_IFBLK | 0600, 1), EEXIST);
	TV_FAIL(rump_sys_mknod("/dev/bad", 0170000 | 0600, 1), EINVAL);
	TV_OK(rump_sys_mkfifo("/fifo", 0644));
	TV_OK(rump_sys_stat("/fifo", &st));
	KT_EXPECT((st.st_mode & RUMP_S_IFMT) == RUMP_S_IFIFO);
	TV_OK(rump_sys_mknod("/reg", RUMP_S_IFREG | 0644, 0));
	TV_OK(rump_sys_stat("/reg", &st));
	KT_EXPECT((st.st_mode & RUMP_S_IFMT) == RUMP_S_IFREG);
	/* Device nodes are the superuser's. */
	KT_EXPECT_EQ(rump_lwproc_rfork(RUMP_RFCFDG), 0);
	TV_OK(rump_sys_setuid(100));
	TV_FAIL(rump_sys_mknod("/dev/x", RUMP_S_IFBLK | 0600, 1), EPERM);
	rump_lwproc_releaselwp();
	tv_halt();
}

static const struct kt_case cases[] = {
	{ "rw", t_rw },
	{ "mknod", t_mknod },
	{ "open-flags", t_open_flags },
	{ "dirs", t_dirs },
	{ "getdents", t_getdents },
	{ "rename", t_rename },
	{ "links-unlink-open", t_links_unlink_open },
	{ "attrs", t_attrs },
};
const struct kt_family tv_fam_rumpfs = { "rumpfs", cases, KT_NELEM(cases), NULL };
