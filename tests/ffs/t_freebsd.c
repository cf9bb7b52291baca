// SPDX-License-Identifier: BSD-2-Clause
/*
 * t_freebsd.c - the two FreeBSD-made UFS2 images of shared/testdata/ffs
 * (newfs, 32 KiB blocks, superblock at 65536, fs_flags 0x202; little and
 * big endian) read exactly per their README, including sparse files whose
 * holes reach the triple-indirect range (sampled, not read whole).
 */
#include "kern/types.h"
#include "kern/systm.h"
#include "kern/kmem.h"

#include "ktap.h"
#include "tf.h"

static struct ffs_core *
fb_mount(const char *name, struct tf_mem *m)
{
	struct ffs_dev dev;
	struct ffs_core *fs = NULL;
	char why[160];
	int e;

	m->data = tf_host_image(name, &m->len);
	if (m->data == NULL) {
		kt_fail(__FILE__, __LINE__, "image %s missing (zstd, or build/ffs-images unwritable?)", name);
		return NULL;
	}
	tf_memdev(&dev, m);
	e = ffs_core_mount(&dev, 0, &fs, why, sizeof(why));
	KT_EXPECT_MSG(e == 0, "mount %s: %d (%s)", name, e, why);
	return e ? NULL : fs;
}

static int
getpath(struct ffs_core *fs, const char *path, int flags,
	struct ffs_inode *ip)
{
	uint64_t ino;
	int e;

	e = ffs_core_namei(fs, FFS_ROOTINO, path, flags, &ino);
	if (e == 0)
		e = ffs_core_iget(fs, ino, ip);
	return e;
}

/* Read [off, off+len) of path and compare with expect (NULL = zeros). */
static void
expect_range(struct ffs_core *fs, const struct ffs_inode *ip, uint64_t off,
	     size_t len, const void *expect, uint8_t fill)
{
	uint8_t *buf = kmem_alloc(len, KM_SLEEP);
	size_t done, i, bad = 0;
	int e;

	KT_EXPECT(buf != NULL);
	if (buf == NULL)
		return;
	e = ffs_core_read(fs, ip, off, buf, len, &done);
	KT_EXPECT_EQ(e, 0);
	KT_EXPECT_EQ(done, len);
	for (i = 0; i < done; i++)
		if (buf[i] != (expect ? ((const uint8_t *)expect)[i] : fill))
			bad++;
	KT_EXPECT_MSG(bad == 0, "ino %llu [%llu, +%zu): %zu bytes differ",
		      (unsigned long long)ip->ino, (unsigned long long)off,
		      len, bad);
	kmem_free(buf, len);
}

static void
check_sparse(struct ffs_core *fs, const char *path, uint64_t hole,
	     uint64_t datalen)
{
	struct ffs_inode ip;
	uint64_t data, samples[6];
	unsigned i;

	KT_EXPECT_EQ(getpath(fs, path, 0, &ip), 0);
	KT_EXPECT_EQ(ip.size, hole + datalen);
	/* zeros at the start, inside, and just before the data */
	samples[0] = 0;
	samples[1] = 12 * 32768 - 100;		/* direct/indirect seam */
	samples[2] = hole / 3;
	samples[3] = hole / 2 + 12345;
	samples[4] = hole - 4096;
	samples[5] = hole - 65536;
	for (i = 0; i < 6; i++)
		expect_range(fs, &ip, samples[i], 4096, NULL, 0);
	expect_range(fs, &ip, hole, (size_t)datalen, NULL, 'x');
	/*
	 * The hole is found without reading it.  FreeBSD allocated the
	 * block holding the last byte when the file was first extended to
	 * the hole's size (zeros), so data may start one block early.
	 */
	KT_EXPECT_EQ(ffs_core_seekdata(fs, &ip, 0, &data), 0);
	KT_EXPECT_MSG(data == hole || data == hole - 32768, "data at %llu",
		      (unsigned long long)data);
	expect_range(fs, &ip, data, 32768, NULL, 0);
	KT_EXPECT_EQ(ffs_core_seekdata(fs, &ip, data + 32768, &data), 0);
	KT_EXPECT_EQ(data, hole);
	/* reading across the end stops at EOF */
	{
		uint8_t b[16];
		size_t done;

		KT_EXPECT_EQ(ffs_core_read(fs, &ip, ip.size - 4, b, 16, &done), 0);
		KT_EXPECT_EQ(done, 4);
		KT_EXPECT(b[0] == 'x' && b[3] == 'x');
		KT_EXPECT_EQ(ffs_core_read(fs, &ip, ip.size + 5, b, 16, &done), 0);
		KT_EXPECT_EQ(done, 0);
	}
}

static void
fb_check(const char *name, bool bigendian)
{
	struct tf_mem m;
	struct ffs_core *fs;
	struct ffs_inode ip;
	struct ffs_info fi;
	struct ffs_statvfs sv;
	struct tf_walk w;
	char link[FFS_MAXPATHLEN];
	uint8_t *exp;
	size_t len;
	uint64_t hole = (uint64_t)(12 + 4096) * 8 * 4096;
	uint64_t hole3 = ((uint64_t)12 + 4096 + 4096ULL * 4096) * 8 * 4096;
	unsigned i;
	int64_t inuse = kmem_inuse();

	fs = fb_mount(name, &m);
	if (fs == NULL)
		return;
	ffs_core_info(fs, &fi);
	KT_EXPECT_EQ(fi.ufs, 2);
	KT_EXPECT_EQ(fi.bigendian, bigendian);
	KT_EXPECT_EQ(fi.sblockloc, 65536);
	KT_EXPECT_EQ(fi.bsize, 32768);
	KT_EXPECT_EQ(fi.fsize, 4096);
	KT_EXPECT_EQ(fi.ncg, 4);
	KT_EXPECT_EQ(fi.flags, 0x202);
	/* 0x200 is QUOTA2 to NetBSD: a writer must refuse read-write */
	KT_EXPECT(fi.rw_refusal != NULL);
	ffs_core_statvfs(fs, &sv);
	KT_EXPECT_EQ(sv.frsize, 4096);
	KT_EXPECT_EQ(sv.blocks, fi.dsize);
	KT_EXPECT(sv.bfree <= sv.blocks && sv.bavail <= sv.bfree);
	KT_EXPECT(sv.files > sv.ffree);

	KT_EXPECT_EQ(getpath(fs, "/file1", 0, &ip), 0);
	KT_EXPECT_EQ(ip.size, 23);
	expect_range(fs, &ip, 0, 23, "This is a simple file.\n", 0);
	KT_EXPECT_EQ(getpath(fs, "dir1/dir2/dir3/file2", 0, &ip), 0);
	KT_EXPECT_EQ(ip.size, 12);
	expect_range(fs, &ip, 0, 12, "Hello World\n", 0);

	KT_EXPECT_EQ(getpath(fs, "/file3", 0, &ip), 0);
	KT_EXPECT_EQ(ip.size, 1048576);
	exp = kmem_alloc(1048576, KM_SLEEP);
	KT_EXPECT(exp != NULL);
	if (exp) {
		tf_file3_bytes(0, exp, 1048576);
		expect_range(fs, &ip, 0, 1048576, exp, 0);
		/* odd offsets and lengths across block boundaries */
		for (i = 1; i < 40; i++) {
			uint64_t off = (uint64_t)i * 26041 % 1048000;

			expect_range(fs, &ip, off, MIN(i * 977, 1048576 - off),
				     exp + off, 0);
		}
		kmem_free(exp, 1048576);
	}

	KT_EXPECT_EQ(getpath(fs, "/link1", 0, &ip), 0);
	KT_EXPECT_EQ(ip.mode & FFS_IFMT, FFS_IFLNK);
	KT_EXPECT_EQ(ffs_core_readlink(fs, &ip, link, sizeof(link), &len), 0);
	KT_EXPECT(len == 20 && memcmp(link, "dir1/dir2/dir3/file2", 20) == 0);
	KT_EXPECT_EQ(getpath(fs, "/link1", FFS_FOLLOW, &ip), 0);
	KT_EXPECT_EQ(ip.size, 12);

	KT_EXPECT_EQ(getpath(fs, "/long-link", 0, &ip), 0);
	KT_EXPECT_EQ(ip.size, 1023);
	KT_EXPECT_EQ(ffs_core_readlink(fs, &ip, link, sizeof(link), &len), 0);
	KT_EXPECT_EQ(len, 1023);
	for (i = 0; i < 508; i++)
		if (link[2 * i] != '.' || link[2 * i + 1] != '/')
			break;
	KT_EXPECT_EQ(i, 508);
	KT_EXPECT(memcmp(link + 1016, "//file1", 7) == 0);
	/* following it: 1023 bytes of path, resolved to /file1 */
	KT_EXPECT_EQ(getpath(fs, "/long-link", FFS_FOLLOW, &ip), 0);
	KT_EXPECT_EQ(ip.size, 23);

	check_sparse(fs, "/sparse", hole, 8 * 4096);
	check_sparse(fs, "/sparse2", hole, 4096);
	check_sparse(fs, "/sparse3", hole3, 8 * 4096);

	for (i = 0; i < 3; i++) {
		static const char *const xa[] = { "/xattrs", "/xattrs2",
						  "/xattrs3" };

		KT_EXPECT_EQ(getpath(fs, xa[i], 0, &ip), 0);
		KT_EXPECT_EQ(ip.size, 0);
		KT_EXPECT_EQ(ip.mode & FFS_IFMT, FFS_IFREG);
	}
	KT_EXPECT_EQ(getpath(fs, "/.snap", 0, &ip), 0);
	KT_EXPECT_EQ(ip.mode & FFS_IFMT, FFS_IFDIR);

	/* and the whole tree walks cleanly */
	memset(&w, 0, sizeof(w));
	tf_walk_fs(fs, &w);
	KT_EXPECT_EQ(w.nerrors, 0);
	KT_EXPECT_EQ(w.nfiles, 9);
	KT_EXPECT_EQ(w.nlinks, 2);
	KT_EXPECT_EQ(w.ndirs, 5);
	ffs_core_unmount(fs);
	KT_EXPECT_EQ(kmem_inuse(), inuse);
}

void tf_freebsd_le(void);
void tf_freebsd_be(void);

void
tf_freebsd_le(void)
{
	fb_check("freebsd-ufs2-le", false);
}

void
tf_freebsd_be(void)
{
	fb_check("freebsd-ufs2-be", true);
}
