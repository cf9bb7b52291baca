// SPDX-License-Identifier: BSD-2-Clause
/*
 * t_tree.c - whole trees of makefs images read through the VFS and
 * compared with the manifest of their source (tests/ffsvfs/mkdata.sh):
 * every entry's type, mode, size and contents, then a getdents walk that
 * must find exactly the manifest's entries (plus the mtree spec's nodes)
 * without an error.  And FreeBSD's images, per their README.
 */
#include "tfv.h"

/* Lines of the manifest, counted through the rump kernel. */
static unsigned manifest_lines(const char *manifest)
{
	char key[64], *buf;
	unsigned lines = 0;
	ssize_t n, i;
	int fd;

	snprintf(key, sizeof(key), "/%s.count", manifest);
	if (rump_pub_etfs_register(key, tfv_host_path(manifest),
				   RUMP_ETFS_REG) != 0)
		return 0;
	buf = kmem_alloc(4096, KM_SLEEP);
	fd = rump_sys_open(key, RUMP_O_RDONLY);
	while (fd >= 0 && (n = rump_sys_read(fd, buf, 4096)) > 0)
		for (i = 0; i < n; i++)
			lines += buf[i] == '\n';
	if (fd >= 0)
		rump_sys_close(fd);
	kmem_free(buf, 4096);
	rump_pub_etfs_remove(key);
	return lines;
}

/*
 * The main tree's images carry the nodes of mkimages.sh's mtree spec
 * too: /dev with four device/fifo nodes, and /owned.
 */
static void tree(const char *cname, const char *manifest, unsigned extra)
{
	struct tfv_walk w;
	struct rump_stat st;
	unsigned checked, lines;
	char image[32];
	size_t i;

	/* The case name with dashes: the image's name. */
	strlcpy(image, cname, sizeof(image));
	for (i = 0; image[i]; i++)
		if (image[i] == '_')
			image[i] = '-';

	if (!tfv_need(image) || !tfv_need(manifest) || tfv_boot())
		return;
	lines = manifest_lines(manifest);
	KT_EXPECT(lines > 0);
	KT_EXPECT_EQ(tfv_mount(image, "img", "/mnt"), 0);
	tfv_check_manifest(manifest, "/mnt", 0, 1, &checked);
	KT_EXPECT_EQ(checked, lines);
	w.readall = false;
	tfv_walk("/mnt", &w);
	KT_EXPECT_MSG(w.nerrors == 0, "walk: %u errors, first %d at %s",
		      w.nerrors, w.firsterr, w.firstpath);
	KT_EXPECT_EQ(w.nentries, lines + extra);
	if (extra) {
		TFV_OK(rump_sys_lstat("/mnt/dev/wd0a", &st));
		KT_EXPECT_EQ(st.st_mode, RUMP_S_IFBLK | 0640);
		KT_EXPECT_EQ(st.st_gid, 5);
		TFV_OK(rump_sys_lstat("/mnt/owned", &st));
		KT_EXPECT_EQ(st.st_uid, 1234);
		KT_EXPECT_EQ(st.st_gid, 5678);
		TFV_OK(rump_sys_lstat("/mnt", &st));
		KT_EXPECT_EQ(st.st_mode, RUMP_S_IFDIR | 0755);
	}
	kt_diag("%s: %u entries checked, walk %llu entries %llu dirs",
		image, checked, (unsigned long long)w.nentries,
		(unsigned long long)w.ndirs);
	tfv_unmount("img", "/mnt");
	tfv_halt();
}

#define MAIN(img)							\
	static void t_##img(void) { tree(#img, "manifest-main", 6); }
#define SMALL(img)							\
	static void t_##img(void) { tree(#img, "manifest-small", 0); }
#define C(img) { #img, t_##img }

MAIN(ufs1_le_8k)
MAIN(ufs1_be_8k)
MAIN(ufs2_le_8k)
MAIN(ufs2_be_8k)
MAIN(ufs1_le_4k512)
MAIN(ufs2_be_4k512)
MAIN(ufs1_be_64k)
MAIN(ufs2_le_64k)
MAIN(ufs2_le_16k2k)
MAIN(ufs1_le_32k4k)
SMALL(small_ufs1_le)
SMALL(small_ufs2_be)
SMALL(small_ufs2_le_64k)

static const struct kt_case tree_cases[] = {
	C(ufs1_le_8k), C(ufs1_be_8k), C(ufs2_le_8k), C(ufs2_be_8k),
	C(ufs1_le_4k512), C(ufs2_be_4k512), C(ufs1_be_64k), C(ufs2_le_64k),
	C(ufs2_le_16k2k), C(ufs1_le_32k4k), C(small_ufs1_le),
	C(small_ufs2_be), C(small_ufs2_le_64k),
};
const struct kt_family tfv_fam_tree = { "tree", tree_cases,
					KT_NELEM(tree_cases), NULL };

/* ---- FreeBSD ------------------------------------------------------------ */

static int readfile(const char *path, char *buf, size_t n)
{
	int fd = rump_sys_open(path, RUMP_O_RDONLY);
	ssize_t r;

	if (fd < 0)
		return -1;
	r = rump_sys_read(fd, buf, n);
	rump_sys_close(fd);
	return (int)r;
}

static bool allbytes(const char *buf, size_t n, char c)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (buf[i] != c)
			return false;
	return true;
}

static void sparse(const char *path, uint64_t hole, uint64_t tail,
		   char *buf)
{
	struct rump_stat st;
	int fd;

	TFV_OK(rump_sys_stat(path, &st));
	KT_EXPECT_EQ(st.st_size, hole + tail);
	/* Allocated: only the tail (plus indirect blocks). */
	KT_EXPECT_MSG((uint64_t)st.st_blocks * 512 < tail + 16 * 32768,
		      "%s: %lld blocks", path, (long long)st.st_blocks);
	fd = rump_sys_open(path, RUMP_O_RDONLY);
	TFV_OK(fd);
	KT_EXPECT_EQ(rump_sys_pread(fd, buf, 4096, 0), 4096);
	KT_EXPECT(allbytes(buf, 4096, 0));
	KT_EXPECT_EQ(rump_sys_pread(fd, buf, 4096, (off_t)(hole / 2)), 4096);
	KT_EXPECT(allbytes(buf, 4096, 0));
	/* Across the end of the hole: zeros then x. */
	KT_EXPECT_EQ(rump_sys_pread(fd, buf, 8192, (off_t)(hole - 4096)),
		     8192);
	KT_EXPECT(allbytes(buf, 4096, 0) && allbytes(buf + 4096, 4096, 'x'));
	KT_EXPECT_EQ(rump_sys_pread(fd, buf, 65536, (off_t)hole),
		     (ssize_t)MIN(tail, 65536));
	KT_EXPECT(allbytes(buf, (size_t)MIN(tail, 65536), 'x'));
	KT_EXPECT_EQ(rump_sys_pread(fd, buf, 16, (off_t)(hole + tail)), 0);
	rump_sys_close(fd);
}

static void freebsd(const char *image)
{
	char *buf, line[17];
	struct rump_stat st;
	uint64_t off, i;
	ssize_t n;
	int fd;

	if (!tfv_need(image) || tfv_boot())
		return;
	/* fs_flags 0x200 (QUOTA2 for NetBSD) and soft updates: no writing. */
	KT_EXPECT_EQ(tfv_mount_path(tfv_host_path(image), "fbsd", "/mnt", 0),
		     RUMP_EROFS);
	KT_EXPECT_EQ(tfv_mount(image, "fbsd", "/mnt"), 0);
	buf = kmem_alloc(65536, KM_SLEEP);
	KT_EXPECT_EQ(readfile("/mnt/file1", buf, 64), 23);
	KT_EXPECT(memcmp(buf, "This is a simple file.\n", 23) == 0);
	KT_EXPECT_EQ(readfile("/mnt/dir1/dir2/dir3/file2", buf, 64), 12);
	KT_EXPECT(memcmp(buf, "Hello World\n", 12) == 0);
	KT_EXPECT_EQ(readfile("/mnt/link1", buf, 64), 12);
	KT_EXPECT(memcmp(buf, "Hello World\n", 12) == 0);
	KT_EXPECT_EQ(rump_sys_readlink("/mnt/link1", buf, 64), 20);
	KT_EXPECT(memcmp(buf, "dir1/dir2/dir3/file2", 20) == 0);
	/* The slow symlink of 1023 bytes, and following it. */
	n = rump_sys_readlink("/mnt/long-link", buf, 2048);
	KT_EXPECT_EQ(n, 1023);
	for (i = 0; n == 1023 && i < 508; i++)
		KT_EXPECT(buf[2 * i] == '.' && buf[2 * i + 1] == '/');
	KT_EXPECT(n == 1023 && memcmp(buf + 1016, "//file1", 7) == 0);
	KT_EXPECT_EQ(readfile("/mnt/long-link", buf, 64), 23);
	/* file3: 65536 lines of %015x. */
	fd = rump_sys_open("/mnt/file3", RUMP_O_RDONLY);
	TFV_OK(fd);
	off = 0;
	while ((n = rump_sys_read(fd, buf, 65536)) > 0) {
		for (i = 0; i < (uint64_t)n; i += 16) {
			snprintf(line, sizeof(line), "%015llx\n",
				 (unsigned long long)((off + i) / 16));
			if (memcmp(buf + i, line, 16) != 0) {
				kt_fail(__FILE__, __LINE__,
					"file3 differs at %llu",
					(unsigned long long)(off + i));
				break;
			}
		}
		off += (uint64_t)n;
	}
	KT_EXPECT_EQ(n, 0);
	KT_EXPECT_EQ(off, 1048576);
	rump_sys_close(fd);
	sparse("/mnt/sparse", (12ULL + 4096) * 8 * 4096, 8 * 4096, buf);
	sparse("/mnt/sparse2", (12ULL + 4096) * 8 * 4096, 4096, buf);
	sparse("/mnt/sparse3", (12ULL + 4096 + 4096ULL * 4096) * 8 * 4096,
	       8 * 4096, buf);
	TFV_OK(rump_sys_stat("/mnt/xattrs", &st));
	KT_EXPECT_EQ(st.st_size, 0);
	TFV_OK(rump_sys_stat("/mnt/xattrs2", &st));
	KT_EXPECT_EQ(st.st_size, 0);
	TFV_OK(rump_sys_stat("/mnt/xattrs3", &st));
	KT_EXPECT_EQ(st.st_size, 0);
	TFV_OK(rump_sys_stat("/mnt/.snap", &st));
	KT_EXPECT_EQ(st.st_mode & RUMP_S_IFMT, RUMP_S_IFDIR);
	kmem_free(buf, 65536);
	tfv_unmount("fbsd", "/mnt");
	tfv_halt();
}

static void t_freebsd_le(void) { freebsd("freebsd-ufs2-le"); }
static void t_freebsd_be(void) { freebsd("freebsd-ufs2-be"); }

static const struct kt_case fbsd_cases[] = {
	{ "freebsd-ufs2-le", t_freebsd_le },
	{ "freebsd-ufs2-be", t_freebsd_be },
};
const struct kt_family tfv_fam_freebsd = { "freebsd", fbsd_cases,
					   KT_NELEM(fbsd_cases), NULL };
