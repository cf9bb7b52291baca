// SPDX-License-Identifier: GPL-2.0
/*
 * file.c - regular files through Linux's page cache (read_folio fills a
 * page from the rump vnode), so read, mmap, exec, sendfile and splice
 * are Linux's generic ones; symlinks.
 */
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/pagemap.h>
#include <linux/slab.h>

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

/*
 * Readahead: one rump read for the whole window (a rump call per page
 * costs a kernel entry and a block-map walk each), copied into the
 * folios.  Without memory for the window, nothing is done here and the
 * pages are read one by one by read_folio.
 */
static void rvl_readahead(struct readahead_control *rac)
{
	struct inode *inode = rac->mapping->host;
	loff_t pos = readahead_pos(rac), size = i_size_read(inode);
	size_t len = readahead_length(rac), done = 0, off = 0, want = 0;
	struct folio *folio;
	bool complete;
	int error = 0;
	char *buf, *p;

	buf = kvmalloc(len, GFP_KERNEL);
	if (!buf)
		return;
	if (pos < size) {
		want = min_t(loff_t, len, size - pos);
		error = rump_vfs_read(RVL_I(inode)->vp, buf, want, pos, &done);
	}
	/* everything up to end of file read: the zeros past it are right */
	complete = !error && done >= want;
	memset(buf + done, 0, len - done);
	while ((folio = readahead_folio(rac)) != NULL) {
		size_t n = folio_size(folio);

		/*
		 * A failed or short read leaves the pages it did not fill to
		 * read_folio's retry, rather than caching zeros as data.
		 */
		if (complete || off + n <= done) {
			p = kmap_local_folio(folio, 0);
			memcpy(p, buf + off, n);
			kunmap_local(p);
			flush_dcache_folio(folio);
			folio_mark_uptodate(folio);
		}
		folio_unlock(folio);
		off += n;
	}
	kvfree(buf);
}

const struct address_space_operations rvl_aops = {
	.read_folio = rvl_read_folio,
	.readahead = rvl_readahead,
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
