/* SPDX-License-Identifier: BSD-2-Clause */
/* version.h - the linux-rump release, shown by modinfo and the banners. */
#ifndef _RUMP_VERSION_H_
#define _RUMP_VERSION_H_

#define LINUX_RUMP_VERSION "0.1.0"

#endif
