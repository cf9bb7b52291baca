// SPDX-License-Identifier: BSD-2-Clause
/*
 * ffs_dir.c - directories: chunk validation, readdir with resumable
 * cookies, lookup.
 *
 * A directory is a sequence of 512-byte chunks (DIRBLKSIZ); the entries
 * of a chunk tile it exactly.  A chunk is checked as a whole before any
 * entry in it is used, so the callers see either a consistent chunk or
 * EIO: record lengths (4-aligned, at least the header plus the name,
 * never crossing the chunk), names (1..255 bytes, no NUL inside, NUL
 * after), inode numbers (inside the file system) and types.  Every loop
 * advances by at least 8 bytes inside a chunk of known size.
 */
#include "ffs_fs.h"

#define DT_WHT		14
#define WINO		1	/* the inode number whiteouts carry */

int
ffs_dirchunk_check(struct ffs_core *fs, const uint8_t *chunk)
{
	const uint8_t *e;
	uint32_t off, ino, reclen, namlen, i;

	for (off = 0; off < DIRBLKSIZ; off += reclen) {
		if (DIRBLKSIZ - off < DIR_HDRSIZE)
			return EIO;
		e = chunk + off;
		ino = fs32(fs, e, 0);
		reclen = fs16(fs, e, 4);
		namlen = e[7];
		if (reclen < DIR_HDRSIZE || reclen % 4 != 0 ||
		    reclen > DIRBLKSIZ - off)
			return EIO;
		if (ino == 0)
			continue;	/* free space: the name is garbage */
		if (ino >= fs->ninodes || namlen == 0 ||
		    reclen < DIRSIZ(namlen) || e[6] > DT_WHT)
			return EIO;
		if (ino < FFS_ROOTINO && !(ino == WINO && e[6] == DT_WHT))
			return EIO;
		for (i = 0; i < namlen; i++)
			if (e[DIR_HDRSIZE + i] == '\0')
				return EIO;
		if (e[DIR_HDRSIZE + namlen] != '\0')
			return EIO;
	}
	return 0;
}

/*
 * Walk the live entries of dp from byte offset start.  fn gets each
 * entry's header, name and offsets; a nonzero return stops the walk and
 * is passed back (with *stopoff = that entry's offset).
 */
typedef int (*dirwalk_fn)(void *arg, uint64_t ino, uint8_t type,
			  const char *name, uint32_t namlen, uint64_t off,
			  uint64_t next);

static int
dirwalk(struct ffs_core *fs, const struct ffs_inode *dp, uint64_t start,
	dirwalk_fn fn, void *arg, uint64_t *stopoff)
{
	struct ffs_rctx rc;
	uint8_t *buf, *e;
	uint64_t lbn, base, eoff;
	uint32_t len, coff, off, reclen, ino;
	int error = 0;

	*stopoff = dp->size;
	if ((dp->mode & FFS_IFMT) != FFS_IFDIR)
		return ENOTDIR;
	if (start >= dp->size)
		return 0;
	buf = kmem_alloc(fs->bsize, KM_SLEEP);
	if (buf == NULL)
		return ENOMEM;
	ffs_rctx_init(&rc, fs);
	for (lbn = start >> fs->bshift; (lbn << fs->bshift) < dp->size; lbn++) {
		error = ffs_readblk(&rc, dp, lbn, buf, &len);
		if (error)
			break;
		base = lbn << fs->bshift;
		/*
		 * A tail block is rounded up to whole fragments, which may be
		 * more than the directory's size: stop at the size (iget made
		 * it a multiple of DIRBLKSIZ).
		 */
		if (len > dp->size - base)
			len = (uint32_t)(dp->size - base);
		for (coff = 0; coff + DIRBLKSIZ <= len; coff += DIRBLKSIZ) {
			if (base + coff + DIRBLKSIZ <= start)
				continue;
			if (ffs_dirchunk_check(fs, buf + coff) != 0) {
				error = EIO;
				*stopoff = base + coff < start ? start : base + coff;
				goto out;
			}
			for (off = 0; off < DIRBLKSIZ; off += reclen) {
				e = buf + coff + off;
				ino = fs32(fs, e, 0);
				reclen = fs16(fs, e, 4);
				eoff = base + coff + off;
				if (eoff < start || ino == 0 || e[6] == DT_WHT)
					continue;
				error = fn(arg, ino, e[6],
					   (const char *)e + DIR_HDRSIZE, e[7],
					   eoff, eoff + reclen);
				if (error) {
					*stopoff = eoff;
					goto out;
				}
			}
		}
	}
out:
	ffs_rctx_fini(&rc);
	kmem_free(buf, fs->bsize);
	return error;
}

struct rdarg {
	ffs_readdir_cb cb;
	void *arg;
	uint64_t *cookie;
	struct ffs_dirent de;
};

#define RD_STOP	(-1)	/* not an errno: the callback wants no more */

static int
readdir_fn(void *arg, uint64_t ino, uint8_t type, const char *name,
	   uint32_t namlen, uint64_t off, uint64_t next)
{
	struct rdarg *ra = arg;

	ra->de.ino = ino;
	ra->de.type = type;
	ra->de.namlen = (uint8_t)namlen;
	memcpy(ra->de.name, name, namlen);
	ra->de.name[namlen] = '\0';
	ra->de.off = off;
	ra->de.next = next;
	if (ra->cb(ra->arg, &ra->de) != 0)
		return RD_STOP;
	*ra->cookie = next;
	return 0;
}

int
ffs_core_readdir(struct ffs_core *fs, const struct ffs_inode *dp,
		 uint64_t *cookie, ffs_readdir_cb cb, void *arg, bool *eof)
{
	struct rdarg *ra;
	uint64_t stop;
	int error;

	*eof = false;
	if ((dp->mode & FFS_IFMT) != FFS_IFDIR)
		return ENOTDIR;
	ra = kmem_alloc(sizeof(*ra), KM_SLEEP);
	if (ra == NULL)
		return ENOMEM;
	ra->cb = cb;
	ra->arg = arg;
	ra->cookie = cookie;
	error = dirwalk(fs, dp, *cookie, readdir_fn, ra, &stop);
	kmem_free(ra, sizeof(*ra));
	if (error == RD_STOP) {
		*cookie = stop;
		return 0;
	}
	if (error == EIO && stop > *cookie)
		*cookie = stop;		/* resume would hit the bad chunk */
	if (error == 0) {
		*cookie = dp->size;
		*eof = true;
	}
	return error;
}

struct lkarg {
	const char *name;
	uint32_t namlen;
	uint64_t ino;
	uint8_t type;
};

#define LK_FOUND (-1)

static int
lookup_fn(void *arg, uint64_t ino, uint8_t type, const char *name,
	  uint32_t namlen, uint64_t off, uint64_t next)
{
	struct lkarg *la = arg;

	(void)off;
	(void)next;
	if (namlen != la->namlen || memcmp(name, la->name, namlen) != 0)
		return 0;
	la->ino = ino;
	la->type = type;
	return LK_FOUND;
}

/*
 * Which entries may name the directory itself.  Only "." (and ".." of the
 * root, its own parent) may; "." must.  Any other name resolving to the
 * directory is a cycle of length one: every walker that descends into
 * the entries by name (a tool's ls -R or get, the VFS's path walk, a
 * Linux program through the mount) would recurse forever, so lookup calls
 * it corrupt (EIO and a log line) instead of handing it out.
 *
 * An entry naming an ancestor under a normal name is the same cycle, one
 * level or more up, but it cannot be told here: a lookup sees one
 * directory, and ".." chains are themselves on-disk data that may lie.
 * That is left to the walkers, which know the ancestors they came
 * through (tools/rumpffs tracks them by inode number) and to fsck, which
 * sees the whole tree (a directory reached twice).  readdir reports
 * entries as stored, for the same reason: it is how fsck and the walkers
 * see the damage in order to name it.
 */
static bool
self_ok(const struct ffs_inode *dp, const char *name, size_t namelen,
	uint64_t ino)
{
	bool dot = namelen == 1 && name[0] == '.';
	bool dotdot = namelen == 2 && name[0] == '.' && name[1] == '.';

	if (dot)
		return ino == dp->ino;
	if (ino != dp->ino)
		return true;
	return dotdot && dp->ino == FFS_ROOTINO;
}

int
ffs_core_lookup(struct ffs_core *fs, const struct ffs_inode *dp,
		const char *name, size_t namelen, uint64_t *inop,
		uint8_t *typep)
{
	struct lkarg la;
	uint64_t stop;
	int error;

	if ((dp->mode & FFS_IFMT) != FFS_IFDIR)
		return ENOTDIR;
	if (namelen > FFS_MAXNAMLEN)
		return ENAMETOOLONG;
	if (namelen == 0)
		return ENOENT;
	la.name = name;
	la.namlen = (uint32_t)namelen;
	error = dirwalk(fs, dp, 0, lookup_fn, &la, &stop);
	if (error == LK_FOUND && !self_ok(dp, name, namelen, la.ino)) {
		printf("ffs: directory inode %llu: entry \"%.*s\" names inode %llu (a directory cycle or a stray \".\"): corrupt, run fsck\n",
		       (unsigned long long)dp->ino, (int)namelen, name,
		       (unsigned long long)la.ino);
		return EIO;
	}
	if (error == LK_FOUND) {
		*inop = la.ino;
		if (typep)
			*typep = la.type;
		return 0;
	}
	return error ? error : ENOENT;
}
