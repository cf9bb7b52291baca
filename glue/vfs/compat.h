/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - the differences between the kernels rumpvfs_linux builds
 * against (Debian's 6.1 and 6.12), as probed by Kbuild in the headers:
 * id-mapped mount arguments, timestamp accessors, splice helpers.
 */
#ifndef RVL_COMPAT_H
#define RVL_COMPAT_H

#include <linux/fs.h>

/* struct rvl_idmap: the id-mapping argument of inode operations. */
#ifdef RVL_HAVE_MNT_IDMAP
#define rvl_idmap mnt_idmap
#else
#define rvl_idmap user_namespace
#endif

#ifdef RVL_FILLATTR_MASK
#define rvl_fillattr(idmap, mask, inode, st) \
	generic_fillattr(idmap, mask, inode, st)
#else
#define rvl_fillattr(idmap, mask, inode, st) \
	generic_fillattr(idmap, inode, st)
#endif

#ifdef RVL_HAVE_TS_ACCESSORS
static inline void rvl_set_times(struct inode *inode, struct timespec64 a,
				 struct timespec64 m, struct timespec64 c)
{
	inode_set_atime_to_ts(inode, a);
	inode_set_mtime_to_ts(inode, m);
	inode_set_ctime_to_ts(inode, c);
}
#else
static inline void rvl_set_times(struct inode *inode, struct timespec64 a,
				 struct timespec64 m, struct timespec64 c)
{
	inode->i_atime = a;
	inode->i_mtime = m;
	inode->i_ctime = c;
}
#endif

#ifdef RVL_HAVE_FILEMAP_SPLICE
#define rvl_splice_read filemap_splice_read
#else
#define rvl_splice_read generic_file_splice_read
#endif

#endif /* RVL_COMPAT_H */
