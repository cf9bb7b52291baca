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
	/* optional: called for each inode loaded (pristine target search) */
	void (*hook)(void *arg, const struct ffs_inode *ip);
	void *hookarg;
};
void tf_walk_fs(struct ffs_core *fs, struct tf_walk *w);
/* Mount + walk one image in memory (the fuzzer's and mutator's unit). */
int tf_mount_walk(const uint8_t *data, uint64_t len, struct tf_walk *w,
		  char *why, size_t whylen);
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
/* Replay fuzzer crashers and corpus through tf_mount_walk. */
void tf_host_corpus(void);

/* Write tests (write_user.c): a mkrwimages.sh image, read-only mapped. */
const uint8_t *tf_host_rwimage(const char *name, uint64_t *lenp);
/* rumpffs fsck of an image in memory: its exit status (0 = clean). */
int tf_host_fsck(const uint8_t *data, uint64_t len);

/* ---- the suite (t_main.c) ------------------------------------------------ */
int tf_run(const char *only);

#endif /* _TESTS_FFS_TF_H_ */
