// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpffs - read and write NetBSD/FreeBSD FFS images (UFS1/UFS2, either
 * byte order) from a process, with the rump kernel's FFS core (sys/fs/ffs).
 *
 *   rumpffs ls [-a] [-l] [-R] IMAGE [PATH]
 *   rumpffs cat IMAGE PATH...
 *   rumpffs get IMAGE PATH [DEST]
 *   rumpffs stat IMAGE PATH...
 *   rumpffs df IMAGE
 *   rumpffs info IMAGE
 *   rumpffs fsck [-n] IMAGE    (fsck.c: read-only check)
 *   rumpffs newfs [options] -s SIZE IMAGE   (newfs.c)
 *
 * and the write commands (write.c; they boot a rump kernel, mount
 * read-write and unmount cleanly):
 *
 *   rumpffs put IMAGE SRC... PATH       host files/trees in, like cp -a
 *   rumpffs mkdir [-p] [-m MODE] IMAGE PATH...
 *   rumpffs rm [-r] [-f] IMAGE PATH...
 *   rumpffs mv IMAGE FROM TO
 *   rumpffs ln [-s] IMAGE TARGET LINKPATH
 *   rumpffs chmod IMAGE MODE PATH...    (octal)
 *   rumpffs chown IMAGE UID[:GID] PATH...
 *   rumpffs touch [-c] IMAGE PATH...
 *
 * Paths inside the image are resolved with the core's lookup, following
 * symlinks in the middle of a path (ls/stat do not follow the last
 * component, cat/get do).  Errors are reported NetBSD-style on stderr
 * ("rumpffs: PATH: No such file or directory") and make the exit status
 * non-zero.  The core returns NetBSD errno values; strings come from the
 * table in write.c, not from the host's strerror (numbers differ).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <rump/rumpdefs.h>

#include "ffs_core.h"
#include "fsck.h"
#include "newfs.h"
#include "write.h"

static const char *prog = "rumpffs";
static int status;

static const char *
nberror(int e)
{
	return rumpffs_strerror(e);
}

static void
warnx_nb(const char *what, int e)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, nberror(e));
	status = 1;
}

/* ---- the device: an image file read with pread --------------------------- */
static int
img_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	int fd = *(int *)ctx;
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

static int imgfd = -1;

static struct ffs_core *
open_image(const char *path)
{
	struct ffs_dev dev;
	struct ffs_core *fs;
	struct stat st;
	char why[256];
	int e;

	imgfd = open(path, O_RDONLY);
	if (imgfd < 0 || fstat(imgfd, &st) < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		if (imgfd >= 0)
			close(imgfd);
		imgfd = -1;
		status = 1;
		return NULL;
	}
	dev.read = img_read;
	dev.ctx = &imgfd;
	dev.size = (uint64_t)st.st_size;
	if (S_ISBLK(st.st_mode)) {
		off_t end = lseek(imgfd, 0, SEEK_END);

		dev.size = end > 0 ? (uint64_t)end : 0;
	}
	e = ffs_core_mount(&dev, 0, &fs, why, sizeof(why));
	if (e) {
		fprintf(stderr, "%s: %s: %s (%s)\n", prog, path, nberror(e),
			why);
		close(imgfd);
		imgfd = -1;
		status = 1;
		return NULL;
	}
	return fs;
}

static void
close_image(struct ffs_core *fs)
{
	ffs_core_unmount(fs);
	close(imgfd);
	imgfd = -1;
}

static int
resolve(struct ffs_core *fs, const char *path, int follow,
	struct ffs_inode *ip)
{
	uint64_t ino;
	int e;

	e = ffs_core_namei(fs, FFS_ROOTINO, path, follow ? FFS_FOLLOW : 0, &ino);
	if (e == 0)
		e = ffs_core_iget(fs, ino, ip);
	if (e)
		warnx_nb(path, e);
	return e;
}

/* ---- ls ------------------------------------------------------------------ */
struct ent {
	uint64_t ino;
	char *name;
};

struct entlist {
	struct ent *v;
	size_t n, cap;
	int all;
};

static int
collect(void *arg, const struct ffs_dirent *de)
{
	struct entlist *el = arg;

	if (!el->all && de->name[0] == '.')
		return 0;
	if (el->n == el->cap) {
		el->cap = el->cap ? 2 * el->cap : 64;
		el->v = realloc(el->v, el->cap * sizeof(*el->v));
		if (el->v == NULL) {
			perror(prog);
			exit(1);
		}
	}
	el->v[el->n].ino = de->ino;
	el->v[el->n].name = strdup(de->name);
	el->n++;
	return 0;
}

static int
entcmp(const void *a, const void *b)
{
	return strcmp(((const struct ent *)a)->name,
		      ((const struct ent *)b)->name);
}

static void
modestr(uint32_t mode, char *s)
{
	static const char types[] = "?pc?d?b?-?l?s?w?";
	const char *rwx = "rwxrwxrwx";
	int i;

	s[0] = types[(mode >> 12) & 15];
	for (i = 0; i < 9; i++)
		s[1 + i] = (mode & (0400 >> i)) ? rwx[i] : '-';
	if (mode & 04000)
		s[3] = (mode & 0100) ? 's' : 'S';
	if (mode & 02000)
		s[6] = (mode & 0010) ? 's' : 'S';
	if (mode & 01000)
		s[9] = (mode & 0001) ? 't' : 'T';
	s[10] = '\0';
}

/* NetBSD's dev_t encoding (12-bit major, 20-bit minor, split). */
static unsigned
nb_major(uint64_t d)
{
	return (unsigned)((d & 0x000fff00) >> 8);
}

static unsigned
nb_minor(uint64_t d)
{
	return (unsigned)((d & 0x000000ff) | ((d & 0xfff00000) >> 12));
}

static void
longline(struct ffs_core *fs, const struct ffs_inode *ip, const char *name)
{
	char m[12], tbuf[32], target[FFS_MAXPATHLEN + 1];
	time_t t = (time_t)ip->mtime;
	struct tm tm;
	size_t len;

	modestr(ip->mode, m);
	gmtime_r(&t, &tm);
	strftime(tbuf, sizeof(tbuf), "%b %e %H:%M %Y", &tm);
	printf("%s %3u %-6u %-6u ", m, ip->nlink, ip->uid, ip->gid);
	if ((ip->mode & FFS_IFMT) == FFS_IFCHR ||
	    (ip->mode & FFS_IFMT) == FFS_IFBLK)
		printf("%4u, %4u", nb_major(ip->rdev), nb_minor(ip->rdev));
	else
		printf("%10llu", (unsigned long long)ip->size);
	printf(" %s %s", tbuf, name);
	if ((ip->mode & FFS_IFMT) == FFS_IFLNK &&
	    ffs_core_readlink(fs, ip, target, FFS_MAXPATHLEN, &len) == 0) {
		target[len] = '\0';
		printf(" -> %s", target);
	}
	printf("\n");
}

/*
 * The recursive walkers (ls -R, get) on an untrusted image.  In a sound
 * FFS every directory has exactly one parent, so a walk from the root
 * reaches each directory once.  A corrupt entry can name the directory
 * itself or an ancestor (a cycle: the walk would never end, and get would
 * create nested copies until the host's disk is full) or another
 * directory already reached (a second parent).  The core refuses a
 * lookup of an entry naming its own directory, but readdir reports what
 * is stored, and an ancestor cannot be recognised from inside one
 * directory (ffs_dir.c says why): so the walkers keep the inode numbers
 * of the directories they entered and do not descend into one twice.
 * Either case is reported as corruption and makes the exit status 1.
 */
struct dirseen {
	uint64_t *v;		/* open addressing, 0 = empty (never an ino) */
	size_t n, cap;
};

static struct dirseen seen;

static void
seen_grow(void)
{
	struct dirseen nw = { .cap = seen.cap ? 2 * seen.cap : 1024 };
	size_t i, h;

	nw.v = calloc(nw.cap, sizeof(*nw.v));
	if (nw.v == NULL) {
		perror(prog);
		exit(1);
	}
	for (i = 0; i < seen.cap; i++) {
		if (seen.v[i] == 0)
			continue;
		for (h = seen.v[i] * 0x9e3779b97f4a7c15ull % nw.cap; nw.v[h];
		     h = (h + 1) % nw.cap)
			;
		nw.v[h] = seen.v[i];
		nw.n++;
	}
	free(seen.v);
	seen = nw;
}

/* Record directory ino as entered; false if it was entered before. */
static bool
seen_enter(uint64_t ino)
{
	size_t h;

	if (2 * (seen.n + 1) > seen.cap)
		seen_grow();
	for (h = ino * 0x9e3779b97f4a7c15ull % seen.cap; seen.v[h];
	     h = (h + 1) % seen.cap)
		if (seen.v[h] == ino)
			return false;
	seen.v[h] = ino;
	seen.n++;
	return true;
}

/* The directories being walked, innermost first. */
struct anc {
	uint64_t ino;
	const struct anc *up;
};

/*
 * May the walk descend into directory ino (named path)?  Reports the
 * corruption when not.
 */
static bool
may_descend(const struct anc *up, uint64_t ino, const char *path)
{
	const struct anc *a;

	for (a = up; a != NULL; a = a->up) {
		if (a->ino == ino) {
			fprintf(stderr, "%s: %s: directory cycle: the entry "
				"names %s (inode %llu); not descended "
				"(corrupt file system, run fsck)\n", prog,
				path, a == up ? "its own directory" :
				"an ancestor", (unsigned long long)ino);
			status = 1;
			return false;
		}
	}
	if (!seen_enter(ino)) {
		fprintf(stderr, "%s: %s: directory inode %llu reached a second "
			"time (a directory has one parent); not descended "
			"(corrupt file system, run fsck)\n", prog, path,
			(unsigned long long)ino);
		status = 1;
		return false;
	}
	return true;
}

static int lflag, Rflag, aflag;

static void
ls_dir(struct ffs_core *fs, const struct ffs_inode *dp, const char *path,
       int header, const struct anc *up)
{
	const struct anc me = { dp->ino, up };
	struct entlist el = { .all = aflag };
	struct ffs_inode ip;
	uint64_t cookie = 0;
	bool eof;
	size_t i;
	int e;

	e = ffs_core_readdir(fs, dp, &cookie, collect, &el, &eof);
	if (e)
		warnx_nb(path, e);
	if (el.n > 1)
		qsort(el.v, el.n, sizeof(*el.v), entcmp);
	if (header)
		printf("%s:\n", path);
	for (i = 0; i < el.n; i++) {
		if (!lflag) {
			printf("%s\n", el.v[i].name);
			continue;
		}
		e = ffs_core_iget(fs, el.v[i].ino, &ip);
		if (e) {
			char *p;

			if (asprintf(&p, "%s/%s", path, el.v[i].name) >= 0) {
				warnx_nb(p, e);
				free(p);
			}
			continue;
		}
		longline(fs, &ip, el.v[i].name);
	}
	for (i = 0; Rflag && i < el.n; i++) {
		char *p;

		if (strcmp(el.v[i].name, ".") == 0 ||
		    strcmp(el.v[i].name, "..") == 0)
			continue;
		if (ffs_core_iget(fs, el.v[i].ino, &ip) != 0 ||
		    (ip.mode & FFS_IFMT) != FFS_IFDIR)
			continue;
		if (asprintf(&p, "%s%s%s", path,
			     path[strlen(path) - 1] == '/' ? "" : "/",
			     el.v[i].name) < 0)
			continue;
		if (!may_descend(&me, ip.ino, p)) {
			free(p);
			continue;
		}
		printf("\n");
		ls_dir(fs, &ip, p, 1, &me);
		free(p);
	}
	for (i = 0; i < el.n; i++)
		free(el.v[i].name);
	free(el.v);
}

static int
cmd_ls(int argc, char **argv)
{
	struct ffs_core *fs;
	struct ffs_inode ip;
	const char *path;
	int c;

	optind = 1;
	while ((c = getopt(argc, argv, "alR")) != -1) {
		switch (c) {
		case 'a': aflag = 1; break;
		case 'l': lflag = 1; break;
		case 'R': Rflag = 1; break;
		default: return 2;
		}
	}
	if (argc - optind < 1 || argc - optind > 2)
		return 2;
	fs = open_image(argv[optind]);
	if (fs == NULL)
		return 1;
	path = argc - optind == 2 ? argv[optind + 1] : "/";
	/*
	 * Like NetBSD's ls: a symlink named on the command line is followed
	 * (to list the directory it names) unless -l is given.
	 */
	if (resolve(fs, path, !lflag, &ip) == 0) {
		if ((ip.mode & FFS_IFMT) == FFS_IFDIR) {
			(void)seen_enter(ip.ino);
			ls_dir(fs, &ip, path, Rflag, NULL);
		}
		else if (resolve(fs, path, 0, &ip) == 0) {
			if (lflag)
				longline(fs, &ip, path);
			else
				printf("%s\n", path);
		}
	}
	close_image(fs);
	return status;
}

/* ---- cat / get ---------------------------------------------------------- */
#define CHUNK (1 << 20)

/* Copy file data to fd; with sparse, skip holes (seek instead of write). */
static int
copyout_data(struct ffs_core *fs, const struct ffs_inode *ip, int fd,
	     const char *path, int sparse)
{
	static char buf[CHUNK];
	uint64_t off = 0, data;
	size_t done, want;
	int e;

	while (off < ip->size) {
		if (sparse) {
			e = ffs_core_seekdata(fs, ip, off, &data);
			if (e) {
				warnx_nb(path, e);
				return -1;
			}
			if (data >= ip->size)
				break;
			off = data;
		}
		want = ip->size - off < CHUNK ? (size_t)(ip->size - off) : CHUNK;
		e = ffs_core_read(fs, ip, off, buf, want, &done);
		if (e || done != want) {
			warnx_nb(path, e ? e : RUMP_EIO);
			return -1;
		}
		if ((sparse ? pwrite(fd, buf, done, (off_t)off)
			    : write(fd, buf, done)) != (ssize_t)done) {
			fprintf(stderr, "%s: write: %s\n", prog, strerror(errno));
			status = 1;
			return -1;
		}
		off += done;
	}
	if (sparse && ftruncate(fd, (off_t)ip->size) != 0) {
		fprintf(stderr, "%s: ftruncate: %s\n", prog, strerror(errno));
		status = 1;
		return -1;
	}
	return 0;
}

static int
cmd_cat(int argc, char **argv)
{
	struct ffs_core *fs;
	struct ffs_inode ip;
	int i;

	if (argc < 3)
		return 2;
	fs = open_image(argv[1]);
	if (fs == NULL)
		return 1;
	for (i = 2; i < argc; i++) {
		if (resolve(fs, argv[i], 1, &ip) != 0)
			continue;
		if ((ip.mode & FFS_IFMT) == FFS_IFDIR) {
			warnx_nb(argv[i], RUMP_EISDIR);
			continue;
		}
		if ((ip.mode & FFS_IFMT) != FFS_IFREG)
			continue;
		copyout_data(fs, &ip, 1, argv[i], 0);
	}
	close_image(fs);
	return status;
}

static void
set_attrs(const struct ffs_inode *ip, const char *dest, int islink)
{
	struct timespec ts[2];

	ts[0].tv_sec = ip->atime;
	ts[0].tv_nsec = ip->atimensec;
	ts[1].tv_sec = ip->mtime;
	ts[1].tv_nsec = ip->mtimensec;
	if (geteuid() == 0 &&
	    lchown(dest, ip->uid, ip->gid) != 0)
		fprintf(stderr, "%s: %s: chown: %s\n", prog, dest,
			strerror(errno));
	if (!islink && chmod(dest, ip->mode & 07777) != 0)
		fprintf(stderr, "%s: %s: chmod: %s\n", prog, dest,
			strerror(errno));
	utimensat(AT_FDCWD, dest, ts, AT_SYMLINK_NOFOLLOW);
}

static void get_one(struct ffs_core *fs, const struct ffs_inode *ip,
		    const char *src, const char *dest, const struct anc *up);

static int
get_dirent_cb(void *arg, const struct ffs_dirent *de)
{
	return collect(arg, de);
}

static void
get_one(struct ffs_core *fs, const struct ffs_inode *ip, const char *src,
	const char *dest, const struct anc *up)
{
	const struct anc me = { ip->ino, up };
	char target[FFS_MAXPATHLEN + 1];
	size_t len, i;
	int fd, e;

	switch (ip->mode & FFS_IFMT) {
	case FFS_IFREG:
		fd = open(dest, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0) {
			fprintf(stderr, "%s: %s: %s\n", prog, dest, strerror(errno));
			status = 1;
			return;
		}
		copyout_data(fs, ip, fd, src, 1);
		close(fd);
		break;
	case FFS_IFDIR: {
		struct entlist el = { .all = 1 };
		uint64_t cookie = 0;
		bool eof;

		if (mkdir(dest, 0700) != 0 && errno != EEXIST) {
			fprintf(stderr, "%s: %s: %s\n", prog, dest, strerror(errno));
			status = 1;
			return;
		}
		e = ffs_core_readdir(fs, ip, &cookie, get_dirent_cb, &el, &eof);
		if (e)
			warnx_nb(src, e);
		for (i = 0; i < el.n; i++) {
			struct ffs_inode cip;
			char *s, *d;

			if (strcmp(el.v[i].name, ".") != 0 &&
			    strcmp(el.v[i].name, "..") != 0 &&
			    asprintf(&s, "%s%s%s", src,
				     src[strlen(src) - 1] == '/' ? "" : "/",
				     el.v[i].name) >= 0) {
				if (asprintf(&d, "%s/%s", dest, el.v[i].name) >= 0) {
					e = ffs_core_iget(fs, el.v[i].ino, &cip);
					if (e)
						warnx_nb(s, e);
					else if ((cip.mode & FFS_IFMT) !=
						 FFS_IFDIR ||
						 may_descend(&me, cip.ino, s))
						get_one(fs, &cip, s, d, &me);
					free(d);
				}
				free(s);
			}
			free(el.v[i].name);
		}
		free(el.v);
		break;
	}
	case FFS_IFLNK:
		e = ffs_core_readlink(fs, ip, target, FFS_MAXPATHLEN, &len);
		if (e) {
			warnx_nb(src, e);
			return;
		}
		target[len] = '\0';
		unlink(dest);
		if (symlink(target, dest) != 0) {
			fprintf(stderr, "%s: %s: %s\n", prog, dest, strerror(errno));
			status = 1;
			return;
		}
		set_attrs(ip, dest, 1);
		return;
	case FFS_IFIFO:
		if (mkfifo(dest, 0600) != 0 && errno != EEXIST) {
			fprintf(stderr, "%s: %s: %s\n", prog, dest, strerror(errno));
			status = 1;
			return;
		}
		break;
	case FFS_IFCHR:
	case FFS_IFBLK:
		if (mknod(dest, ((ip->mode & FFS_IFMT) == FFS_IFCHR ? S_IFCHR :
				  S_IFBLK) | 0600,
			  makedev(nb_major(ip->rdev), nb_minor(ip->rdev))) != 0) {
			fprintf(stderr, "%s: %s: %s (skipped)\n", prog, dest,
				strerror(errno));
			return;
		}
		break;
	default:
		fprintf(stderr, "%s: %s: unsupported file type (skipped)\n",
			prog, src);
		return;
	}
	set_attrs(ip, dest, 0);
}

static int
cmd_get(int argc, char **argv)
{
	struct ffs_core *fs;
	struct ffs_inode ip;
	const char *dest, *slash;

	if (argc < 3 || argc > 4)
		return 2;
	fs = open_image(argv[1]);
	if (fs == NULL)
		return 1;
	if (resolve(fs, argv[2], 1, &ip) == 0) {
		if (argc == 4)
			dest = argv[3];
		else {
			slash = strrchr(argv[2], '/');
			dest = slash && slash[1] ? slash + 1 : argv[2];
			if (strcmp(dest, "/") == 0)
				dest = ".";
		}
		if ((ip.mode & FFS_IFMT) == FFS_IFDIR)
			(void)seen_enter(ip.ino);
		get_one(fs, &ip, argv[2], dest, NULL);
	}
	close_image(fs);
	return status;
}

/* ---- stat / df / info -------------------------------------------------- */
static void
ptime(const char *what, int64_t s, uint32_t ns)
{
	time_t t = (time_t)s;
	struct tm tm;
	char buf[64];

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	printf("%-7s %s.%09u UTC (%lld)\n", what, buf, ns, (long long)s);
}

static int
cmd_stat(int argc, char **argv)
{
	struct ffs_core *fs;
	struct ffs_inode ip;
	char m[12];
	int i;

	if (argc < 3)
		return 2;
	fs = open_image(argv[1]);
	if (fs == NULL)
		return 1;
	for (i = 2; i < argc; i++) {
		if (resolve(fs, argv[i], 0, &ip) != 0)
			continue;
		modestr(ip.mode, m);
		printf("  File: %s\n", argv[i]);
		printf("  Size: %llu  Blocks: %llu  Inode: %llu  Links: %u\n",
		       (unsigned long long)ip.size,
		       (unsigned long long)ip.blocks,
		       (unsigned long long)ip.ino, ip.nlink);
		printf("  Mode: 0%06o (%s)  Uid: %u  Gid: %u  Flags: 0x%x  "
		       "Gen: %u\n", ip.mode, m, ip.uid, ip.gid, ip.flags,
		       ip.gen);
		if ((ip.mode & FFS_IFMT) == FFS_IFCHR ||
		    (ip.mode & FFS_IFMT) == FFS_IFBLK)
			printf("  Device: %u, %u (0x%llx)\n", nb_major(ip.rdev),
			       nb_minor(ip.rdev), (unsigned long long)ip.rdev);
		ptime("Access:", ip.atime, ip.atimensec);
		ptime("Modify:", ip.mtime, ip.mtimensec);
		ptime("Change:", ip.ctime, ip.ctimensec);
		if (ip.birthtime || ip.birthnsec)
			ptime("Birth:", ip.birthtime, ip.birthnsec);
	}
	close_image(fs);
	return status;
}

static int
cmd_df(int argc, char **argv)
{
	struct ffs_core *fs;
	struct ffs_statvfs sv;
	uint64_t k, used, avail;

	if (argc != 2)
		return 2;
	fs = open_image(argv[1]);
	if (fs == NULL)
		return 1;
	ffs_core_statvfs(fs, &sv);
	k = sv.frsize / 1024 ? sv.frsize / 1024 : 1;
	used = sv.blocks - sv.bfree;
	avail = sv.bavail;
	/* NetBSD df: 1K blocks, capacity of the non-reserved space */
	printf("%-20s %10s %10s %10s %4s %8s %8s\n", "Filesystem",
	       "1K-blocks", "Used", "Avail", "%Cap", "iUsed", "iAvail");
	printf("%-20s %10llu %10llu %10llu %3llu%% %8llu %8llu\n", argv[1],
	       (unsigned long long)(sv.frsize >= 1024 ? sv.blocks * k :
				    sv.blocks / (1024 / sv.frsize)),
	       (unsigned long long)(sv.frsize >= 1024 ? used * k :
				    used / (1024 / sv.frsize)),
	       (unsigned long long)(sv.frsize >= 1024 ? avail * k :
				    avail / (1024 / sv.frsize)),
	       (unsigned long long)(used + avail ? (used * 100 + used + avail - 1) /
				    (used + avail) : 0),
	       (unsigned long long)(sv.files - sv.ffree),
	       (unsigned long long)sv.ffree);
	close_image(fs);
	return 0;
}

static int
cmd_info(int argc, char **argv)
{
	struct ffs_core *fs;
	struct ffs_info fi;

	if (argc != 2)
		return 2;
	fs = open_image(argv[1]);
	if (fs == NULL)
		return 1;
	ffs_core_info(fs, &fi);
	printf("format      UFS%d%s, %s-endian%s%s\n", fi.ufs,
	       fi.ea ? " (UFS2EA)" : "", fi.bigendian ? "big" : "little",
	       fi.swapped ? " (byte-swapped)" : "",
	       fi.oldlayout ? ", old UFS1 layout" : "");
	printf("superblock  at %llu\n", (unsigned long long)fi.sblockloc);
	printf("bsize %u fsize %u frag %u ncg %u ipg %u fpg %u\n", fi.bsize,
	       fi.fsize, fi.frag, fi.ncg, fi.ipg, fi.fpg);
	printf("size %llu dsize %llu (fragments)\n",
	       (unsigned long long)fi.size, (unsigned long long)fi.dsize);
	printf("flags 0x%x clean %u wapbl %s\n", fi.flags, fi.clean,
	       fi.wapbl == FFS_WAPBL_NONE ? "none" :
	       fi.wapbl == FFS_WAPBL_EMPTY ? "empty log" : "DIRTY log");
	printf("volname \"%s\" id %08x:%08x\n", fi.volname, fi.id[0], fi.id[1]);
	printf("read-write  %s\n", fi.rw_refusal ? fi.rw_refusal : "possible");
	close_image(fs);
	return 0;
}

/*
 * The read-side commands (ls, cat, get, stat, df, info) on argv[0..argc),
 * as main runs them, with the tool's state reset: also the entry point of
 * the fuzz target tests/ffs/fuzz_ffs_tool.c, which runs them in-process
 * (so nothing on this path may exit()).  Returns the exit status, or -1
 * when argv[0] is no such command.
 */
int
rumpffs_tool_read(int argc, char **argv)
{
	int r;

	status = 0;
	lflag = Rflag = aflag = 0;
	free(seen.v);
	memset(&seen, 0, sizeof(seen));
	if (strcmp(argv[0], "ls") == 0)
		r = cmd_ls(argc, argv);
	else if (strcmp(argv[0], "cat") == 0)
		r = cmd_cat(argc, argv);
	else if (strcmp(argv[0], "get") == 0)
		r = cmd_get(argc, argv);
	else if (strcmp(argv[0], "stat") == 0)
		r = cmd_stat(argc, argv);
	else if (strcmp(argv[0], "df") == 0)
		r = cmd_df(argc, argv);
	else if (strcmp(argv[0], "info") == 0)
		r = cmd_info(argc, argv);
	else
		return -1;
	free(seen.v);
	memset(&seen, 0, sizeof(seen));
	return r;
}
