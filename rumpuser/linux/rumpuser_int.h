/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rumpuser_int.h - what the files of rumpuser.ko share.
 *
 * Every family of hypercalls lives in its own .c/.h pair; this header pulls
 * in the project ABI headers and every family header, so a .c file includes
 * only this one.  Internal symbols that are not static carry the
 * rumpuser_lx_ prefix: the module shares one namespace with the kernel and
 * with the rump kernel modules.
 */
#ifndef _RUMPUSER_LX_INT_H
#define _RUMPUSER_LX_INT_H

#include <rump/rumpuser.h>
#include <rump/rumpuser_ext.h>

#include "errno.h"
#include "ext.h"
#include "memory.h"
#include "param.h"
#include "console.h"
#include "curlwp.h"
#include "thread.h"
#include "synch.h"
#include "clock.h"
#include "file.h"
#include "bio.h"
#include "random.h"
#include "misc.h"
#include "guard.h"

#endif /* _RUMPUSER_LX_INT_H */
