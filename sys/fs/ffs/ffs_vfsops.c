// SPDX-License-Identifier: BSD-2-Clause
/*
 * ffs_vfsops.c - FFS as a file system of the VFS (type "ffs"): the
 * vfsops and the read-side vnodeops over the VFS-independent core
 * (ffs_core.h), and the component that registers the type.
 *
 * The core reads the device through a callback; here that callback is
 * the buffer cache of the mount's block device (vfs_opendevice), in
 * aligned chunks of FFS_VFS_CHUNK bytes so that one device block always
 * lives in one buffer of one size, whatever the core asks for.  A core
 * mount is immutable, so vnode operations need no lock of their own: the
 * per-vnode ffs_inode is loaded once (vfs_loadvnode) and never changes.
 *
 * Read-only: a read-write mount or update fails with EROFS and a console
 * line naming the reason (NetBSD refuses what it cannot honour rather
 * than silently mounting read-only).  A WAPBL journal that needs replay
 * makes the core refuse the mount (EROFS) too: without replay the
 * metadata on disk may be stale (ffs-format.md section 7).
 */
#include "vfs/vfs.h"
#include "kern/systm.h"
#include "kern/kmem.h"

#include <rump/rump.h>
#include <rump/rumpvfs.h>
#include <rump/rumpfs_ffs.h>

#include "ffs_core.h"

/*
 * Buffer size of the device cache.  Large enough that sequential file
 * data needs few bread() calls, small enough that a few inodes or one
 * directory block do not pull much more than they need.
 */
#define FFS_VFS_CHUNK	16384
/*
 * A request this large is a contiguous run of file data read in bulk
 * (metadata requests are one block): it goes to the device as one
 * transfer, past the buffer cache.  Each device request costs a round
 * trip, so chopping a 64 KiB run into chunks made cold sequential reads
 * several times slower; and file data is what NetBSD keeps in the page
 * cache, not the buffer cache.  The mount is read-only, so the cache
 * holds nothing newer than the device.
 */
#define FFS_VFS_DIRECT	(2 * FFS_VFS_CHUNK)

/* The kernel module holds itself while a mount exists (rumpfs_ffs.h). */
bool (*rumpns_ffs_vfs_hold)(bool hold);

struct ffsmount {
	struct ffs_core *fm_fs;
	struct vnode *fm_devvp;
	struct rumpblk *fm_rb;
	struct ffs_info fm_info;
	bool fm_held;
};
#define VFSTOFFS(mp)	((struct ffsmount *)(mp)->mnt_data)
#define VTOI(vp)	((struct ffs_inode *)(vp)->v_data)
#define VTOFS(vp)	(VFSTOFFS((vp)->v_mount)->fm_fs)

static const struct vnodeops ffs_vnodeops;

/* ---- the core's device: the buffer cache ------------------------------- */

static int ffs_vfs_devread(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct rumpblk *rb = ctx;
	uint64_t devsize = rb->rb_size & ~(uint64_t)(DEV_BSIZE - 1);
	uint8_t *dst = buf;
	struct buf *bp;
	int error;

	if (len >= FFS_VFS_DIRECT && off + len <= devsize)
		return rumpblk_rw(rb, false, buf, len, (off_t)off);
	while (len > 0) {
		uint64_t start = off & ~(uint64_t)(FFS_VFS_CHUNK - 1);
		size_t inoff = (size_t)(off - start);
		size_t bsize, n;

		if (start >= devsize) {
			/*
			 * The partial sector at the end of a device whose size
			 * is not a multiple of DEV_BSIZE: the cache deals in
			 * whole sectors, read it directly.
			 */
			return rumpblk_rw(rb, false, dst, len, (off_t)off);
		}
		bsize = (size_t)MIN((uint64_t)FFS_VFS_CHUNK, devsize - start);
		if (inoff >= bsize)
			return rumpblk_rw(rb, false, dst, len, (off_t)off);
		n = MIN(len, bsize - inoff);
		error = bread(rb, (int64_t)(start / DEV_BSIZE), bsize, &bp);
		if (error)
			return error;
		memcpy(dst, (const uint8_t *)bp->b_data + inoff, n);
		brelse(bp);
		dst += n;
		off += n;
		len -= n;
	}
	return 0;
}

/* ---- vfsops ---------------------------------------------------------------- */

static int ffs_vfs_mount(struct mount *mp, const char *from, void *data,
			 size_t len)
{
	struct ffsmount *fm;
	struct ffs_dev dev;
	char why[128];
	int error;

	(void)data;
	if (from == NULL || len < sizeof(struct ufs_args))
		return EINVAL;
	fm = kmem_zalloc(sizeof(*fm), KM_SLEEP);
	if (fm == NULL)
		return ENOMEM;
	if (rumpns_ffs_vfs_hold != NULL) {
		if (!rumpns_ffs_vfs_hold(true)) {
			kmem_free(fm, sizeof(*fm));
			return ENODEV;	/* the module is going away */
		}
		fm->fm_held = true;
	}
	error = vfs_opendevice(from, &fm->fm_devvp, &fm->fm_rb);
	if (error)
		goto fail;
	dev.read = ffs_vfs_devread;
	dev.ctx = fm->fm_rb;
	dev.size = fm->fm_rb->rb_size;
	why[0] = '\0';
	error = ffs_core_mount(&dev, 0, &fm->fm_fs, why, sizeof(why));
	if (error) {
		/*
		 * Say why when the file system is recognised but cannot be
		 * mounted (unsupported format, journal to replay); garbage
		 * (EINVAL: no superblock) is common and stays quiet.
		 */
		if (error != EINVAL && why[0] != '\0')
			printf("ffs: %s: not mounted: %s\n", from, why);
		goto fail_dev;
	}
	ffs_core_info(fm->fm_fs, &fm->fm_info);
	if (!(mp->mnt_flag & RUMP_MNT_RDONLY)) {
		printf("ffs: %s: read-write mount refused: %s\n", from,
		       fm->fm_info.rw_refusal ? fm->fm_info.rw_refusal :
		       "this FFS has no write support yet; mount read-only");
		error = EROFS;
		goto fail_core;
	}
	mp->mnt_flag |= RUMP_MNT_LOCAL;
	mp->mnt_data = fm;
	return 0;

fail_core:
	ffs_core_unmount(fm->fm_fs);
fail_dev:
	vfs_closedevice(fm->fm_devvp);
fail:
	if (fm->fm_held)
		rumpns_ffs_vfs_hold(false);
	kmem_free(fm, sizeof(*fm));
	return error;
}

static int ffs_vfs_update(struct mount *mp, int newflags)
{
	struct ffsmount *fm = VFSTOFFS(mp);

	if (!(newflags & RUMP_MNT_RDONLY)) {
		printf("ffs: %s: update to read-write refused: %s\n",
		       mp->mnt_fromname, fm->fm_info.rw_refusal ?
		       fm->fm_info.rw_refusal :
		       "this FFS has no write support yet");
		return EROFS;
	}
	return 0;
}

static int ffs_vfs_unmount(struct mount *mp, int mntflags)
{
	struct ffsmount *fm = VFSTOFFS(mp);

	(void)mntflags;
	ffs_core_unmount(fm->fm_fs);
	vfs_closedevice(fm->fm_devvp);
	if (fm->fm_held)
		rumpns_ffs_vfs_hold(false);
	kmem_free(fm, sizeof(*fm));
	mp->mnt_data = NULL;
	return 0;
}

static int ffs_vfs_root(struct mount *mp, uint64_t *inop)
{
	(void)mp;
	*inop = FFS_ROOTINO;
	return 0;
}

static int ffs_vfs_statvfs(struct mount *mp, struct statvfs_k *sb)
{
	struct ffsmount *fm = VFSTOFFS(mp);
	struct ffs_statvfs sv;

	ffs_core_statvfs(fm->fm_fs, &sv);
	sb->f_bsize = sv.bsize;
	sb->f_frsize = sv.frsize;
	sb->f_iosize = sv.bsize;
	sb->f_blocks = sv.blocks;
	sb->f_bfree = sv.bfree;
	sb->f_bavail = sv.bavail;
	sb->f_bresvd = sv.bresvd;
	sb->f_files = sv.files;
	sb->f_ffree = sv.ffree;
	sb->f_favail = sv.ffree;
	sb->f_fresvd = 0;
	sb->f_namemax = sv.namemax;
	return 0;
}

static int ffs_vfs_sync(struct mount *mp, int waitfor)
{
	(void)mp;
	(void)waitfor;
	return 0;		/* nothing is ever dirty */
}

static enum vtype ffs_vtype(uint32_t mode)
{
	switch (mode & FFS_IFMT) {
	case FFS_IFREG: return VREG;
	case FFS_IFDIR: return VDIR;
	case FFS_IFLNK: return VLNK;
	case FFS_IFBLK: return VBLK;
	case FFS_IFCHR: return VCHR;
	case FFS_IFIFO: return VFIFO;
	case FFS_IFSOCK: return VSOCK;
	default: return VNON;
	}
}

static int ffs_vfs_loadvnode(struct mount *mp, struct vnode *vp,
			     uint64_t ino)
{
	struct ffs_inode *ip;
	int error;

	ip = kmem_alloc(sizeof(*ip), KM_SLEEP);
	if (ip == NULL)
		return ENOMEM;
	error = ffs_core_iget(VFSTOFFS(mp)->fm_fs, ino, ip);
	/*
	 * Every inode number reaching us comes from the disk (a directory
	 * entry, the root): a free or out-of-range one is corruption.
	 */
	if (error == 0 && ffs_vtype(ip->mode) == VNON)
		error = EIO;
	if (error == ENOENT || error == EINVAL)
		error = EIO;
	if (error) {
		kmem_free(ip, sizeof(*ip));
		return error;
	}
	vp->v_type = ffs_vtype(ip->mode);
	vp->v_op = &ffs_vnodeops;
	vp->v_data = ip;
	vp->v_rdev = ip->rdev;
	if (ino == FFS_ROOTINO)
		vp->v_vflag |= VV_ROOT;
	return 0;
}

static struct vfsops ffs_vfsops = {
	.vfs_name = RUMP_MOUNT_FFS,
	.vfs_mount = ffs_vfs_mount,
	.vfs_update = ffs_vfs_update,
	.vfs_unmount = ffs_vfs_unmount,
	.vfs_root = ffs_vfs_root,
	.vfs_statvfs = ffs_vfs_statvfs,
	.vfs_sync = ffs_vfs_sync,
	.vfs_loadvnode = ffs_vfs_loadvnode,
};

/* ---- vnodeops -------------------------------------------------------------------- */

static int ffs_vop_lookup(struct vnode *dvp, struct componentname *cn,
			  struct vnode **vpp)
{
	uint64_t ino;
	int error;

	if (dvp->v_type != VDIR)
		return ENOTDIR;
	error = ffs_core_lookup(VTOFS(dvp), VTOI(dvp), cn->cn_nameptr,
				cn->cn_namelen, &ino, NULL);
	if (error)
		return error;
	return vcache_get(dvp->v_mount, ino, vpp);
}

static void ffs_ts(struct timespec *ts, int64_t sec, uint32_t nsec)
{
	ts->tv_sec = (time_t)sec;
	ts->tv_nsec = nsec < 1000000000u ? (long)nsec : 0;
}

static int ffs_vop_getattr(struct vnode *vp, struct vattr *va)
{
	const struct ffs_inode *ip = VTOI(vp);
	const struct ffsmount *fm = VFSTOFFS(vp->v_mount);

	memset(va, 0, sizeof(*va));
	va->va_type = vp->v_type;
	va->va_mode = (mode_t)(ip->mode & ALLPERMS);
	va->va_nlink = ip->nlink;
	va->va_uid = ip->uid;
	va->va_gid = ip->gid;
	va->va_fsid = vp->v_mount->mnt_id;
	va->va_fileid = ip->ino;
	va->va_size = ip->size;
	va->va_bytes = ip->blocks * DEV_BSIZE;
	va->va_blksize = fm->fm_info.bsize;
	va->va_gen = ip->gen;
	va->va_flags = ip->flags;
	va->va_rdev = ip->rdev;
	ffs_ts(&va->va_atime, ip->atime, ip->atimensec);
	ffs_ts(&va->va_mtime, ip->mtime, ip->mtimensec);
	ffs_ts(&va->va_ctime, ip->ctime, ip->ctimensec);
	/* UFS1 has no birth time: NetBSD reports VNOVAL (-1). */
	if (fm->fm_info.ufs == 2)
		ffs_ts(&va->va_birthtime, ip->birthtime, ip->birthnsec);
	else
		ffs_ts(&va->va_birthtime, -1, 0);
	return 0;
}

/* Bounce buffer of a read: file data goes through at most this much. */
#define FFS_VFS_READBUF	65536

static int ffs_vop_read(struct vnode *vp, struct uio *uio, int ioflag)
{
	const struct ffs_inode *ip = VTOI(vp);
	size_t bufsize, n, done;
	void *buf;
	int error = 0;

	(void)ioflag;
	if (vp->v_type == VDIR)
		return EISDIR;
	if (vp->v_type != VREG)
		return EOPNOTSUPP;	/* no device or fifo layer here */
	if (uio->uio_offset < 0)
		return EINVAL;
	if ((uint64_t)uio->uio_offset >= ip->size || uio->uio_resid == 0)
		return 0;
	bufsize = (size_t)MIN((uint64_t)MIN(uio->uio_resid,
					    (size_t)FFS_VFS_READBUF),
			      ip->size - (uint64_t)uio->uio_offset);
	buf = kmem_alloc(bufsize, KM_SLEEP);
	if (buf == NULL)
		return ENOMEM;
	while (uio->uio_resid > 0 && (uint64_t)uio->uio_offset < ip->size) {
		n = (size_t)MIN((uint64_t)MIN(uio->uio_resid, bufsize),
				ip->size - (uint64_t)uio->uio_offset);
		error = ffs_core_read(VTOFS(vp), ip, (uint64_t)uio->uio_offset,
				      buf, n, &done);
		if (error == 0 && done > 0)
			error = uiomove(buf, done, uio);
		if (error || done < n)
			break;
	}
	kmem_free(buf, bufsize);
	return error;
}

struct ffs_rdctx {
	struct uio *uio;
	int error;
	int n;
};

static int ffs_vfs_dirent_cb(void *arg, const struct ffs_dirent *de)
{
	struct ffs_rdctx *c = arg;
	struct rump_dirent d;
	size_t reclen = RUMP_DIRENT_RECLEN(de->namlen);

	if (de->type == 14)	/* DT_WHT: whiteouts are not listed */
		return 0;
	if (reclen > c->uio->uio_resid)
		return 1;
	memset(&d, 0, reclen);
	d.d_fileno = de->ino;
	d.d_reclen = (uint16_t)reclen;
	d.d_namlen = de->namlen;
	d.d_type = de->type;
	memcpy(d.d_name, de->name, de->namlen);
	c->error = uiomove(&d, reclen, c->uio);
	if (c->error)
		return 1;
	c->n++;
	return 0;
}

static int ffs_vop_readdir(struct vnode *vp, struct uio *uio, off_t *offp,
			   bool *eofp)
{
	struct ffs_rdctx c = { uio, 0, 0 };
	uint64_t cookie;
	int error;

	if (vp->v_type != VDIR)
		return ENOTDIR;
	if (*offp < 0)
		return EINVAL;
	cookie = (uint64_t)*offp;
	*eofp = false;
	error = ffs_core_readdir(VTOFS(vp), VTOI(vp), &cookie, ffs_vfs_dirent_cb,
				 &c, eofp);
	*offp = (off_t)cookie;
	if (error == 0)
		error = c.error;
	/* Entries already delivered stand; the next call reports the error. */
	if (error && c.n > 0)
		error = 0;
	if (error == 0 && c.n == 0 && !*eofp)
		error = EINVAL;		/* not even one entry fits */
	return error;
}

static int ffs_vop_readlink(struct vnode *vp, struct uio *uio)
{
	char *buf;
	size_t len;
	int error;

	if (vp->v_type != VLNK)
		return EINVAL;
	buf = kmem_alloc(FFS_MAXPATHLEN, KM_SLEEP);
	if (buf == NULL)
		return ENOMEM;
	error = ffs_core_readlink(VTOFS(vp), VTOI(vp), buf, FFS_MAXPATHLEN,
				  &len);
	if (error == 0)
		error = uiomove(buf, MIN(len, uio->uio_resid), uio);
	kmem_free(buf, FFS_MAXPATHLEN);
	return error;
}

static int ffs_vop_reclaim(struct vnode *vp)
{
	kmem_free(vp->v_data, sizeof(struct ffs_inode));
	vp->v_data = NULL;
	return 0;
}

static const struct vnodeops ffs_vnodeops = {
	.vop_name = RUMP_MOUNT_FFS,
	.vop_lookup = ffs_vop_lookup,
	.vop_getattr = ffs_vop_getattr,
	.vop_read = ffs_vop_read,
	.vop_readdir = ffs_vop_readdir,
	.vop_readlink = ffs_vop_readlink,
	.vop_reclaim = ffs_vop_reclaim,
};

/* ---- the component ------------------------------------------------------------------ */

static int rumpfs_ffs_init(void)
{
	return vfs_attach(&ffs_vfsops);
}

static void rumpfs_ffs_fini(void)
{
	/*
	 * EBUSY while mounted: only at a kernel shutdown, whose VFS fini
	 * (after this one: same level, registered earlier) then unmounts
	 * everything and forgets every type.  A module unload cannot get
	 * here with a mount: each mount holds the module.
	 */
	(void)vfs_detach(&ffs_vfsops);
}

struct rump_component rump_ffs_component = {
	.rc_type = RUMP_COMPONENT_VFS,
	.rc_name = "ffs",
	.rc_init = rumpfs_ffs_init,
	.rc_fini = rumpfs_ffs_fini,
};

#ifndef __KERNEL__
__attribute__((__constructor__)) static void rumpfs_ffs_ctor(void)
{
	/*
	 * Same level as the VFS, which must come first (its init resets the
	 * type list): constructors of different objects run in no set
	 * order, so register it here (EEXIST if its own ran already).
	 */
	(void)rump_component_register(&rump_vfs_component);
	(void)rump_component_register(&rump_ffs_component);
}
#endif
