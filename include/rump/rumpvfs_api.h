/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rumpvfs_api.h - the vnode-level API of the VFS component, for glue code
 * that drives rump file systems from another kernel's VFS (the Linux glue
 * mapping inodes to vnodes) rather than through descriptors.
 *
 * Vnodes are opaque here.  Every function returning one returns it
 * referenced: release it with rump_vfs_vrele() (take more references with
 * rump_vfs_vref()).  Functions enter and leave the rump kernel themselves
 * (callable from any host thread outside it) and return 0 or a NetBSD
 * errno, never through errno.
 *
 * Permissions are not checked here: the caller's VFS has done that with
 * its own credentials; the calls run as the rump kernel's superuser.
 * Read-only mounts are still enforced (EROFS).  Names are single path
 * components (no '/', at most RUMP_NAME_MAX bytes): "." and ".." are
 * resolved (".." crossing mount points upward), and a name that is a
 * mount point yields the root of what is mounted there.  A vnode must
 * not outlive the component (module unload, rump kernel shutdown).
 */
#ifndef _RUMP_RUMPVFS_API_H_
#define _RUMP_RUMPVFS_API_H_

#include <rump/rump_types.h>
#include <rump/rump_syscalls.h>

struct vnode;

/* va_type: NetBSD's enum vtype. */
#define RUMP_VNON	0
#define RUMP_VREG	1
#define RUMP_VDIR	2
#define RUMP_VBLK	3
#define RUMP_VCHR	4
#define RUMP_VLNK	5
#define RUMP_VSOCK	6
#define RUMP_VFIFO	7
#define RUMP_VBAD	8

/* Unchanged field value for rump_vfs_setattr (all bits set). */
#define RUMP_VNOVAL	(~0ULL)

struct rump_vattr {
	uint32_t va_type;		/* RUMP_V* */
	uint32_t va_mode;		/* permission bits, no file type */
	uint32_t va_nlink;
	uint32_t va_uid;
	uint32_t va_gid;
	uint32_t va_blksize;
	uint64_t va_fsid;
	uint64_t va_fileid;		/* inode number */
	uint64_t va_size;
	uint64_t va_bytes;
	uint64_t va_rdev;
	struct rump_timespec va_atime, va_mtime, va_ctime, va_birthtime;
};

/* ---- reading --------------------------------------------------------- */
int rump_vfs_root(struct vnode **vpp);
/* A path from the root (absolute) or from dvp (NULL: the root). */
int rump_vfs_namei(struct vnode *dvp, const char *path, int follow,
		   struct vnode **vpp);
/* One name in directory dvp; symlinks are returned, not followed. */
int rump_vfs_lookup(struct vnode *dvp, const char *name, struct vnode **vpp);
void rump_vfs_vref(struct vnode *vp);
void rump_vfs_vrele(struct vnode *vp);
int rump_vfs_getattr(struct vnode *vp, struct rump_vattr *va);
/*
 * Directory entries as struct rump_dirent records into buf, from *cookie
 * (0 = the start), which is advanced; *eof set at the end.  *done bytes
 * were produced (0 with *eof: no more; EINVAL: buf too small for one).
 */
int rump_vfs_readdir(struct vnode *vp, uint64_t *cookie, void *buf,
		     size_t len, size_t *done, int *eof);
int rump_vfs_read(struct vnode *vp, void *buf, size_t len, int64_t off,
		  size_t *done);
int rump_vfs_readlink(struct vnode *vp, char *buf, size_t len, size_t *done);
int rump_vfs_statvfs(struct vnode *vp, struct rump_statvfs *sb);

/* ---- writing ----------------------------------------------------------- */
int rump_vfs_create(struct vnode *dvp, const char *name, uint32_t mode,
		    struct vnode **vpp);
int rump_vfs_mkdir(struct vnode *dvp, const char *name, uint32_t mode,
		   struct vnode **vpp);
int rump_vfs_symlink(struct vnode *dvp, const char *name, const char *target,
		     struct vnode **vpp);
int rump_vfs_link(struct vnode *dvp, struct vnode *vp, const char *name);
int rump_vfs_remove(struct vnode *dvp, const char *name);
int rump_vfs_rmdir(struct vnode *dvp, const char *name);
int rump_vfs_rename(struct vnode *fdvp, const char *fname,
		    struct vnode *tdvp, const char *tname);
int rump_vfs_write(struct vnode *vp, const void *buf, size_t len, int64_t off,
		   size_t *done);
/* Fields equal to RUMP_VNOVAL (truncated to their width) stay unchanged;
 * va_type, va_nlink, va_fsid, va_fileid, va_bytes, va_rdev are ignored. */
int rump_vfs_setattr(struct vnode *vp, const struct rump_vattr *va);
int rump_vfs_fsync(struct vnode *vp);

#endif /* _RUMP_RUMPVFS_API_H_ */
