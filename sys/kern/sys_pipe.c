// SPDX-License-Identifier: BSD-2-Clause
/*
 * sys_pipe.c - pipes: a ring buffer shared by a read file and a write file.
 *
 * pp_lock protects everything in the pair; readers and writers wait on
 * pp_cv.  Writes of at most PIPE_BUF bytes are atomic (they wait for room
 * for all of it); larger writes may be split, and a non-blocking write
 * returns what fitted.  Writing with no reader left fails with EPIPE; no
 * SIGPIPE is raised (the kernel has no signals yet).
 */
#include "kern/types.h"
#include "kern/systm.h"
#include "kern/kmem.h"
#include "kern/lock.h"
#include "kern/file.h"

#define PIPE_SIZE	16384

struct pipepair {
	kmutex_t pp_lock;
	kcondvar_t pp_cv;
	char *pp_buf;
	size_t pp_start;	/* first byte */
	size_t pp_count;	/* bytes buffered */
	int pp_readers;		/* open read ends (0 or 1) */
	int pp_writers;
};

static int pipe_read(struct file *fp, off_t *off, struct uio *uio, int flags)
{
	struct pipepair *pp = fp->f_data;
	size_t done = 0;
	int error = 0;

	(void)off;
	(void)flags;
	mutex_enter(&pp->pp_lock);
	while (pp->pp_count == 0) {
		if (pp->pp_writers == 0 || uio->uio_resid == 0)
			goto out;	/* EOF */
		if (atomic_load_relaxed(&fp->f_flag) & FNONBLOCK) {
			error = EAGAIN;
			goto out;
		}
		cv_wait(&pp->pp_cv, &pp->pp_lock);
	}
	while (pp->pp_count > 0 && uio->uio_resid > 0) {
		size_t n = MIN(pp->pp_count, PIPE_SIZE - pp->pp_start);

		n = MIN(n, uio->uio_resid);
		error = uiomove(pp->pp_buf + pp->pp_start, n, uio);
		if (error)
			break;
		pp->pp_start = (pp->pp_start + n) % PIPE_SIZE;
		pp->pp_count -= n;
		done += n;
	}
	if (pp->pp_count == 0)
		pp->pp_start = 0;
	if (done) {
		cv_broadcast(&pp->pp_cv);
		mutex_exit(&pp->pp_lock);
		selnotify();
		return 0;
	}
out:
	mutex_exit(&pp->pp_lock);
	return error;
}

static int pipe_write(struct file *fp, off_t *off, struct uio *uio, int flags)
{
	struct pipepair *pp = fp->f_data;
	size_t done = 0;
	int error = 0;
	bool nonblock = (atomic_load_relaxed(&fp->f_flag) & FNONBLOCK) != 0;

	(void)off;
	(void)flags;
	mutex_enter(&pp->pp_lock);
	while (uio->uio_resid > 0) {
		size_t space, n, tail;

		if (pp->pp_readers == 0) {
			error = EPIPE;
			break;
		}
		space = PIPE_SIZE - pp->pp_count;
		/* Small writes go in one piece. */
		if (space == 0 ||
		    (uio->uio_resid <= RUMP_PIPE_BUF && space < uio->uio_resid &&
		     done == 0)) {
			if (nonblock) {
				if (done == 0)
					error = EAGAIN;
				break;
			}
			if (done) {
				/* Let readers see what we have written. */
				cv_broadcast(&pp->pp_cv);
				selnotify();
			}
			cv_wait(&pp->pp_cv, &pp->pp_lock);
			continue;
		}
		tail = (pp->pp_start + pp->pp_count) % PIPE_SIZE;
		n = MIN(space, uio->uio_resid);
		n = MIN(n, PIPE_SIZE - tail);
		error = uiomove(pp->pp_buf + tail, n, uio);
		if (error)
			break;
		pp->pp_count += n;
		done += n;
	}
	if (done)
		cv_broadcast(&pp->pp_cv);
	mutex_exit(&pp->pp_lock);
	if (done) {
		selnotify();
		/* A partial write is a success; the error shows next time. */
		return 0;
	}
	return error;
}

static int pipe_ioctl(struct file *fp, unsigned long cmd, void *data)
{
	struct pipepair *pp = fp->f_data;

	switch (cmd) {
	case RUMP_FIONREAD:
		mutex_enter(&pp->pp_lock);
		*(int *)data = (atomic_load_relaxed(&fp->f_flag) & FREAD) ? (int)pp->pp_count : 0;
		mutex_exit(&pp->pp_lock);
		return 0;
	case RUMP_FIONBIO:
	case RUMP_FIOASYNC:
		return 0;	/* flag kept by the generic code */
	default:
		return ENOTTY;
	}
}

static int pipe_poll(struct file *fp, int events)
{
	struct pipepair *pp = fp->f_data;
	int revents = 0;

	mutex_enter(&pp->pp_lock);
	if (atomic_load_relaxed(&fp->f_flag) & FREAD) {
		if (pp->pp_count > 0)
			revents |= events & (RUMP_POLLIN | RUMP_POLLRDNORM);
		if (pp->pp_writers == 0)
			revents |= RUMP_POLLHUP;
	}
	if (atomic_load_relaxed(&fp->f_flag) & FWRITE) {
		if (pp->pp_readers == 0)
			revents |= RUMP_POLLHUP | RUMP_POLLERR;
		else if (PIPE_SIZE - pp->pp_count >= RUMP_PIPE_BUF)
			revents |= events & (RUMP_POLLOUT | RUMP_POLLWRNORM);
	}
	mutex_exit(&pp->pp_lock);
	return revents;
}

static int pipe_stat(struct file *fp, struct kstat *st)
{
	struct pipepair *pp = fp->f_data;

	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFIFO | 0600;
	mutex_enter(&pp->pp_lock);
	st->st_size = pp->pp_count;
	mutex_exit(&pp->pp_lock);
	st->st_blksize = PIPE_SIZE;
	return 0;
}

static int pipe_close(struct file *fp)
{
	struct pipepair *pp = fp->f_data;
	bool last;

	mutex_enter(&pp->pp_lock);
	if (atomic_load_relaxed(&fp->f_flag) & FREAD)
		pp->pp_readers--;
	if (atomic_load_relaxed(&fp->f_flag) & FWRITE)
		pp->pp_writers--;
	last = pp->pp_readers == 0 && pp->pp_writers == 0;
	cv_broadcast(&pp->pp_cv);
	mutex_exit(&pp->pp_lock);
	if (last) {
		kmem_free(pp->pp_buf, PIPE_SIZE);
		cv_destroy(&pp->pp_cv);
		mutex_destroy(&pp->pp_lock);
		kmem_free(pp, sizeof(*pp));
	} else {
		selnotify();
	}
	return 0;
}

static const struct fileops pipeops = {
	.fo_name = "pipe",
	.fo_read = pipe_read,
	.fo_write = pipe_write,
	.fo_ioctl = pipe_ioctl,
	.fo_poll = pipe_poll,
	.fo_stat = pipe_stat,
	.fo_close = pipe_close,
};

int pipe_create(struct file **rfp, struct file **wfp, int flags)
{
	struct pipepair *pp;
	int error, fl = (flags & RUMP_O_NONBLOCK) ? FNONBLOCK : 0;

	pp = kmem_zalloc(sizeof(*pp), KM_SLEEP);
	if (pp == NULL)
		return ENOMEM;
	pp->pp_buf = kmem_alloc(PIPE_SIZE, KM_SLEEP);
	if (pp->pp_buf == NULL) {
		kmem_free(pp, sizeof(*pp));
		return ENOMEM;
	}
	mutex_init(&pp->pp_lock, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&pp->pp_cv, "pipe");
	pp->pp_readers = 1;
	pp->pp_writers = 1;
	error = file_alloc(&pipeops, pp, FREAD | fl, rfp);
	if (error) {
		pp->pp_readers = 0;
		pp->pp_writers = 0;
		kmem_free(pp->pp_buf, PIPE_SIZE);
		cv_destroy(&pp->pp_cv);
		mutex_destroy(&pp->pp_lock);
		kmem_free(pp, sizeof(*pp));
		return error;
	}
	error = file_alloc(&pipeops, pp, FWRITE | fl, wfp);
	if (error) {
		/* The read file's close tears down with the writer gone. */
		pp->pp_writers = 0;
		file_rele(*rfp);
		return error;
	}
	return 0;
}
