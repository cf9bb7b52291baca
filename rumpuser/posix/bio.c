// SPDX-License-Identifier: BSD-2-Clause
/*
 * bio.c - asynchronous block I/O: rumpuser_bio().
 *
 * Requests go on a queue served by a small pool of worker threads that do
 * the pread/pwrite and call the completion.  The completion runs kernel
 * code, so a worker follows the helper-thread pattern of spec section 3:
 * it binds a persistent lwp once (hyp_schedule, hyp_lwproc_newlwp(0),
 * hyp_unschedule), then brackets each callback with
 * hyp_backend_schedule(0, NULL) / hyp_backend_unschedule(0, &n, NULL).
 * The I/O itself is done with no CPU held.
 *
 * Workers start on the first request, not in rumpuser_init(): binding an
 * lwp needs the rump scheduler, which does not exist that early.
 * rumpuser_ext_fini() stops them; each releases its lwp on the way out.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "rumpuser_posix_int.h"

#define BIO_NWORKERS 4

struct bio_req {
	struct bio_req *next;
	int fd;
	int op;
	void *data;
	size_t dlen;
	int64_t off;
	rump_biodone_fn done;
	void *arg;
};

/* Queue and pool state; bio_lk is never held across an upcall. */
static pthread_mutex_t bio_lk = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t bio_cv = PTHREAD_COND_INITIALIZER;
static struct bio_req *bio_head;
static struct bio_req **bio_tail = &bio_head;
static pthread_t bio_thr[BIO_NWORKERS];
static int bio_nthr;
static int bio_stopping;

static void bio_io(const struct bio_req *r, size_t *donep, int *errp)
{
	char *p = r->data;
	size_t done = 0;
	ssize_t n;
	int err = 0;

	if ((r->op & (RUMPUSER_BIO_READ | RUMPUSER_BIO_WRITE)) == 0 ||
	    (r->op & (RUMPUSER_BIO_READ | RUMPUSER_BIO_WRITE)) ==
	    (RUMPUSER_BIO_READ | RUMPUSER_BIO_WRITE) || r->off < 0) {
		*donep = 0;
		*errp = NB_EINVAL;
		return;
	}
	/*
	 * Loop over short transfers; a read that hits end of file stops
	 * there and reports what it got (odd lengths at the end of a backing
	 * file are normal).
	 */
	while (done < r->dlen) {
		if (r->op & RUMPUSER_BIO_READ)
			n = pread(r->fd, p + done, r->dlen - done,
				  (off_t)(r->off + (int64_t)done));
		else
			n = pwrite(r->fd, p + done, r->dlen - done,
				   (off_t)(r->off + (int64_t)done));
		if (n == -1) {
			if (errno == EINTR)
				continue;
			err = rumpuser__errtrans(errno);
			break;
		}
		if (n == 0)
			break;
		done += (size_t)n;
	}
	/* SYNC: durable before the completion says so. */
	if (!err && (r->op & RUMPUSER_BIO_WRITE) && (r->op & RUMPUSER_BIO_SYNC) &&
	    fdatasync(r->fd) == -1)
		err = rumpuser__errtrans(errno);
	*donep = done;
	*errp = err;
}

/* Run a completion as the bound lwp, holding a rump CPU. */
static void bio_complete(rump_biodone_fn done, void *arg, size_t n, int err)
{
	int nlocks;

	rumpuser__schedule(0, NULL);
	/* Counted before the callback: after it, the caller may look. */
	RUMPUSER_STAT_ADD(bios, -1);
	done(arg, n, err);
	rumpuser__unschedule(&nlocks, NULL);
}

static void *bio_worker(void *unused)
{
	struct rumpuser_hyperup *hyp = &rumpuser__hyp;
	struct bio_req *r;
	sigset_t all;

	(void)unused;
	/* Signals are the application's business, not this thread's. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);

	hyp->hyp_schedule();
	hyp->hyp_lwproc_newlwp(0);
	hyp->hyp_unschedule();

	pthread_mutex_lock(&bio_lk);
	for (;;) {
		rump_biodone_fn done;
		void *arg;
		size_t n;
		int err;

		while (!bio_head && !bio_stopping)
			pthread_cond_wait(&bio_cv, &bio_lk);
		if (!bio_head)
			break;		/* stopping, and the queue is drained */
		r = bio_head;
		bio_head = r->next;
		if (!bio_head)
			bio_tail = &bio_head;
		pthread_mutex_unlock(&bio_lk);

		bio_io(r, &n, &err);
		done = r->done;
		arg = r->arg;
		/* Nothing of the request is touched after the callback. */
		free(r);
		bio_complete(done, arg, n, err);

		pthread_mutex_lock(&bio_lk);
	}
	pthread_mutex_unlock(&bio_lk);

	/* Give the lwp back: freed by the kernel when we unschedule. */
	hyp->hyp_schedule();
	hyp->hyp_lwproc_release();
	hyp->hyp_unschedule();
	return NULL;
}

/* With bio_lk held. */
static void bio_start_workers(void)
{
	while (bio_nthr < BIO_NWORKERS &&
	       pthread_create(&bio_thr[bio_nthr], NULL, bio_worker, NULL) == 0)
		bio_nthr++;
}

void rumpuser_bio(int fd, int op, void *data, size_t dlen, int64_t off,
		  rump_biodone_fn done, void *arg)
{
	struct bio_req *r;

	RUMPUSER_STAT_ADD(bios, 1);
	r = malloc(sizeof(*r));
	pthread_mutex_lock(&bio_lk);
	if (bio_nthr == 0)
		bio_start_workers();
	if (!r || bio_nthr == 0) {
		int err = r ? NB_EAGAIN : NB_ENOMEM;

		pthread_mutex_unlock(&bio_lk);
		free(r);
		/*
		 * No way to queue: fail the request from here.  The caller
		 * holds a CPU and its lwp, which is what a callback needs.
		 */
		RUMPUSER_STAT_ADD(bios, -1);
		done(arg, 0, err);
		return;
	}
	r->next = NULL;
	r->fd = fd;
	r->op = op;
	r->data = data;
	r->dlen = dlen;
	r->off = off;
	r->done = done;
	r->arg = arg;
	*bio_tail = r;
	bio_tail = &r->next;
	pthread_cond_signal(&bio_cv);
	pthread_mutex_unlock(&bio_lk);
}

void rumpuser__bio_stop(void)
{
	int i, n;

	pthread_mutex_lock(&bio_lk);
	bio_stopping = 1;
	n = bio_nthr;
	pthread_cond_broadcast(&bio_cv);
	pthread_mutex_unlock(&bio_lk);

	/* Workers drain the queue before they stop. */
	for (i = 0; i < n; i++)
		pthread_join(bio_thr[i], NULL);

	pthread_mutex_lock(&bio_lk);
	bio_nthr = 0;
	bio_stopping = 0;
	pthread_mutex_unlock(&bio_lk);
}
