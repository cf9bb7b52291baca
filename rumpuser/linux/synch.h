/* SPDX-License-Identifier: GPL-2.0 */
/*
 * synch.h - rumpuser mutexes, rwlocks and condition variables.
 *
 * No internal interface: the objects are opaque to the other files.
 */
#ifndef _RUMPUSER_LX_SYNCH_H
#define _RUMPUSER_LX_SYNCH_H

#endif /* _RUMPUSER_LX_SYNCH_H */
