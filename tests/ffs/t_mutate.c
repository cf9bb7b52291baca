// SPDX-License-Identifier: BSD-2-Clause
/*
 * t_mutate.c - robustness: a deterministic mutator corrupts small images
 * (superblock, cylinder-group headers, inodes, directory entries,
 * indirect blocks: bit flips, boundary values, pointer cycles, garbage)
 * and each result is mounted, fully walked and read.  It must be refused
 * at mount or give clean errors (EIO, EINVAL, ...) or clean results:
 * never a crash, an out-of-bounds access (the ASan lane), a hang (every
 * loop is bounded) or a leak (kmem_inuse is compared).
 *
 * Mutations are overlays applied by the device read callback, so the
 * pristine image is never copied.  White-box: targets are found with the
 * core's internal geometry (ffs_fs.h) and a walk of the pristine image.
 */
#include "ffs_fs.h"

#include "ktap.h"
#include "tf.h"

#define NPATCH	8
struct patch {
	uint64_t off;
	uint32_t len;
	uint8_t b[8];
};

struct ovl {
	struct tf_mem m;
	int n;
	struct patch p[NPATCH];
};

static int
ovl_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct ovl *o = ctx;
	uint8_t *out = buf;
	uint32_t i;
	int k;

	if (tf_memread(&o->m, off, buf, len) != 0)
		return EIO;
	for (k = 0; k < o->n; k++)
		for (i = 0; i < o->p[k].len; i++)
			if (o->p[k].off + i >= off && o->p[k].off + i < off + len)
				out[o->p[k].off + i - off] = o->p[k].b[i];
	return 0;
}

/* ---- deterministic randomness -------------------------------------------- */
static uint64_t rs;

static uint64_t
rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return rs;
}

/* ---- targets found in the pristine image ------------------------------- */
#define MAXT 256
struct target {
	uint64_t ino, ioff;	/* inode number, byte offset of the dinode */
	uint32_t mode;
	uint64_t db0, ib[3];
};

struct base {
	struct ffs_core *fs;
	const uint8_t *img;
	uint64_t len;
	struct target t[MAXT];
	int nt;
	int ndir, nind, ndind;
};

static uint64_t
inode_off(const struct ffs_core *fs, uint64_t ino)
{
	uint64_t cg = ino / fs->ipg, idx = ino % fs->ipg;

	return ffs_fsbtob(fs, ffs_cgimin(fs, cg) +
			  ((idx / fs->inopb) << fs->fragshift)) +
		(idx % fs->inopb) * fs->isize;
}

static uint64_t
rawptr(const struct ffs_core *fs, const struct ffs_inode *ip, int ind, int k)
{
	int off = fs->ufs == 1 ? (ind ? DI1_IB : DI1_DB) : (ind ? DI2_IB : DI2_DB);

	return fs->ufs == 1 ? fs32(fs, ip->raw, off + 4 * k) :
		fs64(fs, ip->raw, off + 8 * k);
}

static void
collect_hook(void *arg, const struct ffs_inode *ip)
{
	struct base *b = arg;
	struct target *t;

	if (b->nt == MAXT)
		return;
	t = &b->t[b->nt++];
	t->ino = ip->ino;
	t->ioff = inode_off(b->fs, ip->ino);
	t->mode = ip->mode;
	t->db0 = rawptr(b->fs, ip, 0, 0);
	t->ib[0] = rawptr(b->fs, ip, 1, 0);
	t->ib[1] = rawptr(b->fs, ip, 1, 1);
	t->ib[2] = rawptr(b->fs, ip, 1, 2);
	if ((ip->mode & FFS_IFMT) == FFS_IFDIR && t->db0)
		b->ndir++;
	if (t->ib[0])
		b->nind++;
	if (t->ib[1])
		b->ndind++;
}

/* A value of width w in the fs byte order. */
static void
putval(const struct ffs_core *fs, struct patch *p, uint64_t off, int w,
       uint64_t v)
{
	int i;

	p->off = off;
	p->len = (uint32_t)w;
	for (i = 0; i < w; i++) {
		int shift = fs->swap ? (w - 1 - i) * 8 : i * 8;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		shift = fs->swap ? i * 8 : (w - 1 - i) * 8;
#endif
		p->b[i] = (uint8_t)(v >> shift);
	}
}

static uint64_t
getval(const struct base *b, uint64_t off, int w)
{
	if (off + (uint64_t)w > b->len)
		return 0;
	if (w == 2)
		return fs16(b->fs, b->img, off);
	if (w == 4)
		return fs32(b->fs, b->img, off);
	return fs64(b->fs, b->img, off);
}

/* Mutate the field: bit flip, zero, all ones, +-1, sign bit, random. */
static void
mutval(const struct base *b, struct patch *p, uint64_t off, int w)
{
	uint64_t v = getval(b, off, w), mask = w == 8 ? ~0ULL :
		((1ULL << (8 * w)) - 1);

	switch (rnd() % 7) {
	case 0: v ^= 1ULL << (rnd() % (8 * (uint64_t)w)); break;
	case 1: v = 0; break;
	case 2: v = mask; break;
	case 3: v += 1; break;
	case 4: v -= 1; break;
	case 5: v = 1ULL << (8 * w - 1); break;
	default: v = rnd(); break;
	}
	putval(b->fs, p, off, w, v & mask);
}

static const uint16_t sbfields[] = {
	SB_SBLKNO, SB_CBLKNO, SB_IBLKNO, SB_DBLKNO, SB_OLD_CGOFFSET,
	SB_OLD_CGMASK, SB_OLD_SIZE, SB_OLD_DSIZE, SB_NCG, SB_BSIZE, SB_FSIZE,
	SB_FRAG, SB_MINFREE, SB_BMASK, SB_FMASK, SB_BSHIFT, SB_FSHIFT,
	SB_FRAGSHIFT, SB_SBSIZE, SB_NINDIR, SB_INOPB, SB_OLD_CSADDR,
	SB_CSSIZE, SB_CGSIZE, SB_IPG, SB_FPG, SB_FLAGS, SB_MAXSYMLINKLEN,
	SB_OLD_INODEFMT, SB_OLD_POSTBLFORMAT, SB_MAGIC, SB_OLD_CSTOTAL,
	SB_OLD_CSTOTAL + 4, SB_OLD_CSTOTAL + 8, SB_OLD_CSTOTAL + 12,
};
static const uint16_t sbfields64[] = {
	SB_SBLOCKLOC, SB_SIZE, SB_DSIZE, SB_CSADDR, SB_CSTOTAL,
	SB_CSTOTAL + 8, SB_CSTOTAL + 16, SB_CSTOTAL + 24,
};

static const struct target *
pick(const struct base *b, int want)
{
	int i, start = (int)(rnd() % (uint64_t)b->nt);

	for (i = 0; i < b->nt; i++) {
		const struct target *t = &b->t[(start + i) % b->nt];

		if (want == 0 ||
		    (want == 1 && (t->mode & FFS_IFMT) == FFS_IFDIR && t->db0) ||
		    (want == 2 && t->ib[0]) || (want == 3 && t->ib[1]))
			return t;
	}
	return &b->t[start];
}

/* Build mutation number k into o; desc says what it did. */
static void
mutate(const struct base *b, struct ovl *o, int k, char *desc, size_t dlen)
{
	const struct ffs_core *fs = b->fs;
	const struct target *t;
	struct patch *p = &o->p[0];
	uint64_t off, v, ptrw = fs->ufs == 1 ? 4 : 8;
	int i;

	o->n = 1;
	switch (k % 8) {
	case 0:		/* superblock field */
		if (rnd() % 4 == 0 && fs->ufs == 2) {
			off = sbfields64[rnd() % __arraycount(sbfields64)];
			mutval(b, p, fs->sblockloc + off, 8);
		} else {
			off = sbfields[rnd() % __arraycount(sbfields)];
			mutval(b, p, fs->sblockloc + off, 4);
		}
		snprintf(desc, dlen, "sb field 0x%llx", (unsigned long long)off);
		break;
	case 1:		/* superblock: flip bits anywhere in struct fs */
		o->n = 3;
		for (i = 0; i < 3; i++) {
			off = fs->sblockloc + rnd() % SBLOCK_MINSIZE;
			o->p[i].off = off;
			o->p[i].len = 1;
			o->p[i].b[0] = b->img[off] ^ (uint8_t)(1 << (rnd() % 8));
		}
		snprintf(desc, dlen, "sb bit flips");
		break;
	case 2:		/* cylinder-group header */
		v = rnd() % fs->ncg;
		off = ffs_fsbtob(fs, ffs_cgstart(fs, v) + fs->cblkno) +
			(rnd() % 42) * 4;
		mutval(b, p, off, 4);
		snprintf(desc, dlen, "cg %llu header", (unsigned long long)v);
		break;
	case 3:		/* inode field */
		t = pick(b, 0);
		{
			static const uint8_t f1[] = { DI1_MODE, DI1_NLINK,
				DI1_SIZE, DI1_SIZE + 4, DI1_ATIME + 4,
				DI1_BLOCKS, DI1_DB, DI1_DB + 4, DI1_DB + 44,
				DI1_IB, DI1_IB + 4, DI1_IB + 8 };
			static const uint8_t f2[] = { DI2_MODE, DI2_NLINK,
				DI2_SIZE, DI2_BLOCKS, DI2_MTIMENSEC, DI2_DB,
				DI2_DB + 8, DI2_DB + 88, DI2_IB, DI2_IB + 8,
				DI2_IB + 16, DI2_SIZE + 4 };
			int fi = (int)(rnd() % 12);
			int fo = fs->ufs == 1 ? f1[fi] : f2[fi];
			int w = fo < 4 ? 2 : (fs->ufs == 2 && (fo == DI2_SIZE ||
				fo == DI2_BLOCKS || fo >= DI2_DB) ? 8 : 4);

			mutval(b, p, t->ioff + (uint64_t)fo, w);
			snprintf(desc, dlen, "ino %llu field %d",
				 (unsigned long long)t->ino, fo);
		}
		break;
	case 4:		/* directory entry */
		t = pick(b, 1);
		if (!t->db0 || (t->mode & FFS_IFMT) != FFS_IFDIR) {
			mutval(b, p, t->ioff, 2);
			snprintf(desc, dlen, "ino %llu mode",
				 (unsigned long long)t->ino);
			break;
		}
		/* ".": 0..11, "..": 12.., entries after: fields 0/4/6/7 */
		/* (one rnd() per statement: evaluation order is unspecified) */
		off = ffs_fsbtob(fs, t->db0) + (rnd() % 3) * 12;
		off += (rnd() % 2) * 512 * (t->db0 != 0);
		switch (rnd() % 5) {
		case 0: mutval(b, p, off, 4); break;		/* ino */
		case 1: mutval(b, p, off + 4, 2); break;	/* reclen */
		case 2:						/* namlen */
			p->off = off + 7;
			p->len = 1;
			p->b[0] = (uint8_t)rnd();
			break;
		case 3:						/* interior NUL */
			p->off = off + 8;
			p->len = 1;
			p->b[0] = 0;
			break;
		default:
			p->off = off + 6;			/* type */
			p->len = 1;
			p->b[0] = (uint8_t)rnd();
			break;
		}
		snprintf(desc, dlen, "dir ino %llu entry at %llu",
			 (unsigned long long)t->ino, (unsigned long long)off);
		break;
	case 5:		/* single indirect block pointer */
	case 6:		/* double indirect: cycles and wild pointers */
		t = pick(b, k % 8 == 5 ? 2 : 3);
		v = t->ib[k % 8 == 5 ? 0 : 1];
		if (v == 0) {
			mutval(b, p, t->ioff + 8, 4);
			snprintf(desc, dlen, "ino %llu (no indirect)",
				 (unsigned long long)t->ino);
			break;
		}
		off = ffs_fsbtob(fs, v) + (rnd() % 4) * ptrw;
		switch (rnd() % 6) {
		case 0: putval(fs, p, off, (int)ptrw, v); break;	/* self */
		case 1: putval(fs, p, off, (int)ptrw, t->ib[0]); break;
		case 2: putval(fs, p, off, (int)ptrw,
			       ffs_cgimin(fs, 0)); break;	/* inodes */
		case 3: putval(fs, p, off, (int)ptrw, fs->size - 1); break;
		case 4: putval(fs, p, off, (int)ptrw, fs->size); break;
		default: mutval(b, p, off, (int)ptrw); break;
		}
		snprintf(desc, dlen, "ino %llu indirect %llu slot",
			 (unsigned long long)t->ino, (unsigned long long)v);
		break;
	default:	/* garbage: random bytes in metadata areas */
		o->n = NPATCH;
		for (i = 0; i < NPATCH; i++) {
			t = pick(b, 0);
			off = rnd() % 2 ? t->ioff + rnd() % fs->isize :
				(t->db0 ? ffs_fsbtob(fs, t->db0) + rnd() % 512 :
				 t->ioff);
			o->p[i].off = off;
			o->p[i].len = 1;
			o->p[i].b[0] = (uint8_t)rnd();
		}
		snprintf(desc, dlen, "garbage bytes");
		break;
	}
}

struct mstats {
	int refused, errors, clean, bad;
	unsigned writes;
};

static void
run_base(const char *name, int nmut)
{
	struct base *b;
	struct tf_mem m;
	struct ffs_dev dev;
	struct ffs_core *fs;
	struct ovl *o;
	struct tf_walk w;
	struct mstats st = { 0, 0, 0, 0, 0 };
	uint8_t *wbuf;
	char why[160], desc[96];
	int64_t inuse;
	int k, e;

	m.data = tf_host_image(name, &m.len);
	if (m.data == NULL) {
		kt_fail(__FILE__, __LINE__, "image missing: see build/ffs-images/mkimages.err");
		return;
	}
	b = kmem_zalloc(sizeof(*b), KM_SLEEP);
	o = kmem_zalloc(sizeof(*o), KM_SLEEP);
	KT_EXPECT(b != NULL && o != NULL);
	if (b == NULL || o == NULL)
		goto out;
	b->img = m.data;
	b->len = m.len;
	tf_memdev(&dev, &m);
	e = ffs_core_mount(&dev, 0, &b->fs, why, sizeof(why));
	KT_EXPECT_MSG(e == 0, "pristine %s: %s", name, why);
	if (e)
		goto out;
	memset(&w, 0, sizeof(w));
	w.hook = collect_hook;
	w.hookarg = b;
	tf_walk_fs(b->fs, &w);
	KT_EXPECT_EQ(w.nerrors, 0);
	KT_EXPECT(b->nt > 4 && b->ndir > 0 && b->nind > 0);

	rs = 0x9e3779b97f4a7c15ULL ^ (uint64_t)nmut;
	for (k = 0; name[k]; k++)
		rs = rs * 31 + (uint8_t)name[k];
	o->m = m;
	for (k = 0; k < nmut; k++) {
		mutate(b, o, k, desc, sizeof(desc));
		dev.read = ovl_read;
		dev.ctx = o;
		dev.size = m.len;
		inuse = kmem_inuse();
		e = ffs_core_mount(&dev, 0, &fs, why, sizeof(why));
		if (e) {
			KT_EXPECT_MSG(tf_clean_error(e), "%s #%d (%s): mount %d",
				      name, k, desc, e);
			st.refused++;
		} else {
			memset(&w, 0, sizeof(w));
			w.budget = 256 << 10;
			w.maxinodes = 5000;
			tf_walk_fs(fs, &w);
			ffs_core_unmount(fs);
			/* and written (a copy), then read again */
			wbuf = kmem_alloc(m.len, KM_SLEEP);
			if (wbuf != NULL &&
			    ovl_read(o, 0, wbuf, (size_t)m.len) == 0)
				st.writes += tf_write_phase(wbuf, m.len);
			if (wbuf != NULL)
				kmem_free(wbuf, m.len);
			if (!tf_clean_error(w.firsterr)) {
				st.bad++;
				kt_fail(__FILE__, __LINE__, "%s #%d (%s): "
					"error %d", name, k, desc, w.firsterr);
			} else if (w.nerrors)
				st.errors++;
			else
				st.clean++;
		}
		KT_EXPECT_MSG(kmem_inuse() == inuse, "%s #%d (%s): leak %lld",
			      name, k, desc, (long long)(kmem_inuse() - inuse));
	}
	kt_diag("%s: %d mutations: %d refused at mount, %d mounted with "
		"errors (EIO...), %d mounted clean; %u write operations "
		"succeeded on their copies", name, nmut, st.refused,
		st.errors, st.clean, st.writes);
	ffs_core_unmount(b->fs);
out:
	if (b)
		kmem_free(b, sizeof(*b));
	if (o)
		kmem_free(o, sizeof(*o));
}

void tf_mut_small_ufs1_le(void);
void tf_mut_small_ufs2_be(void);
void tf_mut_small_ufs2_le_64k(void);
void tf_mut_freebsd_le(void);
void tf_mut_tiny_ufs1_be(void);

void tf_mut_small_ufs1_le(void) { run_base("small-ufs1-le", 80); }
void tf_mut_small_ufs2_be(void) { run_base("small-ufs2-be", 80); }
void tf_mut_small_ufs2_le_64k(void) { run_base("small-ufs2-le-64k", 40); }
void tf_mut_freebsd_le(void) { run_base("freebsd-ufs2-le", 40); }
void tf_mut_tiny_ufs1_be(void) { run_base("tiny-ufs1-be", 40); }
