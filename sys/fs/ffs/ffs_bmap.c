// SPDX-License-Identifier: BSD-2-Clause
/*
 * ffs_bmap.c - the block map (direct, single/double/triple indirect,
 * holes, fragment tails) and reading file data.
 *
 * Every block pointer is checked before it is followed or read: inside
 * the file system, not crossing a block boundary (full blocks are
 * block-aligned, a tail's fragments share one block), not on cylinder-
 * group metadata or the summary area.  The walk has a fixed depth (at
 * most three indirect levels), so a pointer cycle cannot loop; a block
 * that points at one of its own ancestors is reported as EIO anyway.
 */
#include "ffs_fs.h"

void
ffs_rctx_init(struct ffs_rctx *rc, struct ffs_core *fs)
{
	memset(rc, 0, sizeof(*rc));
	rc->fs = fs;
}

void
ffs_rctx_fini(struct ffs_rctx *rc)
{
	int i;

	for (i = 0; i < UFS_NIADDR; i++)
		if (rc->ibuf[i])
			kmem_free(rc->ibuf[i], rc->fs->bsize);
	memset(rc, 0, sizeof(*rc));
}

int
ffs_devread(struct ffs_core *fs, uint64_t d, uint32_t off, void *buf,
	    size_t len)
{
	uint64_t room;
	int error;

	if (len == 0)
		return 0;
	if (d >= fs->size)
		return EIO;
	room = (fs->size - d) << fs->fshift;
	if (off > room || len > room - off)
		return EIO;
	error = fs->dev.read(fs->dev.ctx, ffs_fsbtob(fs, d) + off, buf, len);
	return error ? EIO : 0;
}

/* May nfrags fragments at d hold file data or an indirect block? */
bool
ffs_blk_ok(const struct ffs_core *fs, uint64_t d, uint32_t nfrags)
{
	uint64_t c, lo, hi, csfrags;

	if (nfrags == 0 || d >= fs->size || nfrags > fs->size - d)
		return false;
	if ((d & (fs->frag - 1)) + nfrags > fs->frag)
		return false;
	c = d / fs->fpg;
	/* cg 0 reserves everything up to its data, boot area included */
	lo = c == 0 ? 0 : ffs_cgstart(fs, c) + fs->sblkno;
	hi = ffs_cgdmin(fs, c);
	if (d < hi && d + nfrags > lo)
		return false;
	csfrags = (fs->cssize + fs->fsize - 1) >> fs->fshift;
	if (d < fs->csaddr + csfrags && d + nfrags > fs->csaddr)
		return false;
	return true;
}

static uint64_t
ptrat(const struct ffs_core *fs, const uint8_t *p, uint64_t idx)
{
	if (fs->ufs == 1)
		return fs32(fs, p, idx * 4);
	return fs64(fs, p, idx * 8);
}

/* Consecutive zero pointers in an indirect block from entry idx on. */
static uint64_t
zeros_from(const struct ffs_core *fs, const uint8_t *buf, uint32_t idx)
{
	uint32_t k;

	for (k = idx; k < fs->nindir && ptrat(fs, buf, k) == 0; k++)
		;
	return k - idx;
}

int
ffs_bmap(struct ffs_rctx *rc, const struct ffs_inode *ip, uint64_t lbn,
	 uint64_t *dp, uint32_t *nfragsp, uint64_t *holep)
{
	struct ffs_core *fs = rc->fs;
	uint64_t d, span, chain[UFS_NIADDR];
	uint32_t nfrags, idx = 0;
	int level, l, k, error;

	*dp = 0;
	*nfragsp = fs->frag;
	if (holep)
		*holep = 1;
	if (lbn < UFS_NDADDR) {
		d = ptrat(fs, ip->raw + (fs->ufs == 1 ? DI1_DB : DI2_DB), lbn);
		if (d == 0)
			return 0;
		nfrags = ffs_blksize(fs, ip->size, lbn) >> fs->fshift;
		if (!ffs_blk_ok(fs, d, nfrags))
			return EIO;
		*dp = d;
		*nfragsp = nfrags;
		return 0;
	}
	/* Which indirect tree, and the block's index inside it. */
	lbn -= UFS_NDADDR;
	span = fs->nindir;
	for (level = 0; level < UFS_NIADDR; level++) {
		if (lbn < span)
			break;
		lbn -= span;
		span <<= fs->nindirshift;
	}
	if (level == UFS_NIADDR)
		return EFBIG;
	d = ptrat(fs, ip->raw + (fs->ufs == 1 ? DI1_IB : DI2_IB), level);
	/*
	 * At step l, d points at a block of height l + 1 (it maps
	 * nindir^(l+1) data blocks); it came from the inode (l == level) or
	 * from entry idx of the block cached at level l + 1.
	 */
	for (l = level; l >= 0; l--) {
		if (d == 0) {
			/*
			 * A hole: this subtree and those of the zero entries
			 * after it, so that seekdata skips an empty indirect
			 * block with one scan instead of one call per entry.
			 */
			span = (uint64_t)1 << ((l + 1) * fs->nindirshift);
			if (holep)
				*holep = (l == level ? 1 :
					  zeros_from(fs, rc->ibuf[l + 1], idx)) *
					span - (lbn & (span - 1));
			return 0;
		}
		if (!ffs_blk_ok(fs, d, fs->frag))
			return EIO;
		for (k = level; k > l; k--)
			if (chain[k] == d)
				return EIO;	/* points at an ancestor */
		chain[l] = d;
		if (rc->ibuf[l] == NULL) {
			rc->ibuf[l] = kmem_alloc(fs->bsize, KM_SLEEP);
			if (rc->ibuf[l] == NULL)
				return ENOMEM;
			rc->iaddr[l] = 0;
		}
		if (rc->iaddr[l] != d) {
			rc->iaddr[l] = 0;
			error = ffs_devread(fs, d, 0, rc->ibuf[l], fs->bsize);
			if (error)
				return error;
			rc->iaddr[l] = d;
		}
		idx = (uint32_t)((lbn >> (l * fs->nindirshift)) &
				 (fs->nindir - 1));
		d = ptrat(fs, rc->ibuf[l], idx);
	}
	if (d == 0) {
		if (holep)
			*holep = zeros_from(fs, rc->ibuf[0], idx);
		return 0;
	}
	if (!ffs_blk_ok(fs, d, fs->frag))
		return EIO;
	for (k = level; k >= 0; k--)
		if (chain[k] == d)
			return EIO;
	*dp = d;
	return 0;
}

int
ffs_readblk(struct ffs_rctx *rc, const struct ffs_inode *ip, uint64_t lbn,
	    uint8_t *buf, uint32_t *lenp)
{
	struct ffs_core *fs = rc->fs;
	uint64_t d;
	uint32_t nfrags, len;
	int error;

	*lenp = 0;
	if ((lbn << fs->bshift) >= ip->size)
		return EIO;
	len = ffs_blksize(fs, ip->size, lbn);
	error = ffs_bmap(rc, ip, lbn, &d, &nfrags, NULL);
	if (error)
		return error;
	if (d == 0)
		memset(buf, 0, len);
	else if ((error = ffs_devread(fs, d, 0, buf, len)) != 0)
		return error;
	*lenp = len;
	return 0;
}

/* Is ip a symlink whose target lives inside the inode? */
static bool
fastlink(const struct ffs_core *fs, const struct ffs_inode *ip)
{
	return (ip->mode & FFS_IFMT) == FFS_IFLNK &&
		ip->size < fs->maxsymlinklen;
}

int
ffs_core_read(struct ffs_core *fs, const struct ffs_inode *ip, uint64_t off,
	      void *buf, size_t len, size_t *done)
{
	struct ffs_rctx rc;
	uint8_t *out = buf;
	uint64_t lbn, d, runoff = 0;
	uint8_t *runbuf = NULL;
	size_t runlen = 0, n;
	uint32_t boff, nfrags;
	int error = 0;

	*done = 0;
	switch (ip->mode & FFS_IFMT) {
	case FFS_IFREG:
	case FFS_IFDIR:
		break;
	case FFS_IFLNK:
		if (!fastlink(fs, ip))
			break;
		return EINVAL;
	default:
		return EINVAL;
	}
	if (off >= ip->size || len == 0)
		return 0;
	if (len > ip->size - off)
		len = (size_t)(ip->size - off);
	ffs_rctx_init(&rc, fs);
	/*
	 * Block by block; physically consecutive pieces are gathered into
	 * one device read (runoff/runbuf/runlen), flushed at a gap or hole.
	 */
	while (len > 0) {
		lbn = off >> fs->bshift;
		boff = (uint32_t)(off & (fs->bsize - 1));
		n = fs->bsize - boff;
		if (n > len)
			n = len;
		error = ffs_bmap(&rc, ip, lbn, &d, &nfrags, NULL);
		if (error)
			break;
		if (d != 0 && boff + n > ((size_t)nfrags << fs->fshift)) {
			error = EIO;	/* tail shorter than the size says */
			break;
		}
		if (runlen > 0 && (d == 0 ||
		    runoff + runlen != ffs_fsbtob(fs, d) + boff)) {
			error = fs->dev.read(fs->dev.ctx, runoff, runbuf, runlen);
			runlen = 0;
			if (error) {
				error = EIO;
				break;
			}
		}
		if (d == 0) {
			memset(out, 0, n);
		} else {
			/* blk_ok() put the whole block inside the device */
			if (runlen == 0) {
				runoff = ffs_fsbtob(fs, d) + boff;
				runbuf = out;
			}
			runlen += n;
		}
		out += n;
		off += n;
		len -= n;
		*done += n;
	}
	if (error == 0 && runlen > 0 &&
	    fs->dev.read(fs->dev.ctx, runoff, runbuf, runlen) != 0)
		error = EIO;
	ffs_rctx_fini(&rc);
	if (error)
		*done = 0;
	return error;
}

int
ffs_core_seekdata(struct ffs_core *fs, const struct ffs_inode *ip,
		  uint64_t off, uint64_t *datap)
{
	struct ffs_rctx rc;
	uint64_t lbn, d, hole;
	uint32_t nfrags;
	int error = 0;

	*datap = ip->size;
	switch (ip->mode & FFS_IFMT) {
	case FFS_IFREG:
	case FFS_IFDIR:
		break;
	case FFS_IFLNK:
		if (!fastlink(fs, ip))
			break;
		return EINVAL;
	default:
		return EINVAL;
	}
	if (off >= ip->size)
		return 0;
	ffs_rctx_init(&rc, fs);
	/* Each step skips at least one block; whole holey subtrees at once. */
	for (lbn = off >> fs->bshift; (lbn << fs->bshift) < ip->size;
	     lbn += hole) {
		error = ffs_bmap(&rc, ip, lbn, &d, &nfrags, &hole);
		if (error)
			break;
		if (d != 0) {
			*datap = MAX(off, lbn << fs->bshift);
			break;
		}
	}
	ffs_rctx_fini(&rc);
	return error;
}

int
ffs_core_bmap(struct ffs_core *fs, const struct ffs_inode *ip, uint64_t lbn,
	      uint64_t *devoff, uint32_t *len, uint64_t *holeblocks)
{
	struct ffs_rctx rc;
	uint64_t d, hole;
	uint32_t nfrags;
	int error;

	*devoff = 0;
	*len = 0;
	if (holeblocks)
		*holeblocks = 0;
	switch (ip->mode & FFS_IFMT) {
	case FFS_IFREG:
	case FFS_IFDIR:
		break;
	case FFS_IFLNK:
		if (!fastlink(fs, ip))
			break;
		return EINVAL;
	default:
		return EINVAL;
	}
	if (lbn > (ip->size >> fs->bshift) || (lbn << fs->bshift) >= ip->size)
		return EINVAL;
	ffs_rctx_init(&rc, fs);
	error = ffs_bmap(&rc, ip, lbn, &d, &nfrags, &hole);
	ffs_rctx_fini(&rc);
	if (error)
		return error;
	*len = ffs_blksize(fs, ip->size, lbn);
	if (d != 0)
		*devoff = ffs_fsbtob(fs, d);
	else if (holeblocks)
		*holeblocks = hole;
	return 0;
}
