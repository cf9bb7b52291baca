/* SPDX-License-Identifier: GPL-2.0 */
/*
 * thread.h - rumpuser_thread_create/exit/join on kthreads.
 */
#ifndef _RUMPUSER_LX_THREAD_H
#define _RUMPUSER_LX_THREAD_H

#include <linux/compiler.h>

struct rumpuser_lx_task;

/* thread.c */
struct rumpuser_lx_task *rumpuser_lx_thread_task(void);
bool rumpuser_lx_thread_is_self(void);
void __noreturn rumpuser_lx_thread_end(void);
int rumpuser_lx_thread_reap(void);

#endif /* _RUMPUSER_LX_THREAD_H */
