// SPDX-License-Identifier: BSD-2-Clause
/*
 * getpid_loop - the reference for the rump_sys_getpid() figures: the cost
 * of a Linux getpid system call made by a process, in ns per call.
 *
 *   bench-getpid [N]
 *
 * Times N (default 1000000) raw syscall(SYS_getpid) calls (no libc
 * caching) with CLOCK_MONOTONIC, best of 3 rounds, and prints the ns per
 * call with one decimal on stdout, nothing else.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 3

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
	double best = 0, t;
	long i, pid = getpid(), bad = 0;
	int r;

	if (n <= 0) {
		fprintf(stderr, "usage: %s [N > 0]\n", argv[0]);
		return 2;
	}
	for (r = 0; r < ROUNDS; r++) {
		t = now_ns();
		for (i = 0; i < n; i++)
			bad += syscall(SYS_getpid) != pid;
		t = now_ns() - t;
		if (r == 0 || t < best)
			best = t;
	}
	if (bad) {
		fprintf(stderr, "getpid returned another pid %ld times\n", bad);
		return 1;
	}
	printf("%.1f\n", best / (double)n);
	return 0;
}
