// SPDX-License-Identifier: GPL-2.0
/*
 * main_kmod.c - the hypercall conformance suite as a Linux test module
 * against rumpuser.ko.
 *
 *   modprobe rumpuser_test disk=/dev/vdX [only=FAMILY] [scratch=PREFIX]
 *                          [break_init=1]
 *
 * The suite runs in module init (in the modprobe task, which plays the
 * rump kernel's lwp0 thread); the report is published as
 * /sys/kernel/debug/ktap-rumpuser_test for the VM harness and removed on
 * unload.  Init succeeds even when cases fail, so the report can be read.
 * Without disk= the blk_* cases fail: tests/hypercall/vm.sh always gives
 * one.  break_init=1 breaks the suite's rumpuser_init() on purpose (the
 * self-test that a setup failure is reported as such).
 */
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/errno.h>
#include <linux/fs.h>
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

static bool break_init;
module_param(break_init, bool, 0444);
MODULE_PARM_DESC(break_init, "make the suite's rumpuser_init() fail (self-test)");

/*
 * A debugfs file whose open fails with the error last asked for by
 * host_open_fails(): how the errno cases reach Linux errors that
 * rumpuser_open() can otherwise not be made to see.
 */
#define OPEN_ERR_DIR "rumpuser_test"
#define OPEN_ERR_FILE "open-error"
static struct dentry *open_err_dir;
static int open_err;

static int open_err_open(struct inode *inode, struct file *f)
{
	return -READ_ONCE(open_err);
}

static const struct file_operations open_err_fops = {
	.owner = THIS_MODULE,
	.open = open_err_open,
};

int host_open_fails(enum host_err kind, char *path, size_t len)
{
	int err;

	if (IS_ERR_OR_NULL(open_err_dir))
		return HOST_UNSUPPORTED;
	switch (kind) {
	case HOST_ERR_NONE:
		err = 0;
		break;
	case HOST_ERR_AGAIN:
		err = EAGAIN;
		break;
	case HOST_ERR_NOMATCH:
		/* Linux's 44; NetBSD's 44 is ESOCKTNOSUPPORT, not this. */
		err = ECHRNG;
		break;
	case HOST_ERR_OUTSIDE:
		/* Kernel-internal, past the table and the known internals. */
		err = EPROBE_DEFER;
		break;
	default:
		return HOST_UNSUPPORTED;
	}
	WRITE_ONCE(open_err, err);
	snprintf(path, len, "/sys/kernel/debug/%s/%s", OPEN_ERR_DIR,
		 OPEN_ERR_FILE);
	return 0;
}

const char *host_scratch(void)
{
	return scratch;
}

const char *host_disk(void)
{
	return disk && *disk ? disk : NULL;
}

const char *host_no_disk(int *failure)
{
	*failure = 1;
	return "no disk= parameter (tests/hypercall/vm.sh gives one)";
}

/* rumpuser/linux/guard.c: x86_64 kernels without IBT only. */
const char *host_no_guards(void)
{
	if (IS_ENABLED(CONFIG_X86_64) && !IS_ENABLED(CONFIG_X86_KERNEL_IBT))
		return NULL;
	return "rumpuser.ko has guards on x86_64 kernels without IBT only";
}

int host_break_init(void)
{
	return break_init;
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

int host_child_run(void (*fn)(void))
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
	int failed;

	open_err_dir = debugfs_create_dir(OPEN_ERR_DIR, NULL);
	if (!IS_ERR(open_err_dir))
		debugfs_create_file(OPEN_ERR_FILE, 0444, open_err_dir, NULL,
				    &open_err_fops);
	failed = conf_run(only && *only ? only : NULL);
	debugfs_remove(open_err_dir);
	open_err_dir = NULL;

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
