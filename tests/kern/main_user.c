// SPDX-License-Identifier: BSD-2-Clause
/*
 * main_user.c - the userspace lane of tests/kern: the rump kernel in this
 * process on librumpuser.  Usage: test-kern [family]
 */
#include <stdlib.h>

#include <rump/rump_types.h>
#include <rump/rumpuser_ext.h>

int tk_run(const char *only);
int tk_host_setparam(const char *name, const char *val);
int tk_host_booted_at_start(void);
int tk_host_break_reboot(void);

/* Parameters for the next boot: the environment, through the layer. */
int tk_host_setparam(const char *name, const char *val)
{
	return rumpuser_ext_setparam(name, val) ? -1 : 0;
}

/* A process starts with no rump kernel, and must end with none. */
int tk_host_booted_at_start(void)
{
	return 0;
}

int tk_host_break_reboot(void)
{
	return 0;
}

int main(int argc, char **argv)
{
	/* Defaults that do not depend on the machine running the tests. */
	setenv("RUMP_NCPU", "4", 0);
	setenv("RUMP_HOSTNAME", "rump-test", 0);
	return tk_run(argc > 1 ? argv[1] : NULL) == 0 ? 0 : 1;
}
