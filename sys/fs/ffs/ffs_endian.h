/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ffs_endian.h - reading on-disk integers in the file system's byte order.
 *
 * FFS is written in the byte order of the machine that made it (NetBSD's
 * FFS_EI reads either).  The core never overlays C structures on disk
 * bytes: every field is fetched from a byte offset with these helpers,
 * which copy (no alignment assumptions, no strict-aliasing games) and
 * swap when the file system's order differs from the host's.  Bitmaps,
 * names, symlink bytes and the directory type/namlen bytes are byte
 * arrays and are never swapped.
 */
#ifndef _FFS_ENDIAN_H_
#define _FFS_ENDIAN_H_

#include "kern/systm.h"

static inline uint16_t
ffs_ld16(bool swap, const void *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return swap ? __builtin_bswap16(v) : v;
}

static inline uint32_t
ffs_ld32(bool swap, const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return swap ? __builtin_bswap32(v) : v;
}

static inline uint64_t
ffs_ld64(bool swap, const void *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return swap ? __builtin_bswap64(v) : v;
}

static inline void
ffs_st16(bool swap, void *p, uint16_t v)
{
	if (swap)
		v = __builtin_bswap16(v);
	memcpy(p, &v, sizeof(v));
}

static inline void
ffs_st32(bool swap, void *p, uint32_t v)
{
	if (swap)
		v = __builtin_bswap32(v);
	memcpy(p, &v, sizeof(v));
}

static inline void
ffs_st64(bool swap, void *p, uint64_t v)
{
	if (swap)
		v = __builtin_bswap64(v);
	memcpy(p, &v, sizeof(v));
}

/* fs16(fs, base, off): the field at byte offset off of an on-disk object. */
#define fs16(fs, base, off)	ffs_ld16((fs)->swap, (const uint8_t *)(base) + (off))
#define fs32(fs, base, off)	ffs_ld32((fs)->swap, (const uint8_t *)(base) + (off))
#define fs64(fs, base, off)	ffs_ld64((fs)->swap, (const uint8_t *)(base) + (off))
#define fsi32(fs, base, off)	((int32_t)fs32(fs, base, off))
#define fsi64(fs, base, off)	((int64_t)fs64(fs, base, off))
/* fsset32(fs, base, off, v): store v there in the fs byte order. */
#define fsset16(fs, base, off, v) \
	ffs_st16((fs)->swap, (uint8_t *)(base) + (off), (uint16_t)(v))
#define fsset32(fs, base, off, v) \
	ffs_st32((fs)->swap, (uint8_t *)(base) + (off), (uint32_t)(v))
#define fsset64(fs, base, off, v) \
	ffs_st64((fs)->swap, (uint8_t *)(base) + (off), (uint64_t)(v))

#endif /* _FFS_ENDIAN_H_ */
