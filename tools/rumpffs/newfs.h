/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * newfs.h - make a new NetBSD-compatible FFS (UFS1 or UFS2, either byte
 * order) in an image file, as NetBSD's newfs(8) lays it out.  Host code
 * (libc); used by `rumpffs newfs` and by the tests.
 */
#ifndef _RUMPFFS_NEWFS_H_
#define _RUMPFFS_NEWFS_H_

#include <stddef.h>
#include <stdint.h>

#define NEWFS_HOST_ORDER	0
#define NEWFS_LITTLE_ENDIAN	1234
#define NEWFS_BIG_ENDIAN	4321

struct newfs_opts {
	uint64_t size;		/* bytes (required; the image is extended to it) */
	int ufs;		/* 1 or 2 */
	int byteorder;		/* NEWFS_HOST_ORDER / _LITTLE_ / _BIG_ENDIAN */
	uint32_t bsize;		/* 0: by size (NetBSD newfs's table) */
	uint32_t fsize;		/* 0: bsize / 8 */
	uint32_t density;	/* bytes of data space per inode; 0: 4 * fsize */
	int minfree;		/* percent, 0..99 */
	const char *volname;	/* fs_volname (< 32 bytes), NULL: none */
	int64_t time;		/* creation time (seconds); 0: now */
};

/* Defaults: UFS2, host order, sizes by the file system size, minfree 5. */
void rumpffs_newfs_defaults(struct newfs_opts *o);

/* What was made (for messages and tests).  Sizes in fragments. */
struct newfs_geom {
	int ufs;
	int bigendian;
	uint64_t sblockloc;
	uint32_t bsize, fsize, frag;
	uint32_t ncg, ipg, fpg;
	uint32_t sblkno, cblkno, iblkno, dblkno;
	uint32_t cgsize, cssize, sbsize;
	uint32_t maxcontig, contigsumsize, maxbpg, minfree, optim;
	uint32_t density;
	uint64_t size, dsize, csaddr;
	int64_t nbfree, nffree, nifree, ndir;	/* after the root directory */
	uint64_t rootblk;			/* fragment of "/"'s data */
};

/*
 * Make the file system in image (created if missing, extended to
 * o->size if shorter; a block device must be large enough).  0 on
 * success (*g filled if g is not NULL); else -1 with a one-line message
 * in err that says what to change.
 */
int rumpffs_newfs(const char *image, const struct newfs_opts *o,
		  struct newfs_geom *g, char *err, size_t errlen);

/* Only the geometry (no I/O): the same checks and messages. */
int rumpffs_newfs_geometry(const struct newfs_opts *o, struct newfs_geom *g,
			   char *err, size_t errlen);

/* Parse a size: a number of bytes, or with suffix k/m/g/t (KiB..TiB). */
int rumpffs_parse_size(const char *s, uint64_t *out);

/* The `rumpffs newfs` command (argv[0] = "newfs"): exit status. */
int rumpffs_cmd_newfs(int argc, char **argv);

#endif /* _RUMPFFS_NEWFS_H_ */
