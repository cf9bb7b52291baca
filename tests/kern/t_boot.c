// SPDX-License-Identifier: BSD-2-Clause
/* t_boot.c - boot, shutdown, parameters, components. */
#include "tk.h"

static void t_boot_shutdown(void)
{
	if (tk_boot())
		return;
	KT_EXPECT(rump_booted());
	KT_EXPECT_EQ(rump_sys_getpid(), 0);
	tk_halt();
	KT_EXPECT(!rump_booted());
}

static void t_boot_repeat(void)
{
	int64_t sec0, sec1;
	long ns0, ns1;
	int i, fds[2];

	rumpuser_clock_gettime(RUMPUSER_CLOCK_ABSMONO, &sec0, &ns0);
	for (i = 0; i < 25 && kt_case_failures() == 0; i++) {
		if (tk_boot())
			return;
		/* Leave some state behind for shutdown to clean up. */
		KT_EXPECT_EQ(rump_sys_pipe(fds), 0);
		KT_EXPECT_EQ(rump_lwproc_rfork(RUMP_RFFDG), 0);
		KT_EXPECT_EQ(rump_sys_write(fds[1], "x", 1), 1);
		tk_halt();
	}
	rumpuser_clock_gettime(RUMPUSER_CLOCK_ABSMONO, &sec1, &ns1);
	kt_diag("%d boot+work+shutdown cycles, %lld us each", i,
		(long long)(((sec1 - sec0) * 1000000000LL + (ns1 - ns0)) /
			    1000 / (i ? i : 1)));
}

static void t_boot_twice(void)
{
	if (tk_boot())
		return;
	KT_EXPECT_EQ(rump_init(), EBUSY);
	tk_halt();
	KT_EXPECT_EQ(rump_shutdown(), ENXIO);
	KT_EXPECT_EQ(rump_sys_getpid(), -1);
	KT_EXPECT_EQ(tk_errno(), ENXIO);
}

static void t_reboot_syscall(void)
{
	struct rumpuser_ext_stats st;

	if (tk_boot())
		return;
	KT_EXPECT_EQ(rump_sys_reboot(0, NULL), 0);
	KT_EXPECT(!rump_booted());
	rumpuser_ext_getstats(&st);
	KT_EXPECT_EQ(st.mem_blocks, 0);
	KT_EXPECT_EQ(st.threads, 0);
}

static void t_params(void)
{
	struct rump_sched_stats ss;
	struct rump_mem_stats ms;

	if (tk_setparam("RUMP_NVCPU", "3") || tk_setparam("RUMP_MEMLIMIT", "2m"))
		return;
	if (tk_boot() == 0) {
		rump_sched_getstats(&ss, 0);
		rump_mem_getstats(&ms);
		KT_EXPECT_EQ(ss.ncpu, 3);
		KT_EXPECT_EQ(ms.limit, 2 << 20);
		tk_halt();
	}
	tk_setparam("RUMP_MEMLIMIT", "12q");
	KT_EXPECT_EQ(rump_init(), EINVAL);
	tk_setparam("RUMP_MEMLIMIT", NULL);
	tk_setparam("RUMP_NVCPU", "0");
	KT_EXPECT_EQ(rump_init(), EINVAL);
	tk_setparam("RUMP_NVCPU", NULL);
	/* Nothing left behind by the failed boots. */
	if (tk_boot() == 0)
		tk_halt();
}

/* ---- components ---------------------------------------------------- */

static int order[16], norder;
static int fail_init;

static int comp_init(int tag)
{
	if (fail_init == tag)
		return EIO;
	if (norder < 16)
		order[norder++] = tag;
	return 0;
}

static void comp_fini(int tag)
{
	if (norder < 16)
		order[norder++] = -tag;
}

static int c_kern_init(void) { return comp_init(1); }
static int c_dev_init(void) { return comp_init(2); }
static int c_vfs_init(void) { return comp_init(3); }
static int c_net_init(void) { return comp_init(4); }
static int c_late_init(void) { return comp_init(5); }
static void c_kern_fini(void) { comp_fini(1); }
static void c_dev_fini(void) { comp_fini(2); }
static void c_vfs_fini(void) { comp_fini(3); }
static void c_net_fini(void) { comp_fini(4); }
static void c_late_fini(void) { comp_fini(5); }

static struct rump_component c_kern = { RUMP_COMPONENT_KERN, "kern", c_kern_init, c_kern_fini, NULL, 0 };
static struct rump_component c_dev = { RUMP_COMPONENT_DEV, "dev", c_dev_init, c_dev_fini, NULL, 0 };
static struct rump_component c_vfs = { RUMP_COMPONENT_VFS, "vfs", c_vfs_init, c_vfs_fini, NULL, 0 };
static struct rump_component c_net = { RUMP_COMPONENT_NET, "net", c_net_init, c_net_fini, NULL, 0 };
static struct rump_component c_late = { RUMP_COMPONENT_KERN, "late", c_late_init, c_late_fini, NULL, 0 };

static void t_components(void)
{
	static const int want_boot[] = { 1, 2, 3, 4 };
	static const int want_all[] = { 1, 2, 3, 4, 5, -4, -3, -2, -5, -1 };
	struct rump_component bad = { 99, "bad", NULL, NULL, NULL, 0 };
	int i;

	norder = 0;
	fail_init = 0;
	/* Registered out of level order, before boot. */
	KT_EXPECT_EQ(rump_component_register(&c_net), 0);
	KT_EXPECT_EQ(rump_component_register(&c_vfs), 0);
	KT_EXPECT_EQ(rump_component_register(&c_kern), 0);
	KT_EXPECT_EQ(rump_component_register(&c_dev), 0);
	KT_EXPECT_EQ(rump_component_register(&c_dev), EEXIST);
	KT_EXPECT_EQ(rump_component_register(&bad), EINVAL);
	KT_EXPECT_EQ(norder, 0);
	if (tk_boot() == 0) {
		KT_EXPECT_EQ(norder, 4);
		for (i = 0; i < 4; i++)
			KT_EXPECT_EQ(order[i], want_boot[i]);
		/* After boot: initialised at once. */
		KT_EXPECT_EQ(rump_component_register(&c_late), 0);
		KT_EXPECT_EQ(norder, 5);
		tk_halt();
		KT_EXPECT_EQ(norder, 10);
		for (i = 0; i < 10 && i < norder; i++)
			KT_EXPECT_EQ(order[i], want_all[i]);
	}
	/* Still registered: a reboot initialises them again. */
	norder = 0;
	if (tk_boot() == 0) {
		KT_EXPECT_EQ(norder, 5);
		rump_component_unregister(&c_late);	/* fini runs now */
		KT_EXPECT_EQ(order[norder - 1], -5);
		tk_halt();
	}
	rump_component_unregister(&c_net);
	rump_component_unregister(&c_vfs);
	rump_component_unregister(&c_kern);
	rump_component_unregister(&c_dev);
}

static void t_component_fail(void)
{
	norder = 0;
	fail_init = 3;
	KT_EXPECT_EQ(rump_component_register(&c_kern), 0);
	KT_EXPECT_EQ(rump_component_register(&c_vfs), 0);
	KT_EXPECT_EQ(rump_init(), EIO);
	KT_EXPECT(!rump_booted());
	/* kern's init ran, then its fini during the unwind. */
	KT_EXPECT_EQ(norder, 2);
	KT_EXPECT_EQ(order[0], 1);
	KT_EXPECT_EQ(order[1], -1);
	rump_component_unregister(&c_vfs);
	rump_component_unregister(&c_kern);
	fail_init = 0;
	if (tk_boot() == 0)
		tk_halt();
}

static const struct kt_case cases[] = {
	{ "boot-shutdown", t_boot_shutdown },
	{ "boot-repeat", t_boot_repeat },
	{ "boot-twice", t_boot_twice },
	{ "reboot-syscall", t_reboot_syscall },
	{ "params", t_params },
	{ "components", t_components },
	{ "component-fail", t_component_fail },
};
const struct kt_family tk_fam_boot = { "boot", cases, KT_NELEM(cases), NULL };
