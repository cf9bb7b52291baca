// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuzz_ffs_patch.c - structure-friendly libFuzzer target: the input is
 * a list of patches over one of the tiny makefs images (so that every
 * input is a nearly valid file system and the fuzzer spends its time in
 * inode, block-map and directory code rather than in superblock
 * rejection).  Byte 0 picks the base image, then 5-byte records:
 * u32 little-endian offset (modulo the image size) and the new byte.
 * The result is mounted, walked and read like in fuzz_ffs.c.
 *
 * The base images are read at start-up from FFS_SEEDS (default
 * build/ffs-seeds, written by `test-ffs seeds`).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rump/rump.h>

#include "tf.h"

int64_t rumpns_kmem_inuse(void);
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const bases[] = { "tiny-ufs1-le", "tiny-ufs1-be",
	"tiny-ufs2-le", "tiny-ufs2-be" };
#define NBASE (sizeof(bases) / sizeof(bases[0]))
static uint8_t *base[NBASE], *work;
static size_t baselen[NBASE], worklen;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("FFS_SEEDS");
	char path[1024];
	unsigned i;
	FILE *f;

	(void)argc;
	(void)argv;
	if (dir == NULL)
		dir = FFS_TOP "/build/ffs-seeds";
	for (i = 0; i < NBASE; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, bases[i]);
		f = fopen(path, "rb");
		if (f == NULL) {
			fprintf(stderr, "fuzz-ffs-patch: %s missing (run "
				"test-ffs seeds)\n", path);
			exit(1);
		}
		fseek(f, 0, SEEK_END);
		baselen[i] = (size_t)ftell(f);
		fseek(f, 0, SEEK_SET);
		base[i] = malloc(baselen[i]);
		if (fread(base[i], 1, baselen[i], f) != baselen[i])
			exit(1);
		fclose(f);
		if (baselen[i] > worklen)
			worklen = baselen[i];
	}
	work = malloc(worklen);
	/* The write phase takes kernel locks: a kernel, and a CPU of it. */
	if (rump_init() != 0)
		exit(1);
	rump_schedule();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tf_walk w;
	int64_t inuse = rumpns_kmem_inuse();
	char why[200];
	unsigned b;
	size_t i, len;
	int e;

	if (size < 1)
		return 0;
	b = data[0] % NBASE;
	len = baselen[b];
	memcpy(work, base[b], len);
	for (i = 1; i + 5 <= size; i += 5) {
		uint32_t off = (uint32_t)data[i] | (uint32_t)data[i + 1] << 8 |
			(uint32_t)data[i + 2] << 16 | (uint32_t)data[i + 3] << 24;

		work[off % len] = data[i + 4];
	}
	memset(&w, 0, sizeof(w));
	w.write = true;
	w.budget = 64 << 10;
	w.maxinodes = 2000;
	e = tf_mount_walk(work, len, &w, why, sizeof(why));
	if (!tf_clean_error(e) || !tf_clean_error(w.firsterr))
		abort();
	if (rumpns_kmem_inuse() != inuse)
		abort();
	return 0;
}
