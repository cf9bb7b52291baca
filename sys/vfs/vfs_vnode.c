// SPDX-License-Identifier: BSD-2-Clause
/*
 * vfs_vnode.c - the vnode cache: vnodes keyed by (mount, inode number),
 * reference counts, the bounded free list and reclaim, vnode locks.
 *
 * One mutex (vcache_lock) protects the hash, the free list, the per-mount
 * lists, usecounts and v_iflag.  Loading (vfs_loadvnode, may do I/O) and
 * reclaiming (VOP_RECLAIM) run without it: the vnode is marked
 * VI_LOADING/VI_RECLAIMING meanwhile and lookups of it wait on vcache_cv.
 */
#include "vfs/vfs.h"
#include "kern/systm.h"
#include "kern/kmem.h"

#define VC_HASHSIZE	1024

kmutex_t vcache_lock;
static kcondvar_t vcache_cv;
static struct vnode *vc_hash[VC_HASHSIZE];
static struct vnode *vc_lruhead, *vc_lrutail;	/* usecount 0, oldest first */
static unsigned vc_numvnodes, vc_maxvnodes, vc_nfree;
static uint64_t vc_nreclaimed, vc_nhits, vc_nmisses;

static unsigned vc_hashidx(struct mount *mp, uint64_t ino)
{
	uint64_t h = (uint64_t)(uintptr_t)mp * 0x9e3779b97f4a7c15ULL ^
		     ino * 0xff51afd7ed558ccdULL;

	return (unsigned)(h >> 40) % VC_HASHSIZE;
}

static void lru_remove(struct vnode *vp)
{
	if (vp->v_lruprev)
		vp->v_lruprev->v_lrunext = vp->v_lrunext;
	else
		vc_lruhead = vp->v_lrunext;
	if (vp->v_lrunext)
		vp->v_lrunext->v_lruprev = vp->v_lruprev;
	else
		vc_lrutail = vp->v_lruprev;
	vp->v_lrunext = vp->v_lruprev = NULL;
	vc_nfree--;
}

static void lru_append(struct vnode *vp)
{
	vp->v_lrunext = NULL;
	vp->v_lruprev = vc_lrutail;
	if (vc_lrutail)
		vc_lrutail->v_lrunext = vp;
	else
		vc_lruhead = vp;
	vc_lrutail = vp;
	vc_nfree++;
}

static bool on_lru(struct vnode *vp)
{
	return vp->v_lruprev != NULL || vc_lruhead == vp;
}

static void hash_remove(struct vnode *vp)
{
	struct vnode **vpp;

	for (vpp = &vc_hash[vc_hashidx(vp->v_mount, vp->v_ino)]; *vpp;
	     vpp = &(*vpp)->v_hnext)
		if (*vpp == vp) {
			*vpp = vp->v_hnext;
			break;
		}
	vp->v_hnext = NULL;
}

static void mnt_insert(struct vnode *vp)
{
	struct mount *mp = vp->v_mount;

	vp->v_mntprev = NULL;
	vp->v_mntnext = mp->mnt_vnodes;
	if (mp->mnt_vnodes)
		mp->mnt_vnodes->v_mntprev = vp;
	mp->mnt_vnodes = vp;
	mp->mnt_nvnodes++;
}

static void mnt_remove(struct vnode *vp)
{
	struct mount *mp = vp->v_mount;

	if (vp->v_mntprev)
		vp->v_mntprev->v_mntnext = vp->v_mntnext;
	else
		mp->mnt_vnodes = vp->v_mntnext;
	if (vp->v_mntnext)
		vp->v_mntnext->v_mntprev = vp->v_mntprev;
	vp->v_mntnext = vp->v_mntprev = NULL;
	mp->mnt_nvnodes--;
}

static void vnode_free(struct vnode *vp)
{
	rw_destroy(&vp->v_lock);
	kmem_free(vp, sizeof(*vp));
}

/*
 * With vcache_lock held, vp unreferenced and on the free list: take it
 * out of the cache and reclaim it.  Drops and re-takes the lock.
 */
static void vcache_reclaim_locked(struct vnode *vp)
{
	KASSERT(vp->v_usecount == 0);
	lru_remove(vp);
	vp->v_iflag |= VI_RECLAIMING;
	mutex_exit(&vcache_lock);
	if (vp->v_op->vop_reclaim)
		vp->v_op->vop_reclaim(vp);
	mutex_enter(&vcache_lock);
	hash_remove(vp);
	mnt_remove(vp);
	vc_numvnodes--;
	vc_nreclaimed++;
	cv_broadcast(&vcache_cv);
	mutex_exit(&vcache_lock);
	vnode_free(vp);
	mutex_enter(&vcache_lock);
}

/* With vcache_lock held: trim the free list down to the bound. */
static void vcache_trim_locked(void)
{
	while (vc_numvnodes > vc_maxvnodes && vc_lruhead != NULL)
		vcache_reclaim_locked(vc_lruhead);
}

int vcache_get(struct mount *mp, uint64_t ino, struct vnode **vpp)
{
	struct vnode *vp, *nvp;
	unsigned h = vc_hashidx(mp, ino);
	int error;

	mutex_enter(&vcache_lock);
again:
	if (mp->mnt_iflag & IMNT_GONE) {
		mutex_exit(&vcache_lock);
		return ENOENT;
	}
	for (vp = vc_hash[h]; vp; vp = vp->v_hnext)
		if (vp->v_mount == mp && vp->v_ino == ino)
			break;
	if (vp != NULL) {
		if (vp->v_iflag & (VI_LOADING | VI_RECLAIMING)) {
			cv_wait(&vcache_cv, &vcache_lock);
			goto again;
		}
		if (vp->v_usecount++ == 0 && on_lru(vp))
			lru_remove(vp);
		vc_nhits++;
		mutex_exit(&vcache_lock);
		*vpp = vp;
		return 0;
	}
	vc_nmisses++;
	mutex_exit(&vcache_lock);

	nvp = kmem_zalloc(sizeof(*nvp), KM_SLEEP);
	if (nvp == NULL)
		return ENOMEM;
	rw_init(&nvp->v_lock);
	nvp->v_mount = mp;
	nvp->v_ino = ino;
	nvp->v_usecount = 1;
	nvp->v_iflag = VI_LOADING;
	nvp->v_type = VNON;

	mutex_enter(&vcache_lock);
	for (vp = vc_hash[h]; vp; vp = vp->v_hnext)
		if (vp->v_mount == mp && vp->v_ino == ino)
			break;
	if (vp != NULL || (mp->mnt_iflag & IMNT_GONE)) {
		/* Someone else loaded it meanwhile: use theirs. */
		mutex_exit(&vcache_lock);
		vnode_free(nvp);
		mutex_enter(&vcache_lock);
		goto again;
	}
	nvp->v_hnext = vc_hash[h];
	vc_hash[h] = nvp;
	mnt_insert(nvp);
	vc_numvnodes++;
	mutex_exit(&vcache_lock);

	error = mp->mnt_op->vfs_loadvnode(mp, nvp, ino);

	mutex_enter(&vcache_lock);
	nvp->v_iflag &= ~VI_LOADING;
	cv_broadcast(&vcache_cv);
	if (error) {
		hash_remove(nvp);
		mnt_remove(nvp);
		vc_numvnodes--;
		mutex_exit(&vcache_lock);
		vnode_free(nvp);
		return error;
	}
	/*
	 * No trimming here: the caller may be a file system holding its
	 * own locks (rumpfs creates under its mount lock), which reclaiming
	 * one of its vnodes would need.  The new vnode is referenced; the
	 * bound is restored by vrele(), which runs with no file system locks.
	 */
	mutex_exit(&vcache_lock);
	*vpp = nvp;
	return 0;
}

void vref(struct vnode *vp)
{
	mutex_enter(&vcache_lock);
	KASSERT(vp->v_usecount > 0);
	vp->v_usecount++;
	mutex_exit(&vcache_lock);
}

/* The dead (forcibly unmounted) vnode's last reference: free it. */
static void vrele_dead_locked(struct vnode *vp)
{
	mutex_exit(&vcache_lock);
	vnode_free(vp);
	mutex_enter(&vcache_lock);
}

void vrele(struct vnode *vp)
{
	bool recycle = false;

	mutex_enter(&vcache_lock);
	KASSERT(vp->v_usecount > 0);
	if (vp->v_usecount > 1 || (vp->v_iflag & VI_INACTIVE)) {
		vp->v_usecount--;
		mutex_exit(&vcache_lock);
		return;
	}
	if (vp->v_iflag & (VI_DEAD | VI_RECLAIMING)) {
		/*
		 * Revoked (forced unmount): free it, or, while the revoke
		 * still runs, leave that to it (it sees usecount 0).
		 */
		vp->v_usecount = 0;
		if (vp->v_iflag & VI_DEAD)
			vrele_dead_locked(vp);
		mutex_exit(&vcache_lock);
		return;
	}
	/*
	 * Last reference: let the file system deactivate the vnode (free
	 * an unlinked inode's storage) while we still hold it, so no one
	 * can reclaim it under the file system's feet.  A revoke waits for
	 * VI_INACTIVE to clear.
	 */
	vp->v_iflag |= VI_INACTIVE;
	mutex_exit(&vcache_lock);
	rw_enter(&vp->v_lock, RW_WRITER);
	/* v_op changes only under v_lock (revoke): read it here. */
	if (vp->v_op->vop_inactive)
		vp->v_op->vop_inactive(vp, &recycle);
	rw_exit(&vp->v_lock);
	mutex_enter(&vcache_lock);
	vp->v_iflag &= ~VI_INACTIVE;
	cv_broadcast(&vcache_cv);
	if (--vp->v_usecount > 0) {
		mutex_exit(&vcache_lock);
		return;
	}
	lru_append(vp);
	if (recycle)
		vcache_reclaim_locked(vp);
	else
		vcache_trim_locked();
	mutex_exit(&vcache_lock);
}

void vput(struct vnode *vp)
{
	VOP_UNLOCK(vp);
	vrele(vp);
}

void vflush_unused(struct mount *mp)
{
	struct vnode *vp, *next;

	mutex_enter(&vcache_lock);
again:
	for (vp = vc_lruhead; vp; vp = next) {
		next = vp->v_lrunext;
		if (mp == NULL || vp->v_mount == mp) {
			vcache_reclaim_locked(vp);
			goto again;	/* the list may have changed */
		}
	}
	mutex_exit(&vcache_lock);
}

void vcache_getstats(struct vcache_stats *st)
{
	mutex_enter(&vcache_lock);
	st->numvnodes = vc_numvnodes;
	st->maxvnodes = vc_maxvnodes;
	st->nfree = vc_nfree;
	st->nreclaimed = vc_nreclaimed;
	st->nhits = vc_nhits;
	st->nmisses = vc_nmisses;
	mutex_exit(&vcache_lock);
}

void vn_lock(struct vnode *vp, int flags)
{
	rw_enter(&vp->v_lock, flags == LK_SHARED ? RW_READER : RW_WRITER);
}

void VOP_UNLOCK(struct vnode *vp)
{
	rw_exit(&vp->v_lock);
}

int vcache_init(void)
{
	char buf[32];
	uint64_t v;
	const char *end;

	vc_maxvnodes = 4096;
	if (rumpuser_getparam("RUMP_NVNODES", buf, sizeof(buf)) == 0 &&
	    strtou64(buf, 10, &v, &end) == 0 && *end == '\0' && v >= 8 &&
	    v <= 1000000)
		vc_maxvnodes = (unsigned)v;
	mutex_init(&vcache_lock, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&vcache_cv, "vcache");
	memset(vc_hash, 0, sizeof(vc_hash));
	vc_lruhead = vc_lrutail = NULL;
	vc_numvnodes = vc_nfree = 0;
	vc_nreclaimed = vc_nhits = vc_nmisses = 0;
	return 0;
}

void vcache_fini(void)
{
	vflush_unused(NULL);
	if (vc_numvnodes)
		printf("vfs: %u vnodes still referenced at fini\n",
		       vc_numvnodes);
	cv_destroy(&vcache_cv);
	mutex_destroy(&vcache_lock);
}

/* ---- forced unmount: revoke the vnodes still in use ----------------------- */

static int dead_lookup(struct vnode *dvp, struct componentname *cn,
		       struct vnode **vpp)
{
	(void)dvp;
	(void)cn;
	*vpp = NULL;
	return ENOENT;
}

static int dead_getattr(struct vnode *vp, struct vattr *va)
{
	(void)vp;
	(void)va;
	return EIO;
}

static int dead_rw(struct vnode *vp, struct uio *uio, int ioflag)
{
	(void)vp;
	(void)uio;
	(void)ioflag;
	return EIO;
}

static int dead_readdir(struct vnode *vp, struct uio *uio, off_t *offp,
			bool *eofp)
{
	(void)vp;
	(void)uio;
	(void)offp;
	*eofp = true;
	return EIO;
}

static const struct vnodeops dead_vnodeops = {
	.vop_name = "dead",
	.vop_lookup = dead_lookup,
	.vop_getattr = dead_getattr,
	.vop_read = dead_rw,
	.vop_write = dead_rw,
	.vop_readdir = dead_readdir,
};

/*
 * Take every vnode of mp out of the cache: unreferenced ones are
 * reclaimed, referenced ones lose their file system data now (the holder
 * sees EIO from then on, as NetBSD's deadfs) and are freed by their last
 * vrele.  The caller (unmount) has made sure no new vnode of mp appears.
 */
void vcache_revoke_mount(struct mount *mp)
{
	struct vnode *vp;

	vflush_unused(mp);
	mutex_enter(&vcache_lock);
	while ((vp = mp->mnt_vnodes) != NULL) {
		if (vp->v_iflag & (VI_LOADING | VI_RECLAIMING | VI_INACTIVE)) {
			cv_wait(&vcache_cv, &vcache_lock);
			continue;
		}
		if (vp->v_usecount == 0) {
			vcache_reclaim_locked(vp);
			continue;
		}
		vp->v_iflag |= VI_RECLAIMING;
		mutex_exit(&vcache_lock);
		/*
		 * v_mount goes NULL under the vnode lock too, with v_op and
		 * v_type: open-file I/O (vn_fo_rw) reads them all under
		 * that lock only (lock order: vnode lock, then vcache_lock).
		 */
		rw_enter(&vp->v_lock, RW_WRITER);
		if (vp->v_op->vop_reclaim)
			vp->v_op->vop_reclaim(vp);
		vp->v_op = &dead_vnodeops;
		vp->v_data = NULL;
		vp->v_type = VBAD;
		mutex_enter(&vcache_lock);
		hash_remove(vp);
		mnt_remove(vp);
		vc_numvnodes--;
		vp->v_mount = NULL;
		mutex_exit(&vcache_lock);
		/* Still VI_RECLAIMING: a last vrele meanwhile leaves it to us. */
		rw_exit(&vp->v_lock);
		mutex_enter(&vcache_lock);
		vp->v_iflag &= ~VI_RECLAIMING;
		cv_broadcast(&vcache_cv);
		if (vp->v_usecount == 0) {
			/* Released while we reclaimed it (see vrele). */
			mutex_exit(&vcache_lock);
			vnode_free(vp);
			mutex_enter(&vcache_lock);
			continue;
		}
		vp->v_iflag |= VI_DEAD;
	}
	mutex_exit(&vcache_lock);
}

/* Referenced vnodes of mp other than skip's single reference. */
unsigned vcache_busy(struct mount *mp, struct vnode *skip)
{
	struct vnode *vp;
	unsigned n = 0;

	mutex_enter(&vcache_lock);
	for (vp = mp->mnt_vnodes; vp; vp = vp->v_mntnext)
		if (vp->v_usecount > (vp == skip ? 1u : 0u))
			n++;
	mutex_exit(&vcache_lock);
	return n;
}
