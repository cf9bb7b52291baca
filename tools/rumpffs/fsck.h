/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fsck.h - rumpffs fsck: a strict, read-only checker for FFS images
 * (UFS1/UFS2, either byte order), written as an oracle independent of
 * the core's read and write paths (tools/rumpffs/fsck.c).
 *
 * Host code: libc and <stdio.h> are fine here.
 */
#ifndef _RUMPFFS_FSCK_H_
#define _RUMPFFS_FSCK_H_

#include <stdint.h>
#include <stdio.h>

/* Exit status of rumpffs_fsck() and of "rumpffs fsck". */
#define FSCK_EXIT_CLEAN		0	/* no problem found */
#define FSCK_EXIT_LEAKS		1	/* only leaks (harmless) */
#define FSCK_EXIT_ERRORS	2	/* at least one error */
#define FSCK_EXIT_CANTCHECK	8	/* cannot read the image / usage */

/* rumpffs_fsck() flags */
#define FSCK_QUIET	0x01	/* no problem lines, only counts (and summary) */
#define FSCK_NOSUMMARY	0x02	/* no final summary line */

struct fsck_summary {
	uint64_t files;		/* allocated inodes (valid ones) */
	uint64_t dirs;
	uint64_t used;		/* data-area fragments in use (cg maps) */
	uint64_t free;		/* free fragments (cg maps) */
	uint64_t freefrags;	/* of which in partly used blocks */
	uint64_t freeblocks;	/* whole free blocks */
	uint64_t leaks;		/* problems of class leak */
	uint64_t errors;	/* problems of class error */
	int clean;		/* fs_clean as on disk */
	int ufs;		/* 1 or 2 */
};

/*
 * Check the image (a file or block device; never written).  Problem
 * lines and the summary go to report (may be NULL: nothing printed).
 * Returns an FSCK_EXIT_* value; *sum (if not NULL) is filled whenever the
 * image could be checked.
 */
int rumpffs_fsck(const char *image, int flags, FILE *report,
		 struct fsck_summary *sum);

/* The "rumpffs fsck [-n|-y] IMAGE" command (argv[0] = "fsck"). */
int rumpffs_fsck_main(int argc, char **argv);

#endif /* _RUMPFFS_FSCK_H_ */
