// SPDX-License-Identifier: BSD-2-Clause
/* t_util.c - helpers of the tests/vfs suite, and the family table. */
#include "tv.h"

int tv_boot(void)
{
	int error = rump_init();

	KT_EXPECT_EQ(error, 0);
	return error;
}

void tv_halt(void)
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
	KT_EXPECT_EQ(st.fds, 0);
	KT_EXPECT_EQ(st.bios, 0);
}

int tv_mkfile(const char *path, const char *s, int mode)
{
	int fd = rump_sys_open(path, RUMP_O_WRONLY | RUMP_O_CREAT |
			       RUMP_O_TRUNC, mode);
	ssize_t n = (ssize_t)strlen(s);

	if (fd < 0)
		return -1;
	if (rump_sys_write(fd, s, (size_t)n) != n) {
		rump_sys_close(fd);
		return -1;
	}
	return rump_sys_close(fd);
}

int tv_readfile(const char *path, char *buf, int n)
{
	int fd = rump_sys_open(path, RUMP_O_RDONLY);
	ssize_t r;

	if (fd < 0)
		return -1;
	r = rump_sys_read(fd, buf, (size_t)n - 1);
	rump_sys_close(fd);
	if (r < 0)
		return -1;
	buf[r] = '\0';
	return (int)r;
}

/*
 * The last case of every run: leave the rump kernel as the suite found it
 * (rumpkern.ko boots at load; a process starts with none).  A case, not
 * host code after the suite, so that a failed reboot is in the verdict: a
 * test module whose init fails is loaded again by busybox's modprobe (it
 * falls back from finit_module to init_module), and that second load,
 * finding no kernel booted, would pass.
 */
static void t_left_as_found(void)
{
	int booted = tv_host_booted_at_start();

	if (booted && !rump_booted())
		KT_EXPECT_EQ(rump_init(), 0);
	KT_EXPECT_EQ(rump_booted() ? 1 : 0, booted ? 1 : 0);
}

static const struct kt_case restore_cases[] = {
	{ "left_as_found", t_left_as_found },
};
static const struct kt_family tv_fam_restore = {
	"restore", restore_cases, KT_NELEM(restore_cases), NULL
};

int tv_run(const char *only)
{
	const struct kt_family fams[] = {
		tv_fam_namei, tv_fam_rumpfs, tv_fam_mount, tv_fam_vcache,
		tv_fam_bio, tv_fam_perm, tv_fam_concur, tv_fam_api,
		tv_fam_attr, tv_fam_write, tv_fam_restore,
	};
	static char with_restore[256];

	/* "restore" runs whatever else was selected. */
	if (only && strlen(only) < sizeof(with_restore) - 9) {
		snprintf(with_restore, sizeof(with_restore), "%s,restore", only);
		only = with_restore;
	}

	return kt_run("vfs", fams, KT_NELEM(fams), only);
}
