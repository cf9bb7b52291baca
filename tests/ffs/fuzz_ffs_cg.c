// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuzz_ffs_cg.c - libFuzzer target for the write paths on corrupt
 * counters: byte 0 picks a tiny base image, the rest is a list of 7-byte
 * structure-aware mutations (cgmut.c: cg_cs, cg_frsum, the cluster
 * summary and map, the fragment map, the superblock totals, the summary
 * area, cg header fields; set outright or nudged by a little so that
 * they pass range checks but disagree with the maps).  The result is
 * mounted, walked, then mounted read-write and changed (tf_write_phase:
 * create, write, extend, truncate, rename, remove) and walked again; then
 * rumpffs fsck checks the mutated image.
 *
 * Findings: a crash, a sanitizer report (the core's arithmetic on a
 * corrupt counter is one), an error a corrupt image may not produce, a
 * kmem leak, or an fsck verdict outside its classes.  FFS_FUZZ_NO_FSCK=1
 * leaves fsck out (to look for core findings while an fsck one is open).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgmut.h"
#include "fsck.h"
#include "fuzz_bases.h"
#include "tf.h"

int64_t rumpns_kmem_inuse(void);
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char imgpath[256];
static FILE *devnull;
static int nofsck;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int fd;

	(void)argc;
	(void)argv;
	fz_setup();
	nofsck = getenv("FFS_FUZZ_NO_FSCK") != NULL;
	snprintf(imgpath, sizeof(imgpath), "%s/ffs-fuzz-cg.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	fd = mkstemp(imgpath);
	devnull = fopen("/dev/null", "w");
	if (fd < 0 || devnull == NULL) {
		perror("fuzz-ffs-cg");
		exit(1);
	}
	close(fd);
	return 0;
}

/* rumpffs fsck of the image in fz_work: a verdict, never a crash. */
static void
fsck_image(size_t len)
{
	struct fsck_summary sum;
	FILE *f = fopen(imgpath, "wb");
	int r;

	if (f == NULL || fwrite(fz_work, 1, len, f) != len || fclose(f) != 0)
		abort();
	r = rumpffs_fsck(imgpath, FSCK_QUIET | FSCK_NOSUMMARY, devnull, &sum);
	if (r != FSCK_EXIT_CLEAN && r != FSCK_EXIT_LEAKS &&
	    r != FSCK_EXIT_ERRORS && r != FSCK_EXIT_CANTCHECK)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tf_walk w;
	int64_t inuse = rumpns_kmem_inuse();
	char why[200];
	size_t len;
	int e;

	if (size < 1)
		return 0;
	len = fz_pick(data);
	if (tf_cg_mutate(fz_work, len, data + 1, size - 1) < 0)
		abort();	/* the bases mount: so must they here */
	memset(&w, 0, sizeof(w));
	w.write = true;
	w.budget = 64 << 10;
	w.maxinodes = 2000;
	e = tf_mount_walk(fz_work, len, &w, why, sizeof(why));
	if (!tf_clean_error(e) || !tf_clean_error(w.firsterr))
		abort();
	if (rumpns_kmem_inuse() != inuse)
		abort();
	if (!nofsck)
		fsck_image(len);
	return 0;
}
