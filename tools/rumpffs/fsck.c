// SPDX-License-Identifier: BSD-2-Clause
/*
 * fsck.c - "rumpffs fsck": a strict, read-only checker for FFS images.
 *
 * It is meant as an oracle for the write side of sys/fs/ffs, so it shares
 * none of the core's inode, block-map or directory code: the core's mount
 * is used only to find and validate the superblock; everything else
 * (cylinder groups, bitmaps, inodes, indirect blocks, directories) is
 * parsed here from the raw image, from the format facts in
 * shared/design/ffs-format.md.
 *
 * Passes (each problem is one line, classified leak or error):
 *   0  superblock fields, backup superblocks' static fields
 *   1  every inode below cg_initediblk: type, size, block pointers (range,
 *      metadata, alignment, fragment tails, past EOF), di_blocks; the
 *      used-fragment bitmap is built here, duplicates collected
 *   1b (only with duplicates) the same walk again to name the owners
 *   2  directories: chunks, ".", "..", entries, types, parents
 *   3  connectivity from the root, ".." = the parent
 *   4  link counts
 *   5  cylinder groups: header fields, inode/free/cluster maps against the
 *      computed usage, frsum, clustersum, cg_cs, the summary area and
 *      fs_cstotal
 *
 * Each problem is one line "fsck: WHAT [leak]" or "fsck: WHAT [error]";
 * what each class holds, exactly, is in fsck.h (and `rumpffs fsck -h`).
 * In short: a leak is only what the crash ordering of sys/fs/ffs
 * (ffs_ns.c, ffs_write.c, ffs_alloc.c) provably leaves and fsck_ffs
 * repairs in preen mode -- space or inodes nobody references, counts
 * too high, stale summaries, and on an unclean file system the two
 * directory windows (an orphaned empty directory, a directory with two
 * names whose ".." names one of them); everything else is an error,
 * among them every link count below its references (fsck_ffs will not
 * raise one in preen mode), a single-named directory with a stale "..",
 * a directory named three times or unreachable with contents.
 *
 * Exit status: 0 clean, 1 only leaks, 2 errors, 8 cannot check (no
 * usable superblock, unreadable image, usage).  Nothing is ever written;
 * -n is accepted, -y/-p only print that repair is not implemented.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ffs_core.h"
#include "fsck.h"

/* ---- format constants (shared/design/ffs-format.md) -------------------- */
#define SBSIZE_MAX	8192
#define SBSIZE_MIN	1376
#define MAGIC_UFS1	0x00011954u
#define MAGIC_UFS2	0x19540119u
#define MAGIC_UFS2EA	0x19012038u
#define CGMAGIC		0x090255u

/* superblock byte offsets */
enum {
	O_SBLKNO = 0x008, O_CBLKNO = 0x00C, O_IBLKNO = 0x010, O_DBLKNO = 0x014,
	O_CGOFFSET = 0x018, O_CGMASK = 0x01C, O_OLDSIZE = 0x024,
	O_OLDDSIZE = 0x028, O_NCG = 0x02C, O_BSIZE = 0x030, O_FSIZE = 0x034,
	O_FRAG = 0x038, O_MINFREE = 0x03C, O_BMASK = 0x048, O_FMASK = 0x04C,
	O_BSHIFT = 0x050, O_FSHIFT = 0x054, O_MAXCONTIG = 0x058,
	O_MAXBPG = 0x05C, O_FRAGSHIFT = 0x060, O_FSBTODB = 0x064,
	O_SBSIZE = 0x068, O_NINDIR = 0x074, O_INOPB = 0x078,
	O_OLDCSADDR = 0x098, O_CSSIZE = 0x09C, O_CGSIZE = 0x0A0,
	O_OLDCPG = 0x0B4, O_IPG = 0x0B8, O_FPG = 0x0BC, O_OLDCSTOTAL = 0x0C0,
	O_FMOD = 0x0D0, O_CLEAN = 0x0D1, O_RONLY = 0x0D2, O_OLDFLAGS = 0x0D3,
	O_JLOC = 0x361, O_JLOCS = 0x368, O_QUOTAFILE = 0x390,
	O_SBLOCKLOC = 0x3E8, O_CSTOTAL = 0x3F0, O_SIZE = 0x438,
	O_DSIZE = 0x440, O_CSADDR = 0x448, O_SNAPINUM = 0x45C,
	O_METACKHASH = 0x51C, O_FLAGS = 0x520, O_CONTIGSUMSIZE = 0x524, O_MAXSYMLINKLEN = 0x528,
	O_OLDNRPOS = 0x550, O_MAGIC = 0x55C,
};
#define FS_FLAGS_UPDATED	0x80
#define FS_ISCLEAN		0x01
#define FSF_UNCLEAN		0x001
#define FSF_NEEDSFSCK		0x004
#define FSF_DOWAPBL		0x100
#define FSF_DOQUOTA2		0x200
#define FSF_TRIM		0x400
#define FSF_SWAPPED		0x80000000u
/* FreeBSD: 0x200 = metadata check hashes, fs_metackhash bit 2 = cg hashes */
#define CK_CYLGRP		0x02

/* cg header byte offsets */
enum {
	C_MAGIC = 0x04, C_CGX = 0x0C, C_OLDNCYL = 0x10, C_OLDNIBLK = 0x12,
	C_NDBLK = 0x14, C_CS = 0x18, C_ROTOR = 0x28, C_FROTOR = 0x2C,
	C_IROTOR = 0x30, C_FRSUM = 0x34, C_BTOTOFF = 0x54, C_BOFF = 0x58,
	C_IUSEDOFF = 0x5C, C_FREEOFF = 0x60, C_NEXTFREEOFF = 0x64,
	C_CLSUMOFF = 0x68, C_CLOFF = 0x6C, C_NCLBLKS = 0x70, C_NIBLK = 0x74,
	C_INITEDIBLK = 0x78, C_SPARE = 0x7C, C_CKHASH = 0x84, C_SPARE64 = 0x90,
};
#define CG_HDR		168

#define NDADDR		12
#define NIADDR		3
#define NXADDR		2
#define IFMT		0170000
#define IFDIR		0040000
#define IFLNK		0120000
#define IFREG		0100000
#define IFCHR		0020000
#define IFBLK		0060000
#define IFIFO		0010000
#define IFSOCK		0140000
#define SF_SNAPSHOT	0x01000000u
#define SF_LOG		0x00400000u
#define ROOTINO		2
#define WINO		1
#define DT_DIR		4
#define DT_WHT		14
#define DIRBLK		512
#define MAXPATHLEN	1024
#define BLK_SNAP_MAX	2	/* snapshot pointers 1, 2: markers, not blocks */

enum { LEAK = 1, ERR = 2 };

#define MAXFRAG		8	/* fragments per block */
#define MAXCONTIGSUM	32	/* cluster summary entries checked */
enum { P1 = 1, P1B, PCOLLECT };

#define MAXLINES_DEFAULT 10000
#define MAXWANT		64	/* inodes whose paths the report names */

struct dblk {			/* a directory's data block */
	uint64_t lbn, d;
	uint32_t nfrags;
};

struct dir {
	uint64_t ino;
	uint64_t parent;	/* directory whose entry names it (0 none) */
	uint64_t parent2;	/* the directory of a second name (0 none) */
	uint32_t nnames;	/* entries naming it (not "." / "..") */
	uint32_t nents;		/* its own entries besides "." and ".." */
	bool emptied;		/* nlink 0, size 0: unlinked, awaiting free */
	uint64_t dotdot;	/* its ".." (0 none) */
	int reach;		/* 0 unknown, 1 reachable, 2 not, 3 visiting */
	uint32_t name;		/* its name in the parent: offset in dnames */
	bool named;
};

struct ck {
	const char *image;
	FILE *rep;
	int flags;
	int fd;
	bool quiet;		/* the walk repeats an earlier one */
	int pass;
	uint64_t leaks, errors, lines, maxlines;

	/* superblock */
	uint8_t sb[SBSIZE_MAX];
	bool swap, oldlayout;
	int ufs;
	uint64_t sblockloc;
	uint32_t bsize, fsize, frag, bshift, fshift, fragshift;
	uint32_t nindir, inopb, isize, ipg, fpg, ncg;
	uint32_t sblkno, cblkno, iblkno, dblkno, cgoffset, cgmask;
	uint32_t cgsize, cssize, maxsymlinklen, contigsumsize;
	uint32_t contigsumsize_disk;	/* as on disk (reported if bad) */
	bool wapbl_dirty;	/* FS_DOWAPBL with a log to replay */
	uint32_t oldcpg, oldnrpos, fsflags;
	bool cgckhash;		/* FreeBSD cg check hashes in use */
	uint8_t clean;
	uint64_t size, dsize, csaddr, csfrags, ninodes, maxfilesize;
	/* canonical cg map offsets */
	uint32_t iusedoff, freeoff, clsumoff, cloff, nextfreeoff;
	uint32_t btotoff, boff;

	/* computed state */
	uint8_t *used;		/* bit per fragment: referenced or metadata */
	uint8_t *itype;		/* per inode: 0 free, IFMT>>12, 0xff bad */
	int16_t *nlink;
	uint32_t *refs;
	uint32_t *cgndir;	/* directories per cg (from the inodes) */
	struct dir *dirs;
	size_t ndirs, capdirs;
	uint64_t *dups, *dupown;
	size_t ndups, capdups;
	bool dupsfull;
	char *dnames;		/* names of directories in their parents */
	size_t dnlen, dncap;
	uint64_t want[MAXWANT];	/* inodes named in problem lines */
	uint64_t wparent[MAXWANT];	/* where a name was found (0 none) */
	char wname[MAXWANT][256];
	int nwant;
	uint64_t exempt[32];	/* inodes needing no directory entry */
	int nexempt;
	uint8_t *ibuf[NIADDR];	/* one indirect block per level */
	/* names of the directory being checked (duplicate detection) */
	char *names;
	size_t namelen, namecap;
	uint32_t *nameoff;
	size_t nnames, capnames;
	uint8_t *cgbuf;
	uint8_t *inobuf;	/* pass 2: one inode block */
	uint64_t inoblk;	/* its fragment address, 0 none */
	uint64_t files;
	uint64_t cs_ndir, cs_nbfree, cs_nifree, cs_nffree;	/* totals */
};

/* ---- reporting ----------------------------------------------------------- */
/* Remember an inode a problem line named (its path is printed at the end). */
static void
addwant(struct ck *ck, uint64_t ino)
{
	int i;

	for (i = 0; i < ck->nwant; i++)
		if (ck->want[i] == ino)
			return;
	if (ck->nwant < MAXWANT)
		ck->want[ck->nwant++] = ino;
}

static void problem(struct ck *ck, int cls, const char *fmt, ...)
	__attribute__((__format__(__printf__, 3, 4)));

static void
problem(struct ck *ck, int cls, const char *fmt, ...)
{
	char msg[1024];
	unsigned long long ino;
	va_list ap;

	if (ck->quiet)
		return;
	if (cls == LEAK)
		ck->leaks++;
	else
		ck->errors++;
	if (ck->rep == NULL || (ck->flags & FSCK_QUIET))
		return;
	if (++ck->lines > ck->maxlines) {
		if (ck->lines == ck->maxlines + 1)
			fprintf(ck->rep, "fsck: (more problems: not shown)\n");
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(ck->rep, "fsck: %s [%s]\n", msg, cls == LEAK ? "leak" : "error");
	/* name it at the end */
	if ((sscanf(msg, "ino %llu:", &ino) == 1 ||
	     sscanf(msg, "dir %llu:", &ino) == 1) && ino < ck->ninodes)
		addwant(ck, ino);
}

/* Summary counts: stale ones are harmless while the fs is marked unclean. */
static int
sumcls(const struct ck *ck)
{
	return (ck->clean & FS_ISCLEAN) ? ERR : LEAK;
}

/*
 * The windows of the traditional synchronous ordering of directory
 * operations, which a crash can leave and which lose nothing: a
 * directory whose inode is allocated (and counted in cs_ndir) before it
 * is written or named, an orphaned directory (mkdir/rmdir half done:
 * its "." and "..", still counted, make link counts of directories look
 * low), a directory named twice or with a stale ".." in the middle of a
 * rename.  An unclean file system may show them (leak class, what
 * fsck_ffs repairs in preen mode); a clean one may not (errors).
 */
static int
crashcls(const struct ck *ck)
{
	return (ck->clean & FS_ISCLEAN) ? ERR : LEAK;
}

/* ---- byte order and I/O -------------------------------------------------- */
static uint16_t
g16(const struct ck *ck, const uint8_t *p, size_t off)
{
	uint16_t v;

	memcpy(&v, p + off, 2);
	return ck->swap ? __builtin_bswap16(v) : v;
}

static uint32_t
g32(const struct ck *ck, const uint8_t *p, size_t off)
{
	uint32_t v;

	memcpy(&v, p + off, 4);
	return ck->swap ? __builtin_bswap32(v) : v;
}

static uint64_t
g64(const struct ck *ck, const uint8_t *p, size_t off)
{
	uint64_t v;

	memcpy(&v, p + off, 8);
	return ck->swap ? __builtin_bswap64(v) : v;
}

static int
rd(struct ck *ck, uint64_t off, void *buf, size_t len)
{
	char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = pread(ck->fd, p, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

static void *
xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);

	if (p == NULL) {
		fprintf(stderr, "fsck: out of memory\n");
		exit(FSCK_EXIT_CANTCHECK);
	}
	return p;
}

static void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (p == NULL) {
		fprintf(stderr, "fsck: out of memory\n");
		exit(FSCK_EXIT_CANTCHECK);
	}
	return p;
}

static bool
bit(const uint8_t *map, uint64_t i)
{
	return (map[i >> 3] >> (i & 7)) & 1;
}

static void
setbit(uint8_t *map, uint64_t i)
{
	map[i >> 3] |= (uint8_t)(1u << (i & 7));
}

/* CRC-32C (Castagnoli), FreeBSD's metadata check hash: init ~0, no final xor. */
static uint32_t
crc32c(const uint8_t *p, size_t len)
{
	static uint32_t tab[256];
	uint32_t crc = 0xffffffffu, v;
	int i, k;

	if (tab[1] == 0)
		for (i = 0; i < 256; i++) {
			v = (uint32_t)i;
			for (k = 0; k < 8; k++)
				v = (v >> 1) ^ ((v & 1) ? 0x82F63B78u : 0);
			tab[i] = v;
		}
	while (len--)
		crc = tab[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return crc;
}

/* ---- geometry ------------------------------------------------------------ */
static uint64_t
cgstart(const struct ck *ck, uint64_t c)
{
	uint64_t b = c * ck->fpg;

	if (ck->ufs == 1 && ck->cgoffset != 0)
		b += (uint64_t)ck->cgoffset * (c & ~(uint64_t)ck->cgmask);
	return b;
}

static uint32_t
cgndblk(const struct ck *ck, uint64_t c)
{
	uint64_t left = ck->size - c * ck->fpg;

	return left < ck->fpg ? (uint32_t)left : ck->fpg;
}

/* Is fragment f cg metadata or the summary area? */
static bool
ismeta(const struct ck *ck, uint64_t f)
{
	uint64_t c = f / ck->fpg, s = cgstart(ck, c);

	if (f >= ck->csaddr && f < ck->csaddr + ck->csfrags)
		return true;
	if (c == 0)
		return f < s + ck->dblkno;
	return f >= s + ck->sblkno && f < s + ck->dblkno;
}

static int
ilog2u(uint64_t x)
{
	int n = 0;

	while (x > 1) {
		x >>= 1;
		n++;
	}
	return n;
}

/* ---- pass 0: superblock ---------------------------------------------------- */
static int
load_sb(struct ck *ck)
{
	const uint8_t *sb = ck->sb;
	uint32_t magic;
	uint64_t n;

	if (rd(ck, ck->sblockloc, ck->sb, SBSIZE_MAX) != 0)
		return -1;
	memcpy(&magic, sb + O_MAGIC, 4);
	ck->swap = !(magic == MAGIC_UFS1 || magic == MAGIC_UFS2 ||
		     magic == MAGIC_UFS2EA);
	magic = g32(ck, sb, O_MAGIC);
	ck->ufs = magic == MAGIC_UFS1 ? 1 : 2;
	ck->oldlayout = ck->ufs == 1 && !(sb[O_OLDFLAGS] & FS_FLAGS_UPDATED);
	ck->bsize = g32(ck, sb, O_BSIZE);
	ck->fsize = g32(ck, sb, O_FSIZE);
	ck->frag = g32(ck, sb, O_FRAG);
	ck->bshift = (uint32_t)ilog2u(ck->bsize);
	ck->fshift = (uint32_t)ilog2u(ck->fsize);
	ck->fragshift = (uint32_t)ilog2u(ck->frag);
	ck->isize = ck->ufs == 1 ? 128 : 256;
	ck->inopb = g32(ck, sb, O_INOPB);
	ck->nindir = g32(ck, sb, O_NINDIR);
	ck->ncg = g32(ck, sb, O_NCG);
	ck->ipg = g32(ck, sb, O_IPG);
	ck->fpg = g32(ck, sb, O_FPG);
	ck->sblkno = g32(ck, sb, O_SBLKNO);
	ck->cblkno = g32(ck, sb, O_CBLKNO);
	ck->iblkno = g32(ck, sb, O_IBLKNO);
	ck->dblkno = g32(ck, sb, O_DBLKNO);
	if (ck->ufs == 1) {
		ck->cgoffset = g32(ck, sb, O_CGOFFSET);
		ck->cgmask = g32(ck, sb, O_CGMASK);
	}
	ck->cgsize = g32(ck, sb, O_CGSIZE);
	ck->cssize = g32(ck, sb, O_CSSIZE);
	ck->maxsymlinklen = g32(ck, sb, O_MAXSYMLINKLEN);
	/*
	 * An index taken from disk: the cluster summary has entries 1..
	 * fs_contigsumsize (at most FSCK_MAXCONTIGSUM here, more than any
	 * FFS makes).  A larger value is reported (check_sb) and the cluster
	 * checks, which index by it, are left out.
	 */
	ck->contigsumsize_disk = g32(ck, sb, O_CONTIGSUMSIZE);
	ck->contigsumsize = ck->contigsumsize_disk <= MAXCONTIGSUM ?
		ck->contigsumsize_disk : 0;
	ck->oldcpg = g32(ck, sb, O_OLDCPG);
	ck->oldnrpos = g32(ck, sb, O_OLDNRPOS);
	ck->fsflags = g32(ck, sb, O_FLAGS);
	ck->clean = sb[O_CLEAN];
	ck->cgckhash = ck->ufs == 2 && (ck->fsflags & FSF_DOQUOTA2) &&
		(g32(ck, sb, O_METACKHASH) & CK_CYLGRP);
	if (ck->oldlayout) {
		ck->size = (uint32_t)g32(ck, sb, O_OLDSIZE);
		ck->dsize = (uint32_t)g32(ck, sb, O_OLDDSIZE);
		ck->csaddr = (uint32_t)g32(ck, sb, O_OLDCSADDR);
	} else {
		ck->size = g64(ck, sb, O_SIZE);
		ck->dsize = g64(ck, sb, O_DSIZE);
		ck->csaddr = g64(ck, sb, O_CSADDR);
	}
	ck->csfrags = (ck->cssize + ck->fsize - 1) >> ck->fshift;
	ck->ninodes = (uint64_t)ck->ncg * ck->ipg;
	n = ck->nindir;
	ck->maxfilesize = (((uint64_t)NDADDR + n + n * n + n * n * n) <<
			   ck->bshift) - 1;

	/* canonical cg map offsets (section 2.2) */
	if (ck->ufs == 2) {
		ck->iusedoff = CG_HDR;
	} else {
		ck->btotoff = CG_HDR;
		ck->boff = CG_HDR + 4 * ck->oldcpg;
		ck->iusedoff = ck->boff + 2 * ck->oldcpg * ck->oldnrpos;
	}
	ck->freeoff = ck->iusedoff + (ck->ipg + 7) / 8;
	if (ck->contigsumsize > 0) {
		ck->clsumoff = (ck->freeoff + (ck->fpg + 7) / 8 - 4 + 3) & ~3u;
		ck->cloff = ck->clsumoff + 4 * (ck->contigsumsize + 1);
		ck->nextfreeoff = ck->cloff + ((ck->fpg >> ck->fragshift) + 7) / 8;
	} else {
		ck->nextfreeoff = ck->freeoff + (ck->fpg + 7) / 8;
	}
	return 0;
}

static void
check_sb(struct ck *ck)
{
	const uint8_t *sb = ck->sb;
	uint32_t v;

	/* Values the rest of the checker relies on (beyond the core's). */
	if (ck->ufs == 1 && (ck->oldcpg == 0 || ck->oldnrpos == 0 ||
			     ck->oldcpg > 0x10000 || ck->oldnrpos > 64)) {
		problem(ck, ERR, "superblock: fs_old_cpg %u / fs_old_nrpos %u "
			"invalid", ck->oldcpg, ck->oldnrpos);
	}
	if (ck->nextfreeoff > ck->cgsize)
		problem(ck, ERR, "superblock: fs_cgsize %u smaller than the "
			"cg maps (%u)", ck->cgsize, ck->nextfreeoff);
	if (ck->cssize != (((uint64_t)ck->ncg * 16 + ck->fsize - 1) &
			   ~(uint64_t)(ck->fsize - 1)))
		problem(ck, ERR, "superblock: fs_cssize %u, expected %llu",
			ck->cssize, (unsigned long long)(((uint64_t)ck->ncg * 16
				+ ck->fsize - 1) & ~(uint64_t)(ck->fsize - 1)));
	if (ck->csaddr < cgstart(ck, 0) + ck->dblkno ||
	    ck->csaddr + ck->csfrags > cgstart(ck, 0) + cgndblk(ck, 0))
		problem(ck, ERR, "superblock: summary area %llu+%llu not in "
			"cg 0's data area", (unsigned long long)ck->csaddr,
			(unsigned long long)ck->csfrags);
	if (ck->contigsumsize_disk > MAXCONTIGSUM)
		problem(ck, ERR, "superblock: fs_contigsumsize %u too large "
			"(cluster maps not checked)", ck->contigsumsize_disk);
	v = g32(ck, sb, O_MINFREE);
	if (v > 99)
		problem(ck, ERR, "superblock: fs_minfree %u", v);
	if ((int32_t)g32(ck, sb, O_MAXBPG) <= 0)
		problem(ck, ERR, "superblock: fs_maxbpg %d",
			(int32_t)g32(ck, sb, O_MAXBPG));
	if ((int32_t)g32(ck, sb, O_MAXCONTIG) <= 0)
		problem(ck, ERR, "superblock: fs_maxcontig %d",
			(int32_t)g32(ck, sb, O_MAXCONTIG));
	v = g32(ck, sb, O_FSBTODB);
	if (v != ck->fshift - 9)
		problem(ck, ERR, "superblock: fs_fsbtodb %u, expected %u", v,
			ck->fshift - 9);
	if (ck->maxsymlinklen != (ck->ufs == 1 ? 60u : 120u))
		problem(ck, ERR, "superblock: fs_maxsymlinklen %u",
			ck->maxsymlinklen);
	if (ck->fsflags & (FSF_UNCLEAN | FSF_NEEDSFSCK | FSF_TRIM |
			   FSF_SWAPPED))
		problem(ck, ERR, "superblock: fs_flags 0x%x has UNCLEAN, "
			"NEEDSFSCK, TRIM or SWAPPED set", ck->fsflags);
	if (ck->clean & ~(uint8_t)3)
		problem(ck, ERR, "superblock: fs_clean %u", ck->clean);
	/* in-memory flags: a mount resets them, so only a leak on disk */
	if (sb[O_FMOD] != 0)
		problem(ck, LEAK, "superblock: fs_fmod %u on disk", sb[O_FMOD]);
	if (sb[O_RONLY] != 0)
		problem(ck, LEAK, "superblock: fs_ronly %u on disk",
			sb[O_RONLY]);
	if (ck->dsize != ck->size - ck->sblkno - (uint64_t)ck->ncg *
	    (ck->dblkno - ck->sblkno) - ck->csfrags)
		problem(ck, ERR, "superblock: fs_dsize %llu, expected %llu",
			(unsigned long long)ck->dsize, (unsigned long long)
			(ck->size - ck->sblkno - (uint64_t)ck->ncg *
			 (ck->dblkno - ck->sblkno) - ck->csfrags));
	if (ck->ufs == 1 && !ck->oldlayout &&
	    ((uint32_t)g32(ck, sb, O_OLDSIZE) != ck->size ||
	     (uint32_t)g32(ck, sb, O_OLDDSIZE) != ck->dsize ||
	     (uint32_t)g32(ck, sb, O_OLDCSADDR) != ck->csaddr))
		problem(ck, ERR, "superblock: UFS1 fs_old_size/dsize/csaddr "
			"differ from fs_size/dsize/csaddr");
}

/* The static fields fsck compares with the backups (section 1.5). */
static const struct {
	uint16_t off;
	const char *name;
} sbstatic[] = {
	{ O_SBLKNO, "sblkno" }, { O_CBLKNO, "cblkno" }, { O_IBLKNO, "iblkno" },
	{ O_DBLKNO, "dblkno" }, { O_NCG, "ncg" }, { O_BSIZE, "bsize" },
	{ O_FSIZE, "fsize" }, { O_FRAG, "frag" }, { O_BMASK, "bmask" },
	{ O_FMASK, "fmask" }, { O_BSHIFT, "bshift" }, { O_FSHIFT, "fshift" },
	{ O_FRAGSHIFT, "fragshift" }, { O_FSBTODB, "fsbtodb" },
	{ O_SBSIZE, "sbsize" }, { O_NINDIR, "nindir" }, { O_INOPB, "inopb" },
	{ O_CSSIZE, "cssize" }, { O_IPG, "ipg" }, { O_FPG, "fpg" },
	{ O_MAGIC, "magic" },
};

static void
check_backups(struct ck *ck)
{
	uint8_t b[SBSIZE_MIN];
	uint64_t c, off;
	size_t i;

	for (c = 0; c < ck->ncg; c++) {
		off = (cgstart(ck, c) + ck->sblkno) << ck->fshift;
		if (off == ck->sblockloc)
			continue;
		if (rd(ck, off, b, sizeof(b)) != 0) {
			problem(ck, ERR, "cg %llu: cannot read the backup "
				"superblock", (unsigned long long)c);
			continue;
		}
		if (memcmp(b + O_MAGIC, ck->sb + O_MAGIC, 4) != 0) {
			problem(ck, ERR, "cg %llu: backup superblock: bad magic "
				"0x%08x", (unsigned long long)c,
				g32(ck, b, O_MAGIC));
			continue;
		}
		for (i = 0; i < sizeof(sbstatic) / sizeof(sbstatic[0]); i++)
			if (memcmp(b + sbstatic[i].off, ck->sb + sbstatic[i].off,
				   4) != 0)
				problem(ck, ERR, "cg %llu: backup superblock: fs_%s "
					"%u, primary %u", (unsigned long long)c,
					sbstatic[i].name,
					g32(ck, b, sbstatic[i].off),
					g32(ck, ck->sb, sbstatic[i].off));
	}
}

/* ---- pass 1: inodes and their blocks ---------------------------------- */
enum { K_DATA, K_IND, K_EXT };

struct walk {
	uint64_t ino;
	uint64_t size, nblocks;
	bool snap;
	uint64_t claimed;	/* fragments */
	uint64_t pasteof;	/* nonzero pointers past EOF */
	uint64_t bad;		/* invalid pointers */
	uint64_t budget;	/* PCOLLECT: indirect reads left */
	struct dblk *v;		/* PCOLLECT: data blocks below EOF */
	size_t nv, capv;
	bool lastblk;		/* the block holding the last byte is there */
};

static const char *const kindname[] = { "block", "indirect block",
	"EA block" };

static int
cmp64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void
adddup(struct ck *ck, uint64_t f)
{
	if (ck->ndups == ck->capdups) {
		if (ck->capdups >= (1u << 24)) {
			/* pass 1b names owners only of those listed */
			if (!ck->dupsfull)
				problem(ck, ERR, "more than %zu fragments claimed "
					"twice: not all are named", ck->ndups);
			ck->dupsfull = true;
			return;
		}
		ck->capdups = ck->capdups ? 2 * ck->capdups : 64;
		ck->dups = xrealloc(ck->dups, ck->capdups * sizeof(uint64_t));
	}
	ck->dups[ck->ndups++] = f;
}

/*
 * One pointer of w's inode: d, n fragments, of kind, at logical block lbn
 * (pasteof: beyond the end of the file).  Returns true if the claim is
 * valid and new (an indirect block is then read and walked).
 */
static bool
claim(struct ck *ck, struct walk *w, uint64_t d, uint32_t n, int kind,
      uint64_t lbn, bool pasteof)
{
	uint64_t i, *p;
	bool dup = false;

	if (d >= ck->size || n > ck->size - d) {
		w->bad++;
		problem(ck, ERR, "ino %llu: %s %llu (lbn %llu) out of range",
			(unsigned long long)w->ino, kindname[kind],
			(unsigned long long)d, (unsigned long long)lbn);
		return false;
	}
	if ((n == ck->frag && (d & (ck->frag - 1)) != 0) ||
	    (d & (ck->frag - 1)) + n > ck->frag) {
		w->bad++;
		problem(ck, ERR, "ino %llu: %s %llu (lbn %llu, %u frags) "
			"crosses a block boundary", (unsigned long long)w->ino,
			kindname[kind], (unsigned long long)d,
			(unsigned long long)lbn, n);
		return false;
	}
	for (i = 0; i < n; i++)
		if (ismeta(ck, d + i)) {
			w->bad++;
			problem(ck, ERR, "ino %llu: %s %llu (lbn %llu) points "
				"at metadata", (unsigned long long)w->ino,
				kindname[kind], (unsigned long long)d,
				(unsigned long long)lbn);
			return false;
		}
	switch (ck->pass) {
	case P1:
		w->claimed += n;
		for (i = 0; i < n; i++) {
			if (bit(ck->used, d + i)) {
				dup = true;
				adddup(ck, d + i);
			} else {
				setbit(ck->used, d + i);
			}
		}
		return !dup;
	case P1B:
		for (i = 0; i < n; i++) {
			if (!bit(ck->used, d + i)) {
				setbit(ck->used, d + i);
				continue;
			}
			dup = true;
		}
		/* name the first owner of each claimed duplicate fragment */
		for (i = 0; i < n; i++) {
			p = bsearch(&(uint64_t){ d + i }, ck->dups, ck->ndups,
				    sizeof(uint64_t), cmp64);
			if (p == NULL)
				continue;
			if (ck->dupown[p - ck->dups] == 0) {
				ck->dupown[p - ck->dups] = w->ino;
			} else {
				ck->quiet = false;
				problem(ck, ERR, "ino %llu: %s %llu (lbn %llu, "
					"%u frags) claimed twice (also ino %llu)",
					(unsigned long long)w->ino,
					kindname[kind], (unsigned long long)d,
					(unsigned long long)lbn, n,
					(unsigned long long)
					ck->dupown[p - ck->dups]);
				ck->quiet = true;
				break;
			}
		}
		return !dup;
	default:	/* PCOLLECT */
		if (kind == K_DATA && !pasteof) {
			if (w->nv == w->capv) {
				w->capv = w->capv ? 2 * w->capv : 16;
				w->v = xrealloc(w->v, w->capv * sizeof(*w->v));
			}
			w->v[w->nv].lbn = lbn;
			w->v[w->nv].d = d;
			w->v[w->nv++].nfrags = n;
		}
		if (kind == K_IND) {
			if (w->budget == 0 || pasteof)
				return false;
			w->budget--;
		}
		return true;
	}
}

static uint64_t
iptr(const struct ck *ck, const uint8_t *p, size_t i)
{
	if (ck->ufs == 1)
		return (uint64_t)(int64_t)(int32_t)g32(ck, p, i * 4);
	return g64(ck, p, i * 8);
}

/* Fragments of logical block lbn of a file of size sz (tail rule). */
static uint32_t
nfrags_of(const struct ck *ck, uint64_t sz, uint64_t lbn)
{
	uint64_t end;

	if (lbn >= NDADDR || sz >= ((lbn + 1) << ck->bshift))
		return ck->frag;
	end = sz - (lbn << ck->bshift);
	return (uint32_t)((end + ck->fsize - 1) >> ck->fshift);
}

static void
walk_ind(struct ck *ck, struct walk *w, uint64_t d, int lvl, uint64_t start,
	 bool pasteof)
{
	uint64_t span = 1, p, cl;
	uint8_t *buf = ck->ibuf[lvl];
	uint32_t i;
	int k;

	if (!claim(ck, w, d, ck->frag, K_IND, start, pasteof))
		return;
	if (rd(ck, d << ck->fshift, buf, ck->bsize) != 0) {
		problem(ck, ERR, "ino %llu: cannot read indirect block %llu",
			(unsigned long long)w->ino, (unsigned long long)d);
		return;
	}
	for (k = 0; k < lvl; k++)
		span *= ck->nindir;
	for (i = 0; i < ck->nindir; i++) {
		p = iptr(ck, buf, i);
		if (p == 0 || (w->snap && p <= BLK_SNAP_MAX))
			continue;
		cl = start + i * span;
		if (cl >= w->nblocks && !pasteof && ck->pass == P1)
			w->pasteof++;
		if (lvl > 0)
			walk_ind(ck, w, p, lvl - 1, cl,
				 pasteof || cl >= w->nblocks);
		else {
			if (cl + 1 == w->nblocks)
				w->lastblk = true;
			claim(ck, w, p, ck->frag, K_DATA, cl,
			      pasteof || cl >= w->nblocks);
		}
	}
}

/* Walk every block pointer of an inode (direct, indirect, EA). */
static void
walk_inode(struct ck *ck, struct walk *w, const uint8_t *di)
{
	const uint8_t *dbp = di + (ck->ufs == 1 ? 40 : 112);
	uint64_t d, start = NDADDR, span = 1, ext, next;
	uint32_t n;
	int i;

	w->nblocks = (w->size + ck->bsize - 1) >> ck->bshift;
	for (i = 0; i < NDADDR; i++) {
		d = iptr(ck, dbp, (size_t)i);
		if (d == 0 || (w->snap && d <= BLK_SNAP_MAX))
			continue;
		if ((uint64_t)i >= w->nblocks) {
			if (ck->pass == P1)
				w->pasteof++;
			n = (d & (ck->frag - 1)) ? 1 : ck->frag;
			claim(ck, w, d, n, K_DATA, (uint64_t)i, true);
			continue;
		}
		if ((uint64_t)i + 1 == w->nblocks)
			w->lastblk = true;
		claim(ck, w, d, nfrags_of(ck, w->size, (uint64_t)i), K_DATA,
		      (uint64_t)i, false);
	}
	for (i = 0; i < NIADDR; i++) {
		span *= ck->nindir;
		d = iptr(ck, dbp, (size_t)(NDADDR + i));
		if (d != 0 && !(w->snap && d <= BLK_SNAP_MAX)) {
			if (start >= w->nblocks && ck->pass == P1)
				w->pasteof++;
			walk_ind(ck, w, d, i, start, start >= w->nblocks);
		}
		start += span;
	}
	if (ck->ufs == 1)
		return;
	ext = g32(ck, di, 92);
	next = (ext + ck->bsize - 1) >> ck->bshift;
	for (i = 0; i < NXADDR; i++) {
		d = g64(ck, di, 96 + 8 * (size_t)i);
		if (d == 0)
			continue;
		if ((uint64_t)i >= next) {
			if (ck->pass == P1)
				w->pasteof++;
			claim(ck, w, d, (d & (ck->frag - 1)) ? 1 : ck->frag,
			      K_EXT, (uint64_t)i, true);
			continue;
		}
		n = ext >= (uint64_t)(i + 1) << ck->bshift ? ck->frag :
			(uint32_t)((ext - ((uint64_t)i << ck->bshift) +
				    ck->fsize - 1) >> ck->fshift);
		claim(ck, w, d, n, K_EXT, (uint64_t)i, false);
	}
}

static bool
isexempt(const struct ck *ck, uint64_t ino)
{
	int i;

	for (i = 0; i < ck->nexempt; i++)
		if (ck->exempt[i] == ino)
			return true;
	return false;
}

static void
addexempt(struct ck *ck, uint64_t ino)
{
	if (ino >= ROOTINO + 1 && ino < ck->ninodes && !isexempt(ck, ino) &&
	    ck->nexempt < (int)(sizeof(ck->exempt) / sizeof(ck->exempt[0])))
		ck->exempt[ck->nexempt++] = ino;
}

static void
adddir(struct ck *ck, uint64_t ino)
{
	struct dir *dp;

	if (ck->ndirs == ck->capdirs) {
		ck->capdirs = ck->capdirs ? 2 * ck->capdirs : 256;
		ck->dirs = xrealloc(ck->dirs, ck->capdirs * sizeof(*ck->dirs));
	}
	dp = &ck->dirs[ck->ndirs++];
	memset(dp, 0, sizeof(*dp));
	dp->ino = ino;
}

static bool
validtype(uint32_t t)
{
	switch (t) {
	case IFIFO: case IFCHR: case IFDIR: case IFBLK: case IFREG:
	case IFLNK: case IFSOCK:
		return true;
	default:
		return false;
	}
}

/* Pass 1 for one allocated-or-not inode. */
static void
check_inode(struct ck *ck, uint64_t ino, const uint8_t *di, bool mapped)
{
	uint32_t mode = g16(ck, di, 0), type = mode & IFMT, iflags;
	int16_t nl = (int16_t)g16(ck, di, 2);
	uint64_t size = g64(ck, di, ck->ufs == 1 ? 8 : 16);
	uint64_t blocks = ck->ufs == 1 ? g32(ck, di, 104) : g64(ck, di, 24);
	const uint8_t *dbp = di + (ck->ufs == 1 ? 40 : 112);
	struct walk w;
	uint64_t d;
	int i;

	if (mode == 0) {
		if (mapped)
			problem(ck, LEAK, "ino %llu: marked in use in the inode "
				"map but free (mode 0)", (unsigned long long)ino);
		/*
		 * A freed inode keeps no size, links, blocks or pointers.
		 * Stale pointers or size would be inherited by the next
		 * file allocated there (an allocator resets only
		 * di_blocks): errors; links and blocks: leaks.
		 */
		for (i = 0; i < NDADDR + NIADDR; i++)
			if (iptr(ck, dbp, (size_t)i) != 0)
				break;
		if (size != 0 || i < NDADDR + NIADDR)
			problem(ck, ERR, "ino %llu: free (mode 0) but size %llu%s",
				(unsigned long long)ino,
				(unsigned long long)size,
				i < NDADDR + NIADDR ? " and block pointers set" :
				"");
		else if (nl != 0 || blocks != 0)
			problem(ck, LEAK, "ino %llu: free (mode 0) but nlink %d, "
				"di_blocks %llu", (unsigned long long)ino, nl,
				(unsigned long long)blocks);
		return;
	}
	if (!mapped)
		problem(ck, ERR, "ino %llu: in use (mode 0%o) but free in the "
			"inode map", (unsigned long long)ino, mode);
	if (!validtype(type)) {
		problem(ck, ERR, "ino %llu: bad mode 0%o",
			(unsigned long long)ino, mode);
		ck->itype[ino] = 0xff;
		return;
	}
	if (ck->pass == P1) {
		ck->itype[ino] = (uint8_t)(type >> 12);
		ck->files++;
	}
	if (nl < 0) {
		problem(ck, ERR, "ino %llu: negative link count %d",
			(unsigned long long)ino, nl);
		nl = 0;
	}
	if (ck->pass == P1)
		ck->nlink[ino] = nl;
	iflags = g32(ck, di, ck->ufs == 1 ? 100 : 88);
	if (iflags & (SF_LOG | SF_SNAPSHOT))
		addexempt(ck, ino);
	if (ck->ufs == 2) {
		for (i = 0; i < 4; i++)
			if (g32(ck, di, 64 + 4 * (size_t)i) >= 1000000000u)
				problem(ck, ERR, "ino %llu: nanoseconds field "
					"%u >= 10^9", (unsigned long long)ino,
					g32(ck, di, 64 + 4 * (size_t)i));
		if (g32(ck, di, 92) > 2 * ck->bsize)
			problem(ck, ERR, "ino %llu: di_extsize %u > 2 blocks",
				(unsigned long long)ino, g32(ck, di, 92));
	}
	if (size > ck->maxfilesize)
		problem(ck, ERR, "ino %llu: size %llu larger than the largest "
			"file", (unsigned long long)ino,
			(unsigned long long)size);

	memset(&w, 0, sizeof(w));
	w.ino = ino;
	/* an oversized file (reported above) is walked as the largest */
	w.size = size > ck->maxfilesize ? ck->maxfilesize : size;
	w.snap = (iflags & SF_SNAPSHOT) != 0;
	switch (type) {
	case IFCHR: case IFBLK: case IFIFO: case IFSOCK:
		/* devices keep their number in db[0]; nothing else */
		for (i = (type == IFCHR || type == IFBLK) ? 1 : 0;
		     i < NDADDR + NIADDR; i++)
			if (iptr(ck, dbp, (size_t)i) != 0) {
				problem(ck, ERR, "ino %llu: special file (mode "
					"0%o) with block pointer %d set",
					(unsigned long long)ino, mode, i);
				break;
			}
		if (size != 0)
			problem(ck, ERR, "ino %llu: special file (mode 0%o) "
				"with size %llu", (unsigned long long)ino, mode,
				(unsigned long long)size);
		w.size = 0;
		/* EA blocks still count */
		if (ck->ufs == 2) {
			static const uint8_t zero[256];
			uint8_t tmp[256];

			memcpy(tmp, zero, sizeof(tmp));
			memcpy(tmp + 92, di + 92, 20);
			walk_inode(ck, &w, tmp);
		}
		break;
	case IFLNK:
		if (size < ck->maxsymlinklen) {
			/* fast symlink: the target lives in db/ib */
			/* size < maxsymlinklen <= 60/120: inside the dinode */
			if (memchr(dbp, 0, (size_t)(size < (ck->ufs == 1 ?
			    60u : 120u) ? size : 0)) != NULL)
				problem(ck, ERR, "ino %llu: fast symlink target "
					"contains a NUL", (unsigned long long)ino);
			if (ck->ufs == 2) {
				uint8_t tmp[256];

				memset(tmp, 0, sizeof(tmp));
				memcpy(tmp + 92, di + 92, 20);
				walk_inode(ck, &w, tmp);
			}
			break;
		}
		if (size >= MAXPATHLEN)
			problem(ck, ERR, "ino %llu: symlink of %llu bytes "
				"(>= MAXPATHLEN)", (unsigned long long)ino,
				(unsigned long long)size);
		/* FALLTHROUGH */
	default:
		/*
		 * nlink 0 and size 0: a directory rmdir'ed (or replaced by
		 * a rename) and emptied on the device, not yet freed (still
		 * open, or the crash came first): an unreferenced inode.
		 */
		if (type == IFDIR && !(size == 0 && nl == 0) &&
		    (size == 0 || size % DIRBLK != 0))
			problem(ck, ERR, "ino %llu: directory size %llu not a "
				"positive multiple of %d",
				(unsigned long long)ino,
				(unsigned long long)size, DIRBLK);
		walk_inode(ck, &w, di);
		if (w.pasteof)
			problem(ck, LEAK, "ino %llu: %llu block pointer(s) past "
				"EOF (size %llu)", (unsigned long long)ino,
				(unsigned long long)w.pasteof,
				(unsigned long long)size);
		/*
		 * FFS keeps the block holding the last byte allocated
		 * (extending or shrinking a file allocates it): a
		 * writer extending a fragment tail relies on it.
		 */
		if (size > 0 && !w.lastblk && w.bad == 0)
			problem(ck, ERR, "ino %llu: the block holding the last "
				"byte (lbn %llu) is not allocated (a hole)",
				(unsigned long long)ino,
				(unsigned long long)(w.nblocks - 1));
		break;
	}
	d = w.claimed << (ck->fshift - 9);
	if (d != blocks)
		problem(ck, LEAK, "ino %llu: di_blocks %llu, counted %llu",
			(unsigned long long)ino, (unsigned long long)blocks,
			(unsigned long long)d);
	if (type == IFDIR && ck->pass == P1) {
		ck->cgndir[ino / ck->ipg]++;
		adddir(ck, ino);
		ck->dirs[ck->ndirs - 1].emptied = size == 0 && nl == 0;
	}
}

/*
 * Pass 1 (and 1b): every cg's inodes, read in bulk.  UFS2 reads only the
 * initialised part (below cg_initediblk, validated in pass 5 too).
 */
static void
scan_inodes(struct ck *ck)
{
	size_t chunk = (size_t)1 << 20, len, i;
	uint64_t c, ino0, n, at, off, k;
	uint32_t inited;
	uint8_t *buf, *imap;

	if (chunk < ck->bsize)
		chunk = ck->bsize;
	chunk -= chunk % ((size_t)ck->inopb * ck->isize);
	buf = xcalloc(1, chunk);
	for (c = 0; c < ck->ncg; c++) {
		if (rd(ck, (cgstart(ck, c) + ck->cblkno) << ck->fshift,
		       ck->cgbuf, ck->cgsize) != 0) {
			if (ck->pass == P1)
				problem(ck, ERR, "cg %llu: cannot read",
					(unsigned long long)c);
			continue;
		}
		imap = ck->cgbuf + ck->iusedoff;
		inited = ck->ipg;
		if (ck->ufs == 2) {
			inited = g32(ck, ck->cgbuf, C_INITEDIBLK);
			if (inited > ck->ipg)
				inited = ck->ipg;
			inited -= inited % ck->inopb;
		}
		ino0 = c * ck->ipg;
		for (n = 0; n < inited; n += k) {
			k = inited - n;
			if (k > chunk / ck->isize)
				k = chunk / ck->isize;
			len = (size_t)k * ck->isize;
			at = ((cgstart(ck, c) + ck->iblkno) << ck->fshift) +
				n * ck->isize;
			if (rd(ck, at, buf, len) != 0) {
				if (ck->pass == P1)
					problem(ck, ERR, "cg %llu: cannot read "
						"inodes %llu..%llu",
						(unsigned long long)c,
						(unsigned long long)(ino0 + n),
						(unsigned long long)(ino0 + n +
								     k - 1));
				continue;
			}
			for (i = 0; i < k; i++) {
				off = n + i;
				if (ino0 + off < ROOTINO)
					continue;
				check_inode(ck, ino0 + off,
					    buf + i * ck->isize,
					    bit(imap, off));
			}
		}
		if (ck->pass != P1)
			continue;
		for (n = inited; n < ck->ipg; n++)
			if (bit(imap, n))
				problem(ck, ERR, "ino %llu: marked in use above "
					"cg_initediblk %u (uninitialised)",
					(unsigned long long)(ino0 + n), inited);
	}
	free(buf);
}

/* Mark cg metadata, the summary area and what lies past fs_size. */
static void
mark_meta(struct ck *ck)
{
	uint64_t c, f, s, e;

	for (c = 0; c < ck->ncg; c++) {
		s = c == 0 ? 0 : cgstart(ck, c) + ck->sblkno;
		e = cgstart(ck, c) + ck->dblkno;
		for (f = s; f < e && f < ck->size; f++)
			setbit(ck->used, f);
	}
	for (f = ck->csaddr; f < ck->csaddr + ck->csfrags && f < ck->size; f++)
		setbit(ck->used, f);
}

/* ---- passes 2-4: directories, connectivity, link counts ------------- */
static struct dir *
finddir(struct ck *ck, uint64_t ino)
{
	size_t lo = 0, hi = ck->ndirs, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (ck->dirs[mid].ino == ino)
			return &ck->dirs[mid];
		if (ck->dirs[mid].ino < ino)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void
printname(char *out, size_t outlen, const uint8_t *name, int len)
{
	size_t o = 0;
	int i;

	for (i = 0; i < len && o + 5 < outlen; i++) {
		if (name[i] >= 0x20 && name[i] < 0x7f && name[i] != '\\')
			out[o++] = (char)name[i];
		else
			o += (size_t)snprintf(out + o, outlen - o, "\\%03o",
					      name[i]);
	}
	out[o] = '\0';
}

/* Remember a name (len bytes, then a NUL) of the current directory. */
static void
addname(struct ck *ck, const uint8_t *name, uint32_t len)
{
	if (ck->namelen + len + 1 > ck->namecap) {
		ck->namecap = (ck->namecap + len + 1) * 2;
		ck->names = xrealloc(ck->names, ck->namecap);
	}
	if (ck->nnames == ck->capnames) {
		ck->capnames = ck->capnames ? 2 * ck->capnames : 64;
		ck->nameoff = xrealloc(ck->nameoff,
				       ck->capnames * sizeof(uint32_t));
	}
	ck->nameoff[ck->nnames++] = (uint32_t)ck->namelen;
	memcpy(ck->names + ck->namelen, name, len);
	ck->names[ck->namelen + len] = '\0';
	ck->namelen += len + 1;
}

static const char *sortnames;

static int
cmpname(const void *a, const void *b)
{
	return strcmp(sortnames + *(const uint32_t *)a,
		      sortnames + *(const uint32_t *)b);
}

/* Report names that occur twice in directory dino. */
static void
check_names(struct ck *ck, uint64_t dino)
{
	char nm[256 * 4 + 1];
	size_t i;

	sortnames = ck->names;
	if (ck->nnames > 1)
		qsort(ck->nameoff, ck->nnames, sizeof(uint32_t), cmpname);
	for (i = 1; i < ck->nnames; i++)
		if (strcmp(ck->names + ck->nameoff[i - 1],
			   ck->names + ck->nameoff[i]) == 0) {
			printname(nm, sizeof(nm), (const uint8_t *)ck->names +
				  ck->nameoff[i],
				  (int)strlen(ck->names + ck->nameoff[i]));
			problem(ck, ERR, "dir %llu: name '%s' appears twice",
				(unsigned long long)dino, nm);
		}
	ck->nnames = 0;
	ck->namelen = 0;
}

/* One 512-byte chunk of directory dp at byte offset off. */
static void
check_chunk(struct ck *ck, struct dir *dp, const uint8_t *c, uint64_t off)
{
	uint64_t dino = dp->ino, ino;
	uint32_t pos = 0, reclen, namlen, type, idx = 0, t;
	char nm[256 * 4 + 1];
	const uint8_t *name;
	struct dir *sub;
	bool dot, dotdot;

	while (pos < DIRBLK) {
		if (DIRBLK - pos < 8) {
			problem(ck, ERR, "dir %llu: offset %llu: entry header "
				"crosses the chunk end", (unsigned long long)dino,
				(unsigned long long)(off + pos));
			return;
		}
		ino = g32(ck, c, pos);
		reclen = g16(ck, c, pos + 4);
		type = c[pos + 6];
		namlen = c[pos + 7];
		name = c + pos + 8;
		if (reclen < 8 || reclen % 4 != 0 || pos + reclen > DIRBLK) {
			problem(ck, ERR, "dir %llu: offset %llu: bad record "
				"length %u", (unsigned long long)dino,
				(unsigned long long)(off + pos), reclen);
			return;
		}
		if (ino == 0) {
			if (pos != 0)
				problem(ck, ERR, "dir %llu: offset %llu: empty "
					"entry not at a chunk start",
					(unsigned long long)dino,
					(unsigned long long)(off + pos));
			if (off == 0 && idx < 2)
				problem(ck, ERR, "dir %llu: missing \"%s\"",
					(unsigned long long)dino,
					idx == 0 ? "." : "..");
			pos += reclen;
			idx++;
			continue;
		}
		if (namlen == 0 || 8 + ((namlen + 1 + 3) & ~3u) > reclen) {
			problem(ck, ERR, "dir %llu: offset %llu: name length "
				"%u does not fit record length %u",
				(unsigned long long)dino,
				(unsigned long long)(off + pos), namlen, reclen);
			return;
		}
		printname(nm, sizeof(nm), name, (int)namlen);
		if (memchr(name, 0, namlen) != NULL ||
		    memchr(name, '/', namlen) != NULL || name[namlen] != 0) {
			problem(ck, ERR, "dir %llu: entry '%s': name contains "
				"NUL or '/' or is not NUL-terminated",
				(unsigned long long)dino, nm);
			pos += reclen;
			idx++;
			continue;
		}
		dot = namlen == 1 && name[0] == '.';
		dotdot = namlen == 2 && name[0] == '.' && name[1] == '.';
		if (off == 0 && idx < 2 && (idx == 0 ? !dot : !dotdot))
			problem(ck, ERR, "dir %llu: entry %u is '%s', expected "
				"\"%s\"", (unsigned long long)dino, idx, nm,
				idx == 0 ? "." : "..");
		if ((dot || dotdot) && !(off == 0 && idx == (dot ? 0u : 1u))) {
			problem(ck, ERR, "dir %llu: misplaced '%s' entry at "
				"offset %llu", (unsigned long long)dino, nm,
				(unsigned long long)(off + pos));
			pos += reclen;
			idx++;
			continue;
		}
		pos += reclen;
		idx++;
		if (ino == WINO || type == DT_WHT) {
			if (ino != WINO || type != DT_WHT || dot || dotdot)
				problem(ck, ERR, "dir %llu: entry '%s': "
					"whiteout with ino %llu type %u",
					(unsigned long long)dino, nm,
					(unsigned long long)ino, type);
			continue;
		}
		if (ino >= ck->ninodes) {
			problem(ck, ERR, "dir %llu: entry '%s': inode %llu out "
				"of range", (unsigned long long)dino, nm,
				(unsigned long long)ino);
			continue;
		}
		t = ck->itype[ino];
		if (t == 0) {
			problem(ck, ERR, "dir %llu: entry '%s' points at free "
				"inode %llu", (unsigned long long)dino, nm,
				(unsigned long long)ino);
			continue;
		}
		if (t == 0xff) {
			problem(ck, ERR, "dir %llu: entry '%s' points at bad "
				"inode %llu", (unsigned long long)dino, nm,
				(unsigned long long)ino);
			continue;
		}
		if (type != t)
			problem(ck, ERR, "dir %llu: entry '%s': type %u, inode "
				"%llu has type %u", (unsigned long long)dino, nm,
				type, (unsigned long long)ino, t);
		if (dot) {
			if (ino != dino)
				problem(ck, ERR, "dir %llu: \".\" points at "
					"%llu", (unsigned long long)dino,
					(unsigned long long)ino);
			else
				ck->refs[ino]++;
			continue;
		}
		if (dotdot) {
			if (t != DT_DIR) {
				problem(ck, ERR, "dir %llu: \"..\" points at "
					"non-directory %llu",
					(unsigned long long)dino,
					(unsigned long long)ino);
				continue;
			}
			dp->dotdot = ino;
			ck->refs[ino]++;
			continue;
		}
		ck->refs[ino]++;
		dp->nents++;
		addname(ck, name, namlen);
		if (t != DT_DIR)
			continue;
		sub = finddir(ck, ino);
		if (sub == NULL)
			continue;
		sub->nnames++;
		if (sub->parent != 0) {
			/* judged in check_tree, with its ".." known */
			if (sub->parent2 == 0)
				sub->parent2 = dino;
			if (sub->nnames > 2)
				problem(ck, ERR, "dir %llu: entry '%s': "
					"directory %llu named a third time "
					"(already in %llu and %llu)",
					(unsigned long long)dino, nm,
					(unsigned long long)ino,
					(unsigned long long)sub->parent,
					(unsigned long long)sub->parent2);
			continue;
		}
		sub->parent = dino;
		/* its name, for paths in the report */
		if (ck->dnlen + namlen + 1 > ck->dncap) {
			ck->dncap = (ck->dncap + namlen + 1) * 2;
			ck->dnames = xrealloc(ck->dnames, ck->dncap);
		}
		memcpy(ck->dnames + ck->dnlen, name, namlen);
		ck->dnames[ck->dnlen + namlen] = '\0';
		sub->name = (uint32_t)ck->dnlen;
		sub->named = true;
		ck->dnlen += namlen + 1;
	}
}

/*
 * The dinode of ino, read again (directories are few, and in inode
 * order: the inode block read last usually holds the next one too).
 */
static const uint8_t *
load_dinode(struct ck *ck, uint64_t ino)
{
	uint64_t c = ino / ck->ipg, i = ino % ck->ipg;
	uint64_t d = cgstart(ck, c) + ck->iblkno + (i / ck->inopb) *
		ck->frag;

	if (ck->inoblk != d) {
		ck->inoblk = 0;
		if (rd(ck, d << ck->fshift, ck->inobuf, ck->bsize) != 0)
			return NULL;
		ck->inoblk = d;
	}
	return ck->inobuf + (i % ck->inopb) * ck->isize;
}

static void
check_dir(struct ck *ck, struct dir *dp, uint8_t *blk)
{
	const uint8_t *di = load_dinode(ck, dp->ino);
	uint64_t size, lbn, holes = 0, firsthole = 0, expect = 0, o, len;
	struct walk w;
	size_t i;

	memset(&w, 0, sizeof(w));
	w.ino = dp->ino;
	if (di == NULL) {
		problem(ck, ERR, "dir %llu: cannot read its inode",
			(unsigned long long)dp->ino);
		return;
	}
	if (dp->emptied) {
		check_names(ck, dp->ino);
		return;		/* no entries: not even "." and ".." */
	}
	size = g64(ck, di, ck->ufs == 1 ? 8 : 16);
	if (size > ck->maxfilesize)
		size = ck->maxfilesize;
	size -= size % DIRBLK;
	w.size = size;
	w.budget = (size >> ck->bshift) / ck->nindir + 8;
	ck->quiet = true;
	walk_inode(ck, &w, di);
	ck->quiet = false;
	for (i = 0; i < w.nv; i++) {
		lbn = w.v[i].lbn;
		if (lbn < expect)
			continue;	/* repeated (corrupt) pointer */
		if (lbn > expect) {
			if (holes == 0)
				firsthole = expect;
			holes += lbn - expect;
		}
		expect = lbn + 1;
		len = (uint64_t)w.v[i].nfrags << ck->fshift;
		if (len > size - (lbn << ck->bshift))
			len = size - (lbn << ck->bshift);
		if (rd(ck, w.v[i].d << ck->fshift, blk, (size_t)len) != 0) {
			problem(ck, ERR, "dir %llu: cannot read block %llu",
				(unsigned long long)dp->ino,
				(unsigned long long)w.v[i].d);
			continue;
		}
		for (o = 0; o + DIRBLK <= len; o += DIRBLK)
			check_chunk(ck, dp, blk + o, (lbn << ck->bshift) + o);
	}
	if (expect < w.nblocks) {
		if (holes == 0)
			firsthole = expect;
		holes += w.nblocks - expect;
	}
	check_names(ck, dp->ino);
	if (holes)
		problem(ck, ERR, "dir %llu: %llu hole(s) (first at lbn %llu)",
			(unsigned long long)dp->ino, (unsigned long long)holes,
			(unsigned long long)firsthole);
	if (w.nv == 0 || w.v[0].lbn != 0)
		problem(ck, ERR, "dir %llu: no first block (no \".\" and "
			"\"..\")", (unsigned long long)dp->ino);
	free(w.v);
}

static void
check_dirs(struct ck *ck)
{
	uint8_t *blk = xcalloc(1, ck->bsize);
	struct dir *root = finddir(ck, ROOTINO);
	size_t i;

	if (root == NULL) {
		problem(ck, ERR, "root inode %d is not an allocated directory",
			ROOTINO);
	} else {
		root->parent = ROOTINO;	/* root's ".." is itself */
	}
	ck->pass = PCOLLECT;
	for (i = 0; i < ck->ndirs; i++)
		check_dir(ck, &ck->dirs[i], blk);
	free(blk);
}

/* Is dp reachable from the root along parent links? */
static int
reach(struct ck *ck, struct dir *dp)
{
	struct dir *p = dp, *q;
	int r;

	/* walk up until a known state, then mark the path */
	while (p->reach == 0) {
		p->reach = 3;
		if (p->ino == ROOTINO) {
			p->reach = 1;
			break;
		}
		q = p->parent ? finddir(ck, p->parent) : NULL;
		if (q == NULL) {
			p->reach = 2;
			break;
		}
		p = q;
	}
	r = p->reach == 3 ? 2 : p->reach;	/* 3: a cycle */
	for (p = dp; p->reach == 3;) {
		p->reach = r;
		q = p->parent ? finddir(ck, p->parent) : NULL;
		if (q == NULL)
			break;
		p = q;
	}
	return dp->reach;
}

static void
check_tree(struct ck *ck)
{
	struct dir *dp;
	size_t i;

	for (i = 0; i < ck->ndirs; i++) {
		dp = &ck->dirs[i];
		if (dp->emptied && dp->parent == 0)
			continue;	/* unreferenced: check_links says so */
		if (reach(ck, dp) != 1) {
			/*
			 * No name at all: an orphan.  Empty (only "." and
			 * ".."), on an unclean fs, it is a mkdir cut short
			 * before the name (ffs_ns.c): an unreferenced inode
			 * whose ".." its parent's count includes (checked
			 * in check_links).  With entries, files would be
			 * lost: an error, as is any cycle.
			 */
			problem(ck, dp->parent == 0 && dp->nents == 0 ?
				crashcls(ck) : ERR,
				"dir %llu: unreachable from the root%s",
				(unsigned long long)dp->ino,
				dp->parent ? " (in a cycle)" : dp->nents ?
				" (no entry names it; not empty)" :
				" (no entry names it; empty)");
			continue;
		}
		if (dp->nnames == 2) {
			/*
			 * Two names: a directory rename cut short between
			 * its new name and the removal of the old one
			 * (ffs_ns.c), if ".." names one of the two parents
			 * -- FreeBSD's fsck_ffs pass 2 removes the other
			 * one in preen mode ("extraneous hard link to
			 * directory").  Its link count must count both
			 * (check_links).  On a clean fs, or with ".."
			 * elsewhere: an error.
			 */
			bool agrees = dp->dotdot == dp->parent ||
				dp->dotdot == dp->parent2;

			problem(ck, agrees ? crashcls(ck) : ERR,
				"dir %llu: two names, in %llu and %llu, "
				"\"..\" is %llu%s",
				(unsigned long long)dp->ino,
				(unsigned long long)dp->parent,
				(unsigned long long)dp->parent2,
				(unsigned long long)dp->dotdot,
				agrees ? " (a directory rename cut short)" :
				"");
			continue;
		}
		/* one name: ".." must name its directory, crash or not */
		if (dp->nnames == 1 && dp->dotdot != 0 &&
		    dp->dotdot != dp->parent)
			problem(ck, ERR, "dir %llu: \"..\" is %llu, "
				"parent is %llu", (unsigned long long)dp->ino,
				(unsigned long long)dp->dotdot,
				(unsigned long long)dp->parent);
	}
}

static void
check_links(struct ck *ck)
{
	uint64_t ino;

	for (ino = ROOTINO; ino < ck->ninodes; ino++) {
		if (ck->itype[ino] == 0 || ck->itype[ino] == 0xff)
			continue;
		if (isexempt(ck, ino))
			continue;
		if (ck->refs[ino] == 0) {
			problem(ck, LEAK, "ino %llu: unreferenced (type %u, "
				"nlink %d)", (unsigned long long)ino,
				ck->itype[ino], ck->nlink[ino]);
			continue;
		}
		if ((uint32_t)ck->nlink[ino] > ck->refs[ino])
			problem(ck, LEAK, "ino %llu: link count %d, %u "
				"references", (unsigned long long)ino,
				ck->nlink[ino], ck->refs[ino]);
		else if ((uint32_t)ck->nlink[ino] < ck->refs[ino])
			/*
			 * Never a crash's doing (ffs_ns.c raises a count
			 * before the entry that needs it is written), and
			 * fsck_ffs will not raise a count in preen mode:
			 * an error, for directories as for files.
			 */
			problem(ck, ERR,
				"ino %llu: link count %d lower than "
				"its %u references", (unsigned long long)ino,
				ck->nlink[ino], ck->refs[ino]);
	}
}

/* ---- pass 5: cylinder groups ---------------------------------------------- */
struct run {
	uint64_t start, n;
	int what;
};

static void
run_flush(struct ck *ck, struct run *r)
{
	if (r->n == 0)
		return;
	if (r->what == 1)
		problem(ck, ERR, "frags %llu-%llu (%llu) in use but marked "
			"free", (unsigned long long)r->start,
			(unsigned long long)(r->start + r->n - 1),
			(unsigned long long)r->n);
	else
		problem(ck, LEAK, "frags %llu-%llu (%llu) marked allocated "
			"but unreferenced", (unsigned long long)r->start,
			(unsigned long long)(r->start + r->n - 1),
			(unsigned long long)r->n);
	r->n = 0;
}

static void
run_add(struct ck *ck, struct run *r, uint64_t f, int what)
{
	if (r->n && r->what == what && r->start + r->n == f) {
		r->n++;
		return;
	}
	run_flush(ck, r);
	r->start = f;
	r->n = 1;
	r->what = what;
}

struct cgsum {
	uint64_t ndir, nbfree, nifree, nffree;
};

static void
check_cg(struct ck *ck, uint64_t c, struct cgsum *cs)
{
	const uint8_t *cg = ck->cgbuf, *imap, *fmap, *clmap = NULL;
	uint32_t ndblk = cgndblk(ck, c), nblk, b, f, i, v, run, nfree;
	uint32_t frsum[MAXFRAG] = { 0 }, csum[MAXCONTIGSUM + 1] = { 0 };
	uint32_t ipop = 0, maxmap;
	uint64_t base = c * ck->fpg;
	struct run r = { 0, 0, 0 };
	bool isfree, whole;

	if (rd(ck, (cgstart(ck, c) + ck->cblkno) << ck->fshift, ck->cgbuf,
	       ck->cgsize) != 0) {
		problem(ck, ERR, "cg %llu: cannot read", (unsigned long long)c);
		return;
	}
	if (g32(ck, cg, C_MAGIC) != CGMAGIC) {
		problem(ck, ERR, "cg %llu: bad magic 0x%x", (unsigned long long)c,
			g32(ck, cg, C_MAGIC));
		return;
	}
	/* header fields (section 2.2) */
#define HDR(cond, ...) do { if (!(cond)) problem(ck, ERR, __VA_ARGS__); } while (0)
	HDR(g32(ck, cg, C_CGX) == c, "cg %llu: cg_cgx %u",
	    (unsigned long long)c, g32(ck, cg, C_CGX));
	HDR(g32(ck, cg, C_NDBLK) == ndblk, "cg %llu: cg_ndblk %u, expected %u",
	    (unsigned long long)c, g32(ck, cg, C_NDBLK), ndblk);
	if (ck->ufs == 2) {
		v = g32(ck, cg, C_INITEDIBLK);
		HDR(g32(ck, cg, C_NIBLK) == ck->ipg, "cg %llu: cg_niblk %u, "
		    "expected %u", (unsigned long long)c, g32(ck, cg, C_NIBLK),
		    ck->ipg);
		HDR(v <= ck->ipg && v % ck->inopb == 0, "cg %llu: "
		    "cg_initediblk %u invalid (ipg %u, inopb %u)",
		    (unsigned long long)c, v, ck->ipg, ck->inopb);
		HDR(g32(ck, cg, C_BTOTOFF) == 0 && g32(ck, cg, C_BOFF) == 0 &&
		    g16(ck, cg, C_OLDNCYL) == 0 && g16(ck, cg, C_OLDNIBLK) == 0,
		    "cg %llu: UFS1 fields (old_btotoff, old_boff, old_ncyl, "
		    "old_niblk) set", (unsigned long long)c);
	} else {
		v = g16(ck, cg, C_OLDNCYL);
		HDR(v == ck->oldcpg || (c == ck->ncg - 1 && v > 0 &&
					v < ck->oldcpg), "cg %llu: cg_old_ncyl "
		    "%u, fs_old_cpg %u", (unsigned long long)c, v, ck->oldcpg);
		HDR(g16(ck, cg, C_OLDNIBLK) == ck->ipg, "cg %llu: "
		    "cg_old_niblk %u, expected %u", (unsigned long long)c,
		    g16(ck, cg, C_OLDNIBLK), ck->ipg);
		HDR(g32(ck, cg, C_NIBLK) == 0 && g32(ck, cg, C_INITEDIBLK) == 0,
		    "cg %llu: UFS1 cg with cg_niblk/cg_initediblk set",
		    (unsigned long long)c);
		HDR(g32(ck, cg, C_BTOTOFF) == ck->btotoff &&
		    g32(ck, cg, C_BOFF) == ck->boff, "cg %llu: cg_old_btotoff "
		    "%u / cg_old_boff %u, expected %u / %u",
		    (unsigned long long)c, g32(ck, cg, C_BTOTOFF),
		    g32(ck, cg, C_BOFF), ck->btotoff, ck->boff);
	}
	HDR(g32(ck, cg, C_IUSEDOFF) == ck->iusedoff &&
	    g32(ck, cg, C_FREEOFF) == ck->freeoff &&
	    g32(ck, cg, C_NEXTFREEOFF) == ck->nextfreeoff,
	    "cg %llu: map offsets %u/%u/%u, expected %u/%u/%u",
	    (unsigned long long)c, g32(ck, cg, C_IUSEDOFF),
	    g32(ck, cg, C_FREEOFF), g32(ck, cg, C_NEXTFREEOFF), ck->iusedoff,
	    ck->freeoff, ck->nextfreeoff);
	if (ck->contigsumsize > 0) {
		HDR(g32(ck, cg, C_CLSUMOFF) == ck->clsumoff &&
		    g32(ck, cg, C_CLOFF) == ck->cloff, "cg %llu: cluster "
		    "offsets %u/%u, expected %u/%u", (unsigned long long)c,
		    g32(ck, cg, C_CLSUMOFF), g32(ck, cg, C_CLOFF), ck->clsumoff,
		    ck->cloff);
		HDR(g32(ck, cg, C_NCLBLKS) == ndblk / ck->frag, "cg %llu: "
		    "cg_nclusterblks %u, expected %u", (unsigned long long)c,
		    g32(ck, cg, C_NCLBLKS), ndblk / ck->frag);
		clmap = cg + ck->cloff;
	} else if (ck->contigsumsize_disk == 0) {
		HDR(g32(ck, cg, C_CLSUMOFF) == 0 && g32(ck, cg, C_CLOFF) == 0 &&
		    g32(ck, cg, C_NCLBLKS) == 0, "cg %llu: cluster fields set "
		    "without clusters (fs_contigsumsize 0)",
		    (unsigned long long)c);
	}
	HDR(g32(ck, cg, C_ROTOR) < ndblk && g32(ck, cg, C_FROTOR) < ndblk &&
	    g32(ck, cg, C_IROTOR) < ck->ipg, "cg %llu: rotors %u/%u/%u out of "
	    "range", (unsigned long long)c, g32(ck, cg, C_ROTOR),
	    g32(ck, cg, C_FROTOR), g32(ck, cg, C_IROTOR));
	if (ck->cgckhash) {
		uint32_t want = g32(ck, cg, C_CKHASH), got;

		memset(ck->cgbuf + C_CKHASH, 0, 4);
		got = crc32c(ck->cgbuf, ck->cgsize);
		HDR(got == want, "cg %llu: check hash 0x%08x, computed 0x%08x",
		    (unsigned long long)c, want, got);
	}
	for (i = 0; i < 3; i++)
		HDR((g32(ck, cg, C_SPARE + 4 * i) == 0 ||
		     (ck->cgckhash && C_SPARE + 4 * i == C_CKHASH)) &&
		    g64(ck, cg, C_SPARE64 + 8 * i) == 0, "cg %llu: spare "
		    "field %u set", (unsigned long long)c, i);
#undef HDR

	/* inode map: population; inodes 0 and 1 reserved in cg 0 */
	imap = cg + ck->iusedoff;
	for (i = 0; i < ck->ipg; i++)
		ipop += bit(imap, i);
	if (c == 0 && (!bit(imap, 0) || !bit(imap, 1)))
		problem(ck, ERR, "cg 0: inodes 0 and 1 not marked in use");
	for (i = ck->ipg; i < ((ck->ipg + 7) & ~7u); i++)
		if (bit(imap, i))
			problem(ck, ERR, "cg %llu: inode map bit %u past ipg "
				"set", (unsigned long long)c, i);

	/* free map against the computed usage; per-block summaries */
	fmap = cg + ck->freeoff;
	nblk = (ndblk + ck->frag - 1) / ck->frag;
	run = 0;
	for (b = 0; b < nblk; b++) {
		nfree = 0;
		whole = true;
		for (f = b * ck->frag; f < (b + 1) * ck->frag; f++) {
			isfree = f < ndblk && bit(fmap, f);
			if (f < ndblk) {
				if (isfree && bit(ck->used, base + f))
					run_add(ck, &r, base + f, 1);
				else if (!isfree && !bit(ck->used, base + f))
					run_add(ck, &r, base + f, 2);
			}
			whole = whole && isfree;
			nfree += isfree;
		}
		if (whole) {
			cs->nbfree++;
		} else {
			cs->nffree += nfree;
			/* maximal free runs inside the block */
			for (f = b * ck->frag, i = 0; f <= (b + 1) * ck->frag;
			     f++) {
				if (f < (b + 1) * ck->frag && f < ndblk &&
				    bit(fmap, f)) {
					i++;
				} else if (i) {
					/* i < frag <= MAXFRAG (mount checks) */
					if (i < MAXFRAG)
						frsum[i]++;
					i = 0;
				}
			}
		}
		if (clmap != NULL && b < ndblk / ck->frag) {
			if (bit(clmap, b) != whole)
				problem(ck, ERR, "cg %llu: cluster map bit %u "
					"is %d, block is %s",
					(unsigned long long)c, b, bit(clmap, b),
					whole ? "free" : "in use");
			if (bit(clmap, b)) {
				run++;
			} else if (run) {
				csum[run > ck->contigsumsize ?
				     ck->contigsumsize : run]++;
				run = 0;
			}
		}
	}
	if (run)
		csum[run > ck->contigsumsize ? ck->contigsumsize : run]++;
	run_flush(ck, &r);
	maxmap = (ck->fpg + 7) & ~7u;
	for (f = ndblk; f < maxmap; f++)
		if (bit(fmap, f)) {
			problem(ck, ERR, "cg %llu: frag %u past the cg's end "
				"marked free", (unsigned long long)c, f);
			break;
		}
	for (i = 1; i < 8; i++) {
		v = g32(ck, cg, C_FRSUM + 4 * i);
		if (v != (i < ck->frag ? frsum[i] : 0))
			problem(ck, ERR, "cg %llu: frsum[%u] %u, counted %u",
				(unsigned long long)c, i, v,
				i < ck->frag ? frsum[i] : 0);
	}
	if (clmap != NULL) {
		for (i = 1; i <= ck->contigsumsize; i++) {
			v = g32(ck, cg, ck->clsumoff + 4 * i);
			if (v != csum[i])
				problem(ck, ERR, "cg %llu: cluster summary[%u] "
					"%u, counted %u", (unsigned long long)c,
					i, v, csum[i]);
		}
		for (b = ndblk / ck->frag; b < (((ck->fpg >> ck->fragshift) +
						 7) & ~7u); b++)
			if (bit(clmap, b)) {
				problem(ck, ERR, "cg %llu: cluster bit %u past "
					"the cg's end", (unsigned long long)c, b);
				break;
			}
	}
	cs->nifree = ck->ipg - ipop;
	cs->ndir = ck->cgndir[c];
	/* the cg's own counts against its maps */
	/*
	 * cs_ndir is counted from the inodes' modes, which are written
	 * apart from the cg: an allocation writes the cg (cs_ndir + 1)
	 * before the inode, a free clears the inode before the cg
	 * (ffs_alloc.c, ffs_core_ifree).  A crash leaves it too high at
	 * worst: a stale summary on an unclean fs; too low, an error.
	 */
	if (g32(ck, cg, C_CS) != cs->ndir)
		problem(ck, g32(ck, cg, C_CS) > cs->ndir ? crashcls(ck) : ERR,
			"cg %llu: cs_ndir %u, counted %llu",
			(unsigned long long)c, g32(ck, cg, C_CS),
			(unsigned long long)cs->ndir);
	if (g32(ck, cg, C_CS + 4) != cs->nbfree)
		problem(ck, ERR, "cg %llu: cs_nbfree %u, counted %llu",
			(unsigned long long)c, g32(ck, cg, C_CS + 4),
			(unsigned long long)cs->nbfree);
	if (g32(ck, cg, C_CS + 8) != cs->nifree)
		problem(ck, ERR, "cg %llu: cs_nifree %u, counted %llu",
			(unsigned long long)c, g32(ck, cg, C_CS + 8),
			(unsigned long long)cs->nifree);
	if (g32(ck, cg, C_CS + 12) != cs->nffree)
		problem(ck, ERR, "cg %llu: cs_nffree %u, counted %llu",
			(unsigned long long)c, g32(ck, cg, C_CS + 12),
			(unsigned long long)cs->nffree);
}

static void
check_cgs(struct ck *ck)
{
	static const char *const nm[4] = { "ndir", "nbfree", "nifree",
		"nffree" };
	uint8_t *csa = xcalloc(1, (size_t)ck->csfrags << ck->fshift);
	uint64_t c, tot[4] = { 0 }, got[4];
	struct cgsum cs;
	bool csok;
	int i, cls = sumcls(ck);

	csok = rd(ck, ck->csaddr << ck->fshift, csa,
		  (size_t)ck->csfrags << ck->fshift) == 0;
	if (!csok)
		problem(ck, ERR, "cannot read the summary area");
	for (c = 0; c < ck->ncg; c++) {
		memset(&cs, 0, sizeof(cs));
		check_cg(ck, c, &cs);
		tot[0] += cs.ndir;
		tot[1] += cs.nbfree;
		tot[2] += cs.nifree;
		tot[3] += cs.nffree;
		if (!csok)
			continue;
		for (i = 0; i < 4; i++) {
			got[i] = g32(ck, csa, c * 16 + 4 * (size_t)i);
			if (got[i] != (i == 0 ? cs.ndir : i == 1 ? cs.nbfree :
				       i == 2 ? cs.nifree : cs.nffree))
				problem(ck, cls, "summary area: cg %llu: cs_%s "
					"%llu, counted %llu",
					(unsigned long long)c, nm[i],
					(unsigned long long)got[i],
					(unsigned long long)(i == 0 ? cs.ndir :
					i == 1 ? cs.nbfree : i == 2 ? cs.nifree :
					cs.nffree));
		}
	}
	free(csa);
	for (i = 0; i < 4; i++) {
		if (!ck->oldlayout) {
			got[i] = g64(ck, ck->sb, O_CSTOTAL + 8 * (size_t)i);
			if (got[i] != tot[i])
				problem(ck, cls, "superblock: fs_cstotal.cs_%s "
					"%llu, counted %llu", nm[i],
					(unsigned long long)got[i],
					(unsigned long long)tot[i]);
		}
		/*
		 * UFS1's old copy counts only in the old layout: with
		 * FS_FLAGS_UPDATED, NetBSD keeps fs_cstotal alone and
		 * leaves fs_old_cstotal as it was (its fsck_ffs does not
		 * compare it; ../shared/testdata/ffs/netbsd shows it).
		 */
		if (ck->oldlayout) {
			got[i] = g32(ck, ck->sb, O_OLDCSTOTAL + 4 * (size_t)i);
			if (got[i] != tot[i])
				problem(ck, cls, "superblock: "
					"fs_old_cstotal.cs_%s %llu, counted %llu",
					nm[i], (unsigned long long)got[i],
					(unsigned long long)tot[i]);
		}
	}
	ck->cs_ndir = tot[0];
	ck->cs_nbfree = tot[1];
	ck->cs_nifree = tot[2];
	ck->cs_nffree = tot[3];
}

/* ---- paths of the inodes named in the report ---------------------------- */
/*
 * "/a/b" for directory dp (built from the parent links of pass 2); a
 * path that does not reach the root starts with "?".
 */
static void
dirpath(struct ck *ck, struct dir *dp, char *out, size_t outlen)
{
	char tmp[4096], nm[256 * 4 + 1];
	size_t n, steps = 0;
	struct dir *p = dp;

	out[0] = '\0';
	if (dp->ino == ROOTINO) {
		snprintf(out, outlen, "/");
		return;
	}
	if (!dp->named) {
		snprintf(out, outlen, "(no name)");
		return;
	}
	while (p != NULL && p->ino != ROOTINO && steps++ < ck->ndirs) {
		if (!p->named) {
			snprintf(tmp, sizeof(tmp), "?%s", out);
			snprintf(out, outlen, "%s", tmp);
			return;
		}
		n = strlen(ck->dnames + p->name);
		printname(nm, sizeof(nm), (const uint8_t *)ck->dnames + p->name,
			  (int)n);
		snprintf(tmp, sizeof(tmp), "/%s%s", nm, out);
		snprintf(out, outlen, "%s", tmp);
		p = finddir(ck, p->parent);
	}
	if (p == NULL || p->ino != ROOTINO) {
		snprintf(tmp, sizeof(tmp), "?%s", out);
		snprintf(out, outlen, "%s", tmp);
	}
}

/* Find a name of each wanted non-directory inode: one more light scan. */
static void
find_names(struct ck *ck, uint8_t *blk)
{
	uint32_t pos, reclen, namlen;
	uint64_t ino, size, len, o;
	const uint8_t *di, *c;
	struct walk w;
	size_t d, i;
	int k;

	for (d = 0; d < ck->ndirs; d++) {
		di = load_dinode(ck, ck->dirs[d].ino);
		if (di == NULL)
			continue;
		memset(&w, 0, sizeof(w));
		w.ino = ck->dirs[d].ino;
		size = g64(ck, di, ck->ufs == 1 ? 8 : 16);
		if (size > ck->maxfilesize)
			size = ck->maxfilesize;
		w.size = size - size % DIRBLK;
		w.budget = (w.size >> ck->bshift) / ck->nindir + 8;
		ck->quiet = true;
		walk_inode(ck, &w, di);
		ck->quiet = false;
		for (i = 0; i < w.nv; i++) {
			len = (uint64_t)w.v[i].nfrags << ck->fshift;
			if (len > w.size - (w.v[i].lbn << ck->bshift))
				len = w.size - (w.v[i].lbn << ck->bshift);
			if (rd(ck, w.v[i].d << ck->fshift, blk, (size_t)len))
				continue;
			for (o = 0; o + DIRBLK <= len; o += DIRBLK) {
				c = blk + o;
				for (pos = 0; pos + 8 <= DIRBLK; pos += reclen) {
					ino = g32(ck, c, pos);
					reclen = g16(ck, c, pos + 4);
					namlen = c[pos + 7];
					if (reclen < 8 || pos + reclen > DIRBLK ||
					    8 + namlen > reclen)
						break;
					if (ino == 0 || (namlen <= 2 &&
					    c[pos + 8] == '.' && (namlen == 1 ||
					    c[pos + 9] == '.')))
						continue;
					for (k = 0; k < ck->nwant; k++)
						if (ck->want[k] == ino &&
						    ck->wparent[k] == 0) {
							ck->wparent[k] = w.ino;
							printname(ck->wname[k], 256,
								  c + pos + 8,
								  (int)namlen);
						}
				}
			}
		}
		free(w.v);
	}
}

static void
print_paths(struct ck *ck)
{
	uint8_t *blk = xcalloc(1, ck->bsize);
	char path[4096];
	struct dir *dp;
	int k;

	ck->pass = PCOLLECT;
	find_names(ck, blk);
	free(blk);
	for (k = 0; k < ck->nwant; k++) {
		dp = finddir(ck, ck->want[k]);
		if (dp != NULL) {
			dirpath(ck, dp, path, sizeof(path));
		} else if (ck->wparent[k] != 0 &&
			   (dp = finddir(ck, ck->wparent[k])) != NULL) {
			dirpath(ck, dp, path, sizeof(path) - 300);
			if (strcmp(path, "/") != 0)
				strcat(path, "/");
			strcat(path, ck->wname[k]);
		} else {
			snprintf(path, sizeof(path), "(no name)");
		}
		fprintf(ck->rep, "fsck: ino %llu is %s\n",
			(unsigned long long)ck->want[k], path);
	}
}

/* ---- driver ---------------------------------------------------------------- */
static int
devread(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct ck *ck = ctx;

	return rd(ck, off, buf, len) == 0 ? 0 : 5;	/* EIO */
}

static void
special_inodes(struct ck *ck)
{
	uint64_t v;
	int i;

	for (i = 0; i < 20; i++) {
		v = g32(ck, ck->sb, O_SNAPINUM + 4 * (size_t)i);
		if (v == 0)
			break;
		addexempt(ck, v);
	}
	if (!ck->oldlayout && (ck->fsflags & FSF_DOWAPBL) &&
	    ck->sb[O_JLOC] == 2)
		addexempt(ck, g64(ck, ck->sb, O_JLOCS + 8 * 3));
	if (!ck->oldlayout && (ck->fsflags & FSF_DOQUOTA2))
		for (i = 0; i < 2; i++)
			addexempt(ck, g64(ck, ck->sb, O_QUOTAFILE + 8 * (size_t)i));
}

static void
cleanup(struct ck *ck)
{
	int i;

	free(ck->used);
	free(ck->itype);
	free(ck->nlink);
	free(ck->refs);
	free(ck->cgndir);
	free(ck->dirs);
	free(ck->dups);
	free(ck->dupown);
	free(ck->names);
	free(ck->dnames);
	free(ck->nameoff);
	for (i = 0; i < NIADDR; i++)
		free(ck->ibuf[i]);
	free(ck->cgbuf);
	free(ck->inobuf);
	if (ck->fd >= 0)
		close(ck->fd);
}

int
rumpffs_fsck(const char *image, int flags, FILE *report,
	     struct fsck_summary *sum)
{
	struct ck *ck;
	struct ffs_dev dev;
	struct ffs_core *fs;
	struct ffs_info fi;
	struct stat st;
	char why[256];
	uint64_t freefr;
	int e, i, rc;

	ck = xcalloc(1, sizeof(*ck));
	ck->image = image;
	ck->rep = report;
	ck->flags = flags;
	ck->maxlines = MAXLINES_DEFAULT;
	ck->fd = open(image, O_RDONLY);
	if (ck->fd < 0 || fstat(ck->fd, &st) != 0) {
		if (report)
			fprintf(report, "fsck: %s: %s\n", image,
				strerror(errno));
		cleanup(ck);
		free(ck);
		return FSCK_EXIT_CANTCHECK;
	}
	memset(&dev, 0, sizeof(dev));
	dev.read = devread;
	dev.ctx = ck;
	dev.size = (uint64_t)st.st_size;
	if (S_ISBLK(st.st_mode)) {
		off_t end = lseek(ck->fd, 0, SEEK_END);

		dev.size = end > 0 ? (uint64_t)end : 0;
	}
	/* The core only finds and validates the superblock. */
	e = ffs_core_mount(&dev, FFS_MOUNT_FORCE, &fs, why, sizeof(why));
	if (e != 0) {
		if (report)
			fprintf(report, "fsck: %s: cannot check: %s\n", image,
				why);
		cleanup(ck);
		free(ck);
		return FSCK_EXIT_CANTCHECK;
	}
	ffs_core_info(fs, &fi);
	ffs_core_unmount(fs);
	ck->sblockloc = fi.sblockloc;
	ck->wapbl_dirty = fi.wapbl == FFS_WAPBL_DIRTY;
	if (load_sb(ck) != 0 || ck->ufs != fi.ufs || ck->size != fi.size ||
	    ck->nextfreeoff > ck->bsize || ck->cgsize > ck->bsize) {
		if (report)
			fprintf(report, "fsck: %s: cannot check: superblock "
				"geometry unusable\n", image);
		cleanup(ck);
		free(ck);
		return FSCK_EXIT_CANTCHECK;
	}
	ck->used = xcalloc((size_t)((ck->size + 7) / 8), 1);
	ck->itype = xcalloc((size_t)ck->ninodes, 1);
	ck->nlink = xcalloc((size_t)ck->ninodes, sizeof(int16_t));
	ck->refs = xcalloc((size_t)ck->ninodes, sizeof(uint32_t));
	ck->cgndir = xcalloc(ck->ncg, sizeof(uint32_t));
	for (i = 0; i < NIADDR; i++)
		ck->ibuf[i] = xcalloc(1, ck->bsize);
	ck->cgbuf = xcalloc(1, ck->bsize);
	ck->inobuf = xcalloc(1, ck->bsize);
	if (ck->cgsize < ck->nextfreeoff)
		ck->cgsize = ck->nextfreeoff;	/* reported in check_sb */

	/* pass 0 */
	if (ck->wapbl_dirty)
		/*
		 * The log holds committed transactions whose in-place
		 * writes may be missing: the maps and tree read below are
		 * the state before the replay, not the file system.
		 */
		problem(ck, ERR, "superblock: FS_DOWAPBL set and the WAPBL "
			"journal is not empty: it must be replayed first (a "
			"NetBSD mount or fsck_ffs does; rumpffs cannot); "
			"what follows is the image before the replay");
	check_sb(ck);
	check_backups(ck);
	special_inodes(ck);
	/* pass 1 (+1b) */
	mark_meta(ck);
	ck->pass = P1;
	scan_inodes(ck);
	if (ck->ndups > 0) {
		size_t j, k = 0;

		qsort(ck->dups, ck->ndups, sizeof(uint64_t), cmp64);
		for (j = 0; j < ck->ndups; j++)
			if (k == 0 || ck->dups[k - 1] != ck->dups[j])
				ck->dups[k++] = ck->dups[j];
		ck->ndups = k;
		ck->dupown = xcalloc(ck->ndups, sizeof(uint64_t));
		memset(ck->used, 0, (size_t)((ck->size + 7) / 8));
		mark_meta(ck);
		ck->pass = P1B;
		ck->quiet = true;
		scan_inodes(ck);
		ck->quiet = false;
	}
	/* passes 2-4 */
	check_dirs(ck);
	check_tree(ck);
	check_links(ck);
	/* pass 5 */
	check_cgs(ck);
	if (ck->nwant > 0 && ck->rep != NULL && !(flags & FSCK_QUIET))
		print_paths(ck);

	freefr = ck->cs_nbfree * ck->frag + ck->cs_nffree;
	rc = ck->errors ? FSCK_EXIT_ERRORS : ck->leaks ? FSCK_EXIT_LEAKS :
		FSCK_EXIT_CLEAN;
	if (sum != NULL) {
		memset(sum, 0, sizeof(*sum));
		sum->files = ck->files;
		sum->dirs = ck->ndirs;
		sum->free = freefr;
		sum->used = ck->dsize > freefr ? ck->dsize - freefr : 0;
		sum->freefrags = ck->cs_nffree;
		sum->freeblocks = ck->cs_nbfree;
		sum->leaks = ck->leaks;
		sum->errors = ck->errors;
		sum->clean = ck->clean;
		sum->ufs = ck->ufs;
	}
	if (report != NULL && !(flags & FSCK_NOSUMMARY)) {
		fprintf(report, "fsck: %s: %llu files, %llu used, %llu free "
			"(%llu frags, %llu blocks); fs_clean %u (%s); ", image,
			(unsigned long long)ck->files,
			(unsigned long long)(ck->dsize > freefr ?
					     ck->dsize - freefr : 0),
			(unsigned long long)freefr,
			(unsigned long long)ck->cs_nffree,
			(unsigned long long)ck->cs_nbfree, ck->clean,
			(ck->clean & FS_ISCLEAN) ? "clean" : "not clean");
		if (rc == FSCK_EXIT_CLEAN)
			fprintf(report, "no problems\n");
		else
			fprintf(report, "%llu leak%s, %llu error%s\n",
				(unsigned long long)ck->leaks,
				ck->leaks == 1 ? "" : "s",
				(unsigned long long)ck->errors,
				ck->errors == 1 ? "" : "s");
	}
	cleanup(ck);
	free(ck);
	return rc;
}

static const char fsck_help[] =
"usage: rumpffs fsck [-n] [-q] IMAGE   check an FFS image (never written)\n"
"Exit 0 clean; 1 leaks only; 2 at least one error; 8 cannot check.\n"
"leak: what a crash of the synchronous write ordering leaves and BSD\n"
"  fsck_ffs repairs in preen mode -- nothing lost, space or inodes held:\n"
"  fragments or inodes marked in use but unreferenced, inodes with no\n"
"  name, link counts ABOVE the references, di_blocks, pointers past EOF,\n"
"  leftover nlink/di_blocks of a free inode, fs_fmod/fs_ronly on disk;\n"
"  with fs_clean 0 also: stale summary counts (summary area, fs_cstotal,\n"
"  a cg's cs_ndir too high), an empty directory no entry names (mkdir\n"
"  cut short), a directory with two names whose \"..\" names one of them\n"
"  (a directory rename cut short).\n"
"error: everything else, e.g. any link count BELOW its references\n"
"  (fsck_ffs will not raise one in preen mode), a directory with one\n"
"  name and a stale \"..\", named three times, or unreachable with\n"
"  entries, a cs_ndir too low, used space marked free, a fragment claimed\n"
"  twice, bad entries or pointers, cg counts against the cg's own maps,\n"
"  the same stale summaries on a clean fs, and an unreplayed WAPBL\n"
"  journal (FS_DOWAPBL with a non-empty log: NetBSD must replay it).\n";

int
rumpffs_fsck_main(int argc, char **argv)
{
	int i, flags = 0;
	const char *image = NULL;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-n") == 0)
			continue;	/* always read-only */
		if (strcmp(argv[i], "-y") == 0 || strcmp(argv[i], "-p") == 0) {
			fprintf(stderr, "fsck: repair is not implemented; "
				"checking only (nothing is written)\n");
			continue;
		}
		if (strcmp(argv[i], "-q") == 0) {
			flags |= FSCK_QUIET;
			continue;
		}
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			fputs(fsck_help, stdout);
			return 0;
		}
		if (argv[i][0] == '-' || image != NULL) {
			fprintf(stderr, "usage: rumpffs fsck [-n] [-q] IMAGE\n");
			return FSCK_EXIT_CANTCHECK;
		}
		image = argv[i];
	}
	if (image == NULL) {
		fprintf(stderr, "usage: rumpffs fsck [-n] [-q] IMAGE\n");
		return FSCK_EXIT_CANTCHECK;
	}
	return rumpffs_fsck(image, flags, stdout, NULL);
}
