/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ktap_rumpuser.h - KTAP checks shared by the clients of the hypercall
 * layer (conformance suite, smoke and halt clients): every leak counter of
 * rumpuser_ext_getstats() at zero, each a check of its own so that a
 * failure names the counter.
 */
#ifndef _TESTS_KTAP_RUMPUSER_H_
#define _TESTS_KTAP_RUMPUSER_H_

#include <rump/rumpuser_ext.h>

#include "ktap.h"

static inline void kt_expect_rumpuser_idle(void)
{
	struct rumpuser_ext_stats st = { 0 };

	rumpuser_ext_getstats(&st);
	KT_EXPECT_EQ(st.mem_bytes, 0);
	KT_EXPECT_EQ(st.mem_blocks, 0);
	KT_EXPECT_EQ(st.map_bytes, 0);
	KT_EXPECT_EQ(st.mutexes, 0);
	KT_EXPECT_EQ(st.rwlocks, 0);
	KT_EXPECT_EQ(st.condvars, 0);
	KT_EXPECT_EQ(st.threads, 0);
	KT_EXPECT_EQ(st.fds, 0);
	KT_EXPECT_EQ(st.bios, 0);
	KT_EXPECT_EQ(st.lwps, 0);
}

#endif /* _TESTS_KTAP_RUMPUSER_H_ */
