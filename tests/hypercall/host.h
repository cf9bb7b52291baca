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
/*
 * A block device the bio tests may overwrite, or NULL.  Then
 * host_no_disk() says why, and *failure whether that is a failure of the
 * blk_* cases (the host should have given one) or a reason to skip them.
 */
const char *host_disk(void);
const char *host_no_disk(int *failure);
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
 * Run fn() in a child process (fn ends it, e.g. with rumpuser_exit()).
 * Returns what host_child_exit() does; processes only.
 */
int host_child_run(void (*fn)(void));
/*
 * 1 when a SIGUSR1 (NetBSD number 30) sent to the process is caught by a
 * handler that interrupts system calls (no SA_RESTART); processes only.
 */
int host_sigusr1_caught(void);
/* Stress iteration scale in percent: sanitizers make locks much slower. */
int host_stress_pct(void);
/*
 * NULL when rumpuser_ext_guard() must work on this host, else why it has
 * no guards here by design.
 */
const char *host_no_guards(void);
/*
 * 1 when this run was asked to break the suite's own rumpuser_init() on
 * purpose ($RUMPUSER_TEST_BREAK_INIT=1, break_init=1): every case that
 * needs the layer must then report "not ok", never a skip.
 */
int host_break_init(void);

/* Host errors for the errno translation cases (conf_errno.c). */
enum host_err {
	HOST_ERR_NONE,		/* no error: the open succeeds */
	HOST_ERR_AGAIN,		/* the host's EAGAIN: NetBSD 35 */
	HOST_ERR_NOMATCH,	/* a host error NetBSD has no counterpart of */
	HOST_ERR_OUTSIDE,	/* a value outside every errno of the host */
};
/*
 * Put into path a name whose rumpuser_open(RDONLY) by the calling thread
 * fails on the host with the error kind (for HOST_ERR_NONE: succeeds).
 * Returns 0 or HOST_UNSUPPORTED.  In a process this is a seccomp filter
 * on the calling thread, which stays until the thread ends: call it from
 * a thread made for the purpose.  In the kernel it is a debugfs file of
 * the test module whose open fails with that error.
 */
int host_open_fails(enum host_err kind, char *path, size_t len);

#endif /* _TESTS_HYPERCALL_HOST_H_ */
