// SPDX-License-Identifier: BSD-2-Clause
/*
 * kern_softint.c - soft interrupts: one kernel thread per level runs the
 * handlers scheduled at that level, FIFO.
 *
 * A level's thread starts with the first softint_establish() at that
 * level, not at boot: most levels of a small rump kernel never get a
 * handler, and every thread costs boot time and a host stack.
 *
 * Per level, si_lock protects the queue, every handle's si_pending and the
 * level's running handle; a handle is on the queue exactly when pending.
 * softint_start_lock orders thread starts (sl_started, sl_lwp).
 */
#include "kern/types.h"
#include "kern/systm.h"
#include "kern/kmem.h"
#include "kern/lock.h"
#include "kern/proc.h"
#include "kern/kthread.h"
#include "kern/intr.h"
#include "kern/rumpkern.h"

struct softint {
	struct softint *si_next;
	struct softint_level *si_level;
	void (*si_func)(void *);
	void *si_arg;
	unsigned si_flags;
	bool si_pending;
};

struct softint_level {
	kmutex_t sl_lock;
	kcondvar_t sl_cv;		/* the thread: work or stop */
	kcondvar_t sl_donecv;		/* disestablish: handler done */
	struct softint *sl_head, **sl_tailp;
	struct softint *sl_running;
	struct lwp *sl_lwp;
	bool sl_stop;
	bool sl_started;
};

static struct softint_level softint_levels[SOFTINT_COUNT];
static kmutex_t softint_start_lock;
static const char *const softint_names[SOFTINT_COUNT] = {
	"softclk", "softbio", "softnet", "softser"
};

static void softint_thread(void *arg)
{
	struct softint_level *sl = arg;

	mutex_enter(&sl->sl_lock);
	for (;;) {
		struct softint *si = sl->sl_head;

		if (si == NULL) {
			if (sl->sl_stop)
				break;
			cv_wait(&sl->sl_cv, &sl->sl_lock);
			continue;
		}
		sl->sl_head = si->si_next;
		if (sl->sl_head == NULL)
			sl->sl_tailp = &sl->sl_head;
		si->si_pending = false;
		sl->sl_running = si;
		mutex_exit(&sl->sl_lock);

		if (!(si->si_flags & SOFTINT_MPSAFE))
			KERNEL_LOCK(1, NULL);
		si->si_func(si->si_arg);
		if (!(si->si_flags & SOFTINT_MPSAFE))
			KERNEL_UNLOCK_ONE(NULL);

		mutex_enter(&sl->sl_lock);
		sl->sl_running = NULL;
		cv_broadcast(&sl->sl_donecv);
	}
	mutex_exit(&sl->sl_lock);
	kthread_exit(0);
}

int softint_sys_init(void)
{
	int i;

	mutex_init(&softint_start_lock, MUTEX_DEFAULT, IPL_NONE);
	for (i = 0; i < SOFTINT_COUNT; i++) {
		struct softint_level *sl = &softint_levels[i];

		mutex_init(&sl->sl_lock, MUTEX_DEFAULT, IPL_NONE);
		cv_init(&sl->sl_cv, "softint");
		cv_init(&sl->sl_donecv, "softdone");
		sl->sl_head = NULL;
		sl->sl_tailp = &sl->sl_head;
		sl->sl_running = NULL;
		sl->sl_stop = false;
		sl->sl_started = false;
	}
	return 0;
}

/* The level's thread, started on first use.  0 or an errno. */
static int softint_start(unsigned level)
{
	struct softint_level *sl = &softint_levels[level];
	int error = 0;

	mutex_enter(&softint_start_lock);
	if (!sl->sl_started) {
		error = kthread_create(PRI_NONE,
				       KTHREAD_MPSAFE | KTHREAD_MUSTJOIN, NULL,
				       softint_thread, sl, &sl->sl_lwp, "%s",
				       softint_names[level]);
		if (error == 0)
			sl->sl_started = true;
	}
	mutex_exit(&softint_start_lock);
	return error;
}

void softint_sys_fini(void)
{
	int i;

	for (i = 0; i < SOFTINT_COUNT; i++) {
		struct softint_level *sl = &softint_levels[i];
		bool started;

		mutex_enter(&softint_start_lock);
		started = sl->sl_started;
		mutex_exit(&softint_start_lock);
		if (started) {
			mutex_enter(&sl->sl_lock);
			sl->sl_stop = true;
			cv_signal(&sl->sl_cv);
			mutex_exit(&sl->sl_lock);
			/* The thread drains the queue first. */
			kthread_join(sl->sl_lwp);
			sl->sl_started = false;
		}
		cv_destroy(&sl->sl_donecv);
		cv_destroy(&sl->sl_cv);
		mutex_destroy(&sl->sl_lock);
	}
	mutex_destroy(&softint_start_lock);
}

void *softint_establish(unsigned flags, void (*func)(void *), void *arg)
{
	unsigned level = flags & SOFTINT_LVLMASK;
	struct softint *si;

	if (level >= SOFTINT_COUNT || softint_start(level) != 0)
		return NULL;
	si = kmem_zalloc(sizeof(*si), KM_SLEEP);
	if (si == NULL)
		return NULL;
	si->si_level = &softint_levels[level];
	si->si_func = func;
	si->si_arg = arg;
	si->si_flags = flags;
	return si;
}

void softint_schedule(void *cookie)
{
	struct softint *si = cookie;
	struct softint_level *sl = si->si_level;

	mutex_enter(&sl->sl_lock);
	if (!si->si_pending) {
		si->si_pending = true;
		si->si_next = NULL;
		*sl->sl_tailp = si;
		sl->sl_tailp = &si->si_next;
		cv_signal(&sl->sl_cv);
	}
	mutex_exit(&sl->sl_lock);
}

void softint_disestablish(void *cookie)
{
	struct softint *si = cookie;
	struct softint_level *sl = si->si_level;

	mutex_enter(&sl->sl_lock);
	if (si->si_pending) {
		struct softint **sp;

		for (sp = &sl->sl_head; *sp; sp = &(*sp)->si_next)
			if (*sp == si) {
				*sp = si->si_next;
				break;
			}
		if (sl->sl_head == NULL)
			sl->sl_tailp = &sl->sl_head;
		else if (sl->sl_tailp == &si->si_next)
			sl->sl_tailp = sp;
		si->si_pending = false;
	}
	while (sl->sl_running == si)
		cv_wait(&sl->sl_donecv, &sl->sl_lock);
	mutex_exit(&sl->sl_lock);
	kmem_free(si, sizeof(*si));
}
