// SPDX-License-Identifier: BSD-2-Clause
/*
 * rump.c - boot, shutdown, parameters, the upcall table, components.
 *
 * Boot order: hypercall layer, parameters, memory, virtual CPUs, lwp0 on
 * CPU 0, then (inside the kernel) big lock, processes, files, sleep
 * queues, the callout thread, softint levels, components by level.
 * Shutdown is the exact mirror, and ends by checking that the hypercall
 * layer has nothing of ours left (rumpuser_ext_fini()).
 */
#include "kern/types.h"
#include "kern/systm.h"
#include "kern/kmem.h"
#include "kern/lock.h"
#include "kern/proc.h"
#include "kern/kthread.h"
#include "kern/rumpkern.h"

#include <rump/rump.h>
#include <rump/rumpuser_ext.h>

#define NVCPU_DEFAULT_MAX 4

char hostname[RUMP_MAXHOSTNAMELEN];
int rump_booted_flag;		/* atomic */
static int rump_in_transition;	/* atomic: boot/shutdown in progress */

static void hyp_lwproc_switch(struct lwp *l)
{
	lwproc_switch(l);
}

static void hyp_lwproc_release(void)
{
	lwproc_release();
}

static int hyp_lwproc_rfork(void *priv, int flags, const char *comm)
{
	(void)priv;
	return lwproc_rfork(flags, comm);
}

static int hyp_lwproc_newlwp(pid_t pid)
{
	return lwproc_newlwp(pid);
}

static struct lwp *hyp_lwproc_curlwp(void)
{
	return rumpuser_curlwp();
}

static void hyp_lwpexit(void)
{
	lwproc_release();
}

static void hyp_execnotify(const char *comm)
{
	strlcpy(curproc->p_comm, comm, sizeof(curproc->p_comm));
}

static pid_t hyp_getpid(void)
{
	return curproc->p_pid;
}

static const struct rumpuser_hyperup hyperup = {
	.hyp_schedule = rump_schedule,
	.hyp_unschedule = rump_unschedule,
	.hyp_backend_unschedule = hyp_backend_unschedule,
	.hyp_backend_schedule = hyp_backend_schedule,
	.hyp_lwproc_switch = hyp_lwproc_switch,
	.hyp_lwproc_release = hyp_lwproc_release,
	.hyp_lwproc_rfork = hyp_lwproc_rfork,
	.hyp_lwproc_newlwp = hyp_lwproc_newlwp,
	.hyp_lwproc_curlwp = hyp_lwproc_curlwp,
	.hyp_syscall = hyp_syscall,
	.hyp_lwpexit = hyp_lwpexit,
	.hyp_execnotify = hyp_execnotify,
	.hyp_getpid = hyp_getpid,
};

/* ---- parameters ---------------------------------------------------- */

/* A decimal with an optional k/m/g suffix (powers of 1024). */
static int parse_size(const char *s, int64_t *out)
{
	const char *end;
	uint64_t v;
	int shift = 0;

	if (strtou64(s, 10, &v, &end) != 0)
		return EINVAL;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case '\0': break;
	default: return EINVAL;
	}
	if (*end != '\0' || v > ((uint64_t)1 << (62 - shift)))
		return EINVAL;
	*out = (int64_t)(v << shift);
	return 0;
}

static bool param_get(const char *name, char *buf, size_t len)
{
	return rumpuser_getparam(name, buf, len) == 0;
}

static int param_int(const char *name, int min, int max, int *out)
{
	char buf[32];
	uint64_t v;
	const char *end;

	if (!param_get(name, buf, sizeof(buf)))
		return ENOENT;
	if (strtou64(buf, 10, &v, &end) != 0 || *end != '\0' ||
	    v < (uint64_t)min || v > (uint64_t)max)
		return EINVAL;
	*out = (int)v;
	return 0;
}

struct bootparams {
	int ncpu;
	int64_t memlimit;
	int verbose;
};

static int read_params(struct bootparams *bp)
{
	char buf[32];
	int hostcpus, error;

	/* Mandatory (spec section 2.5). */
	error = param_int(RUMPUSER_PARAM_NCPU, 1, 1 << 20, &hostcpus);
	if (error) {
		rumpuser_dprintf("rump: bad or missing %s\n",
				 RUMPUSER_PARAM_NCPU);
		return EINVAL;
	}
	if (!param_get(RUMPUSER_PARAM_HOSTNAME, hostname, sizeof(hostname)))
		strlcpy(hostname, "rump", sizeof(hostname));

	/*
	 * Virtual CPUs: the host's count capped at 4 (more rarely helps a
	 * rump kernel and costs memory per CPU), unless RUMP_NVCPU says.
	 */
	bp->ncpu = MIN(hostcpus, NVCPU_DEFAULT_MAX);
	error = param_int("RUMP_NVCPU", 1, MAXCPUS, &bp->ncpu);
	if (error == EINVAL) {
		rumpuser_dprintf("rump: RUMP_NVCPU must be 1..%d\n", MAXCPUS);
		return EINVAL;
	}

	bp->memlimit = 0;
	if (param_get("RUMP_MEMLIMIT", buf, sizeof(buf)) &&
	    parse_size(buf, &bp->memlimit) != 0) {
		rumpuser_dprintf("rump: bad RUMP_MEMLIMIT \"%s\"\n", buf);
		return EINVAL;
	}

	bp->verbose = 0;
	if (param_get("RUMP_VERBOSE", buf, sizeof(buf)))
		bp->verbose = buf[0] != '\0' && strcmp(buf, "0") != 0;
	return 0;
}

/* ---- components ---------------------------------------------------- */

#define RC_REGISTERED	1
#define RC_INITED	2

static struct rump_component *comp_list;	/* registration order */
static kmutex_t comp_lock;			/* while booted */

/* Run the init hooks of every component not yet initialised, by level. */
int rump_component_init_all(void)
{
	struct rump_component *rc;
	int level, error;

	for (level = 0; level < RUMP_COMPONENT_MAX; level++)
		for (rc = comp_list; rc; rc = rc->rc_next) {
			if (rc->rc_type != level || rc->rc_state == RC_INITED)
				continue;
			error = rc->rc_init ? rc->rc_init() : 0;
			if (error) {
				printf("component %s: init failed: %d\n",
				       rc->rc_name ? rc->rc_name : "?", error);
				return error;
			}
			rc->rc_state = RC_INITED;
		}
	return 0;
}

/* Levels in reverse, and within a level the reverse of registration. */
void rump_component_fini_all(void)
{
	struct rump_component *rc, *last;
	int level;

	for (level = RUMP_COMPONENT_MAX - 1; level >= 0; level--)
		for (;;) {
			last = NULL;
			for (rc = comp_list; rc; rc = rc->rc_next)
				if (rc->rc_type == level &&
				    rc->rc_state == RC_INITED)
					last = rc;
			if (last == NULL)
				break;
			if (last->rc_fini)
				last->rc_fini();
			last->rc_state = RC_REGISTERED;
		}
}

int rump_component_register(struct rump_component *rc)
{
	struct rump_component **rcp;
	bool booted = rump_booted();
	int error = 0;

	if (rc->rc_type < 0 || rc->rc_type >= RUMP_COMPONENT_MAX)
		return EINVAL;
	if (booted) {
		rump_schedule();
		mutex_enter(&comp_lock);
	}
	for (rcp = &comp_list; *rcp; rcp = &(*rcp)->rc_next)
		if (*rcp == rc) {
			error = EEXIST;
			break;
		}
	if (error == 0) {
		rc->rc_next = NULL;
		rc->rc_state = RC_REGISTERED;
		*rcp = rc;
		if (booted) {
			error = rc->rc_init ? rc->rc_init() : 0;
			if (error) {
				*rcp = NULL;	/* it was last */
				rc->rc_state = 0;
			} else {
				rc->rc_state = RC_INITED;
			}
		}
	}
	if (booted) {
		mutex_exit(&comp_lock);
		rump_unschedule();
	}
	return error;
}

void rump_component_unregister(struct rump_component *rc)
{
	struct rump_component **rcp;
	bool booted = rump_booted();

	if (booted) {
		rump_schedule();
		mutex_enter(&comp_lock);
	}
	for (rcp = &comp_list; *rcp; rcp = &(*rcp)->rc_next)
		if (*rcp == rc) {
			*rcp = rc->rc_next;
			if (rc->rc_state == RC_INITED && rc->rc_fini)
				rc->rc_fini();
			rc->rc_state = 0;
			break;
		}
	if (booted) {
		mutex_exit(&comp_lock);
		rump_unschedule();
	}
}

/* ---- boot ---------------------------------------------------------- */

int rump_booted(void)
{
	return __atomic_load_n(&rump_booted_flag, __ATOMIC_ACQUIRE);
}

/* Boot and shutdown exclude each other (and themselves). */
static bool transition_begin(void)
{
	int expect = 0;

	return __atomic_compare_exchange_n(&rump_in_transition, &expect, 1,
					   false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

static void transition_end(void)
{
	__atomic_store_n(&rump_in_transition, 0, __ATOMIC_RELEASE);
}

/* Bind lwp0 to the calling thread and put it on a CPU. */
static void lwp0_enter(void)
{
	lwp0.l_proc = &proc0;
	lwp0.l_flags = LW_SYSTEM;
	lwp0.l_biglocks = 0;
	lwp_bind(&lwp0);
	sched_cpu_acquire(&lwp0);
}

static void lwp0_leave(void)
{
	sched_cpu_release(&lwp0);
	lwp_unbind(&lwp0);
}

/* Undo the hypercall-layer setup after a failed boot or a shutdown. */
static int hyp_detach(void)
{
	int tries, error;

	/*
	 * Kernel threads count themselves gone just before
	 * rumpuser_thread_exit(); the host may need a moment more.
	 */
	for (tries = 0; tries < 5000; tries++) {
		error = rumpuser_ext_fini();
		if (error != EBUSY)
			return error;
		rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 1000000);
	}
	return error;
}

int rump_init(void)
{
	struct bootparams bp;
	struct lwp *prev;
	int error;

	/* The caller must be outside any rump kernel. */
	prev = rumpuser_curlwp();
	if (rump_booted() || prev != NULL || !transition_begin())
		return EBUSY;

	error = rumpuser_init(RUMPUSER_VERSION, &hyperup);
	if (error) {
		transition_end();
		return error == EBUSY ? EBUSY : EINVAL;
	}
	error = read_params(&bp);
	if (error)
		goto fail_hyp;
	rump_verbose = bp.verbose;
	kmem_sys_init(bp.memlimit);
	sched_init(bp.ncpu);
	memset(&lwp0, 0, sizeof(lwp0));
	rumpuser_curlwpop(RUMPUSER_LWP_CREATE, &lwp0);
	lwp0_enter();

	/* From here on we are inside the kernel. */
	giant_init();
	kthread_sys_init();
	if ((error = proc_sys_init()) != 0)
		goto fail_proc;
	if ((error = file_sys_init()) != 0)
		goto fail_file;
	if ((error = sleepq_sys_init()) != 0)
		goto fail_sleepq;
	if ((error = callout_sys_init()) != 0)
		goto fail_callout;
	if ((error = softint_sys_init()) != 0)
		goto fail_softint;
	mutex_init(&comp_lock, MUTEX_DEFAULT, IPL_NONE);
	if ((error = rump_component_init_all()) != 0)
		goto fail_comp;

	if (bp.memlimit)
		aprint_verbose("rump kernel (linux-rump) booted: %d virtual "
			       "CPU%s, hostname \"%s\", memory limit %lld "
			       "bytes\n", ncpu, ncpu == 1 ? "" : "s", hostname,
			       (long long)bp.memlimit);
	else
		aprint_verbose("rump kernel (linux-rump) booted: %d virtual "
			       "CPU%s, hostname \"%s\", no memory limit\n",
			       ncpu, ncpu == 1 ? "" : "s", hostname);
	__atomic_store_n(&rump_booted_flag, 1, __ATOMIC_RELEASE);
	lwp0_leave();
	transition_end();
	return 0;

fail_comp:
	rump_component_fini_all();
	mutex_destroy(&comp_lock);
	softint_sys_fini();
fail_softint:
	callout_sys_fini();
fail_callout:
	kthread_sys_drain();
	sleepq_sys_fini();
fail_sleepq:
	file_sys_fini();
fail_file:
	proc_sys_fini();
fail_proc:
	kthread_sys_drain();
	giant_fini();
	lwp0_leave();
	rumpuser_curlwpop(RUMPUSER_LWP_DESTROY, &lwp0);
	sched_fini();
	kmem_sys_fini();
fail_hyp:
	hyp_detach();
	transition_end();
	return error;
}

int rump_shutdown(void)
{
	struct lwp *prev;
	int64_t leaked;

	if (!rump_booted())
		return ENXIO;
	prev = rumpuser_curlwp();
	if (prev != NULL && prev->l_oncpu)
		return EBUSY;		/* called from inside the kernel */
	if (!transition_begin())
		return EBUSY;
	if (!rump_booted()) {
		transition_end();
		return ENXIO;
	}
	__atomic_store_n(&rump_booted_flag, 0, __ATOMIC_RELEASE);
	/*
	 * A caller bound to an lwp (after rump_lwproc_rfork) loses it: its
	 * process goes with every other one below.
	 */
	if (prev != NULL)
		lwp_unbind(prev);
	lwp0_enter();

	rump_component_fini_all();
	mutex_destroy(&comp_lock);
	softint_sys_fini();
	callout_sys_fini();
	kthread_sys_drain();
	/*
	 * The hypercall layer's helper threads (bio completion) hold lwps of
	 * ours and release them through the upcalls as they stop: let them
	 * while the scheduler and processes still exist, without holding a
	 * CPU ourselves (with one vCPU they would wait for ours forever).
	 */
	lwp0_leave();
	rumpuser_ext_quiesce();
	lwp0_enter();
	proc_sys_fini();
	sleepq_sys_fini();
	file_sys_fini();
	giant_fini();

	lwp0_leave();
	rumpuser_curlwpop(RUMPUSER_LWP_DESTROY, &lwp0);
	sched_fini();
	leaked = kmem_sys_fini();
	aprint_verbose("rump kernel halted%s\n", leaked ? " (with leaks)" : "");
	hyp_detach();
	transition_end();
	return 0;
}
