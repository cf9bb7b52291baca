// SPDX-License-Identifier: GPL-2.0
/*
 * param.c - rumpuser_getparam on module parameters.
 *
 * A userspace host reads its parameters from the environment; in Linux
 * the natural source is the module's parameters (modprobe rumpuser
 * ncpu=2 ...).  They stay writable afterwards (sysfs, or
 * rumpuser_ext_setparam() from a module) and take effect when the next
 * rump kernel boots: the rump kernel reads them only in rump_init().
 * Values are strings kept in one table under one mutex, so a write never
 * races a read.
 */
#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/utsname.h>

#include "rumpuser_int.h"

#define RUMPUSER_LX_PARAM_LEN	64	/* longest value, with the NUL */

struct rumpuser_lx_param {
	const char *name;			/* the rump kernel's name */
	bool number;				/* decimal >= 0 only */
	char val[RUMPUSER_LX_PARAM_LEN];	/* "" = not set */
};

enum {
	RP_NCPU, RP_HOSTNAME, RP_THREADS, RP_VERBOSE, RP_MEMLIMIT, RP_NVNODES,
	RP_MODULEBASE, RP_BLKFAIL, RP_BLKFAIL_SEED, RP_BLKSECTSHIFT, RP_NVCPU,
	RP_COUNT
};

static struct rumpuser_lx_param rumpuser_lx_params[RP_COUNT] = {
	[RP_NCPU] = { RUMPUSER_PARAM_NCPU, true },
	[RP_HOSTNAME] = { RUMPUSER_PARAM_HOSTNAME },
	[RP_THREADS] = { "RUMP_THREADS" },
	[RP_VERBOSE] = { "RUMP_VERBOSE" },
	[RP_MEMLIMIT] = { "RUMP_MEMLIMIT" },
	[RP_NVNODES] = { "RUMP_NVNODES" },
	[RP_MODULEBASE] = { "RUMP_MODULEBASE" },
	[RP_BLKFAIL] = { "RUMP_BLKFAIL" },
	[RP_BLKFAIL_SEED] = { "RUMP_BLKFAIL_SEED" },
	[RP_BLKSECTSHIFT] = { "RUMP_BLKSECTSHIFT" },
	[RP_NVCPU] = { "RUMP_NVCPU" },
};

static DEFINE_MUTEX(rumpuser_lx_param_lock);

/* Store a value (NULL or "" = unset); a Linux errno. */
static int rumpuser_lx_param_store(struct rumpuser_lx_param *p,
				   const char *val)
{
	size_t len = val ? strcspn(val, "\n") : 0;	/* sysfs adds one */
	unsigned int n;
	char tmp[RUMPUSER_LX_PARAM_LEN];

	if (len >= sizeof(p->val)) {
		pr_warn("%s: value longer than %zu bytes refused\n", p->name,
			sizeof(p->val) - 1);
		return -ERANGE;
	}
	if (len)
		memcpy(tmp, val, len);
	tmp[len] = '\0';
	if (p->number && len && kstrtouint(tmp, 10, &n)) {
		pr_warn("%s=%s refused: a decimal number >= 0 is needed\n",
			p->name, tmp);
		return -EINVAL;
	}
	mutex_lock(&rumpuser_lx_param_lock);
	memcpy(p->val, tmp, len + 1);
	mutex_unlock(&rumpuser_lx_param_lock);
	return 0;
}

static int rumpuser_lx_param_set(const char *val, const struct kernel_param *kp)
{
	return rumpuser_lx_param_store(kp->arg, val);
}

static int rumpuser_lx_param_get(char *buf, const struct kernel_param *kp)
{
	struct rumpuser_lx_param *p = kp->arg;
	int n;

	mutex_lock(&rumpuser_lx_param_lock);
	n = sysfs_emit(buf, "%s\n", p->val);
	mutex_unlock(&rumpuser_lx_param_lock);
	return n;
}

static const struct kernel_param_ops rumpuser_lx_param_ops = {
	.set = rumpuser_lx_param_set,
	.get = rumpuser_lx_param_get,
};

#define RUMPUSER_LX_PARAM(var, idx, desc)				\
	module_param_cb(var, &rumpuser_lx_param_ops,			\
			&rumpuser_lx_params[idx], 0644);		\
	MODULE_PARM_DESC(var, desc)

RUMPUSER_LX_PARAM(ncpu, RP_NCPU,
		  "host CPUs reported to the rump kernel (_RUMPUSER_NCPU); unset or 0 = online CPUs");
RUMPUSER_LX_PARAM(hostname, RP_HOSTNAME,
		  "hostname of the rump kernel (_RUMPUSER_HOSTNAME); unset = the host's");
RUMPUSER_LX_PARAM(threads, RP_THREADS,
		  "RUMP_THREADS: \"0\" disables rump kernel threads");
RUMPUSER_LX_PARAM(verbose, RP_VERBOSE,
		  "RUMP_VERBOSE: nonzero for verbose rump kernel boot");
RUMPUSER_LX_PARAM(memlimit, RP_MEMLIMIT,
		  "RUMP_MEMLIMIT: rump kernel memory limit, decimal with optional k/m/g");
RUMPUSER_LX_PARAM(nvnodes, RP_NVNODES, "RUMP_NVNODES: vnode cache size");
RUMPUSER_LX_PARAM(modulebase, RP_MODULEBASE,
		  "RUMP_MODULEBASE: rump kernel module directory");
RUMPUSER_LX_PARAM(blkfail, RP_BLKFAIL,
		  "RUMP_BLKFAIL: block I/O failure injection rate");
RUMPUSER_LX_PARAM(blkfail_seed, RP_BLKFAIL_SEED,
		  "RUMP_BLKFAIL_SEED: seed for block I/O failure injection");
RUMPUSER_LX_PARAM(blksectshift, RP_BLKSECTSHIFT,
		  "RUMP_BLKSECTSHIFT: block device sector size shift");
RUMPUSER_LX_PARAM(nvcpu, RP_NVCPU,
		  "RUMP_NVCPU: virtual CPUs of the rump kernel; unset = host CPUs, at most 4");

static struct rumpuser_lx_param *rumpuser_lx_param_find(const char *name)
{
	int i;

	for (i = 0; i < RP_COUNT; i++)
		if (!strcmp(name, rumpuser_lx_params[i].name))
			return &rumpuser_lx_params[i];
	return NULL;
}

/* Copy a NUL-terminated value; a buffer too small is ERANGE. */
static int rumpuser_lx_param_put(const char *val, void *buf, size_t buflen)
{
	if (strscpy(buf, val, buflen) < 0)
		return RUMPUSER_NB_ERANGE;
	return 0;
}

int rumpuser_getparam(const char *name, void *buf, size_t buflen)
{
	struct rumpuser_lx_param *p = rumpuser_lx_param_find(name);
	char val[RUMPUSER_LX_PARAM_LEN];
	unsigned int n;

	if (!p)
		return name[0] == '_' ? RUMPUSER_NB_EINVAL : RUMPUSER_NB_ENOENT;
	mutex_lock(&rumpuser_lx_param_lock);
	memcpy(val, p->val, sizeof(val));
	mutex_unlock(&rumpuser_lx_param_lock);

	if (p == &rumpuser_lx_params[RP_NCPU]) {
		if (kstrtouint(val, 10, &n) || n == 0)
			n = num_online_cpus();
		snprintf(val, sizeof(val), "%u", n);
	} else if (p == &rumpuser_lx_params[RP_HOSTNAME]) {
		if (!val[0])
			strscpy(val, init_utsname()->nodename, sizeof(val));
		if (!val[0] || !strcmp(val, "(none)"))
			strscpy(val, "rump-linux", sizeof(val));
	} else if (!val[0]) {
		return RUMPUSER_NB_ENOENT;
	}
	return rumpuser_lx_param_put(val, buf, buflen);
}
EXPORT_SYMBOL_GPL(rumpuser_getparam);

int rumpuser_ext_setparam(const char *name, const char *value)
{
	struct rumpuser_lx_param *p = rumpuser_lx_param_find(name);

	if (!p)
		return name[0] == '_' ? RUMPUSER_NB_EINVAL : RUMPUSER_NB_ENOENT;
	return rumpuser_lx_errno(rumpuser_lx_param_store(p, value));
}
EXPORT_SYMBOL_GPL(rumpuser_ext_setparam);
