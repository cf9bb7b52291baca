// SPDX-License-Identifier: BSD-2-Clause
/*
 * conf_errno.c - host errors come back in NetBSD numbering, and the
 * errno of rump_sys_*() callers (seterrno) is per thread.
 */
#include "conf.h"

static void errno_enoent(void)
{
	char path[256];
	int fd = -1;

	conf_path(path, sizeof(path), ".missing");
	KT_EXPECT_EQ(rumpuser_open(path, RUMPUSER_OPEN_RDONLY, &fd), NB_ENOENT);
	KT_EXPECT_EQ(rumpuser_getfileinfo(path, NULL, NULL), NB_ENOENT);
}

static void errno_etimedout(void)
{
	struct rumpuser_mtx *m;
	struct rumpuser_cv *cv;

	rumpuser_mutex_init(&m, RUMPUSER_MTX_KMUTEX);
	rumpuser_cv_init(&cv);
	rumpuser_mutex_enter(m);
	/* Linux ETIMEDOUT is 110; NetBSD's is 60. */
	KT_EXPECT_EQ(rumpuser_cv_timedwait(cv, m, 0, CONF_NS_MSEC), NB_ETIMEDOUT);
	rumpuser_mutex_exit(m);
	rumpuser_cv_destroy(cv);
	rumpuser_mutex_destroy(m);
}

static void errno_enametoolong(void)
{
	char *path;
	size_t n, i;
	int fd = -1;

	/* Linux ENAMETOOLONG is 36 (NetBSD EINPROGRESS); NetBSD's is 63. */
	n = strlen(host_scratch());
	KT_EXPECT_EQ(rumpuser_malloc(n + 400, 0, (void **)&path), 0);
	memcpy(path, host_scratch(), n);
	for (i = 0; i < 300; i++)
		path[n + i] = 'n';
	path[n + 300] = '\0';
	KT_EXPECT_EQ(rumpuser_open(path, RUMPUSER_OPEN_RDONLY, &fd),
		     NB_ENAMETOOLONG);
	rumpuser_free(path, n + 400);
}

static void errno_eexist_eisdir(void)
{
	char path[256];
	int fd = -1;

	conf_path(path, sizeof(path), ".errno-excl");
	KT_EXPECT_EQ(rumpuser_open(path, RUMPUSER_OPEN_RDWR |
				   RUMPUSER_OPEN_CREATE, &fd), 0);
	KT_EXPECT_EQ(rumpuser_close(fd), 0);
	KT_EXPECT_EQ(rumpuser_open(path, RUMPUSER_OPEN_RDWR |
				   RUMPUSER_OPEN_CREATE | RUMPUSER_OPEN_EXCL,
				   &fd), NB_EEXIST);
	KT_EXPECT_EQ(rumpuser_open("/", RUMPUSER_OPEN_WRONLY, &fd), NB_EISDIR);
	/* ENOTDIR is 20 in both numberings: a path through a file. */
	KT_EXPECT_EQ(rumpuser_open("/dev/null/x", RUMPUSER_OPEN_RDONLY, &fd), 20);
}

static void errno_ebadf(void)
{
	struct rumpuser_iovec iov;
	char c;
	size_t n = 99;

	iov.iov_base = &c;
	iov.iov_len = 1;
	KT_EXPECT_EQ(rumpuser_iovread(-1, &iov, 1, 0, &n), NB_EBADF);
	KT_EXPECT_EQ(rumpuser_close(-1), NB_EBADF);
}

/*
 * The translation's other rows, reached through rumpuser_open() on a name
 * the host makes fail with a chosen error (host_open_fails()): a host
 * error NetBSD has no counterpart of, and a value outside every table,
 * must both come back as EINVAL; the host's EAGAIN (11 in Linux) as 35,
 * which shows the injected error really is what the layer translated.
 */
struct inject {
	enum host_err kind;
	int host_rv;		/* host_open_fails() */
	int open_rv;		/* rumpuser_open() */
};

static void *inject_thread(void *arg)
{
	struct inject *in = arg;
	char path[256];
	int fd = -1;

	conf_thread_enter();
	in->host_rv = host_open_fails(in->kind, path, sizeof(path));
	if (in->host_rv == 0) {
		in->open_rv = rumpuser_open(path, RUMPUSER_OPEN_RDONLY, &fd);
		if (in->open_rv == 0)
			rumpuser_close(fd);
	}
	conf_thread_leave();
	return NULL;
}

static void errno_unknown_einval(void)
{
	static const struct {
		enum host_err kind;
		const char *what;
		int want;
	} rows[] = {
		{ HOST_ERR_NONE, "no error", 0 },
		{ HOST_ERR_AGAIN, "host EAGAIN", NB_EAGAIN },
		{ HOST_ERR_NOMATCH, "host error without NetBSD counterpart",
		  NB_EINVAL },
		{ HOST_ERR_OUTSIDE, "value outside the host's errnos",
		  NB_EINVAL },
	};
	struct inject in;
	int i;

	for (i = 0; i < KT_NELEM(rows); i++) {
		memset(&in, 0, sizeof(in));
		in.kind = rows[i].kind;
		in.open_rv = -1;
		/* A thread of its own: a process host filters it for good. */
		conf_join(conf_spawn(inject_thread, &in));
		KT_EXPECT_MSG(in.host_rv == 0,
			      "%s: the host cannot inject it (%d)",
			      rows[i].what, in.host_rv);
		KT_EXPECT_MSG(in.open_rv == rows[i].want,
			      "%s: rumpuser_open() = %d, want %d",
			      rows[i].what, in.open_rv, rows[i].want);
	}
}

static void *errno_thread(void *arg)
{
	int *out = arg;

	conf_thread_enter();
	rumpuser_seterrno(NB_ETIMEDOUT);
	out[0] = rumpuser_ext_geterrno();
	AT_STORE(&out[1], 1);
	/* Wait for the main thread's check before exiting. */
	conf_wait_eq(&out[2], 1, CONF_PATIENCE_MS);
	conf_thread_leave();
	return NULL;
}

static void errno_seterrno_per_thread(void)
{
	int st[3] = { 0, 0, 0 };
	void *t;

	rumpuser_seterrno(NB_EAGAIN);
	KT_EXPECT_EQ(rumpuser_ext_geterrno(), NB_EAGAIN);
	t = conf_spawn(errno_thread, st);
	KT_EXPECT(conf_wait_eq(&st[1], 1, CONF_PATIENCE_MS));
	/* The other thread's seterrno did not touch ours. */
	KT_EXPECT_EQ(rumpuser_ext_geterrno(), NB_EAGAIN);
	AT_STORE(&st[2], 1);
	conf_join(t);
	KT_EXPECT_EQ(st[0], NB_ETIMEDOUT);
	rumpuser_seterrno(0);
	KT_EXPECT_EQ(rumpuser_ext_geterrno(), 0);
}

static const struct kt_case errno_cases[] = {
	{ "enoent_is_2", errno_enoent },
	{ "etimedout_is_60", errno_etimedout },
	{ "enametoolong_is_63", errno_enametoolong },
	{ "eexist_eisdir_enotdir", errno_eexist_eisdir },
	{ "ebadf_is_9", errno_ebadf },
	{ "unknown_is_einval", errno_unknown_einval },
	{ "seterrno_per_thread", errno_seterrno_per_thread },
};

const struct kt_family conf_fam_errno = {
	"errno", errno_cases, KT_NELEM(errno_cases), conf_fam_setup,
};
