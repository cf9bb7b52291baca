// SPDX-License-Identifier: BSD-2-Clause
/*
 * conf_fini.c - the end of the suite: upcalls balanced, no violations,
 * rumpuser_ext_fini() succeeds and nothing the suite created is left.
 */
#include "conf.h"
#include "ktap_rumpuser.h"

static void fini_upcalls_balanced(void)
{
	/* Let the last bio completion get out of its upcall. */
	conf_msleep(20);
	KT_EXPECT_EQ(mock_count(MU_BUNSCHED) - conf_unsched_ended,
		     mock_count(MU_BSCHED));
	KT_EXPECT_EQ(mock_count(MU_RFORK) + mock_count(MU_SYSCALL) +
		     mock_count(MU_LWPEXIT) + mock_count(MU_EXECNOTIFY) +
		     mock_count(MU_SWITCH), 0);
	kt_diag("upcalls: backend_unschedule %ld, schedule %ld, newlwp %ld",
		mock_count(MU_BUNSCHED), mock_count(MU_SCHEDULE),
		mock_count(MU_NEWLWP));
}

static void fini_no_leaks(void)
{
	KT_EXPECT_EQ(conf_teardown(), 0);
	/* fini stopped the bio helpers, each giving its lwp back. */
	KT_EXPECT_EQ(mock_count(MU_RELEASE), mock_count(MU_NEWLWP));
	KT_EXPECT_EQ(mock_count(MU_SCHEDULE), mock_count(MU_UNSCHEDULE));
	kt_expect_rumpuser_idle();
	/* The suite's own view agrees. */
	KT_EXPECT_EQ(mock_violations(), 0);
}

static const struct kt_case fini_cases[] = {
	{ "upcalls_balanced", fini_upcalls_balanced },
	{ "fini_no_leaks", fini_no_leaks },
};

const struct kt_family conf_fam_fini = {
	"fini", fini_cases, KT_NELEM(fini_cases), conf_fam_setup,
};
