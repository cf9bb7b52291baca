// SPDX-License-Identifier: BSD-2-Clause
/*
 * write.c - the write commands of rumpffs, on the core's write side:
 *
 *   rumpffs put IMAGE SRC... PATH        copy host files/trees in (cp -a)
 *   rumpffs mkdir [-p] [-m MODE] IMAGE PATH...
 *   rumpffs rm [-r] [-f] IMAGE PATH...
 *   rumpffs mv IMAGE FROM TO
 *   rumpffs ln [-s] IMAGE TARGET LINKPATH
 *   rumpffs chmod IMAGE MODE PATH...     (octal)
 *   rumpffs chown IMAGE UID[:GID] PATH...  (numeric)
 *   rumpffs touch [-c] IMAGE PATH...
 *
 * The image is opened read-write and mounted read-only first, which
 * writes nothing: a file system the core may not write (ffs_info's
 * rw_refusal: FreeBSD metadata checksums, WAPBL, snapshots, UFS2EA, the
 * old UFS1 layout) is refused with the reason and left byte-identical.
 * A file system that is not clean only gets a warning (the core keeps its
 * own counts consistent; fsck repairs what it inherited).  Then the mount
 * becomes read-write (ffs_core_setrw: the superblock says "not clean"
 * until the unmount, which writes the summaries back, restores the clean
 * flag and flushes).  An unmount error is reported and makes the exit
 * status non-zero.
 *
 * The core's write side takes kernel locks, so a rump kernel is booted
 * and this thread runs on one of its CPUs for the whole command.
 *
 * The device is the image file: pread/pwrite, flush = fdatasync.  The
 * core's FFS_IO_SYNC writes are plain pwrites: they reach the host's page
 * cache in order, which is all a crash of this process can observe; the
 * host's power loss mid-command is not covered (a flush would cost one
 * fdatasync per directory operation).
 *
 * Testing hook: RUMPFFS_CRASH_AFTER=N makes the process exit (status 99)
 * in place of its Nth device write, as a crash would stop it there; what
 * the earlier writes left must be a file system fsck finds at worst
 * leaks in (the core's ordering, ffs_core.h), which tests/ffs tool checks.
 *
 * The tool holds no references to inodes once a command is done with
 * them, so an inode whose link count reaches 0 (rm, mv over a file, put
 * replacing a file) is freed at once with ffs_core_ifree.
 *
 * put: like cp -a (-P: symlinks in SRC are copied as symlinks): directories
 * (merged into an existing directory of the same name), regular files
 * (holes found with SEEK_DATA/SEEK_HOLE stay holes), symlinks, fifos,
 * sockets, devices (as root; NetBSD dev_t encoding), hard links within
 * what one put copies stay links; modes, owners (always: the image's
 * owners are not the host's permission business), atime/mtime with ns.
 * An existing non-directory at the destination is replaced (removed,
 * then created: other links to it keep the old contents).  If PATH is an
 * existing directory SRC goes inside it, as with cp.
 *
 * Failures: per-file errors are reported ("rumpffs: /dst/path: message")
 * and the copy goes on with the next file; ENOSPC, EIO and ENOMEM stop
 * it.  A regular file that cannot be written completely is removed
 * again (and freed): the image never holds a truncated copy, only the
 * files that were copied before the error.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rumpdefs.h>

#include "ffs_core.h"
#include "write.h"

static const char *prog = "rumpffs";
static int status;

const char *
rumpffs_strerror(int e)
{
	switch (e) {
	case RUMP_EPERM: return "Operation not permitted";
	case RUMP_ENOENT: return "No such file or directory";
	case RUMP_EIO: return "Input/output error";
	case RUMP_ENXIO: return "Device not configured";
	case RUMP_ENOMEM: return "Cannot allocate memory";
	case RUMP_EACCES: return "Permission denied";
	case RUMP_EBUSY: return "Device busy";
	case RUMP_EEXIST: return "File exists";
	case RUMP_EXDEV: return "Cross-device link";
	case RUMP_ENOTDIR: return "Not a directory";
	case RUMP_EISDIR: return "Is a directory";
	case RUMP_EINVAL: return "Invalid argument";
	case RUMP_EFBIG: return "File too large";
	case RUMP_ENOSPC: return "No space left on device";
	case RUMP_EROFS: return "Read-only file system";
	case RUMP_EMLINK: return "Too many links";
	case RUMP_ELOOP: return "Too many levels of symbolic links";
	case RUMP_ENAMETOOLONG: return "File name too long";
	case RUMP_ENOTEMPTY: return "Directory not empty";
	case RUMP_EDQUOT: return "Disc quota exceeded";
	case RUMP_EFTYPE: return "Inappropriate file type or format";
	case RUMP_EOPNOTSUPP: return "Operation not supported";
	default: return "Unknown error";
	}
}

/* "rumpffs: what: message" for a core (NetBSD) errno; sets the status. */
static void
nbwarn(const char *what, int e)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, rumpffs_strerror(e));
	status = 1;
}

/* The same for a host errno. */
static void
hostwarn(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
	status = 1;
}

/* Errors after which going on cannot help. */
static bool
fatal(int e)
{
	return e == RUMP_ENOSPC || e == RUMP_EIO || e == RUMP_ENOMEM;
}

/* ---- the image ------------------------------------------------------------ */
struct wimg {
	const char *path;
	int fd;
	struct ffs_dev dev;
	struct ffs_core *fs;
};

/*
 * A write-through cache of 4 KiB pages (direct-mapped, 16 MiB at most):
 * the core scans a directory from its start for every name it enters or
 * looks up, so a put of n files into one directory reads O(n^2) blocks;
 * from memory instead of one pread each, a 3000-file directory goes in
 * several times faster.  Every write goes to the file at once and into
 * the cached pages it covers, so a read always sees what was written.
 * Requests larger than a few pages bypass it.
 */
#define PGSHIFT		12
#define PGSIZE		(1u << PGSHIFT)
#define NSLOT		4096
#define CACHEMAX	(8 * PGSIZE)	/* larger requests bypass the cache */

struct slot {
	uint64_t pgno;
	uint8_t *data;		/* NULL: empty */
};
static struct slot *slots;

static int
rawread(int fd, uint64_t off, void *buf, size_t len)
{
	char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = pread(fd, p, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return RUMP_EIO;
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

static int
w_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct wimg *w = ctx;
	uint64_t pg, end = off + len;
	char *p = buf;
	struct slot *s;
	size_t in, n;

	if (len > CACHEMAX || slots == NULL)
		return rawread(w->fd, off, buf, len);
	for (pg = off >> PGSHIFT; off < end; pg++) {
		in = (size_t)(off & (PGSIZE - 1));
		n = PGSIZE - in < end - off ? PGSIZE - in : (size_t)(end - off);
		s = &slots[pg % NSLOT];
		if (s->data == NULL || s->pgno != pg) {
			/* a whole page inside the device, else no caching */
			if (((pg + 1) << PGSHIFT) > w->dev.size)
				return rawread(w->fd, off, p, (size_t)(end - off));
			if (s->data == NULL && (s->data = malloc(PGSIZE)) == NULL)
				return rawread(w->fd, off, p, (size_t)(end - off));
			if (rawread(w->fd, pg << PGSHIFT, s->data, PGSIZE) != 0) {
				free(s->data);
				s->data = NULL;
				return RUMP_EIO;
			}
			s->pgno = pg;
		}
		memcpy(p, s->data + in, n);
		p += n;
		off += n;
	}
	return 0;
}

/* The cached pages that [off, off + len) covers get the new bytes. */
static void
cache_update(uint64_t off, const char *buf, size_t len)
{
	uint64_t pg, end = off + len;
	struct slot *s;
	size_t in, n;

	if (slots == NULL)
		return;
	for (pg = off >> PGSHIFT; off < end; pg++) {
		in = (size_t)(off & (PGSIZE - 1));
		n = PGSIZE - in < end - off ? PGSIZE - in : (size_t)(end - off);
		s = &slots[pg % NSLOT];
		if (s->data != NULL && s->pgno == pg)
			memcpy(s->data + in, buf, n);
		buf += n;
		off += n;
	}
}

static void
cache_free(void)
{
	unsigned i;

	for (i = 0; slots != NULL && i < NSLOT; i++)
		free(slots[i].data);
	free(slots);
	slots = NULL;
}

static unsigned long crash_after, nwrites;

static int
w_write(void *ctx, uint64_t off, const void *buf, size_t len, int how)
{
	struct wimg *w = ctx;
	const char *p = buf;
	ssize_t n;

	(void)how;	/* see the header comment */
	if (crash_after != 0 && ++nwrites >= crash_after)
		_exit(99);
	cache_update(off, buf, len);
	while (len > 0) {
		n = pwrite(w->fd, p, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "%s: %s: write at %llu: %s\n", prog,
				w->path, (unsigned long long)off,
				n < 0 ? strerror(errno) : "short write");
			return RUMP_EIO;
		}
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

static int
w_flush(void *ctx)
{
	struct wimg *w = ctx;

	if (fdatasync(w->fd) != 0 && errno != EINVAL && errno != EROFS) {
		fprintf(stderr, "%s: %s: fdatasync: %s\n", prog, w->path,
			strerror(errno));
		return RUMP_EIO;
	}
	return 0;
}

static int
wimg_open(struct wimg *w, const char *path)
{
	struct ffs_info fi;
	struct stat st;
	char why[256];
	int e;

	memset(w, 0, sizeof(*w));
	w->path = path;
	slots = calloc(NSLOT, sizeof(*slots));	/* NULL: no cache */
	w->fd = open(path, O_RDWR);
	if (w->fd < 0 || fstat(w->fd, &st) != 0) {
		hostwarn(path);
		if (w->fd >= 0)
			close(w->fd);
		return -1;
	}
	w->dev.read = w_read;
	w->dev.write = w_write;
	w->dev.flush = w_flush;
	w->dev.ctx = w;
	w->dev.size = (uint64_t)st.st_size;
	if (S_ISBLK(st.st_mode)) {
		off_t end = lseek(w->fd, 0, SEEK_END);

		w->dev.size = end > 0 ? (uint64_t)end : 0;
	}
	/* Read-only first: a refused file system is left untouched. */
	e = ffs_core_mount(&w->dev, 0, &w->fs, why, sizeof(why));
	if (e) {
		fprintf(stderr, "%s: %s: %s (%s)\n", prog, path,
			rumpffs_strerror(e), why);
		goto fail;
	}
	ffs_core_info(w->fs, &fi);
	if (fi.rw_refusal != NULL) {
		fprintf(stderr, "%s: %s: cannot write this file system: %s "
			"(read-only commands still work)\n", prog, path,
			fi.rw_refusal);
		goto fail;
	}
	if (!(fi.clean & 0x01))
		fprintf(stderr, "%s: %s: warning: file system not clean "
			"(fs_clean 0x%x); run 'rumpffs fsck %s'\n", prog, path,
			fi.clean, path);
	e = ffs_core_setrw(w->fs, true, &w->dev, why, sizeof(why));
	if (e) {
		fprintf(stderr, "%s: %s: %s (%s)\n", prog, path,
			rumpffs_strerror(e), why);
		goto fail;
	}
	return 0;
fail:
	if (w->fs != NULL)
		ffs_core_unmount(w->fs);
	w->fs = NULL;
	close(w->fd);
	cache_free();
	status = 1;
	return -1;
}

static void
wimg_close(struct wimg *w)
{
	int e = ffs_core_unmount(w->fs);

	w->fs = NULL;
	if (e) {
		fprintf(stderr, "%s: %s: unmount: %s (the file system may "
			"need 'rumpffs fsck')\n", prog, w->path,
			rumpffs_strerror(e));
		status = 1;
	}
	if (close(w->fd) != 0)
		hostwarn(w->path);
	cache_free();
}

/* ---- paths inside the image ---------------------------------------------- */
static bool
isdir(const struct ffs_inode *ip)
{
	return (ip->mode & FFS_IFMT) == FFS_IFDIR;
}

struct wpath {
	char parent[FFS_MAXPATHLEN];
	char name[FFS_MAXNAMLEN + 1];
};

/*
 * Split path (relative paths start at the root) into its parent
 * directory and last component; trailing slashes are ignored.  EINVAL
 * for the root itself, ENAMETOOLONG for a path or name too long.
 */
static int
splitpath(const char *path, struct wpath *wp)
{
	char buf[FFS_MAXPATHLEN];
	size_t n = strlen(path);
	char *s;

	if (n >= sizeof(buf))
		return RUMP_ENAMETOOLONG;
	if (n == 0)
		return RUMP_ENOENT;
	memcpy(buf, path, n + 1);
	while (n > 1 && buf[n - 1] == '/')
		buf[--n] = '\0';
	s = strrchr(buf, '/');
	if (s == NULL) {
		strcpy(wp->parent, "/");
		s = buf;
	} else {
		if (s == buf)
			strcpy(wp->parent, "/");
		else {
			*s = '\0';
			strcpy(wp->parent, buf);
		}
		s++;
	}
	if (*s == '\0')
		return RUMP_EINVAL;		/* the root */
	if (strlen(s) > FFS_MAXNAMLEN)
		return RUMP_ENAMETOOLONG;
	strcpy(wp->name, s);
	return 0;
}

static bool
dotname(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/* namei + iget. */
static int
wresolve(struct ffs_core *fs, const char *path, bool follow,
	 struct ffs_inode *ip)
{
	uint64_t ino;
	int e;

	e = ffs_core_namei(fs, FFS_ROOTINO, path, follow ? FFS_FOLLOW : 0, &ino);
	return e ? e : ffs_core_iget(fs, ino, ip);
}

/* The directory that holds path's last component. */
static int
parentdir(struct ffs_core *fs, const struct wpath *wp, struct ffs_inode *dp)
{
	int e = wresolve(fs, wp->parent, true, dp);

	if (e == 0 && !isdir(dp))
		e = RUMP_ENOTDIR;
	return e;
}

/* name in dp: *found and *ip, or an error other than ENOENT. */
static int
child(struct ffs_core *fs, const struct ffs_inode *dp, const char *name,
      struct ffs_inode *ip, bool *found)
{
	uint64_t ino;
	int e;

	*found = false;
	e = ffs_core_lookup(fs, dp, name, strlen(name), &ino, NULL);
	if (e == RUMP_ENOENT)
		return 0;
	if (e == 0)
		e = ffs_core_iget(fs, ino, ip);
	if (e == 0)
		*found = true;
	return e;
}

/* Remove a non-directory name; free the inode if that was its last. */
static int
unlink_free(struct ffs_core *fs, struct ffs_inode *dp, const char *name,
	    struct ffs_inode *ip)
{
	int e = ffs_core_remove(fs, dp, name, strlen(name), ip);

	if (e == 0 && ip->nlink == 0)
		e = ffs_core_ifree(fs, ip);
	return e;
}

static void
now(int64_t *sec, uint32_t *nsec)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	*sec = ts.tv_sec;
	*nsec = (uint32_t)ts.tv_nsec;
}

static mode_t
cur_umask(void)
{
	mode_t m = umask(022);

	umask(m);
	return m;
}

/* Join a directory path and a name for messages. */
static char *
join(const char *dir, const char *name)
{
	char *p;
	size_t n = strlen(dir);

	if (asprintf(&p, "%s%s%s", dir, n > 0 && dir[n - 1] == '/' ? "" : "/",
		     name) < 0) {
		perror(prog);
		exit(1);
	}
	return p;
}

/* ---- directory listings (collected whole before the directory changes) -- */
struct names {
	char **name;
	uint64_t *ino;
	size_t n, cap;
};

static int
names_cb(void *arg, const struct ffs_dirent *de)
{
	struct names *nl = arg;

	if (dotname(de->name))
		return 0;
	if (nl->n == nl->cap) {
		nl->cap = nl->cap ? 2 * nl->cap : 32;
		nl->name = realloc(nl->name, nl->cap * sizeof(*nl->name));
		nl->ino = realloc(nl->ino, nl->cap * sizeof(*nl->ino));
		if (nl->name == NULL || nl->ino == NULL) {
			perror(prog);
			exit(1);
		}
	}
	nl->name[nl->n] = strdup(de->name);
	nl->ino[nl->n] = de->ino;
	if (nl->name[nl->n] == NULL) {
		perror(prog);
		exit(1);
	}
	nl->n++;
	return 0;
}

static void
names_free(struct names *nl)
{
	size_t i;

	for (i = 0; i < nl->n; i++)
		free(nl->name[i]);
	free(nl->name);
	free(nl->ino);
	memset(nl, 0, sizeof(*nl));
}

/* ---- put -------------------------------------------------------------------- */
struct hlink {
	dev_t dev;
	ino_t ino;
	uint64_t fino;
};

struct putctx {
	struct ffs_core *fs;
	char *buf;
	struct hlink *hl;
	size_t nhl, caphl;
	bool root;
};
#define PUTCHUNK	(1u << 20)

/* NetBSD's dev_t: 12-bit major at bit 8, minor split 8 + 12 bits. */
static uint64_t
nbdev(dev_t d)
{
	uint64_t ma = major(d), mi = minor(d);

	return ((ma << 8) & 0x000fff00) | (mi & 0xff) |
	       ((mi << 12) & 0xfff00000);
}

static uint64_t
hl_find(const struct putctx *pc, const struct stat *st)
{
	size_t i;

	for (i = 0; i < pc->nhl; i++)
		if (pc->hl[i].dev == st->st_dev && pc->hl[i].ino == st->st_ino)
			return pc->hl[i].fino;
	return 0;
}

static void
hl_add(struct putctx *pc, const struct stat *st, uint64_t fino)
{
	if (pc->nhl == pc->caphl) {
		pc->caphl = pc->caphl ? 2 * pc->caphl : 64;
		pc->hl = realloc(pc->hl, pc->caphl * sizeof(*pc->hl));
		if (pc->hl == NULL) {
			perror(prog);
			exit(1);
		}
	}
	pc->hl[pc->nhl].dev = st->st_dev;
	pc->hl[pc->nhl].ino = st->st_ino;
	pc->hl[pc->nhl].fino = fino;
	pc->nhl++;
}

static int
setattrs(struct ffs_core *fs, struct ffs_inode *ip, const struct stat *st)
{
	ip->mode = (ip->mode & FFS_IFMT) | (st->st_mode & 07777);
	ip->uid = st->st_uid;
	ip->gid = st->st_gid;
	ip->atime = st->st_atim.tv_sec;
	ip->atimensec = (uint32_t)st->st_atim.tv_nsec;
	ip->mtime = st->st_mtim.tv_sec;
	ip->mtimensec = (uint32_t)st->st_mtim.tv_nsec;
	return ffs_core_iupdate(fs, ip, 0);
}

/*
 * The data of host file src (open it) into ip, holes skipped.  Host
 * errors are reported here and returned as EIO.
 */
static int
put_data(struct putctx *pc, struct ffs_inode *ip, const char *src,
	 const char *ipath, off_t size)
{
	off_t off = 0, data, hole, o;
	size_t want, done;
	ssize_t n;
	int fd, e = 0;

	fd = open(src, O_RDONLY | O_NOFOLLOW);
	if (fd < 0) {
		hostwarn(src);
		return RUMP_EIO;
	}
	while (off < size && e == 0) {
		data = lseek(fd, off, SEEK_DATA);
		if (data < 0) {
			if (errno == ENXIO)
				break;		/* the rest is a hole */
			data = off;		/* no SEEK_DATA: copy it all */
			hole = size;
		} else {
			hole = lseek(fd, data, SEEK_HOLE);
			if (hole < 0 || hole > size)
				hole = size;
		}
		for (o = data; o < hole; o += n) {
			want = hole - o < PUTCHUNK ? (size_t)(hole - o) :
				PUTCHUNK;
			n = pread(fd, pc->buf, want, o);
			if (n < 0 && errno == EINTR) {
				n = 0;
				continue;
			}
			if (n < 0) {
				hostwarn(src);
				e = RUMP_EIO;
				break;
			}
			if (n == 0)
				break;		/* the file shrank */
			e = ffs_core_write(pc->fs, ip, (uint64_t)o, pc->buf,
					   (size_t)n, 0, &done);
			if (e) {
				nbwarn(ipath, e);
				break;
			}
		}
		off = hole;
	}
	close(fd);
	/* A trailing hole: only the size. */
	if (e == 0 && ip->size < (uint64_t)size) {
		e = ffs_core_truncate(pc->fs, ip, (uint64_t)size);
		if (e)
			nbwarn(ipath, e);
	}
	return e;
}

static int put_tree(struct putctx *pc, struct ffs_inode *dp, const char *name,
		    const char *src, const struct stat *st, const char *ipath);

static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of host directory src into directory ip. */
static int
put_contents(struct putctx *pc, struct ffs_inode *ip, const char *src,
	     const char *ipath)
{
	struct dirent *de;
	struct stat st;
	char **v = NULL, *s, *d;
	size_t n = 0, cap = 0, i;
	int e = 0;
	DIR *dir;

	dir = opendir(src);
	if (dir == NULL) {
		hostwarn(src);
		return 0;
	}
	while ((de = readdir(dir)) != NULL) {
		if (dotname(de->d_name))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			v = realloc(v, cap * sizeof(*v));
			if (v == NULL) {
				perror(prog);
				exit(1);
			}
		}
		v[n] = strdup(de->d_name);
		if (v[n++] == NULL) {
			perror(prog);
			exit(1);
		}
	}
	closedir(dir);
	if (n > 1)
		qsort(v, n, sizeof(*v), namecmp);
	for (i = 0; i < n; i++) {
		if (e == 0) {
			s = join(src, v[i]);
			d = join(ipath, v[i]);
			if (lstat(s, &st) != 0)
				hostwarn(s);
			else if (strlen(v[i]) > FFS_MAXNAMLEN)
				nbwarn(d, RUMP_ENAMETOOLONG);
			else
				e = put_tree(pc, ip, v[i], s, &st, d);
			free(s);
			free(d);
		}
		free(v[i]);
	}
	free(v);
	return e;
}

/*
 * Copy host object src (lstat'ed as *st) to name in dp.  Returns 0, or a
 * fatal error (already reported) that stops the copy.
 */
static int
put_tree(struct putctx *pc, struct ffs_inode *dp, const char *name,
	 const char *src, const struct stat *st, const char *ipath)
{
	struct ffs_core *fs = pc->fs;
	struct ffs_newattr na;
	struct ffs_inode ip, old;
	char target[FFS_MAXPATHLEN + 1];
	size_t nlen = strlen(name);
	uint64_t fino;
	bool exists;
	ssize_t tl;
	int e;

	e = child(fs, dp, name, &old, &exists);
	if (e) {
		nbwarn(ipath, e);
		return fatal(e) ? e : 0;
	}
	memset(&na, 0, sizeof(na));
	na.mode = st->st_mode & 07777;
	na.uid = st->st_uid;
	na.gid = st->st_gid;
	if (S_ISDIR(st->st_mode)) {
		if (exists && !isdir(&old)) {
			fprintf(stderr, "%s: %s: cannot overwrite "
				"non-directory with directory\n", prog, ipath);
			status = 1;
			return 0;
		}
		if (exists) {
			ip = old;
		} else {
			na.mode |= FFS_IFDIR;
			e = ffs_core_create(fs, dp, name, nlen, &na, NULL, &ip);
			if (e) {
				nbwarn(ipath, e);
				return fatal(e) ? e : 0;
			}
		}
		e = put_contents(pc, &ip, src, ipath);
		/* the times last: filling it changed them */
		if (setattrs(fs, &ip, st) != 0 && e == 0) {
			nbwarn(ipath, RUMP_EIO);
			e = RUMP_EIO;
		}
		return e;
	}
	if (exists) {
		if (isdir(&old)) {
			fprintf(stderr, "%s: %s: cannot overwrite directory "
				"with non-directory\n", prog, ipath);
			status = 1;
			return 0;
		}
		e = unlink_free(fs, dp, name, &old);
		if (e) {
			nbwarn(ipath, e);
			return fatal(e) ? e : 0;
		}
	}
	/* A further name of something this put already copied. */
	if (st->st_nlink > 1 && (fino = hl_find(pc, st)) != 0) {
		e = ffs_core_iget(fs, fino, &ip);
		if (e == 0)
			e = ffs_core_link(fs, dp, name, nlen, &ip);
		if (e)
			nbwarn(ipath, e);
		return fatal(e) ? e : 0;
	}
	switch (st->st_mode & S_IFMT) {
	case S_IFREG:
		na.mode |= FFS_IFREG;
		e = ffs_core_create(fs, dp, name, nlen, &na, NULL, &ip);
		if (e) {
			nbwarn(ipath, e);
			return fatal(e) ? e : 0;
		}
		e = put_data(pc, &ip, src, ipath, st->st_size);
		if (e) {
			/* no partial copies: the name and the inode go */
			int e2 = unlink_free(fs, dp, name, &ip);

			if (e2)
				nbwarn(ipath, e2);
			return fatal(e) ? e : 0;
		}
		break;
	case S_IFLNK:
		tl = readlink(src, target, sizeof(target));
		if (tl < 0) {
			hostwarn(src);
			return 0;
		}
		if ((size_t)tl >= FFS_MAXPATHLEN) {
			nbwarn(ipath, RUMP_ENAMETOOLONG);
			return 0;
		}
		target[tl] = '\0';
		na.mode |= FFS_IFLNK;
		e = ffs_core_create(fs, dp, name, nlen, &na, target, &ip);
		break;
	case S_IFIFO:
	case S_IFSOCK:
		na.mode |= S_ISFIFO(st->st_mode) ? FFS_IFIFO : FFS_IFSOCK;
		e = ffs_core_create(fs, dp, name, nlen, &na, NULL, &ip);
		break;
	case S_IFCHR:
	case S_IFBLK:
		if (!pc->root) {
			fprintf(stderr, "%s: %s: device not copied (only "
				"root copies devices)\n", prog, src);
			status = 1;
			return 0;
		}
		na.mode |= S_ISCHR(st->st_mode) ? FFS_IFCHR : FFS_IFBLK;
		na.rdev = nbdev(st->st_rdev);
		e = ffs_core_create(fs, dp, name, nlen, &na, NULL, &ip);
		break;
	default:
		fprintf(stderr, "%s: %s: unsupported file type (skipped)\n",
			prog, src);
		status = 1;
		return 0;
	}
	if (e) {
		nbwarn(ipath, e);
		return fatal(e) ? e : 0;
	}
	e = setattrs(fs, &ip, st);
	if (e) {
		nbwarn(ipath, e);
		return fatal(e) ? e : 0;
	}
	if (st->st_nlink > 1)
		hl_add(pc, st, ip.ino);
	return 0;
}

/* The last component of a host path ("" for "/", "." and ".."). */
static const char *
hostbase(const char *src, char *buf, size_t len)
{
	size_t n = strlen(src);
	const char *s;

	if (n >= len)
		n = len - 1;
	memcpy(buf, src, n);
	buf[n] = '\0';
	while (n > 1 && buf[n - 1] == '/')
		buf[--n] = '\0';
	s = strrchr(buf, '/');
	s = s ? s + 1 : buf;
	return dotname(s) ? "" : s;
}

static int
cmd_put(struct ffs_core *fs, int argc, char **argv)
{
	struct putctx pc = { .fs = fs, .root = geteuid() == 0 };
	const char *dst = argv[argc - 1], *base;
	struct ffs_inode dp, dst_ip;
	char hb[4096], *ipath;
	struct wpath wp;
	struct stat st;
	bool dstdir;
	int i, e = 0;

	pc.buf = malloc(PUTCHUNK);
	if (pc.buf == NULL) {
		perror(prog);
		exit(1);
	}
	e = wresolve(fs, dst, true, &dst_ip);
	if (e && e != RUMP_ENOENT) {
		nbwarn(dst, e);
		goto out;
	}
	dstdir = e == 0 && isdir(&dst_ip);
	if (argc - 2 > 1 && !dstdir) {
		nbwarn(dst, e ? e : RUMP_ENOTDIR);
		goto out;
	}
	for (i = 1; i < argc - 1 && !fatal(e); i++) {
		e = 0;
		if (lstat(argv[i], &st) != 0) {
			hostwarn(argv[i]);
			continue;
		}
		if (dstdir) {
			base = hostbase(argv[i], hb, sizeof(hb));
			if (*base == '\0') {
				/* "put IMG . DIR": the contents into DIR */
				if (!S_ISDIR(st.st_mode)) {
					nbwarn(dst, RUMP_EISDIR);
					continue;
				}
				dp = dst_ip;
				e = put_contents(&pc, &dp, argv[i], dst);
				if (setattrs(fs, &dp, &st) != 0)
					nbwarn(dst, RUMP_EIO);
				dst_ip = dp;
				continue;
			}
			if (strlen(base) > FFS_MAXNAMLEN) {
				nbwarn(argv[i], RUMP_ENAMETOOLONG);
				continue;
			}
			dp = dst_ip;
			ipath = join(dst, base);
			e = put_tree(&pc, &dp, base, argv[i], &st, ipath);
			free(ipath);
			dst_ip = dp;
			continue;
		}
		e = splitpath(dst, &wp);
		if (e == 0)
			e = parentdir(fs, &wp, &dp);
		if (e) {
			nbwarn(dst, e == RUMP_EINVAL ? RUMP_EEXIST : e);
			continue;
		}
		e = put_tree(&pc, &dp, wp.name, argv[i], &st, dst);
	}
out:
	free(pc.buf);
	free(pc.hl);
	return status;
}

/* ---- mkdir -------------------------------------------------------------------- */
static int
mkdir_p(struct ffs_core *fs, const char *path, uint32_t mode,
	uint32_t midmode)
{
	struct ffs_newattr na = { .uid = geteuid(), .gid = getegid() };
	struct ffs_inode cur, nx;
	char buf[FFS_MAXPATHLEN], save;
	char *p, *end;
	bool found, last;
	int e;

	if (strlen(path) >= sizeof(buf)) {
		nbwarn(path, RUMP_ENAMETOOLONG);
		return 0;
	}
	strcpy(buf, path);
	e = ffs_core_iget(fs, FFS_ROOTINO, &cur);
	for (p = buf; e == 0; p = end) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		for (end = p; *end != '\0' && *end != '/'; end++)
			;
		save = *end;
		*end = '\0';
		last = strspn(end + (save ? 1 : 0), "/") ==
		       strlen(end + (save ? 1 : 0));
		if (strlen(p) > FFS_MAXNAMLEN) {
			e = RUMP_ENAMETOOLONG;
			break;
		}
		e = child(fs, &cur, p, &nx, &found);
		if (e == 0 && found && (nx.mode & FFS_IFMT) == FFS_IFLNK)
			e = wresolve(fs, buf, true, &nx);
		if (e == 0 && found && !isdir(&nx))
			e = last ? RUMP_EEXIST : RUMP_ENOTDIR;
		if (e == 0 && !found) {
			na.mode = FFS_IFDIR | (last ? mode : midmode);
			e = ffs_core_create(fs, &cur, p, strlen(p), &na, NULL,
					    &nx);
		}
		*end = save;
		if (e == 0)
			cur = nx;
	}
	if (e)
		nbwarn(path, e);
	return e;
}

static int
cmd_mkdir(struct ffs_core *fs, int argc, char **argv, bool pflag,
	  uint32_t mode)
{
	struct ffs_newattr na = { .uid = geteuid(), .gid = getegid() };
	struct ffs_inode dp, ip;
	struct wpath wp;
	int i, e;

	na.mode = FFS_IFDIR | mode;
	for (i = 0; i < argc; i++) {
		if (pflag) {
			e = mkdir_p(fs, argv[i], mode,
				    (0777 & ~cur_umask()) | 0300);
		} else {
			e = splitpath(argv[i], &wp);
			if (e == RUMP_EINVAL)
				e = RUMP_EEXIST;
			if (e == 0)
				e = parentdir(fs, &wp, &dp);
			if (e == 0 && dotname(wp.name))
				e = RUMP_EEXIST;
			if (e == 0)
				e = ffs_core_create(fs, &dp, wp.name,
						    strlen(wp.name), &na, NULL,
						    &ip);
			if (e)
				nbwarn(argv[i], e);
		}
		if (fatal(e))
			break;
	}
	return status;
}

/* ---- rm ---------------------------------------------------------------------- */
/* The directories rm_tree is inside, innermost first. */
struct rm_anc {
	uint64_t ino;
	const struct rm_anc *up;
};

/*
 * Remove name (ip) from dp, a directory with everything in it.  A corrupt
 * entry naming the directory itself or an ancestor would make this
 * recurse forever (the core refuses only the self-reference by lookup,
 * not in readdir): the ancestors are kept and such an entry is refused
 * with EIO before descending (see the walkers of rumpffs.c).
 */
static int
rm_tree(struct ffs_core *fs, struct ffs_inode *dp, const char *name,
	struct ffs_inode *ip, const char *path, const struct rm_anc *up)
{
	const struct rm_anc me = { ip->ino, up }, *a;
	struct names nl = { 0 };
	struct ffs_inode cip;
	uint64_t cookie = 0;
	bool eof;
	size_t i;
	char *cp;
	int e;

	if (!isdir(ip)) {
		e = unlink_free(fs, dp, name, ip);
		if (e)
			nbwarn(path, e);
		return e;
	}
	for (a = up; a != NULL; a = a->up) {
		if (a->ino == ip->ino) {
			fprintf(stderr, "%s: %s: directory cycle: the entry "
				"names %s (inode %llu); not removed (corrupt "
				"file system, run fsck)\n", prog, path,
				a == up ? "its own directory" : "an ancestor",
				(unsigned long long)ip->ino);
			status = 1;
			return RUMP_EIO;
		}
	}
	e = ffs_core_readdir(fs, ip, &cookie, names_cb, &nl, &eof);
	if (e) {
		nbwarn(path, e);
		names_free(&nl);
		return e;
	}
	for (i = 0; i < nl.n; i++) {
		cp = join(path, nl.name[i]);
		e = ffs_core_iget(fs, nl.ino[i], &cip);
		if (e)
			nbwarn(cp, e);
		else
			e = rm_tree(fs, ip, nl.name[i], &cip, cp, &me);
		free(cp);
		if (fatal(e))
			break;
	}
	names_free(&nl);
	if (fatal(e))
		return e;
	e = ffs_core_rmdir(fs, dp, name, strlen(name), ip);
	if (e == 0)
		e = ffs_core_ifree(fs, ip);
	if (e)
		nbwarn(path, e);
	return e;
}

static int
cmd_rm(struct ffs_core *fs, int argc, char **argv, bool rflag, bool fflag)
{
	struct ffs_inode dp, ip;
	struct wpath wp;
	bool found;
	int i, e;

	for (i = 0; i < argc; i++) {
		e = splitpath(argv[i], &wp);
		if (e == 0 && dotname(wp.name)) {
			fprintf(stderr, "%s: \".\" and \"..\" may not be "
				"removed\n", prog);
			status = 1;
			continue;
		}
		if (e == RUMP_EINVAL) {
			fprintf(stderr, "%s: %s: the root directory may not "
				"be removed\n", prog, argv[i]);
			status = 1;
			continue;
		}
		if (e == 0)
			e = parentdir(fs, &wp, &dp);
		if (e == 0) {
			e = child(fs, &dp, wp.name, &ip, &found);
			if (e == 0 && !found)
				e = RUMP_ENOENT;
		}
		if (e == RUMP_ENOENT && fflag)
			continue;
		if (e == 0 && isdir(&ip) && !rflag)
			e = RUMP_EISDIR;
		if (e) {
			nbwarn(argv[i], e);
			continue;
		}
		e = rm_tree(fs, &dp, wp.name, &ip, argv[i], NULL);
		if (fatal(e))
			break;
	}
	return status;
}

/* ---- mv, ln -------------------------------------------------------------------- */
/*
 * Where a new name for something called srcname goes, given the
 * destination path: inside it if it is a directory (symlinks followed),
 * else at it.
 */
static int
dest(struct ffs_core *fs, const char *to, const char *srcname,
     struct ffs_inode *tdp, char *tname)
{
	struct wpath wp;
	int e;

	e = wresolve(fs, to, true, tdp);
	if (e == 0 && isdir(tdp)) {
		/* inside it, under the source's last component */
		if (*srcname == '\0' || dotname(srcname))
			return RUMP_EEXIST;
		if (strlen(srcname) > FFS_MAXNAMLEN)
			return RUMP_ENAMETOOLONG;
		strcpy(tname, srcname);
		return 0;
	}
	if (e && e != RUMP_ENOENT)
		return e;
	e = splitpath(to, &wp);
	if (e == RUMP_EINVAL)
		e = RUMP_EEXIST;
	if (e == 0 && dotname(wp.name))
		e = RUMP_EINVAL;
	if (e == 0)
		e = parentdir(fs, &wp, tdp);
	if (e == 0)
		strcpy(tname, wp.name);
	return e;
}

static int
cmd_mv(struct ffs_core *fs, const char *from, const char *to)
{
	struct ffs_inode fdp, fip, tdpbuf, tipbuf, *tdp, *tip;
	char tname[FFS_MAXNAMLEN + 1];
	struct wpath wp;
	bool found;
	int e;

	e = splitpath(from, &wp);
	if (e == 0 && dotname(wp.name))
		e = RUMP_EINVAL;
	if (e == 0)
		e = parentdir(fs, &wp, &fdp);
	if (e == 0) {
		e = child(fs, &fdp, wp.name, &fip, &found);
		if (e == 0 && !found)
			e = RUMP_ENOENT;
	}
	if (e) {
		nbwarn(from, e);
		return status;
	}
	e = dest(fs, to, wp.name, &tdpbuf, tname);
	if (e) {
		nbwarn(to, e);
		return status;
	}
	/* One structure per inode, so no stale copy is written back. */
	tdp = tdpbuf.ino == fdp.ino ? &fdp : &tdpbuf;
	tip = NULL;
	e = child(fs, tdp, tname, &tipbuf, &found);
	if (e == 0 && found) {
		tip = &tipbuf;
		if (tip->ino == fdp.ino)
			tip = &fdp;
	}
	if (e == 0 && tdp->ino == fip.ino)
		e = RUMP_EINVAL;	/* into itself */
	if (e == 0 && tip != NULL && tip->ino == fip.ino)
		return status;		/* the same file: nothing to do */
	if (e == 0)
		e = ffs_core_rename(fs, &fdp, wp.name, strlen(wp.name), &fip,
				    tdp, tname, strlen(tname), tip);
	if (e) {
		fprintf(stderr, "%s: rename %s to %s: %s\n", prog, from, to,
			rumpffs_strerror(e));
		status = 1;
		return status;
	}
	if (tip != NULL && tip != &fdp && tip->nlink == 0) {
		e = ffs_core_ifree(fs, tip);
		if (e)
			nbwarn(to, e);
	}
	return status;
}

static int
cmd_ln(struct ffs_core *fs, const char *target, const char *linkpath,
       bool sflag)
{
	struct ffs_newattr na = { .uid = geteuid(), .gid = getegid() };
	struct ffs_inode ip, tdp, nip;
	char tname[FFS_MAXNAMLEN + 1], hb[FFS_MAXPATHLEN];
	const char *base;
	int e;

	if (strlen(target) >= FFS_MAXPATHLEN) {
		nbwarn(target, RUMP_ENAMETOOLONG);
		return status;
	}
	if (!sflag) {
		e = wresolve(fs, target, false, &ip);
		if (e) {
			nbwarn(target, e);
			return status;
		}
	}
	base = hostbase(target, hb, sizeof(hb));
	e = dest(fs, linkpath, base, &tdp, tname);
	if (e == 0 && sflag) {
		na.mode = FFS_IFLNK | (0777 & ~cur_umask());
		e = ffs_core_create(fs, &tdp, tname, strlen(tname), &na, target,
				    &nip);
	} else if (e == 0) {
		if (tdp.ino == ip.ino)
			e = RUMP_EPERM;
		else
			e = ffs_core_link(fs, &tdp, tname, strlen(tname), &ip);
	}
	if (e)
		nbwarn(linkpath, e);
	return status;
}

/* ---- chmod, chown, touch ------------------------------------------------------ */
static int
cmd_attr(struct ffs_core *fs, int argc, char **argv, int what, uint32_t mode,
	 uint32_t uid, uint32_t gid, bool setgid_, bool cflag)
{
	struct ffs_newattr na = { .uid = geteuid(), .gid = getegid() };
	struct ffs_inode ip, dp;
	struct wpath wp;
	int64_t sec;
	uint32_t nsec;
	bool found;
	int i, e;

	for (i = 0; i < argc; i++) {
		now(&sec, &nsec);
		e = wresolve(fs, argv[i], true, &ip);
		if (e == RUMP_ENOENT && what == 't') {
			if (cflag)
				continue;
			/* touch: a new empty file */
			e = splitpath(argv[i], &wp);
			if (e == 0)
				e = parentdir(fs, &wp, &dp);
			if (e == 0) {
				e = child(fs, &dp, wp.name, &ip, &found);
				if (e == 0 && found)
					e = RUMP_ENOENT;  /* dangling symlink */
			}
			if (e == 0) {
				na.mode = FFS_IFREG | (0666 & ~cur_umask());
				e = ffs_core_create(fs, &dp, wp.name,
						    strlen(wp.name), &na, NULL,
						    &ip);
			}
			if (e)
				nbwarn(argv[i], e);
			if (fatal(e))
				break;
			continue;
		}
		if (e) {
			nbwarn(argv[i], e);
			continue;
		}
		switch (what) {
		case 'm':
			ip.mode = (ip.mode & FFS_IFMT) | mode;
			break;
		case 'o':
			ip.uid = uid;
			if (setgid_)
				ip.gid = gid;
			break;
		case 't':
			ip.atime = ip.mtime = sec;
			ip.atimensec = ip.mtimensec = nsec;
			break;
		}
		ip.ctime = sec;
		ip.ctimensec = nsec;
		e = ffs_core_iupdate(fs, &ip, 0);
		if (e)
			nbwarn(argv[i], e);
	}
	return status;
}

/* ---- the command table ------------------------------------------------------ */
static int
parse_octal(const char *s, uint32_t *mode)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 8);
	if (*s == '\0' || *end != '\0' || errno || v > 07777)
		return -1;
	*mode = (uint32_t)v;
	return 0;
}

static int
parse_id(const char *s, const char *end, uint32_t *id)
{
	char *e;
	unsigned long v;

	if (s == end)
		return -1;
	errno = 0;
	v = strtoul(s, &e, 10);
	if (e != end || errno || v > 0xffffffffUL || *s == '-')
		return -1;
	*id = (uint32_t)v;
	return 0;
}

int
rumpffs_cmd_write(int argc, char **argv)
{
	const char *cmd = argv[0];
	bool pflag = false, rflag = false, fflag = false, sflag = false;
	bool cflag = false, mflag = false, setgid_ = false;
	uint32_t mode = 0, uid = 0, gid = 0;
	int c, nargs, r;
	struct wimg w;
	char *colon;

	if (strcmp(cmd, "put") != 0 && strcmp(cmd, "mkdir") != 0 &&
	    strcmp(cmd, "rm") != 0 && strcmp(cmd, "mv") != 0 &&
	    strcmp(cmd, "ln") != 0 && strcmp(cmd, "chmod") != 0 &&
	    strcmp(cmd, "chown") != 0 && strcmp(cmd, "touch") != 0)
		return -1;
	mode = strcmp(cmd, "mkdir") == 0 ? 0777 & ~cur_umask() : 0;
	optind = 1;
	while ((c = getopt(argc, argv, "+pm:rRfsc")) != -1) {
		switch (c) {
		case 'p': pflag = true; break;
		case 'm':
			mflag = true;
			if (parse_octal(optarg, &mode) != 0) {
				fprintf(stderr, "%s: invalid mode '%s'\n",
					prog, optarg);
				return 2;
			}
			break;
		case 'r': case 'R': rflag = true; break;
		case 'f': fflag = true; break;
		case 's': sflag = true; break;
		case 'c': cflag = true; break;
		default: return 2;
		}
	}
	/* which options each command takes */
	if (((pflag || mflag) && strcmp(cmd, "mkdir") != 0) ||
	    ((rflag || fflag) && strcmp(cmd, "rm") != 0) ||
	    (sflag && strcmp(cmd, "ln") != 0) ||
	    (cflag && strcmp(cmd, "touch") != 0))
		return 2;
	argc -= optind;
	argv += optind;
	nargs = argc - 1;		/* after IMAGE */
	if (argc < 1)
		return 2;
	if ((strcmp(cmd, "put") == 0 && nargs < 2) ||
	    (strcmp(cmd, "mv") == 0 && nargs != 2) ||
	    (strcmp(cmd, "ln") == 0 && nargs != 2) ||
	    ((strcmp(cmd, "chmod") == 0 || strcmp(cmd, "chown") == 0) &&
	     nargs < 2) || nargs < 1)
		return 2;
	if (strcmp(cmd, "chmod") == 0 && parse_octal(argv[1], &mode) != 0) {
		fprintf(stderr, "%s: invalid file mode: %s (octal only)\n",
			prog, argv[1]);
		return 2;
	}
	if (strcmp(cmd, "chown") == 0) {
		colon = strchr(argv[1], ':');
		if (colon != NULL && colon == argv[1]) {
			/* ":GID": the group only -- keep each owner */
			fprintf(stderr, "%s: chown: give UID[:GID]\n", prog);
			return 2;
		}
		if (parse_id(argv[1], colon ? colon : argv[1] +
			     strlen(argv[1]), &uid) != 0 ||
		    (colon && parse_id(colon + 1, colon + 1 + strlen(colon + 1),
				       &gid) != 0)) {
			fprintf(stderr, "%s: chown: numeric UID[:GID] "
				"expected: %s\n", prog, argv[1]);
			return 2;
		}
		setgid_ = colon != NULL;
	}

	if (getenv("RUMPFFS_CRASH_AFTER") != NULL)
		crash_after = strtoul(getenv("RUMPFFS_CRASH_AFTER"), NULL, 0);
	if (rump_init() != 0) {
		fprintf(stderr, "%s: cannot boot the rump kernel\n", prog);
		return 1;
	}
	rump_schedule();
	if (wimg_open(&w, argv[0]) != 0) {
		rump_unschedule();
		return 1;
	}
	if (strcmp(cmd, "put") == 0)
		r = cmd_put(w.fs, argc, argv);
	else if (strcmp(cmd, "mkdir") == 0)
		r = cmd_mkdir(w.fs, nargs, argv + 1, pflag, mode);
	else if (strcmp(cmd, "rm") == 0)
		r = cmd_rm(w.fs, nargs, argv + 1, rflag, fflag);
	else if (strcmp(cmd, "mv") == 0)
		r = cmd_mv(w.fs, argv[1], argv[2]);
	else if (strcmp(cmd, "ln") == 0)
		r = cmd_ln(w.fs, argv[1], argv[2], sflag);
	else if (strcmp(cmd, "chmod") == 0)
		r = cmd_attr(w.fs, nargs - 1, argv + 2, 'm', mode, 0, 0,
			     false, false);
	else if (strcmp(cmd, "chown") == 0)
		r = cmd_attr(w.fs, nargs - 1, argv + 2, 'o', 0, uid, gid,
			     setgid_, false);
	else
		r = cmd_attr(w.fs, nargs, argv + 1, 't', 0, 0, 0, false,
			     cflag);
	(void)r;
	wimg_close(&w);
	rump_unschedule();
	return status;
}
