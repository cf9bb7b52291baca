// SPDX-License-Identifier: BSD-2-Clause
/*
 * vfs_mount.c - file system types, the mount table, mount/unmount/update,
 * statvfs, sync; the root file system (rumpfs with /dev).
 *
 * Lock order: mountlist_lock, then vcache_lock.  A mount point's
 * v_mountedhere and the list change only under mountlist_lock; path
 * lookup crosses mount points under it (vfs_lookup.c), so an unmount that
 * found the file system idle under the same lock cannot race a lookup
 * into it.
 */
#include "vfs/vfs.h"
#include "kern/systm.h"
#include "kern/kmem.h"
#include "kern/proc.h"

kmutex_t mountlist_lock;
krwlock_t vfs_oplock;
struct vnode *rootvnode;
static struct mount *mountlist;
static struct vfsops *vfs_types;
static unsigned mnt_nextid;
static kmutex_t vfs_mountop_lock;	/* one mount/unmount at a time */

int vfs_attach(struct vfsops *ops)
{
	struct vfsops *o;

	mutex_enter(&mountlist_lock);
	for (o = vfs_types; o; o = o->vfs_next)
		if (o == ops || strcmp(o->vfs_name, ops->vfs_name) == 0) {
			mutex_exit(&mountlist_lock);
			return EEXIST;
		}
	ops->vfs_next = vfs_types;
	ops->vfs_refcount = 0;
	vfs_types = ops;
	mutex_exit(&mountlist_lock);
	return 0;
}

int vfs_detach(struct vfsops *ops)
{
	struct vfsops **op;

	mutex_enter(&mountlist_lock);
	if (ops->vfs_refcount) {
		mutex_exit(&mountlist_lock);
		return EBUSY;
	}
	for (op = &vfs_types; *op; op = &(*op)->vfs_next)
		if (*op == ops) {
			*op = ops->vfs_next;
			break;
		}
	mutex_exit(&mountlist_lock);
	return 0;
}

static struct vfsops *vfs_getops(const char *name)
{
	struct vfsops *o;

	for (o = vfs_types; o; o = o->vfs_next)
		if (strcmp(o->vfs_name, name) == 0)
			return o;
	return NULL;
}

static void mount_free(struct mount *mp)
{
	rw_destroy(&mp->mnt_lock);
	kmem_free(mp, sizeof(*mp));
}

/* Mount type on vp (NULL: the root).  Returns the new mount. */
static int mount_common(struct vnode *vp, const char *type, int flags,
			const char *from, void *data, size_t len,
			const char *onname, struct mount **mpp)
{
	struct vfsops *ops;
	struct mount *mp;
	uint64_t ino;
	int error;

	mutex_enter(&mountlist_lock);
	ops = vfs_getops(type);
	if (ops != NULL)
		ops->vfs_refcount++;
	mutex_exit(&mountlist_lock);
	if (ops == NULL)
		return ENODEV;		/* NetBSD: unknown file system type */
	mp = kmem_zalloc(sizeof(*mp), KM_SLEEP);
	if (mp == NULL) {
		error = ENOMEM;
		goto fail_ops;
	}
	rw_init(&mp->mnt_lock);
	mp->mnt_op = ops;
	mp->mnt_flag = flags & (RUMP_MNT_RDONLY | RUMP_MNT_SYNCHRONOUS |
				RUMP_MNT_NOEXEC | RUMP_MNT_NOSUID |
				RUMP_MNT_NODEV | RUMP_MNT_ASYNC |
				RUMP_MNT_NOATIME |
				RUMP_MNT_FORCE);
	strlcpy(mp->mnt_fstype, type, sizeof(mp->mnt_fstype));
	strlcpy(mp->mnt_onname, onname, sizeof(mp->mnt_onname));
	strlcpy(mp->mnt_fromname, from ? from : type, sizeof(mp->mnt_fromname));
	error = ops->vfs_mount(mp, from, data, len);
	/*
	 * RUMP_MNT_FORCE (mount a file system that is not clean, e.g. a
	 * WAPBL journal not replayed) is an operation flag, as in NetBSD:
	 * seen by the file system's mount only, not kept.
	 */
	mp->mnt_flag &= ~RUMP_MNT_FORCE;
	if (error)
		goto fail_mp;
	error = ops->vfs_root(mp, &ino);
	if (error == 0)
		error = vcache_get(mp, ino, &mp->mnt_rootvp);
	if (error) {
		vcache_revoke_mount(mp);
		ops->vfs_unmount(mp, RUMP_MNT_FORCE);
		goto fail_mp;
	}
	mp->mnt_rootvp->v_vflag |= VV_ROOT;

	mutex_enter(&mountlist_lock);
	if (vp != NULL && vp->v_mountedhere != NULL) {
		/* Someone mounted here meanwhile. */
		mutex_exit(&mountlist_lock);
		vrele(mp->mnt_rootvp);
		vcache_revoke_mount(mp);
		ops->vfs_unmount(mp, RUMP_MNT_FORCE);
		error = EBUSY;
		goto fail_mp;
	}
	mp->mnt_id = ++mnt_nextid;
	mp->mnt_vnodecovered = vp;
	if (vp != NULL)
		vp->v_mountedhere = mp;
	/* Append: the list is in mount order, as getmntinfo shows it. */
	{
		struct mount **mpp2;

		for (mpp2 = &mountlist; *mpp2; mpp2 = &(*mpp2)->mnt_next)
			;
		*mpp2 = mp;
	}
	mutex_exit(&mountlist_lock);
	*mpp = mp;
	return 0;

fail_mp:
	mount_free(mp);
fail_ops:
	mutex_enter(&mountlist_lock);
	ops->vfs_refcount--;
	mutex_exit(&mountlist_lock);
	return error;
}

int vfs_domount(struct vnode *vp, const char *type, int flags,
		void *data, size_t len, const char *onname)
{
	struct mount *mp;
	const char *from = NULL;
	int error;

	if (vp->v_type != VDIR) {
		vrele(vp);
		return ENOTDIR;
	}
	/*
	 * Disk file systems take the device path as the first member of
	 * their argument structure (NetBSD's struct ufs_args: char *fspec),
	 * already copied in by the caller for them; rumpfs takes none.
	 */
	if (strcmp(type, RUMP_MOUNT_RUMPFS) != 0 && data != NULL &&
	    len >= sizeof(char *))
		from = *(const char **)data;
	mutex_enter(&vfs_mountop_lock);
	if (vp->v_mountedhere != NULL)
		error = EBUSY;
	else
		error = mount_common(vp, type, flags, from, data, len, onname,
				     &mp);
	mutex_exit(&vfs_mountop_lock);
	if (error)
		vrele(vp);
	/* On success the mount keeps the reference to vp. */
	return error;
}

/* MNT_UPDATE: change MNT_RDONLY (and the other plain flags). */
int vfs_doupdate(struct mount *mp, int flags)
{
	int error, nflag;

	mutex_enter(&vfs_mountop_lock);
	rw_enter(&mp->mnt_lock, RW_WRITER);
	nflag = (mp->mnt_flag & ~(RUMP_MNT_RDONLY | RUMP_MNT_SYNCHRONOUS |
				  RUMP_MNT_NOEXEC | RUMP_MNT_NOSUID |
				  RUMP_MNT_NODEV | RUMP_MNT_ASYNC |
				  RUMP_MNT_NOATIME)) |
		(flags & (RUMP_MNT_RDONLY | RUMP_MNT_SYNCHRONOUS |
			  RUMP_MNT_NOEXEC | RUMP_MNT_NOSUID | RUMP_MNT_NODEV |
			  RUMP_MNT_ASYNC | RUMP_MNT_NOATIME));
	error = 0;
	if ((nflag & RUMP_MNT_RDONLY) && !(mp->mnt_flag & RUMP_MNT_RDONLY)) {
		/* rw -> ro: files open for writing make it busy. */
		struct vnode *vp;

		mutex_enter(&vcache_lock);
		for (vp = mp->mnt_vnodes; vp; vp = vp->v_mntnext)
			if (vp->v_writecount > 0)
				break;
		mutex_exit(&vcache_lock);
		if (vp != NULL && !(flags & RUMP_MNT_FORCE))
			error = EBUSY;
		if (error == 0 && mp->mnt_op->vfs_sync)
			error = mp->mnt_op->vfs_sync(mp, RUMP_MNT_WAIT);
	}
	if (error == 0 && mp->mnt_op->vfs_update)
		error = mp->mnt_op->vfs_update(mp, nflag);
	if (error == 0)
		mp->mnt_flag = nflag;
	rw_exit(&mp->mnt_lock);
	mutex_exit(&vfs_mountop_lock);
	return error;
}

static int dounmount_locked(struct mount *mp, int flags)
{
	struct vnode *covered;
	struct mount *m, **mpp;
	int error;

	KASSERT(mutex_owned(&vfs_mountop_lock));
	mutex_enter(&mountlist_lock);
	/* A mount on top of this one must go first. */
	for (m = mountlist; m; m = m->mnt_next)
		if (m->mnt_vnodecovered && m->mnt_vnodecovered->v_mount == mp)
			break;
	if (m != NULL) {
		mutex_exit(&mountlist_lock);
		return EBUSY;
	}
	if (!(flags & RUMP_MNT_FORCE) && vcache_busy(mp, mp->mnt_rootvp)) {
		mutex_exit(&mountlist_lock);
		return EBUSY;
	}
	/* From here no lookup can enter the file system. */
	covered = mp->mnt_vnodecovered;
	if (covered)
		covered->v_mountedhere = NULL;
	mutex_enter(&vcache_lock);
	mp->mnt_iflag |= IMNT_GONE;
	mutex_exit(&vcache_lock);
	for (mpp = &mountlist; *mpp; mpp = &(*mpp)->mnt_next)
		if (*mpp == mp) {
			*mpp = mp->mnt_next;
			break;
		}
	mutex_exit(&mountlist_lock);

	if (mp->mnt_op->vfs_sync && !(mp->mnt_flag & RUMP_MNT_RDONLY))
		mp->mnt_op->vfs_sync(mp, RUMP_MNT_WAIT);
	vrele(mp->mnt_rootvp);
	mp->mnt_rootvp = NULL;
	vcache_revoke_mount(mp);
	error = mp->mnt_op->vfs_unmount(mp, flags);
	if (error)
		printf("vfs: unmount of %s: file system error %d\n",
		       mp->mnt_onname, error);
	mutex_enter(&mountlist_lock);
	((struct vfsops *)__UNCONST(mp->mnt_op))->vfs_refcount--;
	mutex_exit(&mountlist_lock);
	mount_free(mp);
	if (covered)
		vrele(covered);
	return 0;
}

int vfs_dounmount(struct mount *mp, int flags)
{
	struct mount *m;
	int error;

	/*
	 * The caller found mp through a vnode it has released since (its
	 * reference would make the mount busy): another unmount may have
	 * freed mp meanwhile, so only trust it if it is still listed.
	 * Forced: no file system operation may be running meanwhile (taken
	 * before vfs_mountop_lock: mount(2) holds the reader side first).
	 */
	if (flags & RUMP_MNT_FORCE)
		rw_enter(&vfs_oplock, RW_WRITER);
	mutex_enter(&vfs_mountop_lock);
	mutex_enter(&mountlist_lock);
	for (m = mountlist; m != NULL && m != mp; m = m->mnt_next)
		;
	mutex_exit(&mountlist_lock);
	if (m == NULL)
		error = EINVAL;		/* gone: not a mount point any more */
	else if (mp->mnt_vnodecovered == NULL)
		error = EINVAL;		/* the root file system */
	else
		error = dounmount_locked(mp, flags);
	mutex_exit(&vfs_mountop_lock);
	if (flags & RUMP_MNT_FORCE)
		rw_exit(&vfs_oplock);
	return error;
}

int vfs_sync_all(void)
{
	struct mount *mp;
	unsigned id = 0;

	/* By id, so the list may change while a file system syncs. */
	for (;;) {
		mutex_enter(&vfs_mountop_lock);
		for (mp = mountlist; mp; mp = mp->mnt_next)
			if (mp->mnt_id > id)
				break;
		if (mp == NULL) {
			mutex_exit(&vfs_mountop_lock);
			break;
		}
		id = mp->mnt_id;
		if (mp->mnt_op->vfs_sync && !(mp->mnt_flag & RUMP_MNT_RDONLY))
			mp->mnt_op->vfs_sync(mp, RUMP_MNT_NOWAIT);
		mutex_exit(&vfs_mountop_lock);
	}
	return bflush(NULL);
}

int vfs_opendevice(const char *path, struct vnode **vpp, struct rumpblk **rbp)
{
	struct nameidata nd;
	struct rumpblk *rb;
	int error;

	memset(&nd, 0, sizeof(nd));
	nd.ni_path = path;
	nd.ni_op = LOOKUP;
	nd.ni_flags = FOLLOW;
	nd.ni_cred = NULL;
	error = namei(&nd);
	if (error)
		return error;
	if (nd.ni_vp->v_type != VBLK) {
		namei_done(&nd);
		return ENOTBLK;
	}
	rb = rumpfs_vnode_blk(nd.ni_vp);
	if (rb == NULL) {
		namei_done(&nd);
		return ENXIO;		/* a device node with no device behind */
	}
	*vpp = nd.ni_vp;
	*rbp = rb;
	return 0;
}

void vfs_closedevice(struct vnode *vp)
{
	struct rumpblk *rb = rumpfs_vnode_blk(vp);

	if (rb != NULL)
		(void)bflush(rb);
	vrele(vp);
}

int vfs_getstatvfs(struct mount *mp, struct rump_statvfs *sb)
{
	struct statvfs_k k;
	int error;

	memset(&k, 0, sizeof(k));
	memset(sb, 0, sizeof(*sb));
	error = mp->mnt_op->vfs_statvfs ? mp->mnt_op->vfs_statvfs(mp, &k) : 0;
	if (error)
		return error;
	sb->f_flag = (unsigned long)(mp->mnt_flag & 0xffff);
	sb->f_bsize = k.f_bsize;
	sb->f_frsize = k.f_frsize;
	sb->f_iosize = k.f_iosize;
	sb->f_blocks = k.f_blocks;
	sb->f_bfree = k.f_bfree;
	sb->f_bavail = k.f_bavail;
	sb->f_bresvd = k.f_bresvd;
	sb->f_files = k.f_files;
	sb->f_ffree = k.f_ffree;
	sb->f_favail = k.f_favail;
	sb->f_fresvd = k.f_fresvd;
	sb->f_syncreads = mp->mnt_syncreads;
	sb->f_syncwrites = mp->mnt_syncwrites;
	sb->f_asyncreads = mp->mnt_asyncreads;
	sb->f_asyncwrites = mp->mnt_asyncwrites;
	sb->f_fsidx.__fsid_val[0] = (int32_t)mp->mnt_id;
	sb->f_fsidx.__fsid_val[1] = 0;
	sb->f_fsid = mp->mnt_id;
	sb->f_namemax = k.f_namemax ? k.f_namemax : NAME_MAX;
	sb->f_owner = 0;
	strlcpy(sb->f_fstypename, mp->mnt_fstype, sizeof(sb->f_fstypename));
	strlcpy(sb->f_mntonname, mp->mnt_onname, sizeof(sb->f_mntonname));
	strlcpy(sb->f_mntfromname, mp->mnt_fromname,
		sizeof(sb->f_mntfromname));
	return 0;
}

int vfs_mount_init(void)
{
	struct mount *mp;
	struct vnode *dev;
	struct componentname cn = { "dev", 3, NULL };
	struct vattr va;
	int error;

	mutex_init(&mountlist_lock, MUTEX_DEFAULT, IPL_NONE);
	mutex_init(&vfs_mountop_lock, MUTEX_DEFAULT, IPL_NONE);
	rw_init(&vfs_oplock);
	mountlist = NULL;
	vfs_types = NULL;
	mnt_nextid = 0;
	error = vfs_attach(&rumpfs_vfsops);
	if (error == 0)
		error = mount_common(NULL, RUMP_MOUNT_RUMPFS, 0, "rumpfs",
				     NULL, 0, "/", &mp);
	if (error)
		goto fail;
	mp->mnt_flag |= RUMP_MNT_ROOTFS;
	rootvnode = mp->mnt_rootvp;
	vref(rootvnode);
	vattr_null(&va);
	va.va_type = VDIR;
	va.va_mode = 0755;
	error = rootvnode->v_op->vop_mkdir(rootvnode, &cn, &va, &dev);
	if (error == 0)
		vrele(dev);
	if (error == 0)
		return 0;
	vfs_mount_fini();
	return error;
fail:
	vfs_detach(&rumpfs_vfsops);
	rw_destroy(&vfs_oplock);
	mutex_destroy(&vfs_mountop_lock);
	mutex_destroy(&mountlist_lock);
	return error;
}

/* Unmount everything, most recent first, forcibly. */
void vfs_mount_fini(void)
{
	struct mount *mp, *last;

	mutex_enter(&vfs_mountop_lock);
	for (;;) {
		last = NULL;
		mutex_enter(&mountlist_lock);
		for (mp = mountlist; mp; mp = mp->mnt_next)
			if (mp->mnt_vnodecovered != NULL)
				last = mp;
		mutex_exit(&mountlist_lock);
		if (last == NULL)
			break;
		dounmount_locked(last, RUMP_MNT_FORCE);
	}
	/* The root. */
	mp = mountlist;
	if (mp != NULL) {
		vrele(rootvnode);
		rootvnode = NULL;
		mutex_enter(&mountlist_lock);
		mountlist = NULL;
		mutex_exit(&mountlist_lock);
		vrele(mp->mnt_rootvp);
		vcache_revoke_mount(mp);
		mp->mnt_op->vfs_unmount(mp, RUMP_MNT_FORCE);
		((struct vfsops *)__UNCONST(mp->mnt_op))->vfs_refcount--;
		mount_free(mp);
	}
	mutex_exit(&vfs_mountop_lock);
	vfs_detach(&rumpfs_vfsops);
	rw_destroy(&vfs_oplock);
	mutex_destroy(&vfs_mountop_lock);
	mutex_destroy(&mountlist_lock);
}
