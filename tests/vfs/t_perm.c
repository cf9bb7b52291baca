// SPDX-License-Identifier: BSD-2-Clause
/* t_perm.c - credential-based permission checks. */
#include "tv.h"

/* Become a fresh process with uid/gid id (from root). */
static int become(unsigned id)
{
	if (rump_lwproc_rfork(RUMP_RFCFDG) != 0)
		return -1;
	if (rump_sys_setgid(id) != 0 || rump_sys_setuid(id) != 0)
		return -1;
	return 0;
}

static void t_owner_group_other(void)
{
	struct rump_stat st;
	int fd;

	if (tv_boot())
		return;
	/* As root (proc0), modes exactly as given. */
	rump_sys_umask(0);
	TV_OK(rump_sys_mkdir("/priv", 0700));
	TV_OK(tv_mkfile("/priv/secret", "s", 0644));
	TV_OK(tv_mkfile("/ro", "r", 0644));
	TV_OK(tv_mkfile("/grp", "g", 0060));
	TV_OK(rump_sys_chown("/grp", 0, 1000));
	TV_OK(tv_mkfile("/none", "n", 0000));
	TV_OK(rump_sys_mkdir("/pub", 0777));
	TV_OK(rump_sys_mkdir("/noexec", 0666));
	TV_OK(tv_mkfile("/noexec/f", "", 0644));

	KT_EXPECT_EQ(become(1000), 0);
	KT_EXPECT_EQ(rump_sys_geteuid(), 1000);
	/* No search permission in /priv. */
	TV_FAIL(rump_sys_stat("/priv/secret", &st), EACCES);
	TV_FAIL(rump_sys_open("/priv/secret", RUMP_O_RDONLY), EACCES);
	TV_FAIL(rump_sys_chdir("/priv"), EACCES);
	TV_OK(rump_sys_stat("/priv", &st));
	TV_FAIL(rump_sys_stat("/noexec/f", &st), EACCES);
	/* Other: read only. */
	fd = rump_sys_open("/ro", RUMP_O_RDONLY);
	KT_EXPECT(fd >= 0);
	rump_sys_close(fd);
	TV_FAIL(rump_sys_open("/ro", RUMP_O_WRONLY), EACCES);
	TV_FAIL(rump_sys_open("/ro", RUMP_O_RDONLY | RUMP_O_TRUNC), EACCES);
	TV_FAIL(rump_sys_truncate("/ro", 0), EACCES);
	/* Group bits apply to the group (and only to it). */
	fd = rump_sys_open("/grp", RUMP_O_RDWR);
	KT_EXPECT(fd >= 0);
	rump_sys_close(fd);
	TV_FAIL(rump_sys_open("/none", RUMP_O_RDONLY), EACCES);
	/* Directories: write needed to create and remove. */
	TV_FAIL(rump_sys_mkdir("/mine", 0755), EACCES);
	TV_FAIL(rump_sys_open("/new", RUMP_O_CREAT | RUMP_O_RDWR, 0644), EACCES);
	TV_FAIL(rump_sys_unlink("/ro"), EACCES);
	TV_FAIL(rump_sys_rename("/ro", "/pub/ro"), EACCES);
	TV_OK(rump_sys_mkdir("/pub/mine", 0700));
	TV_OK(rump_sys_stat("/pub/mine", &st));
	KT_EXPECT_EQ(st.st_uid, 1000);
	/* Owner-only attribute changes. */
	TV_FAIL(rump_sys_chmod("/ro", 0666), EPERM);
	TV_OK(rump_sys_chmod("/pub/mine", 0755));
	TV_FAIL(rump_sys_chown("/pub/mine", 0, 1000), EPERM);
	TV_FAIL(rump_sys_utimes("/ro", NULL), EACCES);
	/* Mounting is for root. */
	TV_FAIL(rump_sys_mount(RUMP_MOUNT_RUMPFS, "/pub/mine", 0, NULL, 0),
		EPERM);
	TV_FAIL(rump_sys_unmount("/", 0), EPERM);
	/* access(2) uses the real ids. */
	TV_FAIL(rump_sys_access("/ro", RUMP_W_OK), EACCES);
	TV_OK(rump_sys_access("/ro", RUMP_R_OK));
	TV_OK(rump_sys_access("/ro", RUMP_F_OK));
	TV_FAIL(rump_sys_access("/ro", 0x100), EINVAL);
	rump_lwproc_releaselwp();

	/* Root overrides everything but a missing execute bit. */
	fd = rump_sys_open("/none", RUMP_O_RDWR);
	KT_EXPECT(fd >= 0);
	rump_sys_close(fd);
	TV_OK(rump_sys_access("/none", RUMP_R_OK | RUMP_W_OK));
	TV_FAIL(rump_sys_access("/none", RUMP_X_OK), EACCES);
	TV_OK(rump_sys_access("/priv", RUMP_X_OK));
	tv_halt();
}

static void t_euid(void)
{
	if (tv_boot())
		return;
	TV_OK(tv_mkfile("/f", "", 0600));
	KT_EXPECT_EQ(rump_lwproc_rfork(RUMP_RFCFDG), 0);
	/* Effective uid 1000, real 0: open checks euid, access real. */
	TV_OK(rump_sys_seteuid(1000));
	TV_FAIL(rump_sys_open("/f", RUMP_O_RDONLY), EACCES);
	TV_OK(rump_sys_access("/f", RUMP_R_OK));
	rump_lwproc_releaselwp();
	tv_halt();
}

static void t_cwd_per_process(void)
{
	char buf[32];

	if (tv_boot())
		return;
	TV_OK(rump_sys_mkdir("/a", 0755));
	TV_OK(rump_sys_mkdir("/b", 0755));
	TV_OK(rump_sys_chdir("/a"));
	KT_EXPECT_EQ(rump_lwproc_rfork(RUMP_RFFDG), 0);
	TV_OK(rump_sys___getcwd(buf, sizeof(buf)));
	KT_EXPECT(strcmp(buf, "/a") == 0);	/* inherited */
	TV_OK(rump_sys_chdir("/b"));
	rump_lwproc_releaselwp();
	TV_OK(rump_sys___getcwd(buf, sizeof(buf)));
	KT_EXPECT(strcmp(buf, "/a") == 0);	/* the parent's is its own */
	/* A process alive at shutdown holds a cwd: the component frees it. */
	KT_EXPECT_EQ(rump_lwproc_rfork(RUMP_RFFDG), 0);
	TV_OK(rump_sys_chdir("/b"));
	rump_lwproc_switch(NULL);
	tv_halt();
}

static const struct kt_case cases[] = {
	{ "owner-group-other", t_owner_group_other },
	{ "euid-vs-real", t_euid },
	{ "cwd-per-process", t_cwd_per_process },
};
const struct kt_family tv_fam_perm = { "perm", cases, KT_NELEM(cases), NULL };
