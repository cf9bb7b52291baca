// SPDX-License-Identifier: BSD-2-Clause
/*
 * vfs_lookup.c - path name lookup (namei), permission checks, the
 * per-process current directory.
 *
 * namei walks the path one component at a time from the root (absolute)
 * or the current directory, holding a reference on the directory it is
 * in.  It crosses mount points downward (a covered directory leads to the
 * root of what is mounted on it) and upward (".." at a mount's root goes
 * to the covered directory first), follows symbolic links by splicing
 * their target into the remaining path (at most MAXSYMLINKS, then ELOOP),
 * and checks search permission on every directory it passes.
 */
#include "vfs/vfs.h"
#include "kern/systm.h"
#include "kern/kmem.h"
#include "kern/proc.h"

/* ---- permissions ----------------------------------------------------------- */

int vaccess(const struct vattr *va, int mode, struct kauth_cred *cred)
{
	mode_t m = va->va_mode, granted = 0;

	if (cred == NULL || cred->cr_euid == 0) {
		/* The superuser may execute only what someone may. */
		if ((mode & VEXEC) && va->va_type != VDIR &&
		    (m & (S_IXUSR_ | S_IXGRP_ | S_IXOTH_)) == 0)
			return EACCES;
		return 0;
	}
	if (cred->cr_euid == va->va_uid)
		granted = (m >> 6) & 7;
	else if (cred->cr_egid == va->va_gid)
		granted = (m >> 3) & 7;
	else
		granted = m & 7;
	return ((mode_t)mode & ~granted) ? EACCES : 0;
}

int VOP_ACCESS(struct vnode *vp, int mode, struct kauth_cred *cred)
{
	struct vattr va;
	int error;

	if (vp->v_op->vop_getattr == NULL)
		return EOPNOTSUPP;
	vn_lock(vp, LK_SHARED);
	error = vp->v_op->vop_getattr(vp, &va);
	VOP_UNLOCK(vp);
	if (error)
		return error;
	return vaccess(&va, mode, cred);
}

void vattr_null(struct vattr *va)
{
	memset(va, 0xff, sizeof(*va));
	va->va_type = VNON;
}

/* ---- current directory ------------------------------------------------------- */

static kmutex_t cwd_lock;
static struct cwdinfo *cwd_list;

static struct cwdinfo *cwdi_alloc(struct proc *p, struct vnode *dir,
				  mode_t cmask)
{
	struct cwdinfo *ci = kmem_zalloc(sizeof(*ci), KM_SLEEP);

	if (ci == NULL)
		return NULL;
	ci->cwdi_cdir = dir;
	ci->cwdi_cmask = cmask;
	ci->cwdi_proc = p;
	ci->cwdi_next = cwd_list;
	if (cwd_list)
		cwd_list->cwdi_prev = ci;
	cwd_list = ci;
	return ci;
}

static void cwdi_unlink(struct cwdinfo *ci)
{
	if (ci->cwdi_prev)
		ci->cwdi_prev->cwdi_next = ci->cwdi_next;
	else
		cwd_list = ci->cwdi_next;
	if (ci->cwdi_next)
		ci->cwdi_next->cwdi_prev = ci->cwdi_prev;
}

struct vnode *cwd_get(void)
{
	struct cwdinfo *ci;
	struct vnode *vp;

	mutex_enter(&cwd_lock);
	ci = curproc->p_vfs;
	vp = ci ? ci->cwdi_cdir : rootvnode;
	vref(vp);
	mutex_exit(&cwd_lock);
	return vp;
}

void cwd_set(struct vnode *vp)
{
	struct proc *p = curproc;
	struct cwdinfo *ci;
	struct vnode *old = NULL;

	mutex_enter(&cwd_lock);
	ci = p->p_vfs;
	if (ci == NULL) {
		/* A process older than the VFS (or proc0): give it state. */
		ci = cwdi_alloc(p, vp, 022);
		if (ci != NULL)
			p->p_vfs = ci;
		else
			old = vp;	/* no memory: the cwd stays "/" */
	} else {
		old = ci->cwdi_cdir;
		ci->cwdi_cdir = vp;
	}
	mutex_exit(&cwd_lock);
	if (old)
		vrele(old);
}

mode_t cwd_umask(mode_t newmask, bool set)
{
	struct cwdinfo *ci;
	mode_t old;

	mutex_enter(&cwd_lock);
	ci = curproc->p_vfs;
	old = ci ? ci->cwdi_cmask : 022;
	if (set) {
		if (ci == NULL) {
			vref(rootvnode);
			ci = cwdi_alloc(curproc, rootvnode, 022);
			if (ci)
				curproc->p_vfs = ci;
			else
				vrele(rootvnode);
		}
		if (ci)
			ci->cwdi_cmask = newmask & ACCESSPERMS;
	}
	mutex_exit(&cwd_lock);
	return old;
}

static int cwd_fork(struct proc *parent, struct proc *child)
{
	struct cwdinfo *pci, *ci;
	struct vnode *dir;
	mode_t cmask;

	mutex_enter(&cwd_lock);
	pci = parent->p_vfs;
	dir = pci ? pci->cwdi_cdir : rootvnode;
	cmask = pci ? pci->cwdi_cmask : 022;
	vref(dir);
	ci = cwdi_alloc(child, dir, cmask);
	child->p_vfs = ci;
	mutex_exit(&cwd_lock);
	if (ci == NULL) {
		vrele(dir);
		return ENOMEM;
	}
	return 0;
}

static void cwd_exit(struct proc *p)
{
	struct cwdinfo *ci;

	mutex_enter(&cwd_lock);
	ci = p->p_vfs;
	if (ci != NULL)
		cwdi_unlink(ci);
	p->p_vfs = NULL;
	mutex_exit(&cwd_lock);
	if (ci != NULL) {
		vrele(ci->cwdi_cdir);
		kmem_free(ci, sizeof(*ci));
	}
}

static const struct proc_hooks cwd_hooks = {
	.ph_fork = cwd_fork,
	.ph_exit = cwd_exit,
};

int cwd_init(void)
{
	mutex_init(&cwd_lock, MUTEX_DEFAULT, IPL_NONE);
	cwd_list = NULL;
	proc_hooks_set(&cwd_hooks);
	return 0;
}

void cwd_fini(void)
{
	struct cwdinfo *ci;

	proc_hooks_set(NULL);
	for (;;) {
		mutex_enter(&cwd_lock);
		ci = cwd_list;
		if (ci != NULL) {
			cwdi_unlink(ci);
			ci->cwdi_proc->p_vfs = NULL;
		}
		mutex_exit(&cwd_lock);
		if (ci == NULL)
			break;
		vrele(ci->cwdi_cdir);
		kmem_free(ci, sizeof(*ci));
	}
	mutex_destroy(&cwd_lock);
}

/* ---- paths ------------------------------------------------------------------------ */

int pathbuf_copyin(const char *upath, char **kpathp)
{
	char *buf = kmem_alloc(MAXPATHLEN, KM_SLEEP);
	size_t done;
	int error;

	if (buf == NULL)
		return ENOMEM;
	error = copyinstr(upath, buf, MAXPATHLEN, &done);
	if (error) {
		kmem_free(buf, MAXPATHLEN);
		return error;
	}
	*kpathp = buf;
	return 0;
}

void pathbuf_free(char *kpath)
{
	kmem_free(kpath, MAXPATHLEN);
}

/* Follow mount points down from *vpp (referenced); replaces it. */
static int cross_down(struct vnode **vpp)
{
	struct vnode *vp = *vpp, *root;

	for (;;) {
		mutex_enter(&mountlist_lock);
		if (vp->v_mountedhere == NULL) {
			mutex_exit(&mountlist_lock);
			break;
		}
		root = vp->v_mountedhere->mnt_rootvp;
		vref(root);
		mutex_exit(&mountlist_lock);
		vrele(vp);
		vp = root;
	}
	*vpp = vp;
	return 0;
}

/* For "..": from a mount's root up to the directory it covers. */
static void cross_up(struct vnode **dpp)
{
	struct vnode *dp = *dpp, *covered;

	for (;;) {
		mutex_enter(&mountlist_lock);
		if (dp == rootvnode || !(dp->v_vflag & VV_ROOT) ||
		    dp->v_mount == NULL || dp->v_mount->mnt_vnodecovered == NULL) {
			mutex_exit(&mountlist_lock);
			break;
		}
		covered = dp->v_mount->mnt_vnodecovered;
		vref(covered);
		mutex_exit(&mountlist_lock);
		vrele(dp);
		dp = covered;
	}
	*dpp = dp;
}

static int readlink_k(struct vnode *vp, char *buf, size_t size, size_t *lenp)
{
	struct iovec iov = { buf, size };
	struct uio uio = { &iov, 1, 0, size, UIO_READ, UIO_SYSSPACE };
	int error;

	if (vp->v_op->vop_readlink == NULL)
		return EINVAL;
	vn_lock(vp, LK_SHARED);
	error = vp->v_op->vop_readlink(vp, &uio);
	VOP_UNLOCK(vp);
	*lenp = size - uio.uio_resid;
	return error;
}

int namei(struct nameidata *nd)
{
	char *buf, *lbuf = NULL;
	const char *p, *e, *q;
	struct vnode *dp, *vp = NULL;
	int nlinks = 0, error = 0;
	size_t len;

	nd->ni_vp = nd->ni_dvp = NULL;
	nd->ni_trailingslash = false;
	nd->ni_last[0] = '\0';
	len = strnlen(nd->ni_path, MAXPATHLEN);
	if (len == 0)
		return ENOENT;
	if (len >= MAXPATHLEN)
		return ENAMETOOLONG;
	buf = kmem_alloc(MAXPATHLEN, KM_SLEEP);
	if (buf == NULL)
		return ENOMEM;
	memcpy(buf, nd->ni_path, len + 1);

	if (buf[0] == '/') {
		dp = rootvnode;
		vref(dp);
	} else if (nd->ni_startdir != NULL) {
		dp = nd->ni_startdir;
		vref(dp);
	} else {
		dp = cwd_get();
	}
	p = buf;
	for (;;) {
		bool islast, dotdot, slash;

		while (*p == '/')
			p++;
		if (*p == '\0') {
			/* "/" or a path of slashes: the directory itself. */
			vp = dp;
			dp = NULL;
			if (vp->v_type != VDIR)
				error = ENOTDIR;
			strlcpy(nd->ni_last, "/", sizeof(nd->ni_last));
			break;
		}
		for (e = p; *e != '\0' && *e != '/'; e++)
			;
		len = (size_t)(e - p);
		if (len > NAME_MAX) {
			error = ENAMETOOLONG;
			break;
		}
		for (q = e; *q == '/'; q++)
			;
		islast = *q == '\0';
		slash = islast && q != e;
		if (dp->v_type != VDIR) {
			/* A revoked directory (forced unmount) has no names. */
			error = dp->v_type == VBAD ? ENOENT : ENOTDIR;
			break;
		}
		error = VOP_ACCESS(dp, VEXEC, nd->ni_cred);
		if (error)
			break;
		memcpy(nd->ni_last, p, len);
		nd->ni_last[len] = '\0';
		nd->ni_cn.cn_nameptr = nd->ni_last;
		nd->ni_cn.cn_namelen = len;
		nd->ni_cn.cn_cred = nd->ni_cred;
		dotdot = len == 2 && p[0] == '.' && p[1] == '.';
		if (len == 1 && p[0] == '.') {
			vp = dp;
			vref(vp);
		} else {
			if (dotdot)
				cross_up(&dp);
			if (dotdot && dp == rootvnode) {
				vp = dp;
				vref(vp);
			} else {
				error = dp->v_op->vop_lookup ?
				    dp->v_op->vop_lookup(dp, &nd->ni_cn, &vp) :
				    ENOTDIR;
				if (error == ENOENT && islast &&
				    (nd->ni_op == CREATE || nd->ni_op == RENAME)) {
					vp = NULL;
					error = 0;
				}
				if (error)
					break;
			}
		}
		/*
		 * Into what is mounted here, except for the last name of a
		 * removal or rename: that acts on the mount point itself
		 * (and finds it busy).
		 */
		if (vp != NULL && !dotdot &&
		    !(islast && (nd->ni_op == DELETE || nd->ni_op == RENAME)))
			cross_down(&vp);
		if (vp != NULL && vp->v_type == VLNK &&
		    (!islast || slash || (nd->ni_flags & FOLLOW))) {
			size_t tl, rl = strlen(e);

			if (++nlinks > MAXSYMLINKS) {
				error = ELOOP;
				break;
			}
			if (lbuf == NULL) {
				lbuf = kmem_alloc(MAXPATHLEN, KM_SLEEP);
				if (lbuf == NULL) {
					error = ENOMEM;
					break;
				}
			}
			error = readlink_k(vp, lbuf, MAXPATHLEN, &tl);
			vrele(vp);
			vp = NULL;
			if (error)
				break;
			if (tl == 0) {
				error = ENOENT;
				break;
			}
			if (tl + rl >= MAXPATHLEN) {
				error = ENAMETOOLONG;
				break;
			}
			/* target + the rest ("/..." or "") becomes the path. */
			memmove(buf + tl, e, rl + 1);
			memcpy(buf, lbuf, tl);
			p = buf;
			if (buf[0] == '/') {
				vrele(dp);
				dp = rootvnode;
				vref(dp);
			}
			continue;
		}
		if (islast) {
			nd->ni_trailingslash = slash;
			if (slash && vp != NULL && vp->v_type != VDIR) {
				error = ENOTDIR;
				break;
			}
			break;
		}
		vrele(dp);
		dp = vp;
		vp = NULL;
		p = e;
	}
	if (lbuf)
		kmem_free(lbuf, MAXPATHLEN);
	kmem_free(buf, MAXPATHLEN);
	if (error) {
		if (vp)
			vrele(vp);
		if (dp)
			vrele(dp);
		return error;
	}
	nd->ni_vp = vp;
	if (dp != NULL && (nd->ni_op != LOOKUP || (nd->ni_flags & WANTPARENT)))
		nd->ni_dvp = dp;
	else if (dp != NULL)
		vrele(dp);
	return 0;
}

void namei_done(struct nameidata *nd)
{
	if (nd->ni_vp)
		vrele(nd->ni_vp);
	if (nd->ni_dvp)
		vrele(nd->ni_dvp);
	nd->ni_vp = nd->ni_dvp = NULL;
}
