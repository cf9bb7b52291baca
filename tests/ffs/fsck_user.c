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
#include <sys/mman.h>
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
		KT_EXPECT_MSG(0, "FreeBSD images not unpacked from %s",
			      tf_host_testdata());
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

/*
 * ---- the crash classes (tools/rumpffs/fsck.h) ----
 * Each mutator plants one state on an UNCLEAN file system (fs_clean 0):
 * either one a crash of ffs_ns.c's ordering can leave (leak: exit 1, no
 * error at all) or one it cannot (error: exit 2).  The same states on a
 * clean file system are errors.
 */
static void
unclean(struct img *im)
{
	im->p[SBOFF + 0xD1] = 0;	/* fs_clean */
}

/* nlink of ino += delta */
static void
nlink_add(struct img *im, uint64_t ino, int delta)
{
	uint64_t o = inooff(im, ino) + 2;

	put16(im, o, (uint16_t)(get16(im, o) + delta));
}

/*
 * Remove entry name from directory dir the way a writer does: its space
 * joins the previous entry of the chunk (or, first in its chunk, its
 * inode number becomes 0).
 */
static void
dirent_remove(struct img *im, const char *dir, const char *name)
{
	uint64_t o = dirent_off(im, dir, name), c = o - o % 512, prev = 0, q;

	if (o == c) {
		put32(im, o, 0);
		return;
	}
	for (q = c; q < o; q += get16(im, q + 4))
		prev = q;
	put16(im, prev + 4, (uint16_t)(get16(im, prev + 4) +
				       get16(im, o + 4)));
}

/* /a/b/c emptied (its file's name gone) and no longer named in /a/b. */
static void
orphan_c(struct img *im, bool empty)
{
	if (empty)
		dirent_remove(im, "/a/b/c", "file");
	dirent_remove(im, "/a/b", "c");
}

/* mkdir cut short before the name: an empty directory nobody names */
static void
m_orphan_empty(struct img *im)
{
	orphan_c(im, true);
	unclean(im);
}

static void
m_orphan_empty_clean(struct img *im)
{
	orphan_c(im, true);
}

/* an orphan with an entry: its file would be lost */
static void
m_orphan_full(struct img *im)
{
	orphan_c(im, false);
	unclean(im);
}

/*
 * rmdir's end state before the free: nlink 0, size 0, no blocks; its
 * block still marked allocated, the parent's count still with its "..".
 */
static void
m_emptied_dir(struct img *im)
{
	uint64_t ino = lookup(im, "/a/b/c");
	int i;

	orphan_c(im, true);
	nlink_add(im, ino, -(int)get16(im, inooff(im, ino) + 2));
	if (im->ufs == 1) {
		put64(im, inooff(im, ino) + 8, 0);
		put32(im, inooff(im, ino) + 104, 0);
	} else {
		put64(im, inooff(im, ino) + 16, 0);
		put64(im, inooff(im, ino) + 24, 0);
	}
	for (i = 0; i < 12; i++)
		setdb(im, ino, i, 0);
	unclean(im);
}

/* a directory's link count below its references, unclean fs */
static void
m_dir_nlink_low(struct img *im)
{
	nlink_add(im, lookup(im, "/a/b"), -1);
	unclean(im);
}

/*
 * Directory rename cut short: /dir1 also named in /a/b/c (over the entry
 * of "file"), its count raised first, ".." still the root.
 */
static void
two_names(struct img *im)
{
	uint64_t o = dirent_off(im, "/a/b/c", "file");

	put32(im, o, (uint32_t)lookup(im, "/dir1"));
	im->p[o + 6] = 4;	/* DT_DIR */
	nlink_add(im, lookup(im, "/dir1"), 1);
}

static void
m_two_names(struct img *im)
{
	two_names(im);
	unclean(im);
}

static void
m_two_names_clean(struct img *im)
{
	two_names(im);
}

/* "..": /dir2 (whose count includes it), neither of its names */
static void
dotdot_to_dir2(struct img *im)
{
	put32(im, dirent_off(im, "/dir1", ".."),
	      (uint32_t)lookup(im, "/dir2"));
	nlink_add(im, lookup(im, "/dir2"), 1);
}

static void
m_two_names_bad_dotdot(struct img *im)
{
	two_names(im);
	dotdot_to_dir2(im);
	unclean(im);
}

/* one name, a stale "..": what the old rename order could leave */
static void
m_stale_dotdot(struct img *im)
{
	dotdot_to_dir2(im);
	unclean(im);
}

/* three names: never a crash's */
static void
m_three_names(struct img *im)
{
	uint64_t o;

	two_names(im);
	o = dirent_off(im, "/", "single");
	put32(im, o, (uint32_t)lookup(im, "/dir1"));
	im->p[o + 6] = 4;
	nlink_add(im, lookup(im, "/dir1"), 1);
	unclean(im);
}

/* cs_ndir (cg, summary area, totals alike) one high / one low */
static void
m_ndir_high(struct img *im)
{
	count_add(im, 0, 0, 1, true);
	unclean(im);
}

static void
m_ndir_low(struct img *im)
{
	count_add(im, 0, 0, -1, true);
	unclean(im);
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
	  "two names", "error" },
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
	{ "crash", "orphaned empty directory (unclean)", m_orphan_empty, 1,
	  "no entry names it; empty", "leak" },
	{ "crash", "orphaned empty directory (clean)", m_orphan_empty_clean,
	  2, "no entry names it; empty", "error" },
	{ "crash", "orphaned directory with an entry (unclean)",
	  m_orphan_full, 2, "no entry names it; not empty", "error" },
	{ "crash", "emptied directory, nlink 0 size 0 (unclean)",
	  m_emptied_dir, 1, "unreferenced (type 4, nlink 0)", "leak" },
	{ "crash", "directory link count too low (unclean)", m_dir_nlink_low,
	  2, "lower than its", "error" },
	{ "crash", "directory with two names, \"..\" one of them (unclean)",
	  m_two_names, 1, "(a directory rename cut short)", "leak" },
	{ "crash", "directory with two names (clean)", m_two_names_clean, 2,
	  "two names", "error" },
	{ "crash", "directory with two names, \"..\" elsewhere (unclean)",
	  m_two_names_bad_dotdot, 2, "two names", "error" },
	{ "crash", "one name, stale \"..\" (unclean)", m_stale_dotdot, 2,
	  "parent is", "error" },
	{ "crash", "directory named three times (unclean)", m_three_names, 2,
	  "named a third time", "error" },
	{ "crash", "cs_ndir too high (unclean)", m_ndir_high, 1, "cs_ndir",
	  "leak" },
	{ "crash", "cs_ndir too low (unclean)", m_ndir_low, 2,
	  "cg 0: cs_ndir", "error" },
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

/* ---- images NetBSD's own FFS wrote (../shared/testdata/ffs/netbsd) ---- */

/*
 * SHA-256 (FIPS 180-4), for the manifests' content digests.  The round
 * constants are computed, exactly, as the specification defines them:
 * the first 32 bits of the fractional parts of the cube roots of the
 * first 64 primes (of the square roots of the first 8 for the initial
 * hash), by integer roots of p * 2^96 and p * 2^64.
 */
static uint32_t sha_k[64], sha_h0[8];

static uint64_t
iroot(unsigned __int128 v, int k)
{
	uint64_t lo = 0, hi = 1ULL << 40, mid;
	unsigned __int128 m;

	while (lo < hi) {		/* the largest r with r^k <= v */
		mid = lo + (hi - lo + 1) / 2;
		m = (unsigned __int128)mid * mid;
		if (k == 3)
			m *= mid;
		if (m <= v)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

static void
sha_init_consts(void)
{
	int n = 0, p, d;

	for (p = 2; n < 64; p++) {
		for (d = 2; d * d <= p; d++)
			if (p % d == 0)
				break;
		if (d * d <= p)
			continue;
		sha_k[n] = (uint32_t)iroot((unsigned __int128)p << 96, 3);
		if (n < 8)
			sha_h0[n] = (uint32_t)iroot((unsigned __int128)p << 64,
						    2);
		n++;
	}
}

struct sha256 {
	uint32_t h[8];
	uint8_t buf[64];
	uint64_t len;
};

static uint32_t
ror32(uint32_t x, int n)
{
	return x >> n | x << (32 - n);
}

static void
sha_block(uint32_t *h, const uint8_t *b)
{
	uint32_t w[64], v[8], t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16 |
			(uint32_t)b[4 * i + 2] << 8 | b[4 * i + 3];
	for (i = 16; i < 64; i++)
		w[i] = w[i - 16] + w[i - 7] +
			(ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^
			 (w[i - 15] >> 3)) +
			(ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^
			 (w[i - 2] >> 10));
	memcpy(v, h, sizeof(v));
	for (i = 0; i < 64; i++) {
		t1 = v[7] + (ror32(v[4], 6) ^ ror32(v[4], 11) ^
			     ror32(v[4], 25)) +
			((v[4] & v[5]) ^ (~v[4] & v[6])) + sha_k[i] + w[i];
		t2 = (ror32(v[0], 2) ^ ror32(v[0], 13) ^ ror32(v[0], 22)) +
			((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
		memmove(v + 1, v, 7 * sizeof(v[0]));
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		h[i] += v[i];
}

static void
sha_start(struct sha256 *c)
{
	if (sha_k[0] == 0)
		sha_init_consts();
	memcpy(c->h, sha_h0, sizeof(c->h));
	c->len = 0;
}

static void
sha_add(struct sha256 *c, const uint8_t *p, size_t n)
{
	size_t have = c->len % 64, take;

	c->len += n;
	while (n > 0) {
		take = 64 - have < n ? 64 - have : n;
		memcpy(c->buf + have, p, take);
		have += take;
		p += take;
		n -= take;
		if (have == 64) {
			sha_block(c->h, c->buf);
			have = 0;
		}
	}
}

static void
sha_hex(struct sha256 *c, char out[65])
{
	uint64_t bits = c->len * 8;
	uint8_t pad[72] = { 0x80 };
	size_t np = (c->len % 64 < 56 ? 56 : 120) - c->len % 64;
	int i;

	for (i = 0; i < 8; i++)
		pad[np + i] = (uint8_t)(bits >> (56 - 8 * i));
	sha_add(c, pad, np + 8);
	for (i = 0; i < 8; i++)
		snprintf(out + 8 * i, 9, "%08x", c->h[i]);
}

/* manifest escaping: bytes outside 0x21..0x7e and '\' as \xHH */
static void
mf_escape(char *out, size_t outlen, const char *in, size_t n)
{
	size_t o = 0, i;
	unsigned char ch;

	for (i = 0; i < n && o + 5 < outlen; i++) {
		ch = (unsigned char)in[i];
		if (ch < 0x21 || ch > 0x7e || ch == '\\')
			o += (size_t)snprintf(out + o, outlen - o, "\\x%02x", ch);
		else
			out[o++] = (char)ch;
	}
	out[o] = '\0';
}

struct mf_line {
	char *path;	/* raw bytes: the sort key */
	char *text;
};

struct mf {
	struct ffs_core *fs;
	struct mf_line *v;
	size_t n, cap;
	uint8_t *buf;
	int fails;
};

struct mf_names {
	struct ffs_dirent *v;
	size_t n, cap;
};

static int
mf_collect(void *arg, const struct ffs_dirent *de)
{
	struct mf_names *nl = arg;

	if ((de->namlen == 1 && de->name[0] == '.') ||
	    (de->namlen == 2 && de->name[0] == '.' && de->name[1] == '.'))
		return 0;
	if (nl->n == nl->cap) {
		nl->cap = nl->cap ? 2 * nl->cap : 64;
		nl->v = realloc(nl->v, nl->cap * sizeof(*nl->v));
		if (nl->v == NULL)
			return 1;
	}
	nl->v[nl->n++] = *de;
	return 0;
}

/* One manifest line for ip at path (NetBSD's major/minor split of rdev). */
static void
mf_add(struct mf *m, const char *path, const struct ffs_inode *ip)
{
	static const char types[16] = { [1] = 'p', [2] = 'c', [4] = 'd',
		[6] = 'b', [8] = 'f', [10] = 'l', [12] = 's' };
	char esc[4 * 1024 + 8], extra[4 * 1024 + 8], size[24], tgt[1024];
	char *text = NULL;
	char t = types[(ip->mode >> 12) & 15];
	struct sha256 c;
	uint64_t off;
	size_t done, len;

	strcpy(extra, "-");
	if (t == 'f') {
		sha_start(&c);
		for (off = 0; off < ip->size; off += done) {
			if (ffs_core_read(m->fs, ip, off, m->buf, 1 << 20,
					  &done) != 0 || done == 0) {
				m->fails++;
				break;
			}
			sha_add(&c, m->buf, done);
		}
		sha_hex(&c, extra);
	} else if (t == 'l') {
		if (ffs_core_readlink(m->fs, ip, tgt, sizeof(tgt), &len) != 0)
			len = 0;
		mf_escape(extra, sizeof(extra), tgt, len);
	} else if (t == 'c' || t == 'b') {
		snprintf(extra, sizeof(extra), "%llu,%llu",
			 (unsigned long long)((ip->rdev & 0x000fff00) >> 8),
			 (unsigned long long)((ip->rdev & 0xff) |
					      ((ip->rdev & 0xfff00000) >> 12)));
	}
	if (t == 'd')
		strcpy(size, "-");
	else
		snprintf(size, sizeof(size), "%llu",
			 (unsigned long long)ip->size);
	mf_escape(esc, sizeof(esc), path, strlen(path));
	if (asprintf(&text, "%s %c %04o %u %u %u %s %lld %s", esc,
		     t ? t : '?', ip->mode & 07777, ip->uid, ip->gid,
		     ip->nlink, size, (long long)ip->mtime, extra) < 0)
		return;
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 1024;
		m->v = realloc(m->v, m->cap * sizeof(*m->v));
		if (m->v == NULL)
			abort();
	}
	m->v[m->n].path = strdup(path);
	m->v[m->n++].text = text;
}

static void
mf_walk(struct mf *m, const struct ffs_inode *dp, const char *path,
	int depth)
{
	struct mf_names nl = { NULL, 0, 0 };
	struct ffs_inode ip;
	uint64_t cookie = 0;
	bool eof = false;
	char *sub;
	size_t i;

	if (depth > 64 || ffs_core_readdir(m->fs, dp, &cookie, mf_collect,
					   &nl, &eof) != 0 || !eof) {
		m->fails++;
		free(nl.v);
		return;
	}
	for (i = 0; i < nl.n; i++) {
		if (asprintf(&sub, "%s/%s", path, nl.v[i].name) < 0)
			break;
		if (ffs_core_iget(m->fs, nl.v[i].ino, &ip) != 0) {
			m->fails++;
		} else {
			mf_add(m, sub, &ip);
			if ((ip.mode & 0170000) == 0040000)
				mf_walk(m, &ip, sub, depth + 1);
		}
		free(sub);
	}
	free(nl.v);
}

static int
mf_cmp(const void *a, const void *b)
{
	return strcmp(((const struct mf_line *)a)->path,
		      ((const struct mf_line *)b)->path);
}

/* The tree of image (read through the core) against its manifest. */
static void
mf_check(const char *image, const char *manifest)
{
	struct tf_mem mem;
	struct ffs_dev dev;
	struct ffs_core *fs = NULL;
	struct ffs_inode root;
	struct mf m;
	char why[160], line[8192];
	size_t i = 0, nl;
	int fd, bad = 0;
	struct stat st;
	void *p;
	FILE *f;

	memset(&m, 0, sizeof(m));
	fd = open(image, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) != 0) {
		KT_EXPECT_MSG(0, "%s: %s", image, strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	KT_EXPECT(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	mem.data = p;
	mem.len = (uint64_t)st.st_size;
	tf_memdev(&dev, &mem);
	KT_EXPECT_MSG(ffs_core_mount(&dev, 0, &fs, why, sizeof(why)) == 0,
		      "mount %s: %s", image, why);
	m.fs = fs;
	m.buf = malloc(1 << 20);
	if (fs != NULL && m.buf != NULL &&
	    ffs_core_iget(fs, FFS_ROOTINO, &root) == 0) {
		mf_add(&m, "/", &root);
		mf_walk(&m, &root, "", 0);
	}
	KT_EXPECT_MSG(m.fails == 0, "%s: %d read errors in the walk", image,
		      m.fails);
	qsort(m.v, m.n, sizeof(*m.v), mf_cmp);
	f = fopen(manifest, "r");
	KT_EXPECT_MSG(f != NULL, "%s: %s", manifest, strerror(errno));
	while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		nl = strcspn(line, "\n");
		line[nl] = '\0';
		if (i >= m.n || strcmp(line, m.v[i].text) != 0) {
			if (bad++ < 5)
				kt_diag("%s: manifest '%s', image '%s'",
					strrchr(image, '/') + 1, line,
					i < m.n ? m.v[i].text : "(none)");
		}
		i++;
	}
	if (f != NULL)
		fclose(f);
	KT_EXPECT_MSG(bad == 0 && i == m.n, "%s: %d of %zu manifest lines "
		      "differ; %zu entries in the image", image, bad, i, m.n);
	if (bad == 0)
		kt_diag("%s: %zu entries as in the manifest",
			strrchr(image, '/') + 1, m.n);
	for (i = 0; i < m.n; i++) {
		free(m.v[i].path);
		free(m.v[i].text);
	}
	free(m.v);
	free(m.buf);
	if (fs != NULL)
		ffs_core_unmount(fs);
	munmap(p, (size_t)st.st_size);
}

/* dst (under build/) from the shared src.zst, unless already there. */
static bool
unzstd(const char *src, const char *dst)
{
	char cmd[2048];
	struct stat s1, s2;

	if (stat(src, &s1) != 0) {
		KT_EXPECT_MSG(0, "%s missing (the shared test data belongs in "
			      "../shared/testdata beside the repository; "
			      "FFS_TESTDATA overrides)", src);
		return false;
	}
	if (stat(dst, &s2) == 0 && s2.st_mtime >= s1.st_mtime)
		return true;
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\" && zstd -q "
		 "-d -f '%s' -o '%s.tmp' && mv '%s.tmp' '%s'", dst, src, dst,
		 dst, dst);
	KT_EXPECT_MSG(system(cmd) == 0, "cannot unpack %s (zstd)", src);
	return stat(dst, &s2) == 0;
}

/* fsck of image: its exit status; the report in *rep (free it). */
static int
fsck_report(const char *image, char **rep, struct fsck_summary *s)
{
	size_t len = 0;
	FILE *f = open_memstream(rep, &len);
	int rc;

	memset(s, 0, sizeof(*s));
	rc = rumpffs_fsck(image, 0, f, s);
	fclose(f);
	return rc;
}

static void
fsck_netbsd(void)
{
	static const char *const clean[] = {
		"netbsd-written-ufs1-le", "netbsd-written-ufs1-be",
		"netbsd-written-ufs2-le", "netbsd-written-ufs2-be",
		"netbsd-wapbl-clean-ufs1-le", "netbsd-wapbl-clean-ufs2-le",
		"netbsd-wapbl-clean-ufs2-be",
	};
	static const char *const dirty[] = {
		"netbsd-wapbl-dirty-ufs1-le", "netbsd-wapbl-dirty-ufs2-le",
		"netbsd-wapbl-dirty-ufs2-be",
	};
	char src[1024], img[1024], man[1024], *rep;
	struct fsck_summary s;
	size_t i;
	int rc;

	{
		/* the digest itself against FIPS 180-4's "abc" example */
		struct sha256 c;
		char hex[65];

		sha_start(&c);
		sha_add(&c, (const uint8_t *)"abc", 3);
		sha_hex(&c, hex);
		KT_EXPECT_MSG(strcmp(hex, "ba7816bf8f01cfea414140de5dae2223"
				     "b00361a396177a9cb410ff61f20015ad") == 0,
			      "sha256(abc) = %s", hex);
	}
	for (i = 0; i < sizeof(clean) / sizeof(clean[0]); i++) {
		snprintf(src, sizeof(src), "%s/netbsd/%s.img.zst",
			 tf_host_testdata(), clean[i]);
		snprintf(img, sizeof(img), "%s/netbsd/%s.img", IMGDIR,
			 clean[i]);
		snprintf(man, sizeof(man), "%s/netbsd/%s.img.manifest",
			 tf_host_testdata(), clean[i]);
		if (!unzstd(src, img))
			continue;
		/* NetBSD's fsck_ffs calls each clean: so must ours */
		expect_clean(img);
		mf_check(img, man);
	}
	for (i = 0; i < sizeof(dirty) / sizeof(dirty[0]); i++) {
		snprintf(src, sizeof(src), "%s/netbsd/%s.img.zst",
			 tf_host_testdata(), dirty[i]);
		snprintf(img, sizeof(img), "%s/netbsd/%s.img", IMGDIR,
			 dirty[i]);
		if (!unzstd(src, img))
			continue;
		/*
		 * Dirty by design: the log holds the last metadata phase.
		 * Never clean; the report says why first.  (Its tree is
		 * the manifest's only after a replay, which we cannot do.)
		 */
		rc = fsck_report(img, &rep, &s);
		KT_EXPECT_MSG(rc == FSCK_EXIT_ERRORS && rep != NULL &&
			      strstr(rep, "WAPBL journal is not empty") != NULL,
			      "%s: exit %d\n%.2000s", dirty[i], rc,
			      rep ? rep : "");
		free(rep);
	}
}

/* fsck-cg-summary-index-*: out-of-bounds indexes from disk, once */
static void
fsck_crashers(void)
{
	static const char *const names[] = { "fsck-cg-summary-index-33",
		"fsck-cg-summary-index-46", "fsck-cg-summary-index-233" };
	char src[1024], img[1024], *rep;
	struct fsck_summary s;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(src, sizeof(src), "%s/crashers/%s.img.zst",
			 tf_host_testdata(), names[i]);
		snprintf(img, sizeof(img), "%s/crashers/%s.img", IMGDIR,
			 names[i]);
		if (!unzstd(src, img))
			continue;
		rc = fsck_report(img, &rep, &s);
		KT_EXPECT_MSG(rc == FSCK_EXIT_ERRORS && rep != NULL &&
			      strstr(rep, "fs_contigsumsize") != NULL,
			      "%s: exit %d\n%.2000s", names[i], rc,
			      rep ? rep : "");
		free(rep);
	}
}

void tf_fsck_netbsd(void);
void tf_fsck_crashers(void);
void tf_fsck_netbsd(void) { fsck_netbsd(); }
void tf_fsck_crashers(void) { fsck_crashers(); }
