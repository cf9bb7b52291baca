// SPDX-License-Identifier: BSD-2-Clause
/*
 * t_attr.c - ownership and times: chown/fchown/lchown, utimes/futimes/
 * lutimes, utimensat/futimens (UTIME_NOW, UTIME_OMIT, AT_FDCWD, a
 * directory descriptor, AT_SYMLINK_NOFOLLOW), fdatasync; who may do what
 * (POSIX/NetBSD), EROFS, and the ctime every change sets.
 */
#include "tv.h"

#define NOW	RUMP_UTIME_NOW
#define OMIT	RUMP_UTIME_OMIT

static void pause_clock(void)
{
	/* Longer than any clock tick, so the next timestamp differs. */
	struct timespec ts = { 0, 30000000 };

	rump_sys_nanosleep(&ts, NULL);
}

static bool ts_after(const struct rump_timespec *a,
		     const struct rump_timespec *b)
{
	return a->tv_sec > b->tv_sec ||
	    (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

/* Become a fresh process with uid/gid id (from root). */
static int become(unsigned id)
{
	if (rump_lwproc_rfork(RUMP_RFCFDG) != 0)
		return -1;
	if (rump_sys_setgid(id) != 0 || rump_sys_setuid(id) != 0)
		return -1;
	return 0;
}

static void t_chown_root(void)
{
	struct rump_stat st, st0;
	int fd;

	if (tv_boot())
		return;
	TV_OK(tv_mkfile("/f", "data", 0644));
	TV_OK(rump_sys_symlink("f", "/l"));
	TV_OK(rump_sys_stat("/f", &st0));
	pause_clock();
	TV_OK(rump_sys_chown("/l", 12, 34));		/* follows */
	TV_OK(rump_sys_stat("/f", &st));
	KT_EXPECT_EQ(st.st_uid, 12);
	KT_EXPECT_EQ(st.st_gid, 34);
	KT_EXPECT(ts_after(&st.st_ctimespec, &st0.st_ctimespec));
	KT_EXPECT_EQ(st.st_mtimespec.tv_sec, st0.st_mtimespec.tv_sec);
	KT_EXPECT_EQ(st.st_mtimespec.tv_nsec, st0.st_mtimespec.tv_nsec);
	/* -1 leaves an id alone. */
	TV_OK(rump_sys_chown("/f", (uid_t)-1, 56));
	TV_OK(rump_sys_stat("/f", &st));
	KT_EXPECT_EQ(st.st_uid, 12);
	KT_EXPECT_EQ(st.st_gid, 56);
	TV_OK(rump_sys_chown("/f", 78, (gid_t)-1));
	TV_OK(rump_sys_stat("/f", &st));
	KT_EXPECT_EQ(st.st_uid, 78);
	KT_EXPECT_EQ(st.st_gid, 56);
	/* lchown: the link itself. */
	TV_OK(rump_sys_lchown("/l", 90, 91));
	TV_OK(rump_sys_lstat("/l", &st));
	KT_EXPECT_EQ(st.st_uid, 90);
	KT_EXPECT_EQ(st.st_gid, 91);
	TV_OK(rump_sys_stat("/l", &st));
	KT_EXPECT_EQ(st.st_uid, 78);
	/* fchown on a read-only descriptor is fine. */
	fd = rump_sys_open("/f", RUMP_O_RDONLY);
	KT_EXPECT(fd >= 0);
	TV_OK(rump_sys_fchown(fd, 1, 2));
	TV_OK(rump_sys_fstat(fd, &st));
	KT_EXPECT_EQ(st.st_uid, 1);
	KT_EXPECT_EQ(st.st_gid, 2);
	TV_OK(rump_sys_close(fd));
	/* Root keeps the set-id bits. */
	TV_OK(rump_sys_chmod("/f", 06755));
	TV_OK(rump_sys_chown("/f", 3, 4));
	TV_OK(rump_sys_stat("/f", &st));
	KT_EXPECT_EQ(st.st_mode & 07777, 06755);
	TV_FAIL(rump_sys_fchown(-1, 0, 0), EBADF);
	TV_FAIL(rump_sys_fchown(99, 0, 0), EBADF);
	TV_FAIL(rump_sys_chown("/nope", 0, 0), ENOENT);
	TV_FAIL(rump_sys_lchown("/nope", 0, 0), ENOENT);
	tv_halt();
}

static void t_chown_user(void)
{
	struct rump_stat st;
	int fd;

	if (tv_boot())
		return;
	rump_sys_umask(0);
	TV_OK(rump_sys_mkdir("/u", 0777));
	TV_OK(tv_mkfile("/u/mine", "", 0644));
	TV_OK(rump_sys_chown("/u/mine", 1000, 3000));	/* group not ours */
	TV_OK(rump_sys_chmod("/u/mine", 02755));
	TV_OK(tv_mkfile("/u/root", "", 0666));
	TV_OK(rump_sys_symlink("root", "/u/rootlink"));
	KT_EXPECT_EQ(become(1000), 0);
	/* The file's current group, though not ours: allowed. */
	TV_OK(rump_sys_chown("/u/mine", (uid_t)-1, 3000));
	TV_OK(rump_sys_chown("/u/mine", 1000, (gid_t)-1));
	TV_OK(rump_sys_stat("/u/mine", &st));
	KT_EXPECT_EQ(st.st_mode & 07777, 02755);	/* nothing changed */
	/* Another owner, or a group we are not in: EPERM. */
	TV_FAIL(rump_sys_chown("/u/mine", 1001, (gid_t)-1), EPERM);
	TV_FAIL(rump_sys_chown("/u/mine", (uid_t)-1, 2000), EPERM);
	TV_FAIL(rump_sys_chown("/u/mine", 0, 1000), EPERM);
	/* Our own group: allowed, and setgid goes. */
	TV_OK(rump_sys_chown("/u/mine", (uid_t)-1, 1000));
	TV_OK(rump_sys_stat("/u/mine", &st));
	KT_EXPECT_EQ(st.st_gid, 1000);
	KT_EXPECT_EQ(st.st_mode & 07777, 0755);
	/* Not the owner: EPERM, even when changing nothing. */
	TV_FAIL(rump_sys_chown("/u/root", (uid_t)-1, (gid_t)-1), EPERM);
	TV_FAIL(rump_sys_lchown("/u/rootlink", (uid_t)-1, 1000), EPERM);
	fd = rump_sys_open("/u/root", RUMP_O_RDWR);
	KT_EXPECT(fd >= 0);
	TV_FAIL(rump_sys_fchown(fd, (uid_t)-1, 1000), EPERM);
	TV_OK(rump_sys_close(fd));
	rump_lwproc_releaselwp();
	tv_halt();
}

static void t_utimens(void)
{
	struct rump_timespec ts[2];
	struct rump_timeval tv[2] = { { 3000, 1 }, { 4000, 2 } };
	struct rump_stat st, st0;
	int fd, dfd;

	if (tv_boot())
		return;
	TV_OK(rump_sys_mkdir("/d", 0755));
	TV_OK(tv_mkfile("/d/f", "x", 0644));
	TV_OK(rump_sys_symlink("f", "/d/l"));
	/* Explicit times, nanoseconds kept. */
	ts[0].tv_sec = 1000;
	ts[0].tv_nsec = 123456789;
	ts[1].tv_sec = 2000;
	ts[1].tv_nsec = 987654321;
	TV_OK(rump_sys_stat("/d/f", &st0));
	pause_clock();
	TV_OK(rump_sys_utimensat(RUMP_AT_FDCWD, "/d/f",
				 (const struct timespec *)ts, 0));
	TV_OK(rump_sys_stat("/d/f", &st));
	KT_EXPECT_EQ(st.st_atimespec.tv_sec, 1000);
	KT_EXPECT_EQ(st.st_atimespec.tv_nsec, 123456789);
	KT_EXPECT_EQ(st.st_mtimespec.tv_sec, 2000);
	KT_EXPECT_EQ(st.st_mtimespec.tv_nsec, 987654321);
	KT_EXPECT(ts_after(&st.st_ctimespec, &st0.st_ctimespec));
	/* OMIT keeps one; setting the access time alone changes ctime. */
	st0 = st;
	pause_clock();
	ts[0].tv_sec = 1500;
	ts[0].tv_nsec = 0;
	ts[1].tv_nsec = OMIT;
	TV_OK(rump_sys_utimensat(RUMP_AT_FDCWD, "/d/f",
				 (const struct timespec *)ts, 0));
	TV_OK(rump_sys_stat("/d/f", &st));
	KT_EXPECT_EQ(st.st_atimespec.tv_sec, 1500);
	KT_EXPECT_EQ(st.st_mtimespec.tv_sec, 2000);
	KT_EXPECT_EQ(st.st_mtimespec.tv_nsec, 987654321);
	KT_EXPECT(ts_after(&st.st_ctimespec, &st0.st_ctimespec));
	/* NOW for one, the other kept. */
	ts[0].tv_nsec = OMIT;
	ts[1].tv_nsec = NOW;
	TV_OK(rump_sys_utimensat(RUMP_AT_FDCWD, "/d/f",
				 (const struct timespec *)ts, 0));
	TV_OK(rump_sys_stat("/d/f", &st));
	KT_EXPECT_EQ(st.st_atimespec.tv_sec, 1500);
	KT_EXPECT(st.st_mtimespec.tv_sec > 2000);
	/* Both OMIT: nothing changes, not even ctime. */
	st0 = st;
	pause_clock();
	ts[0].tv_nsec = OMIT;
	ts[1].tv_nsec = OMIT;
	TV_OK(rump_sys_utimensat(RUMP_AT_FDCWD, "/d/f",
				 (const struct timespec *)ts, 0));
	TV_OK(rump_sys_stat("/d/f", &st));
	KT_EXPECT_EQ(st.st_ctimespec.tv_sec, st0.st_ctimespec.tv_sec);
	KT_EXPECT_EQ(st.st_ctimespec.tv_nsec, st0.st_ctimespec.tv_nsec);
	/* Bad nanoseconds, bad flags. */
	ts[0].tv_nsec = 1000000000;
	TV_FAIL(rump_sys_utimensat(RUMP_AT_FDCWD, "/d/f",
				   (const struct timespec *)ts, 0), EINVAL);
	ts[0].tv_nsec = -1;
	TV_FAIL(rump_sys_futimens(0, (const struct timespec *)ts), EINVAL);
	ts[0].tv_nsec = 0;
	TV_FAIL(rump_sys_utimensat(RUMP_AT_FDCWD, "/d/f",
				   (const struct timespec *)ts, 0x400), EINVAL);
	/* A directory descriptor for relative paths; NOFOLLOW: the link. */
	dfd = rump_sys_open("/d", RUMP_O_RDONLY | RUMP_O_DIRECTORY);
	KT_EXPECT(dfd >= 0);
	ts[0].tv_sec = 10;
	ts[0].tv_nsec = 0;
	ts[1].tv_sec = 20;
	ts[1].tv_nsec = 0;
	TV_OK(rump_sys_utimensat(dfd, "l", (const struct timespec *)ts,
				 RUMP_AT_SYMLINK_NOFOLLOW));
	TV_OK(rump_sys_lstat("/d/l", &st));
	KT_EXPECT_EQ(st.st_mtimespec.tv_sec, 20);
	TV_OK(rump_sys_stat("/d/f", &st));
	KT_EXPECT(st.st_mtimespec.tv_sec > 2000);	/* target untouched */
	TV_OK(rump_sys_utimensat(dfd, "l", (const struct timespec *)ts, 0));
	TV_OK(rump_sys_stat("/d/f", &st));
	KT_EXPECT_EQ(st.st_mtimespec.tv_sec, 20);
	fd = rump_sys_open("/d/f", RUMP_O_RDONLY);
	KT_EXPECT(fd >= 0);
	TV_FAIL(rump_sys_utimensat(fd, "f", NULL, 0), ENOTDIR);
	TV_FAIL(rump_sys_utimensat(77, "f", NULL, 0), EBADF);
	TV_OK(rump_sys_utimensat(77, "/d/f", NULL, 0));	/* absolute */
	TV_FAIL(rump_sys_utimensat(dfd, "nope", NULL, 0), ENOENT);
	/* futimens: NULL is now; works on a read-only descriptor. */
	TV_OK(rump_sys_futimens(fd, (const struct timespec *)ts));
	TV_OK(rump_sys_fstat(fd, &st));
	KT_EXPECT_EQ(st.st_atimespec.tv_sec, 10);
	TV_OK(rump_sys_futimens(fd, NULL));
	TV_OK(rump_sys_fstat(fd, &st));
	KT_EXPECT(st.st_atimespec.tv_sec > 10 && st.st_mtimespec.tv_sec > 20);
	TV_FAIL(rump_sys_futimens(99, NULL), EBADF);
	/* The timeval calls: futimes, lutimes (the link itself). */
	TV_OK(rump_sys_futimes(fd, tv));
	TV_OK(rump_sys_fstat(fd, &st));
	KT_EXPECT_EQ(st.st_atimespec.tv_sec, 3000);
	KT_EXPECT_EQ(st.st_atimespec.tv_nsec, 1000);
	KT_EXPECT_EQ(st.st_mtimespec.tv_nsec, 2000);
	TV_OK(rump_sys_lutimes("/d/l", tv));
	TV_OK(rump_sys_lstat("/d/l", &st));
	KT_EXPECT_EQ(st.st_mtimespec.tv_sec, 4000);
	tv[1].tv_usec = 1000000;
	TV_FAIL(rump_sys_futimes(fd, tv), EINVAL);
	TV_FAIL(rump_sys_lutimes("/d/l", tv), EINVAL);
	TV_OK(rump_sys_lutimes("/d/l", NULL));
	TV_OK(rump_sys_close(fd));
	TV_OK(rump_sys_close(dfd));
	tv_halt();
}

/* Who may set times: owner, writer (now only), others (nothing). */
static void t_times_perm(void)
{
	struct rump_timespec ts[2] = { { 5, 0 }, { 6, 0 } };
	struct rump_timeval tv[2] = { { 5, 0 }, { 6, 0 } };
	const struct timespec *tsp = (const struct timespec *)ts;
	struct rump_stat st;
	int fd;

	if (tv_boot())
		return;
	rump_sys_umask(0);
	TV_OK(tv_mkfile("/w", "", 0666));	/* root's, writable by all */
	TV_OK(tv_mkfile("/r", "", 0644));	/* root's, read-only to us */
	TV_OK(tv_mkfile("/mine", "", 0400));	/* ours, not even writable */
	TV_OK(rump_sys_chown("/mine", 1000, 1000));
	KT_EXPECT_EQ(become(1000), 0);
	/* Owner: anything, write permission or not. */
	TV_OK(rump_sys_utimensat(RUMP_AT_FDCWD, "/mine", tsp, 0));
	TV_OK(rump_sys_utimes("/mine", tv));
	TV_OK(rump_sys_utimes("/mine", NULL));
	/* A writer: "now" only (NULL or both NOW); the rest EPERM. */
	TV_OK(rump_sys_utimes("/w", NULL));
	TV_OK(rump_sys_utimensat(RUMP_AT_FDCWD, "/w", NULL, 0));
	ts[0].tv_nsec = NOW;
	ts[1].tv_nsec = NOW;
	TV_OK(rump_sys_utimensat(RUMP_AT_FDCWD, "/w", tsp, 0));
	ts[1].tv_nsec = OMIT;
	TV_FAIL(rump_sys_utimensat(RUMP_AT_FDCWD, "/w", tsp, 0), EPERM);
	ts[0].tv_nsec = 0;
	ts[1].tv_nsec = 0;
	TV_FAIL(rump_sys_utimensat(RUMP_AT_FDCWD, "/w", tsp, 0), EPERM);
	TV_FAIL(rump_sys_utimes("/w", tv), EPERM);
	fd = rump_sys_open("/w", RUMP_O_RDWR);
	KT_EXPECT(fd >= 0);
	TV_OK(rump_sys_futimens(fd, NULL));
	TV_FAIL(rump_sys_futimens(fd, tsp), EPERM);
	TV_OK(rump_sys_futimes(fd, NULL));
	TV_FAIL(rump_sys_futimes(fd, tv), EPERM);
	TV_OK(rump_sys_close(fd));
	/* Neither owner nor writer: EACCES for now, EPERM for the rest. */
	TV_FAIL(rump_sys_utimes("/r", NULL), EACCES);
	TV_FAIL(rump_sys_utimensat(RUMP_AT_FDCWD, "/r", NULL, 0), EACCES);
	TV_FAIL(rump_sys_utimensat(RUMP_AT_FDCWD, "/r", tsp, 0), EPERM);
	/* Both OMIT: no check at all. */
	ts[0].tv_nsec = OMIT;
	ts[1].tv_nsec = OMIT;
	TV_OK(rump_sys_utimensat(RUMP_AT_FDCWD, "/r", tsp, 0));
	rump_lwproc_releaselwp();
	TV_OK(rump_sys_stat("/r", &st));
	KT_EXPECT(st.st_mtimespec.tv_sec > 6);
	tv_halt();
}

/* A read-only mount: EROFS before any permission check. */
static void t_attr_rofs(void)
{
	struct rump_timespec ts[2] = { { 5, 0 }, { 6, 0 } };
	int fd;

	if (tv_boot())
		return;
	TV_OK(rump_sys_mkdir("/mnt", 0755));
	TV_OK(rump_sys_mount(RUMP_MOUNT_RUMPFS, "/mnt", 0, NULL, 0));
	TV_OK(tv_mkfile("/mnt/f", "abc", 0644));
	TV_OK(rump_sys_symlink("f", "/mnt/l"));
	TV_OK(rump_sys_mount(RUMP_MOUNT_RUMPFS, "/mnt",
			     RUMP_MNT_UPDATE | RUMP_MNT_RDONLY, NULL, 0));
	TV_FAIL(rump_sys_chown("/mnt/f", 1, 1), EROFS);
	TV_FAIL(rump_sys_lchown("/mnt/l", 1, 1), EROFS);
	TV_FAIL(rump_sys_utimes("/mnt/f", NULL), EROFS);
	TV_FAIL(rump_sys_lutimes("/mnt/l", NULL), EROFS);
	TV_FAIL(rump_sys_utimensat(RUMP_AT_FDCWD, "/mnt/f",
				   (const struct timespec *)ts, 0), EROFS);
	fd = rump_sys_open("/mnt/f", RUMP_O_RDONLY);
	KT_EXPECT(fd >= 0);
	TV_FAIL(rump_sys_fchown(fd, 1, 1), EROFS);
	TV_FAIL(rump_sys_futimens(fd, NULL), EROFS);
	TV_FAIL(rump_sys_futimes(fd, NULL), EROFS);
	TV_FAIL(rump_sys_fchmod(fd, 0600), EROFS);
	TV_OK(rump_sys_close(fd));
	/* Not the owner either: still EROFS first. */
	KT_EXPECT_EQ(become(1000), 0);
	TV_FAIL(rump_sys_chown("/mnt/f", 1000, 1000), EROFS);
	TV_FAIL(rump_sys_utimes("/mnt/f", NULL), EROFS);
	rump_lwproc_releaselwp();
	TV_OK(rump_sys_unmount("/mnt", 0));
	tv_halt();
}

static void t_fdatasync(void)
{
	int fd, pfd[2];

	if (tv_boot())
		return;
	TV_OK(tv_mkfile("/f", "abc", 0644));
	fd = rump_sys_open("/f", RUMP_O_RDONLY);
	KT_EXPECT(fd >= 0);
	TV_FAIL(rump_sys_fdatasync(fd), EBADF);		/* NetBSD */
	TV_OK(rump_sys_fsync(fd));		/* fsync does not care */
	TV_OK(rump_sys_close(fd));
	fd = rump_sys_open("/f", RUMP_O_WRONLY | RUMP_O_APPEND);
	KT_EXPECT(fd >= 0);
	KT_EXPECT_EQ(rump_sys_write(fd, "def", 3), 3);
	TV_OK(rump_sys_fdatasync(fd));
	TV_OK(rump_sys_close(fd));
	TV_FAIL(rump_sys_fdatasync(fd), EBADF);
	TV_OK(rump_sys_pipe(pfd));
	TV_FAIL(rump_sys_fdatasync(pfd[1]), EINVAL);
	TV_FAIL(rump_sys_fsync(pfd[1]), EINVAL);
	TV_OK(rump_sys_close(pfd[0]));
	TV_OK(rump_sys_close(pfd[1]));
	tv_halt();
}

static const struct kt_case cases[] = {
	{ "chown-root", t_chown_root },
	{ "chown-user", t_chown_user },
	{ "utimensat-futimens", t_utimens },
	{ "times-perm", t_times_perm },
	{ "rofs", t_attr_rofs },
	{ "fdatasync", t_fdatasync },
};
const struct kt_family tv_fam_attr = { "attr", cases, KT_NELEM(cases), NULL };
