// SPDX-License-Identifier: GPL-2.0
/*
 * file.c - regular files through Linux's page cache (read_folio fills a
 * page from the rump vnode), so read, mmap, exec, sendfile and splice
 * are Linux's generic ones; symlinks.
 */
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/pagemap.h>

#include <rump/rumpvfs_api.h>

#include "compat.h"
#include "rvl.h"

/*
 * Called with the folio locked.  The rump kernel reads through its own
 * buffer cache and block device, never through this file's page cache,
 * so holding the folio lock across the call cannot deadlock.
 */
static int rvl_read_folio(struct file *file, struct folio *folio)
{
	struct inode *inode = folio->mapping->host;
	loff_t pos = folio_pos(folio);
	size_t len = folio_size(folio), done = 0;
	loff_t size = i_size_read(inode);
	int error = 0;
	char *p;

	p = kmap_local_folio(folio, 0);
	if (pos < size) {
		error = rvl_errno(rump_vfs_read(RVL_I(inode)->vp, p,
						min_t(loff_t, len, size - pos),
						pos, &done));
	}
	memset(p + done, 0, len - done);
	kunmap_local(p);
	if (!error) {
		flush_dcache_folio(folio);
		folio_mark_uptodate(folio);
	}
	folio_unlock(folio);
	return error;
}

const struct address_space_operations rvl_aops = {
	.read_folio = rvl_read_folio,
};

const struct file_operations rvl_file_fops = {
	.llseek = generic_file_llseek,
	.read_iter = generic_file_read_iter,
	.mmap = generic_file_readonly_mmap,
	.splice_read = rvl_splice_read,
	.fsync = noop_fsync,
};

const struct inode_operations rvl_file_iops = {
	.getattr = rvl_getattr,
};

const struct inode_operations rvl_symlink_iops = {
	.get_link = simple_get_link,
	.getattr = rvl_getattr,
};
