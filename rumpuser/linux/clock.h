/* SPDX-License-Identifier: GPL-2.0 */
/*
 * clock.h - rumpuser_clock_gettime/sleep.
 *
 * No internal interface.
 */
#ifndef _RUMPUSER_LX_CLOCK_H
#define _RUMPUSER_LX_CLOCK_H

#endif /* _RUMPUSER_LX_CLOCK_H */
