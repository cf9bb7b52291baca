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
 * Halting (rumpuser_exit: a halt or a panic) means what process exit means
 * to a rump kernel built for processes: its threads are gone, joined or
 * not.  Every thread of ours that is blocked in, or later enters, a
 * hypercall that can block is ended from inside that hypercall (never
 * while it runs rump kernel code): rumpuser_exit() sends each a SIGKILL,
 * which only our threads accept (allow_signal), and which wakes their
 * killable sleeps; the hypercall sees rumpuser_lx_thread_must_end(),
 * releases the host locks the thread holds (tracked per thread below, so
 * no Linux lock outlives its holder) and ends the thread.  A joinable
 * thread ended that way is reaped at fini as if joined.
 *
 * pri is ignored: rump kernel priorities have no useful Linux meaning, and
 * every rump thread must be able to take a virtual CPU anyway.  cpuidx is
 * honoured as an affinity hint when a host CPU of that number is online.
 */
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "rumpuser_int.h"

/*
 * Host locks a thread holds, innermost last.  Rump kernel code nests a
 * handful at most; a deeper nesting is counted in lost and reported when
 * the thread is ended holding locks we could not track.
 */
#define RUMPUSER_LX_MAXHELD	16

struct rumpuser_lx_held {
	void *lock;
	enum rumpuser_lx_lock_kind kind;
};

struct rumpuser_lx_thread {
	void *(*fun)(void *arg);
	void *arg;
	struct rumpuser_lx_task *ent;	/* own per-task entry */
	struct task_struct *task;	/* referenced until the block is freed */
	struct completion done;		/* joinable: completed at exit */
	struct list_head link;		/* rumpuser_lx_threads */
	bool joinable;
	bool exited;			/* under rumpuser_lx_threads_lock */
	int nheld;			/* touched by the thread only */
	int lost;
	struct rumpuser_lx_held held[RUMPUSER_LX_MAXHELD];
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

/* A host lock was taken (or given back) by the calling thread. */
void rumpuser_lx_held_push(void *lock, enum rumpuser_lx_lock_kind kind)
{
	struct rumpuser_lx_thread *t = rumpuser_lx_thread_self();

	if (!t)
		return;
	if (t->nheld == RUMPUSER_LX_MAXHELD) {
		t->lost++;
		return;
	}
	t->held[t->nheld].lock = lock;
	t->held[t->nheld].kind = kind;
	t->nheld++;
}

void rumpuser_lx_held_pop(void *lock)
{
	struct rumpuser_lx_thread *t = rumpuser_lx_thread_self();
	int i;

	if (!t)
		return;
	/* usually the innermost; rump code may release out of order */
	for (i = t->nheld - 1; i >= 0; i--) {
		if (t->held[i].lock == lock) {
			memmove(&t->held[i], &t->held[i + 1],
				(t->nheld - i - 1) * sizeof(t->held[0]));
			t->nheld--;
			return;
		}
	}
	if (t->lost > 0)
		t->lost--;
}

/* The calling thread is ours and the rump kernel has exited. */
bool rumpuser_lx_thread_must_end(void)
{
	return rumpuser_lx_exited() && rumpuser_lx_thread_is_self();
}

/*
 * How our waits sleep: TASK_IDLE (neither load nor a hung task), and for
 * our own threads also killable, so that rumpuser_exit() can wake them.
 * Foreign tasks keep an unkillable sleep: a user process with a fatal
 * signal pending would otherwise spin in a wait that must not end early.
 */
unsigned int rumpuser_lx_wait_state(void)
{
	return rumpuser_lx_thread_is_self() ? TASK_IDLE | TASK_WAKEKILL :
					      TASK_IDLE;
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
	put_task_struct(t->task);	/* the task still holds its own */
	kfree(t);
	module_put_and_kthread_exit(0);
}

/*
 * Called from inside a blocking hypercall once the rump kernel has
 * exited: give back every host lock the thread holds, innermost first,
 * then end it.  No upcall is made on the way out: a thread ended on
 * entering a hypercall keeps the rump CPU it had, one ended in a wait
 * never takes back the one it gave up -- the exited kernel's scheduler
 * is not consulted again, and fini frees its state.
 */
void rumpuser_lx_thread_end_halted(void)
{
	struct rumpuser_lx_thread *t = rumpuser_lx_thread_self();

	while (t->nheld > 0) {
		t->nheld--;
		rumpuser_lx_lock_drop(t->held[t->nheld].lock,
				      t->held[t->nheld].kind);
	}
	if (t->lost)
		pr_warn("halt: thread %s[%d] ends holding %d host locks it could not track\n",
			current->comm, task_pid_nr(current), t->lost);
	rumpuser_lx_thread_end();
}

/*
 * rumpuser_exit(): wake every other thread of ours out of its killable
 * sleeps; each ends at its next blocking hypercall.
 */
void rumpuser_lx_thread_kill_all(void)
{
	struct rumpuser_lx_thread *t;

	spin_lock(&rumpuser_lx_threads_lock);
	list_for_each_entry(t, &rumpuser_lx_threads, link)
		if (!t->exited && t->task != current)
			send_sig(SIGKILL, t->task, 1);
	spin_unlock(&rumpuser_lx_threads_lock);
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
	/* only rumpuser_exit() sends it: see "Halting" above */
	allow_signal(SIGKILL);
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
	t->task = get_task_struct(task);
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
	put_task_struct(t->task);
	kfree(t);
	rumpuser_lx_stat_dec(threads);
	module_put(THIS_MODULE);
}

int rumpuser_thread_join(void *cookie)
{
	struct rumpuser_lx_thread *t = cookie;
	int nlocks;

	if (rumpuser_lx_thread_must_end())
		rumpuser_lx_thread_end_halted();
	rumpuser_lx_unschedule(&nlocks, NULL);
	/* TASK_IDLE: a join may last long, it is neither load nor a hang */
	while (wait_for_completion_state(&t->done, rumpuser_lx_wait_state())) {
		/* only our threads wake early, and only once exited */
		if (rumpuser_lx_thread_must_end())
			rumpuser_lx_thread_end_halted();
	}
	rumpuser_lx_schedule(nlocks, NULL);
	rumpuser_lx_thread_free(t);
	return 0;
}
EXPORT_SYMBOL_GPL(rumpuser_thread_join);

static int rumpuser_lx_threads_running(bool report)
{
	struct rumpuser_lx_thread *t;
	int running = 0;

	spin_lock(&rumpuser_lx_threads_lock);
	list_for_each_entry(t, &rumpuser_lx_threads, link) {
		if (t->exited)
			continue;
		running++;
		if (report)
			pr_warn("halt: thread %s[%d] has not entered a blocking hypercall since the rump kernel exited\n",
				t->task->comm, task_pid_nr(t->task));
	}
	spin_unlock(&rumpuser_lx_threads_lock);
	return running;
}

/*
 * Detach/module exit: EBUSY while any thread still runs; otherwise reap
 * joinable threads nobody joined.  After rumpuser_exit() the threads are
 * on their way out (see "Halting"): each gets RUMPUSER_LX_HALT_GRACE_MS to
 * reach a blocking hypercall, and one that does not is named.  Unjoined
 * threads are a leak of a live rump kernel, but the normal end of one that
 * exited.
 */
#define RUMPUSER_LX_HALT_GRACE_MS	5000

int rumpuser_lx_thread_reap(void)
{
	struct rumpuser_lx_thread *t;
	unsigned long deadline = jiffies +
				 msecs_to_jiffies(RUMPUSER_LX_HALT_GRACE_MS);
	bool exited = rumpuser_lx_exited();
	int running;

	running = rumpuser_lx_threads_running(false);
	while (running && exited && time_before(jiffies, deadline)) {
		usleep_range(10000, 20000);
		running = rumpuser_lx_threads_running(false);
	}
	if (running) {
		if (exited)
			rumpuser_lx_threads_running(true);
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
		if (!exited)
			pr_warn("detach: reaping a joinable thread nobody joined\n");
		wait_for_completion(&t->done);
		rumpuser_lx_thread_free(t);
	}
	return 0;
}
