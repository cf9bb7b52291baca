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
	void *ctx;
	uint64_t size;		/* bytes */
};

struct ffs_core;		/* one mounted file system (opaque) */

#define FFS_ROOTINO	2
#define FFS_MAXNAMLEN	255
#define FFS_MAXPATHLEN	1024	/* with the NUL, as NetBSD's MAXPATHLEN */

/* ffs_core_mount() flags */
#define FFS_MOUNT_FORCE	0x01	/* mount even with a non-empty WAPBL log */

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
void ffs_core_unmount(struct ffs_core *fs);

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
