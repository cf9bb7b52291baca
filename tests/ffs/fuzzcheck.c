// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuzzcheck.c - test-ffsfuzz-asan (make check SUITE=ffsfuzz): the
 * deterministic side of the structure-aware FFS fuzzing, under ASan+UBSan.
 *
 *   cgcount: the write side on corrupt cg counters (ffs_alloc.c cg_load,
 *            cgadd): a counter outside what its cg can hold refuses the
 *            read-write mount, naming the counter; a counter in range
 *            but inconsistent with the maps refuses the write that would
 *            compute with it (EIO) and is never written back; a sound
 *            image still writes and checks clean.
 *   replay:  every committed input of tests/ffs/fuzz-corpus/{cg,tool,
 *            patch} through its fuzz target's own TestOneInput (the
 *            targets are compiled in with renamed entry points), each in
 *            a process of its own (test-ffsfuzz-asan --one TARGET FILE),
 *            so the targets' seeds and past findings replay in make
 *            check and a finding fails its case naming its input.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rump/rumpdefs.h>

#include "cgmut.h"
#include "ffs_core.h"
#include "fsck.h"
#include "fuzz_bases.h"
#include "ktap.h"

int fz_cg_init(int *argc, char ***argv);
int fz_cg_one(const uint8_t *data, size_t size);
int fz_tool_init(int *argc, char ***argv);
int fz_tool_one(const uint8_t *data, size_t size);
int fz_patch_init(int *argc, char ***argv);
int fz_patch_one(const uint8_t *data, size_t size);

/* ---- an image in memory, read-write --------------------------------------- */
struct mimg {
	uint8_t *p;
	uint64_t len;
};

static int
m_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct mimg *m = ctx;

	if (off > m->len || len > m->len - off)
		return RUMP_EIO;
	memcpy(buf, m->p + off, len);
	return 0;
}

static int
m_write(void *ctx, uint64_t off, const void *buf, size_t len, int how)
{
	struct mimg *m = ctx;

	(void)how;
	if (off > m->len || len > m->len - off)
		return RUMP_EIO;
	memcpy(m->p + off, buf, len);
	return 0;
}

static int
m_flush(void *ctx)
{
	(void)ctx;
	return 0;
}

static void
m_dev(struct ffs_dev *dev, struct mimg *m)
{
	memset(dev, 0, sizeof(*dev));
	dev->read = m_read;
	dev->write = m_write;
	dev->flush = m_flush;
	dev->ctx = m;
	dev->size = m->len;
}

/* A 7-byte mutation record (cgmut.c). */
static void
rec(uint8_t *r, int kind, int cg, int sel, int32_t v)
{
	uint32_t u = (uint32_t)v;

	r[0] = (uint8_t)kind;
	r[1] = (uint8_t)cg;
	r[2] = (uint8_t)sel;
	r[3] = (uint8_t)u;
	r[4] = (uint8_t)(u >> 8);
	r[5] = (uint8_t)(u >> 16);
	r[6] = (uint8_t)(u >> 24);
}

/* ---- cgcount ---------------------------------------------------------------- */
static void
out_of_range_refused(void)
{
	static const struct {
		int kind, sel;
		int32_t v;
		const char *name;
	} m[] = {
		{ 2, 1, INT32_MIN, "clustersum[1]" },	/* the crasher */
		{ 2, 1, -1, "clustersum[1]" },
		{ 0, 1, -1, "cs_nbfree" },
		{ 0, 3, INT32_MAX, "cs_nffree" },
		{ 0, 2, INT32_MIN, "cs_nifree" },
		{ 0, 0, 1 << 30, "cs_ndir" },
		{ 1, 1, INT32_MAX, "frsum[1]" },
		{ 1, 7, -5, "frsum[7]" },
	};
	uint8_t r[TF_CGMUT_REC];
	struct ffs_core *fs;
	struct ffs_dev dev;
	struct mimg mi;
	char why[200];
	unsigned b, i;
	int e;

	for (b = 0; b < FZ_NBASE; b++) {
		for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
			uint8_t sel = (uint8_t)b;

			mi.len = fz_pick(&sel);
			mi.p = fz_work;
			rec(r, m[i].kind, 0, m[i].sel, m[i].v);
			KT_EXPECT_EQ(tf_cg_mutate(mi.p, mi.len, r, sizeof(r)),
				     1);
			m_dev(&dev, &mi);
			why[0] = '\0';
			e = ffs_core_mount(&dev, FFS_MOUNT_RDWR, &fs, why,
					   sizeof(why));
			if (e == 0)
				ffs_core_unmount(fs);
			KT_EXPECT_MSG(e == RUMP_EIO && strstr(why, m[i].name),
				      "%s: %s = %d: rw mount %d (%s), wanted "
				      "EIO naming it", fz_basename[b],
				      m[i].name, m[i].v, e, why);
			/* Read-only use is not refused for it. */
			e = ffs_core_mount(&dev, 0, &fs, why, sizeof(why));
			KT_EXPECT_MSG(e == 0, "%s: %s: ro mount %d (%s)",
				      fz_basename[b], m[i].name, e, why);
			if (e == 0)
				ffs_core_unmount(fs);
		}
	}
}

/* The lowest cluster count of any cg in the image (INT32_MAX: none). */
static int32_t
min_clustersum(const struct mimg *mi, unsigned *nseen)
{
	int32_t lo = INT32_MAX, v;
	unsigned c, i;

	*nseen = 0;
	for (c = 0; c < 256; c++)
		for (i = 1; i <= 256; i++)
			if (tf_cg_get(mi->p, mi->len, 2, c, i, &v) == 0) {
				(*nseen)++;
				if (v < lo)
					lo = v;
			}
	return lo;
}

static void
near_miss_refused(void)
{
	static const struct ffs_newattr fa = { 0100644, 0, 0, 0 };
	uint8_t r[16 * 32 * TF_CGMUT_REC], buf[4096];
	struct ffs_inode root, ip;
	struct ffs_core *fs;
	struct ffs_dev dev;
	struct mimg mi;
	char why[200];
	size_t done, n = 0;
	unsigned b, c, i, nseen;
	int32_t lo;
	int e, ew;

	memset(buf, 0x33, sizeof(buf));
	for (c = 0; c < 16; c++)
		for (i = 1; i <= 32; i++, n += TF_CGMUT_REC)
			rec(r + n, 2, (int)c, (int)i, 0);
	for (b = 0; b < FZ_NBASE; b++) {
		uint8_t sel = (uint8_t)b;

		mi.len = fz_pick(&sel);
		mi.p = fz_work;
		/* All cluster counts 0: each in range, none true. */
		KT_EXPECT(tf_cg_mutate(mi.p, mi.len, r, n) > 0);
		m_dev(&dev, &mi);
		e = ffs_core_mount(&dev, FFS_MOUNT_RDWR, &fs, why, sizeof(why));
		KT_EXPECT_MSG(e == 0, "%s: rw mount %d (%s)", fz_basename[b],
			      e, why);
		if (e)
			continue;
		ew = ffs_core_iget(fs, FFS_ROOTINO, &root);
		if (ew == 0)
			ew = ffs_core_create(fs, &root, "nm", 2, &fa, NULL,
					     &ip);
		/* (the tiny images have 9 KiB free: whole blocks, no more) */
		for (i = 0; ew == 0 && i < 2; i++)
			ew = ffs_core_write(fs, &ip, i * 4096, buf, 4096, 0,
					    &done);
		KT_EXPECT_MSG(ew == RUMP_EIO, "%s: writing with cluster "
			      "counts the maps contradict gave %d, wanted EIO",
			      fz_basename[b], ew);
		ffs_core_unmount(fs);
		/* Nothing computed from them reached the image. */
		lo = min_clustersum(&mi, &nseen);
		KT_EXPECT_MSG(nseen > 0 && lo >= 0, "%s: %u cluster counts, "
			      "lowest %d (a negative one was written)",
			      fz_basename[b], nseen, lo);
	}
}

static void
sound_writes(void)
{
	static const struct ffs_newattr fa = { 0100644, 0, 0, 0 };
	char path[] = "/tmp/ffsfuzz-sound.XXXXXX", why[200];
	struct fsck_summary sum;
	struct ffs_inode root, ip;
	uint8_t buf[4096];
	struct ffs_core *fs;
	struct ffs_dev dev;
	struct mimg mi;
	size_t done;
	unsigned b, i;
	FILE *f;
	int e, fd;

	memset(buf, 0x44, sizeof(buf));
	fd = mkstemp(path);
	KT_EXPECT(fd >= 0);
	if (fd < 0)
		return;
	close(fd);
	for (b = 0; b < FZ_NBASE; b++) {
		uint8_t sel = (uint8_t)b;

		mi.len = fz_pick(&sel);
		mi.p = fz_work;
		m_dev(&dev, &mi);
		e = ffs_core_mount(&dev, FFS_MOUNT_RDWR, &fs, why, sizeof(why));
		KT_EXPECT_MSG(e == 0, "%s: rw mount %d (%s)", fz_basename[b],
			      e, why);
		if (e)
			continue;
		e = ffs_core_iget(fs, FFS_ROOTINO, &root);
		if (e == 0)
			e = ffs_core_create(fs, &root, "sound", 5, &fa, NULL,
					    &ip);
		for (i = 0; e == 0 && i < 2; i++)
			e = ffs_core_write(fs, &ip, i * 4096, buf, 4096, 0,
					   &done);
		KT_EXPECT_MSG(e == 0, "%s: create+write %d", fz_basename[b],
			      e);
		KT_EXPECT_EQ(ffs_core_unmount(fs), 0);
		f = fopen(path, "wb");
		KT_EXPECT(f != NULL && fwrite(mi.p, 1, mi.len, f) == mi.len);
		if (f)
			fclose(f);
		e = rumpffs_fsck(path, FSCK_QUIET | FSCK_NOSUMMARY, stderr,
				 &sum);
		KT_EXPECT_MSG(e == FSCK_EXIT_CLEAN, "%s: fsck after writes: "
			      "%d", fz_basename[b], e);
	}
	unlink(path);
}

/* ---- replay ----------------------------------------------------------------- */
static const char *self;

/* Run one input of target name in a fresh process: its exit status. */
static int
replay_one(const char *name, const char *path, char *why, size_t whylen)
{
	char errpath[] = "/tmp/ffsfuzz-err.XXXXXX", line[512];
	int fd, status = -1;
	pid_t pid;
	FILE *f;

	why[0] = '\0';
	fd = mkstemp(errpath);
	if (fd < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(fd, 2);
		fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		alarm(120);	/* a hang is a finding too */
		execl("/proc/self/exe", self, "--one", name, path, (char *)NULL);
		_exit(127);
	}
	close(fd);
	if (pid > 0)
		waitpid(pid, &status, 0);
	/* The sanitizer's own line names the finding. */
	f = fopen(errpath, "r");
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "ERROR:") || strstr(line, "runtime error") ||
		    strstr(line, "SUMMARY:")) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(why, whylen, "%s", line);
			break;
		}
	if (f)
		fclose(f);
	unlink(errpath);
	return status;
}

/*
 * Every committed input of tests/ffs/fuzz-corpus/<name>, each in its own
 * process (so one finding names its input and the others still run).
 */
static void
replay(const char *name)
{
	char dir[512], path[1024], why[600];
	struct dirent *de;
	int count = 0, bad = 0, st;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/tests/ffs/fuzz-corpus/%s", FFS_TOP,
		 name);
	d = opendir(dir);
	KT_EXPECT_MSG(d != NULL, "%s: no corpus", dir);
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		st = replay_one(name, path, why, sizeof(why));
		count++;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			bad++;
			KT_EXPECT_MSG(0, "%s/%s: status 0x%x %s", name,
				      de->d_name, st, why);
		}
	}
	closedir(d);
	kt_diag("%s: replayed %d inputs, %d findings", name, count, bad);
	KT_EXPECT_MSG(count > 0, "%s: empty corpus", dir);
}

/* The child's side: one input through one target (after its init). */
static int
one(const char *name, const char *path)
{
	static uint8_t buf[1 << 20];
	size_t n;
	FILE *f;
	int a = 0;

	f = fopen(path, "rb");
	if (f == NULL)
		return 2;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	/* fuzz_ffs_patch.c boots the kernel (and exits if it cannot);
	 * fz_setup in the others finds it booted. */
	fz_patch_init(&a, NULL);
	if (strcmp(name, "cg") == 0) {
		fz_cg_init(&a, NULL);
		fz_cg_one(buf, n);
	} else if (strcmp(name, "tool") == 0) {
		fz_tool_init(&a, NULL);
		fz_tool_one(buf, n);
	} else if (strcmp(name, "patch") == 0) {
		fz_patch_one(buf, n);
	} else {
		return 2;
	}
	return 0;	/* a finding aborted before this */
}

static void
replay_cg(void)
{
	replay("cg");
}

static void
replay_tool(void)
{
	replay("tool");
}

static void
replay_patch(void)
{
	replay("patch");
}

static const struct kt_case cgcount_cases[] = {
	{ "out_of_range_refused", out_of_range_refused },
	{ "near_miss_refused", near_miss_refused },
	{ "sound_writes", sound_writes },
};

static const struct kt_case replay_cases[] = {
	{ "cg", replay_cg },
	{ "tool", replay_tool },
	{ "patch", replay_patch },
};

static const struct kt_family fams[] = {
	{ "cgcount", cgcount_cases, KT_NELEM(cgcount_cases), NULL },
	{ "replay", replay_cases, KT_NELEM(replay_cases), NULL },
};

int
main(int argc, char **argv)
{
	char cmd[1024];
	int a = 0;

	if (argc == 4 && strcmp(argv[1], "--one") == 0)
		return one(argv[2], argv[3]);
	self = argv[0];

	/* The tiny base images: written by test-ffs (built with this). */
	snprintf(cmd, sizeof(cmd), "'%s/build/user/test-ffs' seeds >/dev/null",
		 FFS_TOP);
	if (access(FFS_TOP "/build/ffs-seeds/tiny-ufs2-be", R_OK) != 0 &&
	    system(cmd) != 0) {
		printf("KTAP version 1\n1..1\n# cannot write the seed images "
		       "(%s)\nnot ok 1 ffsfuzz\n", cmd);
		return 1;
	}
	/* The cgcount cases need the bases and a kernel. */
	fz_patch_init(&a, NULL);
	fz_setup();
	return kt_run("ffsfuzz", fams, KT_NELEM(fams),
		      argc > 1 ? argv[1] : NULL) == 0 ? 0 : 1;
}
