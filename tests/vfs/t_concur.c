// SPDX-License-Identifier: BSD-2-Clause
/*
 * t_concur.c - several host threads using the file system at once:
 * creates, lookups, renames and removals in shared and private
 * directories; afterwards the tree must be exactly what the threads left.
 */
#include "tv.h"

#define NTHREADS	4
#define NITER		150

struct worker {
	int id;
	int errors;
};

static void worker(void *arg)
{
	struct worker *w = arg;
	struct rump_stat st;
	char a[48], b[48], dir[32];
	int i, fd;

	snprintf(dir, sizeof(dir), "/c/w%d", w->id);
	if (rump_sys_mkdir(dir, 0755) != 0)
		w->errors++;
	for (i = 0; i < NITER; i++) {
		snprintf(a, sizeof(a), "%s/f%d", dir, i);
		snprintf(b, sizeof(b), "/c/shared/t%d_%d", w->id, i);
		fd = rump_sys_open(a, RUMP_O_CREAT | RUMP_O_EXCL | RUMP_O_RDWR,
				   0644);
		if (fd < 0) {
			w->errors++;
			continue;
		}
		if (rump_sys_write(fd, a, strlen(a)) != (ssize_t)strlen(a))
			w->errors++;
		rump_sys_close(fd);
		if (rump_sys_stat("/c/shared/../shared/.", &st) != 0)
			w->errors++;
		if (rump_sys_rename(a, b) != 0)
			w->errors++;
		if (rump_sys_stat(b, &st) != 0 ||
		    st.st_size != (int64_t)strlen(a))
			w->errors++;
		if (i % 2 == 0 && rump_sys_unlink(b) != 0)
			w->errors++;
		if (i % 10 == 0) {
			snprintf(a, sizeof(a), "%s/d%d", dir, i);
			if (rump_sys_mkdir(a, 0755) != 0 ||
			    rump_sys_rmdir(a) != 0)
				w->errors++;
		}
	}
	if (rump_sys_rmdir(dir) != 0)
		w->errors++;
}

static void t_threads(void)
{
	struct worker w[NTHREADS];
	void *cookie[NTHREADS];
	static char buf[4096];
	int i, fd, n, count = 0;

	if (tv_boot())
		return;
	TV_OK(rump_sys_mkdir("/c", 0755));
	TV_OK(rump_sys_mkdir("/c/shared", 0755));
	for (i = 0; i < NTHREADS; i++) {
		w[i].id = i;
		w[i].errors = 0;
		cookie[i] = tv_host_thread(worker, &w[i]);
		KT_EXPECT(cookie[i] != NULL);
	}
	for (i = 0; i < NTHREADS; i++) {
		if (cookie[i])
			tv_host_join(cookie[i]);
		KT_EXPECT_MSG(w[i].errors == 0, "worker %d: %d errors", i,
			      w[i].errors);
	}
	/* Half of each thread's files are left, under their new names. */
	fd = rump_sys_open("/c/shared", RUMP_O_RDONLY | RUMP_O_DIRECTORY);
	while ((n = rump_sys_getdents(fd, buf, sizeof(buf))) > 0) {
		int off;

		for (off = 0; off < n;) {
			struct rump_dirent *d = (void *)(buf + off);

			if (d->d_name[0] == 't')
				count++;
			off += d->d_reclen;
		}
	}
	rump_sys_close(fd);
	KT_EXPECT_EQ(count, NTHREADS * NITER / 2);
	TV_FAIL(rump_sys_rmdir("/c/shared"), ENOTEMPTY);
	tv_halt();
}

static const struct kt_case cases[] = {
	{ "threads", t_threads },
};
const struct kt_family tv_fam_concur = { "concur", cases, KT_NELEM(cases),
					 NULL };
