/* SPDX-License-Identifier: GPL-2.0 */
/*
 * curlwp.h - per-task state of the hypercall layer.
 *
 * A module has no thread-local storage, so everything the interface keeps
 * "per host thread" (curlwp, errno, the console line) lives in an entry
 * keyed by the task pointer in an RCU hash table.  Only the owning task
 * reads or writes the fields of its entry; the table lock only orders
 * insertion and removal.
 */
#ifndef _RUMPUSER_LX_CURLWP_H
#define _RUMPUSER_LX_CURLWP_H

#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/rhashtable-types.h>

struct lwp;
struct task_struct;
struct rumpuser_lx_thread;

#define RUMPUSER_LX_LINE	160	/* console line buffer, bytes */

struct rumpuser_lx_task {
	struct rhash_head node;		/* rumpuser_lx_task_ht */
	struct list_head all;		/* every entry, for GC and fini */
	struct task_struct *task;	/* key; a reference is held */
	struct lwp *curlwp;
	int nb_errno;			/* rumpuser_seterrno(), NetBSD */
	unsigned int linelen;
	char line[RUMPUSER_LX_LINE];
	struct rcu_head rcu;
};

/* curlwp.c */
int rumpuser_lx_curlwp_init(void);
void rumpuser_lx_curlwp_exit(void);
struct rumpuser_lx_task *rumpuser_lx_task_find(void);
struct rumpuser_lx_task *rumpuser_lx_task_get(void);
void rumpuser_lx_task_release(struct rumpuser_lx_task *ent);
void rumpuser_lx_task_fini(void);

#endif /* _RUMPUSER_LX_CURLWP_H */
