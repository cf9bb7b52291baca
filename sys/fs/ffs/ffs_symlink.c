// SPDX-License-Identifier: BSD-2-Clause
/*
 * ffs_symlink.c - symlink targets.
 *
 * Short targets (length < fs_maxsymlinklen: 60 bytes on UFS1, 120 on
 * UFS2) live in the inode's block-pointer area, as bytes (never
 * byte-swapped); longer ones are file data.  iget bounded the length
 * below MAXPATHLEN; a target containing a NUL cannot have been made by
 * symlink(2), so it is reported as corrupt.
 */
#include "ffs_fs.h"

int
ffs_core_readlink(struct ffs_core *fs, const struct ffs_inode *ip, char *buf,
		  size_t buflen, size_t *len)
{
	char *tmp;
	size_t n, i, done;
	int error;

	*len = 0;
	if ((ip->mode & FFS_IFMT) != FFS_IFLNK)
		return EINVAL;
	n = (size_t)ip->size;		/* < FFS_MAXPATHLEN (iget) */
	tmp = kmem_alloc(n + 1, KM_SLEEP);
	if (tmp == NULL)
		return ENOMEM;
	if (ip->size < fs->maxsymlinklen) {
		memcpy(tmp, ip->raw + (fs->ufs == 1 ? DI1_DB : DI2_DB), n);
	} else {
		error = ffs_core_read(fs, ip, 0, tmp, n, &done);
		if (error == 0 && done != n)
			error = EIO;
		if (error) {
			kmem_free(tmp, n + 1);
			return error;
		}
	}
	for (i = 0; i < n; i++)
		if (tmp[i] == '\0') {
			kmem_free(tmp, n + 1);
			return EIO;
		}
	if (n > buflen)
		n = buflen;
	memcpy(buf, tmp, n);
	*len = n;
	kmem_free(tmp, (size_t)ip->size + 1);
	return 0;
}
