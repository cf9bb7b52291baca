/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tf.h - shared by the parts of tests/ffs: the portable checks (t_*.c,
 * compiled like sys/), the host side (*_user.c: images, source-tree
 * comparison) and the fuzzer.  Only <rump/rump_types.h> types, so both
 * sides can include it.
 */
#ifndef _TESTS_FFS_TF_H_
#define _TESTS_FFS_TF_H_

#include <rump/rump_types.h>

#include "ffs_core.h"

/* ---- portable helpers (t_walk.c) ---------------------------------------- */
/* A device backed by memory. */
struct tf_mem {
	const uint8_t *data;
	uint64_t len;
};
int tf_memread(void *ctx, uint64_t off, void *buf, size_t len);
void tf_memdev(struct ffs_dev *dev, struct tf_mem *m);

/* Full walk: every directory listed, every inode loaded, file data read
 * (holes skipped with seekdata, at most budget bytes per file), links
 * read, names looked up again.  Errors are counted, never fatal. */
struct tf_walk {
	uint64_t budget;	/* bytes read per file at most */
	uint64_t maxinodes;	/* stop after this many inodes */
	/* results */
	uint64_t ninodes, ndirs, nfiles, nlinks, bytes;
	uint64_t nerrors;
	int firsterr;
	/* then mount a copy read-write and change it (tf_write_phase) */
	bool write;
	unsigned nwrites;	/* write-phase operations that succeeded */
	/* optional: called for each inode loaded (pristine target search) */
	void (*hook)(void *arg, const struct ffs_inode *ip);
	void *hookarg;
};
void tf_walk_fs(struct ffs_core *fs, struct tf_walk *w);
/* Mount + walk one image in memory (the fuzzer's and mutator's unit). */
int tf_mount_walk(const uint8_t *data, uint64_t len, struct tf_walk *w,
		  char *why, size_t whylen);
/*
 * Mount a copy of the image read-write (if the core accepts it) and
 * change it: files created, written, truncated, renamed, removed, in the
 * root and in the first directories and files found; unmount, then walk
 * the result read-only.  Errors are expected on corrupt images; crashes,
 * sanitizer reports and leaks are not.  Returns successful operations.
 * Needs a booted rump kernel and the caller on one of its CPUs.
 */
unsigned tf_write_phase(const uint8_t *data, uint64_t len);
/* Is e an error a corrupt image may legitimately produce? */
bool tf_clean_error(int e);

/* Expected content of FreeBSD's /file3: line i = %015x\n. */
void tf_file3_bytes(uint64_t off, uint8_t *buf, size_t len);

/* ---- host services (main_user.c) ---------------------------------------- */
/* Load an image (name without .img) into memory; NULL if unavailable. */
const uint8_t *tf_host_image(const char *name, uint64_t *lenp);
/* Compare a makefs image with its source tree (compare_user.c). */
void tf_host_compare(const char *image);
int tf_host_have_makefs_images(void);
/* The shared FFS test data directory (../shared/testdata/ffs). */
const char *tf_host_testdata(void);
/* Replay fuzzer crashers and corpus through tf_mount_walk. */
void tf_host_corpus(void);

/* Write tests (write_user.c): a mkrwimages.sh image, read-only mapped. */
const uint8_t *tf_host_rwimage(const char *name, uint64_t *lenp);
/* rumpffs fsck of an image in memory: its exit status (0 = clean). */
int tf_host_fsck(const uint8_t *data, uint64_t len);
/* ---- host read-write devices (dev_user.c) ------------------------------ */
/*
 * A device over a temporary file (deleted by _free; FFS_KEEP_RW=1 keeps
 * it): a copy of a test image (name as for tf_host_image), or a fresh
 * image made by makefs with the given options and size (-s).
 */
struct tf_rwdev;
struct tf_rwdev_stats {
	uint64_t reads, writes, syncwrites, flushes, bytes;
	uint64_t badio;		/* requests out of range or malformed */
	uint64_t failed;	/* writes failed on purpose */
};
struct tf_rwdev *tf_host_rwdev(const char *name);
struct tf_rwdev *tf_host_rwdev_mkfs(const char *opts, const char *size);
/* Fill in dev for it (rw: with write and flush). */
void tf_host_rwdev_dev(struct tf_rwdev *d, struct ffs_dev *dev, bool rw);
/*
 * cache: delayed writes stay in memory until flush; fail_after: writes
 * after that many fail with EIO; crash_after: writes after that many are
 * lost (with the cache) at tf_host_rwdev_crash.  -1 = never.
 */
void tf_host_rwdev_mode(struct tf_rwdev *d, bool cache, int64_t fail_after,
			int64_t crash_after);
void tf_host_rwdev_crash(struct tf_rwdev *d);
void tf_host_rwdev_stats(const struct tf_rwdev *d, struct tf_rwdev_stats *st);
const char *tf_host_rwdev_path(const struct tf_rwdev *d);
void tf_host_rwdev_free(struct tf_rwdev *d);
/*
 * rumpffs fsck on the device's file (unmounted, or at least flushed): its
 * exit status (0 clean, 1 leaks only, 2 errors, 8 cannot check), the
 * report shown as diagnostics unless clean.  Nothing is tolerated: what
 * a crash may leave is exactly fsck's leak class (tools/rumpffs/fsck.h).
 */
int tf_host_rwdev_fsck(const struct tf_rwdev *d, int *leaks, int *errors);

/* ---- the suite (t_main.c) ------------------------------------------------ */
#define TF_NS_NCASES	24	/* cases in tf_ns_cases (t_ns.c) */
int tf_run(const char *only);

#endif /* _TESTS_FFS_TF_H_ */
