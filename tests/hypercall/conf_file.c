// SPDX-License-Identifier: BSD-2-Clause
/*
 * conf_file.c - open/close, getfileinfo, iovread/iovwrite and syncfd:
 * access modes, CREATE|EXCL, sizes and types, NOSEEK vs positioned I/O,
 * short reads at end of file, syncfd flag checks, one upcall pair per
 * blocking call.
 */
#include "conf.h"

#define RW_CREATE (RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_CREATE)

static int file_fresh(const char *suffix, char *path, size_t len)
{
	int fd = -1;

	conf_path(path, len, suffix);
	KT_EXPECT_EQ(rumpuser_open(path, RW_CREATE, &fd), 0);
	return fd;
}

static size_t wr(int fd, const void *buf, size_t len, int64_t off)
{
	struct rumpuser_iovec iov;
	size_t n = 0;

	iov.iov_base = (void *)buf;
	iov.iov_len = len;
	KT_EXPECT_EQ(rumpuser_iovwrite(fd, &iov, 1, off, &n), 0);
	return n;
}

static size_t rd(int fd, void *buf, size_t len, int64_t off)
{
	struct rumpuser_iovec iov;
	size_t n = 0;

	iov.iov_base = buf;
	iov.iov_len = len;
	KT_EXPECT_EQ(rumpuser_iovread(fd, &iov, 1, off, &n), 0);
	return n;
}

static void file_bad_accmode(void)
{
	char path[256];
	int fd = -1, rv;

	conf_path(path, sizeof(path), ".mode");
	KT_EXPECT_EQ(rumpuser_open(path, RUMPUSER_OPEN_ACCMODE, &fd), NB_EINVAL);
	KT_EXPECT_EQ(rumpuser_open(path, RUMPUSER_OPEN_ACCMODE |
				   RUMPUSER_OPEN_CREATE, &fd), NB_EINVAL);
	/* The failed CREATE must not have created it. */
	KT_EXPECT_EQ(rumpuser_getfileinfo(path, NULL, NULL), NB_ENOENT);
	/* Unknown mode bits are refused by both hosts, and create nothing. */
	rv = rumpuser_open(path, RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_CREATE |
			   0x400, &fd);
	KT_EXPECT_EQ(rv, NB_EINVAL);
	if (rv == 0)
		rumpuser_close(fd);
	KT_EXPECT_EQ(rumpuser_getfileinfo(path, NULL, NULL), NB_ENOENT);
}

static void file_create_excl(void)
{
	char path[256];
	int fd, fd2 = -1;

	fd = file_fresh(".excl", path, sizeof(path));
	KT_EXPECT_EQ(rumpuser_close(fd), 0);
	KT_EXPECT_EQ(rumpuser_open(path, RW_CREATE | RUMPUSER_OPEN_EXCL, &fd2),
		     NB_EEXIST);
	KT_EXPECT_EQ(rumpuser_open(path, RW_CREATE, &fd2), 0);
	KT_EXPECT_EQ(rumpuser_close(fd2), 0);
	conf_path(path, sizeof(path), ".excl-new");
	KT_EXPECT_EQ(rumpuser_open(path, RW_CREATE | RUMPUSER_OPEN_EXCL, &fd2), 0);
	KT_EXPECT_EQ(rumpuser_close(fd2), 0);
}

static void file_open_close_pairs(void)
{
	struct rumpuser_ext_stats s0, s1;
	struct lwp *l = conf_lwp();
	char path[256];
	long u, s;
	int fd = -1;

	if (!l)
		return;
	conf_path(path, sizeof(path), ".pairs");
	conf_stats(&s0);
	u = AT_LOAD(&l->n_bunsched);
	s = AT_LOAD(&l->n_bsched);
	KT_EXPECT_EQ(rumpuser_open(path, RW_CREATE | RUMPUSER_OPEN_BIO, &fd), 0);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bunsched) - u, 1);
	conf_stats(&s1);
	KT_EXPECT_EQ(s1.fds - s0.fds, 1);
	KT_EXPECT_EQ(rumpuser_close(fd), 0);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bunsched) - u, 2);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bsched) - s, 2);
	KT_EXPECT(mock_cpu_held());
	conf_stats(&s1);
	KT_EXPECT_EQ(s1.fds, s0.fds);
}

static void file_info_regular(void)
{
	char path[256], *buf;
	uint64_t size = 1;
	int type = -1, fd;

	fd = file_fresh(".info", path, sizeof(path));
	KT_EXPECT_EQ(rumpuser_getfileinfo(path, &size, &type), 0);
	KT_EXPECT_EQ(size, 0);
	KT_EXPECT_EQ(type, RUMPUSER_FT_REG);
	KT_EXPECT_EQ(rumpuser_malloc(12345, 0, (void **)&buf), 0);
	conf_pattern(buf, 12345, 1);
	KT_EXPECT_EQ(wr(fd, buf, 12345, 0), 12345);
	KT_EXPECT_EQ(rumpuser_getfileinfo(path, &size, &type), 0);
	KT_EXPECT_EQ(size, 12345);
	KT_EXPECT_EQ(type, RUMPUSER_FT_REG);
	/* Either output may be omitted. */
	KT_EXPECT_EQ(rumpuser_getfileinfo(path, NULL, &type), 0);
	KT_EXPECT_EQ(rumpuser_getfileinfo(path, &size, NULL), 0);
	KT_EXPECT_EQ(rumpuser_getfileinfo(path, NULL, NULL), 0);
	rumpuser_free(buf, 12345);
	KT_EXPECT_EQ(rumpuser_close(fd), 0);
}

static void file_info_dir_chr(void)
{
	uint64_t size;
	int type = -1;

	KT_EXPECT_EQ(rumpuser_getfileinfo("/", &size, &type), 0);
	KT_EXPECT_EQ(type, RUMPUSER_FT_DIR);
	KT_EXPECT_EQ(rumpuser_getfileinfo("/dev/null", &size, &type), 0);
	KT_EXPECT_EQ(type, RUMPUSER_FT_CHR);
}

static void file_iov_positioned(void)
{
	struct rumpuser_iovec iov[3];
	const size_t total = 4101;
	char path[256], head[10], *src, *back;
	size_t n = 0;
	int fd, i;

	fd = file_fresh(".pos", path, sizeof(path));
	KT_EXPECT_EQ(rumpuser_malloc(2 * total, 0, (void **)&src), 0);
	back = src + total;
	conf_pattern(src, total, 9);
	/* Odd iovec sizes: 100, 1, 4000. */
	iov[0].iov_base = src;
	iov[0].iov_len = 100;
	iov[1].iov_base = src + 100;
	iov[1].iov_len = 1;
	iov[2].iov_base = src + 101;
	iov[2].iov_len = total - 101;
	KT_EXPECT_EQ(rumpuser_iovwrite(fd, iov, 3, 1000, &n), 0);
	KT_EXPECT_EQ(n, total);
	/* Read back across different iovec boundaries. */
	memset(back, 0, total);
	iov[0].iov_base = back;
	iov[0].iov_len = 3000;
	iov[1].iov_base = back + 3000;
	iov[1].iov_len = total - 3000;
	KT_EXPECT_EQ(rumpuser_iovread(fd, iov, 2, 1000, &n), 0);
	KT_EXPECT_EQ(n, total);
	KT_EXPECT(conf_pattern_ok(back, total, 9));
	/* The hole before offset 1000 reads as zeroes. */
	KT_EXPECT_EQ(rd(fd, head, sizeof(head), 990), sizeof(head));
	for (i = 0; i < (int)sizeof(head); i++)
		KT_EXPECT_EQ(head[i], 0);
	/* Positioned I/O left the file offset alone: NOSEEK reads from 0. */
	KT_EXPECT_EQ(rd(fd, head, sizeof(head), RUMPUSER_IOV_NOSEEK),
		     sizeof(head));
	for (i = 0; i < (int)sizeof(head); i++)
		KT_EXPECT_EQ(head[i], 0);
	rumpuser_free(src, 2 * total);
	KT_EXPECT_EQ(rumpuser_close(fd), 0);
}

static void file_iov_noseek(void)
{
	char path[256], buf[16];
	int fd, fd2 = -1;

	fd = file_fresh(".noseek", path, sizeof(path));
	KT_EXPECT_EQ(wr(fd, "abc", 3, RUMPUSER_IOV_NOSEEK), 3);
	KT_EXPECT_EQ(wr(fd, "def", 3, RUMPUSER_IOV_NOSEEK), 3);
	memset(buf, 0, sizeof(buf));
	KT_EXPECT_EQ(rd(fd, buf, sizeof(buf), 0), 6);
	KT_EXPECT(memcmp(buf, "abcdef", 6) == 0);
	/* NOSEEK writes continue at the file offset: 6. */
	KT_EXPECT_EQ(wr(fd, "g", 1, RUMPUSER_IOV_NOSEEK), 1);
	KT_EXPECT_EQ(rumpuser_close(fd), 0);

	KT_EXPECT_EQ(rumpuser_open(path, RUMPUSER_OPEN_RDONLY, &fd2), 0);
	memset(buf, 0, sizeof(buf));
	KT_EXPECT_EQ(rd(fd2, buf, 3, RUMPUSER_IOV_NOSEEK), 3);
	KT_EXPECT(memcmp(buf, "abc", 3) == 0);
	KT_EXPECT_EQ(rd(fd2, buf, 3, RUMPUSER_IOV_NOSEEK), 3);
	KT_EXPECT(memcmp(buf, "def", 3) == 0);
	KT_EXPECT_EQ(rd(fd2, buf, 8, RUMPUSER_IOV_NOSEEK), 1);
	KT_EXPECT_EQ(buf[0], 'g');
	KT_EXPECT_EQ(rd(fd2, buf, 8, RUMPUSER_IOV_NOSEEK), 0);
	KT_EXPECT_EQ(rumpuser_close(fd2), 0);
}

static void file_short_read_eof(void)
{
	char path[256], buf[100];
	int fd;

	fd = file_fresh(".eof", path, sizeof(path));
	conf_pattern(buf, sizeof(buf), 3);
	KT_EXPECT_EQ(wr(fd, buf, 50, 0), 50);
	memset(buf, 0, sizeof(buf));
	KT_EXPECT_EQ(rd(fd, buf, sizeof(buf), 40), 10);
	KT_EXPECT_EQ(rd(fd, buf, sizeof(buf), 50), 0);
	KT_EXPECT_EQ(rd(fd, buf, sizeof(buf), 5000), 0);
	KT_EXPECT_EQ(rumpuser_close(fd), 0);
}

static void file_iov_pairs(void)
{
	struct lwp *l = conf_lwp();
	char path[256], buf[64];
	long u, s;
	int fd;

	if (!l)
		return;
	fd = file_fresh(".iopairs", path, sizeof(path));
	u = AT_LOAD(&l->n_bunsched);
	s = AT_LOAD(&l->n_bsched);
	wr(fd, buf, sizeof(buf), 0);
	rd(fd, buf, sizeof(buf), 0);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bunsched) - u, 2);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bsched) - s, 2);
	KT_EXPECT(mock_cpu_held());
	KT_EXPECT_EQ(rumpuser_close(fd), 0);
}

static void file_syncfd_flags(void)
{
	char path[256];
	int fd;

	fd = file_fresh(".sync", path, sizeof(path));
	wr(fd, "x", 1, 0);
	KT_EXPECT_EQ(rumpuser_syncfd(fd, 0, 0, 0), NB_EINVAL);
	KT_EXPECT_EQ(rumpuser_syncfd(fd, RUMPUSER_SYNCFD_BARRIER, 0, 0), NB_EINVAL);
	KT_EXPECT_EQ(rumpuser_syncfd(fd, RUMPUSER_SYNCFD_SYNC, 0, 0), NB_EINVAL);
	KT_EXPECT_EQ(rumpuser_syncfd(fd, RUMPUSER_SYNCFD_READ, 0, 0), 0);
	KT_EXPECT_EQ(rumpuser_syncfd(fd, RUMPUSER_SYNCFD_WRITE, 0, 0), 0);
	KT_EXPECT_EQ(rumpuser_syncfd(fd, RUMPUSER_SYNCFD_WRITE |
				     RUMPUSER_SYNCFD_BARRIER, 0, 1), 0);
	KT_EXPECT_EQ(rumpuser_syncfd(fd, RUMPUSER_SYNCFD_BOTH |
				     RUMPUSER_SYNCFD_BARRIER |
				     RUMPUSER_SYNCFD_SYNC, 0, 0), 0);
	KT_EXPECT_EQ(rumpuser_close(fd), 0);
}

static void file_wrong_access(void)
{
	struct rumpuser_iovec iov;
	char path[256], c = 'x';
	size_t n;
	int fd, fd2 = -1;

	fd = file_fresh(".acc", path, sizeof(path));
	KT_EXPECT_EQ(rumpuser_close(fd), 0);
	iov.iov_base = &c;
	iov.iov_len = 1;
	KT_EXPECT_EQ(rumpuser_open(path, RUMPUSER_OPEN_RDONLY, &fd2), 0);
	KT_EXPECT_EQ(rumpuser_iovwrite(fd2, &iov, 1, 0, &n), NB_EBADF);
	KT_EXPECT_EQ(rumpuser_close(fd2), 0);
	KT_EXPECT_EQ(rumpuser_open(path, RUMPUSER_OPEN_WRONLY, &fd2), 0);
	KT_EXPECT_EQ(rumpuser_iovread(fd2, &iov, 1, 0, &n), NB_EBADF);
	KT_EXPECT_EQ(rumpuser_close(fd2), 0);
}

static const struct kt_case file_cases[] = {
	{ "bad_accmode_einval", file_bad_accmode },
	{ "create_excl_eexist", file_create_excl },
	{ "open_close_pairs_and_fds", file_open_close_pairs },
	{ "getfileinfo_regular", file_info_regular },
	{ "getfileinfo_dir_chr", file_info_dir_chr },
	{ "iov_positioned", file_iov_positioned },
	{ "iov_noseek", file_iov_noseek },
	{ "short_read_at_eof", file_short_read_eof },
	{ "iov_pairs_balanced", file_iov_pairs },
	{ "syncfd_flags", file_syncfd_flags },
	{ "wrong_access_ebadf", file_wrong_access },
};

const struct kt_family conf_fam_file = {
	"file", file_cases, KT_NELEM(file_cases), conf_fam_setup,
};
