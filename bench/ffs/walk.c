// SPDX-License-Identifier: BSD-2-Clause
/*
 * walk.c - the Linux side of bench/ffs, run in the guest on the image
 * mounted with Linux's ufs driver:
 *
 *   bench-ffswalk seq FILE     read FILE sequentially in 64 KiB reads
 *   bench-ffswalk walk DIR     list the tree (readdir) and lstat every entry
 *
 * Prints "RESULT what=... ns=... bytes=... entries=...", like the rump
 * side (rumpffs_bench.ko), with the same I/O sizes and the same walk.
 * Time includes nothing but the reads (the mount is done by vm.sh).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static long long now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

struct pending {
	struct pending *next;
	char path[];
};

static long walk(const char *top)
{
	struct pending *list = NULL, *d;
	char path[4096];
	struct dirent *de;
	struct stat st;
	long entries = 0;
	DIR *dir;

	d = malloc(sizeof(*d) + strlen(top) + 1);
	strcpy(d->path, top);
	d->next = NULL;
	list = d;
	while ((d = list)) {
		list = d->next;
		dir = opendir(d->path);
		if (!dir)
			return -1;
		while ((de = readdir(dir))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			snprintf(path, sizeof(path), "%s/%s", d->path, de->d_name);
			entries++;
			if (lstat(path, &st))
				return -1;
			if (S_ISDIR(st.st_mode)) {
				struct pending *p = malloc(sizeof(*p) + strlen(path) + 1);

				strcpy(p->path, path);
				p->next = list;
				list = p;
			}
		}
		closedir(dir);
		free(d);
	}
	return entries;
}

int main(int argc, char **argv)
{
	static char buf[65536];
	long long t0, t1, bytes = 0;
	long entries = 0;
	ssize_t n;
	int fd;

	if (argc != 3)
		return 2;
	t0 = now();
	if (!strcmp(argv[1], "walk")) {
		entries = walk(argv[2]);
		if (entries < 0)
			return 1;
	} else {
		fd = open(argv[2], O_RDONLY);
		if (fd < 0)
			return 1;
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			bytes += n;
		close(fd);
		if (n < 0)
			return 1;
	}
	t1 = now();
	printf("RESULT what=%s ns=%lld bytes=%lld entries=%ld\n", argv[1],
	       t1 - t0, bytes, entries);
	return 0;
}
