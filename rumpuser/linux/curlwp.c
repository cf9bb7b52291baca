// SPDX-License-Identifier: GPL-2.0
/*
 * curlwp.c - per-task state: curlwp, errno, console line.
 *
 * Entries live in an rhashtable keyed by the task pointer, so lookups are
 * lock-free (RCU) and the table has no fixed capacity.  Threads created by
 * rumpuser_thread_create() find their entry through their control block
 * (thread.c) and skip the hash lookup; other tasks (a test module's init,
 * a process in a syscall, our bio worker) get an entry on first use.
 *
 * Each entry holds a reference on its task.  Entries of layer threads are
 * removed when the thread ends; entries of foreign tasks are reclaimed
 * lazily once their task has exited (a scan whenever the table has doubled
 * since the last one) and all of them at fini.
 *
 * Lifetime rule that makes the lock-free lookup safe: an entry is freed
 * only by its own task, by the GC once the task is dead, or by fini (when
 * no client runs).  So the entry a task finds for itself stays valid for as
 * long as it uses it, after rcu_read_unlock().
 *
 * rumpuser_curlwp() runs several times per rump system call, so in front
 * of the table each CPU remembers the last (task, entry) it looked up.  A
 * hit needs only that the task is still current on this CPU and that no
 * entry was freed since the slot was filled (a generation count bumped by
 * every free): a freed entry's task_struct may be reused by a new task,
 * which must not inherit the slot.  Slots are only ever filled by the task
 * they name, and no task can be inside a lookup while its own entry is
 * being freed (same rule as above), so no slot can be refilled with an
 * entry after its free.
 */
#include <linux/delay.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rhashtable.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "rumpuser_int.h"

#define RUMPUSER_LX_GC_MIN	64

static struct rhashtable rumpuser_lx_task_ht;
static const struct rhashtable_params rumpuser_lx_task_params = {
	.key_len = sizeof(struct task_struct *),
	.key_offset = offsetof(struct rumpuser_lx_task, task),
	.head_offset = offsetof(struct rumpuser_lx_task, node),
	.automatic_shrinking = true,
};

struct rumpuser_lx_task_slot {
	struct task_struct *task;
	struct rumpuser_lx_task *ent;
	unsigned long gen;
};

static DEFINE_PER_CPU(struct rumpuser_lx_task_slot, rumpuser_lx_task_slot);
static unsigned long rumpuser_lx_task_gen;	/* bumped by every free */

/* Orders insertion, removal and the GC scan; never held across upcalls. */
static DEFINE_MUTEX(rumpuser_lx_tasks_lock);
static LIST_HEAD(rumpuser_lx_tasks);
static unsigned int rumpuser_lx_ntasks;
static unsigned int rumpuser_lx_gc_at = RUMPUSER_LX_GC_MIN;

/* The calling task's entry, or NULL.  Never allocates. */
struct rumpuser_lx_task *rumpuser_lx_task_find(void)
{
	struct task_struct *self = current;
	struct rumpuser_lx_task *ent;

	struct rumpuser_lx_task_slot *slot;

	ent = rumpuser_lx_thread_task();
	if (ent)
		return ent;

	slot = get_cpu_ptr(&rumpuser_lx_task_slot);
	if (slot->task == self &&
	    slot->gen == READ_ONCE(rumpuser_lx_task_gen)) {
		ent = slot->ent;
		put_cpu_ptr(&rumpuser_lx_task_slot);
		return ent;
	}
	put_cpu_ptr(&rumpuser_lx_task_slot);

	rcu_read_lock();
	ent = rhashtable_lookup(&rumpuser_lx_task_ht, &self,
				rumpuser_lx_task_params);
	if (ent) {
		/* the generation is read before the slot is published */
		unsigned long gen = READ_ONCE(rumpuser_lx_task_gen);

		slot = get_cpu_ptr(&rumpuser_lx_task_slot);
		slot->task = self;
		slot->ent = ent;
		slot->gen = gen;
		put_cpu_ptr(&rumpuser_lx_task_slot);
	}
	rcu_read_unlock();
	return ent;
}

/* Unlink and free an entry.  Caller holds rumpuser_lx_tasks_lock. */
static void rumpuser_lx_task_drop(struct rumpuser_lx_task *ent)
{
	rumpuser_lx_console_flush(ent);
	rhashtable_remove_fast(&rumpuser_lx_task_ht, &ent->node,
			       rumpuser_lx_task_params);
	list_del(&ent->all);
	rumpuser_lx_ntasks--;
	if (ent->curlwp)
		rumpuser_lx_stat_dec(lwps);
	/* every per-CPU slot filled before now is stale (see the top) */
	WRITE_ONCE(rumpuser_lx_task_gen, rumpuser_lx_task_gen + 1);
	put_task_struct(ent->task);
	kfree_rcu(ent, rcu);
}

/*
 * Reclaim entries of tasks that have exited.  A task with exit_state set
 * has passed exit_notify() and runs none of our code any more.
 */
static void rumpuser_lx_task_gc(void)
{
	struct rumpuser_lx_task *ent, *next;

	lockdep_assert_held(&rumpuser_lx_tasks_lock);
	list_for_each_entry_safe(ent, next, &rumpuser_lx_tasks, all)
		if (READ_ONCE(ent->task->exit_state))
			rumpuser_lx_task_drop(ent);
	rumpuser_lx_gc_at = max(2 * rumpuser_lx_ntasks,
				(unsigned int)RUMPUSER_LX_GC_MIN);
}

/*
 * The calling task's entry, created on first use.  The callers return
 * void, so this cannot fail: the entry is small and allocated NOFAIL,
 * without I/O (we may be on a rump-backed storage path).
 */
struct rumpuser_lx_task *rumpuser_lx_task_get(void)
{
	struct rumpuser_lx_task *ent = rumpuser_lx_task_find();
	int err;

	if (ent)
		return ent;

	ent = kzalloc(sizeof(*ent), GFP_NOIO | __GFP_NOFAIL);
	get_task_struct(current);
	ent->task = current;

	mutex_lock(&rumpuser_lx_tasks_lock);
	if (rumpuser_lx_ntasks >= rumpuser_lx_gc_at)
		rumpuser_lx_task_gc();
	/*
	 * Insertion fails only if the table cannot grow right now (atomic
	 * allocation in the insert path); the deferred resize worker fixes
	 * that, so retry after a short sleep rather than fail.
	 */
	while ((err = rhashtable_insert_fast(&rumpuser_lx_task_ht, &ent->node,
					     rumpuser_lx_task_params))) {
		mutex_unlock(&rumpuser_lx_tasks_lock);
		usleep_range(1000, 2000);
		mutex_lock(&rumpuser_lx_tasks_lock);
	}
	list_add(&ent->all, &rumpuser_lx_tasks);
	rumpuser_lx_ntasks++;
	mutex_unlock(&rumpuser_lx_tasks_lock);
	return ent;
}

/* The calling task is done with its entry (a layer thread ending). */
void rumpuser_lx_task_release(struct rumpuser_lx_task *ent)
{
	mutex_lock(&rumpuser_lx_tasks_lock);
	rumpuser_lx_task_drop(ent);
	mutex_unlock(&rumpuser_lx_tasks_lock);
}

/* Detach: free every entry; a curlwp still set is a leaked lwp binding. */
void rumpuser_lx_task_fini(void)
{
	struct rumpuser_lx_task *ent, *next;

	mutex_lock(&rumpuser_lx_tasks_lock);
	list_for_each_entry_safe(ent, next, &rumpuser_lx_tasks, all) {
		if (ent->curlwp && !READ_ONCE(ent->task->exit_state))
			pr_warn("detach: task %s[%d] still has curlwp %p\n",
				ent->task->comm, task_pid_nr(ent->task),
				ent->curlwp);
		rumpuser_lx_task_drop(ent);
	}
	rumpuser_lx_gc_at = RUMPUSER_LX_GC_MIN;
	mutex_unlock(&rumpuser_lx_tasks_lock);
}

int rumpuser_lx_curlwp_init(void)
{
	return rhashtable_init(&rumpuser_lx_task_ht, &rumpuser_lx_task_params);
}

void rumpuser_lx_curlwp_exit(void)
{
	/* rumpuser_lx_task_fini() emptied the table already */
	rhashtable_destroy(&rumpuser_lx_task_ht);
}

void rumpuser_curlwpop(int op, struct lwp *l)
{
	struct rumpuser_lx_task *ent;

	switch (op) {
	case RUMPUSER_LWP_CREATE:
	case RUMPUSER_LWP_DESTROY:
		/* informational: an lwp is not bound to a host thread */
		break;
	case RUMPUSER_LWP_SET:
		ent = rumpuser_lx_task_get();
		if (!ent->curlwp && l)
			rumpuser_lx_stat_inc(lwps);
		else if (ent->curlwp && !l)
			rumpuser_lx_stat_dec(lwps);
		ent->curlwp = l;
		break;
	case RUMPUSER_LWP_CLEAR:
		ent = rumpuser_lx_task_find();
		if (ent && ent->curlwp) {
			ent->curlwp = NULL;
			rumpuser_lx_stat_dec(lwps);
		}
		break;
	default:
		pr_warn_ratelimited("curlwpop: unknown op %d\n", op);
		break;
	}
}
EXPORT_SYMBOL_GPL(rumpuser_curlwpop);

struct lwp *rumpuser_curlwp(void)
{
	struct rumpuser_lx_task *ent = rumpuser_lx_task_find();

	return ent ? ent->curlwp : NULL;
}
EXPORT_SYMBOL_GPL(rumpuser_curlwp);

void rumpuser_seterrno(int error)
{
	rumpuser_lx_task_get()->nb_errno = error;
}
EXPORT_SYMBOL_GPL(rumpuser_seterrno);
