// SPDX-License-Identifier: BSD-2-Clause
/* t_lwproc.c - processes and lwps: pids, fd tables, credentials. */
#include "tk.h"

static void t_pids(void)
{
	pid_t child;

	if (tk_boot())
		return;
	KT_EXPECT_EQ(rump_sys_getpid(), 0);
	KT_EXPECT_EQ(rump_lwproc_rfork(RUMP_RFFDG), 0);
	child = rump_sys_getpid();
	KT_EXPECT(child > 0);
	KT_EXPECT_EQ(rump_sys_getppid(), 0);
	KT_EXPECT(rump_lwproc_curlwp() != NULL);
	KT_EXPECT_EQ(rump_lwproc_rfork(RUMP_RFCFDG), 0);
	KT_EXPECT(rump_sys_getpid() != child);
	KT_EXPECT_EQ(rump_sys_getppid(), child);
	KT_EXPECT_EQ(rump_lwproc_rfork(RUMP_RFFDG | RUMP_RFCFDG), EINVAL);
	KT_EXPECT_EQ(rump_lwproc_rfork(0x40000), EINVAL);
	rump_lwproc_releaselwp();
	KT_EXPECT(rump_lwproc_curlwp() == NULL);
	tk_halt();
}

static void t_fd_isolation(void)
{
	struct lwp *parent;
	int fds[2];
	char c;

	if (tk_boot())
		return;
	KT_EXPECT_EQ(rump_lwproc_rfork(RUMP_RFCFDG), 0);
	parent = rump_lwproc_curlwp();
	KT_EXPECT_EQ(rump_sys_pipe(fds), 0);

	/* A clean table: nothing there. */
	KT_EXPECT_EQ(rump_lwproc_rfork(RUMP_RFCFDG), 0);
	KT_EXPECT_EQ(rump_sys_write(fds[1], "a", 1), -1);
	KT_EXPECT_EQ(tk_errno(), EBADF);
	rump_lwproc_releaselwp();

	/* A copy: same files, independent slots. */
	rump_lwproc_switch(parent);
	KT_EXPECT_EQ(rump_lwproc_rfork(RUMP_RFFDG), 0);
	KT_EXPECT_EQ(rump_sys_write(fds[1], "b", 1), 1);
	KT_EXPECT_EQ(rump_sys_close(fds[1]), 0);
	rump_lwproc_releaselwp();
	rump_lwproc_switch(parent);
	KT_EXPECT_EQ(rump_sys_read(fds[0], &c, 1), 1);
	KT_EXPECT_EQ(c, 'b');
	KT_EXPECT_EQ(rump_sys_write(fds[1], "c", 1), 1);	/* still open here */

	/* Shared (flags 0): a close in the child closes in the parent. */
	KT_EXPECT_EQ(rump_lwproc_rfork(0), 0);
	KT_EXPECT_EQ(rump_sys_close(fds[1]), 0);
	rump_lwproc_releaselwp();
	rump_lwproc_switch(parent);
	KT_EXPECT_EQ(rump_sys_write(fds[1], "d", 1), -1);
	KT_EXPECT_EQ(tk_errno(), EBADF);
	rump_lwproc_releaselwp();
	tk_halt();
}

static void t_credentials(void)
{
	struct lwp *root;

	if (tk_boot())
		return;
	KT_EXPECT_EQ(rump_lwproc_rfork(RUMP_RFFDG), 0);
	root = rump_lwproc_curlwp();
	KT_EXPECT_EQ(rump_sys_getuid(), 0);
	KT_EXPECT_EQ(rump_lwproc_rfork(RUMP_RFFDG), 0);
	KT_EXPECT_EQ(rump_sys_setgid(100), 0);
	KT_EXPECT_EQ(rump_sys_setuid(1000), 0);
	KT_EXPECT_EQ(rump_sys_getuid(), 1000);
	KT_EXPECT_EQ(rump_sys_geteuid(), 1000);
	KT_EXPECT_EQ(rump_sys_getgid(), 100);
	KT_EXPECT_EQ(rump_sys_getegid(), 100);
	/* No way back once unprivileged. */
	KT_EXPECT_EQ(rump_sys_setuid(0), -1);
	KT_EXPECT_EQ(tk_errno(), EPERM);
	KT_EXPECT_EQ(rump_sys_seteuid(0), -1);
	KT_EXPECT_EQ(rump_sys_setgid(0), -1);
	KT_EXPECT_EQ(rump_sys_seteuid(1000), 0);
	/* Children inherit. */
	KT_EXPECT_EQ(rump_lwproc_rfork(RUMP_RFFDG), 0);
	KT_EXPECT_EQ(rump_sys_getuid(), 1000);
	rump_lwproc_releaselwp();
	/* The parent is untouched. */
	rump_lwproc_switch(root);
	KT_EXPECT_EQ(rump_sys_getuid(), 0);
	KT_EXPECT_EQ(rump_sys_seteuid(5), 0);
	KT_EXPECT_EQ(rump_sys_geteuid(), 5);
	KT_EXPECT_EQ(rump_sys_getuid(), 0);
	KT_EXPECT_EQ(rump_sys_seteuid(0), 0);	/* back to the real id */
	rump_lwproc_releaselwp();
	tk_halt();	/* the unprivileged child is reaped here */
}

static void t_newlwp_switch(void)
{
	struct lwp *l1, *l2;
	pid_t pid;

	if (tk_boot())
		return;
	KT_EXPECT_EQ(rump_lwproc_rfork(RUMP_RFFDG), 0);
	l1 = rump_lwproc_curlwp();
	pid = rump_sys_getpid();
	rump_lwproc_switch(NULL);
	KT_EXPECT(rump_lwproc_curlwp() == NULL);
	KT_EXPECT_EQ(rump_sys_getpid(), 0);
	KT_EXPECT_EQ(rump_lwproc_newlwp(pid), 0);
	l2 = rump_lwproc_curlwp();
	KT_EXPECT(l2 != NULL && l2 != l1);
	KT_EXPECT_EQ(rump_sys_getpid(), pid);
	KT_EXPECT_EQ(rump_lwproc_newlwp(12345), ESRCH);
	KT_EXPECT(rump_lwproc_curlwp() == l2);
	rump_lwproc_switch(l1);
	KT_EXPECT_EQ(rump_sys_getpid(), pid);
	rump_lwproc_releaselwp();	/* l1 */
	rump_lwproc_switch(l2);
	KT_EXPECT_EQ(rump_sys_getpid(), pid);	/* process lives on */
	rump_lwproc_releaselwp();	/* l2: the process exits */
	KT_EXPECT_EQ(rump_lwproc_newlwp(pid), ESRCH);
	KT_EXPECT_EQ(rump_lwproc_newlwp(0), 0);
	KT_EXPECT_EQ(rump_sys_getpid(), 0);
	rump_lwproc_releaselwp();
	tk_halt();
}

static void t_exit_closes(void)
{
	int fds[2], before;
	char c;

	if (tk_boot())
		return;
	rump_schedule();
	before = file_count();
	rump_unschedule();
	KT_EXPECT_EQ(rump_sys_pipe(fds), 0);		/* in proc0 */
	KT_EXPECT_EQ(rump_lwproc_rfork(RUMP_RFFDG), 0);
	KT_EXPECT_EQ(rump_sys_close(fds[0]), 0);
	rump_lwproc_releaselwp();	/* exit: its copy of fds[1] closes */
	KT_EXPECT_EQ(rump_sys_close(fds[1]), 0);	/* the last writer */
	KT_EXPECT_EQ(rump_sys_read(fds[0], &c, 1), 0);	/* EOF */
	KT_EXPECT_EQ(rump_sys_close(fds[0]), 0);
	rump_schedule();
	KT_EXPECT_EQ(file_count(), before);
	rump_unschedule();
	tk_halt();
}

static const struct kt_case cases[] = {
	{ "pids", t_pids },
	{ "fd-isolation", t_fd_isolation },
	{ "credentials", t_credentials },
	{ "newlwp-switch", t_newlwp_switch },
	{ "exit-closes", t_exit_closes },
};
const struct kt_family tk_fam_lwproc = { "lwproc", cases, KT_NELEM(cases), NULL };
