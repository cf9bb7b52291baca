// SPDX-License-Identifier: BSD-2-Clause
/*
 * ffs_alloc.c - allocating and freeing blocks, fragments and inodes in
 * the cylinder groups, with every counter kept in step (ffs-format.md
 * section 5.1): the cg's own summary, its fragment-run (frsum) and
 * cluster (clustersum, cluster map) counts, the summary area entry and
 * the superblock totals.
 *
 * Bookkeeping is done per block: before the fragment bits of a block
 * change, its contribution to the counts is subtracted (blkacct(-1)),
 * afterwards the new contribution is added (blkacct(+1)).  A whole free
 * block counts in nbfree and the cluster map; a partly allocated one in
 * nffree and frsum.  So every transition (split, extend, free, whole
 * block) is exact by construction.
 *
 * Crash ordering.  A cg is written synchronously whenever something is
 * allocated in it, before the caller can store a pointer to the new
 * block or inode: a crash can then leave an allocation nobody points at
 * (a leak), never a pointer to space the bitmap calls free.  Frees are
 * written delayed, after the caller removed the pointers on the device.
 *
 * A synchronous cg write per block would make sequential writes crawl,
 * so whole blocks are reserved in runs: the first block of a file's run
 * is allocated together with up to FFS_RESV_BLOCKS - 1 following free
 * blocks in one synchronous cg write, and the rest are handed out from
 * memory as the file grows.  Unused reserved blocks go back at sync,
 * unmount, when the slot is needed for another file, or when the inode
 * is freed; a crash leaks at most those.
 *
 * Everything here runs under fs->lock; the one cg being worked on is
 * kept in fs->cgbuf (the device/cache always gets each change at once).
 */
#include "ffs_fs.h"

/* ---- cg access ----------------------------------------------------------- */

static inline uint64_t
cgtod(const struct ffs_core *fs, uint64_t c)
{
	return ffs_cgstart(fs, c) + fs->cblkno;
}

static inline int32_t
cgget(const struct ffs_core *fs, uint32_t off)
{
	return fsi32(fs, fs->cgbuf, off);
}

static inline void
cgset(struct ffs_core *fs, uint32_t off, int32_t v)
{
	fsset32(fs, fs->cgbuf, off, v);
}

static inline bool
isset(const uint8_t *map, uint64_t i)
{
	return (map[i >> 3] >> (i & 7)) & 1;
}

static inline void
setbit(uint8_t *map, uint64_t i)
{
	map[i >> 3] |= (uint8_t)(1u << (i & 7));
}

static inline void
clrbit(uint8_t *map, uint64_t i)
{
	map[i >> 3] &= (uint8_t)~(1u << (i & 7));
}

#define FREEMAP(fs)	((fs)->cgbuf + (uint32_t)cgget(fs, CG_FREEOFF))
#define INOMAP(fs)	((fs)->cgbuf + (uint32_t)cgget(fs, CG_IUSEDOFF))
#define CLMAP(fs)	((fs)->cgbuf + (uint32_t)cgget(fs, CG_CLUSTEROFF))
#define CLSUM(fs)	((uint32_t)cgget(fs, CG_CLUSTERSUMOFF))

/* Does map [off, off + bytes) lie inside the cg block? */
static bool
inside(const struct ffs_core *fs, int32_t off, uint64_t bytes)
{
	return off >= CG_HDRSIZE && (uint64_t)off + bytes <= fs->cgsize;
}

/*
 * The counters of the loaded cg that writes do arithmetic on, with the
 * bound each can never exceed in a sound cg: the four cs counts, the
 * fragment-run counts frsum[1..frag-1] and the cluster counts
 * clustersum[1..contigsumsize].  Every one of them counts something in
 * the cg (inodes, blocks, fragments, runs), so it lies in [0, what the cg
 * holds]; ndblk < 2^31 (cg_check), so an in-range counter can never
 * overflow when one operation moves it by a few.  A value outside its
 * bound is corruption: computing with it (a cluster count of INT_MIN
 * decremented, a negative free count) is what must never happen.
 * Returns the name of the first bad counter, or NULL.
 */
static const char *
cg_counters_check(const struct ffs_core *fs, char *buf, size_t len)
{
	static const char *const csname[4] = { "cs_ndir", "cs_nbfree",
					       "cs_nifree", "cs_nffree" };
	int64_t ndblk = cgget(fs, CG_NDBLK);
	int64_t nblk = ndblk >> fs->fragshift;
	int64_t cslim[4] = { fs->ipg, nblk, fs->ipg, ndblk };
	uint32_t sumoff, i;
	int32_t v;

	for (i = 0; i < 4; i++) {
		v = cgget(fs, CG_CS + 4 * i);
		if (v < 0 || v > cslim[i]) {
			snprintf(buf, len, "%s %d outside [0, %lld]",
				 csname[i], v, (long long)cslim[i]);
			return buf;
		}
	}
	for (i = 1; i < fs->frag; i++) {
		v = cgget(fs, CG_FRSUM + 4 * i);
		if (v < 0 || v > ndblk) {
			snprintf(buf, len, "frsum[%u] %d outside [0, %lld]",
				 i, v, (long long)ndblk);
			return buf;
		}
	}
	if (fs->contigsumsize == 0)
		return NULL;
	sumoff = CLSUM(fs);
	for (i = 1; i <= fs->contigsumsize; i++) {
		v = cgget(fs, sumoff + 4 * i);
		if (v < 0 || v > nblk) {
			snprintf(buf, len, "clustersum[%u] %d outside [0, %lld]",
				 i, v, (long long)nblk);
			return buf;
		}
	}
	return NULL;
}

/*
 * Check what the allocator relies on in the header of cg c (in cgbuf):
 * a corrupt cg must give EIO, never an access outside cgbuf nor
 * arithmetic on a counter no sound cg can hold.  Returns what is wrong,
 * or NULL.
 */
static const char *
cg_check(const struct ffs_core *fs, uint64_t c, char *buf, size_t len)
{
	uint64_t ndblk = MIN((uint64_t)fs->fpg, fs->size - c * fs->fpg);
	int32_t initb;

	if (cgget(fs, CG_MAGIC) != CG_MAGIC_VAL)
		return "bad magic";
	if ((uint32_t)cgget(fs, CG_CGX) != c)
		return "cg_cgx is another cg's";
	if ((uint64_t)cgget(fs, CG_NDBLK) != ndblk)
		return "cg_ndblk disagrees with the superblock";
	if (!inside(fs, cgget(fs, CG_IUSEDOFF), (fs->ipg + 7) / 8) ||
	    !inside(fs, cgget(fs, CG_FREEOFF), (fs->fpg + 7) / 8))
		return "inode or fragment map outside the cg block";
	if (fs->contigsumsize > 0 &&
	    (!inside(fs, cgget(fs, CG_CLUSTEROFF),
		     ((fs->fpg >> fs->fragshift) + 7) / 8) ||
	     !inside(fs, cgget(fs, CG_CLUSTERSUMOFF),
		     4 * ((uint64_t)fs->contigsumsize + 1)) ||
	     (cgget(fs, CG_CLUSTERSUMOFF) & 3) != 0))
		return "cluster map or summary outside the cg block";
	if (fs->ufs == 2) {
		initb = cgget(fs, CG_INITEDIBLK);
		if (initb < 0 || (uint32_t)initb > fs->ipg ||
		    (uint32_t)cgget(fs, CG_NIBLK) != fs->ipg)
			return "cg_initediblk or cg_niblk out of range";
	}
	return cg_counters_check(fs, buf, len);
}

/*
 * Load cg c into fs->cgbuf (cached: every change goes through here).
 * Only the write side loads cgs, so a cg refused here refuses the write
 * (EIO) and, at a read-write mount, the mount (ffs_alloc_init).
 */
static int
cg_load_why(struct ffs_core *fs, uint64_t c, char *why, size_t whylen)
{
	const char *bad;
	int error;

	if (fs->cgvalid && fs->cgcur == c)
		return 0;
	fs->cgvalid = false;
	error = ffs_devread(fs, cgtod(fs, c), 0, fs->cgbuf, fs->cgsize);
	if (error)
		return error;
	bad = cg_check(fs, c, why, whylen);
	if (bad != NULL) {
		if (bad != why)
			snprintf(why, whylen, "%s", bad);
		printf("ffs: cylinder group %llu is corrupt: %s (run fsck)\n",
		       (unsigned long long)c, why);
		return EIO;
	}
	fs->cgcur = c;
	fs->cgvalid = true;
	fs->cgbad = NULL;
	return 0;
}

static int
cg_load(struct ffs_core *fs, uint64_t c)
{
	char why[80];

	return cg_load_why(fs, c, why, sizeof(why));
}

/*
 * Add d to the cg counter at off, which may never leave [0, lim].  The
 * counters were in range at cg_load; one that would leave it now was
 * wrong on disk in a way the range check cannot see (e.g. a cluster count
 * of 0 for a run the map holds).  Then nothing is computed with it: the
 * counter is left as it is, and the cg is marked bad so that cg_write
 * refuses to store the operation (EIO) and the cg is read afresh.
 */
static void
cgadd(struct ffs_core *fs, uint32_t off, int32_t d, int64_t lim,
	const char *what)
{
	int64_t v = (int64_t)cgget(fs, off) + d;

	if (v < 0 || v > lim) {
		if (fs->cgbad == NULL)
			fs->cgbad = what;
		return;
	}
	cgset(fs, off, (int32_t)v);
}

static int
cg_write(struct ffs_core *fs, int how)
{
	int64_t sec;
	uint32_t nsec;
	int error;

	if (fs->cgbad != NULL) {
		printf("ffs: cylinder group %llu is corrupt: %s does not match the maps (run fsck); no more writes\n",
		       (unsigned long long)fs->cgcur, fs->cgbad);
		/*
		 * Like a failed cg write: earlier steps of the operation
		 * may have changed the summaries and reservations in
		 * memory, so nothing more is written (read-only from here).
		 */
		fs->cgbad = NULL;
		fs->cgvalid = false;
		fs->broken = true;
		return EIO;
	}
	ffs_now(&sec, &nsec);
	if (fs->ufs == 2)
		fsset64(fs, fs->cgbuf, CG_TIME, sec);
	else
		cgset(fs, CG_OLD_TIME, (int32_t)sec);
	error = ffs_devwrite(fs, cgtod(fs, fs->cgcur), 0, fs->cgbuf,
			     fs->cgsize, how);
	if (error) {
		fs->broken = true;
		fs->cgvalid = false;
		printf("ffs: writing cylinder group %llu failed: the file "
		       "system needs fsck\n", (unsigned long long)fs->cgcur);
	}
	fs->fmod = true;
	return error;
}

/* Add d to one of the four counts, in the cg, the summary and the total. */
enum { CS_NDIR, CS_NBFREE, CS_NIFREE, CS_NFFREE };
static void
csadd(struct ffs_core *fs, int which, int32_t d)
{
	struct ffs_csum *cs = &fs->csum[fs->cgcur];

	static const char *const name[4] = { "cs_ndir", "cs_nbfree",
					     "cs_nifree", "cs_nffree" };
	int64_t ndblk = cgget(fs, CG_NDBLK);
	int64_t lim[4] = { fs->ipg, ndblk >> fs->fragshift, fs->ipg, ndblk };

	cgadd(fs, CG_CS + 4 * which, d, lim[which], name[which]);
	if (fs->cgbad != NULL)
		return;		/* the summaries keep mirroring the cg */
	switch (which) {
	case CS_NDIR:
		cs->ndir += d;
		fs->cs_ndir += d;
		break;
	case CS_NBFREE:
		cs->nbfree += d;
		fs->cs_nbfree += d;
		break;
	case CS_NIFREE:
		cs->nifree += d;
		fs->cs_nifree += d;
		break;
	default:
		cs->nffree += d;
		fs->cs_nffree += d;
		break;
	}
}

/* ---- clusters ------------------------------------------------------------ */

/*
 * Block b (index in the cg) becomes free (sign 1) or allocated (-1):
 * update the cluster map and the counts of free runs (runs longer than
 * contigsumsize are counted in the last bucket, so scans stop there).
 */
static void
clusteracct(struct ffs_core *fs, uint64_t b, int sign)
{
	uint64_t nblk = (uint64_t)cgget(fs, CG_NDBLK) >> fs->fragshift;
	uint32_t cs = fs->contigsumsize, back = 0, fwd = 0, tot;
	uint8_t *map;
	uint32_t sumoff;

	if (cs == 0)
		return;
	map = CLMAP(fs);
	sumoff = CLSUM(fs);
	if (sign > 0)
		setbit(map, b);
	else
		clrbit(map, b);
	while (back < cs && b >= back + 1 && isset(map, b - back - 1))
		back++;
	while (fwd < cs && b + fwd + 1 < nblk && isset(map, b + fwd + 1))
		fwd++;
	tot = MIN(back + fwd + 1, cs);
	cgadd(fs, sumoff + 4 * tot, sign, (int64_t)nblk, "clustersum");
	if (back > 0)
		cgadd(fs, sumoff + 4 * back, -sign, (int64_t)nblk,
		      "clustersum");
	if (fwd > 0)
		cgadd(fs, sumoff + 4 * fwd, -sign, (int64_t)nblk, "clustersum");
}

/* ---- per-block accounting --------------------------------------------------- */

/*
 * Add (sign 1) or remove (-1) the contribution of the block starting at
 * cg-relative fragment bno to the counts: a whole free block counts in
 * nbfree and the cluster map, a partly free one in nffree and frsum.
 */
static void
blkacct(struct ffs_core *fs, uint64_t bno, int sign)
{
	const uint8_t *map = FREEMAP(fs);
	uint32_t i, run = 0, nfree = 0;

	for (i = 0; i < fs->frag; i++)
		if (isset(map, bno + i))
			nfree++;
	if (nfree == fs->frag) {
		csadd(fs, CS_NBFREE, sign);
		clusteracct(fs, bno >> fs->fragshift, sign);
		return;
	}
	csadd(fs, CS_NFFREE, sign * (int32_t)nfree);
	for (i = 0; i <= fs->frag; i++) {
		if (i < fs->frag && isset(map, bno + i)) {
			run++;
			continue;
		}
		if (run > 0)
			cgadd(fs, CG_FRSUM + 4 * run, sign,
			      cgget(fs, CG_NDBLK), "frsum");
		run = 0;
	}
}

/* Is the whole block at cg-relative fragment bno free? */
static bool
blkfree_p(struct ffs_core *fs, uint64_t bno)
{
	const uint8_t *map = FREEMAP(fs);
	uint32_t i;

	if (fs->frag == 8)
		return map[bno >> 3] == 0xff;
	for (i = 0; i < fs->frag; i++)
		if (!isset(map, bno + i))
			return false;
	return true;
}

/* Mark n fragments at cg-relative bno allocated (all must be free). */
static int
frags_take(struct ffs_core *fs, uint64_t bno, uint32_t n)
{
	uint64_t blk = bno & ~(uint64_t)(fs->frag - 1);
	uint8_t *map = FREEMAP(fs);
	uint32_t i;

	for (i = 0; i < n; i++)
		if (!isset(map, bno + i))
			return EIO;
	blkacct(fs, blk, -1);
	for (i = 0; i < n; i++)
		clrbit(map, bno + i);
	blkacct(fs, blk, 1);
	return 0;
}

/* Mark n fragments at cg-relative bno free (all must be allocated). */
static int
frags_give(struct ffs_core *fs, uint64_t bno, uint32_t n)
{
	uint64_t blk = bno & ~(uint64_t)(fs->frag - 1);
	uint8_t *map = FREEMAP(fs);
	uint32_t i;

	for (i = 0; i < n; i++)
		if (isset(map, bno + i))
			return EIO;
	blkacct(fs, blk, -1);
	for (i = 0; i < n; i++)
		setbit(map, bno + i);
	blkacct(fs, blk, 1);
	return 0;
}

/* ---- choosing where ------------------------------------------------------------- */

/* Number of whole blocks in the loaded cg. */
static uint64_t
cg_nblocks(const struct ffs_core *fs)
{
	return (uint64_t)cgget(fs, CG_NDBLK) >> fs->fragshift;
}

/*
 * A free block in the loaded cg, from block index start on (wrapping):
 * its cg-relative fragment, or -1.
 */
static int64_t
find_block(struct ffs_core *fs, uint64_t start)
{
	uint64_t nblk = cg_nblocks(fs), i, b;

	if (nblk == 0)
		return -1;
	if (start >= nblk)
		start = 0;
	for (i = 0; i < nblk; i++) {
		b = start + i;
		if (b >= nblk)
			b -= nblk;
		if (blkfree_p(fs, b << fs->fragshift))
			return (int64_t)(b << fs->fragshift);
	}
	return -1;
}

/*
 * n free fragments inside one partly allocated block of the loaded cg
 * (the smallest run that fits, to keep big runs whole), or -1.
 */
static int64_t
find_frags(struct ffs_core *fs, uint32_t n)
{
	uint64_t ndblk = (uint64_t)cgget(fs, CG_NDBLK), blk;
	const uint8_t *map = FREEMAP(fs);
	uint32_t want, i, run;

	for (want = n; want < fs->frag; want++)
		if (cgget(fs, CG_FRSUM + 4 * want) > 0)
			break;
	if (want == fs->frag)
		return -1;
	/* A block holding a maximal free run of exactly want fragments. */
	for (blk = 0; blk + fs->frag <= ndblk; blk += fs->frag) {
		if (blkfree_p(fs, blk))
			continue;
		run = 0;
		for (i = 0; i <= fs->frag; i++) {
			if (i < fs->frag && isset(map, blk + i)) {
				run++;
				continue;
			}
			if (run == want)
				return (int64_t)(blk + i - run);
			run = 0;
		}
	}
	return -1;
}

/* The cg to try first for data near pref (or the inode's cg). */
static uint64_t
pref_cg(const struct ffs_core *fs, uint64_t ino, uint64_t pref)
{
	if (pref != 0 && pref < fs->size)
		return pref / fs->fpg;
	return (ino / fs->ipg) % fs->ncg;
}

/* ---- reservations ------------------------------------------------------------------ */

static struct ffs_resv *
resv_find(struct ffs_core *fs, uint64_t ino)
{
	unsigned i;

	for (i = 0; i < FFS_NRESV; i++)
		if (fs->resv[i].ino == ino)
			return &fs->resv[i];
	return NULL;
}

/* Free the unused blocks of slot r (delayed cg writes). */
static void
resv_drop(struct ffs_core *fs, struct ffs_resv *r)
{
	uint64_t d, c;

	while (r->count > 0) {
		d = r->next;
		c = d / fs->fpg;
		if (cg_load(fs, c) != 0 ||
		    frags_give(fs, d - c * fs->fpg, fs->frag) != 0) {
			/* leave it allocated: a leak, never a double free */
			printf("ffs: cannot return reserved block %llu\n",
			       (unsigned long long)d);
		} else if (r->count == 1 || (d + fs->frag) / fs->fpg != c) {
			(void)cg_write(fs, FFS_IO_DELAYED);
		}
		r->next += fs->frag;
		r->count--;
	}
	r->ino = 0;
}

void
ffs_resv_release(struct ffs_core *fs, uint64_t ino)
{
	unsigned i;

	if (!fs->rw)
		return;
	mutex_enter(&fs->lock);
	for (i = 0; i < FFS_NRESV; i++)
		if (fs->resv[i].ino != 0 && (ino == 0 || fs->resv[i].ino == ino))
			resv_drop(fs, &fs->resv[i]);
	mutex_exit(&fs->lock);
}

/* A slot for ino: its own, a free one, or the least recently used. */
static struct ffs_resv *
resv_slot(struct ffs_core *fs, uint64_t ino)
{
	struct ffs_resv *r = resv_find(fs, ino), *old = NULL;
	unsigned i;

	if (r != NULL) {
		resv_drop(fs, r);
	} else {
		for (i = 0; i < FFS_NRESV; i++) {
			if (fs->resv[i].ino == 0) {
				r = &fs->resv[i];
				break;
			}
			if (old == NULL || fs->resv[i].used < old->used)
				old = &fs->resv[i];
		}
		if (r == NULL) {
			r = old;
			resv_drop(fs, r);
		}
	}
	r->ino = ino;
	r->used = ++fs->resvclock;
	return r;
}

/* ---- blocks ----------------------------------------------------------------------- */

int
ffs_blkalloc(struct ffs_core *fs, uint64_t ino, uint64_t pref, uint64_t *dp)
{
	struct ffs_resv *r;
	uint64_t c0, c, i, start, bno;
	int64_t got;
	uint32_t n;
	int error;

	*dp = 0;
	mutex_enter(&fs->lock);
	if (fs->broken) {
		error = EIO;
		goto out;
	}
	r = resv_find(fs, ino);
	if (r != NULL && r->count > 0) {
		*dp = r->next;
		r->next += fs->frag;
		r->count--;
		r->used = ++fs->resvclock;
		error = 0;
		goto out;
	}
	/* Drop any stale reservation first: its blocks may be wanted. */
	r = resv_slot(fs, ino);
	c0 = pref_cg(fs, ino, pref);
	error = ENOSPC;
	for (i = 0; i < 2 * (uint64_t)fs->ncg; i++) {
		if (i == fs->ncg) {
			/* Full: take back every file's reserved blocks. */
			for (n = 0; n < FFS_NRESV; n++)
				if (fs->resv[n].ino != 0 && &fs->resv[n] != r)
					resv_drop(fs, &fs->resv[n]);
		}
		c = (c0 + i) % fs->ncg;
		if (fs->csum[c].nbfree <= 0)
			continue;
		error = cg_load(fs, c);
		if (error)
			goto out;
		start = (uint64_t)(uint32_t)cgget(fs, CG_ROTOR) >> fs->fragshift;
		if (i == 0 && pref != 0 && pref / fs->fpg == c)
			start = (pref - c * fs->fpg) >> fs->fragshift;
		got = find_block(fs, start);
		if (got < 0) {
			error = ENOSPC;
			continue;
		}
		/* The block, then as many free followers as fit the run. */
		bno = (uint64_t)got;
		n = 0;
		do {
			error = frags_take(fs, bno + ((uint64_t)n << fs->fragshift),
					   fs->frag);
			if (error)
				goto out;
			n++;
		} while (n < FFS_RESV_BLOCKS &&
			 ((bno >> fs->fragshift) + n) < cg_nblocks(fs) &&
			 blkfree_p(fs, bno + ((uint64_t)n << fs->fragshift)));
		/* the rotor names the last block allocated (in range) */
		cgset(fs, CG_ROTOR, (int32_t)(bno + ((uint64_t)(n - 1) <<
						     fs->fragshift)));
		error = cg_write(fs, FFS_IO_SYNC);
		if (error)
			goto out;
		*dp = c * fs->fpg + bno;
		r->next = *dp + fs->frag;
		r->count = n - 1;
		break;
	}
out:
	mutex_exit(&fs->lock);
	return error;
}

int
ffs_fragalloc(struct ffs_core *fs, uint64_t ino, uint64_t pref,
	      uint32_t nfrags, uint64_t *dp)
{
	uint64_t c0, c, i;
	int64_t got;
	int error;

	*dp = 0;
	if (nfrags == 0 || nfrags >= fs->frag)
		return EINVAL;
	mutex_enter(&fs->lock);
	if (fs->broken) {
		error = EIO;
		goto out;
	}
	c0 = pref_cg(fs, ino, pref);
	error = ENOSPC;
	/* First a fitting run in a partly used block anywhere, then a split. */
	for (i = 0; i < 2 * (uint64_t)fs->ncg; i++) {
		c = (c0 + i) % fs->ncg;
		if (i < fs->ncg ? fs->csum[c].nffree < (int32_t)nfrags :
		    fs->csum[c].nbfree <= 0)
			continue;
		error = cg_load(fs, c);
		if (error)
			goto out;
		got = i < fs->ncg ? find_frags(fs, nfrags) :
			find_block(fs, (uint64_t)(uint32_t)cgget(fs, CG_FROTOR) >>
				   fs->fragshift);
		if (got < 0) {
			error = ENOSPC;
			continue;
		}
		error = frags_take(fs, (uint64_t)got, nfrags);
		if (error)
			goto out;
		cgset(fs, CG_FROTOR, (int32_t)got);
		error = cg_write(fs, FFS_IO_SYNC);
		if (error)
			goto out;
		*dp = c * fs->fpg + (uint64_t)got;
		break;
	}
out:
	mutex_exit(&fs->lock);
	return error;
}

int
ffs_fragextend(struct ffs_core *fs, uint64_t d, uint32_t ofrags,
	       uint32_t nfrags)
{
	uint64_t c = d / fs->fpg, bno = d - c * fs->fpg;
	const uint8_t *map;
	uint32_t i;
	int error;

	if (nfrags <= ofrags || (bno & (fs->frag - 1)) + nfrags > fs->frag)
		return ENOSPC;
	mutex_enter(&fs->lock);
	error = fs->broken ? EIO : cg_load(fs, c);
	if (error)
		goto out;
	if (bno + nfrags > (uint64_t)cgget(fs, CG_NDBLK)) {
		error = ENOSPC;
		goto out;
	}
	map = FREEMAP(fs);
	for (i = ofrags; i < nfrags; i++) {
		if (!isset(map, bno + i)) {
			error = ENOSPC;
			goto out;
		}
	}
	error = frags_take(fs, bno + ofrags, nfrags - ofrags);
	if (error == 0)
		error = cg_write(fs, FFS_IO_SYNC);
out:
	mutex_exit(&fs->lock);
	return error;
}

int
ffs_blkfree(struct ffs_core *fs, uint64_t d, uint32_t nfrags)
{
	uint64_t c = d / fs->fpg;
	int error;

	if (!ffs_blk_ok(fs, d, nfrags)) {
		printf("ffs: freeing bad block %llu (%u fragments) refused\n",
		       (unsigned long long)d, nfrags);
		return EIO;
	}
	mutex_enter(&fs->lock);
	error = fs->broken ? EIO : cg_load(fs, c);
	if (error == 0) {
		error = frags_give(fs, d - c * fs->fpg, nfrags);
		if (error)
			printf("ffs: block %llu freed twice (run fsck)\n",
			       (unsigned long long)d);
		else
			error = cg_write(fs, FFS_IO_DELAYED);
	}
	mutex_exit(&fs->lock);
	return error;
}

/* ---- inodes ------------------------------------------------------------------------ */

/*
 * UFS2 lazy inode initialisation: make sure the inode at cg-relative
 * index idx is below cg_initediblk, zeroing inode blocks (with random
 * generation numbers) synchronously before they are counted.
 */
static int
inode_init_upto(struct ffs_core *fs, uint64_t c, uint32_t idx)
{
	uint32_t inited = (uint32_t)cgget(fs, CG_INITEDIBLK), k;
	uint8_t *blk;
	int error = 0;

	if (fs->ufs != 2 || idx < inited)
		return 0;
	blk = kmem_alloc(fs->bsize, KM_SLEEP);
	if (blk == NULL)
		return ENOMEM;
	while (idx >= inited && inited < fs->ipg) {
		memset(blk, 0, fs->bsize);
		for (k = 0; k < fs->inopb; k++)
			fsset32(fs, blk, k * fs->isize + DI2_GEN,
				cprng_fast32() & 0x7fffffff);
		error = ffs_devwrite(fs, ffs_cgimin(fs, c) +
				     ((uint64_t)(inited / fs->inopb) << fs->fragshift),
				     0, blk, fs->bsize, FFS_IO_SYNC);
		if (error)
			break;
		inited += fs->inopb;
		cgset(fs, CG_INITEDIBLK, (int32_t)inited);
	}
	kmem_free(blk, fs->bsize);
	return error;
}

/* A cg for a new directory: spread them (fewest directories, with room). */
static uint64_t
dir_cg(struct ffs_core *fs)
{
	uint64_t best = fs->ncg, c, i;
	int64_t avgifree = fs->cs_nifree / (int64_t)fs->ncg;
	int64_t avgbfree = fs->cs_nbfree / (int64_t)fs->ncg;

	for (i = 0; i < fs->ncg; i++) {
		c = (fs->cgrotor + i) % fs->ncg;
		if (fs->csum[c].nifree == 0 || fs->csum[c].nifree < avgifree ||
		    fs->csum[c].nbfree < avgbfree)
			continue;
		if (best == fs->ncg || fs->csum[c].ndir < fs->csum[best].ndir)
			best = c;
	}
	if (best == fs->ncg)
		best = fs->cgrotor % fs->ncg;
	fs->cgrotor = (uint32_t)((best + 1) % fs->ncg);
	return best;
}

int
ffs_ialloc(struct ffs_core *fs, const struct ffs_inode *dp, uint32_t mode,
	   struct ffs_inode *ip)
{
	bool isdir = (mode & FFS_IFMT) == FFS_IFDIR;
	uint64_t c0, c, i, ino = 0;
	uint32_t start, k, idx;
	uint8_t *map;
	uint8_t raw[256];
	int error;

	memset(ip, 0, sizeof(*ip));
	mutex_enter(&fs->lock);
	if (fs->broken) {
		error = EIO;
		goto out;
	}
	c0 = isdir ? dir_cg(fs) : (dp->ino / fs->ipg) % fs->ncg;
	error = ENOSPC;
	for (i = 0; i < fs->ncg && ino == 0; i++) {
		c = (c0 + i) % fs->ncg;
		if (fs->csum[c].nifree <= 0)
			continue;
		error = cg_load(fs, c);
		if (error)
			goto out;
		map = INOMAP(fs);
		start = (uint32_t)cgget(fs, CG_IROTOR) % fs->ipg;
		for (k = 0; k < fs->ipg; k++) {
			idx = (start + k) % fs->ipg;
			if (c == 0 && idx < FFS_ROOTINO)
				continue;
			if (!isset(map, idx))
				break;
		}
		if (k == fs->ipg) {
			error = ENOSPC;
			continue;
		}
		error = inode_init_upto(fs, c, idx);
		if (error)
			goto out;
		/* The bitmap said free: the inode must say so too. */
		ino = c * fs->ipg + idx;
		error = fs->dev.read(fs->dev.ctx, ffs_ino_devoff(fs, ino), raw,
				     fs->isize);
		if (error) {
			error = EIO;
			goto out;
		}
		if (fs16(fs, raw, DI1_MODE) != 0) {
			printf("ffs: inode %llu is in use but free in the map "
			       "(run fsck)\n", (unsigned long long)ino);
			error = EIO;
			goto out;
		}
		setbit(map, idx);
		csadd(fs, CS_NIFREE, -1);
		if (isdir)
			csadd(fs, CS_NDIR, 1);
		cgset(fs, CG_IROTOR, (int32_t)idx);
		error = cg_write(fs, FFS_IO_SYNC);
		if (error)
			goto out;
		ip->ino = ino;
		ip->mode = mode;
		ip->gen = fs->ufs == 2 ? fs32(fs, raw, DI2_GEN) : 0;
		/* NetBSD randomises generations; never reuse the old one. */
		ip->gen = (ip->gen + 1 + (cprng_fast32() & 0xffff)) & 0x7fffffff;
		if (ip->gen == 0)
			ip->gen = 1;
		ffs_now(&ip->ctime, &ip->ctimensec);
		ip->atime = ip->mtime = ip->birthtime = ip->ctime;
		ip->atimensec = ip->mtimensec = ip->birthnsec = ip->ctimensec;
	}
out:
	mutex_exit(&fs->lock);
	return error;
}

int
ffs_ifree_bit(struct ffs_core *fs, uint64_t ino, bool isdir)
{
	uint64_t c = ino / fs->ipg;
	uint32_t idx = (uint32_t)(ino % fs->ipg);
	uint8_t *map;
	int error;

	if (ino < FFS_ROOTINO || ino >= fs->ninodes)
		return EINVAL;
	mutex_enter(&fs->lock);
	error = fs->broken ? EIO : cg_load(fs, c);
	if (error)
		goto out;
	map = INOMAP(fs);
	if (!isset(map, idx)) {
		printf("ffs: inode %llu freed twice (run fsck)\n",
		       (unsigned long long)ino);
		error = EIO;
		goto out;
	}
	clrbit(map, idx);
	csadd(fs, CS_NIFREE, 1);
	if (isdir)
		csadd(fs, CS_NDIR, -1);
	error = cg_write(fs, FFS_IO_DELAYED);
out:
	mutex_exit(&fs->lock);
	return error;
}

/* ---- the summary ----------------------------------------------------------------------- */

int
ffs_alloc_init(struct ffs_core *fs, char *why, size_t whylen)
{
	uint64_t c;
	int error;

	fs->csum = kmem_zalloc(fs->ncg * sizeof(*fs->csum), KM_SLEEP);
	fs->cgbuf = kmem_alloc(fs->cgsize, KM_SLEEP);
	fs->resv = kmem_zalloc(FFS_NRESV * sizeof(*fs->resv), KM_SLEEP);
	if (fs->csum == NULL || fs->cgbuf == NULL || fs->resv == NULL) {
		ffs_alloc_fini(fs);
		snprintf(why, whylen, "out of memory");
		return ENOMEM;
	}
	mutex_init(&fs->lock, MUTEX_DEFAULT, IPL_NONE);
	/*
	 * The cg headers are the truth; the summary area and the totals
	 * may be stale after a crash.  Rebuild them (and check every
	 * header once, so that a corrupt cg refuses the mount up front).
	 */
	fs->cs_ndir = fs->cs_nbfree = fs->cs_nifree = fs->cs_nffree = 0;
	for (c = 0; c < fs->ncg; c++) {
		char bad[80];

		fs->cgvalid = false;
		error = cg_load_why(fs, c, bad, sizeof(bad));
		if (error) {
			snprintf(why, whylen,
				 "cylinder group %llu is corrupt: %s (run fsck)",
				 (unsigned long long)c, bad);
			mutex_destroy(&fs->lock);
			ffs_alloc_fini(fs);
			return error;
		}
		fs->csum[c].ndir = cgget(fs, CG_CS + 0);
		fs->csum[c].nbfree = cgget(fs, CG_CS + 4);
		fs->csum[c].nifree = cgget(fs, CG_CS + 8);
		fs->csum[c].nffree = cgget(fs, CG_CS + 12);
		fs->cs_ndir += fs->csum[c].ndir;
		fs->cs_nbfree += fs->csum[c].nbfree;
		fs->cs_nifree += fs->csum[c].nifree;
		fs->cs_nffree += fs->csum[c].nffree;
	}
	return 0;
}

void
ffs_alloc_fini(struct ffs_core *fs)
{
	if (fs->csum)
		kmem_free(fs->csum, fs->ncg * sizeof(*fs->csum));
	if (fs->cgbuf)
		kmem_free(fs->cgbuf, fs->cgsize);
	if (fs->resv)
		kmem_free(fs->resv, FFS_NRESV * sizeof(*fs->resv));
	fs->csum = NULL;
	fs->cgbuf = NULL;
	fs->resv = NULL;
	fs->cgvalid = false;
}

int
ffs_sbwrite(struct ffs_core *fs, uint8_t clean)
{
	uint8_t *sb = fs->sbraw, *buf;
	uint64_t c, off, n;
	int64_t sec;
	uint32_t nsec, i;
	int error;

	/* The summary area, one block at a time. */
	buf = kmem_zalloc(fs->bsize, KM_SLEEP);
	if (buf == NULL)
		return ENOMEM;
	for (off = 0; off < fs->cssize; off += fs->bsize) {
		n = MIN((uint64_t)fs->bsize, fs->cssize - off);
		memset(buf, 0, fs->bsize);
		for (i = 0; i < n / 16; i++) {
			c = off / 16 + i;
			if (c >= fs->ncg)
				break;
			fsset32(fs, buf, i * 16 + 0, fs->csum[c].ndir);
			fsset32(fs, buf, i * 16 + 4, fs->csum[c].nbfree);
			fsset32(fs, buf, i * 16 + 8, fs->csum[c].nifree);
			fsset32(fs, buf, i * 16 + 12, fs->csum[c].nffree);
		}
		error = ffs_devwrite(fs, fs->csaddr + (off >> fs->fshift), 0,
				     buf, (size_t)n, FFS_IO_SYNC);
		if (error)
			break;
	}
	kmem_free(buf, fs->bsize);
	if (error)
		return error;
	ffs_now(&sec, &nsec);
	fs->time = sec;
	fs->clean = clean;
	fsset64(fs, sb, SB_CSTOTAL + 0, fs->cs_ndir);
	fsset64(fs, sb, SB_CSTOTAL + 8, fs->cs_nbfree);
	fsset64(fs, sb, SB_CSTOTAL + 16, fs->cs_nifree);
	fsset64(fs, sb, SB_CSTOTAL + 24, fs->cs_nffree);
	fsset64(fs, sb, SB_TIME, sec);
	fsset64(fs, sb, SB_PENDINGBLOCKS, 0);
	fsset32(fs, sb, SB_PENDINGINODES, 0);
	if (fs->ufs == 1) {
		/* updated UFS1 layout: keep the old copies in step too */
		fsset32(fs, sb, SB_OLD_CSTOTAL + 0, fs->cs_ndir);
		fsset32(fs, sb, SB_OLD_CSTOTAL + 4, fs->cs_nbfree);
		fsset32(fs, sb, SB_OLD_CSTOTAL + 8, fs->cs_nifree);
		fsset32(fs, sb, SB_OLD_CSTOTAL + 12, fs->cs_nffree);
		fsset32(fs, sb, SB_OLD_TIME, sec);
	}
	sb[SB_CLEAN] = clean;
	sb[SB_FMOD] = 0;
	error = fs->dev.write(fs->dev.ctx, fs->sblockloc, sb, fs->sbsize,
			      FFS_IO_SYNC);
	if (error == 0)
		fs->fmod = false;
	return error ? EIO : 0;
}
