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

/* Lookups and file creation racing mounts and unmounts of /m. */
struct racer {
	volatile int stop;
	int nops;
	int errors;
};

static void lookup_racer(void *arg)
{
	struct racer *r = arg;
	struct rump_stat st;
	char name[32];
	int fd, i = 0;

	while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE)) {
		snprintf(name, sizeof(name), "/m/f%d", i++ % 8);
		fd = rump_sys_open(name, RUMP_O_CREAT | RUMP_O_RDWR, 0644);
		if (fd >= 0) {
			rump_sys_write(fd, "x", 1);
			rump_sys_close(fd);
		}
		/* Whatever is mounted, "/m/.." is the root. */
		if (rump_sys_stat("/m/..", &st) != 0 || st.st_ino == 0)
			r->errors++;
		rump_sys_stat("/m/f1", &st);
		__atomic_add_fetch(&r->nops, 1, __ATOMIC_RELAXED);
	}
}

static void t_mount_race(void)
{
	struct racer r = { 0, 0, 0 };
	void *cookie[3];
	int i, n, mounted = 0, busy = 0, rv;

	if (tv_boot())
		return;
	TV_OK(rump_sys_mkdir("/m", 0755));
	for (i = 0; i < 3; i++)
		cookie[i] = tv_host_thread(lookup_racer, &r);
	/* Cycle while the racers run (and at least 200 times). */
	for (i = 0; i < 200 || (__atomic_load_n(&r.nops, __ATOMIC_RELAXED) <
				2000 && i < 20000); i++) {
		if (rump_sys_mount(RUMP_MOUNT_RUMPFS, "/m", 0, NULL, 0) == 0)
			mounted++;
		rv = rump_sys_unmount("/m", 0);
		if (rv != 0) {
			KT_EXPECT_EQ(tv_errno(), EBUSY);
			busy++;
			/* Forced, then: the racers' files are revoked. */
			TV_OK(rump_sys_unmount("/m", RUMP_MNT_FORCE));
		}
	}
	n = i;
	__atomic_store_n(&r.stop, 1, __ATOMIC_RELEASE);
	for (i = 0; i < 3; i++)
		if (cookie[i])
			tv_host_join(cookie[i]);
	KT_EXPECT_EQ(mounted, n);
	KT_EXPECT(__atomic_load_n(&r.nops, __ATOMIC_RELAXED) > 0);
	KT_EXPECT_EQ(r.errors, 0);
	kt_diag("%d mounts, %d racer rounds, %d busy unmounts", n,
		__atomic_load_n(&r.nops, __ATOMIC_RELAXED), busy);
	tv_halt();
}

static const struct kt_case cases[] = {
	{ "threads", t_threads },
	{ "mount-race", t_mount_race },
};
const struct kt_family tv_fam_concur = { "concur", cases, KT_NELEM(cases),
					 NULL };
