// SPDX-License-Identifier: BSD-2-Clause
/*
 * t_walk.c - portable helpers of tests/ffs: a memory-backed device and a
 * bounded full walk of a mounted file system, shared by the mutation
 * tests, the FreeBSD checks and the fuzzer.
 *
 * The walk must terminate on any image: directories are visited once
 * (a small visited set; a corrupt entry may point at an ancestor), the
 * numbers of inodes and of bytes read per file are capped, and holes are
 * skipped with seekdata rather than read.
 */
#include "kern/types.h"
#include "kern/systm.h"
#include "kern/kmem.h"

#include "tf.h"

int
tf_memread(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct tf_mem *m = ctx;

	if (off > m->len || len > m->len - off)
		return EIO;
	memcpy(buf, m->data + off, len);
	return 0;
}

void
tf_memdev(struct ffs_dev *dev, struct tf_mem *m)
{
	dev->read = tf_memread;
	dev->ctx = m;
	dev->size = m->len;
}

bool
tf_clean_error(int e)
{
	switch (e) {
	case 0:
	case EINVAL:
	case EIO:
	case ENOENT:
	case ENOTDIR:
	case EFTYPE:
	case EROFS:
	case ELOOP:
	case ENAMETOOLONG:
	case EFBIG:
		return true;
	default:
		return false;
	}
}

void
tf_file3_bytes(uint64_t off, uint8_t *buf, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		uint64_t p = off + i, line = p / 16, col = p % 16;

		buf[i] = col == 15 ? '\n' :
			(uint8_t)hex[(line >> (4 * (14 - col))) & 15];
	}
}

#define WALK_MAXDIRS	4096
#define WALK_CHUNK	65536

struct went {
	uint64_t ino;
	uint8_t type;
	char name[FFS_MAXNAMLEN + 1];
};

struct wdir {
	struct went *v;
	size_t n, cap;
	size_t max;
};

static int
collect(void *arg, const struct ffs_dirent *de)
{
	struct wdir *d = arg;

	if (d->n == d->max)
		return 1;
	if (d->n == d->cap) {
		size_t ncap = d->cap ? 2 * d->cap : 32;
		struct went *nv = kmem_alloc(ncap * sizeof(*nv), KM_SLEEP);

		if (nv == NULL)
			return 1;
		if (d->v) {
			memcpy(nv, d->v, d->n * sizeof(*nv));
			kmem_free(d->v, d->cap * sizeof(*nv));
		}
		d->v = nv;
		d->cap = ncap;
	}
	d->v[d->n].ino = de->ino;
	d->v[d->n].type = de->type;
	memcpy(d->v[d->n].name, de->name, (size_t)de->namlen + 1);
	d->n++;
	return 0;
}

static void
err(struct tf_walk *w, int e)
{
	if (e == 0)
		return;
	w->nerrors++;
	if (w->firsterr == 0 || !tf_clean_error(e))
		w->firsterr = e;
}

static void
readfile(struct ffs_core *fs, struct tf_walk *w, const struct ffs_inode *ip,
	 uint8_t *buf)
{
	uint64_t off = 0, data, got = 0;
	size_t n, done;
	int e;

	while (off < ip->size && got < w->budget) {
		e = ffs_core_seekdata(fs, ip, off, &data);
		if (e) {
			err(w, e);
			return;
		}
		if (data >= ip->size)
			break;
		n = WALK_CHUNK - (data % WALK_CHUNK);
		if (n > ip->size - data)
			n = (size_t)(ip->size - data);
		e = ffs_core_read(fs, ip, data, buf, n, &done);
		if (e) {
			err(w, e);
			return;
		}
		if (done != n)
			err(w, EIO);
		got += n;
		w->bytes += n;
		off = data + n;
	}
}

void
tf_walk_fs(struct ffs_core *fs, struct tf_walk *w)
{
	uint64_t *queue, *seen;
	size_t qh = 0, qt = 0, nseen = 0, i, j;
	struct ffs_inode *dp, *ip;
	struct wdir d;
	uint8_t *buf;
	char *lbuf;
	uint64_t cookie, ino;
	size_t llen;
	bool eof;
	int e;

	if (w->budget == 0)
		w->budget = 1 << 20;
	if (w->maxinodes == 0)
		w->maxinodes = 100000;
	queue = kmem_alloc(WALK_MAXDIRS * sizeof(*queue), KM_SLEEP);
	seen = kmem_alloc(WALK_MAXDIRS * sizeof(*seen), KM_SLEEP);
	dp = kmem_alloc(sizeof(*dp), KM_SLEEP);
	ip = kmem_alloc(sizeof(*ip), KM_SLEEP);
	buf = kmem_alloc(WALK_CHUNK, KM_SLEEP);
	lbuf = kmem_alloc(FFS_MAXPATHLEN, KM_SLEEP);
	memset(&d, 0, sizeof(d));
	if (!queue || !seen || !dp || !ip || !buf || !lbuf) {
		err(w, ENOMEM);
		goto out;
	}
	queue[qt++] = FFS_ROOTINO;
	seen[nseen++] = FFS_ROOTINO;
	while (qh < qt && w->ninodes < w->maxinodes) {
		e = ffs_core_iget(fs, queue[qh++], dp);
		if (e) {
			err(w, e);
			continue;
		}
		w->ninodes++;
		w->ndirs++;
		if (w->hook)
			w->hook(w->hookarg, dp);
		d.n = 0;
		d.max = 200000;
		cookie = 0;
		e = ffs_core_readdir(fs, dp, &cookie, collect, &d, &eof);
		err(w, e);
		for (i = 0; i < d.n && w->ninodes < w->maxinodes; i++) {
			struct went *en = &d.v[i];

			if (strcmp(en->name, ".") == 0 ||
			    strcmp(en->name, "..") == 0)
				continue;
			e = ffs_core_lookup(fs, dp, en->name, strlen(en->name),
					    &ino, NULL);
			err(w, e);
			e = ffs_core_iget(fs, en->ino, ip);
			if (e) {
				err(w, e);
				continue;
			}
			w->ninodes++;
			if (w->hook)
				w->hook(w->hookarg, ip);
			switch (ip->mode & FFS_IFMT) {
			case FFS_IFDIR:
				for (j = 0; j < nseen; j++)
					if (seen[j] == ip->ino)
						break;
				if (j == nseen && nseen < WALK_MAXDIRS &&
				    qt < WALK_MAXDIRS) {
					seen[nseen++] = ip->ino;
					queue[qt++] = ip->ino;
				}
				break;
			case FFS_IFREG:
				w->nfiles++;
				readfile(fs, w, ip, buf);
				break;
			case FFS_IFLNK:
				w->nlinks++;
				e = ffs_core_readlink(fs, ip, lbuf,
						      FFS_MAXPATHLEN, &llen);
				err(w, e);
				/* resolve through it (ELOOP etc. are fine) */
				e = ffs_core_namei(fs, dp->ino, en->name,
						   FFS_FOLLOW, &ino);
				if (e && !tf_clean_error(e))
					err(w, e);
				break;
			default:
				break;
			}
		}
	}
out:
	if (d.v)
		kmem_free(d.v, d.cap * sizeof(*d.v));
	if (queue)
		kmem_free(queue, WALK_MAXDIRS * sizeof(*queue));
	if (seen)
		kmem_free(seen, WALK_MAXDIRS * sizeof(*seen));
	if (dp)
		kmem_free(dp, sizeof(*dp));
	if (ip)
		kmem_free(ip, sizeof(*ip));
	if (buf)
		kmem_free(buf, WALK_CHUNK);
	if (lbuf)
		kmem_free(lbuf, FFS_MAXPATHLEN);
}

int
tf_mount_walk(const uint8_t *data, uint64_t len, struct tf_walk *w,
	      char *why, size_t whylen)
{
	struct tf_mem m = { data, len };
	struct ffs_dev dev;
	struct ffs_core *fs;
	struct ffs_statvfs sv;
	struct ffs_info fi;
	int e;

	tf_memdev(&dev, &m);
	e = ffs_core_mount(&dev, 0, &fs, why, whylen);
	if (e)
		return e;
	ffs_core_info(fs, &fi);
	ffs_core_statvfs(fs, &sv);
	tf_walk_fs(fs, w);
	ffs_core_unmount(fs);
	if (w->write)
		w->nwrites = tf_write_phase(data, len);
	return 0;
}

/* ---- writing after mount ------------------------------------------------ */

static int
tf_wmemwrite(void *ctx, uint64_t off, const void *buf, size_t len, int how)
{
	struct tf_mem *m = ctx;

	(void)how;
	if (off > m->len || len > m->len - off)
		return EIO;
	memcpy((uint8_t *)__UNCONST(m->data) + off, buf, len);
	return 0;
}

static int
tf_wmemflush(void *ctx)
{
	(void)ctx;
	return 0;
}

/* Count a successful operation; free an inode left without links. */
static void
tf_done(struct ffs_core *fs, struct ffs_inode *ip, int e, unsigned *n)
{
	if (e == 0)
		(*n)++;
	if (ip != NULL && ip->nlink == 0 && ip->mode != 0)
		(void)ffs_core_ifree(fs, ip);
}

struct tf_first {
	char name[FFS_MAXNAMLEN + 1];
	size_t namlen;
	uint64_t ino;
	int n;
};

static int
tf_first_cb(void *arg, const struct ffs_dirent *de)
{
	struct tf_first *f = arg;

	if (de->namlen == 1 && de->name[0] == '.')
		return 0;
	if (de->namlen == 2 && de->name[0] == '.' && de->name[1] == '.')
		return 0;
	if (f->n++ < 3)
		return 0;	/* take the fourth: not always the first */
	memcpy(f->name, de->name, de->namlen + 1);
	f->namlen = de->namlen;
	f->ino = de->ino;
	return 1;
}

unsigned
tf_write_phase(const uint8_t *data, uint64_t len)
{
	static const struct ffs_newattr fattr = { FFS_IFREG | 0644, 0, 0, 0 };
	static const struct ffs_newattr dattr = { FFS_IFDIR | 0755, 0, 0, 0 };
	struct ffs_inode *root, *f, *d, *g;
	struct tf_first first;
	struct tf_mem m;
	struct ffs_dev dev;
	struct ffs_core *fs;
	struct tf_walk w;
	uint8_t *copy, *buf;
	uint64_t cookie = 0;
	unsigned n = 0;
	size_t done;
	char why[160];
	bool eof;
	int e;

	copy = kmem_alloc(len, KM_SLEEP);
	buf = kmem_alloc(65536, KM_SLEEP);
	root = kmem_zalloc(4 * sizeof(*root), KM_SLEEP);
	if (copy == NULL || buf == NULL || root == NULL)
		goto out;
	f = root + 1;
	d = root + 2;
	g = root + 3;
	memcpy(copy, data, len);
	memset(buf, 0x5a, 65536);
	m.data = copy;
	m.len = len;
	tf_memdev(&dev, &m);
	dev.write = tf_wmemwrite;
	dev.flush = tf_wmemflush;
	if (ffs_core_mount(&dev, FFS_MOUNT_RDWR, &fs, why, sizeof(why)) != 0)
		goto out;
	if (ffs_core_iget(fs, FFS_ROOTINO, root) != 0 ||
	    (root->mode & FFS_IFMT) != FFS_IFDIR)
		goto unmount;
	/* A new file: written across blocks and far out, truncated. */
	e = ffs_core_create(fs, root, "tfw-file", 8, &fattr, NULL, f);
	tf_done(fs, NULL, e, &n);
	if (e == 0) {
		tf_done(fs, NULL, ffs_core_write(fs, f, 0, buf, 3 * 8192 + 100,
						 0, &done), &n);
		tf_done(fs, NULL, ffs_core_write(fs, f, 1 << 20, buf, 5000, 0,
						 &done), &n);
		tf_done(fs, NULL, ffs_core_truncate(fs, f, 5000), &n);
		tf_done(fs, NULL, ffs_core_fsync(fs, f, false), &n);
	}
	/* A directory with a file, moved out, removed. */
	e = ffs_core_create(fs, root, "tfw-dir", 7, &dattr, NULL, d);
	tf_done(fs, NULL, e, &n);
	if (e == 0) {
		e = ffs_core_create(fs, d, "inner", 5, &fattr, NULL, g);
		tf_done(fs, NULL, e, &n);
		if (e == 0) {
			tf_done(fs, NULL, ffs_core_write(fs, g, 0, buf, 700, 0,
							 &done), &n);
			tf_done(fs, NULL, ffs_core_rename(fs, d, "inner", 5, g,
							  root, "tfw-moved", 9,
							  NULL), &n);
			tf_done(fs, g, ffs_core_remove(fs, root, "tfw-moved",
						       9, g), &n);
		}
		tf_done(fs, d, ffs_core_rmdir(fs, root, "tfw-dir", 7, d), &n);
	}
	/* Something that was already there: changed, renamed, removed. */
	memset(&first, 0, sizeof(first));
	(void)ffs_core_readdir(fs, root, &cookie, tf_first_cb, &first, &eof);
	if (first.ino != 0 && ffs_core_iget(fs, first.ino, g) == 0) {
		if ((g->mode & FFS_IFMT) == FFS_IFREG) {
			tf_done(fs, NULL, ffs_core_write(fs, g, g->size / 2, buf,
							 100, 0, &done), &n);
			tf_done(fs, NULL, ffs_core_truncate(fs, g, g->size / 3),
				&n);
		}
		e = ffs_core_rename(fs, root, first.name, first.namlen, g,
				    root, "tfw-renamed", 11, NULL);
		tf_done(fs, NULL, e, &n);
		if ((g->mode & FFS_IFMT) == FFS_IFDIR)
			tf_done(fs, g, ffs_core_rmdir(fs, root, e ? first.name :
						      "tfw-renamed", e ?
						      first.namlen : 11, g), &n);
		else
			tf_done(fs, g, ffs_core_remove(fs, root, e ? first.name
						       : "tfw-renamed", e ?
						       first.namlen : 11, g),
				&n);
	}
	if (f->mode != 0) {
		tf_done(fs, f, ffs_core_remove(fs, root, "tfw-file", 8, f), &n);
	}
unmount:
	(void)ffs_core_unmount(fs);
	/* What was written must still be safe to read. */
	memset(&w, 0, sizeof(w));
	w.budget = 64 << 10;
	w.maxinodes = 2000;
	tf_memdev(&dev, &m);
	if (ffs_core_mount(&dev, 0, &fs, why, sizeof(why)) == 0) {
		tf_walk_fs(fs, &w);
		ffs_core_unmount(fs);
	}
out:
	if (root)
		kmem_free(root, 4 * sizeof(*root));
	if (buf)
		kmem_free(buf, 65536);
	if (copy)
		kmem_free(copy, len);
	return n;
}
