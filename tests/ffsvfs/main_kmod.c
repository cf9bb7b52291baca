// SPDX-License-Identifier: GPL-2.0
/*
 * main_kmod.c - the tests/ffsvfs suite as a Linux test module against
 * rumpfs_ffs.ko, rumpvfs.ko and rumpkern.ko.
 *
 *   modprobe rumpffsvfs_test images=NAME=/dev/vdX,... [files=DIR]
 *	[mutants=DIR nmutants=N] [only=FAMILY] [hold=/dev/vdY]
 *
 * images names the block devices holding the test images (the names of
 * tests/ffsvfs/mkdata.sh and tests/ffs/mkimages.sh); files is the
 * directory of the manifests (default /rump/files); mutants a directory
 * of N.img files for N < nmutants.  Cases whose data is not given are
 * skipped.  The cases boot and shut the rump kernel down themselves, so
 * the kernel rumpkern.ko booted is shut down first and booted again at
 * the end.  With hold, an FFS on that device stays mounted (on /hold in
 * the rebooted kernel) until this module is unloaded: rumpfs_ffs.ko must
 * refuse to go meanwhile.  The report is published as
 * /sys/kernel/debug/ktap-rumpffsvfs_test.
 */
#include <linux/completion.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <rump/rump.h>
#include <rump/rumpfs_ffs.h>

#include "ktap_kmod.h"
#include "tfv_host.h"


static char *only;
module_param(only, charp, 0444);
MODULE_PARM_DESC(only, "run only this family of the suite");

static char *images;
module_param(images, charp, 0444);
MODULE_PARM_DESC(images, "NAME=/dev/vdX,... the test images' devices");

static char *files = "/rump/files";
module_param(files, charp, 0444);
MODULE_PARM_DESC(files, "directory of the manifests");

static char *mutants;
module_param(mutants, charp, 0444);
MODULE_PARM_DESC(mutants, "directory of the mutated images N.img");

static int nmutants;
module_param(nmutants, int, 0444);
MODULE_PARM_DESC(nmutants, "how many mutated images");

static char *hold;
module_param(hold, charp, 0444);
MODULE_PARM_DESC(hold, "an FFS device kept mounted while this module is loaded");
static bool holding;

/* Filled at load, read-only while the suite runs (threads look up). */
#define MAXITEMS 32
static struct item {
	char name[48];
	char path[128];
} items[MAXITEMS];
static int nitems;

static bool exists(const char *path)
{
	struct path p;

	if (kern_path(path, LOOKUP_FOLLOW, &p))
		return false;
	path_put(&p);
	return true;
}

static void add_item(const char *name, const char *path)
{
	if (nitems == MAXITEMS || !exists(path))
		return;
	strscpy(items[nitems].name, name, sizeof(items[0].name));
	strscpy(items[nitems].path, path, sizeof(items[0].path));
	nitems++;
}

static void parse_items(void)
{
	char *list, *s, *tok, *eq, path[128];

	if (images && *images) {
		list = kstrdup(images, GFP_KERNEL);
		s = list;
		while (list && (tok = strsep(&s, ",")) != NULL) {
			eq = strchr(tok, '=');
			if (!eq)
				continue;
			*eq = '\0';
			add_item(tok, eq + 1);
		}
		kfree(list);
	}
	snprintf(path, sizeof(path), "%s/manifest-main", files);
	add_item("manifest-main", path);
	snprintf(path, sizeof(path), "%s/manifest-small", files);
	add_item("manifest-small", path);
}

const char *tfv_host_path(const char *name)
{
	int i;

	for (i = 0; i < nitems; i++)
		if (strcmp(items[i].name, name) == 0)
			return items[i].path;
	return NULL;
}

/* Called from one thread only (the mutate case). */
const char *tfv_host_mutant(int i)
{
	static char path[128];

	if (!mutants || !*mutants || i < 0 || i >= nmutants)
		return NULL;
	snprintf(path, sizeof(path), "%s/%d.img", mutants, i);
	return path;
}

/* Host threads: Linux kthreads, outside the rump kernel like any task. */
struct hthread {
	void (*fn)(void *farg);
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

/*
 * The acceptance images are checked by the host after the VM has run
 * (tests/ffsrw/vm.sh: vm-host-check), from the disks the guest wrote.
 */
int tfv_host_check(const char *name)
{
	pr_info("%s: checked on the host after the run (tests/ffsrw)\n", name);
	return 0;
}

void *tfv_host_thread(void (*fn)(void *farg), void *arg)
{
	struct hthread *h = kzalloc(sizeof(*h), GFP_KERNEL);
	struct task_struct *t;

	if (!h)
		return NULL;
	h->fn = fn;
	h->arg = arg;
	init_completion(&h->done);
	t = kthread_run(hthread_main, h, "rumpffsvfs-test");
	if (IS_ERR(t)) {
		kfree(h);
		return NULL;
	}
	return h;
}

void tfv_host_join(void *cookie)
{
	struct hthread *h = cookie;

	wait_for_completion(&h->done);
	kfree(h);
}

static bool booted_at_start;

int tfv_host_booted_at_start(void)
{
	return booted_at_start;
}

static int __init rumpffsvfs_test_init(void)
{
	bool was_booted = rump_booted();
	int error;

	/*
	 * The suite mounts "ffs" only by name: this reference to the
	 * component is what makes rumpfs_ffs.ko a dependency (modprobe then
	 * loads it first; busybox's modprobe ignores soft dependencies).
	 */
	pr_debug("file system component %s\n", rump_ffs_component.rc_name);
	parse_items();
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
	tfv_run(only && *only ? only : NULL);
	if (hold && *hold && rump_booted()) {
		error = tfv_hold(hold, true);
		/* Asked to hold a mount and cannot: the load fails. */
		if (error) {
			pr_err("mounting %s on /hold failed: %d\n", hold, error);
			return -EIO;
		}
		holding = true;
	}
	return kt_kmod_publish(KBUILD_MODNAME);
}

static void __exit rumpffsvfs_test_exit(void)
{
	int error;

	if (holding) {
		error = tfv_hold(hold, false);
		if (error)
			pr_err("unmounting /hold failed: %d\n", error);
	}
	kt_kmod_unpublish();
}

module_init(rumpffsvfs_test_init);
module_exit(rumpffsvfs_test_exit);
MODULE_DESCRIPTION("linux-rump: tests/ffsvfs suite against rumpfs_ffs.ko");
MODULE_LICENSE("Dual BSD/GPL");
