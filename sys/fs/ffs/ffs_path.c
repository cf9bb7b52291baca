// SPDX-License-Identifier: BSD-2-Clause
/*
 * ffs_path.c - path resolution on top of lookup and readlink, for tools,
 * tests and the fuzzer (the VFS layer has its own namei).
 *
 * The remaining path is kept in one MAXPATHLEN buffer; a symlink met on
 * the way replaces the component with its target followed by the rest
 * (from the root for absolute targets, else from the directory holding
 * the link).  At most FFS_MAXSYMLINKS expansions, then ELOOP, so a link
 * cycle cannot loop; the component count is bounded by the buffer.
 */
#include "ffs_fs.h"

#define FFS_MAXSYMLINKS	32

int
ffs_core_namei(struct ffs_core *fs, uint64_t start, const char *path,
	       int flags, uint64_t *inop)
{
	struct ffs_inode *dp, *ip;
	char *pbuf, *lbuf;
	size_t plen, pos, clen, llen, rest;
	uint64_t cur, ino;
	int error, nlinks = 0;

	plen = strnlen(path, FFS_MAXPATHLEN);
	if (plen >= FFS_MAXPATHLEN)
		return ENAMETOOLONG;
	if (plen == 0)
		return ENOENT;
	pbuf = kmem_alloc(FFS_MAXPATHLEN, KM_SLEEP);
	lbuf = kmem_alloc(FFS_MAXPATHLEN, KM_SLEEP);
	dp = kmem_alloc(sizeof(*dp), KM_SLEEP);
	ip = kmem_alloc(sizeof(*ip), KM_SLEEP);
	if (pbuf == NULL || lbuf == NULL || dp == NULL || ip == NULL) {
		error = ENOMEM;
		goto out;
	}
	memcpy(pbuf, path, plen + 1);
	cur = pbuf[0] == '/' ? FFS_ROOTINO : start;
	pos = 0;
	error = ffs_core_iget(fs, cur, dp);
	while (error == 0) {
		while (pbuf[pos] == '/')
			pos++;
		if (pbuf[pos] == '\0')
			break;			/* dp is the result */
		if ((dp->mode & FFS_IFMT) != FFS_IFDIR) {
			error = ENOTDIR;
			break;
		}
		for (clen = 0; pbuf[pos + clen] != '\0' &&
		     pbuf[pos + clen] != '/'; clen++)
			;
		error = ffs_core_lookup(fs, dp, pbuf + pos, clen, &ino, NULL);
		if (error)
			break;
		error = ffs_core_iget(fs, ino, ip);
		if (error)
			break;
		pos += clen;
		rest = plen - pos;	/* bytes after the component */
		if ((ip->mode & FFS_IFMT) == FFS_IFLNK &&
		    (rest > 0 || (flags & FFS_FOLLOW))) {
			if (++nlinks > FFS_MAXSYMLINKS) {
				error = ELOOP;
				break;
			}
			error = ffs_core_readlink(fs, ip, lbuf,
						  FFS_MAXPATHLEN, &llen);
			if (error)
				break;
			if (llen == 0) {
				error = ENOENT;
				break;
			}
			if (llen + rest >= FFS_MAXPATHLEN) {
				error = ENAMETOOLONG;
				break;
			}
			/* target + rest of the path, resolved from dp */
			memmove(pbuf + llen, pbuf + pos, rest + 1);
			memcpy(pbuf, lbuf, llen);
			plen = llen + rest;
			pos = 0;
			if (pbuf[0] == '/')
				error = ffs_core_iget(fs, FFS_ROOTINO, dp);
			continue;
		}
		memcpy(dp, ip, sizeof(*dp));
	}
	if (error == 0)
		*inop = dp->ino;
out:
	if (pbuf)
		kmem_free(pbuf, FFS_MAXPATHLEN);
	if (lbuf)
		kmem_free(lbuf, FFS_MAXPATHLEN);
	if (dp)
		kmem_free(dp, sizeof(*dp));
	if (ip)
		kmem_free(ip, sizeof(*ip));
	return error;
}
