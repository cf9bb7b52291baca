/* SPDX-License-Identifier: GPL-2.0 */
/*
 * thread.h - rumpuser_thread_create/exit/join on kthreads.
 */
#ifndef _RUMPUSER_LX_THREAD_H
#define _RUMPUSER_LX_THREAD_H

#include <linux/compiler.h>

struct rumpuser_lx_task;

/* Host locks tracked per thread, to be given back when a halt ends it. */
enum rumpuser_lx_lock_kind {
	RUMPUSER_LX_LOCK_MUTEX,
	RUMPUSER_LX_LOCK_READ,
	RUMPUSER_LX_LOCK_WRITE,
};

/* thread.c */
struct rumpuser_lx_task *rumpuser_lx_thread_task(void);
bool rumpuser_lx_thread_is_self(void);
bool rumpuser_lx_thread_must_end(void);
unsigned int rumpuser_lx_wait_state(void);
void rumpuser_lx_held_push(void *lock, enum rumpuser_lx_lock_kind kind);
void rumpuser_lx_held_pop(void *lock);
void __noreturn rumpuser_lx_thread_end(void);
/*
 * Never returns, but is not declared __noreturn: objtool (6.1) cannot see
 * that a function of another object file does not return and would take
 * the caller for one that falls through into the next function.
 */
void rumpuser_lx_thread_end_halted(void);
void rumpuser_lx_thread_kill_all(void);
int rumpuser_lx_thread_reap(void);

#endif /* _RUMPUSER_LX_THREAD_H */
