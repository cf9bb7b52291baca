/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tv.h - shared helpers of the tests/vfs suite.
 *
 * The t_*.c files are compiled like sys/ (freestanding, -D_RUMP_SYS, the
 * rename maps): they use the system calls and, where a case checks an
 * internal property (vnode cache bound, buffer cache budget), the VFS's
 * internal interfaces.  main_user.c / main_kmod.c are the lanes' hosts.
 */
#ifndef _TESTS_VFS_TV_H_
#define _TESTS_VFS_TV_H_

#include "vfs/vfs.h"
#include "kern/systm.h"
#include "kern/kmem.h"
#include "kern/proc.h"

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpuser_ext.h>
#include <rump/rumpvfs.h>

#include "ktap.h"

/* Boot; on failure the case fails and returns nonzero. */
int tv_boot(void);
/* Shut down and check that nothing of the kernel is left in the host. */
void tv_halt(void);
#define tv_errno() rumpuser_ext_geterrno()
/* Expect rump_sys_* expression e to fail with errno err. */
#define TV_FAIL(e, err)							\
	do {								\
		long long tv_r_ = (long long)(e);			\
		KT_EXPECT_MSG(tv_r_ == -1 && tv_errno() == (err),	\
			      "%s: got %lld errno %d, want -1 errno %d", \
			      #e, tv_r_, tv_r_ == -1 ? tv_errno() : 0,	\
			      (err));					\
	} while (0)
#define TV_OK(e)							\
	do {								\
		long long tv_r_ = (long long)(e);			\
		KT_EXPECT_MSG(tv_r_ >= 0, "%s: got %lld errno %d", #e,	\
			      tv_r_, tv_errno());			\
	} while (0)

/* Create path with contents s (NUL excluded); 0 or -1. */
int tv_mkfile(const char *path, const char *s, int mode);
/* Read up to n-1 bytes of path into buf, NUL-terminated; length or -1. */
int tv_readfile(const char *path, char *buf, int n);

/*
 * Lane hooks (main_user.c / main_kmod.c).
 *  - set or unset a boot parameter; -1 when the lane cannot
 *  - a host path to a scratch disk (file or block device) of at least
 *    4 MiB that the suite may overwrite, or NULL
 *  - host threads (outside the rump kernel, so they may call rump_sys_*)
 */
int tv_host_setparam(const char *name, const char *val);
const char *tv_host_disk(void);
/* 1 when a rump kernel was booted as the suite started (kernel lane). */
int tv_host_booted_at_start(void);
void *tv_host_thread(void (*fn)(void *), void *arg);
void tv_host_join(void *cookie);

extern const struct kt_family tv_fam_namei, tv_fam_rumpfs, tv_fam_mount,
	tv_fam_vcache, tv_fam_bio, tv_fam_perm, tv_fam_concur, tv_fam_api,
	tv_fam_attr, tv_fam_write;
int tv_run(const char *only);

#endif /* _TESTS_VFS_TV_H_ */
