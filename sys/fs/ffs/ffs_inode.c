// SPDX-License-Identifier: BSD-2-Clause
/*
 * ffs_inode.c - loading and validating an inode.
 *
 * The inode is copied whole into struct ffs_inode (raw, for the block
 * map) and its attributes decoded.  What later code trusts is checked
 * here: the type, the size against the largest mappable file, fast
 * symlink lengths, nanoseconds.  Block pointers are checked when used.
 */
#include "ffs_fs.h"

static bool
validtype(uint32_t mode)
{
	switch (mode & FFS_IFMT) {
	case FFS_IFIFO:
	case FFS_IFCHR:
	case FFS_IFDIR:
	case FFS_IFBLK:
	case FFS_IFREG:
	case FFS_IFLNK:
	case FFS_IFSOCK:
		return true;
	default:
		/* whiteouts are directory entries, never inodes */
		return false;
	}
}

int
ffs_core_iget(struct ffs_core *fs, uint64_t ino, struct ffs_inode *ip)
{
	const uint8_t *d;
	uint64_t cg, blk;
	uint32_t idx;
	int error;

	memset(ip, 0, sizeof(*ip));
	if (ino < FFS_ROOTINO || ino >= fs->ninodes)
		return EINVAL;
	/* Inode block of ino inside its cg, then its slot in that block. */
	cg = ino / fs->ipg;
	idx = (uint32_t)(ino % fs->ipg);
	blk = ffs_cgimin(fs, cg) + ((uint64_t)(idx / fs->inopb) << fs->fragshift);
	error = ffs_devread(fs, blk, (idx % fs->inopb) * fs->isize, ip->raw,
			    fs->isize);
	if (error)
		return error;
	ip->ino = ino;
	d = ip->raw;
	ip->mode = fs16(fs, d, DI1_MODE);	/* same offset in both */
	if (ip->mode == 0)
		return ENOENT;
	if (!validtype(ip->mode))
		return EIO;
	if (fs->ufs == 1) {
		int16_t nl = (int16_t)fs16(fs, d, DI1_NLINK);

		if (nl < 0)
			return EIO;
		ip->nlink = (uint32_t)nl;
		ip->size = fs64(fs, d, DI1_SIZE);
		ip->atime = fsi32(fs, d, DI1_ATIME);
		ip->atimensec = fs32(fs, d, DI1_ATIME + 4);
		ip->mtime = fsi32(fs, d, DI1_MTIME);
		ip->mtimensec = fs32(fs, d, DI1_MTIME + 4);
		ip->ctime = fsi32(fs, d, DI1_CTIME);
		ip->ctimensec = fs32(fs, d, DI1_CTIME + 4);
		ip->flags = fs32(fs, d, DI1_FLAGS);
		ip->blocks = fs32(fs, d, DI1_BLOCKS);
		ip->gen = fs32(fs, d, DI1_GEN);
		ip->uid = fs32(fs, d, DI1_UID);
		ip->gid = fs32(fs, d, DI1_GID);
		ip->rdev = fs32(fs, d, DI1_DB);
	} else {
		int16_t nl = (int16_t)fs16(fs, d, DI2_NLINK);

		if (nl < 0)
			return EIO;
		ip->nlink = (uint32_t)nl;
		ip->uid = fs32(fs, d, DI2_UID);
		ip->gid = fs32(fs, d, DI2_GID);
		ip->size = fs64(fs, d, DI2_SIZE);
		ip->blocks = fs64(fs, d, DI2_BLOCKS);
		ip->atime = fsi64(fs, d, DI2_ATIME);
		ip->mtime = fsi64(fs, d, DI2_MTIME);
		ip->ctime = fsi64(fs, d, DI2_CTIME);
		ip->birthtime = fsi64(fs, d, DI2_BIRTHTIME);
		ip->mtimensec = fs32(fs, d, DI2_MTIMENSEC);
		ip->atimensec = fs32(fs, d, DI2_ATIMENSEC);
		ip->ctimensec = fs32(fs, d, DI2_CTIMENSEC);
		ip->birthnsec = fs32(fs, d, DI2_BIRTHNSEC);
		ip->gen = fs32(fs, d, DI2_GEN);
		ip->flags = fs32(fs, d, DI2_FLAGS);
		ip->rdev = fs64(fs, d, DI2_DB);
	}
	if (ip->atimensec >= 1000000000 || ip->mtimensec >= 1000000000 ||
	    ip->ctimensec >= 1000000000 || ip->birthnsec >= 1000000000)
		return EIO;
	if (ip->size > fs->maxfilesize)
		return EIO;
	switch (ip->mode & FFS_IFMT) {
	case FFS_IFDIR:
		/*
		 * A directory is whole 512-byte chunks, at least one, and has
		 * no holes: it cannot be larger than its blocks, nor than the
		 * file system.  This bounds every scan of a directory by the
		 * device size, even if its block pointers repeat one block.
		 */
		if (ip->size == 0 || ip->size % DIRBLKSIZ != 0 ||
		    ip->size / 512 > ip->blocks ||
		    ip->size > (fs->size << fs->fshift))
			return EIO;
		break;
	case FFS_IFLNK:
		/* Targets are shorter than MAXPATHLEN. */
		if (ip->size >= FFS_MAXPATHLEN)
			return EIO;
		break;
	default:
		break;
	}
	if ((ip->mode & FFS_IFMT) != FFS_IFCHR &&
	    (ip->mode & FFS_IFMT) != FFS_IFBLK)
		ip->rdev = 0;
	return 0;
}
