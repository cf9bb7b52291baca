// SPDX-License-Identifier: GPL-2.0
/*
 * main_kmod.c - the hypercall conformance suite as a Linux test module
 * against rumpuser.ko.
 *
 *   modprobe rumpuser_test [disk=/dev/vdX] [only=FAMILY] [scratch=PREFIX]
 *
 * The suite runs in module init (in the modprobe task, which plays the
 * rump kernel's lwp0 thread); the report is published as
 * /sys/kernel/debug/ktap-rumpuser_test for the VM harness and removed on
 * unload.  Init succeeds even when cases fail, so the report can be read.
 */
#include <linux/cpumask.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/timekeeping.h>

#include "conf.h"
#include "ktap_kmod.h"

static char *disk;
module_param(disk, charp, 0444);
MODULE_PARM_DESC(disk, "block device the bio tests may overwrite (e.g. /dev/vdb)");

static char *only;
module_param(only, charp, 0444);
MODULE_PARM_DESC(only, "run only this family of the suite");

static char *scratch = "/tmp/rumpuser-hc";
module_param(scratch, charp, 0444);
MODULE_PARM_DESC(scratch, "path prefix for scratch files (a writable place)");

static int stress = 100;
module_param(stress, int, 0444);
MODULE_PARM_DESC(stress, "stress iterations in percent of the userspace lane's");

const char *host_scratch(void)
{
	return scratch;
}

const char *host_disk(void)
{
	return disk && *disk ? disk : NULL;
}

int64_t host_realtime_sec(void)
{
	return ktime_get_real_seconds();
}

int host_online_cpus(void)
{
	return num_online_cpus();
}

/* Process concepts: no environment, no fork, no signals in the kernel. */
int host_setenv(const char *name, const char *value)
{
	return HOST_UNSUPPORTED;
}

int host_child_exit(int value)
{
	return HOST_UNSUPPORTED;
}

int host_sigusr1_caught(void)
{
	return HOST_UNSUPPORTED;
}

int host_stress_pct(void)
{
	return stress;
}

static int __init rumpuser_test_init(void)
{
	int failed = conf_run(only && *only ? only : NULL);

	pr_info("hypercall suite: %d famil%s failed\n", failed,
		failed == 1 ? "y" : "ies");
	return kt_kmod_publish(KBUILD_MODNAME);
}

static void __exit rumpuser_test_exit(void)
{
	kt_kmod_unpublish();
}

module_init(rumpuser_test_init);
module_exit(rumpuser_test_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("rumpuser hypercall interface v17 conformance suite");
