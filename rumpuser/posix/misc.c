// SPDX-License-Identifier: BSD-2-Clause
/*
 * misc.c - initialisation, termination, errno, signals, and the optional
 * calls this host does not provide (component discovery, daemonisation,
 * the syscall proxy).
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rumpuser_posix_int.h"

struct rumpuser_hyperup rumpuser__hyp;
static int rumpuser__inited;
int rumpuser__dead;

int rumpuser_init(int version, const struct rumpuser_hyperup *hyp)
{
	if (version != RUMPUSER_VERSION) {
		rumpuser_dprintf("rumpuser: interface version %d requested, "
				 "this is version %d\n", version,
				 RUMPUSER_VERSION);
		return 1;
	}
	/* Once per rump kernel; rumpuser_ext_fini() allows the next one. */
	if (rumpuser__inited)
		return NB_EBUSY;
	/* By value: the caller's table may be temporary. */
	rumpuser__hyp = *hyp;
	rumpuser__inited = 1;
	return 0;
}

void rumpuser__init_reset(void)
{
	memset(&rumpuser__hyp, 0, sizeof(rumpuser__hyp));
	rumpuser__inited = 0;
	__atomic_store_n(&rumpuser__dead, 0, __ATOMIC_RELEASE);
}

void rumpuser_exit(int value)
{
	if (value == RUMPUSER_PANIC) {
		__atomic_store_n(&rumpuser__dead, 1, __ATOMIC_RELEASE);
		rumpuser_dprintf("rump kernel halted: panic\n");
		rumpuser__guard_unwind();
		/* As on NetBSD: a core dump of the whole process is wanted. */
		abort();
	}
	rumpuser__guard_unwind();
	exit(value);
}

void rumpuser_seterrno(int error)
{
	errno = error;
}

/* NetBSD signal numbers to host ones; 0 for "no such signal here". */
static int sig_nb2host(int sig)
{
	static const int map[] = {
		[1] = SIGHUP,	[2] = SIGINT,	[3] = SIGQUIT,	[4] = SIGILL,
		[5] = SIGTRAP,	[6] = SIGABRT,	[8] = SIGFPE,	[9] = SIGKILL,
		[10] = SIGBUS,	[11] = SIGSEGV,	[12] = SIGSYS,	[13] = SIGPIPE,
		[14] = SIGALRM,	[15] = SIGTERM,	[16] = SIGURG,	[17] = SIGSTOP,
		[18] = SIGTSTP,	[19] = SIGCONT,	[20] = SIGCHLD,	[21] = SIGTTIN,
		[22] = SIGTTOU,	[23] = SIGIO,	[24] = SIGXCPU,	[25] = SIGXFSZ,
		[26] = SIGVTALRM, [27] = SIGPROF, [28] = SIGWINCH,
		[30] = SIGUSR1,	[31] = SIGUSR2,
	};

	if (sig == 0)
		return 0;
	if (sig < 0 || sig >= (int)(sizeof(map) / sizeof(map[0])))
		return -1;
	return map[sig] ? map[sig] : -1;
}

int rumpuser_kill(int64_t pid, int sig)
{
	int hsig = sig_nb2host(sig);

	if (hsig < 0)
		return NB_EINVAL;
	/*
	 * PID_SELF is directed at the process, not raise()d on the calling
	 * thread: the rump kernel sends it from whatever thread noticed the
	 * condition, and the application chooses who handles it.
	 */
	if (pid == RUMPUSER_PID_SELF)
		pid = getpid();
	if (kill((pid_t)pid, hsig) == -1)
		return rumpuser__errtrans(errno);
	return 0;
}

/*
 * librumpuser is a static library: components are linked in and register
 * through the rump kernel's own link sets, so there is nothing to discover.
 */
void rumpuser_dl_bootstrap(rump_modinit_fn domodinit, rump_symload_fn symload,
			   rump_compload_fn compload,
			   rump_evcntattach_fn evcntattach)
{
	(void)domodinit;
	(void)symload;
	(void)compload;
	(void)evcntattach;
}

/*
 * Daemonising is left to the application (a library should not fork the
 * process it lives in); the interlock is then trivially satisfied.
 */
int rumpuser_daemonize_begin(void)
{
	return 0;
}

int rumpuser_daemonize_done(int error)
{
	(void)error;
	return 0;
}

/* No syscall proxy on this host: remote clients are not supported. */
int rumpuser_sp_init(const char *url, const char *ostype,
		     const char *osrelease, const char *machine)
{
	(void)url;
	(void)ostype;
	(void)osrelease;
	(void)machine;
	return NB_ENOSYS;
}

int rumpuser_sp_copyin(void *arg, const void *raddr, void *laddr, size_t len)
{
	(void)arg;
	(void)raddr;
	(void)laddr;
	(void)len;
	return NB_ENOSYS;
}

int rumpuser_sp_copyinstr(void *arg, const void *raddr, void *laddr,
			  size_t *lenp)
{
	(void)arg;
	(void)raddr;
	(void)laddr;
	(void)lenp;
	return NB_ENOSYS;
}

int rumpuser_sp_copyout(void *arg, const void *laddr, void *raddr, size_t len)
{
	(void)arg;
	(void)laddr;
	(void)raddr;
	(void)len;
	return NB_ENOSYS;
}

int rumpuser_sp_copyoutstr(void *arg, const void *laddr, void *raddr,
			   size_t *lenp)
{
	(void)arg;
	(void)laddr;
	(void)raddr;
	(void)lenp;
	return NB_ENOSYS;
}

int rumpuser_sp_anonmmap(void *arg, size_t howmuch, void **addr)
{
	(void)arg;
	(void)howmuch;
	(void)addr;
	return NB_ENOSYS;
}

int rumpuser_sp_raise(void *arg, int signo)
{
	(void)arg;
	(void)signo;
	return NB_ENOSYS;
}

void rumpuser_sp_fini(void *arg)
{
	(void)arg;
}
