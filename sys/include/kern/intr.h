/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kern/intr.h - soft interrupts: deferred work run soon by a dedicated
 * thread per level, in the order scheduled.
 *
 * softint_schedule() on a handle already pending does nothing (the
 * handler runs once for both).  It may be called from any kernel context
 * holding a CPU.  softint_disestablish() waits for a running handler to
 * finish and cancels a pending one.  Levels are served by different
 * threads, so a handler of one level never delays another level.
 */
#ifndef _KERN_INTR_H_
#define _KERN_INTR_H_

#include "kern/types.h"

#define SOFTINT_CLOCK	0
#define SOFTINT_BIO	1
#define SOFTINT_NET	2
#define SOFTINT_SERIAL	3
#define SOFTINT_COUNT	4
#define SOFTINT_LVLMASK	0xff
#define SOFTINT_MPSAFE	0x100

void *softint_establish(unsigned flags, void (*func)(void *), void *arg);
void softint_schedule(void *cookie);
void softint_disestablish(void *cookie);

#endif /* _KERN_INTR_H_ */
