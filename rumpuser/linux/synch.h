/* SPDX-License-Identifier: GPL-2.0 */
/*
 * synch.h - rumpuser mutexes, rwlocks and condition variables.
 *
 * The objects are opaque to the other files; thread.c gives back the
 * locks of a thread ended after an exit, ext.c frees what is left at fini.
 */
#ifndef _RUMPUSER_LX_SYNCH_H
#define _RUMPUSER_LX_SYNCH_H

#include "thread.h"

/* synch.c */
void rumpuser_lx_lock_drop(void *lock, enum rumpuser_lx_lock_kind kind);
void rumpuser_lx_synch_reclaim(void);

#endif /* _RUMPUSER_LX_SYNCH_H */
