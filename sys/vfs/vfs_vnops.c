// SPDX-License-Identifier: BSD-2-Clause
/*
 * vfs_vnops.c - vnodes as open files (struct file with vnops), open with
 * NetBSD's flag semantics, stat, kernel-internal I/O on a vnode.
 */
#include "vfs/vfs.h"
#include "kern/systm.h"
#include "kern/kmem.h"
#include "kern/proc.h"

static int vn_fo_rw(struct file *fp, off_t *offp, struct uio *uio, int flags,
		    bool write)
{
	struct vnode *vp = fp->f_data;
	off_t off;
	int error, ioflag = 0;

	if (write && (fp->f_flag & FAPPEND))
		ioflag |= IO_APPEND;
	/* Type and ops under the vnode lock: a forced unmount changes them. */
	vn_lock(vp, write ? LK_EXCLUSIVE : LK_SHARED);
	if (vp->v_type == VDIR) {
		VOP_UNLOCK(vp);
		return EISDIR;
	}
	if (flags & FOF_UPDATE_OFFSET) {
		mutex_enter(&fp->f_lock);
		off = *offp;
		mutex_exit(&fp->f_lock);
	} else {
		off = *offp;
	}
	uio->uio_offset = off;
	if (write && vp->v_mount != NULL &&
	    (vp->v_mount->mnt_flag & RUMP_MNT_RDONLY) &&
	    (vp->v_type == VREG || vp->v_type == VDIR || vp->v_type == VLNK))
		error = EROFS;
	else if (write)
		error = vp->v_op->vop_write ?
		    vp->v_op->vop_write(vp, uio, ioflag) : EOPNOTSUPP;
	else
		error = vp->v_op->vop_read ?
		    vp->v_op->vop_read(vp, uio, ioflag) : EOPNOTSUPP;
	if (flags & FOF_UPDATE_OFFSET) {
		mutex_enter(&fp->f_lock);
		*offp = uio->uio_offset;
		mutex_exit(&fp->f_lock);
	}
	VOP_UNLOCK(vp);
	return error;
}

static int vn_fo_read(struct file *fp, off_t *offp, struct uio *uio,
		      int flags)
{
	return vn_fo_rw(fp, offp, uio, flags, false);
}

static int vn_fo_write(struct file *fp, off_t *offp, struct uio *uio,
		       int flags)
{
	return vn_fo_rw(fp, offp, uio, flags, true);
}

static int vn_fo_ioctl(struct file *fp, unsigned long cmd, void *data)
{
	struct vnode *vp = fp->f_data;
	struct vattr va;
	int error;

	if (cmd != RUMP_FIONREAD)
		return ENOTTY;
	vn_lock(vp, LK_SHARED);
	if (vp->v_type != VREG)
		error = ENOTTY;
	else
		error = vp->v_op->vop_getattr(vp, &va);
	VOP_UNLOCK(vp);
	if (error)
		return error;
	mutex_enter(&fp->f_lock);
	*(int *)data = (int)MIN((uint64_t)0x7fffffff,
	    va.va_size > (uint64_t)fp->f_offset ?
	    va.va_size - (uint64_t)fp->f_offset : 0);
	mutex_exit(&fp->f_lock);
	return 0;
}

static int vn_fo_poll(struct file *fp, int events)
{
	(void)fp;
	/* Files are always ready (no blocking I/O on them). */
	return events & (RUMP_POLLIN | RUMP_POLLOUT | RUMP_POLLRDNORM |
			 RUMP_POLLWRNORM);
}

static int vn_fo_stat(struct file *fp, struct kstat *st)
{
	struct vnode *vp = fp->f_data;
	struct vattr va;
	int error;

	vn_lock(vp, LK_SHARED);
	error = vp->v_op->vop_getattr ? vp->v_op->vop_getattr(vp, &va) : EIO;
	VOP_UNLOCK(vp);
	if (error)
		return error;
	st->st_mode = vtype_to_ifmt(va.va_type) | va.va_mode;
	st->st_size = va.va_size;
	st->st_blksize = va.va_blksize;
	return 0;
}

static int vn_fo_close(struct file *fp)
{
	struct vnode *vp = fp->f_data;

	if (fp->f_flag & FWRITE)
		__atomic_sub_fetch(&vp->v_writecount, 1, __ATOMIC_RELAXED);
	vn_lock(vp, LK_EXCLUSIVE);
	if (vp->v_op->vop_close)
		vp->v_op->vop_close(vp, fp->f_flag);
	VOP_UNLOCK(vp);
	vrele(vp);
	return 0;
}

const struct fileops vnops = {
	.fo_name = "vnode",
	.fo_read = vn_fo_read,
	.fo_write = vn_fo_write,
	.fo_ioctl = vn_fo_ioctl,
	.fo_poll = vn_fo_poll,
	.fo_stat = vn_fo_stat,
	.fo_close = vn_fo_close,
};

enum vtype vtype_from_mode(mode_t mode)
{
	switch (mode & S_IFMT) {
	case RUMP_S_IFREG: return VREG;
	case RUMP_S_IFDIR: return VDIR;
	case RUMP_S_IFLNK: return VLNK;
	case RUMP_S_IFBLK: return VBLK;
	case RUMP_S_IFCHR: return VCHR;
	case RUMP_S_IFIFO: return VFIFO;
	case RUMP_S_IFSOCK: return VSOCK;
	default: return VNON;
	}
}

mode_t vtype_to_ifmt(enum vtype t)
{
	switch (t) {
	case VREG: return RUMP_S_IFREG;
	case VDIR: return RUMP_S_IFDIR;
	case VLNK: return RUMP_S_IFLNK;
	case VBLK: return RUMP_S_IFBLK;
	case VCHR: return RUMP_S_IFCHR;
	case VFIFO: return RUMP_S_IFIFO;
	case VSOCK: return RUMP_S_IFSOCK;
	default: return 0;
	}
}

static bool mnt_rdonly(struct vnode *vp)
{
	return vp->v_mount != NULL &&
	    (vp->v_mount->mnt_flag & RUMP_MNT_RDONLY) != 0;
}

/* Truncate/extend vp (exclusively locked by the caller or not). */
static int vn_truncate_locked(struct vnode *vp, uint64_t size)
{
	struct vattr va;

	vattr_null(&va);
	va.va_size = size;
	return vp->v_op->vop_setattr ? vp->v_op->vop_setattr(vp, &va) :
	    EOPNOTSUPP;
}

int vn_open(const char *path, int oflags, mode_t cmode, struct vnode **vpp)
{
	struct nameidata nd;
	struct vnode *vp;
	int fmode = FFLAGS(oflags), mode = 0, error;
	bool created = false;

	if ((oflags & RUMP_O_ACCMODE) == RUMP_O_ACCMODE)
		return EINVAL;
	memset(&nd, 0, sizeof(nd));
	nd.ni_path = path;
	nd.ni_cred = kauth_cred_get();
	/* O_EXCL with O_CREAT never follows a final symlink (POSIX). */
	nd.ni_flags = (oflags & RUMP_O_NOFOLLOW) ||
	    ((oflags & (RUMP_O_CREAT | RUMP_O_EXCL)) ==
	     (RUMP_O_CREAT | RUMP_O_EXCL)) ? NOFOLLOW : FOLLOW;
	nd.ni_op = (oflags & RUMP_O_CREAT) ? CREATE : LOOKUP;
	error = namei(&nd);
	if (error)
		return error;
	vp = nd.ni_vp;
	if (oflags & RUMP_O_CREAT) {
		if (vp == NULL) {
			struct vnode *dvp = nd.ni_dvp;
			struct vattr va;

			if (nd.ni_trailingslash) {
				error = EISDIR;
				goto bad;
			}
			if (mnt_rdonly(dvp)) {
				error = EROFS;
				goto bad;
			}
			error = VOP_ACCESS(dvp, VWRITE | VEXEC, nd.ni_cred);
			if (error)
				goto bad;
			vattr_null(&va);
			va.va_type = VREG;
			va.va_mode = cmode & ALLPERMS & ~cwd_umask(0, false);
			error = dvp->v_op->vop_create ?
			    dvp->v_op->vop_create(dvp, &nd.ni_cn, &va, &vp) :
			    EOPNOTSUPP;
			if (error)
				goto bad;
			nd.ni_vp = vp;
			created = true;
			fmode &= ~RUMP_O_TRUNC;
		} else if (oflags & RUMP_O_EXCL) {
			error = EEXIST;
			goto bad;
		}
	} else if (vp == NULL) {
		error = ENOENT;
		goto bad;
	}
	if (vp->v_type == VLNK) {
		error = EFTYPE;		/* NetBSD's answer to O_NOFOLLOW */
		goto bad;
	}
	if ((oflags & RUMP_O_DIRECTORY) && vp->v_type != VDIR) {
		error = ENOTDIR;
		goto bad;
	}
	if ((oflags & RUMP_O_REGULAR) && vp->v_type != VREG) {
		error = EFTYPE;
		goto bad;
	}
	if (vp->v_type == VSOCK) {
		error = EOPNOTSUPP;
		goto bad;
	}
	if (!created) {
		if (fmode & FREAD)
			mode |= VREAD;
		if (fmode & (FWRITE | RUMP_O_TRUNC)) {
			if (vp->v_type == VDIR) {
				error = EISDIR;
				goto bad;
			}
			mode |= VWRITE;
			if (mnt_rdonly(vp) && vp->v_type != VBLK &&
			    vp->v_type != VCHR) {
				error = EROFS;
				goto bad;
			}
		}
		if (mode) {
			error = VOP_ACCESS(vp, mode, nd.ni_cred);
			if (error)
				goto bad;
		}
	}
	/*
	 * O_TRUNC truncates only a regular file opened for writing: with
	 * O_RDONLY (undefined in POSIX; NetBSD truncates) the file is left
	 * alone, though write permission was still required above as in
	 * NetBSD.  Devices, FIFOs: ignored.
	 */
	if ((fmode & RUMP_O_TRUNC) && (fmode & FWRITE) && vp->v_type == VREG) {
		vn_lock(vp, LK_EXCLUSIVE);
		error = vn_truncate_locked(vp, 0);
		VOP_UNLOCK(vp);
		if (error)
			goto bad;
	}
	if (vp->v_op->vop_open) {
		error = vp->v_op->vop_open(vp, fmode);
		if (error)
			goto bad;
	}
	if (fmode & FWRITE)
		__atomic_add_fetch(&vp->v_writecount, 1, __ATOMIC_RELAXED);
	nd.ni_vp = NULL;
	namei_done(&nd);
	*vpp = vp;
	return 0;
bad:
	namei_done(&nd);
	return error;
}

int vn_stat(struct vnode *vp, struct rump_stat *st)
{
	struct vattr va;
	int error;

	vn_lock(vp, LK_SHARED);
	error = vp->v_op->vop_getattr ? vp->v_op->vop_getattr(vp, &va) : EIO;
	VOP_UNLOCK(vp);
	if (error)
		return error;
	memset(st, 0, sizeof(*st));
	st->st_dev = va.va_fsid;
	st->st_ino = va.va_fileid;
	st->st_mode = vtype_to_ifmt(va.va_type) | (va.va_mode & ALLPERMS);
	st->st_nlink = va.va_nlink;
	st->st_uid = va.va_uid;
	st->st_gid = va.va_gid;
	st->st_rdev = va.va_rdev;
	st->st_atimespec.tv_sec = va.va_atime.tv_sec;
	st->st_atimespec.tv_nsec = va.va_atime.tv_nsec;
	st->st_mtimespec.tv_sec = va.va_mtime.tv_sec;
	st->st_mtimespec.tv_nsec = va.va_mtime.tv_nsec;
	st->st_ctimespec.tv_sec = va.va_ctime.tv_sec;
	st->st_ctimespec.tv_nsec = va.va_ctime.tv_nsec;
	st->st_birthtimespec.tv_sec = va.va_birthtime.tv_sec;
	st->st_birthtimespec.tv_nsec = va.va_birthtime.tv_nsec;
	st->st_size = (int64_t)va.va_size;
	st->st_blocks = (int64_t)howmany(va.va_bytes, (uint64_t)DEV_BSIZE);
	st->st_blksize = va.va_blksize;
	st->st_flags = va.va_flags;
	st->st_gen = va.va_gen;
	return 0;
}

int vn_rdwr(struct vnode *vp, enum uio_rw rw, void *buf, size_t len,
	    off_t off, size_t *resid)
{
	struct iovec iov = { buf, len };
	struct uio uio = { &iov, 1, off, len, rw, UIO_SYSSPACE };
	int error;

	vn_lock(vp, rw == UIO_WRITE ? LK_EXCLUSIVE : LK_SHARED);
	if (rw == UIO_WRITE)
		error = vp->v_op->vop_write ?
		    vp->v_op->vop_write(vp, &uio, 0) : EOPNOTSUPP;
	else
		error = vp->v_op->vop_read ?
		    vp->v_op->vop_read(vp, &uio, 0) : EOPNOTSUPP;
	VOP_UNLOCK(vp);
	if (resid)
		*resid = uio.uio_resid;
	else if (error == 0 && uio.uio_resid)
		error = EIO;
	return error;
}

int vn_truncate(struct vnode *vp, uint64_t size)
{
	int error;

	if (vp->v_type == VDIR)
		return EISDIR;
	if (vp->v_type != VREG)
		return EINVAL;
	if (mnt_rdonly(vp))
		return EROFS;
	vn_lock(vp, LK_EXCLUSIVE);
	error = vn_truncate_locked(vp, size);
	VOP_UNLOCK(vp);
	return error;
}
