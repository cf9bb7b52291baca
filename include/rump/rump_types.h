/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rump_types.h - the basic C types of the rump kernel and its public API.
 *
 * Three environments include the public rump headers:
 *
 *  - the portable rump kernel (sys/, compiled with -D_RUMP_SYS): freestanding
 *    in both lanes, so this file defines the types itself from the
 *    compiler's predefined macros (__SIZE_TYPE__, __INT64_TYPE__, ...).
 *    Those are exactly what glibc's and musl's <stdint.h> use, so a test
 *    program compiled with _RUMP_SYS that also pulls in a libc header sees
 *    identical typedefs, which C11 allows to be repeated;
 *  - the Linux kernel (glue, test modules without _RUMP_SYS): <linux/types.h>;
 *  - a host program: the C library's headers.
 *
 * Whatever the environment, the rump API only ever uses these names:
 * int8_t..uint64_t, intptr_t, uintptr_t, size_t, ssize_t, pid_t, uid_t,
 * gid_t, mode_t, off_t, bool.  In sys/ also: time_t, register_t, va_list,
 * NULL, offsetof.
 */
#ifndef _RUMP_RUMP_TYPES_H_
#define _RUMP_RUMP_TYPES_H_

#if defined(_RUMP_SYS)

typedef __INT8_TYPE__		int8_t;
typedef __INT16_TYPE__		int16_t;
typedef __INT32_TYPE__		int32_t;
typedef __INT64_TYPE__		int64_t;
typedef __UINT8_TYPE__		uint8_t;
typedef __UINT16_TYPE__		uint16_t;
typedef __UINT32_TYPE__		uint32_t;
typedef __UINT64_TYPE__		uint64_t;
typedef __INTPTR_TYPE__		intptr_t;
typedef __UINTPTR_TYPE__	uintptr_t;
typedef __INTMAX_TYPE__		intmax_t;
typedef __UINTMAX_TYPE__	uintmax_t;
typedef __SIZE_TYPE__		size_t;
typedef __PTRDIFF_TYPE__	ptrdiff_t;

/*
 * ssize_t: glibc uses long on LP64 and int on ILP32, i.e. the signed
 * type of size_t's width.  __PTRDIFF_TYPE__ is that type on every ABI we
 * build for.
 */
typedef __PTRDIFF_TYPE__	ssize_t;

/* The NetBSD kernel ABI on LP64 (glibc agrees on all but time_t's name). */
typedef int			pid_t;
typedef unsigned int		uid_t;
typedef unsigned int		gid_t;
typedef unsigned int		mode_t;
typedef long			off_t;		/* 64-bit: LP64 only */
typedef long			time_t;
typedef long			register_t;	/* a syscall argument slot */

#ifndef __cplusplus
#ifndef __bool_true_false_are_defined
#define bool	_Bool
#define true	1
#define false	0
#define __bool_true_false_are_defined 1
#endif
#endif

#ifndef NULL
#define NULL	((void *)0)
#endif
#ifndef offsetof
#define offsetof(t, m)	__builtin_offsetof(t, m)
#endif

typedef __builtin_va_list	va_list;
#ifndef va_start
#define va_start(ap, last)	__builtin_va_start(ap, last)
#define va_arg(ap, type)	__builtin_va_arg(ap, type)
#define va_end(ap)		__builtin_va_end(ap)
#define va_copy(d, s)		__builtin_va_copy(d, s)
#endif

#if __SIZEOF_POINTER__ != 8 || __SIZEOF_LONG__ != 8
#error "the rump kernel is built for LP64 targets only"
#endif

#elif defined(__KERNEL__)
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#endif

#endif /* _RUMP_RUMP_TYPES_H_ */
