// SPDX-License-Identifier: BSD-2-Clause
/*
 * kern_descrip.c - open files, descriptor tables, poll notification.
 *
 * A file's reference count covers descriptor slots and operations in
 * progress (fd_getfile); fo_close runs when it drops to zero, outside any
 * table lock, so a slow close never stalls other descriptors.
 */
#include "kern/types.h"
#include "kern/systm.h"
#include "kern/kmem.h"
#include "kern/lock.h"
#include "kern/proc.h"
#include "kern/file.h"
#include "kern/rumpkern.h"

static int file_nalive;		/* atomic */

/* Poll notification: see selnotify(). */
static kmutex_t poll_lock;
static kcondvar_t poll_cv;
static uint64_t poll_gen;

int file_sys_init(void)
{
	__atomic_store_n(&file_nalive, 0, __ATOMIC_RELAXED);
	mutex_init(&poll_lock, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&poll_cv, "poll");
	poll_gen = 0;
	return 0;
}

void file_sys_fini(void)
{
	int n = file_count();

	if (n)
		printf("file: %d files still open at shutdown\n", n);
	cv_destroy(&poll_cv);
	mutex_destroy(&poll_lock);
}

int file_count(void)
{
	return __atomic_load_n(&file_nalive, __ATOMIC_RELAXED);
}

int file_alloc(const struct fileops *ops, void *data, int flag,
	       struct file **fpp)
{
	struct file *fp = kmem_zalloc(sizeof(*fp), KM_SLEEP);

	if (fp == NULL)
		return ENOMEM;
	mutex_init(&fp->f_lock, MUTEX_DEFAULT, IPL_NONE);
	fp->f_count = 1;
	fp->f_flag = flag;
	fp->f_ops = ops;
	fp->f_data = data;
	__atomic_add_fetch(&file_nalive, 1, __ATOMIC_RELAXED);
	*fpp = fp;
	return 0;
}

void file_hold(struct file *fp)
{
	__atomic_add_fetch(&fp->f_count, 1, __ATOMIC_RELAXED);
}

void file_rele(struct file *fp)
{
	if (__atomic_sub_fetch(&fp->f_count, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (fp->f_ops->fo_close)
		fp->f_ops->fo_close(fp);
	mutex_destroy(&fp->f_lock);
	kmem_free(fp, sizeof(*fp));
	__atomic_sub_fetch(&file_nalive, 1, __ATOMIC_RELAXED);
}

/* ---- descriptor tables --------------------------------------------- */

#define NDFILE_INIT 16

struct filedesc *fd_init(void)
{
	struct filedesc *fdp = kmem_zalloc(sizeof(*fdp), KM_SLEEP);

	if (fdp == NULL)
		return NULL;
	fdp->fd_slots = kmem_zalloc(NDFILE_INIT * sizeof(struct fdslot),
				    KM_SLEEP);
	if (fdp->fd_slots == NULL) {
		kmem_free(fdp, sizeof(*fdp));
		return NULL;
	}
	mutex_init(&fdp->fd_lock, MUTEX_DEFAULT, IPL_NONE);
	fdp->fd_refcnt = 1;
	fdp->fd_nfiles = NDFILE_INIT;
	fdp->fd_lastused = -1;
	return fdp;
}

/* With fd_lock held: make slot n exist.  0 or EMFILE/ENOMEM. */
static int fd_grow(struct filedesc *fdp, int n)
{
	struct fdslot *ns;
	int nn = fdp->fd_nfiles;

	if (n < nn)
		return 0;
	if (n >= NDFILE_MAX)
		return EMFILE;
	while (nn <= n)
		nn *= 2;
	if (nn > NDFILE_MAX)
		nn = NDFILE_MAX;
	ns = kmem_zalloc((size_t)nn * sizeof(*ns), KM_SLEEP);
	if (ns == NULL)
		return ENOMEM;
	memcpy(ns, fdp->fd_slots, (size_t)fdp->fd_nfiles * sizeof(*ns));
	kmem_free(fdp->fd_slots, (size_t)fdp->fd_nfiles * sizeof(*ns));
	fdp->fd_slots = ns;
	fdp->fd_nfiles = nn;
	return 0;
}

struct filedesc *fd_copy(struct filedesc *src)
{
	struct filedesc *fdp = fd_init();
	int i;

	if (fdp == NULL)
		return NULL;
	mutex_enter(&src->fd_lock);
	if (fd_grow(fdp, src->fd_lastused) != 0) {
		mutex_exit(&src->fd_lock);
		fd_free(fdp);
		return NULL;
	}
	for (i = 0; i <= src->fd_lastused; i++) {
		struct file *fp = src->fd_slots[i].fs_file;

		if (fp) {
			file_hold(fp);
			fdp->fd_slots[i] = src->fd_slots[i];
		}
	}
	fdp->fd_lastused = src->fd_lastused;
	mutex_exit(&src->fd_lock);
	return fdp;
}

void fd_share(struct filedesc *fdp)
{
	__atomic_add_fetch(&fdp->fd_refcnt, 1, __ATOMIC_RELAXED);
}

void fd_free(struct filedesc *fdp)
{
	int i;

	if (__atomic_sub_fetch(&fdp->fd_refcnt, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	/* The last sharer: no one else can reach the table now. */
	for (i = 0; i <= fdp->fd_lastused; i++)
		if (fdp->fd_slots[i].fs_file)
			file_rele(fdp->fd_slots[i].fs_file);
	kmem_free(fdp->fd_slots, (size_t)fdp->fd_nfiles * sizeof(struct fdslot));
	mutex_destroy(&fdp->fd_lock);
	kmem_free(fdp, sizeof(*fdp));
}

static void fd_update_last(struct filedesc *fdp)
{
	while (fdp->fd_lastused >= 0 &&
	       fdp->fd_slots[fdp->fd_lastused].fs_file == NULL)
		fdp->fd_lastused--;
}

/* With fd_lock held: the lowest free slot >= min, grown if needed. */
static int fd_findfree(struct filedesc *fdp, int min, int *fdout)
{
	int i, error;

	if (min < 0)
		return EINVAL;
	for (i = min; i < fdp->fd_nfiles; i++)
		if (fdp->fd_slots[i].fs_file == NULL)
			break;
	error = fd_grow(fdp, i);
	if (error)
		return error;
	*fdout = i;
	return 0;
}

int fd_alloc(struct proc *p, struct file *fp, int min, bool cloexec, int *fdp)
{
	struct filedesc *fdt = p->p_fd;
	int fd, error;

	mutex_enter(&fdt->fd_lock);
	error = fd_findfree(fdt, min, &fd);
	if (error == 0) {
		fdt->fd_slots[fd].fs_file = fp;
		fdt->fd_slots[fd].fs_cloexec = cloexec;
		if (fd > fdt->fd_lastused)
			fdt->fd_lastused = fd;
		*fdp = fd;
	}
	mutex_exit(&fdt->fd_lock);
	return error;
}

struct file *fd_getfile(int fd)
{
	struct filedesc *fdp = curproc->p_fd;
	struct file *fp = NULL;

	mutex_enter(&fdp->fd_lock);
	if (fd >= 0 && fd < fdp->fd_nfiles) {
		fp = fdp->fd_slots[fd].fs_file;
		if (fp)
			file_hold(fp);
	}
	mutex_exit(&fdp->fd_lock);
	return fp;
}

void fd_putfile(struct file *fp)
{
	file_rele(fp);
}

int fd_close(int fd)
{
	struct filedesc *fdp = curproc->p_fd;
	struct file *fp = NULL;

	mutex_enter(&fdp->fd_lock);
	if (fd >= 0 && fd < fdp->fd_nfiles) {
		fp = fdp->fd_slots[fd].fs_file;
		fdp->fd_slots[fd].fs_file = NULL;
		fdp->fd_slots[fd].fs_cloexec = false;
		fd_update_last(fdp);
	}
	mutex_exit(&fdp->fd_lock);
	if (fp == NULL)
		return EBADF;
	file_rele(fp);
	return 0;
}

struct file *fd_takeops(struct filedesc *fdp, const struct fileops *ops)
{
	struct file *fp = NULL;
	int i;

	mutex_enter(&fdp->fd_lock);
	for (i = 0; i <= fdp->fd_lastused; i++) {
		fp = fdp->fd_slots[i].fs_file;
		if (fp != NULL && fp->f_ops == ops) {
			fdp->fd_slots[i].fs_file = NULL;
			fdp->fd_slots[i].fs_cloexec = false;
			fd_update_last(fdp);
			break;
		}
		fp = NULL;
	}
	mutex_exit(&fdp->fd_lock);
	return fp;
}

int fd_dup(int from, int min, bool cloexec, int *newfdp)
{
	struct filedesc *fdp = curproc->p_fd;
	struct file *fp;
	int fd, error;

	mutex_enter(&fdp->fd_lock);
	fp = (from >= 0 && from < fdp->fd_nfiles) ?
	    fdp->fd_slots[from].fs_file : NULL;
	if (fp == NULL) {
		mutex_exit(&fdp->fd_lock);
		return EBADF;
	}
	error = fd_findfree(fdp, min, &fd);
	if (error == 0) {
		file_hold(fp);
		fdp->fd_slots[fd].fs_file = fp;
		fdp->fd_slots[fd].fs_cloexec = cloexec;
		if (fd > fdp->fd_lastused)
			fdp->fd_lastused = fd;
		*newfdp = fd;
	}
	mutex_exit(&fdp->fd_lock);
	return error;
}

int fd_dup2(int from, int to, bool cloexec)
{
	struct filedesc *fdp = curproc->p_fd;
	struct file *fp, *old = NULL;
	int error;

	if (to < 0 || to >= NDFILE_MAX)
		return EBADF;
	mutex_enter(&fdp->fd_lock);
	fp = (from >= 0 && from < fdp->fd_nfiles) ?
	    fdp->fd_slots[from].fs_file : NULL;
	if (fp == NULL) {
		mutex_exit(&fdp->fd_lock);
		return EBADF;
	}
	if (from == to) {
		mutex_exit(&fdp->fd_lock);
		return 0;
	}
	error = fd_grow(fdp, to);
	if (error) {
		mutex_exit(&fdp->fd_lock);
		return error;
	}
	old = fdp->fd_slots[to].fs_file;
	file_hold(fp);
	fdp->fd_slots[to].fs_file = fp;
	fdp->fd_slots[to].fs_cloexec = cloexec;
	if (to > fdp->fd_lastused)
		fdp->fd_lastused = to;
	mutex_exit(&fdp->fd_lock);
	/* The file dup2 replaced closes outside the lock. */
	if (old)
		file_rele(old);
	return 0;
}

int fd_getcloexec(int fd, bool *cep)
{
	struct filedesc *fdp = curproc->p_fd;
	int error = EBADF;

	mutex_enter(&fdp->fd_lock);
	if (fd >= 0 && fd < fdp->fd_nfiles && fdp->fd_slots[fd].fs_file) {
		*cep = fdp->fd_slots[fd].fs_cloexec;
		error = 0;
	}
	mutex_exit(&fdp->fd_lock);
	return error;
}

int fd_setcloexec(int fd, bool ce)
{
	struct filedesc *fdp = curproc->p_fd;
	int error = EBADF;

	mutex_enter(&fdp->fd_lock);
	if (fd >= 0 && fd < fdp->fd_nfiles && fdp->fd_slots[fd].fs_file) {
		fdp->fd_slots[fd].fs_cloexec = ce;
		error = 0;
	}
	mutex_exit(&fdp->fd_lock);
	return error;
}

/* ---- poll ---------------------------------------------------------- */

/*
 * This slice keeps one global generation count instead of per-file wait
 * queues: any change of any file's readiness bumps it and wakes every
 * poller, which then rescans its descriptors.  Correct (a change between
 * a poller's scan and its sleep changes the generation it compares
 * against), simple, and cheap while pollers are few.
 */
void selnotify(void)
{
	mutex_enter(&poll_lock);
	poll_gen++;
	cv_broadcast(&poll_cv);
	mutex_exit(&poll_lock);
}

int pollcommon(struct pollfd *fds, unsigned nfds, rump_nsec_t deadline,
	       int *nready)
{
	unsigned i;
	int n;

	for (;;) {
		uint64_t gen;

		mutex_enter(&poll_lock);
		gen = poll_gen;
		mutex_exit(&poll_lock);

		n = 0;
		for (i = 0; i < nfds; i++) {
			struct file *fp;
			int want = fds[i].events | RUMP_POLLERR | RUMP_POLLHUP;

			fds[i].revents = 0;
			if (fds[i].fd < 0)
				continue;
			fp = fd_getfile(fds[i].fd);
			if (fp == NULL) {
				fds[i].revents = RUMP_POLLNVAL;
			} else {
				if (fp->f_ops->fo_poll)
					fds[i].revents = (short)
					    (fp->f_ops->fo_poll(fp, want) & want);
				else
					fds[i].revents = (short)(want &
					    (RUMP_POLLIN | RUMP_POLLOUT |
					     RUMP_POLLRDNORM | RUMP_POLLWRNORM));
				fd_putfile(fp);
			}
			if (fds[i].revents)
				n++;
		}
		if (n > 0 || deadline < 0)
			break;
		mutex_enter(&poll_lock);
		while (poll_gen == gen) {
			if (deadline == 0) {
				cv_wait(&poll_cv, &poll_lock);
			} else if (cv_timedwait_abs(&poll_cv, &poll_lock,
						    deadline) == EWOULDBLOCK) {
				mutex_exit(&poll_lock);
				*nready = 0;
				return 0;
			}
		}
		mutex_exit(&poll_lock);
	}
	*nready = n;
	return 0;
}
