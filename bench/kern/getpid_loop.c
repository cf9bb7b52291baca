// SPDX-License-Identifier: BSD-2-Clause
/*
 * getpid_loop - what a getpid system call costs a process in this guest,
 * user/kernel crossing included, in ns per call.
 *
 *   bench-getpid [N]
 *
 * Times ROUNDS rounds of N (default 1000000) raw syscall(SYS_getpid)
 * calls (no libc caching) with CLOCK_MONOTONIC and prints
 * "<median> <min> <max> <rounds>" in ns per call, one decimal, on stdout.
 * bench/kern prints it as a FIGURE without a ratio: the rump side of the
 * getpid figures is called from a kernel thread, which pays no crossing.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 5

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
	double t[ROUNDS];
	long i, pid = getpid(), bad = 0;
	int r;

	if (n <= 0) {
		fprintf(stderr, "usage: %s [N > 0]\n", argv[0]);
		return 2;
	}
	for (r = 0; r < ROUNDS; r++) {
		t[r] = now_ns();
		for (i = 0; i < n; i++)
			bad += syscall(SYS_getpid) != pid;
		t[r] = (now_ns() - t[r]) / (double)n;
	}
	if (bad) {
		fprintf(stderr, "getpid returned another pid %ld times\n", bad);
		return 1;
	}
	qsort(t, ROUNDS, sizeof(t[0]), cmp);
	printf("%.1f %.1f %.1f %d\n", t[ROUNDS / 2], t[0], t[ROUNDS - 1],
	       ROUNDS);
	return 0;
}
