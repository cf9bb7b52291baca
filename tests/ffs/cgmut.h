/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cgmut.h - structure-aware mutations of the cg counters (cgmut.c).
 */
#ifndef _TESTS_FFS_CGMUT_H_
#define _TESTS_FFS_CGMUT_H_

#include <rump/rump_types.h>

/* The size of one mutation record (kind, cg, sel, value i32 LE). */
#define TF_CGMUT_REC	7

/*
 * Apply the records of rec[0..n) to the image: the number applied, -1 if
 * the image does not mount.
 */
int tf_cg_mutate(uint8_t *img, uint64_t len, const uint8_t *rec, size_t n);

/*
 * Read counter kind (0 cg_cs, 1 cg_frsum, 2 clustersum) number sel of
 * cg c: 0, or EINVAL when there is no such counter (clustersum beyond
 * contigsumsize).
 */
int tf_cg_get(const uint8_t *img, uint64_t len, int kind, unsigned c,
	      unsigned sel, int32_t *v);

#endif /* _TESTS_FFS_CGMUT_H_ */
