// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - rumpkern.ko: module init/exit and the exported public API of
 * the rump kernel base (sys/kern).
 *
 * Boot policy: the rump kernel boots when the module loads (autoboot=1,
 * the default), with the parameters rumpuser.ko was loaded with (ncpu,
 * hostname, memlimit, verbose).  Component modules loaded later (rumpvfs,
 * file systems, networking) depend on this one, so they always find the
 * kernel running and are initialised as they register (see
 * rump_component_register() in <rump/rump.h>).  With autoboot=0 the
 * kernel stays down until someone calls rump_init() (the test module does
 * its own boots).  Unloading shuts the kernel down if it runs; the module
 * cannot be unloaded while modules using it are loaded, so nothing of
 * theirs can be running then.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>
#include <rump/rumpuser_ext.h>

#include <rump/version.h>

static bool autoboot = true;
module_param(autoboot, bool, 0444);
MODULE_PARM_DESC(autoboot, "boot the rump kernel at module load (default 1)");

/*
 * Boot and shutdown run on the modprobe/rmmod task, which the hypercall
 * layer did not create: under a guard, so that a rump kernel panic there
 * fails the load (or finishes the unload) instead of parking the task.
 */
static void rumpkern_guarded_init(void *arg)
{
	*(int *)arg = rump_init();
}

static void rumpkern_guarded_shutdown(void *arg)
{
	*(int *)arg = rump_shutdown();
}

static int rumpkern_guard(void (*fn)(void *), int *error)
{
	int rv = rumpuser_ext_guard(fn, error);

	if (rv == RUMP_ENOTSUP)	/* no guards on this host: run unguarded */
		fn(error);
	else if (rv)
		*error = rv;	/* RUMP_ENXIO: the rump kernel died inside */
	return *error;
}

static int __init rumpkern_init(void)
{
	int error;

	if (!autoboot)
		return 0;
	rumpkern_guard(rumpkern_guarded_init, &error);
	if (error) {
		/* NetBSD errno: only "nonzero" matters to the loader. */
		pr_err("rump_init failed: %d\n", error);
		return -EINVAL;
	}
	return 0;
}

static void __exit rumpkern_exit(void)
{
	int error;

	if (!rump_booted())
		return;
	rumpkern_guard(rumpkern_guarded_shutdown, &error);
	if (error)
		pr_err("rump_shutdown failed: %d; kernel left running\n",
		       error);
}

module_init(rumpkern_init);
module_exit(rumpkern_exit);

/* <rump/rump.h> */
EXPORT_SYMBOL_GPL(rump_init);
EXPORT_SYMBOL_GPL(rump_shutdown);
EXPORT_SYMBOL_GPL(rump_booted);
EXPORT_SYMBOL_GPL(rump_schedule);
EXPORT_SYMBOL_GPL(rump_unschedule);
EXPORT_SYMBOL_GPL(rump_lwproc_rfork);
EXPORT_SYMBOL_GPL(rump_lwproc_newlwp);
EXPORT_SYMBOL_GPL(rump_lwproc_switch);
EXPORT_SYMBOL_GPL(rump_lwproc_releaselwp);
EXPORT_SYMBOL_GPL(rump_lwproc_curlwp);
EXPORT_SYMBOL_GPL(rump_component_register);
EXPORT_SYMBOL_GPL(rump_component_unregister);
EXPORT_SYMBOL_GPL(rump_sched_getstats);
EXPORT_SYMBOL_GPL(rump_mem_getstats);

/* <rump/rump_syscalls.h> */
EXPORT_SYMBOL_GPL(rump_sys_getpid);
EXPORT_SYMBOL_GPL(rump_sys_getppid);
EXPORT_SYMBOL_GPL(rump_sys_getuid);
EXPORT_SYMBOL_GPL(rump_sys_geteuid);
EXPORT_SYMBOL_GPL(rump_sys_getgid);
EXPORT_SYMBOL_GPL(rump_sys_getegid);
EXPORT_SYMBOL_GPL(rump_sys_setuid);
EXPORT_SYMBOL_GPL(rump_sys_seteuid);
EXPORT_SYMBOL_GPL(rump_sys_setgid);
EXPORT_SYMBOL_GPL(rump_sys_setegid);
EXPORT_SYMBOL_GPL(rump_sys_close);
EXPORT_SYMBOL_GPL(rump_sys_dup);
EXPORT_SYMBOL_GPL(rump_sys_dup2);
EXPORT_SYMBOL_GPL(rump_sys_dup3);
EXPORT_SYMBOL_GPL(rump_sys_fcntl);
EXPORT_SYMBOL_GPL(rump_sys_read);
EXPORT_SYMBOL_GPL(rump_sys_write);
EXPORT_SYMBOL_GPL(rump_sys_readv);
EXPORT_SYMBOL_GPL(rump_sys_writev);
EXPORT_SYMBOL_GPL(rump_sys_ioctl);
EXPORT_SYMBOL_GPL(rump_sys_poll);
EXPORT_SYMBOL_GPL(rump_sys_pipe);
EXPORT_SYMBOL_GPL(rump_sys_pipe2);
EXPORT_SYMBOL_GPL(rump_sys_clock_gettime);
EXPORT_SYMBOL_GPL(rump_sys_nanosleep);
EXPORT_SYMBOL_GPL(rump_sys_reboot);
EXPORT_SYMBOL_GPL(rump_syscall);

MODULE_DESCRIPTION("linux-rump: the rump kernel base (virtual CPUs, lwps, memory, locks, timers, descriptors)");
MODULE_LICENSE("Dual BSD/GPL");
MODULE_VERSION(LINUX_RUMP_VERSION);
MODULE_SOFTDEP("pre: rumpuser");
