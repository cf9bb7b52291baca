// SPDX-License-Identifier: BSD-2-Clause
/*
 * host.h - the little the hypercall conformance suite needs from its host
 * beyond the rumpuser interface.  The only file of the suite that knows
 * whether it is built for the Linux kernel or for a process.
 *
 * The host_*() functions are implemented by main_user.c and main_kmod.c;
 * those that make sense on one host only report HOST_UNSUPPORTED on the
 * other, and the cases that need them skip.
 */
#ifndef _TESTS_HYPERCALL_HOST_H_
#define _TESTS_HYPERCALL_HOST_H_

#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/types.h>
#define HOST_IN_KERNEL 1
#else
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#define HOST_IN_KERNEL 0
#endif

#define HOST_UNSUPPORTED (-1000)

/* Path prefix for scratch files the suite may create (writable place). */
const char *host_scratch(void);
/* A block device the bio tests may overwrite, or NULL. */
const char *host_disk(void);
/* The host's wall clock, seconds since the epoch. */
int64_t host_realtime_sec(void);
/* CPUs online on the host. */
int host_online_cpus(void);
/* Set (value != NULL) or unset an environment variable; processes only. */
int host_setenv(const char *name, const char *value);
/*
 * Run rumpuser_exit(value) in a child process.  Returns the exit status
 * (>= 0) or minus the signal number that killed it; processes only.
 */
int host_child_exit(int value);
/*
 * 1 when a SIGUSR1 (NetBSD number 30) sent to the process is caught by a
 * handler that interrupts system calls (no SA_RESTART); processes only.
 */
int host_sigusr1_caught(void);
/* Stress iteration scale in percent: sanitizers make locks much slower. */
int host_stress_pct(void);

#endif /* _TESTS_HYPERCALL_HOST_H_ */
