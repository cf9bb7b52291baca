/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rump_syscalls.h - the rump kernel's system calls, callable from any host
 * thread.  Signatures are NetBSD's; each returns -1 and sets the calling
 * thread's errno (NetBSD numbering, RUMP_E* in <rump/rumpdefs.h>) through
 * rumpuser_seterrno() on failure.  In the Linux kernel, where there is no
 * errno, read it with rumpuser_ext_geterrno().
 *
 * The structures are only declared here.  Their layout is NetBSD's LP64
 * one, which a host program's own definitions match on Linux/x86-64:
 *   struct timespec { int64_t tv_sec; long tv_nsec; }
 *   struct iovec    { void *iov_base; size_t iov_len; }
 *   struct pollfd   { int fd; short events; short revents; }
 * so a program passes its libc's types unchanged.  Code that has no such
 * definitions (Linux kernel glue) may use the rump_-prefixed twins below,
 * which have the same layout.
 */
#ifndef _RUMP_RUMP_SYSCALLS_H_
#define _RUMP_RUMP_SYSCALLS_H_

#include <rump/rump_types.h>

struct timespec;
struct iovec;
struct pollfd;

struct rump_timespec {
	int64_t tv_sec;
	long tv_nsec;
};

struct rump_iovec {
	void *iov_base;
	size_t iov_len;
};

struct rump_pollfd {
	int fd;
	short events;
	short revents;
};

/*
 * File-system structures in NetBSD's amd64 layout (struct stat of
 * __stat50, struct dirent of __getdents30, struct statvfs of
 * __statvfs190).  They differ from Linux's, so callers use these names.
 */
struct rump_stat {
	uint64_t st_dev;
	uint32_t st_mode;
	uint64_t st_ino;
	uint32_t st_nlink;
	uint32_t st_uid;
	uint32_t st_gid;
	uint64_t st_rdev;
	struct rump_timespec st_atimespec;
	struct rump_timespec st_mtimespec;
	struct rump_timespec st_ctimespec;
	struct rump_timespec st_birthtimespec;
	int64_t st_size;
	int64_t st_blocks;
	uint32_t st_blksize;
	uint32_t st_flags;
	uint32_t st_gen;
	uint32_t st_spare[2];
};

struct rump_dirent {
	uint64_t d_fileno;
	uint16_t d_reclen;	/* multiple of 8 */
	uint16_t d_namlen;
	uint8_t d_type;		/* RUMP_DT_* */
	char d_name[511 + 1];	/* NUL-terminated; only reclen bytes used */
};
/* Size of a record for a name of len bytes. */
#define RUMP_DIRENT_RECLEN(len) \
	((__builtin_offsetof(struct rump_dirent, d_name) + (len) + 1 + 7) & ~7UL)

struct rump_statvfs {
	unsigned long f_flag;
	unsigned long f_bsize;
	unsigned long f_frsize;
	unsigned long f_iosize;
	uint64_t f_blocks;
	uint64_t f_bfree;
	uint64_t f_bavail;
	uint64_t f_bresvd;
	uint64_t f_files;
	uint64_t f_ffree;
	uint64_t f_favail;
	uint64_t f_fresvd;
	uint64_t f_syncreads;
	uint64_t f_syncwrites;
	uint64_t f_asyncreads;
	uint64_t f_asyncwrites;
	struct { int32_t __fsid_val[2]; } f_fsidx;
	unsigned long f_fsid;
	unsigned long f_namemax;
	uint32_t f_owner;
	uint32_t f_spare[4];
	char f_fstypename[32];
	char f_mntonname[1024];
	char f_mntfromname[1024];
	char f_mntfromlabel[1024];
};

struct rump_timeval {
	int64_t tv_sec;
	int32_t tv_usec;
};

/* Identity and credentials. */
pid_t rump_sys_getpid(void);
pid_t rump_sys_getppid(void);
uid_t rump_sys_getuid(void);
uid_t rump_sys_geteuid(void);
gid_t rump_sys_getgid(void);
gid_t rump_sys_getegid(void);
int rump_sys_setuid(uid_t uid);
int rump_sys_seteuid(uid_t euid);
int rump_sys_setgid(gid_t gid);
int rump_sys_setegid(gid_t egid);

/* Descriptors. */
int rump_sys_close(int fd);
int rump_sys_dup(int fd);
int rump_sys_dup2(int from, int to);
int rump_sys_dup3(int from, int to, int flags);
int rump_sys_fcntl(int fd, int cmd, ...);
ssize_t rump_sys_read(int fd, void *buf, size_t n);
ssize_t rump_sys_write(int fd, const void *buf, size_t n);
ssize_t rump_sys_readv(int fd, const struct iovec *iov, int iovcnt);
ssize_t rump_sys_writev(int fd, const struct iovec *iov, int iovcnt);
int rump_sys_ioctl(int fd, unsigned long cmd, ...);
int rump_sys_poll(struct pollfd *fds, unsigned int nfds, int timeout);
int rump_sys_pipe(int *fds);
int rump_sys_pipe2(int *fds, int flags);

/*
 * Files and file systems (the VFS component, librumpvfs / rumpvfs.ko:
 * without it these fail with ENOSYS).  Paths are at most
 * RUMP_MAXPATHLEN-1 bytes, components RUMP_NAME_MAX.
 */
int rump_sys_open(const char *path, int flags, ...);
ssize_t rump_sys_pread(int fd, void *buf, size_t n, off_t off);
ssize_t rump_sys_pwrite(int fd, const void *buf, size_t n, off_t off);
off_t rump_sys_lseek(int fd, off_t off, int whence);
int rump_sys_stat(const char *path, struct rump_stat *sb);
int rump_sys_lstat(const char *path, struct rump_stat *sb);
int rump_sys_fstat(int fd, struct rump_stat *sb);
ssize_t rump_sys_readlink(const char *path, char *buf, size_t n);
int rump_sys_access(const char *path, int mode);
int rump_sys_getdents(int fd, char *buf, size_t n);
int rump_sys_chdir(const char *path);
int rump_sys_fchdir(int fd);
int rump_sys___getcwd(char *buf, size_t n);
int rump_sys_statvfs1(const char *path, struct rump_statvfs *sb, int flags);
int rump_sys_fstatvfs1(int fd, struct rump_statvfs *sb, int flags);
int rump_sys_mount(const char *type, const char *path, int flags,
		   void *data, size_t data_len);
int rump_sys_unmount(const char *path, int flags);
int rump_sys_sync(void);
int rump_sys_fsync(int fd);
int rump_sys_mkdir(const char *path, mode_t mode);
int rump_sys_rmdir(const char *path);
int rump_sys_unlink(const char *path);
int rump_sys_link(const char *from, const char *to);
int rump_sys_rename(const char *from, const char *to);
int rump_sys_symlink(const char *target, const char *path);
/* dev: NetBSD's dev_t (64 bits).  Device nodes need the superuser. */
int rump_sys_mknod(const char *path, mode_t mode, uint64_t dev);
int rump_sys_mkfifo(const char *path, mode_t mode);
int rump_sys_chmod(const char *path, mode_t mode);
int rump_sys_fchmod(int fd, mode_t mode);
int rump_sys_chown(const char *path, uid_t uid, gid_t gid);
int rump_sys_truncate(const char *path, off_t len);
int rump_sys_ftruncate(int fd, off_t len);
int rump_sys_utimes(const char *path, const struct rump_timeval *tv);
mode_t rump_sys_umask(mode_t mask);

/* Time. */
int rump_sys_clock_gettime(int clk, struct timespec *ts);
int rump_sys_nanosleep(const struct timespec *req, struct timespec *rem);

/*
 * Shut the kernel down (any howto; RUMP_RB_DUMP additionally panics).
 * Returns 0 on success, unlike NetBSD's reboot(2) which does not return,
 * because the host thread carries on.
 */
int rump_sys_reboot(int howto, char *bootstr);

/*
 * Generic entry by NetBSD syscall number (the syscall proxy's path):
 * args is an array of register_t-sized slots.  Returns 0 or an errno;
 * retval[0..1] get the results.  Unknown numbers give ENOSYS.
 */
int rump_syscall(int num, void *args, size_t argsize, long *retval);

/*
 * More file calls (the VFS component).  Ownership: fchown, lchown (no
 * symlink following).  fdatasync: EBADF unless fd is open for writing.
 * Times: utimensat/futimens take struct timespec[2] (access,
 * modification) where tv_nsec may be RUMP_UTIME_NOW or RUMP_UTIME_OMIT;
 * times == NULL means both now.  utimensat's fd is RUMP_AT_FDCWD or a
 * directory descriptor for a relative path, flag 0 or
 * RUMP_AT_SYMLINK_NOFOLLOW.  lutimes/futimes take struct timeval[2]
 * (NetBSD layout: struct rump_timeval).
 */
#ifndef RUMP_UTIME_NOW
#define RUMP_UTIME_NOW		((1 << 30) - 1)	/* NetBSD's values */
#define RUMP_UTIME_OMIT		((1 << 30) - 2)
#endif
#ifndef RUMP_AT_SYMLINK_NOFOLLOW
#define RUMP_AT_SYMLINK_NOFOLLOW	0x200
#endif
int rump_sys_fchown(int fd, uid_t uid, gid_t gid);
int rump_sys_lchown(const char *path, uid_t uid, gid_t gid);
int rump_sys_fdatasync(int fd);
int rump_sys_utimensat(int fd, const char *path, const struct timespec *ts,
		       int flag);
int rump_sys_futimens(int fd, const struct timespec *ts);
int rump_sys_lutimes(const char *path, const struct rump_timeval *tv);
int rump_sys_futimes(int fd, const struct rump_timeval *tv);

#endif /* _RUMP_RUMP_SYSCALLS_H_ */
