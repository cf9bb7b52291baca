// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - rumpffscrash: mount an FFS read-write through the rump kernel
 * and run a write workload (work.c) in a kernel thread until the module
 * is unloaded, the operation limit is reached -- or the VM is killed,
 * which is the point: tests/ffscrash/crash.py kills QEMU at chosen
 * moments and checks on the host what the console records promised.
 *
 *   modprobe rumpffscrash dev=/dev/vdX [mode=mix|small|append|overwrite]
 *	[seed=N] [ops=N] [corrupt=N] [budget=BYTES]
 *
 * The device is registered with etfs as /dev/crash and mounted on /crash.
 * Unloading stops the thread, unmounts (the clean flag comes back) and
 * removes the etfs node.  corrupt=N damages one byte of the file of the
 * N-th durable record after printing it: the host check must then fail
 * (crash.py --selftest).
 */
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/string.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>
#include <rump/rumpuser_ext.h>
#include <rump/rumpvfs.h>
#include <rump/rumpfs_ffs.h>

#include "crash.h"

#define FC_KEY	"/dev/crash"
#define FC_ROOT	"/crash"

static char *dev;
module_param(dev, charp, 0444);
MODULE_PARM_DESC(dev, "block device holding the FFS to write");

static char *mode = "mix";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "workload: mix, small, append or overwrite");

static ulong seed = 1;
module_param(seed, ulong, 0444);
MODULE_PARM_DESC(seed, "seed of the workload's choices and contents");

static uint ops;
module_param(ops, uint, 0444);
MODULE_PARM_DESC(ops, "stop after this many operations (0: run until unloaded)");

static uint corrupt;
module_param(corrupt, uint, 0444);
MODULE_PARM_DESC(corrupt, "self-test: damage the file of the N-th durable record");

static ulong budget = 8 << 20;
module_param(budget, ulong, 0444);
MODULE_PARM_DESC(budget, "bytes of file data to keep at most");

static struct task_struct *worker;
static struct fc_params params;

static bool fc_should_stop(void)
{
	return kthread_should_stop();
}

static int fc_thread(void *arg)
{
	fc_work(arg);
	/* Done early (limit or error): wait for the unload to stop us. */
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

static int fc_parse_mode(const char *s, enum fc_mode *m)
{
	static const char *const names[] = {
		[FC_MODE_MIX] = "mix",
		[FC_MODE_SMALL] = "small",
		[FC_MODE_APPEND] = "append",
		[FC_MODE_OVERWRITE] = "overwrite",
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcmp(s, names[i])) {
			*m = i;
			return 0;
		}
	}
	return -EINVAL;
}

static int __init rumpffscrash_init(void)
{
	struct ufs_args args = { .fspec = FC_KEY };
	int error;

	/* Makes rumpfs_ffs.ko a dependency: the mount names "ffs" only. */
	pr_debug("file system component %s\n", rump_ffs_component.rc_name);
	if (!dev || !*dev || !rump_booted())
		return -EINVAL;
	if (fc_parse_mode(mode, &params.mode)) {
		pr_err("unknown mode %s\n", mode);
		return -EINVAL;
	}
	params.root = FC_ROOT;
	params.seed = seed;
	params.ops = ops;
	params.corrupt = corrupt;
	params.budget = budget;
	params.should_stop = fc_should_stop;

	error = rump_pub_etfs_register(FC_KEY, dev, RUMP_ETFS_BLK);
	if (error) {
		pr_err("etfs %s: errno %d\n", dev, error);
		return -EIO;
	}
	if (rump_sys_mkdir(FC_ROOT, 0755) &&
	    rumpuser_ext_geterrno() != RUMP_EEXIST) {
		pr_err("mkdir %s: errno %d\n", FC_ROOT, rumpuser_ext_geterrno());
		goto err_etfs;
	}
	if (rump_sys_mount(RUMP_MOUNT_FFS, FC_ROOT, 0, &args, sizeof(args))) {
		pr_err("mount %s read-write: errno %d\n", dev,
		       rumpuser_ext_geterrno());
		goto err_dir;
	}
	pr_info("start %s mode=%s seed=%lu\n", dev, mode, seed);
	worker = kthread_run(fc_thread, &params, "rumpffscrash");
	if (IS_ERR(worker)) {
		error = PTR_ERR(worker);
		goto err_mount;
	}
	return 0;

err_mount:
	rump_sys_unmount(FC_ROOT, 0);
err_dir:
	rump_sys_rmdir(FC_ROOT);
err_etfs:
	rump_pub_etfs_remove(FC_KEY);
	return -EIO;
}

static void __exit rumpffscrash_exit(void)
{
	kthread_stop(worker);
	if (rump_sys_unmount(FC_ROOT, 0))
		pr_err("error unmount %s %d\n", FC_ROOT,
		       rumpuser_ext_geterrno());
	rump_sys_rmdir(FC_ROOT);
	if (rump_pub_etfs_remove(FC_KEY))
		pr_err("error etfs-remove %s\n", FC_KEY);
	pr_info("stopped\n");
}

module_init(rumpffscrash_init);
module_exit(rumpffscrash_exit);
MODULE_DESCRIPTION("linux-rump: FFS write workload for crash tests");
MODULE_LICENSE("Dual BSD/GPL");
