// SPDX-License-Identifier: BSD-2-Clause
/*
 * newfs_user.c - the `newfs` family of tests/ffs: rumpffs_newfs()
 * (tools/rumpffs/newfs.c) makes UFS1/UFS2 images, either byte order,
 * block sizes 4-64 KiB, sizes from 4 MiB (odd sizes, many cgs) into
 * build/ffs-newfs; each one is then
 *
 *  - mounted by the core: geometry as reported, clean, writable
 *    (rw_refusal NULL), statvfs consistent (free = dsize - the root
 *    directory's fragment; inodes = ncg * ipg - 2, one in use), the root
 *    lists exactly "." and "..", inode 2 a 0755 directory of 512 bytes;
 *  - checked raw, by a reader written here from ffs-format.md (not the
 *    core's nor newfs.c's code): superblock fields, every cg header and
 *    its map offsets, the maps against the layout (what is free, which
 *    inodes are used, cg_initediblk), frsum/cluster summaries recounted,
 *    the summary area, totals, backups' static fields, initialised inodes;
 *  - read by sleuthkit (fsstat, fls -a) and identified by blkid -p
 *    (scripts/setup installs both: a missing one fails);
 *  - and rumpffs fsck (tools/rumpffs/fsck.c) must call it clean.
 *
 * Bad options must fail with a message that says what to change.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rump/rumpdefs.h>

#include "ktap.h"
#include "tf.h"
#include "newfs.h"
#include "fsck.h"

#define NDIR FFS_TOP "/build/ffs-newfs"

/* ---- a raw reader ---- */
struct raw {
	uint8_t *p;
	uint64_t len;
	bool be;
};

static uint64_t
rd(const struct raw *r, uint64_t off, int n)
{
	uint64_t v = 0;
	int i;

	if (off + (uint64_t)n > r->len)
		return 0xdeadbeef;
	for (i = 0; i < n; i++)
		v |= (uint64_t)r->p[off + (r->be ? (uint64_t)(n - 1 - i) :
					   (uint64_t)i)] << (8 * i);
	return v;
}
#define R16(r, o)	((uint32_t)rd(r, o, 2))
#define R32(r, o)	((uint32_t)rd(r, o, 4))
#define R64(r, o)	rd(r, o, 8)

/* Map the image (holes cost nothing), read-only. */
static int
load(const char *path, struct raw *r)
{
	struct stat st;
	void *p;
	int fd = open(path, O_RDONLY);

	memset(r, 0, sizeof(*r));
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || st.st_size == 0) {
		close(fd);
		return -1;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -1;
	r->p = p;
	r->len = (uint64_t)st.st_size;
	return 0;
}

static void
unload(struct raw *r)
{
	if (r->p != NULL)
		munmap(r->p, (size_t)r->len);
	r->p = NULL;
}

static bool
bit(const uint8_t *map, uint64_t i)
{
	return (map[i / 8] >> (i % 8)) & 1;
}

/*
 * Everything the format says about a fresh newfs image, from the bytes.
 * g is what newfs reported.
 */
static void
check_raw(const char *name, const struct raw *r, const struct newfs_geom *g)
{
	uint64_t sbo = g->sblockloc, cgo, base, d, ndblk, k, dupper, rootfrag;
	uint32_t c, j, iusedoff, freeoff, nextfree, csoff = 0, cloff = 0;
	uint32_t frag = g->frag, fsize = g->fsize, isize, inopb, ninit, nfree;
	int64_t tot[4] = { 0 }, cs[4];
	int32_t frsum[8], clsum[17];
	uint32_t run, magic, bad = 0;
	const uint8_t *cgp, *fm;

	isize = g->ufs == 1 ? 128 : 256;
	inopb = g->bsize / isize;
	magic = g->ufs == 1 ? 0x00011954 : 0x19540119;
	KT_EXPECT_EQ(R32(r, sbo + 0x55C), magic);
	KT_EXPECT_EQ(R64(r, sbo + 0x3E8), g->sblockloc);
	KT_EXPECT_EQ(g->sblockloc, g->ufs == 1 ? 8192 : 65536);
	KT_EXPECT_EQ(r->p[sbo + 0xD1], 1);		/* ISCLEAN */
	KT_EXPECT_EQ(r->p[sbo + 0xD3], 0x80);		/* FS_FLAGS_UPDATED */
	KT_EXPECT_EQ(R32(r, sbo + 0x520), 0);		/* fs_flags */
	KT_EXPECT_EQ(R32(r, sbo + 0x528), g->ufs == 1 ? 60 : 120);
	KT_EXPECT_EQ(R32(r, sbo + 0x52C), 2);		/* 4.4BSD inodes */
	KT_EXPECT_EQ(R32(r, sbo + 0x4AC), 16384);
	KT_EXPECT_EQ(R32(r, sbo + 0x4B0), 64);
	KT_EXPECT_EQ(R32(r, sbo + 0x058), 65536 / g->bsize > 1 ?
		     65536 / g->bsize : 1);
	KT_EXPECT_EQ(R32(r, sbo + 0x524), g->bsize >= 65536 ? 0 :
		     (65536 / g->bsize > 16 ? 16 : 65536 / g->bsize));
	KT_EXPECT_EQ(R32(r, sbo + 0x05C), g->bsize / (g->ufs == 1 ? 4 : 8));
	KT_EXPECT_EQ(R64(r, sbo + 0x538), g->bsize - 1);
	KT_EXPECT_EQ(R64(r, sbo + 0x540), fsize - 1);
	KT_EXPECT_EQ(R32(r, sbo + 0x064), __builtin_ctz(fsize / 512));
	KT_EXPECT_EQ(R32(r, sbo + 0x068), fsize == 512 ? 1536 :
		     (fsize == 1024 ? 2048 : (fsize > 8192 ? 8192 : fsize)));
	KT_EXPECT(R32(r, sbo + 0x090) != 0 || R32(r, sbo + 0x094) != 0);
	/* sblkno etc. (ffs-format.md §2.1) */
	KT_EXPECT_EQ(R32(r, sbo + 0x008),
		     ((g->sblockloc + 8192 + fsize - 1) / fsize + frag - 1) /
		     frag * frag);
	KT_EXPECT_EQ(R32(r, sbo + 0x00C), g->sblkno +
		     ((8192 + fsize - 1) / fsize + frag - 1) / frag * frag);
	KT_EXPECT_EQ(R32(r, sbo + 0x010), g->cblkno + frag);
	KT_EXPECT_EQ(R32(r, sbo + 0x014), g->iblkno + g->ipg / (inopb / frag));
	KT_EXPECT_EQ(R64(r, sbo + 0x448), g->dblkno);	/* csaddr = cgdmin(0) */
	KT_EXPECT_EQ(R32(r, sbo + 0x09C), (g->ncg * 16 + fsize - 1) / fsize *
		     fsize);
	KT_EXPECT_EQ((uint64_t)g->ncg, (g->size + g->fpg - 1) / g->fpg);
	KT_EXPECT(g->size * fsize <= r->len);
	if (g->ufs == 1) {
		KT_EXPECT_EQ(R32(r, sbo + 0x024), g->size);
		KT_EXPECT_EQ(R32(r, sbo + 0x028), g->dsize);
		KT_EXPECT_EQ(R32(r, sbo + 0x098), g->csaddr);
		KT_EXPECT_EQ(R32(r, sbo + 0x020), R64(r, sbo + 0x430));
		KT_EXPECT_EQ(R32(r, sbo + 0x0B4), 1);	/* old_cpg */
		KT_EXPECT_EQ(R32(r, sbo + 0x550), 1);	/* old_nrpos */
		KT_EXPECT_EQ(R32(r, sbo + 0x54C), 1);	/* dynamic postbl */
		KT_EXPECT_EQ(R32(r, sbo + 0x01C), 0xffffffff);
	}
	KT_EXPECT_EQ(R32(r, sbo + 0x0A0), ((g->ufs == 1 ? 186 : 180) +
		     (g->ipg + 7) / 8 + (g->fpg + 7) / 8 +
		     (g->contigsumsize ? g->contigsumsize * 4 +
		      (g->fpg / frag + 7) / 8 : 0) + fsize - 1) / fsize * fsize);

	rootfrag = 0;
	for (c = 0; c < g->ncg; c++) {
		base = (uint64_t)c * g->fpg;
		cgo = (base + g->cblkno) * fsize;
		cgp = r->p + cgo;
		ndblk = base + g->fpg > g->size ? g->size - base : g->fpg;
		KT_EXPECT_EQ(R32(r, cgo + 0x04), 0x090255);
		KT_EXPECT_EQ(R32(r, cgo + 0x0C), c);
		KT_EXPECT_EQ(R32(r, cgo + 0x14), ndblk);
		/* backup superblock: the static fields */
		for (k = 0x008; k < 0x0C0; k += 4)
			if (k != 0x090 && k != 0x094 && k != 0x020 &&
			    R32(r, (base + g->sblkno) * fsize + k) !=
			    R32(r, sbo + k))
				bad++;
		if (R32(r, (base + g->sblkno) * fsize + 0x55C) != magic)
			bad++;
		if (g->ufs == 2) {
			iusedoff = 168;
			KT_EXPECT_EQ(R32(r, cgo + 0x74), g->ipg);
			ninit = g->ipg < 2 * inopb ? g->ipg : 2 * inopb;
			KT_EXPECT_EQ(R32(r, cgo + 0x78), ninit);
		} else {
			iusedoff = 174;
			KT_EXPECT_EQ(R32(r, cgo + 0x54), 168);
			KT_EXPECT_EQ(R32(r, cgo + 0x58), 172);
			KT_EXPECT_EQ(R16(r, cgo + 0x10), 1);
			KT_EXPECT_EQ(R16(r, cgo + 0x12), g->ipg & 0xffff);
			KT_EXPECT_EQ(R32(r, cgo + 0x74), 0);
			KT_EXPECT_EQ(R32(r, cgo + 0x78), 0);
			ninit = g->ipg;
		}
		freeoff = iusedoff + (g->ipg + 7) / 8;
		nextfree = freeoff + (g->fpg + 7) / 8;
		if (g->contigsumsize) {
			csoff = (nextfree - 4 + 3) / 4 * 4;
			cloff = csoff + 4 * (g->contigsumsize + 1);
			nextfree = cloff + (g->fpg / frag + 7) / 8;
			KT_EXPECT_EQ(R32(r, cgo + 0x68), csoff);
			KT_EXPECT_EQ(R32(r, cgo + 0x6C), cloff);
			KT_EXPECT_EQ(R32(r, cgo + 0x70), ndblk / frag);
		}
		KT_EXPECT_EQ(R32(r, cgo + 0x5C), iusedoff);
		KT_EXPECT_EQ(R32(r, cgo + 0x60), freeoff);
		KT_EXPECT_EQ(R32(r, cgo + 0x64), nextfree);
		KT_EXPECT(nextfree <= R32(r, sbo + 0x0A0));
		if (kt_case_failures() > 0)
			return;	/* offsets wrong: the maps are meaningless */

		/* inode map: 0, 1, 2 in cg 0, nothing else */
		for (k = 0; k < g->ipg; k++)
			if (bit(cgp + iusedoff, k) != (c == 0 && k <= 2))
				bad++;
		/* free map: exactly [start, sblkno) (not cg 0) and
		 * [dblkno (+ summary), ndblk) minus "/"'s fragment */
		fm = cgp + freeoff;
		dupper = g->dblkno + (c == 0 ? g->cssize / fsize : 0);
		memset(frsum, 0, sizeof(frsum));
		memset(clsum, 0, sizeof(clsum));
		memset(cs, 0, sizeof(cs));
		for (d = 0; d < g->fpg; d++) {
			bool want = d < ndblk && ((c > 0 && d < g->sblkno) ||
						  d >= dupper);

			if (c == 0 && want && rootfrag == 0 && d % frag == 0 &&
			    d + frag <= ndblk)
				rootfrag = d;	/* first whole free block */
			if (c == 0 && d == rootfrag && rootfrag)
				want = false;
			if (bit(fm, d) != want)
				bad++;
		}
		/* counts recomputed from the map */
		for (d = 0, run = 0; d < ndblk; d += frag) {
			for (j = 0, nfree = 0; j < frag; j++)
				nfree += d + j < ndblk && bit(fm, d + j);
			if (nfree == frag) {
				cs[1]++;
				if (g->contigsumsize && !bit(cgp + cloff, d / frag))
					bad++;
				run++;
				continue;
			}
			if (g->contigsumsize && d / frag < ndblk / frag &&
			    bit(cgp + cloff, d / frag))
				bad++;
			if (run) {
				clsum[run > g->contigsumsize ?
				      g->contigsumsize : run]++;
				run = 0;
			}
			cs[3] += nfree;
			for (j = 0, nfree = 0; j <= frag; j++) {
				if (j < frag && d + j < ndblk && bit(fm, d + j)) {
					nfree++;
				} else if (nfree) {
					frsum[nfree]++;
					nfree = 0;
				}
			}
		}
		if (run)
			clsum[run > g->contigsumsize ? g->contigsumsize : run]++;
		for (j = 1; j < 8; j++)
			if ((int32_t)R32(r, cgo + 0x34 + 4 * j) != frsum[j])
				bad++;
		for (j = 1; g->contigsumsize && j <= g->contigsumsize; j++)
			if ((int32_t)R32(r, cgo + csoff + 4 * j) != clsum[j])
				bad++;
		cs[0] = c == 0;
		cs[2] = g->ipg - (c == 0 ? 3 : 0);
		for (j = 0; j < 4; j++) {
			if ((int32_t)R32(r, cgo + 0x18 + 4 * j) != cs[j] ||
			    (int32_t)R32(r, g->csaddr * fsize + c * 16 + 4 * j) !=
			    cs[j])
				bad++;
			tot[j] += cs[j];
		}
		/* initialised inodes: zero but di_gen (and the root) */
		for (k = 0; k < ninit; k++) {
			uint64_t io = (base + g->iblkno) * fsize + k * isize;
			uint32_t genoff = g->ufs == 1 ? 108 : 80, o;

			if (c == 0 && k == 2)
				continue;
			for (o = 0; o < isize; o++)
				if (o < genoff || o >= genoff + 4)
					bad += r->p[io + o] != 0;
		}
		if (bad) {
			KT_EXPECT_MSG(bad == 0, "%s: cg %u: %u mismatches", name,
				      c, bad);
			return;
		}
	}
	KT_EXPECT_EQ(rootfrag, g->rootblk);
	KT_EXPECT_EQ(tot[0], 1);
	KT_EXPECT_EQ(tot[1], g->nbfree);
	KT_EXPECT_EQ(tot[2], g->nifree);
	KT_EXPECT_EQ(tot[3], g->nffree);
	for (j = 0; j < 4; j++) {
		KT_EXPECT_EQ((int64_t)R64(r, sbo + 0x3F0 + 8 * j), tot[j]);
		if (g->ufs == 1)
			KT_EXPECT_EQ((int32_t)R32(r, sbo + 0x0C0 + 4 * j),
				     tot[j]);
	}
	/* data fragments = free + the root directory's one */
	KT_EXPECT_EQ(tot[1] * frag + tot[3] + 1, g->dsize);
	KT_EXPECT_EQ(R64(r, sbo + 0x440), g->dsize);
	KT_EXPECT_EQ(R64(r, sbo + 0x438), g->size);

	/* "/": one fragment, "." 12 bytes, ".." the rest of the chunk */
	d = g->rootblk * fsize;
	KT_EXPECT_EQ(R32(r, d), 2);
	KT_EXPECT_EQ(R16(r, d + 4), 12);
	KT_EXPECT_EQ(r->p[d + 6], 4);
	KT_EXPECT_EQ(r->p[d + 7], 1);
	KT_EXPECT_EQ(R32(r, d + 12), 2);
	KT_EXPECT_EQ(R16(r, d + 16), 500);
	KT_EXPECT_EQ(r->p[d + 19], 2);
	k = (g->iblkno) * fsize + 2 * isize;
	KT_EXPECT_EQ(R16(r, k), 040755);
	KT_EXPECT_EQ(R16(r, k + 2), 2);
	KT_EXPECT_EQ(R64(r, k + (g->ufs == 1 ? 8 : 16)), 512);
	KT_EXPECT_EQ(g->ufs == 1 ? R32(r, k + 40) : R64(r, k + 112),
		     g->rootblk);
	KT_EXPECT_EQ(g->ufs == 1 ? R32(r, k + 104) : R64(r, k + 24),
		     fsize / 512);
}

/* ---- through the core ---- */
struct names {
	int n, dot, dotdot, other;
};

static int
collect(void *arg, const struct ffs_dirent *de)
{
	struct names *nm = arg;

	nm->n++;
	if (de->namlen == 1 && de->name[0] == '.' && de->ino == 2)
		nm->dot++;
	else if (de->namlen == 2 && memcmp(de->name, "..", 2) == 0 &&
		 de->ino == 2)
		nm->dotdot++;
	else
		nm->other++;
	return 0;
}

static void
check_core(const struct raw *r, const struct newfs_geom *g,
	   const struct newfs_opts *o)
{
	struct tf_mem m = { r->p, r->len };
	struct ffs_dev dev;
	struct ffs_core *fs = NULL;
	struct ffs_info fi;
	struct ffs_statvfs sv;
	struct ffs_inode root;
	struct names nm = { 0 };
	uint64_t cookie = 0;
	char why[200] = "";
	bool eof = false;
	int e;

	tf_memdev(&dev, &m);
	e = ffs_core_mount(&dev, 0, &fs, why, sizeof(why));
	KT_EXPECT_MSG(e == 0, "mount: %d (%s)", e, why);
	if (e)
		return;
	ffs_core_info(fs, &fi);
	KT_EXPECT_EQ(fi.ufs, g->ufs);
	KT_EXPECT_EQ(fi.bigendian, g->bigendian);
	KT_EXPECT_EQ(fi.sblockloc, g->sblockloc);
	KT_EXPECT_EQ(fi.bsize, g->bsize);
	KT_EXPECT_EQ(fi.fsize, g->fsize);
	KT_EXPECT_EQ(fi.ncg, g->ncg);
	KT_EXPECT_EQ(fi.ipg, g->ipg);
	KT_EXPECT_EQ(fi.fpg, g->fpg);
	KT_EXPECT_EQ(fi.size, g->size);
	KT_EXPECT_EQ(fi.dsize, g->dsize);
	KT_EXPECT_EQ(fi.clean, 1);
	KT_EXPECT_EQ(fi.flags, 0);
	KT_EXPECT(!fi.oldlayout);
	KT_EXPECT_MSG(fi.rw_refusal == NULL, "rw_refusal: %s", fi.rw_refusal);
	KT_EXPECT_EQ(fi.time, o->time);
	KT_EXPECT(strcmp(fi.volname, o->volname ? o->volname : "") == 0);
	ffs_core_statvfs(fs, &sv);
	KT_EXPECT_EQ(sv.bsize, g->bsize);
	KT_EXPECT_EQ(sv.frsize, g->fsize);
	KT_EXPECT_EQ(sv.blocks, g->dsize);
	KT_EXPECT_EQ(sv.bfree, g->dsize - 1);
	KT_EXPECT_EQ(sv.files, (uint64_t)g->ncg * g->ipg - 2);
	KT_EXPECT_EQ(sv.ffree, (uint64_t)g->ncg * g->ipg - 3);
	KT_EXPECT(sv.bavail <= sv.bfree);
	e = ffs_core_iget(fs, FFS_ROOTINO, &root);
	KT_EXPECT_EQ(e, 0);
	if (e == 0) {
		KT_EXPECT_EQ(root.mode, FFS_IFDIR | 0755);
		KT_EXPECT_EQ(root.nlink, 2);
		KT_EXPECT_EQ(root.size, 512);
		KT_EXPECT_EQ(root.blocks, g->fsize / 512);
		KT_EXPECT_EQ(root.uid, geteuid());
		e = ffs_core_readdir(fs, &root, &cookie, collect, &nm, &eof);
		KT_EXPECT_EQ(e, 0);
		KT_EXPECT(eof);
		KT_EXPECT_EQ(nm.n, 2);
		KT_EXPECT_EQ(nm.dot, 1);
		KT_EXPECT_EQ(nm.dotdot, 1);
	}
	ffs_core_unmount(fs);
}

/* ---- external readers ---- */
static int
run(const char *cmd, char *out, size_t outlen)
{
	FILE *f = popen(cmd, "r");
	size_t n = 0;
	int st;

	if (f == NULL)
		return -1;
	while (n + 1 < outlen && fgets(out + n, (int)(outlen - n), f))
		n += strlen(out + n);
	out[n] = '\0';
	while (fgetc(f) != EOF)
		;
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Is prog on PATH (asked once per program)? */
static bool
have(const char *prog)
{
	static struct { const char *prog; bool have; } known[4];
	char cmd[256], out[64];
	unsigned i;

	for (i = 0; i < 4 && known[i].prog != NULL; i++)
		if (strcmp(known[i].prog, prog) == 0)
			return known[i].have;
	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", prog);
	if (i == 4)
		return run(cmd, out, sizeof(out)) == 0;
	known[i].prog = prog;
	known[i].have = run(cmd, out, sizeof(out)) == 0;
	return known[i].have;
}

static int nsleuth, nblkid, nfsck;

static void
check_tools(const char *path, const struct newfs_geom *g, bool sleuth)
{
	char cmd[1024], out[8192], want[64];
	int e;

	/*
	 * scripts/setup installs sleuthkit and blkid: a missing one is a
	 * broken test host, and these checks must not vanish with it.
	 */
	if (sleuth && !have("fsstat"))
		KT_EXPECT_MSG(0, "sleuthkit (fsstat, fls) not installed: run "
			      "scripts/setup");
	if (sleuth && have("fsstat")) {
		snprintf(cmd, sizeof(cmd), "fsstat '%s' 2>&1", path);
		e = run(cmd, out, sizeof(out));
		snprintf(want, sizeof(want), "File System Type: UFS %d", g->ufs);
		KT_EXPECT_MSG(e == 0 && strstr(out, want) != NULL,
			      "fsstat %s: %d\n%.400s", path, e, out);
		snprintf(cmd, sizeof(cmd), "fls -a '%s' 2>&1", path);
		e = run(cmd, out, sizeof(out));
		KT_EXPECT_MSG(e == 0 && strstr(out, "d/d 2:\t.\n") &&
			      strstr(out, "d/d 2:\t..\n"), "fls -a %s: %d\n"
			      "%.400s", path, e, out);
		nsleuth++;
	}
	if (!have("blkid"))
		KT_EXPECT_MSG(0, "blkid not installed: run scripts/setup");
	else {
		snprintf(cmd, sizeof(cmd), "blkid -p -o value -s TYPE '%s' "
			 "2>&1", path);
		e = run(cmd, out, sizeof(out));
		KT_EXPECT_MSG(e == 0 && strcmp(out, "ufs\n") == 0,
			      "blkid -p %s: %d %s", path, e, out);
		nblkid++;
	}
	/* rumpffs fsck (tools/rumpffs/fsck.c) must call it clean. */
	{
		struct fsck_summary sum;
		char *rep = NULL;
		size_t replen = 0;
		FILE *f = open_memstream(&rep, &replen);

		memset(&sum, 0, sizeof(sum));
		e = rumpffs_fsck(path, 0, f, &sum);
		if (f != NULL)
			fclose(f);
		KT_EXPECT_MSG(e == FSCK_EXIT_CLEAN, "rumpffs fsck %s: exit %d\n"
			      "%.2000s", path, e, rep ? rep : "");
		KT_EXPECT_EQ(sum.errors + sum.leaks, 0);
		KT_EXPECT_EQ(sum.dirs, 1);
		KT_EXPECT_EQ(sum.free, g->dsize - 1);
		KT_EXPECT_EQ(sum.clean, 1);
		KT_EXPECT_EQ(sum.ufs, g->ufs);
		free(rep);
		nfsck++;
	}
}

/* ---- the matrix ---- */
struct variant {
	const char *name;
	uint64_t size;
	uint32_t bsize, fsize, density;
	int minfree;
	uint32_t minncg;	/* at least this many cgs */
	const char *volname;
	bool sleuth;		/* also read with sleuthkit (slow: 0.3 s) */
};

static const struct variant variants[] = {
	{ "4m", 4 << 20, 0, 0, 0, 5, 1, NULL, true },
	{ "4m-4k512", 4 << 20, 4096, 512, 0, 5, 1, "small" , false },
	{ "odd-8k", (37 << 20) + 12345, 8192, 1024, 0, 5, 1, NULL , false },
	{ "odd-16k", (100 << 20) + 4097, 16384, 2048, 0, 0, 1, NULL, true },
	{ "32k4k", (70 << 20) + 1, 32768, 4096, 0, 5, 1, NULL , false },
	{ "64k", 300 << 20, 65536, 8192, 0, 5, 1, NULL, true },
	{ "4k4k", 24 << 20, 4096, 4096, 0, 5, 1, NULL , false },
	{ "16k-frag1", 40 << 20, 16384, 16384, 0, 5, 1, NULL , false },
	{ "manycg", 512 << 20, 4096, 512, 0, 5, 30, "many", true },
	{ "dense", 64 << 20, 8192, 1024, 1024, 8, 2, NULL , false },
};

static void
one(int ufs, int be, const struct variant *v)
{
	struct newfs_opts o;
	struct newfs_geom g;
	struct raw r;
	char path[512], err[512];
	int e;

	rumpffs_newfs_defaults(&o);
	o.ufs = ufs;
	o.byteorder = be ? NEWFS_BIG_ENDIAN : NEWFS_LITTLE_ENDIAN;
	o.size = v->size;
	o.bsize = v->bsize;
	o.fsize = v->fsize;
	o.density = v->density;
	o.minfree = v->minfree;
	o.volname = v->volname;
	o.time = 1700000000;
	snprintf(path, sizeof(path), NDIR "/ufs%d-%s-%s.img", ufs,
		 be ? "be" : "le", v->name);
	unlink(path);
	e = rumpffs_newfs(path, &o, &g, err, sizeof(err));
	KT_EXPECT_MSG(e == 0, "%s: %s", path, err);
	if (e)
		return;
	KT_EXPECT_EQ(g.ufs, ufs);
	KT_EXPECT_EQ(g.bigendian, be);
	if (v->bsize) {
		KT_EXPECT_EQ(g.bsize, v->bsize);
		KT_EXPECT_EQ(g.fsize, v->fsize);
	}
	KT_EXPECT_MSG(g.ncg >= v->minncg, "%s: ncg %u", path, g.ncg);
	KT_EXPECT_EQ(g.minfree, (uint32_t)v->minfree);
	KT_EXPECT_EQ(g.optim, v->minfree < 5 ? 1 : 0);
	if (load(path, &r) != 0) {
		KT_EXPECT_MSG(0, "cannot read %s back", path);
		return;
	}
	KT_EXPECT_EQ(r.len, v->size);
	r.be = be;
	check_raw(path, &r, &g);
	check_core(&r, &g, &o);
	unload(&r);
	check_tools(path, &g, v->sleuth);
	kt_diag("%s: %u cgs of %u fragments, %u inodes each", v->name,
		g.ncg, g.fpg, g.ipg);
	if (kt_case_failures() == 0)
		unlink(path);
}

static void
matrix(int ufs, int be)
{
	unsigned i;

	if (system("mkdir -p '" NDIR "'") != 0)
		KT_EXPECT_MSG(0, "mkdir %s", NDIR);
	for (i = 0; i < sizeof(variants) / sizeof(variants[0]); i++)
		one(ufs, be, &variants[i]);
}

void tf_newfs_ufs1_le(void);
void tf_newfs_ufs1_be(void);
void tf_newfs_ufs2_le(void);
void tf_newfs_ufs2_be(void);
void tf_newfs_defaults(void);
void tf_newfs_errors(void);
void tf_newfs_tools(void);

void tf_newfs_ufs1_le(void) { matrix(1, 0); }
void tf_newfs_ufs1_be(void) { matrix(1, 1); }
void tf_newfs_ufs2_le(void) { matrix(2, 0); }
void tf_newfs_ufs2_be(void) { matrix(2, 1); }

/* Defaults by size (NetBSD newfs's table) and the other defaults. */
void
tf_newfs_defaults(void)
{
	static const struct { uint64_t size; uint32_t bsize; } tab[] = {
		{ 4 << 20, 4096 }, { (20 << 20) - 512, 4096 },
		{ 20 << 20, 8192 }, { (1000ULL << 20) - 512, 8192 },
		{ 1000ULL << 20, 16384 }, { (128ULL << 30) - 512, 16384 },
		{ 128ULL << 30, 32768 }, { 1ULL << 40, 32768 },
	};
	struct newfs_opts o;
	struct newfs_geom g;
	char err[512];
	unsigned i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		rumpffs_newfs_defaults(&o);
		o.size = tab[i].size;
		KT_EXPECT_MSG(rumpffs_newfs_geometry(&o, &g, err,
						     sizeof(err)) == 0,
			      "%" PRIu64 ": %s", tab[i].size, err);
		KT_EXPECT_EQ(g.bsize, tab[i].bsize);
		KT_EXPECT_EQ(g.fsize, tab[i].bsize / 8);
		KT_EXPECT_EQ(g.ufs, 2);
		KT_EXPECT_EQ(g.density, 4 * g.fsize);
		KT_EXPECT_EQ(g.minfree, 5);
		KT_EXPECT_EQ(g.optim, 0);
		KT_EXPECT_EQ(g.sblockloc, 65536);
		/* cg maps fill at most one block */
		KT_EXPECT(g.cgsize <= g.bsize);
	}
	/* only -b or only -f: the other is derived */
	rumpffs_newfs_defaults(&o);
	o.size = 64 << 20;
	o.bsize = 32768;
	KT_EXPECT(rumpffs_newfs_geometry(&o, &g, err, sizeof(err)) == 0);
	KT_EXPECT_EQ(g.fsize, 4096);
	o.bsize = 0;
	o.fsize = 2048;
	KT_EXPECT(rumpffs_newfs_geometry(&o, &g, err, sizeof(err)) == 0);
	KT_EXPECT_EQ(g.bsize, 16384);
	o.fsize = 16384;
	KT_EXPECT(rumpffs_newfs_geometry(&o, &g, err, sizeof(err)) == 0);
	KT_EXPECT_EQ(g.bsize, 65536);
}

static void
want_error(const struct newfs_opts *o, const char *needle)
{
	struct newfs_geom g;
	char err[512] = "";
	int e = rumpffs_newfs_geometry(o, &g, err, sizeof(err));

	KT_EXPECT_MSG(e != 0 && strstr(err, needle) != NULL,
		      "expected an error with \"%s\", got %d \"%s\"", needle,
		      e, err);
}

void
tf_newfs_errors(void)
{
	struct newfs_opts o;
	struct newfs_geom g;
	char err[512] = "", path[512];
	uint64_t v;

	rumpffs_newfs_defaults(&o);
	o.size = 64 << 20;
	o.bsize = 3000;
	want_error(&o, "block size 3000 must be a power of two from 4096 "
		   "to 65536");
	o.bsize = 2048;
	want_error(&o, "-b 8192");
	o.bsize = 131072;
	want_error(&o, "4096 to 65536");
	o.bsize = 8192;
	o.fsize = 512;
	want_error(&o, "fragment size 512");
	o.fsize = 16384;
	want_error(&o, "-f 1024");
	o.fsize = 1000;
	want_error(&o, "fragment size 1000");
	o.fsize = 0;
	o.minfree = 100;
	want_error(&o, "0..99");
	o.minfree = 5;
	o.ufs = 3;
	want_error(&o, "UFS1");
	o.ufs = 1;
	o.volname = "a-volume-name-of-more-than-31-bytes";
	want_error(&o, "longer than 31");
	o.volname = NULL;
	o.size = 0;
	want_error(&o, "-s SIZE");
	/* too small: the message names a size that works */
	o.size = 100 << 10;
	o.bsize = 65536;
	want_error(&o, "too small");
	rumpffs_newfs_geometry(&o, &g, err, sizeof(err));
	{
		const char *s = strstr(err, "at least -s ");
		uint64_t need = s ? strtoull(s + 12, NULL, 10) : 0;

		KT_EXPECT_MSG(need > o.size, "%s", err);
		o.size = need;
		KT_EXPECT_MSG(rumpffs_newfs_geometry(&o, &g, err,
						     sizeof(err)) == 0,
			      "the suggested size fails: %s", err);
		o.size = need - 512;
		KT_EXPECT(rumpffs_newfs_geometry(&o, &g, err,
						 sizeof(err)) != 0);
	}
	o.size = 4096;
	o.bsize = 0;
	want_error(&o, "too small");
	/* UFS1 cannot address 2^31 fragments */
	o.size = 4ULL << 40;
	o.fsize = 1024;
	o.bsize = 8192;
	want_error(&o, "-O 2");
	/* an unwritable image */
	rumpffs_newfs_defaults(&o);
	o.size = 4 << 20;
	snprintf(path, sizeof(path), "%s", "/nonexistent-dir/x.img");
	KT_EXPECT(rumpffs_newfs(path, &o, &g, err, sizeof(err)) != 0 &&
		  strstr(err, "/nonexistent-dir/x.img") != NULL);

	/* sizes */
	KT_EXPECT(rumpffs_parse_size("4096", &v) == 0 && v == 4096);
	KT_EXPECT(rumpffs_parse_size("4k", &v) == 0 && v == 4096);
	KT_EXPECT(rumpffs_parse_size("3M", &v) == 0 && v == 3 << 20);
	KT_EXPECT(rumpffs_parse_size("2g", &v) == 0 && v == 2ULL << 30);
	KT_EXPECT(rumpffs_parse_size("1t", &v) == 0 && v == 1ULL << 40);
	KT_EXPECT(rumpffs_parse_size("4x", &v) != 0);
	KT_EXPECT(rumpffs_parse_size("4kb", &v) != 0);
	KT_EXPECT(rumpffs_parse_size("-4", &v) != 0);
	KT_EXPECT(rumpffs_parse_size("", &v) != 0);
	KT_EXPECT(rumpffs_parse_size("99999999999999999999", &v) != 0);
	KT_EXPECT(rumpffs_parse_size("99999999999g", &v) != 0);
}

/* An existing image: extended, old superblocks elsewhere cleared. */
void
tf_newfs_tools(void)
{
	struct newfs_opts o;
	struct newfs_geom g;
	struct raw r;
	char path[512], err[512];

	if (system("mkdir -p '" NDIR "'") != 0)
		KT_EXPECT_MSG(0, "mkdir %s", NDIR);
	snprintf(path, sizeof(path), NDIR "/reuse.img");
	unlink(path);
	rumpffs_newfs_defaults(&o);
	o.ufs = 1;
	o.size = 8 << 20;
	KT_EXPECT(rumpffs_newfs(path, &o, &g, err, sizeof(err)) == 0);
	/* now UFS2 over it, larger: the UFS1 superblock at 8192 must go */
	o.ufs = 2;
	o.size = 16 << 20;
	o.time = 1700000000;
	KT_EXPECT_MSG(rumpffs_newfs(path, &o, &g, err, sizeof(err)) == 0,
		      "%s", err);
	if (load(path, &r) == 0) {
		r.be = g.bigendian;
		KT_EXPECT_EQ(r.len, 16 << 20);
		KT_EXPECT(R32(&r, 8192 + 0x55C) != 0x00011954);
		check_raw(path, &r, &g);
		check_core(&r, &g, &o);
		unload(&r);
	}
	check_tools(path, &g, true);
	kt_diag("external readers: sleuthkit %d, blkid %d, rumpffs fsck %d "
		"images", nsleuth, nblkid, nfsck);
	if (kt_case_failures() == 0)
		unlink(path);
}
