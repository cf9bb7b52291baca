// SPDX-License-Identifier: BSD-2-Clause
/*
 * vfs_etfs.c - etfs ("extra-terrestrial file system"): a host file or
 * device exposed as a node of the root rumpfs, NetBSD's
 * rump_pub_etfs_register().  RUMP_ETFS_REG gives a regular file whose
 * contents are the host file's; RUMP_ETFS_BLK a block device (cached by
 * the buffer cache), RUMP_ETFS_CHR a raw device (uncached), both usable
 * as the device of a disk file system mount.
 */
#include "vfs/vfs.h"
#include "kern/systm.h"

#include <rump/rump.h>
#include <rump/rumpvfs.h>

int rump_pub_etfs_register(const char *key, const char *hostpath,
			   enum rump_etfs_type ftype)
{
	enum vtype type;
	int error;

	switch (ftype) {
	case RUMP_ETFS_REG:
		type = VREG;
		break;
	case RUMP_ETFS_BLK:
		type = VBLK;
		break;
	case RUMP_ETFS_CHR:
		type = VCHR;
		break;
	case RUMP_ETFS_DIR:
	case RUMP_ETFS_DIR_SUBDIRS:
		return EOPNOTSUPP;	/* host directories: not yet */
	default:
		return EINVAL;
	}
	if (key == NULL || hostpath == NULL || key[0] != '/' ||
	    strnlen(key, MAXPATHLEN) >= MAXPATHLEN)
		return EINVAL;
	if (!rump_booted() || rootvnode == NULL)
		return ENXIO;
	rump_schedule();
	error = rumpfs_mknod_etfs(key, type, hostpath, 0);
	rump_unschedule();
	return error;
}

int rump_pub_etfs_remove(const char *key)
{
	int error;

	if (key == NULL)
		return EINVAL;
	if (!rump_booted() || rootvnode == NULL)
		return ENXIO;
	rump_schedule();
	error = rumpfs_remove_etfs(key);
	rump_unschedule();
	return error;
}
