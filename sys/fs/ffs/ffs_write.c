// SPDX-License-Identifier: BSD-2-Clause
/*
 * ffs_write.c - the file side of writing: inode write-back, the block
 * map as it grows (direct blocks, fragment tails, 1-3 levels of
 * indirect blocks), file writes, truncation, fsync and freeing inodes.
 *
 * Rules kept here (ffs-format.md sections 3 and 5):
 *  - only the last block of a file smaller than 12 blocks is a fragment
 *    tail; growing past it first grows it to a whole block (in place if
 *    the following fragments are free, else moved);
 *  - writing or extending allocates the block holding the last byte;
 *    everything else not written stays a hole;
 *  - di_blocks counts data and indirect fragments in 512-byte units;
 *  - pointers past the end of file are zero.
 * Crash ordering: a new indirect block is written (zeroed) before any
 * pointer to it; a moved tail's old fragments and a truncation's blocks
 * are freed only after the inode without them is on the device.
 */
#include "ffs_fs.h"

#define SF_LOG		0x00400000	/* WAPBL log inode: never freed */

void
ffs_now(int64_t *sec, uint32_t *nsec)
{
	struct timespec ts;

	getnanotime(&ts);
	*sec = ts.tv_sec;
	*nsec = (uint32_t)ts.tv_nsec;
}

int
ffs_devwrite(struct ffs_core *fs, uint64_t d, uint32_t off, const void *buf,
	     size_t len, int how)
{
	uint64_t room;

	if (len == 0)
		return 0;
	if (!fs->rw)
		return EROFS;
	if (d >= fs->size)
		return EIO;
	room = (fs->size - d) << fs->fshift;
	if (off > room || len > room - off)
		return EIO;
	return fs->dev.write(fs->dev.ctx, ffs_fsbtob(fs, d) + off, buf, len,
			     how) ? EIO : 0;
}

uint64_t
ffs_ino_devoff(const struct ffs_core *fs, uint64_t ino)
{
	uint64_t cg = ino / fs->ipg;
	uint32_t idx = (uint32_t)(ino % fs->ipg);

	return ffs_fsbtob(fs, ffs_cgimin(fs, cg) +
			  ((uint64_t)(idx / fs->inopb) << fs->fragshift)) +
		(uint64_t)(idx % fs->inopb) * fs->isize;
}

/* ---- pointers ------------------------------------------------------------ */

static uint64_t
db_get(const struct ffs_core *fs, const struct ffs_inode *ip, uint64_t i)
{
	if (fs->ufs == 1)
		return fs32(fs, ip->raw, DI1_DB + 4 * i);
	return fs64(fs, ip->raw, DI2_DB + 8 * i);
}

static void
db_set(const struct ffs_core *fs, struct ffs_inode *ip, uint64_t i,
       uint64_t d)
{
	if (fs->ufs == 1)
		fsset32(fs, ip->raw, DI1_DB + 4 * i, d);
	else
		fsset64(fs, ip->raw, DI2_DB + 8 * i, d);
}

static uint64_t
ib_get(const struct ffs_core *fs, const struct ffs_inode *ip, int l)
{
	if (fs->ufs == 1)
		return fs32(fs, ip->raw, DI1_IB + 4 * l);
	return fs64(fs, ip->raw, DI2_IB + 8 * l);
}

static void
ib_set(const struct ffs_core *fs, struct ffs_inode *ip, int l, uint64_t d)
{
	if (fs->ufs == 1)
		fsset32(fs, ip->raw, DI1_IB + 4 * l, d);
	else
		fsset64(fs, ip->raw, DI2_IB + 8 * l, d);
}

static uint64_t
ptr_get(const struct ffs_core *fs, const uint8_t *b, uint64_t i)
{
	if (fs->ufs == 1)
		return fs32(fs, b, 4 * i);
	return fs64(fs, b, 8 * i);
}

static void
ptr_set(const struct ffs_core *fs, uint8_t *b, uint64_t i, uint64_t d)
{
	if (fs->ufs == 1)
		fsset32(fs, b, 4 * i, d);
	else
		fsset64(fs, b, 8 * i, d);
}

/* 512-byte units of n fragments */
static inline uint64_t
fragsdb(const struct ffs_core *fs, uint64_t n)
{
	return n << (fs->fshift - 9);
}

static bool
fastlink(const struct ffs_core *fs, const struct ffs_inode *ip)
{
	return (ip->mode & FFS_IFMT) == FFS_IFLNK &&
		ip->size < fs->maxsymlinklen;
}

/* Does ip have a block map (as opposed to a device number or nothing)? */
static bool
hasblocks(const struct ffs_core *fs, const struct ffs_inode *ip)
{
	switch (ip->mode & FFS_IFMT) {
	case FFS_IFREG:
	case FFS_IFDIR:
		return true;
	case FFS_IFLNK:
		return !fastlink(fs, ip);
	default:
		return false;
	}
}

/* ---- inode write-back ------------------------------------------------------- */

int
ffs_core_iupdate(struct ffs_core *fs, struct ffs_inode *ip, int flags)
{
	uint8_t *d = ip->raw;
	uint32_t type = ip->mode & FFS_IFMT;

	if (!fs->rw)
		return EROFS;
	if (ip->ino < FFS_ROOTINO || ip->ino >= fs->ninodes || ip->nlink > 32767)
		return EINVAL;
	fsset16(fs, d, DI1_MODE, ip->mode);
	fsset16(fs, d, DI1_NLINK, ip->nlink);
	if (fs->ufs == 1) {
		fsset64(fs, d, DI1_SIZE, ip->size);
		fsset32(fs, d, DI1_ATIME, ip->atime);
		fsset32(fs, d, DI1_ATIME + 4, ip->atimensec);
		fsset32(fs, d, DI1_MTIME, ip->mtime);
		fsset32(fs, d, DI1_MTIME + 4, ip->mtimensec);
		fsset32(fs, d, DI1_CTIME, ip->ctime);
		fsset32(fs, d, DI1_CTIME + 4, ip->ctimensec);
		fsset32(fs, d, DI1_FLAGS, ip->flags);
		fsset32(fs, d, DI1_BLOCKS, ip->blocks);
		fsset32(fs, d, DI1_GEN, ip->gen);
		fsset32(fs, d, DI1_UID, ip->uid);
		fsset32(fs, d, DI1_GID, ip->gid);
		if (type == FFS_IFCHR || type == FFS_IFBLK)
			fsset32(fs, d, DI1_DB, ip->rdev);
	} else {
		fsset32(fs, d, DI2_UID, ip->uid);
		fsset32(fs, d, DI2_GID, ip->gid);
		fsset64(fs, d, DI2_SIZE, ip->size);
		fsset64(fs, d, DI2_BLOCKS, ip->blocks);
		fsset64(fs, d, DI2_ATIME, ip->atime);
		fsset64(fs, d, DI2_MTIME, ip->mtime);
		fsset64(fs, d, DI2_CTIME, ip->ctime);
		fsset64(fs, d, DI2_BIRTHTIME, ip->birthtime);
		fsset32(fs, d, DI2_MTIMENSEC, ip->mtimensec);
		fsset32(fs, d, DI2_ATIMENSEC, ip->atimensec);
		fsset32(fs, d, DI2_CTIMENSEC, ip->ctimensec);
		fsset32(fs, d, DI2_BIRTHNSEC, ip->birthnsec);
		fsset32(fs, d, DI2_GEN, ip->gen);
		fsset32(fs, d, DI2_FLAGS, ip->flags);
		if (type == FFS_IFCHR || type == FFS_IFBLK)
			fsset64(fs, d, DI2_DB, ip->rdev);
	}
	if (fs->dev.write(fs->dev.ctx, ffs_ino_devoff(fs, ip->ino), d,
			  fs->isize, (flags & FFS_WSYNC) ? FFS_IO_SYNC :
			  FFS_IO_DELAYED) != 0)
		return EIO;
	return 0;
}

/* ---- the block map, writable ---------------------------------------------------- */

/*
 * Per-call state: the indirect blocks on the path to the last block
 * touched, with a dirty flag each, written back (delayed) when the walk
 * moves elsewhere or the call ends.  Level 0 maps data blocks.
 */
struct wctx {
	struct ffs_core *fs;
	struct ffs_inode *ip;
	uint8_t *buf[UFS_NIADDR];
	uint64_t addr[UFS_NIADDR];
	bool dirty[UFS_NIADDR];
	bool mapchanged;		/* ip's pointers or blocks changed */
	bool indirsync;			/* delayed indirect writes happened */
};

static void
wctx_init(struct wctx *w, struct ffs_core *fs, struct ffs_inode *ip)
{
	memset(w, 0, sizeof(*w));
	w->fs = fs;
	w->ip = ip;
}

static int
wctx_flushlevel(struct wctx *w, int l, int how)
{
	int error = 0;

	if (w->dirty[l]) {
		error = ffs_devwrite(w->fs, w->addr[l], 0, w->buf[l],
				     w->fs->bsize, how);
		w->dirty[l] = false;
		w->indirsync = true;
	}
	return error;
}

/*
 * The end of a call.  Indirect blocks that gained pointers go to the
 * device before the inode that will describe them (the caller writes
 * it next): a delayed write could let the inode, with its new size and
 * block count, reach the device first, and a crash would leave the
 * block holding the last byte a hole -- worse than a leak.  Pointers
 * written while the walk moved on (wctx_load) were delayed: then all of
 * the indirect blocks of this call must be on the device, so the whole
 * device is flushed.
 */
static int
wctx_fini(struct wctx *w)
{
	int l, error = 0, e;

	if (w->indirsync && w->fs->dev.flush(w->fs->dev.ctx) != 0)
		error = EIO;
	for (l = 0; l < UFS_NIADDR; l++) {
		e = wctx_flushlevel(w, l, FFS_IO_SYNC);
		if (error == 0)
			error = e;
		if (w->buf[l])
			kmem_free(w->buf[l], w->fs->bsize);
		w->buf[l] = NULL;
	}
	return error;
}

/* Level l's buffer holding indirect block d (read unless fresh). */
static int
wctx_load(struct wctx *w, int l, uint64_t d, bool fresh)
{
	struct ffs_core *fs = w->fs;
	int error;

	if (w->buf[l] == NULL) {
		w->buf[l] = kmem_alloc(fs->bsize, KM_SLEEP);
		if (w->buf[l] == NULL)
			return ENOMEM;
		w->addr[l] = 0;
	}
	if (w->addr[l] == d && !fresh)
		return 0;
	error = wctx_flushlevel(w, l, FFS_IO_DELAYED);
	if (error)
		return error;
	w->addr[l] = 0;
	if (fresh) {
		memset(w->buf[l], 0, fs->bsize);
	} else {
		if (!ffs_blk_ok(fs, d, fs->frag))
			return EIO;
		error = ffs_devread(fs, d, 0, w->buf[l], fs->bsize);
		if (error)
			return error;
	}
	w->addr[l] = d;
	return 0;
}

/* Write zeros over [off, off + len) of fragment address d's block. */
static int
zero_range(struct ffs_core *fs, uint64_t d, uint32_t off, uint32_t len,
	   int how)
{
	uint8_t *z;
	int error;

	if (len == 0)
		return 0;
	z = kmem_zalloc(len, KM_SLEEP);
	if (z == NULL)
		return ENOMEM;
	error = ffs_devwrite(fs, d, off, z, len, how);
	kmem_free(z, len);
	return error;
}

/*
 * Allocate a new indirect block: zeroed on the device (synchronously,
 * before anything can point at it), counted in di_blocks.
 */
static int
new_indirect(struct wctx *w, int l, uint64_t pref, uint64_t *dp)
{
	struct ffs_core *fs = w->fs;
	int error;

	error = ffs_blkalloc(fs, w->ip->ino, pref, dp);
	if (error)
		return error;
	error = wctx_load(w, l, *dp, true);
	if (error == 0)
		error = ffs_devwrite(fs, *dp, 0, w->buf[l], fs->bsize,
				     FFS_IO_SYNC);
	if (error) {
		(void)ffs_blkfree(fs, *dp, fs->frag);
		w->addr[l] = 0;
		return error;
	}
	w->ip->blocks += fragsdb(fs, fs->frag);
	w->mapchanged = true;
	return 0;
}

/*
 * Find (alloc: or allocate) the pointer to data block lbn >= NDADDR.
 * On return the level-0 buffer holds the block with the pointer at
 * *idxp (when the path exists) and *dp is its value (0: hole).
 */
static int
indir_path(struct wctx *w, uint64_t lbn, bool alloc, uint64_t pref,
	   uint32_t *idxp, uint64_t *dp)
{
	struct ffs_core *fs = w->fs;
	uint64_t span = fs->nindir, d, nd;
	uint32_t idx;
	int level, l, error;

	*dp = 0;
	lbn -= UFS_NDADDR;
	for (level = 0; level < UFS_NIADDR; level++) {
		if (lbn < span)
			break;
		lbn -= span;
		span <<= fs->nindirshift;
	}
	if (level == UFS_NIADDR)
		return EFBIG;
	d = ib_get(fs, w->ip, level);
	if (d == 0) {
		if (!alloc)
			return 0;
		error = new_indirect(w, level, pref, &nd);
		if (error)
			return error;
		ib_set(fs, w->ip, level, nd);
		d = nd;
	}
	for (l = level; ; l--) {
		error = wctx_load(w, l, d, false);
		if (error)
			return error;
		idx = (uint32_t)((lbn >> (l * fs->nindirshift)) &
				 (fs->nindir - 1));
		if (l == 0)
			break;
		nd = ptr_get(fs, w->buf[l], idx);
		if (nd == 0) {
			if (!alloc)
				return 0;
			error = new_indirect(w, l - 1, d + fs->frag, &nd);
			if (error)
				return error;
			ptr_set(fs, w->buf[l], idx, nd);
			w->dirty[l] = true;
		}
		d = nd;
	}
	*idxp = idx;
	*dp = ptr_get(fs, w->buf[0], idx);
	if (*dp != 0 && !ffs_blk_ok(fs, *dp, fs->frag))
		return EIO;
	return 0;
}

/* Current address and fragment count of block lbn (0: hole). */
static int
blk_lookup(struct wctx *w, uint64_t lbn, uint64_t *dp, uint32_t *nfp)
{
	struct ffs_core *fs = w->fs;
	uint32_t idx;

	*nfp = 0;
	if (lbn < UFS_NDADDR) {
		*dp = db_get(fs, w->ip, lbn);
		if (*dp == 0)
			return 0;
		if ((lbn << fs->bshift) >= w->ip->size)
			return EIO;	/* pointer past EOF */
		*nfp = ffs_blksize(fs, w->ip->size, lbn) >> fs->fshift;
		return ffs_blk_ok(fs, *dp, *nfp) ? 0 : EIO;
	}
	*nfp = fs->frag;
	return indir_path(w, lbn, false, 0, &idx, dp);
}

/* A good place for block lbn: right after block lbn - 1. */
static uint64_t
blk_pref(struct wctx *w, uint64_t lbn)
{
	uint64_t d;
	uint32_t nf;

	if (lbn == 0)
		return 0;
	if (blk_lookup(w, lbn - 1, &d, &nf) != 0 || d == 0)
		return 0;
	return d + w->fs->frag;
}

/*
 * Make block lbn hold nfrags fragments (a whole block, or a tail of a
 * direct block).  On return *dp is its address and *oldp how many
 * fragments kept their contents (0 for new space: the caller fills or
 * zeroes [oldp, nfrags) -- new space may hold stale bytes).
 */
static int
blk_alloc(struct wctx *w, uint64_t lbn, uint32_t nfrags, uint64_t *dp,
	  uint32_t *oldp)
{
	struct ffs_core *fs = w->fs;
	struct ffs_inode *ip = w->ip;
	uint64_t d, nd, pref;
	uint32_t have, idx;
	uint8_t *tmp;
	int error;

	*oldp = 0;
	error = blk_lookup(w, lbn, &d, &have);
	if (error)
		return error;
	if (d != 0 && have >= nfrags) {
		*dp = d;
		*oldp = have;
		return 0;
	}
	pref = blk_pref(w, lbn);
	if (lbn >= UFS_NDADDR) {
		/* A whole block under an indirect one (which may be new). */
		error = indir_path(w, lbn, true, pref, &idx, &d);
		if (error)
			return error;
		if (pref == 0)
			pref = w->addr[0] + fs->frag;
		error = ffs_blkalloc(fs, ip->ino, pref, &nd);
		if (error)
			return error;
		ptr_set(fs, w->buf[0], idx, nd);
		w->dirty[0] = true;
		ip->blocks += fragsdb(fs, fs->frag);
		w->mapchanged = true;
		*dp = nd;
		return 0;
	}
	if (d == 0) {
		error = nfrags == fs->frag ?
			ffs_blkalloc(fs, ip->ino, pref, &nd) :
			ffs_fragalloc(fs, ip->ino, pref, nfrags, &nd);
		if (error)
			return error;
		db_set(fs, ip, lbn, nd);
		ip->blocks += fragsdb(fs, nfrags);
		w->mapchanged = true;
		*dp = nd;
		return 0;
	}
	/* A tail that must grow: in place if the next fragments are free. */
	if (ffs_fragextend(fs, d, have, nfrags) == 0) {
		ip->blocks += fragsdb(fs, nfrags - have);
		w->mapchanged = true;
		*dp = d;
		*oldp = have;
		return 0;
	}
	error = nfrags == fs->frag ? ffs_blkalloc(fs, ip->ino, pref, &nd) :
		ffs_fragalloc(fs, ip->ino, pref, nfrags, &nd);
	if (error)
		return error;
	/* Move the contents, switch the pointer on disk, then free. */
	tmp = kmem_alloc((size_t)have << fs->fshift, KM_SLEEP);
	if (tmp == NULL) {
		(void)ffs_blkfree(fs, nd, nfrags);
		return ENOMEM;
	}
	error = ffs_devread(fs, d, 0, tmp, (size_t)have << fs->fshift);
	if (error == 0)
		error = ffs_devwrite(fs, nd, 0, tmp, (size_t)have << fs->fshift,
				     FFS_IO_SYNC);
	kmem_free(tmp, (size_t)have << fs->fshift);
	if (error) {
		(void)ffs_blkfree(fs, nd, nfrags);
		return error;
	}
	db_set(fs, ip, lbn, nd);
	ip->blocks += fragsdb(fs, nfrags) - fragsdb(fs, have);
	w->mapchanged = true;
	error = ffs_core_iupdate(fs, ip, FFS_WSYNC);
	if (error)
		return error;
	(void)ffs_blkfree(fs, d, have);
	*dp = nd;
	*oldp = have;
	return 0;
}

/* Fragments block lbn needs in a file of size size. */
static uint32_t
blk_nfrags(const struct ffs_core *fs, uint64_t size, uint64_t lbn)
{
	return ffs_blksize(fs, size, lbn) >> fs->fshift;
}

/*
 * Before the file grows to newsize: a fragment tail that stops being
 * the last block becomes a whole block (ffs-format.md section 3).
 */
static int
grow_tail(struct wctx *w, uint64_t newsize)
{
	struct ffs_core *fs = w->fs;
	uint64_t size = w->ip->size, last, d;
	uint32_t have, old;
	int error;

	if (size == 0 || newsize <= size)
		return 0;
	last = (size - 1) >> fs->bshift;
	if (last >= UFS_NDADDR || ((newsize - 1) >> fs->bshift) == last)
		return 0;
	error = blk_lookup(w, last, &d, &have);
	if (error || d == 0 || have == fs->frag)
		return error;
	error = blk_alloc(w, last, fs->frag, &d, &old);
	if (error)
		return error;
	/*
	 * The size says how long a direct block is: it now reaches the end
	 * of the whole block (the caller grows it further, or shrinks it
	 * back if the rest fails).
	 */
	w->ip->size = (last + 1) << fs->bshift;
	return zero_range(fs, d, old << fs->fshift,
			  (fs->frag - old) << fs->fshift, FFS_IO_DELAYED);
}

static int shrink(struct ffs_core *fs, struct ffs_inode *ip, uint64_t size);

static int
check_writable(struct ffs_core *fs, const struct ffs_inode *ip)
{
	if (!fs->rw)
		return EROFS;
	if (fs->broken)
		return EIO;
	if (!hasblocks(fs, ip))
		return EINVAL;
	return 0;
}

int
ffs_core_write(struct ffs_core *fs, struct ffs_inode *ip, uint64_t off,
	       const void *buf, size_t len, int flags, size_t *done)
{
	const uint8_t *src = buf;
	int how = (flags & FFS_WSYNC) ? FFS_IO_SYNC : FFS_IO_DELAYED;
	uint64_t lbn, d, newsize, oldsize = ip->size;
	uint32_t boff, n, nfrags, old, blen;
	struct wctx w;
	uint8_t *blk = NULL;
	int error, e;

	*done = 0;
	error = check_writable(fs, ip);
	if (error)
		return error;
	if (flags & FFS_WAPPEND)
		off = ip->size;
	if (len == 0)
		return 0;
	if (off > fs->maxfilesize)
		return EFBIG;
	if (len > fs->maxfilesize - off + 1)
		len = (size_t)(fs->maxfilesize - off + 1);
	wctx_init(&w, fs, ip);
	error = grow_tail(&w, off + len);
	while (error == 0 && len > 0) {
		lbn = off >> fs->bshift;
		boff = (uint32_t)(off & (fs->bsize - 1));
		n = (uint32_t)MIN((size_t)(fs->bsize - boff), len);
		newsize = MAX(ip->size, off + n);
		nfrags = blk_nfrags(fs, newsize, lbn);
		error = blk_alloc(&w, lbn, nfrags, &d, &old);
		if (error)
			break;
		blen = nfrags << fs->fshift;
		if ((old << fs->fshift) >= boff + n || (old == 0 &&
		    boff == 0 && n == blen)) {
			/* Only existing bytes, or all of a new block: as is. */
			error = ffs_devwrite(fs, d, boff, src, n, how);
		} else {
			/* New space around the data: compose the whole block. */
			if (blk == NULL &&
			    (blk = kmem_alloc(fs->bsize, KM_SLEEP)) == NULL) {
				error = ENOMEM;
				break;
			}
			memset(blk, 0, blen);
			if (old > 0)
				error = ffs_devread(fs, d, 0, blk,
						    (size_t)old << fs->fshift);
			if (error)
				break;
			memcpy(blk + boff, src, n);
			error = ffs_devwrite(fs, d, 0, blk, blen, how);
		}
		if (error)
			break;
		ip->size = newsize;
		src += n;
		off += n;
		len -= n;
		*done += n;
	}
	if (blk != NULL)
		kmem_free(blk, fs->bsize);
	e = wctx_fini(&w);
	if (error == 0)
		error = e;
	if (*done == 0 && error != 0 && ip->size > oldsize) {
		/* Nothing written: undo grow_tail's growth. */
		(void)shrink(fs, ip, oldsize);
	}
	if (w.mapchanged || ip->size != oldsize || (flags & FFS_WSYNC)) {
		e = ffs_core_iupdate(fs, ip, flags & FFS_WSYNC);
		if (error == 0)
			error = e;
	}
	return *done > 0 && error != EIO ? 0 : error;
}

int
ffs_core_balloc(struct ffs_core *fs, struct ffs_inode *ip, uint64_t off,
		uint32_t len, uint64_t *devoff, uint32_t *blen, bool *fresh)
{
	uint64_t lbn = off >> fs->bshift, d, newsize, oldsize = ip->size;
	uint32_t boff = (uint32_t)(off & (fs->bsize - 1)), nfrags, old;
	struct wctx w;
	int error, e;

	*devoff = 0;
	*blen = 0;
	*fresh = false;
	error = check_writable(fs, ip);
	if (error)
		return error;
	if (len == 0 || boff + len > fs->bsize)
		return EINVAL;
	if (off + len - 1 > fs->maxfilesize)
		return EFBIG;
	newsize = MAX(ip->size, off + len);
	wctx_init(&w, fs, ip);
	error = grow_tail(&w, newsize);
	if (error == 0) {
		nfrags = blk_nfrags(fs, newsize, lbn);
		error = blk_alloc(&w, lbn, nfrags, &d, &old);
	}
	if (error == 0) {
		*devoff = ffs_fsbtob(fs, d);
		*blen = nfrags << fs->fshift;
		if (old == 0 && boff == 0 && len == *blen)
			*fresh = true;
		else if (old < nfrags)
			error = zero_range(fs, d, old << fs->fshift,
					   (nfrags - old) << fs->fshift,
					   FFS_IO_DELAYED);
	}
	if (error == 0)
		ip->size = newsize;
	e = wctx_fini(&w);
	if (error == 0)
		error = e;
	if (error != 0 && ip->size > oldsize)
		(void)shrink(fs, ip, oldsize);
	if (error == 0 && w.mapchanged)
		error = ffs_core_iupdate(fs, ip, 0);
	return error;
}

/* ---- truncation ---------------------------------------------------------------------- */

/* Free the subtree of height h (0 = data block) at d; count fragments. */
static int
free_tree(struct ffs_core *fs, uint64_t d, int h, uint64_t *freed)
{
	uint8_t *b;
	uint64_t i, c;
	int error = 0;

	if (!ffs_blk_ok(fs, d, fs->frag))
		return EIO;
	if (h > 0) {
		b = kmem_alloc(fs->bsize, KM_SLEEP);
		if (b == NULL)
			return ENOMEM;
		error = ffs_devread(fs, d, 0, b, fs->bsize);
		for (i = 0; error == 0 && i < fs->nindir; i++) {
			c = ptr_get(fs, b, i);
			if (c != 0)
				error = free_tree(fs, c, h - 1, freed);
		}
		kmem_free(b, fs->bsize);
		if (error)
			return error;	/* keep the rest: a leak at worst */
	}
	error = ffs_blkfree(fs, d, fs->frag);
	if (error == 0)
		*freed += fs->frag;
	return error;
}

/*
 * What a shrink detaches, freed after the inode is on the device: direct
 * blocks, whole indirect trees, and for each level the tail entries of
 * the one indirect block that is kept partly (a copy of its old
 * contents, entries [from, nindir)).
 */
struct detached {
	uint64_t db[UFS_NDADDR];
	uint32_t dbfrags[UFS_NDADDR];
	uint64_t tree[UFS_NIADDR];	/* root of a whole tree of level l */
	uint8_t *part[UFS_NIADDR];	/* old block of height l + 1 */
	uint32_t partfrom[UFS_NIADDR];
	uint64_t tailblk;		/* a tail's released fragments */
	uint32_t tailfrags;
};

/*
 * Cut the indirect tree of height h + 1 at d (mapping blocks from base
 * on) so that it keeps data blocks < keep: write the kept part back
 * synchronously, remember what to free.
 */
static int
cut_tree(struct ffs_core *fs, struct detached *dt, uint64_t d, int h,
	 uint64_t keep, uint64_t base)
{
	uint64_t span = (uint64_t)1 << (h * fs->nindirshift);
	uint64_t first = (keep - base + span - 1) / span;	/* first cut */
	uint8_t *b, *old;
	uint64_t i, c;
	int error;

	if (!ffs_blk_ok(fs, d, fs->frag))
		return EIO;
	b = kmem_alloc(fs->bsize, KM_SLEEP);
	old = kmem_alloc(fs->bsize, KM_SLEEP);
	if (b == NULL || old == NULL) {
		kmem_free(b, fs->bsize);
		kmem_free(old, fs->bsize);
		return ENOMEM;
	}
	error = ffs_devread(fs, d, 0, b, fs->bsize);
	if (error)
		goto out;
	memcpy(old, b, fs->bsize);
	/* The entry holding block keep - 1 is kept, maybe only partly. */
	if (h > 0 && first > 0) {
		c = ptr_get(fs, b, first - 1);
		if (c != 0 && keep < base + first * span) {
			error = cut_tree(fs, dt, c, h - 1, keep,
					 base + (first - 1) * span);
			if (error)
				goto out;
		}
	}
	for (i = first; i < fs->nindir; i++)
		ptr_set(fs, b, i, 0);
	error = ffs_devwrite(fs, d, 0, b, fs->bsize, FFS_IO_SYNC);
	if (error)
		goto out;
	dt->part[h] = old;
	dt->partfrom[h] = (uint32_t)first;
	old = NULL;
out:
	kmem_free(b, fs->bsize);
	if (old)
		kmem_free(old, fs->bsize);
	return error;
}

static int
shrink(struct ffs_core *fs, struct ffs_inode *ip, uint64_t size)
{
	struct detached dt;
	uint64_t keep, lbn, d, span, base, freed = 0;
	uint32_t nf, newnf;
	int l, error = 0;

	memset(&dt, 0, sizeof(dt));
	keep = (size + fs->bsize - 1) >> fs->bshift;	/* blocks kept */
	/* Direct blocks past the end; the new last one may shrink. */
	for (lbn = 0; lbn < UFS_NDADDR; lbn++) {
		d = db_get(fs, ip, lbn);
		if (d == 0 || (lbn << fs->bshift) >= ip->size)
			continue;
		nf = ffs_blksize(fs, ip->size, lbn) >> fs->fshift;
		if (lbn >= keep) {
			dt.db[lbn] = d;
			dt.dbfrags[lbn] = nf;
			db_set(fs, ip, lbn, 0);
		} else if (lbn == keep - 1) {
			newnf = ffs_blksize(fs, size, lbn) >> fs->fshift;
			if (newnf < nf) {
				dt.tailblk = d + newnf;
				dt.tailfrags = nf - newnf;
			}
		}
	}
	/* Indirect trees. */
	base = UFS_NDADDR;
	span = fs->nindir;
	for (l = 0; l < UFS_NIADDR; l++, base += span,
	     span <<= fs->nindirshift) {
		d = ib_get(fs, ip, l);
		if (d == 0)
			continue;
		if (keep <= base) {
			dt.tree[l] = d;
			ib_set(fs, ip, l, 0);
		} else if (keep < base + span) {
			error = cut_tree(fs, &dt, d, l, keep, base);
			if (error)
				goto out;
		}
	}
	/* Zero what lies past the new end in the last block. */
	if ((size & (fs->bsize - 1)) != 0) {
		lbn = size >> fs->bshift;
		if (lbn < UFS_NDADDR) {
			d = db_get(fs, ip, lbn);
			nf = ffs_blksize(fs, size, lbn) >> fs->fshift;
		} else {
			struct wctx w;

			wctx_init(&w, fs, ip);
			error = blk_lookup(&w, lbn, &d, &nf);
			(void)wctx_fini(&w);
			if (error)
				goto out;
		}
		if (d != 0) {
			error = zero_range(fs, d, (uint32_t)(size &
						   (fs->bsize - 1)),
					   (nf << fs->fshift) -
					   (uint32_t)(size & (fs->bsize - 1)),
					   FFS_IO_DELAYED);
			if (error)
				goto out;
		}
	}
	/* The inode without the detached blocks first, then free them. */
	ip->size = size;
	error = ffs_core_iupdate(fs, ip, FFS_WSYNC);
	if (error)
		goto out;
	for (lbn = 0; lbn < UFS_NDADDR; lbn++)
		if (dt.db[lbn] != 0 &&
		    ffs_blkfree(fs, dt.db[lbn], dt.dbfrags[lbn]) == 0)
			freed += dt.dbfrags[lbn];
	if (dt.tailfrags != 0 &&
	    ffs_blkfree(fs, dt.tailblk, dt.tailfrags) == 0)
		freed += dt.tailfrags;
	for (l = 0; l < UFS_NIADDR; l++) {
		if (dt.tree[l] != 0)
			(void)free_tree(fs, dt.tree[l], l + 1, &freed);
		if (dt.part[l] != NULL) {
			uint64_t i, c;

			for (i = dt.partfrom[l]; i < fs->nindir; i++) {
				c = ptr_get(fs, dt.part[l], i);
				if (c != 0)
					(void)free_tree(fs, c, l, &freed);
			}
		}
	}
	ip->blocks = ip->blocks > fragsdb(fs, freed) ?
		ip->blocks - fragsdb(fs, freed) : 0;
	error = ffs_core_iupdate(fs, ip, 0);
out:
	for (l = 0; l < UFS_NIADDR; l++)
		if (dt.part[l] != NULL)
			kmem_free(dt.part[l], fs->bsize);
	return error;
}

int
ffs_core_truncate(struct ffs_core *fs, struct ffs_inode *ip, uint64_t size)
{
	struct wctx w;
	uint64_t d, lbn, oldsize = ip->size;
	uint32_t nf, old;
	int error, e;

	error = check_writable(fs, ip);
	if (error)
		return error;
	if ((ip->mode & FFS_IFMT) == FFS_IFDIR && size % DIRBLKSIZ != 0)
		return EINVAL;
	if (size > fs->maxfilesize)
		return EFBIG;
	if (size < ip->size) {
		/*
		 * The block holding the new last byte must exist (an FFS
		 * invariant fsck checks): allocate it first if it is a
		 * hole, as a whole block (shrink then cuts a direct one
		 * down to its fragments).
		 */
		if (size > 0) {
			lbn = (size - 1) >> fs->bshift;
			wctx_init(&w, fs, ip);
			error = blk_lookup(&w, lbn, &d, &nf);
			if (error == 0 && d == 0) {
				error = blk_alloc(&w, lbn, fs->frag, &d, &old);
				if (error == 0)
					error = zero_range(fs, d, 0, fs->bsize,
							   FFS_IO_DELAYED);
			}
			e = wctx_fini(&w);
			if (error == 0)
				error = e;
			if (error)
				return error;
		}
		return shrink(fs, ip, size);
	}
	if (size == ip->size)
		return 0;
	/* Growing allocates the block holding the new last byte (zeroed). */
	wctx_init(&w, fs, ip);
	error = grow_tail(&w, size);
	if (error == 0) {
		lbn = (size - 1) >> fs->bshift;
		nf = blk_nfrags(fs, size, lbn);
		error = blk_alloc(&w, lbn, nf, &d, &old);
		if (error == 0 && old < nf)
			error = zero_range(fs, d, old << fs->fshift,
					   (nf - old) << fs->fshift,
					   FFS_IO_DELAYED);
	}
	if (error == 0)
		ip->size = size;
	e = wctx_fini(&w);
	if (error == 0)
		error = e;
	if (error != 0 && ip->size > oldsize)
		(void)shrink(fs, ip, oldsize);
	e = ffs_core_iupdate(fs, ip, 0);
	return error ? error : e;
}

int
ffs_core_fsync(struct ffs_core *fs, struct ffs_inode *ip, bool dataonly)
{
	(void)dataonly;	/* the inode is small: always written */
	if (!fs->rw)
		return 0;
	/*
	 * The device cache does not know which buffers are ip's: flush
	 * them all (data and indirect blocks first), then ip itself.
	 */
	if (fs->dev.flush(fs->dev.ctx) != 0)
		return EIO;
	return ffs_core_iupdate(fs, ip, FFS_WSYNC);
}

int
ffs_core_ifree(struct ffs_core *fs, struct ffs_inode *ip)
{
	bool isdir = (ip->mode & FFS_IFMT) == FFS_IFDIR;
	bool blocks = hasblocks(fs, ip) && ip->size > 0;
	struct ffs_inode *old = NULL;
	uint64_t lbn, d, freed = 0;
	int l, error;

	if (!fs->rw)
		return EROFS;
	if (ip->nlink != 0 || (ip->flags & SF_LOG))
		return EPERM;
	ffs_resv_release(fs, ip->ino);
	if (blocks) {
		old = kmem_alloc(sizeof(*old), KM_SLEEP);
		if (old == NULL)
			return ENOMEM;
		memcpy(old, ip, sizeof(*old));
	}
	/*
	 * The inode says "free" on the device first, then its blocks and
	 * its map bit go: a crash in between leaves allocated space and an
	 * allocated inode nobody references (leaks), never a half-freed
	 * inode that still claims to be a file or directory.
	 */
	memset(ip->raw, 0, sizeof(ip->raw));
	ip->mode = 0;
	ip->size = 0;
	ip->blocks = 0;
	ip->rdev = 0;
	ip->flags = 0;
	ffs_now(&ip->ctime, &ip->ctimensec);
	error = ffs_core_iupdate(fs, ip, FFS_WSYNC);
	if (error == 0 && old != NULL) {
		for (lbn = 0; lbn < UFS_NDADDR; lbn++) {
			d = db_get(fs, old, lbn);
			if (d != 0 && (lbn << fs->bshift) < old->size)
				(void)ffs_blkfree(fs, d,
						  ffs_blksize(fs, old->size, lbn) >>
						  fs->fshift);
		}
		for (l = 0; l < UFS_NIADDR; l++) {
			d = ib_get(fs, old, l);
			if (d != 0)
				(void)free_tree(fs, d, l + 1, &freed);
		}
	}
	if (old != NULL)
		kmem_free(old, sizeof(*old));
	if (error)
		return error;
	return ffs_ifree_bit(fs, ip->ino, isdir);
}
