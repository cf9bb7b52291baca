// SPDX-License-Identifier: BSD-2-Clause
/*
 * newfs.c - make a new FFS in an image file: `rumpffs newfs`.
 *
 * The layout is NetBSD newfs(8)'s (facts in shared/design/ffs-format.md
 * §1-§2; NetBSD sbin/newfs/{newfs,mkfs}.c read for the algorithm, no
 * text taken):
 *
 *  - superblock at 8192 (UFS1, with FS_FLAGS_UPDATED and the old 32-bit
 *    copies filled) or 65536 (UFS2); a copy in every cylinder group;
 *  - the cg count: as few groups as keep one cg's maps inside one block
 *    (at least 4 unless the file system is small), all groups the same
 *    size; a last group too small for its inode blocks is dropped;
 *  - canonical cg headers and map offsets, cluster maps when
 *    maxcontig > 1, exact frsum / cluster summaries;
 *  - the summary area at cgdmin(0); the root directory (inode 2, 0755,
 *    "." and "..") in the first whole free block of cg 0, one fragment;
 *  - UFS2: only min(ipg, 2 * inopb) inodes per cg initialised (lazy
 *    inode initialisation); UFS1: every inode.  Initialised inodes are
 *    zero but for a random di_gen, as NetBSD newfs writes them.
 *
 * Defaults follow NetBSD newfs: block/fragment size by file system size
 * (< 20 MiB 4096/512, < 1000 MiB 8192/1024, < 128 GiB 16384/2048, else
 * 32768/4096), 4 * fsize bytes per inode, minfree 5 % (optimisation
 * "space" below 5 %, else "time"), maxcontig 64 KiB / bsize (MAXPHYS),
 * cluster summary min(maxcontig, 16), maxbpg one indirect block of
 * pointers (bsize / 4 for UFS1, bsize / 8 for UFS2), avgfilesize 16384,
 * avgfpdir 64.  The default format is UFS2 (the project's choice; NetBSD
 * newfs defaults to -O 1).
 *
 * Deviations on purpose: the old UFS1 rotational tables (cg_old_btot /
 * cg_old_b) are left zero, as NetBSD's fsck_ffs and kernel treat them
 * for FS_FLAGS_UPDATED file systems (newfs alone fills them); the root
 * inode carries times for UFS1 too; backups carry the final counts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <linux/fs.h>

#include "newfs.h"

#define SBLOCKSIZE	8192
#define SBLOCK_UFS1	8192
#define SBLOCK_UFS2	65536
#define SBSTRUCT	1376	/* sizeof(struct fs) */
#define MINBSIZE	4096
#define MAXBSIZE	65536
#define MAXFRAG		8
#define MAXPHYS		65536	/* NetBSD's, caps maxcontig */
#define FS_MAXCONTIG	16
#define MINCYLGRPS	4
#define MINFREE		5
#define AVFILESIZ	16384
#define AFPDIR		64
#define NFPI		4	/* fragments per inode by default */
#define ROOTINO		2
#define DIRBLKSIZ	512
#define CGSTRUCT	176	/* sizeof(struct cg) as CGSIZE counts it */
#define CGHDR		168	/* where the maps start */
#define FS_UFS1_MAGIC	0x00011954
#define FS_UFS2_MAGIC	0x19540119
#define CG_MAGIC	0x090255
#define FS_FLAGS_UPDATED 0x80
#define FS_44INODEFMT	2
#define FS_DYNAMICPOSTBLFMT 1
#define FS_ISCLEAN	1
#define FS_OPTTIME	0
#define FS_OPTSPACE	1
#define IFDIR		0040000
#define DT_DIR		4

/* byte offsets in struct fs (ffs-format.md §1.2) */
enum {
	SB_SBLKNO = 0x008, SB_CBLKNO = 0x00C, SB_IBLKNO = 0x010,
	SB_DBLKNO = 0x014, SB_OLD_CGOFFSET = 0x018, SB_OLD_CGMASK = 0x01C,
	SB_OLD_TIME = 0x020, SB_OLD_SIZE = 0x024, SB_OLD_DSIZE = 0x028,
	SB_NCG = 0x02C, SB_BSIZE = 0x030, SB_FSIZE = 0x034, SB_FRAG = 0x038,
	SB_MINFREE = 0x03C, SB_OLD_ROTDELAY = 0x040, SB_OLD_RPS = 0x044,
	SB_BMASK = 0x048, SB_FMASK = 0x04C, SB_BSHIFT = 0x050,
	SB_FSHIFT = 0x054, SB_MAXCONTIG = 0x058, SB_MAXBPG = 0x05C,
	SB_FRAGSHIFT = 0x060, SB_FSBTODB = 0x064, SB_SBSIZE = 0x068,
	SB_NINDIR = 0x074, SB_INOPB = 0x078, SB_OLD_NSPF = 0x07C,
	SB_OPTIM = 0x080, SB_OLD_NPSECT = 0x084, SB_OLD_INTERLEAVE = 0x088,
	SB_ID = 0x090, SB_OLD_CSADDR = 0x098, SB_CSSIZE = 0x09C,
	SB_CGSIZE = 0x0A0, SB_OLD_NSECT = 0x0A8, SB_OLD_SPC = 0x0AC,
	SB_OLD_NCYL = 0x0B0, SB_OLD_CPG = 0x0B4, SB_IPG = 0x0B8,
	SB_FPG = 0x0BC, SB_OLD_CSTOTAL = 0x0C0, SB_CLEAN = 0x0D1,
	SB_OLD_FLAGS = 0x0D3, SB_VOLNAME = 0x2A8, SB_MAXBSIZE = 0x35C,
	SB_SBLOCKLOC = 0x3E8, SB_CSTOTAL = 0x3F0, SB_TIME = 0x430,
	SB_SIZE = 0x438, SB_DSIZE = 0x440, SB_CSADDR = 0x448,
	SB_AVGFILESIZE = 0x4AC, SB_AVGFPDIR = 0x4B0, SB_CONTIGSUMSIZE = 0x524,
	SB_MAXSYMLINKLEN = 0x528, SB_OLD_INODEFMT = 0x52C,
	SB_MAXFILESIZE = 0x530, SB_QBMASK = 0x538, SB_QFMASK = 0x540,
	SB_OLD_POSTBLFORMAT = 0x54C, SB_OLD_NRPOS = 0x550, SB_MAGIC = 0x55C,
};
/* byte offsets in struct cg (ffs-format.md §2.2) */
enum {
	CG_MAGICOFF = 0x04, CG_OLD_TIME = 0x08, CG_CGX = 0x0C,
	CG_OLD_NCYL = 0x10, CG_OLD_NIBLK = 0x12, CG_NDBLK = 0x14,
	CG_CS = 0x18, CG_FRSUM = 0x34, CG_OLD_BTOTOFF = 0x54,
	CG_OLD_BOFF = 0x58, CG_IUSEDOFF = 0x5C, CG_FREEOFF = 0x60,
	CG_NEXTFREEOFF = 0x64, CG_CLUSTERSUMOFF = 0x68, CG_CLUSTEROFF = 0x6C,
	CG_NCLUSTERBLKS = 0x70, CG_NIBLK = 0x74, CG_INITEDIBLK = 0x78,
	CG_TIME = 0x88,
};

static uint64_t
howmany(uint64_t x, uint64_t y)
{
	return (x + y - 1) / y;
}

static uint64_t
roundup(uint64_t x, uint64_t y)
{
	return howmany(x, y) * y;
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

static int
fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((__format__(__printf__, 3, 4)));

static int
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

void
rumpffs_newfs_defaults(struct newfs_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->ufs = 2;
	o->byteorder = NEWFS_HOST_ORDER;
	o->minfree = MINFREE;
}

int
rumpffs_parse_size(const char *s, uint64_t *out)
{
	unsigned long long v;
	unsigned shift = 0;
	char *end;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	switch (*end) {
	case '\0':
		break;
	case 'k': case 'K':
		shift = 10;
		break;
	case 'm': case 'M':
		shift = 20;
		break;
	case 'g': case 'G':
		shift = 30;
		break;
	case 't': case 'T':
		shift = 40;
		break;
	default:
		return -1;
	}
	if (*end != '\0' && end[1] != '\0')
		return -1;
	if (shift && v > (UINT64_MAX >> shift))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

/* ---- geometry ---- */

/* Bytes of a cg holding ipg inodes and fpg fragments (NetBSD's CGSIZE). */
static uint64_t
cgsize_if(const struct newfs_geom *g, uint64_t ipg, uint64_t fpg)
{
	uint64_t oldcpg = g->ufs == 1 ? 1 : 0;
	uint64_t s;

	s = CGSTRUCT + 4 + oldcpg * 4 + oldcpg * 2 + howmany(ipg, 8) +
		howmany(fpg, 8);
	if (g->contigsumsize > 0)
		s += g->contigsumsize * 4 + howmany(fpg / g->frag, 8);
	return s;
}

static uint64_t min_size(const struct newfs_opts *o, uint64_t from);

static int
geometry(const struct newfs_opts *o, struct newfs_geom *g, char *err,
	 size_t errlen, bool hint)
{
	uint64_t sectors, size, inodeblks, fperib, cgzero, cgall, ncg, fpg, i;
	uint64_t cs, csfrags, rootblk, cg0end, lastsize;
	uint32_t bsize = o->bsize, fsize = o->fsize, inopb;

	memset(g, 0, sizeof(*g));
	if (o->ufs != 1 && o->ufs != 2)
		return fail(err, errlen, "format must be 1 (UFS1) or 2 (UFS2), "
			    "not %d", o->ufs);
	if (o->byteorder != NEWFS_HOST_ORDER &&
	    o->byteorder != NEWFS_LITTLE_ENDIAN &&
	    o->byteorder != NEWFS_BIG_ENDIAN)
		return fail(err, errlen, "byte order must be le or be");
	if (o->minfree < 0 || o->minfree > 99)
		return fail(err, errlen, "minfree %d%% out of range: use "
			    "0..99", o->minfree);
	if (o->volname != NULL && strlen(o->volname) > 31)
		return fail(err, errlen, "volume name \"%s\" is longer than "
			    "31 bytes", o->volname);
	if (o->size == 0)
		return fail(err, errlen, "no size given: use -s SIZE (e.g. "
			    "-s 64m)");
	sectors = o->size / 512;

	/* Block and fragment sizes: NetBSD newfs's table by size. */
	if (fsize == 0 && bsize == 0) {
		if (sectors < 20ULL * 1024 * 2)
			fsize = 512;
		else if (sectors < 1000ULL * 1024 * 2)
			fsize = 1024;
		else if (sectors < 128ULL * 1024 * 1024 * 2)
			fsize = 2048;
		else
			fsize = 4096;
	}
	if (fsize == 0)
		fsize = bsize / MAXFRAG;
	if (bsize == 0)
		bsize = fsize * MAXFRAG > MAXBSIZE ? MAXBSIZE :
			fsize * MAXFRAG;
	if (!ispow2(bsize) || bsize < MINBSIZE || bsize > MAXBSIZE)
		return fail(err, errlen, "block size %u must be a power of two "
			    "from 4096 to 65536: use e.g. -b 8192", bsize);
	if (!ispow2(fsize) || fsize < 512 || fsize > bsize ||
	    fsize < bsize / MAXFRAG)
		return fail(err, errlen, "fragment size %u must be a power of "
			    "two from %u (block size / 8, at least 512) to %u "
			    "(the block size): use e.g. -f %u", fsize,
			    bsize / MAXFRAG < 512 ? 512 : bsize / MAXFRAG,
			    bsize, bsize / MAXFRAG < 512 ? 512 :
			    bsize / MAXFRAG);
	g->ufs = o->ufs;
	g->bsize = bsize;
	g->fsize = fsize;
	g->frag = bsize / fsize;
	g->minfree = (uint32_t)o->minfree;
	g->optim = o->minfree < MINFREE ? FS_OPTSPACE : FS_OPTTIME;
	g->density = o->density ? o->density : NFPI * fsize;
	if (o->density > INT32_MAX)
		return fail(err, errlen, "bytes per inode %u too large",
			    o->density);
	g->maxcontig = MAXPHYS / bsize > 1 ? MAXPHYS / bsize : 1;
	g->contigsumsize = g->maxcontig > 1 ?
		(g->maxcontig < FS_MAXCONTIG ? g->maxcontig : FS_MAXCONTIG) : 0;
	g->maxbpg = bsize / (o->ufs == 1 ? 4 : 8);
	g->sblockloc = o->ufs == 1 ? SBLOCK_UFS1 : SBLOCK_UFS2;
	inopb = bsize / (o->ufs == 1 ? 128 : 256);
	g->sbsize = (uint32_t)roundup(SBSTRUCT, fsize);
	if (g->sbsize > SBLOCKSIZE)
		g->sbsize = SBLOCKSIZE;

	size = sectors >> ilog2(fsize / 512);
	if (o->ufs == 1 && size >= (1ULL << 31))
		return fail(err, errlen, "%" PRIu64 " fragments are too many "
			    "for UFS1 (limit 2^31): use -O 2, or a larger "
			    "fragment size", size);
	g->sblkno = (uint32_t)roundup(howmany(g->sblockloc + SBLOCKSIZE,
					      fsize), g->frag);
	g->cblkno = g->sblkno + (uint32_t)roundup(howmany(SBLOCKSIZE, fsize),
						  g->frag);
	g->iblkno = g->cblkno + g->frag;
	if (size < (uint64_t)g->iblkno + 3 * g->frag)
		goto toosmall;

	/* Inode blocks for the whole file system at the density. */
	fperib = ((uint64_t)g->density * inopb) / fsize;
	if (fperib == 0)
		fperib = 1;
	inodeblks = (size - g->iblkno) / (g->frag + fperib);
	if (inodeblks == 0)
		inodeblks = 1;
	if (inodeblks > (size - g->iblkno) / g->frag - 2)
		inodeblks = (size - g->iblkno) / g->frag - 2;
	if (inodeblks * inopb >= (1ULL << 31))
		inodeblks = ((1ULL << 31) - 8) / inopb;

	/*
	 * How many cgs keep one cg's maps within a block, assuming the map
	 * size linear in the cg size (minus one byte for rounding).
	 */
	cgzero = cgsize_if(g, 0, 0);
	cgall = cgsize_if(g, inodeblks * inopb, size);
	ncg = howmany(cgall - cgzero, bsize - cgzero - 1);
	if (ncg < MINCYLGRPS) {
		/* At least 4 cgs, but not on small file systems. */
		i = size / 2 / (g->iblkno + inodeblks * g->frag);
		if (i > ncg)
			ncg = i;
		if (ncg > MINCYLGRPS)
			ncg = MINCYLGRPS;
		if (ncg > inodeblks)
			ncg = inodeblks;
	}
	/* Equal cgs; shrink by whole bytes of free map if one overflows. */
	fpg = roundup(howmany(size, ncg), g->frag);
	i = cgsize_if(g, inodeblks * inopb / ncg, fpg);
	if (i > bsize)
		fpg -= (i - bsize) * 8;
	if (fpg == 0 || fpg > INT32_MAX)
		return fail(err, errlen, "no cylinder-group size fits: use a "
			    "larger block size (-b)");
	ncg = howmany(size, fpg);
	inodeblks /= ncg;
	if (inodeblks == 0)
		inodeblks = 1;
	g->fpg = (uint32_t)fpg;
	g->ipg = (uint32_t)(inodeblks * inopb);
	if (cgsize_if(g, g->ipg, g->fpg) > bsize)
		return fail(err, errlen, "cylinder-group maps do not fit in "
			    "a block: use a larger block size (-b) or fewer "
			    "inodes (larger -i)");
	/* A last cg too small for its inode blocks is dropped. */
	lastsize = size - fpg * (ncg - 1);
	if (lastsize < g->iblkno + inodeblks * g->frag) {
		ncg--;
		size -= lastsize;
	}
	if (ncg == 0)
		goto toosmall;
	if (ncg > UINT32_MAX / 16 || ncg * (uint64_t)g->ipg > INT32_MAX)
		return fail(err, errlen, "too many inodes (%" PRIu64 "): "
			    "use a larger -i", ncg * (uint64_t)g->ipg);
	g->ncg = (uint32_t)ncg;
	g->size = size;
	g->cgsize = (uint32_t)roundup(cgsize_if(g, g->ipg, g->fpg), fsize);
	g->dblkno = g->iblkno + (uint32_t)(inodeblks * g->frag);
	if (g->dblkno >= g->fpg)
		return fail(err, errlen, "the inode blocks fill the whole "
			    "cylinder group: use fewer inodes (larger -i)");

	/* Summary area at cgdmin(0), then the root directory's block. */
	g->csaddr = g->dblkno;
	cs = roundup((uint64_t)ncg * 16, fsize);
	g->cssize = (uint32_t)cs;
	csfrags = cs / fsize;
	cg0end = size < fpg ? size : fpg;
	rootblk = roundup(g->csaddr + csfrags, g->frag);
	if (rootblk + g->frag > cg0end) {
		if (ncg > 1)
			return fail(err, errlen, "the summary of %" PRIu64
				    " cylinder groups does not fit in the "
				    "first one: use a larger block size (-b) "
				    "or fewer inodes (larger -i)", ncg);
		goto toosmall;
	}
	g->rootblk = rootblk;
	g->dsize = size - g->sblkno - ncg * (uint64_t)(g->dblkno - g->sblkno) -
		csfrags;
	return 0;

toosmall:
	if (!hint)
		return fail(err, errlen, "file system too small");
	return fail(err, errlen, "file system size %" PRIu64 " bytes is too "
		    "small for %u/%u blocks: give at least -s %" PRIu64
		    " (bytes), or smaller block/fragment sizes (-b/-f)",
		    o->size, bsize, fsize, min_size(o, ((uint64_t)g->iblkno +
		    3 * g->frag) * fsize));
}

/* The smallest size from `from` on that works with o's other options. */
static uint64_t
min_size(const struct newfs_opts *o, uint64_t from)
{
	struct newfs_opts t = *o;
	struct newfs_geom tg;
	int i;

	/* Sizes count in sectors: try each up to 512 MiB further. */
	for (i = 0, t.size = from & ~511ULL; i < (1 << 20); i++,
	     t.size += 512)
		if (geometry(&t, &tg, NULL, 0, false) == 0)
			return t.size;
	return from;
}

int
rumpffs_newfs_geometry(const struct newfs_opts *o, struct newfs_geom *g,
		       char *err, size_t errlen)
{
	return geometry(o, g, err, errlen, true);
}

/* ---- writing ---- */

struct nf {
	struct newfs_geom g;
	const struct newfs_opts *o;
	bool be;
	int fd;
	int64_t now;
	uint32_t inopb, isize;
	uint8_t *sb;		/* SBLOCKSIZE, fs byte order */
	uint8_t *csum;		/* cssize bytes, fs byte order */
	uint8_t *cgbuf;		/* bsize */
	uint8_t *ibuf;		/* inode blocks, up to IBATCH blocks */
	uint8_t rnd[4096];
	size_t rndpos;
	char *err;
	size_t errlen;
};
#define IBATCH	16

static void
put16(const struct nf *nf, uint8_t *p, size_t off, uint16_t v)
{
	if (nf->be) {
		p[off] = (uint8_t)(v >> 8);
		p[off + 1] = (uint8_t)v;
	} else {
		p[off] = (uint8_t)v;
		p[off + 1] = (uint8_t)(v >> 8);
	}
}

static void
put32(const struct nf *nf, uint8_t *p, size_t off, uint32_t v)
{
	int i;

	for (i = 0; i < 4; i++)
		p[off + (nf->be ? 3 - i : i)] = (uint8_t)(v >> (8 * i));
}

static void
put64(const struct nf *nf, uint8_t *p, size_t off, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[off + (nf->be ? 7 - i : i)] = (uint8_t)(v >> (8 * i));
}

static uint32_t
random32(struct nf *nf)
{
	uint32_t v;
	ssize_t n;

	if (nf->rndpos == 0 || nf->rndpos + 4 > sizeof(nf->rnd)) {
		n = getrandom(nf->rnd, sizeof(nf->rnd), 0);
		if (n != (ssize_t)sizeof(nf->rnd)) {
			/* No entropy source: still distinct per call. */
			uint64_t x = (uint64_t)time(NULL) ^
				((uint64_t)getpid() << 32) ^ (uintptr_t)nf;
			size_t k;

			for (k = 0; k < sizeof(nf->rnd); k++) {
				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				nf->rnd[k] = (uint8_t)x;
			}
		}
		nf->rndpos = 0;
	}
	memcpy(&v, nf->rnd + nf->rndpos, 4);
	nf->rndpos += 4;
	return v;
}

static int
wr(struct nf *nf, uint64_t off, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = pwrite(nf->fd, p, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return fail(nf->err, nf->errlen, "write at byte %"
				    PRIu64 ": %s", off, n < 0 ?
				    strerror(errno) : "short write");
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

static uint64_t
fbytes(const struct nf *nf, uint64_t frag)
{
	return frag * nf->g.fsize;
}

/* The superblock image (fs byte order); counts from nf->g. */
static void
build_sb(struct nf *nf)
{
	const struct newfs_geom *g = &nf->g;
	uint8_t *sb = nf->sb;
	uint64_t maxfile, p;
	uint32_t nindir = g->bsize / (g->ufs == 1 ? 4 : 8);
	uint32_t nspf = g->fsize / 512;
	int k;

	memset(sb, 0, SBLOCKSIZE);
	put32(nf, sb, SB_SBLKNO, g->sblkno);
	put32(nf, sb, SB_CBLKNO, g->cblkno);
	put32(nf, sb, SB_IBLKNO, g->iblkno);
	put32(nf, sb, SB_DBLKNO, g->dblkno);
	put32(nf, sb, SB_NCG, g->ncg);
	put32(nf, sb, SB_BSIZE, g->bsize);
	put32(nf, sb, SB_FSIZE, g->fsize);
	put32(nf, sb, SB_FRAG, g->frag);
	put32(nf, sb, SB_MINFREE, g->minfree);
	put32(nf, sb, SB_BMASK, ~(g->bsize - 1));
	put32(nf, sb, SB_FMASK, ~(g->fsize - 1));
	put32(nf, sb, SB_BSHIFT, ilog2(g->bsize));
	put32(nf, sb, SB_FSHIFT, ilog2(g->fsize));
	put32(nf, sb, SB_MAXCONTIG, g->maxcontig);
	put32(nf, sb, SB_MAXBPG, g->maxbpg);
	put32(nf, sb, SB_FRAGSHIFT, ilog2(g->frag));
	put32(nf, sb, SB_FSBTODB, ilog2(nspf));
	put32(nf, sb, SB_SBSIZE, g->sbsize);
	put32(nf, sb, SB_NINDIR, nindir);
	put32(nf, sb, SB_INOPB, nf->inopb);
	put32(nf, sb, SB_OPTIM, g->optim);
	/* NetBSD: the creation time and a random number. */
	put32(nf, sb, SB_ID, (uint32_t)nf->now);
	put32(nf, sb, SB_ID + 4, random32(nf) & INT32_MAX);
	put32(nf, sb, SB_CSSIZE, g->cssize);
	put32(nf, sb, SB_CGSIZE, g->cgsize);
	put32(nf, sb, SB_IPG, g->ipg);
	put32(nf, sb, SB_FPG, g->fpg);
	sb[SB_CLEAN] = FS_ISCLEAN;
	sb[SB_OLD_FLAGS] = FS_FLAGS_UPDATED;
	if (nf->o->volname != NULL)
		memcpy(sb + SB_VOLNAME, nf->o->volname,
		       strlen(nf->o->volname));
	put32(nf, sb, SB_MAXBSIZE, g->bsize);
	put64(nf, sb, SB_SBLOCKLOC, g->sblockloc);
	put64(nf, sb, SB_CSTOTAL, (uint64_t)g->ndir);
	put64(nf, sb, SB_CSTOTAL + 8, (uint64_t)g->nbfree);
	put64(nf, sb, SB_CSTOTAL + 16, (uint64_t)g->nifree);
	put64(nf, sb, SB_CSTOTAL + 24, (uint64_t)g->nffree);
	put64(nf, sb, SB_TIME, (uint64_t)nf->now);
	put64(nf, sb, SB_SIZE, g->size);
	put64(nf, sb, SB_DSIZE, g->dsize);
	put64(nf, sb, SB_CSADDR, g->csaddr);
	put32(nf, sb, SB_AVGFILESIZE, AVFILESIZ);
	put32(nf, sb, SB_AVGFPDIR, AFPDIR);
	put32(nf, sb, SB_CONTIGSUMSIZE, g->contigsumsize);
	put32(nf, sb, SB_MAXSYMLINKLEN, g->ufs == 1 ? 60 : 120);
	put32(nf, sb, SB_OLD_INODEFMT, FS_44INODEFMT);
	maxfile = (uint64_t)g->bsize * 12 - 1;
	for (p = g->bsize, k = 0; k < 3; k++) {
		p *= nindir;
		maxfile += p;
	}
	put64(nf, sb, SB_MAXFILESIZE, maxfile);
	put64(nf, sb, SB_QBMASK, g->bsize - 1);
	put64(nf, sb, SB_QFMASK, g->fsize - 1);
	put32(nf, sb, SB_MAGIC, g->ufs == 1 ? FS_UFS1_MAGIC : FS_UFS2_MAGIC);
	if (g->ufs == 1) {
		/* The 32-bit copies and the fixed old geometry. */
		put32(nf, sb, SB_OLD_CGOFFSET, 0);
		put32(nf, sb, SB_OLD_CGMASK, 0xffffffff);
		put32(nf, sb, SB_OLD_TIME, (uint32_t)nf->now);
		put32(nf, sb, SB_OLD_SIZE, (uint32_t)g->size);
		put32(nf, sb, SB_OLD_DSIZE, (uint32_t)g->dsize);
		put32(nf, sb, SB_OLD_RPS, 60);
		put32(nf, sb, SB_OLD_NSPF, nspf);
		put32(nf, sb, SB_OLD_NPSECT, g->fpg * nspf);
		put32(nf, sb, SB_OLD_INTERLEAVE, 1);
		put32(nf, sb, SB_OLD_CSADDR, (uint32_t)g->csaddr);
		put32(nf, sb, SB_OLD_NSECT, g->fpg * nspf);
		put32(nf, sb, SB_OLD_SPC, g->fpg * nspf);
		put32(nf, sb, SB_OLD_NCYL, g->ncg);
		put32(nf, sb, SB_OLD_CPG, 1);
		put32(nf, sb, SB_OLD_CSTOTAL, (uint32_t)g->ndir);
		put32(nf, sb, SB_OLD_CSTOTAL + 4, (uint32_t)g->nbfree);
		put32(nf, sb, SB_OLD_CSTOTAL + 8, (uint32_t)g->nifree);
		put32(nf, sb, SB_OLD_CSTOTAL + 12, (uint32_t)g->nffree);
		put32(nf, sb, SB_OLD_POSTBLFORMAT, FS_DYNAMICPOSTBLFMT);
		put32(nf, sb, SB_OLD_NRPOS, 1);
	}
}

static bool
isset(const uint8_t *map, uint64_t i)
{
	return (map[i / 8] >> (i % 8)) & 1;
}

static void
setbit(uint8_t *map, uint64_t i)
{
	map[i / 8] |= (uint8_t)(1u << (i % 8));
}

static void
clrbit(uint8_t *map, uint64_t i)
{
	map[i / 8] &= (uint8_t)~(1u << (i % 8));
}

/*
 * Build cg c into nf->cgbuf (fs byte order): free map from the layout
 * (and the root directory's fragment in cg 0), then every count derived
 * from the map, so the summaries are exact by construction.
 */
static void
build_cg(struct nf *nf, uint32_t c, int32_t cs[4])
{
	const struct newfs_geom *g = &nf->g;
	uint8_t *cg = nf->cgbuf;
	uint32_t ndblk, iusedoff, freeoff, nextfree, csumoff = 0, clroff = 0;
	uint32_t nclusterblks = 0, d, dlower, dupper, b, j, run, nfree;
	int32_t frsum[MAXFRAG] = { 0 }, clsum[FS_MAXCONTIG + 1] = { 0 };
	int32_t nbfree = 0, nffree = 0, nifree, ndir = 0;
	uint64_t base = (uint64_t)c * g->fpg;
	uint8_t *freemap, *clmap = NULL;

	memset(cg, 0, g->bsize);
	ndblk = (uint32_t)(base + g->fpg > g->size ? g->size - base : g->fpg);
	put32(nf, cg, CG_MAGICOFF, CG_MAGIC);
	put32(nf, cg, CG_CGX, c);
	put32(nf, cg, CG_NDBLK, ndblk);
	if (g->ufs == 2) {
		put64(nf, cg, CG_TIME, (uint64_t)nf->now);
		put32(nf, cg, CG_NIBLK, g->ipg);
		put32(nf, cg, CG_INITEDIBLK, g->ipg < 2 * nf->inopb ?
		      g->ipg : 2 * nf->inopb);
		iusedoff = CGHDR;
	} else {
		put32(nf, cg, CG_OLD_TIME, (uint32_t)nf->now);
		put16(nf, cg, CG_OLD_NCYL, 1);
		put16(nf, cg, CG_OLD_NIBLK, (uint16_t)g->ipg);
		put32(nf, cg, CG_OLD_BTOTOFF, CGHDR);
		put32(nf, cg, CG_OLD_BOFF, CGHDR + 4);
		iusedoff = CGHDR + 4 + 2;
	}
	freeoff = iusedoff + (uint32_t)howmany(g->ipg, 8);
	nextfree = freeoff + (uint32_t)howmany(g->fpg, 8);
	if (g->contigsumsize > 0) {
		/* clustersum[0] overlaps the free map's tail: never used. */
		csumoff = (uint32_t)roundup(nextfree - 4, 4);
		clroff = csumoff + 4 * (g->contigsumsize + 1);
		nextfree = clroff + (uint32_t)howmany(g->fpg / g->frag, 8);
		nclusterblks = ndblk / g->frag;
		put32(nf, cg, CG_CLUSTERSUMOFF, csumoff);
		put32(nf, cg, CG_CLUSTEROFF, clroff);
		put32(nf, cg, CG_NCLUSTERBLKS, nclusterblks);
		clmap = cg + clroff;
	}
	put32(nf, cg, CG_IUSEDOFF, iusedoff);
	put32(nf, cg, CG_FREEOFF, freeoff);
	put32(nf, cg, CG_NEXTFREEOFF, nextfree);

	nifree = (int32_t)g->ipg;
	if (c == 0) {
		for (j = 0; j < ROOTINO; j++)
			setbit(cg + iusedoff, j);
		/* The root directory. */
		setbit(cg + iusedoff, ROOTINO);
		nifree -= ROOTINO + 1;
		ndir = 1;
	}

	/* Free: [0, sblkno) except in cg 0, and [dblkno, ndblk). */
	freemap = cg + freeoff;
	dlower = c == 0 ? 0 : g->sblkno;
	dupper = g->dblkno;
	if (c == 0)
		dupper += g->cssize / g->fsize;
	for (d = 0; d < dlower; d++)
		setbit(freemap, d);
	for (d = dupper; d < ndblk; d++)
		setbit(freemap, d);
	if (c == 0)	/* "/" takes the first fragment of its block */
		clrbit(freemap, g->rootblk);

	/* Counts from the map (how fsck computes them). */
	for (b = 0; b * g->frag < ndblk; b++) {
		nfree = 0;
		for (j = 0; j < g->frag; j++)
			if (isset(freemap, b * g->frag + j))
				nfree++;
		if (nfree == g->frag) {
			nbfree++;
			if (clmap != NULL)
				setbit(clmap, b);
			continue;
		}
		nffree += (int32_t)nfree;
		for (j = 0, run = 0; j <= g->frag; j++) {
			if (j < g->frag && isset(freemap, b * g->frag + j)) {
				run++;
			} else if (run > 0) {
				frsum[run]++;
				run = 0;
			}
		}
	}
	if (clmap != NULL) {
		for (b = 0, run = 0; b <= nclusterblks; b++) {
			if (b < nclusterblks && isset(clmap, b)) {
				run++;
			} else if (run > 0) {
				clsum[run > g->contigsumsize ?
				      g->contigsumsize : run]++;
				run = 0;
			}
		}
		for (j = 1; j <= g->contigsumsize; j++)
			put32(nf, cg, csumoff + 4 * j, (uint32_t)clsum[j]);
	}
	for (j = 1; j < MAXFRAG; j++)
		put32(nf, cg, CG_FRSUM + 4 * j, (uint32_t)frsum[j]);
	cs[0] = ndir;
	cs[1] = nbfree;
	cs[2] = nifree;
	cs[3] = nffree;
	put32(nf, cg, CG_CS, (uint32_t)ndir);
	put32(nf, cg, CG_CS + 4, (uint32_t)nbfree);
	put32(nf, cg, CG_CS + 8, (uint32_t)nifree);
	put32(nf, cg, CG_CS + 12, (uint32_t)nffree);
}

/* Inode i of an inode block: zero but for a random generation number. */
static void
init_inodes(struct nf *nf, uint8_t *buf, uint32_t n)
{
	uint32_t i, genoff = nf->g.ufs == 1 ? 108 : 80;

	memset(buf, 0, (size_t)n * nf->isize);
	for (i = 0; i < n; i++)
		put32(nf, buf, (size_t)i * nf->isize + genoff,
		      random32(nf) & INT32_MAX);
}

/* The root inode into an (initialised) inode block at its slot. */
static void
put_root(struct nf *nf, uint8_t *ip)
{
	const struct newfs_geom *g = &nf->g;
	uint32_t gen = random32(nf) & INT32_MAX;
	uint64_t blocks = g->fsize / 512;

	memset(ip, 0, nf->isize);
	put16(nf, ip, 0, IFDIR | 0755);
	put16(nf, ip, 2, 2);
	if (g->ufs == 1) {
		put64(nf, ip, 8, DIRBLKSIZ);
		put32(nf, ip, 16, (uint32_t)nf->now);
		put32(nf, ip, 24, (uint32_t)nf->now);
		put32(nf, ip, 32, (uint32_t)nf->now);
		put32(nf, ip, 40, (uint32_t)g->rootblk);
		put32(nf, ip, 104, (uint32_t)blocks);
		put32(nf, ip, 108, gen);
		put32(nf, ip, 112, (uint32_t)geteuid());
		put32(nf, ip, 116, (uint32_t)getegid());
	} else {
		put32(nf, ip, 4, (uint32_t)geteuid());
		put32(nf, ip, 8, (uint32_t)getegid());
		put64(nf, ip, 16, DIRBLKSIZ);
		put64(nf, ip, 24, blocks);
		put64(nf, ip, 32, (uint64_t)nf->now);
		put64(nf, ip, 40, (uint64_t)nf->now);
		put64(nf, ip, 48, (uint64_t)nf->now);
		put64(nf, ip, 56, (uint64_t)nf->now);
		put32(nf, ip, 80, gen);
		put64(nf, ip, 112, g->rootblk);
	}
}

/* Count cg c into the summary area and the totals (first pass). */
static void
count_cg(struct nf *nf, uint32_t c)
{
	int32_t cs[4];
	int j;

	build_cg(nf, c, cs);
	for (j = 0; j < 4; j++)
		put32(nf, nf->csum, (size_t)c * 16 + 4 * (size_t)j,
		      (uint32_t)cs[j]);
	nf->g.ndir += cs[0];
	nf->g.nbfree += cs[1];
	nf->g.nifree += cs[2];
	nf->g.nffree += cs[3];
}

/* Write cg c: superblock copy, header, initialised inode blocks. */
static int
write_cg(struct nf *nf, uint32_t c, uint8_t *head)
{
	const struct newfs_geom *g = &nf->g;
	uint64_t base = (uint64_t)c * g->fpg, iblk, nib, n, done;
	uint32_t ninit, perblk = nf->inopb;
	size_t headlen = (size_t)(g->iblkno - g->sblkno) * g->fsize;
	int32_t cs[4];
	int e;

	/* [cgsblock, cgimin): superblock copy, zeros, the cg block. */
	build_cg(nf, c, cs);
	memset(head, 0, headlen);
	memcpy(head, nf->sb, SBLOCKSIZE);
	memcpy(head + (size_t)(g->cblkno - g->sblkno) * g->fsize, nf->cgbuf,
	       g->bsize);
	e = wr(nf, fbytes(nf, base + g->sblkno), head, headlen);
	if (e)
		return e;

	/* Inode blocks: UFS2 only up to cg_initediblk, UFS1 all. */
	ninit = g->ufs == 2 && g->ipg > 2 * perblk ? 2 * perblk : g->ipg;
	nib = ninit / perblk;
	iblk = base + g->iblkno;
	for (done = 0; done < nib; done += n) {
		n = nib - done < IBATCH ? nib - done : IBATCH;
		init_inodes(nf, nf->ibuf, (uint32_t)(n * perblk));
		if (c == 0 && done == 0)
			put_root(nf, nf->ibuf + ROOTINO * nf->isize);
		e = wr(nf, fbytes(nf, iblk + done * g->frag), nf->ibuf,
		       (size_t)n * g->bsize);
		if (e)
			return e;
	}
	return 0;
}

/*
 * Old superblocks elsewhere could be found by a prober before ours
 * (NetBSD newfs does the same): clear the magic of one below our
 * superblock, zero candidate locations in the data area of cg 0.
 */
static int
zap_old(struct nf *nf)
{
	static const uint64_t locs[] = { 8192, 65536, 262144 };
	const struct newfs_geom *g = &nf->g;
	uint64_t end = fbytes(nf, g->rootblk + g->frag), loc, alt, sz;
	uint8_t buf[SBLOCKSIZE];
	uint32_t m, s;
	unsigned i;
	ssize_t n;
	int e;

	for (i = 0; i < sizeof(locs) / sizeof(locs[0]); i++) {
		for (sz = 0; sz <= 65536; sz = sz ? sz << 1 : SBLOCKSIZE) {
			loc = locs[i];
			if (sz) {
				alt = loc + SBLOCKSIZE;
				loc = roundup(alt, sz);
			}
			if (loc + SBLOCKSIZE > fbytes(nf, g->size))
				continue;
			if (loc < g->sblockloc) {
				n = pread(nf->fd, buf, sizeof(buf), (off_t)loc);
				if (n != (ssize_t)sizeof(buf))
					continue;
				memcpy(&m, buf + SB_MAGIC, 4);
				s = __builtin_bswap32(m);
				if (m != FS_UFS1_MAGIC && m != FS_UFS2_MAGIC &&
				    s != FS_UFS1_MAGIC && s != FS_UFS2_MAGIC)
					continue;
				memset(buf + SB_MAGIC, 0, 4);
				e = wr(nf, loc, buf, sizeof(buf));
				if (e)
					return e;
			} else if (loc >= end) {
				memset(buf, 0, sizeof(buf));
				e = wr(nf, loc, buf, sizeof(buf));
				if (e)
					return e;
			}
		}
	}
	return 0;
}

static int
open_image(struct nf *nf, const char *image, uint64_t need)
{
	struct stat st;
	uint64_t devsize = 0;

	nf->fd = open(image, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (nf->fd < 0 || fstat(nf->fd, &st) != 0)
		return fail(nf->err, nf->errlen, "%s: %s", image,
			    strerror(errno));
	if (S_ISREG(st.st_mode)) {
		if ((uint64_t)st.st_size < need &&
		    ftruncate(nf->fd, (off_t)need) != 0)
			return fail(nf->err, nf->errlen, "%s: cannot extend "
				    "to %" PRIu64 " bytes: %s", image, need,
				    strerror(errno));
		return 0;
	}
	if (S_ISBLK(st.st_mode) &&
	    ioctl(nf->fd, BLKGETSIZE64, &devsize) == 0) {
		if (devsize < need)
			return fail(nf->err, nf->errlen, "%s: device has %"
				    PRIu64 " bytes, less than -s %" PRIu64,
				    image, devsize, need);
		return 0;
	}
	return fail(nf->err, nf->errlen, "%s: not a regular file or block "
		    "device", image);
}

int
rumpffs_newfs(const char *image, const struct newfs_opts *o,
	      struct newfs_geom *gout, char *err, size_t errlen)
{
	struct nf nf;
	struct newfs_geom *g = &nf.g;
	uint8_t *dir = NULL, *head = NULL;
	uint32_t c;
	int e = -1;

	memset(&nf, 0, sizeof(nf));
	nf.fd = -1;
	nf.err = err;
	nf.errlen = errlen;
	nf.o = o;
	if (rumpffs_newfs_geometry(o, g, err, errlen) != 0)
		return -1;
	if (o->byteorder == NEWFS_HOST_ORDER)
		nf.be = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
	else
		nf.be = o->byteorder == NEWFS_BIG_ENDIAN;
	g->bigendian = nf.be;
	nf.now = o->time ? o->time : (int64_t)time(NULL);
	nf.isize = g->ufs == 1 ? 128 : 256;
	nf.inopb = g->bsize / nf.isize;
	nf.sb = calloc(1, SBLOCKSIZE);
	nf.csum = calloc(1, g->cssize);
	nf.cgbuf = calloc(1, g->bsize);
	nf.ibuf = calloc(IBATCH, g->bsize);
	dir = calloc(1, g->fsize);
	/* cg head (sblkno..iblkno) or the primary's area, whichever larger */
	head = calloc(1, (size_t)(g->iblkno - g->sblkno) * g->fsize +
		      (size_t)g->sblkno * g->fsize);
	if (!nf.sb || !nf.csum || !nf.cgbuf || !nf.ibuf || !dir || !head) {
		fail(err, errlen, "out of memory");
		goto out;
	}
	if (open_image(&nf, image, o->size) != 0 || zap_old(&nf) != 0)
		goto out;

	/* Counts first, so every superblock copy carries the final ones. */
	for (c = 0; c < g->ncg; c++)
		count_cg(&nf, c);
	build_sb(&nf);
	for (c = 0; c < g->ncg; c++)
		if (write_cg(&nf, c, head) != 0)
			goto out;

	/* "/": "." (12 bytes) and ".." (the rest of the 512-byte chunk). */
	put32(&nf, dir, 0, ROOTINO);
	put16(&nf, dir, 4, 12);
	dir[6] = DT_DIR;
	dir[7] = 1;
	dir[8] = '.';
	put32(&nf, dir, 12, ROOTINO);
	put16(&nf, dir, 16, DIRBLKSIZ - 12);
	dir[18] = DT_DIR;
	dir[19] = 2;
	dir[20] = '.';
	dir[21] = '.';
	if (wr(&nf, fbytes(&nf, g->rootblk), dir, g->fsize) != 0 ||
	    wr(&nf, fbytes(&nf, g->csaddr), nf.csum, g->cssize) != 0)
		goto out;

	/* The primary superblock, then zeros up to cg 0's copy. */
	memset(head, 0, (size_t)fbytes(&nf, g->sblkno) - g->sblockloc);
	memcpy(head, nf.sb, SBLOCKSIZE);
	if (wr(&nf, g->sblockloc, head, (size_t)fbytes(&nf, g->sblkno) -
	       g->sblockloc) != 0)
		goto out;
	if (fsync(nf.fd) != 0 && errno != EINVAL) {
		fail(err, errlen, "%s: fsync: %s", image, strerror(errno));
		goto out;
	}
	if (gout != NULL)
		*gout = *g;
	e = 0;
out:
	if (nf.fd >= 0 && close(nf.fd) != 0 && e == 0)
		e = fail(err, errlen, "%s: close: %s", image, strerror(errno));
	free(nf.sb);
	free(nf.csum);
	free(nf.cgbuf);
	free(nf.ibuf);
	free(dir);
	free(head);
	return e;
}

/* ---- the command ---- */

static void
newfs_usage(FILE *f)
{
	fprintf(f,
"usage: rumpffs newfs [-O 1|2] [-B le|be] [-b BSIZE] [-f FSIZE]\n"
"                     [-i BYTES-PER-INODE] [-m MINFREE] [-L VOLNAME]\n"
"                     -s SIZE IMAGE\n"
"  -s SIZE   file system size in bytes; suffix k, m, g or t for KiB..TiB\n"
"            (IMAGE is created, or extended to SIZE; sparse)\n"
"  -O        1: UFS1 (superblock at 8192), 2: UFS2 (at 65536; default)\n"
"  -B        byte order (default: the host's)\n"
"  -b, -f    block size (4096..65536) and fragment size (block/8..block);\n"
"            default by size: <20m 4096/512, <1000m 8192/1024,\n"
"            <128g 16384/2048, else 32768/4096\n"
"  -i        bytes of data space per inode (default 4 * fragment size)\n"
"  -m        reserved space in percent (default 5)\n"
"  -L        volume name (up to 31 bytes)\n");
}

static int
num_arg(const char *opt, const char *s, uint64_t max, uint64_t *v)
{
	if (rumpffs_parse_size(s, v) != 0 || *v > max) {
		fprintf(stderr, "rumpffs newfs: %s: invalid value '%s' (a "
			"number%s)\n", opt, s, max == 99 ? " from 0 to 99" :
			", optionally with k/m/g");
		return -1;
	}
	return 0;
}

int
rumpffs_cmd_newfs(int argc, char **argv)
{
	struct newfs_opts o;
	struct newfs_geom g;
	const char *image;
	char err[512];
	uint64_t v;
	int ch;

	rumpffs_newfs_defaults(&o);
	optind = 1;
	while ((ch = getopt(argc, argv, "O:B:b:f:i:m:L:s:h")) != -1) {
		switch (ch) {
		case 'O':
			if (strcmp(optarg, "1") && strcmp(optarg, "2")) {
				fprintf(stderr, "rumpffs newfs: -O %s: use -O 1 "
					"(UFS1) or -O 2 (UFS2)\n", optarg);
				return 2;
			}
			o.ufs = optarg[0] - '0';
			break;
		case 'B':
			if (strcmp(optarg, "le") == 0)
				o.byteorder = NEWFS_LITTLE_ENDIAN;
			else if (strcmp(optarg, "be") == 0)
				o.byteorder = NEWFS_BIG_ENDIAN;
			else {
				fprintf(stderr, "rumpffs newfs: -B %s: use -B le "
					"or -B be\n", optarg);
				return 2;
			}
			break;
		case 'b':
		case 'f':
		case 'i':
			if (num_arg(ch == 'b' ? "-b" : ch == 'f' ? "-f" : "-i",
				    optarg, INT32_MAX, &v) != 0)
				return 2;
			if (ch == 'b')
				o.bsize = (uint32_t)v;
			else if (ch == 'f')
				o.fsize = (uint32_t)v;
			else if (v == 0) {
				fprintf(stderr, "rumpffs newfs: -i must be "
					"positive\n");
				return 2;
			} else
				o.density = (uint32_t)v;
			break;
		case 'm':
			if (num_arg("-m", optarg, 99, &v) != 0)
				return 2;
			o.minfree = (int)v;
			break;
		case 'L':
			o.volname = optarg;
			break;
		case 's':
			if (num_arg("-s", optarg, UINT64_MAX, &o.size) != 0)
				return 2;
			break;
		case 'h':
			newfs_usage(stdout);
			return 0;
		default:
			newfs_usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		newfs_usage(stderr);
		return 2;
	}
	image = argv[optind];
	if (o.size == 0) {
		fprintf(stderr, "rumpffs newfs: the size is missing: give -s "
			"SIZE (bytes, or with k/m/g)\n");
		return 2;
	}
	if (rumpffs_newfs(image, &o, &g, err, sizeof(err)) != 0) {
		fprintf(stderr, "rumpffs newfs: %s\n", err);
		return 1;
	}
	printf("%s: %.1f MiB (%" PRIu64 " fragments), UFS%d %s-endian, "
	       "block size %u, fragment size %u\n", image,
	       (double)g.size * g.fsize / 1048576.0, g.size, g.ufs,
	       g.bigendian ? "big" : "little", g.bsize, g.fsize);
	printf("\t%u cylinder groups of %.2f MiB, %u blocks, %u inodes; "
	       "superblock at %" PRIu64 "\n", g.ncg,
	       (double)g.fpg * g.fsize / 1048576.0, g.fpg / g.frag, g.ipg,
	       g.sblockloc);
	return 0;
}
