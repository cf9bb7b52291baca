// SPDX-License-Identifier: BSD-2-Clause
/*
 * vfs_syscalls.c - the file system calls (NetBSD numbers and argument
 * layout, installed in the kernel's syscall table at component init) and
 * their rump_sys_*() entry points.
 */
#include "vfs/vfs.h"
#include "kern/systm.h"
#include "kern/kmem.h"
#include "kern/proc.h"
#include "kern/syscall.h"

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#define ARG(n, type)	((type)a[n])
#define ARGP(n, type)	((type)(uintptr_t)a[n])

/* NetBSD syscall numbers. */
#define SYS_open		5
#define SYS_link		9
#define SYS_unlink		10
#define SYS_chdir		12
#define SYS_fchdir		13
#define SYS_chmod		15
#define SYS_chown		16
#define SYS_unmount		22
#define SYS_access		33
#define SYS_sync		36
#define SYS_symlink		57
#define SYS_readlink		58
#define SYS_umask		60
#define SYS_fsync		95
#define SYS_fchown		123
#define SYS_fchmod		124
#define SYS_mkfifo		132
#define SYS_rename		128
#define SYS_mkdir		136
#define SYS_rmdir		137
#define SYS_pread		173
#define SYS_pwrite		174
#define SYS_lseek		199
#define SYS_truncate		200
#define SYS_ftruncate		201
#define SYS_fdatasync		241
#define SYS_lchown		275
#define SYS___getcwd		296
#define SYS___getdents30	390
#define SYS___mount50		410
#define SYS___utimes50		420
#define SYS___futimes50		423
#define SYS___lutimes50		424
#define SYS___stat50		439
#define SYS___fstat50		440
#define SYS___lstat50		441
#define SYS___mknod50		450
#define SYS___statvfs190	484
#define SYS___fstatvfs190	485
#define SYS_utimensat		467
#define SYS_futimens		472

static bool is_dot(const struct nameidata *nd)
{
	return strcmp(nd->ni_last, ".") == 0;
}

static bool is_dotdot(const struct nameidata *nd)
{
	return strcmp(nd->ni_last, "..") == 0;
}

static bool rdonly(struct vnode *vp)
{
	return vp->v_mount != NULL &&
	    (vp->v_mount->mnt_flag & RUMP_MNT_RDONLY) != 0;
}

/* The vnode of descriptor fd, referenced through the file. */
static int fd_getvnode(int fd, struct file **fpp, struct vnode **vpp)
{
	struct file *fp = fd_getfile(fd);

	if (fp == NULL)
		return EBADF;
	if (fp->f_ops != &vnops) {
		fd_putfile(fp);
		return EINVAL;
	}
	*fpp = fp;
	*vpp = fp->f_data;
	return 0;
}

/*
 * namei on a user path; a relative one starts at the directory open as
 * dirfd unless that is RUMP_AT_FDCWD (the *at() calls).  The descriptor
 * is held across the lookup, so its vnode stays referenced.
 */
static int lookup_user_at(int dirfd, const char *upath, enum nameiop op,
			  int flags, struct nameidata *nd)
{
	struct file *dfp = NULL;
	struct vnode *dvp = NULL;
	char *kpath;
	int error;

	error = pathbuf_copyin(upath, &kpath);
	if (error)
		return error;
	if (dirfd != RUMP_AT_FDCWD && kpath[0] != '/') {
		error = fd_getvnode(dirfd, &dfp, &dvp);
		if (error == EINVAL)
			error = ENOTDIR;	/* a pipe: not a directory */
		else if (error == 0 && dvp->v_type != VDIR)
			error = ENOTDIR;
		if (error) {
			if (dfp)
				fd_putfile(dfp);
			pathbuf_free(kpath);
			return error;
		}
	}
	memset(nd, 0, sizeof(*nd));
	nd->ni_path = kpath;
	nd->ni_op = op;
	nd->ni_flags = flags;
	nd->ni_startdir = dvp;
	nd->ni_cred = kauth_cred_get();
	error = namei(nd);
	pathbuf_free(kpath);
	if (dfp)
		fd_putfile(dfp);
	return error;
}

static int lookup_user(const char *upath, enum nameiop op, int flags,
		       struct nameidata *nd)
{
	return lookup_user_at(RUMP_AT_FDCWD, upath, op, flags, nd);
}

/* ---- open, I/O --------------------------------------------------------------- */

static int sys_open(struct lwp *l, const register_t *a, register_t *rv)
{
	int oflags = ARG(1, int), fd, error;
	struct vnode *vp;
	struct file *fp;
	char *kpath;

	error = pathbuf_copyin(ARGP(0, const char *), &kpath);
	if (error)
		return error;
	error = vn_open(kpath, oflags, ARG(2, mode_t), &vp);
	pathbuf_free(kpath);
	if (error)
		return error;
	error = file_alloc(&vnops, vp, FFLAGS(oflags) & FMASK, &fp);
	if (error) {
		/* As a close would: undo the open's accounting. */
		if (FFLAGS(oflags) & FWRITE)
			__atomic_sub_fetch(&vp->v_writecount, 1,
					   __ATOMIC_RELAXED);
		vrele(vp);
		return error;
	}
	error = fd_alloc(l->l_proc, fp, 0, (oflags & RUMP_O_CLOEXEC) != 0, &fd);
	if (error) {
		file_rele(fp);
		return error;
	}
	rv[0] = fd;
	return 0;
}

static int dopio(const register_t *a, register_t *rv, bool write)
{
	struct iovec iov = { ARGP(1, void *), ARG(2, size_t) };
	struct uio uio = { &iov, 1, 0, iov.iov_len,
			   write ? UIO_WRITE : UIO_READ, UIO_USERSPACE };
	off_t off = ARG(4, off_t);
	struct file *fp = fd_getfile(ARG(0, int));
	int error;

	if (fp == NULL)
		return EBADF;
	if (!(fp->f_flag & (write ? FWRITE : FREAD)))
		error = EBADF;
	else if (fp->f_ops != &vnops)
		error = ESPIPE;
	else if (off < 0 || (ssize_t)iov.iov_len < 0)
		error = EINVAL;
	else
		error = write ? fp->f_ops->fo_write(fp, &off, &uio, 0) :
		    fp->f_ops->fo_read(fp, &off, &uio, 0);
	if (error == 0)
		rv[0] = (register_t)(ARG(2, size_t) - uio.uio_resid);
	fd_putfile(fp);
	return error;
}

static int sys_pread(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)l;
	return dopio(a, rv, false);
}

static int sys_pwrite(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)l;
	return dopio(a, rv, true);
}

static int sys_lseek(struct lwp *l, const register_t *a, register_t *rv)
{
	off_t off = ARG(2, off_t), base = 0;
	int whence = ARG(3, int), error;
	struct file *fp = fd_getfile(ARG(0, int));
	struct vnode *vp;
	struct vattr va;

	(void)l;
	if (fp == NULL)
		return EBADF;
	if (fp->f_ops != &vnops) {
		fd_putfile(fp);
		return ESPIPE;
	}
	vp = fp->f_data;
	error = 0;
	switch (whence) {
	case RUMP_SEEK_SET:
		break;
	case RUMP_SEEK_CUR:
		mutex_enter(&fp->f_lock);
		base = fp->f_offset;
		mutex_exit(&fp->f_lock);
		break;
	case RUMP_SEEK_END:
		vn_lock(vp, LK_SHARED);
		error = vp->v_op->vop_getattr(vp, &va);
		VOP_UNLOCK(vp);
		base = (off_t)va.va_size;
		break;
	default:
		error = EINVAL;
	}
	if (error == 0 && ((off > 0 && base > INT64_MAX_ - off) ||
			   base + off < 0))
		error = EINVAL;
	if (error == 0) {
		mutex_enter(&fp->f_lock);
		fp->f_offset = base + off;
		mutex_exit(&fp->f_lock);
		rv[0] = base + off;
	}
	fd_putfile(fp);
	return error;
}

static int sys_getdents(struct lwp *l, const register_t *a, register_t *rv)
{
	struct iovec iov = { ARGP(1, void *), ARG(2, size_t) };
	struct uio uio = { &iov, 1, 0, iov.iov_len, UIO_READ, UIO_USERSPACE };
	struct file *fp;
	struct vnode *vp;
	off_t cookie;
	bool eof;
	int error;

	(void)l;
	error = fd_getvnode(ARG(0, int), &fp, &vp);
	if (error)
		return error == EINVAL ? ENOTDIR : error;
	if (!(fp->f_flag & FREAD))
		error = EBADF;
	else if (vp->v_type != VDIR)
		error = ENOTDIR;
	else if (vp->v_op->vop_readdir == NULL)
		error = EOPNOTSUPP;
	if (error == 0) {
		vn_lock(vp, LK_SHARED);
		mutex_enter(&fp->f_lock);
		cookie = fp->f_offset;
		mutex_exit(&fp->f_lock);
		error = vp->v_op->vop_readdir(vp, &uio, &cookie, &eof);
		mutex_enter(&fp->f_lock);
		fp->f_offset = cookie;
		mutex_exit(&fp->f_lock);
		VOP_UNLOCK(vp);
		if (error == 0)
			rv[0] = (register_t)(ARG(2, size_t) - uio.uio_resid);
	}
	fd_putfile(fp);
	return error;
}

/*
 * fsync(2) works on any vnode descriptor; fdatasync(2) wants one open for
 * writing (EBADF otherwise, as NetBSD).  Both wait for the writes.
 */
static int dofsync(int fd, int flags)
{
	struct file *fp;
	struct vnode *vp;
	int error;

	error = fd_getvnode(fd, &fp, &vp);
	if (error)
		return error;
	if ((flags & FSYNC_DATAONLY) && !(fp->f_flag & FWRITE))
		error = EBADF;
	else if (vp->v_op->vop_fsync) {
		vn_lock(vp, LK_EXCLUSIVE);
		error = vp->v_op->vop_fsync(vp, flags);
		VOP_UNLOCK(vp);
	}
	fd_putfile(fp);
	return error;
}

static int sys_fsync(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)l;
	(void)rv;
	return dofsync(ARG(0, int), FSYNC_WAIT);
}

static int sys_fdatasync(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)l;
	(void)rv;
	return dofsync(ARG(0, int), FSYNC_WAIT | FSYNC_DATAONLY);
}

static int sys_ftruncate(struct lwp *l, const register_t *a, register_t *rv)
{
	struct file *fp;
	struct vnode *vp;
	int error;

	(void)l;
	(void)rv;
	if (ARG(2, off_t) < 0)
		return EINVAL;
	error = fd_getvnode(ARG(0, int), &fp, &vp);
	if (error)
		return error;
	if (!(fp->f_flag & FWRITE))
		error = EINVAL;
	else
		error = vn_truncate(vp, (uint64_t)ARG(2, off_t));
	fd_putfile(fp);
	return error;
}

static int sys_truncate(struct lwp *l, const register_t *a, register_t *rv)
{
	struct nameidata nd;
	int error;

	(void)l;
	(void)rv;
	if (ARG(2, off_t) < 0)
		return EINVAL;
	error = lookup_user(ARGP(0, const char *), LOOKUP, FOLLOW, &nd);
	if (error)
		return error;
	if (nd.ni_vp->v_type == VDIR)
		error = EISDIR;
	else
		error = VOP_ACCESS(nd.ni_vp, VWRITE, nd.ni_cred);
	if (error == 0)
		error = vn_truncate(nd.ni_vp, (uint64_t)ARG(2, off_t));
	namei_done(&nd);
	return error;
}

/* ---- attributes ------------------------------------------------------------------ */

static int dostat(const register_t *a, int follow)
{
	struct nameidata nd;
	struct rump_stat st;
	int error;

	error = lookup_user(ARGP(0, const char *), LOOKUP, follow, &nd);
	if (error)
		return error;
	error = vn_stat(nd.ni_vp, &st);
	namei_done(&nd);
	if (error == 0)
		error = copyout(&st, ARGP(1, void *), sizeof(st));
	return error;
}

static int sys_stat(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)l;
	(void)rv;
	return dostat(a, FOLLOW);
}

static int sys_lstat(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)l;
	(void)rv;
	return dostat(a, NOFOLLOW);
}

static int sys_fstat(struct lwp *l, const register_t *a, register_t *rv)
{
	struct file *fp = fd_getfile(ARG(0, int));
	struct rump_stat st;
	struct kstat ks;
	int error;

	(void)l;
	(void)rv;
	if (fp == NULL)
		return EBADF;
	if (fp->f_ops == &vnops) {
		error = vn_stat(fp->f_data, &st);
	} else {
		/* Pipes and other kernel files: what fo_stat knows. */
		memset(&st, 0, sizeof(st));
		memset(&ks, 0, sizeof(ks));
		error = fp->f_ops->fo_stat ? fp->f_ops->fo_stat(fp, &ks) :
		    EOPNOTSUPP;
		st.st_mode = ks.st_mode;
		st.st_size = (int64_t)ks.st_size;
		st.st_blksize = ks.st_blksize;
	}
	fd_putfile(fp);
	if (error == 0)
		error = copyout(&st, ARGP(1, void *), sizeof(st));
	return error;
}

static int sys_readlink(struct lwp *l, const register_t *a, register_t *rv)
{
	struct iovec iov = { ARGP(1, void *), ARG(2, size_t) };
	struct uio uio = { &iov, 1, 0, iov.iov_len, UIO_READ, UIO_USERSPACE };
	struct nameidata nd;
	struct vnode *vp;
	int error;

	(void)l;
	if ((ssize_t)iov.iov_len <= 0)
		return EINVAL;
	error = lookup_user(ARGP(0, const char *), LOOKUP, NOFOLLOW, &nd);
	if (error)
		return error;
	vp = nd.ni_vp;
	if (vp->v_type != VLNK || vp->v_op->vop_readlink == NULL) {
		error = EINVAL;
	} else {
		vn_lock(vp, LK_SHARED);
		error = vp->v_op->vop_readlink(vp, &uio);
		VOP_UNLOCK(vp);
	}
	namei_done(&nd);
	if (error == 0)
		rv[0] = (register_t)(ARG(2, size_t) - uio.uio_resid);
	return error;
}

static int sys_access(struct lwp *l, const register_t *a, register_t *rv)
{
	int mode = ARG(1, int), vmode = 0, error;
	struct kauth_cred cr;
	struct nameidata nd;
	char *kpath;

	(void)rv;
	if (mode & ~(RUMP_R_OK | RUMP_W_OK | RUMP_X_OK))
		return EINVAL;
	/* access(2) checks with the real ids. */
	mutex_enter(&l->l_proc->p_lock);
	cr = *l->l_proc->p_cred;
	mutex_exit(&l->l_proc->p_lock);
	cr.cr_euid = cr.cr_uid;
	cr.cr_egid = cr.cr_gid;
	error = pathbuf_copyin(ARGP(0, const char *), &kpath);
	if (error)
		return error;
	memset(&nd, 0, sizeof(nd));
	nd.ni_path = kpath;
	nd.ni_op = LOOKUP;
	nd.ni_flags = FOLLOW;
	nd.ni_cred = &cr;
	error = namei(&nd);
	pathbuf_free(kpath);
	if (error)
		return error;
	if (mode & RUMP_R_OK)
		vmode |= VREAD;
	if (mode & RUMP_W_OK)
		vmode |= VWRITE;
	if (mode & RUMP_X_OK)
		vmode |= VEXEC;
	if ((vmode & VWRITE) && rdonly(nd.ni_vp) &&
	    (nd.ni_vp->v_type == VREG || nd.ni_vp->v_type == VDIR ||
	     nd.ni_vp->v_type == VLNK))
		error = EROFS;
	else if (vmode)
		error = VOP_ACCESS(nd.ni_vp, vmode, &cr);
	namei_done(&nd);
	return error;
}

/*
 * Attribute changes (chmod, chown, utimes and their relatives).  The
 * permission check runs on the attributes read under the same exclusive
 * vnode lock as the change, so an owner or mode change in between cannot
 * slip past it.  A read-only mount answers EROFS before any permission
 * check, as NetBSD's file systems do.  check() may adjust va.
 */
typedef int (*attrcheck_t)(const struct vattr *cur, struct vattr *va,
			   struct kauth_cred *cred, const void *arg);

static int setattr_checked(struct vnode *vp, struct vattr *va,
			   attrcheck_t check, const void *arg)
{
	struct kauth_cred *cred = kauth_cred_get();
	struct vattr cur;
	int error;

	if (rdonly(vp))
		return EROFS;
	if (vp->v_op->vop_setattr == NULL || vp->v_op->vop_getattr == NULL)
		return EOPNOTSUPP;
	vn_lock(vp, LK_EXCLUSIVE);
	error = vp->v_op->vop_getattr(vp, &cur);
	if (error == 0)
		error = check(&cur, va, cred, arg);
	if (error == 0)
		error = vp->v_op->vop_setattr(vp, va);
	VOP_UNLOCK(vp);
	return error;
}

static bool is_owner(const struct vattr *cur, struct kauth_cred *cred)
{
	return cred->cr_euid == 0 || cred->cr_euid == cur->va_uid;
}

static int chmod_check(const struct vattr *cur, struct vattr *va,
		       struct kauth_cred *cred, const void *arg)
{
	(void)arg;
	if (!is_owner(cur, cred))
		return EPERM;
	if (cred->cr_euid != 0) {
		/* NetBSD: sticky on a file is for root; setgid needs the group. */
		if (cur->va_type != VDIR && (va->va_mode & S_ISVTX))
			return EFTYPE;
		if ((va->va_mode & S_ISGID) && cred->cr_egid != cur->va_gid)
			return EPERM;
	}
	return 0;
}

static int dochmod(struct vnode *vp, mode_t mode)
{
	struct vattr va;

	vattr_null(&va);
	va.va_mode = mode & ALLPERMS;
	return setattr_checked(vp, &va, chmod_check, NULL);
}

/*
 * chown: the superuser may do anything.  The owner may leave the owner
 * as it is and set the group to the file's own or to one of its groups
 * (the effective gid: credentials have no supplementary groups yet);
 * everyone else gets EPERM.  (uid_t)-1 / (gid_t)-1 (VNOVAL) leave that
 * id alone.  A group change by anyone but the superuser clears setgid
 * (NetBSD: only root retains the set-id bits of a changed id).
 */
static int chown_check(const struct vattr *cur, struct vattr *va,
		       struct kauth_cred *cred, const void *arg)
{
	mode_t mode = cur->va_mode;
	bool uchg, gchg;

	(void)arg;
	/* Ids given but equal are passed on: the ctime still changes. */
	uchg = va->va_uid != (uid_t)VNOVAL && va->va_uid != cur->va_uid;
	gchg = va->va_gid != (gid_t)VNOVAL && va->va_gid != cur->va_gid;
	if (cred->cr_euid == 0)
		return 0;
	if (cred->cr_euid != cur->va_uid || uchg ||
	    (gchg && va->va_gid != cred->cr_egid))
		return EPERM;
	/* Not root, so the owner did not change: only setgid can go. */
	if (gchg && (mode & S_ISGID))
		va->va_mode = mode & ALLPERMS & ~S_ISGID;
	return 0;
}

static int dochown(struct vnode *vp, uid_t uid, gid_t gid)
{
	struct vattr va;

	vattr_null(&va);
	va.va_uid = uid;
	va.va_gid = gid;
	return setattr_checked(vp, &va, chown_check, NULL);
}

/*
 * Times: [0] access, [1] modification, each a time, RUMP_UTIME_NOW or
 * RUMP_UTIME_OMIT in tv_nsec (a NULL times pointer from the caller is
 * both NOW).  Both NOW ("touch") is allowed to the owner and to whoever
 * may write the file (EACCES otherwise); anything else to the owner only
 * (EPERM); both OMIT changes nothing and checks nothing (POSIX).  The
 * file system sets the ctime as for any attribute change.
 */
struct settimes {
	struct rump_timespec ts[2];
};

static bool ts_valid(const struct rump_timespec *ts)
{
	return ts->tv_nsec == RUMP_UTIME_NOW || ts->tv_nsec == RUMP_UTIME_OMIT ||
	    (ts->tv_nsec >= 0 && ts->tv_nsec < 1000000000L);
}

static int times_check(const struct vattr *cur, struct vattr *va,
		       struct kauth_cred *cred, const void *arg)
{
	const struct settimes *st = arg;

	(void)va;
	if (is_owner(cur, cred))
		return 0;
	if (st->ts[0].tv_nsec == RUMP_UTIME_NOW &&
	    st->ts[1].tv_nsec == RUMP_UTIME_NOW)
		return vaccess(cur, VWRITE, cred);
	return EPERM;
}

static int dosettimes(struct vnode *vp, const struct settimes *st)
{
	struct timespec now;
	struct vattr va;
	int i;

	if (st->ts[0].tv_nsec == RUMP_UTIME_OMIT &&
	    st->ts[1].tv_nsec == RUMP_UTIME_OMIT)
		return 0;
	getnanotime(&now);
	vattr_null(&va);
	for (i = 0; i < 2; i++) {
		struct timespec *t = i == 0 ? &va.va_atime : &va.va_mtime;

		if (st->ts[i].tv_nsec == RUMP_UTIME_OMIT)
			continue;
		if (st->ts[i].tv_nsec == RUMP_UTIME_NOW) {
			*t = now;
		} else {
			t->tv_sec = st->ts[i].tv_sec;
			t->tv_nsec = st->ts[i].tv_nsec;
		}
	}
	return setattr_checked(vp, &va, times_check, st);
}

/* Copy in a struct timeval[2] (utimes family); NULL is "now". */
static int settimes_tv(const struct rump_timeval *utv, struct settimes *st)
{
	struct rump_timeval tv[2];
	int i, error;

	if (utv == NULL) {
		st->ts[0].tv_sec = st->ts[1].tv_sec = 0;
		st->ts[0].tv_nsec = st->ts[1].tv_nsec = RUMP_UTIME_NOW;
		return 0;
	}
	error = copyin(utv, tv, sizeof(tv));
	if (error)
		return error;
	for (i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
			return EINVAL;
		st->ts[i].tv_sec = tv[i].tv_sec;
		st->ts[i].tv_nsec = tv[i].tv_usec * 1000L;
	}
	return 0;
}

/* Copy in a struct timespec[2] (utimensat family); NULL is "now". */
static int settimes_ts(const struct rump_timespec *uts, struct settimes *st)
{
	int error;

	if (uts == NULL) {
		st->ts[0].tv_sec = st->ts[1].tv_sec = 0;
		st->ts[0].tv_nsec = st->ts[1].tv_nsec = RUMP_UTIME_NOW;
		return 0;
	}
	error = copyin(uts, st->ts, sizeof(st->ts));
	if (error)
		return error;
	if (!ts_valid(&st->ts[0]) || !ts_valid(&st->ts[1]))
		return EINVAL;
	return 0;
}

/* An operation on the file named by a user path (follow: FOLLOW or not). */
static int path_op(int dirfd, const char *upath, int follow,
		   int (*op)(struct vnode *vp, const void *arg),
		   const void *arg)
{
	struct nameidata nd;
	int error;

	error = lookup_user_at(dirfd, upath, LOOKUP, follow, &nd);
	if (error)
		return error;
	error = op(nd.ni_vp, arg);
	namei_done(&nd);
	return error;
}

/* The same on the file open as descriptor fd. */
static int fd_op(int fd, int (*op)(struct vnode *vp, const void *arg),
		 const void *arg)
{
	struct file *fp;
	struct vnode *vp;
	int error;

	error = fd_getvnode(fd, &fp, &vp);
	if (error)
		return error;
	error = op(vp, arg);
	fd_putfile(fp);
	return error;
}

static int chmod_op(struct vnode *vp, const void *arg)
{
	return dochmod(vp, *(const mode_t *)arg);
}

static int sys_chmod(struct lwp *l, const register_t *a, register_t *rv)
{
	mode_t mode = ARG(1, mode_t);

	(void)l;
	(void)rv;
	return path_op(RUMP_AT_FDCWD, ARGP(0, const char *), FOLLOW, chmod_op,
		       &mode);
}

static int sys_fchmod(struct lwp *l, const register_t *a, register_t *rv)
{
	mode_t mode = ARG(1, mode_t);

	(void)l;
	(void)rv;
	return fd_op(ARG(0, int), chmod_op, &mode);
}

struct owner {
	uid_t uid;
	gid_t gid;
};

static int chown_op(struct vnode *vp, const void *arg)
{
	const struct owner *o = arg;

	return dochown(vp, o->uid, o->gid);
}

static int sys_chown(struct lwp *l, const register_t *a, register_t *rv)
{
	struct owner o = { ARG(1, uid_t), ARG(2, gid_t) };

	(void)l;
	(void)rv;
	return path_op(RUMP_AT_FDCWD, ARGP(0, const char *), FOLLOW, chown_op,
		       &o);
}

static int sys_lchown(struct lwp *l, const register_t *a, register_t *rv)
{
	struct owner o = { ARG(1, uid_t), ARG(2, gid_t) };

	(void)l;
	(void)rv;
	return path_op(RUMP_AT_FDCWD, ARGP(0, const char *), NOFOLLOW,
		       chown_op, &o);
}

static int sys_fchown(struct lwp *l, const register_t *a, register_t *rv)
{
	struct owner o = { ARG(1, uid_t), ARG(2, gid_t) };

	(void)l;
	(void)rv;
	return fd_op(ARG(0, int), chown_op, &o);
}

static int times_op(struct vnode *vp, const void *arg)
{
	return dosettimes(vp, arg);
}

static int doutimes(const register_t *a, int follow)
{
	struct settimes st;
	int error;

	error = settimes_tv(ARGP(1, const struct rump_timeval *), &st);
	if (error)
		return error;
	return path_op(RUMP_AT_FDCWD, ARGP(0, const char *), follow, times_op,
		       &st);
}

static int sys_utimes(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)l;
	(void)rv;
	return doutimes(a, FOLLOW);
}

static int sys_lutimes(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)l;
	(void)rv;
	return doutimes(a, NOFOLLOW);
}

static int sys_futimes(struct lwp *l, const register_t *a, register_t *rv)
{
	struct settimes st;
	int error;

	(void)l;
	(void)rv;
	error = settimes_tv(ARGP(1, const struct rump_timeval *), &st);
	if (error)
		return error;
	return fd_op(ARG(0, int), times_op, &st);
}

/* utimensat(fd, path, times, flag): flag 0 or RUMP_AT_SYMLINK_NOFOLLOW. */
static int sys_utimensat(struct lwp *l, const register_t *a, register_t *rv)
{
	int flag = ARG(3, int);
	struct settimes st;
	int error;

	(void)l;
	(void)rv;
	if (flag & ~RUMP_AT_SYMLINK_NOFOLLOW)
		return EINVAL;
	error = settimes_ts(ARGP(2, const struct rump_timespec *), &st);
	if (error)
		return error;
	return path_op(ARG(0, int), ARGP(1, const char *),
		       (flag & RUMP_AT_SYMLINK_NOFOLLOW) ? NOFOLLOW : FOLLOW,
		       times_op, &st);
}

static int sys_futimens(struct lwp *l, const register_t *a, register_t *rv)
{
	struct settimes st;
	int error;

	(void)l;
	(void)rv;
	error = settimes_ts(ARGP(1, const struct rump_timespec *), &st);
	if (error)
		return error;
	return fd_op(ARG(0, int), times_op, &st);
}

static int sys_umask(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)l;
	rv[0] = cwd_umask(ARG(0, mode_t), true);
	return 0;
}

/* ---- namespace --------------------------------------------------------------------- */

static int sys_mkdir(struct lwp *l, const register_t *a, register_t *rv)
{
	struct nameidata nd;
	struct vattr va;
	struct vnode *vp;
	int error;

	(void)l;
	(void)rv;
	error = lookup_user(ARGP(0, const char *), CREATE, NOFOLLOW, &nd);
	if (error)
		return error;
	if (nd.ni_vp != NULL)
		error = EEXIST;
	else if (rdonly(nd.ni_dvp))
		error = EROFS;
	else
		error = VOP_ACCESS(nd.ni_dvp, VWRITE | VEXEC, nd.ni_cred);
	if (error == 0) {
		vattr_null(&va);
		va.va_type = VDIR;
		va.va_mode = ARG(1, mode_t) & (ACCESSPERMS | S_ISVTX) &
		    ~cwd_umask(0, false);
		error = nd.ni_dvp->v_op->vop_mkdir ?
		    nd.ni_dvp->v_op->vop_mkdir(nd.ni_dvp, &nd.ni_cn, &va, &vp) :
		    EOPNOTSUPP;
		if (error == 0)
			vrele(vp);
	}
	namei_done(&nd);
	return error;
}

/* mknod(2) and mkfifo(2): device nodes (superuser), FIFOs, regular files. */
static int domknod(const char *upath, mode_t mode, uint64_t dev, bool fifo)
{
	struct kauth_cred *cred = kauth_cred_get();
	struct nameidata nd;
	struct vattr va;
	struct vnode *vp;
	enum vtype type;
	int error;

	type = fifo ? VFIFO : vtype_from_mode(mode);
	switch (type) {
	case VBLK:
	case VCHR:
		if (cred->cr_euid != 0)
			return EPERM;
		break;
	case VFIFO:
	case VREG:
		break;
	default:
		return EINVAL;
	}
	error = lookup_user(upath, CREATE, NOFOLLOW, &nd);
	if (error)
		return error;
	if (nd.ni_vp != NULL)
		error = EEXIST;
	else if (rdonly(nd.ni_dvp))
		error = EROFS;
	else
		error = VOP_ACCESS(nd.ni_dvp, VWRITE | VEXEC, nd.ni_cred);
	if (error == 0) {
		vattr_null(&va);
		va.va_type = type;
		va.va_mode = mode & ALLPERMS & ~cwd_umask(0, false);
		va.va_rdev = dev;
		error = nd.ni_dvp->v_op->vop_create ?
		    nd.ni_dvp->v_op->vop_create(nd.ni_dvp, &nd.ni_cn, &va, &vp) :
		    EOPNOTSUPP;
		if (error == 0)
			vrele(vp);
	}
	namei_done(&nd);
	return error;
}

static int sys_mknod(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)l;
	(void)rv;
	return domknod(ARGP(0, const char *), ARG(1, mode_t),
		       (uint64_t)a[2], false);
}

static int sys_mkfifo(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)l;
	(void)rv;
	return domknod(ARGP(0, const char *), ARG(1, mode_t), 0, true);
}

static int sys_symlink(struct lwp *l, const register_t *a, register_t *rv)
{
	struct nameidata nd;
	struct vattr va;
	struct vnode *vp;
	char *target;
	int error;

	(void)l;
	(void)rv;
	error = pathbuf_copyin(ARGP(0, const char *), &target);
	if (error)
		return error;
	error = lookup_user(ARGP(1, const char *), CREATE, NOFOLLOW, &nd);
	if (error) {
		pathbuf_free(target);
		return error;
	}
	if (nd.ni_vp != NULL)
		error = EEXIST;
	else if (nd.ni_trailingslash)
		error = ENOENT;
	else if (rdonly(nd.ni_dvp))
		error = EROFS;
	else
		error = VOP_ACCESS(nd.ni_dvp, VWRITE | VEXEC, nd.ni_cred);
	if (error == 0) {
		vattr_null(&va);
		va.va_type = VLNK;
		va.va_mode = ACCESSPERMS & ~cwd_umask(0, false);
		error = nd.ni_dvp->v_op->vop_symlink ?
		    nd.ni_dvp->v_op->vop_symlink(nd.ni_dvp, &nd.ni_cn, &va,
						 target, &vp) : EOPNOTSUPP;
		if (error == 0)
			vrele(vp);
	}
	namei_done(&nd);
	pathbuf_free(target);
	return error;
}

static int sys_link(struct lwp *l, const register_t *a, register_t *rv)
{
	struct nameidata fnd, tnd;
	int error;

	(void)l;
	(void)rv;
	error = lookup_user(ARGP(0, const char *), LOOKUP, NOFOLLOW, &fnd);
	if (error)
		return error;
	error = lookup_user(ARGP(1, const char *), CREATE, NOFOLLOW, &tnd);
	if (error) {
		namei_done(&fnd);
		return error;
	}
	if (tnd.ni_vp != NULL)
		error = EEXIST;
	else if (fnd.ni_vp->v_type == VDIR)
		error = EPERM;
	else if (fnd.ni_vp->v_mount != tnd.ni_dvp->v_mount)
		error = EXDEV;
	else if (rdonly(tnd.ni_dvp))
		error = EROFS;
	else
		error = VOP_ACCESS(tnd.ni_dvp, VWRITE | VEXEC, tnd.ni_cred);
	if (error == 0)
		error = tnd.ni_dvp->v_op->vop_link ?
		    tnd.ni_dvp->v_op->vop_link(tnd.ni_dvp, fnd.ni_vp,
					       &tnd.ni_cn) : EOPNOTSUPP;
	namei_done(&tnd);
	namei_done(&fnd);
	return error;
}

/* Common checks of unlink and rmdir after the DELETE lookup. */
static int remove_common(const register_t *a, bool dir)
{
	struct nameidata nd;
	struct vnode *vp, *dvp;
	int error;

	error = lookup_user(ARGP(0, const char *), DELETE, NOFOLLOW, &nd);
	if (error)
		return error;
	vp = nd.ni_vp;
	dvp = nd.ni_dvp;
	if (vp == NULL)
		error = ENOENT;
	else if (dir && is_dot(&nd))
		error = EINVAL;
	else if (dir && is_dotdot(&nd))
		error = ENOTEMPTY;
	else if (dvp == NULL || (vp->v_vflag & VV_ROOT) ||
		 vp->v_mountedhere != NULL)
		error = EBUSY;		/* "/", a mount's root or a mount point */
	else if (dir && vp->v_type != VDIR)
		error = ENOTDIR;
	else if (rdonly(dvp))
		error = EROFS;
	else
		error = VOP_ACCESS(dvp, VWRITE | VEXEC, nd.ni_cred);
	if (error == 0) {
		if (dir)
			error = dvp->v_op->vop_rmdir ?
			    dvp->v_op->vop_rmdir(dvp, vp, &nd.ni_cn) : EOPNOTSUPP;
		else
			error = dvp->v_op->vop_remove ?
			    dvp->v_op->vop_remove(dvp, vp, &nd.ni_cn) :
			    EOPNOTSUPP;
	}
	namei_done(&nd);
	return error;
}

static int sys_unlink(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)l;
	(void)rv;
	return remove_common(a, false);
}

static int sys_rmdir(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)l;
	(void)rv;
	return remove_common(a, true);
}

static int sys_rename(struct lwp *l, const register_t *a, register_t *rv)
{
	struct nameidata fnd, tnd;
	struct vnode *fvp, *tvp;
	int error;

	(void)l;
	(void)rv;
	error = lookup_user(ARGP(0, const char *), DELETE, NOFOLLOW, &fnd);
	if (error)
		return error;
	if (fnd.ni_vp == NULL) {
		namei_done(&fnd);
		return ENOENT;
	}
	error = lookup_user(ARGP(1, const char *), RENAME, NOFOLLOW, &tnd);
	if (error) {
		namei_done(&fnd);
		return error;
	}
	fvp = fnd.ni_vp;
	tvp = tnd.ni_vp;
	if (is_dot(&fnd) || is_dotdot(&fnd) || is_dot(&tnd) ||
	    is_dotdot(&tnd))
		error = EINVAL;
	else if (fnd.ni_dvp == NULL || tnd.ni_dvp == NULL ||
		 (fvp->v_vflag & VV_ROOT) || fvp->v_mountedhere != NULL ||
		 (tvp && ((tvp->v_vflag & VV_ROOT) || tvp->v_mountedhere)))
		error = EBUSY;
	else if (fnd.ni_dvp->v_mount != tnd.ni_dvp->v_mount)
		error = EXDEV;
	else if (tnd.ni_trailingslash && fvp->v_type != VDIR)
		error = ENOTDIR;
	else if (rdonly(fnd.ni_dvp))
		error = EROFS;
	else if ((error = VOP_ACCESS(fnd.ni_dvp, VWRITE | VEXEC,
				     fnd.ni_cred)) == 0)
		error = VOP_ACCESS(tnd.ni_dvp, VWRITE | VEXEC, tnd.ni_cred);
	if (error == 0)
		error = fnd.ni_dvp->v_op->vop_rename ?
		    fnd.ni_dvp->v_op->vop_rename(fnd.ni_dvp, fvp, &fnd.ni_cn,
						 tnd.ni_dvp, tvp, &tnd.ni_cn) :
		    EOPNOTSUPP;
	namei_done(&tnd);
	namei_done(&fnd);
	return error;
}

/* ---- directories: chdir, getcwd ---------------------------------------------------- */

static int chdir_common(struct vnode *vp)
{
	int error;

	if (vp->v_type != VDIR)
		return ENOTDIR;
	error = VOP_ACCESS(vp, VEXEC, kauth_cred_get());
	if (error)
		return error;
	vref(vp);
	cwd_set(vp);
	return 0;
}

static int sys_chdir(struct lwp *l, const register_t *a, register_t *rv)
{
	struct nameidata nd;
	int error;

	(void)l;
	(void)rv;
	error = lookup_user(ARGP(0, const char *), LOOKUP, FOLLOW, &nd);
	if (error)
		return error;
	error = chdir_common(nd.ni_vp);
	namei_done(&nd);
	return error;
}

static int sys_fchdir(struct lwp *l, const register_t *a, register_t *rv)
{
	struct file *fp;
	struct vnode *vp;
	int error;

	(void)l;
	(void)rv;
	error = fd_getvnode(ARG(0, int), &fp, &vp);
	if (error)
		return error == EINVAL ? ENOTDIR : error;
	error = chdir_common(vp);
	fd_putfile(fp);
	return error;
}

/* Find the name of vp (not a mount root) in its parent dvp. */
static int dir_findname(struct vnode *dvp, uint64_t fileid, char *name,
			size_t *lenp)
{
	struct rump_dirent *d;
	char *buf;
	off_t cookie = 0;
	bool eof = false;
	int error = 0;
	size_t off;
	const size_t bsz = 4096;

	buf = kmem_alloc(bsz, KM_SLEEP);
	if (buf == NULL)
		return ENOMEM;
	while (!eof && error == 0) {
		struct iovec iov = { buf, bsz };
		struct uio uio = { &iov, 1, 0, bsz, UIO_READ, UIO_SYSSPACE };

		vn_lock(dvp, LK_SHARED);
		error = dvp->v_op->vop_readdir(dvp, &uio, &cookie, &eof);
		VOP_UNLOCK(dvp);
		if (error || uio.uio_resid == bsz)
			break;
		for (off = 0; off < bsz - uio.uio_resid; off += d->d_reclen) {
			d = (struct rump_dirent *)(void *)(buf + off);
			if (d->d_fileno == fileid &&
			    !(d->d_namlen == 1 && d->d_name[0] == '.') &&
			    !(d->d_namlen == 2 && d->d_name[0] == '.' &&
			      d->d_name[1] == '.')) {
				memcpy(name, d->d_name, d->d_namlen);
				*lenp = d->d_namlen;
				kmem_free(buf, bsz);
				return 0;
			}
		}
	}
	kmem_free(buf, bsz);
	return error ? error : ENOENT;
}

/*
 * The path of directory vp (referenced; consumed) from the root, into
 * buf (size bytes with the NUL): built right to left by looking each
 * directory up in its parent.  ERANGE if it does not fit.
 */
int vn_fullpath(struct vnode *vp, char *buf, size_t size, size_t *lenp)
{
	struct componentname cn = { "..", 2, NULL };
	char name[NAME_MAX + 1];
	size_t pos = size, nlen;
	struct vnode *dvp;
	struct vattr va;
	int error = 0;

	if (size < 2) {
		vrele(vp);
		return ERANGE;
	}
	buf[--pos] = '\0';
	for (;;) {
		/* Up through mount points first. */
		while (vp != rootvnode && (vp->v_vflag & VV_ROOT) &&
		       vp->v_mount != NULL &&
		       vp->v_mount->mnt_vnodecovered != NULL) {
			dvp = vp->v_mount->mnt_vnodecovered;
			vref(dvp);
			vrele(vp);
			vp = dvp;
		}
		if (vp == rootvnode)
			break;
		if (vp->v_op->vop_lookup == NULL ||
		    vp->v_op->vop_readdir == NULL) {
			error = ENOENT;
			break;
		}
		vn_lock(vp, LK_SHARED);
		error = vp->v_op->vop_getattr(vp, &va);
		VOP_UNLOCK(vp);
		if (error)
			break;
		error = vp->v_op->vop_lookup(vp, &cn, &dvp);
		if (error)
			break;
		error = dir_findname(dvp, va.va_fileid, name, &nlen);
		vrele(vp);
		vp = dvp;
		if (error)
			break;
		if (nlen + 1 > pos) {
			error = ERANGE;
			break;
		}
		pos -= nlen;
		memcpy(buf + pos, name, nlen);
		buf[--pos] = '/';
	}
	vrele(vp);
	if (error)
		return error;
	if (pos == size - 1) {
		if (pos < 1)
			return ERANGE;
		buf[--pos] = '/';
	}
	memmove(buf, buf + pos, size - pos);
	*lenp = size - pos - 1;
	return 0;
}

static int sys_getcwd(struct lwp *l, const register_t *a, register_t *rv)
{
	size_t len = ARG(1, size_t), plen;
	char *buf;
	int error;

	(void)l;
	if (len < 2)
		return ERANGE;
	if (len > MAXPATHLEN * 4)
		len = MAXPATHLEN * 4;
	buf = kmem_alloc(len, KM_SLEEP);
	if (buf == NULL)
		return ENOMEM;
	error = vn_fullpath(cwd_get(), buf, len, &plen);
	if (error == 0)
		error = copyout(buf, ARGP(0, char *), plen + 1);
	if (error == 0)
		rv[0] = (register_t)(plen + 1);
	kmem_free(buf, len);
	return error;
}

/* ---- mounts --------------------------------------------------------------------------- */

static int sys_statvfs1(struct lwp *l, const register_t *a, register_t *rv)
{
	struct rump_statvfs *sb;
	struct nameidata nd;
	int error;

	(void)l;
	(void)rv;
	error = lookup_user(ARGP(0, const char *), LOOKUP, FOLLOW, &nd);
	if (error)
		return error;
	sb = kmem_alloc(sizeof(*sb), KM_SLEEP);
	if (sb == NULL)
		error = ENOMEM;
	else if (nd.ni_vp->v_mount == NULL)
		error = EIO;
	else
		error = vfs_getstatvfs(nd.ni_vp->v_mount, sb);
	namei_done(&nd);
	if (error == 0)
		error = copyout(sb, ARGP(1, void *), sizeof(*sb));
	if (sb)
		kmem_free(sb, sizeof(*sb));
	return error;
}

static int sys_fstatvfs1(struct lwp *l, const register_t *a, register_t *rv)
{
	struct rump_statvfs *sb;
	struct file *fp;
	struct vnode *vp;
	int error;

	(void)l;
	(void)rv;
	error = fd_getvnode(ARG(0, int), &fp, &vp);
	if (error)
		return error;
	sb = kmem_alloc(sizeof(*sb), KM_SLEEP);
	if (sb == NULL)
		error = ENOMEM;
	else if (vp->v_mount == NULL)
		error = EIO;
	else
		error = vfs_getstatvfs(vp->v_mount, sb);
	fd_putfile(fp);
	if (error == 0)
		error = copyout(sb, ARGP(1, void *), sizeof(*sb));
	if (sb)
		kmem_free(sb, sizeof(*sb));
	return error;
}

#define MOUNT_DATA_MAX	4096

static int sys_mount(struct lwp *l, const register_t *a, register_t *rv)
{
	int flags = ARG(2, int), error;
	size_t len = ARG(4, size_t), plen;
	struct kauth_cred *cred = kauth_cred_get();
	char type[VFS_NAMELEN], *onname = NULL, *fspec = NULL;
	struct nameidata nd;
	void *data = NULL;
	size_t done;

	(void)l;
	(void)rv;
	if (cred->cr_euid != 0)
		return EPERM;
	error = copyinstr(ARGP(0, const char *), type, sizeof(type), &done);
	if (error)
		return error == ENAMETOOLONG ? ENODEV : error;
	if (len > MOUNT_DATA_MAX)
		return EINVAL;
	error = lookup_user(ARGP(1, const char *), LOOKUP, FOLLOW, &nd);
	if (error)
		return error;
	if (flags & RUMP_MNT_UPDATE) {
		struct vnode *vp = nd.ni_vp;

		if (!(vp->v_vflag & VV_ROOT) || vp->v_mount == NULL)
			error = EINVAL;
		else if (strcmp(vp->v_mount->mnt_fstype, type) != 0)
			error = EINVAL;
		else
			error = vfs_doupdate(vp->v_mount, flags);
		namei_done(&nd);
		return error;
	}
	if (nd.ni_vp->v_vflag & VV_ROOT) {
		error = EBUSY;		/* no stacking on a mount's root */
		goto out;
	}
	if (ARGP(3, void *) != NULL && len > 0) {
		data = kmem_alloc(len, KM_SLEEP);
		if (data == NULL) {
			error = ENOMEM;
			goto out;
		}
		error = copyin(ARGP(3, void *), data, len);
		if (error)
			goto out;
		/* Disk file systems: the device path is the first member. */
		if (strcmp(type, RUMP_MOUNT_RUMPFS) != 0 &&
		    len >= sizeof(char *) && *(char **)data != NULL) {
			error = pathbuf_copyin(*(char **)data, &fspec);
			if (error)
				goto out;
			*(char **)data = fspec;
		}
	}
	onname = kmem_alloc(MAXPATHLEN, KM_SLEEP);
	if (onname == NULL) {
		error = ENOMEM;
		goto out;
	}
	vref(nd.ni_vp);
	error = vn_fullpath(nd.ni_vp, onname, MAXPATHLEN, &plen);
	if (error)
		goto out;
	/* vfs_domount consumes a reference to the mount point. */
	vref(nd.ni_vp);
	error = vfs_domount(nd.ni_vp, type, flags & ~RUMP_MNT_UPDATE, data,
			    len, onname);
out:
	namei_done(&nd);
	if (onname)
		kmem_free(onname, MAXPATHLEN);
	if (fspec)
		pathbuf_free(fspec);
	if (data)
		kmem_free(data, len);
	return error;
}

static int sys_unmount(struct lwp *l, const register_t *a, register_t *rv)
{
	struct kauth_cred *cred = kauth_cred_get();
	struct nameidata nd;
	struct mount *mp;
	int error;

	(void)l;
	(void)rv;
	if (cred->cr_euid != 0)
		return EPERM;
	error = lookup_user(ARGP(0, const char *), LOOKUP, FOLLOW, &nd);
	if (error)
		return error;
	mp = nd.ni_vp->v_mount;
	if (!(nd.ni_vp->v_vflag & VV_ROOT) || mp == NULL) {
		namei_done(&nd);
		return EINVAL;
	}
	/* Our own reference must not make it look busy. */
	namei_done(&nd);
	return vfs_dounmount(mp, ARG(1, int));
}

static int sys_sync(struct lwp *l, const register_t *a, register_t *rv)
{
	(void)l;
	(void)a;
	(void)rv;
	vfs_sync_all();
	return 0;
}

/* ---- the table ---------------------------------------------------------------------------- */

/*
 * Every call but unmount(2) runs as a reader of vfs_oplock (see vfs.h):
 * a forced unmount waits for them and keeps new ones out while it
 * revokes.  unmount(2) takes it as writer itself when forced.
 */
#define VFS_OP(fn)							\
static int fn##_op(struct lwp *l, const register_t *a, register_t *rv) \
{									\
	int error;							\
									\
	rw_enter(&vfs_oplock, RW_READER);				\
	error = fn(l, a, rv);						\
	rw_exit(&vfs_oplock);						\
	return error;							\
}
VFS_OP(sys_open)
VFS_OP(sys_link)
VFS_OP(sys_unlink)
VFS_OP(sys_chdir)
VFS_OP(sys_fchdir)
VFS_OP(sys_chmod)
VFS_OP(sys_chown)
VFS_OP(sys_fchown)
VFS_OP(sys_lchown)
VFS_OP(sys_access)
VFS_OP(sys_sync)
VFS_OP(sys_symlink)
VFS_OP(sys_readlink)
VFS_OP(sys_umask)
VFS_OP(sys_fsync)
VFS_OP(sys_fdatasync)
VFS_OP(sys_fchmod)
VFS_OP(sys_mkfifo)
VFS_OP(sys_mknod)
VFS_OP(sys_rename)
VFS_OP(sys_mkdir)
VFS_OP(sys_rmdir)
VFS_OP(sys_pread)
VFS_OP(sys_pwrite)
VFS_OP(sys_lseek)
VFS_OP(sys_truncate)
VFS_OP(sys_ftruncate)
VFS_OP(sys_getcwd)
VFS_OP(sys_getdents)
VFS_OP(sys_mount)
VFS_OP(sys_utimes)
VFS_OP(sys_futimes)
VFS_OP(sys_lutimes)
VFS_OP(sys_utimensat)
VFS_OP(sys_futimens)
VFS_OP(sys_stat)
VFS_OP(sys_fstat)
VFS_OP(sys_lstat)
VFS_OP(sys_statvfs1)
VFS_OP(sys_fstatvfs1)

static const struct {
	int num;
	sy_call_t fn;
} vfs_sysent[] = {
	{ SYS_open, sys_open_op },
	{ SYS_link, sys_link_op },
	{ SYS_unlink, sys_unlink_op },
	{ SYS_chdir, sys_chdir_op },
	{ SYS_fchdir, sys_fchdir_op },
	{ SYS_chmod, sys_chmod_op },
	{ SYS_chown, sys_chown_op },
	{ SYS_fchown, sys_fchown_op },
	{ SYS_lchown, sys_lchown_op },
	{ SYS_unmount, sys_unmount },
	{ SYS_access, sys_access_op },
	{ SYS_sync, sys_sync_op },
	{ SYS_symlink, sys_symlink_op },
	{ SYS_readlink, sys_readlink_op },
	{ SYS_umask, sys_umask_op },
	{ SYS_fsync, sys_fsync_op },
	{ SYS_fdatasync, sys_fdatasync_op },
	{ SYS_fchmod, sys_fchmod_op },
	{ SYS_mkfifo, sys_mkfifo_op },
	{ SYS___mknod50, sys_mknod_op },
	{ SYS_rename, sys_rename_op },
	{ SYS_mkdir, sys_mkdir_op },
	{ SYS_rmdir, sys_rmdir_op },
	{ SYS_pread, sys_pread_op },
	{ SYS_pwrite, sys_pwrite_op },
	{ SYS_lseek, sys_lseek_op },
	{ SYS_truncate, sys_truncate_op },
	{ SYS_ftruncate, sys_ftruncate_op },
	{ SYS___getcwd, sys_getcwd_op },
	{ SYS___getdents30, sys_getdents_op },
	{ SYS___mount50, sys_mount_op },
	{ SYS___utimes50, sys_utimes_op },
	{ SYS___futimes50, sys_futimes_op },
	{ SYS___lutimes50, sys_lutimes_op },
	{ SYS_utimensat, sys_utimensat_op },
	{ SYS_futimens, sys_futimens_op },
	{ SYS___stat50, sys_stat_op },
	{ SYS___fstat50, sys_fstat_op },
	{ SYS___lstat50, sys_lstat_op },
	{ SYS___statvfs190, sys_statvfs1_op },
	{ SYS___fstatvfs190, sys_fstatvfs1_op },
};

int vfs_syscalls_init(void)
{
	size_t i;
	int error;

	for (i = 0; i < __arraycount(vfs_sysent); i++) {
		error = syscall_establish(vfs_sysent[i].num, vfs_sysent[i].fn);
		if (error) {
			printf("vfs: syscall %d: %d\n", vfs_sysent[i].num, error);
			while (i-- > 0)
				syscall_disestablish(vfs_sysent[i].num,
						     vfs_sysent[i].fn);
			return error;
		}
	}
	return 0;
}

void vfs_syscalls_fini(void)
{
	size_t i;

	for (i = 0; i < __arraycount(vfs_sysent); i++)
		syscall_disestablish(vfs_sysent[i].num, vfs_sysent[i].fn);
}

/* ---- rump_sys_*() ----------------------------------------------------------------------------- */

static register_t sc6(int num, register_t a0, register_t a1, register_t a2,
		      register_t a3, register_t a4, register_t a5)
{
	register_t a[6] = { a0, a1, a2, a3, a4, a5 };
	long rv[2] = { 0, 0 };
	int error;

	/* Also links vfs_init.o (the component) into every program using us. */
	if (!vfs_component_running())
		error = rump_booted() ? ENOSYS : ENXIO;
	else
		error = rump_syscall(num, a, sizeof(a), rv);
	if (error) {
		rumpuser_seterrno(error);
		return -1;
	}
	return rv[0];
}

#define P(x)	((register_t)(uintptr_t)(x))
#define sc3(n, a, b, c)	sc6((n), (a), (b), (c), 0, 0, 0)

int rump_sys_open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode = 0;

	if (flags & RUMP_O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return (int)sc3(SYS_open, P(path), flags, mode);
}

ssize_t rump_sys_pread(int fd, void *buf, size_t n, off_t off)
{
	return sc6(SYS_pread, fd, P(buf), (register_t)n, 0, off, 0);
}

ssize_t rump_sys_pwrite(int fd, const void *buf, size_t n, off_t off)
{
	return sc6(SYS_pwrite, fd, P(buf), (register_t)n, 0, off, 0);
}

off_t rump_sys_lseek(int fd, off_t off, int whence)
{
	return sc6(SYS_lseek, fd, 0, off, whence, 0, 0);
}

int rump_sys_stat(const char *path, struct rump_stat *sb)
{
	return (int)sc3(SYS___stat50, P(path), P(sb), 0);
}

int rump_sys_lstat(const char *path, struct rump_stat *sb)
{
	return (int)sc3(SYS___lstat50, P(path), P(sb), 0);
}

int rump_sys_fstat(int fd, struct rump_stat *sb)
{
	return (int)sc3(SYS___fstat50, fd, P(sb), 0);
}

ssize_t rump_sys_readlink(const char *path, char *buf, size_t n)
{
	return sc3(SYS_readlink, P(path), P(buf), (register_t)n);
}

int rump_sys_access(const char *path, int mode)
{
	return (int)sc3(SYS_access, P(path), mode, 0);
}

int rump_sys_getdents(int fd, char *buf, size_t n)
{
	return (int)sc3(SYS___getdents30, fd, P(buf), (register_t)n);
}

int rump_sys_chdir(const char *path)
{
	return (int)sc3(SYS_chdir, P(path), 0, 0);
}

int rump_sys_fchdir(int fd)
{
	return (int)sc3(SYS_fchdir, fd, 0, 0);
}

int rump_sys___getcwd(char *buf, size_t n)
{
	return (int)sc3(SYS___getcwd, P(buf), (register_t)n, 0);
}

int rump_sys_statvfs1(const char *path, struct rump_statvfs *sb, int flags)
{
	return (int)sc3(SYS___statvfs190, P(path), P(sb), flags);
}

int rump_sys_fstatvfs1(int fd, struct rump_statvfs *sb, int flags)
{
	return (int)sc3(SYS___fstatvfs190, fd, P(sb), flags);
}

int rump_sys_mount(const char *type, const char *path, int flags,
		   void *data, size_t data_len)
{
	return (int)sc6(SYS___mount50, P(type), P(path), flags, P(data),
			(register_t)data_len, 0);
}

int rump_sys_unmount(const char *path, int flags)
{
	return (int)sc3(SYS_unmount, P(path), flags, 0);
}

int rump_sys_sync(void)
{
	return (int)sc3(SYS_sync, 0, 0, 0);
}

int rump_sys_fsync(int fd)
{
	return (int)sc3(SYS_fsync, fd, 0, 0);
}

int rump_sys_mkdir(const char *path, mode_t mode)
{
	return (int)sc3(SYS_mkdir, P(path), mode, 0);
}

int rump_sys_rmdir(const char *path)
{
	return (int)sc3(SYS_rmdir, P(path), 0, 0);
}

int rump_sys_unlink(const char *path)
{
	return (int)sc3(SYS_unlink, P(path), 0, 0);
}

int rump_sys_link(const char *from, const char *to)
{
	return (int)sc3(SYS_link, P(from), P(to), 0);
}

int rump_sys_rename(const char *from, const char *to)
{
	return (int)sc3(SYS_rename, P(from), P(to), 0);
}

int rump_sys_mknod(const char *path, mode_t mode, uint64_t dev)
{
	return (int)sc3(SYS___mknod50, P(path), mode, (register_t)dev);
}

int rump_sys_mkfifo(const char *path, mode_t mode)
{
	return (int)sc3(SYS_mkfifo, P(path), mode, 0);
}

int rump_sys_symlink(const char *target, const char *path)
{
	return (int)sc3(SYS_symlink, P(target), P(path), 0);
}

int rump_sys_chmod(const char *path, mode_t mode)
{
	return (int)sc3(SYS_chmod, P(path), mode, 0);
}

int rump_sys_fchmod(int fd, mode_t mode)
{
	return (int)sc3(SYS_fchmod, fd, mode, 0);
}

int rump_sys_chown(const char *path, uid_t uid, gid_t gid)
{
	return (int)sc3(SYS_chown, P(path), uid, gid);
}

int rump_sys_truncate(const char *path, off_t len)
{
	return (int)sc3(SYS_truncate, P(path), 0, len);
}

int rump_sys_ftruncate(int fd, off_t len)
{
	return (int)sc3(SYS_ftruncate, fd, 0, len);
}

int rump_sys_utimes(const char *path, const struct rump_timeval *tv)
{
	return (int)sc3(SYS___utimes50, P(path), P(tv), 0);
}

mode_t rump_sys_umask(mode_t mask)
{
	return (mode_t)sc3(SYS_umask, mask, 0, 0);
}

int rump_sys_fchown(int fd, uid_t uid, gid_t gid)
{
	return (int)sc3(SYS_fchown, fd, uid, gid);
}

int rump_sys_lchown(const char *path, uid_t uid, gid_t gid)
{
	return (int)sc3(SYS_lchown, P(path), uid, gid);
}

int rump_sys_fdatasync(int fd)
{
	return (int)sc3(SYS_fdatasync, fd, 0, 0);
}

int rump_sys_lutimes(const char *path, const struct rump_timeval *tv)
{
	return (int)sc3(SYS___lutimes50, P(path), P(tv), 0);
}

int rump_sys_futimes(int fd, const struct rump_timeval *tv)
{
	return (int)sc3(SYS___futimes50, fd, P(tv), 0);
}

int rump_sys_utimensat(int fd, const char *path, const struct timespec *ts,
		       int flag)
{
	return (int)sc6(SYS_utimensat, fd, P(path), P(ts), flag, 0, 0);
}

int rump_sys_futimens(int fd, const struct timespec *ts)
{
	return (int)sc3(SYS_futimens, fd, P(ts), 0);
}
