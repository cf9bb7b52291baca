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
#include "newfs.h"

#define RWDIR	FFS_TOP "/build/ffs-images/rw"

/*
 * An empty file system by our newfs: "newfs-ufs1-le" (16 MiB, NetBSD's
 * defaults for the size: 4096/512), "newfs-ufs2-be" (32 MiB, 8192/1024),
 * "newfs-ufs2-le-64k" (64 MiB, 65536/8192).  Mapped copy-on-write.
 */
static const uint8_t *
newfs_image(const char *name, uint64_t *lenp)
{
	char path[] = "/tmp/test-ffs-newfs.XXXXXX", err[256];
	struct newfs_opts o;
	struct stat st;
	void *p;
	int fd;

	rumpffs_newfs_defaults(&o);
	if (strcmp(name, "newfs-ufs1-le") == 0) {
		o.ufs = 1;
		o.byteorder = NEWFS_LITTLE_ENDIAN;
		o.size = 16 << 20;
	} else if (strcmp(name, "newfs-ufs2-be") == 0) {
		o.ufs = 2;
		o.byteorder = NEWFS_BIG_ENDIAN;
		o.size = 32 << 20;
		o.bsize = 8192;
		o.fsize = 1024;
	} else if (strcmp(name, "newfs-ufs2-le-64k") == 0) {
		o.ufs = 2;
		o.byteorder = NEWFS_LITTLE_ENDIAN;
		o.size = 64 << 20;
		o.bsize = 65536;
		o.fsize = 8192;
	} else {
		return NULL;
	}
	o.time = 1700000000;
	fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	close(fd);
	if (rumpffs_newfs(path, &o, NULL, err, sizeof(err)) != 0) {
		printf("# newfs %s: %s\n", name, err);
		unlink(path);
		return NULL;
	}
	fd = open(path, O_RDONLY);
	unlink(path);
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
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
	if (strncmp(name, "newfs-", 6) == 0)
		return newfs_image(name, lenp);
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
