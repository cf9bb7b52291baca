// SPDX-License-Identifier: GPL-2.0
/*
 * param.c - rumpuser_getparam on module parameters.
 *
 * A userspace host reads its parameters from the environment; in Linux
 * the natural source is the module's parameters (modprobe rumpuser
 * ncpu=2 ...).  They are read-only once loaded, so no locking is needed.
 */
#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/utsname.h>

#include "rumpuser_int.h"

static int ncpu;
module_param(ncpu, int, 0444);
MODULE_PARM_DESC(ncpu, "virtual CPUs of the rump kernel (_RUMPUSER_NCPU); 0 = online host CPUs");

static char *hostname;
module_param(hostname, charp, 0444);
MODULE_PARM_DESC(hostname, "hostname of the rump kernel (_RUMPUSER_HOSTNAME); unset = the host's");

static char *threads;
module_param(threads, charp, 0444);
MODULE_PARM_DESC(threads, "RUMP_THREADS: \"0\" disables rump kernel threads");

static char *verbose;
module_param(verbose, charp, 0444);
MODULE_PARM_DESC(verbose, "RUMP_VERBOSE: nonzero for verbose rump kernel boot");

static char *memlimit;
module_param(memlimit, charp, 0444);
MODULE_PARM_DESC(memlimit, "RUMP_MEMLIMIT: rump kernel memory limit, decimal with optional k/m/g");

static char *nvnodes;
module_param(nvnodes, charp, 0444);
MODULE_PARM_DESC(nvnodes, "RUMP_NVNODES: vnode cache size");

static char *modulebase;
module_param(modulebase, charp, 0444);
MODULE_PARM_DESC(modulebase, "RUMP_MODULEBASE: rump kernel module directory");

static char *blkfail;
module_param(blkfail, charp, 0444);
MODULE_PARM_DESC(blkfail, "RUMP_BLKFAIL: block I/O failure injection rate");

static char *blkfail_seed;
module_param(blkfail_seed, charp, 0444);
MODULE_PARM_DESC(blkfail_seed, "RUMP_BLKFAIL_SEED: seed for block I/O failure injection");

static char *blksectshift;
module_param(blksectshift, charp, 0444);
MODULE_PARM_DESC(blksectshift, "RUMP_BLKSECTSHIFT: block device sector size shift");

/* Optional names the rump kernel reads; unset or empty = not set. */
static const struct {
	const char *name;
	char **value;
} rumpuser_lx_params[] = {
	{ "RUMP_THREADS", &threads },
	{ "RUMP_VERBOSE", &verbose },
	{ "RUMP_MEMLIMIT", &memlimit },
	{ "RUMP_NVNODES", &nvnodes },
	{ "RUMP_MODULEBASE", &modulebase },
	{ "RUMP_BLKFAIL", &blkfail },
	{ "RUMP_BLKFAIL_SEED", &blkfail_seed },
	{ "RUMP_BLKSECTSHIFT", &blksectshift },
};

/* Copy a NUL-terminated value; a buffer too small is ERANGE. */
static int rumpuser_lx_param_put(const char *val, void *buf, size_t buflen)
{
	if (strscpy(buf, val, buflen) < 0)
		return RUMPUSER_NB_ERANGE;
	return 0;
}

int rumpuser_getparam(const char *name, void *buf, size_t buflen)
{
	char num[16];
	size_t i;

	if (!strcmp(name, RUMPUSER_PARAM_NCPU)) {
		snprintf(num, sizeof(num), "%d",
			 ncpu > 0 ? ncpu : num_online_cpus());
		return rumpuser_lx_param_put(num, buf, buflen);
	}
	if (!strcmp(name, RUMPUSER_PARAM_HOSTNAME)) {
		const char *h = hostname;

		if (!h || !*h)
			h = init_utsname()->nodename;
		if (!*h || !strcmp(h, "(none)"))
			h = "rump-linux";
		return rumpuser_lx_param_put(h, buf, buflen);
	}
	if (name[0] == '_')
		return RUMPUSER_NB_EINVAL;

	for (i = 0; i < ARRAY_SIZE(rumpuser_lx_params); i++) {
		const char *val = *rumpuser_lx_params[i].value;

		if (strcmp(name, rumpuser_lx_params[i].name))
			continue;
		if (!val || !*val)
			return RUMPUSER_NB_ENOENT;
		return rumpuser_lx_param_put(val, buf, buflen);
	}
	return RUMPUSER_NB_ENOENT;
}
EXPORT_SYMBOL_GPL(rumpuser_getparam);

int rumpuser_lx_param_init(void)
{
	if (ncpu < 0) {
		pr_err("ncpu=%d: must be 0 (online CPUs) or positive\n", ncpu);
		return -EINVAL;
	}
	return 0;
}
