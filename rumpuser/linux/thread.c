// SPDX-License-Identifier: GPL-2.0
/*
 * thread.c - rump kernel threads on kthreads.
 *
 * Each thread has a control block that is the kthread's data pointer, so a
 * thread of ours finds it (and through it its per-task entry) without a
 * hash lookup: kthread_func(current) tells our threads apart.
 *
 * Lifetime:
 *  - every thread holds a reference on this module from creation on, so
 *    rmmod cannot pull code out from under it;
 *  - a detached thread frees its control block and drops the reference on
 *    its way out (module_put_and_kthread_exit: the last instructions run
 *    are the core kernel's, not ours);
 *  - a joinable thread completes t->done on its way out
 *    (kthread_complete_and_exit) and keeps the block and the reference
 *    until rumpuser_thread_join(), or fini, reaps it.
 *
 * pri is ignored: rump kernel priorities have no useful Linux meaning, and
 * every rump thread must be able to take a virtual CPU anyway.  cpuidx is
 * honoured as an affinity hint when a host CPU of that number is online.
 */
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "rumpuser_int.h"

struct rumpuser_lx_thread {
	void *(*fun)(void *arg);
	void *arg;
	struct rumpuser_lx_task *ent;	/* own per-task entry */
	struct completion done;		/* joinable: completed at exit */
	struct list_head link;		/* rumpuser_lx_threads */
	bool joinable;
	bool exited;			/* under rumpuser_lx_threads_lock */
};

/* Threads not yet ended (detached) or not yet joined (joinable). */
static DEFINE_SPINLOCK(rumpuser_lx_threads_lock);
static LIST_HEAD(rumpuser_lx_threads);

static int rumpuser_lx_thread_main(void *data);

static struct rumpuser_lx_thread *rumpuser_lx_thread_self(void)
{
	if (!(current->flags & PF_KTHREAD) ||
	    kthread_func(current) != (void *)rumpuser_lx_thread_main)
		return NULL;
	return kthread_data(current);
}

bool rumpuser_lx_thread_is_self(void)
{
	return rumpuser_lx_thread_self() != NULL;
}

/* Fast path for curlwp.c: the entry of a layer thread, else NULL. */
struct rumpuser_lx_task *rumpuser_lx_thread_task(void)
{
	struct rumpuser_lx_thread *t = rumpuser_lx_thread_self();

	return t ? t->ent : NULL;
}

/* End the calling layer thread (thread_exit, or rumpuser_exit on it). */
void __noreturn rumpuser_lx_thread_end(void)
{
	struct rumpuser_lx_thread *t = rumpuser_lx_thread_self();
	struct rumpuser_lx_task *ent = t->ent;

	t->ent = NULL;
	rumpuser_lx_task_release(ent);
	/* a joinable thread stays counted until joined: it is not gone yet */
	if (!t->joinable)
		rumpuser_lx_stat_dec(threads);

	spin_lock(&rumpuser_lx_threads_lock);
	t->exited = true;
	if (!t->joinable)
		list_del(&t->link);
	spin_unlock(&rumpuser_lx_threads_lock);

	if (t->joinable)
		kthread_complete_and_exit(&t->done, 0);
	kfree(t);
	module_put_and_kthread_exit(0);
}

/*
 * Typed trampoline: kthreads run int (*)(void *), rump threads are
 * void *(*)(void *).  Calling through a cast would trip CFI.
 */
static int rumpuser_lx_thread_main(void *data)
{
	struct rumpuser_lx_thread *t = data;

	/* kthread_data() finds t already; the entry needs t->ent == NULL */
	t->ent = rumpuser_lx_task_get();
	t->fun(t->arg);
	rumpuser_lx_thread_end();
}

int rumpuser_thread_create(void *(*fun)(void *), void *arg, const char *name,
			   int mustjoin, int pri, int cpuidx, void **cookie)
{
	struct rumpuser_lx_thread *t;
	struct task_struct *task;

	if (rumpuser_lx_is_dead())
		return RUMPUSER_NB_EIO;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return RUMPUSER_NB_ENOMEM;
	if (!try_module_get(THIS_MODULE)) {
		kfree(t);
		return RUMPUSER_NB_EBUSY;
	}
	t->fun = fun;
	t->arg = arg;
	t->joinable = mustjoin != 0;
	init_completion(&t->done);

	task = kthread_create(rumpuser_lx_thread_main, t, "%s",
			      name ? name : "rumpthread");
	if (IS_ERR(task)) {
		module_put(THIS_MODULE);
		kfree(t);
		return rumpuser_lx_errno(PTR_ERR(task));
	}
	if (cpuidx >= 0 && cpuidx < nr_cpu_ids && cpu_online(cpuidx))
		set_cpus_allowed_ptr(task, cpumask_of(cpuidx));

	spin_lock(&rumpuser_lx_threads_lock);
	list_add_tail(&t->link, &rumpuser_lx_threads);
	spin_unlock(&rumpuser_lx_threads_lock);
	rumpuser_lx_stat_inc(threads);

	if (mustjoin)
		*cookie = t;
	wake_up_process(task);
	return 0;
}
EXPORT_SYMBOL_GPL(rumpuser_thread_create);

void rumpuser_thread_exit(void)
{
	if (rumpuser_lx_thread_is_self())
		rumpuser_lx_thread_end();
	rumpuser_lx_park("thread exit on a task rumpuser did not create");
}
EXPORT_SYMBOL_GPL(rumpuser_thread_exit);

/* Free a joinable thread's control block once it has ended. */
static void rumpuser_lx_thread_free(struct rumpuser_lx_thread *t)
{
	spin_lock(&rumpuser_lx_threads_lock);
	list_del(&t->link);
	spin_unlock(&rumpuser_lx_threads_lock);
	kfree(t);
	rumpuser_lx_stat_dec(threads);
	module_put(THIS_MODULE);
}

int rumpuser_thread_join(void *cookie)
{
	struct rumpuser_lx_thread *t = cookie;
	int nlocks;

	rumpuser_lx_unschedule(&nlocks, NULL);
	/* TASK_IDLE: a join may last long, it is neither load nor a hang */
	wait_for_completion_state(&t->done, TASK_IDLE);
	rumpuser_lx_schedule(nlocks, NULL);
	rumpuser_lx_thread_free(t);
	return 0;
}
EXPORT_SYMBOL_GPL(rumpuser_thread_join);

/*
 * Detach/module exit: EBUSY while any thread still runs; otherwise reap
 * joinable threads nobody joined (a leak, reported).
 */
int rumpuser_lx_thread_reap(void)
{
	struct rumpuser_lx_thread *t;
	int running = 0;

	spin_lock(&rumpuser_lx_threads_lock);
	list_for_each_entry(t, &rumpuser_lx_threads, link)
		if (!t->exited)
			running++;
	spin_unlock(&rumpuser_lx_threads_lock);
	if (running) {
		pr_warn("detach refused: %d rump kernel threads still running\n",
			running);
		return RUMPUSER_NB_EBUSY;
	}

	for (;;) {
		spin_lock(&rumpuser_lx_threads_lock);
		t = list_first_entry_or_null(&rumpuser_lx_threads,
					     struct rumpuser_lx_thread, link);
		spin_unlock(&rumpuser_lx_threads_lock);
		if (!t)
			break;
		pr_warn("detach: reaping a joinable thread nobody joined\n");
		wait_for_completion(&t->done);
		rumpuser_lx_thread_free(t);
	}
	return 0;
}
