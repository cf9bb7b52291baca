// SPDX-License-Identifier: BSD-2-Clause
/*
 * ffs_wapbl.c - is the WAPBL journal empty?
 *
 * The core does not replay journals.  A file system with FS_DOWAPBL set
 * may still be read safely if its log holds nothing: the log starts with
 * two commit headers (magic "WABL", one per log block); the one with the
 * higher generation is current, and head = tail = 0 there means empty.
 * Anything we cannot read or understand counts as dirty.  Log contents are
 * in the writer's native byte order, so the header's own magic decides.
 */
#include "ffs_fs.h"

#define UFS_WAPBL_VERSION		1
#define UFS_WAPBL_JOURNALLOC_END_PARTITION	1
#define UFS_WAPBL_JOURNALLOC_IN_FILESYSTEM	2
#define WAPBL_WC_HEADER			0x5741424c	/* "WABL" */
/* struct wapbl_wc_header */
#define WC_TYPE		0
#define WC_GENERATION	12
#define WC_HEAD		64
#define WC_TAIL		72
#define WC_HDRLEN	80

int
ffs_wapbl_check(struct ffs_core *fs, const uint8_t *sb)
{
	uint8_t hdr[2][WC_HDRLEN];
	uint64_t addr, count, blksz, off;
	uint32_t gen[2];
	bool sw;
	int i, best;

	if (sb[SB_JOURNAL_VERSION] == 0 && sb[SB_JOURNAL_LOCATION] == 0) {
		/*
		 * No journal described: on FreeBSD 0x100 is FS_NFS4ACLS, and
		 * NetBSD itself treats a flag without a log as stale.
		 */
		return FFS_WAPBL_NONE;
	}
	if (sb[SB_JOURNAL_VERSION] != UFS_WAPBL_VERSION ||
	    (sb[SB_JOURNAL_LOCATION] != UFS_WAPBL_JOURNALLOC_END_PARTITION &&
	     sb[SB_JOURNAL_LOCATION] != UFS_WAPBL_JOURNALLOC_IN_FILESYSTEM))
		return FFS_WAPBL_DIRTY;
	/* journallocs: start (512-byte sectors), count, block size. */
	addr = fs64(fs, sb, SB_JOURNALLOCS);
	count = fs64(fs, sb, SB_JOURNALLOCS + 8);
	blksz = fs64(fs, sb, SB_JOURNALLOCS + 16);
	if (blksz < 512 || blksz > 65536 || (blksz & (blksz - 1)) != 0 ||
	    count < 2 || addr > fs->dev.size / 512)
		return FFS_WAPBL_DIRTY;
	off = addr * 512;
	if (off + 2 * blksz > fs->dev.size || off + 2 * blksz < off)
		return FFS_WAPBL_DIRTY;
	best = -1;
	for (i = 0; i < 2; i++) {
		gen[i] = 0;
		if (fs->dev.read(fs->dev.ctx, off + (uint64_t)i * blksz,
				 hdr[i], WC_HDRLEN) != 0)
			continue;
		if (ffs_ld32(false, hdr[i] + WC_TYPE) == WAPBL_WC_HEADER)
			sw = false;
		else if (ffs_ld32(true, hdr[i] + WC_TYPE) == WAPBL_WC_HEADER)
			sw = true;
		else
			continue;
		gen[i] = ffs_ld32(sw, hdr[i] + WC_GENERATION);
		if (best < 0 || gen[i] > gen[best])
			best = i;
		/* head and tail are read in the same order below */
		if (sw) {
			uint64_t h = ffs_ld64(true, hdr[i] + WC_HEAD);
			uint64_t t = ffs_ld64(true, hdr[i] + WC_TAIL);

			memcpy(hdr[i] + WC_HEAD, &h, 8);
			memcpy(hdr[i] + WC_TAIL, &t, 8);
		}
	}
	if (best < 0)
		return FFS_WAPBL_DIRTY;
	if (ffs_ld64(false, hdr[best] + WC_HEAD) == 0 &&
	    ffs_ld64(false, hdr[best] + WC_TAIL) == 0)
		return FFS_WAPBL_EMPTY;
	return FFS_WAPBL_DIRTY;
}
