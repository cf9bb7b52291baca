// SPDX-License-Identifier: BSD-2-Clause
/*
 * sys_generic.c - uio, and read/write on a descriptor.
 */
#include "kern/types.h"
#include "kern/systm.h"
#include "kern/proc.h"
#include "kern/file.h"

int uiomove(void *buf, size_t n, struct uio *uio)
{
	char *cp = buf;
	int error = 0;

	while (n > 0 && uio->uio_resid > 0) {
		struct iovec *iov = uio->uio_iov;
		size_t cnt;

		if (uio->uio_iovcnt <= 0)
			break;
		cnt = iov->iov_len;
		if (cnt == 0) {
			uio->uio_iov++;
			uio->uio_iovcnt--;
			continue;
		}
		cnt = MIN(cnt, n);
		if (uio->uio_seg == UIO_SYSSPACE) {
			if (uio->uio_rw == UIO_READ)
				memcpy(iov->iov_base, cp, cnt);
			else
				memcpy(cp, iov->iov_base, cnt);
		} else {
			if (uio->uio_rw == UIO_READ)
				error = copyout(cp, iov->iov_base, cnt);
			else
				error = copyin(iov->iov_base, cp, cnt);
			if (error)
				break;
		}
		iov->iov_base = (char *)iov->iov_base + cnt;
		iov->iov_len -= cnt;
		uio->uio_resid -= cnt;
		uio->uio_offset += (off_t)cnt;
		cp += cnt;
		n -= cnt;
	}
	return error;
}

static int dofileio(int fd, struct uio *uio, size_t *donep, bool write)
{
	struct file *fp = fd_getfile(fd);
	size_t want = uio->uio_resid;
	int error;

	if (fp == NULL)
		return EBADF;
	if (!(atomic_load_relaxed(&fp->f_flag) & (write ? FWRITE : FREAD))) {
		fd_putfile(fp);
		return EBADF;
	}
	if (write)
		error = fp->f_ops->fo_write ?
		    fp->f_ops->fo_write(fp, &fp->f_offset, uio,
					FOF_UPDATE_OFFSET) : EOPNOTSUPP;
	else
		error = fp->f_ops->fo_read ?
		    fp->f_ops->fo_read(fp, &fp->f_offset, uio,
				       FOF_UPDATE_OFFSET) : EOPNOTSUPP;
	/* A transfer cut short by an interruption still counts. */
	if (error && uio->uio_resid != want &&
	    (error == EINTR || error == EWOULDBLOCK || error == ERESTART))
		error = 0;
	*donep = want - uio->uio_resid;
	fd_putfile(fp);
	return error;
}

int dofileread(int fd, struct uio *uio, size_t *donep)
{
	return dofileio(fd, uio, donep, false);
}

int dofilewrite(int fd, struct uio *uio, size_t *donep)
{
	return dofileio(fd, uio, donep, true);
}
