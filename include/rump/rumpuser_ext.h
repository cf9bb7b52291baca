/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rumpuser_ext.h - linux-rump extensions to the rumpuser interface.
 *
 * Not part of NetBSD's version 17 ABI: a rump kernel built for that ABI
 * never calls these, and runs without them.  Our own rump kernel and the
 * test suites use them where a host that outlives the rump kernel (the
 * Linux kernel) needs more than a process does.  Both hosts (rumpuser.ko
 * and librumpuser.a) implement every call here.
 */
#ifndef _RUMP_RUMPUSER_EXT_H_
#define _RUMP_RUMPUSER_EXT_H_

#include <rump/rumpuser.h>

/*
 * Detach the rump kernel from the hypercall layer after an orderly
 * shutdown: every thread it created has exited (joinable ones joined) and
 * every mutex, rwlock, condvar, open fd and allocation it made has been
 * destroyed, closed or freed.  Objects still outstanding are reported
 * (console) and counted; the call then resets the layer so rumpuser_init()
 * may be called again (a fresh rump kernel).  Also clears the dead state
 * left by rumpuser_exit(RUMPUSER_PANIC).
 * Returns 0, or EBUSY (nothing reset) while threads created through
 * rumpuser_thread_create() are still running.  Called with no CPU held.
 */
int rumpuser_ext_fini(void);

/*
 * Stop the hypercall layer's own helper threads (the block I/O completion
 * workers).  They hold lwps of the rump kernel and release them through
 * the upcalls on the way out, so the rump kernel calls this during
 * shutdown while its scheduler still works: after all its I/O completed,
 * before it frees lwps and CPUs, with no CPU held (the workers need one).
 * Idempotent; rumpuser_ext_fini() does it too when it was not done (then
 * the scheduler must still work at fini).  A later rumpuser_bio() starts
 * the workers again.  Returns 0.
 */
int rumpuser_ext_quiesce(void);

/*
 * Run fn(arg) on the calling thread such that, if the rump kernel dies on
 * this thread inside fn (rumpuser_exit(): a panic or a halt), the thread
 * comes back here instead of never returning.  Returns 0 when fn returned,
 * ENXIO (NetBSD numbering) when the rump kernel died inside it; then
 * rumpuser_ext_dead() tells a panic from a halt and the thread has no
 * curlwp any more.  Guards nest.  Whatever the rump kernel held on this
 * thread (its locks, its memory) is abandoned with the dead kernel.
 *
 * In the Linux kernel this is how a task the hypercall layer did not
 * create (a module's init, a process in a system call) survives a rump
 * kernel panic: without a guard it cannot be ended from a module and is
 * parked for good.  Threads made by rumpuser_thread_create() need none.
 * Not available on every host architecture: ENOTSUP (86) means fn was not
 * run.
 */
int rumpuser_ext_guard(void (*fn)(void *), void *arg);

/*
 * Set a host parameter for the next rump kernel boot (the rump kernel
 * reads them in rump_init()): the names of rumpuser_getparam(), value NULL
 * to unset.  _RUMPUSER_NCPU takes a decimal (0 or unset = the host's CPUs).
 * In Linux these are rumpuser.ko's module parameters (also writable in
 * /sys/module/rumpuser/parameters/); on POSIX hosts the environment
 * (RUMP_NCPU and RUMP_HOSTNAME for the two "_" names).  Returns 0,
 * ENOENT for a name the host does not keep, EINVAL for an unknown "_"
 * name or a bad value, ERANGE for a value too long.
 */
int rumpuser_ext_setparam(const char *name, const char *value);

/*
 * The errno last set with rumpuser_seterrno() by the calling thread (NetBSD
 * numbering).  On POSIX hosts this is errno; in the Linux kernel, where
 * there is no errno, callers of rump_sys_*() read it here.
 */
int rumpuser_ext_geterrno(void);

/* 1 once rumpuser_exit(RUMPUSER_PANIC) was called, until rumpuser_ext_fini(). */
int rumpuser_ext_dead(void);

/*
 * Outstanding objects of the hypercall layer, for leak checks: counts of
 * objects created and not yet destroyed.
 */
struct rumpuser_ext_stats {
	int64_t	mem_bytes;	/* rumpuser_malloc() bytes not yet freed */
	int64_t	mem_blocks;	/* rumpuser_malloc() blocks not yet freed */
	int64_t	map_bytes;	/* rumpuser_anonmmap() bytes not unmapped */
	int64_t	mutexes;
	int64_t	rwlocks;
	int64_t	condvars;
	int64_t	threads;	/* created and not yet exited or joined */
	int64_t	fds;		/* rumpuser_open() fds not yet closed */
	int64_t	bios;		/* rumpuser_bio() requests not yet completed */
	int64_t	lwps;		/* threads with a curlwp set */
};
void rumpuser_ext_getstats(struct rumpuser_ext_stats *);

#endif /* _RUMP_RUMPUSER_EXT_H_ */
