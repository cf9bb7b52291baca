/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kern/kthread.h - kernel threads.
 *
 * kthread_create() starts func(arg) on a new host thread bound to a new
 * lwp of proc0, holding a CPU (and the big lock unless KTHREAD_MPSAFE).
 * The thread ends with kthread_exit(ecode) or by returning from func.
 * KTHREAD_MUSTJOIN threads stay until kthread_join(l) collects them (and
 * their exit code); others vanish when they end.  Shutdown waits for every
 * kernel thread: long-running ones must be stopped by their owner first.
 */
#ifndef _KERN_KTHREAD_H_
#define _KERN_KTHREAD_H_

#include "kern/types.h"

struct lwp;
struct cpu_info;

#define KTHREAD_IDLE	0x01
#define KTHREAD_MPSAFE	0x02
#define KTHREAD_INTR	0x04
#define KTHREAD_TS	0x08
#define KTHREAD_MUSTJOIN 0x20

#define PRI_NONE	(-1)

int kthread_create(int pri, int flags, struct cpu_info *ci,
		   void (*func)(void *), void *arg, struct lwp **lp,
		   const char *fmt, ...) __printflike(7, 8);
void kthread_exit(int ecode) __dead;
int kthread_join(struct lwp *l);
/* Kernel threads that have not finished yet. */
int kthread_nrunning(void);

#endif /* _KERN_KTHREAD_H_ */
