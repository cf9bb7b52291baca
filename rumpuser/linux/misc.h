/* SPDX-License-Identifier: GPL-2.0 */
/*
 * misc.h - kill, daemonize, dl_bootstrap and the syscall proxy stubs.
 *
 * No internal interface.
 */
#ifndef _RUMPUSER_LX_MISC_H
#define _RUMPUSER_LX_MISC_H

#endif /* _RUMPUSER_LX_MISC_H */
