// SPDX-License-Identifier: BSD-2-Clause
/*
 * vfs_api.c - the vnode-level API (<rump/rumpvfs_api.h>) for glue code
 * that maps another VFS's inodes onto rump vnodes.  Each call enters the
 * kernel, runs the same namei and vnode operations the system calls use
 * (without their permission checks: the caller's VFS made them), and
 * leaves.
 */
#include "vfs/vfs.h"
#include "kern/systm.h"
#include "kern/kmem.h"
#include "kern/proc.h"

#include <rump/rump.h>
#include <rump/rumpvfs_api.h>

CTASSERT(VNON == RUMP_VNON && VREG == RUMP_VREG && VDIR == RUMP_VDIR &&
	 VLNK == RUMP_VLNK && VBAD == RUMP_VBAD);

static int api_enter(void)
{
	if (!rump_booted() || !vfs_component_running())
		return ENXIO;
	rump_schedule();
	rw_enter(&vfs_oplock, RW_READER);	/* see vfs.h */
	return 0;
}

static void api_leave(void)
{
	rw_exit(&vfs_oplock);
	rump_unschedule();
}

static bool valid_name(const char *name)
{
	size_t len = strnlen(name, NAME_MAX + 1);

	return len > 0 && len <= NAME_MAX && strchr(name, '/') == NULL;
}

static bool rdonly(struct vnode *vp)
{
	return vp->v_mount == NULL ||
	    (vp->v_mount->mnt_flag & RUMP_MNT_RDONLY) != 0;
}

/* namei from dvp (NULL: root) with op; caller inside the kernel. */
static int api_namei(struct vnode *dvp, const char *path, enum nameiop op,
		     int flags, struct nameidata *nd)
{
	memset(nd, 0, sizeof(*nd));
	nd->ni_path = path;
	nd->ni_op = op;
	nd->ni_flags = flags;
	nd->ni_startdir = dvp ? dvp : rootvnode;
	nd->ni_cred = NULL;	/* superuser: the caller checked */
	return namei(nd);
}

int rump_vfs_root(struct vnode **vpp)
{
	int error = api_enter();

	if (error)
		return error;
	vref(rootvnode);
	*vpp = rootvnode;
	api_leave();
	return 0;
}

int rump_vfs_namei(struct vnode *dvp, const char *path, int follow,
		   struct vnode **vpp)
{
	struct nameidata nd;
	int error = api_enter();

	if (error)
		return error;
	error = api_namei(dvp, path, LOOKUP, follow ? FOLLOW : NOFOLLOW, &nd);
	if (error == 0) {
		*vpp = nd.ni_vp;
		nd.ni_vp = NULL;
		namei_done(&nd);
	}
	api_leave();
	return error;
}

int rump_vfs_lookup(struct vnode *dvp, const char *name, struct vnode **vpp)
{
	if (!valid_name(name))
		return strnlen(name, NAME_MAX + 1) > NAME_MAX ? ENAMETOOLONG :
		    EINVAL;
	return rump_vfs_namei(dvp, name, 0, vpp);
}

void rump_vfs_vref(struct vnode *vp)
{
	if (api_enter() == 0) {
		vref(vp);
		api_leave();
	}
}

void rump_vfs_vrele(struct vnode *vp)
{
	if (api_enter() == 0) {
		vrele(vp);
		api_leave();
	}
}

int rump_vfs_getattr(struct vnode *vp, struct rump_vattr *rva)
{
	struct vattr va;
	int error = api_enter();

	if (error)
		return error;
	vn_lock(vp, LK_SHARED);
	error = vp->v_op->vop_getattr ? vp->v_op->vop_getattr(vp, &va) : EIO;
	VOP_UNLOCK(vp);
	api_leave();
	if (error)
		return error;
	memset(rva, 0, sizeof(*rva));
	rva->va_type = va.va_type;
	rva->va_mode = va.va_mode;
	rva->va_nlink = va.va_nlink;
	rva->va_uid = va.va_uid;
	rva->va_gid = va.va_gid;
	rva->va_blksize = va.va_blksize;
	rva->va_fsid = va.va_fsid;
	rva->va_fileid = va.va_fileid;
	rva->va_size = va.va_size;
	rva->va_bytes = va.va_bytes;
	rva->va_rdev = va.va_rdev;
	rva->va_atime.tv_sec = va.va_atime.tv_sec;
	rva->va_atime.tv_nsec = va.va_atime.tv_nsec;
	rva->va_mtime.tv_sec = va.va_mtime.tv_sec;
	rva->va_mtime.tv_nsec = va.va_mtime.tv_nsec;
	rva->va_ctime.tv_sec = va.va_ctime.tv_sec;
	rva->va_ctime.tv_nsec = va.va_ctime.tv_nsec;
	rva->va_birthtime.tv_sec = va.va_birthtime.tv_sec;
	rva->va_birthtime.tv_nsec = va.va_birthtime.tv_nsec;
	return 0;
}

int rump_vfs_readdir(struct vnode *vp, uint64_t *cookie, void *buf,
		     size_t len, size_t *done, int *eof)
{
	struct iovec iov = { buf, len };
	struct uio uio = { &iov, 1, 0, len, UIO_READ, UIO_SYSSPACE };
	off_t off = (off_t)*cookie;
	bool e = false;
	int error = api_enter();

	if (error)
		return error;
	if (vp->v_type != VDIR)
		error = ENOTDIR;
	else if (vp->v_op->vop_readdir == NULL)
		error = EOPNOTSUPP;
	else {
		vn_lock(vp, LK_SHARED);
		error = vp->v_op->vop_readdir(vp, &uio, &off, &e);
		VOP_UNLOCK(vp);
	}
	api_leave();
	*cookie = (uint64_t)off;
	*done = len - uio.uio_resid;
	*eof = e;
	return error;
}

static int api_rw(struct vnode *vp, enum uio_rw rw, void *buf, size_t len,
		  int64_t off, size_t *done)
{
	size_t resid = len;
	int error = api_enter();

	if (error)
		return error;
	if (vp->v_type == VDIR)
		error = EISDIR;
	else if (off < 0)
		error = EINVAL;
	else if (rw == UIO_WRITE && rdonly(vp) && vp->v_type == VREG)
		error = EROFS;
	else
		error = vn_rdwr(vp, rw, buf, len, off, &resid);
	api_leave();
	*done = len - resid;
	return error;
}

int rump_vfs_read(struct vnode *vp, void *buf, size_t len, int64_t off,
		  size_t *done)
{
	return api_rw(vp, UIO_READ, buf, len, off, done);
}

int rump_vfs_write(struct vnode *vp, const void *buf, size_t len, int64_t off,
		   size_t *done)
{
	return api_rw(vp, UIO_WRITE, __UNCONST(buf), len, off, done);
}

int rump_vfs_readlink(struct vnode *vp, char *buf, size_t len, size_t *done)
{
	struct iovec iov = { buf, len };
	struct uio uio = { &iov, 1, 0, len, UIO_READ, UIO_SYSSPACE };
	int error = api_enter();

	if (error)
		return error;
	if (vp->v_type != VLNK || vp->v_op->vop_readlink == NULL)
		error = EINVAL;
	else {
		vn_lock(vp, LK_SHARED);
		error = vp->v_op->vop_readlink(vp, &uio);
		VOP_UNLOCK(vp);
	}
	api_leave();
	*done = len - uio.uio_resid;
	return error;
}

int rump_vfs_statvfs(struct vnode *vp, struct rump_statvfs *sb)
{
	int error = api_enter();

	if (error)
		return error;
	error = vp->v_mount ? vfs_getstatvfs(vp->v_mount, sb) : EIO;
	api_leave();
	return error;
}

/* ---- namespace changes ------------------------------------------------------ */

enum api_newop { NEW_FILE, NEW_DIR, NEW_LINK };

static int api_new(struct vnode *dvp, const char *name, enum api_newop op,
		   uint32_t mode, const char *target, struct vnode **vpp)
{
	struct nameidata nd;
	struct vattr va;
	struct vnode *vp = NULL;
	int error;

	if (!valid_name(name))
		return strnlen(name, NAME_MAX + 1) > NAME_MAX ? ENAMETOOLONG :
		    EINVAL;
	if (target && strnlen(target, MAXPATHLEN) >= MAXPATHLEN)
		return ENAMETOOLONG;
	if ((error = api_enter()) != 0)
		return error;
	error = api_namei(dvp, name, CREATE, NOFOLLOW, &nd);
	if (error == 0 && (nd.ni_vp != NULL || nd.ni_dvp == NULL))
		error = EEXIST;
	if (error == 0 && rdonly(nd.ni_dvp))
		error = EROFS;
	if (error == 0) {
		const struct vnodeops *ops = nd.ni_dvp->v_op;

		vattr_null(&va);
		va.va_mode = mode & ALLPERMS;
		switch (op) {
		case NEW_FILE:
			va.va_type = VREG;
			error = ops->vop_create ? ops->vop_create(nd.ni_dvp,
			    &nd.ni_cn, &va, &vp) : EOPNOTSUPP;
			break;
		case NEW_DIR:
			va.va_type = VDIR;
			error = ops->vop_mkdir ? ops->vop_mkdir(nd.ni_dvp,
			    &nd.ni_cn, &va, &vp) : EOPNOTSUPP;
			break;
		case NEW_LINK:
			va.va_type = VLNK;
			va.va_mode = ACCESSPERMS;
			error = ops->vop_symlink ? ops->vop_symlink(nd.ni_dvp,
			    &nd.ni_cn, &va, target, &vp) : EOPNOTSUPP;
			break;
		}
	}
	namei_done(&nd);
	if (error == 0) {
		if (vpp)
			*vpp = vp;
		else
			vrele(vp);
	}
	api_leave();
	return error;
}

int rump_vfs_create(struct vnode *dvp, const char *name, uint32_t mode,
		    struct vnode **vpp)
{
	return api_new(dvp, name, NEW_FILE, mode, NULL, vpp);
}

int rump_vfs_mkdir(struct vnode *dvp, const char *name, uint32_t mode,
		   struct vnode **vpp)
{
	return api_new(dvp, name, NEW_DIR, mode, NULL, vpp);
}

int rump_vfs_symlink(struct vnode *dvp, const char *name, const char *target,
		     struct vnode **vpp)
{
	return api_new(dvp, name, NEW_LINK, 0, target, vpp);
}

int rump_vfs_link(struct vnode *dvp, struct vnode *vp, const char *name)
{
	struct nameidata nd;
	int error;

	if (!valid_name(name))
		return EINVAL;
	if ((error = api_enter()) != 0)
		return error;
	error = api_namei(dvp, name, CREATE, NOFOLLOW, &nd);
	if (error == 0 && (nd.ni_vp != NULL || nd.ni_dvp == NULL))
		error = EEXIST;
	if (error == 0 && vp->v_type == VDIR)
		error = EPERM;
	if (error == 0 && vp->v_mount != nd.ni_dvp->v_mount)
		error = EXDEV;
	if (error == 0 && rdonly(nd.ni_dvp))
		error = EROFS;
	if (error == 0)
		error = nd.ni_dvp->v_op->vop_link ?
		    nd.ni_dvp->v_op->vop_link(nd.ni_dvp, vp, &nd.ni_cn) :
		    EOPNOTSUPP;
	namei_done(&nd);
	api_leave();
	return error;
}

static int api_remove(struct vnode *dvp, const char *name, bool dir)
{
	struct nameidata nd;
	struct vnode *vp;
	int error;

	if (!valid_name(name))
		return EINVAL;
	if ((error = api_enter()) != 0)
		return error;
	error = api_namei(dvp, name, DELETE, NOFOLLOW, &nd);
	vp = nd.ni_vp;
	if (error == 0 && vp == NULL)
		error = ENOENT;
	if (error == 0 && (strcmp(name, ".") == 0 || strcmp(name, "..") == 0))
		error = EINVAL;
	if (error == 0 && (nd.ni_dvp == NULL || (vp->v_vflag & VV_ROOT) ||
			   vp->v_mountedhere != NULL))
		error = EBUSY;
	if (error == 0 && dir && vp->v_type != VDIR)
		error = ENOTDIR;
	if (error == 0 && rdonly(nd.ni_dvp))
		error = EROFS;
	if (error == 0) {
		const struct vnodeops *ops = nd.ni_dvp->v_op;

		if (dir)
			error = ops->vop_rmdir ? ops->vop_rmdir(nd.ni_dvp, vp,
			    &nd.ni_cn) : EOPNOTSUPP;
		else
			error = ops->vop_remove ? ops->vop_remove(nd.ni_dvp, vp,
			    &nd.ni_cn) : EOPNOTSUPP;
	}
	namei_done(&nd);
	api_leave();
	return error;
}

int rump_vfs_remove(struct vnode *dvp, const char *name)
{
	return api_remove(dvp, name, false);
}

int rump_vfs_rmdir(struct vnode *dvp, const char *name)
{
	return api_remove(dvp, name, true);
}

int rump_vfs_rename(struct vnode *fdvp, const char *fname,
		    struct vnode *tdvp, const char *tname)
{
	struct nameidata fnd, tnd;
	struct vnode *fvp, *tvp;
	int error;

	if (!valid_name(fname) || !valid_name(tname) ||
	    strcmp(fname, ".") == 0 || strcmp(fname, "..") == 0 ||
	    strcmp(tname, ".") == 0 || strcmp(tname, "..") == 0)
		return EINVAL;
	if ((error = api_enter()) != 0)
		return error;
	error = api_namei(fdvp, fname, DELETE, NOFOLLOW, &fnd);
	if (error == 0 && fnd.ni_vp == NULL)
		error = ENOENT;
	if (error) {
		namei_done(&fnd);
		api_leave();
		return error;
	}
	error = api_namei(tdvp, tname, RENAME, NOFOLLOW, &tnd);
	if (error) {
		namei_done(&fnd);
		api_leave();
		return error;
	}
	fvp = fnd.ni_vp;
	tvp = tnd.ni_vp;
	if ((fvp->v_vflag & VV_ROOT) || fvp->v_mountedhere ||
	    (tvp && ((tvp->v_vflag & VV_ROOT) || tvp->v_mountedhere)))
		error = EBUSY;
	else if (fnd.ni_dvp->v_mount != tnd.ni_dvp->v_mount)
		error = EXDEV;
	else if (rdonly(fnd.ni_dvp))
		error = EROFS;
	else
		error = fnd.ni_dvp->v_op->vop_rename ?
		    fnd.ni_dvp->v_op->vop_rename(fnd.ni_dvp, fvp, &fnd.ni_cn,
						 tnd.ni_dvp, tvp, &tnd.ni_cn) :
		    EOPNOTSUPP;
	namei_done(&tnd);
	namei_done(&fnd);
	api_leave();
	return error;
}

int rump_vfs_setattr(struct vnode *vp, const struct rump_vattr *rva)
{
	struct vattr va;
	int error;

	if ((error = api_enter()) != 0)
		return error;
	vattr_null(&va);
	if (rva->va_mode != (uint32_t)RUMP_VNOVAL)
		va.va_mode = rva->va_mode & ALLPERMS;
	if (rva->va_uid != (uint32_t)RUMP_VNOVAL)
		va.va_uid = rva->va_uid;
	if (rva->va_gid != (uint32_t)RUMP_VNOVAL)
		va.va_gid = rva->va_gid;
	if (rva->va_size != RUMP_VNOVAL)
		va.va_size = rva->va_size;
	if ((uint64_t)rva->va_atime.tv_sec != RUMP_VNOVAL) {
		va.va_atime.tv_sec = rva->va_atime.tv_sec;
		va.va_atime.tv_nsec = rva->va_atime.tv_nsec;
	}
	if ((uint64_t)rva->va_mtime.tv_sec != RUMP_VNOVAL) {
		va.va_mtime.tv_sec = rva->va_mtime.tv_sec;
		va.va_mtime.tv_nsec = rva->va_mtime.tv_nsec;
	}
	if (rdonly(vp))
		error = EROFS;
	else if (vp->v_op->vop_setattr == NULL)
		error = EOPNOTSUPP;
	else if (va.va_size != (uint64_t)VNOVAL && vp->v_type == VDIR)
		error = EISDIR;
	else {
		vn_lock(vp, LK_EXCLUSIVE);
		error = vp->v_op->vop_setattr(vp, &va);
		VOP_UNLOCK(vp);
	}
	api_leave();
	return error;
}

int rump_vfs_fsync(struct vnode *vp)
{
	int error;

	if ((error = api_enter()) != 0)
		return error;
	if (vp->v_op->vop_fsync) {
		vn_lock(vp, LK_EXCLUSIVE);
		error = vp->v_op->vop_fsync(vp, FSYNC_WAIT);
		VOP_UNLOCK(vp);
	}
	api_leave();
	return error;
}
