/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_bases.h - what the structure-aware fuzz targets (fuzz_ffs_cg.c,
 * fuzz_ffs_tool.c) and their replay (fuzzcheck.c) share: the tiny
 * base images and the one rump kernel of the process.
 */
#ifndef _TESTS_FFS_FUZZ_BASES_H_
#define _TESTS_FFS_FUZZ_BASES_H_

#include <stddef.h>
#include <stdint.h>

#define FZ_NBASE	4
extern const char *const fz_basename[FZ_NBASE];
extern uint8_t *fz_base[FZ_NBASE];
extern size_t fz_baselen[FZ_NBASE];
extern uint8_t *fz_work;	/* a buffer as long as the longest base */

/*
 * Load the bases from FFS_SEEDS (default build/ffs-seeds, written by
 * `test-ffs seeds`) once, boot the rump kernel once and take a CPU of it
 * (the write side takes kernel locks).  Exits when impossible: a fuzz run
 * or replay without its bases would test nothing.
 */
void fz_setup(void);

/* Copy base data[0] into fz_work: its length. */
size_t fz_pick(const uint8_t *data);

#endif /* _TESTS_FFS_FUZZ_BASES_H_ */
