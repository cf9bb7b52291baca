// SPDX-License-Identifier: BSD-2-Clause
/*
 * t_accept.c - the acceptance workload (family "accept"): a fixed list
 * of changes made through the rump VFS to FFS images that other readers
 * then check against the same list applied to a host directory
 * (tests/ffsrw/accept.py, which mirrors this file: keep them in step):
 * rumpffs and our fsck on the host, sleuthkit, and Linux's own ufs
 * driver in the VM (tests/ffsrw/vm.sh).
 *
 * Images ("acc-*" items, made by tests/ffsrw/mkdata.sh): a makefs UFS2
 * (little-endian) and a makefs UFS1 (big-endian) image of the source
 * tree of tests/ffs/mkimages.sh, and an empty UFS2 made by our newfs
 * (superblock at 65536, so that Linux and sleuthkit read it).  The
 * "new" part of the list applies to all three, the "existing" part to
 * the makefs ones.
 */
#include "tfv.h"

static uint8_t abuf[65536];

/* Byte j of a file made with seed: accept.py's fill(). */
static void acc_fill(uint8_t *b, size_t n, uint64_t start, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t j = start + i;

		b[i] = (uint8_t)(seed * 31 + j * 7 + (j >> 9));
	}
}

/* Write n bytes of acc_fill(seed) at off of an open file. */
static int acc_write(int fd, uint64_t off, uint64_t n, unsigned seed)
{
	uint64_t done = 0;
	size_t k;

	while (done < n) {
		k = (size_t)MIN(n - done, (uint64_t)sizeof(abuf));
		acc_fill(abuf, k, done, seed);
		if (rump_sys_pwrite(fd, abuf, k, (off_t)(off + done)) !=
		    (ssize_t)k)
			return -1;
		done += k;
	}
	return 0;
}

static int acc_file(const char *path, uint64_t n, unsigned seed)
{
	int fd = rump_sys_open(path, RUMP_O_RDWR | RUMP_O_CREAT | RUMP_O_EXCL,
			       0644);

	if (fd < 0)
		return -1;
	if (acc_write(fd, 0, n, seed) != 0) {
		rump_sys_close(fd);
		return -1;
	}
	return rump_sys_close(fd);
}

/* Remove a tree (depth first), as rm -r. */
static void acc_rmtree(const char *path)
{
	char *buf = kmem_alloc(8192, KM_SLEEP);
	char *sub = kmem_alloc(MAXPATHLEN, KM_SLEEP);
	struct rump_stat st;
	int fd, n, again = 1;

	while (again) {
		again = 0;
		fd = rump_sys_open(path, RUMP_O_RDONLY | RUMP_O_DIRECTORY);
		TFV_OK(fd);
		if (fd < 0)
			break;
		while ((n = rump_sys_getdents(fd, buf, 8192)) > 0) {
			int off = 0;

			while (off < n) {
				struct rump_dirent *d =
					(struct rump_dirent *)(buf + off);

				off += d->d_reclen;
				if (strcmp(d->d_name, ".") == 0 ||
				    strcmp(d->d_name, "..") == 0)
					continue;
				snprintf(sub, MAXPATHLEN, "%s/%s", path,
					 d->d_name);
				TFV_OK(rump_sys_lstat(sub, &st));
				if ((st.st_mode & RUMP_S_IFMT) == RUMP_S_IFDIR)
					acc_rmtree(sub);
				else
					TFV_OK(rump_sys_unlink(sub));
				again = 1;
			}
		}
		rump_sys_close(fd);
		if (kt_case_failures())
			break;
	}
	TFV_OK(rump_sys_rmdir(path));
	kmem_free(sub, MAXPATHLEN);
	kmem_free(buf, 8192);
}

/* Sizes of new/f00..f19: every boundary, indirect and double indirect. */
static const uint64_t acc_sizes[] = {
	0, 1, 511, 512, 513, 1023, 1024, 4095, 4096, 4097, 8191, 8192,
	8193, 65536, 98305, 100000, 1048576, 3000000, 5242887, 17825795,
};

static void acc_new(void)
{
	char path[64], slow[201];
	unsigned i;
	int fd;

	TFV_OK(rump_sys_mkdir("/acc/new", 0755));
	TFV_OK(rump_sys_mkdir("/acc/new/sub", 0700));
	for (i = 0; i < __arraycount(acc_sizes); i++) {
		snprintf(path, sizeof(path), "/acc/new/f%02u", i);
		KT_EXPECT_MSG(acc_file(path, acc_sizes[i], i) == 0,
			      "%s: errno %d", path, tfv_errno());
	}
	TFV_OK(rump_sys_mkdir("/acc/new/sub/deep1", 0755));
	TFV_OK(rump_sys_mkdir("/acc/new/sub/deep1/deep2", 0755));
	KT_EXPECT_EQ(acc_file("/acc/new/sub/deep1/deep2/file", 777, 50), 0);
	/* sparse: one block at 0, one at 40 MiB */
	fd = rump_sys_open("/acc/new/sparse", RUMP_O_RDWR | RUMP_O_CREAT, 0644);
	TFV_OK(fd);
	KT_EXPECT_EQ(acc_write(fd, 0, 4096, 100), 0);
	KT_EXPECT_EQ(acc_write(fd, 41943040, 4096, 101), 0);
	TFV_OK(rump_sys_close(fd));
	TFV_OK(rump_sys_symlink("f01", "/acc/new/fast"));
	memset(slow, 's', 200);
	slow[200] = '\0';
	TFV_OK(rump_sys_symlink(slow, "/acc/new/slow"));
	TFV_OK(rump_sys_link("/acc/new/f03", "/acc/new/sub/hard"));
	TFV_OK(rump_sys_mkfifo("/acc/new/fifo", 0644));
	TFV_OK(rump_sys_rename("/acc/new/f04", "/acc/new/sub/f04-moved"));
	TFV_OK(rump_sys_unlink("/acc/new/f05"));
}

static void acc_existing(void)
{
	int fd;

	TFV_OK(rump_sys_rename("/acc/many/d03", "/acc/new/moved-d03"));
	acc_rmtree("/acc/bigdir");
	TFV_OK(rump_sys_truncate("/acc/sizes/s17_98305", 1000));
	fd = rump_sys_open("/acc/sizes/s13_8193",
			   RUMP_O_WRONLY | RUMP_O_APPEND);
	TFV_OK(fd);
	KT_EXPECT_EQ(acc_write(fd, 8193, 5000, 102), 0);
	TFV_OK(rump_sys_close(fd));
	TFV_OK(rump_sys_chmod("/acc/sizes/s12_8192", 0600));
	TFV_OK(rump_sys_unlink("/acc/hard/a"));
	TFV_OK(rump_sys_rename("/acc/sizes/s09_4096", "/acc/sizes/s10_4097"));
}

static void accept(const char *name, bool existing)
{
	struct rump_stat st;

	if (!tfv_need(name) || tfv_boot())
		return;
	KT_EXPECT_EQ(tfv_mount_path(tfv_host_path(name), "acc", "/acc", 0), 0);
	if (kt_case_failures()) {
		tfv_halt();
		return;
	}
	acc_new();
	if (existing)
		acc_existing();
	tfv_unmount("acc", "/acc");
	/* A first look back, read-only: the details are the host's job. */
	KT_EXPECT_EQ(tfv_mount(name, "acc", "/acc"), 0);
	TFV_OK(rump_sys_stat("/acc/new/f19", &st));
	KT_EXPECT_EQ(st.st_size, acc_sizes[19]);
	TFV_OK(rump_sys_stat("/acc/new/sub/hard", &st));
	KT_EXPECT_EQ(st.st_nlink, 2);
	tfv_unmount("acc", "/acc");
	tfv_halt();
	/* The independent readers (userspace lane: now; VM: host-check). */
	KT_EXPECT_EQ(tfv_host_check(name), 0);
}

static void t_acc_ufs2(void) { accept("acc-ufs2-le", true); }
static void t_acc_ufs1be(void) { accept("acc-ufs1-be", true); }
static void t_acc_newfs(void) { accept("acc-newfs-ufs2", false); }

static const struct kt_case accept_cases[] = {
	{ "makefs_ufs2_le", t_acc_ufs2 },
	{ "makefs_ufs1_be", t_acc_ufs1be },
	{ "newfs_ufs2_le", t_acc_newfs },
};

const struct kt_family tfv_fam_accept = {
	"accept", accept_cases, KT_NELEM(accept_cases), NULL
};
