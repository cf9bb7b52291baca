/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tfv_host.h - what the lanes' host sides (main_user.c, main_kmod.c)
 * provide to and call in the tests/ffsvfs suite (see tfv.h for the
 * meaning).  No types beyond C's, so both sides can include it.
 */
#ifndef _TESTS_FFSVFS_TFV_HOST_H_
#define _TESTS_FFSVFS_TFV_HOST_H_

int tfv_run(const char *only);
const char *tfv_host_path(const char *name);
const char *tfv_host_mutant(int i);
/* 1 when a rump kernel was booted as the suite started (kernel lane). */
int tfv_host_booted_at_start(void);
void *tfv_host_thread(void (*fn)(void *farg), void *arg);
void tfv_host_join(void *cookie);
int tfv_hold(const char *hostpath, _Bool on);
/* Check an acceptance image with the host's readers: 0 if all agree. */
int tfv_host_check(const char *name);

#endif /* _TESTS_FFSVFS_TFV_HOST_H_ */
