// SPDX-License-Identifier: BSD-2-Clause
/*
 * ffs_vfsops.c - FFS as a file system of the VFS (type "ffs"): the
 * vfsops and the read-side vnodeops over the VFS-independent core
 * (ffs_core.h), and the component that registers the type.
 *
 * The core reads the device through a callback; here that callback is
 * the buffer cache of the mount's block device (vfs_opendevice), in
 * aligned chunks (FFS_VFS_CHUNK bytes; the file system's block size when
 * writable) so that one device block always
 * lives in one buffer of one size, whatever the core asks for; writes
 * go through the same buffers (delayed: bdwrite, or bwrite when the
 * core asks for an ordering point), so reads always see the newest
 * bytes.  Each vnode keeps its struct ffs_inode (loaded at
 * vfs_loadvnode); the core updates it in place as it writes.
 *
 * Locking (on top of the VFS contract in vfs.h): per-vnode operations
 * run under the vnode lock; namespace operations take the mount's
 * fm_nslock as writer (lookup, readdir and directory attributes as
 * reader), and lock the non-directory vnodes whose link counts they
 * change.  Order: vnode lock of a directory -> fm_nslock -> vnode lock
 * of a non-directory -> the core's allocation lock.
 *
 * A read-write mount that the core cannot honour (WAPBL in use, QUOTA2,
 * snapshots, unknown flags, UFS2EA, old UFS1 layout) fails with EROFS
 * and a console line naming the reason; read-only works.  A WAPBL
 * journal that needs replay makes the core refuse even read-only
 * (ffs-format.md section 7).  An unlinked file's storage is freed when
 * its last reference goes (vop_inactive).
 */
#include "vfs/vfs.h"
#include "kern/systm.h"
#include "kern/kmem.h"
#include "kern/proc.h"

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
/* Bounce buffer of reads and writes: file data goes through this much. */
#define FFS_VFS_IOBUF	65536

/* The kernel module holds itself while a mount exists (rumpfs_ffs.h). */
bool (*rumpns_ffs_vfs_hold)(bool hold);

struct ffsmount {
	struct ffs_core *fm_fs;
	struct vnode *fm_devvp;
	struct rumpblk *fm_rb;
	struct ffs_info fm_info;
	bool fm_held;
	bool fm_rw;		/* the core is read-write */
	size_t fm_chunk;	/* buffer size of the device cache */
	krwlock_t fm_nslock;	/* namespace: see the top of the file */
};
#define VFSTOFFS(mp)	((struct ffsmount *)(mp)->mnt_data)
#define VTOI(vp)	((struct ffs_inode *)(vp)->v_data)
#define VTOFS(vp)	(VFSTOFFS((vp)->v_mount)->fm_fs)

static const struct vnodeops ffs_vnodeops;

/* ---- the core's device: the buffer cache ------------------------------- */

static int ffs_vfs_devread(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct ffsmount *fm = ctx;
	struct rumpblk *rb = fm->fm_rb;
	uint64_t devsize = rb->rb_size & ~(uint64_t)(DEV_BSIZE - 1);
	uint8_t *dst = buf;
	struct buf *bp;
	int error;

	/*
	 * Bulk reads bypass the cache only on read-only mounts: with writes
	 * the cache may hold newer (delayed) data than the device.
	 */
	if (len >= FFS_VFS_DIRECT && off + len <= devsize && !fm->fm_rw)
		return rumpblk_rw(rb, false, buf, len, (off_t)off);
	while (len > 0) {
		uint64_t start = off & ~(uint64_t)(fm->fm_chunk - 1);
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
		bsize = (size_t)MIN((uint64_t)fm->fm_chunk, devsize - start);
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

/*
 * Writes: into the cached chunk (read first unless it is covered whole),
 * then bdwrite, or bwrite for FFS_IO_SYNC.
 */
static int ffs_vfs_devwrite(void *ctx, uint64_t off, const void *buf,
			    size_t len, int how)
{
	struct ffsmount *fm = ctx;
	struct rumpblk *rb = fm->fm_rb;
	uint64_t devsize = rb->rb_size & ~(uint64_t)(DEV_BSIZE - 1);
	const uint8_t *src = buf;
	struct buf *bp;
	int error;

	while (len > 0) {
		uint64_t start = off & ~(uint64_t)(fm->fm_chunk - 1);
		size_t inoff = (size_t)(off - start);
		size_t bsize, n;

		if (start >= devsize)
			return rumpblk_rw(rb, true, (void *)(uintptr_t)src, len,
					  (off_t)off);
		bsize = (size_t)MIN((uint64_t)fm->fm_chunk, devsize - start);
		if (inoff >= bsize)
			return rumpblk_rw(rb, true, (void *)(uintptr_t)src, len,
					  (off_t)off);
		n = MIN(len, bsize - inoff);
		if (inoff == 0 && n == bsize)
			error = getblk(rb, (int64_t)(start / DEV_BSIZE), bsize,
				       &bp);
		else
			error = bread(rb, (int64_t)(start / DEV_BSIZE), bsize,
				      &bp);
		if (error)
			return error;
		memcpy((uint8_t *)bp->b_data + inoff, src, n);
		if (how == FFS_IO_SYNC) {
			error = bwrite(bp);
			if (error)
				return error;
		} else {
			bdwrite(bp);
		}
		src += n;
		off += n;
		len -= n;
	}
	return 0;
}

static int ffs_vfs_devflush(void *ctx)
{
	return bflush(((struct ffsmount *)ctx)->fm_rb);
}

/* ---- vfsops ---------------------------------------------------------------- */

/*
 * Writable: cache the device in file system blocks, so that writing a
 * whole block never reads it first (a bigger chunk would).  The buffers
 * of the old size are written back and dropped first: buffers of two
 * sizes could overlap.
 */
static void ffs_vfs_chunk(struct ffsmount *fm)
{
	size_t chunk = MAX((size_t)fm->fm_info.bsize, (size_t)DEV_BSIZE);

	if (chunk == fm->fm_chunk)
		return;
	binval(fm->fm_rb);
	fm->fm_chunk = chunk;
}

static void ffs_vfs_dev(struct ffsmount *fm, struct ffs_dev *dev)
{
	dev->read = ffs_vfs_devread;
	dev->write = ffs_vfs_devwrite;
	dev->flush = ffs_vfs_devflush;
	dev->ctx = fm;
	dev->size = fm->fm_rb->rb_size;
}

static int ffs_vfs_mount(struct mount *mp, const char *from, void *data,
			 size_t len)
{
	struct ffsmount *fm;
	struct ffs_dev dev;
	char why[160];
	bool rw;
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
	fm->fm_chunk = FFS_VFS_CHUNK;
	ffs_vfs_dev(fm, &dev);
	why[0] = '\0';
	rw_init(&fm->fm_nslock);
	rw = !(mp->mnt_flag & RUMP_MNT_RDONLY);
	/* force: read-only past a WAPBL journal that needs replay. */
	error = ffs_core_mount(&dev, (rw ? FFS_MOUNT_RDWR : 0) |
			       (!rw && (mp->mnt_flag & RUMP_MNT_FORCE) ?
				FFS_MOUNT_FORCE : 0), &fm->fm_fs, why,
			       sizeof(why));
	if (error) {
		/*
		 * Say why when the file system is recognised but cannot be
		 * mounted (unsupported format, journal to replay, cannot be
		 * written); garbage (EINVAL: no superblock) stays quiet.
		 */
		if (error != EINVAL && why[0] != '\0')
			printf("ffs: %s: not mounted: %s\n", from, why);
		goto fail_dev;
	}
	fm->fm_rw = rw;
	ffs_core_info(fm->fm_fs, &fm->fm_info);
	if (rw)
		ffs_vfs_chunk(fm);
	mp->mnt_flag |= RUMP_MNT_LOCAL;
	mp->mnt_data = fm;
	return 0;

fail_dev:
	rw_destroy(&fm->fm_nslock);
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
	bool rw = !(newflags & RUMP_MNT_RDONLY);
	struct ffs_dev dev;
	char why[128];
	int error;

	if (rw == fm->fm_rw)
		return 0;
	ffs_vfs_dev(fm, &dev);
	error = ffs_core_setrw(fm->fm_fs, rw, &dev, why, sizeof(why));
	if (error) {
		printf("ffs: %s: update to %s failed: %s\n", mp->mnt_fromname,
		       rw ? "read-write" : "read-only", why);
		return error;
	}
	fm->fm_rw = rw;
	ffs_core_info(fm->fm_fs, &fm->fm_info);
	if (rw)
		ffs_vfs_chunk(fm);
	return 0;
}

static int ffs_vfs_unmount(struct mount *mp, int mntflags)
{
	struct ffsmount *fm = VFSTOFFS(mp);
	int error;

	(void)mntflags;
	error = ffs_core_unmount(fm->fm_fs);
	if (error)
		printf("ffs: %s: writing back at unmount failed (error %d): "
		       "run fsck\n", mp->mnt_fromname, error);
	rw_destroy(&fm->fm_nslock);
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
	struct ffsmount *fm = VFSTOFFS(mp);

	(void)waitfor;
	if (!fm->fm_rw)
		return 0;
	return ffs_core_sync(fm->fm_fs);
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
	struct ffsmount *fm = VFSTOFFS(dvp->v_mount);
	uint64_t ino;
	int error;

	if (dvp->v_type != VDIR)
		return ENOTDIR;
	rw_enter(&fm->fm_nslock, RW_READER);
	error = ffs_core_lookup(VTOFS(dvp), VTOI(dvp), cn->cn_nameptr,
				cn->cn_namelen, &ino, NULL);
	if (error == 0)
		error = vcache_get(dvp->v_mount, ino, vpp);
	rw_exit(&fm->fm_nslock);
	return error;
}

static void ffs_ts(struct timespec *ts, int64_t sec, uint32_t nsec)
{
	ts->tv_sec = (time_t)sec;
	ts->tv_nsec = nsec < 1000000000u ? (long)nsec : 0;
}

static int ffs_vop_getattr(struct vnode *vp, struct vattr *va)
{
	const struct ffs_inode *ip = VTOI(vp);
	struct ffsmount *fm = VFSTOFFS(vp->v_mount);

	/* A directory's inode changes under the namespace lock only. */
	if (vp->v_type == VDIR)
		rw_enter(&fm->fm_nslock, RW_READER);
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
	if (vp->v_type == VDIR)
		rw_exit(&fm->fm_nslock);
	return 0;
}


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
					    (size_t)FFS_VFS_IOBUF),
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
	rw_enter(&VFSTOFFS(vp->v_mount)->fm_nslock, RW_READER);
	error = ffs_core_readdir(VTOFS(vp), VTOI(vp), &cookie, ffs_vfs_dirent_cb,
				 &c, eofp);
	rw_exit(&VFSTOFFS(vp->v_mount)->fm_nslock);
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

/* ---- the write side -------------------------------------------------------- */

static void ffs_stamp(struct ffs_inode *ip, bool mod, bool change)
{
	struct timespec ts;

	getnanotime(&ts);
	if (mod) {
		ip->mtime = ts.tv_sec;
		ip->mtimensec = (uint32_t)ts.tv_nsec;
	}
	if (change) {
		ip->ctime = ts.tv_sec;
		ip->ctimensec = (uint32_t)ts.tv_nsec;
	}
}

static int ffs_vop_write(struct vnode *vp, struct uio *uio, int ioflag)
{
	struct ffs_inode *ip = VTOI(vp);
	struct ffs_core *fs = VTOFS(vp);
	int flags = (ioflag & IO_SYNC) ? FFS_WSYNC : 0;
	size_t bufsize, n, done;
	uint64_t off;
	void *buf;
	int error = 0, e;

	if (vp->v_type == VDIR)
		return EISDIR;
	if (vp->v_type != VREG)
		return EOPNOTSUPP;
	if (ioflag & IO_APPEND)
		uio->uio_offset = (off_t)ip->size;
	if (uio->uio_offset < 0)
		return EINVAL;
	if (uio->uio_resid == 0)
		return 0;
	bufsize = MIN(uio->uio_resid, (size_t)FFS_VFS_IOBUF);
	buf = kmem_alloc(bufsize, KM_SLEEP);
	if (buf == NULL)
		return ENOMEM;
	ffs_stamp(ip, true, true);
	while (uio->uio_resid > 0) {
		off = (uint64_t)uio->uio_offset;
		n = MIN(uio->uio_resid, bufsize);
		error = uiomove(buf, n, uio);
		if (error)
			break;
		error = ffs_core_write(fs, ip, off, buf, n, flags, &done);
		if (done < n) {
			/* Give back what was not written (ENOSPC, EFBIG). */
			uio->uio_resid += n - done;
			uio->uio_offset -= (off_t)(n - done);
			if (error == 0)
				error = done == 0 ? ENOSPC : 0;
			break;
		}
		if (error)
			break;
	}
	kmem_free(buf, bufsize);
	/* The times (the core wrote the inode only if its map changed). */
	e = ffs_core_iupdate(fs, ip, flags);
	return error ? error : e;
}

static int ffs_vop_setattr(struct vnode *vp, struct vattr *va)
{
	struct ffsmount *fm = VFSTOFFS(vp->v_mount);
	struct ffs_inode *ip = VTOI(vp);
	bool isdir = vp->v_type == VDIR;
	int error = 0;

	if (va->va_size != (uint64_t)VNOVAL) {
		if (isdir)
			return EISDIR;
		if (vp->v_type != VREG)
			return EINVAL;
		error = ffs_core_truncate(fm->fm_fs, ip, va->va_size);
		if (error)
			return error;
		ffs_stamp(ip, true, true);
	}
	if (isdir)
		rw_enter(&fm->fm_nslock, RW_WRITER);
	if (va->va_mode != (mode_t)VNOVAL) {
		ip->mode = (ip->mode & FFS_IFMT) | (va->va_mode & ALLPERMS);
		ffs_stamp(ip, false, true);
	}
	if (va->va_uid != (uid_t)VNOVAL) {
		ip->uid = va->va_uid;
		ffs_stamp(ip, false, true);
	}
	if (va->va_gid != (gid_t)VNOVAL) {
		ip->gid = va->va_gid;
		ffs_stamp(ip, false, true);
	}
	if (va->va_flags != (uint32_t)VNOVAL) {
		ip->flags = va->va_flags;
		ffs_stamp(ip, false, true);
	}
	if (va->va_atime.tv_sec != VNOVAL) {
		ip->atime = va->va_atime.tv_sec;
		ip->atimensec = (uint32_t)va->va_atime.tv_nsec;
		ffs_stamp(ip, false, true);
	}
	if (va->va_mtime.tv_sec != VNOVAL) {
		ip->mtime = va->va_mtime.tv_sec;
		ip->mtimensec = (uint32_t)va->va_mtime.tv_nsec;
		ffs_stamp(ip, false, true);
	}
	error = ffs_core_iupdate(fm->fm_fs, ip, 0);
	if (isdir)
		rw_exit(&fm->fm_nslock);
	return error;
}

static int ffs_vop_fsync(struct vnode *vp, int flags)
{
	struct ffsmount *fm = VFSTOFFS(vp->v_mount);

	if (!fm->fm_rw)
		return 0;
	return ffs_core_fsync(fm->fm_fs, VTOI(vp),
			      (flags & FSYNC_DATAONLY) != 0);
}

static int ffs_newattr(struct vnode *dvp, struct componentname *cn,
		       struct vattr *va, struct ffs_newattr *na)
{
	memset(na, 0, sizeof(*na));
	na->mode = (uint32_t)vtype_to_ifmt(va->va_type) |
		(va->va_mode & ALLPERMS);
	if ((na->mode & FFS_IFMT) == 0)
		return EINVAL;
	na->uid = cn->cn_cred ? cn->cn_cred->cr_euid : 0;
	na->gid = VTOI(dvp)->gid;	/* BSD: the directory's group */
	if (va->va_type == VBLK || va->va_type == VCHR)
		na->rdev = va->va_rdev;
	return 0;
}

/* create, mkdir, mknod and symlink (target != NULL). */
static int ffs_vfs_newnode(struct vnode *dvp, struct componentname *cn,
			   struct vattr *va, const char *target,
			   struct vnode **vpp)
{
	struct ffsmount *fm = VFSTOFFS(dvp->v_mount);
	struct ffs_newattr na;
	struct ffs_inode *nip;
	int error;

	*vpp = NULL;
	if (target != NULL)
		va->va_type = VLNK;
	error = ffs_newattr(dvp, cn, va, &na);
	if (error)
		return error;
	nip = kmem_alloc(sizeof(*nip), KM_SLEEP);
	if (nip == NULL)
		return ENOMEM;
	rw_enter(&fm->fm_nslock, RW_WRITER);
	if (VTOI(dvp)->nlink == 0)
		error = ENOENT;		/* removed meanwhile */
	else
		error = ffs_core_create(fm->fm_fs, VTOI(dvp), cn->cn_nameptr,
					cn->cn_namelen, &na, target, nip);
	if (error == 0)
		error = vcache_get(dvp->v_mount, nip->ino, vpp);
	rw_exit(&fm->fm_nslock);
	kmem_free(nip, sizeof(*nip));
	return error;
}

static int ffs_vop_create(struct vnode *dvp, struct componentname *cn,
			  struct vattr *va, struct vnode **vpp)
{
	return ffs_vfs_newnode(dvp, cn, va, NULL, vpp);
}

static int ffs_vop_mkdir(struct vnode *dvp, struct componentname *cn,
			 struct vattr *va, struct vnode **vpp)
{
	va->va_type = VDIR;
	return ffs_vfs_newnode(dvp, cn, va, NULL, vpp);
}

static int ffs_vop_symlink(struct vnode *dvp, struct componentname *cn,
			   struct vattr *va, const char *target,
			   struct vnode **vpp)
{
	return ffs_vfs_newnode(dvp, cn, va, target, vpp);
}

static int ffs_vop_link(struct vnode *dvp, struct vnode *vp,
			struct componentname *cn)
{
	struct ffsmount *fm = VFSTOFFS(dvp->v_mount);
	int error;

	if (vp->v_type == VDIR)
		return EPERM;
	if (vp->v_mount != dvp->v_mount)
		return EXDEV;
	rw_enter(&fm->fm_nslock, RW_WRITER);
	vn_lock(vp, LK_EXCLUSIVE);
	if (VTOI(dvp)->nlink == 0 || VTOI(vp)->nlink == 0)
		error = ENOENT;
	else
		error = ffs_core_link(fm->fm_fs, VTOI(dvp), cn->cn_nameptr,
				      cn->cn_namelen, VTOI(vp));
	VOP_UNLOCK(vp);
	rw_exit(&fm->fm_nslock);
	return error;
}

static int ffs_vop_remove(struct vnode *dvp, struct vnode *vp,
			  struct componentname *cn)
{
	struct ffsmount *fm = VFSTOFFS(dvp->v_mount);
	int error;

	if (vp->v_type == VDIR)
		return EPERM;	/* NetBSD: unlink(2) of a directory */
	rw_enter(&fm->fm_nslock, RW_WRITER);
	vn_lock(vp, LK_EXCLUSIVE);
	error = ffs_core_remove(fm->fm_fs, VTOI(dvp), cn->cn_nameptr,
				cn->cn_namelen, VTOI(vp));
	VOP_UNLOCK(vp);
	rw_exit(&fm->fm_nslock);
	return error;
}

static int ffs_vop_rmdir(struct vnode *dvp, struct vnode *vp,
			 struct componentname *cn)
{
	struct ffsmount *fm = VFSTOFFS(dvp->v_mount);
	int error;

	if (vp->v_type != VDIR)
		return ENOTDIR;
	if (vp->v_mountedhere != NULL)
		return EBUSY;
	rw_enter(&fm->fm_nslock, RW_WRITER);
	error = ffs_core_rmdir(fm->fm_fs, VTOI(dvp), cn->cn_nameptr,
			       cn->cn_namelen, VTOI(vp));
	rw_exit(&fm->fm_nslock);
	return error;
}

static int ffs_vop_rename(struct vnode *fdvp, struct vnode *fvp,
			  struct componentname *fcn, struct vnode *tdvp,
			  struct vnode *tvp, struct componentname *tcn)
{
	struct ffsmount *fm = VFSTOFFS(fdvp->v_mount);
	int error;

	if (fvp->v_mount != tdvp->v_mount ||
	    (tvp != NULL && tvp->v_mount != tdvp->v_mount))
		return EXDEV;
	if (tvp != NULL && tvp->v_mountedhere != NULL)
		return EBUSY;
	rw_enter(&fm->fm_nslock, RW_WRITER);
	if (fvp->v_type != VDIR)
		vn_lock(fvp, LK_EXCLUSIVE);
	if (tvp != NULL && tvp != fvp && tvp->v_type != VDIR)
		vn_lock(tvp, LK_EXCLUSIVE);
	error = ffs_core_rename(fm->fm_fs, VTOI(fdvp), fcn->cn_nameptr,
				fcn->cn_namelen, VTOI(fvp), VTOI(tdvp),
				tcn->cn_nameptr, tcn->cn_namelen,
				tvp ? VTOI(tvp) : NULL);
	if (tvp != NULL && tvp != fvp && tvp->v_type != VDIR)
		VOP_UNLOCK(tvp);
	if (fvp->v_type != VDIR)
		VOP_UNLOCK(fvp);
	rw_exit(&fm->fm_nslock);
	return error;
}

/*
 * Last reference gone (vnode lock held): an unlinked inode's storage
 * goes now, and the vnode with it.
 */
static int ffs_vop_inactive(struct vnode *vp, bool *recyclep)
{
	struct ffsmount *fm = VFSTOFFS(vp->v_mount);
	struct ffs_inode *ip = VTOI(vp);
	int error;

	*recyclep = false;
	if (ip->nlink != 0 || ip->mode == 0 || !fm->fm_rw)
		return 0;
	error = ffs_core_ifree(fm->fm_fs, ip);
	if (error)
		printf("ffs: %s: freeing inode %llu failed (error %d): "
		       "leaked until fsck\n", vp->v_mount->mnt_fromname,
		       (unsigned long long)ip->ino, error);
	*recyclep = true;
	return 0;
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
	.vop_create = ffs_vop_create,
	.vop_mkdir = ffs_vop_mkdir,
	.vop_symlink = ffs_vop_symlink,
	.vop_link = ffs_vop_link,
	.vop_remove = ffs_vop_remove,
	.vop_rmdir = ffs_vop_rmdir,
	.vop_rename = ffs_vop_rename,
	.vop_getattr = ffs_vop_getattr,
	.vop_setattr = ffs_vop_setattr,
	.vop_read = ffs_vop_read,
	.vop_write = ffs_vop_write,
	.vop_readdir = ffs_vop_readdir,
	.vop_readlink = ffs_vop_readlink,
	.vop_fsync = ffs_vop_fsync,
	.vop_inactive = ffs_vop_inactive,
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
