// SPDX-License-Identifier: BSD-2-Clause
/*
 * t_write.c - writing FFS through the VFS (family "write"), the same
 * cases in both lanes: the POSIX file and namespace calls on makefs
 * images (UFS1 little-endian, UFS2 big-endian, 4 KiB blocks), each
 * checked at once and again after an unmount and a read-only remount;
 * writer threads on one mount; a full file system; read-write refusals.
 *
 * The images are "rw-*" items: makefs images with free space made by
 * tests/ffs/mkrwimages.sh.  Each case writes its own image (a private
 * copy in userspace, a copy-on-write disk in the VM).  They hold
 * /small (1000 bytes), /medium (100000), /big (300000), /empty, /dir/a
 * (10), byte i of each = i * 7 + its length.
 */
#include "tfv.h"

#define O_RW	RUMP_O_RDWR
#define O_NEW	(RUMP_O_RDWR | RUMP_O_CREAT | RUMP_O_EXCL)

static uint8_t wbuf[65536], rbuf[65536];

static void fill(uint8_t *b, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(seed * 31 + i * 7 + (i >> 9));
}

/* Mount host item name read-write on dir via /dev/<key>. */
static int mount_rw(const char *name, const char *key, const char *dir)
{
	return tfv_mount_path(tfv_host_path(name), key, dir, 0);
}

static void remount_ro(const char *key, const char *dir)
{
	struct ufs_args args;
	char dev[64];

	TFV_OK(rump_sys_unmount(dir, 0));
	snprintf(dev, sizeof(dev), "/dev/%s", key);
	args.fspec = dev;
	TFV_OK(rump_sys_mount(RUMP_MOUNT_FFS, dir, RUMP_MNT_RDONLY, &args,
			      sizeof(args)));
}

/* Does path hold exactly n bytes of fill(seed)? */
static bool same(const char *path, size_t n, unsigned seed)
{
	int fd = rump_sys_open(path, RUMP_O_RDONLY);
	ssize_t got;
	bool ok;

	if (fd < 0)
		return false;
	fill(wbuf, n, seed);
	got = rump_sys_read(fd, rbuf, sizeof(rbuf));
	ok = got == (ssize_t)n && memcmp(wbuf, rbuf, n) == 0 &&
		rump_sys_read(fd, rbuf, 1) == 0;
	rump_sys_close(fd);
	return ok;
}

static int put(const char *path, size_t n, unsigned seed)
{
	int fd = rump_sys_open(path, O_NEW, 0644);

	if (fd < 0)
		return -1;
	fill(wbuf, n, seed);
	if (rump_sys_write(fd, wbuf, n) != (ssize_t)n) {
		rump_sys_close(fd);
		return -1;
	}
	return rump_sys_close(fd);
}

/* Read a whole file (up to n bytes): its length or -1. */
static ssize_t tfv_readfile(const char *path, uint8_t *buf, size_t n)
{
	int fd = rump_sys_open(path, RUMP_O_RDONLY);
	ssize_t got;

	if (fd < 0)
		return -1;
	got = rump_sys_read(fd, buf, n);
	rump_sys_close(fd);
	return got;
}

/* statvfs is large: one buffer, the cases run one at a time. */
static struct rump_statvfs svbuf;

static uint64_t freefrags(const char *dir)
{
	if (rump_sys_statvfs1(dir, &svbuf, RUMP_ST_WAIT) != 0)
		return 0;
	return svbuf.f_bfree;
}

static uint64_t freeinodes(const char *dir)
{
	if (rump_sys_statvfs1(dir, &svbuf, RUMP_ST_WAIT) != 0)
		return 0;
	return svbuf.f_ffree;
}

/* The POSIX calls, then the same state seen after a remount. */
static void posix(const char *name)
{
	struct rump_stat st, st2;
	struct rump_timeval tv[2];
	char path[64], link[200];
	uint64_t f0, i0;
	int fd, i;

	if (!tfv_need(name) || tfv_boot())
		return;
	KT_EXPECT_EQ(mount_rw(name, "w", "/mnt"), 0);
	f0 = freefrags("/mnt");
	i0 = freeinodes("/mnt");
	/* the image as makefs wrote it */
	TFV_OK(rump_sys_stat("/mnt/medium", &st));
	KT_EXPECT_EQ(st.st_size, 100000);

	/* create, write, read back, O_EXCL */
	KT_EXPECT_EQ(put("/mnt/f1", 5000, 1), 0);
	KT_EXPECT(same("/mnt/f1", 5000, 1));
	TFV_FAIL(rump_sys_open("/mnt/f1", O_NEW, 0644), RUMP_EEXIST);
	TFV_OK(rump_sys_stat("/mnt/f1", &st));
	KT_EXPECT_EQ(st.st_nlink, 1);
	KT_EXPECT_EQ(st.st_mode, RUMP_S_IFREG | 0644);
	KT_EXPECT(st.st_blocks >= 10);

	/* pwrite past the end leaves a hole of zeros */
	fd = rump_sys_open("/mnt/f1", O_RW);
	TFV_OK(fd);
	fill(wbuf, 100, 9);
	KT_EXPECT_EQ(rump_sys_pwrite(fd, wbuf, 100, 200000), 100);
	TFV_OK(rump_sys_fstat(fd, &st));
	KT_EXPECT_EQ(st.st_size, 200100);
	KT_EXPECT_EQ(rump_sys_pread(fd, rbuf, 4096, 100000), 4096);
	for (i = 0; i < 4096 && rbuf[i] == 0; i++)
		;
	KT_EXPECT_EQ(i, 4096);
	KT_EXPECT_EQ(rump_sys_pread(fd, rbuf, 100, 200000), 100);
	KT_EXPECT(memcmp(rbuf, wbuf, 100) == 0);
	/* sparse: far fewer blocks than the size */
	KT_EXPECT(st.st_blocks * 512 < 100000);
	/* ftruncate shrinks into the first block, then grows */
	TFV_OK(rump_sys_ftruncate(fd, 3000));
	TFV_OK(rump_sys_ftruncate(fd, 6000));
	KT_EXPECT_EQ(rump_sys_pread(fd, rbuf, 6000, 0), 6000);
	fill(wbuf, 3000, 1);
	KT_EXPECT(memcmp(rbuf, wbuf, 3000) == 0);
	for (i = 3000; i < 6000 && rbuf[i] == 0; i++)
		;
	KT_EXPECT_EQ(i, 6000);
	TFV_OK(rump_sys_fsync(fd));
	TFV_OK(rump_sys_close(fd));

	/* O_APPEND and O_TRUNC */
	fd = rump_sys_open("/mnt/small", RUMP_O_WRONLY | RUMP_O_APPEND);
	TFV_OK(fd);
	KT_EXPECT_EQ(rump_sys_write(fd, "tail", 4), 4);
	TFV_OK(rump_sys_close(fd));
	TFV_OK(rump_sys_stat("/mnt/small", &st));
	KT_EXPECT_EQ(st.st_size, 1004);
	fd = rump_sys_open("/mnt/big", RUMP_O_WRONLY | RUMP_O_TRUNC);
	TFV_OK(fd);
	TFV_OK(rump_sys_close(fd));
	TFV_OK(rump_sys_stat("/mnt/big", &st));
	KT_EXPECT_EQ(st.st_size, 0);
	KT_EXPECT_EQ(st.st_blocks, 0);
	TFV_OK(rump_sys_truncate("/mnt/medium", 50000));
	TFV_FAIL(rump_sys_truncate("/mnt/dir", 0), RUMP_EISDIR);

	/* directories */
	TFV_OK(rump_sys_mkdir("/mnt/d1", 0755));
	TFV_OK(rump_sys_mkdir("/mnt/d1/sub", 0700));
	TFV_FAIL(rump_sys_mkdir("/mnt/d1", 0755), RUMP_EEXIST);
	TFV_OK(rump_sys_stat("/mnt/d1", &st));
	KT_EXPECT_EQ(st.st_nlink, 3);
	KT_EXPECT_EQ(st.st_mode, RUMP_S_IFDIR | 0755);
	TFV_FAIL(rump_sys_rmdir("/mnt/d1"), RUMP_ENOTEMPTY);
	TFV_FAIL(rump_sys_unlink("/mnt/d1"), RUMP_EPERM);
	/* many entries: the directory grows chunk by chunk */
	for (i = 0; i < 300; i++) {
		snprintf(path, sizeof(path), "/mnt/d1/a-rather-long-name-%04d",
			 i);
		KT_EXPECT_EQ(put(path, (size_t)(i * 37 % 3000), (unsigned)i),
			     0);
		if (kt_case_failures())
			break;
	}
	/* links */
	TFV_OK(rump_sys_link("/mnt/f1", "/mnt/d1/f1-link"));
	TFV_OK(rump_sys_stat("/mnt/f1", &st));
	KT_EXPECT_EQ(st.st_nlink, 2);
	TFV_FAIL(rump_sys_link("/mnt/d1", "/mnt/d1-link"), RUMP_EPERM);
	TFV_OK(rump_sys_symlink("f1", "/mnt/fast"));
	memset(link, 'x', 150);
	link[150] = '\0';
	TFV_OK(rump_sys_symlink(link, "/mnt/slow"));
	KT_EXPECT_EQ(rump_sys_readlink("/mnt/slow", path, sizeof(path)), 64);
	TFV_OK(rump_sys_lstat("/mnt/slow", &st));
	KT_EXPECT_EQ(st.st_size, 150);
	TFV_OK(rump_sys_mkfifo("/mnt/fifo", 0600));
	/* renames: file over file, into a directory, a directory */
	KT_EXPECT_EQ(put("/mnt/victim", 10, 3), 0);
	TFV_OK(rump_sys_rename("/mnt/victim", "/mnt/d1/sub/moved"));
	TFV_OK(rump_sys_rename("/mnt/d1/sub/moved", "/mnt/empty"));
	KT_EXPECT(same("/mnt/empty", 10, 3));
	TFV_FAIL(rump_sys_rename("/mnt/d1", "/mnt/d1/sub/x"), RUMP_EINVAL);
	TFV_FAIL(rump_sys_rename("/mnt/dir", "/mnt/f1"), RUMP_ENOTDIR);
	TFV_FAIL(rump_sys_rename("/mnt/f1", "/mnt/dir"), RUMP_EISDIR);
	TFV_OK(rump_sys_rename("/mnt/d1/sub", "/mnt/sub2"));
	TFV_OK(rump_sys_stat("/mnt/d1", &st));
	KT_EXPECT_EQ(st.st_nlink, 2);
	TFV_OK(rump_sys_stat("/mnt/sub2/..", &st));
	TFV_OK(rump_sys_stat("/mnt", &st2));
	KT_EXPECT_EQ(st.st_ino, st2.st_ino);
	/* two names of one file: rename does nothing (POSIX) */
	TFV_OK(rump_sys_rename("/mnt/f1", "/mnt/d1/f1-link"));
	TFV_OK(rump_sys_stat("/mnt/f1", &st));
	KT_EXPECT_EQ(st.st_nlink, 2);
	/* attributes */
	TFV_OK(rump_sys_chmod("/mnt/small", 0600));
	TFV_OK(rump_sys_chown("/mnt/small", 123, 456));
	tv[0].tv_sec = 1000000000;
	tv[0].tv_usec = 5;
	tv[1].tv_sec = 1100000000;
	tv[1].tv_usec = 7;
	TFV_OK(rump_sys_utimes("/mnt/small", tv));
	/* unlink of an open file: readable until closed */
	fd = rump_sys_open("/mnt/medium", RUMP_O_RDONLY);
	TFV_OK(fd);
	TFV_OK(rump_sys_unlink("/mnt/medium"));
	KT_EXPECT_EQ(rump_sys_read(fd, rbuf, 100), 100);
	TFV_OK(rump_sys_close(fd));
	TFV_FAIL(rump_sys_stat("/mnt/medium", &st), RUMP_ENOENT);

	/* All of it again after an unmount and a read-only mount. */
	remount_ro("w", "/mnt");
	TFV_OK(rump_sys_stat("/mnt/d1/f1-link", &st));
	KT_EXPECT_EQ(st.st_size, 6000);
	KT_EXPECT_EQ(st.st_nlink, 2);
	TFV_OK(rump_sys_stat("/mnt/f1", &st2));
	KT_EXPECT_EQ(st.st_ino, st2.st_ino);
	for (i = 0; i < 300; i += 7) {
		snprintf(path, sizeof(path), "/mnt/d1/a-rather-long-name-%04d",
			 i);
		KT_EXPECT(same(path, (size_t)(i * 37 % 3000), (unsigned)i));
	}
	KT_EXPECT_EQ(rump_sys_readlink("/mnt/fast", path, sizeof(path)), 2);
	TFV_OK(rump_sys_lstat("/mnt/fifo", &st));
	KT_EXPECT_EQ(st.st_mode, RUMP_S_IFIFO | 0600);
	TFV_OK(rump_sys_stat("/mnt/small", &st));
	KT_EXPECT_EQ(st.st_mode & 07777, 0600);
	KT_EXPECT_EQ(st.st_uid, 123);
	KT_EXPECT_EQ(st.st_gid, 456);
	KT_EXPECT_EQ(st.st_size, 1004);
	KT_EXPECT_EQ(st.st_atimespec.tv_sec, 1000000000);
	KT_EXPECT_EQ(st.st_mtimespec.tv_sec, 1100000000);
	KT_EXPECT_EQ(st.st_mtimespec.tv_nsec, 7000);
	KT_EXPECT(same("/mnt/empty", 10, 3));
	TFV_OK(rump_sys_stat("/mnt/sub2", &st));
	KT_EXPECT_EQ(st.st_nlink, 2);
	TFV_FAIL(rump_sys_stat("/mnt/medium", &st), RUMP_ENOENT);

	/* Remove everything we made: the counts come back exactly. */
	tfv_unmount("w", "/mnt");
	KT_EXPECT_EQ(tfv_mount_path(tfv_host_path(name), "w", "/mnt", 0), 0);
	for (i = 0; i < 300; i++) {
		snprintf(path, sizeof(path), "/mnt/d1/a-rather-long-name-%04d",
			 i);
		TFV_OK(rump_sys_unlink(path));
		if (kt_case_failures())
			break;
	}
	TFV_OK(rump_sys_unlink("/mnt/d1/f1-link"));
	TFV_OK(rump_sys_unlink("/mnt/f1"));
	TFV_OK(rump_sys_rmdir("/mnt/d1"));
	TFV_OK(rump_sys_rmdir("/mnt/sub2"));
	TFV_OK(rump_sys_unlink("/mnt/fast"));
	TFV_OK(rump_sys_unlink("/mnt/slow"));
	TFV_OK(rump_sys_unlink("/mnt/fifo"));
	/* /medium and /big's blocks are gone, /empty holds 10 bytes: */
	KT_EXPECT_EQ(freeinodes("/mnt"), i0 + 1);	/* medium */
	KT_EXPECT(freefrags("/mnt") > f0);
	tfv_unmount("w", "/mnt");
	tfv_halt();
}

static void t_posix_ufs1(void) { posix("rw-ufs1-le-8k"); }
static void t_posix_ufs2be(void) { posix("rw-ufs2-be-8k"); }
static void t_posix_ufs2_4k(void) { posix("rw-ufs2-le-4k"); }

/* Writer threads, each in its own directory, on one mount. */
#define NWRITERS	4
#define NPERWRITER	40

struct writer {
	int id;
	int errors;
};

static void writer_main(void *arg)
{
	struct writer *w = arg;
	char path[64], path2[64];
	uint8_t *buf = kmem_alloc(20000, KM_SLEEP);
	int i, fd;

	snprintf(path, sizeof(path), "/mnt/w%d", w->id);
	if (rump_sys_mkdir(path, 0755) != 0)
		w->errors++;
	for (i = 0; i < NPERWRITER; i++) {
		size_t n = (size_t)((i * 997 + w->id * 131) % 20000);

		fill(buf, n, (unsigned)(w->id * 1000 + i));
		snprintf(path, sizeof(path), "/mnt/w%d/f%d", w->id, i);
		fd = rump_sys_open(path, O_NEW, 0644);
		if (fd < 0 || rump_sys_write(fd, buf, n) != (ssize_t)n)
			w->errors++;
		if (i % 5 == 0 && rump_sys_fsync(fd) != 0)
			w->errors++;
		if (fd >= 0)
			rump_sys_close(fd);
		if (i % 3 == 2) {	/* rename, then unlink every other */
			snprintf(path2, sizeof(path2), "/mnt/w%d/r%d", w->id,
				 i);
			if (rump_sys_rename(path, path2) != 0)
				w->errors++;
			if (i % 2 == 0 && rump_sys_unlink(path2) != 0)
				w->errors++;
		}
	}
	kmem_free(buf, 20000);
}

static void t_threads(void)
{
	struct writer w[NWRITERS];
	void *t[NWRITERS];
	char path[64];
	int i, k;
	size_t n;

	if (!tfv_need("rw-ufs2-le-16k") || tfv_boot())
		return;
	KT_EXPECT_EQ(mount_rw("rw-ufs2-le-16k", "t", "/mnt"), 0);
	for (k = 0; k < NWRITERS; k++) {
		w[k].id = k;
		w[k].errors = 0;
		t[k] = tfv_host_thread(writer_main, &w[k]);
		KT_EXPECT(t[k] != NULL);
	}
	for (k = 0; k < NWRITERS; k++)
		if (t[k])
			tfv_host_join(t[k]);
	for (k = 0; k < NWRITERS; k++)
		KT_EXPECT_EQ(w[k].errors, 0);
	remount_ro("t", "/mnt");
	for (k = 0; k < NWRITERS; k++)
		for (i = 0; i < NPERWRITER; i++) {
			n = (size_t)((i * 997 + k * 131) % 20000);
			if (i % 3 == 2)
				snprintf(path, sizeof(path), "/mnt/w%d/r%d", k,
					 i);
			else
				snprintf(path, sizeof(path), "/mnt/w%d/f%d", k,
					 i);
			if (i % 3 == 2 && i % 2 == 0) {
				struct rump_stat st;

				TFV_FAIL(rump_sys_stat(path, &st),
					 RUMP_ENOENT);
				continue;
			}
			fill(wbuf, n, (unsigned)(k * 1000 + i));
			KT_EXPECT_MSG(same(path, n, (unsigned)(k * 1000 + i)),
				      "%s", path);
		}
	tfv_unmount("t", "/mnt");
	tfv_halt();
}

/* Full: ENOSPC, nothing lost, everything back after deleting. */
static void t_enospc(void)
{
	uint64_t f0, i0;
	char path[64];
	int fd, i, nfiles = 0, err = 0;
	ssize_t n;

	if (!tfv_need("rw-ufs1-be-4k512") || tfv_boot())
		return;
	KT_EXPECT_EQ(mount_rw("rw-ufs1-be-4k512", "e", "/mnt"), 0);
	f0 = freefrags("/mnt");
	i0 = freeinodes("/mnt");
	fill(wbuf, sizeof(wbuf), 77);
	for (i = 0; i < 10000 && err == 0; i++) {
		snprintf(path, sizeof(path), "/mnt/fill%d", i);
		fd = rump_sys_open(path, O_NEW, 0644);
		if (fd < 0) {
			err = tfv_errno();
			break;
		}
		nfiles++;
		while ((n = rump_sys_write(fd, wbuf, sizeof(wbuf))) ==
		       (ssize_t)sizeof(wbuf))
			;
		if (n < 0)
			err = tfv_errno();
		rump_sys_close(fd);
	}
	KT_EXPECT_EQ(err, RUMP_ENOSPC);
	KT_EXPECT(freefrags("/mnt") < 64);
	/* a full file system still reads */
	KT_EXPECT_EQ(tfv_readfile("/mnt/dir/a", rbuf, sizeof(rbuf)), 10);
	for (i = 0; i < nfiles; i++) {
		snprintf(path, sizeof(path), "/mnt/fill%d", i);
		TFV_OK(rump_sys_unlink(path));
	}
	TFV_OK(rump_sys_sync());
	KT_EXPECT_EQ(freefrags("/mnt"), f0);
	KT_EXPECT_EQ(freeinodes("/mnt"), i0);
	tfv_unmount("e", "/mnt");
	tfv_halt();
}

/* What cannot be written safely is refused read-write, with a reason. */
static void t_refuse(void)
{
	struct ufs_args args;

	if (!tfv_need("freebsd-ufs2-le") || !tfv_need("wapbl-empty") ||
	    tfv_boot())
		return;
	KT_EXPECT_EQ(tfv_mount_path(tfv_host_path("freebsd-ufs2-le"), "fb",
				    "/mnt", 0), RUMP_EROFS);
	KT_EXPECT_EQ(tfv_mount_path(tfv_host_path("wapbl-empty"), "wa",
				    "/mnt", 0), RUMP_EROFS);
	/* read-only works, an update to read-write does not */
	KT_EXPECT_EQ(tfv_mount_path(tfv_host_path("freebsd-ufs2-le"), "fb",
				    "/mnt", RUMP_MNT_RDONLY), 0);
	args.fspec = NULL;
	TFV_FAIL(rump_sys_mount(RUMP_MOUNT_FFS, "/mnt", RUMP_MNT_UPDATE,
				&args, sizeof(args)), RUMP_EROFS);
	tfv_unmount("fb", "/mnt");
	tfv_halt();
}

/* Read-only -> read-write -> read-only on one mount. */
static void t_update(void)
{
	struct rump_statvfs *s = &svbuf;
	struct ufs_args args;

	if (!tfv_need("rw-ufs2-le-4k") || tfv_boot())
		return;
	KT_EXPECT_EQ(tfv_mount_path(tfv_host_path("rw-ufs2-le-4k"), "u",
				    "/mnt", RUMP_MNT_RDONLY), 0);
	TFV_FAIL(rump_sys_mkdir("/mnt/x", 0755), RUMP_EROFS);
	args.fspec = NULL;
	TFV_OK(rump_sys_mount(RUMP_MOUNT_FFS, "/mnt", RUMP_MNT_UPDATE, &args,
			      sizeof(args)));
	TFV_OK(rump_sys_mkdir("/mnt/x", 0755));
	KT_EXPECT_EQ(put("/mnt/x/y", 12345, 5), 0);
	TFV_OK(rump_sys_mount(RUMP_MOUNT_FFS, "/mnt",
			      RUMP_MNT_UPDATE | RUMP_MNT_RDONLY, &args,
			      sizeof(args)));
	TFV_OK(rump_sys_statvfs1("/mnt", s, RUMP_ST_WAIT));
	KT_EXPECT(s->f_flag & RUMP_ST_RDONLY);
	KT_EXPECT(same("/mnt/x/y", 12345, 5));
	TFV_FAIL(rump_sys_unlink("/mnt/x/y"), RUMP_EROFS);
	tfv_unmount("u", "/mnt");
	tfv_halt();
}

static const struct kt_case write_cases[] = {
	{ "posix_ufs1_le_8k", t_posix_ufs1 },
	{ "posix_ufs2_be_8k", t_posix_ufs2be },
	{ "posix_ufs2_le_4k", t_posix_ufs2_4k },
	{ "threads", t_threads },
	{ "enospc", t_enospc },
	{ "refuse", t_refuse },
	{ "update", t_update },
};

const struct kt_family tfv_fam_write = {
	"write", write_cases, KT_NELEM(write_cases), NULL
};
