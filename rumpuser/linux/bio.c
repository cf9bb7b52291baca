// SPDX-License-Identifier: GPL-2.0
/*
 * bio.c - rumpuser_bio(): asynchronous block I/O.
 *
 * Two ways to do the transfer:
 *  - fd opened with BIO on a block device, request aligned to the logical
 *    block size: bios are built straight from the caller's buffer (kmalloc
 *    or vmalloc memory) and submitted; completion arrives in bi_end_io,
 *    often in interrupt context.
 *  - anything else (regular files, unaligned requests): the worker does it
 *    with kernel_read/kernel_write (page cache), then fsync for SYNC.
 *
 * Either way the rump kernel's done() runs on one dedicated kthread, the
 * worker, because it runs kernel code that takes locks and needs a rump
 * CPU and a valid curlwp (spec sections 3 and 6).  The worker binds an lwp
 * once (hyp_schedule, hyp_lwproc_newlwp(0), hyp_unschedule), then brackets
 * each callback with hyp_backend_schedule/unschedule.  At detach it
 * releases the lwp again (hyp_schedule, hyp_lwproc_release,
 * hyp_unschedule) unless the rump kernel is dead or already gone.
 *
 * The worker starts on the first request.  A single thread is what the
 * NetBSD host does too; the block layer still has every bio in flight at
 * once, only the callbacks are serialised.
 *
 * Coherence with the device's page cache (iovread/iovwrite on the same
 * device, or anybody else reading it): dirty cached data of the range is
 * written back before a direct request, and cached pages of a range just
 * written directly are dropped, as direct I/O does.
 *
 * Allocations run under memalloc_noio: the rump kernel may be the storage
 * that reclaim would want to write to.
 */
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/pagemap.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include "rumpuser_int.h"

struct rumpuser_lx_bioreq {
	struct list_head link;		/* rumpuser_lx_bio_queue */
	struct rumpuser_lx_fd *fd;	/* NULL: bad fd, fail it */
	rump_biodone_fn done;
	void *arg;
	void *data;
	size_t dlen;
	loff_t off;
	int op;
	bool direct;			/* went through submit_bio */
	atomic_t pending;		/* bios in flight + the submitter */
	int error;			/* first Linux error, negative */
	size_t bytes;			/* reported on success */
};

static DEFINE_MUTEX(rumpuser_lx_bio_start_lock);
static struct task_struct *rumpuser_lx_bio_task;	/* reference held */
static bool rumpuser_lx_bio_release;	/* release the lwp when stopping */
static atomic_t rumpuser_lx_bio_inflight = ATOMIC_INIT(0);

/* irq-safe: bi_end_io queues completions from interrupt context */
static DEFINE_SPINLOCK(rumpuser_lx_bio_lock);
static LIST_HEAD(rumpuser_lx_bio_queue);
static DECLARE_WAIT_QUEUE_HEAD(rumpuser_lx_bio_wq);

bool rumpuser_lx_bio_is_self(void)
{
	return current == READ_ONCE(rumpuser_lx_bio_task);
}

static void rumpuser_lx_bio_queue_done(struct rumpuser_lx_bioreq *req)
{
	unsigned long flags;

	spin_lock_irqsave(&rumpuser_lx_bio_lock, flags);
	list_add_tail(&req->link, &rumpuser_lx_bio_queue);
	spin_unlock_irqrestore(&rumpuser_lx_bio_lock, flags);
	wake_up(&rumpuser_lx_bio_wq);
}

static void rumpuser_lx_bioreq_put(struct rumpuser_lx_bioreq *req)
{
	if (atomic_dec_and_test(&req->pending))
		rumpuser_lx_bio_queue_done(req);
}

static void rumpuser_lx_bio_end_io(struct bio *bio)
{
	struct rumpuser_lx_bioreq *req = bio->bi_private;

	if (bio->bi_status)
		cmpxchg(&req->error, 0, blk_status_to_errno(bio->bi_status));
	bio_put(bio);
	rumpuser_lx_bioreq_put(req);
}

static struct page *rumpuser_lx_bio_page(void *p)
{
	if (is_vmalloc_addr(p) || !virt_addr_valid(p))
		return vmalloc_to_page(p);
	return virt_to_page(p);
}

/* Whether the block layer can take the request as it is. */
static bool rumpuser_lx_bio_direct_ok(struct rumpuser_lx_bioreq *req)
{
	unsigned int lbs;

	if (!req->fd || !req->fd->bdev)
		return false;
	lbs = bdev_logical_block_size(req->fd->bdev);
	return IS_ALIGNED((unsigned long)req->data | req->off | req->dlen, lbs);
}

static void rumpuser_lx_bio_submit(struct rumpuser_lx_bioreq *req)
{
	struct block_device *bdev = req->fd->bdev;
	struct address_space *mapping = bdev->bd_inode->i_mapping;
	blk_opf_t opf = REQ_OP_READ;
	loff_t size = bdev_nr_bytes(bdev);
	struct bio *bio = NULL;
	struct blk_plug plug;
	size_t len, left;
	loff_t pos;
	char *p;
	int err;

	/* short transfer at the end of the device, like pread */
	len = req->off >= size ? 0 : min_t(u64, req->dlen, size - req->off);
	req->bytes = len;
	if (!len)
		return;

	err = filemap_write_and_wait_range(mapping, req->off,
					   req->off + len - 1);
	if (err) {
		req->error = err;
		return;
	}
	if (req->op & RUMPUSER_BIO_WRITE) {
		opf = REQ_OP_WRITE;
		if (req->op & RUMPUSER_BIO_SYNC)
			opf |= REQ_SYNC | REQ_FUA | REQ_PREFLUSH;
		if (is_vmalloc_addr(req->data))
			flush_kernel_vmap_range(req->data, len);
	}

	blk_start_plug(&plug);
	p = req->data;
	pos = req->off;
	left = len;
	while (left) {
		unsigned int pgoff = offset_in_page(p);
		unsigned int chunk = min_t(size_t, left, PAGE_SIZE - pgoff);

		if (!bio) {
			unsigned int nr = DIV_ROUND_UP(pgoff + left, PAGE_SIZE);

			bio = bio_alloc(bdev, min_t(unsigned int, nr,
						    BIO_MAX_VECS),
					opf, GFP_NOIO);
			bio->bi_iter.bi_sector = pos >> SECTOR_SHIFT;
			bio->bi_end_io = rumpuser_lx_bio_end_io;
			bio->bi_private = req;
		}
		if (bio_add_page(bio, rumpuser_lx_bio_page(p), chunk,
				 pgoff) != chunk) {
			/* full: send it, continue in a new one */
			atomic_inc(&req->pending);
			submit_bio(bio);
			bio = NULL;
			continue;
		}
		p += chunk;
		pos += chunk;
		left -= chunk;
	}
	atomic_inc(&req->pending);
	submit_bio(bio);
	blk_finish_plug(&plug);
}

/* Worker side of a page-cache request: do the whole transfer now. */
static void rumpuser_lx_bio_fileio(struct rumpuser_lx_bioreq *req)
{
	struct file *filp = req->fd->filp;
	bool write = req->op & RUMPUSER_BIO_WRITE;
	loff_t pos = req->off;
	size_t done = 0;
	ssize_t n;

	while (done < req->dlen) {
		if (write)
			n = kernel_write(filp, req->data + done,
					 req->dlen - done, &pos);
		else
			n = kernel_read(filp, req->data + done,
					req->dlen - done, &pos);
		if (n < 0) {
			req->error = n;
			return;
		}
		if (!n)
			break;		/* end of file: short transfer */
		done += n;
	}
	if (write && (req->op & RUMPUSER_BIO_SYNC) && done) {
		n = vfs_fsync_range(filp, req->off, req->off + done - 1, 1);
		if (n) {
			req->error = n;
			return;
		}
	}
	req->bytes = done;
}

/* Worker: finish one request and hand it back to the rump kernel. */
static void rumpuser_lx_bio_complete(struct rumpuser_lx_bioreq *req,
				     bool deliver)
{
	int nlocks, error;
	size_t bytes;

	if (!req->fd) {
		if (!req->error)
			req->error = -EBADF;
	} else if (!req->direct) {
		if (deliver && !req->error)
			rumpuser_lx_bio_fileio(req);
	} else if (req->bytes) {
		if (req->op & RUMPUSER_BIO_WRITE) {
			struct address_space *mapping =
				req->fd->bdev->bd_inode->i_mapping;

			/*
			 * Not invalidate_mapping_pages(): it skips pages that
			 * are still referenced (just read), leaving stale data
			 * for the next reader.  This one waits them out, as
			 * Linux direct I/O does after a write.
			 */
			invalidate_inode_pages2_range(mapping,
						      req->off >> PAGE_SHIFT,
						      (req->off + req->bytes - 1) >>
						      PAGE_SHIFT);
		} else if (is_vmalloc_addr(req->data)) {
			invalidate_kernel_vmap_range(req->data, req->bytes);
		}
	}
	if (req->fd)
		rumpuser_lx_fd_put(req->fd);

	error = rumpuser_lx_errno(req->error);
	bytes = error ? 0 : req->bytes;
	/* counted down before done(): a panic in it never returns here */
	atomic_dec(&rumpuser_lx_bio_inflight);
	rumpuser_lx_stat_dec(bios);
	if (deliver) {
		rumpuser_lx_schedule(0, NULL);
		req->done(req->arg, bytes, error);
		rumpuser_lx_unschedule(&nlocks, NULL);
	}
	kfree(req);
}

static struct rumpuser_lx_bioreq *rumpuser_lx_bio_next(void)
{
	struct rumpuser_lx_bioreq *req;

	spin_lock_irq(&rumpuser_lx_bio_lock);
	req = list_first_entry_or_null(&rumpuser_lx_bio_queue,
				       struct rumpuser_lx_bioreq, link);
	if (req)
		list_del(&req->link);
	spin_unlock_irq(&rumpuser_lx_bio_lock);
	return req;
}

static bool rumpuser_lx_bio_wake_cond(void)
{
	if (!list_empty_careful(&rumpuser_lx_bio_queue))
		return true;
	return kthread_should_stop() &&
	       !atomic_read(&rumpuser_lx_bio_inflight);
}

static int rumpuser_lx_bio_main(void *unused)
{
	struct rumpuser_lx_bioreq *req;
	struct rumpuser_lx_task *ent;
	bool bound = false;
	unsigned int noio;

	noio = memalloc_noio_save();
	if (rumpuser_lx_upcalls_ok()) {
		rumpuser_lx_hyp_schedule();
		bound = rumpuser_lx_hyp_newlwp() == 0;
		rumpuser_lx_hyp_unschedule();
	}

	for (;;) {
		/* TASK_IDLE: an idle worker is neither load nor hung */
		wait_event_idle(rumpuser_lx_bio_wq,
				rumpuser_lx_bio_wake_cond());
		req = rumpuser_lx_bio_next();
		if (req) {
			rumpuser_lx_bio_complete(req, bound &&
						 rumpuser_lx_upcalls_ok());
			continue;
		}
		if (kthread_should_stop() &&
		    !atomic_read(&rumpuser_lx_bio_inflight))
			break;
	}

	if (bound && READ_ONCE(rumpuser_lx_bio_release)) {
		rumpuser_lx_hyp_schedule();
		rumpuser_lx_hyp_release();
		rumpuser_lx_hyp_unschedule();
	}
	memalloc_noio_restore(noio);
	ent = rumpuser_lx_task_find();
	if (ent)
		rumpuser_lx_task_release(ent);
	return 0;
}

/*
 * rumpuser_exit() on the worker (a panic inside done()).  It must not
 * return into the dead kernel: end the thread.  The reference fini holds
 * keeps kthread_stop() on it valid; fini drains what is left.
 */
void __noreturn rumpuser_lx_bio_abort(void)
{
	struct rumpuser_lx_task *ent = rumpuser_lx_task_find();

	if (ent)
		rumpuser_lx_task_release(ent);
	kthread_complete_and_exit(NULL, 0);
}

static int rumpuser_lx_bio_start(void)
{
	struct task_struct *task;
	int err = 0;

	if (READ_ONCE(rumpuser_lx_bio_task))
		return 0;
	mutex_lock(&rumpuser_lx_bio_start_lock);
	if (!rumpuser_lx_bio_task) {
		task = kthread_create(rumpuser_lx_bio_main, NULL, "rumpuser_bio");
		if (IS_ERR(task)) {
			err = PTR_ERR(task);
		} else {
			get_task_struct(task);
			WRITE_ONCE(rumpuser_lx_bio_task, task);
			wake_up_process(task);
		}
	}
	mutex_unlock(&rumpuser_lx_bio_start_lock);
	return err;
}

void rumpuser_bio(int fd, int op, void *data, size_t dlen, int64_t off,
		  rump_biodone_fn done, void *arg)
{
	struct rumpuser_lx_bioreq *req;
	unsigned int noio;
	int nlocks, err;

	if (rumpuser_lx_is_dead())
		return;		/* nobody left to tell */

	req = kzalloc(sizeof(*req), GFP_NOIO | __GFP_NOFAIL);
	req->done = done;
	req->arg = arg;
	req->data = data;
	req->dlen = dlen;
	req->off = off;
	req->op = op;
	atomic_set(&req->pending, 1);
	rumpuser_lx_stat_inc(bios);
	atomic_inc(&rumpuser_lx_bio_inflight);

	err = rumpuser_lx_bio_start();
	if (err) {
		/* no worker: complete here, we hold CPU and curlwp */
		rumpuser_lx_stat_dec(bios);
		atomic_dec(&rumpuser_lx_bio_inflight);
		kfree(req);
		done(arg, 0, rumpuser_lx_errno(err));
		return;
	}

	req->fd = rumpuser_lx_fd_get(fd);
	if (!req->fd) {
		req->error = -EBADF;
	} else if (off < 0 || dlen > MAX_RW_COUNT ||
		   !(op & (RUMPUSER_BIO_READ | RUMPUSER_BIO_WRITE)) ||
		   (op & RUMPUSER_BIO_READ && op & RUMPUSER_BIO_WRITE)) {
		req->error = -EINVAL;
	} else if (!(req->fd->filp->f_mode & (op & RUMPUSER_BIO_WRITE ?
					      FMODE_WRITE : FMODE_READ))) {
		/* as a write(2) on a read-only fd; kernel_write would WARN */
		req->error = -EBADF;
	} else if (rumpuser_lx_bio_direct_ok(req)) {
		req->direct = true;
		rumpuser_lx_unschedule(&nlocks, NULL);
		noio = memalloc_noio_save();
		rumpuser_lx_bio_submit(req);
		memalloc_noio_restore(noio);
		rumpuser_lx_schedule(nlocks, NULL);
	}
	/* drop the submitter's count: queues it once all bios are done */
	rumpuser_lx_bioreq_put(req);
}
EXPORT_SYMBOL_GPL(rumpuser_bio);

/*
 * Detach: let the worker finish every request (delivering completions
 * when it still may), release its lwp if upcalls are allowed, and stop it.
 * If it died in rumpuser_exit(), drop what it left: the rump kernel is
 * dead and the block layer's completions still have to be collected.
 */
void rumpuser_lx_bio_fini(bool upcalls)
{
	struct rumpuser_lx_bioreq *req;
	struct task_struct *task;

	mutex_lock(&rumpuser_lx_bio_start_lock);
	task = rumpuser_lx_bio_task;
	if (task) {
		WRITE_ONCE(rumpuser_lx_bio_release, upcalls);
		kthread_stop(task);
		WRITE_ONCE(rumpuser_lx_bio_task, NULL);
		put_task_struct(task);
	}
	while (atomic_read(&rumpuser_lx_bio_inflight)) {
		req = rumpuser_lx_bio_next();
		if (req)
			rumpuser_lx_bio_complete(req, false);
		else
			wait_event_idle_timeout(rumpuser_lx_bio_wq,
						!list_empty_careful(&rumpuser_lx_bio_queue),
						HZ / 10);
	}
	mutex_unlock(&rumpuser_lx_bio_start_lock);
}
