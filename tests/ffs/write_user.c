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
