/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vfs/vfs.h - the virtual file system layer: vnodes, mounts, the file
 * system interface (vfsops + vnodeops), path lookup, the buffer cache and
 * block devices.
 *
 * ---- The file system interface ------------------------------------------
 *
 * A file system type is a struct vfsops registered with vfs_attach() (by
 * name: "rumpfs", later "ffs").  A mount calls vfs_mount(mp, data, len),
 * which sets mp->mnt_data and fills mp->mnt_stat's counters; then
 * vfs_root(mp, &ino) names the root inode.  Every vnode of the mount is
 * obtained through the vnode cache, vcache_get(mp, ino, &vp): on a miss
 * the cache calls vfs_loadvnode(mp, vp, ino), which sets v_type, v_op,
 * v_data (and v_rdev for devices) from the file system's inode; when the
 * cache evicts the vnode it calls VOP_RECLAIM (free v_data, the inode
 * stays on disk).  An inode number is the file system's key: FFS uses its
 * inode numbers, rumpfs the address of its in-memory node.
 *
 * Locking contract (what a file system may assume):
 *  - per-vnode operations (read, write, getattr, setattr, readdir,
 *    readlink, fsync, truncate via setattr) are called with the vnode's
 *    lock held: shared for read/getattr/readdir/readlink, exclusive for
 *    the others.  Two threads never modify one vnode at once.
 *  - namespace operations on a directory (lookup, create, mkdir, symlink,
 *    mknod, link, remove, rmdir, rename) are called with no vnode lock
 *    held; the file system serialises them itself (rumpfs: one rwlock per
 *    mount; a read-only FFS needs none).  Resulting vnodes are returned
 *    referenced (vcache_get), unlocked.
 *  - lookup never sees "." or ".." only for "."; it must handle "..":
 *    the VFS crosses mount points itself, so ".." at a file system's root
 *    never reaches the file system.
 * Errors are NetBSD errnos.  Operations a file system does not provide
 * are NULL in its vnodeops: the VFS answers EOPNOTSUPP (EROFS on writes
 * to a read-only mount are checked by the VFS before calling).
 */
#ifndef _VFS_VFS_H_
#define _VFS_VFS_H_

#include "vfs/rumpns_vfs.h"
#include "kern/types.h"
#include "kern/lock.h"
#include "kern/file.h"

#include <rump/rump_syscalls.h>

struct lwp;
struct proc;
struct kauth_cred;
struct mount;
struct vnode;
struct buf;
struct rumpblk;

/* ---- attributes -------------------------------------------------------- */

enum vtype { VNON, VREG, VDIR, VBLK, VCHR, VLNK, VSOCK, VFIFO, VBAD };

#define S_IFMT		0170000
#define S_IFCHR		0020000
#define S_IFDIR		0040000
#define S_IFBLK		0060000
#define S_IFLNK		0120000
#define S_IFSOCK	0140000
#define S_ISUID		0004000
#define S_ISGID		0002000
#define S_ISVTX		0001000
#define S_IXUSR_	0000100
#define S_IXGRP_	0000010
#define S_IXOTH_	0000001
#define ALLPERMS	0007777
#define ACCESSPERMS	0000777

#define VNOVAL		(-1)

/* Attributes; setattr changes the fields that are not VNOVAL. */
struct vattr {
	enum vtype va_type;
	mode_t va_mode;			/* permission bits (no S_IFMT) */
	uint32_t va_nlink;
	uid_t va_uid;
	gid_t va_gid;
	uint64_t va_fsid;
	uint64_t va_fileid;		/* inode number */
	uint64_t va_size;
	uint64_t va_bytes;		/* space used */
	uint32_t va_blksize;
	uint32_t va_gen;
	uint32_t va_flags;
	uint64_t va_rdev;
	struct timespec va_atime, va_mtime, va_ctime, va_birthtime;
};
/* Set every field to VNOVAL (for setattr). */
void vattr_null(struct vattr *va);
enum vtype vtype_from_mode(mode_t mode);
mode_t vtype_to_ifmt(enum vtype t);

/* ---- vnode operations --------------------------------------------------- */

/* A component name for lookup and the namespace operations. */
struct componentname {
	const char *cn_nameptr;		/* not NUL-terminated */
	size_t cn_namelen;
	struct kauth_cred *cn_cred;
};

/*
 * readdir: entries are produced into the uio as struct rump_dirent
 * records starting at cookie *offp; *offp is advanced to the cookie of
 * the next entry (opaque to the VFS, 0 = start).  *eofp = true when there
 * are no more.  An entry that does not fit in what remains stops the call
 * (EINVAL if not even the first fits).
 */
struct vnodeops {
	const char *vop_name;
	int (*vop_lookup)(struct vnode *dvp, struct componentname *cn,
			  struct vnode **vpp);
	int (*vop_create)(struct vnode *dvp, struct componentname *cn,
			  struct vattr *va, struct vnode **vpp);
	int (*vop_mkdir)(struct vnode *dvp, struct componentname *cn,
			 struct vattr *va, struct vnode **vpp);
	int (*vop_symlink)(struct vnode *dvp, struct componentname *cn,
			   struct vattr *va, const char *target,
			   struct vnode **vpp);
	int (*vop_link)(struct vnode *dvp, struct vnode *vp,
			struct componentname *cn);
	int (*vop_remove)(struct vnode *dvp, struct vnode *vp,
			  struct componentname *cn);
	int (*vop_rmdir)(struct vnode *dvp, struct vnode *vp,
			 struct componentname *cn);
	/* fvp is the source's vnode; tvp the target's or NULL. */
	int (*vop_rename)(struct vnode *fdvp, struct vnode *fvp,
			  struct componentname *fcn, struct vnode *tdvp,
			  struct vnode *tvp, struct componentname *tcn);
	int (*vop_getattr)(struct vnode *vp, struct vattr *va);
	int (*vop_setattr)(struct vnode *vp, struct vattr *va);
	int (*vop_read)(struct vnode *vp, struct uio *uio, int ioflag);
	int (*vop_write)(struct vnode *vp, struct uio *uio, int ioflag);
	int (*vop_readdir)(struct vnode *vp, struct uio *uio, off_t *offp,
			   bool *eofp);
	int (*vop_readlink)(struct vnode *vp, struct uio *uio);
	/*
	 * Write the file's dirty data (and, without FSYNC_DATAONLY, its
	 * metadata) to stable storage.  flags: FSYNC_WAIT always from
	 * fsync(2)/fdatasync(2)/rump_vfs_fsync; FSYNC_DATAONLY from
	 * fdatasync(2): the inode needs writing only if what is needed to
	 * read the data back changed (size, block pointers), not for times.
	 */
	int (*vop_fsync)(struct vnode *vp, int flags);
	/* Device nodes: called at open/close of the special file. */
	int (*vop_open)(struct vnode *vp, int fflag);
	int (*vop_close)(struct vnode *vp, int fflag);
	/* Last reference gone; *recyclep = true to reclaim at once. */
	int (*vop_inactive)(struct vnode *vp, bool *recyclep);
	/* Leaving the cache: free v_data. Called exactly once. */
	int (*vop_reclaim)(struct vnode *vp);
};

/* vop_fsync flags (NetBSD's values) */
#define FSYNC_WAIT	0x0001	/* wait for the writes to complete */
#define FSYNC_DATAONLY	0x0002	/* fdatasync: times need not be written */

/* ioflag of read/write */
#define IO_APPEND	0x01
#define IO_SYNC		0x02

/* ---- vnodes -------------------------------------------------------------- */

/* v_iflag */
#define VI_LOADING	0x01	/* being loaded: wait */
#define VI_RECLAIMING	0x02	/* being reclaimed: wait */
#define VI_DEAD		0x04	/* reclaimed with references (forced unmount) */
#define VI_INACTIVE	0x08	/* inactive running */
/* v_vflag */
#define VV_ROOT		0x01	/* root of its mount */

struct vnode {
	krwlock_t v_lock;		/* vn_lock(): the vnode's data */
	unsigned v_usecount;		/* under vcache_lock */
	int v_iflag;			/* under vcache_lock */
	int v_vflag;
	enum vtype v_type;
	struct mount *v_mount;		/* NULL once dead */
	const struct vnodeops *v_op;
	void *v_data;			/* the file system's inode */
	uint64_t v_ino;			/* key in the cache */
	uint64_t v_rdev;		/* device nodes */
	struct mount *v_mountedhere;	/* a mount covers this directory */
	int v_writecount;		/* open for writing */
	/* cache linkage, under vcache_lock */
	struct vnode *v_hnext;		/* hash chain */
	struct vnode *v_lrunext, *v_lruprev;	/* free (usecount 0) list */
	struct vnode *v_mntnext, *v_mntprev;	/* the mount's vnodes */
};

/*
 * The vnode cache.  At most RUMP_NVNODES (boot parameter, default 4096)
 * vnodes are kept: whenever a vnode becomes unreferenced (vrele) and the
 * cache is above the bound, unreferenced vnodes are reclaimed least
 * recently used first.  Referenced vnodes are never reclaimed, so the
 * bound is exceeded only while more than that many are in use.
 * vrele() must not be called with file system locks held (it may
 * reclaim other vnodes of the same file system).
 */
int vcache_get(struct mount *mp, uint64_t ino, struct vnode **vpp);
void vref(struct vnode *vp);		/* caller holds a reference */
void vrele(struct vnode *vp);
void vput(struct vnode *vp);		/* VOP_UNLOCK + vrele */
/* Reclaim every unreferenced vnode of mp (all mounts if NULL). */
void vflush_unused(struct mount *mp);
struct vcache_stats {
	unsigned numvnodes, maxvnodes, nfree;
	uint64_t nreclaimed, nhits, nmisses;
};
void vcache_getstats(struct vcache_stats *st);
/* Forced unmount: revoke every vnode of mp (see vfs_vnode.c). */
void vcache_revoke_mount(struct mount *mp);
/* Referenced vnodes of mp, not counting one reference of skip. */
unsigned vcache_busy(struct mount *mp, struct vnode *skip);
extern kmutex_t vcache_lock;
int vcache_init(void);
void vcache_fini(void);

#define LK_SHARED	1
#define LK_EXCLUSIVE	2
void vn_lock(struct vnode *vp, int flags);
void VOP_UNLOCK(struct vnode *vp);

/* ---- mounts ---------------------------------------------------------------- */

#define VFS_NAMELEN	32
#define VFS_MNAMELEN	1024

/* mnt_flag: NetBSD's MNT_* values (see rumpdefs.h). */
struct mount {
	struct mount *mnt_next;		/* mount list, under mountlist_lock */
	const struct vfsops *mnt_op;
	struct vnode *mnt_vnodecovered;	/* referenced; NULL for / */
	struct vnode *mnt_rootvp;	/* referenced while mounted */
	int mnt_flag;
	unsigned mnt_id;
	void *mnt_data;			/* the file system's */
	struct vnode *mnt_vnodes;	/* under vcache_lock */
	unsigned mnt_nvnodes;
	krwlock_t mnt_lock;		/* writer: unmount/update in progress */
	int mnt_iflag;
	char mnt_fstype[VFS_NAMELEN];
	char mnt_onname[VFS_MNAMELEN];
	char mnt_fromname[VFS_MNAMELEN];
	/* Filled by vfs_statvfs. */
	uint64_t mnt_syncreads, mnt_syncwrites, mnt_asyncreads,
		 mnt_asyncwrites;
};
#define IMNT_GONE	0x01		/* unmounted or being unmounted */

struct statvfs_k {
	unsigned long f_bsize, f_frsize, f_iosize;
	uint64_t f_blocks, f_bfree, f_bavail, f_bresvd;
	uint64_t f_files, f_ffree, f_favail, f_fresvd;
	unsigned long f_namemax;
};

struct vfsops {
	const char *vfs_name;
	/* Set up mp->mnt_data from (data, len) (kernel copies). */
	int (*vfs_mount)(struct mount *mp, const char *from, void *data,
			 size_t len);
	/* MNT_UPDATE: flags changing (MNT_RDONLY). */
	int (*vfs_update)(struct mount *mp, int newflags);
	/* No referenced vnodes are left (unless forced); free mnt_data. */
	int (*vfs_unmount)(struct mount *mp, int mntflags);
	int (*vfs_root)(struct mount *mp, uint64_t *inop);
	int (*vfs_statvfs)(struct mount *mp, struct statvfs_k *sb);
	int (*vfs_sync)(struct mount *mp, int waitfor);
	int (*vfs_loadvnode)(struct mount *mp, struct vnode *vp, uint64_t ino);
	/* private */
	struct vfsops *vfs_next;
	unsigned vfs_refcount;
};

int vfs_attach(struct vfsops *ops);	/* 0 or EEXIST */
int vfs_detach(struct vfsops *ops);	/* 0 or EBUSY (mounted) */

extern kmutex_t mountlist_lock;
extern struct vnode *rootvnode;
/*
 * Held as reader by every file system call and vnode-API call while it
 * runs; a forced unmount takes it as writer to revoke vnodes with no
 * operation inside the file system (namespace operations run without
 * vnode locks, so vnode locks alone cannot keep them out).  Operations
 * on open files (read/write/close from sys/kern) are kept out by the
 * vnode lock instead.
 */
extern krwlock_t vfs_oplock;

/* Mount (type, from, data) on the directory vp (referenced, consumed). */
int vfs_domount(struct vnode *vp, const char *type, int flags,
		void *data, size_t len, const char *onname);
int vfs_dounmount(struct mount *mp, int flags);
int vfs_doupdate(struct mount *mp, int flags);
int vfs_sync_all(void);
/*
 * For disk file systems' vfs_mount: the block device at path (a VBLK
 * node, e.g. an etfs "/dev/rdisk"), as its vnode (referenced: keeps the
 * device open while mounted) and its struct rumpblk for bread() & co.
 * ENOENT, ENOTBLK (not a block device), ENXIO (no device behind it).
 * vfs_closedevice() at unmount flushes and releases it.
 */
int vfs_opendevice(const char *path, struct vnode **vpp, struct rumpblk **rbp);
void vfs_closedevice(struct vnode *vp);
/* The mount a path's vnode belongs to; callers hold a vnode reference. */
int vfs_getstatvfs(struct mount *mp, struct rump_statvfs *sb);
int vfs_mount_init(void);
void vfs_mount_fini(void);

/* ---- path lookup ------------------------------------------------------------- */

#define MAXPATHLEN	1024		/* with the NUL */
#define NAME_MAX	255
#define MAXSYMLINKS	32

enum nameiop { LOOKUP, CREATE, DELETE, RENAME };
/* flags */
#define FOLLOW		0x01	/* follow a final symlink */
#define NOFOLLOW	0x00
#define LOCKPARENT	0x02	/* (unused: namespace ops lock themselves) */
#define WANTPARENT	0x04	/* return the parent in ni_dvp */
#define TRYEMULROOT	0x00

struct nameidata {
	/* in */
	const char *ni_path;		/* kernel copy */
	enum nameiop ni_op;
	int ni_flags;
	struct vnode *ni_startdir;	/* NULL: cwd (relative paths) */
	struct kauth_cred *ni_cred;
	/* out: referenced, unlocked */
	struct vnode *ni_vp;		/* NULL if the last name is absent */
	struct vnode *ni_dvp;		/* with WANTPARENT (or CREATE..) */
	struct componentname ni_cn;	/* the last component */
	char ni_last[NAME_MAX + 1];
	bool ni_trailingslash;
};
int namei(struct nameidata *nd);
/* Release what namei returned. */
void namei_done(struct nameidata *nd);
/* Copy a user path in: EFAULT, ENAMETOOLONG (> MAXPATHLEN-1). */
int pathbuf_copyin(const char *upath, char **kpathp);
void pathbuf_free(char *kpath);

/* ---- permissions ---------------------------------------------------------------- */

#define VREAD		0x04
#define VWRITE		0x02
#define VEXEC		0x01
/* Owner/group/other with the superuser override (exec needs one x bit). */
int vaccess(const struct vattr *va, int mode, struct kauth_cred *cred);
int VOP_ACCESS(struct vnode *vp, int mode, struct kauth_cred *cred);

/* ---- per-process state -------------------------------------------------------------- */

struct cwdinfo {
	struct vnode *cwdi_cdir;	/* referenced */
	mode_t cwdi_cmask;
	struct proc *cwdi_proc;
	struct cwdinfo *cwdi_next;	/* all cwdinfos, for fini */
	struct cwdinfo *cwdi_prev;
};
/* The current directory of the current process, referenced. */
struct vnode *cwd_get(void);
/* Set it (vp referenced; the reference moves). */
void cwd_set(struct vnode *vp);
mode_t cwd_umask(mode_t newmask, bool set);
int cwd_init(void);
void cwd_fini(void);

/* ---- vnode-backed files ------------------------------------------------------------- */

extern const struct fileops vnops;
/* open a vnode, with the syscall's flags (O_*), as a struct file. */
int vn_open(const char *path, int oflags, mode_t cmode, struct vnode **vpp);
int vn_stat(struct vnode *vp, struct rump_stat *st);
int vn_truncate(struct vnode *vp, uint64_t size);
/* Path of directory vp (reference consumed) from the root. */
int vn_fullpath(struct vnode *vp, char *buf, size_t size, size_t *lenp);
#define INT64_MAX_	0x7fffffffffffffffLL
int vn_rdwr(struct vnode *vp, enum uio_rw rw, void *buf, size_t len,
	    off_t off, size_t *resid);

/* ---- block devices, buffer cache ---------------------------------------------------- */

#define DEV_BSIZE	512

/*
 * A block device: a host file or device opened with rumpuser_open(...,
 * RUMPUSER_OPEN_BIO), I/O through rumpuser_bio() whose completion
 * callback (a hypercall-layer thread holding a rump CPU) wakes biowait.
 */
struct rumpblk {
	int rb_fd;
	uint64_t rb_size;		/* bytes */
	int rb_ftype;			/* RUMPUSER_FT_* */
	unsigned rb_opencnt;
	char *rb_hostpath;
	kmutex_t rb_lock;
	unsigned rb_inflight;		/* I/O not yet completed */
	kcondvar_t rb_cv;
	uint64_t rb_nreads, rb_nwrites;
	/* Writes that started below the previous one (write-order tests). */
	uint64_t rb_nwback;
	off_t rb_lastwrite;
	unsigned rb_nbufs;		/* cached buffers, under bc_lock */
};
int rumpblk_open(const char *hostpath, struct rumpblk **rbp);
void rumpblk_close(struct rumpblk *rb);	/* waits for I/O in flight */
/* Synchronous transfer of len bytes at byte offset off. */
int rumpblk_rw(struct rumpblk *rb, bool write, void *data, size_t len,
	       off_t off);

/* read/write of a device node (cached: block device via the cache). */
int blkdev_rw(struct rumpblk *rb, struct uio *uio, bool cached);

/* b_flags */
#define B_BUSY		0x0001	/* owned by a caller (bread/getblk) */
#define B_DONE		0x0002	/* contents valid */
#define B_ERROR		0x0004
#define B_DELWRI	0x0008	/* dirty, written back by bwrite/sync */
#define B_READ		0x0010	/* I/O in flight is a read */
#define B_ASYNC		0x0020	/* released by biodone */
#define B_INFLIGHT	0x0040
#define B_INVAL		0x0080	/* discard at brelse */

struct buf {
	struct rumpblk *b_dev;
	int64_t b_blkno;		/* DEV_BSIZE units */
	size_t b_bcount;
	void *b_data;
	int b_flags;			/* under bufcache_lock */
	int b_error;
	unsigned b_refcnt;		/* waiters + owner, under lock */
	struct buf *b_hnext;
	struct buf *b_lrunext, *b_lruprev;
};

/*
 * The buffer cache: blocks of block devices, kept in memory up to a budget
 * (RUMP_BUFMEM bytes, default 4 MiB).  bread() returns the block busy
 * (owned by the caller); brelse() gives it back to the cache.  Beyond the
 * budget, released clean buffers are freed least recently used first;
 * delayed-write (bdwrite) buffers are written back before they can go.
 * breadn() starts asynchronous reads of following blocks (read-ahead).
 * A syncer thread writes delayed writes back every RUMP_SYNCDELAY seconds
 * (default 5, 0 = never: only sync/fsync/eviction/close write them).
 */
int bread(struct rumpblk *dev, int64_t blkno, size_t size, struct buf **bpp);
int breadn(struct rumpblk *dev, int64_t blkno, size_t size,
	   const int64_t *rablks, int nra, struct buf **bpp);
int getblk(struct rumpblk *dev, int64_t blkno, size_t size, struct buf **bpp);
void brelse(struct buf *bp);
int bwrite(struct buf *bp);		/* write now, release */
void bdwrite(struct buf *bp);		/* mark dirty, release */
/*
 * Write back the delayed-write buffers of dev (NULL = every device), in
 * ascending block order per device (devices one after the other), the
 * order the syncer writes in too.  Buffers busy meanwhile (owned by
 * someone) are skipped, so a caller may own buffers; buffers dirtied
 * during the call behind its position are left for the next one.  A
 * failed write keeps the buffer dirty; the first error is returned.
 */
int bflush(struct rumpblk *dev);
/* Drop every buffer of dev, writing dirty ones first (device closing). */
void binval(struct rumpblk *dev);
/*
 * For a file system doing its own large transfers with rumpblk_rw() on
 * blocks it may also have cached in smaller buffers.  The range is the
 * bytes [blkno * DEV_BSIZE, blkno * DEV_BSIZE + len); every cached buffer
 * overlapping it at all counts, whatever its size or start.
 *  - bflush_range(): before reading the range directly: every dirty
 *    overlapping buffer is on the device when it returns (written in
 *    ascending block order); the buffers stay cached, clean.
 *  - binval_range(): before writing the range directly: overlapping
 *    buffers are written back if dirty, then dropped, so later bread()s
 *    read what the direct write put there.  A buffer someone is waiting
 *    for is kept but marked not valid (its next bread reads the device).
 * Both wait for overlapping buffers that are busy (read-ahead in flight,
 * another owner), so the caller must own none of them (deadlock).  The
 * caller keeps new buffers from appearing in the range meanwhile (the
 * vnode lock).  Cost: one pass over the cache, none if dev has no
 * buffers.  0, EINVAL (blkno < 0), or the first write error (that buffer
 * stays cached and dirty, also for binval_range).
 */
int bflush_range(struct rumpblk *dev, int64_t blkno, size_t len);
int binval_range(struct rumpblk *dev, int64_t blkno, size_t len);
struct bufcache_stats {
	uint64_t bytes, budget, nbufs, nhits, nmisses, nreadahead, nevicted;
	uint64_t ndirty;		/* delayed-write buffers now */
	uint64_t nsyncs;		/* syncer rounds */
};
void bufcache_getstats(struct bufcache_stats *st);
uint64_t bufcache_setbudget(uint64_t budget);	/* tests; returns old */
int bufcache_init(void);
void bufcache_stop_syncer(void);
void bufcache_fini(void);

/* ---- rumpfs -------------------------------------------------------------------------- */
extern struct vfsops rumpfs_vfsops;
/* Make a device/etfs node at path in the root rumpfs. */
int rumpfs_mknod_etfs(const char *path, enum vtype type, const char *hostpath,
		      uint64_t size);
int rumpfs_remove_etfs(const char *path);
struct rumpblk *rumpfs_vnode_blk(struct vnode *vp);

/* true between the component's init and fini */
bool vfs_component_running(void);

/* ---- syscalls ---------------------------------------------------------------------- */
int vfs_syscalls_init(void);
void vfs_syscalls_fini(void);

#endif /* _VFS_VFS_H_ */
