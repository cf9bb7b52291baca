// SPDX-License-Identifier: GPL-2.0
/*
 * file.c - host files: open/close/getfileinfo/iovread/iovwrite/syncfd.
 *
 * The host name space is Linux's: paths are resolved by filp_open() and
 * kern_path() in the caller's file system context.  An fd is an index in
 * an xarray (starting at 3, like a process's first free fd, so that a
 * stray 0 is caught).  Opened with RUMPUSER_OPEN_BIO on a block device,
 * the fd also records the block_device under the file, for rumpuser_bio()
 * to submit bios to; the open file keeps the device open for us.
 *
 * open, close, iovread and iovwrite give the rump CPU back around the
 * blocking part; getfileinfo and syncfd may be called without a CPU and so
 * never upcall.
 */
#include <linux/blkdev.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/xarray.h>

#include "rumpuser_int.h"

#define RUMPUSER_LX_FD_MIN	3

static DEFINE_XARRAY_ALLOC(rumpuser_lx_fds);

/* A counted reference to the fd's file, or NULL when fd is not open. */
struct rumpuser_lx_fd *rumpuser_lx_fd_get(int fd)
{
	struct rumpuser_lx_fd *f;

	if (fd < 0)
		return NULL;
	rcu_read_lock();
	f = xa_load(&rumpuser_lx_fds, fd);
	if (f && !refcount_inc_not_zero(&f->ref))
		f = NULL;
	rcu_read_unlock();
	return f;
}

/* Returns the close error when this was the last reference. */
static int rumpuser_lx_fd_release(struct rumpuser_lx_fd *f)
{
	int err;

	if (!refcount_dec_and_test(&f->ref))
		return 0;
	err = filp_close(f->filp, NULL);
	kfree_rcu(f, rcu);
	return err;
}

void rumpuser_lx_fd_put(struct rumpuser_lx_fd *f)
{
	rumpuser_lx_fd_release(f);
}

int rumpuser_open(const char *path, int mode, int *fdp)
{
	struct rumpuser_lx_fd *f;
	struct file *filp;
	int flags, nlocks, err;
	u32 id;

	/* Unknown bits are refused, as librumpuser does: no silent surprises. */
	if (mode & ~(RUMPUSER_OPEN_ACCMODE | RUMPUSER_OPEN_CREATE |
		     RUMPUSER_OPEN_EXCL | RUMPUSER_OPEN_BIO))
		return RUMPUSER_NB_EINVAL;
	switch (mode & RUMPUSER_OPEN_ACCMODE) {
	case RUMPUSER_OPEN_RDONLY:
		flags = O_RDONLY;
		break;
	case RUMPUSER_OPEN_WRONLY:
		flags = O_WRONLY;
		break;
	case RUMPUSER_OPEN_RDWR:
		flags = O_RDWR;
		break;
	default:
		return RUMPUSER_NB_EINVAL;
	}
	if (mode & RUMPUSER_OPEN_CREATE)
		flags |= O_CREAT;
	if (mode & RUMPUSER_OPEN_EXCL)
		flags |= O_EXCL;
	flags |= O_LARGEFILE | O_CLOEXEC;

	if (rumpuser_lx_is_dead())
		return RUMPUSER_NB_EIO;
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return RUMPUSER_NB_ENOMEM;

	rumpuser_lx_unschedule(&nlocks, NULL);
	filp = filp_open(path, flags, 0644);
	if (IS_ERR(filp)) {
		err = rumpuser_lx_errno(PTR_ERR(filp));
		goto err_free;
	}
	refcount_set(&f->ref, 1);
	f->filp = filp;
	if ((mode & RUMPUSER_OPEN_BIO) && S_ISBLK(file_inode(filp)->i_mode))
		f->bdev = I_BDEV(filp->f_mapping->host);

	err = xa_alloc(&rumpuser_lx_fds, &id, f,
		       XA_LIMIT(RUMPUSER_LX_FD_MIN, INT_MAX), GFP_KERNEL);
	if (err) {
		err = rumpuser_lx_errno(err);
		goto err_close;
	}
	rumpuser_lx_schedule(nlocks, NULL);
	rumpuser_lx_stat_inc(fds);
	*fdp = id;
	return 0;

err_close:
	filp_close(filp, NULL);
err_free:
	rumpuser_lx_schedule(nlocks, NULL);
	kfree(f);
	return err;
}
EXPORT_SYMBOL_GPL(rumpuser_open);

int rumpuser_close(int fd)
{
	struct rumpuser_lx_fd *f;
	int nlocks, err;

	if (fd < 0)
		return RUMPUSER_NB_EBADF;
	f = xa_erase(&rumpuser_lx_fds, fd);
	if (!f)
		return RUMPUSER_NB_EBADF;
	rumpuser_lx_stat_dec(fds);

	/* an I/O still in flight holds a reference and closes last */
	rumpuser_lx_unschedule(&nlocks, NULL);
	err = rumpuser_lx_fd_release(f);
	rumpuser_lx_schedule(nlocks, NULL);
	return rumpuser_lx_errno(err);
}
EXPORT_SYMBOL_GPL(rumpuser_close);

static int rumpuser_lx_ftype(umode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR:
		return RUMPUSER_FT_DIR;
	case S_IFREG:
		return RUMPUSER_FT_REG;
	case S_IFBLK:
		return RUMPUSER_FT_BLK;
	case S_IFCHR:
		return RUMPUSER_FT_CHR;
	default:
		return RUMPUSER_FT_OTHER;
	}
}

/* For a block device the size is the device's, not the inode's 0. */
int rumpuser_getfileinfo(const char *path, uint64_t *sizep, int *typep)
{
	struct block_device *bdev;
	struct kstat st;
	struct path p;
	u64 size;
	int err;

	err = kern_path(path, LOOKUP_FOLLOW, &p);
	if (err)
		return rumpuser_lx_errno(err);
	err = vfs_getattr(&p, &st, STATX_TYPE | STATX_SIZE,
			  AT_STATX_SYNC_AS_STAT);
	path_put(&p);
	if (err)
		return rumpuser_lx_errno(err);

	size = st.size;
	if (S_ISBLK(st.mode) && sizep) {
		bdev = blkdev_get_by_dev(st.rdev, FMODE_READ, NULL);
		if (IS_ERR(bdev))
			return rumpuser_lx_errno(PTR_ERR(bdev));
		size = bdev_nr_bytes(bdev);
		blkdev_put(bdev, FMODE_READ);
	}
	if (sizep)
		*sizep = size;
	if (typep)
		*typep = rumpuser_lx_ftype(st.mode);
	return 0;
}
EXPORT_SYMBOL_GPL(rumpuser_getfileinfo);

/*
 * One loop for both directions.  Positioned I/O uses a private offset;
 * NOSEEK uses and advances the file's own.  A short transfer ends the
 * loop; an error after some progress reports the progress.
 */
static int rumpuser_lx_iov(int fd, const struct rumpuser_iovec *iov,
			   size_t iovlen, int64_t off, size_t *retp,
			   bool write)
{
	struct rumpuser_lx_fd *f;
	unsigned int noio;
	size_t done = 0, i;
	int nlocks, err = 0;
	ssize_t n;
	loff_t pos;

	if (off < 0 && off != RUMPUSER_IOV_NOSEEK)
		return RUMPUSER_NB_EINVAL;
	f = rumpuser_lx_fd_get(fd);
	if (!f)
		return RUMPUSER_NB_EBADF;
	/* kernel_read/kernel_write WARN on a file not open for that */
	if (!(f->filp->f_mode & (write ? FMODE_WRITE : FMODE_READ))) {
		rumpuser_lx_fd_put(f);
		return RUMPUSER_NB_EBADF;
	}

	rumpuser_lx_unschedule(&nlocks, NULL);
	noio = memalloc_noio_save();
	pos = off == RUMPUSER_IOV_NOSEEK ? f->filp->f_pos : off;
	for (i = 0; i < iovlen; i++) {
		if (!iov[i].iov_len)
			continue;
		if (write)
			n = kernel_write(f->filp, iov[i].iov_base,
					 iov[i].iov_len, &pos);
		else
			n = kernel_read(f->filp, iov[i].iov_base,
					iov[i].iov_len, &pos);
		if (n < 0) {
			if (!done)
				err = rumpuser_lx_errno(n);
			break;
		}
		done += n;
		if (n < iov[i].iov_len)
			break;
	}
	if (off == RUMPUSER_IOV_NOSEEK)
		f->filp->f_pos = pos;
	memalloc_noio_restore(noio);
	rumpuser_lx_fd_put(f);
	rumpuser_lx_schedule(nlocks, NULL);

	if (!err)
		*retp = done;
	return err;
}

int rumpuser_iovread(int fd, struct rumpuser_iovec *iov, size_t iovlen,
		     int64_t off, size_t *retp)
{
	return rumpuser_lx_iov(fd, iov, iovlen, off, retp, false);
}
EXPORT_SYMBOL_GPL(rumpuser_iovread);

int rumpuser_iovwrite(int fd, const struct rumpuser_iovec *iov,
		      size_t iovlen, int64_t off, size_t *retp)
{
	return rumpuser_lx_iov(fd, iov, iovlen, off, retp, true);
}
EXPORT_SYMBOL_GPL(rumpuser_iovwrite);

/*
 * WRITE: make the range durable.  vfs_fsync_range() writes back the page
 * cache and, for a block device, also flushes the device cache, which
 * covers data written with rumpuser_bio() too.  READ alone has nothing to
 * do: there is no host-side read cache to invalidate for us.
 */
int rumpuser_syncfd(int fd, int flags, uint64_t start, uint64_t len)
{
	struct rumpuser_lx_fd *f;
	loff_t end;
	int err = 0;

	if (!(flags & RUMPUSER_SYNCFD_BOTH))
		return RUMPUSER_NB_EINVAL;
	f = rumpuser_lx_fd_get(fd);
	if (!f)
		return RUMPUSER_NB_EBADF;
	if (flags & RUMPUSER_SYNCFD_WRITE) {
		if (!len || start + len - 1 > LLONG_MAX || start + len < start)
			end = LLONG_MAX;
		else
			end = start + len - 1;
		if (start > LLONG_MAX)
			start = LLONG_MAX;
		err = vfs_fsync_range(f->filp, start, end, 0);
	}
	rumpuser_lx_fd_put(f);
	return rumpuser_lx_errno(err);
}
EXPORT_SYMBOL_GPL(rumpuser_syncfd);

/* Detach: close what the client left open. */
void rumpuser_lx_file_fini(void)
{
	struct rumpuser_lx_fd *f;
	unsigned long id;

	xa_for_each(&rumpuser_lx_fds, id, f) {
		pr_warn("detach: closing fd %lu left open\n", id);
		xa_erase(&rumpuser_lx_fds, id);
		rumpuser_lx_stat_dec(fds);
		rumpuser_lx_fd_put(f);
	}
}
