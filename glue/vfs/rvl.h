/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rvl.h - private header of rumpvfs_linux: Linux file-system types whose
 * superblock holds one rump mount and whose inodes each hold one
 * referenced rump vnode.  The rump kernel checks the on-disk format and
 * does all file-system work; this module only translates.
 */
#ifndef RVL_H
#define RVL_H

#include <linux/fs.h>
#include <linux/fs_parser.h>

#include "compat.h"

struct vnode;
struct rump_component;
struct rump_vattr;

/*
 * One Linux file-system type served by one rump file-system type.  A
 * new rump file system is one more entry in rvl_types[] (main.c).
 */
struct rvl_type {
	struct file_system_type fst;	/* .name is the Linux type name */
	const char *rump_type;		/* the rump kernel's (RUMP_MOUNT_*) */
	/*
	 * The component that implements rump_type: referencing it makes
	 * modprobe load its module before this one.
	 */
	struct rump_component *component;
	unsigned long magic;		/* statfs f_type */
};

/* Per mount: where the rump kernel has it mounted. */
struct rvl_sb {
	const struct rvl_type *type;
	int id;				/* names of the rump side: */
	char dev[32];			/* etfs node of the source */
	char dir[32];			/* rump mount point */
	bool mounted;
	bool force;			/* mount option "force" */
};

struct rvl_inode {
	struct vnode *vp;		/* referenced while the inode lives */
	struct timespec64 btime;
	struct inode vfs_inode;
};

static inline struct rvl_inode *RVL_I(struct inode *inode)
{
	return container_of(inode, struct rvl_inode, vfs_inode);
}

static inline struct rvl_sb *RVL_SB(struct super_block *sb)
{
	return sb->s_fs_info;
}

/* super.c */
int rvl_init_fs_context(struct fs_context *fc);
void rvl_kill_sb(struct super_block *sb);
int rvl_inode_cache_init(void);
void rvl_inode_cache_exit(void);

/* inode.c */
struct inode *rvl_iget(struct super_block *sb, struct vnode *vp);
extern const struct inode_operations rvl_special_iops;
int rvl_getattr(struct rvl_idmap *idmap, const struct path *path, struct kstat *stat,
		u32 request_mask, unsigned int flags);

/* dir.c */
extern const struct inode_operations rvl_dir_iops;
extern const struct file_operations rvl_dir_fops;

/* file.c */
extern const struct inode_operations rvl_file_iops;
extern const struct inode_operations rvl_symlink_iops;
extern const struct file_operations rvl_file_fops;
extern const struct address_space_operations rvl_aops;

/* errno.c: a NetBSD errno (0 included) as a negative Linux one. */
int rvl_errno(int nb_errno);

/* main.c */
const struct rvl_type *rvl_type_of(struct file_system_type *fst);

#endif /* RVL_H */
