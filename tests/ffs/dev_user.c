// SPDX-License-Identifier: BSD-2-Clause
/*
 * dev_user.c - read-write devices for the write-side tests: a private
 * copy of a test image in a temporary file, with the ffs_dev write and
 * flush callbacks.
 *
 * Optionally the device behaves like a disk with a volatile write cache:
 * delayed writes (FFS_IO_DELAYED) stay in memory until flush(), a
 * synchronous one goes to the file at once, reads see the newest bytes.
 * A simulated crash then loses whatever was still cached, so a test can
 * check the core's ordering points: what it wrote synchronously (and
 * what a flush put on the device) must be enough for a consistent file
 * system.  A fault mode fails every write after the first n with EIO.
 */
#define _GNU_SOURCE	/* memmem */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ktap.h"
#include "tf.h"
#include "fsck.h"

/* The core's errno values are NetBSD's: EIO is 5 on both systems. */
#define PEND_MAX	512		/* cached writes before a forced flush */

struct pend {
	struct pend *next;
	uint64_t off;
	size_t len;
	uint8_t b[];
};

struct tf_rwdev {
	int fd;
	char path[512];
	uint64_t size;
	bool cache;
	bool dead;		/* crashed: writes vanish */
	int64_t fail_after;	/* writes still allowed before EIO; -1 never */
	int64_t crash_after;	/* writes before the crash; -1 never */
	struct pend *head, *tail;
	unsigned npend;
	struct tf_rwdev_stats st;
};

static int
file_write(struct tf_rwdev *d, uint64_t off, const void *buf, size_t len)
{
	ssize_t n = pwrite(d->fd, buf, len, (off_t)off);

	return n == (ssize_t)len ? 0 : EIO;
}

static int
dev_flush_pending(struct tf_rwdev *d)
{
	struct pend *p, *n;
	int e = 0;

	for (p = d->head; p != NULL; p = n) {
		n = p->next;
		if (e == 0)
			e = file_write(d, p->off, p->b, p->len);
		free(p);
	}
	d->head = d->tail = NULL;
	d->npend = 0;
	return e;
}

static int
dev_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct tf_rwdev *d = ctx;
	struct pend *p;
	uint64_t lo, hi;
	ssize_t n;

	if (len == 0 || off > d->size || len > d->size - off) {
		d->st.badio++;
		return EIO;
	}
	d->st.reads++;
	n = pread(d->fd, buf, len, (off_t)off);
	if (n != (ssize_t)len)
		return EIO;
	/* newer cached bytes over the file's, oldest first */
	for (p = d->head; p != NULL; p = p->next) {
		lo = p->off > off ? p->off : off;
		hi = p->off + p->len < off + len ? p->off + p->len : off + len;
		if (lo < hi)
			memcpy((uint8_t *)buf + (lo - off), p->b + (lo - p->off),
			       (size_t)(hi - lo));
	}
	return 0;
}

static int
dev_write(void *ctx, uint64_t off, const void *buf, size_t len, int how)
{
	struct tf_rwdev *d = ctx;
	struct pend *p;
	uint64_t lo, hi;

	if (len == 0 || off > d->size || len > d->size - off ||
	    (how != FFS_IO_DELAYED && how != FFS_IO_SYNC)) {
		d->st.badio++;
		return EIO;
	}
	if (d->fail_after == 0) {
		d->st.failed++;
		return EIO;
	}
	if (d->fail_after > 0)
		d->fail_after--;
	d->st.writes++;
	if (how == FFS_IO_SYNC)
		d->st.syncwrites++;
	d->st.bytes += len;
	if (d->crash_after == 0)
		d->dead = true;
	if (d->crash_after > 0)
		d->crash_after--;
	if (d->dead) {
		/* After the crash nothing reaches the disk, but the core
		 * still runs against its cache: keep reads coherent. */
		how = FFS_IO_DELAYED;
	}
	if (!d->cache && !d->dead)
		return file_write(d, off, buf, len);
	if (how == FFS_IO_SYNC) {
		/* cached older copies of these bytes become these bytes */
		for (p = d->head; p != NULL; p = p->next) {
			lo = p->off > off ? p->off : off;
			hi = p->off + p->len < off + len ? p->off + p->len :
				off + len;
			if (lo < hi)
				memcpy(p->b + (lo - p->off),
				       (const uint8_t *)buf + (lo - off),
				       (size_t)(hi - lo));
		}
		return file_write(d, off, buf, len);
	}
	if (d->npend >= PEND_MAX && !d->dead) {
		int e = dev_flush_pending(d);

		if (e)
			return e;
	}
	p = malloc(sizeof(*p) + len);
	if (p == NULL)
		return EIO;
	p->next = NULL;
	p->off = off;
	p->len = len;
	memcpy(p->b, buf, len);
	if (d->tail)
		d->tail->next = p;
	else
		d->head = p;
	d->tail = p;
	d->npend++;
	return 0;
}

static int
dev_flush(void *ctx)
{
	struct tf_rwdev *d = ctx;

	d->st.flushes++;
	if (d->dead)
		return 0;
	return dev_flush_pending(d);
}

/* A temporary file for a device, under build/ (or /tmp). */
static struct tf_rwdev *
rwdev_new(void)
{
	struct tf_rwdev *d = calloc(1, sizeof(*d));

	if (d == NULL)
		return NULL;
	snprintf(d->path, sizeof(d->path), "%s/build/ffs-rw-XXXXXX", FFS_TOP);
	d->fd = mkstemp(d->path);
	if (d->fd < 0) {
		snprintf(d->path, sizeof(d->path), "/tmp/ffs-rw-XXXXXX");
		d->fd = mkstemp(d->path);
	}
	if (d->fd < 0) {
		free(d);
		return NULL;
	}
	d->fail_after = -1;
	d->crash_after = -1;
	return d;
}

struct tf_rwdev *
tf_host_rwdev(const char *name)
{
	struct tf_rwdev *d;
	const uint8_t *img;
	uint64_t len, off;
	ssize_t n;

	img = tf_host_image(name, &len);
	if (img == NULL || (d = rwdev_new()) == NULL)
		return NULL;
	for (off = 0; off < len; off += (uint64_t)n) {
		n = pwrite(d->fd, img + off, len - off > (1 << 20) ?
			   (1 << 20) : (size_t)(len - off), (off_t)off);
		if (n <= 0) {
			tf_host_rwdev_free(d);
			return NULL;
		}
	}
	d->size = len;
	return d;
}

/*
 * The last image makefs made (options, size and a pristine copy): runs
 * of one case ask for the same image many times, and a fork from a
 * large (sanitizer) process is slow.  Removed at exit.
 */
static struct {
	char key[1024];
	char path[512];
} lastfs;

static void
lastfs_drop(void)
{
	if (lastfs.path[0] != '\0')
		unlink(lastfs.path);
	lastfs.path[0] = lastfs.key[0] = '\0';
}

/* Copy, leaving zeros as holes (makefs images are mostly empty). */
static int
copy_fd(int from, int to)
{
	static const char zero[1 << 16];
	char buf[1 << 16];
	struct stat st;
	off_t off = 0;
	ssize_t n;

	if (fstat(from, &st) != 0 || ftruncate(to, st.st_size) != 0)
		return -1;
	while ((n = pread(from, buf, sizeof(buf), off)) > 0) {
		if (memcmp(buf, zero, (size_t)n) != 0 &&
		    pwrite(to, buf, (size_t)n, off) != n)
			return -1;
		off += n;
	}
	return n == 0 ? 0 : -1;
}

struct tf_rwdev *
tf_host_rwdev_mkfs(const char *opts, const char *size)
{
	static bool registered;
	struct tf_rwdev *d = rwdev_new();
	char cmd[2048], key[1024];
	struct stat st;
	int fd, fail;

	if (d == NULL)
		return NULL;
	snprintf(key, sizeof(key), "%s -s %s", opts, size);
	if (strcmp(key, lastfs.key) != 0) {
		lastfs_drop();
		snprintf(lastfs.path, sizeof(lastfs.path), "%.480s.pristine",
			 d->path);
		/* the tiny tree of mkimages.sh as content: files, symlinks */
		snprintf(cmd, sizeof(cmd), "makefs -t ffs %s -s %s '%s' '%s' "
			 ">/dev/null 2>&1", opts, size, lastfs.path,
			 FFS_TOP "/build/ffs-images/makefs/src/tiny");
		if (system(cmd) != 0) {
			lastfs_drop();
			tf_host_rwdev_free(d);
			return NULL;
		}
		snprintf(lastfs.key, sizeof(lastfs.key), "%s", key);
		if (!registered)
			atexit(lastfs_drop);
		registered = true;
	}
	fd = open(lastfs.path, O_RDONLY);
	fail = fd < 0 || copy_fd(fd, d->fd) != 0 || fstat(d->fd, &st) != 0 ||
		st.st_size == 0;
	if (fd >= 0)
		close(fd);
	if (fail) {
		lastfs_drop();
		tf_host_rwdev_free(d);
		return NULL;
	}
	d->size = (uint64_t)st.st_size;
	return d;
}

void
tf_host_rwdev_dev(struct tf_rwdev *d, struct ffs_dev *dev, bool rw)
{
	memset(dev, 0, sizeof(*dev));
	dev->read = dev_read;
	if (rw) {
		dev->write = dev_write;
		dev->flush = dev_flush;
	}
	dev->ctx = d;
	dev->size = d->size;
}

void
tf_host_rwdev_free(struct tf_rwdev *d)
{
	struct pend *p, *n;

	if (d == NULL)
		return;
	for (p = d->head; p != NULL; p = n) {
		n = p->next;
		free(p);
	}
	close(d->fd);
	if (getenv("FFS_KEEP_RW") == NULL)
		unlink(d->path);
	else
		fprintf(stderr, "test-ffs: kept %s\n", d->path);
	free(d);
}

void
tf_host_rwdev_mode(struct tf_rwdev *d, bool cache, int64_t fail_after,
		   int64_t crash_after)
{
	if (d->cache && !cache && !d->dead)
		(void)dev_flush_pending(d);
	d->cache = cache;
	d->fail_after = fail_after;
	d->crash_after = crash_after;
}

void
tf_host_rwdev_crash(struct tf_rwdev *d)
{
	struct pend *p, *n;

	for (p = d->head; p != NULL; p = n) {
		n = p->next;
		free(p);
	}
	d->head = d->tail = NULL;
	d->npend = 0;
	d->dead = false;
	d->cache = false;
	d->fail_after = -1;
	d->crash_after = -1;
}

void
tf_host_rwdev_stats(const struct tf_rwdev *d, struct tf_rwdev_stats *st)
{
	*st = d->st;
}

const char *
tf_host_rwdev_path(const struct tf_rwdev *d)
{
	return d->path;
}

int
tf_host_rwdev_fsck(const struct tf_rwdev *d, int *leaks, int *errors)
{
	struct fsck_summary s;
	char *buf = NULL;
	size_t blen = 0;
	FILE *rep = open_memstream(&buf, &blen);
	int rc;

	memset(&s, 0, sizeof(s));
	rc = rumpffs_fsck(d->path, 0, rep, &s);
	if (rep)
		fclose(rep);
	*leaks = (int)s.leaks;
	*errors = (int)s.errors;
	if (rc != FSCK_EXIT_CLEAN && buf != NULL) {
		/* what fsck said: its errors, then a screenful */
		const char *l, *e;

		for (l = buf; *l; l = e + 1) {
			e = strchr(l, '\n');
			if (e == NULL)
				break;
			if (memmem(l, (size_t)(e - l), "[error]", 7) != NULL)
				kt_diag("%.*s", (int)(e - l), l);
		}
		kt_diag("fsck %s: exit %d\n%.2000s", d->path, rc, buf);
	}
	free(buf);
	return rc;
}
