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
	return 0;
}
