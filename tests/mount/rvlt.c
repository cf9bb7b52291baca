// SPDX-License-Identifier: BSD-2-Clause
/*
 * rvlt.c - the guest-side helper of tests/mount (static, run by vm.sh):
 * calls that busybox cannot make or whose exact errno matters.
 *
 *   rvlt mount SRC DIR ro|rw DATA ERRNO   mount(2) of type rumpffs; exit
 *                                         0 iff it fails with ERRNO (0:
 *                                         succeeds; -1: exit 0 if mounted,
 *                                         3 if refused).  No loop device:
 *                                         the source goes to the file
 *                                         system.
 *   rvlt mmap FILE       mmap (shared and private), sendfile and splice
 *                        give the bytes read(2) gives
 *   rvlt seekdir DIR N   N entries besides . and ..; every telldir
 *                        position leads back to its entry
 *   rvlt seek FILE       SEEK_DATA / SEEK_HOLE answer as for one extent
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(const char *what)
{
	fprintf(stderr, "rvlt: %s: %s\n", what, strerror(errno));
	return 1;
}

static int do_mount(char **av)
{
	unsigned long flags = strcmp(av[2], "ro") == 0 ? MS_RDONLY : 0;
	int want = atoi(av[4]);
	int got = 0;

	if (mount(av[0], av[1], "rumpffs", flags, av[3][0] ? av[3] : NULL))
		got = errno;
	if (want == -1)
		return got ? 3 : 0;
	if (got != want) {
		fprintf(stderr, "rvlt: mount %s %s %s '%s': errno %d (%s), expected %d\n",
			av[0], av[1], av[2], av[3], got, strerror(got), want);
		return 1;
	}
	return 0;
}

static char *slurp(int fd, size_t size)
{
	char *buf = malloc(size + 1);
	size_t got = 0;
	ssize_t r;

	if (!buf)
		return NULL;
	while (got < size && (r = pread(fd, buf + got, size - got, got)) > 0)
		got += r;
	return got == size ? buf : NULL;
}

/* Bytes that came out of a pipe fed by sendfile or splice. */
static int drain_cmp(int p, const char *want, size_t len, const char *how)
{
	char buf[65536];
	size_t off = 0;
	ssize_t r;

	while (off < len && (r = read(p, buf, sizeof(buf))) > 0) {
		if (off + r > len || memcmp(buf, want + off, r) != 0) {
			fprintf(stderr, "rvlt: %s differs near %zu\n", how, off);
			return 1;
		}
		off += r;
	}
	if (off != len) {
		fprintf(stderr, "rvlt: %s gave %zu of %zu bytes\n", how, off, len);
		return 1;
	}
	return 0;
}

static int do_mmap(char **av)
{
	int fd = open(av[0], O_RDONLY), p[2];
	struct stat st;
	char *want, *m;
	size_t left;
	loff_t off;
	ssize_t r;

	if (fd < 0 || fstat(fd, &st))
		return fail(av[0]);
	want = slurp(fd, st.st_size);
	if (!want)
		return fail("read");
	for (int shared = 0; shared < 2; shared++) {
		m = mmap(NULL, st.st_size, PROT_READ,
			 shared ? MAP_SHARED : MAP_PRIVATE, fd, 0);
		if (m == MAP_FAILED)
			return fail("mmap");
		if (memcmp(m, want, st.st_size) != 0) {
			fprintf(stderr, "rvlt: mmap (%s) differs from read\n",
				shared ? "shared" : "private");
			return 1;
		}
		munmap(m, st.st_size);
	}
	/* The pipe is drained by this process: feed at most 64 KiB a time. */
	if (pipe(p))
		return fail("pipe");
	fcntl(p[0], F_SETPIPE_SZ, 1 << 20);
	for (off = 0, left = st.st_size; left; left -= r) {
		r = sendfile(p[1], fd, &off, left < 65536 ? left : 65536);
		if (r <= 0)
			return fail("sendfile");
		if (drain_cmp(p[0], want + off - r, r, "sendfile"))
			return 1;
	}
	for (off = 0, left = st.st_size; left; left -= r) {
		r = splice(fd, &off, p[1], NULL, left < 65536 ? left : 65536, 0);
		if (r <= 0)
			return fail("splice");
		if (drain_cmp(p[0], want + off - r, r, "splice"))
			return 1;
	}
	printf("rvlt: %lld bytes alike by read, mmap, sendfile, splice\n",
	       (long long)st.st_size);
	return 0;
}

static int do_seekdir(char **av)
{
	DIR *d = opendir(av[0]);
	long want = atol(av[1]), n = 0, i, cnt = 0;
	struct dirent *e;
	long *pos;
	char **names;

	if (!d)
		return fail(av[0]);
	pos = calloc(want + 3, sizeof(*pos));
	names = calloc(want + 3, sizeof(*names));
	if (!pos || !names)
		return fail("calloc");
	for (;;) {
		long p = telldir(d);

		errno = 0;
		e = readdir(d);
		if (!e)
			break;
		if (n == want + 2) {
			fprintf(stderr, "rvlt: more than %ld entries\n", want + 2);
			return 1;
		}
		pos[n] = p;
		names[n++] = strdup(e->d_name);
	}
	if (errno)
		return fail("readdir");
	for (i = 0; i < n; i++)
		if (strcmp(names[i], ".") && strcmp(names[i], ".."))
			cnt++;
	if (cnt != want) {
		fprintf(stderr, "rvlt: %ld entries, expected %ld\n", cnt, want);
		return 1;
	}
	/* Backwards, so every seek goes somewhere else than the last read. */
	for (i = n - 1; i >= 0; i--) {
		seekdir(d, pos[i]);
		e = readdir(d);
		if (!e || strcmp(e->d_name, names[i]) != 0) {
			fprintf(stderr, "rvlt: seekdir to entry %ld (%s) gave %s\n",
				i, names[i], e ? e->d_name : "nothing");
			return 1;
		}
	}
	closedir(d);
	printf("rvlt: %ld entries, each found again by seekdir\n", n);
	return 0;
}

static int do_seek(char **av)
{
	int fd = open(av[0], O_RDONLY);
	struct stat st;

	if (fd < 0 || fstat(fd, &st))
		return fail(av[0]);
	if (lseek(fd, 0, SEEK_DATA) != 0 ||
	    lseek(fd, 0, SEEK_HOLE) != st.st_size) {
		fprintf(stderr, "rvlt: SEEK_DATA/SEEK_HOLE not one extent\n");
		return 1;
	}
	errno = 0;
	if (lseek(fd, st.st_size, SEEK_DATA) != -1 || errno != ENXIO) {
		fprintf(stderr, "rvlt: SEEK_DATA at the end: not ENXIO\n");
		return 1;
	}
	return 0;
}

int main(int ac, char **av)
{
	if (ac == 7 && strcmp(av[1], "mount") == 0)
		return do_mount(av + 2);
	if (ac == 3 && strcmp(av[1], "mmap") == 0)
		return do_mmap(av + 2);
	if (ac == 4 && strcmp(av[1], "seekdir") == 0)
		return do_seekdir(av + 2);
	if (ac == 3 && strcmp(av[1], "seek") == 0)
		return do_seek(av + 2);
	fprintf(stderr, "usage: see rvlt.c\n");
	return 2;
}
