/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tk.h - shared helpers of the tests/kern suite.
 *
 * The t_*.c files are compiled like sys/ (freestanding, -D_RUMP_SYS, the
 * rename map), because they test the kernel's internal interfaces from
 * inside; main_user.c / main_kmod.c are the host side of each lane.
 */
#ifndef _TESTS_KERN_TK_H_
#define _TESTS_KERN_TK_H_

#include "kern/types.h"
#include "kern/systm.h"
#include "kern/kmem.h"
#include "kern/lock.h"
#include "kern/proc.h"
#include "kern/callout.h"
#include "kern/intr.h"
#include "kern/workqueue.h"
#include "kern/kthread.h"
#include "kern/file.h"
#include "kern/rumpkern.h"

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpuser_ext.h>

#include "ktap.h"

/* Boot; on failure the case fails and returns nonzero. */
int tk_boot(void);
/* Shut down and check that nothing of the kernel is left in the host. */
void tk_halt(void);
/* The errno the last rump_sys_*() call of this thread set. */
#define tk_errno() rumpuser_ext_geterrno()
/* Sleep ms milliseconds inside the kernel (holding a CPU on entry). */
void tk_msleep(int ms);
/*
 * Wait (sleeping in the kernel, a CPU held on entry) until *p >= v, read
 * atomically; 1 when it got there.  The limit only turns a lost event
 * into a failure instead of a hang: TK_PATIENCE_MS, far beyond what any
 * host, however slow or loaded, needs for the events the cases wait for.
 * No case asserts how long anything took.
 */
#define TK_PATIENCE_MS 120000
int tk_wait_ge(int *p, int v);
/* Start a joinable MP-safe kernel thread; 0 or errno. */
int tk_thread(void (*fn)(void *), void *arg, struct lwp **lp);
void tk_join(struct lwp *l);

/*
 * Lane hooks (main_user.c / main_kmod.c): set or (val NULL) unset a boot
 * parameter (rumpuser_ext_setparam(): the environment in a process,
 * rumpuser.ko's parameters in Linux); 0, or -1 on failure, which is a
 * failure of the case in either lane (tk_setparam()).
 */
int tk_host_setparam(const char *name, const char *val);
/*
 * Whether a rump kernel was booted when the suite started (rumpkern.ko
 * boots at load; a process starts with none): the suite's last case
 * leaves it so, and fails when it cannot (the "restore" family).  In the
 * kernel lane break_reboot=1 makes that reboot fail on purpose.
 */
int tk_host_booted_at_start(void);
int tk_host_break_reboot(void);
/* tk_host_setparam(), failing the case when it fails; 0 or -1. */
int tk_setparam(const char *name, const char *val);

/* The families, one per t_*.c. */
extern const struct kt_family tk_fam_boot, tk_fam_sched, tk_fam_lwproc,
	tk_fam_locks, tk_fam_callout, tk_fam_deferred, tk_fam_memory,
	tk_fam_fd, tk_fam_printf;
int tk_run(const char *only);

#endif /* _TESTS_KERN_TK_H_ */
