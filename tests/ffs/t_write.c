// SPDX-License-Identifier: BSD-2-Clause
/*
 * t_write.c - the file side of the FFS write path (family "write"):
 * random writes, appends, truncations (shrink and grow, through every
 * indirect level, fragment tails), sparse files, a full file system,
 * checked after every operation against a model of what was written,
 * then unmounted (clean flag restored), remounted read-only and checked
 * again.  The images come from tests/ffs/mkrwimages.sh (makefs, with
 * free space) and from our newfs (the files are created first); the
 * device is a copy in memory.
 *
 * The model keeps 4 KiB pages of each file in a small hash table, so
 * that files reaching the triple-indirect range (terabytes of logical
 * size on a 16 MiB file system) stay cheap: only written pages exist.
 */
#include "kern/types.h"
#include "kern/systm.h"
#include "kern/kmem.h"

#include "ktap.h"
#include "tf.h"
#include "ffs_fs.h"

#define PG		4096
#define NPAGES		32768	/* hash slots per file model (3/4 usable) */
#define NFILES		4

struct page {
	uint64_t idx;		/* page number + 1; 0 = empty slot */
	uint8_t *data;
};

struct model {
	const char *name;
	uint64_t ino;
	uint64_t size;
	struct page *pages;	/* NPAGES slots, linear probing */
	unsigned npages;
};

struct wmem {
	uint8_t *data;
	uint64_t len;
	unsigned nsync, ndelayed, nflush;
};

static int
wm_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct wmem *m = ctx;

	if (off > m->len || len > m->len - off)
		return EIO;
	memcpy(buf, m->data + off, len);
	return 0;
}

static int
wm_write(void *ctx, uint64_t off, const void *buf, size_t len, int how)
{
	struct wmem *m = ctx;

	if (off > m->len || len > m->len - off)
		return EIO;
	memcpy(m->data + off, buf, len);
	if (how == FFS_IO_SYNC)
		m->nsync++;
	else
		m->ndelayed++;
	return 0;
}

static int
wm_flush(void *ctx)
{
	((struct wmem *)ctx)->nflush++;
	return 0;
}

static void
wm_dev(struct ffs_dev *dev, struct wmem *m)
{
	dev->read = wm_read;
	dev->write = wm_write;
	dev->flush = wm_flush;
	dev->ctx = m;
	dev->size = m->len;
}

/* ---- the model ---------------------------------------------------------- */

static uint64_t rng_state;
/* Set by the host (TF_WRITE_DEBUG=1): fsck after every operation. */
int tf_debug;
/* TF_WRITE_SEED=n: another random sequence (for soaking). */
uint64_t tf_seed;

static uint64_t
rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static uint64_t
rndn(uint64_t n)
{
	return n == 0 ? 0 : rnd() % n;
}

static struct page *
m_slot(struct model *m, uint64_t pidx, bool create)
{
	uint64_t h = (pidx * 0x9E3779B97F4A7C15ULL) % NPAGES;
	unsigned i;

	for (i = 0; i < NPAGES; i++) {
		struct page *p = &m->pages[(h + i) % NPAGES];

		if (p->idx == pidx + 1)
			return p;
		if (p->idx == 0) {
			if (!create || m->npages >= NPAGES * 3 / 4)
				return NULL;
			p->idx = pidx + 1;
			p->data = kmem_zalloc(PG, KM_SLEEP);
			m->npages++;
			return p;
		}
	}
	return NULL;
}

static void
m_write(struct model *m, uint64_t off, const uint8_t *buf, size_t len)
{
	while (len > 0) {
		uint64_t pidx = off / PG;
		size_t po = (size_t)(off % PG), n = MIN(len, PG - po);
		struct page *p = m_slot(m, pidx, true);

		KT_EXPECT(p != NULL);
		if (p == NULL)
			return;
		memcpy(p->data + po, buf, n);
		off += n;
		buf += n;
		len -= n;
	}
	/* size is the caller's */
}

/* Rebuild the hash without pages past size, zeroing the tail page. */
static void
m_truncate(struct model *m, uint64_t size)
{
	struct page *old = m->pages;
	unsigned i;

	m->pages = kmem_zalloc(NPAGES * sizeof(*m->pages), KM_SLEEP);
	m->npages = 0;
	for (i = 0; i < NPAGES; i++) {
		struct page *p;
		uint64_t pidx;

		if (old[i].idx == 0)
			continue;
		pidx = old[i].idx - 1;
		if (pidx * PG >= size) {
			kmem_free(old[i].data, PG);
			continue;
		}
		if (pidx == size / PG)
			memset(old[i].data + size % PG, 0, PG - size % PG);
		p = m_slot(m, pidx, true);
		kmem_free(p->data, PG);
		p->data = old[i].data;
	}
	kmem_free(old, NPAGES * sizeof(*old));
	m->size = size;
}

static void
m_free(struct model *m)
{
	unsigned i;

	for (i = 0; i < NPAGES; i++)
		if (m->pages[i].idx != 0)
			kmem_free(m->pages[i].data, PG);
	kmem_free(m->pages, NPAGES * sizeof(*m->pages));
	m->pages = NULL;
}

/* The model's bytes [off, off + len) (zeros where no page). */
static void
m_read(struct model *m, uint64_t off, uint8_t *buf, size_t len)
{
	while (len > 0) {
		uint64_t pidx = off / PG;
		size_t po = (size_t)(off % PG), n = MIN(len, PG - po);
		struct page *p = m_slot(m, pidx, false);

		if (p)
			memcpy(buf, p->data + po, n);
		else
			memset(buf, 0, n);
		off += n;
		buf += n;
		len -= n;
	}
}

/*
 * Compare file ip with its model: the size, every model page, and every
 * allocated block the file system reports (seekdata), so that data
 * where the model has a hole is found too.  Returns mismatches.
 */
static int
verify(struct ffs_core *fs, const struct ffs_inode *ip, struct model *m)
{
	uint8_t *got, *want;
	uint64_t off, data;
	size_t done, n;
	unsigned i;
	int bad = 0, error;

	if (ip->size != m->size) {
		kt_diag("%s: size %llu, model %llu", m->name,
			(unsigned long long)ip->size,
			(unsigned long long)m->size);
		return 1;
	}
	got = kmem_alloc(65536, KM_SLEEP);
	want = kmem_alloc(65536, KM_SLEEP);
	for (i = 0; i < NPAGES && bad < 3; i++) {
		if (m->pages[i].idx == 0)
			continue;
		off = (m->pages[i].idx - 1) * PG;
		if (off >= m->size)
			continue;
		n = (size_t)MIN((uint64_t)PG, m->size - off);
		error = ffs_core_read(fs, ip, off, got, n, &done);
		if (error || done != n || memcmp(got, m->pages[i].data, n)) {
			kt_diag("%s: page at %llu differs (error %d)", m->name,
				(unsigned long long)off, error);
			bad++;
		}
	}
	off = 0;
	while (bad < 3 && off < m->size) {
		error = ffs_core_seekdata(fs, ip, off, &data);
		if (error) {
			kt_diag("%s: seekdata %d", m->name, error);
			bad++;
			break;
		}
		if (data >= m->size)
			break;
		n = (size_t)MIN((uint64_t)fs->bsize - (data & (fs->bsize - 1)),
				m->size - data);
		error = ffs_core_read(fs, ip, data, got, n, &done);
		m_read(m, data, want, n);
		if (error || done != n || memcmp(got, want, n)) {
			kt_diag("%s: block at %llu differs (error %d)", m->name,
				(unsigned long long)data, error);
			bad++;
		}
		off = data + n;
	}
	kmem_free(got, 65536);
	kmem_free(want, 65536);
	return bad;
}

/* ---- the workload ---------------------------------------------------------- */

static const char *const names[NFILES] = { "small", "medium", "big", "empty" };
static const uint64_t sizes[NFILES] = { 1000, 100000, 300000, 0 };

static void
pattern(uint8_t *b, size_t n, uint64_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)((seed + i * 13) ^ (i >> 8));
}

/* An empty newfs image gets the files makefs puts in the others. */
static void
make_file(struct ffs_core *fs, const char *name, uint64_t size,
	  uint64_t *inop)
{
	static const struct ffs_newattr a = { FFS_IFREG | 0644, 0, 0, 0 };
	struct ffs_inode *root, *ip;
	uint8_t *b;
	uint64_t off;
	size_t n, done;
	int i;

	root = kmem_alloc(2 * sizeof(*root), KM_SLEEP);
	b = kmem_alloc(65536, KM_SLEEP);
	ip = root + 1;
	KT_EXPECT_EQ(ffs_core_iget(fs, FFS_ROOTINO, root), 0);
	KT_EXPECT_EQ(ffs_core_create(fs, root, name, strlen(name), &a, NULL,
				     ip), 0);
	for (off = 0; off < size; off += n) {
		n = (size_t)MIN((uint64_t)65536, size - off);
		for (i = 0; i < (int)n; i++)
			b[i] = (uint8_t)((off + (uint64_t)i) * 7 + size);
		KT_EXPECT_EQ(ffs_core_write(fs, ip, off, b, n, 0, &done), 0);
	}
	*inop = ip->ino;
	kmem_free(b, 65536);
	kmem_free(root, 2 * sizeof(*root));
}

static int
load(struct ffs_core *fs, struct model *m, struct ffs_inode *ip)
{
	int error = ffs_core_iget(fs, m->ino, ip);

	if (error)
		kt_diag("%s: iget %d", m->name, error);
	return error;
}

/*
 * A write the way a VFS writing through its own buffers does it:
 * ffs_core_balloc() for each block, the bytes straight to the device at
 * the offset it returns, the inode written at the end.
 */
static int
balloc_write(struct ffs_core *fs, struct ffs_inode *ip, struct wmem *wm,
	     uint64_t off, const uint8_t *buf, size_t n, size_t *done)
{
	uint64_t devoff;
	uint32_t boff, k, blen;
	bool fresh;
	int error = 0;

	*done = 0;
	while (*done < n) {
		boff = (uint32_t)((off + *done) & (fs->bsize - 1));
		k = (uint32_t)MIN((size_t)(fs->bsize - boff), n - *done);
		error = ffs_core_balloc(fs, ip, off + *done, k, &devoff, &blen,
					&fresh);
		if (error)
			break;
		KT_EXPECT(boff + k <= blen);
		KT_EXPECT(!fresh || (boff == 0 && k == blen));
		error = wm_write(wm, devoff + boff, buf + *done, k,
				 FFS_IO_DELAYED);
		if (error)
			break;
		*done += k;
	}
	if (*done > 0) {
		int e = ffs_core_iupdate(fs, ip, 0);

		if (error == 0)
			error = e;
	}
	return *done > 0 && error == ENOSPC ? 0 : error;
}

/* An offset for a write: mostly near the end, sometimes far out. */
static uint64_t
pick_off(struct ffs_core *fs, const struct model *m)
{
	uint64_t nind = fs->nindir, b = fs->bsize, r = rndn(100), lim;

	if (r < 55)
		return rndn(m->size + 2 * b + 1);
	if (r < 80)
		return rndn(4 << 20);
	if (r < 92)	/* double indirect */
		return (UFS_NDADDR + nind + rndn(4 * nind)) * b + rndn(b);
	/* triple indirect when the file system allows it */
	lim = (UFS_NDADDR + nind + nind * nind) * b;
	if (lim + 8 * b < fs->maxfilesize)
		return lim + rndn(8 * nind) * b + rndn(b);
	return rndn(8 << 20);
}

static void
workload(const char *image)
{
	struct model m[NFILES];
	struct ffs_inode ip;
	struct ffs_statvfs sv0, sv1;
	struct ffs_info fi;
	struct ffs_core *fs;
	struct ffs_dev dev;
	struct wmem wm;
	uint8_t *buf;
	const uint8_t *orig;
	uint64_t len, off;
	size_t done, n;
	char why[160];
	int i, op, f, error, bad = 0, nops = 400, nenospc = 0;

	orig = tf_host_rwimage(image, &len);
	KT_EXPECT_MSG(orig != NULL, "image %s missing (mkrwimages.sh)", image);
	if (orig == NULL)
		return;
	wm.data = kmem_alloc(len, KM_SLEEP);
	memcpy(wm.data, orig, len);
	wm.len = len;
	wm.nsync = wm.ndelayed = wm.nflush = 0;
	wm_dev(&dev, &wm);
	rng_state = 0x1234567 + len + tf_seed * 0x9E3779B97F4A7C15ULL;

	error = ffs_core_mount(&dev, FFS_MOUNT_RDWR, &fs, why, sizeof(why));
	KT_EXPECT_EQ(error, 0);
	if (error) {
		kt_diag("mount: %s", why);
		kmem_free(wm.data, len);
		return;
	}
	KT_EXPECT(ffs_core_isrw(fs));
	ffs_core_info(fs, &fi);
	/* While writable the superblock is not marked clean (section 1.4). */
	KT_EXPECT_EQ(wm.data[fi.sblockloc + SB_CLEAN], FS_WASCLEAN);
	buf = kmem_alloc(4 * 65536, KM_SLEEP);
	for (f = 0; f < NFILES; f++) {
		m[f].name = names[f];
		m[f].pages = kmem_zalloc(NPAGES * sizeof(*m[f].pages), KM_SLEEP);
		m[f].npages = 0;
		m[f].size = 0;
		if (ffs_core_namei(fs, FFS_ROOTINO, names[f], 0,
				   &m[f].ino) == ENOENT &&
		    strncmp(image, "newfs-", 6) == 0)
			make_file(fs, names[f], sizes[f], &m[f].ino);
		KT_EXPECT_EQ(ffs_core_namei(fs, FFS_ROOTINO, names[f], 0,
					    &m[f].ino), 0);
		/* the makefs pattern: byte i = i * 7 + length */
		for (off = 0; off < sizes[f]; off += n) {
			n = (size_t)MIN((uint64_t)65536, sizes[f] - off);
			for (i = 0; i < (int)n; i++)
				buf[i] = (uint8_t)((off + (uint64_t)i) * 7 +
						   sizes[f]);
			m_write(&m[f], off, buf, n);
		}
		m[f].size = sizes[f];
		if (load(fs, &m[f], &ip) == 0)
			bad += verify(fs, &ip, &m[f]);
	}
	ffs_core_statvfs(fs, &sv0);

	for (op = 0; op < nops && bad == 0; op++) {
		f = (int)rndn(NFILES);
		if (load(fs, &m[f], &ip) != 0) {
			bad++;
			break;
		}
		if (tf_debug)
			kt_diag("op %d: %s size %llu", op, names[f],
				(unsigned long long)ip.size);
		switch (rndn(10)) {
		case 0: case 1: case 2: case 3: case 4:	/* write */
			off = pick_off(fs, &m[f]);
			n = 1 + (size_t)rndn(3 * fs->bsize);
			if (rndn(4) == 0) {	/* whole aligned blocks */
				off &= ~(uint64_t)(fs->bsize - 1);
				n = fs->bsize * (1 + (size_t)rndn(3));
			}
			pattern(buf, n, rnd());
			if (tf_debug)
				kt_diag("  write %llu+%zu",
					(unsigned long long)off, n);
			if (rndn(3) == 0)	/* as a VFS with its own buffers */
				error = balloc_write(fs, &ip, &wm, off, buf, n,
						     &done);
			else
				error = ffs_core_write(fs, &ip, off, buf, n, 0,
						       &done);
			if (error == ENOSPC || (error == 0 && done < n))
				nenospc++;
			else if (error) {
				kt_diag("op %d: write %s %llu+%zu: %d", op,
					names[f], (unsigned long long)off, n,
					error);
				bad++;
			}
			m_write(&m[f], off, buf, done);
			if (done > 0 && off + done > m[f].size)
				m[f].size = off + done;
			break;
		case 5:					/* append */
			n = 1 + (size_t)rndn(2 * fs->bsize);
			pattern(buf, n, rnd());
			off = m[f].size;
			error = ffs_core_write(fs, &ip, 12345, buf, n,
					       FFS_WAPPEND, &done);
			if (error == ENOSPC || (error == 0 && done < n))
				nenospc++;
			else if (error)
				bad++;
			m_write(&m[f], off, buf, done);
			m[f].size = off + done;
			break;
		case 6: case 7:				/* shrink */
			off = rndn(4) == 0 ? 0 : rndn(m[f].size + 1);
			if (tf_debug)
				kt_diag("  shrink %llu", (unsigned long long)off);
			error = ffs_core_truncate(fs, &ip, off);
			KT_EXPECT_EQ(error, 0);
			if (error)
				bad++;
			m_truncate(&m[f], off);
			break;
		case 8:					/* grow */
			off = m[f].size + rndn(rndn(2) ? 3 * fs->bsize :
					       (uint64_t)64 << 20);
			if (tf_debug)
				kt_diag("  grow %llu", (unsigned long long)off);
			error = ffs_core_truncate(fs, &ip, off);
			if (error == ENOSPC) {
				nenospc++;
				break;
			}
			KT_EXPECT_EQ(error, 0);
			if (error)
				bad++;
			else
				m_truncate(&m[f], off);
			break;
		default:				/* write at 0 */
			n = 1 + (size_t)rndn(fs->bsize);
			pattern(buf, n, rnd());
			error = ffs_core_write(fs, &ip, 0, buf, n, FFS_WSYNC,
					       &done);
			if (error == ENOSPC || (error == 0 && done < n))
				nenospc++;
			else if (error)
				bad++;
			m_write(&m[f], 0, buf, done);
			if (done > m[f].size)
				m[f].size = done;
			break;
		}
		/* Check the file from a fresh load (what is on "disk"). */
		if (load(fs, &m[f], &ip) == 0)
			bad += verify(fs, &ip, &m[f]);
		else
			bad++;
		if (bad)
			kt_diag("after op %d on %s", op, names[f]);
		if (tf_debug && bad == 0) {
			KT_EXPECT_EQ(ffs_core_sync(fs), 0);
			if (tf_host_fsck(wm.data, wm.len) != 0) {
				kt_diag("fsck unhappy after op %d on %s", op,
					names[f]);
				bad++;
			}
		}
	}
	KT_EXPECT_EQ(bad, 0);
	kt_diag("%s: %d ops, %d ENOSPC, %u sync / %u delayed writes", image,
		op, nenospc, wm.nsync, wm.ndelayed);

	/* Fill the file system, then give it all back: counts exact. */
	if (load(fs, &m[3], &ip) == 0) {
		uint64_t before;

		KT_EXPECT_EQ(ffs_core_truncate(fs, &ip, 0), 0);
		m_truncate(&m[3], 0);
		KT_EXPECT_EQ(ffs_core_sync(fs), 0);
		ffs_core_statvfs(fs, &sv1);
		before = sv1.bfree;
		off = 0;
		do {
			pattern(buf, 4 * 65536, off);
			error = ffs_core_write(fs, &ip, off, buf, 4 * 65536, 0,
					       &done);
			m_write(&m[3], off, buf, done);
			off += done;
		} while (error == 0 && done == 4 * 65536);
		m[3].size = off;
		KT_EXPECT(error == ENOSPC || (error == 0 && done < 4 * 65536));
		/* no whole block left (fragments of partial blocks may be) */
		KT_EXPECT_EQ(fs->cs_nbfree, 0);
		KT_EXPECT_EQ(verify(fs, &ip, &m[3]), 0);
		KT_EXPECT_EQ(ffs_core_truncate(fs, &ip, 0), 0);
		m_truncate(&m[3], 0);
		KT_EXPECT_EQ(ffs_core_sync(fs), 0);
		ffs_core_statvfs(fs, &sv1);
		KT_EXPECT_EQ(sv1.bfree, before);
	}

	ffs_core_statvfs(fs, &sv1);
	KT_EXPECT_EQ(ffs_core_unmount(fs), 0);
	KT_EXPECT_EQ(wm.data[fi.sblockloc + SB_CLEAN], FS_ISCLEAN);

	/* Read-only again: the same files, the same counts. */
	error = ffs_core_mount(&dev, 0, &fs, why, sizeof(why));
	KT_EXPECT_EQ(error, 0);
	if (error == 0) {
		struct ffs_statvfs sv2;

		ffs_core_statvfs(fs, &sv2);
		KT_EXPECT_EQ(sv2.bfree, sv1.bfree);
		KT_EXPECT_EQ(sv2.ffree, sv1.ffree);
		KT_EXPECT_EQ(sv2.ffree, sv0.ffree);
		for (f = 0; f < NFILES; f++)
			if (load(fs, &m[f], &ip) == 0)
				KT_EXPECT_EQ(verify(fs, &ip, &m[f]), 0);
		ffs_core_unmount(fs);
		/* the independent checker: every count exact, no leak */
		KT_EXPECT_EQ(tf_host_fsck(wm.data, wm.len), 0);
	}
	for (f = 0; f < NFILES; f++)
		m_free(&m[f]);
	kmem_free(buf, 4 * 65536);
	kmem_free(wm.data, len);
}

void tf_write_ufs1_le_8k(void);
void tf_write_ufs1_be_4k512(void);
void tf_write_ufs2_le_16k(void);
void tf_write_ufs2_be_8k(void);
void tf_write_ufs2_le_4k(void);
void tf_write_refusals(void);
void tf_write_newfs_ufs1_le(void);
void tf_write_newfs_ufs2_be(void);
void tf_write_newfs_ufs2_le_64k(void);

void tf_write_newfs_ufs1_le(void) { workload("newfs-ufs1-le"); }
void tf_write_newfs_ufs2_be(void) { workload("newfs-ufs2-be"); }
void tf_write_newfs_ufs2_le_64k(void) { workload("newfs-ufs2-le-64k"); }
void tf_write_ufs1_le_8k(void) { workload("ufs1-le-8k"); }
void tf_write_ufs1_be_4k512(void) { workload("ufs1-be-4k512"); }
void tf_write_ufs2_le_16k(void) { workload("ufs2-le-16k"); }
void tf_write_ufs2_be_8k(void) { workload("ufs2-be-8k"); }
void tf_write_ufs2_le_4k(void) { workload("ufs2-le-4k"); }

/* Store v at offset off of the superblock in the image's byte order. */
static void
sbpatch32(uint8_t *img, const struct ffs_info *fi, uint32_t off, uint32_t v)
{
	if (fi->swapped)
		v = __builtin_bswap32(v);
	memcpy(img + fi->sblockloc + off, &v, 4);
}

/*
 * Read-write is refused, with the reason, where writing is unsafe: a
 * FreeBSD image (flag 0x200: QUOTA2 to NetBSD), and makefs images
 * patched to carry a snapshot, an unknown flag, the UFS2EA magic, the
 * old UFS1 layout; read-only still works and nothing is written.
 */
void
tf_write_refusals(void)
{
	static const struct {
		const char *image, *what, *reason;
	} cases[] = {
		{ "freebsd-ufs2-le", "as made", "QUOTA2" },
		{ "ufs2-le-4k", "snapshot", "snapshots" },
		{ "ufs1-le-8k", "unknown flag", "unknown fs_flags" },
		{ "ufs2-be-8k", "ea", "UFS2EA" },
		{ "ufs1-be-4k512", "old layout", "old UFS1 layout" },
	};
	struct ffs_core *fs;
	struct ffs_info fi;
	struct ffs_dev dev;
	struct wmem wm;
	const uint8_t *orig;
	uint64_t len;
	char why[160];
	unsigned i;
	size_t k;
	int error;

	for (i = 0; i < __arraycount(cases); i++) {
		orig = strncmp(cases[i].image, "freebsd", 7) == 0 ?
			tf_host_image(cases[i].image, &len) :
			tf_host_rwimage(cases[i].image, &len);
		KT_EXPECT_MSG(orig != NULL, "%s missing", cases[i].image);
		if (orig == NULL)
			return;
		wm.data = kmem_alloc(len, KM_SLEEP);
		memcpy(wm.data, orig, len);
		wm.len = len;
		wm_dev(&dev, &wm);
		/* Patch the superblock the core finds. */
		KT_EXPECT_EQ(ffs_core_mount(&dev, 0, &fs, why, sizeof(why)), 0);
		ffs_core_info(fs, &fi);
		ffs_core_unmount(fs);
		if (strcmp(cases[i].what, "snapshot") == 0)
			sbpatch32(wm.data, &fi, SB_SNAPINUM, 5);
		else if (strcmp(cases[i].what, "unknown flag") == 0)
			sbpatch32(wm.data, &fi, SB_FLAGS, fi.flags | 0x4000);
		else if (strcmp(cases[i].what, "ea") == 0)
			sbpatch32(wm.data, &fi, SB_MAGIC, FS_UFS2EA_MAGIC);
		else if (strcmp(cases[i].what, "old layout") == 0)
			wm.data[fi.sblockloc + SB_OLD_FLAGS] &=
				(uint8_t)~FS_FLAGS_UPDATED;
		{
			uint8_t *before = kmem_alloc(len, KM_SLEEP);

			memcpy(before, wm.data, len);
			why[0] = '\0';
			error = ffs_core_mount(&dev, FFS_MOUNT_RDWR, &fs, why,
					       sizeof(why));
			KT_EXPECT_MSG(error == EROFS, "%s (%s): rw mount %d",
				      cases[i].image, cases[i].what, error);
			KT_EXPECT(strncmp(why, "cannot write: ", 14) == 0);
			for (k = 0; why[k] && strncmp(why + k, cases[i].reason,
						      strlen(cases[i].reason));
			     k++)
				;
			KT_EXPECT_MSG(why[k] != '\0', "%s: reason '%s'",
				      cases[i].what, why);
			kt_diag("%s (%s): %s", cases[i].image, cases[i].what,
				why);
			if (error == 0)
				ffs_core_unmount(fs);
			/* nothing was written; read-only works */
			KT_EXPECT(memcmp(before, wm.data, len) == 0);
			KT_EXPECT_EQ(ffs_core_mount(&dev, 0, &fs, why,
						    sizeof(why)), 0);
			if (fs != NULL)
				ffs_core_unmount(fs);
			kmem_free(before, len);
		}
		kmem_free(wm.data, len);
	}
}
