/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ext.h - the life cycle of a rump kernel client (init, exit, fini), the
 * copied upcall table, and the leak counters.
 */
#ifndef _RUMPUSER_LX_EXT_H
#define _RUMPUSER_LX_EXT_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/sched.h>
#include <linux/types.h>

/* Outstanding objects; mirrors struct rumpuser_ext_stats. */
struct rumpuser_lx_counters {
	atomic64_t mem_bytes;
	atomic64_t mem_blocks;
	atomic64_t map_bytes;
	atomic64_t mutexes;
	atomic64_t rwlocks;
	atomic64_t condvars;
	atomic64_t threads;
	atomic64_t fds;
	atomic64_t bios;
	atomic64_t lwps;
};

extern struct rumpuser_lx_counters rumpuser_lx_stats;

#define rumpuser_lx_stat_add(field, n) \
	atomic64_add((n), &rumpuser_lx_stats.field)
#define rumpuser_lx_stat_inc(field) rumpuser_lx_stat_add(field, 1)
#define rumpuser_lx_stat_dec(field) rumpuser_lx_stat_add(field, -1)

/* ext.c */
int rumpuser_lx_ext_init(void);
void rumpuser_lx_ext_exit(void);
bool rumpuser_lx_is_dead(void);
bool rumpuser_lx_exited(void);
bool rumpuser_lx_upcalls_ok(void);
void rumpuser_lx_unschedule(int *nlocks, void *interlock);
void rumpuser_lx_schedule(int nlocks, void *interlock);
void rumpuser_lx_hyp_schedule(void);
void rumpuser_lx_hyp_unschedule(void);
int rumpuser_lx_hyp_newlwp(void);
void rumpuser_lx_hyp_release(void);
void rumpuser_lx_park_begin(const char *why);

/*
 * Park the calling task for good (see rumpuser_lx_park_begin()).  Inline
 * so that objtool sees the endless loop in every caller.
 */
static inline void __noreturn rumpuser_lx_park(const char *why)
{
	rumpuser_lx_park_begin(why);
	for (;;) {
		set_current_state(TASK_IDLE);
		schedule();
	}
}

#endif /* _RUMPUSER_LX_EXT_H */
