/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memory.h - rumpuser_malloc/free and anonmmap/unmap.
 *
 * The other files allocate their own control blocks with kmalloc, so that
 * the memory counters show only what the rump kernel asked for.
 */
#ifndef _RUMPUSER_LX_MEMORY_H
#define _RUMPUSER_LX_MEMORY_H

/* memory.c */
int rumpuser_lx_mem_init(void);
void rumpuser_lx_mem_exit(void);
void rumpuser_lx_mem_reclaim(void);

#endif /* _RUMPUSER_LX_MEMORY_H */
