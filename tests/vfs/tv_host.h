/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tv_host.h - what the lanes' host sides (main_user.c, main_kmod.c)
 * provide to and call in the tests/vfs suite (see tv.h for the meaning).
 */
#ifndef _TESTS_VFS_TV_HOST_H_
#define _TESTS_VFS_TV_HOST_H_

int tv_run(const char *only);
int tv_host_setparam(const char *name, const char *val);
const char *tv_host_disk(void);
int tv_host_booted_at_start(void);
void *tv_host_thread(void (*fn)(void *farg), void *arg);
void tv_host_join(void *cookie);

#endif /* _TESTS_VFS_TV_HOST_H_ */
