/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vfs/rumpns_vfs.h - the rename map of the VFS component's internal
 * symbols (see kern/rumpns.h for why): every global symbol of sys/vfs
 * that is not public (rump_*) gets the rumpns_ prefix.  vfs/vfs.h
 * includes it first.  scripts/check-symbols checks librumpvfs.a too.
 */
#ifndef _VFS_RUMPNS_VFS_H_
#define _VFS_RUMPNS_VFS_H_

#include "kern/rumpns.h"

#define VOP_ACCESS	rumpns_VOP_ACCESS
#define VOP_UNLOCK	rumpns_VOP_UNLOCK
#define bdwrite	rumpns_bdwrite
#define bflush	rumpns_bflush
#define bflush_range	rumpns_bflush_range
#define binval	rumpns_binval
#define binval_range	rumpns_binval_range
#define blkdev_rw	rumpns_blkdev_rw
#define bread	rumpns_bread
#define breadn	rumpns_breadn
#define brelse	rumpns_brelse
#define bufcache_fini	rumpns_bufcache_fini
#define bufcache_getstats	rumpns_bufcache_getstats
#define bufcache_init	rumpns_bufcache_init
#define bufcache_setbudget	rumpns_bufcache_setbudget
#define bufcache_stop_syncer	rumpns_bufcache_stop_syncer
#define bwrite	rumpns_bwrite
#define cwd_fini	rumpns_cwd_fini
#define cwd_get	rumpns_cwd_get
#define cwd_init	rumpns_cwd_init
#define cwd_set	rumpns_cwd_set
#define cwd_umask	rumpns_cwd_umask
#define getblk	rumpns_getblk
#define mountlist_lock	rumpns_mountlist_lock
#define namei	rumpns_namei
#define namei_done	rumpns_namei_done
#define pathbuf_copyin	rumpns_pathbuf_copyin
#define pathbuf_free	rumpns_pathbuf_free
#define rootvnode	rumpns_rootvnode
#define rumpblk_close	rumpns_rumpblk_close
#define rumpblk_open	rumpns_rumpblk_open
#define rumpblk_rw	rumpns_rumpblk_rw
#define rumpfs_mknod_etfs	rumpns_rumpfs_mknod_etfs
#define rumpfs_remove_etfs	rumpns_rumpfs_remove_etfs
#define rumpfs_vfsops	rumpns_rumpfs_vfsops
#define rumpfs_vnode_blk	rumpns_rumpfs_vnode_blk
#define vaccess	rumpns_vaccess
#define vattr_null	rumpns_vattr_null
#define vcache_busy	rumpns_vcache_busy
#define vcache_fini	rumpns_vcache_fini
#define vcache_get	rumpns_vcache_get
#define vcache_getstats	rumpns_vcache_getstats
#define vcache_init	rumpns_vcache_init
#define vcache_lock	rumpns_vcache_lock
#define vcache_revoke_mount	rumpns_vcache_revoke_mount
#define vflush_unused	rumpns_vflush_unused
#define vfs_attach	rumpns_vfs_attach
#define vfs_closedevice	rumpns_vfs_closedevice
#define vfs_component_running	rumpns_vfs_component_running
#define vfs_detach	rumpns_vfs_detach
#define vfs_domount	rumpns_vfs_domount
#define vfs_dounmount	rumpns_vfs_dounmount
#define vfs_doupdate	rumpns_vfs_doupdate
#define vfs_getstatvfs	rumpns_vfs_getstatvfs
#define vfs_mount_fini	rumpns_vfs_mount_fini
#define vfs_mount_init	rumpns_vfs_mount_init
#define vfs_opendevice	rumpns_vfs_opendevice
#define vfs_oplock	rumpns_vfs_oplock
#define vfs_sync_all	rumpns_vfs_sync_all
#define vfs_syscalls_fini	rumpns_vfs_syscalls_fini
#define vfs_syscalls_init	rumpns_vfs_syscalls_init
#define vn_fullpath	rumpns_vn_fullpath
#define vn_lock	rumpns_vn_lock
#define vn_open	rumpns_vn_open
#define vn_rdwr	rumpns_vn_rdwr
#define vn_stat	rumpns_vn_stat
#define vn_truncate	rumpns_vn_truncate
#define vnops	rumpns_vnops
#define vput	rumpns_vput
#define vref	rumpns_vref
#define vrele	rumpns_vrele
#define vtype_from_mode	rumpns_vtype_from_mode
#define vtype_to_ifmt	rumpns_vtype_to_ifmt

#endif /* _VFS_RUMPNS_VFS_H_ */
