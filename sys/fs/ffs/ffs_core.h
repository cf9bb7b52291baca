/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ffs_core.h - the read side of FFS (UFS1 and UFS2, either byte order) as
 * a small library that knows nothing about vnodes, buffers or mounts.
 *
 * The caller supplies the device as a read callback (struct ffs_dev); the
 * core validates every on-disk field it uses, so a corrupted image is
 * refused at mount (with a reason string) or yields EIO on the object:
 * never a crash, a hang or an out-of-bounds access.  After
 * ffs_core_mount() the mount is immutable: calls on one mount may run
 * concurrently as long as the read callback is safe to call concurrently.
 * The core allocates with kmem_alloc (bounded: at most a few blocks per
 * call) and returns NetBSD errno values (RUMP_E* in <rump/rumpdefs.h>).
 *
 * This header is self-contained so that host programs (tools, the
 * userspace test lane) can include it next to libc headers: it needs only
 * <rump/rump_types.h>.  Its symbols are renamed to rumpns_* by
 * ffs_rumpns.h, like the rest of sys/.
 */
#ifndef _FFS_CORE_H_
#define _FFS_CORE_H_

#include <rump/rump_types.h>

#include "ffs_rumpns.h"

/*
 * The device.  read() fills buf with len bytes at byte offset off and
 * returns 0 or an errno; the core never asks for bytes beyond size nor
 * for len 0.  Requests are at most one file system block (64 KiB) for
 * metadata, and for file data at most what the caller asked to read.
 */
struct ffs_dev {
	int (*read)(void *ctx, uint64_t off, void *buf, size_t len);
	/*
	 * Write side (NULL for a read-only mount).  write() stores len
	 * bytes at off; how is FFS_IO_DELAYED (may stay in a cache until
	 * flush) or FFS_IO_SYNC (on the device before it returns: the core
	 * uses it as an ordering point, see ffs_alloc.c).  A later read of
	 * the same bytes must see what was written.  flush() puts every
	 * earlier write on the device.  Writes never cross the file
	 * system's end and are at most one block (file data: at most what
	 * the caller wrote, contiguous).
	 */
	int (*write)(void *ctx, uint64_t off, const void *buf, size_t len,
		     int how);
	int (*flush)(void *ctx);
	void *ctx;
	uint64_t size;		/* bytes */
};
#define FFS_IO_DELAYED	0
#define FFS_IO_SYNC	1

struct ffs_core;		/* one mounted file system (opaque) */

#define FFS_ROOTINO	2
#define FFS_MAXNAMLEN	255
#define FFS_MAXPATHLEN	1024	/* with the NUL, as NetBSD's MAXPATHLEN */

/* ffs_core_mount() flags */
#define FFS_MOUNT_FORCE	0x01	/* mount even with a non-empty WAPBL log */
#define FFS_MOUNT_RDWR	0x02	/* read-write: dev.write/flush required */

/*
 * Find, validate and load the superblock (probing byte offsets 65536,
 * 8192, 0, 262144).  On failure returns EINVAL (no acceptable
 * superblock), EFTYPE (recognised but unsupported format), EROFS (dirty
 * WAPBL log without FFS_MOUNT_FORCE), EIO or ENOMEM, and writes a
 * one-line reason into why (if whylen > 0).  The mount keeps a copy of
 * *dev.
 */
int ffs_core_mount(const struct ffs_dev *dev, int flags,
		   struct ffs_core **fsp, char *why, size_t whylen);
/*
 * Read-write mounts: unmount releases block reservations, writes the
 * summary area and the superblock (clean flag restored if it was clean
 * at mount, section 1.4) and flushes the device; its error (EIO) is
 * returned, the mount is freed in any case.
 */
int ffs_core_unmount(struct ffs_core *fs);
/*
 * Write everything the core holds (reservations released, cg summary,
 * superblock with fs_clean still 0) and flush the device: sync(2).
 */
int ffs_core_sync(struct ffs_core *fs);
/*
 * Switch between read-only and read-write (mount -u).  To read-write:
 * EROFS with the reason in why if the file system cannot be written.
 * To read-only: as unmount's write-back, then the mount is read-only.
 */
int ffs_core_setrw(struct ffs_core *fs, bool rw, const struct ffs_dev *dev,
		   char *why, size_t whylen);
bool ffs_core_isrw(const struct ffs_core *fs);

/* What was mounted: for messages, df, and the later write path. */
#define FFS_WAPBL_NONE	0	/* no log in use */
#define FFS_WAPBL_EMPTY	1	/* FS_DOWAPBL set, log empty: safe to read */
#define FFS_WAPBL_DIRTY	2	/* log needs replay (mounted only with FORCE) */
struct ffs_info {
	int ufs;		/* 1 or 2 */
	bool ea;		/* UFS2EA magic (read as UFS2) */
	bool swapped;		/* opposite byte order to the host's */
	bool bigendian;		/* on-disk byte order */
	bool oldlayout;		/* UFS1 without FS_FLAGS_UPDATED */
	uint64_t sblockloc;	/* byte offset of the superblock used */
	uint32_t bsize, fsize, frag, ncg, ipg, fpg;
	uint64_t size, dsize;	/* in fragments */
	uint32_t flags;		/* fs_flags as on disk */
	uint8_t clean;		/* fs_clean */
	int wapbl;		/* FFS_WAPBL_* */
	uint32_t id[2];
	int64_t time;		/* last write, seconds */
	char volname[33];
	/* NULL if a writer could mount it read-write, else why not. */
	const char *rw_refusal;
};
void ffs_core_info(const struct ffs_core *fs, struct ffs_info *fi);

/* statvfs as NetBSD's df shows it (block counts in frsize units). */
struct ffs_statvfs {
	uint32_t bsize;		/* file system block size */
	uint32_t frsize;	/* fragment size: the unit of the counts */
	uint64_t blocks;	/* data fragments (fs_dsize) */
	uint64_t bfree;		/* free fragments */
	uint64_t bavail;	/* free for non-root: minus the minfree reserve */
	uint64_t bresvd;	/* the reserve */
	uint64_t files;		/* inodes (ncg * ipg - ROOTINO) */
	uint64_t ffree;		/* free inodes */
	uint32_t namemax;
};
void ffs_core_statvfs(const struct ffs_core *fs, struct ffs_statvfs *sv);

/*
 * A loaded inode.  The attributes are decoded and validated; raw keeps
 * the on-disk inode for the block map (opaque to callers).  A VFS adapter
 * keeps one of these in each vnode.
 */
#define FFS_IFMT	0170000
#define FFS_IFIFO	0010000
#define FFS_IFCHR	0020000
#define FFS_IFDIR	0040000
#define FFS_IFBLK	0060000
#define FFS_IFREG	0100000
#define FFS_IFLNK	0120000
#define FFS_IFSOCK	0140000
#define FFS_IFWHT	0160000
struct ffs_inode {
	uint64_t ino;
	uint32_t mode;		/* type and permission bits */
	uint32_t nlink;
	uint32_t uid, gid;
	uint32_t flags;		/* di_flags (UF_* / SF_*) */
	uint32_t gen;
	uint64_t size;
	uint64_t blocks;	/* 512-byte units */
	uint64_t rdev;		/* devices: db[0] */
	int64_t atime, mtime, ctime, birthtime;	/* birthtime: UFS2 only */
	uint32_t atimensec, mtimensec, ctimensec, birthnsec;
	uint8_t raw[256];	/* the dinode (128 bytes on UFS1) */
};

/*
 * ---- The write side (read-write mounts only; EROFS otherwise) ----------
 *
 * Concurrency: allocation state is under a mutex of the mount; calls on
 * one inode must be serialised by the caller (the VFS holds the vnode
 * lock exclusively), and namespace operations (create, link, remove,
 * rmdir, rename) must be serialised per mount by the caller too.  Every
 * call updates the caller's struct ffs_inode(s) in memory.
 *
 * Crash ordering (the traditional FFS discipline, ffs_alloc.c): a block
 * or inode is marked allocated on the device before anything that points
 * at it can reach the device; pointers are cleared on the device before
 * what they pointed at is freed; inodes are initialised before a
 * directory entry names them; names are removed before link counts drop.
 * A crash at any point leaves at worst leaked blocks or inodes (and
 * stale summary counts, which fsck recomputes).
 *
 * Attributes: set ip->mode (permission bits only; the type is fixed),
 * uid, gid, flags, the times, then ffs_core_iupdate().  size, nlink,
 * blocks and the block pointers belong to the core.
 */

/* ffs_core_iupdate() and ffs_core_write() flags */
#define FFS_WSYNC	0x01	/* on the device before returning */
#define FFS_WAPPEND	0x02	/* write: at the end of file, off ignored */

/* Encode ip's attributes into its dinode and write it. */
int ffs_core_iupdate(struct ffs_core *fs, struct ffs_inode *ip, int flags);

/*
 * Write len bytes at off into a regular file, directory or slow symlink,
 * allocating blocks (and growing the size) as needed; new space that is
 * not written reads as zeros.  *done = bytes written (short only with an
 * error: ENOSPC, EFBIG, EIO).  mtime/ctime are the caller's.  The data
 * goes to the device with dev.write (FFS_IO_SYNC with FFS_WSYNC).  The
 * inode is written (delayed) when its block map changed.
 */
int ffs_core_write(struct ffs_core *fs, struct ffs_inode *ip, uint64_t off,
		   const void *buf, size_t len, int flags, size_t *done);

/*
 * For a VFS writing file data through its own buffers: make sure the
 * bytes [off, off + len) of one logical block (they must not cross a
 * block boundary) are backed by allocated space, growing ip->size to at
 * least off + len; *devoff = device byte offset of the block and *blen =
 * its allocated length.  Newly allocated space is zeroed on the device
 * (with a delayed write) unless the caller overwrites all of it (the
 * whole block, *fresh = true) -- then the caller must write every byte.
 */
int ffs_core_balloc(struct ffs_core *fs, struct ffs_inode *ip, uint64_t off,
		    uint32_t len, uint64_t *devoff, uint32_t *blen,
		    bool *fresh);

/*
 * Set the size.  Shrinking frees blocks (indirect ones too) and zeroes
 * the bytes past the end in the last block; growing only changes the
 * size (the new range is a hole).  The inode is written synchronously
 * before anything is freed.
 */
int ffs_core_truncate(struct ffs_core *fs, struct ffs_inode *ip,
		      uint64_t size);

/* fsync: ip's data and indirect blocks, then ip (synchronously). */
int ffs_core_fsync(struct ffs_core *fs, struct ffs_inode *ip, bool dataonly);

/*
 * Namespace operations.  dp is a directory, name/namelen a component
 * (not "." or ".."; 1..255 bytes without '/' or NUL).  New inodes get
 * attr's mode (type and permission bits), uid, gid, the time now (nsec
 * precision from the kernel clock), and for devices rdev.
 */
struct ffs_newattr {
	uint32_t mode;
	uint32_t uid, gid;
	uint64_t rdev;
};
/*
 * Create a regular file, device, fifo, socket (nlink 1) or directory
 * (nlink 2, "." and "..", parent's nlink + 1) or, with target != NULL, a
 * symlink (fast if shorter than fs_maxsymlinklen).  EEXIST if the name
 * exists, ENOSPC (no inode or block), EMLINK (dp's link count for a new
 * directory), ENAMETOOLONG.  *newip is the new inode.
 */
int ffs_core_create(struct ffs_core *fs, struct ffs_inode *dp,
		    const char *name, size_t namelen,
		    const struct ffs_newattr *attr, const char *target,
		    struct ffs_inode *newip);
/* A new name for ip (not a directory: EPERM); nlink + 1 (EMLINK). */
int ffs_core_link(struct ffs_core *fs, struct ffs_inode *dp,
		  const char *name, size_t namelen, struct ffs_inode *ip);
/*
 * Remove the name (which must name ip) from dp: ip->nlink - 1.  A file
 * whose nlink became 0 stays allocated until ffs_core_ifree() (the VFS
 * frees when the last reference goes).  rmdir: ip must be an empty
 * directory (ENOTEMPTY); its nlink becomes 0 and it is emptied (size 0,
 * written synchronously) before dp's link count drops by one.
 */
int ffs_core_remove(struct ffs_core *fs, struct ffs_inode *dp,
		    const char *name, size_t namelen, struct ffs_inode *ip);
int ffs_core_rmdir(struct ffs_core *fs, struct ffs_inode *dp,
		   const char *name, size_t namelen, struct ffs_inode *ip);
/*
 * rename(2): fname (naming fip) in fdp becomes tname in tdp, replacing
 * tip if it exists (tip NULL otherwise; the caller looked both up).
 * POSIX rules: a directory replaces only an empty directory (ENOTEMPTY),
 * a file only a non-directory (EISDIR / ENOTDIR); moving a directory
 * into its own subtree is EINVAL; same inode: nothing happens.  A moved
 * directory's ".." is rewritten and the parents' link counts follow.  A
 * replaced tip's nlink drops (ffs_core_ifree when it reaches 0).
 */
int ffs_core_rename(struct ffs_core *fs, struct ffs_inode *fdp,
		    const char *fname, size_t fnamelen, struct ffs_inode *fip,
		    struct ffs_inode *tdp, const char *tname, size_t tnamelen,
		    struct ffs_inode *tip);
/* Free an inode whose nlink is 0: its blocks, then the inode itself. */
int ffs_core_ifree(struct ffs_core *fs, struct ffs_inode *ip);

/*
 * Load inode ino.  EINVAL for a number outside the file system (or 0/1),
 * ENOENT for a free inode (mode 0), EIO for an invalid one.
 */
int ffs_core_iget(struct ffs_core *fs, uint64_t ino, struct ffs_inode *ip);

/*
 * Read up to len bytes at off of a regular file, directory or slow
 * symlink; holes read as zeros; *done = bytes read (short only at EOF).
 * EISDIR is never returned: directories read as data.  EINVAL for other
 * types (devices, fifos, fast symlinks), EIO for a bad block pointer.
 */
int ffs_core_read(struct ffs_core *fs, const struct ffs_inode *ip,
		  uint64_t off, void *buf, size_t len, size_t *done);

/*
 * Where logical block lbn (of fs block size bsize) of ip lives: *devoff =
 * its byte offset on the device and *len = its bytes (bsize, or the
 * fragment tail of a small file's last block); *devoff = 0 for a hole,
 * with *holeblocks = how many blocks from lbn on are certainly holes.
 * For a VFS that reads through its own buffers (VOP_BMAP).  EIO for a
 * bad pointer, EFBIG past the largest file, EINVAL as for read, or if
 * lbn lies past the end of the file.
 */
int ffs_core_bmap(struct ffs_core *fs, const struct ffs_inode *ip,
		  uint64_t lbn, uint64_t *devoff, uint32_t *len,
		  uint64_t *holeblocks);

/*
 * The first offset >= off that lies in an allocated block (*datap =
 * size if none): SEEK_DATA, and lets copiers skip holes without reading
 * them (a zero indirect pointer skips its whole subtree).
 */
int ffs_core_seekdata(struct ffs_core *fs, const struct ffs_inode *ip,
		      uint64_t off, uint64_t *datap);

/*
 * Directories.  A cookie is the byte offset of an entry in the directory
 * (0 = start).  ffs_core_readdir() calls cb for each live entry from
 * *cookie on, in order, until cb returns nonzero (the entry is then not
 * consumed) or the end; *cookie is left at the first entry not consumed,
 * so the call resumes exactly there.  *eof is set when the directory was
 * exhausted.  Every 512-byte chunk is validated completely before any of
 * its entries is delivered; a bad one gives EIO (cookie at its start).
 * ENOTDIR if ip is not a directory.  cb must not be NULL; a cookie that
 * is not an entry boundary resumes at the next entry after it.
 */
struct ffs_dirent {
	uint64_t ino;
	uint64_t off;		/* this entry's cookie */
	uint64_t next;		/* cookie after it */
	uint8_t type;		/* DT_*: (mode & IFMT) >> 12, 14 = whiteout */
	uint8_t namlen;
	char name[FFS_MAXNAMLEN + 1];	/* NUL-terminated */
};
typedef int (*ffs_readdir_cb)(void *arg, const struct ffs_dirent *de);
int ffs_core_readdir(struct ffs_core *fs, const struct ffs_inode *dp,
		     uint64_t *cookie, ffs_readdir_cb cb, void *arg, bool *eof);

/*
 * Look a name (not NUL-terminated, namelen bytes) up in directory dp:
 * *inop (and *typep if not NULL).  ENOENT, ENOTDIR, ENAMETOOLONG, EIO.
 * "." and ".." are ordinary entries on disk.
 */
int ffs_core_lookup(struct ffs_core *fs, const struct ffs_inode *dp,
		    const char *name, size_t namelen, uint64_t *inop,
		    uint8_t *typep);

/*
 * The target of a symlink (fast: inside the inode; slow: in its blocks):
 * up to buflen bytes into buf (not NUL-terminated), *len = bytes stored.
 * EINVAL if not a symlink, EIO if corrupt.
 */
int ffs_core_readlink(struct ffs_core *fs, const struct ffs_inode *ip,
		      char *buf, size_t buflen, size_t *len);

/*
 * Convenience for tools, tests and fuzzing (the VFS has its own namei):
 * resolve path from directory start (absolute paths from the root),
 * following symlinks in the middle of the path (and at its end with
 * FFS_FOLLOW) with at most 32 expansions, else ELOOP.
 */
#define FFS_FOLLOW	0x01
int ffs_core_namei(struct ffs_core *fs, uint64_t start, const char *path,
		   int flags, uint64_t *inop);

#endif /* _FFS_CORE_H_ */
