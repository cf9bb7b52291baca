// SPDX-License-Identifier: GPL-2.0
/*
 * guard.c - rumpuser_ext_guard(): bring a foreign task back from a dead
 * rump kernel.
 *
 * rumpuser_exit() must not return, and Linux 6.1 exports nothing a module
 * could use to end a task it did not create.  A guard records where the
 * task entered (the compiler's __builtin_setjmp: frame, stack pointer and
 * resume address, with every callee-saved register spilled by the
 * receiving frame), and rumpuser_exit() on that task jumps back there.
 * What lies between is rump kernel code, whose state dies with it: it
 * holds only sleeping locks of ours (struct mutex, rw_semaphore), never a
 * spinlock, RCU read section or preemption count across a call into the
 * rump kernel, so abandoning those frames leaves Linux consistent.
 *
 * The jump is an indirect branch to a non-function address.  With kernel
 * IBT that target would need an ENDBR, which the compiler does not emit
 * for __builtin_setjmp receivers, so on such kernels guards are refused
 * (ENOTSUP) and a dying rump kernel parks the task instead.
 *
 * Active guards live on the guarding task's stack, linked in one list:
 * rumpuser_exit() is rare, so a short scan under a spinlock is fine and
 * keeps the fast path (push, pop) to a lock and two pointer writes.
 */
#include <linux/list.h>
#include <linux/objtool.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

#include "rumpuser_int.h"

struct rumpuser_lx_guard {
	struct list_head link;
	struct task_struct *task;
	void *jmpbuf[5];		/* __builtin_setjmp's buffer */
};

static LIST_HEAD(rumpuser_lx_guards);
static DEFINE_SPINLOCK(rumpuser_lx_guards_lock);

/* The innermost guard of the calling task, or NULL. */
static struct rumpuser_lx_guard *rumpuser_lx_guard_find(void)
{
	struct rumpuser_lx_guard *g, *found = NULL;

	spin_lock(&rumpuser_lx_guards_lock);
	list_for_each_entry(g, &rumpuser_lx_guards, link) {
		if (g->task == current) {
			found = g;	/* newest first: the innermost */
			break;
		}
	}
	spin_unlock(&rumpuser_lx_guards_lock);
	return found;
}

/*
 * Never inlined (__builtin_longjmp must not share a frame with its setjmp)
 * and opaque to its callers (noipa): were the compiler to learn that it
 * never returns, it would end the caller with the call, and objtool, which
 * cannot know that, would see the code run off the end of the section.
 */
static noinline __attribute__((__noipa__)) void
rumpuser_lx_guard_jump(void **jmpbuf)
{
	__builtin_longjmp(jmpbuf, 1);
}
/* It leaves through the saved stack pointer, which objtool cannot follow. */
STACK_FRAME_NON_STANDARD(rumpuser_lx_guard_jump);

/*
 * Called by rumpuser_exit() on a task that may hold a guard: return to the
 * innermost one if there is one, else return (and the caller parks).
 */
void rumpuser_lx_guard_unwind(void)
{
	struct rumpuser_lx_guard *g = rumpuser_lx_guard_find();

	if (g)
		rumpuser_lx_guard_jump(g->jmpbuf);
}

/*
 * The receiving frame: __builtin_setjmp makes it spill every callee-saved
 * register, and the jump lands at a label objtool sees no edge to.
 */
static noinline int rumpuser_lx_guard_run(struct rumpuser_lx_guard *g,
					  void (*fn)(void *), void *arg)
{
	if (__builtin_setjmp(g->jmpbuf))
		return 1;
	fn(arg);
	return 0;
}
STACK_FRAME_NON_STANDARD(rumpuser_lx_guard_run);

int rumpuser_ext_guard(void (*fn)(void *), void *arg)
{
	struct rumpuser_lx_guard g = { .task = current };
	int died;

	if (IS_ENABLED(CONFIG_X86_KERNEL_IBT) || !IS_ENABLED(CONFIG_X86_64))
		return RUMPUSER_NB_ENOTSUP;

	spin_lock(&rumpuser_lx_guards_lock);
	list_add(&g.link, &rumpuser_lx_guards);
	spin_unlock(&rumpuser_lx_guards_lock);

	died = rumpuser_lx_guard_run(&g, fn, arg);

	spin_lock(&rumpuser_lx_guards_lock);
	list_del(&g.link);
	spin_unlock(&rumpuser_lx_guards_lock);

	if (!died)
		return 0;
	/* The dead kernel's lwp is no longer this task's. */
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, NULL);
	return RUMPUSER_NB_ENXIO;
}
EXPORT_SYMBOL_GPL(rumpuser_ext_guard);
