// SPDX-License-Identifier: GPL-2.0
/*
 * inode.c - Linux inodes for rump vnodes: one inode per file (keyed by
 * the inode number), holding one vnode reference until it is evicted;
 * attributes copied from the vnode, which stays the truth.
 */
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/stat.h>

#include <rump/rumpvfs_api.h>

#include "compat.h"
#include "rvl.h"

/*
 * NetBSD's dev_t: major in bits 8-19, minor in bits 0-7 and 20-31 (the
 * encoding its FFS stores for device nodes).
 */
static dev_t rvl_dev(u64 nb)
{
	u32 major = (nb >> 8) & 0xfff;
	u32 minor = (nb & 0xff) | ((nb >> 12) & 0xfff00);

	return MKDEV(major, minor);
}

static umode_t rvl_ifmt(u32 vtype)
{
	switch (vtype) {
	case RUMP_VREG:
		return S_IFREG;
	case RUMP_VDIR:
		return S_IFDIR;
	case RUMP_VBLK:
		return S_IFBLK;
	case RUMP_VCHR:
		return S_IFCHR;
	case RUMP_VLNK:
		return S_IFLNK;
	case RUMP_VSOCK:
		return S_IFSOCK;
	case RUMP_VFIFO:
		return S_IFIFO;
	default:
		return 0;
	}
}

static struct timespec64 rvl_ts(const struct rump_timespec *ts)
{
	return (struct timespec64){ .tv_sec = ts->tv_sec,
				    .tv_nsec = ts->tv_nsec };
}

static void rvl_set_attrs(struct inode *inode, const struct rump_vattr *va)
{
	inode->i_mode = rvl_ifmt(va->va_type) | (va->va_mode & 07777);
	set_nlink(inode, va->va_nlink);
	i_uid_write(inode, va->va_uid);
	i_gid_write(inode, va->va_gid);
	i_size_write(inode, va->va_size);
	inode->i_blocks = va->va_bytes >> 9;
	if (va->va_blksize && is_power_of_2(va->va_blksize))
		inode->i_blkbits = ilog2(va->va_blksize);
	rvl_set_times(inode, rvl_ts(&va->va_atime), rvl_ts(&va->va_mtime),
		      rvl_ts(&va->va_ctime));
	RVL_I(inode)->btime = rvl_ts(&va->va_birthtime);
}

/* A symlink's target, read once: it never changes on a read-only fs. */
static int rvl_read_link(struct inode *inode)
{
	size_t done;
	char *buf;
	int error;

	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	error = rvl_errno(rump_vfs_readlink(RVL_I(inode)->vp, buf,
					    PATH_MAX - 1, &done));
	if (error) {
		kfree(buf);
		return error;
	}
	buf[done] = '\0';
	inode->i_link = buf;
	return 0;
}

/*
 * The inode of vnode vp, whose reference is consumed: kept by a new
 * inode, dropped when the inode exists already (it holds its own).
 */
struct inode *rvl_iget(struct super_block *sb, struct vnode *vp)
{
	struct rump_vattr va;
	struct inode *inode;
	int error;

	error = rvl_errno(rump_vfs_getattr(vp, &va));
	if (error)
		goto err_vp;
	if (!rvl_ifmt(va.va_type)) {
		pr_warn_ratelimited("inode %llu: vnode type %u\n",
				    va.va_fileid, va.va_type);
		error = -EIO;
		goto err_vp;
	}
	inode = iget_locked(sb, va.va_fileid);
	if (!inode) {
		error = -ENOMEM;
		goto err_vp;
	}
	if (!(inode->i_state & I_NEW)) {
		rump_vfs_vrele(vp);
		return inode;
	}
	RVL_I(inode)->vp = vp;
	rvl_set_attrs(inode, &va);
	switch (inode->i_mode & S_IFMT) {
	case S_IFREG:
		inode->i_op = &rvl_file_iops;
		inode->i_fop = &rvl_file_fops;
		inode->i_mapping->a_ops = &rvl_aops;
		break;
	case S_IFDIR:
		inode->i_op = &rvl_dir_iops;
		inode->i_fop = &rvl_dir_fops;
		break;
	case S_IFLNK:
		inode->i_op = &rvl_symlink_iops;
		error = rvl_read_link(inode);
		if (error) {
			iget_failed(inode);	/* evict drops vp */
			return ERR_PTR(error);
		}
		break;
	default:
		/* Devices open Linux's driver of rdev; fifos are pipes. */
		inode->i_op = &rvl_special_iops;
		init_special_inode(inode, inode->i_mode, rvl_dev(va.va_rdev));
		break;
	}
	unlock_new_inode(inode);
	return inode;

err_vp:
	rump_vfs_vrele(vp);
	return ERR_PTR(error);
}

int rvl_getattr(struct rvl_idmap *idmap, const struct path *path, struct kstat *stat,
		u32 request_mask, unsigned int flags)
{
	struct inode *inode = d_inode(path->dentry);

	rvl_fillattr(idmap, request_mask, inode, stat);
	stat->btime = RVL_I(inode)->btime;
	stat->result_mask |= STATX_BTIME;
	return 0;
}

const struct inode_operations rvl_special_iops = {
	.getattr = rvl_getattr,
};
