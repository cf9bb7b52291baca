// SPDX-License-Identifier: BSD-2-Clause
/*
 * t_write.c - the write-side POSIX semantics a file system gets from the
 * VFS (checked on rumpfs; the FFS write side relies on the same paths):
 * O_TRUNC, O_APPEND, O_CREAT|O_EXCL, ftruncate/truncate errors, holes,
 * pread/pwrite offsets, readv/writev.
 */
#include "tv.h"

static void pause_clock(void)
{
	struct timespec ts = { 0, 30000000 };

	rump_sys_nanosleep(&ts, NULL);
}

static bool same_ts(const struct rump_timespec *a,
		    const struct rump_timespec *b)
{
	return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

static bool all_zero(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return false;
	return true;
}

static void t_trunc(void)
{
	struct rump_stat st, st0;
	char buf[16];
	int fd;

	if (tv_boot())
		return;
	TV_OK(tv_mkfile("/f", "0123456789", 0644));
	TV_OK(rump_sys_mkdir("/d", 0755));
	/* Read-only open with O_TRUNC: the file is not truncated. */
	TV_OK(rump_sys_stat("/f", &st0));
	pause_clock();
	fd = rump_sys_open("/f", RUMP_O_RDONLY | RUMP_O_TRUNC);
	KT_EXPECT(fd >= 0);
	TV_OK(rump_sys_fstat(fd, &st));
	KT_EXPECT_EQ(st.st_size, 10);
	KT_EXPECT(same_ts(&st.st_mtimespec, &st0.st_mtimespec));
	KT_EXPECT_EQ(rump_sys_read(fd, buf, sizeof(buf)), 10);
	TV_OK(rump_sys_close(fd));
	/* Write open with O_TRUNC: size 0, mtime and ctime set. */
	fd = rump_sys_open("/f", RUMP_O_WRONLY | RUMP_O_TRUNC);
	KT_EXPECT(fd >= 0);
	TV_OK(rump_sys_fstat(fd, &st));
	KT_EXPECT_EQ(st.st_size, 0);
	KT_EXPECT(!same_ts(&st.st_mtimespec, &st0.st_mtimespec));
	KT_EXPECT(!same_ts(&st.st_ctimespec, &st0.st_ctimespec));
	KT_EXPECT_EQ(rump_sys_write(fd, "ab", 2), 2);
	TV_OK(rump_sys_close(fd));
	fd = rump_sys_open("/f", RUMP_O_RDWR | RUMP_O_TRUNC);
	KT_EXPECT(fd >= 0);
	KT_EXPECT_EQ(rump_sys_read(fd, buf, sizeof(buf)), 0);
	TV_OK(rump_sys_close(fd));
	/* A directory: EISDIR, whether opened for writing or not. */
	TV_FAIL(rump_sys_open("/d", RUMP_O_RDONLY | RUMP_O_TRUNC), EISDIR);
	TV_FAIL(rump_sys_open("/d", RUMP_O_WRONLY | RUMP_O_TRUNC), EISDIR);
	/* A created file: O_TRUNC is moot. */
	fd = rump_sys_open("/new", RUMP_O_RDWR | RUMP_O_CREAT | RUMP_O_TRUNC,
			   0600);
	KT_EXPECT(fd >= 0);
	TV_OK(rump_sys_close(fd));
	tv_halt();
}

static void t_append(void)
{
	char buf[32];
	int fd, fd2;

	if (tv_boot())
		return;
	TV_OK(tv_mkfile("/f", "abc", 0644));
	fd = rump_sys_open("/f", RUMP_O_WRONLY | RUMP_O_APPEND);
	fd2 = rump_sys_open("/f", RUMP_O_RDWR | RUMP_O_APPEND);
	KT_EXPECT(fd >= 0 && fd2 >= 0);
	/* Wherever the offset is, writes go to the end. */
	KT_EXPECT_EQ(rump_sys_lseek(fd, 0, RUMP_SEEK_SET), 0);
	KT_EXPECT_EQ(rump_sys_write(fd, "de", 2), 2);
	KT_EXPECT_EQ(rump_sys_lseek(fd, 0, RUMP_SEEK_CUR), 5);
	/* Another descriptor's end moved too. */
	KT_EXPECT_EQ(rump_sys_write(fd2, "fg", 2), 2);
	KT_EXPECT_EQ(rump_sys_lseek(fd2, 0, RUMP_SEEK_CUR), 7);
	KT_EXPECT_EQ(rump_sys_write(fd, "h", 1), 1);
	/* pwrite on an O_APPEND descriptor appends as well (NetBSD). */
	KT_EXPECT_EQ(rump_sys_pwrite(fd, "i", 1, 0), 1);
	KT_EXPECT_EQ(rump_sys_pread(fd2, buf, sizeof(buf), 0), 9);
	KT_EXPECT(memcmp(buf, "abcdefghi", 9) == 0);
	TV_OK(rump_sys_close(fd));
	TV_OK(rump_sys_close(fd2));
	tv_halt();
}

static void t_creat_excl(void)
{
	struct rump_stat st;
	int fd;

	if (tv_boot())
		return;
	rump_sys_umask(022);
	fd = rump_sys_open("/f", RUMP_O_RDWR | RUMP_O_CREAT | RUMP_O_EXCL,
			   0666);
	KT_EXPECT(fd >= 0);
	TV_OK(rump_sys_fstat(fd, &st));
	KT_EXPECT_EQ(st.st_mode & 07777, 0644);
	KT_EXPECT_EQ(st.st_size, 0);
	TV_OK(rump_sys_close(fd));
	TV_FAIL(rump_sys_open("/f", RUMP_O_RDWR | RUMP_O_CREAT | RUMP_O_EXCL,
			      0666), EEXIST);
	/* A symlink, even dangling, is never followed: EEXIST. */
	TV_OK(rump_sys_symlink("/nowhere", "/dangling"));
	TV_FAIL(rump_sys_open("/dangling", RUMP_O_WRONLY | RUMP_O_CREAT |
			      RUMP_O_EXCL, 0644), EEXIST);
	TV_FAIL(rump_sys_stat("/nowhere", &st), ENOENT);
	TV_OK(rump_sys_mkdir("/d", 0755));
	TV_FAIL(rump_sys_open("/d", RUMP_O_RDONLY | RUMP_O_CREAT | RUMP_O_EXCL,
			      0644), EEXIST);
	/* Without O_EXCL an existing file is opened, not recreated. */
	TV_OK(tv_mkfile("/g", "keep", 0644));
	fd = rump_sys_open("/g", RUMP_O_RDWR | RUMP_O_CREAT, 0600);
	KT_EXPECT(fd >= 0);
	TV_OK(rump_sys_fstat(fd, &st));
	KT_EXPECT_EQ(st.st_size, 4);
	KT_EXPECT_EQ(st.st_mode & 07777, 0644);
	TV_OK(rump_sys_close(fd));
	tv_halt();
}

static void t_truncate_errors(void)
{
	struct rump_stat st;
	int fd, dfd, pfd[2];

	if (tv_boot())
		return;
	TV_OK(tv_mkfile("/f", "0123456789", 0644));
	TV_OK(rump_sys_mkdir("/d", 0755));
	TV_OK(rump_sys_symlink("f", "/l"));
	/* ftruncate needs a descriptor open for writing: EINVAL (NetBSD). */
	fd = rump_sys_open("/f", RUMP_O_RDONLY);
	KT_EXPECT(fd >= 0);
	TV_FAIL(rump_sys_ftruncate(fd, 0), EINVAL);
	TV_OK(rump_sys_close(fd));
	dfd = rump_sys_open("/d", RUMP_O_RDONLY);
	KT_EXPECT(dfd >= 0);
	TV_FAIL(rump_sys_ftruncate(dfd, 0), EINVAL);
	TV_OK(rump_sys_close(dfd));
	TV_FAIL(rump_sys_ftruncate(dfd, 0), EBADF);
	TV_OK(rump_sys_pipe(pfd));
	TV_FAIL(rump_sys_ftruncate(pfd[1], 0), EINVAL);
	TV_OK(rump_sys_close(pfd[0]));
	TV_OK(rump_sys_close(pfd[1]));
	fd = rump_sys_open("/f", RUMP_O_WRONLY);
	TV_FAIL(rump_sys_ftruncate(fd, -1), EINVAL);
	TV_OK(rump_sys_ftruncate(fd, 4));
	TV_OK(rump_sys_close(fd));
	/* truncate(2): directories EISDIR, symlinks followed. */
	TV_FAIL(rump_sys_truncate("/d", 0), EISDIR);
	TV_FAIL(rump_sys_truncate("/f", -1), EINVAL);
	TV_FAIL(rump_sys_truncate("/nope", 0), ENOENT);
	TV_OK(rump_sys_truncate("/l", 2));
	TV_OK(rump_sys_stat("/f", &st));
	KT_EXPECT_EQ(st.st_size, 2);
	tv_halt();
}

static void t_holes(void)
{
	static char buf[8192];
	struct rump_stat st;
	int fd;

	if (tv_boot())
		return;
	fd = rump_sys_open("/f", RUMP_O_RDWR | RUMP_O_CREAT, 0644);
	KT_EXPECT(fd >= 0);
	KT_EXPECT_EQ(rump_sys_write(fd, "head", 4), 4);
	/* Past EOF with pwrite: the gap reads as zeros. */
	KT_EXPECT_EQ(rump_sys_pwrite(fd, "tail", 4, 100000), 4);
	TV_OK(rump_sys_fstat(fd, &st));
	KT_EXPECT_EQ(st.st_size, 100004);
	memset(buf, 'x', sizeof(buf));
	KT_EXPECT_EQ(rump_sys_pread(fd, buf, sizeof(buf), 4),
		     (ssize_t)sizeof(buf));
	KT_EXPECT(all_zero(buf, sizeof(buf)));
	KT_EXPECT_EQ(rump_sys_pread(fd, buf, 8, 99996), 8);
	KT_EXPECT(all_zero(buf, 4) && memcmp(buf + 4, "tail", 4) == 0);
	/* Past EOF with lseek + write. */
	KT_EXPECT_EQ(rump_sys_lseek(fd, 200000, RUMP_SEEK_SET), 200000);
	KT_EXPECT_EQ(rump_sys_write(fd, "z", 1), 1);
	KT_EXPECT_EQ(rump_sys_pread(fd, buf, 16, 199990), 11);
	KT_EXPECT(all_zero(buf, 10) && buf[10] == 'z');
	/* Shrink then grow: the old bytes must not come back. */
	memset(buf, 'a', sizeof(buf));
	KT_EXPECT_EQ(rump_sys_pwrite(fd, buf, 4096, 0), 4096);
	TV_OK(rump_sys_ftruncate(fd, 100));
	TV_OK(rump_sys_ftruncate(fd, 4096));
	KT_EXPECT_EQ(rump_sys_pread(fd, buf, 4096, 0), 4096);
	KT_EXPECT(buf[99] == 'a' && all_zero(buf + 100, 4096 - 100));
	/* Writing past EOF after a shrink, within the old size, too. */
	memset(buf, 'b', 4096);
	KT_EXPECT_EQ(rump_sys_pwrite(fd, buf, 4096, 0), 4096);
	TV_OK(rump_sys_ftruncate(fd, 10));
	KT_EXPECT_EQ(rump_sys_pwrite(fd, "c", 1, 3000), 1);
	KT_EXPECT_EQ(rump_sys_pread(fd, buf, 4096, 0), 3001);
	KT_EXPECT(buf[9] == 'b' && all_zero(buf + 10, 2990) &&
		  buf[3000] == 'c');
	TV_OK(rump_sys_close(fd));
	tv_halt();
}

static void t_pio(void)
{
	char buf[16];
	int fd, pfd[2];

	if (tv_boot())
		return;
	fd = rump_sys_open("/f", RUMP_O_RDWR | RUMP_O_CREAT, 0644);
	KT_EXPECT(fd >= 0);
	KT_EXPECT_EQ(rump_sys_write(fd, "0123456789", 10), 10);
	/* pread/pwrite leave the offset alone. */
	KT_EXPECT_EQ(rump_sys_lseek(fd, 3, RUMP_SEEK_SET), 3);
	KT_EXPECT_EQ(rump_sys_pwrite(fd, "AB", 2, 7), 2);
	KT_EXPECT_EQ(rump_sys_pread(fd, buf, 4, 6), 4);
	KT_EXPECT(memcmp(buf, "6AB9", 4) == 0);
	KT_EXPECT_EQ(rump_sys_lseek(fd, 0, RUMP_SEEK_CUR), 3);
	KT_EXPECT_EQ(rump_sys_read(fd, buf, 2), 2);
	KT_EXPECT(memcmp(buf, "34", 2) == 0);
	/* At and past EOF: 0; a negative offset: EINVAL. */
	KT_EXPECT_EQ(rump_sys_pread(fd, buf, 4, 10), 0);
	KT_EXPECT_EQ(rump_sys_pread(fd, buf, 4, 1000), 0);
	KT_EXPECT_EQ(rump_sys_pread(fd, buf, 4, 8), 2);
	TV_FAIL(rump_sys_pread(fd, buf, 4, -1), EINVAL);
	TV_FAIL(rump_sys_pwrite(fd, buf, 4, -1), EINVAL);
	KT_EXPECT_EQ(rump_sys_pwrite(fd, buf, 0, 50), 0);	/* no growth */
	KT_EXPECT_EQ(rump_sys_lseek(fd, 0, RUMP_SEEK_END), 10);
	TV_OK(rump_sys_close(fd));
	/* Access modes. */
	fd = rump_sys_open("/f", RUMP_O_RDONLY);
	TV_FAIL(rump_sys_pwrite(fd, "x", 1, 0), EBADF);
	TV_FAIL(rump_sys_write(fd, "x", 1), EBADF);
	TV_OK(rump_sys_close(fd));
	fd = rump_sys_open("/f", RUMP_O_WRONLY);
	TV_FAIL(rump_sys_pread(fd, buf, 1, 0), EBADF);
	TV_FAIL(rump_sys_read(fd, buf, 1), EBADF);
	TV_OK(rump_sys_close(fd));
	fd = rump_sys_open("/", RUMP_O_RDONLY);
	TV_FAIL(rump_sys_read(fd, buf, 1), EISDIR);
	TV_FAIL(rump_sys_pread(fd, buf, 1, 0), EISDIR);
	TV_OK(rump_sys_close(fd));
	TV_OK(rump_sys_pipe(pfd));
	TV_FAIL(rump_sys_pwrite(pfd[1], "x", 1, 0), ESPIPE);
	TV_OK(rump_sys_close(pfd[0]));
	TV_OK(rump_sys_close(pfd[1]));
	tv_halt();
}

static void t_vec(void)
{
	char a[3], b[1], c[8], all[16];
	struct rump_iovec wv[4] = {
		{ (void *)"abc", 3 }, { NULL, 0 }, { (void *)"defg", 4 },
		{ (void *)"hi", 2 },
	};
	struct rump_iovec rv[3] = { { a, 3 }, { b, 1 }, { c, 8 } };
	int fd;

	if (tv_boot())
		return;
	fd = rump_sys_open("/f", RUMP_O_RDWR | RUMP_O_CREAT, 0644);
	KT_EXPECT(fd >= 0);
	/* Gather, a zero-length piece included; the offset moves. */
	KT_EXPECT_EQ(rump_sys_writev(fd, (const struct iovec *)wv, 4), 9);
	KT_EXPECT_EQ(rump_sys_lseek(fd, 0, RUMP_SEEK_CUR), 9);
	KT_EXPECT_EQ(rump_sys_pread(fd, all, sizeof(all), 0), 9);
	KT_EXPECT(memcmp(all, "abcdefghi", 9) == 0);
	/* Scatter, short at EOF. */
	KT_EXPECT_EQ(rump_sys_lseek(fd, 1, RUMP_SEEK_SET), 1);
	KT_EXPECT_EQ(rump_sys_readv(fd, (const struct iovec *)rv, 3), 8);
	KT_EXPECT(memcmp(a, "bcd", 3) == 0 && b[0] == 'e' &&
		  memcmp(c, "fghi", 4) == 0);
	KT_EXPECT_EQ(rump_sys_readv(fd, (const struct iovec *)rv, 3), 0);
	/* With O_APPEND, a gathered write lands at the end as a whole. */
	TV_OK(rump_sys_close(fd));
	fd = rump_sys_open("/f", RUMP_O_WRONLY | RUMP_O_APPEND);
	KT_EXPECT_EQ(rump_sys_lseek(fd, 0, RUMP_SEEK_SET), 0);
	KT_EXPECT_EQ(rump_sys_writev(fd, (const struct iovec *)wv, 2), 3);
	KT_EXPECT_EQ(rump_sys_lseek(fd, 0, RUMP_SEEK_CUR), 12);
	TV_FAIL(rump_sys_writev(fd, (const struct iovec *)wv, 0), EINVAL);
	TV_FAIL(rump_sys_writev(fd, (const struct iovec *)wv, 100000), EINVAL);
	TV_OK(rump_sys_close(fd));
	KT_EXPECT_EQ(tv_readfile("/f", all, sizeof(all)), 12);
	KT_EXPECT(strcmp(all, "abcdefghiabc") == 0);
	tv_halt();
}

static const struct kt_case cases[] = {
	{ "o-trunc", t_trunc },
	{ "o-append", t_append },
	{ "o-creat-excl", t_creat_excl },
	{ "truncate-errors", t_truncate_errors },
	{ "holes", t_holes },
	{ "pread-pwrite", t_pio },
	{ "readv-writev", t_vec },
};
const struct kt_family tv_fam_write = { "write", cases, KT_NELEM(cases), NULL };
