// SPDX-License-Identifier: BSD-2-Clause
/*
 * syscalls.c - the system calls: implementations, the table indexed by
 * NetBSD syscall number, and the rump_sys_*() entry points.
 *
 * Every call takes its arguments as an array of register_t slots (NetBSD's
 * syscall argument layout on LP64) and returns 0 or an errno with results
 * in retval[0..1].  rump_sys_*() build the slots, enter the kernel, and
 * turn an error into -1 + rumpuser_seterrno(); the syscall proxy upcall
 * (hyp_syscall) and rump_syscall() use the table directly, so all three
 * paths run the same code.
 */
#include "kern/types.h"
#include "kern/systm.h"
#include "kern/kmem.h"
#include "kern/lock.h"
#include "kern/proc.h"
#include "kern/file.h"
#include "kern/rumpkern.h"

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#define IOV_MAX		1024
#define IOCTL_MAXLEN	512
#define POLL_MAXFDS	NDFILE_MAX

#define ARG(n, type)	((type)a[n])
#define ARGP(n, type)	((type)(uintptr_t)a[n])

#include "kern/syscall.h"

/* ---- identity and credentials ---------------------------------------- */

static int sys_getpid(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)a;
	rv[0] = l->l_proc->p_pid;
	rv[1] = l->l_proc->p_ppid;
	return 0;
}

static int sys_getppid(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)a;
	rv[0] = l->l_proc->p_ppid;
	return 0;
}

/* A snapshot of the process's credentials. */
static void cred_get(struct proc *p, struct kauth_cred *cr)
{
	mutex_enter(&p->p_lock);
	*cr = *p->p_cred;
	mutex_exit(&p->p_lock);
}

static int sys_getuid(struct lwp *l, const register_t *a, register_t *rv)
{
	struct kauth_cred cr;

	(void)a;
	cred_get(l->l_proc, &cr);
	rv[0] = cr.cr_uid;
	rv[1] = cr.cr_euid;
	return 0;
}

static int sys_geteuid(struct lwp *l, const register_t *a, register_t *rv)
{
	struct kauth_cred cr;

	(void)a;
	cred_get(l->l_proc, &cr);
	rv[0] = cr.cr_euid;
	return 0;
}

static int sys_getgid(struct lwp *l, const register_t *a, register_t *rv)
{
	struct kauth_cred cr;

	(void)a;
	cred_get(l->l_proc, &cr);
	rv[0] = cr.cr_gid;
	rv[1] = cr.cr_egid;
	return 0;
}

static int sys_getegid(struct lwp *l, const register_t *a, register_t *rv)
{
	struct kauth_cred cr;

	(void)a;
	cred_get(l->l_proc, &cr);
	rv[0] = cr.cr_egid;
	return 0;
}

enum credop { SETUID, SETEUID, SETGID, SETEGID };

/*
 * POSIX rules: the superuser (euid 0) sets all three ids with setuid/
 * setgid and the effective one with seteuid/setegid; anyone else may only
 * set the effective id to the real or saved one.
 */
static int cred_apply(struct kauth_cred *cr, enum credop op, unsigned id)
{
	bool root = cr->cr_euid == 0;

	switch (op) {
	case SETUID:
		if (root) {
			cr->cr_uid = cr->cr_euid = cr->cr_svuid = id;
			return 0;
		}
		__rump_fallthrough;
	case SETEUID:
		if (!root && id != cr->cr_uid && id != cr->cr_svuid)
			return EPERM;
		cr->cr_euid = id;
		return 0;
	case SETGID:
		if (root) {
			cr->cr_gid = cr->cr_egid = cr->cr_svgid = id;
			return 0;
		}
		__rump_fallthrough;
	case SETEGID:
		if (!root && id != cr->cr_gid && id != cr->cr_svgid)
			return EPERM;
		cr->cr_egid = id;
		return 0;
	}
	return EINVAL;
}

/* Credentials are immutable once shared: build a new set and swap it in. */
static int cred_change(struct proc *p, enum credop op, unsigned id)
{
	kauth_cred_t ncr = kauth_cred_alloc(), ocr;
	int error;

	if (ncr == NULL)
		return ENOMEM;
	mutex_enter(&p->p_lock);
	ocr = p->p_cred;
	*ncr = *ocr;
	ncr->cr_refcnt = 1;
	error = cred_apply(ncr, op, id);
	if (error == 0)
		p->p_cred = ncr;
	mutex_exit(&p->p_lock);
	kauth_cred_free(error ? ncr : ocr);
	return error;
}

static int sys_setuid(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)rv;
	return cred_change(l->l_proc, SETUID, ARG(0, unsigned));
}

static int sys_seteuid(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)rv;
	return cred_change(l->l_proc, SETEUID, ARG(0, unsigned));
}

static int sys_setgid(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)rv;
	return cred_change(l->l_proc, SETGID, ARG(0, unsigned));
}

static int sys_setegid(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)rv;
	return cred_change(l->l_proc, SETEGID, ARG(0, unsigned));
}

/* ---- descriptors ----------------------------------------------------- */

static int sys_close(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)l;
	(void)rv;
	return fd_close(ARG(0, int));
}

static int sys_dup(struct lwp *l, const register_t *a, register_t *rv)
{
	int fd, error;

	(void)l;
	error = fd_dup(ARG(0, int), 0, false, &fd);
	if (error == 0)
		rv[0] = fd;
	return error;
}

static int sys_dup2(struct lwp *l, const register_t *a, register_t *rv)
{
	int error;

	(void)l;
	error = fd_dup2(ARG(0, int), ARG(1, int), false);
	if (error == 0)
		rv[0] = ARG(1, int);
	return error;
}

static int sys_dup3(struct lwp *l, const register_t *a, register_t *rv)
{
	int flags = ARG(2, int), error;

	(void)l;
	if ((flags & ~RUMP_O_CLOEXEC) != 0 || ARG(0, int) == ARG(1, int))
		return EINVAL;
	error = fd_dup2(ARG(0, int), ARG(1, int),
			(flags & RUMP_O_CLOEXEC) != 0);
	if (error == 0)
		rv[0] = ARG(1, int);
	return error;
}

static int sys_fcntl(struct lwp *l, const register_t *a, register_t *rv)
{
	int fd = ARG(0, int), cmd = ARG(1, int), arg = ARG(2, int);
	struct filedesc *fdp = l->l_proc->p_fd;
	struct file *fp;
	bool ce;
	int error, nfd, i, fl;

	switch (cmd) {
	case RUMP_F_DUPFD:
	case RUMP_F_DUPFD_CLOEXEC:
		if (arg < 0 || arg >= NDFILE_MAX)
			return EINVAL;
		error = fd_dup(fd, arg, cmd == RUMP_F_DUPFD_CLOEXEC, &nfd);
		if (error == 0)
			rv[0] = nfd;
		return error;
	case RUMP_F_GETFD:
		error = fd_getcloexec(fd, &ce);
		if (error == 0)
			rv[0] = ce ? RUMP_FD_CLOEXEC : 0;
		return error;
	case RUMP_F_SETFD:
		return fd_setcloexec(fd, (arg & RUMP_FD_CLOEXEC) != 0);
	case RUMP_F_CLOSEM:
		if ((fp = fd_getfile(fd)) == NULL)
			return EBADF;
		fd_putfile(fp);
		mutex_enter(&fdp->fd_lock);
		nfd = fdp->fd_lastused;
		mutex_exit(&fdp->fd_lock);
		for (i = fd; i <= nfd; i++)
			(void)fd_close(i);
		return 0;
	case RUMP_F_MAXFD:
		if ((fp = fd_getfile(fd)) == NULL)
			return EBADF;
		fd_putfile(fp);
		mutex_enter(&fdp->fd_lock);
		rv[0] = fdp->fd_lastused;
		mutex_exit(&fdp->fd_lock);
		return 0;
	case RUMP_F_GETFL:
	case RUMP_F_SETFL:
		break;
	default:
		if ((fp = fd_getfile(fd)) == NULL)
			return EBADF;
		fd_putfile(fp);
		return EINVAL;
	}

	if ((fp = fd_getfile(fd)) == NULL)
		return EBADF;
	if (cmd == RUMP_F_GETFL) {
		rv[0] = OFLAGS(atomic_load_relaxed(&fp->f_flag));
		fd_putfile(fp);
		return 0;
	}
	/* F_SETFL: only the status flags change; tell the object. */
	fl = FFLAGS(arg) & FCNTLFLAGS;
	error = 0;
	if (fp->f_ops->fo_ioctl) {
		int on = (fl & FNONBLOCK) != 0;

		error = fp->f_ops->fo_ioctl(fp, RUMP_FIONBIO, &on);
		if (error == ENOTTY)
			error = 0;
	}
	if (error == 0) {
		mutex_enter(&fp->f_lock);
		atomic_store_relaxed(&fp->f_flag,
		    (atomic_load_relaxed(&fp->f_flag) & ~FCNTLFLAGS) | fl);
		mutex_exit(&fp->f_lock);
	}
	fd_putfile(fp);
	return error;
}

static int sys_ioctl(struct lwp *l, const register_t *a, register_t *rv)
{
	int fd = ARG(0, int);
	unsigned long cmd = ARG(1, unsigned long);
	void *udata = ARGP(2, void *);
	size_t len = (cmd >> 16) & RUMP_IOCPARM_MASK;
	char stackbuf[64];
	void *kdata = stackbuf;
	struct file *fp;
	int error = 0;

	(void)l;
	(void)rv;
	if (cmd == RUMP_FIOCLEX || cmd == RUMP_FIONCLEX)
		return fd_setcloexec(fd, cmd == RUMP_FIOCLEX);
	if (len > IOCTL_MAXLEN)
		return ENOTTY;
	if ((fp = fd_getfile(fd)) == NULL)
		return EBADF;
	if (!(atomic_load_relaxed(&fp->f_flag) & (FREAD | FWRITE))) {
		fd_putfile(fp);
		return EBADF;
	}
	if (len > sizeof(stackbuf)) {
		kdata = kmem_zalloc(len, KM_SLEEP);
		if (kdata == NULL) {
			fd_putfile(fp);
			return ENOMEM;
		}
	} else {
		memset(stackbuf, 0, sizeof(stackbuf));
	}
	if (len == 0)
		kdata = udata;		/* IOC_VOID: the argument itself */
	else if (cmd & RUMP_IOC_IN)
		error = copyin(udata, kdata, len);
	if (error)
		goto out;

	switch (cmd) {
	case RUMP_FIONBIO:
	case RUMP_FIOASYNC: {
		int bit = cmd == RUMP_FIONBIO ? FNONBLOCK : FASYNC;

		if (fp->f_ops->fo_ioctl) {
			error = fp->f_ops->fo_ioctl(fp, cmd, kdata);
			if (error == ENOTTY)
				error = 0;
		}
		if (error)
			break;
		mutex_enter(&fp->f_lock);
		if (*(int *)kdata)
			atomic_store_relaxed(&fp->f_flag,
			    atomic_load_relaxed(&fp->f_flag) | bit);
		else
			atomic_store_relaxed(&fp->f_flag,
			    atomic_load_relaxed(&fp->f_flag) & ~bit);
		mutex_exit(&fp->f_lock);
		break;
	}
	default:
		error = fp->f_ops->fo_ioctl ?
		    fp->f_ops->fo_ioctl(fp, cmd, kdata) : ENOTTY;
		break;
	}
	if (error == 0 && len > 0 && (cmd & RUMP_IOC_OUT))
		error = copyout(kdata, udata, len);
out:
	if (kdata != stackbuf && kdata != udata)
		kmem_free(kdata, len);
	fd_putfile(fp);
	return error;
}

static int sys_read(struct lwp *l, const register_t *a, register_t *rv)
{
	struct iovec iov = { ARGP(1, void *), ARG(2, size_t) };
	struct uio uio = { &iov, 1, 0, iov.iov_len, UIO_READ, UIO_USERSPACE };
	size_t done;
	int error;

	(void)l;
	if ((ssize_t)iov.iov_len < 0)
		return EINVAL;
	error = dofileread(ARG(0, int), &uio, &done);
	if (error == 0)
		rv[0] = (register_t)done;
	return error;
}

static int sys_write(struct lwp *l, const register_t *a, register_t *rv)
{
	struct iovec iov = { ARGP(1, void *), ARG(2, size_t) };
	struct uio uio = { &iov, 1, 0, iov.iov_len, UIO_WRITE, UIO_USERSPACE };
	size_t done;
	int error;

	(void)l;
	if ((ssize_t)iov.iov_len < 0)
		return EINVAL;
	error = dofilewrite(ARG(0, int), &uio, &done);
	if (error == 0)
		rv[0] = (register_t)done;
	return error;
}

static int dofilev(const register_t *a, register_t *rv, bool write)
{
	int fd = ARG(0, int), iovcnt = ARG(2, int), i, error;
	const struct iovec *uiov = ARGP(1, const struct iovec *);
	struct iovec *iov;
	struct uio uio;
	size_t total = 0, done, sz;

	if (iovcnt <= 0 || iovcnt > IOV_MAX)
		return EINVAL;
	sz = (size_t)iovcnt * sizeof(*iov);
	iov = kmem_alloc(sz, KM_SLEEP);
	if (iov == NULL)
		return ENOMEM;
	error = copyin(uiov, iov, sz);
	for (i = 0; error == 0 && i < iovcnt; i++) {
		total += iov[i].iov_len;
		if ((ssize_t)total < 0 || (ssize_t)iov[i].iov_len < 0)
			error = EINVAL;
	}
	if (error == 0) {
		uio.uio_iov = iov;
		uio.uio_iovcnt = iovcnt;
		uio.uio_offset = 0;
		uio.uio_resid = total;
		uio.uio_rw = write ? UIO_WRITE : UIO_READ;
		uio.uio_seg = UIO_USERSPACE;
		error = write ? dofilewrite(fd, &uio, &done)
			      : dofileread(fd, &uio, &done);
		if (error == 0)
			rv[0] = (register_t)done;
	}
	kmem_free(iov, sz);
	return error;
}

static int sys_readv(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)l;
	return dofilev(a, rv, false);
}

static int sys_writev(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)l;
	return dofilev(a, rv, true);
}

static int dopipe(struct lwp *l, int flags, int fds[2])
{
	struct file *rf, *wf;
	bool ce = (flags & RUMP_O_CLOEXEC) != 0;
	int error;

	if (flags & ~(RUMP_O_CLOEXEC | RUMP_O_NONBLOCK | RUMP_O_NOSIGPIPE))
		return EINVAL;
	error = pipe_create(&rf, &wf, flags);
	if (error)
		return error;
	error = fd_alloc(l->l_proc, rf, 0, ce, &fds[0]);
	if (error) {
		file_rele(rf);
		file_rele(wf);
		return error;
	}
	error = fd_alloc(l->l_proc, wf, 0, ce, &fds[1]);
	if (error) {
		(void)fd_close(fds[0]);
		file_rele(wf);
		return error;
	}
	return 0;
}

static int sys_pipe(struct lwp *l, const register_t *a, register_t *rv)
{
	int fds[2], error;

	(void)a;
	error = dopipe(l, 0, fds);
	if (error == 0) {
		rv[0] = fds[0];
		rv[1] = fds[1];
	}
	return error;
}

static int sys_pipe2(struct lwp *l, const register_t *a, register_t *rv)
{
	int fds[2], error;

	(void)rv;
	error = dopipe(l, ARG(1, int), fds);
	if (error == 0) {
		error = copyout(fds, ARGP(0, int *), sizeof(fds));
		if (error) {
			(void)fd_close(fds[0]);
			(void)fd_close(fds[1]);
		}
	}
	return error;
}

static int sys_poll(struct lwp *l, const register_t *a, register_t *rv)
{
	struct pollfd *ufds = ARGP(0, struct pollfd *), *kfds = NULL;
	unsigned nfds = ARG(1, unsigned);
	int timeout = ARG(2, int), n = 0, error = 0;
	rump_nsec_t deadline;
	size_t sz = (size_t)nfds * sizeof(*kfds);

	(void)l;
	if (nfds > POLL_MAXFDS)
		return EINVAL;
	if (nfds) {
		kfds = kmem_alloc(sz, KM_SLEEP);
		if (kfds == NULL)
			return ENOMEM;
		error = copyin(ufds, kfds, sz);
	}
	if (timeout < 0)
		deadline = 0;			/* forever */
	else if (timeout == 0)
		deadline = -1;			/* do not wait */
	else
		deadline = getnsmono() + (rump_nsec_t)timeout * 1000000;
	if (error == 0)
		error = pollcommon(kfds, nfds, deadline, &n);
	if (error == 0 && nfds)
		error = copyout(kfds, ufds, sz);
	if (kfds)
		kmem_free(kfds, sz);
	if (error == 0)
		rv[0] = n;
	return error;
}

/* ---- time ------------------------------------------------------------ */

static int sys_clock_gettime(struct lwp *l, const register_t *a,
			     register_t *rv)
{
	struct timespec ts;

	(void)l;
	(void)rv;
	switch (ARG(0, int)) {
	case RUMP_CLOCK_REALTIME:
		getnanotime(&ts);
		break;
	case RUMP_CLOCK_MONOTONIC:
		getnanouptime(&ts);
		break;
	default:
		return EINVAL;
	}
	return copyout(&ts, ARGP(1, struct timespec *), sizeof(ts));
}

static int sys_nanosleep(struct lwp *l, const register_t *a, register_t *rv)
{
	struct timespec ts, zero = { 0, 0 };
	struct timespec *urem = ARGP(1, struct timespec *);
	rump_nsec_t ns;
	int error;
	char chan;	/* private: nobody wakes us early */

	(void)l;
	(void)rv;
	error = copyin(ARGP(0, const struct timespec *), &ts, sizeof(ts));
	if (error)
		return error;
	error = timespec2ns(&ts, &ns);
	if (error)
		return error;
	if (ns > 0)
		(void)sleep_until_ns(&chan, getnsmono() + ns, NULL);
	/* Never interrupted: nothing remains. */
	if (urem)
		error = copyout(&zero, urem, sizeof(zero));
	return error;
}

static int sys_reboot(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)l;
	(void)a;
	(void)rv;
	/*
	 * Through the table (the syscall proxy) the caller is inside the
	 * kernel, which cannot take itself down under its own feet; the
	 * host calls rump_sys_reboot() or rump_shutdown() instead.
	 */
	return EBUSY;
}

/* ---- the table --------------------------------------------------------- */

struct sysent {
	sy_call_t sy_call;
	const char *sy_name;
};

/* NetBSD syscall numbers. */
#define SYS_read		3
#define SYS_write		4
#define SYS_close		6
#define SYS_getpid		20
#define SYS_setuid		23
#define SYS_getuid		24
#define SYS_geteuid		25
#define SYS_getppid		39
#define SYS_dup			41
#define SYS_pipe		42
#define SYS_getegid		43
#define SYS_getgid		47
#define SYS_ioctl		54
#define SYS_dup2		90
#define SYS_fcntl		92
#define SYS_readv		120
#define SYS_writev		121
#define SYS_setgid		181
#define SYS_setegid		182
#define SYS_seteuid		183
#define SYS_reboot		208
#define SYS_poll		209
#define SYS___clock_gettime50	427
#define SYS___nanosleep50	430
#define SYS_pipe2		453
#define SYS_dup3		454
#define SYS_MAXSYSCALL		512

#define SYSENT(n, f) [SYS_##n] = { f, #n }
static const struct sysent sysent[SYS_MAXSYSCALL] = {
	SYSENT(read, sys_read),
	SYSENT(write, sys_write),
	SYSENT(close, sys_close),
	SYSENT(getpid, sys_getpid),
	SYSENT(setuid, sys_setuid),
	SYSENT(getuid, sys_getuid),
	SYSENT(geteuid, sys_geteuid),
	SYSENT(getppid, sys_getppid),
	SYSENT(dup, sys_dup),
	SYSENT(pipe, sys_pipe),
	SYSENT(getegid, sys_getegid),
	SYSENT(getgid, sys_getgid),
	SYSENT(ioctl, sys_ioctl),
	SYSENT(dup2, sys_dup2),
	SYSENT(fcntl, sys_fcntl),
	SYSENT(readv, sys_readv),
	SYSENT(writev, sys_writev),
	SYSENT(setgid, sys_setgid),
	SYSENT(setegid, sys_setegid),
	SYSENT(seteuid, sys_seteuid),
	SYSENT(reboot, sys_reboot),
	SYSENT(poll, sys_poll),
	SYSENT(__clock_gettime50, sys_clock_gettime),
	SYSENT(__nanosleep50, sys_nanosleep),
	SYSENT(pipe2, sys_pipe2),
	SYSENT(dup3, sys_dup3),
};

/*
 * Calls of components (VFS, networking), installed by their init hooks.
 * The base table knows nothing of them, so a component module can be
 * built and loaded separately; slots are read without a lock (a component
 * removes its calls only at fini, when no caller is inside it).
 */
static sy_call_t sysent_comp[SYS_MAXSYSCALL];

int syscall_establish(int num, sy_call_t fn)
{
	sy_call_t expect = NULL;

	if (num < 0 || num >= SYS_MAXSYSCALL || fn == NULL ||
	    sysent[num].sy_call != NULL)
		return EINVAL;
	if (!__atomic_compare_exchange_n(&sysent_comp[num], &expect, fn, false,
					 __ATOMIC_RELEASE, __ATOMIC_RELAXED))
		return EEXIST;
	return 0;
}

void syscall_disestablish(int num, sy_call_t fn)
{
	if (num >= 0 && num < SYS_MAXSYSCALL)
		__atomic_compare_exchange_n(&sysent_comp[num], &fn, NULL,
					    false, __ATOMIC_RELEASE,
					    __ATOMIC_RELAXED);
}

/* With a CPU held. */
static int syscall_dispatch(int num, const register_t *args, register_t *rv)
{
	sy_call_t fn;

	if (num < 0 || num >= SYS_MAXSYSCALL)
		return ENOSYS;
	fn = sysent[num].sy_call;
	if (fn == NULL)
		fn = __atomic_load_n(&sysent_comp[num], __ATOMIC_ACQUIRE);
	if (fn == NULL)
		return ENOSYS;
	rv[0] = 0;
	rv[1] = 0;
	return fn(curlwp, args, rv);
}

int hyp_syscall(int num, void *args, long *retval)
{
	return syscall_dispatch(num, args, retval);
}

int rump_syscall(int num, void *args, size_t argsize, long *retval)
{
	register_t a[8] = { 0 };
	int error;

	if (argsize > sizeof(a))
		return EINVAL;
	if (argsize)
		memcpy(a, args, argsize);
	if (!rump_booted())
		return ENXIO;
	if (num == SYS_reboot)
		return rump_shutdown();
	rump_schedule();
	error = syscall_dispatch(num, a, retval);
	rump_unschedule();
	return error;
}

/* ---- rump_sys_*() ------------------------------------------------------ */

static register_t sc(int num, register_t a0, register_t a1, register_t a2)
{
	register_t a[3] = { a0, a1, a2 }, rv[2];
	int error;

	if (!rump_booted()) {
		rumpuser_seterrno(ENXIO);
		return -1;
	}
	rump_schedule();
	error = syscall_dispatch(num, a, rv);
	rump_unschedule();
	if (error) {
		rumpuser_seterrno(error);
		return -1;
	}
	return rv[0];
}

#define P(x)	((register_t)(uintptr_t)(x))

pid_t rump_sys_getpid(void) { return (pid_t)sc(SYS_getpid, 0, 0, 0); }
pid_t rump_sys_getppid(void) { return (pid_t)sc(SYS_getppid, 0, 0, 0); }
uid_t rump_sys_getuid(void) { return (uid_t)sc(SYS_getuid, 0, 0, 0); }
uid_t rump_sys_geteuid(void) { return (uid_t)sc(SYS_geteuid, 0, 0, 0); }
gid_t rump_sys_getgid(void) { return (gid_t)sc(SYS_getgid, 0, 0, 0); }
gid_t rump_sys_getegid(void) { return (gid_t)sc(SYS_getegid, 0, 0, 0); }
int rump_sys_setuid(uid_t uid) { return (int)sc(SYS_setuid, uid, 0, 0); }
int rump_sys_seteuid(uid_t uid) { return (int)sc(SYS_seteuid, uid, 0, 0); }
int rump_sys_setgid(gid_t gid) { return (int)sc(SYS_setgid, gid, 0, 0); }
int rump_sys_setegid(gid_t gid) { return (int)sc(SYS_setegid, gid, 0, 0); }

int rump_sys_close(int fd) { return (int)sc(SYS_close, fd, 0, 0); }
int rump_sys_dup(int fd) { return (int)sc(SYS_dup, fd, 0, 0); }
int rump_sys_dup2(int from, int to) { return (int)sc(SYS_dup2, from, to, 0); }

int rump_sys_dup3(int from, int to, int flags)
{
	return (int)sc(SYS_dup3, from, to, flags);
}

int rump_sys_fcntl(int fd, int cmd, ...)
{
	va_list ap;
	int arg;

	/* Every command this kernel knows takes an int (or nothing). */
	va_start(ap, cmd);
	arg = va_arg(ap, int);
	va_end(ap);
	return (int)sc(SYS_fcntl, fd, cmd, arg);
}

ssize_t rump_sys_read(int fd, void *buf, size_t n)
{
	return sc(SYS_read, fd, P(buf), (register_t)n);
}

ssize_t rump_sys_write(int fd, const void *buf, size_t n)
{
	return sc(SYS_write, fd, P(buf), (register_t)n);
}

ssize_t rump_sys_readv(int fd, const struct iovec *iov, int iovcnt)
{
	return sc(SYS_readv, fd, P(iov), iovcnt);
}

ssize_t rump_sys_writev(int fd, const struct iovec *iov, int iovcnt)
{
	return sc(SYS_writev, fd, P(iov), iovcnt);
}

int rump_sys_ioctl(int fd, unsigned long cmd, ...)
{
	va_list ap;
	void *data;

	va_start(ap, cmd);
	data = va_arg(ap, void *);
	va_end(ap);
	return (int)sc(SYS_ioctl, fd, (register_t)cmd, P(data));
}

int rump_sys_poll(struct pollfd *fds, unsigned int nfds, int timeout)
{
	return (int)sc(SYS_poll, P(fds), nfds, timeout);
}

int rump_sys_pipe(int *fds)
{
	return rump_sys_pipe2(fds, 0);
}

int rump_sys_pipe2(int *fds, int flags)
{
	return (int)sc(SYS_pipe2, P(fds), flags, 0);
}

int rump_sys_clock_gettime(int clk, struct timespec *ts)
{
	return (int)sc(SYS___clock_gettime50, clk, P(ts), 0);
}

int rump_sys_nanosleep(const struct timespec *req, struct timespec *rem)
{
	return (int)sc(SYS___nanosleep50, P(req), P(rem), 0);
}

int rump_sys_reboot(int howto, char *bootstr)
{
	int error;

	(void)bootstr;
	if (!rump_booted()) {
		rumpuser_seterrno(ENXIO);
		return -1;
	}
	if (howto & RUMP_RB_DUMP)
		panic("rump_sys_reboot: RB_DUMP requested");
	error = rump_shutdown();
	if (error) {
		rumpuser_seterrno(error);
		return -1;
	}
	return 0;
}
