/* SPDX-License-Identifier: GPL-2.0 */
/*
 * errno.h - NetBSD errno numbers and the Linux->NetBSD translation.
 *
 * Every int-returning hypercall reports errors in NetBSD numbering; the
 * rump kernel never translates.  The RUMPUSER_NB_* names are the NetBSD
 * values of the errors this module produces itself.
 */
#ifndef _RUMPUSER_LX_ERRNO_H
#define _RUMPUSER_LX_ERRNO_H

#define RUMPUSER_NB_ENOENT	2
#define RUMPUSER_NB_ESRCH	3
#define RUMPUSER_NB_EIO		5
#define RUMPUSER_NB_ENXIO	6
#define RUMPUSER_NB_EBADF	9
#define RUMPUSER_NB_ENOMEM	12
#define RUMPUSER_NB_EBUSY	16
#define RUMPUSER_NB_EINVAL	22
#define RUMPUSER_NB_ERANGE	34
#define RUMPUSER_NB_EAGAIN	35
#define RUMPUSER_NB_EOPNOTSUPP	45
#define RUMPUSER_NB_ETIMEDOUT	60
#define RUMPUSER_NB_ENOSYS	78
#define RUMPUSER_NB_ENOTSUP	86

/* errno.c */
int rumpuser_lx_errno(long linux_err);

#endif /* _RUMPUSER_LX_ERRNO_H */
