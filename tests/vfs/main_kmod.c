// SPDX-License-Identifier: GPL-2.0
/*
 * main_kmod.c - the tests/vfs suite as a Linux test module against
 * rumpvfs.ko and rumpkern.ko.
 *
 *   modprobe rumpvfs_test [only=FAMILY] [disk=/dev/vdX]
 *
 * The cases boot and shut the rump kernel down themselves (the VFS
 * component, registered by rumpvfs.ko, is initialised at every boot), so
 * the kernel rumpkern.ko booted is shut down first and booted again at
 * the end.  disk names a scratch block device the bio family may
 * overwrite; without it that family is skipped.  The report is published
 * as /sys/kernel/debug/ktap-rumpvfs_test.
 */
#include <linux/completion.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>

#include <rump/rump.h>

#include "ktap_kmod.h"
#include "tv_host.h"

static char *only;
module_param(only, charp, 0444);
MODULE_PARM_DESC(only, "run only this family of the suite");

static char *disk;
module_param(disk, charp, 0444);
MODULE_PARM_DESC(disk, "scratch block device for the bio family (overwritten)");

/* rumpuser.ko's parameters are fixed at its load: cases that need others adapt. */
int tv_host_setparam(const char *name, const char *val)
{
	return -1;
}

const char *tv_host_disk(void)
{
	/* None: a path that is not there, so the bio cases fail, by name. */
	return disk && *disk ? disk : "/no-scratch-disk";
}

/* Host threads: Linux kthreads, outside the rump kernel like any task. */
struct hthread {
	void (*fn)(void *arg);
	void *arg;
	struct completion done;
};

static int hthread_main(void *arg)
{
	struct hthread *h = arg;

	h->fn(h->arg);
	/* Exits without returning into module text that may be gone. */
	kthread_complete_and_exit(&h->done, 0);
}

void *tv_host_thread(void (*fn)(void *farg), void *arg)
{
	struct hthread *h = kzalloc(sizeof(*h), GFP_KERNEL);
	struct task_struct *t;

	if (!h)
		return NULL;
	h->fn = fn;
	h->arg = arg;
	init_completion(&h->done);
	t = kthread_run(hthread_main, h, "rumpvfs-test");
	if (IS_ERR(t)) {
		kfree(h);
		return NULL;
	}
	return h;
}

void tv_host_join(void *cookie)
{
	struct hthread *h = cookie;

	wait_for_completion(&h->done);
	kfree(h);
}

static bool booted_at_start;

int tv_host_booted_at_start(void)
{
	return booted_at_start;
}

static int __init rumpvfs_test_init(void)
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
	tv_run(only && *only ? only : NULL);
	return kt_kmod_publish(KBUILD_MODNAME);
}

static void __exit rumpvfs_test_exit(void)
{
	kt_kmod_unpublish();
}

module_init(rumpvfs_test_init);
module_exit(rumpvfs_test_exit);
MODULE_DESCRIPTION("linux-rump: tests/vfs suite against rumpvfs.ko");
MODULE_LICENSE("Dual BSD/GPL");
MODULE_SOFTDEP("pre: rumpvfs");
