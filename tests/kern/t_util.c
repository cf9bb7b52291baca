// SPDX-License-Identifier: BSD-2-Clause
/* t_util.c - helpers of the tests/kern suite, and the family table. */
#include "tk.h"

int tk_boot(void)
{
	int error = rump_init();

	KT_EXPECT_EQ(error, 0);
	return error;
}

void tk_halt(void)
{
	struct rumpuser_ext_stats st;

	KT_EXPECT_EQ(rump_shutdown(), 0);
	rumpuser_ext_getstats(&st);
	KT_EXPECT_EQ(st.mem_bytes, 0);
	KT_EXPECT_EQ(st.mem_blocks, 0);
	KT_EXPECT_EQ(st.mutexes, 0);
	KT_EXPECT_EQ(st.rwlocks, 0);
	KT_EXPECT_EQ(st.condvars, 0);
	KT_EXPECT_EQ(st.threads, 0);
	KT_EXPECT_EQ(st.lwps, 0);
}

void tk_msleep(int ms)
{
	char chan;

	sleep_until_ns(&chan, getnsmono() + (rump_nsec_t)ms * 1000000, NULL);
}

int tk_wait_ge(int *p, int v)
{
	rump_nsec_t end = getnsmono() + (rump_nsec_t)TK_PATIENCE_MS * 1000000;

	while (__atomic_load_n(p, __ATOMIC_SEQ_CST) < v) {
		if (getnsmono() > end)
			return 0;
		tk_msleep(1);
	}
	return 1;
}

int tk_setparam(const char *name, const char *val)
{
	int rv = tk_host_setparam(name, val);

	KT_EXPECT_MSG(rv == 0, "setting boot parameter %s=%s failed", name,
		      val ? val : "(unset)");
	return rv;
}

int tk_thread(void (*fn)(void *), void *arg, struct lwp **lp)
{
	return kthread_create(PRI_NONE, KTHREAD_MPSAFE | KTHREAD_MUSTJOIN,
			      NULL, fn, arg, lp, "tk");
}

void tk_join(struct lwp *l)
{
	KT_EXPECT_EQ(kthread_join(l), 0);
}

/*
 * The last case of every run: leave the rump kernel as the suite found it
 * (booted or not).  A case, not host code after the suite, so that a
 * failed reboot is in the verdict: a test module's init that fails is
 * simply loaded again by busybox's modprobe (it falls back from
 * finit_module to init_module), and the second load, finding no kernel
 * booted, would pass.
 */
static void t_left_as_found(void)
{
	int booted = tk_host_booted_at_start();

	if (booted && !rump_booted()) {
		/* An impossible CPU count: rump_init() must refuse it. */
		if (tk_host_break_reboot())
			tk_setparam("RUMP_NVCPU", "0");
		KT_EXPECT_EQ(rump_init(), 0);
		if (tk_host_break_reboot())
			tk_setparam("RUMP_NVCPU", NULL);
	}
	KT_EXPECT_EQ(rump_booted() ? 1 : 0, booted ? 1 : 0);
}

static const struct kt_case restore_cases[] = {
	{ "left_as_found", t_left_as_found },
};
static const struct kt_family tk_fam_restore = {
	"restore", restore_cases, KT_NELEM(restore_cases), NULL
};

int tk_run(const char *only)
{
	const struct kt_family fams[] = {
		tk_fam_printf, tk_fam_boot, tk_fam_sched, tk_fam_lwproc,
		tk_fam_locks, tk_fam_callout, tk_fam_deferred, tk_fam_memory,
		tk_fam_fd, tk_fam_restore,
	};
	static char with_restore[256];

	/* "restore" runs whatever else was selected. */
	if (only && strlen(only) < sizeof(with_restore) - 9) {
		snprintf(with_restore, sizeof(with_restore), "%s,restore", only);
		only = with_restore;
	}
	return kt_run("kern", fams, KT_NELEM(fams), only);
}
