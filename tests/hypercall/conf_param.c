// SPDX-License-Identifier: BSD-2-Clause
/*
 * conf_param.c - rumpuser_getparam(): the mandatory parameters, buffer
 * size rules, reserved and unset names.
 */
#include "conf.h"

static int is_decimal(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static long to_long(const char *s)
{
	long v = 0;

	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (*s - '0');
	return v;
}

static void param_ncpu(void)
{
	char buf[32];

	memset(buf, 'x', sizeof(buf));
	KT_EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf, sizeof(buf)), 0);
	KT_EXPECT(memchr(buf, '\0', sizeof(buf)) != NULL);
	buf[sizeof(buf) - 1] = '\0';
	KT_EXPECT_MSG(is_decimal(buf) && to_long(buf) >= 1,
		      "NCPU \"%s\" is not a decimal >= 1", buf);
}

/*
 * A process reads its parameters from the environment.  The kernel has
 * none: rumpuser.ko reads its module parameters, which the other cases
 * set through rumpuser_ext_setparam() in both lanes.
 */
static void param_environment(void)
{
	char buf[64];

	if (host_setenv("RUMP_NCPU", NULL) == HOST_UNSUPPORTED) {
		kt_skip("the kernel has no environment (its module parameters: "
			"setparam_next_boot, hostname_set, optional_set_unset)");
		return;
	}
	KT_EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf, sizeof(buf)), 0);
	KT_EXPECT_MSG(strcmp(buf, "2") == 0, "default NCPU \"%s\"", buf);
	KT_EXPECT_EQ(host_setenv("RUMP_NCPU", "5"), 0);
	KT_EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf, sizeof(buf)), 0);
	KT_EXPECT_MSG(strcmp(buf, "5") == 0, "RUMP_NCPU=5 gave \"%s\"", buf);
	KT_EXPECT_EQ(host_setenv("RUMP_NCPU", "host"), 0);
	KT_EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf, sizeof(buf)), 0);
	KT_EXPECT_EQ(to_long(buf), host_online_cpus());
	KT_EXPECT_EQ(host_setenv("RUMP_NCPU", NULL), 0);

	KT_EXPECT_EQ(host_setenv("RUMP_HOSTNAME", "conf-env"), 0);
	KT_EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_HOSTNAME, buf,
				       sizeof(buf)), 0);
	KT_EXPECT_MSG(strcmp(buf, "conf-env") == 0, "hostname \"%s\"", buf);
	KT_EXPECT_EQ(host_setenv("RUMP_HOSTNAME", NULL), 0);

	KT_EXPECT_EQ(host_setenv("RUMP_CONFTEST_VAL", "abc"), 0);
	KT_EXPECT_EQ(rumpuser_getparam("RUMP_CONFTEST_VAL", buf, sizeof(buf)), 0);
	KT_EXPECT(strcmp(buf, "abc") == 0);
	KT_EXPECT_EQ(host_setenv("RUMP_CONFTEST_VAL", NULL), 0);
	KT_EXPECT(rumpuser_getparam("RUMP_CONFTEST_VAL", buf, sizeof(buf)) != 0);
}

static void param_hostname(void)
{
	char buf[256], host0[256];

	memset(buf, 'x', sizeof(buf));
	KT_EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_HOSTNAME, buf,
				       sizeof(buf)), 0);
	KT_EXPECT(memchr(buf, '\0', sizeof(buf)) != NULL);
	buf[sizeof(buf) - 1] = '\0';
	KT_EXPECT(strlen(buf) > 0);
	memcpy(host0, buf, sizeof(host0));
	/* Set through the host's own parameters, in either lane. */
	KT_EXPECT_EQ(rumpuser_ext_setparam(RUMPUSER_PARAM_HOSTNAME,
					   "conf-host"), 0);
	KT_EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_HOSTNAME, buf,
				       sizeof(buf)), 0);
	KT_EXPECT_MSG(strcmp(buf, "conf-host") == 0, "hostname \"%s\"", buf);
	KT_EXPECT_EQ(rumpuser_ext_setparam(RUMPUSER_PARAM_HOSTNAME, host0), 0);
}

static void small_buffer(const char *name)
{
	char buf[256];
	size_t n;

	KT_EXPECT_EQ(rumpuser_getparam(name, buf, sizeof(buf)), 0);
	n = strlen(buf);
	/* Exactly the string without its NUL is too small. */
	memset(buf, 'x', sizeof(buf));
	KT_EXPECT_EQ(rumpuser_getparam(name, buf, n), NB_ERANGE);
	KT_EXPECT_EQ(rumpuser_getparam(name, buf, 1), NB_ERANGE);
	KT_EXPECT_EQ(rumpuser_getparam(name, buf, 0), NB_ERANGE);
	KT_EXPECT_EQ(rumpuser_getparam(name, buf, n + 1), 0);
	KT_EXPECT_EQ(strlen(buf), n);
}

static void param_small_buffer(void)
{
	small_buffer(RUMPUSER_PARAM_NCPU);
	small_buffer(RUMPUSER_PARAM_HOSTNAME);
}

static void param_unknown_reserved(void)
{
	char buf[64];

	KT_EXPECT_EQ(rumpuser_getparam("_RUMPUSER_NO_SUCH", buf, sizeof(buf)),
		     NB_EINVAL);
	KT_EXPECT_EQ(rumpuser_getparam("_X", buf, sizeof(buf)), NB_EINVAL);
}

/* An optional name: an error while unset, its value once set. */
static void param_unset_optional(void)
{
	char buf[64];

	KT_EXPECT_EQ(rumpuser_ext_setparam("RUMP_VERBOSE", NULL), 0);
	KT_EXPECT(rumpuser_getparam("RUMP_VERBOSE", buf, sizeof(buf)) != 0);
	KT_EXPECT_EQ(rumpuser_ext_setparam("RUMP_VERBOSE", "abc"), 0);
	KT_EXPECT_EQ(rumpuser_getparam("RUMP_VERBOSE", buf, sizeof(buf)), 0);
	KT_EXPECT(strcmp(buf, "abc") == 0);
	KT_EXPECT_EQ(rumpuser_getparam("RUMP_VERBOSE", buf, 3), NB_ERANGE);
	KT_EXPECT_EQ(rumpuser_ext_setparam("RUMP_VERBOSE", NULL), 0);
	KT_EXPECT(rumpuser_getparam("RUMP_VERBOSE", buf, sizeof(buf)) != 0);
}

static void param_no_upcalls(void)
{
	struct lwp *l = conf_lwp();
	char buf[64];
	long u;

	if (!l)
		return;
	u = AT_LOAD(&l->n_bunsched);
	rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf, sizeof(buf));
	rumpuser_getparam(RUMPUSER_PARAM_HOSTNAME, buf, sizeof(buf));
	rumpuser_getparam("RUMP_VERBOSE", buf, sizeof(buf));
	KT_EXPECT_EQ(AT_LOAD(&l->n_bunsched), u);
}

/*
 * rumpuser_ext_setparam(): parameters for the next boot, on any host (the
 * environment in a process, rumpuser.ko's parameters in Linux).
 */
static void param_setparam(void)
{
	char buf[64], ncpu0[64], host0[64];

	KT_EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_NCPU, ncpu0,
				       sizeof(ncpu0)), 0);
	KT_EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_HOSTNAME, host0,
				       sizeof(host0)), 0);

	KT_EXPECT_EQ(rumpuser_ext_setparam("RUMP_VERBOSE", "7"), 0);
	KT_EXPECT_EQ(rumpuser_getparam("RUMP_VERBOSE", buf, sizeof(buf)), 0);
	KT_EXPECT(strcmp(buf, "7") == 0);
	KT_EXPECT_EQ(rumpuser_ext_setparam("RUMP_VERBOSE", NULL), 0);
	KT_EXPECT_EQ(rumpuser_getparam("RUMP_VERBOSE", buf, sizeof(buf)),
		     NB_ENOENT);

	KT_EXPECT_EQ(rumpuser_ext_setparam(RUMPUSER_PARAM_NCPU, "3"), 0);
	KT_EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf, sizeof(buf)),
		     0);
	KT_EXPECT(strcmp(buf, "3") == 0);
	/* A bad value is refused and changes nothing. */
	KT_EXPECT_EQ(rumpuser_ext_setparam(RUMPUSER_PARAM_NCPU, "x"), NB_EINVAL);
	KT_EXPECT_EQ(rumpuser_ext_setparam(RUMPUSER_PARAM_NCPU, "-1"),
		     NB_EINVAL);
	KT_EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf, sizeof(buf)),
		     0);
	KT_EXPECT(strcmp(buf, "3") == 0);

	KT_EXPECT_EQ(rumpuser_ext_setparam(RUMPUSER_PARAM_HOSTNAME, "h1"), 0);
	KT_EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_HOSTNAME, buf,
				       sizeof(buf)), 0);
	KT_EXPECT(strcmp(buf, "h1") == 0);

	KT_EXPECT_EQ(rumpuser_ext_setparam("_RUMPUSER_NO_SUCH", "1"),
		     NB_EINVAL);

	/* Back to what the suite started with. */
	KT_EXPECT_EQ(rumpuser_ext_setparam(RUMPUSER_PARAM_NCPU, ncpu0), 0);
	KT_EXPECT_EQ(rumpuser_ext_setparam(RUMPUSER_PARAM_HOSTNAME, host0), 0);
}

static const struct kt_case param_cases[] = {
	{ "setparam_next_boot", param_setparam },
	{ "ncpu_terminated_decimal", param_ncpu },
	{ "environment_process_only", param_environment },
	{ "hostname_set", param_hostname },
	{ "small_buffer_erange", param_small_buffer },
	{ "unknown_reserved_einval", param_unknown_reserved },
	{ "optional_set_unset", param_unset_optional },
	{ "no_upcalls", param_no_upcalls },
};

const struct kt_family conf_fam_param = {
	"param", param_cases, KT_NELEM(param_cases), conf_fam_setup,
};
