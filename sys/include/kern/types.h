/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kern/types.h - basic definitions of the rump kernel: types, errno and
 * other NetBSD constants under their kernel names, attributes, helpers.
 * Every internal header includes this first; it pulls in the rename map
 * (kern/rumpns.h), so every sys/ file gets it whatever it includes.
 */
#ifndef _KERN_TYPES_H_
#define _KERN_TYPES_H_

#include "kern/rumpns.h"

/*
 * In the Linux build, objtool checks every object file for functions that
 * fall through their end.  It cannot know that a call into another object
 * (panic, rumpuser_exit, kthread_exit) never returns, so noreturn
 * declarations there make it report the missing epilogue.  Those
 * functions are therefore plain functions in the kernel lane, each ending
 * in an explicit endless loop after its last call; the userspace lane
 * keeps the attribute (better warnings and code).  Defined before
 * <rump/rumpuser.h>, which uses __dead only if undefined.
 */
#if defined(__KERNEL__) && !defined(__dead)
#define __dead
#endif

#include <rump/rump_types.h>
#include <rump/rumpuser.h>
#include <rump/rumpdefs.h>

/*
 * Attributes.  The Linux build force-includes compiler_types.h, which
 * defines some of these already (identically or near enough): keep theirs.
 */
#ifndef __unused
#define __unused	__attribute__((__unused__))
#endif
#ifndef __packed
#define __packed	__attribute__((__packed__))
#endif
#ifndef __aligned
#define __aligned(x)	__attribute__((__aligned__(x)))
#endif
#ifndef __printflike
#define __printflike(a, b) __attribute__((__format__(__printf__, a, b)))
#endif
#ifndef __dead
#define __dead		__attribute__((__noreturn__))
#endif
#ifndef __predict_true
#define __predict_true(x)	__builtin_expect((x) != 0, 1)
#define __predict_false(x)	__builtin_expect((x) != 0, 0)
#endif
#define __rump_fallthrough	__attribute__((__fallthrough__))

#ifndef __UNCONST
#define __UNCONST(p)	((void *)(uintptr_t)(const void *)(p))
#endif
#ifndef __arraycount
#define __arraycount(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#define MIN(a, b)	((a) < (b) ? (a) : (b))
#define MAX(a, b)	((a) > (b) ? (a) : (b))
#define howmany(x, y)	(((x) + ((y) - 1)) / (y))
#define roundup(x, y)	(howmany(x, y) * (y))
#define roundup2(x, m)	(((x) + ((m) - 1)) & ~((__typeof__(x))(m) - 1))

#define container_of_rump(p, type, member) \
	((type *)(void *)((char *)(p) - offsetof(type, member)))

/* Atomics: the compiler's, sequentially consistent unless noted. */
#define atomic_load_relaxed(p)	__atomic_load_n((p), __ATOMIC_RELAXED)
#define atomic_store_relaxed(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)
#define atomic_load_acquire(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define atomic_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define atomic_inc_uint_nv(p)	__atomic_add_fetch((p), 1, __ATOMIC_SEQ_CST)
#define atomic_dec_uint_nv(p)	__atomic_sub_fetch((p), 1, __ATOMIC_SEQ_CST)
#define atomic_add_64_nv(p, v)	__atomic_add_fetch((p), (v), __ATOMIC_SEQ_CST)

/* errno, NetBSD numbering, kernel names. */
#define EPERM	RUMP_EPERM
#define ENOENT	RUMP_ENOENT
#define ESRCH	RUMP_ESRCH
#define EINTR	RUMP_EINTR
#define EIO	RUMP_EIO
#define ENXIO	RUMP_ENXIO
#define E2BIG	RUMP_E2BIG
#define ENOEXEC	RUMP_ENOEXEC
#define EBADF	RUMP_EBADF
#define ECHILD	RUMP_ECHILD
#define EDEADLK	RUMP_EDEADLK
#define ENOMEM	RUMP_ENOMEM
#define EACCES	RUMP_EACCES
#define EFAULT	RUMP_EFAULT
#define ENOTBLK	RUMP_ENOTBLK
#define EBUSY	RUMP_EBUSY
#define EEXIST	RUMP_EEXIST
#define EXDEV	RUMP_EXDEV
#define ENODEV	RUMP_ENODEV
#define ENOTDIR	RUMP_ENOTDIR
#define EISDIR	RUMP_EISDIR
#define EINVAL	RUMP_EINVAL
#define ENFILE	RUMP_ENFILE
#define EMFILE	RUMP_EMFILE
#define ENOTTY	RUMP_ENOTTY
#define ETXTBSY	RUMP_ETXTBSY
#define EFBIG	RUMP_EFBIG
#define ENOSPC	RUMP_ENOSPC
#define ESPIPE	RUMP_ESPIPE
#define EROFS	RUMP_EROFS
#define EMLINK	RUMP_EMLINK
#define EPIPE	RUMP_EPIPE
#define EDOM	RUMP_EDOM
#define ERANGE	RUMP_ERANGE
#define EAGAIN	RUMP_EAGAIN
#define EWOULDBLOCK	RUMP_EWOULDBLOCK
#define EINPROGRESS	RUMP_EINPROGRESS
#define EALREADY	RUMP_EALREADY
#define ENOTSOCK	RUMP_ENOTSOCK
#define EDESTADDRREQ	RUMP_EDESTADDRREQ
#define EMSGSIZE	RUMP_EMSGSIZE
#define EPROTOTYPE	RUMP_EPROTOTYPE
#define ENOPROTOOPT	RUMP_ENOPROTOOPT
#define EPROTONOSUPPORT	RUMP_EPROTONOSUPPORT
#define ESOCKTNOSUPPORT	RUMP_ESOCKTNOSUPPORT
#define EOPNOTSUPP	RUMP_EOPNOTSUPP
#define EPFNOSUPPORT	RUMP_EPFNOSUPPORT
#define EAFNOSUPPORT	RUMP_EAFNOSUPPORT
#define EADDRINUSE	RUMP_EADDRINUSE
#define EADDRNOTAVAIL	RUMP_EADDRNOTAVAIL
#define ENETDOWN	RUMP_ENETDOWN
#define ENETUNREACH	RUMP_ENETUNREACH
#define ENETRESET	RUMP_ENETRESET
#define ECONNABORTED	RUMP_ECONNABORTED
#define ECONNRESET	RUMP_ECONNRESET
#define ENOBUFS	RUMP_ENOBUFS
#define EISCONN	RUMP_EISCONN
#define ENOTCONN	RUMP_ENOTCONN
#define ESHUTDOWN	RUMP_ESHUTDOWN
#define ETOOMANYREFS	RUMP_ETOOMANYREFS
#define ETIMEDOUT	RUMP_ETIMEDOUT
#define ECONNREFUSED	RUMP_ECONNREFUSED
#define ELOOP	RUMP_ELOOP
#define ENAMETOOLONG	RUMP_ENAMETOOLONG
#define EHOSTDOWN	RUMP_EHOSTDOWN
#define EHOSTUNREACH	RUMP_EHOSTUNREACH
#define ENOTEMPTY	RUMP_ENOTEMPTY
#define EPROCLIM	RUMP_EPROCLIM
#define EUSERS	RUMP_EUSERS
#define EDQUOT	RUMP_EDQUOT
#define ESTALE	RUMP_ESTALE
#define EREMOTE	RUMP_EREMOTE
#define EBADRPC	RUMP_EBADRPC
#define ERPCMISMATCH	RUMP_ERPCMISMATCH
#define EPROGUNAVAIL	RUMP_EPROGUNAVAIL
#define EPROGMISMATCH	RUMP_EPROGMISMATCH
#define EPROCUNAVAIL	RUMP_EPROCUNAVAIL
#define ENOLCK	RUMP_ENOLCK
#define ENOSYS	RUMP_ENOSYS
#define EFTYPE	RUMP_EFTYPE
#define EAUTH	RUMP_EAUTH
#define ENEEDAUTH	RUMP_ENEEDAUTH
#define EIDRM	RUMP_EIDRM
#define ENOMSG	RUMP_ENOMSG
#define EOVERFLOW	RUMP_EOVERFLOW
#define EILSEQ	RUMP_EILSEQ
#define ENOTSUP	RUMP_ENOTSUP
#define ECANCELED	RUMP_ECANCELED
#define EBADMSG	RUMP_EBADMSG
#define ENODATA	RUMP_ENODATA
#define ENOSR	RUMP_ENOSR
#define ENOSTR	RUMP_ENOSTR
#define ETIME	RUMP_ETIME
#define ENOATTR	RUMP_ENOATTR
#define EMULTIHOP	RUMP_EMULTIHOP
#define ENOLINK	RUMP_ENOLINK
#define EPROTO	RUMP_EPROTO
#define ELAST	RUMP_ELAST
/* Kernel-internal pseudo errors, never returned to callers. */
#define ERESTART	(-3)
#define EJUSTRETURN	(-2)
#define EPASSTHROUGH	(-4)

/* Structures of the syscall ABI (NetBSD LP64 layout, see rump_syscalls.h). */
struct timespec {
	time_t tv_sec;
	long tv_nsec;
};

struct iovec {
	void *iov_base;
	size_t iov_len;
};

struct pollfd {
	int fd;
	short events;
	short revents;
};

typedef int64_t rump_nsec_t;	/* nanoseconds, monotonic or relative */
#define NSEC_PER_SEC	1000000000LL

#endif /* _KERN_TYPES_H_ */
