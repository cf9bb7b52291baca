// SPDX-License-Identifier: BSD-2-Clause
/*
 * vfs_bio.c - block devices over host files and devices (rumpuser_bio),
 * and the buffer cache on top of them.
 *
 * I/O is asynchronous in the hypercall layer: rumpuser_bio() returns at
 * once and a worker thread of the host (holding a rump CPU) calls the
 * completion callback, which marks the request done under the device's
 * lock and wakes the waiter (biowait) or, for read-ahead, releases the
 * buffer to the cache.  rb_inflight counts requests not yet completed:
 * a device is closed, and the VFS finished, only once it is zero, so the
 * kernel's shutdown can quiesce the hypercall layer after all I/O.
 */
#include "vfs/vfs.h"
#include "kern/systm.h"
#include "kern/kmem.h"
#include "kern/kthread.h"

/* ---- block devices -------------------------------------------------------------- */

int rumpblk_open(const char *hostpath, struct rumpblk **rbp)
{
	struct rumpblk *rb;
	uint64_t size;
	int ft, fd, error;

	error = rumpuser_getfileinfo(hostpath, &size, &ft);
	if (error)
		return error;
	if (ft != RUMPUSER_FT_REG && ft != RUMPUSER_FT_BLK &&
	    ft != RUMPUSER_FT_CHR)
		return ENODEV;
	error = rumpuser_open(hostpath, RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_BIO,
			      &fd);
	if (error == EACCES || error == EROFS)
		error = rumpuser_open(hostpath,
				      RUMPUSER_OPEN_RDONLY | RUMPUSER_OPEN_BIO,
				      &fd);
	if (error)
		return error;
	rb = kmem_zalloc(sizeof(*rb), KM_SLEEP);
	if (rb == NULL) {
		rumpuser_close(fd);
		return ENOMEM;
	}
	rb->rb_hostpath = kmem_strdup(hostpath, KM_SLEEP);
	if (rb->rb_hostpath == NULL) {
		kmem_free(rb, sizeof(*rb));
		rumpuser_close(fd);
		return ENOMEM;
	}
	rb->rb_fd = fd;
	rb->rb_size = size;
	rb->rb_ftype = ft;
	mutex_init(&rb->rb_lock, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&rb->rb_cv, "rumpblk");
	*rbp = rb;
	return 0;
}

void rumpblk_close(struct rumpblk *rb)
{
	binval(rb);
	mutex_enter(&rb->rb_lock);
	while (rb->rb_inflight > 0)
		cv_wait(&rb->rb_cv, &rb->rb_lock);
	mutex_exit(&rb->rb_lock);
	rumpuser_close(rb->rb_fd);
	cv_destroy(&rb->rb_cv);
	mutex_destroy(&rb->rb_lock);
	kmem_strfree(rb->rb_hostpath);
	kmem_free(rb, sizeof(*rb));
}

struct biowait {
	struct rumpblk *bw_rb;
	size_t bw_done;
	int bw_error;
	bool bw_finished;
};

/* In the hypercall layer's completion thread, holding a rump CPU. */
static void rumpblk_syncdone(void *arg, size_t done, int error)
{
	struct biowait *bw = arg;
	struct rumpblk *rb = bw->bw_rb;

	mutex_enter(&rb->rb_lock);
	bw->bw_done = done;
	bw->bw_error = error;
	bw->bw_finished = true;
	rb->rb_inflight--;
	cv_broadcast(&rb->rb_cv);
	mutex_exit(&rb->rb_lock);
}

int rumpblk_rw(struct rumpblk *rb, bool write, void *data, size_t len,
	       off_t off)
{
	struct biowait bw = { rb, 0, 0, false };

	if (off < 0)
		return EINVAL;
	if (len == 0)
		return 0;
	mutex_enter(&rb->rb_lock);
	rb->rb_inflight++;
	if (write) {
		rb->rb_nwrites++;
		if (off < rb->rb_lastwrite)
			rb->rb_nwback++;
		rb->rb_lastwrite = off;
	} else {
		rb->rb_nreads++;
	}
	mutex_exit(&rb->rb_lock);
	rumpuser_bio(rb->rb_fd, write ? RUMPUSER_BIO_WRITE : RUMPUSER_BIO_READ,
		     data, len, off, rumpblk_syncdone, &bw);
	/* biowait */
	mutex_enter(&rb->rb_lock);
	while (!bw.bw_finished)
		cv_wait(&rb->rb_cv, &rb->rb_lock);
	mutex_exit(&rb->rb_lock);
	if (bw.bw_error)
		return bw.bw_error;
	if (bw.bw_done != len)
		return EIO;		/* short transfer: past the end */
	return 0;
}

/* ---- the buffer cache -------------------------------------------------------------- */

#define BC_HASHSIZE	256

static kmutex_t bc_lock;
static kcondvar_t bc_cv;
static struct buf *bc_hash[BC_HASHSIZE];
static struct buf *bc_lruhead, *bc_lrutail;	/* idle buffers */
static uint64_t bc_bytes, bc_budget, bc_nbufs;
static uint64_t bc_nhits, bc_nmisses, bc_nreadahead, bc_nevicted;

/*
 * The syncer: a kernel thread writing delayed-write buffers back every
 * bc_syncdelay seconds (RUMP_SYNCDELAY, default 5; 0 disables it), so
 * data written through the cache reaches the device without an explicit
 * sync, as NetBSD's syncer does for its dirty buffers.
 */
static kmutex_t syncer_lock;
static kcondvar_t syncer_cv;
static struct lwp *syncer_lwp;
static bool syncer_stop;
static unsigned bc_syncdelay;
static uint64_t bc_nsyncs;

static void syncer_thread(void *arg)
{
	(void)arg;
	mutex_enter(&syncer_lock);
	while (!syncer_stop) {
		(void)cv_timedwait(&syncer_cv, &syncer_lock,
				   (int)bc_syncdelay * hz);
		if (syncer_stop)
			break;
		mutex_exit(&syncer_lock);
		(void)bflush(NULL);
		mutex_enter(&bc_lock);
		bc_nsyncs++;
		mutex_exit(&bc_lock);
		mutex_enter(&syncer_lock);
	}
	mutex_exit(&syncer_lock);
}

static unsigned bc_hashidx(struct rumpblk *dev, int64_t blkno)
{
	uint64_t h = (uint64_t)(uintptr_t)dev * 0x9e3779b97f4a7c15ULL ^
		     (uint64_t)blkno * 0xff51afd7ed558ccdULL;

	return (unsigned)(h >> 40) % BC_HASHSIZE;
}

static bool bc_onlru(struct buf *bp)
{
	return bp->b_lruprev != NULL || bc_lruhead == bp;
}

static void bc_lru_remove(struct buf *bp)
{
	if (bp->b_lruprev)
		bp->b_lruprev->b_lrunext = bp->b_lrunext;
	else
		bc_lruhead = bp->b_lrunext;
	if (bp->b_lrunext)
		bp->b_lrunext->b_lruprev = bp->b_lruprev;
	else
		bc_lrutail = bp->b_lruprev;
	bp->b_lrunext = bp->b_lruprev = NULL;
}

static void bc_lru_append(struct buf *bp)
{
	bp->b_lrunext = NULL;
	bp->b_lruprev = bc_lrutail;
	if (bc_lrutail)
		bc_lrutail->b_lrunext = bp;
	else
		bc_lruhead = bp;
	bc_lrutail = bp;
}

static struct buf *bc_find(struct rumpblk *dev, int64_t blkno)
{
	struct buf *bp;

	for (bp = bc_hash[bc_hashidx(dev, blkno)]; bp; bp = bp->b_hnext)
		if (bp->b_dev == dev && bp->b_blkno == blkno)
			return bp;
	return NULL;
}

/* With bc_lock: unhash and free an idle (or owned) buffer. */
static void bc_free_locked(struct buf *bp)
{
	struct buf **bpp;

	if (bc_onlru(bp))
		bc_lru_remove(bp);
	for (bpp = &bc_hash[bc_hashidx(bp->b_dev, bp->b_blkno)]; *bpp;
	     bpp = &(*bpp)->b_hnext)
		if (*bpp == bp) {
			*bpp = bp->b_hnext;
			break;
		}
	bc_bytes -= bp->b_bcount;
	bc_nbufs--;
	bp->b_dev->rb_nbufs--;
	mutex_exit(&bc_lock);
	kmem_free(bp->b_data, bp->b_bcount);
	kmem_free(bp, sizeof(*bp));
	mutex_enter(&bc_lock);
}

/* With bc_lock, bp owned (B_BUSY): write it out, lock dropped meanwhile. */
static int bc_writeout_locked(struct buf *bp)
{
	int error;

	mutex_exit(&bc_lock);
	error = rumpblk_rw(bp->b_dev, true, bp->b_data, bp->b_bcount,
			   bp->b_blkno * DEV_BSIZE);
	mutex_enter(&bc_lock);
	if (error == 0)
		bp->b_flags &= ~B_DELWRI;
	return error;
}

/* With bc_lock: free idle buffers, oldest first, down to the budget. */
static void bc_trim_locked(void)
{
	struct buf *bp;

	while (bc_bytes > bc_budget) {
		/* Oldest idle buffer no one is about to look at again. */
		for (bp = bc_lruhead; bp && bp->b_refcnt > 0; bp = bp->b_lrunext)
			;
		if (bp == NULL)
			break;
		bc_lru_remove(bp);
		if (bp->b_flags & B_DELWRI) {
			bp->b_flags |= B_BUSY;
			if (bc_writeout_locked(bp) != 0)
				printf("bufcache: write-back of block %lld "
				       "failed, data lost\n",
				       (long long)bp->b_blkno);
			bp->b_flags &= ~(B_BUSY | B_DELWRI);
			cv_broadcast(&bc_cv);
			if (bp->b_refcnt > 0) {
				/* Someone started waiting for it: keep it. */
				bc_lru_append(bp);
				continue;
			}
		}
		bc_nevicted++;
		bc_free_locked(bp);
	}
}

/*
 * Find or create the buffer, owned.  *newp tells whether it was created
 * (its contents are not valid).  A cached buffer of another size is
 * written back if dirty and replaced.
 */
static int bc_get(struct rumpblk *dev, int64_t blkno, size_t size,
		  struct buf **bpp, bool wait)
{
	struct buf *bp, *nbp = NULL;
	void *data = NULL;

	if (size == 0 || blkno < 0)
		return EINVAL;
	mutex_enter(&bc_lock);
again:
	bp = bc_find(dev, blkno);
	if (bp != NULL) {
		if (bp->b_flags & B_BUSY) {
			if (!wait) {
				/*
				 * Someone created it while we were allocating
				 * ours (read-ahead of concurrent readers):
				 * ours is not needed.
				 */
				mutex_exit(&bc_lock);
				if (nbp) {
					kmem_free(data, size);
					kmem_free(nbp, sizeof(*nbp));
				}
				return EBUSY;
			}
			bp->b_refcnt++;
			cv_wait(&bc_cv, &bc_lock);
			bp->b_refcnt--;
			goto again;
		}
		if (bc_onlru(bp))
			bc_lru_remove(bp);
		bp->b_flags |= B_BUSY;
		if (bp->b_bcount != size) {
			if (bp->b_flags & B_DELWRI)
				bc_writeout_locked(bp);
			if (bp->b_refcnt == 0) {
				bc_free_locked(bp);
			} else {
				bp->b_flags |= B_INVAL;
				mutex_exit(&bc_lock);
				brelse(bp);
				mutex_enter(&bc_lock);
				/* Let the waiters have it first. */
				(void)cv_timedwait(&bc_cv, &bc_lock, 1);
			}
			goto again;
		}
		bc_nhits++;
		mutex_exit(&bc_lock);
		if (nbp) {
			kmem_free(data, size);
			kmem_free(nbp, sizeof(*nbp));
		}
		*bpp = bp;
		return 0;
	}
	if (nbp == NULL) {
		mutex_exit(&bc_lock);
		nbp = kmem_zalloc(sizeof(*nbp), KM_SLEEP);
		data = kmem_alloc(size, KM_SLEEP);
		if (nbp == NULL || data == NULL) {
			if (nbp)
				kmem_free(nbp, sizeof(*nbp));
			if (data)
				kmem_free(data, size);
			return ENOMEM;
		}
		mutex_enter(&bc_lock);
		goto again;	/* someone may have created it meanwhile */
	}
	bp = nbp;
	bp->b_dev = dev;
	bp->b_blkno = blkno;
	bp->b_bcount = size;
	bp->b_data = data;
	bp->b_flags = B_BUSY;
	bp->b_hnext = bc_hash[bc_hashidx(dev, blkno)];
	bc_hash[bc_hashidx(dev, blkno)] = bp;
	bc_bytes += size;
	bc_nbufs++;
	dev->rb_nbufs++;
	bc_nmisses++;
	bc_trim_locked();
	mutex_exit(&bc_lock);
	*bpp = bp;
	return 0;
}

int getblk(struct rumpblk *dev, int64_t blkno, size_t size, struct buf **bpp)
{
	return bc_get(dev, blkno, size, bpp, true);
}

int bread(struct rumpblk *dev, int64_t blkno, size_t size, struct buf **bpp)
{
	struct buf *bp;
	int error;

	error = bc_get(dev, blkno, size, &bp, true);
	if (error)
		return error;
	if (!(bp->b_flags & B_DONE)) {
		error = rumpblk_rw(dev, false, bp->b_data, size,
				   blkno * DEV_BSIZE);
		if (error) {
			mutex_enter(&bc_lock);
			bp->b_flags |= B_INVAL;
			mutex_exit(&bc_lock);
			brelse(bp);
			return error;
		}
		mutex_enter(&bc_lock);
		bp->b_flags |= B_DONE;
		mutex_exit(&bc_lock);
	}
	*bpp = bp;
	return 0;
}

/* Read-ahead completion, in the hypercall layer's thread. */
static void bc_radone(void *arg, size_t done, int error)
{
	struct buf *bp = arg;
	struct rumpblk *rb = bp->b_dev;

	mutex_enter(&bc_lock);
	bp->b_flags &= ~(B_INFLIGHT | B_READ | B_ASYNC);
	if (error == 0 && done == bp->b_bcount)
		bp->b_flags |= B_DONE;
	else
		bp->b_flags |= B_INVAL;
	mutex_exit(&bc_lock);
	brelse(bp);
	mutex_enter(&rb->rb_lock);
	rb->rb_inflight--;
	cv_broadcast(&rb->rb_cv);
	mutex_exit(&rb->rb_lock);
}

int breadn(struct rumpblk *dev, int64_t blkno, size_t size,
	   const int64_t *rablks, int nra, struct buf **bpp)
{
	struct buf *bp;
	int i;

	/* Start the read-ahead first, so it overlaps the wanted block. */
	for (i = 0; i < nra; i++) {
		if ((uint64_t)(rablks[i] * DEV_BSIZE) + size > dev->rb_size)
			continue;
		if (bc_get(dev, rablks[i], size, &bp, false) != 0)
			continue;	/* busy: someone has it */
		if (bp->b_flags & B_DONE) {
			brelse(bp);
			continue;
		}
		mutex_enter(&bc_lock);
		bp->b_flags |= B_INFLIGHT | B_READ | B_ASYNC;
		bc_nreadahead++;
		mutex_exit(&bc_lock);
		mutex_enter(&dev->rb_lock);
		dev->rb_inflight++;
		dev->rb_nreads++;
		mutex_exit(&dev->rb_lock);
		rumpuser_bio(dev->rb_fd, RUMPUSER_BIO_READ, bp->b_data, size,
			     rablks[i] * DEV_BSIZE, bc_radone, bp);
	}
	return bread(dev, blkno, size, bpp);
}

void brelse(struct buf *bp)
{
	mutex_enter(&bc_lock);
	KASSERT(bp->b_flags & B_BUSY);
	bp->b_flags &= ~B_BUSY;
	cv_broadcast(&bc_cv);
	if ((bp->b_flags & B_INVAL) ||
	    ((bp->b_flags & B_ERROR) && !(bp->b_flags & B_DELWRI))) {
		if (bp->b_refcnt == 0) {
			bc_free_locked(bp);
			mutex_exit(&bc_lock);
			return;
		}
		bp->b_flags &= ~(B_INVAL | B_ERROR | B_DONE);
	}
	bc_lru_append(bp);
	bc_trim_locked();
	mutex_exit(&bc_lock);
}

int bwrite(struct buf *bp)
{
	int error;

	error = rumpblk_rw(bp->b_dev, true, bp->b_data, bp->b_bcount,
			   bp->b_blkno * DEV_BSIZE);
	mutex_enter(&bc_lock);
	if (error == 0)
		bp->b_flags = (bp->b_flags & ~B_DELWRI) | B_DONE;
	else
		bp->b_flags |= B_INVAL;
	mutex_exit(&bc_lock);
	brelse(bp);
	return error;
}

void bdwrite(struct buf *bp)
{
	mutex_enter(&bc_lock);
	bp->b_flags |= B_DELWRI | B_DONE;
	mutex_exit(&bc_lock);
	brelse(bp);
}

/* ---- write-back and invalidation, whole devices or byte ranges ----------------- */

/*
 * A buffer's identity, to find it again after bc_lock was dropped (the
 * buffer itself may be gone by then).  Ordered by device, then block.
 */
struct bkey {
	struct rumpblk *dev;
	int64_t blkno;
};

static bool bkey_less(const struct bkey *a, const struct bkey *b)
{
	if (a->dev != b->dev)
		return (uintptr_t)a->dev < (uintptr_t)b->dev;
	return a->blkno < b->blkno;
}

#define BC_NOLIMIT	(~(uint64_t)0)

/* Which buffers a sweep handles. */
struct bsel {
	struct rumpblk *dev;	/* NULL: every device */
	uint64_t lo, hi;	/* bytes [lo, hi) the buffer overlaps */
	bool dirtyonly;
};

static bool bc_selected(const struct buf *bp, const struct bsel *sel)
{
	uint64_t start = (uint64_t)bp->b_blkno * DEV_BSIZE;

	if (sel->dev != NULL && bp->b_dev != sel->dev)
		return false;
	if (start >= sel->hi || start + bp->b_bcount <= sel->lo)
		return false;
	return !sel->dirtyonly || (bp->b_flags & B_DELWRI);
}

#define BC_BATCH	32	/* keys per pass: 512 bytes of stack */

/*
 * With bc_lock: the keys of the (at most BC_BATCH) smallest selected
 * buffers above *after (from the start if NULL), ascending; their count.
 */
static int bc_collect_locked(const struct bsel *sel, const struct bkey *after,
			     struct bkey *keys)
{
	struct buf *bp;
	unsigned h;
	int n = 0, i;

	for (h = 0; h < BC_HASHSIZE; h++)
		for (bp = bc_hash[h]; bp; bp = bp->b_hnext) {
			struct bkey k = { bp->b_dev, bp->b_blkno };

			if (!bc_selected(bp, sel) ||
			    (after != NULL && !bkey_less(after, &k)) ||
			    (n == BC_BATCH && !bkey_less(&k, &keys[n - 1])))
				continue;
			/* Insert in order; when full, the largest falls off. */
			i = n < BC_BATCH ? n++ : n - 1;
			for (; i > 0 && bkey_less(&k, &keys[i - 1]); i--)
				keys[i] = keys[i - 1];
			keys[i] = k;
		}
	return n;
}

/*
 * Write back the selected dirty buffers, in ascending (device, block)
 * order, and with inval drop the selected buffers too.  Busy buffers
 * (an owner, or read-ahead in flight) are waited for if wait, skipped
 * otherwise.  The selection is walked with a cursor, BC_BATCH keys at a
 * time: the lock is dropped for every write, buffers created or dirtied
 * behind the cursor meanwhile are left for a later call, so it ends even
 * under a steady stream of writes.  A failed write leaves the buffer
 * dirty and cached (also with inval) and is reported; the others go on.
 */
static int bc_sweep(const struct bsel *sel, bool wait, bool inval)
{
	struct bkey keys[BC_BATCH], last;
	struct buf *bp;
	int n, i, error = 0, e;

	mutex_enter(&bc_lock);
	if (sel->dev != NULL && sel->dev->rb_nbufs == 0)
		goto out;		/* the direct I/O path's usual case */
	n = bc_collect_locked(sel, NULL, keys);
	while (n > 0) {
		for (i = 0; i < n; i++) {
			bp = bc_find(keys[i].dev, keys[i].blkno);
			if (bp == NULL || !bc_selected(bp, sel))
				continue;
			if (bp->b_flags & B_BUSY) {
				if (!wait)
					continue;
				/* b_refcnt keeps it from being freed. */
				bp->b_refcnt++;
				cv_wait(&bc_cv, &bc_lock);
				bp->b_refcnt--;
				i--;		/* look at this key again */
				continue;
			}
			if (bc_onlru(bp))
				bc_lru_remove(bp);
			bp->b_flags |= B_BUSY;
			e = 0;
			if (bp->b_flags & B_DELWRI) {
				e = bc_writeout_locked(bp);
				if (e)
					error = e;
			}
			bp->b_flags &= ~B_BUSY;
			cv_broadcast(&bc_cv);
			if (inval && e == 0 && bp->b_refcnt == 0) {
				bc_free_locked(bp);
				continue;
			}
			/* A waiter gets it, to be read again (no B_DONE). */
			if (inval && e == 0)
				bp->b_flags &= ~B_DONE;
			bc_lru_append(bp);
		}
		if (n < BC_BATCH)
			break;		/* that was all of them */
		last = keys[n - 1];
		n = bc_collect_locked(sel, &last, keys);
	}
out:
	mutex_exit(&bc_lock);
	return error;
}

int bflush(struct rumpblk *dev)
{
	struct bsel sel = { dev, 0, BC_NOLIMIT, true };

	return bc_sweep(&sel, false, false);
}

static void bc_range(struct bsel *sel, struct rumpblk *dev, int64_t blkno,
		     size_t len, bool dirtyonly)
{
	sel->dev = dev;
	sel->lo = (uint64_t)blkno * DEV_BSIZE;
	sel->hi = len > BC_NOLIMIT - sel->lo ? BC_NOLIMIT : sel->lo + len;
	sel->dirtyonly = dirtyonly;
}

int bflush_range(struct rumpblk *dev, int64_t blkno, size_t len)
{
	struct bsel sel;

	if (blkno < 0 || dev == NULL)
		return EINVAL;
	bc_range(&sel, dev, blkno, len, false);
	return bc_sweep(&sel, true, false);
}

int binval_range(struct rumpblk *dev, int64_t blkno, size_t len)
{
	struct bsel sel;

	if (blkno < 0 || dev == NULL)
		return EINVAL;
	bc_range(&sel, dev, blkno, len, false);
	return bc_sweep(&sel, true, true);
}

/*
 * Every buffer of dev goes (the device is closing): dirty ones are
 * written first; what cannot be written is dropped all the same.
 */
void binval(struct rumpblk *dev)
{
	struct bsel sel = { dev, 0, BC_NOLIMIT, false };
	struct buf *bp;
	unsigned i;

	if (bc_sweep(&sel, true, true) != 0)
		printf("bufcache: write-back failed at close of %s, "
		       "data lost\n", dev->rb_hostpath);
	mutex_enter(&bc_lock);
again:
	for (i = 0; i < BC_HASHSIZE; i++)
		for (bp = bc_hash[i]; bp; bp = bp->b_hnext) {
			if (bp->b_dev != dev)
				continue;
			if ((bp->b_flags & B_BUSY) || bp->b_refcnt > 0) {
				/* An owner or a waiter: let it finish. */
				bp->b_refcnt++;
				cv_wait(&bc_cv, &bc_lock);
				bp->b_refcnt--;
				goto again;
			}
			bc_free_locked(bp);
			goto again;
		}
	mutex_exit(&bc_lock);
}

void bufcache_getstats(struct bufcache_stats *st)
{
	mutex_enter(&bc_lock);
	st->bytes = bc_bytes;
	st->budget = bc_budget;
	st->nbufs = bc_nbufs;
	st->nhits = bc_nhits;
	st->nmisses = bc_nmisses;
	st->nreadahead = bc_nreadahead;
	st->nevicted = bc_nevicted;
	st->ndirty = 0;
	{
		struct buf *bp;
		unsigned i;

		for (i = 0; i < BC_HASHSIZE; i++)
			for (bp = bc_hash[i]; bp; bp = bp->b_hnext)
				if (bp->b_flags & B_DELWRI)
					st->ndirty++;
	}
	st->nsyncs = bc_nsyncs;
	mutex_exit(&bc_lock);
}

int bufcache_init(void)
{
	char buf[32];
	uint64_t v;
	const char *end;

	bc_budget = 4u << 20;
	if (rumpuser_getparam("RUMP_BUFMEM", buf, sizeof(buf)) == 0 &&
	    strtou64(buf, 10, &v, &end) == 0 && *end == '\0' &&
	    v >= 16384)
		bc_budget = v;
	bc_syncdelay = 5;
	if (rumpuser_getparam("RUMP_SYNCDELAY", buf, sizeof(buf)) == 0 &&
	    strtou64(buf, 10, &v, &end) == 0 && *end == '\0' && v <= 3600)
		bc_syncdelay = (unsigned)v;
	mutex_init(&bc_lock, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&bc_cv, "bufcache");
	memset(bc_hash, 0, sizeof(bc_hash));
	bc_lruhead = bc_lrutail = NULL;
	bc_bytes = bc_nbufs = 0;
	bc_nhits = bc_nmisses = bc_nreadahead = bc_nevicted = bc_nsyncs = 0;
	mutex_init(&syncer_lock, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&syncer_cv, "syncer");
	syncer_stop = false;
	syncer_lwp = NULL;
	if (bc_syncdelay > 0) {
		int error = kthread_create(PRI_NONE,
		    KTHREAD_MPSAFE | KTHREAD_MUSTJOIN, NULL, syncer_thread,
		    NULL, &syncer_lwp, "syncer");

		if (error) {
			cv_destroy(&syncer_cv);
			mutex_destroy(&syncer_lock);
			cv_destroy(&bc_cv);
			mutex_destroy(&bc_lock);
			return error;
		}
	}
	return 0;
}

/* Stop the syncer (fini: before the last flush and the devices close). */
void bufcache_stop_syncer(void)
{
	if (syncer_lwp == NULL)
		return;
	mutex_enter(&syncer_lock);
	syncer_stop = true;
	cv_broadcast(&syncer_cv);
	mutex_exit(&syncer_lock);
	(void)kthread_join(syncer_lwp);
	syncer_lwp = NULL;
}

void bufcache_fini(void)
{
	bufcache_stop_syncer();
	cv_destroy(&syncer_cv);
	mutex_destroy(&syncer_lock);
	if (bc_nbufs)
		printf("bufcache: %llu buffers left at fini\n",
		       (unsigned long long)bc_nbufs);
	cv_destroy(&bc_cv);
	mutex_destroy(&bc_lock);
}

/* Test hook: change the budget at run time; returns the old one. */
uint64_t bufcache_setbudget(uint64_t budget)
{
	uint64_t old;

	mutex_enter(&bc_lock);
	old = bc_budget;
	bc_budget = budget;
	bc_trim_locked();
	mutex_exit(&bc_lock);
	return old;
}

/* ---- device special files ------------------------------------------------------------ */

#define SPEC_BSIZE	4096

/*
 * read/write on a device node: a block device (cached) goes through the
 * buffer cache in SPEC_BSIZE blocks, writes as delayed writes (on the host
 * device after fsync, sync, close of the device, eviction, or within
 * RUMP_SYNCDELAY seconds by the syncer); a raw (character) device is
 * transferred directly through a bounce buffer.  Transfers end at the
 * device's end (reads return short, writes ENOSPC).
 */
int blkdev_rw(struct rumpblk *rb, struct uio *uio, bool cached)
{
	bool write = uio->uio_rw == UIO_WRITE;
	char *bounce = NULL;
	int error = 0;

	if (uio->uio_offset < 0)
		return EINVAL;
	if (!cached) {
		bounce = kmem_alloc(SPEC_BSIZE, KM_SLEEP);
		if (bounce == NULL)
			return ENOMEM;
	}
	while (error == 0 && uio->uio_resid > 0) {
		uint64_t off = (uint64_t)uio->uio_offset;
		uint64_t bstart = off - off % SPEC_BSIZE;
		size_t bsize, boff = (size_t)(off - bstart), n;
		struct buf *bp;

		if (off >= rb->rb_size) {
			if (write)
				error = ENOSPC;
			break;
		}
		bsize = (size_t)MIN((uint64_t)SPEC_BSIZE, rb->rb_size - bstart);
		n = MIN(bsize - boff, uio->uio_resid);
		if (!cached) {
			if (write) {
				error = uiomove(bounce, n, uio);
				if (error == 0)
					error = rumpblk_rw(rb, true, bounce, n,
							   (off_t)off);
			} else {
				error = rumpblk_rw(rb, false, bounce, n,
						   (off_t)off);
				if (error == 0)
					error = uiomove(bounce, n, uio);
			}
			continue;
		}
		if (write && boff == 0 && n == bsize)
			error = getblk(rb, (int64_t)(bstart / DEV_BSIZE), bsize,
				       &bp);
		else if (!write) {
			int64_t ra = (int64_t)((bstart + SPEC_BSIZE) /
					       DEV_BSIZE);

			error = breadn(rb, (int64_t)(bstart / DEV_BSIZE),
				       bsize, &ra, 1, &bp);
		} else
			error = bread(rb, (int64_t)(bstart / DEV_BSIZE), bsize,
				      &bp);
		if (error)
			break;
		error = uiomove((char *)bp->b_data + boff, n, uio);
		if (write && error == 0)
			bdwrite(bp);
		else if (write) {
			mutex_enter(&bc_lock);
			bp->b_flags |= B_INVAL;
			mutex_exit(&bc_lock);
			brelse(bp);
		} else
			brelse(bp);
	}
	if (bounce)
		kmem_free(bounce, SPEC_BSIZE);
	return error;
}
