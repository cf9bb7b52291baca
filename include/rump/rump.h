/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rump.h - the public API of the rump kernel: boot, shutdown, entering the
 * kernel, process and lwp contexts, components.  Names and semantics follow
 * NetBSD's rump API so that programs written for it port with little
 * change; system calls are in <rump/rump_syscalls.h>, their constants in
 * <rump/rumpdefs.h>.
 *
 * Every function here may be called by any host thread that is not
 * currently inside the rump kernel (they enter and leave it themselves),
 * except rump_schedule()/rump_unschedule(), which are that entry and exit.
 */
#ifndef _RUMP_RUMP_H_
#define _RUMP_RUMP_H_

#include <rump/rump_types.h>

struct lwp;

/* ---- boot and shutdown ---------------------------------------------- */

/*
 * Boot the rump kernel.  Returns 0 or a NetBSD errno (EBUSY if it is
 * already running).  Parameters come from rumpuser_getparam():
 *
 *   _RUMPUSER_NCPU      host CPUs; the kernel runs min(that, 4) virtual
 *                       CPUs unless RUMP_NVCPU says otherwise
 *   RUMP_NVCPU          number of virtual CPUs (1..64), overrides the above
 *   _RUMPUSER_HOSTNAME  the kernel's hostname
 *   RUMP_MEMLIMIT       bytes of kernel memory (kmem) allowed, optional
 *                       k/m/g suffix; allocations beyond fail cleanly
 *   RUMP_VERBOSE        nonzero: print a boot banner on the console
 *
 * After rump_sys_reboot() (or rump_shutdown()) the kernel may be booted
 * again with rump_init(): nothing survives a shutdown but the component
 * registrations.
 */
int rump_init(void);

/*
 * Orderly shutdown, as rump_sys_reboot(RUMP_RB_HALT, NULL) but without
 * the errno side channel: stops every kernel thread, runs the components'
 * fini hooks, closes every descriptor, frees all kernel memory, detaches
 * from the hypercall layer.  Returns 0 or EBUSY (threads of the caller's
 * still inside the kernel, or a component refused to go).  The caller must
 * not be inside the kernel and must not hold an lwp of it.
 */
int rump_shutdown(void);

/* 1 while the kernel is booted (between rump_init() and shutdown). */
int rump_booted(void);

/* ---- entering the kernel -------------------------------------------- */

/*
 * Take a virtual CPU for the calling host thread, giving it a temporary
 * lwp (in proc0) if it has none bound.  May block until a CPU is free.
 * rump_unschedule() gives the CPU back and frees a temporary lwp.
 * Only code that calls the kernel's internal interfaces directly needs
 * these: rump_sys_*() and the functions below do it themselves.
 */
void rump_schedule(void);
void rump_unschedule(void);

/* ---- processes and lwps --------------------------------------------- */

/* rump_lwproc_rfork() flags: the new process's descriptor table is ... */
#define RUMP_RFFDG	0x04	/* ... a copy of the parent's */
#define RUMP_RFCFDG	0x1000	/* ... empty */
				/* 0: shared with the parent */

/*
 * Create a process, child of the caller's current process (proc0 if the
 * caller has no lwp), with one lwp, and bind that lwp to the calling host
 * thread.  Credentials are inherited.  Returns 0 or an errno.
 */
int rump_lwproc_rfork(int flags);

/* Create a new lwp in process pid (0 = proc0) and bind it. 0 or errno. */
int rump_lwproc_newlwp(pid_t pid);

/*
 * Bind l (created by this API and not bound to another thread) to the
 * calling thread, or with NULL unbind the current one (the thread then
 * uses temporary lwps again).  The previous lwp stays alive.
 */
void rump_lwproc_switch(struct lwp *l);

/*
 * Unbind and free the calling thread's lwp.  A process whose last lwp is
 * released exits: its descriptors are closed.
 */
void rump_lwproc_releaselwp(void);

/* The lwp bound to the calling thread, or NULL. */
struct lwp *rump_lwproc_curlwp(void);

/* ---- components ----------------------------------------------------- */

/*
 * A component is a piece of the kernel with init (and fini) hooks run at
 * a given level.  Levels run in increasing order at boot and in reverse
 * order at shutdown.
 *
 * The rule: a component registered before rump_init() is initialised
 * during boot in level order (registration order within a level).  A
 * component registered while the kernel runs (a module loaded later) is
 * initialised at once, in the registering thread.  It stays registered
 * across shutdown and reboot (fini at shutdown, init again at boot) until
 * rump_component_unregister(), which runs its fini if it is initialised.
 *
 * Registration before rump_init() must not race with rump_init() itself
 * (in Linux, rumpkern.ko boots at load, so every other module registers
 * after boot; in a process, register from main() or a constructor).
 * After boot, registration and unregistration are thread-safe.
 * Hooks run inside the kernel, holding a CPU, with an lwp of proc0.
 */
enum rump_component_type {
	RUMP_COMPONENT_KERN,		/* base services (kern) */
	RUMP_COMPONENT_DEV,		/* devices */
	RUMP_COMPONENT_VFS,		/* file systems */
	RUMP_COMPONENT_NET,		/* networking */
	RUMP_COMPONENT_POSTINIT,	/* after everything else */
	RUMP_COMPONENT_MAX
};

struct rump_component {
	int rc_type;			/* enum rump_component_type */
	const char *rc_name;
	int (*rc_init)(void);		/* 0 or errno; errno aborts boot */
	void (*rc_fini)(void);		/* may be NULL */
	/* private to the kernel */
	struct rump_component *rc_next;
	int rc_state;
};

/* 0, EINVAL (bad type), EEXIST (already registered) or the init error. */
int rump_component_register(struct rump_component *rc);
void rump_component_unregister(struct rump_component *rc);

/* ---- diagnostics ---------------------------------------------------- */

/*
 * Scheduler counters: virtual CPUs, host threads holding one now, and the
 * most ever held at once since boot (or the last reset).  The watermark
 * can never exceed ncpu; tests check that.
 */
struct rump_sched_stats {
	int ncpu;
	int running;
	int maxrunning;
	uint64_t nschedule;	/* CPU acquisitions */
	uint64_t nblocked;	/* acquisitions that had to wait */
};
void rump_sched_getstats(struct rump_sched_stats *st, int reset);

/* Kernel memory counters (kmem and pools), in bytes. */
struct rump_mem_stats {
	int64_t inuse;		/* allocated and not freed */
	int64_t peak;
	int64_t limit;		/* RUMP_MEMLIMIT; 0 = none */
	uint64_t nfail;		/* allocations refused */
};
void rump_mem_getstats(struct rump_mem_stats *st);

#endif /* _RUMP_RUMP_H_ */
