// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuzz_ffs_tool.c - libFuzzer target for every door of the rumpffs tool
 * that reads an untrusted image: rumpffs fsck, ls -a -l -R, get (into a
 * temporary directory, each file capped at 4 MiB by RLIMIT_FSIZE), cat
 * of what get wrote, stat of the root and of every top-level name, df,
 * info — in-process, through the tool's own command code
 * (rumpffs_tool_read, rumpffs_fsck).  Input: byte 0 picks a tiny base
 * image, then 5-byte patches (u32 little-endian offset modulo the image
 * size, new byte), like fuzz_ffs_patch.c, so the two share corpora.
 *
 * The tool's write commands boot their own rump kernel per process and
 * cannot run in-process more than once; the write paths they use are
 * those of tf_write_phase (fuzz_ffs.c, fuzz_ffs_patch.c, fuzz_ffs_cg.c).
 *
 * Run with -handle_xfsz=0 (make fuzz-ffs-tool does): libFuzzer would
 * otherwise take the capped write's SIGXFSZ for a finding.
 *
 * Findings: a crash, a sanitizer report, a hang (libFuzzer -timeout), an
 * exit status other than 0/1 (tool) or an fsck class, or a kmem leak.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsck.h"
#include "fuzz_bases.h"
#include "write.h"

int64_t rumpns_kmem_inuse(void);
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[256], imgpath[300], dest[300];
static FILE *devnull;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct rlimit rl = { 4 << 20, 4 << 20 };

	(void)argc;
	(void)argv;
	fz_setup();
	snprintf(dir, sizeof(dir), "%s/ffs-fuzz-tool.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	devnull = fopen("/dev/null", "w");
	if (mkdtemp(dir) == NULL || devnull == NULL) {
		perror("fuzz-ffs-tool");
		exit(1);
	}
	snprintf(imgpath, sizeof(imgpath), "%s/img", dir);
	snprintf(dest, sizeof(dest), "%s/dest", dir);
	/* A file get writes past the cap fails with EFBIG, not a signal. */
	signal(SIGXFSZ, SIG_IGN);
	if (setrlimit(RLIMIT_FSIZE, &rl) != 0) {
		perror("fuzz-ffs-tool: setrlimit");
		exit(1);
	}
	return 0;
}

static int
rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* One tool command, stdout discarded: 0 or 1, nothing else. */
static void
tool(int argc, const char **argv)
{
	int saved, r;

	fflush(stdout);
	saved = dup(1);
	dup2(fileno(devnull), 1);
	optind = 1;
	r = rumpffs_tool_read(argc, (char **)argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	if (r != 0 && r != 1)
		abort();
}

struct files {
	const char *v[32];
	char buf[32][300];
	int n;
};

static struct files *cur;

/* Regular files get wrote, small ones (cat reads ip->size bytes). */
static int
file_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)ftw;
	if (flag == FTW_F && S_ISREG(st->st_mode) && st->st_size <= 65536 &&
	    cur->n < 30 && strlen(path) > strlen(dest) &&
	    strlen(path) - strlen(dest) < sizeof(cur->buf[0])) {
		strcpy(cur->buf[cur->n], path + strlen(dest));
		cur->v[cur->n + 2] = cur->buf[cur->n];
		cur->n++;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct files fl;
	struct fsck_summary sum;
	int64_t inuse = rumpns_kmem_inuse();
	const char *ls[] = { "ls", "-a", "-l", "-R", imgpath, "/" };
	const char *get[] = { "get", imgpath, "/", dest };
	const char *df[] = { "df", imgpath };
	const char *info[] = { "info", imgpath };
	/* the names of the tiny images (tests/ffs/mkimages.sh) */
	const char *stat_[] = { "stat", imgpath, "/", "/d", "/d/f", "/fast",
		"/ind", "/slow" };
	size_t i, len;
	FILE *f;
	int r;

	if (size < 1)
		return 0;
	len = fz_pick(data);
	for (i = 1; i + 5 <= size; i += 5) {
		uint32_t off = (uint32_t)data[i] | (uint32_t)data[i + 1] << 8 |
			(uint32_t)data[i + 2] << 16 |
			(uint32_t)data[i + 3] << 24;

		fz_work[off % len] = data[i + 4];
	}
	f = fopen(imgpath, "wb");
	if (f == NULL || fwrite(fz_work, 1, len, f) != len || fclose(f) != 0)
		abort();
	r = rumpffs_fsck(imgpath, FSCK_QUIET | FSCK_NOSUMMARY, devnull, &sum);
	if (r != FSCK_EXIT_CLEAN && r != FSCK_EXIT_LEAKS &&
	    r != FSCK_EXIT_ERRORS && r != FSCK_EXIT_CANTCHECK)
		abort();
	tool(6, ls);
	tool(4, get);
	memset(&fl, 0, sizeof(fl));
	fl.v[0] = "cat";
	fl.v[1] = imgpath;
	cur = &fl;
	nftw(dest, file_cb, 16, FTW_PHYS);
	if (fl.n > 0)
		tool(fl.n + 2, fl.v);
	nftw(dest, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
	tool(8, stat_);
	tool(2, df);
	tool(2, info);
	if (rumpns_kmem_inuse() != inuse)
		abort();
	return 0;
}
