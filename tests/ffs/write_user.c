// SPDX-License-Identifier: BSD-2-Clause
/*
 * write_user.c - host side of the write tests: the images of
 * tests/ffs/mkrwimages.sh (built on first use into
 * build/ffs-images/rw), mapped read-only; the tests write to copies.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tf.h"
#include "fsck.h"

#define RWDIR	FFS_TOP "/build/ffs-images/rw"

const uint8_t *
tf_host_rwimage(const char *name, uint64_t *lenp)
{
	static int made;
	char path[512];
	struct stat st;
	void *p;
	int fd;

	if (!made) {
		extern int tf_debug;

		extern uint64_t tf_seed;

		tf_debug = getenv("TF_WRITE_DEBUG") != NULL;
		if (getenv("TF_WRITE_SEED"))
			tf_seed = strtoull(getenv("TF_WRITE_SEED"), NULL, 0);
		made = system("sh " FFS_TOP "/tests/ffs/mkrwimages.sh " RWDIR)
			== 0 ? 1 : -1;
	}
	if (made < 0)
		return NULL;
	snprintf(path, sizeof(path), "%s/%s.img", RWDIR, name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || st.st_size == 0) {
		close(fd);
		return NULL;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	*lenp = (uint64_t)st.st_size;
	return p;
}

int
tf_host_fsck(const uint8_t *data, uint64_t len)
{
	char path[] = "/tmp/test-ffs-fsck.XXXXXX";
	struct fsck_summary sum;
	int fd, rv;

	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	rv = write(fd, data, (size_t)len) == (ssize_t)len ? 0 : -1;
	close(fd);
	if (rv == 0) {
		rv = rumpffs_fsck(path, 0, stdout, &sum);
		if (rv != FSCK_EXIT_CLEAN)
			printf("# fsck of the written image: exit %d, %llu "
			       "leaks, %llu errors\n", rv,
			       (unsigned long long)sum.leaks,
			       (unsigned long long)sum.errors);
	}
	unlink(path);
	return rv;
}
