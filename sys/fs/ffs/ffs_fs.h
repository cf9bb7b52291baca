/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ffs_fs.h - internals of the FFS core: on-disk constants and offsets
 * (facts about the format, see shared/design/ffs-format.md), the mount
 * structure, and the helpers the .c files share.
 */
#ifndef _FFS_FS_H_
#define _FFS_FS_H_

#include "kern/types.h"
#include "kern/systm.h"
#include "kern/kmem.h"
#include "kern/lock.h"

#include "ffs_core.h"
#include "ffs_endian.h"

/* ---- superblock ---------------------------------------------------------- */
#define SBLOCKSIZE		8192
#define SBLOCK_MINSIZE		1376	/* sizeof(struct fs) */
#define FS_UFS1_MAGIC		0x00011954
#define FS_UFS2_MAGIC		0x19540119
#define FS_UFS2EA_MAGIC		0x19012038
#define FS_FLAGS_UPDATED	0x80	/* UFS1 fs_old_flags: new layout */
#define FS_44INODEFMT		2
#define FS_42POSTBLFMT		(-1)
#define FS_DOSOFTDEP		0x002
#define FS_DOWAPBL		0x100
#define FS_DOQUOTA2		0x200
#define FS_NETBSD_KNOWN		(FS_DOSOFTDEP | FS_DOWAPBL | FS_DOQUOTA2 | \
				 0x010 | 0x800)

/* byte offsets in struct fs */
#define SB_SBLKNO	0x008
#define SB_CBLKNO	0x00C
#define SB_IBLKNO	0x010
#define SB_DBLKNO	0x014
#define SB_OLD_CGOFFSET	0x018
#define SB_OLD_CGMASK	0x01C
#define SB_OLD_TIME	0x020
#define SB_OLD_SIZE	0x024
#define SB_OLD_DSIZE	0x028
#define SB_NCG		0x02C
#define SB_BSIZE	0x030
#define SB_FSIZE	0x034
#define SB_FRAG		0x038
#define SB_MINFREE	0x03C
#define SB_BMASK	0x048
#define SB_FMASK	0x04C
#define SB_BSHIFT	0x050
#define SB_FSHIFT	0x054
#define SB_FRAGSHIFT	0x060
#define SB_SBSIZE	0x068
#define SB_NINDIR	0x074
#define SB_INOPB	0x078
#define SB_ID		0x090
#define SB_OLD_CSADDR	0x098
#define SB_CSSIZE	0x09C
#define SB_CGSIZE	0x0A0
#define SB_IPG		0x0B8
#define SB_FPG		0x0BC
#define SB_OLD_CSTOTAL	0x0C0
#define SB_CLEAN	0x0D1
#define SB_OLD_FLAGS	0x0D3
#define SB_VOLNAME	0x2A8
#define SB_JOURNAL_VERSION	0x360
#define SB_JOURNAL_LOCATION	0x361
#define SB_JOURNALLOCS	0x368
#define SB_SBLOCKLOC	0x3E8
#define SB_CSTOTAL	0x3F0
#define SB_TIME		0x430
#define SB_SIZE		0x438
#define SB_DSIZE	0x440
#define SB_CSADDR	0x448
#define SB_SNAPINUM	0x45C
#define SB_FLAGS	0x520
#define SB_MAXSYMLINKLEN	0x528
#define SB_OLD_INODEFMT	0x52C
#define SB_OLD_POSTBLFORMAT	0x54C
#define SB_MAGIC	0x55C
#define SB_FMOD		0x0D0
#define SB_RONLY	0x0D2
#define SB_PENDINGBLOCKS	0x450
#define SB_PENDINGINODES	0x458
#define SB_CONTIGSUMSIZE	0x524
#define SB_MAXBPG	0x05C
#define SB_MAXCONTIG	0x058
#define FS_ISCLEAN	0x01
#define FS_WASCLEAN	0x02

/* ---- cylinder group header (byte offsets in struct cg) ----------------- */
#define CG_MAGIC_VAL	0x090255
#define CG_MAGIC	0x04
#define CG_OLD_TIME	0x08
#define CG_CGX		0x0C
#define CG_OLD_NCYL	0x10
#define CG_OLD_NIBLK	0x12
#define CG_NDBLK	0x14
#define CG_CS		0x18	/* ndir, nbfree, nifree, nffree (i32) */
#define CG_ROTOR	0x28
#define CG_FROTOR	0x2C
#define CG_IROTOR	0x30
#define CG_FRSUM	0x34	/* i32[8] */
#define CG_OLD_BTOTOFF	0x54
#define CG_OLD_BOFF	0x58
#define CG_IUSEDOFF	0x5C
#define CG_FREEOFF	0x60
#define CG_NEXTFREEOFF	0x64
#define CG_CLUSTERSUMOFF	0x68
#define CG_CLUSTEROFF	0x6C
#define CG_NCLUSTERBLKS	0x70
#define CG_NIBLK	0x74
#define CG_INITEDIBLK	0x78
#define CG_TIME		0x88
#define CG_HDRSIZE	168	/* sizeof(struct cg) up to the maps */

/* ---- inodes ------------------------------------------------------------- */
#define UFS_NDADDR	12
#define UFS_NIADDR	3
#define UFS1_MAXSYMLINKLEN	60	/* (NDADDR + NIADDR) * 4 */
#define UFS2_MAXSYMLINKLEN	120	/* (NDADDR + NIADDR) * 8 */
/* UFS1 dinode */
#define DI1_MODE	0
#define DI1_NLINK	2
#define DI1_SIZE	8
#define DI1_ATIME	16
#define DI1_MTIME	24
#define DI1_CTIME	32
#define DI1_DB		40
#define DI1_IB		88
#define DI1_FLAGS	100
#define DI1_BLOCKS	104
#define DI1_GEN		108
#define DI1_UID		112
#define DI1_GID		116
/* UFS2 dinode */
#define DI2_MODE	0
#define DI2_NLINK	2
#define DI2_UID		4
#define DI2_GID		8
#define DI2_SIZE	16
#define DI2_BLOCKS	24
#define DI2_ATIME	32
#define DI2_MTIME	40
#define DI2_CTIME	48
#define DI2_BIRTHTIME	56
#define DI2_MTIMENSEC	64
#define DI2_ATIMENSEC	68
#define DI2_CTIMENSEC	72
#define DI2_BIRTHNSEC	76
#define DI2_GEN		80
#define DI2_FLAGS	88
#define DI2_EXTSIZE	92
#define DI2_DB		112
#define DI2_IB		208

/* ---- directories ---------------------------------------------------------- */
#define DIRBLKSIZ	512
#define DIR_HDRSIZE	8	/* ino u32, reclen u16, type u8, namlen u8 */
/* The smallest record holding a name of n bytes (NUL, 4-byte aligned). */
#define DIRSIZ(n)	(DIR_HDRSIZE + (((n) + 1 + 3) & ~3u))

/* ---- the mount ------------------------------------------------------------ */
struct ffs_core {
	struct ffs_dev dev;
	bool swap;		/* fs byte order is not the host's */
	int ufs;		/* 1 or 2 */
	bool ea;
	bool oldlayout;
	uint64_t sblockloc;
	uint32_t bsize, fsize, frag;
	uint32_t bshift, fshift, fragshift;
	uint32_t nindir, nindirshift, inopb, isize;
	uint32_t ipg, fpg, ncg;
	uint32_t sblkno, cblkno, iblkno, dblkno;
	uint32_t cgoffset, cgmask;	/* UFS1 staggering (0/~0 normally) */
	uint64_t size, dsize;		/* fragments */
	uint64_t csaddr;
	uint32_t cssize;
	uint32_t maxsymlinklen;
	uint32_t minfree;
	uint32_t flags;
	uint8_t clean;
	int64_t cs_ndir, cs_nbfree, cs_nifree, cs_nffree;
	uint64_t ninodes;		/* ncg * ipg */
	uint64_t maxfilesize;
	int64_t time;
	uint32_t id[2];
	char volname[33];
	int wapbl;
	const char *rw_refusal;

	/* ---- write side (ffs_alloc.c, ffs_sb.c) ---- */
	bool rw;			/* mounted read-write */
	uint8_t clean_at_mount;		/* fs_clean when mounted rw */
	uint32_t contigsumsize, maxbpg, cgsize;
	kmutex_t lock;			/* everything below */
	struct ffs_csum *csum;		/* ncg entries, host order */
	bool fmod;			/* superblock/summary to write */
	uint32_t cgrotor;		/* next cg to try for directories */
	struct ffs_resv *resv;		/* per-inode block reservations */
	uint8_t *cgbuf;			/* one cg (cgsize bytes), under lock */
	uint64_t cgcur;			/* which cg cgbuf holds */
	bool cgvalid;			/* cgbuf holds cg cgcur */
	const char *cgbad;		/* a cgbuf counter left its range */
	uint8_t *sbraw;			/* the superblock as read (sbsize) */
	uint32_t sbsize;
	uint32_t resvclock;		/* LRU clock of resv[] */
	bool broken;			/* metadata write failed: no more writes */
};

/* Block reservations (see ffs_alloc.c). */
#define FFS_NRESV	8
#define FFS_RESV_BLOCKS	32
struct ffs_resv {
	uint64_t ino;			/* 0 = free slot */
	uint64_t next;			/* fragment address of the next block */
	uint32_t count;			/* whole blocks left */
	uint32_t used;			/* resvclock at last use */
};

struct ffs_csum {
	int32_t ndir, nbfree, nifree, nffree;
};

/* cg geometry (fragment addresses) */
static inline uint64_t
ffs_cgstart(const struct ffs_core *fs, uint64_t c)
{
	uint64_t base = c * fs->fpg;

	if (fs->ufs == 1 && fs->cgoffset != 0)
		base += (uint64_t)fs->cgoffset * (c & ~(uint64_t)fs->cgmask);
	return base;
}
#define ffs_cgimin(fs, c)	(ffs_cgstart(fs, c) + (fs)->iblkno)
#define ffs_cgdmin(fs, c)	(ffs_cgstart(fs, c) + (fs)->dblkno)

/* Byte offset of fragment address d: the caller has range-checked d. */
#define ffs_fsbtob(fs, d)	((uint64_t)(d) << (fs)->fshift)

/*
 * Per-operation state of the block map: one cached indirect block per
 * level, so that a sequential read costs one indirect read per nindir
 * data blocks.  Lives on the caller's stack; buffers from kmem on first
 * use, released by ffs_rctx_fini.  Keeping it per call (not per mount)
 * keeps the mount immutable, hence usable from many threads at once.
 */
struct ffs_rctx {
	struct ffs_core *fs;
	uint8_t *ibuf[UFS_NIADDR];
	uint64_t iaddr[UFS_NIADDR];	/* fragment address held, 0 = none */
};
void ffs_rctx_init(struct ffs_rctx *rc, struct ffs_core *fs);
void ffs_rctx_fini(struct ffs_rctx *rc);

/*
 * Read len bytes at byte offset off of fragment address d, after checking
 * that the range lies inside the file system.  EIO otherwise.
 */
int ffs_devread(struct ffs_core *fs, uint64_t d, uint32_t off, void *buf,
		size_t len);
/*
 * Map logical block lbn of ip: *dp = fragment address (0 = hole) and
 * *nfragsp = fragments the block occupies (frag, or fewer for the tail
 * of a small file).  EIO for an invalid pointer, EFBIG past the limit.
 * For a hole, *holep (if not NULL) = how many blocks from lbn on are
 * holes for certain (a zero indirect pointer covers its whole subtree).
 */
int ffs_bmap(struct ffs_rctx *rc, const struct ffs_inode *ip, uint64_t lbn,
	     uint64_t *dp, uint32_t *nfragsp, uint64_t *holep);
/*
 * Read logical block lbn of ip (its blksize bytes; zeros for a hole) into
 * buf (bsize bytes); *lenp = bytes valid.
 */
int ffs_readblk(struct ffs_rctx *rc, const struct ffs_inode *ip,
		uint64_t lbn, uint8_t *buf, uint32_t *lenp);
/* Validate one 512-byte directory chunk: 0 or EIO. */
int ffs_dirchunk_check(struct ffs_core *fs, const uint8_t *chunk);
/* WAPBL log state (FFS_WAPBL_*) from the superblock sb. */
int ffs_wapbl_check(struct ffs_core *fs, const uint8_t *sb);

/* Bytes of logical block lbn of a file of size isize. */
static inline uint32_t
ffs_blksize(const struct ffs_core *fs, uint64_t isize, uint64_t lbn)
{
	uint64_t end;

	if (lbn >= UFS_NDADDR || isize >= ((lbn + 1) << fs->bshift))
		return fs->bsize;
	end = isize - (lbn << fs->bshift);	/* < bsize */
	return (uint32_t)((end + fs->fsize - 1) & ~((uint64_t)fs->fsize - 1));
}

/* ---- write side internals (ffs_alloc.c, ffs_write.c, ffs_dirw.c) ------ */

/* The current time for inode stamps. */
void ffs_now(int64_t *sec, uint32_t *nsec);

/*
 * Allocate an inode for a new object of type mode & FFS_IFMT, near the
 * directory dp (directories are spread over cgs).  The cg is written
 * synchronously (the inode is marked used on the device before any
 * directory entry can name it).  *ip is initialised in memory: ino,
 * mode, a fresh random gen, nlink 0, size 0, zero pointers, times now;
 * the caller sets the rest and writes it with ffs_core_iupdate(SYNC).
 * ENOSPC when no inode is free.
 */
int ffs_ialloc(struct ffs_core *fs, const struct ffs_inode *dp,
	       uint32_t mode, struct ffs_inode *ip);

/*
 * Blocks and fragments (ffs_alloc.c).  pref is a fragment address to
 * allocate near (0: near the inode).  Allocations are on the device
 * (cg written synchronously) before they return; frees are delayed.
 */
int ffs_blkalloc(struct ffs_core *fs, uint64_t ino, uint64_t pref,
		 uint64_t *dp);
int ffs_fragalloc(struct ffs_core *fs, uint64_t ino, uint64_t pref,
		  uint32_t nfrags, uint64_t *dp);
/* Grow fragments at d from ofrags to nfrags in place: 0 or ENOSPC. */
int ffs_fragextend(struct ffs_core *fs, uint64_t d, uint32_t ofrags,
		   uint32_t nfrags);
int ffs_blkfree(struct ffs_core *fs, uint64_t d, uint32_t nfrags);
/* Free inode ino's map bit (it was a directory: isdir). */
int ffs_ifree_bit(struct ffs_core *fs, uint64_t ino, bool isdir);
/* Give back ino's reserved blocks (ino 0: everyone's). */
void ffs_resv_release(struct ffs_core *fs, uint64_t ino);
/* Rebuild the summary from the cg headers (rw mount): 0 or EIO. */
int ffs_alloc_init(struct ffs_core *fs, char *why, size_t whylen);
void ffs_alloc_fini(struct ffs_core *fs);
/* Write the summary area and the superblock (fs_clean as clean). */
int ffs_sbwrite(struct ffs_core *fs, uint8_t clean);
/* May nfrags fragments at d hold data (inside, not on metadata)? */
bool ffs_blk_ok(const struct ffs_core *fs, uint64_t d, uint32_t nfrags);

/* Byte offset on the device of inode ino. */
uint64_t ffs_ino_devoff(const struct ffs_core *fs, uint64_t ino);

/* Write with dev.write (range-checked like ffs_devread): EIO. */
int ffs_devwrite(struct ffs_core *fs, uint64_t d, uint32_t off,
		 const void *buf, size_t len, int how);

/*
 * Directory entries (ffs_dirw.c).  The caller serialises namespace
 * operations.  Entries are written synchronously (FFS_WSYNC).
 */
/* Add name -> ino (type DT_*) to dp; the name must not exist. */
int ffs_dir_enter(struct ffs_core *fs, struct ffs_inode *dp,
		  const char *name, size_t namelen, uint64_t ino,
		  uint8_t type);
/* Remove name (which must point at ino: else ENOENT). */
int ffs_dir_remove(struct ffs_core *fs, struct ffs_inode *dp,
		   const char *name, size_t namelen, uint64_t ino);
/* Point an existing name at another inode (rename onto, ".." fix-up). */
int ffs_dir_rewrite(struct ffs_core *fs, struct ffs_inode *dp,
		    const char *name, size_t namelen, uint64_t ino,
		    uint8_t type);
/* Does directory ip hold nothing but "." and ".."? */
int ffs_dir_isempty(struct ffs_core *fs, const struct ffs_inode *ip,
		    bool *empty);

#endif /* _FFS_FS_H_ */
