// SPDX-License-Identifier: GPL-2.0
/*
 * hx_notok - negative self-test: loads and unloads cleanly, but its KTAP
 * report says "not ok"; the harness must fail the run.
 */
#include <linux/module.h>

#include "ktap.h"
#include "ktap_kmod.h"

static void hx_notok_fails(void)
{
	KT_EXPECT_EQ(1 + 1, 3);
}

static const struct kt_case hx_notok_cases[] = {
	{ "deliberate_failure", hx_notok_fails },
};

static const struct kt_family hx_notok_fams[] = {
	{ "notok", hx_notok_cases, KT_NELEM(hx_notok_cases) },
};

static int __init hx_notok_init(void)
{
	kt_run("hx_notok", hx_notok_fams, KT_NELEM(hx_notok_fams), NULL);
	return kt_kmod_publish(KBUILD_MODNAME);
}

static void __exit hx_notok_exit(void)
{
	kt_kmod_unpublish();
}

module_init(hx_notok_init);
module_exit(hx_notok_exit);
MODULE_DESCRIPTION("linux-rump harness self-test: failing KTAP report");
MODULE_LICENSE("Dual BSD/GPL");
