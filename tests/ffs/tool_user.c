// SPDX-License-Identifier: BSD-2-Clause
/*
 * tool_user.c - the `tool` family of tests/ffs: the write commands of the
 * real binary build/user/rumpffs (put, mkdir, rm, mv, ln, chmod, chown,
 * touch), run as a user would, on images in a temporary directory:
 *
 *  - put_*: `rumpffs newfs` images (UFS1 LE, UFS2 BE) get a generated
 *    host tree (nested directories; files of 0, 1, 1000, 2048 bytes,
 *    several blocks, past the 12 direct blocks, a 50 MiB sparse file and
 *    a hole-only one; fast (59-byte) and slow (200-byte) symlinks; a hard
 *    link across directories; a fifo; devices and owners when root; a
 *    255-byte name; set-id bits; times with nanoseconds, one before 1970)
 *    with `put`, then `rumpffs fsck` must call the image clean and
 *    `rumpffs stat/cat/ls` must show the tree as it was: types, modes,
 *    owners, sizes, link counts and inode identity of hard links, mtimes
 *    and atimes with ns, every byte, symlink targets, directory listings;
 *    the sparse file stays sparse (its blocks, not its size);
 *  - makefs_*: copies of tests/ffs/mkrwimages.sh images take a sequence of
 *    put, mkdir -p, mv (rename, into a directory, across directories),
 *    ln, ln -s, chmod, chown, touch, rm, rm -r of a deep tree, with
 *    `rumpffs fsck` clean after every command; the final state is checked
 *    and the free count is back where it was (no leak);
 *  - errors: ENOSPC in put (message, exit status, the partial file removed,
 *    the image clean and its free count unchanged), rm of a non-empty
 *    directory without -r, mv of a directory into itself, missing paths,
 *    existing names, bad arguments, and the FreeBSD image (fs_flags 0x200)
 *    refused for writing with the reason, its bytes unchanged;
 *  - sleuthkit: `fls -r -p` and `icat` (an independent reader) list the
 *    same files and return the same bytes on the put_* images (a missing
 *    sleuthkit fails: scripts/setup installs it).
 *
 * TF_RUMPFFS=path runs another build of the tool (an ASan one, say).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ktap.h"
#include "tf.h"

/* TF_RUMPFFS names another binary (an ASan build, say). */
#define RUMPFFS	rumpffs_bin()
#define RWDIR	FFS_TOP "/build/ffs-images/rw"

static char base[64];		/* the family's temporary directory */

static const char *
rumpffs_bin(void)
{
	const char *p = getenv("TF_RUMPFFS");

	return p != NULL && *p != '\0' ? p : FFS_TOP "/build/user/rumpffs";
}

/* ---- running commands ----------------------------------------------------- */
/*
 * Run a shell command (stderr joined to stdout); *out (if not NULL) gets
 * the output (malloc'd, NUL-terminated).  Returns the exit status, or -1.
 */
static int __attribute__((__format__(__printf__, 2, 3)))
sh(char **out, const char *fmt, ...)
{
	char *cmd, *buf = NULL;
	size_t n = 0, cap = 0, r;
	va_list ap;
	FILE *f;
	int st;

	va_start(ap, fmt);
	if (vasprintf(&buf, fmt, ap) < 0)
		buf = NULL;
	va_end(ap);
	if (out != NULL)
		*out = NULL;
	if (buf == NULL || asprintf(&cmd, "( %s ) 2>&1", buf) < 0) {
		free(buf);
		return -1;
	}
	free(buf);
	buf = NULL;
	f = popen(cmd, "r");
	free(cmd);
	if (f == NULL)
		return -1;
	for (;;) {
		if (cap - n < 4096) {
			cap = cap ? 2 * cap : 8192;
			buf = realloc(buf, cap);
			if (buf == NULL)
				break;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		if (r == 0)
			break;
		n += r;
	}
	if (buf != NULL)
		buf[n] = '\0';
	st = pclose(f);
	if (out != NULL)
		*out = buf;
	else
		free(buf);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A command that must succeed silently. */
#define OK(...)								\
	do {								\
		char *o_;						\
		int r_ = sh(&o_, __VA_ARGS__);				\
		KT_EXPECT_MSG(r_ == 0 && o_ != NULL && o_[0] == '\0',	\
			      "exit %d: %.1500s", r_, o_ ? o_ : "");	\
		free(o_);						\
	} while (0)

/* A command that must fail (exit 1) saying want. */
#define FAILS(want, ...)						\
	do {								\
		char *o_;						\
		int r_ = sh(&o_, __VA_ARGS__);				\
		KT_EXPECT_MSG(r_ != 0 && r_ != -1 && o_ != NULL &&	\
			      strstr(o_, want) != NULL,			\
			      "expected failure with \"%s\": exit %d: %.1500s", \
			      want, r_, o_ ? o_ : "");			\
		free(o_);						\
	} while (0)

struct fsckres {
	int exit;
	unsigned long long files, used, free;
};

/* rumpffs fsck IMG: must exit 0 ("no problems"). */
static struct fsckres
fsck_clean(const char *img, const char *after)
{
	struct fsckres fr = { .exit = -1 };
	char *o, *p;

	fr.exit = sh(&o, "%s fsck %s", RUMPFFS, img);
	KT_EXPECT_MSG(fr.exit == 0 && o && strstr(o, "no problems"),
		      "fsck after %s: exit %d\n%.3000s", after, fr.exit,
		      o ? o : "");
	if (o != NULL && (p = strstr(o, ": ")) != NULL)
		sscanf(p + 2 + strcspn(p + 2, "0123456789"),
		       "%llu files, %llu used, %llu free", &fr.files, &fr.used,
		       &fr.free);
	free(o);
	return fr;
}

static bool
have_rumpffs(void)
{
	if (access(RUMPFFS, X_OK) == 0)
		return true;
	kt_fail(__FILE__, __LINE__, "%s missing (make builds it)", RUMPFFS);
	return false;
}

static void
setup_base(void)
{
	if (base[0] != '\0')
		return;
	strcpy(base, "/tmp/test-ffs-tool.XXXXXX");
	if (mkdtemp(base) == NULL) {
		base[0] = '\0';
		kt_fail(__FILE__, __LINE__, "mkdtemp: %s", strerror(errno));
	}
}

/* ---- the host tree ----------------------------------------------------------- */
static bool am_root;

static void
wfile(const char *rel, uint64_t size, unsigned seed)
{
	char path[512], *buf;
	uint64_t i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/src/%s", base, rel);
	f = fopen(path, "wb");
	if (f == NULL) {
		kt_fail(__FILE__, __LINE__, "%s: %s", path, strerror(errno));
		return;
	}
	buf = malloc(size ? size : 1);
	for (i = 0; buf && i < size; i++)
		buf[i] = (char)((i * 131 + seed + (i >> 13)) & 0xff);
	if (buf && size)
		KT_EXPECT(fwrite(buf, 1, size, f) == size);
	free(buf);
	fclose(f);
}

/* A sparse file: data only at the given offsets (len bytes each). */
static void
wsparse(const char *rel, uint64_t size, const uint64_t *offs, int n,
	size_t len)
{
	char path[512], buf[8192];
	int fd, i;

	snprintf(path, sizeof(path), "%s/src/%s", base, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		kt_fail(__FILE__, __LINE__, "%s: %s", path, strerror(errno));
		return;
	}
	memset(buf, 'x', sizeof(buf));
	for (i = 0; i < n; i++)
		KT_EXPECT(pwrite(fd, buf, len, (off_t)offs[i]) == (ssize_t)len);
	KT_EXPECT(ftruncate(fd, (off_t)size) == 0);
	close(fd);
}

static void
hsh(const char *fmt, ...)
{
	char *cmd;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&cmd, fmt, ap);
	va_end(ap);
	if (r < 0)
		return;
	r = system(cmd);
	KT_EXPECT_MSG(r == 0, "host command failed: %s", cmd);
	free(cmd);
}

/* Entries of the tree, recorded before any put reads (and re-times) it. */
struct ent {
	char rel[600];		/* "" = the top */
	struct stat st;
	char target[1100];	/* symlinks */
};
static struct ent *ents;
static int nents;

static int
relcmp(const void *a, const void *b)
{
	return strcmp(((const struct ent *)a)->rel,
		      ((const struct ent *)b)->rel);
}

static void
snap(const char *rel)
{
	char path[1200];
	struct dirent *de;
	struct ent *e;
	DIR *d;

	ents = realloc(ents, (size_t)(nents + 1) * sizeof(*ents));
	e = &ents[nents++];
	memset(e, 0, sizeof(*e));
	snprintf(e->rel, sizeof(e->rel), "%s", rel);
	snprintf(path, sizeof(path), "%s/src%s%s", base, *rel ? "/" : "", rel);
	if (lstat(path, &e->st) != 0) {
		kt_fail(__FILE__, __LINE__, "%s: %s", path, strerror(errno));
		return;
	}
	if (S_ISLNK(e->st.st_mode)) {
		ssize_t n = readlink(path, e->target, sizeof(e->target) - 1);

		if (n > 0)
			e->target[n] = '\0';
	}
	if (!S_ISDIR(e->st.st_mode))
		return;
	d = opendir(path);
	while (d != NULL && (de = readdir(d)) != NULL) {
		char r2[600];

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(r2, sizeof(r2), "%s%s%s", rel, *rel ? "/" : "",
			 de->d_name);
		snap(r2);
	}
	if (d != NULL)
		closedir(d);
}

/* Set times deterministically, children before their directory. */
static void
retime(const char *rel, int *k)
{
	char path[1200];
	struct timespec ts[2];
	struct dirent *de;
	struct stat st;
	DIR *d;

	snprintf(path, sizeof(path), "%s/src%s%s", base, *rel ? "/" : "", rel);
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode) && (d = opendir(path)) != NULL) {
		char **v = NULL;
		int n = 0, i;

		while ((de = readdir(d)) != NULL)
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
				v = realloc(v, (size_t)(n + 1) * sizeof(*v));
				v[n++] = strdup(de->d_name);
			}
		closedir(d);
		for (i = 0; i < n; i++) {
			char r2[600];

			snprintf(r2, sizeof(r2), "%s%s%s", rel, *rel ? "/" : "",
				 v[i]);
			retime(r2, k);
			free(v[i]);
		}
		free(v);
	}
	(*k)++;
	ts[0].tv_sec = 1600000000 + *k * 1000;
	ts[0].tv_nsec = 987654321 - *k;
	ts[1].tv_sec = 1700000000 + *k;
	ts[1].tv_nsec = 123456789 + *k;
	if (strcmp(rel, "old") == 0) {
		ts[1].tv_sec = -100000;		/* before 1970 */
		ts[1].tv_nsec = 500000000;
	}
	KT_EXPECT(utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW) == 0);
}

/*
 * Reading a directory or a symlink moves its atime (relatime: the set
 * atimes are older than the mtimes), so the times are set again, to the
 * same values, before each put that must copy the snapshot.
 */
static void
reset_times(void)
{
	int k = 0;

	retime("", &k);
}

/* The host tree base/src and its snapshot (once per run). */
static void
make_tree(void)
{
	static const uint64_t sp[] = { 0, 20 << 20, (50 << 20) - 1 };
	char name255[256];
	int k = 0;

	if (nents > 0)
		return;
	am_root = geteuid() == 0;
	hsh("mkdir -p %s/src/d/e/f %s/src/emptydir", base, base);
	wfile("empty", 0, 1);
	wfile("one", 1, 2);
	wfile("frag", 1000, 3);
	wfile("frag2k", 2048, 4);
	wfile("multi", 3 * 16384 + 100, 5);
	wfile("indirect", (3 << 19) + 77, 6);	/* > 12 blocks of 64 KiB */
	wfile("d/e/f/deep", 5000, 7);
	wfile("old", 10, 8);
	wfile("suid", 100, 9);
	memset(name255, 'n', 255);
	name255[255] = '\0';
	wfile(name255, 33, 10);
	wsparse("sparse", 50 << 20, sp, 3, 1);
	wsparse("sparse_4k", 50 << 20, sp, 3, 4096);
	wsparse("holeonly", 10 << 20, NULL, 0, 0);
	/* 59 bytes: the longest fast symlink on UFS1; 200: a slow one */
	hsh("cd %s/src && ln -s %.59s fast && ln -s %.200s slow && "
	    "ln multi d/hl && ln -s d/e/f/deep rel && mkfifo fifo && "
	    "chmod 04755 suid && chmod 0750 d && chmod 0700 d/e && "
	    "chmod 0600 one && chmod 02711 emptydir", base,
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	    "bbbbbbbbbbbbbbbbbbbbbbbbbb");
	if (am_root)
		hsh("cd %s/src && mknod chr c 1 3 && mknod blk b 7 300 && "
		    "mknod bigmin c 200 70000 && chown 1234:5678 one && "
		    "chown -h 42:43 fast && chown 7:8 d", base);
	retime("", &k);
	snap("");
	qsort(ents, (size_t)nents, sizeof(*ents), relcmp);
	reset_times();
}

/* ---- comparing an image with the snapshot ------------------------------------ */
struct istat {
	unsigned long long size, blocks, ino;
	unsigned nlink, mode, uid, gid, maj, min;
	long long atime, mtime;
	unsigned atimens, mtimens;
	bool ok;
};

static void
ptimeline(const char *l, long long *sec, unsigned *ns)
{
	const char *p = strstr(l, " UTC (");

	if (p == NULL || p - l < 10)
		return;
	*ns = (unsigned)strtoul(p - 9, NULL, 10);
	*sec = strtoll(p + 6, NULL, 10);
}

/* Parse the blocks of `rumpffs stat` output, one per path, in order. */
static int
parse_stat(char *out, struct istat *v, int n)
{
	char *line, *save = NULL;
	int i = -1;

	for (line = strtok_r(out, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "  File: ", 8) == 0) {
			if (++i >= n)
				return -1;
			memset(&v[i], 0, sizeof(v[i]));
			v[i].ok = true;
		} else if (i < 0) {
			continue;
		} else if (strncmp(line, "  Size: ", 8) == 0) {
			sscanf(line, "  Size: %llu  Blocks: %llu  Inode: %llu  "
			       "Links: %u", &v[i].size, &v[i].blocks, &v[i].ino,
			       &v[i].nlink);
		} else if (strncmp(line, "  Mode: ", 8) == 0) {
			char *u = strstr(line, "Uid: ");

			v[i].mode = (unsigned)strtoul(line + 8, NULL, 8);
			if (u != NULL)
				sscanf(u, "Uid: %u  Gid: %u", &v[i].uid,
				       &v[i].gid);
		} else if (strncmp(line, "  Device: ", 10) == 0) {
			sscanf(line, "  Device: %u, %u", &v[i].maj, &v[i].min);
		} else if (strncmp(line, "Access:", 7) == 0) {
			ptimeline(line, &v[i].atime, &v[i].atimens);
		} else if (strncmp(line, "Modify:", 7) == 0) {
			ptimeline(line, &v[i].mtime, &v[i].mtimens);
		}
	}
	return i + 1;
}

static int ncompared;

/* The image path and the host path of snapshot entry e. */
static void
paths(const struct ent *e, const char *dst, char *ip, char *hp, size_t len)
{
	snprintf(ip, len, "%s%s%s", dst, *e->rel ? "/" : "", e->rel);
	snprintf(hp, len, "%s/src%s%s", base, *e->rel ? "/" : "", e->rel);
}

/*
 * Every byte of every regular file: one `rumpffs cat` of them all against
 * the host files, by digest; file by file only to name a difference.
 */
static void
compare_bytes(const char *img, const char *dst)
{
	char *ic = NULL, *hc = NULL, *o1, *o2, ip[1200], hp[1200];
	size_t il = 0, hl = 0;
	FILE *fi, *fh;
	int i, r1, r2;

	fi = open_memstream(&ic, &il);
	fh = open_memstream(&hc, &hl);
	fprintf(fi, "%s cat %s", RUMPFFS, img);
	fprintf(fh, "cat");
	for (i = 0; i < nents; i++) {
		if (!S_ISREG(ents[i].st.st_mode))
			continue;
		paths(&ents[i], dst, ip, hp, sizeof(ip));
		fprintf(fi, " '%s'", ip);
		fprintf(fh, " '%s'", hp);
	}
	fprintf(fi, " | md5sum");
	fprintf(fh, " | md5sum");
	fclose(fi);
	fclose(fh);
	r1 = sh(&o1, "%s", ic);
	r2 = sh(&o2, "%s", hc);
	KT_EXPECT_MSG(r1 == 0 && r2 == 0 && o1 && o2 && strcmp(o1, o2) == 0,
		      "contents differ: %s / %s", o1 ? o1 : "", o2 ? o2 : "");
	if (!(o1 && o2 && strcmp(o1, o2) == 0)) {
		for (i = 0; i < nents; i++) {
			char *o;

			if (!S_ISREG(ents[i].st.st_mode))
				continue;
			paths(&ents[i], dst, ip, hp, sizeof(ip));
			KT_EXPECT_MSG(sh(&o, "%s cat %s '%s' | cmp - '%s'",
					 RUMPFFS, img, ip, hp) == 0,
				      "%s: %s", ip, o ? o : "");
			free(o);
		}
	}
	free(o1);
	free(o2);
	free(ic);
	free(hc);
}

static int
strpcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What `rumpffs ls -aR IMG dst` must print for the snapshot under rel. */
static void
want_ls(FILE *f, const char *dst, const char *rel)
{
	size_t pl = strlen(rel), n = 2, i;
	const char **v = malloc((size_t)(nents + 2) * sizeof(*v));
	char ip[1200];
	int j;

	snprintf(ip, sizeof(ip), "%s%s%s", dst, pl ? "/" : "", rel);
	fprintf(f, "%s:\n", ip);
	v[0] = ".";
	v[1] = "..";
	for (j = 0; j < nents; j++) {
		const char *c = ents[j].rel;

		if (pl > 0 && (strncmp(c, rel, pl) != 0 || c[pl] != '/'))
			continue;
		c += pl > 0 ? pl + 1 : 0;
		if (*c != '\0' && strchr(c, '/') == NULL)
			v[n++] = c;
	}
	qsort(v, n, sizeof(*v), strpcmp);
	for (i = 0; i < n; i++)
		fprintf(f, "%s\n", v[i]);
	for (i = 0; i < n; i++) {
		char r2[700];

		snprintf(r2, sizeof(r2), "%s%s%s", rel, pl ? "/" : "", v[i]);
		for (j = 0; j < nents; j++)
			if (strcmp(ents[j].rel, r2) == 0 &&
			    S_ISDIR(ents[j].st.st_mode) && !(*v[i] == '.' &&
			    (v[i][1] == '\0' || strcmp(v[i], "..") == 0))) {
				fprintf(f, "\n");
				want_ls(f, dst, r2);
			}
	}
	free(v);
}

/* Directory listings (ls -aR) and symlink targets (ls -lR). */
static void
compare_listings(const char *img, const char *dst)
{
	char *want = NULL, *got = NULL, *o = NULL, w[2000];
	size_t wl = 0;
	FILE *f;
	int r, i;

	f = open_memstream(&want, &wl);
	want_ls(f, dst, "");
	fclose(f);
	r = sh(&got, "%s ls -aR %s %s", RUMPFFS, img, dst);
	KT_EXPECT_MSG(r == 0 && got && strcmp(got, want) == 0,
		      "ls -aR %s:\n%.2000s\nwanted:\n%.2000s", dst,
		      got ? got : "", want);
	r = sh(&o, "%s ls -lR %s %s", RUMPFFS, img, dst);
	KT_EXPECT_MSG(r == 0, "ls -lR: %d", r);
	for (i = 0; o && i < nents; i++) {
		const char *b;

		if (!S_ISLNK(ents[i].st.st_mode))
			continue;
		b = strrchr(ents[i].rel, '/');
		b = b ? b + 1 : ents[i].rel;
		snprintf(w, sizeof(w), " %s -> %s\n", b, ents[i].target);
		KT_EXPECT_MSG(strstr(o, w) != NULL, "ls -lR lacks%s", w);
	}
	free(o);
	free(got);
	free(want);
}

/*
 * The image's dst (a directory path) must hold the snapshot.  times:
 * compare atimes too (false where the image copy was read since).
 */
static void
compare_image(const char *img, const char *dst)
{
	struct istat *is = calloc((size_t)nents, sizeof(*is));
	char *cmd = NULL, *out = NULL;
	size_t cmdlen = 0;
	FILE *f;
	int i, j, r, bad = 0;

	/* one stat for every path */
	f = open_memstream(&cmd, &cmdlen);
	fprintf(f, "%s stat %s", RUMPFFS, img);
	for (i = 0; i < nents; i++)
		fprintf(f, " '%s%s%s'", dst, *ents[i].rel ? "/" : "",
			ents[i].rel);
	fclose(f);
	r = sh(&out, "%s", cmd);
	KT_EXPECT_MSG(r == 0, "stat: exit %d %.500s", r, out ? out : "");
	KT_EXPECT_EQ(out ? parse_stat(out, is, nents) : -1, nents);
	free(out);
	free(cmd);
	for (i = 0; i < nents && bad < 10; i++) {
		const struct ent *e = &ents[i];
		const struct stat *st = &e->st;
		const struct istat *s = &is[i];
		char ip[1200], hp[1200];
		int before = kt_case_failures();

		paths(e, dst, ip, hp, sizeof(ip));
		KT_EXPECT_MSG(s->ok, "%s: not in the stat output", ip);
		KT_EXPECT_MSG(s->mode == st->st_mode, "%s: mode 0%o, host 0%o",
			      ip, s->mode, st->st_mode);
		KT_EXPECT_MSG(s->uid == st->st_uid && s->gid == st->st_gid,
			      "%s: owner %u:%u, host %u:%u", ip, s->uid, s->gid,
			      st->st_uid, st->st_gid);
		KT_EXPECT_MSG(s->nlink == st->st_nlink, "%s: nlink %u, host %lu",
			      ip, s->nlink, (unsigned long)st->st_nlink);
		KT_EXPECT_MSG(s->mtime == st->st_mtim.tv_sec &&
			      s->mtimens == st->st_mtim.tv_nsec,
			      "%s: mtime %lld.%09u, host %lld.%09ld", ip,
			      s->mtime, s->mtimens, (long long)st->st_mtim.tv_sec,
			      st->st_mtim.tv_nsec);
		KT_EXPECT_MSG(s->atime == st->st_atim.tv_sec &&
			      s->atimens == st->st_atim.tv_nsec,
			      "%s: atime %lld.%09u, host %lld.%09ld", ip,
			      s->atime, s->atimens, (long long)st->st_atim.tv_sec,
			      st->st_atim.tv_nsec);
		if (!S_ISDIR(st->st_mode))
			KT_EXPECT_MSG(s->size == (unsigned long long)st->st_size,
				      "%s: size %llu, host %lld", ip, s->size,
				      (long long)st->st_size);
		if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
			KT_EXPECT_MSG(s->maj == major(st->st_rdev) &&
				      s->min == minor(st->st_rdev),
				      "%s: device %u,%u", ip, s->maj, s->min);
		if (S_ISREG(st->st_mode)) {
			/* holes stay holes */
			KT_EXPECT_MSG((st->st_blocks * 512 < st->st_size ||
				       s->blocks * 512 >= (unsigned long long)
				       st->st_size) &&
				      s->blocks * 512 <= (unsigned long long)
				      st->st_size + (1u << 20) + 4 * 65536,
				      "%s: %llu blocks for %lld bytes (host "
				      "%lld blocks)", ip, s->blocks,
				      (long long)st->st_size,
				      (long long)st->st_blocks);
			if (st->st_size >= (10 << 20))
				KT_EXPECT_MSG(s->blocks * 512 < (2u << 20),
					      "%s: not sparse: %llu blocks", ip,
					      s->blocks);
		}
		/* hard links: one inode */
		for (j = 0; j < i; j++)
			if (!S_ISDIR(st->st_mode) &&
			    ents[j].st.st_ino == st->st_ino &&
			    ents[j].st.st_dev == st->st_dev)
				KT_EXPECT_MSG(is[j].ino == s->ino,
					      "%s: inode %llu, its other name "
					      "%llu", ip, s->ino, is[j].ino);
		if (kt_case_failures() != before)
			bad++;
		ncompared++;
	}
	free(is);
	compare_bytes(img, dst);
	compare_listings(img, dst);
}

static char *statof(const char *img, const char *path);
#define HAS(img, path, want)						\
	do {								\
		char *s_ = statof(img, path);				\
		KT_EXPECT_MSG(strstr(s_, want) != NULL, "%s: want \"%s\":\n%s", \
			      path, want, s_);				\
		free(s_);						\
	} while (0)

/* ---- 1. put into newfs images -------------------------------------------------- */
static void
put_case(const char *name, const char *newfsopts)
{
	char img[128];
	char *o;
	int r;

	if (!have_rumpffs())
		return;
	setup_base();
	make_tree();
	snprintf(img, sizeof(img), "%s/%s.img", base, name);
	unlink(img);
	r = sh(&o, "%s newfs %s -s 192m %s", RUMPFFS, newfsopts, img);
	KT_EXPECT_MSG(r == 0, "newfs: %d %.500s", r, o ? o : "");
	free(o);
	ncompared = 0;
	/* PATH absent: SRC becomes PATH */
	reset_times();
	OK("%s put %s %s/src /dst", RUMPFFS, img, base);
	fsck_clean(img, "put");
	compare_image(img, "/dst");
	/* PATH an existing directory: SRC goes inside */
	OK("%s mkdir %s /in", RUMPFFS, img);
	reset_times();
	OK("%s put %s %s/src %s/src/frag /in", RUMPFFS, img, base, base);
	fsck_clean(img, "put into a directory");
	compare_image(img, "/in/src");
	r = sh(&o, "%s cat %s /in/frag | cmp - %s/src/frag", RUMPFFS, img,
	       base);
	KT_EXPECT_MSG(r == 0, "/in/frag: %s", o ? o : "");
	free(o);
	/* ls -lR reads it all */
	r = sh(&o, "%s ls -lR %s / >/dev/null", RUMPFFS, img);
	KT_EXPECT_MSG(r == 0, "ls -lR: %d %.500s", r, o ? o : "");
	free(o);
	/* put over an existing file replaces it (like cp) */
	OK("%s put %s %s/src/one /in/frag", RUMPFFS, img, base);
	r = sh(&o, "%s cat %s /in/frag | cmp - %s/src/one", RUMPFFS, img,
	       base);
	KT_EXPECT_MSG(r == 0, "replaced /in/frag: %s", o ? o : "");
	/* hard links across the SRCs of one put stay links */
	OK("%s put %s %s/src/multi %s/src/d/hl /in", RUMPFFS, img, base, base);
	HAS(img, "/in/multi", "Links: 2\n");
	HAS(img, "/in/hl", "Links: 2\n");
	free(o);
	fsck_clean(img, "put over a file");
	kt_diag("%s: %d entries compared", name, ncompared);
}

void tf_tool_put_ufs1_le(void) { put_case("put-ufs1-le", "-O 1 -B le"); }
void tf_tool_put_ufs2_be(void) { put_case("put-ufs2-be", "-O 2 -B be"); }
void tf_tool_put_ufs1_be_4k(void)
{
	put_case("put-ufs1-be-4k", "-O 1 -B be -b 4096 -f 512");
}
void tf_tool_put_ufs2_le_64k(void)
{
	put_case("put-ufs2-le-64k", "-O 2 -B le -b 65536 -f 8192");
}

/* ---- 2. a makefs image, command by command ------------------------------------ */
#define STEP(img, ...)							\
	do {								\
		char *c_;						\
		if (asprintf(&c_, __VA_ARGS__) >= 0) {			\
			OK("%s", c_);					\
			fsck_clean(img, c_);				\
			free(c_);					\
		}							\
	} while (0)

/* path must not exist in img */
static void
gone(const char *img, const char *path)
{
	char *o;
	int r = sh(&o, "%s stat %s %s", RUMPFFS, img, path);

	KT_EXPECT_MSG(r != 0 && o && strstr(o, "No such file or directory"),
		      "%s still there: %d %.300s", path, r, o ? o : "");
	free(o);
}

/* The stat block of path (malloc'd) for strstr checks. */
static char *
statof(const char *img, const char *path)
{
	char *o;
	int r = sh(&o, "%s stat %s %s", RUMPFFS, img, path);

	KT_EXPECT_MSG(r == 0, "stat %s: %d %.300s", path, r, o ? o : "");
	return o ? o : strdup("");
}


static void
makefs_case(const char *image)
{
	char img[128], deep[1024], *o;
	struct fsckres before, after;
	int r, i;

	if (!have_rumpffs())
		return;
	setup_base();
	make_tree();
	r = system("sh " FFS_TOP "/tests/ffs/mkrwimages.sh " RWDIR);
	if (r != -1 && WIFEXITED(r) && WEXITSTATUS(r) == 3) {
		kt_skip("makefs not installed");
		return;
	}
	if (r != 0) {
		kt_fail(__FILE__, __LINE__, "mkrwimages.sh failed");
		return;
	}
	snprintf(img, sizeof(img), "%s/%s.img", base, image);
	hsh("cp %s/%s.img %s && chmod u+w %s", RWDIR, image, img, img);
	fsck_clean(img, "makefs");
	STEP(img, "%s mkdir %s /t", RUMPFFS, img);
	reset_times();
	STEP(img, "%s put %s %s/src/d %s/src/multi %s/src/sparse /t", RUMPFFS,
	     img, base, base, base);
	STEP(img, "%s mkdir -p %s /a/b/c/d /a/x", RUMPFFS, img);
	STEP(img, "%s mv %s /t/multi /a/b", RUMPFFS, img);	/* into */
	STEP(img, "%s mv %s /a/b/multi /a/renamed", RUMPFFS, img);
	STEP(img, "%s mv %s /t /a/b/c/moved", RUMPFFS, img);	/* a directory */
	STEP(img, "%s mv %s /a/b/c/moved/d/e /a/x", RUMPFFS, img);
	STEP(img, "%s mv %s /medium /a/renamed", RUMPFFS, img); /* replaces */
	STEP(img, "%s ln %s /a/renamed /a/hard", RUMPFFS, img);
	STEP(img, "%s ln %s /big /a/x", RUMPFFS, img);		/* into */
	STEP(img, "%s ln -s %s ../renamed /a/b/soft", RUMPFFS, img);
	STEP(img, "%s ln -s %s %0200d /a/slow", RUMPFFS, img, 7);
	STEP(img, "%s chmod %s 640 /a/renamed", RUMPFFS, img);
	STEP(img, "%s chmod %s 1777 /a/b /a/x", RUMPFFS, img);
	STEP(img, "%s chown %s 77:88 /small", RUMPFFS, img);
	STEP(img, "%s touch %s /a/new /small", RUMPFFS, img);
	STEP(img, "%s rm %s /a/hard /empty", RUMPFFS, img);
	STEP(img, "%s rm -f %s /a/missing", RUMPFFS, img);
	/* the final state */
	HAS(img, "/a/renamed", "Size: 100000 ");
	HAS(img, "/a/renamed", "Links: 1\n");
	HAS(img, "/a/renamed", "Mode: 0100640");
	HAS(img, "/a/b", "Mode: 0041777");
	HAS(img, "/a/b", "Links: 3\n");		/* ".", its name, c/.. */
	HAS(img, "/a/x", "Links: 3\n");		/* e/.. */
	HAS(img, "/a/x/big", "Links: 2\n");
	HAS(img, "/a/x/e/f/deep", "Size: 5000 ");
	HAS(img, "/a/b/c/moved/d/hl", "Size: 49252 ");
	HAS(img, "/a/b/c/moved/d/hl", "Links: 1\n");
	HAS(img, "/a/b/c/moved/sparse", "Size: 52428800 ");
	HAS(img, "/small", "Uid: 77  Gid: 88");
	HAS(img, "/a/new", "Size: 0 ");
	HAS(img, "/a/slow", "Size: 200 ");
	gone(img, "/a/hard");
	gone(img, "/empty");
	gone(img, "/medium");
	gone(img, "/t");
	gone(img, "/a/b/multi");
	r = sh(&o, "%s cat %s /a/b/soft | cmp - %s/src/medium", RUMPFFS, img,
	       RWDIR);
	KT_EXPECT_MSG(r == 0, "/a/b/soft: %s", o ? o : "");
	free(o);
	r = sh(&o, "%s cat %s /a/renamed | cmp - %s/src/medium", RUMPFFS, img,
	       RWDIR);
	KT_EXPECT_MSG(r == 0, "/a/renamed: %s", o ? o : "");
	free(o);
	r = sh(&o, "%s ls %s /a/b/c/moved", RUMPFFS, img);
	KT_EXPECT_MSG(r == 0 && o && strcmp(o, "d\nsparse\n") == 0,
		      "/a/b/c/moved: %s", o ? o : "");
	free(o);

	/* rm -r of a deep tree gives everything back */
	before = fsck_clean(img, "the sequence");
	deep[0] = '\0';
	for (i = 0; i < 40; i++)
		snprintf(deep + strlen(deep), sizeof(deep) - strlen(deep),
			 "/%c%d", 'a' + i % 26, i);
	STEP(img, "%s mkdir -p %s /deep%s", RUMPFFS, img, deep);
	reset_times();
	STEP(img, "%s put %s %s/src /deep%s", RUMPFFS, img, base, deep);
	STEP(img, "%s put %s %s/src /deep/a0/b1", RUMPFFS, img, base);
	STEP(img, "%s ln %s /deep/a0/b1/src/indirect /a/keep", RUMPFFS, img);
	STEP(img, "%s rm -r %s /deep", RUMPFFS, img);
	gone(img, "/deep");
	HAS(img, "/a/keep", "Links: 1\n");
	r = sh(&o, "%s cat %s /a/keep | cmp - %s/src/indirect", RUMPFFS, img,
	       base);
	KT_EXPECT_MSG(r == 0, "/a/keep: %s", o ? o : "");
	free(o);
	STEP(img, "%s rm %s /a/keep", RUMPFFS, img);
	after = fsck_clean(img, "rm -r");
	KT_EXPECT_MSG(after.free == before.free && after.files == before.files,
		      "free %llu -> %llu, files %llu -> %llu", before.free,
		      after.free, before.files, after.files);
	HAS(img, "/", "Links: 4\n");		/* ., .., /dir, /a */
}

void tf_tool_makefs_ufs1_le(void) { makefs_case("ufs1-le-8k"); }
void tf_tool_makefs_ufs2_be(void) { makefs_case("ufs2-be-8k"); }

/* ---- 3. errors ------------------------------------------------------------------- */
void
tf_tool_errors(void)
{
	char img[128], fb[128], fbcopy[128], big[128], *o;
	struct fsckres before, after;
	int r;

	if (!have_rumpffs())
		return;
	setup_base();
	make_tree();

	/* ENOSPC: a 4 MiB file system and an 8 MiB file */
	snprintf(img, sizeof(img), "%s/full.img", base);
	snprintf(big, sizeof(big), "%s/big8m", base);
	unlink(img);
	hsh("head -c 8388608 /dev/urandom > %s", big);
	OK("%s newfs -O 2 -s 4m %s >/dev/null", RUMPFFS, img);
	OK("%s put %s %s/src/d /d", RUMPFFS, img, base);
	before = fsck_clean(img, "newfs");
	FAILS("/big8m: No space left on device", "%s put %s %s / 2>&1", RUMPFFS,
	      img, big);
	after = fsck_clean(img, "a failed put");
	/* the partial file was removed: nothing leaked */
	gone(img, "/big8m");
	KT_EXPECT_MSG(after.free == before.free && after.files == before.files,
		      "free %llu -> %llu, files %llu -> %llu", before.free,
		      after.free, before.files, after.files);
	/* a tree: what fit is there and complete, the rest absent */
	FAILS("No space left on device", "mkdir -p %s/t && cp %s/src/indirect "
	      "%s/t/a && cp %s %s/t/b && cp %s/src/multi %s/t/c && "
	      "%s put %s %s/t /t", base, base, base, big, base, base, base,
	      RUMPFFS, img, base);
	fsck_clean(img, "a failed tree put");
	r = sh(&o, "%s cat %s /t/a | cmp - %s/src/indirect", RUMPFFS, img, base);
	KT_EXPECT_MSG(r == 0, "/t/a: %s", o ? o : "");
	free(o);
	gone(img, "/t/b");
	gone(img, "/t/c");		/* not tried after ENOSPC */
	OK("%s rm -r %s /t", RUMPFFS, img);
	after = fsck_clean(img, "rm -r /t");
	KT_EXPECT_EQ(after.free, before.free);
	/* fill it with small files until ENOSPC, then give all back */
	FAILS("No space left on device", "mkdir -p %s/many && cd %s/many && "
	      "split -b 30000 -a 3 %s f && %s put %s %s/many /many", base, base,
	      big, RUMPFFS, img, base);
	fsck_clean(img, "filled up");
	OK("%s rm -r %s /many", RUMPFFS, img);
	after = fsck_clean(img, "emptied");
	KT_EXPECT_EQ(after.free, before.free);
	KT_EXPECT_EQ(after.files, before.files);

	/* namespace errors */
	OK("%s mkdir -p %s /x/y/z", RUMPFFS, img);
	FAILS("/x: Is a directory", "%s rm %s /x", RUMPFFS, img);
	OK("%s mkdir -p %s /x/y/z/q /m/z", RUMPFFS, img);
	FAILS("Directory not empty", "%s mv %s /m/z /x/y", RUMPFFS, img);
	OK("%s rm -r %s /m /x/y/z/q", RUMPFFS, img);
	FAILS("Invalid argument", "%s mv %s /x /x/y/z", RUMPFFS, img);
	FAILS("Invalid argument", "%s mv %s /x /x/y/new", RUMPFFS, img);
	FAILS("Invalid argument", "%s mv %s /x /x", RUMPFFS, img);
	FAILS("/nope: No such file or directory", "%s mv %s /nope /x", RUMPFFS,
	      img);
	FAILS("/nope: No such file or directory", "%s rm %s /nope", RUMPFFS,
	      img);
	FAILS("/nope/a: No such file or directory", "%s mkdir %s /nope/a",
	      RUMPFFS, img);
	FAILS("/nope: No such file or directory", "%s chmod %s 644 /nope",
	      RUMPFFS, img);
	FAILS("/nope: No such file or directory", "%s ln %s /nope /l", RUMPFFS,
	      img);
	FAILS("/x: File exists", "%s mkdir %s /x", RUMPFFS, img);
	FAILS("/d/e/f/deep: File exists", "%s ln -s %s t /d/e/f/deep", RUMPFFS,
	      img);
	FAILS("/d/e/f/deep: File exists", "%s ln %s /d/hl /d/e/f/deep", RUMPFFS,
	      img);
	FAILS("/x/h: Operation not permitted", "%s ln %s /x/y /x/h", RUMPFFS,
	      img);
	FAILS("may not be removed", "%s rm -r %s /x/..", RUMPFFS, img);
	FAILS("may not be removed", "%s rm -r %s /", RUMPFFS, img);
	FAILS("/no/such/host/file: No such file or directory", "%s put %s "
	      "/no/such/host/file /", RUMPFFS, img);
	OK("%s mkdir %s /d/e/one", RUMPFFS, img);
	FAILS("/d/e/one: cannot overwrite directory with non-directory",
	      "%s put %s %s/src/one /d/e", RUMPFFS, img, base);
	FAILS("cannot overwrite non-directory with directory",
	      "%s put %s %s/src/d/e /d/e/f/deep", RUMPFFS, img, base);
	FAILS("invalid file mode", "%s chmod %s u+x /x", RUMPFFS, img);
	FAILS("usage:", "%s mv %s /x", RUMPFFS, img);
	FAILS("Not a directory", "%s put %s %s/src/one %s/src/frag /d/e/f/deep",
	      RUMPFFS, img, base, base);
	FAILS("File name too long", "%s mkdir %s /%0256d", RUMPFFS, img, 1);
	r = sh(&o, "%s ls -a %s /x/y", RUMPFFS, img);
	KT_EXPECT_MSG(r == 0 && o && strcmp(o, ".\n..\nz\n") == 0, "/x/y: %s",
		      o ? o : "");
	free(o);
	fsck_clean(img, "the failed commands");

	/* a file system the core may not write: refused, untouched */
	snprintf(fb, sizeof(fb), FFS_TOP "/build/ffs-images/freebsd-ufs2-le.img");
	snprintf(fbcopy, sizeof(fbcopy), "%s/freebsd.img", base);
	if (access(fb, R_OK) != 0) {
		kt_diag("no FreeBSD image (%s): refusal not tested", fb);
	} else {
		hsh("cp %s %s && chmod u+w %s", fb, fbcopy, fbcopy);
		FAILS("0x200", "%s mkdir %s /x", RUMPFFS, fbcopy);
		FAILS("cannot write", "%s put %s %s/src/one /", RUMPFFS, fbcopy,
		      base);
		FAILS("cannot write", "%s rm -r %s /dir1", RUMPFFS, fbcopy);
		r = sh(NULL, "cmp %s %s", fb, fbcopy);
		KT_EXPECT_MSG(r == 0, "the refused image changed");
	}
	/* not an image at all */
	FAILS("no FFS superblock", "%s mkdir %s /x", RUMPFFS, big);
	/* an unclean file system: a warning, then the command works */
	{
		char dirty[128];

		snprintf(dirty, sizeof(dirty), "%s/dirty.img", base);
		OK("%s newfs -O 1 -s 8m %s >/dev/null", RUMPFFS, dirty);
		/* fs_clean (superblock at 8192 + 0xD1) = 0 */
		hsh("printf '\\000' | dd of=%s bs=1 seek=%d conv=notrunc "
		    "2>/dev/null", dirty, 8192 + 0xD1);
		r = sh(&o, "%s mkdir %s /x", RUMPFFS, dirty);
		KT_EXPECT_MSG(r == 0 && o && strstr(o, "not clean") &&
			      strstr(o, "fsck"), "unclean: %d %s", r, o ? o : "");
		free(o);
		r = sh(&o, "%s ls %s /", RUMPFFS, dirty);
		KT_EXPECT_MSG(r == 0 && o && strcmp(o, "x\n") == 0, "%s",
			      o ? o : "");
		free(o);
	}
}

/* ---- 5. crash points: every prefix of a command's writes -------------------------- */
static int nsweeps, npoints;

/*
 * Run `rumpffs CMD` on copies of img0, stopped at its 1st, 2nd, ... device
 * write (RUMPFFS_CRASH_AFTER), sparser as the count grows; each copy must
 * be what a crash may leave: fsck exit 0 or 1 (leaks, which are exactly
 * what the ordering may leave, tools/rumpffs/fsck.h), directory
 * operations included; every error line is reported.
 */
static void
crash_sweep(const char *img0, const char *cmd, const char *args)
{
	char img[128], a[512], *o, *line, *save;
	unsigned long n;
	int r, fr;

	snprintf(img, sizeof(img), "%s/crash.img", base);
	/* SRC: the host tree's directory */
	if (strncmp(args, "SRC", 3) == 0)
		snprintf(a, sizeof(a), "%s%s", base, args + 3);
	else
		snprintf(a, sizeof(a), "%s", args);
	args = a;
	for (n = 1; n < 100000; n += 1 + n / 6) {
		hsh("cp %s %s", img0, img);
		r = sh(&o, "RUMPFFS_CRASH_AFTER=%lu %s %s %s %s", n, RUMPFFS,
		       cmd, img, args);
		free(o);
		if (r != 99) {
			KT_EXPECT_MSG(r == 0, "%s %s: exit %d", cmd, args, r);
			break;
		}
		npoints++;
		fr = sh(&o, "%s fsck %s", RUMPFFS, img);
		KT_EXPECT_MSG(o != NULL, "fsck output");
		KT_EXPECT_MSG(fr == 0 || fr == 1, "%s %s stopped at write %lu: "
			      "fsck %d", cmd, args, n, fr);
		for (line = o ? strtok_r(o, "\n", &save) : NULL; line != NULL;
		     line = strtok_r(NULL, "\n", &save))
			if (strstr(line, "[error]") != NULL)
				KT_EXPECT_MSG(0, "%s %s stopped at write %lu: %s",
					      cmd, args, n, line);
		free(o);
	}
	nsweeps++;
}

void
tf_tool_crash(void)
{
	char img0[128];

	if (!have_rumpffs())
		return;
	setup_base();
	make_tree();
	snprintf(img0, sizeof(img0), "%s/crash0.img", base);
	unlink(img0);
	nsweeps = npoints = 0;
	OK("%s newfs -O 1 -b 4096 -f 512 -s 16m %s >/dev/null", RUMPFFS, img0);
	OK("rm -rf %s/small && mkdir -p %s/small/d/e && cp -P %s/src/indirect "
	   "%s/src/d/e/f/deep %s/src/slow %s/small/d && ln %s/small/d/deep "
	   "%s/small/h && ln -s d/deep %s/small/d/e/l", base, base, base,
	   base, base, base, base, base, base);
	OK("%s put %s %s/small /base && %s mkdir %s /dst && %s touch %s "
	   "/dst/old", RUMPFFS, img0, base, RUMPFFS, img0, RUMPFFS, img0);
	fsck_clean(img0, "the crash base image");
	/* file operations: leaks at worst */
	crash_sweep(img0, "put", "SRC/src/indirect /dst/f");
	crash_sweep(img0, "put", "SRC/src/multi /dst/old");
	crash_sweep(img0, "ln", "/base/d/deep /dst/l");
	crash_sweep(img0, "ln -s", "../base/d/slow /dst/s");
	crash_sweep(img0, "mv", "/base/h /dst/h");
	crash_sweep(img0, "mv", "/base/h /dst/old");
	crash_sweep(img0, "rm", "/base/d/indirect /base/h");
	crash_sweep(img0, "chmod", "600 /base/d/deep");
	/* directory operations */
	crash_sweep(img0, "rm -r", "/base");
	crash_sweep(img0, "mkdir -p", "/x/y/z");
	crash_sweep(img0, "mv", "/base/d /dst");
	crash_sweep(img0, "mv", "/base/d/e /base/e2");
	crash_sweep(img0, "put", "SRC/small /dst");
	kt_diag("%d commands stopped at %d points, each leaks at worst",
		nsweeps, npoints);
}

/* ---- 4. sleuthkit reads what put wrote ------------------------------------------- */
static void
sleuth_case(const char *name, const char *newfsopts)
{
	char img[128], *o, *line, *save = NULL;
	int r, i, found = 0, bytes = 0;

	if (!have_rumpffs())
		return;
	/* scripts/setup installs sleuthkit: its absence fails, not skips */
	if (sh(NULL, "command -v fls && command -v icat") != 0) {
		KT_EXPECT_MSG(0, "sleuthkit (fls, icat) not installed: run "
			      "scripts/setup");
		return;
	}
	setup_base();
	make_tree();
	snprintf(img, sizeof(img), "%s/%s.img", base, name);
	if (access(img, R_OK) != 0) {
		OK("%s newfs %s -s 192m %s >/dev/null", RUMPFFS, newfsopts, img);
		reset_times();
		OK("%s put %s %s/src /dst", RUMPFFS, img, base);
	}
	r = sh(&o, "fls -r -p %s", img);
	KT_EXPECT_MSG(r == 0, "fls: %d %.300s", r, o ? o : "");
	/* every snapshot entry, with the inode rumpffs reports */
	for (i = 0; o != NULL && i < nents; i++) {
		char want[800], *s, *p;
		unsigned long long ino = 0;

		if (*ents[i].rel == '\0')
			continue;
		snprintf(want, sizeof(want), ":\tdst/%s\n", ents[i].rel);
		p = strstr(o, want);
		KT_EXPECT_MSG(p != NULL, "fls lacks dst/%s", ents[i].rel);
		if (p == NULL)
			continue;
		found++;
		while (p > o && p[-1] != '\n' && p[-1] != ' ')
			p--;
		ino = strtoull(p, NULL, 10);
		snprintf(want, sizeof(want), "/dst/%s", ents[i].rel);
		s = statof(img, want);
		snprintf(want, sizeof(want), "Inode: %llu ", ino);
		KT_EXPECT_MSG(strstr(s, want), "%s: fls says inode %llu\n%s",
			      ents[i].rel, ino, s);
		free(s);
		if (S_ISREG(ents[i].st.st_mode)) {
			char *c;

			r = sh(&c, "icat %s %llu | cmp - %s/src/%s", img, ino,
			       base, ents[i].rel);
			KT_EXPECT_MSG(r == 0, "icat %s: %s", ents[i].rel,
				      c ? c : "");
			free(c);
			bytes++;
		}
	}
	/* and nothing else under dst */
	for (line = o ? strtok_r(o, "\n", &save) : NULL; line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *t = strstr(line, ":\tdst");

		if (t != NULL)
			found--;
	}
	KT_EXPECT_MSG(found == -1, "fls lists %d extra names under dst",
		      -1 - found);
	free(o);
	kt_diag("%s: sleuthkit agrees on %d names, %d files' bytes", name,
		nents - 1, bytes);
}

void tf_tool_sleuth_ufs1_le(void) { sleuth_case("put-ufs1-le", "-O 1 -B le"); }
void tf_tool_sleuth_ufs2_be(void) { sleuth_case("put-ufs2-be", "-O 2 -B be"); }

void
tf_tool_cleanup(void)
{
	if (base[0] != '\0' && strncmp(base, "/tmp/test-ffs-tool.", 19) == 0)
		hsh("rm -rf '%s'", base);
	base[0] = '\0';
	free(ents);
	ents = NULL;
	nents = 0;
}

