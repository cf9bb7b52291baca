// SPDX-License-Identifier: BSD-2-Clause
/*
 * file.c - host files for the rump kernel: open/close, getfileinfo,
 * scatter/gather I/O and syncfd.  The name space is the host's.
 *
 * open, close, iovread and iovwrite may block on the host for long (think
 * NFS or a spun-down disk), so they give the rump CPU back around the
 * system call.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/fs.h>		/* BLKGETSIZE64 */
#endif

#include "rumpuser_posix_int.h"

#define OPEN_KNOWN (RUMPUSER_OPEN_ACCMODE | RUMPUSER_OPEN_CREATE | \
		    RUMPUSER_OPEN_EXCL | RUMPUSER_OPEN_BIO)

int rumpuser_open(const char *path, int ruflags, int *fdp)
{
	int flags, fd, err, nlocks;

	switch (ruflags & RUMPUSER_OPEN_ACCMODE) {
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
		return NB_EINVAL;
	}
	if (ruflags & ~OPEN_KNOWN)
		return NB_EINVAL;
	if (ruflags & RUMPUSER_OPEN_CREATE)
		flags |= O_CREAT;
	/*
	 * Only with CREATE: O_EXCL alone means "exclusive open" for Linux
	 * block devices, a different thing.  BIO is advisory; the page cache
	 * is fine because bio SYNC requests are flushed explicitly.
	 */
	if ((ruflags & (RUMPUSER_OPEN_CREATE | RUMPUSER_OPEN_EXCL)) ==
	    (RUMPUSER_OPEN_CREATE | RUMPUSER_OPEN_EXCL))
		flags |= O_EXCL;
	flags |= O_CLOEXEC;

	rumpuser__unschedule(&nlocks, NULL);
	fd = open(path, flags, 0644);
	err = errno;
	rumpuser__schedule(nlocks, NULL);
	if (fd == -1)
		return rumpuser__errtrans(err);
	RUMPUSER_STAT_ADD(fds, 1);
	*fdp = fd;
	return 0;
}

int rumpuser_close(int fd)
{
	int rv, err = 0, nlocks;

	rumpuser__unschedule(&nlocks, NULL);
	/*
	 * Flush first, as the interface asks; fsync() errors on objects that
	 * cannot be synced (EINVAL: character devices, pipes) are irrelevant.
	 */
	(void)fsync(fd);
	rv = close(fd);
	if (rv != 0)
		err = errno;
	rumpuser__schedule(nlocks, NULL);
	/* Linux releases the descriptor even when close() reports EINTR/EIO. */
	if (rv == 0 || err != EBADF)
		RUMPUSER_STAT_ADD(fds, -1);
	return rv == 0 ? 0 : rumpuser__errtrans(err);
}

static int blkdev_size(const char *path, uint64_t *size)
{
	int fd, rv = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return rumpuser__errtrans(errno);
#ifdef BLKGETSIZE64
	if (ioctl(fd, BLKGETSIZE64, size) != 0)
		rv = rumpuser__errtrans(errno);
#else
	{
		off_t end = lseek(fd, 0, SEEK_END);

		if (end == -1)
			rv = rumpuser__errtrans(errno);
		else
			*size = (uint64_t)end;
	}
#endif
	close(fd);
	return rv;
}

int rumpuser_getfileinfo(const char *path, uint64_t *sizep, int *typep)
{
	struct stat st;
	uint64_t size = 0;
	int type, rv;

	if (stat(path, &st) == -1)
		return rumpuser__errtrans(errno);
	switch (st.st_mode & S_IFMT) {
	case S_IFDIR:
		type = RUMPUSER_FT_DIR;
		size = (uint64_t)st.st_size;
		break;
	case S_IFREG:
		type = RUMPUSER_FT_REG;
		size = (uint64_t)st.st_size;
		break;
	case S_IFBLK:
		type = RUMPUSER_FT_BLK;
		/* st_size of a device node is 0: ask the device itself. */
		if (sizep) {
			rv = blkdev_size(path, &size);
			if (rv)
				return rv;
		}
		break;
	case S_IFCHR:
		type = RUMPUSER_FT_CHR;
		break;
	default:
		type = RUMPUSER_FT_OTHER;
		break;
	}
	if (sizep)
		*sizep = size;
	if (typep)
		*typep = type;
	return 0;
}

/* struct rumpuser_iovec and struct iovec have the same two members. */
static int iov_ok(size_t iovlen)
{
	return iovlen <= IOV_MAX;
}

int rumpuser_iovread(int fd, struct rumpuser_iovec *ruiov, size_t iovlen,
		     int64_t off, size_t *retp)
{
	struct iovec *iov = (struct iovec *)(void *)ruiov;
	ssize_t n;
	int err = 0, nlocks;

	_Static_assert(sizeof(struct iovec) == sizeof(struct rumpuser_iovec),
		       "iovec layouts differ");
	if (!iov_ok(iovlen) || off < RUMPUSER_IOV_NOSEEK)
		return NB_EINVAL;
	rumpuser__unschedule(&nlocks, NULL);
	do {
		if (off == RUMPUSER_IOV_NOSEEK)
			n = readv(fd, iov, (int)iovlen);
		else
			n = preadv(fd, iov, (int)iovlen, (off_t)off);
	} while (n == -1 && errno == EINTR);
	if (n == -1)
		err = errno;
	rumpuser__schedule(nlocks, NULL);
	if (n == -1)
		return rumpuser__errtrans(err);
	*retp = (size_t)n;
	return 0;
}

int rumpuser_iovwrite(int fd, const struct rumpuser_iovec *ruiov,
		      size_t iovlen, int64_t off, size_t *retp)
{
	const struct iovec *iov = (const struct iovec *)(const void *)ruiov;
	ssize_t n;
	int err = 0, nlocks;

	if (!iov_ok(iovlen) || off < RUMPUSER_IOV_NOSEEK)
		return NB_EINVAL;
	rumpuser__unschedule(&nlocks, NULL);
	do {
		if (off == RUMPUSER_IOV_NOSEEK)
			n = writev(fd, iov, (int)iovlen);
		else
			n = pwritev(fd, iov, (int)iovlen, (off_t)off);
	} while (n == -1 && errno == EINTR);
	if (n == -1)
		err = errno;
	rumpuser__schedule(nlocks, NULL);
	if (n == -1)
		return rumpuser__errtrans(err);
	*retp = (size_t)n;
	return 0;
}

int rumpuser_syncfd(int fd, int flags, uint64_t start, uint64_t len)
{
	/* Ranges are a hint; syncing the whole file is always correct. */
	(void)start;
	(void)len;
	if ((flags & RUMPUSER_SYNCFD_BOTH) == 0 ||
	    (flags & ~(RUMPUSER_SYNCFD_BOTH | RUMPUSER_SYNCFD_BARRIER |
		       RUMPUSER_SYNCFD_SYNC)))
		return NB_EINVAL;
	/*
	 * READ asks that reads see the medium: POSIX hosts have one coherent
	 * page cache, so nothing to do.  WRITE makes written data durable;
	 * fdatasync() also orders (BARRIER) and waits (SYNC).
	 */
	if ((flags & RUMPUSER_SYNCFD_WRITE) && fdatasync(fd) == -1)
		return rumpuser__errtrans(errno);
	return 0;
}
