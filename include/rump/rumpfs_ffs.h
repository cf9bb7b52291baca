/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rumpfs_ffs.h - the FFS file system component (librumpfs_ffs.a in a
 * process, rumpfs_ffs.ko in Linux): file system type "ffs"
 * (RUMP_MOUNT_FFS), read-only for now.
 *
 *	struct ufs_args args = { .fspec = "/dev/ffsimg" };
 *	rump_sys_mount(RUMP_MOUNT_FFS, "/mnt", RUMP_MNT_RDONLY, &args,
 *		       sizeof(args));
 *
 * fspec names a block device in the rump kernel (an etfs RUMP_ETFS_BLK
 * node).  A read-write mount (no RUMP_MNT_RDONLY), and an update to
 * read-write, fail with EROFS and a console message saying why.  A file
 * system whose WAPBL journal needs replay is refused (EROFS) as well:
 * there is no replay yet, and reading past a dirty journal would show
 * stale metadata; RUMP_MNT_RDONLY | RUMP_MNT_FORCE mounts it anyway.
 */
#ifndef _RUMP_RUMPFS_FFS_H_
#define _RUMP_RUMPFS_FFS_H_

/* NetBSD's mount data of FFS (<ufs/ufs/ufsmount.h>). */
struct ufs_args {
	char *fspec;		/* block special device to mount */
};

/* The component; registered automatically in a process (constructor). */
struct rump_component;
extern struct rump_component rump_ffs_component;

/*
 * For the Linux module: called with true by each mount (false refuses
 * it: the module is going away) and with false by each unmount, so that
 * the module cannot be unloaded while a file system of its type is
 * mounted.  NULL in a process.
 */
extern _Bool (*rumpns_ffs_vfs_hold)(_Bool hold);

#endif /* _RUMP_RUMPFS_FFS_H_ */
