// SPDX-License-Identifier: BSD-2-Clause
/*
 * main_user.c - the userspace lane of tests/ffs: makes the images
 * (tests/ffs/mkimages.sh, cached under build/ffs-images/makefs), unpacks
 * the FreeBSD images of ../shared/testdata/ffs (relative to the
 * repository top; FFS_TESTDATA overrides) into build/ffs-images, maps
 * them for the portable checks, and runs the suite.  Missing test data
 * is a failure of the cases that need it, named in their message.
 *
 *   test-ffs [family]      run the suite (or one family)
 *   test-ffs seeds         only write the fuzz seed corpus to
 *                          build/ffs-seeds (tiny images)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ktap.h"
#include <rump/rump.h>

#include "tf.h"

#define IMGDIR FFS_TOP "/build/ffs-images"

static int have_makefs;

int
tf_host_have_makefs_images(void)
{
	return have_makefs;
}

struct mapped {
	char name[64];
	const uint8_t *p;
	uint64_t len;
};
static struct mapped maps[32];
static int nmaps;

const uint8_t *
tf_host_image(const char *name, uint64_t *lenp)
{
	char path[512];
	struct stat st;
	void *p;
	int fd, i;

	for (i = 0; i < nmaps; i++)
		if (strcmp(maps[i].name, name) == 0) {
			*lenp = maps[i].len;
			return maps[i].p;
		}
	if (nmaps == (int)(sizeof(maps) / sizeof(maps[0])))
		return NULL;
	snprintf(path, sizeof(path), "%s/%s%s.img", IMGDIR,
		 strncmp(name, "freebsd", 7) == 0 ? "" : "makefs/", name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || st.st_size == 0) {
		close(fd);
		return NULL;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	snprintf(maps[nmaps].name, sizeof(maps[nmaps].name), "%s", name);
	maps[nmaps].p = p;
	maps[nmaps].len = (uint64_t)st.st_size;
	*lenp = maps[nmaps].len;
	return maps[nmaps++].p;
}

/*
 * Replay fuzzer inputs: the committed crashers (regressions) and the
 * local corpus of make fuzz-ffs, padded like fuzz_ffs.c does.
 */
static int
replay_dir(const char *dir, int max)
{
	struct dirent *de;
	struct tf_walk w;
	char path[1024], why[200];
	uint8_t *buf;
	long len;
	int n = 0, e;
	DIR *d;
	FILE *f;

	d = opendir(dir);
	if (d == NULL)
		return 0;
	buf = malloc(8 << 20);
	while (buf && (de = readdir(d)) != NULL && n < max) {
		if (de->d_name[0] == '.' ||
		    strncmp(de->d_name, "README", 6) == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		f = fopen(path, "rb");
		if (f == NULL)
			continue;
		memset(buf, 0, 128 << 10);
		len = (long)fread(buf, 1, 8 << 20, f);
		fclose(f);
		if (len < (128 << 10))
			len = 128 << 10;
		memset(&w, 0, sizeof(w));
		w.write = true;
		w.budget = 64 << 10;
		w.maxinodes = 2000;
		e = tf_mount_walk(buf, (uint64_t)len, &w, why, sizeof(why));
		KT_EXPECT_MSG(tf_clean_error(e) && tf_clean_error(w.firsterr),
			      "%s: mount %d, walk %d", path, e, w.firsterr);
		n++;
	}
	free(buf);
	closedir(d);
	return n;
}

static int write_seeds(void);

void
tf_host_corpus(void)
{
	int n1, n2, n3;

	/* The seed images: the tiny makefs images, always there with makefs. */
	n3 = write_seeds() == 0 ? replay_dir(FFS_TOP "/build/ffs-seeds", 100) : 0;
	n1 = replay_dir(FFS_TOP "/tests/ffs/crashers", 1000);
	n2 = replay_dir(FFS_TOP "/build/ffs-fuzz-corpus", 3000);
	kt_diag("replayed %d seeds, %d crashers and %d corpus inputs", n3, n1,
		n2);
	if (tf_host_have_makefs_images())
		KT_EXPECT_MSG(n3 > 0, "no seed images in build/ffs-seeds");
	else if (n1 + n2 == 0)
		kt_skip("makefs not installed and no fuzz inputs");
}

/*
 * The shared test data: ../shared/testdata/ffs beside the repository
 * (never a path of one machine); FFS_TESTDATA overrides.
 */
const char *
tf_host_testdata(void)
{
	const char *td = getenv("FFS_TESTDATA");

	return td != NULL ? td : FFS_TOP "/../shared/testdata/ffs";
}

static void
unpack_freebsd(void)
{
	const char *td = tf_host_testdata();
	char cmd[4096], src[512], dst[512];
	struct stat s1, s2;
	int i;

	for (i = 0; i < 2; i++) {
		const char *e = i ? "be" : "le";

		snprintf(src, sizeof(src), "%s/freebsd-ufs2-%s.img.zst", td, e);
		snprintf(dst, sizeof(dst), "%s/freebsd-ufs2-%s.img", IMGDIR, e);
		if (stat(src, &s1) != 0) {
			/* the cases that map the image fail on its absence */
			fprintf(stderr, "test-ffs: %s missing (the shared test "
				"data belongs in ../shared/testdata beside the "
				"repository; FFS_TESTDATA overrides)\n", src);
			continue;
		}
		if (stat(dst, &s2) == 0 && s2.st_mtime >= s1.st_mtime)
			continue;
		snprintf(cmd, sizeof(cmd), "mkdir -p '%s' && zstd -q -d -f "
			 "'%s' -o '%s.tmp' && mv '%s.tmp' '%s'", IMGDIR, src,
			 dst, dst, dst);
		if (system(cmd) != 0)
			fprintf(stderr, "test-ffs: could not unpack %s\n", src);
	}
}

static void
make_images(void)
{
	char cmd[1024];
	int r;

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s' && sh '%s/tests/ffs/mkimages.sh' "
		 "'%s/makefs' >/dev/null 2>'%s/mkimages.err'", IMGDIR, FFS_TOP,
		 IMGDIR, IMGDIR);
	r = system(cmd);
	/*
	 * Exit status 3: makefs is not installed, and the makefs families
	 * skip.  Any other failure is a failure: the families run and fail on
	 * the missing images, so a broken generator cannot pass as a skip.
	 */
	have_makefs = !(r != -1 && WIFEXITED(r) && WEXITSTATUS(r) == 3);
	if (r != 0)
		fprintf(stderr, "test-ffs: mkimages.sh failed (see %s/"
			"mkimages.err)\n", IMGDIR);
}

static int
write_seeds(void)
{
	static const char *const seeds[] = { "tiny-ufs1-le", "tiny-ufs1-be",
		"tiny-ufs2-le", "tiny-ufs2-be" };
	char path[512];
	uint64_t len;
	const uint8_t *p;
	unsigned i;
	FILE *f;

	if (system("mkdir -p '" FFS_TOP "/build/ffs-seeds'") != 0)
		return 1;
	for (i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		p = tf_host_image(seeds[i], &len);
		if (p == NULL)
			return 1;
		snprintf(path, sizeof(path), FFS_TOP "/build/ffs-seeds/%s",
			 seeds[i]);
		f = fopen(path, "wb");
		if (f == NULL || fwrite(p, 1, len, f) != len)
			return 1;
		fclose(f);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int rv;

	make_images();
	unpack_freebsd();
	if (argc > 1 && strcmp(argv[1], "seeds") == 0)
		return write_seeds();
	/*
	 * A booted rump kernel, and this thread on one of its CPUs for the
	 * whole run: the write side of the core takes kernel locks.
	 */
	if (rump_init() != 0) {
		fprintf(stderr, "test-ffs: rump_init failed\n");
		return 1;
	}
	rump_schedule();
	rv = tf_run(argc > 1 ? argv[1] : NULL) == 0 ? 0 : 1;
	rump_unschedule();
	return rv;
}
