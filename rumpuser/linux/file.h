/* SPDX-License-Identifier: GPL-2.0 */
/*
 * file.h - the fd table behind rumpuser_open() and friends.
 *
 * An fd is a small integer naming a struct rumpuser_lx_fd.  The table holds
 * one reference; every operation in progress (including an asynchronous
 * rumpuser_bio()) holds another, so a close racing with I/O never frees the
 * file under it.
 */
#ifndef _RUMPUSER_LX_FILE_H
#define _RUMPUSER_LX_FILE_H

#include <linux/rcupdate.h>
#include <linux/refcount.h>

struct file;
struct block_device;

struct rumpuser_lx_fd {
	refcount_t ref;
	struct file *filp;
	/* the device under filp when opened with BIO: I/O via submit_bio */
	struct block_device *bdev;
	struct rcu_head rcu;
};

/* file.c */
struct rumpuser_lx_fd *rumpuser_lx_fd_get(int fd);
void rumpuser_lx_fd_put(struct rumpuser_lx_fd *f);
void rumpuser_lx_file_fini(void);

#endif /* _RUMPUSER_LX_FILE_H */
