/* SPDX-License-Identifier: GPL-2.0 */
/*
 * guard.h - rumpuser_ext_guard(): a way back for tasks the layer did not
 * create when the rump kernel dies on them.
 */
#ifndef _RUMPUSER_LX_GUARD_H
#define _RUMPUSER_LX_GUARD_H

#ifdef __CHECKER__
/* sparse does not know these compiler builtins (used by guard.c). */
int __builtin_setjmp(void **buf);
void __builtin_longjmp(void **buf, int val);
#endif

/* guard.c */
void rumpuser_lx_guard_unwind(void);

#endif /* _RUMPUSER_LX_GUARD_H */
