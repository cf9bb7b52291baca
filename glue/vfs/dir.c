// SPDX-License-Identifier: GPL-2.0
/*
 * dir.c - directories: lookup into the dcache, readdir.
 *
 * Readdir positions: the rump kernel hands out a cookie only after a
 * batch of entries, not after each one, so a position is that cookie
 * (where the batch started) times 256 plus the number of entries of the
 * batch already returned.  A batch is at most 2 KiB of records of at
 * least 16 bytes, so fewer than 256 entries.  Positions are stable as
 * long as the directory does not change, which on a read-only mount is
 * always (telldir/seekdir work).
 */
#include <linux/fs.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>
#include <rump/rumpvfs_api.h>

#include "rvl.h"

#define RVL_DIRBUF 2048
#define RVL_POS_SHIFT 8

static struct dentry *rvl_lookup(struct inode *dir, struct dentry *dentry,
				 unsigned int flags)
{
	struct inode *inode = NULL;
	struct vnode *vp;
	int error;

	if (dentry->d_name.len > NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	error = rump_vfs_lookup(RVL_I(dir)->vp, dentry->d_name.name, &vp);
	if (error == 0) {
		inode = rvl_iget(dir->i_sb, vp);
		if (IS_ERR(inode))
			return ERR_CAST(inode);
	} else if (error != RUMP_ENOENT) {
		return ERR_PTR(rvl_errno(error));
	}
	/* A NULL inode makes a negative dentry: ENOENT cached. */
	return d_splice_alias(inode, dentry);
}

static int rvl_iterate(struct file *file, struct dir_context *ctx)
{
	struct vnode *vp = RVL_I(file_inode(file))->vp;
	u64 cookie, next;
	unsigned int skip, n;
	size_t done, off;
	char *buf;
	int eof, error = 0;

	if (ctx->pos < 0)
		return -EINVAL;
	buf = kmalloc(RVL_DIRBUF, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	cookie = (u64)ctx->pos >> RVL_POS_SHIFT;
	skip = ctx->pos & ((1 << RVL_POS_SHIFT) - 1);
	for (;;) {
		next = cookie;
		error = rvl_errno(rump_vfs_readdir(vp, &next, buf, RVL_DIRBUF,
						   &done, &eof));
		if (error || done == 0)
			break;
		for (off = 0, n = 0; off < done; n++) {
			struct rump_dirent *d = (void *)(buf + off);

			if (d->d_reclen == 0 || off + d->d_reclen > done) {
				error = -EIO;
				goto out;
			}
			off += d->d_reclen;
			if (n < skip)
				continue;
			/* RUMP_DT_* are the DT_* numbers of both systems. */
			if (!dir_emit(ctx, d->d_name, d->d_namlen, d->d_fileno,
				      d->d_type))
				goto out;
			ctx->pos = (cookie << RVL_POS_SHIFT) | (n + 1);
		}
		if (skip > n) {
			/* A position this directory never handed out. */
			error = -EINVAL;
			break;
		}
		if (!eof && next == cookie) {
			/* no progress: a corrupt directory must not loop us */
			pr_warn_ratelimited("readdir: directory cookie %llu does not advance\n",
					    cookie);
			error = -EIO;
			break;
		}
		cookie = next;
		skip = 0;
		ctx->pos = cookie << RVL_POS_SHIFT;
		if (eof)
			break;
		if (fatal_signal_pending(current)) {
			error = -EINTR;
			break;
		}
	}
out:
	kfree(buf);
	return error;
}

const struct inode_operations rvl_dir_iops = {
	.lookup = rvl_lookup,
	.getattr = rvl_getattr,
};

const struct file_operations rvl_dir_fops = {
	.llseek = generic_file_llseek,
	.read = generic_read_dir,
	.iterate_shared = rvl_iterate,
};
