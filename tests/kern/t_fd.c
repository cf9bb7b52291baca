// SPDX-License-Identifier: BSD-2-Clause
/* t_fd.c - descriptor semantics, pipes, poll, ioctl, time syscalls. */
#include "tk.h"

static void t_pipe_rw(void)
{
	char buf[16];
	int fds[2];

	if (tk_boot())
		return;
	KT_EXPECT_EQ(rump_sys_pipe(fds), 0);
	KT_EXPECT_EQ(fds[0], 0);
	KT_EXPECT_EQ(fds[1], 1);
	KT_EXPECT_EQ(rump_sys_write(fds[1], "hello", 5), 5);
	KT_EXPECT_EQ(rump_sys_read(fds[0], buf, sizeof(buf)), 5);
	KT_EXPECT(memcmp(buf, "hello", 5) == 0);
	/* Wrong direction. */
	KT_EXPECT_EQ(rump_sys_write(fds[0], "x", 1), -1);
	KT_EXPECT_EQ(tk_errno(), EBADF);
	KT_EXPECT_EQ(rump_sys_read(fds[1], buf, 1), -1);
	KT_EXPECT_EQ(tk_errno(), EBADF);
	/* EOF once the writer is gone; EPIPE once the reader is. */
	KT_EXPECT_EQ(rump_sys_write(fds[1], "x", 1), 1);
	KT_EXPECT_EQ(rump_sys_close(fds[1]), 0);
	KT_EXPECT_EQ(rump_sys_read(fds[0], buf, sizeof(buf)), 1);
	KT_EXPECT_EQ(rump_sys_read(fds[0], buf, sizeof(buf)), 0);
	KT_EXPECT_EQ(rump_sys_close(fds[0]), 0);
	KT_EXPECT_EQ(rump_sys_pipe(fds), 0);
	KT_EXPECT_EQ(rump_sys_close(fds[0]), 0);
	KT_EXPECT_EQ(rump_sys_write(fds[1], "x", 1), -1);
	KT_EXPECT_EQ(tk_errno(), EPIPE);
	KT_EXPECT_EQ(rump_sys_close(fds[1]), 0);
	KT_EXPECT_EQ(rump_sys_pipe2(fds, 0x40000000), -1);
	KT_EXPECT_EQ(tk_errno(), EINVAL);
	tk_halt();
}

static void t_dup(void)
{
	int fds[2];
	char c;

	if (tk_boot())
		return;
	KT_EXPECT_EQ(rump_sys_pipe(fds), 0);
	KT_EXPECT_EQ(rump_sys_dup(fds[1]), 2);		/* lowest free */
	KT_EXPECT_EQ(rump_sys_dup(fds[1]), 3);
	KT_EXPECT_EQ(rump_sys_close(2), 0);
	KT_EXPECT_EQ(rump_sys_dup(fds[1]), 2);		/* reuses 2 */
	KT_EXPECT_EQ(rump_sys_dup2(fds[1], 10), 10);
	KT_EXPECT_EQ(rump_sys_dup2(10, 10), 10);	/* same fd: no-op */
	KT_EXPECT_EQ(rump_sys_write(10, "z", 1), 1);
	KT_EXPECT_EQ(rump_sys_read(fds[0], &c, 1), 1);
	KT_EXPECT_EQ(c, 'z');
	KT_EXPECT_EQ(rump_sys_dup3(10, 10, 0), -1);
	KT_EXPECT_EQ(tk_errno(), EINVAL);
	KT_EXPECT_EQ(rump_sys_close(7), -1);
	KT_EXPECT_EQ(tk_errno(), EBADF);
	KT_EXPECT_EQ(rump_sys_close(-1), -1);
	KT_EXPECT_EQ(tk_errno(), EBADF);
	KT_EXPECT_EQ(rump_sys_dup(99), -1);
	KT_EXPECT_EQ(tk_errno(), EBADF);
	KT_EXPECT_EQ(rump_sys_dup2(99, 3), -1);
	KT_EXPECT_EQ(tk_errno(), EBADF);
	KT_EXPECT_EQ(rump_sys_dup2(1, -1), -1);
	KT_EXPECT_EQ(tk_errno(), EBADF);
	/* dup2 over an open descriptor closes what was there. */
	KT_EXPECT_EQ(rump_sys_dup2(fds[0], 10), 10);
	KT_EXPECT_EQ(rump_sys_write(fds[1], "y", 1), 1);
	KT_EXPECT_EQ(rump_sys_read(10, &c, 1), 1);
	KT_EXPECT_EQ(c, 'y');
	KT_EXPECT_EQ(rump_sys_write(10, "y", 1), -1);	/* now a read end */
	KT_EXPECT_EQ(tk_errno(), EBADF);
	/* Closing the original leaves the duplicate working. */
	KT_EXPECT_EQ(rump_sys_close(fds[0]), 0);
	KT_EXPECT_EQ(rump_sys_write(3, "w", 1), 1);
	KT_EXPECT_EQ(rump_sys_read(10, &c, 1), 1);
	KT_EXPECT_EQ(c, 'w');
	tk_halt();	/* open descriptors are closed by shutdown */
}

static void t_fcntl(void)
{
	int fds[2];
	char c;

	if (tk_boot())
		return;
	KT_EXPECT_EQ(rump_sys_pipe2(fds, RUMP_O_CLOEXEC), 0);
	KT_EXPECT_EQ(rump_sys_fcntl(fds[0], RUMP_F_GETFD), RUMP_FD_CLOEXEC);
	KT_EXPECT_EQ(rump_sys_fcntl(fds[0], RUMP_F_SETFD, 0), 0);
	KT_EXPECT_EQ(rump_sys_fcntl(fds[0], RUMP_F_GETFD), 0);
	KT_EXPECT_EQ(rump_sys_fcntl(fds[0], RUMP_F_GETFL), RUMP_O_RDONLY);
	KT_EXPECT_EQ(rump_sys_fcntl(fds[1], RUMP_F_GETFL), RUMP_O_WRONLY);
	KT_EXPECT_EQ(rump_sys_fcntl(fds[0], RUMP_F_SETFL, RUMP_O_NONBLOCK), 0);
	KT_EXPECT_EQ(rump_sys_fcntl(fds[0], RUMP_F_GETFL), RUMP_O_NONBLOCK);
	KT_EXPECT_EQ(rump_sys_read(fds[0], &c, 1), -1);
	KT_EXPECT_EQ(tk_errno(), EAGAIN);
	KT_EXPECT_EQ(rump_sys_fcntl(fds[0], RUMP_F_DUPFD, 20), 20);
	KT_EXPECT_EQ(rump_sys_fcntl(fds[0], RUMP_F_DUPFD_CLOEXEC, 20), 21);
	KT_EXPECT_EQ(rump_sys_fcntl(21, RUMP_F_GETFD), RUMP_FD_CLOEXEC);
	KT_EXPECT_EQ(rump_sys_fcntl(fds[0], RUMP_F_MAXFD), 21);
	KT_EXPECT_EQ(rump_sys_fcntl(20, RUMP_F_CLOSEM), 0);
	KT_EXPECT_EQ(rump_sys_close(21), -1);
	KT_EXPECT_EQ(rump_sys_fcntl(fds[0], 999), -1);
	KT_EXPECT_EQ(tk_errno(), EINVAL);
	KT_EXPECT_EQ(rump_sys_fcntl(55, RUMP_F_GETFD), -1);
	KT_EXPECT_EQ(tk_errno(), EBADF);
	tk_halt();
}

static void t_readv_writev(void)
{
	struct rump_iovec wv[3] = {
		{ __UNCONST("ab"), 2 }, { __UNCONST(""), 0 }, { __UNCONST("cde"), 3 }
	};
	char a[1], b[10];
	struct rump_iovec rv[2] = { { a, 1 }, { b, 10 } };
	int fds[2];

	if (tk_boot())
		return;
	KT_EXPECT_EQ(rump_sys_pipe(fds), 0);
	KT_EXPECT_EQ(rump_sys_writev(fds[1], (struct iovec *)wv, 3), 5);
	KT_EXPECT_EQ(rump_sys_readv(fds[0], (struct iovec *)rv, 2), 5);
	KT_EXPECT_EQ(a[0], 'a');
	KT_EXPECT(memcmp(b, "bcde", 4) == 0);
	KT_EXPECT_EQ(rump_sys_readv(fds[0], (struct iovec *)rv, 0), -1);
	KT_EXPECT_EQ(tk_errno(), EINVAL);
	KT_EXPECT_EQ(rump_sys_writev(fds[1], NULL, 1), -1);
	KT_EXPECT_EQ(tk_errno(), EFAULT);
	tk_halt();
}

/* A big write blocks until a reader drains it, and arrives whole. */
static int bw_fd;

/* Host threads (outside the kernel) call rump_sys_*(), kthreads cannot. */
static void *big_writer(void *arg)
{
	char *buf = arg;

	KT_EXPECT_EQ(rump_sys_write(bw_fd, buf, 100000), 100000);
	return NULL;
}

static void t_pipe_blocking(void)
{
	char *wbuf, *rbuf;
	void *cookie;
	int fds[2], got = 0, i, n;

	if (tk_boot())
		return;
	KT_EXPECT_EQ(rump_sys_pipe(fds), 0);
	rump_schedule();
	wbuf = kmem_alloc(100000, KM_SLEEP);
	rbuf = kmem_alloc(100000, KM_SLEEP);
	for (i = 0; i < 100000; i++)
		wbuf[i] = (char)(i * 7);
	bw_fd = fds[1];
	rump_unschedule();
	KT_EXPECT_EQ(rumpuser_thread_create(big_writer, wbuf, "tkbw", 1, -1, -1,
					    &cookie), 0);
	while (got < 100000) {
		n = (int)rump_sys_read(fds[0], rbuf + got, 100000 - got);
		if (n <= 0)
			break;
		got += n;
	}
	KT_EXPECT_EQ(got, 100000);
	KT_EXPECT(memcmp(wbuf, rbuf, 100000) == 0);
	KT_EXPECT_EQ(rumpuser_thread_join(cookie), 0);
	rump_schedule();
	kmem_free(wbuf, 100000);
	kmem_free(rbuf, 100000);
	rump_unschedule();
	tk_halt();
}

static void *late_writer(void *arg)
{
	struct rump_timespec ts = { 0, 30000000 };

	(void)arg;
	rump_sys_nanosleep((struct timespec *)&ts, NULL);
	KT_EXPECT_EQ(rump_sys_write(bw_fd, "p", 1), 1);
	return NULL;
}

static void t_poll(void)
{
	struct rump_pollfd pfd[3];
	void *cookie;
	int fds[2];

	if (tk_boot())
		return;
	KT_EXPECT_EQ(rump_sys_pipe(fds), 0);
	pfd[0].fd = fds[0];
	pfd[0].events = RUMP_POLLIN;
	pfd[1].fd = fds[1];
	pfd[1].events = RUMP_POLLOUT;
	pfd[2].fd = 42;
	pfd[2].events = RUMP_POLLIN;
	KT_EXPECT_EQ(rump_sys_poll((struct pollfd *)pfd, 3, 0), 2);
	KT_EXPECT_EQ(pfd[0].revents, 0);
	KT_EXPECT_EQ(pfd[1].revents, RUMP_POLLOUT);
	KT_EXPECT_EQ(pfd[2].revents, RUMP_POLLNVAL);
	/* Timeout with nothing ready. */
	KT_EXPECT_EQ(rump_sys_poll((struct pollfd *)pfd, 1, 20), 0);
	/* Woken by a write from another thread. */
	bw_fd = fds[1];
	KT_EXPECT_EQ(rumpuser_thread_create(late_writer, NULL, "tklw", 1, -1,
					    -1, &cookie), 0);
	KT_EXPECT_EQ(rump_sys_poll((struct pollfd *)pfd, 1, 5000), 1);
	KT_EXPECT_EQ(pfd[0].revents, RUMP_POLLIN);
	KT_EXPECT_EQ(rumpuser_thread_join(cookie), 0);
	/* Hang-up when the writer goes. */
	KT_EXPECT_EQ(rump_sys_close(fds[1]), 0);
	KT_EXPECT_EQ(rump_sys_poll((struct pollfd *)pfd, 1, -1), 1);
	KT_EXPECT(pfd[0].revents & RUMP_POLLHUP);
	tk_halt();
}

static void t_ioctl(void)
{
	int fds[2], n = 0, on = 1;
	char c;

	if (tk_boot())
		return;
	KT_EXPECT_EQ(rump_sys_pipe(fds), 0);
	KT_EXPECT_EQ(rump_sys_write(fds[1], "abc", 3), 3);
	KT_EXPECT_EQ(rump_sys_ioctl(fds[0], RUMP_FIONREAD, &n), 0);
	KT_EXPECT_EQ(n, 3);
	KT_EXPECT_EQ(rump_sys_read(fds[0], &c, 1), 1);
	KT_EXPECT_EQ(rump_sys_read(fds[0], &c, 1), 1);
	KT_EXPECT_EQ(rump_sys_read(fds[0], &c, 1), 1);
	KT_EXPECT_EQ(rump_sys_ioctl(fds[0], RUMP_FIONBIO, &on), 0);
	KT_EXPECT_EQ(rump_sys_read(fds[0], &c, 1), -1);
	KT_EXPECT_EQ(tk_errno(), EAGAIN);
	KT_EXPECT_EQ(rump_sys_ioctl(fds[0], RUMP_FIOCLEX), 0);
	KT_EXPECT_EQ(rump_sys_fcntl(fds[0], RUMP_F_GETFD), RUMP_FD_CLOEXEC);
	KT_EXPECT_EQ(rump_sys_ioctl(fds[0], RUMP__IOR('z', 1, int), &n), -1);
	KT_EXPECT_EQ(tk_errno(), ENOTTY);
	KT_EXPECT_EQ(rump_sys_ioctl(33, RUMP_FIONREAD, &n), -1);
	KT_EXPECT_EQ(tk_errno(), EBADF);
	tk_halt();
}

static void t_table_limit(void)
{
	int fds[2], i, fd = 0;

	if (tk_boot())
		return;
	KT_EXPECT_EQ(rump_sys_pipe(fds), 0);
	for (i = 2; i < NDFILE_MAX; i++) {
		fd = rump_sys_dup(fds[1]);
		if (fd != i)
			break;
	}
	KT_EXPECT_EQ(fd, NDFILE_MAX - 1);
	KT_EXPECT_EQ(rump_sys_dup(fds[1]), -1);
	KT_EXPECT_EQ(tk_errno(), EMFILE);
	tk_halt();
}

static void t_misc_syscalls(void)
{
	struct rump_timespec t0, t1, req = { 0, 20000000 };
	long rv[2];
	int64_t d;

	if (tk_boot())
		return;
	KT_EXPECT_EQ(rump_syscall(9999, NULL, 0, rv), ENOSYS);
	KT_EXPECT_EQ(rump_syscall(300, NULL, 0, rv), ENOSYS);
	KT_EXPECT_EQ(rump_syscall(20, NULL, 0, rv), 0);	/* getpid */
	KT_EXPECT_EQ(rv[0], 0);
	KT_EXPECT_EQ(rump_sys_clock_gettime(RUMP_CLOCK_MONOTONIC,
					    (struct timespec *)&t0), 0);
	KT_EXPECT_EQ(rump_sys_nanosleep((struct timespec *)&req, NULL), 0);
	KT_EXPECT_EQ(rump_sys_clock_gettime(RUMP_CLOCK_MONOTONIC,
					    (struct timespec *)&t1), 0);
	d = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
	KT_EXPECT(d >= 20000000);
	KT_EXPECT_EQ(rump_sys_clock_gettime(RUMP_CLOCK_REALTIME,
					    (struct timespec *)&t0), 0);
	KT_EXPECT(t0.tv_sec > 1600000000);	/* after 2020 */
	KT_EXPECT_EQ(rump_sys_clock_gettime(77, (struct timespec *)&t0), -1);
	KT_EXPECT_EQ(tk_errno(), EINVAL);
	req.tv_nsec = 1000000000;
	KT_EXPECT_EQ(rump_sys_nanosleep((struct timespec *)&req, NULL), -1);
	KT_EXPECT_EQ(tk_errno(), EINVAL);
	KT_EXPECT_EQ(rump_sys_clock_gettime(RUMP_CLOCK_REALTIME, NULL), -1);
	KT_EXPECT_EQ(tk_errno(), EFAULT);
	tk_halt();
}

/*
 * The copyin/copyout hook the Linux glue will use for real user memory:
 * here "user addresses" are offsets into a private buffer.
 */
static char us_mem[64];
static int us_in, us_out;

static int us_copyin(void *cookie, const void *uaddr, void *kaddr, size_t len)
{
	uintptr_t off = (uintptr_t)uaddr;

	(void)cookie;
	if (off + len > sizeof(us_mem))
		return EFAULT;
	memcpy(kaddr, us_mem + off, len);
	us_in++;
	return 0;
}

static int us_copyout(void *cookie, const void *kaddr, void *uaddr, size_t len)
{
	uintptr_t off = (uintptr_t)uaddr;

	(void)cookie;
	if (off + len > sizeof(us_mem))
		return EFAULT;
	memcpy(us_mem + off, kaddr, len);
	us_out++;
	return 0;
}

static int us_copyinstr(void *cookie, const void *uaddr, char *kaddr,
			size_t len, size_t *done)
{
	uintptr_t off = (uintptr_t)uaddr;

	(void)cookie;
	if (off >= sizeof(us_mem))
		return EFAULT;
	return copystr(us_mem + off, kaddr, MIN(len, sizeof(us_mem) - off),
		       done);
}

static const struct uspace_ops us_ops = {
	us_copyin, us_copyout, us_copyinstr
};

static void t_uspace_hook(void)
{
	char s[8];
	size_t done;
	int fds[2];

	if (tk_boot())
		return;
	KT_EXPECT_EQ(rump_lwproc_rfork(RUMP_RFCFDG), 0);
	KT_EXPECT_EQ(rump_sys_pipe(fds), 0);	/* before the hook: kernel space */
	rump_schedule();
	proc_set_uspace(curproc, &us_ops, NULL);
	memcpy(us_mem + 8, "hooked", 7);
	us_in = us_out = 0;
	KT_EXPECT_EQ(copyinstr((void *)8, s, sizeof(s), &done), 0);
	KT_EXPECT_EQ(done, 7);
	KT_EXPECT(strcmp(s, "hooked") == 0);
	rump_unschedule();
	/* write() reads "user" offset 8, read() writes "user" offset 32. */
	KT_EXPECT_EQ(rump_sys_write(fds[1], (void *)8, 6), 6);
	KT_EXPECT_EQ(rump_sys_read(fds[0], (void *)32, 6), 6);
	KT_EXPECT(memcmp(us_mem + 32, "hooked", 6) == 0);
	KT_EXPECT_EQ(us_in, 1);
	KT_EXPECT_EQ(us_out, 1);
	KT_EXPECT_EQ(rump_sys_write(fds[1], (void *)60, 6), -1);
	KT_EXPECT_EQ(tk_errno(), EFAULT);
	/* Children inherit the address space. */
	KT_EXPECT_EQ(rump_lwproc_rfork(RUMP_RFFDG), 0);
	KT_EXPECT_EQ(rump_sys_write(fds[1], (void *)8, 1), 1);
	KT_EXPECT_EQ(us_in, 2);
	rump_lwproc_releaselwp();
	tk_halt();
}

static const struct kt_case cases[] = {
	{ "pipe-rw", t_pipe_rw },
	{ "uspace-hook", t_uspace_hook },
	{ "dup", t_dup },
	{ "fcntl", t_fcntl },
	{ "readv-writev", t_readv_writev },
	{ "pipe-blocking", t_pipe_blocking },
	{ "poll", t_poll },
	{ "ioctl", t_ioctl },
	{ "table-limit", t_table_limit },
	{ "misc-syscalls", t_misc_syscalls },
};
const struct kt_family tk_fam_fd = { "fd", cases, KT_NELEM(cases), NULL };
