// SPDX-License-Identifier: BSD-2-Clause
/*
 * errno.c - host errno to NetBSD errno.
 *
 * Every int-returning hypercall returns NetBSD numbering (spec section 5).
 * The table is keyed by the host's symbolic names, so it is right on any
 * POSIX host, not only Linux; names a host lacks are compiled out.  Where
 * a host gives two names the same value (Linux: EAGAIN/EWOULDBLOCK,
 * EOPNOTSUPP/ENOTSUP) the first row wins, which is why EOPNOTSUPP (the
 * socket-layer meaning, far more common) precedes ENOTSUP.  A host error
 * with no NetBSD counterpart becomes EINVAL.
 */
#include <errno.h>
#include <stddef.h>

#include "rumpuser_posix_int.h"

static const struct {
	int host;
	int nb;
} errtab[] = {
#ifdef EPERM
	{ EPERM, 1 },
#endif
#ifdef ENOENT
	{ ENOENT, 2 },
#endif
#ifdef ESRCH
	{ ESRCH, 3 },
#endif
#ifdef EINTR
	{ EINTR, 4 },
#endif
#ifdef EIO
	{ EIO, 5 },
#endif
#ifdef ENXIO
	{ ENXIO, 6 },
#endif
#ifdef E2BIG
	{ E2BIG, 7 },
#endif
#ifdef ENOEXEC
	{ ENOEXEC, 8 },
#endif
#ifdef EBADF
	{ EBADF, 9 },
#endif
#ifdef ECHILD
	{ ECHILD, 10 },
#endif
#ifdef EDEADLK
	{ EDEADLK, 11 },
#endif
#ifdef ENOMEM
	{ ENOMEM, 12 },
#endif
#ifdef EACCES
	{ EACCES, 13 },
#endif
#ifdef EFAULT
	{ EFAULT, 14 },
#endif
#ifdef ENOTBLK
	{ ENOTBLK, 15 },
#endif
#ifdef EBUSY
	{ EBUSY, 16 },
#endif
#ifdef EEXIST
	{ EEXIST, 17 },
#endif
#ifdef EXDEV
	{ EXDEV, 18 },
#endif
#ifdef ENODEV
	{ ENODEV, 19 },
#endif
#ifdef ENOTDIR
	{ ENOTDIR, 20 },
#endif
#ifdef EISDIR
	{ EISDIR, 21 },
#endif
#ifdef EINVAL
	{ EINVAL, 22 },
#endif
#ifdef ENFILE
	{ ENFILE, 23 },
#endif
#ifdef EMFILE
	{ EMFILE, 24 },
#endif
#ifdef ENOTTY
	{ ENOTTY, 25 },
#endif
#ifdef ETXTBSY
	{ ETXTBSY, 26 },
#endif
#ifdef EFBIG
	{ EFBIG, 27 },
#endif
#ifdef ENOSPC
	{ ENOSPC, 28 },
#endif
#ifdef ESPIPE
	{ ESPIPE, 29 },
#endif
#ifdef EROFS
	{ EROFS, 30 },
#endif
#ifdef EMLINK
	{ EMLINK, 31 },
#endif
#ifdef EPIPE
	{ EPIPE, 32 },
#endif
#ifdef EDOM
	{ EDOM, 33 },
#endif
#ifdef ERANGE
	{ ERANGE, 34 },
#endif
#ifdef EAGAIN
	{ EAGAIN, 35 },
#endif
#ifdef EWOULDBLOCK
	{ EWOULDBLOCK, 35 },
#endif
#ifdef EINPROGRESS
	{ EINPROGRESS, 36 },
#endif
#ifdef EALREADY
	{ EALREADY, 37 },
#endif
#ifdef ENOTSOCK
	{ ENOTSOCK, 38 },
#endif
#ifdef EDESTADDRREQ
	{ EDESTADDRREQ, 39 },
#endif
#ifdef EMSGSIZE
	{ EMSGSIZE, 40 },
#endif
#ifdef EPROTOTYPE
	{ EPROTOTYPE, 41 },
#endif
#ifdef ENOPROTOOPT
	{ ENOPROTOOPT, 42 },
#endif
#ifdef EPROTONOSUPPORT
	{ EPROTONOSUPPORT, 43 },
#endif
#ifdef ESOCKTNOSUPPORT
	{ ESOCKTNOSUPPORT, 44 },
#endif
#ifdef EOPNOTSUPP
	{ EOPNOTSUPP, 45 },
#endif
#ifdef EPFNOSUPPORT
	{ EPFNOSUPPORT, 46 },
#endif
#ifdef EAFNOSUPPORT
	{ EAFNOSUPPORT, 47 },
#endif
#ifdef EADDRINUSE
	{ EADDRINUSE, 48 },
#endif
#ifdef EADDRNOTAVAIL
	{ EADDRNOTAVAIL, 49 },
#endif
#ifdef ENETDOWN
	{ ENETDOWN, 50 },
#endif
#ifdef ENETUNREACH
	{ ENETUNREACH, 51 },
#endif
#ifdef ENETRESET
	{ ENETRESET, 52 },
#endif
#ifdef ECONNABORTED
	{ ECONNABORTED, 53 },
#endif
#ifdef ECONNRESET
	{ ECONNRESET, 54 },
#endif
#ifdef ENOBUFS
	{ ENOBUFS, 55 },
#endif
#ifdef EISCONN
	{ EISCONN, 56 },
#endif
#ifdef ENOTCONN
	{ ENOTCONN, 57 },
#endif
#ifdef ESHUTDOWN
	{ ESHUTDOWN, 58 },
#endif
#ifdef ETOOMANYREFS
	{ ETOOMANYREFS, 59 },
#endif
#ifdef ETIMEDOUT
	{ ETIMEDOUT, 60 },
#endif
#ifdef ECONNREFUSED
	{ ECONNREFUSED, 61 },
#endif
#ifdef ELOOP
	{ ELOOP, 62 },
#endif
#ifdef ENAMETOOLONG
	{ ENAMETOOLONG, 63 },
#endif
#ifdef EHOSTDOWN
	{ EHOSTDOWN, 64 },
#endif
#ifdef EHOSTUNREACH
	{ EHOSTUNREACH, 65 },
#endif
#ifdef ENOTEMPTY
	{ ENOTEMPTY, 66 },
#endif
#ifdef EPROCLIM
	{ EPROCLIM, 67 },
#endif
#ifdef EUSERS
	{ EUSERS, 68 },
#endif
#ifdef EDQUOT
	{ EDQUOT, 69 },
#endif
#ifdef ESTALE
	{ ESTALE, 70 },
#endif
#ifdef EREMOTE
	{ EREMOTE, 71 },
#endif
#ifdef EBADRPC
	{ EBADRPC, 72 },
#endif
#ifdef ERPCMISMATCH
	{ ERPCMISMATCH, 73 },
#endif
#ifdef EPROGUNAVAIL
	{ EPROGUNAVAIL, 74 },
#endif
#ifdef EPROGMISMATCH
	{ EPROGMISMATCH, 75 },
#endif
#ifdef EPROCUNAVAIL
	{ EPROCUNAVAIL, 76 },
#endif
#ifdef ENOLCK
	{ ENOLCK, 77 },
#endif
#ifdef ENOSYS
	{ ENOSYS, 78 },
#endif
#ifdef EFTYPE
	{ EFTYPE, 79 },
#endif
#ifdef EAUTH
	{ EAUTH, 80 },
#endif
#ifdef ENEEDAUTH
	{ ENEEDAUTH, 81 },
#endif
#ifdef EIDRM
	{ EIDRM, 82 },
#endif
#ifdef ENOMSG
	{ ENOMSG, 83 },
#endif
#ifdef EOVERFLOW
	{ EOVERFLOW, 84 },
#endif
#ifdef EILSEQ
	{ EILSEQ, 85 },
#endif
#ifdef ENOTSUP
	{ ENOTSUP, 86 },
#endif
#ifdef ECANCELED
	{ ECANCELED, 87 },
#endif
#ifdef EBADMSG
	{ EBADMSG, 88 },
#endif
#ifdef ENODATA
	{ ENODATA, 89 },
#endif
#ifdef ENOSR
	{ ENOSR, 90 },
#endif
#ifdef ENOSTR
	{ ENOSTR, 91 },
#endif
#ifdef ETIME
	{ ETIME, 92 },
#endif
#ifdef ENOATTR
	{ ENOATTR, 93 },
#endif
#ifdef EMULTIHOP
	{ EMULTIHOP, 94 },
#endif
#ifdef ENOLINK
	{ ENOLINK, 95 },
#endif
#ifdef EPROTO
	{ EPROTO, 96 },
#endif
#ifdef EOWNERDEAD
	{ EOWNERDEAD, 97 },
#endif
#ifdef ENOTRECOVERABLE
	{ ENOTRECOVERABLE, 98 },
#endif
};

int rumpuser__errtrans(int hosterr)
{
	size_t i;

	if (hosterr == 0)
		return 0;
	for (i = 0; i < sizeof(errtab) / sizeof(errtab[0]); i++)
		if (errtab[i].host == hosterr)
			return errtab[i].nb;
	return NB_EINVAL;
}
