/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kern/proc.h - virtual CPUs, lwps, processes and credentials.
 *
 * A host thread runs kernel code only while bound to an lwp (curlwp, kept
 * by the hypercall layer) and holding a virtual CPU (curcpu()).  An lwp
 * keeps its CPU until it blocks in a hypercall or leaves the kernel, so
 * code between two blocking points runs on one CPU, and per-CPU data
 * needs no lock against other CPUs' users while there.
 */
#ifndef _KERN_PROC_H_
#define _KERN_PROC_H_

#include "kern/types.h"
#include "kern/lock.h"

struct filedesc;
struct fileops;
struct uspace_ops;

#define MAXCPUS		64
#define MAXCOMLEN	16

struct cpu_info {
	unsigned ci_index;
	struct lwp *ci_curlwp;		/* holder, NULL when free */
	int ci_busy;			/* atomic: 1 while held */
	uint64_t ci_nsched;		/* times taken (holder only) */
	void *ci_percpu;		/* percpu.c storage */
	char ci_pad[64];		/* keep CPUs' hot fields apart */
};

extern struct cpu_info cpu_infos[MAXCPUS];
extern int ncpu;

/* The credentials of a process (the subset the kernel knows so far). */
struct kauth_cred {
	unsigned cr_refcnt;
	uid_t cr_uid, cr_euid, cr_svuid;
	gid_t cr_gid, cr_egid, cr_svgid;
};
typedef struct kauth_cred *kauth_cred_t;
kauth_cred_t kauth_cred_alloc(void);
kauth_cred_t kauth_cred_dup(kauth_cred_t);
void kauth_cred_hold(kauth_cred_t);
void kauth_cred_free(kauth_cred_t);

struct proc {
	pid_t p_pid;
	struct proc *p_pptr;		/* parent (NULL for proc0) */
	pid_t p_ppid;
	kmutex_t p_lock;		/* p_cred, p_nlwps, p_lwps */
	kauth_cred_t p_cred;		/* replaced, never modified, under p_lock */
	struct filedesc *p_fd;
	int p_nlwps;
	struct lwp *p_lwps;		/* list of the process's lwps */
	struct proc *p_next;		/* allproc list */
	const struct uspace_ops *p_uops; /* copyin/out; NULL = kernel space */
	void *p_ucookie;
	char p_comm[MAXCOMLEN + 1];
	char p_cwd[8];			/* placeholder until VFS exists */
	void *p_vfs;			/* VFS component's state (cwd) */
};

/*
 * Process life-cycle hooks of a component that keeps per-process state
 * (the VFS: the current directory).  ph_fork runs in lwproc_rfork() for
 * the new process before it becomes visible (an error fails the fork);
 * ph_exit when a process is freed, after its descriptors are closed.
 * Neither runs for proc0.  One set at a time; NULL removes it.
 */
struct proc_hooks {
	int (*ph_fork)(struct proc *parent, struct proc *child);
	void (*ph_exit)(struct proc *p);
};
void proc_hooks_set(const struct proc_hooks *ph);
/*
 * Close every descriptor, in every process, whose file has the given
 * operations: a component going away (module unload, shutdown before the
 * processes are freed) must not leave files whose fo_close it can no
 * longer run.
 */
void proc_revoke_files(const struct fileops *ops);

/* lwp flags */
#define LW_SYSTEM	0x0001	/* kernel thread */
#define LW_TEMP		0x0002	/* implicit lwp, freed at unschedule */
#define LW_RELEASE	0x0004	/* release at the next unschedule */
#define LW_MUSTJOIN	0x0008	/* kthread: joined by kthread_join */
#define LW_MPSAFE	0x0010	/* kthread: runs without the big lock */

struct lwp {
	struct proc *l_proc;
	struct cpu_info *l_cpu;		/* CPU held, or last held */
	int l_flags;
	int l_lid;
	int l_biglocks;			/* big kernel lock depth */
	bool l_oncpu;
	int l_bound;			/* atomic: bound to a host thread */
	struct lwp *l_next;		/* in l_proc->p_lwps */
	/* kthreads */
	void *l_thrcookie;		/* rumpuser_thread_create() cookie */
	void (*l_func)(void *);
	void *l_arg;
	int l_exitcode;
	char l_name[MAXCOMLEN + 1];
};

extern struct proc proc0;
extern struct lwp lwp0;

#define curlwp		(rumpuser_curlwp())
#define curproc		(curlwp->l_proc)
#define curcpu()	(curlwp->l_cpu)
#define cpu_index(ci)	((ci)->ci_index)
#define cpu_number()	(curcpu()->ci_index)
#define kauth_cred_get() (curproc->p_cred)

/* kern_proc.c */
struct lwp *lwp_create_in(struct proc *p, int flags, const char *name);
void lwp_free(struct lwp *l);		/* unbound lwp */
/* Bind l to the calling host thread (panics if bound elsewhere)/unbind. */
void lwp_bind(struct lwp *l);
void lwp_unbind(struct lwp *l);
/* Bind l to the calling thread, which runs on curcpu() with no lwp. */
void lwproc_switch(struct lwp *newl);
int lwproc_rfork(int flags, const char *comm);
int lwproc_newlwp(pid_t pid);
void lwproc_release(void);

/*
 * Per-CPU data (percpu.c).  A reference from percpu_getref() is valid
 * until percpu_putref() and only while the lwp keeps its CPU: do not
 * block in between.
 */
typedef struct percpu percpu_t;
percpu_t *percpu_alloc(size_t size);
void percpu_free(percpu_t *pc, size_t size);
void *percpu_getref(percpu_t *pc);
void percpu_putref(percpu_t *pc);
void percpu_foreach(percpu_t *pc, void (*fn)(void *, void *, struct cpu_info *),
		    void *arg);

#endif /* _KERN_PROC_H_ */
