// SPDX-License-Identifier: BSD-2-Clause
/*
 * param.c - rumpuser_getparam(): host parameters from the environment.
 *
 *   _RUMPUSER_NCPU      RUMP_NCPU, default 2; "host" = CPUs online
 *   _RUMPUSER_HOSTNAME  RUMP_HOSTNAME, else gethostname()
 *   other "_" names     EINVAL (reserved for the interface)
 *   anything else       the environment variable of that name, ENOENT if unset
 *
 * Called before the scheduler exists: never upcalls.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rumpuser_posix_int.h"

#define DEFAULT_NCPU "2"

/* Copy a NUL-terminated value, or ERANGE when it does not fit. */
static int param_copy(const char *val, void *buf, size_t buflen)
{
	size_t n = strlen(val);

	if (n + 1 > buflen)
		return NB_ERANGE;
	memcpy(buf, val, n + 1);
	return 0;
}

static int param_ncpu(void *buf, size_t buflen)
{
	const char *env = getenv("RUMP_NCPU");
	char tmp[32];
	long n;

	if (!env || !*env)
		return param_copy(DEFAULT_NCPU, buf, buflen);
	if (strcmp(env, "host") == 0) {
		n = sysconf(_SC_NPROCESSORS_ONLN);
		if (n < 1)
			n = 1;
	} else {
		char *end;

		/*
		 * The rump kernel panics on anything but a decimal >= 1, so
		 * refuse garbage here with a clear error instead.
		 */
		n = strtol(env, &end, 10);
		if (*end != '\0' || n < 1 || n > INT_MAX)
			return NB_EINVAL;
	}
	snprintf(tmp, sizeof(tmp), "%ld", n);
	return param_copy(tmp, buf, buflen);
}

static int param_hostname(void *buf, size_t buflen)
{
	const char *env = getenv("RUMP_HOSTNAME");
	char tmp[256];

	if (env && *env)
		return param_copy(env, buf, buflen);
	/* gethostname() may leave the buffer unterminated on truncation. */
	if (gethostname(tmp, sizeof(tmp) - 1) != 0)
		return param_copy("rump-posix", buf, buflen);
	tmp[sizeof(tmp) - 1] = '\0';
	return param_copy(tmp, buf, buflen);
}

int rumpuser_getparam(const char *name, void *buf, size_t buflen)
{
	const char *env;

	if (strcmp(name, RUMPUSER_PARAM_NCPU) == 0)
		return param_ncpu(buf, buflen);
	if (strcmp(name, RUMPUSER_PARAM_HOSTNAME) == 0)
		return param_hostname(buf, buflen);
	if (name[0] == '_')
		return NB_EINVAL;
	env = getenv(name);
	if (!env)
		return NB_ENOENT;
	return param_copy(env, buf, buflen);
}

int rumpuser_ext_setparam(const char *name, const char *value)
{
	const char *env = name;
	char *end;
	long n;

	if (strcmp(name, RUMPUSER_PARAM_NCPU) == 0) {
		env = "RUMP_NCPU";
		if (value && *value && strcmp(value, "host") != 0) {
			n = strtol(value, &end, 10);
			if (*end != '\0' || n < 0 || n > INT_MAX)
				return NB_EINVAL;
			if (n == 0)
				value = "host";	/* 0 = the host's, as in Linux */
		}
	} else if (strcmp(name, RUMPUSER_PARAM_HOSTNAME) == 0) {
		env = "RUMP_HOSTNAME";
	} else if (name[0] == '_') {
		return NB_EINVAL;
	}
	if (!value || !*value)
		return unsetenv(env) == 0 ? 0 : NB_EINVAL;
	return setenv(env, value, 1) == 0 ? 0 : NB_ENOMEM;
}
