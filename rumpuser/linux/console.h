/* SPDX-License-Identifier: GPL-2.0 */
/*
 * console.h - rumpuser_putchar/dprintf.
 */
#ifndef _RUMPUSER_LX_CONSOLE_H
#define _RUMPUSER_LX_CONSOLE_H

struct rumpuser_lx_task;

/* console.c */
void rumpuser_lx_console_flush(struct rumpuser_lx_task *ent);

#endif /* _RUMPUSER_LX_CONSOLE_H */
