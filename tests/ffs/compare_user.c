// SPDX-License-Identifier: BSD-2-Clause
/*
 * compare_user.c - host side of the makefs checks: every entry of the
 * source tree (walked with opendir/lstat/read) must appear in the image
 * read through the FFS core with the same type, mode, owner, size, link
 * count, mtime, symlink target and every byte of content; directories
 * must list exactly the source's names (plus the mtree spec's nodes at
 * the root, checked against the spec in mkimages.sh); hard links must
 * share an inode; "." and ".." must point right.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rump/rumpdefs.h>

#include "ktap.h"
#include "tf.h"

#define IMGDIR FFS_TOP "/build/ffs-images/makefs"
#define CHUNK (4 << 20)

struct cmp {
	struct ffs_core *fs;
	int fd;
	char *b1, *b2;
	/* hard links: host inode -> image inode */
	struct { dev_t dev; ino_t ino; uint64_t fino; } *hl;
	size_t nhl, caphl;
	uint64_t nentries, nbytes, ninodes;
	uint64_t *seen;
	size_t nseen, capseen;
	int fails;
	int ufs1;
};

static int
fd_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct cmp *c = ctx;
	ssize_t n;
	char *p = buf;

	while (len > 0) {
		n = pread(c->fd, p, len, (off_t)off);
		if (n <= 0)
			return RUMP_EIO;
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct nlist {
	char **v;
	size_t n, cap;
	uint64_t dot, dotdot;
};

static void
nl_add(struct nlist *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = strdup(s);
}

static void
nl_free(struct nlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static int
img_collect(void *arg, const struct ffs_dirent *de)
{
	struct nlist *l = arg;

	if (strcmp(de->name, ".") == 0)
		l->dot = de->ino;
	else if (strcmp(de->name, "..") == 0)
		l->dotdot = de->ino;
	else
		nl_add(l, de->name);
	return 0;
}

#define FAIL(c, ...) do { kt_fail(__FILE__, __LINE__, __VA_ARGS__); \
	if (++(c)->fails > 20) return; } while (0)

static void
note_inode(struct cmp *c, uint64_t ino)
{
	size_t i;

	for (i = 0; i < c->nseen; i++)
		if (c->seen[i] == ino)
			return;
	if (c->nseen == c->capseen) {
		c->capseen = c->capseen ? 2 * c->capseen : 1024;
		c->seen = realloc(c->seen, c->capseen * sizeof(*c->seen));
	}
	c->seen[c->nseen++] = ino;
}

static void
cmp_file(struct cmp *c, const char *hpath, const struct ffs_inode *ip)
{
	uint64_t off = 0;
	size_t done;
	ssize_t n;
	int fd, e;

	fd = open(hpath, O_RDONLY);
	if (fd < 0) {
		FAIL(c, "%s: %s", hpath, strerror(errno));
	}
	for (;;) {
		n = read(fd, c->b1, CHUNK);
		if (n < 0) {
			close(fd);
			FAIL(c, "%s: read: %s", hpath, strerror(errno));
		}
		e = ffs_core_read(c->fs, ip, off, c->b2, CHUNK, &done);
		if (e || done != (size_t)n) {
			close(fd);
			FAIL(c, "%s: core read at %llu: error %d, %zu bytes "
			     "(host %zd)", hpath, (unsigned long long)off, e,
			     done, n);
		}
		if (memcmp(c->b1, c->b2, (size_t)n) != 0) {
			close(fd);
			FAIL(c, "%s: content differs in [%llu, +%zd)", hpath,
			     (unsigned long long)off, n);
		}
		c->nbytes += (uint64_t)n;
		off += (uint64_t)n;
		if (n == 0)
			break;
	}
	close(fd);
}

static void cmp_dir(struct cmp *c, const char *hpath, const char *ipath,
		    const struct ffs_inode *dp, uint64_t parent, int root);

static void
cmp_entry(struct cmp *c, const char *hpath, const char *ipath,
	  const struct ffs_inode *dp, const char *name)
{
	struct ffs_inode ip;
	struct stat st;
	char t1[4096], t2[FFS_MAXPATHLEN];
	uint64_t ino;
	size_t len, i;
	ssize_t n;
	int e;

	if (lstat(hpath, &st) != 0)
		FAIL(c, "%s: %s", hpath, strerror(errno));
	e = ffs_core_lookup(c->fs, dp, name, strlen(name), &ino, NULL);
	if (e)
		FAIL(c, "%s: lookup: %d", ipath, e);
	e = ffs_core_iget(c->fs, ino, &ip);
	if (e)
		FAIL(c, "%s: iget %llu: %d", ipath, (unsigned long long)ino, e);
	c->nentries++;
	note_inode(c, ino);
	if (ip.mode != (uint32_t)st.st_mode)
		FAIL(c, "%s: mode 0%o, host 0%o", ipath, ip.mode, st.st_mode);
	if (ip.uid != st.st_uid || ip.gid != st.st_gid)
		FAIL(c, "%s: owner %u:%u, host %u:%u", ipath, ip.uid, ip.gid,
		     st.st_uid, st.st_gid);
	if (ip.nlink != st.st_nlink)
		FAIL(c, "%s: nlink %u, host %lu", ipath, ip.nlink,
		     (unsigned long)st.st_nlink);
	/*
	 * Debian's makefs keeps whole seconds only; UFS1 stores them in a
	 * signed 32-bit field (2040 wraps to 1903, read as NetBSD does).
	 */
	if (ip.mtime != (c->ufs1 ? (int32_t)st.st_mtim.tv_sec :
			 st.st_mtim.tv_sec) || (ip.mtimensec != 0 &&
	    ip.mtimensec != (uint32_t)st.st_mtim.tv_nsec))
		FAIL(c, "%s: mtime %lld.%09u, host %lld.%09ld", ipath,
		     (long long)ip.mtime, ip.mtimensec,
		     (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	if (!S_ISDIR(st.st_mode) && ip.size != (uint64_t)st.st_size)
		FAIL(c, "%s: size %llu, host %lld", ipath,
		     (unsigned long long)ip.size, (long long)st.st_size);
	if (st.st_nlink > 1 && !S_ISDIR(st.st_mode)) {
		for (i = 0; i < c->nhl; i++)
			if (c->hl[i].dev == st.st_dev && c->hl[i].ino == st.st_ino)
				break;
		if (i < c->nhl) {
			if (c->hl[i].fino != ino)
				FAIL(c, "%s: hard link to inode %llu, expected "
				     "%llu", ipath, (unsigned long long)ino,
				     (unsigned long long)c->hl[i].fino);
		} else {
			if (c->nhl == c->caphl) {
				c->caphl = c->caphl ? 2 * c->caphl : 16;
				c->hl = realloc(c->hl, c->caphl * sizeof(*c->hl));
			}
			c->hl[c->nhl].dev = st.st_dev;
			c->hl[c->nhl].ino = st.st_ino;
			c->hl[c->nhl++].fino = ino;
		}
	}
	switch (st.st_mode & S_IFMT) {
	case S_IFREG:
		cmp_file(c, hpath, &ip);
		break;
	case S_IFLNK:
		n = readlink(hpath, t1, sizeof(t1));
		e = ffs_core_readlink(c->fs, &ip, t2, sizeof(t2), &len);
		if (e || n < 0 || (size_t)n != len || memcmp(t1, t2, len) != 0)
			FAIL(c, "%s: symlink target differs (error %d, len "
			     "%zu, host %zd)", ipath, e, len, n);
		break;
	case S_IFDIR:
		cmp_dir(c, hpath, ipath, &ip, dp->ino, 0);
		break;
	default:
		break;
	}
}

static void
cmp_dir(struct cmp *c, const char *hpath, const char *ipath,
	const struct ffs_inode *dp, uint64_t parent, int root)
{
	struct nlist hl = { 0 }, il = { 0 };
	struct dirent *de;
	uint64_t cookie = 0;
	bool eof;
	size_t i;
	DIR *d;
	int e;

	d = opendir(hpath);
	if (d == NULL)
		FAIL(c, "%s: %s", hpath, strerror(errno));
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			nl_add(&hl, de->d_name);
	closedir(d);
	if (root) {
		nl_add(&hl, "dev");
		nl_add(&hl, "owned");
	}
	e = ffs_core_readdir(c->fs, dp, &cookie, img_collect, &il, &eof);
	if (e || !eof)
		kt_fail(__FILE__, __LINE__, "%s: readdir %d", ipath, e);
	if (il.dot != dp->ino || il.dotdot != parent)
		kt_fail(__FILE__, __LINE__, "%s: . = %llu, .. = %llu", ipath,
			(unsigned long long)il.dot,
			(unsigned long long)il.dotdot);
	if (hl.n)
		qsort(hl.v, hl.n, sizeof(*hl.v), namecmp);
	if (il.n)
		qsort(il.v, il.n, sizeof(*il.v), namecmp);
	if (hl.n != il.n)
		kt_fail(__FILE__, __LINE__, "%s: %zu entries, host %zu", ipath,
			il.n, hl.n);
	for (i = 0; i < hl.n && i < il.n; i++)
		if (strcmp(hl.v[i], il.v[i]) != 0) {
			kt_fail(__FILE__, __LINE__, "%s: entry '%s', host '%s'",
				ipath, il.v[i], hl.v[i]);
			break;
		}
	for (i = 0; i < hl.n && c->fails <= 20; i++) {
		char *hp, *ip;

		if (root && (strcmp(hl.v[i], "dev") == 0 ||
			     strcmp(hl.v[i], "owned") == 0))
			continue;
		if (asprintf(&hp, "%s/%s", hpath, hl.v[i]) < 0)
			break;
		if (asprintf(&ip, "%s/%s", root ? "" : ipath, hl.v[i]) < 0) {
			free(hp);
			break;
		}
		cmp_entry(c, hp, ip, dp, hl.v[i]);
		free(hp);
		free(ip);
	}
	nl_free(&hl);
	nl_free(&il);
}

/* The nodes the mtree spec of mkimages.sh adds. */
static void
cmp_spec(struct cmp *c)
{
	static const struct {
		const char *path;
		uint32_t mode, uid, gid;
		uint64_t rdev;
	} spec[] = {
		{ "/dev", FFS_IFDIR | 0755, 0, 0, 0 },
		{ "/dev/null", FFS_IFCHR | 0666, 0, 0, 0x202 },
		{ "/dev/wd0a", FFS_IFBLK | 0640, 0, 5, 0x1000 },
		/* major 4095, minor 1048575 in NetBSD's split encoding */
		{ "/dev/ttyhuge", FFS_IFCHR | 0620, 0, 4, 0xffffffff },
		{ "/dev/fifo2", FFS_IFIFO | 0600, 1234, 5678, 0 },
		{ "/owned", FFS_IFREG | 0640, 1234, 5678, 0 },
	};
	struct ffs_inode ip;
	uint64_t ino;
	unsigned i;
	int e;

	for (i = 0; i < sizeof(spec) / sizeof(spec[0]); i++) {
		e = ffs_core_namei(c->fs, FFS_ROOTINO, spec[i].path, 0, &ino);
		if (e == 0)
			e = ffs_core_iget(c->fs, ino, &ip);
		if (e) {
			kt_fail(__FILE__, __LINE__, "%s: %d", spec[i].path, e);
			continue;
		}
		note_inode(c, ino);
		KT_EXPECT_MSG(ip.mode == spec[i].mode && ip.uid == spec[i].uid &&
			      ip.gid == spec[i].gid && ip.rdev == spec[i].rdev,
			      "%s: mode 0%o uid %u gid %u rdev 0x%llx",
			      spec[i].path, ip.mode, ip.uid, ip.gid,
			      (unsigned long long)ip.rdev);
	}
	e = ffs_core_namei(c->fs, FFS_ROOTINO, "/owned", 0, &ino);
	if (e == 0 && ffs_core_iget(c->fs, ino, &ip) == 0) {
		KT_EXPECT_EQ(ip.size, 0);
		KT_EXPECT_EQ(ip.mtime, 1000000000);
	}
	/* the spec sets the root's mode */
	KT_EXPECT_EQ(ffs_core_iget(c->fs, FFS_ROOTINO, &ip), 0);
	KT_EXPECT_EQ(ip.mode, FFS_IFDIR | 0755);
}

void
tf_host_compare(const char *image)
{
	char name[64], src[64], line[512], path[512], why[200];
	struct cmp c;
	struct ffs_dev dev;
	struct ffs_info fi;
	struct ffs_statvfs sv;
	struct ffs_inode root;
	struct stat st;
	FILE *f;
	size_t i;
	int e;

	memset(&c, 0, sizeof(c));
	snprintf(name, sizeof(name), "%s", image);
	for (i = 0; name[i]; i++)
		if (name[i] == '_')
			name[i] = '-';
	src[0] = '\0';
	f = fopen(IMGDIR "/images", "r");
	while (f && fgets(line, sizeof(line), f)) {
		char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;

		if (t1 == NULL || t2 == NULL)
			continue;
		*t1 = '\0';
		if (strcmp(line, name) == 0) {
			snprintf(src, sizeof(src), "%s", t2 + 1);
			src[strcspn(src, "\n")] = '\0';
		}
	}
	if (f)
		fclose(f);
	KT_EXPECT_MSG(src[0] != '\0', "%s not in %s/images", name, IMGDIR);
	if (src[0] == '\0')
		return;
	snprintf(path, sizeof(path), "%s/%s.img", IMGDIR, name);
	c.fd = open(path, O_RDONLY);
	KT_EXPECT_MSG(c.fd >= 0 && fstat(c.fd, &st) == 0, "%s: %s", path,
		      strerror(errno));
	if (c.fd < 0)
		return;
	dev.read = fd_read;
	dev.ctx = &c;
	dev.size = (uint64_t)st.st_size;
	e = ffs_core_mount(&dev, 0, &c.fs, why, sizeof(why));
	KT_EXPECT_MSG(e == 0, "mount %s: %d (%s)", name, e, why);
	if (e) {
		close(c.fd);
		return;
	}
	ffs_core_info(c.fs, &fi);
	KT_EXPECT_EQ(fi.ufs, name[3] - '0');
	c.ufs1 = fi.ufs == 1;
	KT_EXPECT_EQ(fi.bigendian, strstr(name, "-be") != NULL);
	KT_EXPECT_EQ(fi.sblockloc, 8192);	/* makefs, both versions */
	c.b1 = malloc(CHUNK);
	c.b2 = malloc(CHUNK);
	KT_EXPECT_EQ(ffs_core_iget(c.fs, FFS_ROOTINO, &root), 0);
	note_inode(&c, FFS_ROOTINO);
	snprintf(path, sizeof(path), "%s/src/%s", IMGDIR, src);
	cmp_dir(&c, path, "", &root, FFS_ROOTINO, strcmp(src, "main") == 0);
	if (strcmp(src, "main") == 0)
		cmp_spec(&c);
	/* statvfs: inodes in use = the inodes we met (+ 0 and 1) */
	ffs_core_statvfs(c.fs, &sv);
	KT_EXPECT_EQ(sv.blocks, fi.dsize);
	KT_EXPECT(sv.bfree <= sv.blocks && sv.bavail <= sv.bfree);
	KT_EXPECT((sv.blocks - sv.bfree) * sv.frsize >= c.nbytes);
	KT_EXPECT_MSG(sv.files - sv.ffree == c.nseen, "inodes used %llu, "
		      "met %zu", (unsigned long long)(sv.files - sv.ffree),
		      c.nseen);
	kt_diag("%s: UFS%d %s-endian bsize %u fsize %u ncg %u: %llu entries, "
		"%llu bytes compared", name, fi.ufs, fi.bigendian ? "big" :
		"little", fi.bsize, fi.fsize, fi.ncg,
		(unsigned long long)c.nentries, (unsigned long long)c.nbytes);
	ffs_core_unmount(c.fs);
	close(c.fd);
	free(c.b1);
	free(c.b2);
	free(c.hl);
	free(c.seen);
}
