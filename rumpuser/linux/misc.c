// SPDX-License-Identifier: GPL-2.0
/*
 * misc.c - signals, daemonizing, component discovery and the syscall proxy.
 *
 * Inside Linux there is no host process to signal or daemonize, and rump
 * components are separate modules that register with the rump kernel base
 * when they load (see README.md), so there is nothing to discover.  The
 * syscall proxy for remote clients is not provided: ENOSYS.
 */
#include <linux/printk.h>

#include "rumpuser_int.h"

/*
 * The "host process" of a rump kernel in Linux is the kernel itself, which
 * must not be signalled.  RUMPUSER_PID_SELF is logged and ignored; other
 * pids would be remote clients, which do not exist without the proxy.
 */
int rumpuser_kill(int64_t pid, int sig)
{
	if (pid == RUMPUSER_PID_SELF) {
		pr_info_ratelimited("rump kernel raised signal %d on itself; ignored\n",
				    sig);
		return 0;
	}
	return RUMPUSER_NB_ESRCH;
}
EXPORT_SYMBOL_GPL(rumpuser_kill);

int rumpuser_daemonize_begin(void)
{
	return 0;
}
EXPORT_SYMBOL_GPL(rumpuser_daemonize_begin);

int rumpuser_daemonize_done(int error)
{
	return 0;
}
EXPORT_SYMBOL_GPL(rumpuser_daemonize_done);

void rumpuser_dl_bootstrap(rump_modinit_fn domodinit,
			   rump_symload_fn symload,
			   rump_compload_fn compload,
			   rump_evcntattach_fn doevcntattach)
{
	/* components register themselves when their module loads */
}
EXPORT_SYMBOL_GPL(rumpuser_dl_bootstrap);

int rumpuser_sp_init(const char *url, const char *ostype,
		     const char *osrelease, const char *machine)
{
	return RUMPUSER_NB_ENOSYS;
}
EXPORT_SYMBOL_GPL(rumpuser_sp_init);

int rumpuser_sp_copyin(void *arg, const void *raddr, void *laddr, size_t len)
{
	return RUMPUSER_NB_ENOSYS;
}
EXPORT_SYMBOL_GPL(rumpuser_sp_copyin);

int rumpuser_sp_copyinstr(void *arg, const void *raddr, void *laddr,
			  size_t *lenp)
{
	return RUMPUSER_NB_ENOSYS;
}
EXPORT_SYMBOL_GPL(rumpuser_sp_copyinstr);

int rumpuser_sp_copyout(void *arg, const void *laddr, void *raddr,
			size_t len)
{
	return RUMPUSER_NB_ENOSYS;
}
EXPORT_SYMBOL_GPL(rumpuser_sp_copyout);

int rumpuser_sp_copyoutstr(void *arg, const void *laddr, void *raddr,
			   size_t *lenp)
{
	return RUMPUSER_NB_ENOSYS;
}
EXPORT_SYMBOL_GPL(rumpuser_sp_copyoutstr);

int rumpuser_sp_anonmmap(void *arg, size_t howmuch, void **addr)
{
	return RUMPUSER_NB_ENOSYS;
}
EXPORT_SYMBOL_GPL(rumpuser_sp_anonmmap);

int rumpuser_sp_raise(void *arg, int signo)
{
	return RUMPUSER_NB_ENOSYS;
}
EXPORT_SYMBOL_GPL(rumpuser_sp_raise);

void rumpuser_sp_fini(void *arg)
{
}
EXPORT_SYMBOL_GPL(rumpuser_sp_fini);
