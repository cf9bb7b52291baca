// SPDX-License-Identifier: BSD-2-Clause
/*
 * ffs_dirw.c - changing directories: enter, remove and rewrite a name,
 * and the emptiness test of rmdir/rename.
 *
 * A directory is a sequence of 512-byte chunks whose entries tile each
 * chunk exactly (shared/design/ffs-format.md section 4).  Free space is
 * the slack between an entry's record length and the minimum its name
 * needs, or a whole first entry with inode 0.  So:
 *
 *  - enter places the new name in the first chunk with room: in an empty
 *    first entry, in the slack of a live entry (which is cut down to its
 *    minimum), or, when the room is there only in pieces, after packing
 *    the chunk's live entries to the front.  With no room anywhere a new
 *    chunk is appended at the end (one entry whose record spans it).
 *  - remove gives the entry's record to the entry before it in the chunk,
 *    or, for a chunk's first entry, sets its inode to 0.  Trailing chunks
 *    left empty are cut off (the first chunk always holds ".").
 *
 * Every chunk is validated (ffs_dirchunk_check) before it is used or
 * changed, so a corrupt directory gives EIO and is never made worse.  A
 * changed chunk goes to the device synchronously (FFS_WSYNC): the
 * callers' crash ordering (an inode is initialised before a name points
 * at it, a name is gone before the link count drops) relies on it.
 *
 * Only the 4.4BSD directory format is written (type byte, 8-bit name
 * length): the mount refuses the old one (fs_maxsymlinklen 0).
 */
#include "ffs_fs.h"

#define DT_WHT		14
#define SCAN_STOP	(-1)	/* not an errno: the chunk callback is done */

#define E_INO(fs, e)	fs32(fs, e, 0)
#define E_RECLEN(fs, e)	fs16(fs, e, 4)
#define E_TYPE(e)	((e)[6])
#define E_NAMLEN(e)	((e)[7])
#define E_NAME(e)	((const char *)(e) + DIR_HDRSIZE)

static bool
namematch(const uint8_t *e, const char *name, size_t namelen)
{
	return E_NAMLEN(e) == namelen &&
		memcmp(E_NAME(e), name, namelen) == 0;
}

/* Write a whole entry at e: header, name, NUL padding to DIRSIZ. */
static void
putentry(const struct ffs_core *fs, uint8_t *e, uint64_t ino,
	 uint32_t reclen, uint8_t type, const char *name, size_t namelen)
{
	fsset32(fs, e, 0, (uint32_t)ino);
	fsset16(fs, e, 4, (uint16_t)reclen);
	e[6] = type;
	e[7] = (uint8_t)namelen;
	memcpy(e + DIR_HDRSIZE, name, namelen);
	memset(e + DIR_HDRSIZE + namelen, 0,
	       DIRSIZ(namelen) - DIR_HDRSIZE - namelen);
}

/*
 * Call fn for every 512-byte chunk of dp from byte offset start, in
 * order, each validated first (EIO if bad).  A nonzero return of fn
 * stops the scan and is returned.  The chunk lives in a block buffer
 * that the next chunk reuses: fn copies what it keeps.
 */
typedef int (*chunk_fn)(void *arg, const uint8_t *chunk, uint64_t off);

static int
dirw_scan(struct ffs_core *fs, const struct ffs_inode *dp, uint64_t start,
	  chunk_fn fn, void *arg)
{
	struct ffs_rctx rc;
	uint8_t *buf;
	uint64_t lbn, base;
	uint32_t len, coff;
	int error = 0;

	if ((dp->mode & FFS_IFMT) != FFS_IFDIR)
		return ENOTDIR;
	buf = kmem_alloc(fs->bsize, KM_SLEEP);
	if (buf == NULL)
		return ENOMEM;
	ffs_rctx_init(&rc, fs);
	for (lbn = start >> fs->bshift; (lbn << fs->bshift) < dp->size; lbn++) {
		error = ffs_readblk(&rc, dp, lbn, buf, &len);
		if (error)
			break;
		base = lbn << fs->bshift;
		/* a fragment tail may reach past the size: stop there */
		if (len > dp->size - base)
			len = (uint32_t)(dp->size - base);
		for (coff = 0; coff + DIRBLKSIZ <= len; coff += DIRBLKSIZ) {
			if (base + coff < start)
				continue;
			if (ffs_dirchunk_check(fs, buf + coff) != 0) {
				error = EIO;
				goto out;
			}
			error = fn(arg, buf + coff, base + coff);
			if (error)
				goto out;
		}
	}
out:
	ffs_rctx_fini(&rc);
	kmem_free(buf, fs->bsize);
	return error;
}

/* Write one changed chunk back, synchronously. */
static int
putchunk(struct ffs_core *fs, struct ffs_inode *dp, uint64_t off,
	 const uint8_t *chunk)
{
	size_t done = 0;
	int error;

	error = ffs_core_write(fs, dp, off, chunk, DIRBLKSIZ, FFS_WSYNC, &done);
	if (error == 0 && done != DIRBLKSIZ)
		error = EIO;
	return error;
}

/* ---- enter ------------------------------------------------------------ */

/* Room in a chunk for a record of need bytes. */
#define ROOM_NONE	0
#define ROOM_DIRECT	1	/* an empty entry or a live one's slack */
#define ROOM_PACKED	2	/* only after packing the live entries */

static int
chunk_room(const struct ffs_core *fs, const uint8_t *c, uint32_t need)
{
	const uint8_t *e;
	uint32_t off, reclen, used = 0;

	for (off = 0; off < DIRBLKSIZ; off += reclen) {
		e = c + off;
		reclen = E_RECLEN(fs, e);
		if (E_INO(fs, e) == 0) {
			if (reclen >= need)
				return ROOM_DIRECT;
			continue;
		}
		if (reclen - DIRSIZ(E_NAMLEN(e)) >= need)
			return ROOM_DIRECT;
		used += DIRSIZ(E_NAMLEN(e));
	}
	return DIRBLKSIZ - used >= need ? ROOM_PACKED : ROOM_NONE;
}

/* Place the entry in chunk c (chunk_room said it fits). */
static void
chunk_insert(const struct ffs_core *fs, uint8_t *c, uint8_t *tmp,
	     const char *name, size_t namelen, uint64_t ino, uint8_t type)
{
	uint32_t need = DIRSIZ(namelen), off, reclen, min, pos;
	uint8_t *e;

	for (off = 0; off < DIRBLKSIZ; off += reclen) {
		e = c + off;
		reclen = E_RECLEN(fs, e);
		if (E_INO(fs, e) == 0) {
			if (reclen >= need) {
				putentry(fs, e, ino, reclen, type, name, namelen);
				return;
			}
			continue;
		}
		min = DIRSIZ(E_NAMLEN(e));
		if (reclen - min >= need) {
			fsset16(fs, e, 4, (uint16_t)min);
			putentry(fs, e + min, ino, reclen - min, type, name,
				 namelen);
			return;
		}
	}
	/*
	 * The free space is there only in pieces: pack the live entries to
	 * the front, each at its minimal length, and put the new one in the
	 * space left at the end.
	 */
	pos = 0;
	for (off = 0; off < DIRBLKSIZ; off += reclen) {
		e = c + off;
		reclen = E_RECLEN(fs, e);
		if (E_INO(fs, e) == 0)
			continue;
		min = DIRSIZ(E_NAMLEN(e));
		memcpy(tmp + pos, e, min);
		fsset16(fs, tmp + pos, 4, (uint16_t)min);
		pos += min;
	}
	memset(c, 0, DIRBLKSIZ);
	memcpy(c, tmp, pos);
	putentry(fs, c + pos, ino, DIRBLKSIZ - pos, type, name, namelen);
}

struct enterarg {
	const struct ffs_core *fs;
	const char *name;
	size_t namelen;
	uint32_t need;
	bool fit;		/* chunk holds the first chunk with room */
	bool whiteout;		/* chunk holds a whiteout of the name */
	uint32_t wentoff;	/* ... at this offset in it */
	uint64_t chunkoff;
	uint8_t chunk[DIRBLKSIZ];
	uint8_t tmp[DIRBLKSIZ];
};

static int
enter_fn(void *arg, const uint8_t *c, uint64_t off)
{
	struct enterarg *ea = arg;
	const struct ffs_core *fs = ea->fs;
	const uint8_t *e;
	uint32_t eoff, reclen;

	/*
	 * The whole directory is scanned: a live entry of the name is
	 * refused (the caller should have looked it up), a whiteout of it
	 * is replaced in place (as NetBSD does).
	 */
	for (eoff = 0; eoff < DIRBLKSIZ; eoff += reclen) {
		e = c + eoff;
		reclen = E_RECLEN(fs, e);
		if (E_INO(fs, e) == 0 || !namematch(e, ea->name, ea->namelen))
			continue;
		if (E_TYPE(e) != DT_WHT)
			return EEXIST;
		memcpy(ea->chunk, c, DIRBLKSIZ);
		ea->chunkoff = off;
		ea->whiteout = true;
		ea->wentoff = eoff;
		return SCAN_STOP;
	}
	if (!ea->fit && chunk_room(fs, c, ea->need) != ROOM_NONE) {
		memcpy(ea->chunk, c, DIRBLKSIZ);
		ea->chunkoff = off;
		ea->fit = true;
	}
	return 0;
}

int
ffs_dir_enter(struct ffs_core *fs, struct ffs_inode *dp, const char *name,
	      size_t namelen, uint64_t ino, uint8_t type)
{
	struct enterarg *ea;
	uint64_t oldsize;
	size_t done = 0;
	int error;

	if (namelen == 0 || namelen > FFS_MAXNAMLEN)
		return namelen ? ENAMETOOLONG : EINVAL;
	if (ino < FFS_ROOTINO || ino >= fs->ninodes)
		return EINVAL;
	ea = kmem_zalloc(sizeof(*ea), KM_SLEEP);
	if (ea == NULL)
		return ENOMEM;
	ea->fs = fs;
	ea->name = name;
	ea->namelen = namelen;
	ea->need = DIRSIZ(namelen);
	error = dirw_scan(fs, dp, 0, enter_fn, ea);
	if (error == SCAN_STOP)
		error = 0;
	if (error)
		goto out;
	if (ea->whiteout) {
		uint8_t *e = ea->chunk + ea->wentoff;

		fsset32(fs, e, 0, (uint32_t)ino);
		e[6] = type;
		error = putchunk(fs, dp, ea->chunkoff, ea->chunk);
		goto out;
	}
	if (ea->fit) {
		chunk_insert(fs, ea->chunk, ea->tmp, name, namelen, ino, type);
		error = putchunk(fs, dp, ea->chunkoff, ea->chunk);
		goto out;
	}
	/*
	 * No room: a new chunk at the end, the entry spanning it.  The
	 * write grows the size; the inode then goes out synchronously (the
	 * write only writes it when the block map changed), so the name is
	 * on the device, inside the directory, when we return.
	 */
	oldsize = dp->size;
	memset(ea->chunk, 0, DIRBLKSIZ);
	putentry(fs, ea->chunk, ino, DIRBLKSIZ, type, name, namelen);
	error = ffs_core_write(fs, dp, oldsize, ea->chunk, DIRBLKSIZ,
			       FFS_WSYNC, &done);
	if (error == 0 && (done != DIRBLKSIZ ||
			   dp->size != oldsize + DIRBLKSIZ))
		error = EIO;
	if (error) {
		/* never leave a partial chunk: back to whole chunks */
		if (dp->size != oldsize)
			(void)ffs_core_truncate(fs, dp, oldsize);
		goto out;
	}
	error = ffs_core_iupdate(fs, dp, FFS_WSYNC);
out:
	kmem_free(ea, sizeof(*ea));
	return error;
}

/* ---- remove and rewrite ------------------------------------------------ */

struct findarg {
	const struct ffs_core *fs;
	const char *name;
	size_t namelen;
	uint64_t chunkoff;
	uint32_t entoff;	/* the entry in the chunk */
	uint32_t prevoff;	/* the entry before it (= entoff if first) */
	uint8_t chunk[DIRBLKSIZ];
};

/* Find the live (not whiteout) entry of the name. */
static int
find_fn(void *arg, const uint8_t *c, uint64_t off)
{
	struct findarg *fa = arg;
	const struct ffs_core *fs = fa->fs;
	const uint8_t *e;
	uint32_t eoff, reclen, prev = 0;

	for (eoff = 0; eoff < DIRBLKSIZ; prev = eoff, eoff += reclen) {
		e = c + eoff;
		reclen = E_RECLEN(fs, e);
		if (E_INO(fs, e) == 0 || E_TYPE(e) == DT_WHT ||
		    !namematch(e, fa->name, fa->namelen))
			continue;
		memcpy(fa->chunk, c, DIRBLKSIZ);
		fa->chunkoff = off;
		fa->entoff = eoff;
		fa->prevoff = prev;
		return SCAN_STOP;
	}
	return 0;
}

static int
dir_find(struct ffs_core *fs, const struct ffs_inode *dp, const char *name,
	 size_t namelen, struct findarg **fap)
{
	struct findarg *fa;
	int error;

	*fap = NULL;
	if (namelen == 0)
		return ENOENT;
	if (namelen > FFS_MAXNAMLEN)
		return ENAMETOOLONG;
	fa = kmem_zalloc(sizeof(*fa), KM_SLEEP);
	if (fa == NULL)
		return ENOMEM;
	fa->fs = fs;
	fa->name = name;
	fa->namelen = namelen;
	error = dirw_scan(fs, dp, 0, find_fn, fa);
	if (error == SCAN_STOP) {
		*fap = fa;
		return 0;
	}
	kmem_free(fa, sizeof(*fa));
	return error ? error : ENOENT;
}

/* Is the chunk at off nothing but one free entry? */
struct emptyarg {
	const struct ffs_core *fs;
	bool empty;
};

static int
chunkempty_fn(void *arg, const uint8_t *c, uint64_t off)
{
	struct emptyarg *ma = arg;

	(void)off;
	ma->empty = E_INO(ma->fs, c) == 0 &&
		E_RECLEN(ma->fs, c) == DIRBLKSIZ;
	return SCAN_STOP;
}

/*
 * Cut trailing chunks that hold no entry off the directory (after a
 * remove emptied the last one), so that a directory that grew and
 * emptied again shrinks.  The first chunk holds "." and stays.  Best
 * effort: the directory is valid either way.
 */
static void
dir_shrink(struct ffs_core *fs, struct ffs_inode *dp)
{
	struct emptyarg ma;
	uint64_t end = dp->size;

	ma.fs = fs;
	while (end > DIRBLKSIZ) {
		ma.empty = false;
		if (dirw_scan(fs, dp, end - DIRBLKSIZ, chunkempty_fn, &ma) !=
		    SCAN_STOP || !ma.empty)
			break;
		end -= DIRBLKSIZ;
	}
	if (end != dp->size)
		(void)ffs_core_truncate(fs, dp, end);
}

int
ffs_dir_remove(struct ffs_core *fs, struct ffs_inode *dp, const char *name,
	       size_t namelen, uint64_t ino)
{
	struct findarg *fa;
	uint8_t *e, *prev;
	bool emptied;
	int error;

	error = dir_find(fs, dp, name, namelen, &fa);
	if (error)
		return error;
	e = fa->chunk + fa->entoff;
	if (E_INO(fs, e) != ino) {
		error = ENOENT;
		goto out;
	}
	if (fa->entoff == 0) {
		fsset32(fs, e, 0, 0);
	} else {
		prev = fa->chunk + fa->prevoff;
		fsset16(fs, prev, 4, (uint16_t)(E_RECLEN(fs, prev) +
						   E_RECLEN(fs, e)));
	}
	emptied = E_INO(fs, fa->chunk) == 0 &&
		E_RECLEN(fs, fa->chunk) == DIRBLKSIZ;
	error = putchunk(fs, dp, fa->chunkoff, fa->chunk);
	if (error == 0 && emptied && fa->chunkoff + DIRBLKSIZ == dp->size)
		dir_shrink(fs, dp);
out:
	kmem_free(fa, sizeof(*fa));
	return error;
}

int
ffs_dir_rewrite(struct ffs_core *fs, struct ffs_inode *dp, const char *name,
		size_t namelen, uint64_t ino, uint8_t type)
{
	struct findarg *fa;
	uint8_t *e;
	int error;

	if (ino < FFS_ROOTINO || ino >= fs->ninodes)
		return EINVAL;
	error = dir_find(fs, dp, name, namelen, &fa);
	if (error)
		return error;
	e = fa->chunk + fa->entoff;
	fsset32(fs, e, 0, (uint32_t)ino);
	e[6] = type;
	error = putchunk(fs, dp, fa->chunkoff, fa->chunk);
	kmem_free(fa, sizeof(*fa));
	return error;
}

/* ---- emptiness ---------------------------------------------------------- */

static int
isempty_fn(void *arg, const uint8_t *c, uint64_t off)
{
	const struct ffs_core *fs = arg;
	const uint8_t *e;
	uint32_t eoff, reclen;

	(void)off;
	for (eoff = 0; eoff < DIRBLKSIZ; eoff += reclen) {
		e = c + eoff;
		reclen = E_RECLEN(fs, e);
		/* free space and whiteouts do not count (NetBSD agrees) */
		if (E_INO(fs, e) == 0 || E_TYPE(e) == DT_WHT)
			continue;
		if (namematch(e, ".", 1) || namematch(e, "..", 2))
			continue;
		return SCAN_STOP;
	}
	return 0;
}

int
ffs_dir_isempty(struct ffs_core *fs, const struct ffs_inode *ip, bool *empty)
{
	int error;

	*empty = false;
	error = dirw_scan(fs, ip, 0, isempty_fn, fs);
	if (error == SCAN_STOP)
		return 0;
	if (error == 0)
		*empty = true;
	return error;
}
