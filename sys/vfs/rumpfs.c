// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpfs.c - the in-memory file system: the root file system of every
 * rump kernel (holding /dev and mount points), and mountable anywhere as
 * type "rumpfs".  Regular files, directories, symlinks, device nodes and
 * etfs nodes (a host file or device exposed at a path, see vfs_etfs.c).
 *
 * Nodes live as long as they have a name (nlink > 0) or a vnode; vnodes
 * are only a cache of them (the inode number is the node's address), so
 * the vnode cache may reclaim rumpfs vnodes freely.
 *
 * Locks: rm_lock (rwlock, per mount) protects directories and every
 * node's metadata (links, times, owner, mode): readers look up and read
 * attributes, writers change them.  File contents and sizes are protected
 * by the vnode lock the VFS holds around read/write/setattr (taken before
 * rm_lock when both are needed).  rm_nodelock (mutex) protects rn_vp and
 * the decision to free a node at reclaim: reclaim must not take rm_lock,
 * because a lookup holding it may be waiting in the vnode cache for that
 * very reclaim to finish.  Reclaim can read rn_nlink without rm_lock:
 * every operation that changes a node's links holds a vnode of it (or of
 * its directory), and a vnode being reclaimed has no holders.
 */
#include "vfs/vfs.h"
#include "kern/systm.h"
#include "kern/kmem.h"
#include "kern/proc.h"

struct rfsnode;

struct rfsdirent {
	struct rfsdirent *rd_next;
	struct rfsnode *rd_node;
	uint64_t rd_cookie;
	uint16_t rd_namelen;
	char rd_name[];
};

struct rfsnode {
	enum vtype rn_type;
	mode_t rn_mode;
	uid_t rn_uid;
	gid_t rn_gid;
	uint32_t rn_nlink;
	uint64_t rn_ino;		/* for st_ino: small, stable */
	struct timespec rn_atime, rn_mtime, rn_ctime, rn_btime;
	struct vnode *rn_vp;		/* the vnode, if cached (weak) */
	/* VDIR */
	struct rfsdirent *rn_dirents, *rn_dirtail;
	unsigned rn_nentries;
	struct rfsnode *rn_parent;
	/* VREG */
	char *rn_data;
	size_t rn_size, rn_alloc;
	/* VLNK */
	char *rn_target;
	size_t rn_tlen;
	/* devices and etfs */
	uint64_t rn_rdev;
	struct rumpblk *rn_blk;		/* etfs: the host file */
};

struct rfsmount {
	krwlock_t rm_lock;
	kmutex_t rm_nodelock;
	struct rfsnode *rm_root;
	uint64_t rm_nextino;
	uint64_t rm_nextcookie;
	uint64_t rm_bytes;		/* file data, atomic */
	uint64_t rm_nnodes;		/* atomic */
};

#define RFS_MAXBYTES	((uint64_t)1 << 40)	/* statvfs size: unlimited */
#define COOKIE_DOT	0
#define COOKIE_DOTDOT	1
#define COOKIE_FIRST	2

static const struct vnodeops rumpfs_vnodeops;

static struct rfsmount *RFSMP(struct mount *mp)
{
	return mp->mnt_data;
}

static struct rfsnode *VTORN(struct vnode *vp)
{
	return vp->v_data;
}

static struct rfsnode *rfs_node_alloc(struct rfsmount *rm, enum vtype type,
				      mode_t mode, uid_t uid, gid_t gid)
{
	struct rfsnode *rn = kmem_zalloc(sizeof(*rn), KM_SLEEP);

	if (rn == NULL)
		return NULL;
	rn->rn_type = type;
	rn->rn_mode = mode & ALLPERMS;
	rn->rn_uid = uid;
	rn->rn_gid = gid;
	rn->rn_ino = ++rm->rm_nextino;
	getnanotime(&rn->rn_atime);
	rn->rn_mtime = rn->rn_ctime = rn->rn_btime = rn->rn_atime;
	__atomic_add_fetch(&rm->rm_nnodes, 1, __ATOMIC_RELAXED);
	return rn;
}

static void rfs_node_free(struct rfsmount *rm, struct rfsnode *rn)
{
	KASSERT(rn->rn_dirents == NULL);
	if (rn->rn_data) {
		kmem_free(rn->rn_data, rn->rn_alloc);
		__atomic_sub_fetch(&rm->rm_bytes, rn->rn_alloc,
				   __ATOMIC_RELAXED);
	}
	if (rn->rn_target)
		kmem_free(rn->rn_target, rn->rn_tlen + 1);
	if (rn->rn_blk)
		rumpblk_close(rn->rn_blk);
	__atomic_sub_fetch(&rm->rm_nnodes, 1, __ATOMIC_RELAXED);
	kmem_free(rn, sizeof(*rn));
}

static void rfs_touch(struct rfsnode *rn, bool m, bool c)
{
	struct timespec now;

	getnanotime(&now);
	if (m)
		rn->rn_mtime = now;
	if (c)
		rn->rn_ctime = now;
}

/* ---- directories ------------------------------------------------------------ */

static struct rfsdirent *rfs_dir_find(struct rfsnode *dn, const char *name,
				      size_t len, struct rfsdirent **prevp)
{
	struct rfsdirent *de, *prev = NULL;

	for (de = dn->rn_dirents; de; prev = de, de = de->rd_next)
		if (de->rd_namelen == len && memcmp(de->rd_name, name, len) == 0)
			break;
	if (prevp)
		*prevp = prev;
	return de;
}

static int rfs_dir_add(struct rfsmount *rm, struct rfsnode *dn,
		       const char *name, size_t len, struct rfsnode *rn)
{
	struct rfsdirent *de = kmem_alloc(sizeof(*de) + len, KM_SLEEP);

	if (de == NULL)
		return ENOMEM;
	memcpy(de->rd_name, name, len);
	de->rd_namelen = (uint16_t)len;
	de->rd_node = rn;
	de->rd_cookie = ++rm->rm_nextcookie + COOKIE_FIRST;
	de->rd_next = NULL;
	if (dn->rn_dirtail)
		dn->rn_dirtail->rd_next = de;
	else
		dn->rn_dirents = de;
	dn->rn_dirtail = de;
	dn->rn_nentries++;
	rn->rn_nlink++;
	if (rn->rn_type == VDIR) {
		rn->rn_parent = dn;
		dn->rn_nlink++;		/* the child's ".." */
	}
	rfs_touch(dn, true, true);
	return 0;
}

static void rfs_dir_del(struct rfsnode *dn, struct rfsdirent *de,
			struct rfsdirent *prev)
{
	struct rfsnode *rn = de->rd_node;

	if (prev)
		prev->rd_next = de->rd_next;
	else
		dn->rn_dirents = de->rd_next;
	if (dn->rn_dirtail == de)
		dn->rn_dirtail = prev;
	dn->rn_nentries--;
	rn->rn_nlink--;
	if (rn->rn_type == VDIR) {
		dn->rn_nlink--;
		rn->rn_nlink--;		/* its "." */
		rn->rn_parent = NULL;
	}
	rfs_touch(dn, true, true);
	rfs_touch(rn, false, true);
	kmem_free(de, sizeof(*de) + de->rd_namelen);
}

/* ---- vnode operations --------------------------------------------------------- */

static int rfs_getvnode(struct vnode *dvp, struct rfsnode *rn,
			struct vnode **vpp)
{
	return vcache_get(dvp->v_mount, (uint64_t)(uintptr_t)rn, vpp);
}

static int rumpfs_lookup(struct vnode *dvp, struct componentname *cn,
			 struct vnode **vpp)
{
	struct rfsmount *rm = RFSMP(dvp->v_mount);
	struct rfsnode *dn = VTORN(dvp), *rn = NULL;
	struct rfsdirent *de;

	*vpp = NULL;
	rw_enter(&rm->rm_lock, RW_READER);
	if (dn->rn_type != VDIR) {
		rw_exit(&rm->rm_lock);
		return ENOTDIR;
	}
	if (cn->cn_namelen == 2 && cn->cn_nameptr[0] == '.' &&
	    cn->cn_nameptr[1] == '.') {
		rn = dn->rn_parent ? dn->rn_parent : dn;
	} else {
		de = rfs_dir_find(dn, cn->cn_nameptr, cn->cn_namelen, NULL);
		if (de)
			rn = de->rd_node;
	}
	if (rn == NULL || dn->rn_nlink == 0) {
		rw_exit(&rm->rm_lock);
		return ENOENT;
	}
	/*
	 * vcache_get under rm_lock as reader: loading a rumpfs vnode
	 * never takes rm_lock, and the node cannot be freed meanwhile.
	 */
	{
		int error = rfs_getvnode(dvp, rn, vpp);

		rw_exit(&rm->rm_lock);
		return error;
	}
}

/* Common part of create/mkdir/symlink/mknod: with rm_lock as writer. */
static int rfs_newnode(struct vnode *dvp, struct componentname *cn,
		       struct vattr *va, struct rfsnode **rnp)
{
	struct rfsmount *rm = RFSMP(dvp->v_mount);
	struct rfsnode *dn = VTORN(dvp), *rn;
	struct kauth_cred *cred = cn->cn_cred;
	int error;

	if (dn->rn_nlink == 0)
		return ENOENT;
	if (rfs_dir_find(dn, cn->cn_nameptr, cn->cn_namelen, NULL))
		return EEXIST;
	if (dn->rn_type == VDIR && va->va_type == VDIR &&
	    dn->rn_nlink >= 0xffff)
		return EMLINK;
	rn = rfs_node_alloc(rm, va->va_type, va->va_mode,
			    cred ? cred->cr_euid : 0,
			    dn->rn_gid);	/* BSD: the directory's group */
	if (rn == NULL)
		return ENOMEM;
	if (va->va_type == VDIR)
		rn->rn_nlink = 1;	/* "." */
	if (va->va_type == VBLK || va->va_type == VCHR)
		rn->rn_rdev = va->va_rdev;
	error = rfs_dir_add(rm, dn, cn->cn_nameptr, cn->cn_namelen, rn);
	if (error) {
		rfs_node_free(rm, rn);
		return error;
	}
	*rnp = rn;
	return 0;
}

static int rumpfs_create(struct vnode *dvp, struct componentname *cn,
			 struct vattr *va, struct vnode **vpp)
{
	struct rfsmount *rm = RFSMP(dvp->v_mount);
	struct rfsnode *rn;
	int error;

	rw_enter(&rm->rm_lock, RW_WRITER);
	error = rfs_newnode(dvp, cn, va, &rn);
	if (error == 0)
		error = rfs_getvnode(dvp, rn, vpp);
	rw_exit(&rm->rm_lock);
	return error;
}

static int rumpfs_symlink(struct vnode *dvp, struct componentname *cn,
			  struct vattr *va, const char *target,
			  struct vnode **vpp)
{
	struct rfsmount *rm = RFSMP(dvp->v_mount);
	size_t len = strlen(target);
	struct rfsnode *rn;
	char *t;
	int error;

	t = kmem_alloc(len + 1, KM_SLEEP);
	if (t == NULL)
		return ENOMEM;
	memcpy(t, target, len + 1);
	va->va_type = VLNK;
	rw_enter(&rm->rm_lock, RW_WRITER);
	error = rfs_newnode(dvp, cn, va, &rn);
	if (error == 0) {
		rn->rn_target = t;
		rn->rn_tlen = len;
		t = NULL;
		error = rfs_getvnode(dvp, rn, vpp);
	}
	rw_exit(&rm->rm_lock);
	if (t)
		kmem_free(t, len + 1);
	return error;
}

static int rumpfs_link(struct vnode *dvp, struct vnode *vp,
		       struct componentname *cn)
{
	struct rfsmount *rm = RFSMP(dvp->v_mount);
	struct rfsnode *dn = VTORN(dvp), *rn = VTORN(vp);
	int error;

	if (vp->v_type == VDIR)
		return EPERM;
	rw_enter(&rm->rm_lock, RW_WRITER);
	if (dn->rn_nlink == 0 || rn->rn_nlink == 0)
		error = ENOENT;
	else if (rfs_dir_find(dn, cn->cn_nameptr, cn->cn_namelen, NULL))
		error = EEXIST;
	else if (rn->rn_nlink >= 0xffff)
		error = EMLINK;
	else
		error = rfs_dir_add(rm, dn, cn->cn_nameptr, cn->cn_namelen, rn);
	if (error == 0)
		rfs_touch(rn, false, true);
	rw_exit(&rm->rm_lock);
	return error;
}

static int rfs_unlink_common(struct vnode *dvp, struct vnode *vp,
			     struct componentname *cn, bool dir)
{
	struct rfsmount *rm = RFSMP(dvp->v_mount);
	struct rfsnode *dn = VTORN(dvp), *rn = VTORN(vp);
	struct rfsdirent *de, *prev;
	int error = 0;

	rw_enter(&rm->rm_lock, RW_WRITER);
	de = rfs_dir_find(dn, cn->cn_nameptr, cn->cn_namelen, &prev);
	if (de == NULL || de->rd_node != rn)
		error = ENOENT;		/* changed since the lookup */
	else if (dir && rn->rn_type != VDIR)
		error = ENOTDIR;
	else if (!dir && rn->rn_type == VDIR)
		error = EPERM;		/* NetBSD: unlink(2) of a directory */
	else if (dir && rn->rn_nentries != 0)
		error = ENOTEMPTY;
	else if (vp->v_mountedhere != NULL)
		error = EBUSY;
	if (error == 0)
		rfs_dir_del(dn, de, prev);
	rw_exit(&rm->rm_lock);
	return error;
}

static int rumpfs_remove(struct vnode *dvp, struct vnode *vp,
			 struct componentname *cn)
{
	return rfs_unlink_common(dvp, vp, cn, false);
}

static int rumpfs_rmdir(struct vnode *dvp, struct vnode *vp,
			struct componentname *cn)
{
	return rfs_unlink_common(dvp, vp, cn, true);
}

static int rumpfs_rename(struct vnode *fdvp, struct vnode *fvp,
			 struct componentname *fcn, struct vnode *tdvp,
			 struct vnode *tvp, struct componentname *tcn)
{
	struct rfsmount *rm = RFSMP(fdvp->v_mount);
	struct rfsnode *fdn = VTORN(fdvp), *fn = VTORN(fvp);
	struct rfsnode *tdn = VTORN(tdvp), *tn, *p;
	struct rfsdirent *fde, *fprev, *tde, *tprev;
	int error = 0;

	rw_enter(&rm->rm_lock, RW_WRITER);
	fde = rfs_dir_find(fdn, fcn->cn_nameptr, fcn->cn_namelen, &fprev);
	if (fde == NULL || fde->rd_node != fn) {
		error = ENOENT;
		goto out;
	}
	tde = rfs_dir_find(tdn, tcn->cn_nameptr, tcn->cn_namelen, &tprev);
	tn = tde ? tde->rd_node : NULL;
	if (tn != (tvp ? VTORN(tvp) : NULL)) {
		error = ENOENT;		/* the target changed: retry-worthy */
		goto out;
	}
	if (tn == fn)
		goto out;		/* same file: nothing to do */
	if (tdn->rn_nlink == 0) {
		error = ENOENT;
		goto out;
	}
	if (fn->rn_type == VDIR) {
		/* Not into its own subtree. */
		for (p = tdn; p != NULL; p = p->rn_parent) {
			if (p == fn) {
				error = EINVAL;
				goto out;
			}
			if (p == p->rn_parent)
				break;
		}
	}
	if (tn != NULL) {
		if (fn->rn_type == VDIR && tn->rn_type != VDIR)
			error = ENOTDIR;
		else if (fn->rn_type != VDIR && tn->rn_type == VDIR)
			error = EISDIR;
		else if (tn->rn_type == VDIR && tn->rn_nentries != 0)
			error = ENOTEMPTY;
		else if (tvp->v_mountedhere != NULL)
			error = EBUSY;
		if (error)
			goto out;
	}
	/* Add the new name first: the only step that can fail. */
	if (tde != NULL) {
		/* Replace the target's entry in place. */
		tn->rn_nlink--;
		if (tn->rn_type == VDIR) {
			tdn->rn_nlink--;
			tn->rn_nlink--;
			tn->rn_parent = NULL;
		}
		rfs_touch(tn, false, true);
		tde->rd_node = fn;
		fn->rn_nlink++;
		if (fn->rn_type == VDIR) {
			tdn->rn_nlink++;
			fn->rn_parent = tdn;
		}
		rfs_touch(tdn, true, true);
	} else {
		error = rfs_dir_add(rm, tdn, tcn->cn_nameptr, tcn->cn_namelen,
				    fn);
		if (error)
			goto out;
	}
	/* The old entry may have moved if fdn == tdn: find it again. */
	fde = rfs_dir_find(fdn, fcn->cn_nameptr, fcn->cn_namelen, &fprev);
	KASSERT(fde != NULL && fde->rd_node == fn);
	rfs_dir_del(fdn, fde, fprev);
	if (fn->rn_type == VDIR) {
		/*
		 * rfs_dir_del() dropped the directory's own "." link and
		 * parent pointer as for a removal: it lives on under tdn.
		 */
		fn->rn_nlink++;
		fn->rn_parent = tdn;
	}
out:
	rw_exit(&rm->rm_lock);
	return error;
}

static int rumpfs_getattr(struct vnode *vp, struct vattr *va)
{
	struct rfsmount *rm = RFSMP(vp->v_mount);
	struct rfsnode *rn = VTORN(vp);

	memset(va, 0, sizeof(*va));
	rw_enter(&rm->rm_lock, RW_READER);
	va->va_type = rn->rn_type;
	va->va_mode = rn->rn_mode;
	va->va_nlink = rn->rn_nlink;
	va->va_uid = rn->rn_uid;
	va->va_gid = rn->rn_gid;
	va->va_fsid = vp->v_mount->mnt_id;
	va->va_fileid = rn->rn_ino;
	switch (rn->rn_type) {
	case VREG:
		va->va_size = rn->rn_blk ? rn->rn_blk->rb_size : rn->rn_size;
		break;
	case VDIR:
		va->va_size = (uint64_t)(rn->rn_nentries + 2) * 16;
		break;
	case VLNK:
		va->va_size = rn->rn_tlen;
		break;
	default:
		va->va_size = rn->rn_blk ? rn->rn_blk->rb_size : 0;
		break;
	}
	va->va_bytes = rn->rn_alloc;
	va->va_blksize = 4096;
	va->va_rdev = rn->rn_rdev;
	va->va_atime = rn->rn_atime;
	va->va_mtime = rn->rn_mtime;
	va->va_ctime = rn->rn_ctime;
	va->va_birthtime = rn->rn_btime;
	rw_exit(&rm->rm_lock);
	return 0;
}

static int rfs_resize(struct rfsmount *rm, struct rfsnode *rn, size_t size)
{
	size_t nalloc;
	char *nd;

	if (size > rn->rn_alloc || size < rn->rn_alloc / 4) {
		nalloc = size < 64 ? 64 : roundup2(size, (size_t)64);
		if (size > rn->rn_alloc && nalloc < rn->rn_alloc * 2)
			nalloc = rn->rn_alloc * 2;
		if (size == 0)
			nalloc = 0;
		nd = nalloc ? kmem_alloc(nalloc, KM_SLEEP) : NULL;
		if (nalloc && nd == NULL)
			return ENOSPC;
		if (nd)
			memcpy(nd, rn->rn_data, MIN(rn->rn_size, size));
		if (rn->rn_data)
			kmem_free(rn->rn_data, rn->rn_alloc);
		__atomic_add_fetch(&rm->rm_bytes, nalloc - rn->rn_alloc,
				   __ATOMIC_RELAXED);
		rn->rn_data = nd;
		rn->rn_alloc = nalloc;
	}
	if (size > rn->rn_size)
		memset(rn->rn_data + rn->rn_size, 0, size - rn->rn_size);
	rn->rn_size = size;
	return 0;
}

static int rumpfs_setattr(struct vnode *vp, struct vattr *va)
{
	struct rfsmount *rm = RFSMP(vp->v_mount);
	struct rfsnode *rn = VTORN(vp);
	int error;

	if (va->va_size != (uint64_t)VNOVAL) {
		if (rn->rn_type == VDIR)
			return EISDIR;
		if (rn->rn_type != VREG)
			return EINVAL;
		if (rn->rn_blk)
			return va->va_size == rn->rn_blk->rb_size ? 0 : EINVAL;
		if (va->va_size > ((uint64_t)1 << 40))
			return EFBIG;
		error = rfs_resize(rm, rn, va->va_size);
		if (error)
			return error;
	}
	rw_enter(&rm->rm_lock, RW_WRITER);
	if (va->va_size != (uint64_t)VNOVAL)
		rfs_touch(rn, true, true);
	if (va->va_mode != (mode_t)VNOVAL) {
		rn->rn_mode = va->va_mode & ALLPERMS;
		rfs_touch(rn, false, true);
	}
	if (va->va_uid != (uid_t)VNOVAL) {
		rn->rn_uid = va->va_uid;
		rfs_touch(rn, false, true);
	}
	if (va->va_gid != (gid_t)VNOVAL) {
		rn->rn_gid = va->va_gid;
		rfs_touch(rn, false, true);
	}
	/* Setting either time is a status change (ctime), as in NetBSD. */
	if (va->va_atime.tv_sec != VNOVAL) {
		rn->rn_atime = va->va_atime;
		rfs_touch(rn, false, true);
	}
	if (va->va_mtime.tv_sec != VNOVAL) {
		rn->rn_mtime = va->va_mtime;
		rfs_touch(rn, false, true);
	}
	rw_exit(&rm->rm_lock);
	return 0;
}

static int rumpfs_read(struct vnode *vp, struct uio *uio, int ioflag)
{
	struct rfsnode *rn = VTORN(vp);
	size_t n;

	(void)ioflag;
	if (rn->rn_type == VDIR)
		return EISDIR;
	if ((rn->rn_type == VBLK || rn->rn_type == VCHR) && rn->rn_blk)
		return blkdev_rw(rn->rn_blk, uio, rn->rn_type == VBLK);
	if (rn->rn_type != VREG)
		return EOPNOTSUPP;
	if (uio->uio_offset < 0)
		return EINVAL;
	if (rn->rn_blk) {
		/* etfs regular file: the host file, through a bounce buffer. */
		char *buf;
		int error = 0;

		buf = kmem_alloc(4096, KM_SLEEP);
		if (buf == NULL)
			return ENOMEM;
		while (error == 0 && uio->uio_resid > 0 &&
		       (uint64_t)uio->uio_offset < rn->rn_blk->rb_size) {
			n = MIN(uio->uio_resid, (size_t)4096);
			n = MIN(n, (size_t)(rn->rn_blk->rb_size -
					    (uint64_t)uio->uio_offset));
			error = rumpblk_rw(rn->rn_blk, false, buf, n,
					   uio->uio_offset);
			if (error == 0)
				error = uiomove(buf, n, uio);
		}
		kmem_free(buf, 4096);
		return error;
	}
	if ((uint64_t)uio->uio_offset >= rn->rn_size)
		return 0;
	n = MIN(uio->uio_resid, rn->rn_size - (size_t)uio->uio_offset);
	return uiomove(rn->rn_data + uio->uio_offset, n, uio);
}

static int rumpfs_write(struct vnode *vp, struct uio *uio, int ioflag)
{
	struct rfsnode *rn = VTORN(vp);
	uint64_t end;
	int error;

	if ((rn->rn_type == VBLK || rn->rn_type == VCHR) && rn->rn_blk)
		return blkdev_rw(rn->rn_blk, uio, rn->rn_type == VBLK);
	if (rn->rn_type != VREG)
		return EOPNOTSUPP;
	if (rn->rn_blk) {
		char *buf = kmem_alloc(4096, KM_SLEEP);
		size_t n;

		if (buf == NULL)
			return ENOMEM;
		error = 0;
		if (ioflag & IO_APPEND)
			uio->uio_offset = (off_t)rn->rn_blk->rb_size;
		while (error == 0 && uio->uio_resid > 0) {
			off_t off = uio->uio_offset;

			n = MIN(uio->uio_resid, (size_t)4096);
			error = uiomove(buf, n, uio);
			if (error == 0)
				error = rumpblk_rw(rn->rn_blk, true, buf, n,
						   off);
			if (error == 0 && (uint64_t)off + n >
			    rn->rn_blk->rb_size)
				rn->rn_blk->rb_size = (uint64_t)off + n;
		}
		kmem_free(buf, 4096);
		return error;
	}
	if (ioflag & IO_APPEND)
		uio->uio_offset = (off_t)rn->rn_size;
	if (uio->uio_offset < 0)
		return EINVAL;
	end = (uint64_t)uio->uio_offset + uio->uio_resid;
	if (end > ((uint64_t)1 << 40))
		return EFBIG;
	if (uio->uio_resid == 0)
		return 0;
	if (end > rn->rn_size) {
		error = rfs_resize(RFSMP(vp->v_mount), rn, (size_t)end);
		if (error)
			return error;
	}
	error = uiomove(rn->rn_data + uio->uio_offset, uio->uio_resid, uio);
	rw_enter(&RFSMP(vp->v_mount)->rm_lock, RW_WRITER);
	rfs_touch(rn, true, true);
	rw_exit(&RFSMP(vp->v_mount)->rm_lock);
	return error;
}

static uint8_t vtype_to_dt(enum vtype t)
{
	switch (t) {
	case VREG: return RUMP_DT_REG;
	case VDIR: return RUMP_DT_DIR;
	case VLNK: return RUMP_DT_LNK;
	case VBLK: return RUMP_DT_BLK;
	case VCHR: return RUMP_DT_CHR;
	case VFIFO: return RUMP_DT_FIFO;
	case VSOCK: return RUMP_DT_SOCK;
	default: return RUMP_DT_UNKNOWN;
	}
}

/* Emit one record; ENOSPC (internal) when it does not fit. */
static int rfs_emit(struct uio *uio, uint64_t ino, const char *name,
		    size_t len, uint8_t type)
{
	struct rump_dirent d;
	size_t reclen = RUMP_DIRENT_RECLEN(len);

	if (reclen > uio->uio_resid)
		return -1;
	memset(&d, 0, reclen);
	d.d_fileno = ino;
	d.d_reclen = (uint16_t)reclen;
	d.d_namlen = (uint16_t)len;
	d.d_type = type;
	memcpy(d.d_name, name, len);
	return uiomove(&d, reclen, uio);
}

static int rumpfs_readdir(struct vnode *vp, struct uio *uio, off_t *offp,
			  bool *eofp)
{
	struct rfsmount *rm = RFSMP(vp->v_mount);
	struct rfsnode *dn = VTORN(vp);
	struct rfsdirent *de;
	uint64_t off = (uint64_t)*offp;
	int error = 0, n = 0;

	if (dn->rn_type != VDIR)
		return ENOTDIR;
	*eofp = false;
	rw_enter(&rm->rm_lock, RW_READER);
	if (off == COOKIE_DOT) {
		error = rfs_emit(uio, dn->rn_ino, ".", 1, RUMP_DT_DIR);
		if (error)
			goto out;
		n++;
		off = COOKIE_DOTDOT;
	}
	if (off == COOKIE_DOTDOT) {
		struct rfsnode *pn = dn->rn_parent ? dn->rn_parent : dn;

		error = rfs_emit(uio, pn->rn_ino, "..", 2, RUMP_DT_DIR);
		if (error)
			goto out;
		n++;
		off = COOKIE_FIRST;
	}
	for (de = dn->rn_dirents; de; de = de->rd_next) {
		if (de->rd_cookie < off)
			continue;
		error = rfs_emit(uio, de->rd_node->rn_ino, de->rd_name,
				 de->rd_namelen, vtype_to_dt(de->rd_node->rn_type));
		if (error)
			goto out;
		n++;
		off = de->rd_cookie + 1;
	}
	*eofp = true;
out:
	rw_exit(&rm->rm_lock);
	*offp = (off_t)off;
	if (error == -1)
		error = n ? 0 : EINVAL;
	return error;
}

static int rumpfs_readlink(struct vnode *vp, struct uio *uio)
{
	struct rfsnode *rn = VTORN(vp);

	if (rn->rn_type != VLNK)
		return EINVAL;
	return uiomove(rn->rn_target, MIN(rn->rn_tlen, uio->uio_resid), uio);
}

static int rumpfs_fsync(struct vnode *vp, int flags)
{
	struct rfsnode *rn = VTORN(vp);

	/*
	 * Memory is the storage; a block device's delayed writes are not.
	 * There is no metadata to skip, so FSYNC_DATAONLY changes nothing.
	 */
	(void)flags;
	if (rn->rn_blk != NULL && rn->rn_type == VBLK)
		return bflush(rn->rn_blk);
	return 0;
}

/* A device node opens only with a device behind it (etfs); FIFOs: not yet. */
static int rumpfs_open(struct vnode *vp, int fflag)
{
	struct rfsnode *rn = VTORN(vp);

	(void)fflag;
	if ((rn->rn_type == VBLK || rn->rn_type == VCHR) && rn->rn_blk == NULL)
		return ENXIO;
	if (rn->rn_type == VFIFO)
		return EOPNOTSUPP;
	return 0;
}

/* Last close of a block device writes its delayed writes back (NetBSD too). */
static int rumpfs_close(struct vnode *vp, int fflag)
{
	struct rfsnode *rn = VTORN(vp);

	if (rn != NULL && rn->rn_blk != NULL && rn->rn_type == VBLK &&
	    (fflag & FWRITE))
		return bflush(rn->rn_blk);
	return 0;
}

static int rumpfs_inactive(struct vnode *vp, bool *recyclep)
{
	struct rfsmount *rm = RFSMP(vp->v_mount);

	rw_enter(&rm->rm_lock, RW_READER);
	*recyclep = VTORN(vp)->rn_nlink == 0;
	rw_exit(&rm->rm_lock);
	return 0;
}

static int rumpfs_reclaim(struct vnode *vp)
{
	struct rfsmount *rm = RFSMP(vp->v_mount);
	struct rfsnode *rn = VTORN(vp);
	bool dofree;

	mutex_enter(&rm->rm_nodelock);
	rn->rn_vp = NULL;
	/* Nameless and no vnode: nothing can reach the node any more. */
	dofree = rn->rn_nlink == 0 && rn != rm->rm_root;
	mutex_exit(&rm->rm_nodelock);
	if (dofree)
		rfs_node_free(rm, rn);
	vp->v_data = NULL;
	return 0;
}

static const struct vnodeops rumpfs_vnodeops = {
	.vop_name = "rumpfs",
	.vop_lookup = rumpfs_lookup,
	.vop_create = rumpfs_create,
	.vop_mkdir = rumpfs_create,	/* va_type says which */
	.vop_symlink = rumpfs_symlink,
	.vop_link = rumpfs_link,
	.vop_remove = rumpfs_remove,
	.vop_rmdir = rumpfs_rmdir,
	.vop_rename = rumpfs_rename,
	.vop_getattr = rumpfs_getattr,
	.vop_setattr = rumpfs_setattr,
	.vop_read = rumpfs_read,
	.vop_write = rumpfs_write,
	.vop_readdir = rumpfs_readdir,
	.vop_readlink = rumpfs_readlink,
	.vop_fsync = rumpfs_fsync,
	.vop_open = rumpfs_open,
	.vop_close = rumpfs_close,
	.vop_inactive = rumpfs_inactive,
	.vop_reclaim = rumpfs_reclaim,
};

/* ---- vfsops ---------------------------------------------------------------------- */

static int rumpfs_mount(struct mount *mp, const char *from, void *data,
			size_t len)
{
	struct rfsmount *rm;

	(void)from;
	(void)data;
	(void)len;
	rm = kmem_zalloc(sizeof(*rm), KM_SLEEP);
	if (rm == NULL)
		return ENOMEM;
	rw_init(&rm->rm_lock);
	mutex_init(&rm->rm_nodelock, MUTEX_DEFAULT, IPL_NONE);
	rm->rm_root = rfs_node_alloc(rm, VDIR, 0755, 0, 0);
	if (rm->rm_root == NULL) {
		mutex_destroy(&rm->rm_nodelock);
		rw_destroy(&rm->rm_lock);
		kmem_free(rm, sizeof(*rm));
		return ENOMEM;
	}
	rm->rm_root->rn_nlink = 2;
	rm->rm_root->rn_parent = rm->rm_root;
	mp->mnt_data = rm;
	mp->mnt_flag |= RUMP_MNT_LOCAL;
	return 0;
}

static int rumpfs_update(struct mount *mp, int newflags)
{
	(void)mp;
	(void)newflags;
	return 0;
}

/* Free a subtree (unmount: no vnodes of the mount are left). */
static void rfs_free_tree(struct rfsmount *rm, struct rfsnode *dn)
{
	struct rfsdirent *de;

	while ((de = dn->rn_dirents) != NULL) {
		struct rfsnode *rn = de->rd_node;

		dn->rn_dirents = de->rd_next;
		kmem_free(de, sizeof(*de) + de->rd_namelen);
		if (rn->rn_type == VDIR) {
			rfs_free_tree(rm, rn);
			rfs_node_free(rm, rn);
		} else if (--rn->rn_nlink == 0) {
			rfs_node_free(rm, rn);
		}
	}
	dn->rn_dirtail = NULL;
	dn->rn_nentries = 0;
}

static int rumpfs_unmount(struct mount *mp, int mntflags)
{
	struct rfsmount *rm = RFSMP(mp);

	(void)mntflags;
	rfs_free_tree(rm, rm->rm_root);
	rfs_node_free(rm, rm->rm_root);
	KASSERT(rm->rm_nnodes == 0);
	mutex_destroy(&rm->rm_nodelock);
	rw_destroy(&rm->rm_lock);
	kmem_free(rm, sizeof(*rm));
	mp->mnt_data = NULL;
	return 0;
}

static int rumpfs_root(struct mount *mp, uint64_t *inop)
{
	*inop = (uint64_t)(uintptr_t)RFSMP(mp)->rm_root;
	return 0;
}

static int rumpfs_statvfs(struct mount *mp, struct statvfs_k *sb)
{
	struct rfsmount *rm = RFSMP(mp);
	uint64_t used = __atomic_load_n(&rm->rm_bytes, __ATOMIC_RELAXED);

	sb->f_bsize = sb->f_frsize = sb->f_iosize = 4096;
	sb->f_blocks = RFS_MAXBYTES / 4096;
	sb->f_bfree = sb->f_bavail = (RFS_MAXBYTES - used) / 4096;
	sb->f_files = 1u << 20;
	sb->f_ffree = sb->f_favail = sb->f_files -
	    __atomic_load_n(&rm->rm_nnodes, __ATOMIC_RELAXED);
	sb->f_namemax = NAME_MAX;
	return 0;
}

static int rumpfs_sync(struct mount *mp, int waitfor)
{
	(void)mp;
	(void)waitfor;
	return 0;
}

static int rumpfs_loadvnode(struct mount *mp, struct vnode *vp, uint64_t ino)
{
	struct rfsnode *rn = (struct rfsnode *)(uintptr_t)ino;

	vp->v_type = rn->rn_type;
	vp->v_op = &rumpfs_vnodeops;
	vp->v_data = rn;
	vp->v_rdev = rn->rn_rdev;
	mutex_enter(&RFSMP(mp)->rm_nodelock);
	rn->rn_vp = vp;
	mutex_exit(&RFSMP(mp)->rm_nodelock);
	if (rn == RFSMP(mp)->rm_root)
		vp->v_vflag |= VV_ROOT;
	return 0;
}

struct vfsops rumpfs_vfsops = {
	.vfs_name = RUMP_MOUNT_RUMPFS,
	.vfs_mount = rumpfs_mount,
	.vfs_update = rumpfs_update,
	.vfs_unmount = rumpfs_unmount,
	.vfs_root = rumpfs_root,
	.vfs_statvfs = rumpfs_statvfs,
	.vfs_sync = rumpfs_sync,
	.vfs_loadvnode = rumpfs_loadvnode,
};

/* ---- etfs nodes in the root file system ------------------------------------------ */

/* Walk an absolute path of existing directories in the root rumpfs. */
static int rfs_parent_of(const char *path, struct rfsmount *rm,
			 struct rfsnode **dnp, const char **lastp)
{
	struct rfsnode *dn = rm->rm_root;
	const char *p = path, *e;
	struct rfsdirent *de;

	if (*p != '/')
		return EINVAL;
	for (;;) {
		while (*p == '/')
			p++;
		for (e = p; *e && *e != '/'; e++)
			;
		if (*e == '\0')
			break;
		de = rfs_dir_find(dn, p, (size_t)(e - p), NULL);
		if (de == NULL || de->rd_node->rn_type != VDIR)
			return ENOENT;
		dn = de->rd_node;
		p = e;
	}
	if (*p == '\0' || strlen(p) > NAME_MAX)
		return EINVAL;
	*dnp = dn;
	*lastp = p;
	return 0;
}

int rumpfs_mknod_etfs(const char *path, enum vtype type, const char *hostpath,
		      uint64_t size)
{
	struct rfsmount *rm = RFSMP(rootvnode->v_mount);
	struct rfsnode *dn, *rn;
	struct rumpblk *rb = NULL;
	const char *last;
	int error;

	(void)size;
	if (hostpath != NULL) {
		error = rumpblk_open(hostpath, &rb);
		if (error)
			return error;
	}
	rw_enter(&rm->rm_lock, RW_WRITER);
	error = rfs_parent_of(path, rm, &dn, &last);
	if (error == 0 && rfs_dir_find(dn, last, strlen(last), NULL))
		error = EEXIST;
	if (error == 0) {
		rn = rfs_node_alloc(rm, type, 0666, 0, 0);
		if (rn == NULL)
			error = ENOMEM;
		else {
			rn->rn_blk = rb;
			rn->rn_rdev = rn->rn_ino;
			error = rfs_dir_add(rm, dn, last, strlen(last), rn);
			if (error)
				rfs_node_free(rm, rn);
			else
				rb = NULL;
		}
	}
	rw_exit(&rm->rm_lock);
	if (rb)
		rumpblk_close(rb);
	return error;
}

int rumpfs_remove_etfs(const char *path)
{
	struct rfsmount *rm = RFSMP(rootvnode->v_mount);
	struct rfsnode *dn, *rn;
	struct rfsdirent *de, *prev;
	const char *last;
	int error;

	rw_enter(&rm->rm_lock, RW_WRITER);
	error = rfs_parent_of(path, rm, &dn, &last);
	if (error == 0) {
		de = rfs_dir_find(dn, last, strlen(last), &prev);
		if (de == NULL || de->rd_node->rn_blk == NULL)
			error = ENOENT;
		else {
			bool dofree;

			rn = de->rd_node;
			mutex_enter(&rm->rm_nodelock);
			rfs_dir_del(dn, de, prev);
			dofree = rn->rn_nlink == 0 && rn->rn_vp == NULL;
			mutex_exit(&rm->rm_nodelock);
			if (dofree)
				rfs_node_free(rm, rn);
		}
	}
	rw_exit(&rm->rm_lock);
	return error;
}

/* The etfs block device behind a vnode, or NULL. */
struct rumpblk *rumpfs_vnode_blk(struct vnode *vp)
{
	if (vp->v_op != &rumpfs_vnodeops || vp->v_data == NULL)
		return NULL;
	return VTORN(vp)->rn_blk;
}
