/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fsck.h - rumpffs fsck: a strict, read-only checker for FFS images
 * (UFS1/UFS2, either byte order), written as an oracle independent of
 * the core's read and write paths (tools/rumpffs/fsck.c).
 *
 * Host code: libc and <stdio.h> are fine here.
 *
 * Classes.  Each problem found is a leak or an error; the exit status is
 * the worst class (0 none, 1 leaks only, 2 errors; 8 cannot check).
 *
 * A leak is exactly what a crash of sys/fs/ffs's synchronous ordering
 * (ffs_ns.c header; ffs_core_ifree; allocation writes the cg before the
 * inode) provably leaves, and what BSD fsck_ffs repairs silently in
 * preen mode; nothing is lost, space or inodes are held:
 *   - fragments marked allocated but unreferenced; an inode marked in
 *     use but free (mode 0); an inode no entry names; a free inode with
 *     nlink or di_blocks left; a link count ABOVE its references;
 *     di_blocks off; pointers past EOF; fs_fmod/fs_ronly set on disk;
 *   - only while fs_clean is 0 (on a clean fs these are errors):
 *     summary counts (summary area, fs_cstotal, UFS1 fs_old_cstotal in
 *     the old layout) that disagree with the cgs, a cg's cs_ndir above
 *     the directories counted; an EMPTY directory no entry names (mkdir
 *     cut short between its first chunk and its name: its parent counts
 *     its ".."); a directory with exactly TWO names whose ".." names one
 *     of the two parents (a directory rename cut short between the new
 *     name and the old name's removal).  Decided on fsck_ffs's own
 *     handling (sbin/fsck_ffs/pass2.c): both NetBSD's and FreeBSD's call
 *     the second name an "extraneous hard link to directory" and treat
 *     it as a preen-mode condition, not a fatal one -- NetBSD warns and
 *     leaves it (IGNORED), FreeBSD (fix_extraneous) removes the name
 *     ".." disagrees with (REMOVED).  Nothing is lost either way, so it
 *     is a leak; but only in that exact shape.
 * An error is everything else.  Among the findings a crash must never
 * leave: any link count BELOW its references, a directory's included
 * (ffs_ns.c raises counts before writing the entries they count, and
 * empties a removed directory before its parent's count drops; fsck_ffs
 * refuses to raise a link count in preen mode); a directory with one
 * name and a ".." naming another directory, three or more names, two
 * names with ".." naming neither, unreachable with entries or in a
 * cycle; a cs_ndir below the directories counted; a referenced fragment
 * marked free, a fragment claimed twice, bad pointers, entries or cg
 * headers; and a WAPBL journal not replayed (FS_DOWAPBL set, log not
 * empty: the image is the state before the replay).
 * UFS1 with FS_FLAGS_UPDATED: fs_old_cstotal is not checked (NetBSD
 * leaves it as it was and keeps fs_cstotal only).
 */
#ifndef _RUMPFFS_FSCK_H_
#define _RUMPFFS_FSCK_H_

#include <stdint.h>
#include <stdio.h>

/* Exit status of rumpffs_fsck() and of "rumpffs fsck". */
#define FSCK_EXIT_CLEAN		0	/* no problem found */
#define FSCK_EXIT_LEAKS		1	/* only leaks (see Classes above) */
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
