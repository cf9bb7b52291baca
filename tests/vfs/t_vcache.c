// SPDX-License-Identifier: BSD-2-Clause
/* t_vcache.c - the vnode cache: sharing, the bound, reclaim. */
#include "tv.h"

static void t_share(void)
{
	struct vnode *a, *b;
	struct nameidata nd;

	if (tv_boot())
		return;
	TV_OK(tv_mkfile("/f", "x", 0644));
	rump_schedule();
	memset(&nd, 0, sizeof(nd));
	nd.ni_path = "/f";
	nd.ni_op = LOOKUP;
	nd.ni_flags = FOLLOW;
	nd.ni_cred = kauth_cred_get();
	KT_EXPECT_EQ(namei(&nd), 0);
	a = nd.ni_vp;
	nd.ni_vp = NULL;
	nd.ni_path = "/dev/../f";
	KT_EXPECT_EQ(namei(&nd), 0);
	b = nd.ni_vp;
	KT_EXPECT(a == b);		/* one vnode per file */
	if (a) {
		mutex_enter(&vcache_lock);
		KT_EXPECT_EQ(a->v_usecount, 2);
		mutex_exit(&vcache_lock);
		vref(a);
		vrele(a);
		vrele(a);
		vrele(b);
	}
	rump_unschedule();
	tv_halt();
}

static void t_bound(void)
{
	struct rump_vfs_stats vs;
	struct rump_stat st;
	char name[32], buf[32];
	unsigned i, n;

	/* Userspace: a small bound keeps the case quick. */
	tv_host_setparam("RUMP_NVNODES", "64");
	if (tv_boot()) {
		tv_host_setparam("RUMP_NVNODES", NULL);
		return;
	}
	KT_EXPECT_EQ(rump_vfs_getstats(&vs), 0);
	n = vs.maxvnodes + 50;
	TV_OK(rump_sys_mkdir("/d", 0755));
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "/d/%u", i);
		snprintf(buf, sizeof(buf), "content %u", i);
		if (tv_mkfile(name, buf, 0644) != 0) {
			KT_EXPECT_MSG(0, "create %s: %d", name, tv_errno());
			break;
		}
	}
	KT_EXPECT_EQ(rump_vfs_getstats(&vs), 0);
	KT_EXPECT_MSG(vs.numvnodes <= vs.maxvnodes, "%u vnodes > bound %u",
		      vs.numvnodes, vs.maxvnodes);
	KT_EXPECT(vs.nreclaimed >= 50);
	/* Reclaimed vnodes come back with their data. */
	for (i = 0; i < n; i += n / 16) {
		char want[32];

		snprintf(name, sizeof(name), "/d/%u", i);
		snprintf(want, sizeof(want), "content %u", i);
		KT_EXPECT_EQ(tv_readfile(name, buf, sizeof(buf)),
			     (int)strlen(want));
		KT_EXPECT(strcmp(buf, want) == 0);
	}
	TV_OK(rump_sys_stat("/d/0", &st));
	KT_EXPECT_EQ(st.st_size, 9);
	/* Referenced vnodes are never reclaimed: hold more than the bound. */
	{
		static int fds[200];
		unsigned nopen = MIN(vs.maxvnodes + 10, (unsigned)200);

		if (nopen > vs.maxvnodes) {
			for (i = 0; i < nopen; i++) {
				snprintf(name, sizeof(name), "/d/%u", i);
				fds[i] = rump_sys_open(name, RUMP_O_RDONLY);
				KT_EXPECT(fds[i] >= 0);
			}
			KT_EXPECT_EQ(rump_vfs_getstats(&vs), 0);
			KT_EXPECT(vs.numvnodes >= nopen);
			for (i = 0; i < nopen; i++)
				rump_sys_close(fds[i]);
			KT_EXPECT_EQ(rump_vfs_getstats(&vs), 0);
			KT_EXPECT(vs.numvnodes <= vs.maxvnodes);
		} else {
			kt_diag("bound %u too large to exceed here", vs.maxvnodes);
		}
	}
	tv_halt();
	tv_host_setparam("RUMP_NVNODES", NULL);
}

static const struct kt_case cases[] = {
	{ "share", t_share },
	{ "bound-reclaim", t_bound },
};
const struct kt_family tv_fam_vcache = { "vcache", cases, KT_NELEM(cases), NULL };
