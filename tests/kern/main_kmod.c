// SPDX-License-Identifier: GPL-2.0
/*
 * main_kmod.c - the tests/kern suite as a Linux test module against
 * rumpkern.ko.
 *
 *   modprobe rumpkern_test [only=FAMILY] [break_reboot=1]
 *
 * The cases boot and shut the rump kernel down themselves, so a kernel
 * that rumpkern.ko booted at load is shut down first and booted again at
 * the end (the case restore/left_as_found): the module leaves things as
 * it found them, or its report says it could not.  The report is
 * published as /sys/kernel/debug/ktap-rumpkern_test; init succeeds even
 * when cases fail, so the report can be read.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>

#include <rump/rump.h>

#include <rump/rumpuser_ext.h>

#include "ktap_kmod.h"

int tk_run(const char *only);
int tk_host_setparam(const char *name, const char *val);
int tk_host_booted_at_start(void);
int tk_host_break_reboot(void);

static char *only;
module_param(only, charp, 0444);
MODULE_PARM_DESC(only, "run only this family of the suite");

static bool break_reboot;
module_param(break_reboot, bool, 0444);
MODULE_PARM_DESC(break_reboot,
		 "make the final reboot fail (self-test: left_as_found fails)");

static bool booted_at_start;

int tk_host_booted_at_start(void)
{
	return booted_at_start;
}

int tk_host_break_reboot(void)
{
	return break_reboot;
}

/* Parameters for the next boot: rumpuser.ko's, settable at run time. */
int tk_host_setparam(const char *name, const char *val)
{
	return rumpuser_ext_setparam(name, val) ? -1 : 0;
}

static int __init rumpkern_test_init(void)
{
	bool was_booted = rump_booted();
	int error;

	if (was_booted) {
		error = rump_shutdown();
		if (error) {
			pr_err("cannot shut the running rump kernel down: %d\n",
			       error);
			return -EBUSY;
		}
	}
	booted_at_start = was_booted;
	/* Its last case, restore/left_as_found, boots it again. */
	tk_run(only && *only ? only : NULL);
	return kt_kmod_publish(KBUILD_MODNAME);
}

static void __exit rumpkern_test_exit(void)
{
	kt_kmod_unpublish();
}

module_init(rumpkern_test_init);
module_exit(rumpkern_test_exit);
MODULE_DESCRIPTION("linux-rump: tests/kern suite against rumpkern.ko");
MODULE_LICENSE("Dual BSD/GPL");
