// SPDX-License-Identifier: GPL-2.0
/*
 * ext.c - the life cycle of a rump kernel client.
 *
 * rumpuser_init() attaches one rump kernel (one client at a time: the
 * upcall table is global), rumpuser_exit() records its death or halt, and
 * rumpuser_ext_fini() detaches it again so that a fresh rump kernel can
 * attach later (test modules and rumpkern.ko each init and fini).  The leak
 * counters live here too, with their debugfs view.
 *
 * Upcalls go through the wrappers below.  Before rumpuser_init() and after
 * detaching, the table is empty and the wrappers do nothing, so stray calls
 * cannot jump through a stale pointer into an unloaded module.
 */
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/debug.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "rumpuser_int.h"

struct rumpuser_lx_counters rumpuser_lx_stats;

/* Serialises init, fini and module exit against each other. */
static DEFINE_MUTEX(rumpuser_lx_life_lock);
static struct rumpuser_hyperup rumpuser_lx_hyp;
static bool rumpuser_lx_attached;	/* between init and fini */
static bool rumpuser_lx_unloading;	/* module exit: no more clients */
static atomic_t rumpuser_lx_dead_flag = ATOMIC_INIT(0);
static atomic_t rumpuser_lx_halted = ATOMIC_INIT(0);
static struct dentry *rumpuser_lx_debugfs;

bool rumpuser_lx_is_dead(void)
{
	return atomic_read(&rumpuser_lx_dead_flag) != 0;
}

/* rumpuser_exit() was called: a panic or a halt. */
bool rumpuser_lx_exited(void)
{
	return atomic_read(&rumpuser_lx_dead_flag) ||
	       atomic_read(&rumpuser_lx_halted);
}

/*
 * May a helper thread of ours (the bio worker) still enter the rump
 * kernel?  Not before init, not after a panic, not once detaching.
 */
bool rumpuser_lx_upcalls_ok(void)
{
	return READ_ONCE(rumpuser_lx_attached) && !rumpuser_lx_is_dead() &&
	       !READ_ONCE(rumpuser_lx_unloading);
}

/* Give the rump CPU back before blocking; *nlocks receives the count. */
void rumpuser_lx_unschedule(int *nlocks, void *interlock)
{
	typeof(rumpuser_lx_hyp.hyp_backend_unschedule) fn;

	*nlocks = 0;
	fn = READ_ONCE(rumpuser_lx_hyp.hyp_backend_unschedule);
	if (fn)
		fn(0, nlocks, interlock);
}

/* Take a rump CPU again, with exactly the count unschedule gave us. */
void rumpuser_lx_schedule(int nlocks, void *interlock)
{
	typeof(rumpuser_lx_hyp.hyp_backend_schedule) fn;

	fn = READ_ONCE(rumpuser_lx_hyp.hyp_backend_schedule);
	if (fn)
		fn(nlocks, interlock);
}

void rumpuser_lx_hyp_schedule(void)
{
	typeof(rumpuser_lx_hyp.hyp_schedule) fn =
		READ_ONCE(rumpuser_lx_hyp.hyp_schedule);

	if (fn)
		fn();
}

void rumpuser_lx_hyp_unschedule(void)
{
	typeof(rumpuser_lx_hyp.hyp_unschedule) fn =
		READ_ONCE(rumpuser_lx_hyp.hyp_unschedule);

	if (fn)
		fn();
}

int rumpuser_lx_hyp_newlwp(void)
{
	typeof(rumpuser_lx_hyp.hyp_lwproc_newlwp) fn =
		READ_ONCE(rumpuser_lx_hyp.hyp_lwproc_newlwp);

	return fn ? fn(0) : RUMPUSER_NB_ENOSYS;
}

void rumpuser_lx_hyp_release(void)
{
	typeof(rumpuser_lx_hyp.hyp_lwproc_release) fn =
		READ_ONCE(rumpuser_lx_hyp.hyp_lwproc_release);

	if (fn)
		fn();
}

/*
 * A task that must never return (rumpuser_exit, or thread_exit on a task
 * we did not create) but that we cannot end: Linux 6.1 exports no way for
 * a module to end an arbitrary task.  It sleeps for good in TASK_IDLE (not
 * a hung task, not load; a killable sleep would only spin once a fatal
 * signal is pending, since the task still could not exit).  The module
 * reference makes rmmod fail cleanly instead of unloading code this task
 * is still inside.
 */
void rumpuser_lx_park_begin(const char *why)
{
	__module_get(THIS_MODULE);
	pr_err("%s: task %s[%d] cannot return and is parked for good; rumpuser can no longer be unloaded\n",
	       why, current->comm, task_pid_nr(current));
}

int rumpuser_init(int version, const struct rumpuser_hyperup *hyp)
{
	int err = 0;

	if (version != RUMPUSER_VERSION) {
		pr_warn("rump kernel asked for hypercall interface version %d; this is version %d\n",
			version, RUMPUSER_VERSION);
		return RUMPUSER_NB_EINVAL;
	}
	if (!hyp)
		return RUMPUSER_NB_EINVAL;

	mutex_lock(&rumpuser_lx_life_lock);
	if (rumpuser_lx_attached || rumpuser_lx_unloading) {
		err = RUMPUSER_NB_EBUSY;
	} else {
		rumpuser_lx_hyp = *hyp;
		atomic_set(&rumpuser_lx_dead_flag, 0);
		atomic_set(&rumpuser_lx_halted, 0);
		WRITE_ONCE(rumpuser_lx_attached, true);
	}
	mutex_unlock(&rumpuser_lx_life_lock);
	return err;
}
EXPORT_SYMBOL_GPL(rumpuser_init);

/*
 * The rump kernel is finished: a panic (RUMPUSER_PANIC) or an orderly halt.
 * Linux must carry on, so no panic() and no WARN (panic_on_warn would turn
 * it into one).  The calling thread, if ours, ends as if it called
 * thread_exit; every other thread of ours ends at its next blocking
 * hypercall (thread.c, "Halting"); a foreign caller goes back to its guard
 * or is parked.
 */
void rumpuser_exit(int value)
{
	struct rumpuser_lx_task *ent = rumpuser_lx_task_find();

	if (ent)
		rumpuser_lx_console_flush(ent);

	if (value == RUMPUSER_PANIC) {
		atomic_set(&rumpuser_lx_dead_flag, 1);
		pr_err("rump kernel panic: the rump kernel is dead, Linux carries on\n");
		dump_stack();
	} else {
		atomic_set(&rumpuser_lx_halted, 1);
		pr_info("rump kernel halted (exit value %d)\n", value);
	}
	rumpuser_lx_thread_kill_all();

	/* A guarded task goes back to its guard (guard.c), whoever made it. */
	rumpuser_lx_guard_unwind();
	/* as any ended thread of ours: its host locks go back first */
	if (rumpuser_lx_thread_is_self())
		rumpuser_lx_thread_end_halted();
	if (rumpuser_lx_bio_is_self())
		rumpuser_lx_bio_abort();
	rumpuser_lx_park(value == RUMPUSER_PANIC ? "rump kernel panic" :
			 "rump kernel halt");
}
EXPORT_SYMBOL_GPL(rumpuser_exit);

static void rumpuser_lx_report(const char *what, atomic64_t *cnt)
{
	s64 n = atomic64_read(cnt);

	if (n)
		pr_warn("detach: %lld %s still outstanding\n", n, what);
}

/*
 * Tear down everything a client left behind.  upcalls: whether the bio
 * worker may still enter the rump kernel to release its lwp.
 * Called with rumpuser_lx_life_lock held and no client thread running.
 */
static void rumpuser_lx_detach(bool upcalls)
{
	rumpuser_lx_bio_fini(upcalls);
	memset(&rumpuser_lx_hyp, 0, sizeof(rumpuser_lx_hyp));
	rumpuser_lx_file_fini();
	rumpuser_lx_task_fini();
	if (rumpuser_lx_exited()) {
		/*
		 * What a process exit frees: the exited rump kernel's threads
		 * are gone, and nothing will touch its memory or locks again.
		 */
		rumpuser_lx_synch_reclaim();
		rumpuser_lx_mem_reclaim();
	}

	rumpuser_lx_report("bytes of rumpuser_malloc memory",
			   &rumpuser_lx_stats.mem_bytes);
	rumpuser_lx_report("rumpuser_malloc blocks",
			   &rumpuser_lx_stats.mem_blocks);
	rumpuser_lx_report("bytes of anonmmap memory",
			   &rumpuser_lx_stats.map_bytes);
	rumpuser_lx_report("mutexes", &rumpuser_lx_stats.mutexes);
	rumpuser_lx_report("rwlocks", &rumpuser_lx_stats.rwlocks);
	rumpuser_lx_report("condvars", &rumpuser_lx_stats.condvars);

	atomic_set(&rumpuser_lx_dead_flag, 0);
	atomic_set(&rumpuser_lx_halted, 0);
	WRITE_ONCE(rumpuser_lx_attached, false);
}

int rumpuser_ext_fini(void)
{
	int err;

	mutex_lock(&rumpuser_lx_life_lock);
	err = rumpuser_lx_thread_reap();
	if (!err)
		rumpuser_lx_detach(rumpuser_lx_upcalls_ok());
	mutex_unlock(&rumpuser_lx_life_lock);
	return err;
}
EXPORT_SYMBOL_GPL(rumpuser_ext_fini);

int rumpuser_ext_quiesce(void)
{
	mutex_lock(&rumpuser_lx_life_lock);
	if (READ_ONCE(rumpuser_lx_attached))
		rumpuser_lx_bio_fini(rumpuser_lx_upcalls_ok());
	mutex_unlock(&rumpuser_lx_life_lock);
	return 0;
}
EXPORT_SYMBOL_GPL(rumpuser_ext_quiesce);

int rumpuser_ext_geterrno(void)
{
	struct rumpuser_lx_task *ent = rumpuser_lx_task_find();

	return ent ? ent->nb_errno : 0;
}
EXPORT_SYMBOL_GPL(rumpuser_ext_geterrno);

int rumpuser_ext_dead(void)
{
	return rumpuser_lx_is_dead();
}
EXPORT_SYMBOL_GPL(rumpuser_ext_dead);

void rumpuser_ext_getstats(struct rumpuser_ext_stats *st)
{
	st->mem_bytes = atomic64_read(&rumpuser_lx_stats.mem_bytes);
	st->mem_blocks = atomic64_read(&rumpuser_lx_stats.mem_blocks);
	st->map_bytes = atomic64_read(&rumpuser_lx_stats.map_bytes);
	st->mutexes = atomic64_read(&rumpuser_lx_stats.mutexes);
	st->rwlocks = atomic64_read(&rumpuser_lx_stats.rwlocks);
	st->condvars = atomic64_read(&rumpuser_lx_stats.condvars);
	st->threads = atomic64_read(&rumpuser_lx_stats.threads);
	st->fds = atomic64_read(&rumpuser_lx_stats.fds);
	st->bios = atomic64_read(&rumpuser_lx_stats.bios);
	st->lwps = atomic64_read(&rumpuser_lx_stats.lwps);
}
EXPORT_SYMBOL_GPL(rumpuser_ext_getstats);

/* /sys/kernel/debug/rumpuser/stats: "name value" lines, for leak audits. */
static int rumpuser_lx_stats_show(struct seq_file *m, void *unused)
{
	struct rumpuser_ext_stats st;

	rumpuser_ext_getstats(&st);
	seq_printf(m, "mem_bytes %lld\n", st.mem_bytes);
	seq_printf(m, "mem_blocks %lld\n", st.mem_blocks);
	seq_printf(m, "map_bytes %lld\n", st.map_bytes);
	seq_printf(m, "mutexes %lld\n", st.mutexes);
	seq_printf(m, "rwlocks %lld\n", st.rwlocks);
	seq_printf(m, "condvars %lld\n", st.condvars);
	seq_printf(m, "threads %lld\n", st.threads);
	seq_printf(m, "fds %lld\n", st.fds);
	seq_printf(m, "bios %lld\n", st.bios);
	seq_printf(m, "lwps %lld\n", st.lwps);
	seq_printf(m, "attached %d\n", READ_ONCE(rumpuser_lx_attached));
	seq_printf(m, "dead %d\n", atomic_read(&rumpuser_lx_dead_flag));
	seq_printf(m, "halted %d\n", atomic_read(&rumpuser_lx_halted));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(rumpuser_lx_stats);

int rumpuser_lx_ext_init(void)
{
	/* debugfs is a debugging aid: its failure does not stop the module */
	rumpuser_lx_debugfs = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("stats", 0444, rumpuser_lx_debugfs, NULL,
			    &rumpuser_lx_stats_fops);
	return 0;
}

/*
 * Module exit.  Clients are modules that link against us, so they are all
 * gone: never upcall again, just free what is left.  Threads we created
 * hold a module reference while they run, so none can be running here.
 */
void rumpuser_lx_ext_exit(void)
{
	debugfs_remove(rumpuser_lx_debugfs);

	mutex_lock(&rumpuser_lx_life_lock);
	WRITE_ONCE(rumpuser_lx_unloading, true);
	if (rumpuser_lx_attached)
		pr_warn("module exit: the rump kernel never detached (rumpuser_ext_fini)\n");
	rumpuser_lx_thread_reap();
	rumpuser_lx_detach(false);
	mutex_unlock(&rumpuser_lx_life_lock);
}
