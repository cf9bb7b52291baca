// SPDX-License-Identifier: BSD-2-Clause
/*
 * kern_proc.c - processes, lwps, credentials, and the lwp context API
 * (rump_lwproc_*).
 *
 * proc_lock protects the process list, pid allocation, and every
 * process's lwp list and count.  A process other than proc0 exits when its
 * last lwp is released: its descriptors are closed then.  proc0 lives from
 * boot to shutdown and owns the kernel threads and temporary lwps.
 *
 * Temporary lwps (a host thread entering without one) are not on any
 * list: they exist only between rump_schedule() and rump_unschedule(), so
 * allocating one touches no lock, which matters because the thread holds
 * no CPU yet and could not wait for a kernel mutex.
 *
 * An lwp is bound to at most one host thread (l_bound, taken atomically):
 * binding an lwp that another thread runs is a caller bug and panics.
 */
#include "kern/types.h"
#include "kern/systm.h"
#include "kern/kmem.h"
#include "kern/lock.h"
#include "kern/proc.h"
#include "kern/file.h"
#include "kern/rumpkern.h"

#include <rump/rump.h>

struct proc proc0;
struct lwp lwp0;

static kmutex_t proc_lock;
static struct proc *allproc;	/* proc0 first */
static pid_t proc_nextpid;
static int lwp_nextlid;		/* atomic */

/* ---- credentials --------------------------------------------------- */

kauth_cred_t kauth_cred_alloc(void)
{
	kauth_cred_t cr = kmem_zalloc(sizeof(*cr), KM_SLEEP);

	if (cr)
		cr->cr_refcnt = 1;
	return cr;
}

kauth_cred_t kauth_cred_dup(kauth_cred_t src)
{
	kauth_cred_t cr = kmem_alloc(sizeof(*cr), KM_SLEEP);

	if (cr) {
		*cr = *src;
		cr->cr_refcnt = 1;
	}
	return cr;
}

void kauth_cred_hold(kauth_cred_t cr)
{
	__atomic_add_fetch(&cr->cr_refcnt, 1, __ATOMIC_RELAXED);
}

void kauth_cred_free(kauth_cred_t cr)
{
	if (__atomic_sub_fetch(&cr->cr_refcnt, 1, __ATOMIC_ACQ_REL) == 0)
		kmem_free(cr, sizeof(*cr));
}

/* ---- binding lwps to host threads ---------------------------------- */

void lwp_bind(struct lwp *l)
{
	int was = __atomic_exchange_n(&l->l_bound, 1, __ATOMIC_ACQ_REL);

	if (was)
		panic("lwp %d.%d is already bound to a thread",
		      l->l_proc->p_pid, l->l_lid);
	rumpuser_curlwpop(RUMPUSER_LWP_SET, l);
}

void lwp_unbind(struct lwp *l)
{
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, l);
	__atomic_store_n(&l->l_bound, 0, __ATOMIC_RELEASE);
}

/* ---- lwps ---------------------------------------------------------- */

static void lwp_setup(struct lwp *l, struct proc *p, int flags,
		      const char *name)
{
	l->l_proc = p;
	l->l_flags = flags;
	l->l_lid = __atomic_add_fetch(&lwp_nextlid, 1, __ATOMIC_RELAXED);
	strlcpy(l->l_name, name ? name : "", sizeof(l->l_name));
	rumpuser_curlwpop(RUMPUSER_LWP_CREATE, l);
}

/*
 * Temporary lwps are recycled through a few lock-free slots: a host
 * thread entering without an lwp would otherwise pay an allocation and a
 * free per system call (3.5x the cost of the call itself).  A slot is
 * taken with an atomic exchange and filled with a compare-and-swap, so
 * each cached lwp has exactly one owner at a time.
 */
#define LWP_TEMP_CACHE 8
static struct lwp *lwp_temp_cache[LWP_TEMP_CACHE];

struct lwp *lwp_alloc_temp(void)
{
	struct lwp *l = NULL;
	int i;

	for (i = 0; i < LWP_TEMP_CACHE && l == NULL; i++)
		if (__atomic_load_n(&lwp_temp_cache[i], __ATOMIC_RELAXED))
			l = __atomic_exchange_n(&lwp_temp_cache[i], NULL,
						__ATOMIC_ACQUIRE);
	if (l) {
		memset(l, 0, sizeof(*l));
		l->l_proc = &proc0;
		l->l_flags = LW_TEMP;
		l->l_lid = __atomic_add_fetch(&lwp_nextlid, 1,
					      __ATOMIC_RELAXED);
		strlcpy(l->l_name, "temp", sizeof(l->l_name));
		return l;
	}
	l = kmem_zalloc(sizeof(*l), KM_SLEEP | KM_NOLIMIT);
	if (l == NULL)
		panic("out of host memory for an lwp");
	lwp_setup(l, &proc0, LW_TEMP, "temp");
	return l;
}

/* A temporary lwp is done: back to the cache, or freed if it is full. */
static void lwp_dispose_temp(struct lwp *l)
{
	int i;

	for (i = 0; i < LWP_TEMP_CACHE; i++) {
		struct lwp *expect = NULL;

		if (__atomic_compare_exchange_n(&lwp_temp_cache[i], &expect, l,
						false, __ATOMIC_RELEASE,
						__ATOMIC_RELAXED))
			return;
	}
	rumpuser_curlwpop(RUMPUSER_LWP_DESTROY, l);
	kmem_free(l, sizeof(*l));
}

static void lwp_temp_cache_drain(void)
{
	struct lwp *l;
	int i;

	for (i = 0; i < LWP_TEMP_CACHE; i++) {
		l = __atomic_exchange_n(&lwp_temp_cache[i], NULL,
					__ATOMIC_ACQUIRE);
		if (l) {
			rumpuser_curlwpop(RUMPUSER_LWP_DESTROY, l);
			kmem_free(l, sizeof(*l));
		}
	}
}

/* A listed lwp in p; takes a reference on p (p_nlwps). */
struct lwp *lwp_create_in(struct proc *p, int flags, const char *name)
{
	struct lwp *l = kmem_zalloc(sizeof(*l), KM_SLEEP);

	if (l == NULL)
		return NULL;
	lwp_setup(l, p, flags, name);
	mutex_enter(&proc_lock);
	l->l_next = p->p_lwps;
	p->p_lwps = l;
	p->p_nlwps++;
	mutex_exit(&proc_lock);
	return l;
}

static void proc_free(struct proc *p);

/*
 * Take l off its process; returns the process if that was its last lwp
 * and it must now exit (never proc0).
 */
static struct proc *lwp_unlink(struct lwp *l)
{
	struct proc *p = l->l_proc, *dead = NULL;
	struct lwp **lp;

	if (l->l_flags & LW_TEMP)
		return NULL;
	mutex_enter(&proc_lock);
	for (lp = &p->p_lwps; *lp; lp = &(*lp)->l_next)
		if (*lp == l) {
			*lp = l->l_next;
			break;
		}
	if (--p->p_nlwps == 0 && p != &proc0) {
		struct proc **pp, *q;

		for (pp = &allproc; *pp; pp = &(*pp)->p_next)
			if (*pp == p) {
				*pp = p->p_next;
				break;
			}
		/* Orphans are adopted by proc0. */
		for (q = allproc; q; q = q->p_next)
			if (q->p_pptr == p) {
				q->p_pptr = &proc0;
				q->p_ppid = 0;
			}
		dead = p;
	}
	mutex_exit(&proc_lock);
	return dead;
}

/* Free an unbound lwp (and its process if it was the last). */
void lwp_free(struct lwp *l)
{
	struct proc *dead;

	KASSERT(l != &lwp0);
	if (l->l_flags & LW_TEMP) {
		lwp_dispose_temp(l);
		return;
	}
	dead = lwp_unlink(l);
	rumpuser_curlwpop(RUMPUSER_LWP_DESTROY, l);
	kmem_free(l, sizeof(*l));
	if (dead)
		proc_free(dead);
}

/*
 * Called by rump_unschedule() for a temporary lwp or one marked for
 * release: the process teardown runs while the lwp still holds its CPU
 * (closing files may block), then the CPU and the binding go, then the
 * memory (which needs neither).
 */
void lwp_release_bound(struct lwp *l)
{
	struct proc *dead = NULL;

	if (l == &lwp0) {
		sched_cpu_release(l);
		lwp_unbind(l);
		return;
	}
	dead = lwp_unlink(l);
	if (dead)
		proc_free(dead);
	sched_cpu_release(l);
	lwp_unbind(l);
	if (l->l_flags & LW_TEMP) {
		lwp_dispose_temp(l);
		return;
	}
	rumpuser_curlwpop(RUMPUSER_LWP_DESTROY, l);
	kmem_free(l, sizeof(*l));
}

/* ---- processes ----------------------------------------------------- */

static const struct proc_hooks *proc_hooks;	/* atomic */

void proc_hooks_set(const struct proc_hooks *ph)
{
	__atomic_store_n(&proc_hooks, ph, __ATOMIC_RELEASE);
}

void proc_revoke_files(const struct fileops *ops)
{
	struct proc *p;
	struct file *fp;

	/* One at a time: file_rele() may block, not under proc_lock. */
	for (;;) {
		fp = NULL;
		mutex_enter(&proc_lock);
		for (p = allproc; p != NULL && fp == NULL; p = p->p_next)
			if (p->p_fd != NULL)
				fp = fd_takeops(p->p_fd, ops);
		mutex_exit(&proc_lock);
		if (fp == NULL)
			break;
		file_rele(fp);
	}
}

static void proc_free(struct proc *p)
{
	const struct proc_hooks *ph;

	KASSERT(p != &proc0 && p->p_nlwps == 0);
	if (p->p_fd)
		fd_free(p->p_fd);
	ph = __atomic_load_n(&proc_hooks, __ATOMIC_ACQUIRE);
	if (ph != NULL && ph->ph_exit != NULL)
		ph->ph_exit(p);
	if (p->p_cred)
		kauth_cred_free(p->p_cred);
	mutex_destroy(&p->p_lock);
	kmem_free(p, sizeof(*p));
}

/* With proc_lock held: a pid no live process uses. */
static pid_t proc_allocpid(void)
{
	struct proc *p;

	for (;;) {
		if (++proc_nextpid >= 30000)
			proc_nextpid = 1;
		for (p = allproc; p; p = p->p_next)
			if (p->p_pid == proc_nextpid)
				break;
		if (p == NULL)
			return proc_nextpid;
	}
}

int proc_sys_init(void)
{
	mutex_init(&proc_lock, MUTEX_DEFAULT, IPL_NONE);
	proc_nextpid = 0;
	/* proc0 is static: reset what a previous boot left. */
	mutex_init(&proc0.p_lock, MUTEX_DEFAULT, IPL_NONE);
	proc0.p_pid = 0;
	proc0.p_ppid = 0;
	proc0.p_pptr = NULL;
	proc0.p_nlwps = 0;
	proc0.p_lwps = NULL;
	proc0.p_next = NULL;
	proc0.p_uops = NULL;
	proc0.p_ucookie = NULL;
	strlcpy(proc0.p_comm, "rumpkern", sizeof(proc0.p_comm));
	strlcpy(proc0.p_cwd, "/", sizeof(proc0.p_cwd));
	proc0.p_cred = kauth_cred_alloc();	/* root */
	proc0.p_fd = fd_init();
	if (proc0.p_cred == NULL || proc0.p_fd == NULL)
		return ENOMEM;
	allproc = &proc0;
	return 0;
}

/*
 * Shutdown: every kernel thread is gone.  Processes still alive (their
 * lwps bound to host threads outside the kernel, or parked) go now, so
 * that nothing leaks; a host thread still bound to one of those lwps
 * must not enter the kernel again.
 */
void proc_sys_fini(void)
{
	struct proc *p;
	struct lwp *l;

	lwp_temp_cache_drain();
	mutex_enter(&proc_lock);
	while ((p = allproc) != NULL) {
		allproc = p->p_next;
		while ((l = p->p_lwps) != NULL) {
			p->p_lwps = l->l_next;
			p->p_nlwps--;
			rumpuser_curlwpop(RUMPUSER_LWP_DESTROY, l);
			kmem_free(l, sizeof(*l));
		}
		if (p == &proc0)
			continue;
		mutex_exit(&proc_lock);
		proc_free(p);
		mutex_enter(&proc_lock);
	}
	mutex_exit(&proc_lock);
	if (proc0.p_fd)
		fd_free(proc0.p_fd);
	proc0.p_fd = NULL;
	if (proc0.p_cred)
		kauth_cred_free(proc0.p_cred);
	proc0.p_cred = NULL;
	mutex_destroy(&proc0.p_lock);
	mutex_destroy(&proc_lock);
}

/* ---- switching ----------------------------------------------------- */

/*
 * Hand the calling thread's CPU to newl (NULL: a new temporary lwp) and
 * bind it.  The previous lwp is freed if temporary or marked for release.
 */
void lwproc_switch(struct lwp *newl)
{
	struct lwp *old = curlwp;
	struct cpu_info *ci = old->l_cpu;

	KASSERT(old->l_oncpu);
	if (newl == old)
		return;
	if (newl == NULL)
		newl = lwp_alloc_temp();
	if (old->l_biglocks)
		panic("lwproc_switch with the big lock held");
	lwp_unbind(old);
	lwp_bind(newl);
	old->l_oncpu = false;
	ci->ci_curlwp = newl;
	newl->l_cpu = ci;
	newl->l_oncpu = true;
	if (old != &lwp0 && (old->l_flags & (LW_TEMP | LW_RELEASE)))
		lwp_free(old);
}

int lwproc_rfork(int flags, const char *comm)
{
	struct proc *parent = curproc, *p;
	struct lwp *l;

	if ((flags & ~(RUMP_RFFDG | RUMP_RFCFDG)) != 0 ||
	    (flags & (RUMP_RFFDG | RUMP_RFCFDG)) == (RUMP_RFFDG | RUMP_RFCFDG))
		return EINVAL;
	p = kmem_zalloc(sizeof(*p), KM_SLEEP);
	if (p == NULL)
		return ENOMEM;
	mutex_init(&p->p_lock, MUTEX_DEFAULT, IPL_NONE);
	if (flags & RUMP_RFCFDG)
		p->p_fd = fd_init();
	else if (flags & RUMP_RFFDG)
		p->p_fd = fd_copy(parent->p_fd);
	else {
		fd_share(parent->p_fd);
		p->p_fd = parent->p_fd;
	}
	if (p->p_fd == NULL) {
		mutex_destroy(&p->p_lock);
		kmem_free(p, sizeof(*p));
		return ENOMEM;
	}
	mutex_enter(&parent->p_lock);
	p->p_cred = parent->p_cred;
	kauth_cred_hold(p->p_cred);
	mutex_exit(&parent->p_lock);
	p->p_uops = parent->p_uops;
	p->p_ucookie = parent->p_ucookie;
	strlcpy(p->p_comm, comm ? comm : parent->p_comm, sizeof(p->p_comm));
	strlcpy(p->p_cwd, parent->p_cwd, sizeof(p->p_cwd));
	{
		const struct proc_hooks *ph =
		    __atomic_load_n(&proc_hooks, __ATOMIC_ACQUIRE);
		int error = 0;

		if (ph != NULL && ph->ph_fork != NULL)
			error = ph->ph_fork(parent, p);
		if (error) {
			fd_free(p->p_fd);
			kauth_cred_free(p->p_cred);
			mutex_destroy(&p->p_lock);
			kmem_free(p, sizeof(*p));
			return error;
		}
	}

	mutex_enter(&proc_lock);
	p->p_pid = proc_allocpid();
	p->p_pptr = parent;
	p->p_ppid = parent->p_pid;
	/* Listed before it has an lwp: proc_sys_fini() would still free it. */
	p->p_next = allproc->p_next;
	allproc->p_next = p;
	mutex_exit(&proc_lock);

	l = lwp_create_in(p, 0, p->p_comm);
	if (l == NULL) {
		struct proc **pp;

		mutex_enter(&proc_lock);
		for (pp = &allproc; *pp; pp = &(*pp)->p_next)
			if (*pp == p) {
				*pp = p->p_next;
				break;
			}
		mutex_exit(&proc_lock);
		proc_free(p);
		return ENOMEM;
	}
	lwproc_switch(l);
	return 0;
}

int lwproc_newlwp(pid_t pid)
{
	struct lwp *l;
	struct proc *p;

	l = kmem_zalloc(sizeof(*l), KM_SLEEP);
	if (l == NULL)
		return ENOMEM;
	mutex_enter(&proc_lock);
	for (p = allproc; p; p = p->p_next)
		if (p->p_pid == pid && (p == &proc0 || p->p_nlwps > 0))
			break;
	if (p == NULL) {
		mutex_exit(&proc_lock);
		kmem_free(l, sizeof(*l));
		return ESRCH;
	}
	/* Linked under the same hold of proc_lock: p cannot exit meanwhile. */
	l->l_next = p->p_lwps;
	p->p_lwps = l;
	p->p_nlwps++;
	mutex_exit(&proc_lock);
	lwp_setup(l, p, 0, p->p_comm);
	lwproc_switch(l);
	return 0;
}

void lwproc_release(void)
{
	struct lwp *l = curlwp;

	if (l != &lwp0)
		l->l_flags |= LW_RELEASE;
}

/* ---- the public API ------------------------------------------------- */

int rump_lwproc_rfork(int flags)
{
	int error;

	rump_schedule();
	error = lwproc_rfork(flags, NULL);
	rump_unschedule();
	return error;
}

int rump_lwproc_newlwp(pid_t pid)
{
	int error;

	rump_schedule();
	error = lwproc_newlwp(pid);
	rump_unschedule();
	return error;
}

void rump_lwproc_switch(struct lwp *l)
{
	rump_schedule();
	lwproc_switch(l);
	rump_unschedule();
}

void rump_lwproc_releaselwp(void)
{
	struct lwp *l = rumpuser_curlwp();

	if (l == NULL)
		return;
	rump_schedule();
	lwproc_release();
	rump_unschedule();
}

struct lwp *rump_lwproc_curlwp(void)
{
	struct lwp *l = rumpuser_curlwp();

	/* Outside the kernel a thread never holds a temporary lwp. */
	if (l && (l->l_flags & LW_TEMP))
		return NULL;
	return l;
}
