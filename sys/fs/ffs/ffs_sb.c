// SPDX-License-Identifier: BSD-2-Clause
/*
 * ffs_sb.c - finding, validating and loading the superblock; mount,
 * unmount, info and statvfs.
 *
 * Everything later code relies on (geometry, shifts, counts) is checked
 * here once, against itself and against the device size, so that the
 * address arithmetic of the other files cannot overflow or leave the
 * device.  A candidate that fails is skipped; if none is accepted the
 * reason of the first failure is reported.
 */
#include "ffs_fs.h"

static const uint64_t sbprobe[] = { 65536, 8192, 0, 262144 };

static void why_set(char *why, size_t whylen, const char *fmt, ...)
	__printflike(3, 4);

static void
why_set(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why == NULL || whylen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}

static bool
ispow2(uint64_t x)
{
	return x != 0 && (x & (x - 1)) == 0;
}

static uint32_t
ilog2(uint64_t x)
{
	uint32_t n = 0;

	while (x > 1) {
		x >>= 1;
		n++;
	}
	return n;
}

/*
 * Check the candidate superblock sb found at byte offset loc and fill fs.
 * Returns 0, EINVAL (not a usable superblock) or EFTYPE (a real but
 * unsupported format), with the reason in why.
 */
static int
sb_validate(struct ffs_core *fs, const uint8_t *sb, uint64_t loc,
	    char *why, size_t whylen)
{
	uint32_t magic, nmagic, sbsize, cgsize, inopf, c;
	uint64_t maxc, ipgblocks, n, lim;
	int32_t v;

	memcpy(&nmagic, sb + SB_MAGIC, 4);
	magic = __builtin_bswap32(nmagic);
	fs->swap = false;
	if (nmagic == FS_UFS1_MAGIC || nmagic == FS_UFS2_MAGIC ||
	    nmagic == FS_UFS2EA_MAGIC)
		magic = nmagic;
	else if (magic == FS_UFS1_MAGIC || magic == FS_UFS2_MAGIC ||
		 magic == FS_UFS2EA_MAGIC)
		fs->swap = true;
	else {
		why_set(why, whylen, "no magic number");
		return EINVAL;
	}
	fs->ufs = magic == FS_UFS1_MAGIC ? 1 : 2;
	fs->ea = magic == FS_UFS2EA_MAGIC;
	fs->sblockloc = loc;
	if (fs->ufs == 1 && loc == 65536) {
		/* The cg-0 backup of a UFS1 fs with 64 KiB blocks. */
		why_set(why, whylen, "UFS1 magic at 65536 (a backup)");
		return EINVAL;
	}
	fs->oldlayout = fs->ufs == 1 &&
		!(sb[SB_OLD_FLAGS] & FS_FLAGS_UPDATED);
	if (!fs->oldlayout && fsi64(fs, sb, SB_SBLOCKLOC) != (int64_t)loc) {
		why_set(why, whylen, "fs_sblockloc %lld is not the probe "
			"offset %llu (a backup)",
			(long long)fsi64(fs, sb, SB_SBLOCKLOC),
			(unsigned long long)loc);
		return EINVAL;
	}
	sbsize = fs32(fs, sb, SB_SBSIZE);
	if (sbsize < SBLOCK_MINSIZE || sbsize > SBLOCKSIZE) {
		why_set(why, whylen, "fs_sbsize %u out of range", sbsize);
		return EINVAL;
	}
	if (fs->ufs == 1 && fsi32(fs, sb, SB_OLD_POSTBLFORMAT) ==
	    FS_42POSTBLFMT) {
		why_set(why, whylen, "4.2BSD static cylinder-group format "
			"(fs_old_postblformat -1) is not supported");
		return EFTYPE;
	}
	if (fs->ufs == 1 && fsi32(fs, sb, SB_OLD_INODEFMT) < FS_44INODEFMT) {
		why_set(why, whylen, "pre-4.4BSD inode format "
			"(fs_old_inodefmt %d) is not supported",
			fsi32(fs, sb, SB_OLD_INODEFMT));
		return EFTYPE;
	}

	fs->bsize = fs32(fs, sb, SB_BSIZE);
	fs->fsize = fs32(fs, sb, SB_FSIZE);
	fs->frag = fs32(fs, sb, SB_FRAG);
	if (!ispow2(fs->bsize) || fs->bsize < 4096 || fs->bsize > 65536) {
		why_set(why, whylen, "fs_bsize %u invalid", fs->bsize);
		return EINVAL;
	}
	if (!ispow2(fs->fsize) || fs->fsize < 512 || fs->fsize > fs->bsize ||
	    fs->bsize / fs->fsize > 8 || fs->frag != fs->bsize / fs->fsize) {
		why_set(why, whylen, "fs_fsize %u / fs_frag %u invalid for "
			"fs_bsize %u", fs->fsize, fs->frag, fs->bsize);
		return EINVAL;
	}
	fs->bshift = ilog2(fs->bsize);
	fs->fshift = ilog2(fs->fsize);
	fs->fragshift = ilog2(fs->frag);
	if (fs32(fs, sb, SB_BSHIFT) != fs->bshift ||
	    fs32(fs, sb, SB_FSHIFT) != fs->fshift ||
	    fs32(fs, sb, SB_FRAGSHIFT) != fs->fragshift ||
	    fs32(fs, sb, SB_BMASK) != ~(fs->bsize - 1) ||
	    fs32(fs, sb, SB_FMASK) != ~(fs->fsize - 1)) {
		why_set(why, whylen, "block/fragment shifts or masks "
			"inconsistent with the sizes");
		return EINVAL;
	}
	fs->isize = fs->ufs == 1 ? 128 : 256;
	fs->inopb = fs32(fs, sb, SB_INOPB);
	fs->nindir = fs32(fs, sb, SB_NINDIR);
	if (fs->inopb != fs->bsize / fs->isize ||
	    fs->nindir != fs->bsize / (fs->ufs == 1 ? 4 : 8)) {
		why_set(why, whylen, "fs_inopb %u / fs_nindir %u wrong for "
			"UFS%d with fs_bsize %u", fs->inopb, fs->nindir,
			fs->ufs, fs->bsize);
		return EINVAL;
	}
	fs->nindirshift = ilog2(fs->nindir);

	fs->ncg = fs32(fs, sb, SB_NCG);
	fs->ipg = fs32(fs, sb, SB_IPG);
	fs->fpg = fs32(fs, sb, SB_FPG);
	if (fs->oldlayout) {
		v = fsi32(fs, sb, SB_OLD_SIZE);
		fs->size = v > 0 ? (uint64_t)v : 0;
		v = fsi32(fs, sb, SB_OLD_DSIZE);
		fs->dsize = v > 0 ? (uint64_t)v : 0;
		v = fsi32(fs, sb, SB_OLD_CSADDR);
		fs->csaddr = v > 0 ? (uint64_t)v : 0;
		fs->time = fsi32(fs, sb, SB_OLD_TIME);
		fs->cs_ndir = fsi32(fs, sb, SB_OLD_CSTOTAL);
		fs->cs_nbfree = fsi32(fs, sb, SB_OLD_CSTOTAL + 4);
		fs->cs_nifree = fsi32(fs, sb, SB_OLD_CSTOTAL + 8);
		fs->cs_nffree = fsi32(fs, sb, SB_OLD_CSTOTAL + 12);
	} else {
		fs->size = fs64(fs, sb, SB_SIZE);
		fs->dsize = fs64(fs, sb, SB_DSIZE);
		fs->csaddr = fs64(fs, sb, SB_CSADDR);
		fs->time = fsi64(fs, sb, SB_TIME);
		fs->cs_ndir = fsi64(fs, sb, SB_CSTOTAL);
		fs->cs_nbfree = fsi64(fs, sb, SB_CSTOTAL + 8);
		fs->cs_nifree = fsi64(fs, sb, SB_CSTOTAL + 16);
		fs->cs_nffree = fsi64(fs, sb, SB_CSTOTAL + 24);
	}
	if (fs->ncg == 0 || fs->ipg == 0 || fs->fpg == 0 || fs->size == 0 ||
	    fs->dsize == 0 || fs->dsize > fs->size) {
		why_set(why, whylen, "zero or inconsistent counts (ncg %u, "
			"ipg %u, fpg %u, size %llu, dsize %llu)", fs->ncg,
			fs->ipg, fs->fpg, (unsigned long long)fs->size,
			(unsigned long long)fs->dsize);
		return EINVAL;
	}
	/* Everything must be addressable on the device (no overflow). */
	if (fs->size > fs->dev.size >> fs->fshift) {
		why_set(why, whylen, "file system (%llu fragments of %u) "
			"larger than the device (%llu bytes)",
			(unsigned long long)fs->size, fs->fsize,
			(unsigned long long)fs->dev.size);
		return EINVAL;
	}
	if (fs->fpg % fs->frag != 0 ||
	    fs->ncg != (fs->size + fs->fpg - 1) / fs->fpg) {
		why_set(why, whylen, "fs_ncg %u does not cover fs_size %llu "
			"with fs_fpg %u", fs->ncg,
			(unsigned long long)fs->size, fs->fpg);
		return EINVAL;
	}
	fs->ninodes = (uint64_t)fs->ncg * fs->ipg;
	if (fs->ipg % fs->inopb != 0 || fs->ninodes > 0xffffffffULL) {
		why_set(why, whylen, "fs_ipg %u invalid", fs->ipg);
		return EINVAL;
	}
	fs->sblkno = fs32(fs, sb, SB_SBLKNO);
	fs->cblkno = fs32(fs, sb, SB_CBLKNO);
	fs->iblkno = fs32(fs, sb, SB_IBLKNO);
	fs->dblkno = fs32(fs, sb, SB_DBLKNO);
	inopf = fs->inopb >> fs->fragshift;
	ipgblocks = (uint64_t)(fs->ipg / inopf);	/* fragments of inodes */
	if (fs->sblkno >= fs->cblkno || fs->cblkno >= fs->iblkno ||
	    fs->iblkno % fs->frag != 0 ||
	    (uint64_t)fs->iblkno + ipgblocks > fs->dblkno ||
	    fs->dblkno > fs->fpg) {
		why_set(why, whylen, "cylinder-group layout invalid (sblkno "
			"%u, cblkno %u, iblkno %u, dblkno %u, fpg %u)",
			fs->sblkno, fs->cblkno, fs->iblkno, fs->dblkno,
			fs->fpg);
		return EINVAL;
	}
	if (fs->ufs == 1) {
		fs->cgoffset = fs32(fs, sb, SB_OLD_CGOFFSET);
		fs->cgmask = fs32(fs, sb, SB_OLD_CGMASK);
	}
	/*
	 * The metadata of every cg (inode blocks included) must lie inside
	 * the file system: checked for the cg with the largest start.
	 */
	maxc = 0;
	n = 0;
	for (c = 0; c < fs->ncg; c++) {
		lim = ffs_cgstart(fs, c) - (uint64_t)c * fs->fpg;
		if (lim >= n) {
			n = lim;
			maxc = c;
		}
		if (fs->cgoffset == 0)
			break;
		if (lim + fs->dblkno > fs->fpg) {
			why_set(why, whylen, "cg %u staggered past its end", c);
			return EINVAL;
		}
	}
	if (ffs_cgdmin(fs, fs->ncg - 1) > fs->size ||
	    ffs_cgdmin(fs, maxc) > fs->size) {
		why_set(why, whylen, "last cylinder group too small for its "
			"metadata");
		return EINVAL;
	}
	cgsize = fs32(fs, sb, SB_CGSIZE);
	fs->cssize = fs32(fs, sb, SB_CSSIZE);
	if (cgsize < 168 || cgsize > fs->bsize) {
		why_set(why, whylen, "fs_cgsize %u invalid", cgsize);
		return EINVAL;
	}
	if (fs->cssize < (uint64_t)fs->ncg * 16 ||
	    fs->csaddr >= fs->size ||
	    fs->csaddr + ((fs->cssize + fs->fsize - 1) >> fs->fshift) >
	    fs->size) {
		why_set(why, whylen, "summary area invalid (csaddr %llu, "
			"cssize %u)", (unsigned long long)fs->csaddr,
			fs->cssize);
		return EINVAL;
	}
	fs->cgsize = cgsize;
	fs->sbsize = sbsize;
	fs->contigsumsize = fs32(fs, sb, SB_CONTIGSUMSIZE);
	if ((int32_t)fs->contigsumsize < 0 || fs->contigsumsize > 256)
		fs->contigsumsize = 0;	/* used only when writing (refused) */
	fs->maxsymlinklen = fs32(fs, sb, SB_MAXSYMLINKLEN);
	if ((int32_t)fs->maxsymlinklen <= 0 || fs->maxsymlinklen >
	    (fs->ufs == 1 ? UFS1_MAXSYMLINKLEN : UFS2_MAXSYMLINKLEN)) {
		why_set(why, whylen, "fs_maxsymlinklen %d invalid (old "
			"directory format is not supported)",
			(int32_t)fs->maxsymlinklen);
		return fs->maxsymlinklen == 0 ? EFTYPE : EINVAL;
	}
	fs->minfree = fs32(fs, sb, SB_MINFREE);
	if (fs->minfree > 99)
		fs->minfree = 99;	/* only used for statvfs */
	fs->flags = fs32(fs, sb, SB_FLAGS);
	fs->clean = sb[SB_CLEAN];
	fs->id[0] = fs32(fs, sb, SB_ID);
	fs->id[1] = fs32(fs, sb, SB_ID + 4);
	memcpy(fs->volname, sb + SB_VOLNAME, 32);
	fs->volname[32] = '\0';
	for (c = 0; c < 32 && fs->volname[c] != '\0'; c++)
		if (fs->volname[c] < 0x20 || fs->volname[c] > 0x7e)
			fs->volname[c] = '?';

	/* 12 direct + single + double + triple indirect blocks. */
	n = (uint64_t)fs->nindir;
	fs->maxfilesize = ((uint64_t)UFS_NDADDR + n + n * n + n * n * n) <<
		fs->bshift;
	fs->maxfilesize -= 1;
	if (fs->maxfilesize > 0x7fffffffffffffffULL)
		fs->maxfilesize = 0x7fffffffffffffffULL;
	return 0;
}

static const char *
rw_refusal(const struct ffs_core *fs, const uint8_t *sb)
{
	if (fs->ea)
		return "UFS2EA (extended attributes) not supported for writing";
	if (fs->oldlayout)
		return "old UFS1 layout not supported for writing";
	if (fs->flags & ~FS_NETBSD_KNOWN)
		return "unknown fs_flags bits";
	if (fs->flags & FS_DOQUOTA2)
		return "fs_flags 0x200 (QUOTA2, or FreeBSD metadata checksums)";
	if (fs->wapbl != FFS_WAPBL_NONE)
		return "WAPBL log in use";
	if (fs32(fs, sb, SB_SNAPINUM) != 0)
		return "snapshots present";
	/* (sb_validate zeroed fs->contigsumsize then: check the field) */
	if (fs32(fs, sb, SB_CONTIGSUMSIZE) > 256)
		return "fs_contigsumsize out of range";
	return NULL;
}

int
ffs_core_mount(const struct ffs_dev *dev, int flags, struct ffs_core **fsp,
	       char *why, size_t whylen)
{
	struct ffs_core *fs;
	uint8_t *sb;
	char first[160];
	int error, firsterr = 0;
	unsigned i;

	*fsp = NULL;
	why_set(why, whylen, "%s", "");
	first[0] = '\0';
	if (dev == NULL || dev->read == NULL) {
		why_set(why, whylen, "no device");
		return EINVAL;
	}
	fs = kmem_zalloc(sizeof(*fs), KM_SLEEP);
	sb = kmem_alloc(SBLOCKSIZE, KM_SLEEP);
	if (fs == NULL || sb == NULL) {
		kmem_free(fs, sizeof(*fs));
		kmem_free(sb, SBLOCKSIZE);
		why_set(why, whylen, "out of memory");
		return ENOMEM;
	}
	error = EINVAL;
	for (i = 0; i < __arraycount(sbprobe); i++) {
		char r[128];

		if (dev->size < sbprobe[i] + SBLOCKSIZE)
			continue;
		error = dev->read(dev->ctx, sbprobe[i], sb, SBLOCKSIZE);
		if (error) {
			snprintf(r, sizeof(r), "read error %d", error);
			error = EIO;
		} else {
			memset(fs, 0, sizeof(*fs));
			fs->dev = *dev;
			r[0] = '\0';
			error = sb_validate(fs, sb, sbprobe[i], r, sizeof(r));
			if (error == 0)
				break;
		}
		/* Remember the first real candidate's complaint. */
		if (firsterr == 0 && strcmp(r, "no magic number") != 0) {
			firsterr = error;
			snprintf(first, sizeof(first), "superblock at %llu: %s",
				 (unsigned long long)sbprobe[i], r);
		}
	}
	if (error) {
		if (firsterr) {
			why_set(why, whylen, "%s", first);
			error = firsterr;
		} else {
			why_set(why, whylen, "no FFS superblock found (probed "
				"65536, 8192, 0, 262144)");
			error = EINVAL;
		}
		goto fail;
	}
	fs->wapbl = FFS_WAPBL_NONE;
	if (fs->flags & FS_DOWAPBL) {
		fs->wapbl = ffs_wapbl_check(fs, sb);
		if (fs->wapbl == FFS_WAPBL_DIRTY && !(flags & FFS_MOUNT_FORCE)) {
			why_set(why, whylen, "WAPBL journal needs replay "
				"(not supported); force to read anyway");
			error = EROFS;
			goto fail;
		}
	}
	fs->rw_refusal = rw_refusal(fs, sb);
	fs->sbraw = sb;
	sb = NULL;
	if (flags & FFS_MOUNT_RDWR) {
		error = ffs_core_setrw(fs, true, dev, why, whylen);
		if (error)
			goto fail;
	}
	*fsp = fs;
	return 0;
fail:
	if (sb != NULL)
		kmem_free(sb, SBLOCKSIZE);
	if (fs->sbraw != NULL)
		kmem_free(fs->sbraw, SBLOCKSIZE);
	kmem_free(fs, sizeof(*fs));
	return error;
}

/*
 * Write back everything and, when going read-only, restore the clean
 * flag if the file system was clean when it became writable.
 */
static int
writeback(struct ffs_core *fs, bool final)
{
	int error, e2;

	ffs_resv_release(fs, 0);
	mutex_enter(&fs->lock);
	if (fs->broken) {
		mutex_exit(&fs->lock);
		(void)fs->dev.flush(fs->dev.ctx);
		return EIO;
	}
	/* Data and metadata first, then the superblock that calls it clean. */
	error = fs->dev.flush(fs->dev.ctx) ? EIO : 0;
	if (error == 0 && (fs->fmod || final))
		error = ffs_sbwrite(fs, final && (fs->clean_at_mount &
						  FS_ISCLEAN) ? FS_ISCLEAN :
				    fs->clean);
	mutex_exit(&fs->lock);
	e2 = fs->dev.flush(fs->dev.ctx) ? EIO : 0;
	return error ? error : e2;
}

int
ffs_core_sync(struct ffs_core *fs)
{
	if (!fs->rw)
		return 0;
	return writeback(fs, false);
}

bool
ffs_core_isrw(const struct ffs_core *fs)
{
	return fs->rw;
}

int
ffs_core_setrw(struct ffs_core *fs, bool rw, const struct ffs_dev *dev,
	       char *why, size_t whylen)
{
	int error;

	why_set(why, whylen, "%s", "");
	if (rw == fs->rw)
		return 0;
	if (!rw) {
		error = writeback(fs, true);
		mutex_destroy(&fs->lock);
		ffs_alloc_fini(fs);
		fs->rw = false;
		if (error)
			why_set(why, whylen, "write-back failed");
		return error;
	}
	if (fs->rw_refusal != NULL) {
		why_set(why, whylen, "cannot write: %s; mount read-only",
			fs->rw_refusal);
		return EROFS;
	}
	if (dev == NULL || dev->write == NULL || dev->flush == NULL) {
		why_set(why, whylen, "device is read-only");
		return EROFS;
	}
	fs->dev = *dev;
	fs->broken = false;
	error = ffs_alloc_init(fs, why, whylen);
	if (error)
		return error;
	/*
	 * Clean-flag protocol (ffs-format.md 1.4): while writable the
	 * superblock says "not clean" (WASCLEAN if it was), so that a crash
	 * leaves it marked for fsck; a clean unmount restores ISCLEAN.
	 */
	fs->clean_at_mount = fs->clean;
	fs->rw = true;
	mutex_enter(&fs->lock);
	fs->fmod = true;
	error = ffs_sbwrite(fs, (fs->clean & FS_ISCLEAN) ? FS_WASCLEAN : 0);
	mutex_exit(&fs->lock);
	if (error == 0)
		error = fs->dev.flush(fs->dev.ctx) ? EIO : 0;
	if (error) {
		why_set(why, whylen, "cannot write the superblock");
		fs->rw = false;
		mutex_destroy(&fs->lock);
		ffs_alloc_fini(fs);
		return error;
	}
	return 0;
}

int
ffs_core_unmount(struct ffs_core *fs)
{
	char why[8];
	int error = 0;

	if (fs == NULL)
		return 0;
	if (fs->rw)
		error = ffs_core_setrw(fs, false, NULL, why, sizeof(why));
	if (fs->sbraw)
		kmem_free(fs->sbraw, SBLOCKSIZE);
	kmem_free(fs, sizeof(*fs));
	return error;
}

void
ffs_core_info(const struct ffs_core *fs, struct ffs_info *fi)
{
	memset(fi, 0, sizeof(*fi));
	fi->ufs = fs->ufs;
	fi->ea = fs->ea;
	fi->swapped = fs->swap;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	fi->bigendian = !fs->swap;
#else
	fi->bigendian = fs->swap;
#endif
	fi->oldlayout = fs->oldlayout;
	fi->sblockloc = fs->sblockloc;
	fi->bsize = fs->bsize;
	fi->fsize = fs->fsize;
	fi->frag = fs->frag;
	fi->ncg = fs->ncg;
	fi->ipg = fs->ipg;
	fi->fpg = fs->fpg;
	fi->size = fs->size;
	fi->dsize = fs->dsize;
	fi->flags = fs->flags;
	fi->clean = fs->clean;
	fi->wapbl = fs->wapbl;
	fi->id[0] = fs->id[0];
	fi->id[1] = fs->id[1];
	fi->time = fs->time;
	memcpy(fi->volname, fs->volname, sizeof(fi->volname));
	fi->rw_refusal = fs->rw_refusal;
}

/* Clamp a summary count from disk into [0, max]. */
static uint64_t
clampcount(int64_t v, uint64_t max)
{
	if (v < 0)
		return 0;
	return (uint64_t)v > max ? max : (uint64_t)v;
}

void
ffs_core_statvfs(const struct ffs_core *fs, struct ffs_statvfs *sv)
{
	uint64_t bfree, avail;

	memset(sv, 0, sizeof(*sv));
	sv->bsize = fs->bsize;
	sv->frsize = fs->fsize;
	sv->blocks = fs->dsize;
	/*
	 * The summary counts come from disk unchecked by anything else:
	 * clamp so that a corrupt image gives odd numbers, not overflow.
	 */
	bfree = clampcount(fs->cs_nbfree, fs->dsize >> fs->fragshift) <<
		fs->fragshift;
	bfree += clampcount(fs->cs_nffree, fs->dsize);
	if (bfree > fs->dsize)
		bfree = fs->dsize;
	sv->bfree = bfree;
	sv->bresvd = fs->dsize * fs->minfree / 100;
	/* NetBSD: dsize * (100 - minfree) / 100 - (dsize - bfree). */
	avail = fs->dsize * (100 - fs->minfree) / 100;
	sv->bavail = avail > fs->dsize - bfree ? avail - (fs->dsize - bfree) : 0;
	sv->files = fs->ninodes - FFS_ROOTINO;
	sv->ffree = clampcount(fs->cs_nifree, sv->files);
	sv->namemax = FFS_MAXNAMLEN;
}
