// SPDX-License-Identifier: BSD-2-Clause
/*
 * cgmut.c - structure-aware mutations of the counters a write relies on
 * (compiled like sys/: it knows the on-disk layout of ffs_fs.h).  Used by
 * the fuzz target fuzz_ffs_cg.c and by the deterministic cases of
 * test-ffsfuzz (fuzzcheck.c).
 *
 * A mutation is a 7-byte record: kind, cg, sel, value (i32 little-endian).
 * cg is taken modulo ncg; sel picks the field; kinds (modulo TF_CGMUT_N):
 *   0  cg_cs[sel % 4] = value            (ndir, nbfree, nifree, nffree)
 *   1  cg_frsum[sel % 8] = value
 *   2  clustersum[sel % (contigsumsize + 1)] = value
 *   3-5  the same three, += (int8_t)value: near-miss counts that pass a
 *      range check but disagree with the maps
 *   6  cluster map byte (value % its size) ^= sel
 *   7  fragment map byte (value % its size) ^= sel
 *   8  superblock total sel % 4 = value (fs_cstotal, UFS1 fs_old_cstotal)
 *   9  summary area entry of cg, field sel % 4 = value
 *  10  cg header field [sel % 8] of { rotor, frotor, irotor,
 *      nclusterblks, initediblk, ndblk, clustersumoff, clusteroff } = value
 *  11  superblock field [sel % 3] of { contigsumsize, maxcontig, maxbpg }
 *      = value, or value % 64 when sel & 0x80 (plausible sizes: the
 *      cluster summary's length comes from contigsumsize)
 * The image's geometry comes from a read-only mount of it; a record whose
 * target lies outside the image is skipped.
 */
#include "ffs_fs.h"
#include "tf.h"
#include "cgmut.h"

#define TF_CGMUT_N	12

static const uint32_t hdrfield[8] = { CG_ROTOR, CG_FROTOR, CG_IROTOR,
	CG_NCLUSTERBLKS, CG_INITEDIBLK, CG_NDBLK, CG_CLUSTERSUMOFF,
	CG_CLUSTEROFF };

static const uint32_t sbfield[3] = { SB_CONTIGSUMSIZE, SB_MAXCONTIG,
	SB_MAXBPG };

/* Store v at byte offset off of img in the fs byte order, if inside. */
static bool
put32(const struct ffs_core *fs, uint8_t *img, uint64_t len, uint64_t off,
      uint32_t v)
{
	if (off > len || len - off < 4)
		return false;
	ffs_st32(fs->swap, img + off, v);
	return true;
}

static bool
get32(const struct ffs_core *fs, const uint8_t *img, uint64_t len,
      uint64_t off, int32_t *v)
{
	if (off > len || len - off < 4)
		return false;
	*v = (int32_t)ffs_ld32(fs->swap, img + off);
	return true;
}

static bool
apply(const struct ffs_core *fs, uint8_t *img, uint64_t len,
      uint32_t css, const uint8_t *r)
{
	uint32_t kind = r[0] % TF_CGMUT_N, c = r[1] % fs->ncg, sel = r[2];
	uint32_t v = (uint32_t)r[3] | (uint32_t)r[4] << 8 |
		(uint32_t)r[5] << 16 | (uint32_t)r[6] << 24;
	uint64_t cg = (ffs_cgstart(fs, c) + fs->cblkno) << fs->fshift;
	uint64_t off, nbytes;
	int32_t cur, mapoff;
	uint8_t *p;

	switch (kind) {
	case 0:
	case 3:
		off = cg + CG_CS + 4 * (sel % 4);
		break;
	case 1:
	case 4:
		off = cg + CG_FRSUM + 4 * (sel % 8);
		break;
	case 2:
	case 5:
		if (!get32(fs, img, len, cg + CG_CLUSTERSUMOFF, &mapoff) ||
		    mapoff < 0 || (uint32_t)mapoff >= fs->cgsize)
			return false;
		off = cg + (uint32_t)mapoff + 4 * (sel % (css + 1));
		break;
	case 6:
	case 7:
		if (!get32(fs, img, len, cg + (kind == 6 ? CG_CLUSTEROFF :
					       CG_FREEOFF), &mapoff) ||
		    mapoff < CG_HDRSIZE || (uint32_t)mapoff >= fs->cgsize)
			return false;
		nbytes = kind == 6 ? ((fs->fpg >> fs->fragshift) + 7) / 8 :
			(fs->fpg + 7) / 8;
		nbytes = MIN(nbytes, fs->cgsize - (uint32_t)mapoff);
		off = cg + (uint32_t)mapoff + v % nbytes;
		if (off >= len)
			return false;
		img[off] ^= (uint8_t)sel;
		return true;
	case 8:
		if (fs->ufs == 1) {
			off = fs->sblockloc + SB_OLD_CSTOTAL + 4 * (sel % 4);
			break;
		}
		off = fs->sblockloc + SB_CSTOTAL + 8 * (sel % 4);
		if (off > len || len - off < 8)
			return false;
		ffs_st64(fs->swap, img + off, (uint64_t)(int64_t)(int32_t)v);
		return true;
	case 9:
		off = (fs->csaddr << fs->fshift) + 16 * (uint64_t)c +
			4 * (sel % 4);
		break;
	case 10:
		off = cg + hdrfield[sel % 8];
		break;
	default:
		off = fs->sblockloc + sbfield[sel % 3];
		if (sel & 0x80)
			v %= 64;
		break;
	}
	if (kind >= 3 && kind <= 5) {
		if (!get32(fs, img, len, off, &cur))
			return false;
		v = (uint32_t)cur + (uint32_t)(int32_t)(int8_t)r[3];
	}
	p = img;
	return put32(fs, p, len, off, v);
}

int
tf_cg_get(const uint8_t *img, uint64_t len, int kind, unsigned c,
	  unsigned sel, int32_t *v)
{
	struct tf_mem m = { img, len };
	struct ffs_dev dev;
	struct ffs_core *fs;
	char why[160];
	uint32_t css;
	uint64_t cg, off;
	int32_t mapoff;
	int error = EINVAL;

	tf_memdev(&dev, &m);
	if (ffs_core_mount(&dev, 0, &fs, why, sizeof(why)) != 0)
		return EINVAL;
	css = MIN(fs32(fs, fs->sbraw, SB_CONTIGSUMSIZE), 256u);
	if (c >= fs->ncg)
		goto out;
	cg = (ffs_cgstart(fs, c) + fs->cblkno) << fs->fshift;
	switch (kind) {
	case 0:
		off = cg + CG_CS + 4 * (sel % 4);
		break;
	case 1:
		off = cg + CG_FRSUM + 4 * (sel % 8);
		break;
	case 2:
		if (css == 0 || sel > css ||
		    !get32(fs, img, len, cg + CG_CLUSTERSUMOFF, &mapoff) ||
		    mapoff < 0 || (uint32_t)mapoff >= fs->cgsize)
			goto out;
		off = cg + (uint32_t)mapoff + 4 * sel;
		break;
	default:
		goto out;
	}
	if (get32(fs, img, len, off, v))
		error = 0;
out:
	ffs_core_unmount(fs);
	return error;
}

int
tf_cg_mutate(uint8_t *img, uint64_t len, const uint8_t *rec, size_t n)
{
	struct tf_mem m = { img, len };
	struct ffs_dev dev;
	struct ffs_core *fs;
	char why[160];
	uint32_t css;
	size_t i;
	int applied = 0;

	tf_memdev(&dev, &m);
	if (ffs_core_mount(&dev, 0, &fs, why, sizeof(why)) != 0)
		return -1;
	css = MIN(fs32(fs, fs->sbraw, SB_CONTIGSUMSIZE), 256u);
	for (i = 0; i + TF_CGMUT_REC <= n; i += TF_CGMUT_REC)
		if (apply(fs, img, len, css, rec + i))
			applied++;
	ffs_core_unmount(fs);
	return applied;
}
