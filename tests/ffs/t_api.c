// SPDX-License-Identifier: BSD-2-Clause
/*
 * t_api.c - the core API's contracts: resumable readdir cookies, lookup
 * and namei errors (ENOENT, ENOTDIR, ENAMETOOLONG, ELOOP, symlinks in the
 * middle of paths), type checks, and mount refusals with their reasons
 * (no superblock, truncated device, old formats, WAPBL logs).
 */
#include "ffs_fs.h"

#include "ktap.h"
#include "tf.h"

static struct ffs_core *
api_mount(const char *name, struct tf_mem *m)
{
	struct ffs_dev dev;
	struct ffs_core *fs = NULL;
	char why[160];
	int e;

	m->data = tf_host_image(name, &m->len);
	if (m->data == NULL) {
		kt_fail(__FILE__, __LINE__, "image missing: see build/ffs-images/mkimages.err");
		return NULL;
	}
	tf_memdev(&dev, m);
	e = ffs_core_mount(&dev, 0, &fs, why, sizeof(why));
	KT_EXPECT_MSG(e == 0, "mount %s: %d (%s)", name, e, why);
	return e ? NULL : fs;
}

/* ---- readdir cookies -------------------------------------------------- */
#define MAXE 1024
struct names {
	int n, limit, taken;
	uint64_t ino[MAXE];
	uint64_t hash[MAXE];
};

static uint64_t
hashname(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 1099511628211ULL;
	return h;
}

static int
take(void *arg, const struct ffs_dirent *de)
{
	struct names *nm = arg;

	if (nm->limit && nm->taken == nm->limit)
		return 1;
	if (nm->n < MAXE) {
		nm->ino[nm->n] = de->ino;
		nm->hash[nm->n] = hashname(de->name);
		nm->n++;
	}
	nm->taken++;
	return 0;
}

static void
readdir_resume(struct ffs_core *fs, const char *path, int expect)
{
	struct names *all, *part;
	struct ffs_inode dp;
	uint64_t ino, cookie = 0;
	bool eof = false;
	int e, calls = 0, i;

	all = kmem_zalloc(sizeof(*all), KM_SLEEP);
	part = kmem_zalloc(sizeof(*part), KM_SLEEP);
	KT_EXPECT_EQ(ffs_core_namei(fs, FFS_ROOTINO, path, 0, &ino), 0);
	KT_EXPECT_EQ(ffs_core_iget(fs, ino, &dp), 0);
	KT_EXPECT_EQ(ffs_core_readdir(fs, &dp, &cookie, take, all, &eof), 0);
	KT_EXPECT(eof);
	KT_EXPECT_EQ(cookie, dp.size);
	KT_EXPECT_EQ(all->n, expect);
	/* again, a few entries per call, resuming from the cookie */
	cookie = 0;
	eof = false;
	while (!eof && calls < 10000) {
		part->limit = 1 + calls % 3;
		part->taken = 0;
		e = ffs_core_readdir(fs, &dp, &cookie, take, part, &eof);
		KT_EXPECT_EQ(e, 0);
		if (e)
			break;
		calls++;
	}
	KT_EXPECT(eof);
	KT_EXPECT_EQ(part->n, all->n);
	for (i = 0; i < all->n && i < part->n; i++)
		if (all->ino[i] != part->ino[i] || all->hash[i] != part->hash[i])
			break;
	KT_EXPECT_EQ(i, all->n);
	KT_EXPECT(calls > 1);
	kmem_free(all, sizeof(*all));
	kmem_free(part, sizeof(*part));
}

void tf_api_readdir(void);
void
tf_api_readdir(void)
{
	struct tf_mem m;
	struct ffs_core *fs = api_mount("ufs2-be-4k512", &m);

	if (fs == NULL)
		return;
	readdir_resume(fs, "/bigdir", 702);	/* several directory blocks */
	readdir_resume(fs, "/many/d07", 77);
	readdir_resume(fs, "/", 15);
	ffs_core_unmount(fs);
}

void tf_api_lookup(void);
void
tf_api_lookup(void)
{
	struct tf_mem m;
	struct ffs_core *fs = api_mount("ufs1-le-4k512", &m);
	struct ffs_inode root, ip;
	uint64_t ino, ino2;
	uint8_t type;
	char name[300];
	size_t len;

	if (fs == NULL)
		return;
	KT_EXPECT_EQ(ffs_core_iget(fs, FFS_ROOTINO, &root), 0);
	KT_EXPECT_EQ(ffs_core_lookup(fs, &root, "many", 4, &ino, &type), 0);
	KT_EXPECT_EQ(type, 4);		/* DT_DIR */
	KT_EXPECT_EQ(ffs_core_lookup(fs, &root, "nope", 4, &ino, NULL), ENOENT);
	KT_EXPECT_EQ(ffs_core_lookup(fs, &root, "", 0, &ino, NULL), ENOENT);
	memset(name, 'x', sizeof(name));
	KT_EXPECT_EQ(ffs_core_lookup(fs, &root, name, 256, &ino, NULL),
		     ENAMETOOLONG);
	KT_EXPECT_EQ(ffs_core_lookup(fs, &root, ".", 1, &ino, NULL), 0);
	KT_EXPECT_EQ(ino, FFS_ROOTINO);
	KT_EXPECT_EQ(ffs_core_lookup(fs, &root, "..", 2, &ino, NULL), 0);
	KT_EXPECT_EQ(ino, FFS_ROOTINO);
	/* 255-byte names */
	KT_EXPECT_EQ(ffs_core_namei(fs, FFS_ROOTINO, "names", 0, &ino), 0);
	KT_EXPECT_EQ(ffs_core_iget(fs, ino, &ip), 0);
	KT_EXPECT_EQ(ffs_core_lookup(fs, &ip, name, 255, &ino2, NULL), 0);
	KT_EXPECT_EQ(ffs_core_lookup(fs, &ip, name, 254, &ino2, NULL), ENOENT);
	/* namei */
	KT_EXPECT_EQ(ffs_core_namei(fs, FFS_ROOTINO, "/links/loop1", 0, &ino), 0);
	KT_EXPECT_EQ(ffs_core_namei(fs, FFS_ROOTINO, "/links/loop1",
				    FFS_FOLLOW, &ino), ELOOP);
	KT_EXPECT_EQ(ffs_core_namei(fs, FFS_ROOTINO, "links/loop1/x", 0, &ino),
		     ELOOP);
	KT_EXPECT_EQ(ffs_core_namei(fs, FFS_ROOTINO, "links/dangling",
				    FFS_FOLLOW, &ino), ENOENT);
	KT_EXPECT_EQ(ffs_core_namei(fs, FFS_ROOTINO, "links/absdir/f003", 0,
				    &ino), 0);
	KT_EXPECT_EQ(ffs_core_namei(fs, FFS_ROOTINO, "many/d02/f003", 0,
				    &ino2), 0);
	KT_EXPECT_EQ(ino, ino2);
	KT_EXPECT_EQ(ffs_core_namei(fs, FFS_ROOTINO,
				    "/links/reldir/../links/./absdir//f003",
				    FFS_FOLLOW, &ino), 0);
	KT_EXPECT_EQ(ino, ino2);
	KT_EXPECT_EQ(ffs_core_namei(fs, FFS_ROOTINO, "many/d02/f003/x", 0,
				    &ino), ENOTDIR);
	KT_EXPECT_EQ(ffs_core_namei(fs, FFS_ROOTINO, "", 0, &ino), ENOENT);
	KT_EXPECT_EQ(ffs_core_namei(fs, FFS_ROOTINO, "/", 0, &ino), 0);
	KT_EXPECT_EQ(ino, FFS_ROOTINO);
	/* type checks */
	KT_EXPECT_EQ(ffs_core_iget(fs, 0, &ip), EINVAL);
	KT_EXPECT_EQ(ffs_core_iget(fs, 1, &ip), EINVAL);
	KT_EXPECT_EQ(ffs_core_iget(fs, fs->ninodes, &ip), EINVAL);
	KT_EXPECT_EQ(ffs_core_iget(fs, fs->ninodes - 1, &ip), ENOENT);
	KT_EXPECT_EQ(ffs_core_namei(fs, FFS_ROOTINO, "fifo", 0, &ino), 0);
	KT_EXPECT_EQ(ffs_core_iget(fs, ino, &ip), 0);
	KT_EXPECT_EQ(ip.mode & FFS_IFMT, FFS_IFIFO);
	KT_EXPECT_EQ(ffs_core_read(fs, &ip, 0, name, 1, &len), EINVAL);
	KT_EXPECT_EQ(ffs_core_readlink(fs, &ip, name, 1, &len), EINVAL);
	{
		uint64_t c = 0;
		bool eof;

		KT_EXPECT_EQ(ffs_core_readdir(fs, &ip, &c, NULL, NULL, &eof),
			     ENOTDIR);
		KT_EXPECT_EQ(ffs_core_lookup(fs, &ip, "a", 1, &ino, NULL),
			     ENOTDIR);
	}
	/* a fast symlink cannot be read as data, a slow one can */
	KT_EXPECT_EQ(ffs_core_namei(fs, FFS_ROOTINO, "links/len0059", 0, &ino), 0);
	KT_EXPECT_EQ(ffs_core_iget(fs, ino, &ip), 0);
	KT_EXPECT_EQ(ip.blocks, 0);
	KT_EXPECT_EQ(ffs_core_read(fs, &ip, 0, name, 1, &len), EINVAL);
	KT_EXPECT_EQ(ffs_core_namei(fs, FFS_ROOTINO, "links/len0060", 0, &ino), 0);
	KT_EXPECT_EQ(ffs_core_iget(fs, ino, &ip), 0);
	KT_EXPECT(ip.blocks > 0);
	KT_EXPECT_EQ(ffs_core_read(fs, &ip, 0, name, 60, &len), 0);
	KT_EXPECT_EQ(len, 60);
	/* readlink truncates to the buffer, like readlink(2) */
	KT_EXPECT_EQ(ffs_core_readlink(fs, &ip, name, 10, &len), 0);
	KT_EXPECT_EQ(len, 10);
	ffs_core_unmount(fs);
}

/* ---- mount refusals ------------------------------------------------------ */
static int
try_mount(uint8_t *img, uint64_t len, int flags, char *why, size_t wl,
	  int *wapbl)
{
	struct tf_mem m = { img, len };
	struct ffs_dev dev;
	struct ffs_core *fs;
	struct ffs_info fi;
	int e;

	tf_memdev(&dev, &m);
	e = ffs_core_mount(&dev, flags, &fs, why, wl);
	if (e == 0) {
		ffs_core_info(fs, &fi);
		if (wapbl)
			*wapbl = fi.wapbl;
		ffs_core_unmount(fs);
	}
	return e;
}

static bool
contains(const char *s, const char *sub)
{
	size_t n = strlen(sub);

	for (; *s; s++)
		if (strncmp(s, sub, n) == 0)
			return true;
	return false;
}

static void
put32(bool swap, uint8_t *p, uint32_t v)
{
	if (swap)
		v = __builtin_bswap32(v);
	memcpy(p, &v, 4);
}

static void
put64(bool swap, uint8_t *p, uint64_t v)
{
	if (swap)
		v = __builtin_bswap64(v);
	memcpy(p, &v, 8);
}

static void
refusals(const char *name, bool ufs1, bool swap)
{
	const uint8_t *orig;
	uint8_t *img, *sb;
	uint64_t len, big;
	char why[200];
	int wapbl = -1;
	uint32_t v;

	orig = tf_host_image(name, &len);
	if (orig == NULL) {
		kt_fail(__FILE__, __LINE__, "image missing: see build/ffs-images/mkimages.err");
		return;
	}
	big = len + 4096;		/* room for a log after the fs */
	img = kmem_zalloc(big, KM_SLEEP);
	KT_EXPECT(img != NULL);
	if (img == NULL)
		return;
	memcpy(img, orig, len);
	sb = img + 8192;		/* makefs: both formats at 8192 */
	KT_EXPECT_EQ(try_mount(img, len, 0, why, sizeof(why), NULL), 0);

	KT_EXPECT_EQ(try_mount(img, 4096, 0, why, sizeof(why), NULL), EINVAL);
	KT_EXPECT_MSG(contains(why, "no FFS superblock"), "why: %s", why);
	KT_EXPECT_EQ(try_mount(img, len - 4096, 0, why, sizeof(why), NULL),
		     EINVAL);
	KT_EXPECT_MSG(contains(why, "larger than the device"), "why: %s", why);

	memcpy(&v, sb + SB_BSIZE, 4);
	put32(swap, sb + SB_BSIZE, 3000);
	KT_EXPECT_EQ(try_mount(img, len, 0, why, sizeof(why), NULL), EINVAL);
	KT_EXPECT_MSG(contains(why, "fs_bsize 3000"), "why: %s", why);
	memcpy(sb + SB_BSIZE, &v, 4);

	if (ufs1) {
		memcpy(&v, sb + SB_OLD_INODEFMT, 4);
		put32(swap, sb + SB_OLD_INODEFMT, 1);
		KT_EXPECT_EQ(try_mount(img, len, 0, why, sizeof(why), NULL),
			     EFTYPE);
		KT_EXPECT_MSG(contains(why, "inode format"), "why: %s", why);
		memcpy(sb + SB_OLD_INODEFMT, &v, 4);
		memcpy(&v, sb + SB_OLD_POSTBLFORMAT, 4);
		put32(swap, sb + SB_OLD_POSTBLFORMAT, 0xffffffff);
		KT_EXPECT_EQ(try_mount(img, len, 0, why, sizeof(why), NULL),
			     EFTYPE);
		memcpy(sb + SB_OLD_POSTBLFORMAT, &v, 4);
	}

	if (!ufs1) {
		/* UFS2EA reads as UFS2 (flagged; a writer would refuse) */
		struct tf_walk w1, w2;
		struct tf_mem tm = { img, len };
		struct ffs_dev dev;
		struct ffs_core *fs;
		struct ffs_info fi;

		memset(&w1, 0, sizeof(w1));
		memset(&w2, 0, sizeof(w2));
		KT_EXPECT_EQ(tf_mount_walk(img, len, &w1, why, sizeof(why)), 0);
		memcpy(&v, sb + SB_MAGIC, 4);
		put32(swap, sb + SB_MAGIC, FS_UFS2EA_MAGIC);
		tf_memdev(&dev, &tm);
		KT_EXPECT_EQ(ffs_core_mount(&dev, 0, &fs, why, sizeof(why)), 0);
		if (fs) {
			ffs_core_info(fs, &fi);
			KT_EXPECT(fi.ea && fi.ufs == 2 && fi.rw_refusal != NULL);
			tf_walk_fs(fs, &w2);
			ffs_core_unmount(fs);
		}
		KT_EXPECT(w1.nerrors == 0 && w2.nerrors == 0);
		KT_EXPECT_EQ(w2.bytes, w1.bytes);
		KT_EXPECT_EQ(w2.ninodes, w1.ninodes);
		memcpy(sb + SB_MAGIC, &v, 4);
	}
	/* a backup: fs_sblockloc is not where the superblock was found */
	memcpy(&v, sb + SB_SBLOCKLOC, 4);
	put64(swap, sb + SB_SBLOCKLOC, 65536);
	KT_EXPECT_EQ(try_mount(img, len, 0, why, sizeof(why), NULL), EINVAL);
	KT_EXPECT_MSG(contains(why, "backup"), "why: %s", why);
	put64(swap, sb + SB_SBLOCKLOC, 8192);

	/* WAPBL: flag without a described log is not a log (FreeBSD 0x100) */
	memcpy(&v, sb + SB_FLAGS, 4);
	put32(swap, sb + SB_FLAGS, 0x100);
	KT_EXPECT_EQ(try_mount(img, len, 0, why, sizeof(why), &wapbl), 0);
	KT_EXPECT_EQ(wapbl, FFS_WAPBL_NONE);
	/* a log at the end of the partition, with unreadable headers */
	sb[SB_JOURNAL_VERSION] = 1;
	sb[SB_JOURNAL_LOCATION] = 1;
	put64(swap, sb + SB_JOURNALLOCS, len / 512);
	put64(swap, sb + SB_JOURNALLOCS + 8, 8);
	put64(swap, sb + SB_JOURNALLOCS + 16, 512);
	KT_EXPECT_EQ(try_mount(img, big, 0, why, sizeof(why), NULL), EROFS);
	KT_EXPECT_MSG(contains(why, "WAPBL"), "why: %s", why);
	KT_EXPECT_EQ(try_mount(img, big, FFS_MOUNT_FORCE, why, sizeof(why),
			       &wapbl), 0);
	KT_EXPECT_EQ(wapbl, FFS_WAPBL_DIRTY);
	/* two commit headers, the newer one empty: readable */
	put32(false, img + len, 0x5741424c);
	put32(false, img + len + 12, 7);		/* generation */
	put64(false, img + len + 64, 4096);		/* head */
	put64(false, img + len + 72, 1024);		/* tail */
	put32(false, img + len + 512, 0x5741424c);
	put32(false, img + len + 512 + 12, 8);
	KT_EXPECT_EQ(try_mount(img, big, 0, why, sizeof(why), &wapbl), 0);
	KT_EXPECT_EQ(wapbl, FFS_WAPBL_EMPTY);
	/* the older one is the empty one: dirty */
	put32(false, img + len + 512 + 12, 6);
	KT_EXPECT_EQ(try_mount(img, big, 0, why, sizeof(why), NULL), EROFS);
	memcpy(sb + SB_FLAGS, &v, 4);
	kmem_free(img, big);
}

void tf_api_refuse_ufs1(void);
void tf_api_refuse_ufs2(void);
void tf_api_refuse_ufs1(void) { refusals("tiny-ufs1-be",
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	true, false
#else
	true, true
#endif
	); }
void tf_api_refuse_ufs2(void) { refusals("tiny-ufs2-le",
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	false, true
#else
	false, false
#endif
	); }

/*
 * The old UFS1 layout (FS_FLAGS_UPDATED clear in fs_old_flags): the
 * 32-bit size, dsize, csaddr and summary totals rule.  makefs fills both
 * copies, so clearing the flag must read the same tree.
 */
void tf_api_oldlayout(void);
void
tf_api_oldlayout(void)
{
	const uint8_t *orig;
	uint8_t *img;
	uint64_t len;
	struct tf_walk w1, w2;
	struct tf_mem m;
	struct ffs_dev dev;
	struct ffs_core *fs;
	struct ffs_info fi;
	char why[160];

	orig = tf_host_image("small-ufs1-le", &len);
	if (orig == NULL) {
		kt_fail(__FILE__, __LINE__, "image missing: see build/ffs-images/mkimages.err");
		return;
	}
	memset(&w1, 0, sizeof(w1));
	memset(&w2, 0, sizeof(w2));
	KT_EXPECT_EQ(tf_mount_walk(orig, len, &w1, why, sizeof(why)), 0);
	KT_EXPECT_EQ(w1.nerrors, 0);
	img = kmem_alloc(len, KM_SLEEP);
	KT_EXPECT(img != NULL);
	if (img == NULL)
		return;
	memcpy(img, orig, len);
	KT_EXPECT(img[8192 + SB_OLD_FLAGS] & FS_FLAGS_UPDATED);
	img[8192 + SB_OLD_FLAGS] &= (uint8_t)~FS_FLAGS_UPDATED;
	m.data = img;
	m.len = len;
	tf_memdev(&dev, &m);
	KT_EXPECT_EQ(ffs_core_mount(&dev, 0, &fs, why, sizeof(why)), 0);
	if (fs) {
		ffs_core_info(fs, &fi);
		KT_EXPECT(fi.oldlayout);
		KT_EXPECT(fi.rw_refusal != NULL);
		tf_walk_fs(fs, &w2);
		ffs_core_unmount(fs);
	}
	KT_EXPECT_EQ(w2.nerrors, 0);
	KT_EXPECT_EQ(w2.nfiles, w1.nfiles);
	KT_EXPECT_EQ(w2.bytes, w1.bytes);
	KT_EXPECT_EQ(w2.ninodes, w1.ninodes);
	kmem_free(img, len);
}

/* ffs_core_bmap + device reads give the same bytes as ffs_core_read. */
void tf_api_bmap(void);
void
tf_api_bmap(void)
{
	static const char *const files[] = { "/double", "/single",
		"/dir1/f1", "/a/b/c/file", "/slow" };
	struct tf_mem m;
	struct ffs_core *fs = api_mount("small-ufs2-be", &m);
	struct ffs_inode ip;
	uint8_t *a, *b;
	uint64_t ino, lbn, devoff, hole;
	uint32_t len;
	size_t done;
	unsigned i;

	if (fs == NULL)
		return;
	a = kmem_alloc(fs->bsize, KM_SLEEP);
	b = kmem_alloc(fs->bsize, KM_SLEEP);
	for (i = 0; i < __arraycount(files) && a && b; i++) {
		KT_EXPECT_EQ(ffs_core_namei(fs, FFS_ROOTINO, files[i], 0, &ino), 0);
		KT_EXPECT_EQ(ffs_core_iget(fs, ino, &ip), 0);
		for (lbn = 0; (lbn << fs->bshift) < ip.size; lbn++) {
			KT_EXPECT_EQ(ffs_core_bmap(fs, &ip, lbn, &devoff, &len,
						   &hole), 0);
			KT_EXPECT(devoff != 0 && len > 0 && len <= fs->bsize);
			if (devoff == 0 || len == 0)
				break;
			KT_EXPECT_EQ(tf_memread(&m, devoff, a, len), 0);
			KT_EXPECT_EQ(ffs_core_read(fs, &ip, lbn << fs->bshift, b,
						   len, &done), 0);
			KT_EXPECT(memcmp(a, b, done) == 0);
		}
		KT_EXPECT_EQ(ffs_core_bmap(fs, &ip, lbn, &devoff, &len, &hole),
			     EINVAL);
	}
	if (a)
		kmem_free(a, fs->bsize);
	if (b)
		kmem_free(b, fs->bsize);
	ffs_core_unmount(fs);
}
