/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kern/rumpkern.h - internals of the kernel base shared between its files:
 * the boot and shutdown steps of each subsystem, and the scheduler's
 * entry points.  Components use the service headers, not this one.
 */
#ifndef _KERN_RUMPKERN_H_
#define _KERN_RUMPKERN_H_

#include "kern/types.h"

struct lwp;
struct cpu_info;

/* Boot parameters (rump.c). */
extern int rump_booted_flag;

/* scheduler.c */
int sched_init(int ncpu);
void sched_fini(void);
void sched_cpu_acquire(struct lwp *l);
void sched_cpu_release(struct lwp *l);
void giant_init(void);
void giant_fini(void);
void hyp_backend_unschedule(int nlocks, int *countp, void *interlock);
void hyp_backend_schedule(int nlocks, void *interlock);

/* kmem.c */
void kmem_sys_init(int64_t limit);
/* Report leaks; returns the bytes still allocated. */
int64_t kmem_sys_fini(void);

/* kern_proc.c */
int proc_sys_init(void);
void proc_sys_fini(void);
/* lwps and processes created through the public API, for shutdown. */
struct lwp *lwp_alloc_temp(void);
void lwp_release_bound(struct lwp *l);

/* kern_synch.c */
int sleepq_sys_init(void);
void sleepq_sys_fini(void);

/* kern_timeout.c */
int callout_sys_init(void);
void callout_sys_fini(void);

/* kern_softint.c */
int softint_sys_init(void);
void softint_sys_fini(void);

/* kern_descrip.c */
int file_sys_init(void);
void file_sys_fini(void);

/* kern_kthread.c */
void kthread_sys_init(void);
/* Wait for every kernel thread to finish (shutdown). */
void kthread_sys_drain(void);

/* syscalls.c */
int hyp_syscall(int num, void *args, long *retval);

/* rump.c */
void rump_component_fini_all(void);
int rump_component_init_all(void);

#endif /* _KERN_RUMPKERN_H_ */
