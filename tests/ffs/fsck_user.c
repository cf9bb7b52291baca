// SPDX-License-Identifier: BSD-2-Clause
/*
 * fsck_user.c - the fsck family: "rumpffs fsck" (tools/rumpffs/fsck.c)
 * must find every makefs and FreeBSD image clean, and must find targeted
 * corruptions of the small images with the right class and exit status.
 *
 * The corruptions are made on a copy in a temporary directory.  Locating
 * what to corrupt (inode numbers, block addresses, directory entries) may
 * use the core (ffs_core_namei/iget/bmap): only the checker itself must
 * stay independent of it.  The cg/summary arithmetic here is the test's
 * own, from shared/design/ffs-format.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ktap.h"
#include "tf.h"
#include "fsck.h"

#define IMGDIR FFS_TOP "/build/ffs-images"

/* ---- clean images ----------------------------------------------------------- */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
expect_clean(const char *path)
{
	struct fsck_summary s;
	char *buf = NULL;
	size_t blen = 0;
	FILE *rep = open_memstream(&buf, &blen);
	double t0 = now();
	int rc;

	rc = rumpffs_fsck(path, 0, rep, &s);
	fclose(rep);
	KT_EXPECT_MSG(rc == FSCK_EXIT_CLEAN && s.leaks == 0 && s.errors == 0,
		      "%s: exit %d\n%s", path, rc, buf ? buf : "");
	if (rc != FSCK_EXIT_CANTCHECK)
		kt_diag("%s: %llu files, %llu dirs, %llu used, %llu free, "
			"%.2f s", strrchr(path, '/') + 1,
			(unsigned long long)s.files, (unsigned long long)s.dirs,
			(unsigned long long)s.used, (unsigned long long)s.free,
			now() - t0);
	free(buf);
}

static void
fsck_makefs(void)
{
	char line[512], name[128], path[600];
	int n = 0;
	FILE *f = fopen(IMGDIR "/makefs/images", "r");

	if (f == NULL) {
		KT_EXPECT_MSG(0, "no %s", IMGDIR "/makefs/images");
		return;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%127s", name) != 1 ||
		    strcmp(name, "ufs2-le-triple") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/makefs/%s.img", IMGDIR, name);
		expect_clean(path);
		n++;
	}
	fclose(f);
	KT_EXPECT_MSG(n >= 17, "only %d makefs images", n);
}

static void
fsck_triple(void)
{
	expect_clean(IMGDIR "/makefs/ufs2-le-triple.img");
}

static void
fsck_freebsd(void)
{
	struct stat st;

	if (stat(IMGDIR "/freebsd-ufs2-le.img", &st) != 0) {
		kt_skip("FreeBSD images not unpacked");
		return;
	}
	expect_clean(IMGDIR "/freebsd-ufs2-le.img");
	expect_clean(IMGDIR "/freebsd-ufs2-be.img");
}

static void
fsck_usage(void)
{
	KT_EXPECT_EQ(rumpffs_fsck("/nonexistent/image", 0, NULL, NULL),
		     FSCK_EXIT_CANTCHECK);
	/* not a file system */
	KT_EXPECT_EQ(rumpffs_fsck("/dev/null", 0, NULL, NULL),
		     FSCK_EXIT_CANTCHECK);
}

/* ---- corruptions --------------------------------------------------------------- */
struct img {
	const char *name;
	uint8_t *p;
	uint64_t len;
	bool swap;
	int ufs;
	uint32_t fsize, bsize, frag, fpg, ipg, inopb, isize, ncg;
	uint32_t cblkno, iblkno;
	uint64_t csaddr, size;
	struct tf_mem m;
	struct ffs_core *fs;
};

static uint32_t
sw32(const struct img *im, uint32_t v)
{
	return im->swap ? __builtin_bswap32(v) : v;
}

static uint32_t
get32(const struct img *im, uint64_t off)
{
	uint32_t v;

	memcpy(&v, im->p + off, 4);
	return sw32(im, v);
}

static void
put32(struct img *im, uint64_t off, uint32_t v)
{
	v = sw32(im, v);
	memcpy(im->p + off, &v, 4);
}

static uint64_t
get64(const struct img *im, uint64_t off)
{
	uint64_t v;

	memcpy(&v, im->p + off, 8);
	return im->swap ? __builtin_bswap64(v) : v;
}

static void
put64(struct img *im, uint64_t off, uint64_t v)
{
	if (im->swap)
		v = __builtin_bswap64(v);
	memcpy(im->p + off, &v, 8);
}

static uint16_t
get16(const struct img *im, uint64_t off)
{
	uint16_t v;

	memcpy(&v, im->p + off, 2);
	return im->swap ? __builtin_bswap16(v) : v;
}

static void
put16(struct img *im, uint64_t off, uint16_t v)
{
	if (im->swap)
		v = __builtin_bswap16(v);
	memcpy(im->p + off, &v, 2);
}

#define SBOFF 8192	/* makefs puts both UFS1 and UFS2 there */

static bool
img_load(struct img *im, const char *name)
{
	const uint8_t *src;
	struct ffs_dev dev;
	char why[128];
	uint32_t magic;

	memset(im, 0, sizeof(*im));
	im->name = name;
	src = tf_host_image(name, &im->len);
	if (src == NULL)
		return false;
	im->p = malloc(im->len);
	if (im->p == NULL)
		return false;
	memcpy(im->p, src, im->len);
	memcpy(&magic, im->p + SBOFF + 0x55C, 4);
	im->swap = magic != 0x00011954 && magic != 0x19540119;
	im->ufs = get32(im, SBOFF + 0x55C) == 0x00011954 ? 1 : 2;
	im->cblkno = get32(im, SBOFF + 0x0C);
	im->iblkno = get32(im, SBOFF + 0x10);
	im->ncg = get32(im, SBOFF + 0x2C);
	im->bsize = get32(im, SBOFF + 0x30);
	im->fsize = get32(im, SBOFF + 0x34);
	im->frag = get32(im, SBOFF + 0x38);
	im->inopb = get32(im, SBOFF + 0x78);
	im->ipg = get32(im, SBOFF + 0xB8);
	im->fpg = get32(im, SBOFF + 0xBC);
	im->csaddr = get64(im, SBOFF + 0x448);
	im->size = get64(im, SBOFF + 0x438);
	im->isize = im->ufs == 1 ? 128 : 256;
	/* the core, on the pristine copy, only to find things */
	im->m.data = src;
	im->m.len = im->len;
	tf_memdev(&dev, &im->m);
	if (ffs_core_mount(&dev, 0, &im->fs, why, sizeof(why)) != 0) {
		free(im->p);
		return false;
	}
	return true;
}

static void
img_free(struct img *im)
{
	if (im->fs)
		ffs_core_unmount(im->fs);
	free(im->p);
}

static uint64_t
cgoff(const struct img *im, uint64_t c)
{
	return (c * im->fpg + im->cblkno) * (uint64_t)im->fsize;
}

static uint64_t
inooff(const struct img *im, uint64_t ino)
{
	uint64_t c = ino / im->ipg, i = ino % im->ipg;

	return (c * im->fpg + im->iblkno + (i / im->inopb) * im->frag) *
		(uint64_t)im->fsize + (i % im->inopb) * im->isize;
}

static uint64_t
lookup(struct img *im, const char *path)
{
	uint64_t ino = 0;

	KT_EXPECT_EQ(ffs_core_namei(im->fs, FFS_ROOTINO, path, 0, &ino), 0);
	return ino;
}

/* Byte offset of direct pointer i of inode ino. */
static uint64_t
dboff(const struct img *im, uint64_t ino, int i)
{
	return inooff(im, ino) + (im->ufs == 1 ? 40 + 4 * i : 112 + 8 * i);
}

static uint64_t
getdb(const struct img *im, uint64_t ino, int i)
{
	return im->ufs == 1 ? get32(im, dboff(im, ino, i)) :
		get64(im, dboff(im, ino, i));
}

static void
setdb(struct img *im, uint64_t ino, int i, uint64_t d)
{
	if (im->ufs == 1)
		put32(im, dboff(im, ino, i), (uint32_t)d);
	else
		put64(im, dboff(im, ino, i), d);
}

/* Add delta to one of the four counts (0 ndir, 1 nbfree, 2 nifree,
 * 3 nffree) of cg c everywhere: cg header, summary area, fs_cstotal and,
 * on UFS1, fs_old_cstotal -- what a consistent writer does. */
static void
count_add(struct img *im, uint64_t c, int which, int delta, bool cg)
{
	uint64_t o;

	if (cg) {
		o = cgoff(im, c) + 0x18 + 4 * (uint64_t)which;
		put32(im, o, get32(im, o) + (uint32_t)delta);
	}
	o = im->csaddr * im->fsize + c * 16 + 4 * (uint64_t)which;
	put32(im, o, get32(im, o) + (uint32_t)delta);
	o = SBOFF + 0x3F0 + 8 * (uint64_t)which;
	put64(im, o, get64(im, o) + (uint64_t)(int64_t)delta);
	if (im->ufs == 1) {
		o = SBOFF + 0xC0 + 4 * (uint64_t)which;
		put32(im, o, get32(im, o) + (uint32_t)delta);
	}
}

static bool
bitget(const uint8_t *m, uint64_t i)
{
	return (m[i / 8] >> (i % 8)) & 1;
}

static void
bitput(uint8_t *m, uint64_t i, bool v)
{
	if (v)
		m[i / 8] |= (uint8_t)(1u << (i % 8));
	else
		m[i / 8] &= (uint8_t)~(1u << (i % 8));
}

/* A free inode (map bit clear, mode 0), from the last cg down. */
static uint64_t
free_inode(struct img *im)
{
	uint64_t c, i;
	uint8_t *imap;

	for (c = im->ncg; c-- > 0;) {
		imap = im->p + cgoff(im, c) + get32(im, cgoff(im, c) + 0x5C);
		for (i = im->ipg; i-- > 0;)
			if (c * im->ipg + i > 2 && !bitget(imap, i) &&
			    get16(im, inooff(im, c * im->ipg + i)) == 0)
				return c * im->ipg + i;
	}
	KT_EXPECT_MSG(0, "%s: no free inode", im->name);
	return 0;
}

/* Offset of directory entry name in directory path's first block. */
static uint64_t
dirent_off(struct img *im, const char *dir, const char *name)
{
	struct ffs_inode ip;
	uint64_t devoff = 0, hole, pos;
	uint32_t len = 0, reclen;
	uint64_t ino = lookup(im, dir);

	KT_EXPECT_EQ(ffs_core_iget(im->fs, ino, &ip), 0);
	KT_EXPECT_EQ(ffs_core_bmap(im->fs, &ip, 0, &devoff, &len, &hole), 0);
	for (pos = 0; pos + 8 <= len; pos += reclen) {
		const uint8_t *e = im->p + devoff + pos;

		reclen = get16(im, devoff + pos + 4);
		if (reclen == 0)
			break;
		if (e[7] == strlen(name) && memcmp(e + 8, name, e[7]) == 0)
			return devoff + pos;
	}
	KT_EXPECT_MSG(0, "%s: no entry %s in %s", im->name, name, dir);
	return 0;
}

/* Write the image to a temp file and check it. */
static int
run_fsck(struct img *im, char **report, struct fsck_summary *s)
{
	char dir[] = "/tmp/fsck-test-XXXXXX", path[64];
	size_t blen = 0;
	FILE *f, *rep;
	int rc;

	*report = NULL;
	if (mkdtemp(dir) == NULL) {
		KT_EXPECT_MSG(0, "mkdtemp: %s", strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/img", dir);
	f = fopen(path, "wb");
	KT_EXPECT(f != NULL);
	if (f == NULL)
		return -1;
	KT_EXPECT(fwrite(im->p, 1, im->len, f) == im->len);
	fclose(f);
	rep = open_memstream(report, &blen);
	rc = rumpffs_fsck(path, 0, rep, s);
	fclose(rep);
	unlink(path);
	rmdir(dir);
	return rc;
}

/*
 * One corruption: the mutator changes the copy; the checker must exit
 * with rc, report a line containing needle (of class cls), and have
 * leaks (0 none, 1 some, -1 any) and errors likewise.
 */
struct mut {
	const char *group;	/* the KTAP case running it */
	const char *what;
	void (*fn)(struct img *);
	int rc;
	const char *needle;
	const char *cls;	/* "leak" or "error" */
};

static void
mutate(const char *base, const struct mut *m)
{
	struct img im;
	struct fsck_summary s;
	char *rep, *line, *nl;
	bool found = false;
	int rc;

	if (!img_load(&im, base)) {
		KT_EXPECT_MSG(0, "cannot load %s", base);
		return;
	}
	m->fn(&im);
	memset(&s, 0, sizeof(s));
	rc = run_fsck(&im, &rep, &s);
	for (line = rep; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (strstr(line, m->needle) && strstr(line, m->cls))
			found = true;
		if (nl)
			*nl = '\n';
		if (nl == NULL)
			break;
	}
	KT_EXPECT_MSG(rc == m->rc && found, "%s on %s: exit %d (want %d), "
		      "'%s' [%s] %s; report:\n%s", m->what, base, rc, m->rc,
		      m->needle, m->cls, found ? "found" : "NOT found",
		      rep ? rep : "");
	if (m->rc == FSCK_EXIT_LEAKS)
		KT_EXPECT(s.leaks > 0 && s.errors == 0);
	if (getenv("FSCK_TEST_VERBOSE"))	/* show what fsck said */
		kt_diag("%s on %s:\n%s", m->what, base, rep ? rep : "");
	free(rep);
	img_free(&im);
}

/* -- the mutators -- */
static void
m_imap_clear(struct img *im)
{
	uint64_t ino = lookup(im, "/single"), c = ino / im->ipg;
	uint8_t *imap = im->p + cgoff(im, c) + get32(im, cgoff(im, c) + 0x5C);

	bitput(imap, ino % im->ipg, false);
}

static void
m_imap_leak(struct img *im)
{
	uint64_t ino = free_inode(im), c = ino / im->ipg;
	uint8_t *imap = im->p + cgoff(im, c) + get32(im, cgoff(im, c) + 0x5C);

	bitput(imap, ino % im->ipg, true);
	count_add(im, c, 2, -1, true);
}

static void
m_fmap_usedfree(struct img *im)
{
	uint64_t d = getdb(im, lookup(im, "/single"), 3), c = d / im->fpg;
	uint8_t *fmap = im->p + cgoff(im, c) + get32(im, cgoff(im, c) + 0x60);

	bitput(fmap, d % im->fpg, true);
}

/* A whole free block of some cg: *cp, block number in the cg. */
static uint32_t
free_block(struct img *im, uint64_t *cp)
{
	uint64_t c;
	uint32_t b, f, ndblk;
	uint8_t *fmap;

	for (c = 0; c < im->ncg; c++) {
		fmap = im->p + cgoff(im, c) + get32(im, cgoff(im, c) + 0x60);
		ndblk = get32(im, cgoff(im, c) + 0x14);
		for (b = 0; b < ndblk / im->frag; b++) {
			for (f = 0; f < im->frag; f++)
				if (!bitget(fmap, b * im->frag + f))
					break;
			if (f == im->frag) {
				*cp = c;
				return b;
			}
		}
	}
	KT_EXPECT_MSG(0, "%s: no free block", im->name);
	*cp = 0;
	return 0;
}

/* Allocate a free block the way a consistent writer would (and lose it). */
static void
m_leak_block(struct img *im)
{
	uint64_t c, co;
	uint32_t b = free_block(im, &c), f, n, run = 0, csz;
	uint8_t *fmap, *clmap;

	co = cgoff(im, c);
	fmap = im->p + co + get32(im, co + 0x60);
	for (f = 0; f < im->frag; f++)
		bitput(fmap, b * im->frag + f, false);
	count_add(im, c, 1, -1, true);
	/* cluster map and its summary, recounted */
	clmap = im->p + co + get32(im, co + 0x6C);
	bitput(clmap, b, false);
	csz = get32(im, SBOFF + 0x524);
	for (f = 1; f <= csz; f++)
		put32(im, co + get32(im, co + 0x68) + 4 * f, 0);
	n = get32(im, co + 0x70);
	for (f = 0; f <= n; f++) {
		if (f < n && bitget(clmap, f)) {
			run++;
		} else if (run) {
			uint64_t o = co + get32(im, co + 0x68) +
				4 * (run > csz ? csz : run);

			put32(im, o, get32(im, o) + 1);
			run = 0;
		}
	}
}

/* A free frag of a partly used block marked allocated, counts untouched. */
static void
m_fmap_freeused(struct img *im)
{
	uint64_t c;
	uint32_t b = free_block(im, &c);
	uint8_t *fmap = im->p + cgoff(im, c) + get32(im, cgoff(im, c) + 0x60);

	bitput(fmap, b * im->frag, false);
}

static void
m_cg_nbfree(struct img *im)
{
	put32(im, cgoff(im, 0) + 0x1C, get32(im, cgoff(im, 0) + 0x1C) + 1);
}

static void
m_frsum(struct img *im)
{
	put32(im, cgoff(im, 0) + 0x34 + 4, get32(im, cgoff(im, 0) + 0x38) + 1);
}

static void
m_cluster_bit(struct img *im)
{
	uint8_t *clmap = im->p + cgoff(im, 0) + get32(im, cgoff(im, 0) + 0x6C);

	bitput(clmap, 0, true);	/* block 0 of cg 0: metadata */
}

static void
m_csum(struct img *im)
{
	count_add(im, im->ncg - 1, 2, 1, false);
}

static void
m_csum_unclean(struct img *im)
{
	count_add(im, im->ncg - 1, 2, 1, false);
	im->p[SBOFF + 0xD1] = 0;	/* fs_clean */
}

static void
m_dup(struct img *im)
{
	setdb(im, lookup(im, "/double"), 0, getdb(im, lookup(im, "/single"), 0));
}

static void
m_dirent_free(struct img *im)
{
	put32(im, dirent_off(im, "/", "fifo"), (uint32_t)free_inode(im));
}

static void
m_nlink_up(struct img *im)
{
	uint64_t o = inooff(im, lookup(im, "/single")) + 2;

	put16(im, o, get16(im, o) + 1);
}

static void
m_nlink_down(struct img *im)
{
	uint64_t o = inooff(im, lookup(im, "/single")) + 2;

	put16(im, o, get16(im, o) - 1);
}

static void
m_blocks(struct img *im)
{
	uint64_t ino = lookup(im, "/single");

	if (im->ufs == 1)
		put32(im, inooff(im, ino) + 104,
		      get32(im, inooff(im, ino) + 104) + 8);
	else
		put64(im, inooff(im, ino) + 24,
		      get64(im, inooff(im, ino) + 24) + 8);
}

static void
m_two_parents(struct img *im)
{
	uint64_t o = dirent_off(im, "/", "ldir");

	put32(im, o, (uint32_t)lookup(im, "/dir1"));
	im->p[o + 6] = 4;	/* DT_DIR */
}

static void
m_reclen(struct img *im)
{
	uint64_t o = dirent_off(im, "/", "single");

	put16(im, o + 4, 6);
}

static void
m_meta_ptr(struct img *im)
{
	/* cg 1's header block: metadata */
	setdb(im, lookup(im, "/single"), 1,
	      (uint64_t)im->fpg + im->cblkno);
}

static void
m_past_eof(struct img *im)
{
	/* a small file's unused db[5] pointing at one of its own frags */
	uint64_t ino = lookup(im, "/a/b/c/file");

	setdb(im, ino, 5, getdb(im, ino, 0));
}

static void
m_backup(struct img *im)
{
	uint64_t o = (im->fpg + (uint64_t)get32(im, SBOFF + 0x08)) *
		im->fsize + 0xB8;

	put32(im, o, get32(im, o) + 8);	/* fs_ipg of cg 1's backup */
}

static void
m_unreachable(struct img *im)
{
	/* root's entry for dir2 becomes empty space of the previous one */
	uint64_t o = dirent_off(im, "/", "dir2");

	put32(im, o, 0);
}

static void
m_dupname(struct img *im)
{
	memcpy(im->p + dirent_off(im, "/", "dir1") + 8, "dir0", 4);
}

static void
m_oldlayout(struct img *im)
{
	im->p[SBOFF + 0xD3] &= (uint8_t)~0x80;	/* FS_FLAGS_UPDATED */
}

static void
m_oldlayout_cstotal(struct img *im)
{
	m_oldlayout(im);
	put32(im, SBOFF + 0xC0 + 8, get32(im, SBOFF + 0xC0 + 8) + 1);
}

static const struct mut muts[] = {
	{ "imap", "inode map: used inode marked free", m_imap_clear, 2,
	  "free in the inode map", "error" },
	{ "imap", "inode map: free inode marked used", m_imap_leak, 1,
	  "but free (mode 0)", "leak" },
	{ "fmap", "free map: used frag marked free", m_fmap_usedfree, 2,
	  "in use but marked free", "error" },
	{ "fmap", "free map: free frag marked allocated", m_fmap_freeused, 2,
	  "marked allocated but unreferenced", "leak" },
	{ "leak", "leaked block (consistent counts)", m_leak_block, 1,
	  "marked allocated but unreferenced", "leak" },
	{ "cg", "cg_cs nbfree", m_cg_nbfree, 2, "cs_nbfree", "error" },
	{ "cg", "frsum[1]", m_frsum, 2, "frsum[1]", "error" },
	{ "cg", "cluster map bit", m_cluster_bit, 2, "cluster map bit 0",
	  "error" },
	{ "csum", "summary area (clean fs)", m_csum, 2, "summary area: cg",
	  "error" },
	{ "csum", "summary area (unclean fs)", m_csum_unclean, 1,
	  "summary area: cg", "leak" },
	{ "dup", "duplicate block pointer", m_dup, 2,
	  "claimed twice (also ino", "error" },
	{ "entry", "entry at a free inode", m_dirent_free, 2,
	  "points at free inode", "error" },
	{ "nlink", "link count too high", m_nlink_up, 1,
	  "link count 2, 1 references", "leak" },
	{ "nlink", "link count too low", m_nlink_down, 2,
	  "lower than its 1 references", "error" },
	{ "blocks", "di_blocks", m_blocks, 1, "di_blocks", "leak" },
	{ "dirs", "directory with two parents", m_two_parents, 2,
	  "already has parent", "error" },
	{ "dirs", "bad record length", m_reclen, 2, "bad record length",
	  "error" },
	{ "dirs", "unreachable directory", m_unreachable, 2, "unreachable",
	  "error" },
	{ "dirs", "duplicate name", m_dupname, 2,
	  "name 'dir0' appears twice", "error" },
	{ "ptrs", "pointer at metadata", m_meta_ptr, 2, "points at metadata",
	  "error" },
	{ "ptrs", "pointer past EOF", m_past_eof, 2, "past EOF", "leak" },
	{ "backup", "backup superblock", m_backup, 2,
	  "backup superblock: fs_ipg", "error" },
};

/* Old UFS1 layout (no FS_FLAGS_UPDATED): UFS1 images only. */
static const struct mut oldmuts[] = {
	{ "old", "old UFS1 layout", m_oldlayout, 0, "no problems", "" },
	{ "old", "old UFS1 layout, fs_old_cstotal", m_oldlayout_cstotal, 2,
	  "fs_old_cstotal.cs_nifree", "error" },
};

/* Every corruption of a group on UFS2-BE and UFS1-LE. */
static void
run_group(const char *group)
{
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof(muts) / sizeof(muts[0]); i++) {
		if (strcmp(muts[i].group, group) != 0)
			continue;
		mutate("small-ufs2-be", &muts[i]);
		mutate("small-ufs1-le", &muts[i]);
		n++;
	}
	KT_EXPECT_MSG(n > 0, "no corruption in group %s", group);
}

/*
 * Robustness: random byte corruptions of the tiny images' metadata
 * (superblock, cg headers and maps, inodes, directories) must give an
 * exit status, never a crash, a hang or (in the ASan build) a bad access.
 */
static void
fsck_random(void)
{
	static const char *const bases[] = { "tiny-ufs1-le", "tiny-ufs2-be",
		"small-ufs2-le-64k" };
	struct fsck_summary s;
	uint64_t x = 0x9E3779B97F4A7C15ULL, off, c, rootdir;
	struct img im;
	char *rep;
	int i, k, b, rc, hist[9] = { 0 };

	for (b = 0; b < 3; b++) {
		if (!img_load(&im, bases[b])) {
			KT_EXPECT_MSG(0, "cannot load %s", bases[b]);
			continue;
		}
		/* where the metadata is: superblock, cg header and maps,
		 * inodes, the root directory's first block */
		{
			struct ffs_inode rip;
			uint64_t hole;
			uint32_t dlen = 0;

			rootdir = 0;
			if (ffs_core_iget(im.fs, FFS_ROOTINO, &rip) == 0)
				ffs_core_bmap(im.fs, &rip, 0, &rootdir, &dlen,
					      &hole);
		}
		for (i = 0; i < 100; i++) {
			uint8_t *save = malloc(im.len);

			if (save == NULL)
				break;
			memcpy(save, im.p, im.len);
			for (k = 0; k < 1 + i % 3; k++) {
				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				c = (x >> 40) % im.ncg;
				switch ((x >> 8) % 4) {
				case 0:
					off = SBOFF + (x >> 16) % 1376;
					break;
				case 1:
					off = cgoff(&im, c) + (x >> 16) %
						(168 + im.ipg / 8 + im.fpg / 8);
					break;
				case 2:
					off = inooff(&im, c * im.ipg) + (x >> 16) %
						((uint64_t)im.ipg * im.isize);
					break;
				default:
					off = rootdir + (x >> 16) % 512;
					break;
				}
				if (off < im.len)
					im.p[off] ^= (uint8_t)(1u << (x % 8));
				if (getenv("FSCK_TEST_VERBOSE"))
					kt_diag("%s #%d: flip at %llu", bases[b],
						i, (unsigned long long)off);
			}
			rc = run_fsck(&im, &rep, &s);
			if (getenv("FSCK_TEST_VERBOSE"))
				kt_diag("  exit %d", rc);
			KT_EXPECT_MSG(rc == 0 || rc == 1 || rc == 2 || rc == 8,
				      "%s #%d: exit %d", bases[b], i, rc);
			if (rc >= 0 && rc <= 8)
				hist[rc]++;
			free(rep);
			memcpy(im.p, save, im.len);
			free(save);
		}
		img_free(&im);
	}
	kt_diag("exit status: %d clean, %d leaks, %d errors, %d unusable",
		hist[0], hist[1], hist[2], hist[8]);
}

void tf_fsck_makefs(void);
void tf_fsck_triple(void);
void tf_fsck_freebsd(void);
void tf_fsck_usage(void);
void tf_fsck_random(void);
void tf_fsck_mut(const char *group);
void tf_fsck_mut_old_layout(void);

void tf_fsck_makefs(void) { fsck_makefs(); }
void tf_fsck_triple(void) { fsck_triple(); }
void tf_fsck_freebsd(void) { fsck_freebsd(); }
void tf_fsck_usage(void) { fsck_usage(); }
void tf_fsck_random(void) { fsck_random(); }
void tf_fsck_mut(const char *group) { run_group(group); }

void
tf_fsck_mut_old_layout(void)
{
	mutate("small-ufs1-le", &oldmuts[0]);
	mutate("small-ufs1-le", &oldmuts[1]);
	mutate("tiny-ufs1-be", &oldmuts[0]);
}
