// SPDX-License-Identifier: GPL-2.0
/*
 * super.c - mounting: the fs_context of a rump file-system type, the
 * rump mount behind each superblock, statfs, unmount.
 *
 * Source model: no FS_REQUIRES_DEV.  The source string reaches the rump
 * kernel as it is and is opened there (etfs node -> rumpuser_open ->
 * filp_open), so a block device and an image file both work, and a loop
 * device set up by mount(8) is just another block device.
 *
 * Each superblock has a rump mount point /rvlN (N from an IDA), removed
 * at unmount, and a rump device node /dev/rvlN for the time of the
 * rump mount call.
 */
#include <linux/fs_context.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/statfs.h>

#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>
#include <rump/rumpfs_ffs.h>
#include <rump/rumpuser_ext.h>
#include <rump/rumpvfs.h>
#include <rump/rumpvfs_api.h>

#include "rvl.h"

static DEFINE_IDA(rvl_ids);
static struct kmem_cache *rvl_inode_cachep;

/*
 * Options of the file system itself.  ro/rw/sync and the mount flags
 * (noatime, relatime, nosuid, ...) are handled by the VFS; anything not
 * in this table is refused by it with EINVAL and "Unknown parameter
 * 'name'" in the fs_context log.
 *
 * force: mount although the file system is not clean (for FFS: a WAPBL
 * journal that needs replay, which the rump FFS cannot do yet; the
 * metadata read is then the stale one).  Read-only mounts only.
 */
enum { Opt_force };

static const struct fs_parameter_spec rvl_params[] = {
	fsparam_flag("force", Opt_force),
	{}
};

static int rvl_parse_param(struct fs_context *fc, struct fs_parameter *param)
{
	struct rvl_sb *rs = fc->s_fs_info;
	struct fs_parse_result result;
	int opt;

	opt = fs_parse(fc, rvl_params, param, &result);
	if (opt < 0)
		return opt;
	switch (opt) {
	case Opt_force:
		/*
		 * It decided the mount; a remount (mount(8) repeats the
		 * options) leaves it as it was.
		 */
		if (fc->purpose != FS_CONTEXT_FOR_RECONFIGURE)
			rs->force = true;
		break;
	}
	return 0;
}

static int rvl_show_options(struct seq_file *m, struct dentry *root)
{
	if (RVL_SB(root->d_sb)->force)
		seq_puts(m, ",force");
	return 0;
}

/* The rump kernel's errno of its last failed system call, as Linux's. */
static int rvl_sys_errno(void)
{
	return rvl_errno(rumpuser_ext_geterrno());
}

static void rvl_rump_unmount(struct rvl_sb *rs)
{
	int error;

	if (rs->mounted && rump_sys_unmount(rs->dir, 0) != 0) {
		/*
		 * Linux has dropped every inode, so no vnode of ours is
		 * referenced: a refusal is the rump kernel's, force it.
		 */
		error = rumpuser_ext_geterrno();
		pr_warn("unmounting %s: rump errno %d, forcing\n", rs->dir,
			error);
		if (rump_sys_unmount(rs->dir, RUMP_MNT_FORCE) != 0)
			pr_err("forced unmount of %s failed: rump errno %d\n",
			       rs->dir, rumpuser_ext_geterrno());
	}
	rs->mounted = false;
	rump_sys_rmdir(rs->dir);
}

static void rvl_free_sb(struct rvl_sb *rs)
{
	if (rs->id >= 0)
		ida_free(&rvl_ids, rs->id);
	kfree(rs);
}

static int rvl_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	struct rvl_inode *ri = RVL_I(d_inode(dentry));
	struct rump_statvfs *sv;
	int error;

	/* 3 KiB of path names in it: not on the stack. */
	sv = kmalloc(sizeof(*sv), GFP_KERNEL);
	if (!sv)
		return -ENOMEM;
	error = rvl_errno(rump_vfs_statvfs(ri->vp, sv));
	if (!error) {
		buf->f_type = RVL_SB(dentry->d_sb)->type->magic;
		buf->f_bsize = sv->f_bsize;
		buf->f_frsize = sv->f_frsize;
		buf->f_blocks = sv->f_blocks;
		buf->f_bfree = sv->f_bfree;
		buf->f_bavail = sv->f_bavail;
		buf->f_files = sv->f_files;
		buf->f_ffree = sv->f_ffree;
		buf->f_namelen = sv->f_namemax;
		buf->f_fsid.val[0] = sv->f_fsidx.__fsid_val[0];
		buf->f_fsid.val[1] = sv->f_fsidx.__fsid_val[1];
	}
	kfree(sv);
	return error;
}

static struct inode *rvl_alloc_inode(struct super_block *sb)
{
	struct rvl_inode *ri = alloc_inode_sb(sb, rvl_inode_cachep,
					      GFP_KERNEL);

	if (!ri)
		return NULL;
	ri->vp = NULL;
	return &ri->vfs_inode;
}

static void rvl_free_inode(struct inode *inode)
{
	if (S_ISLNK(inode->i_mode))
		kfree(inode->i_link);
	kmem_cache_free(rvl_inode_cachep, RVL_I(inode));
}

static void rvl_evict_inode(struct inode *inode)
{
	struct rvl_inode *ri = RVL_I(inode);

	truncate_inode_pages_final(&inode->i_data);
	clear_inode(inode);
	if (ri->vp) {
		rump_vfs_vrele(ri->vp);
		ri->vp = NULL;
	}
}

static const struct super_operations rvl_sops = {
	.alloc_inode = rvl_alloc_inode,
	.free_inode = rvl_free_inode,
	.evict_inode = rvl_evict_inode,
	.statfs = rvl_statfs,
	.show_options = rvl_show_options,
};

static int rvl_fill_super(struct super_block *sb, struct fs_context *fc)
{
	struct rvl_sb *rs = sb->s_fs_info;
	struct ufs_args args;
	struct vnode *rootvp;
	struct inode *root;
	int error;

	/*
	 * EROFS, not EINVAL: mount(8) (util-linux and busybox) then retries
	 * read-only by itself, as for a write-protected device.
	 */
	if (!(fc->sb_flags & SB_RDONLY)) {
		errorfc(fc, "%s: read-write not supported yet", fc->source);
		return -EROFS;
	}
	error = rvl_errno(rump_pub_etfs_register(rs->dev, fc->source,
						 RUMP_ETFS_BLK));
	if (error) {
		errorfc(fc, "%s: cannot open: %d", fc->source, error);
		return error;
	}
	if (rump_sys_mkdir(rs->dir, 0755) != 0) {
		error = rvl_sys_errno();
		goto err_etfs;
	}
	/* Every NetBSD disk file system's mount data starts with fspec. */
	args.fspec = rs->dev;
	if (rump_sys_mount(rs->type->rump_type, rs->dir, RUMP_MNT_RDONLY |
			   (rs->force ? RUMP_MNT_FORCE : 0),
			   &args, sizeof(args)) != 0) {
		error = rvl_sys_errno();
		errorfc(fc, "%s: the rump %s refused it (%d, see the kernel log)",
			fc->source, rs->type->rump_type, error);
		goto err_dir;
	}
	rs->mounted = true;
	/*
	 * The device node was needed for the mount only.  Unnamed now, the
	 * rump kernel frees it (closing the host device or file) when the
	 * file system lets go of it at unmount; named, its vnode would stay
	 * cached with the host device open after the umount.
	 */
	rump_pub_etfs_remove(rs->dev);
	/*
	 * A bdi of our own: readahead (the no-op one has none).  Before the
	 * root vnode is taken, so that no failure below leaves it referenced.
	 */
	error = super_setup_bdi(sb);
	if (error)
		goto err_mount;
	/* A mount point as a path yields the root of what is mounted. */
	error = rvl_errno(rump_vfs_namei(NULL, rs->dir, 1, &rootvp));
	if (error)
		goto err_mount;
	sb->s_op = &rvl_sops;
	sb->s_magic = rs->type->magic;
	sb->s_maxbytes = MAX_LFS_FILESIZE;
	sb->s_time_gran = 1;
	sb->s_blocksize = PAGE_SIZE;
	sb->s_blocksize_bits = PAGE_SHIFT;
	sb->s_flags |= SB_RDONLY;
	root = rvl_iget(sb, rootvp);	/* consumes the reference */
	if (IS_ERR(root)) {
		error = PTR_ERR(root);
		goto err_mount;
	}
	sb->s_root = d_make_root(root);
	if (!sb->s_root) {
		error = -ENOMEM;
		goto err_mount;
	}
	return 0;

err_mount:
	/* kill_sb runs after a failed fill_super and finishes the job. */
	return error;
err_dir:
	rump_sys_rmdir(rs->dir);
err_etfs:
	rump_pub_etfs_remove(rs->dev);
	return error;
}

static int rvl_get_tree(struct fs_context *fc)
{
	if (!fc->source || !*fc->source)
		return invalfc(fc, "no source given");
	return get_tree_nodev(fc, rvl_fill_super);
}

static int rvl_reconfigure(struct fs_context *fc)
{
	if (!(fc->sb_flags & SB_RDONLY)) {
		errorfc(fc, "read-write not supported yet");
		return -EROFS;
	}
	return 0;
}

static void rvl_free_fc(struct fs_context *fc)
{
	if (fc->s_fs_info)
		rvl_free_sb(fc->s_fs_info);
}

static const struct fs_context_operations rvl_fc_ops = {
	.parse_param = rvl_parse_param,
	.get_tree = rvl_get_tree,
	.reconfigure = rvl_reconfigure,
	.free = rvl_free_fc,
};

int rvl_init_fs_context(struct fs_context *fc)
{
	struct rvl_sb *rs;

	if (fc->purpose == FS_CONTEXT_FOR_RECONFIGURE) {
		fc->ops = &rvl_fc_ops;
		return 0;
	}
	rs = kzalloc(sizeof(*rs), GFP_KERNEL);
	if (!rs)
		return -ENOMEM;
	rs->type = rvl_type_of(fc->fs_type);
	rs->id = ida_alloc(&rvl_ids, GFP_KERNEL);
	if (rs->id < 0) {
		kfree(rs);
		return -ENOMEM;
	}
	snprintf(rs->dev, sizeof(rs->dev), "/dev/rvl%d", rs->id);
	snprintf(rs->dir, sizeof(rs->dir), "/rvl%d", rs->id);
	fc->s_fs_info = rs;
	fc->ops = &rvl_fc_ops;
	return 0;
}

void rvl_kill_sb(struct super_block *sb)
{
	struct rvl_sb *rs = RVL_SB(sb);

	/* Evicts every inode: each drops its vnode reference first. */
	kill_anon_super(sb);
	if (rs) {
		if (rs->mounted)
			rvl_rump_unmount(rs);
		rvl_free_sb(rs);
	}
}

static void rvl_inode_init_once(void *p)
{
	struct rvl_inode *ri = p;

	inode_init_once(&ri->vfs_inode);
}

int rvl_inode_cache_init(void)
{
	rvl_inode_cachep = kmem_cache_create("rvl_inode",
					     sizeof(struct rvl_inode), 0,
					     SLAB_RECLAIM_ACCOUNT |
					     SLAB_ACCOUNT,
					     rvl_inode_init_once);
	return rvl_inode_cachep ? 0 : -ENOMEM;
}

void rvl_inode_cache_exit(void)
{
	/* Inodes are freed after an RCU grace period. */
	rcu_barrier();
	kmem_cache_destroy(rvl_inode_cachep);
}
