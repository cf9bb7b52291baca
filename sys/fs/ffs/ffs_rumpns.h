/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ffs_rumpns.h - the rename map of sys/fs/ffs: every global symbol of the
 * FFS core gets the rumpns_ prefix at compile time, as sys/kern does with
 * kern/rumpns.h (inside Linux we share the host kernel's namespace, in
 * userspace libc's).  A separate header so that host programs including
 * ffs_core.h see the same names.  scripts/check-symbols enforces it.
 */
#ifndef _FFS_RUMPNS_H_
#define _FFS_RUMPNS_H_

#define ffs_core_bmap		rumpns_ffs_core_bmap
#define ffs_core_iget		rumpns_ffs_core_iget
#define ffs_core_info		rumpns_ffs_core_info
#define ffs_core_lookup		rumpns_ffs_core_lookup
#define ffs_core_mount		rumpns_ffs_core_mount
#define ffs_core_namei		rumpns_ffs_core_namei
#define ffs_core_read		rumpns_ffs_core_read
#define ffs_core_readdir	rumpns_ffs_core_readdir
#define ffs_core_readlink	rumpns_ffs_core_readlink
#define ffs_core_seekdata	rumpns_ffs_core_seekdata
#define ffs_core_statvfs	rumpns_ffs_core_statvfs
#define ffs_core_unmount	rumpns_ffs_core_unmount
#define ffs_core_sync		rumpns_ffs_core_sync
#define ffs_core_setrw		rumpns_ffs_core_setrw
#define ffs_core_isrw		rumpns_ffs_core_isrw
#define ffs_core_iupdate	rumpns_ffs_core_iupdate
#define ffs_core_write		rumpns_ffs_core_write
#define ffs_core_balloc		rumpns_ffs_core_balloc
#define ffs_core_truncate	rumpns_ffs_core_truncate
#define ffs_core_fsync		rumpns_ffs_core_fsync
#define ffs_core_create		rumpns_ffs_core_create
#define ffs_core_link		rumpns_ffs_core_link
#define ffs_core_remove		rumpns_ffs_core_remove
#define ffs_core_rmdir		rumpns_ffs_core_rmdir
#define ffs_core_rename		rumpns_ffs_core_rename
#define ffs_core_ifree		rumpns_ffs_core_ifree
/* Internal (ffs_fs.h). */
#define ffs_blk_ok		rumpns_ffs_blk_ok
#define ffs_sbwrite		rumpns_ffs_sbwrite
#define ffs_alloc_fini		rumpns_ffs_alloc_fini
#define ffs_alloc_init		rumpns_ffs_alloc_init
#define ffs_resv_release	rumpns_ffs_resv_release
#define ffs_ifree_bit		rumpns_ffs_ifree_bit
#define ffs_blkfree		rumpns_ffs_blkfree
#define ffs_fragextend		rumpns_ffs_fragextend
#define ffs_fragalloc		rumpns_ffs_fragalloc
#define ffs_blkalloc		rumpns_ffs_blkalloc
#define ffs_now			rumpns_ffs_now
#define ffs_ialloc		rumpns_ffs_ialloc
#define ffs_ino_devoff		rumpns_ffs_ino_devoff
#define ffs_devwrite		rumpns_ffs_devwrite
#define ffs_dir_enter		rumpns_ffs_dir_enter
#define ffs_dir_remove		rumpns_ffs_dir_remove
#define ffs_dir_rewrite		rumpns_ffs_dir_rewrite
#define ffs_dir_isempty		rumpns_ffs_dir_isempty
#define ffs_bmap		rumpns_ffs_bmap
#define ffs_devread		rumpns_ffs_devread
#define ffs_dirchunk_check	rumpns_ffs_dirchunk_check
#define ffs_rctx_fini		rumpns_ffs_rctx_fini
#define ffs_rctx_init		rumpns_ffs_rctx_init
#define ffs_readblk		rumpns_ffs_readblk
#define ffs_wapbl_check		rumpns_ffs_wapbl_check

#endif /* _FFS_RUMPNS_H_ */
