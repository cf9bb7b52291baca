// SPDX-License-Identifier: BSD-2-Clause
/*
 * conf_misc.c - console, component discovery, the syscall proxy stubs,
 * daemonize and kill: none of them may enter the rump kernel.
 */
#include "conf.h"

static long misc_dl_calls;

static void dl_modinit(const struct modinfo *const *mi, size_t n)
{
	(void)mi;
	(void)n;
	AT_ADD(&misc_dl_calls, 1);
}

static int dl_symload(void *a, uint64_t b, char *c, uint64_t d)
{
	(void)a;
	(void)b;
	(void)c;
	(void)d;
	AT_ADD(&misc_dl_calls, 1);
	return 0;
}

static void dl_compload(const struct rump_component *rc)
{
	(void)rc;
	AT_ADD(&misc_dl_calls, 1);
}

static void dl_evcnt(struct evcnt *ev)
{
	(void)ev;
	AT_ADD(&misc_dl_calls, 1);
}

static long all_upcalls(void)
{
	long n = 0;
	int i;

	for (i = 0; i < MU_N; i++)
		n += mock_count(i);
	return n;
}

static void misc_console(void)
{
	long n = all_upcalls();
	const char *s = "conformance: putchar line\n";

	for (; *s; s++)
		rumpuser_putchar(*s);
	rumpuser_dprintf("conformance: dprintf %d %s\n", 17, "ok");
	KT_EXPECT_EQ(all_upcalls(), n);
}

static void misc_dl_bootstrap(void)
{
	long n = all_upcalls();

	/* Statically linked (or kernel module): nothing to discover. */
	rumpuser_dl_bootstrap(dl_modinit, dl_symload, dl_compload, dl_evcnt);
	KT_EXPECT_EQ(AT_LOAD(&misc_dl_calls), 0);
	KT_EXPECT_EQ(all_upcalls(), n);
}

static void misc_sp_enosys(void)
{
	char buf[8];
	size_t len = sizeof(buf);
	void *p = NULL;

	KT_EXPECT_EQ(rumpuser_sp_init(NULL, "Linux", "6", "x86_64"), NB_ENOSYS);
	KT_EXPECT_EQ(rumpuser_sp_copyin(NULL, buf, buf, 1), NB_ENOSYS);
	KT_EXPECT_EQ(rumpuser_sp_copyinstr(NULL, buf, buf, &len), NB_ENOSYS);
	KT_EXPECT_EQ(rumpuser_sp_copyout(NULL, buf, buf, 1), NB_ENOSYS);
	KT_EXPECT_EQ(rumpuser_sp_copyoutstr(NULL, buf, buf, &len), NB_ENOSYS);
	KT_EXPECT_EQ(rumpuser_sp_anonmmap(NULL, 4096, &p), NB_ENOSYS);
	KT_EXPECT_EQ(rumpuser_sp_raise(NULL, 1), NB_ENOSYS);
	rumpuser_sp_fini(NULL);
}

static void misc_daemonize(void)
{
	int b = rumpuser_daemonize_begin();

	kt_diag("daemonize_begin: %d", b);
	if (b == 0)
		KT_EXPECT_EQ(rumpuser_daemonize_done(0), 0);
	else
		KT_EXPECT(b > 0);
}

static void misc_kill_self_null(void)
{
	long n = all_upcalls();

	/* Signal 0: an existence check; the result is advisory. */
	kt_diag("kill(SELF, 0): %d", rumpuser_kill(RUMPUSER_PID_SELF, 0));
	KT_EXPECT_EQ(all_upcalls(), n);
}

static const struct kt_case misc_cases[] = {
	{ "console_no_upcalls", misc_console },
	{ "dl_bootstrap_static", misc_dl_bootstrap },
	{ "sp_enosys", misc_sp_enosys },
	{ "daemonize_interlock", misc_daemonize },
	{ "kill_self_signal0", misc_kill_self_null },
};

const struct kt_family conf_fam_misc = {
	"misc", misc_cases, KT_NELEM(misc_cases), conf_fam_setup,
};
