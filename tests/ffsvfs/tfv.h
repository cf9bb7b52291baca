/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tfv.h - shared helpers of the tests/ffsvfs suite: FFS images mounted
 * through the VFS (rump_sys_mount("ffs", ...)) and read with the system
 * calls, in both lanes.
 *
 * The t_*.c files are compiled like sys/.  The lanes (main_user.c,
 * main_kmod.c) say where the data of tests/ffsvfs/mkdata.sh is on the
 * host: image files in userspace, virtio disks in the VM.
 */
#ifndef _TESTS_FFSVFS_TFV_H_
#define _TESTS_FFSVFS_TFV_H_

#include "vfs/vfs.h"
#include "kern/systm.h"
#include "kern/kmem.h"

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpuser_ext.h>
#include <rump/rumpvfs.h>
#include <rump/rumpfs_ffs.h>

#include "ktap.h"

int tfv_boot(void);
void tfv_halt(void);
#define tfv_errno() rumpuser_ext_geterrno()
/* Expect rump_sys_* expression e to fail with errno err / to succeed. */
#define TFV_FAIL(e, err)						\
	do {								\
		long long tfv_r_ = (long long)(e);			\
		KT_EXPECT_MSG(tfv_r_ == -1 && tfv_errno() == (err),	\
			      "%s: got %lld errno %d, want -1 errno %d", \
			      #e, tfv_r_, tfv_r_ == -1 ? tfv_errno() : 0, \
			      (err));					\
	} while (0)
#define TFV_OK(e)							\
	do {								\
		long long tfv_r_ = (long long)(e);			\
		KT_EXPECT_MSG(tfv_r_ >= 0, "%s: got %lld errno %d", #e,	\
			      tfv_r_, tfv_errno());			\
	} while (0)
/* Skip the case when a host item is missing (no makefs on this host). */
bool tfv_need(const char *name);

/*
 * Lane hooks.
 *  - tfv_host_path(name): the host path of a data item, NULL if absent:
 *    an image ("ufs1-le-8k", "freebsd-ufs2-le", ...; a file or a block
 *    device) or a file ("manifest-main", "manifest-small")
 *  - tfv_host_mutant(i): the host path of mutated image i (a file), NULL
 *    past the last one
 *  - host threads, as in tests/vfs
 * and tfv_hold(hostpath, on), which the kernel lane's host calls to keep
 * an FFS mounted on /hold while its module is loaded (t_util.c).
 */
#include "tfv_host.h"

/* Register host image `name` at /dev/<key> and mount it read-only on
 * dir (created).  0 or an errno; quiet (the caller expects). */
int tfv_mount(const char *name, const char *key, const char *dir);
int tfv_mount_path(const char *hostpath, const char *key, const char *dir,
		   int flags);
void tfv_unmount(const char *key, const char *dir);

uint32_t tfv_crc32(uint32_t crc, const void *buf, size_t len);

/*
 * Check every entry of manifest (a host item) below dir: type, mode,
 * size, contents (CRC32 of files, symlink targets).  Entries checked are
 * counted in *nchecked; mismatches are KT failures.  stride > 1 checks
 * only every stride-th entry, starting at first (for threads).
 */
void tfv_check_manifest(const char *manifest, const char *dir,
			unsigned first, unsigned stride, unsigned *nchecked);

/* Walk the tree below dir with getdents + lstat (+ readlink, + reading
 * every regular file completely when readall).  Counts; the first error
 * (errno) and how many there were. */
struct tfv_walk {
	bool readall;
	uint64_t nentries, nfiles, ndirs, nlinks, bytes;
	unsigned nerrors;
	int firsterr;
	char firstpath[128];
	/* errors other than EIO */
	unsigned nodd;
	int firstodd;
};
void tfv_walk(const char *dir, struct tfv_walk *w);

extern const struct kt_family tfv_fam_tree, tfv_fam_freebsd,
	tfv_fam_mutate, tfv_fam_concur, tfv_fam_mount, tfv_fam_write,
	tfv_fam_accept;

#endif /* _TESTS_FFSVFS_TFV_H_ */
