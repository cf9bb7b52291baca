// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuzz_ffs.c - libFuzzer target: the input is a disk image; mount it with
 * the FFS core, walk everything (tf_walk_fs: every directory, inode,
 * symlink and bounded file reads), unmount, then mount a copy read-write
 * and change it (tf_write_phase) and walk the result.  Any crash, sanitizer
 * report, leak (kmem_inuse must return to its start) or non-clean error
 * is a finding.  Seeds: the tiny makefs images (make fuzz-ffs writes them
 * to build/ffs-seeds).  Small inputs are padded with zeros to 128 KiB so
 * that the probe offsets exist and mutations of a short prefix still
 * reach the superblock at 8192.
 *
 * Built with -DFFS_FUZZ_FSCK (make fuzz-ffs-fsck, mk/fuzz.mk) it also
 * runs rumpffs fsck on the image: a verdict of its classes, never a crash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rump/rump.h>

#include "tf.h"

#ifdef FFS_FUZZ_FSCK
#include <stdio.h>
#include <unistd.h>

#include "fsck.h"

static void
fsck_image(const uint8_t *img, uint64_t len)
{
	static char path[256];
	static FILE *devnull;
	struct fsck_summary sum;
	FILE *f;
	int r, fd;

	if (path[0] == '\0') {
		snprintf(path, sizeof(path), "%s/ffs-fuzz-fsck.XXXXXX",
			 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		fd = mkstemp(path);
		devnull = fopen("/dev/null", "w");
		if (fd < 0 || devnull == NULL)
			abort();
		close(fd);
	}
	f = fopen(path, "wb");
	if (f == NULL || fwrite(img, 1, len, f) != len || fclose(f) != 0)
		abort();
	r = rumpffs_fsck(path, FSCK_QUIET | FSCK_NOSUMMARY, devnull, &sum);
	if (r != FSCK_EXIT_CLEAN && r != FSCK_EXIT_LEAKS &&
	    r != FSCK_EXIT_ERRORS && r != FSCK_EXIT_CANTCHECK)
		abort();
}
#endif

int64_t rumpns_kmem_inuse(void);
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The write phase takes kernel locks: a kernel, and a CPU of it. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (rump_init() != 0)
		exit(1);
	rump_schedule();
	return 0;
}

#define MINIMG (128 << 10)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *pad;
	struct tf_walk w;
	const uint8_t *img = data;
	uint64_t len = size;
	int64_t inuse = rumpns_kmem_inuse();
	char why[200];
	int e;

	if (size < MINIMG) {
		if (pad == NULL)
			pad = malloc(MINIMG);
		memset(pad, 0, MINIMG);
		memcpy(pad, data, size);
		img = pad;
		len = MINIMG;
	}
	memset(&w, 0, sizeof(w));
	w.write = true;
	w.budget = 64 << 10;
	w.maxinodes = 2000;
	e = tf_mount_walk(img, len, &w, why, sizeof(why));
	if (!tf_clean_error(e) || !tf_clean_error(w.firsterr))
		abort();
	if (rumpns_kmem_inuse() != inuse)
		abort();
#ifdef FFS_FUZZ_FSCK
	fsck_image(img, len);
#endif
	return 0;
}
