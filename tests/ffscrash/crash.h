/* SPDX-License-Identifier: GPL-2.0 */
/*
 * crash.h - the tests/ffscrash workload (work.c) as main.c drives it.
 *
 * The console records (KERN_INFO, "rumpffscrash: " prefix) are what the
 * host checks after killing the VM, so their format is an interface with
 * tests/ffscrash/crash.py:
 *   start                       the file system is mounted read-write
 *   durable NAME SIZE SEED      NAME (relative to the file system's root)
 *                               was fsynced holding exactly SIZE bytes of
 *                               fc_fill(SEED) and is never touched again
 *   prefix NAME SIZE SEED       NAME was fsynced with at least SIZE bytes
 *                               whose first SIZE are fc_fill(SEED); it may
 *                               grow after this (appends only)
 *   finished OPS                the operation limit was reached
 *   error WHAT NAME ERRNO       an unexpected failure; the workload stops
 * A record is printed only after the fsync it reports has returned.
 */
#ifndef _TESTS_FFSCRASH_CRASH_H_
#define _TESTS_FFSCRASH_CRASH_H_

#include <linux/types.h>

/* Workload mixes (module parameter mode=). */
enum fc_mode {
	FC_MODE_MIX,		/* all of the below */
	FC_MODE_SMALL,		/* small files + namespace churn */
	FC_MODE_APPEND,		/* big files grown by appends */
	FC_MODE_OVERWRITE,	/* overwrites and truncations */
};

struct fc_params {
	const char *root;	/* the mount point, e.g. "/crash" */
	enum fc_mode mode;
	u64 seed;
	unsigned int ops;	/* stop after this many operations (0: never) */
	unsigned int corrupt;	/* damage the file of this durable record */
	u64 budget;		/* bytes of file data to keep at most */
	bool (*should_stop)(void);
};

/*
 * work.c: run the workload until should_stop() or the operation limit;
 * returns 0 or a negative errno (NetBSD numbering) after an error record.
 */
int fc_work(const struct fc_params *p);

/* Byte off.. of the content generator (identical in crash.py). */
void fc_fill(u8 *buf, u64 off, size_t len, u32 seed);

#endif /* _TESTS_FFSCRASH_CRASH_H_ */
