// SPDX-License-Identifier: GPL-2.0
/*
 * hx_smoke - the harness's positive self-test: a module that loads, runs
 * two trivial cases, reports KTAP "ok" and unloads.
 */
#include <linux/module.h>
#include <linux/slab.h>

#include "ktap.h"
#include "ktap_kmod.h"

/* The KTAP library's filter, set by the harness for TEST= (lib.sh). */
static char *only;
module_param(only, charp, 0444);
MODULE_PARM_DESC(only, "run only this family or case");

static void hx_smoke_arith(void)
{
	KT_EXPECT_EQ(6 * 7, 42);
}

static void hx_smoke_alloc(void)
{
	void *p = kmalloc(64, GFP_KERNEL);

	KT_EXPECT(p != NULL);
	kfree(p);
}

static const struct kt_case hx_smoke_cases[] = {
	{ "arith", hx_smoke_arith },
	{ "alloc", hx_smoke_alloc },
};

static const struct kt_family hx_smoke_fams[] = {
	{ "smoke", hx_smoke_cases, KT_NELEM(hx_smoke_cases) },
};

static int __init hx_smoke_init(void)
{
	kt_run("hx_smoke", hx_smoke_fams, KT_NELEM(hx_smoke_fams),
	       only && *only ? only : NULL);
	return kt_kmod_publish(KBUILD_MODNAME);
}

static void __exit hx_smoke_exit(void)
{
	kt_kmod_unpublish();
}

module_init(hx_smoke_init);
module_exit(hx_smoke_exit);
MODULE_DESCRIPTION("linux-rump harness self-test: passing module");
MODULE_LICENSE("Dual BSD/GPL");
