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

#endif /* _RUMP_RUMP_SYSCALLS_H_ */
