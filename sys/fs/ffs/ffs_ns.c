// SPDX-License-Identifier: BSD-2-Clause
/*
 * ffs_ns.c - namespace operations: create (files, devices, fifos,
 * sockets, directories, symlinks), link, remove, rmdir, rename.
 *
 * The caller (the VFS, with its vnode locks) serialises namespace
 * operations on a mount; allocation has its own lock (ffs_alloc.c).
 *
 * Crash ordering, the traditional synchronous discipline: each step
 * below that another step depends on reaches the device before that
 * step starts, so that a crash never leaves a name pointing at an
 * uninitialised inode nor any link count (a directory's included) below
 * the entries that reference the inode.  What it can leave is what
 * fsck_ffs repairs in preen mode and `rumpffs fsck` counts as leaks on
 * an unclean file system (tools/rumpffs/fsck.h): a link count too high,
 * an inode with no name, an orphaned empty directory (mkdir cut short:
 * its ".." is counted by the parent), and, in the middle of a directory
 * rename, a directory with two names whose ".." names one of them (what
 * FreeBSD's fsck_ffs pass 2 removes in preen mode as an "extraneous
 * hard link to directory", keeping the name ".." agrees with):
 *
 *   create:  inode allocated (cg written) -> (a directory: parent's
 *            nlink + 1 -> first chunk with "." and "..") -> inode
 *            initialised -> name.  Undone in reverse.
 *   link:    nlink + 1 -> name.
 *   remove:  name gone -> nlink - 1.
 *   rmdir:   name gone -> the directory emptied on the device (nlink 0,
 *            size 0: its "." and ".." gone, one synchronous inode write)
 *            -> parent's nlink - 1.
 *   rename:  nlink + 1 -> (a directory moving to another parent: the new
 *            parent's nlink + 1) -> new name (or the target's name
 *            rewritten) -> (that directory's ".." names the new parent)
 *            -> old name gone -> old parent's nlink - 1, nlink - 1; a
 *            replaced directory is emptied like rmdir's before the new
 *            parent loses its link, a replaced file's nlink - 1.
 *
 * Directory entries are written synchronously by ffs_dirw.c; the
 * inodes whose changes something depends on are written with FFS_WSYNC
 * here, the rest (times, link counts that only drop) delayed.
 *
 * Errors: an operation fails as a whole (undone in reverse) until its
 * name change is on the device; after that it succeeds, and a failure
 * to write the remaining delayed updates is not reported (losing them
 * is what a crash would do, and the file system has stopped writing
 * after a failed metadata write anyway).
 */
#include "ffs_fs.h"

#define FFS_LINK_MAX	32767	/* nlink is a signed 16-bit field */
#define DT_DIR		4

static uint8_t
dtype(uint32_t mode)
{
	return (uint8_t)((mode & FFS_IFMT) >> 12);
}

static bool
isdir(const struct ffs_inode *ip)
{
	return (ip->mode & FFS_IFMT) == FFS_IFDIR;
}

/* A component that may be created or removed: not "." or "..". */
static int
checkname(const char *name, size_t namelen)
{
	size_t i;

	if (namelen == 0)
		return ENOENT;
	if (namelen > FFS_MAXNAMLEN)
		return ENAMETOOLONG;
	for (i = 0; i < namelen; i++)
		if (name[i] == '/' || name[i] == '\0')
			return EINVAL;
	if (name[0] == '.' && (namelen == 1 ||
			       (namelen == 2 && name[1] == '.')))
		return EINVAL;
	return 0;
}

/* Common checks on a directory to change. */
static int
checkdir(struct ffs_core *fs, const struct ffs_inode *dp)
{
	if (!fs->rw)
		return EROFS;
	if (!isdir(dp))
		return ENOTDIR;
	/* a removed directory (rmdir'ed while in use) takes no new names */
	if (dp->nlink == 0)
		return ENOENT;
	return 0;
}

/* EEXIST if name is in dp, 0 if not. */
static int
notthere(struct ffs_core *fs, const struct ffs_inode *dp, const char *name,
	 size_t namelen)
{
	uint64_t ino;
	int error;

	error = ffs_core_lookup(fs, dp, name, namelen, &ino, NULL);
	if (error == 0)
		return EEXIST;
	return error == ENOENT ? 0 : error;
}

static void
stamp_mc(struct ffs_inode *ip, int64_t sec, uint32_t nsec)
{
	ip->mtime = ip->ctime = sec;
	ip->mtimensec = ip->ctimensec = nsec;
}

static void
stamp_c(struct ffs_inode *ip, int64_t sec, uint32_t nsec)
{
	ip->ctime = sec;
	ip->ctimensec = nsec;
}

/* ---- create --------------------------------------------------------------- */

/* One entry of a new directory (ino and reclen in the fs byte order). */
static void
dotentry(const struct ffs_core *fs, uint8_t *e, uint64_t ino,
	 uint16_t reclen, const char *name, uint8_t namlen)
{
	fsset32(fs, e, 0, ino);
	fsset16(fs, e, 4, reclen);
	e[6] = DT_DIR;
	e[7] = namlen;
	memcpy(e + DIR_HDRSIZE, name, namlen);
}

/* A new directory's first chunk: "." (12 bytes) and ".." (the rest). */
static int
mkdir_chunk(struct ffs_core *fs, struct ffs_inode *ip, uint64_t parent)
{
	uint8_t *c;
	size_t done = 0;
	int error;

	c = kmem_zalloc(DIRBLKSIZ, KM_SLEEP);
	if (c == NULL)
		return ENOMEM;
	dotentry(fs, c, ip->ino, DIRSIZ(1), ".", 1);
	dotentry(fs, c + DIRSIZ(1), parent, DIRBLKSIZ - DIRSIZ(1), "..", 2);
	error = ffs_core_write(fs, ip, 0, c, DIRBLKSIZ, FFS_WSYNC, &done);
	if (error == 0 && done != DIRBLKSIZ)
		error = EIO;
	kmem_free(c, DIRBLKSIZ);
	return error;
}

/* Give back an inode that never got a name: its blocks, then itself. */
static void
undo_alloc(struct ffs_core *fs, struct ffs_inode *ip)
{
	ip->nlink = 0;
	(void)ffs_core_ifree(fs, ip);
}

int
ffs_core_create(struct ffs_core *fs, struct ffs_inode *dp, const char *name,
		size_t namelen, const struct ffs_newattr *attr,
		const char *target, struct ffs_inode *newip)
{
	uint32_t mode = attr->mode, type;
	size_t tlen = 0, done = 0;
	int64_t sec;
	uint32_t nsec;
	int error;

	if ((error = checkdir(fs, dp)) != 0 ||
	    (error = checkname(name, namelen)) != 0)
		return error;
	if (target != NULL) {
		tlen = strnlen(target, FFS_MAXPATHLEN);
		if (tlen == 0)
			return ENOENT;
		if (tlen >= FFS_MAXPATHLEN)
			return ENAMETOOLONG;
		mode = FFS_IFLNK | (mode & 07777);
	}
	type = mode & FFS_IFMT;
	switch (type) {
	case FFS_IFREG:
	case FFS_IFDIR:
	case FFS_IFCHR:
	case FFS_IFBLK:
	case FFS_IFIFO:
	case FFS_IFSOCK:
		break;
	case FFS_IFLNK:		/* only with a target (set above) */
		if (target == NULL)
			return EINVAL;
		break;
	default:
		return EINVAL;
	}
	if ((error = notthere(fs, dp, name, namelen)) != 0)
		return error;
	if (type == FFS_IFDIR && dp->nlink >= FFS_LINK_MAX)
		return EMLINK;

	error = ffs_ialloc(fs, dp, mode, newip);
	if (error)
		return error;
	newip->uid = attr->uid;
	newip->gid = attr->gid;
	newip->flags = 0;
	newip->nlink = type == FFS_IFDIR ? 2 : 1;
	if (type == FFS_IFCHR || type == FFS_IFBLK)
		newip->rdev = attr->rdev;	/* iupdate puts it in db[0] */
	ffs_now(&sec, &nsec);
	if (type == FFS_IFDIR) {
		/*
		 * The parent counts the new ".." before the new directory
		 * (whose first chunk holds it) is on the device: a crash
		 * in between leaves the count too high, never too low.
		 */
		dp->nlink++;
		stamp_c(dp, sec, nsec);
		error = ffs_core_iupdate(fs, dp, FFS_WSYNC);
		if (error == 0)
			error = mkdir_chunk(fs, newip, dp->ino);
	} else if (type == FFS_IFLNK && tlen < fs->maxsymlinklen) {
		/* fast: the bytes in the block-pointer area (zero now) */
		memcpy(newip->raw + (fs->ufs == 1 ? DI1_DB : DI2_DB), target,
		       tlen);
		newip->size = tlen;
	} else if (type == FFS_IFLNK) {
		/*
		 * Slow: the size first, which makes it a symlink with a
		 * block map (a size below fs_maxsymlinklen means "fast").
		 */
		newip->size = tlen;
		error = ffs_core_write(fs, newip, 0, target, tlen, FFS_WSYNC,
				       &done);
		if (error == 0 && done != tlen)
			error = EIO;
	}
	/* initialised on the device before a name points at it */
	if (error == 0)
		error = ffs_core_iupdate(fs, newip, FFS_WSYNC);
	if (error == 0)
		error = ffs_dir_enter(fs, dp, name, namelen, newip->ino,
				      dtype(mode));
	if (error) {
		/* in reverse: the new inode goes before the parent's link */
		undo_alloc(fs, newip);
		if (type == FFS_IFDIR) {
			dp->nlink--;
			(void)ffs_core_iupdate(fs, dp, FFS_WSYNC);
		}
		return error;
	}
	stamp_mc(dp, sec, nsec);
	(void)ffs_core_iupdate(fs, dp, 0);	/* times: see the top */
	return 0;
}

/* ---- link ------------------------------------------------------------------ */

int
ffs_core_link(struct ffs_core *fs, struct ffs_inode *dp, const char *name,
	      size_t namelen, struct ffs_inode *ip)
{
	int64_t sec;
	uint32_t nsec;
	int error;

	if ((error = checkdir(fs, dp)) != 0 ||
	    (error = checkname(name, namelen)) != 0)
		return error;
	if (isdir(ip))
		return EPERM;
	if (ip->nlink == 0)
		return ENOENT;		/* removed: no new names */
	if (ip->nlink >= FFS_LINK_MAX)
		return EMLINK;
	if ((error = notthere(fs, dp, name, namelen)) != 0)
		return error;
	ffs_now(&sec, &nsec);
	ip->nlink++;
	stamp_c(ip, sec, nsec);
	error = ffs_core_iupdate(fs, ip, FFS_WSYNC);
	if (error == 0)
		error = ffs_dir_enter(fs, dp, name, namelen, ip->ino,
				      dtype(ip->mode));
	if (error) {
		ip->nlink--;
		(void)ffs_core_iupdate(fs, ip, 0);
		return error;
	}
	stamp_mc(dp, sec, nsec);
	(void)ffs_core_iupdate(fs, dp, 0);
	return 0;
}

/*
 * A directory whose last name is gone (rmdir, or replaced by a rename):
 * its "." and ".." leave the device, with nlink 0 and size 0 in one
 * synchronous inode write (ffs_core_truncate writes the inode before it
 * frees anything), before the parent that counted its ".." loses that
 * link.  Dropping the parent's count first could leave, after a crash,
 * the count below the ".." entries still on the device: a low link count,
 * which fsck_ffs does not raise in preen mode.  A failure here leaves the
 * parent's count as it is (too high at worst): the caller checks.
 */
static int
dir_empty_out(struct ffs_core *fs, struct ffs_inode *ip)
{
	ip->nlink = 0;
	return ffs_core_truncate(fs, ip, 0);
}

/* ---- remove, rmdir ------------------------------------------------------- */

int
ffs_core_remove(struct ffs_core *fs, struct ffs_inode *dp, const char *name,
		size_t namelen, struct ffs_inode *ip)
{
	int64_t sec;
	uint32_t nsec;
	int error;

	if ((error = checkdir(fs, dp)) != 0 ||
	    (error = checkname(name, namelen)) != 0)
		return error;
	if (isdir(ip))
		return EPERM;
	if (ip->nlink == 0)
		return EIO;		/* a name for an unlinked inode */
	error = ffs_dir_remove(fs, dp, name, namelen, ip->ino);
	if (error)
		return error;
	ffs_now(&sec, &nsec);
	ip->nlink--;
	stamp_c(ip, sec, nsec);
	stamp_mc(dp, sec, nsec);
	(void)ffs_core_iupdate(fs, ip, 0);
	(void)ffs_core_iupdate(fs, dp, 0);
	return 0;
}

int
ffs_core_rmdir(struct ffs_core *fs, struct ffs_inode *dp, const char *name,
	       size_t namelen, struct ffs_inode *ip)
{
	int64_t sec;
	uint32_t nsec;
	bool empty;
	int error;

	if ((error = checkdir(fs, dp)) != 0 ||
	    (error = checkname(name, namelen)) != 0)
		return error;
	if (!isdir(ip))
		return ENOTDIR;
	if (ip->ino == dp->ino || ip->ino == FFS_ROOTINO)
		return EINVAL;
	if ((error = ffs_dir_isempty(fs, ip, &empty)) != 0)
		return error;
	if (!empty)
		return ENOTEMPTY;
	error = ffs_dir_remove(fs, dp, name, namelen, ip->ino);
	if (error)
		return error;
	ffs_now(&sec, &nsec);
	stamp_c(ip, sec, nsec);
	/* ip's ".." off the device first, then dp's link for it */
	if (dir_empty_out(fs, ip) == 0 && dp->nlink > 0)
		dp->nlink--;
	stamp_mc(dp, sec, nsec);
	(void)ffs_core_iupdate(fs, dp, 0);
	(void)ffs_core_iupdate(fs, ip, 0);
	return 0;
}

/* ---- rename ------------------------------------------------------------------ */

/*
 * Is directory dir (or an ancestor of it) the directory ino?  Walks ".."
 * up to the root.  Bounded by the number of inodes, so a corrupt cycle
 * gives EIO rather than a hang.
 */
static int
is_under(struct ffs_core *fs, uint64_t dir, uint64_t ino, bool *under)
{
	struct ffs_inode *ip;
	uint64_t cur = dir, parent, steps;
	int error = 0;

	*under = false;
	ip = kmem_alloc(sizeof(*ip), KM_SLEEP);
	if (ip == NULL)
		return ENOMEM;
	for (steps = 0; ; steps++) {
		if (cur == ino) {
			*under = true;
			break;
		}
		if (cur == FFS_ROOTINO)
			break;
		if (steps >= fs->ninodes) {
			error = EIO;
			break;
		}
		error = ffs_core_iget(fs, cur, ip);
		if (error == 0 && !isdir(ip))
			error = EIO;
		if (error == 0)
			error = ffs_core_lookup(fs, ip, "..", 2, &parent, NULL);
		if (error) {
			if (error == ENOENT || error == EINVAL)
				error = EIO;
			break;
		}
		if (parent == cur) {
			error = EIO;	/* only the root is its own parent */
			break;
		}
		cur = parent;
	}
	kmem_free(ip, sizeof(*ip));
	return error;
}

int
ffs_core_rename(struct ffs_core *fs, struct ffs_inode *fdp,
		const char *fname, size_t fnamelen, struct ffs_inode *fip,
		struct ffs_inode *tdp, const char *tname, size_t tnamelen,
		struct ffs_inode *tip)
{
	struct ffs_inode *fd = fdp;
	uint64_t ino;
	int64_t sec;
	uint32_t nsec;
	bool dir, xdir, under, empty;
	int error;

	if ((error = checkdir(fs, fdp)) != 0 ||
	    (error = checkdir(fs, tdp)) != 0 ||
	    (error = checkname(fname, fnamelen)) != 0 ||
	    (error = checkname(tname, tnamelen)) != 0)
		return error;
	/*
	 * The same directory may come as two structures: work on one (tdp)
	 * and copy it to the other at the end, so that neither writes a
	 * stale size or link count over the other's.
	 */
	if (fdp != tdp && fdp->ino == tdp->ino)
		fd = tdp;
	if (tip != NULL && tip->ino == fip->ino)
		return 0;		/* two names of one inode: nothing */
	dir = isdir(fip);
	xdir = fd->ino != tdp->ino;
	/* the names must be what the caller looked up */
	error = ffs_core_lookup(fs, fd, fname, fnamelen, &ino, NULL);
	if (error == 0 && ino != fip->ino)
		error = ENOENT;
	if (error)
		return error;
	error = ffs_core_lookup(fs, tdp, tname, tnamelen, &ino, NULL);
	if (error == 0 && (tip == NULL || ino != tip->ino))
		error = tip == NULL ? EEXIST : ENOENT;
	else if (error == ENOENT && tip == NULL)
		error = 0;
	if (error)
		return error;
	if (fip->ino == fd->ino || (tip != NULL && tip->ino == tdp->ino))
		return EINVAL;
	if (tip != NULL) {
		if (dir && !isdir(tip))
			return ENOTDIR;
		if (!dir && isdir(tip))
			return EISDIR;
		if (dir) {
			if ((error = ffs_dir_isempty(fs, tip, &empty)) != 0)
				return error;
			if (!empty)
				return ENOTEMPTY;
		}
	}
	if (dir && xdir) {
		/* not into its own subtree (nor onto itself) */
		if ((error = is_under(fs, tdp->ino, fip->ino, &under)) != 0)
			return error;
		if (under)
			return EINVAL;
		if (tdp->nlink >= FFS_LINK_MAX)
			return EMLINK;
	}
	if (fip->nlink >= FFS_LINK_MAX)
		return EMLINK;

	ffs_now(&sec, &nsec);
	/* 1. one more link while there are two names */
	fip->nlink++;
	stamp_c(fip, sec, nsec);
	if ((error = ffs_core_iupdate(fs, fip, FFS_WSYNC)) != 0)
		goto undo_fip;
	/*
	 * 2. the new name: tdp counts the moved directory's ".." first
	 * (with a replaced directory as well: its ".." is still on the
	 * device until it is freed).
	 */
	if (dir && xdir) {
		tdp->nlink++;
		if ((error = ffs_core_iupdate(fs, tdp, FFS_WSYNC)) != 0)
			goto undo_tdp;
	}
	if (tip == NULL)
		error = ffs_dir_enter(fs, tdp, tname, tnamelen, fip->ino,
				      dtype(fip->mode));
	else
		error = ffs_dir_rewrite(fs, tdp, tname, tnamelen, fip->ino,
					dtype(fip->mode));
	if (error)
		goto undo_tdp;
	/*
	 * 3. a moved directory's ".." names tdp while both names exist:
	 * a crash from here to step 4 leaves two names and a ".." that
	 * agrees with the new one (the rename done, by fsck_ffs's rule),
	 * before here one that agrees with the old (the rename undone);
	 * never a single name with a stale "..".  From here on a failure
	 * leaves both names (the link count counts both): reported.
	 */
	if (dir && xdir) {
		error = ffs_dir_rewrite(fs, fip, "..", 2, tdp->ino, DT_DIR);
		if (error)
			goto out;
	}
	/* 4. the old name; then fd loses the link of the moved ".." */
	error = ffs_dir_remove(fs, fd, fname, fnamelen, fip->ino);
	if (error)
		goto out;
	if (dir && xdir && fd->nlink > 0)
		fd->nlink--;
	/* 5. the extra link goes */
	fip->nlink--;
	/* 6. the replaced target: its name is gone */
	if (tip != NULL) {
		stamp_c(tip, sec, nsec);
		if (isdir(tip)) {
			/* its "." and ".." off the device, then tdp's link */
			if (dir_empty_out(fs, tip) == 0 && tdp->nlink > 0)
				tdp->nlink--;
		} else if (tip->nlink > 0) {
			tip->nlink--;
		}
		(void)ffs_core_iupdate(fs, tip, 0);
	}
	stamp_mc(fd, sec, nsec);
	stamp_mc(tdp, sec, nsec);
	(void)ffs_core_iupdate(fs, fip, 0);
	if (xdir)
		(void)ffs_core_iupdate(fs, fd, 0);
	(void)ffs_core_iupdate(fs, tdp, 0);
	error = 0;
	goto out;

undo_tdp:
	if (dir && xdir) {
		tdp->nlink--;
		(void)ffs_core_iupdate(fs, tdp, FFS_WSYNC);
	}
undo_fip:
	fip->nlink--;
	(void)ffs_core_iupdate(fs, fip, 0);
out:
	if (fd != fdp)
		*fdp = *fd;
	return error;
}
