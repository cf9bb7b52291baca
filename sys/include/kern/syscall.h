/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kern/syscall.h - system call handlers and the component hook of the
 * syscall table.
 *
 * A handler gets the calling lwp, its arguments as register_t slots
 * (NetBSD's LP64 layout) and two result slots; it returns 0 or an errno.
 * The base table (syscalls.c) holds the calls of sys/kern; components
 * (VFS, networking) install theirs at init with syscall_establish() and
 * remove them at fini, so the base needs no knowledge of them.
 */
#ifndef _KERN_SYSCALL_H_
#define _KERN_SYSCALL_H_

#include "kern/types.h"

struct lwp;

typedef int (*sy_call_t)(struct lwp *, const register_t *, register_t *);

/* 0, EINVAL (bad number, or a base call) or EEXIST (taken). */
int syscall_establish(int num, sy_call_t fn);
/* Remove fn from slot num (nothing if another handler is there). */
void syscall_disestablish(int num, sy_call_t fn);

#endif /* _KERN_SYSCALL_H_ */
