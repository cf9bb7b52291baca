// SPDX-License-Identifier: GPL-2.0
/*
 * console.c - the rump kernel console on printk.
 *
 * putchar() output is collected per task (in the per-task entry) and
 * printed a line at a time, so lines of concurrent rump threads do not
 * interleave character by character.  dprintf() prints directly and never
 * enters the rump kernel.
 */
#include <linux/kernel.h>
#include <linux/printk.h>

#include "rumpuser_int.h"

void rumpuser_lx_console_flush(struct rumpuser_lx_task *ent)
{
	if (!ent->linelen)
		return;
	pr_info("%.*s\n", (int)ent->linelen, ent->line);
	ent->linelen = 0;
}

void rumpuser_putchar(int c)
{
	struct rumpuser_lx_task *ent = rumpuser_lx_task_get();

	if (c == '\n') {
		/* an empty line is still a line */
		if (!ent->linelen)
			ent->line[ent->linelen++] = ' ';
		rumpuser_lx_console_flush(ent);
		return;
	}
	if (ent->linelen == sizeof(ent->line))
		rumpuser_lx_console_flush(ent);
	ent->line[ent->linelen++] = c;
}
EXPORT_SYMBOL_GPL(rumpuser_putchar);

void rumpuser_dprintf(const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_info("%pV", &vaf);
	va_end(args);
}
EXPORT_SYMBOL_GPL(rumpuser_dprintf);
