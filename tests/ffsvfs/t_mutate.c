// SPDX-License-Identifier: BSD-2-Clause
/*
 * t_mutate.c - concurrency and corruption.
 *
 * concur: threads checking disjoint slices of the manifest and walking
 * the whole tree (reading every file) at once on one mount: the vnode
 * cache, the buffer cache and the core under contention.
 *
 * mutate: every image of tests/ffsvfs/mkdata.sh's mutants (the tiny
 * makefs images with corrupted superblock, inode and directory bytes) is
 * mounted and walked completely, reading every file: each must be
 * refused at mount or read with no error but EIO, unmount cleanly, and
 * leave the kernel quiet (the VM fails the run on any complaint).  Then
 * it is mounted read-write (its own copy) and changed -- files created,
 * written, renamed, removed, a directory made and removed, the first
 * file of the root truncated -- unmounted and walked again: errors are
 * fine (corruption found on the way), a crash, a hang or a complaint
 * is not.
 */
#include "tfv.h"

#define NCHECKERS	4
#define NWALKERS	2

struct checker {
	unsigned first, checked;
};

static void checker_main(void *arg)
{
	struct checker *c = arg;

	tfv_check_manifest("manifest-main", "/mnt", c->first, NCHECKERS,
			   &c->checked);
}

static void walker_main(void *arg)
{
	struct tfv_walk *w = arg;

	w->readall = true;
	tfv_walk("/mnt", w);
}

static void t_concur(void)
{
	struct checker *c;
	struct tfv_walk *w;
	void *cookie[NCHECKERS + NWALKERS];
	unsigned i, total = 0;

	if (!tfv_need("ufs2-le-8k") || !tfv_need("manifest-main") ||
	    tfv_boot())
		return;
	KT_EXPECT_EQ(tfv_mount("ufs2-le-8k", "img", "/mnt"), 0);
	c = kmem_zalloc(NCHECKERS * sizeof(*c), KM_SLEEP);
	w = kmem_zalloc(NWALKERS * sizeof(*w), KM_SLEEP);
	for (i = 0; i < NCHECKERS; i++) {
		c[i].first = i;
		cookie[i] = tfv_host_thread(checker_main, &c[i]);
		KT_EXPECT(cookie[i] != NULL);
	}
	for (i = 0; i < NWALKERS; i++) {
		cookie[NCHECKERS + i] = tfv_host_thread(walker_main, &w[i]);
		KT_EXPECT(cookie[NCHECKERS + i] != NULL);
	}
	for (i = 0; i < NCHECKERS + NWALKERS; i++)
		if (cookie[i])
			tfv_host_join(cookie[i]);
	for (i = 0; i < NCHECKERS; i++)
		total += c[i].checked;
	KT_EXPECT(total > 3000);
	for (i = 0; i < NWALKERS; i++) {
		KT_EXPECT_MSG(w[i].nerrors == 0, "walker %u: %u errors, "
			      "first %d at %s", i, w[i].nerrors,
			      w[i].firsterr, w[i].firstpath);
		KT_EXPECT_EQ(w[i].nentries, w[0].nentries);
		KT_EXPECT_EQ(w[i].bytes, w[0].bytes);
	}
	kt_diag("%u entries checked by %d threads, %d walkers read %llu "
		"bytes each", total, NCHECKERS, NWALKERS,
		(unsigned long long)w[0].bytes);
	kmem_free(w, NWALKERS * sizeof(*w));
	kmem_free(c, NCHECKERS * sizeof(*c));
	tfv_unmount("img", "/mnt");
	tfv_halt();
}

static const struct kt_case concur_cases[] = {
	{ "threads", t_concur },
};
const struct kt_family tfv_fam_concur = { "concur", concur_cases,
					  KT_NELEM(concur_cases), NULL };

/* ---- mutants ------------------------------------------------------------ */

/* Changes on a read-write mount of a mutant: successful operations. */
static unsigned mutant_writes(void)
{
	static const char data[20000];
	struct rump_stat st;
	unsigned n = 0;
	int fd;

	fd = rump_sys_open("/mnt/tfw-file", RUMP_O_RDWR | RUMP_O_CREAT, 0644);
	if (fd >= 0) {
		n++;
		n += rump_sys_pwrite(fd, data, sizeof(data), 0) > 0;
		n += rump_sys_pwrite(fd, data, 100, 1 << 20) > 0;
		n += rump_sys_ftruncate(fd, 5000) == 0;
		n += rump_sys_fsync(fd) == 0;
		rump_sys_close(fd);
	}
	n += rump_sys_mkdir("/mnt/tfw-dir", 0755) == 0;
	n += rump_sys_rename("/mnt/tfw-file", "/mnt/tfw-dir/moved") == 0;
	n += rump_sys_symlink("target", "/mnt/tfw-dir/link") == 0;
	n += rump_sys_unlink("/mnt/tfw-dir/link") == 0;
	n += rump_sys_unlink("/mnt/tfw-dir/moved") == 0;
	n += rump_sys_rmdir("/mnt/tfw-dir") == 0;
	/* something that was there (names of the tiny images) */
	if (rump_sys_stat("/mnt/d/f", &st) == 0) {
		n += rump_sys_truncate("/mnt/d/f", st.st_size / 2) == 0;
		n += rump_sys_rename("/mnt/d/f", "/mnt/f-moved") == 0;
	}
	return n;
}

static void t_mutants(void)
{
	const char *path;
	struct tfv_walk w;
	unsigned nrefused = 0, nclean = 0, neio = 0, nrwrefused = 0;
	unsigned nwrites = 0;
	int i, error;

	if (tfv_host_mutant(0) == NULL) {
		kt_fail(__FILE__, __LINE__, "no mutants (make builds them: "
			"tests/ffsvfs/mkdata.sh)");
		return;
	}
	if (tfv_boot())
		return;
	for (i = 0; (path = tfv_host_mutant(i)) != NULL; i++) {
		error = tfv_mount_path(path, "mut", "/mnt", RUMP_MNT_RDONLY);
		if (error) {
			/* Refused: a reason of the core, never a crash. */
			KT_EXPECT_MSG(error == RUMP_EINVAL ||
				      error == RUMP_EFTYPE ||
				      error == RUMP_EROFS || error == RUMP_EIO,
				      "mutant %d: mount error %d", i, error);
			nrefused++;
			continue;
		}
		w.readall = true;
		tfv_walk("/mnt", &w);
		KT_EXPECT_MSG(w.nodd == 0, "mutant %d: %u errors other than "
			      "EIO, first %d", i, w.nodd, w.firstodd);
		if (w.nerrors)
			neio++;
		else
			nclean++;
		tfv_unmount("mut", "/mnt");
		/* Read-write, changed, then read again. */
		error = tfv_mount_path(path, "mut", "/mnt", 0);
		if (error) {
			KT_EXPECT_MSG(error == RUMP_EINVAL ||
				      error == RUMP_EFTYPE ||
				      error == RUMP_EROFS || error == RUMP_EIO,
				      "mutant %d: rw mount error %d", i, error);
			nrwrefused++;
		} else {
			nwrites += mutant_writes();
			tfv_unmount("mut", "/mnt");
			if (tfv_mount_path(path, "mut", "/mnt",
					   RUMP_MNT_RDONLY) == 0) {
				w.readall = true;
				tfv_walk("/mnt", &w);
				KT_EXPECT_MSG(w.nodd == 0, "mutant %d after "
					      "writing: %u errors other than "
					      "EIO, first %d", i, w.nodd,
					      w.firstodd);
				tfv_unmount("mut", "/mnt");
			}
		}
		if (kt_case_failures() > 10)
			break;
	}
	KT_EXPECT(i >= 200);
	kt_diag("%d mutants: %u refused, %u read with EIO, %u read cleanly; "
		"read-write: %u refused, %u operations succeeded", i,
		nrefused, neio, nclean, nrwrefused, nwrites);
	tfv_halt();
}

static const struct kt_case mutate_cases[] = {
	{ "mutants", t_mutants },
};
const struct kt_family tfv_fam_mutate = { "mutate", mutate_cases,
					  KT_NELEM(mutate_cases), NULL };
