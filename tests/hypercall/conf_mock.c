// SPDX-License-Identifier: BSD-2-Clause
/*
 * conf_mock.c - the mock rump kernel behind the conformance suite and the
 * helpers every family uses.  See conf.h for the model.
 */
#include "conf.h"

/* ---- state ----------------------------------------------------------- */

static long mock_counts[MU_N];
static long mock_nviol;
static int mock_lwp_ids;

/* CPU-limited mode (mock_sched_enable). */
static struct {
	int enabled;			/* atomic */
	int inside;			/* threads in the token code, atomic */
	struct rumpuser_mtx *lock;	/* SPIN: the scheduler lock */
	struct rumpuser_cv *cv;		/* CPU waiters */
	int free;			/* tokens, under lock */
	int waiting;			/* under lock */
	int held;			/* CPUs held, atomic, any mode */
} sched;

/* Interlock expectations and the unschedule hook. */
static struct rumpuser_mtx *expect_il;
static int expect_flags;
static long il_seen[2];
static struct lwp *hook_lwp;
static void (*hook_fn)(void *);
static void *hook_arg;

static struct lwp *lwp0;
static int conf_ready;

#define VIOL(...)							\
	do {								\
		AT_ADD(&mock_nviol, 1);					\
		kt_fail(__FILE__, __LINE__, "mock: " __VA_ARGS__);	\
	} while (0)

long mock_count(enum mock_up up)
{
	return AT_LOAD(&mock_counts[up]);
}

long mock_violations(void)
{
	return AT_LOAD(&mock_nviol);
}

static void mock_up(enum mock_up up)
{
	AT_ADD(&mock_counts[up], 1);
}

static int lwp_ok(const struct lwp *l)
{
	return l && l->magic == MOCK_LWP_MAGIC;
}

struct lwp *conf_curlwp(void)
{
	struct lwp *l = rumpuser_curlwp();

	if (l && !lwp_ok(l)) {
		VIOL("curlwp %p is not a lwp of this suite", (void *)l);
		return NULL;
	}
	return l;
}

struct lwp *conf_lwp(void)
{
	struct lwp *l = conf_curlwp();

	if (!l)
		kt_fail(__FILE__, __LINE__,
			"the test thread has no lwp of this suite bound");
	return l;
}

int mock_cpu_held(void)
{
	struct lwp *l = rumpuser_curlwp();

	return lwp_ok(l) && AT_LOAD(&l->cpu) && !AT_LOAD(&l->out);
}

/* ---- lwps ------------------------------------------------------------ */

struct lwp *mock_lwp_new(int locks)
{
	void *p;
	struct lwp *l;

	if (rumpuser_malloc(sizeof(*l), 0, &p) != 0) {
		VIOL("cannot allocate a lwp");
		return NULL;
	}
	l = p;
	memset(l, 0, sizeof(*l));
	l->magic = MOCK_LWP_MAGIC;
	l->id = AT_ADD(&mock_lwp_ids, 1);
	l->locks = locks;
	rumpuser_curlwpop(RUMPUSER_LWP_CREATE, l);
	return l;
}

void mock_lwp_free(struct lwp *l)
{
	rumpuser_curlwpop(RUMPUSER_LWP_DESTROY, l);
	l->magic = 0;
	rumpuser_free(l, sizeof(*l));
}

/* ---- CPUs ------------------------------------------------------------ */

/*
 * Take a CPU for l.  have_lock: the scheduler lock is already held (it was
 * the interlock of a SPIN-only cv wait); it is released here.
 */
static void cpu_acquire(struct lwp *l, int have_lock)
{
	AT_ADD(&sched.inside, 1);
	if (AT_LOAD(&sched.enabled) || have_lock) {
		if (!have_lock)
			rumpuser_mutex_enter_nowrap(sched.lock);
		while (AT_LOAD(&sched.enabled) && sched.free == 0) {
			sched.waiting++;
			rumpuser_cv_wait_nowrap(sched.cv, sched.lock);
			sched.waiting--;
		}
		if (AT_LOAD(&sched.enabled))
			sched.free--;
		rumpuser_mutex_exit(sched.lock);
	}
	AT_ADD(&sched.inside, -1);
	AT_ADD(&sched.held, 1);
	AT_STORE(&l->cpu, 1);
}

/*
 * Give l's CPU back.  keep_lock: the caller already holds the scheduler
 * lock and keeps it (a SPIN-only cv wait on it).  Waking a CPU waiter from
 * here is the "cv_signal inside the unschedule upcall" of spec section 4.
 */
static void cpu_release(struct lwp *l, int keep_lock)
{
	AT_STORE(&l->cpu, 0);
	AT_ADD(&sched.held, -1);
	AT_ADD(&sched.inside, 1);
	if (AT_LOAD(&sched.enabled) || keep_lock) {
		if (!keep_lock)
			rumpuser_mutex_enter_nowrap(sched.lock);
		if (AT_LOAD(&sched.enabled)) {
			sched.free++;
			if (sched.waiting)
				rumpuser_cv_signal(sched.cv);
		}
		if (!keep_lock)
			rumpuser_mutex_exit(sched.lock);
	}
	AT_ADD(&sched.inside, -1);
}

void mock_sched_enable(int ncpu)
{
	rumpuser_mutex_init(&sched.lock, RUMPUSER_MTX_SPIN);
	rumpuser_cv_init(&sched.cv);
	sched.free = ncpu - AT_LOAD(&sched.held);
	sched.waiting = 0;
	AT_STORE(&sched.enabled, 1);
}

void mock_sched_disable(void)
{
	AT_STORE(&sched.enabled, 0);
	/* Let CPU waiters see the change, then wait until nobody is inside. */
	rumpuser_mutex_enter_nowrap(sched.lock);
	rumpuser_cv_broadcast(sched.cv);
	rumpuser_mutex_exit(sched.lock);
	while (AT_LOAD(&sched.inside))
		rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 100000);
	rumpuser_cv_destroy(sched.cv);
	rumpuser_mutex_destroy(sched.lock);
	sched.cv = NULL;
	sched.lock = NULL;
}

struct rumpuser_mtx *mock_sched_lock(void)
{
	return sched.lock;
}

void mock_cpu_give(void)
{
	struct lwp *l = conf_curlwp();

	if (!l || !AT_LOAD(&l->cpu)) {
		VIOL("giving back a CPU not held");
		return;
	}
	cpu_release(l, 0);
}

void mock_cpu_take(void)
{
	struct lwp *l = conf_curlwp();

	if (!l || AT_LOAD(&l->cpu)) {
		VIOL("taking a CPU already held");
		return;
	}
	cpu_acquire(l, 0);
}

/* ---- interlock checks ------------------------------------------------ */

void mock_expect_interlock(struct rumpuser_mtx *m, int flags)
{
	expect_il = m;
	expect_flags = flags;
	AT_STORE(&il_seen[0], 0);
	AT_STORE(&il_seen[1], 0);
}

long mock_interlock_seen(int which)
{
	return AT_LOAD(&il_seen[which ? 1 : 0]);
}

void mock_set_unsched_hook(struct lwp *l, void (*fn)(void *), void *arg)
{
	hook_fn = fn;
	hook_arg = arg;
	AT_STORE(&hook_lwp, l);
}

static void il_check(struct lwp *l, void *il, int at_schedule)
{
	struct rumpuser_mtx *m = il;
	struct lwp *owner;

	if (!m || m != expect_il)
		return;
	AT_ADD(&il_seen[at_schedule], 1);
	if (!(expect_flags & RUMPUSER_MTX_KMUTEX))
		return;		/* SPIN only: checked through the sched lock */
	rumpuser_mutex_owner(m, &owner);
	if (!at_schedule && owner != l)
		VIOL("unschedule: interlock (flags %d) owner %p, expected the "
		     "waiter %p: touched before the upcall", expect_flags,
		     (void *)owner, (void *)l);
	/*
	 * A spin mutex may not be held while waiting for a CPU: its other
	 * holders never give theirs back (deadlock).  Adaptive mutexes may.
	 */
	if (at_schedule && expect_flags == (RUMPUSER_MTX_SPIN |
					    RUMPUSER_MTX_KMUTEX) && owner == l)
		VIOL("schedule: SPIN|KMUTEX interlock still held by the waiter");
}

/* ---- upcalls --------------------------------------------------------- */

static void mock_backend_unschedule(int nlocks, int *countp, void *il)
{
	struct lwp *l = rumpuser_curlwp();
	int keep;

	mock_up(MU_BUNSCHED);
	if (!lwp_ok(l)) {
		VIOL("hyp_backend_unschedule with no curlwp (no CPU held)");
		*countp = 0;
		return;
	}
	if (nlocks != 0)
		VIOL("hyp_backend_unschedule(nlocks=%d), expected 0", nlocks);
	if (!AT_LOAD(&l->cpu) || AT_LOAD(&l->out))
		VIOL("hyp_backend_unschedule on lwp %d holding no CPU", l->id);
	*countp = l->locks;
	l->saved = l->locks;
	l->locks = 0;
	AT_ADD(&l->n_bunsched, 1);
	il_check(l, il, 0);
	if (AT_LOAD(&hook_lwp) == l && hook_fn)
		hook_fn(hook_arg);
	keep = il != NULL && il == (void *)sched.lock;
	if (keep) {
		long spins = 0;

		/*
		 * A SPIN-only interlock is taken here, by the upcall; the
		 * caller must not hold it.  Other threads hold it only for a
		 * few instructions, so spin on tryenter: a layer that took it
		 * itself shows up as a failure rather than a self-deadlock.
		 */
		while (rumpuser_mutex_tryenter(sched.lock) != 0) {
			if (++spins == 50000000L) {
				/* Presumably by this very thread: go on. */
				VIOL("SPIN interlock held when the upcall came");
				break;
			}
		}
		AT_STORE(&l->il_held, 1);
	}
	cpu_release(l, keep);
	AT_STORE(&l->out, 1);
}

static void mock_backend_schedule(int nlocks, void *il)
{
	struct lwp *l = rumpuser_curlwp();
	int have;

	mock_up(MU_BSCHED);
	if (!lwp_ok(l)) {
		VIOL("hyp_backend_schedule with no curlwp");
		return;
	}
	if (!AT_LOAD(&l->out) || AT_LOAD(&l->cpu))
		VIOL("hyp_backend_schedule on lwp %d without an unschedule",
		     l->id);
	if (nlocks != l->saved)
		VIOL("hyp_backend_schedule(%d) on lwp %d, unschedule handed "
		     "out %d", nlocks, l->id, l->saved);
	il_check(l, il, 1);
	have = il != NULL && il == (void *)sched.lock;
	if (have) {
		/* The layer must have re-taken it after the wait. */
		if (rumpuser_mutex_tryenter(sched.lock) == 0)
			VIOL("schedule: SPIN interlock not re-taken by the layer");
		AT_STORE(&l->il_held, 0);
	}
	cpu_acquire(l, have);
	l->locks = nlocks;
	AT_ADD(&l->n_bsched, 1);
	AT_STORE(&l->out, 0);
}

static void mock_schedule(void)
{
	struct lwp *l = rumpuser_curlwp();

	mock_up(MU_SCHEDULE);
	if (!l) {
		/* A host thread entering with no lwp borrows one. */
		l = mock_lwp_new(0);
		if (!l)
			return;
		l->temp = 1;
		rumpuser_curlwpop(RUMPUSER_LWP_SET, l);
	} else if (!lwp_ok(l)) {
		VIOL("hyp_schedule: bad curlwp");
		return;
	} else if (AT_LOAD(&l->cpu)) {
		VIOL("hyp_schedule on lwp %d already holding a CPU", l->id);
		return;
	}
	cpu_acquire(l, 0);
	l->locks = 0;
	AT_STORE(&l->out, 0);
}

static void mock_unschedule(void)
{
	struct lwp *l = rumpuser_curlwp();

	mock_up(MU_UNSCHEDULE);
	if (!lwp_ok(l) || !AT_LOAD(&l->cpu) || AT_LOAD(&l->out)) {
		VIOL("hyp_unschedule without hyp_schedule");
		return;
	}
	cpu_release(l, 0);
	l->saved = l->locks;
	AT_STORE(&l->out, 1);
	if (l->temp || l->release) {
		rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, l);
		mock_lwp_free(l);
	}
}

static int mock_newlwp(pid_t pid)
{
	struct lwp *old = rumpuser_curlwp(), *l;

	mock_up(MU_NEWLWP);
	if (pid != 0)
		VIOL("hyp_lwproc_newlwp(%d): only proc0 exists", (int)pid);
	if (!lwp_ok(old) || !AT_LOAD(&old->cpu)) {
		VIOL("hyp_lwproc_newlwp while not scheduled");
		return 3;	/* ESRCH */
	}
	l = mock_lwp_new(0);
	if (!l)
		return NB_ENOMEM;
	/* The CPU moves with the switch: no token changes hands. */
	AT_STORE(&l->cpu, 1);
	AT_STORE(&old->cpu, 0);
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, old);
	if (old->temp)
		mock_lwp_free(old);
	rumpuser_curlwpop(RUMPUSER_LWP_SET, l);
	return 0;
}

static void mock_lwproc_switch(struct lwp *nl)
{
	struct lwp *old = rumpuser_curlwp();

	mock_up(MU_SWITCH);
	VIOL("hyp_lwproc_switch: not expected from the hypercall layer");
	if (old)
		rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, old);
	if (nl)
		rumpuser_curlwpop(RUMPUSER_LWP_SET, nl);
}

static void mock_lwproc_release(void)
{
	struct lwp *l = rumpuser_curlwp();

	mock_up(MU_RELEASE);
	if (!lwp_ok(l) || !AT_LOAD(&l->cpu))
		VIOL("hyp_lwproc_release while not scheduled");
	else
		l->release = 1;
}

static struct lwp *mock_lwproc_curlwp(void)
{
	mock_up(MU_CURLWP);
	return rumpuser_curlwp();
}

/* Syscall-proxy upcalls: this suite never proxies, so none may come. */
static int mock_rfork(void *priv, int flags, const char *comm)
{
	(void)priv;
	(void)flags;
	(void)comm;
	mock_up(MU_RFORK);
	VIOL("unexpected hyp_lwproc_rfork");
	return NB_ENOSYS;
}

static int mock_syscall(int num, void *args, long *retval)
{
	(void)num;
	(void)args;
	(void)retval;
	mock_up(MU_SYSCALL);
	VIOL("unexpected hyp_syscall");
	return NB_ENOSYS;
}

static void mock_lwpexit(void)
{
	mock_up(MU_LWPEXIT);
	VIOL("unexpected hyp_lwpexit");
}

static void mock_execnotify(const char *comm)
{
	(void)comm;
	mock_up(MU_EXECNOTIFY);
	VIOL("unexpected hyp_execnotify");
}

static pid_t mock_getpid(void)
{
	mock_up(MU_GETPID);
	return 0;
}

const struct rumpuser_hyperup mock_hyp = {
	.hyp_schedule = mock_schedule,
	.hyp_unschedule = mock_unschedule,
	.hyp_backend_unschedule = mock_backend_unschedule,
	.hyp_backend_schedule = mock_backend_schedule,
	.hyp_lwproc_switch = mock_lwproc_switch,
	.hyp_lwproc_release = mock_lwproc_release,
	.hyp_lwproc_rfork = mock_rfork,
	.hyp_lwproc_newlwp = mock_newlwp,
	.hyp_lwproc_curlwp = mock_lwproc_curlwp,
	.hyp_syscall = mock_syscall,
	.hyp_lwpexit = mock_lwpexit,
	.hyp_execnotify = mock_execnotify,
	.hyp_getpid = mock_getpid,
};

/* ---- setup / teardown ------------------------------------------------ */

static void bind_current(struct lwp *l)
{
	rumpuser_curlwpop(RUMPUSER_LWP_SET, l);
	cpu_acquire(l, 0);
}

static void unbind_current(struct lwp *l)
{
	if (AT_LOAD(&l->out) || !AT_LOAD(&l->cpu))
		VIOL("lwp %d leaves unbalanced (out %d, cpu %d)", l->id,
		     AT_LOAD(&l->out), AT_LOAD(&l->cpu));
	else
		cpu_release(l, 0);
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, l);
	mock_lwp_free(l);
}

int conf_setup_with(const struct rumpuser_hyperup *hyp)
{
	int rv;

	if (conf_ready)
		return 0;
	/* The self-test of a broken setup: a version the layer refuses. */
	rv = rumpuser_init(host_break_init() ? RUMPUSER_VERSION - 1 :
			   RUMPUSER_VERSION, hyp);
	if (rv != 0)
		return rv;
	/* The rump kernel's first call after init: CREATE(lwp0). */
	return conf_adopt();
}

int conf_adopt(void)
{
	if (conf_ready)
		return 0;
	lwp0 = mock_lwp_new(1);
	if (!lwp0)
		return NB_ENOMEM;
	bind_current(lwp0);
	conf_ready = 1;
	return 0;
}

int conf_setup(void)
{
	return conf_setup_with(&mock_hyp);
}

int conf_is_setup(void)
{
	return conf_ready;
}

int conf_teardown(void)
{
	int rv, tries;

	if (!conf_ready)
		return 0;
	unbind_current(lwp0);
	lwp0 = NULL;
	conf_ready = 0;
	/* Detached threads of the last case may still be on their way out. */
	for (tries = 0; tries < 500; tries++) {
		rv = rumpuser_ext_fini();
		if (rv != NB_EBUSY)
			break;
		rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 10 * CONF_NS_MSEC);
	}
	mock_set_unsched_hook(NULL, NULL, NULL);
	mock_expect_interlock(NULL, 0);
	return rv;
}

const char *conf_fam_setup(void)
{
	return "";
}

/*
 * The guard every case of a conf_fam_setup family runs behind: set the
 * layer up if it is not, and if that fails, fail the case with the reason
 * rather than run it on no layer (or skip it, which reads as a pass).
 * kt_case.fn takes no argument, so each case slot has a trampoline that
 * passes its index; guarded_fn[] holds the real cases.
 */
#define CONF_MAXCASES 160
static void (*guarded_fn[CONF_MAXCASES])(void);

static void conf_guard(int i)
{
	int rv = conf_setup();

	if (rv != 0) {
		kt_fail(__FILE__, __LINE__,
			"setup (rumpuser_init(&mock), lwp0) failed: %d; "
			"case not run", rv);
		return;
	}
	guarded_fn[i]();
}

/* conf_tr_000 .. conf_tr_159: conf_tr_NNN runs guarded_fn[NNN]. */
#define TR1(n) static void conf_tr_##n(void) { conf_guard(1##n - 1000); }
#define TR10(p) TR1(p##0) TR1(p##1) TR1(p##2) TR1(p##3) TR1(p##4) \
	TR1(p##5) TR1(p##6) TR1(p##7) TR1(p##8) TR1(p##9)
#define TR100(p) TR10(p##0) TR10(p##1) TR10(p##2) TR10(p##3) TR10(p##4) \
	TR10(p##5) TR10(p##6) TR10(p##7) TR10(p##8) TR10(p##9)
TR100(0)
TR10(10) TR10(11) TR10(12) TR10(13) TR10(14) TR10(15)
#define TN1(n) conf_tr_##n,
#define TN10(p) TN1(p##0) TN1(p##1) TN1(p##2) TN1(p##3) TN1(p##4) \
	TN1(p##5) TN1(p##6) TN1(p##7) TN1(p##8) TN1(p##9)
#define TN100(p) TN10(p##0) TN10(p##1) TN10(p##2) TN10(p##3) TN10(p##4) \
	TN10(p##5) TN10(p##6) TN10(p##7) TN10(p##8) TN10(p##9)
static void (*const conf_tr[CONF_MAXCASES])(void) = {
	TN100(0)
	TN10(10) TN10(11) TN10(12) TN10(13) TN10(14) TN10(15)
};

struct lwp *conf_thread_enter(void)
{
	struct lwp *l;

	if (rumpuser_curlwp() != NULL)
		VIOL("a new thread already has a curlwp");
	/* Give test threads distinct nonzero big-lock counts. */
	l = mock_lwp_new(1 + AT_LOAD(&mock_lwp_ids) % 3);
	if (l)
		bind_current(l);
	return l;
}

void conf_thread_leave(void)
{
	struct lwp *l = conf_curlwp();

	if (l)
		unbind_current(l);
}

/* ---- helpers --------------------------------------------------------- */

void *conf_spawn(void *(*fn)(void *), void *arg)
{
	void *cookie = NULL;
	int rv;

	rv = rumpuser_thread_create(fn, arg, "conftest", 1, -1, -1, &cookie);
	KT_EXPECT_EQ(rv, 0);
	return rv == 0 ? cookie : NULL;
}

void conf_join(void *cookie)
{
	if (cookie)
		KT_EXPECT_EQ(rumpuser_thread_join(cookie), 0);
}

void conf_msleep(int ms)
{
	rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, ms / 1000,
			     (long)(ms % 1000) * CONF_NS_MSEC);
}

int64_t conf_now_ns(void)
{
	int64_t sec = 0;
	long nsec = 0;

	rumpuser_clock_gettime(RUMPUSER_CLOCK_ABSMONO, &sec, &nsec);
	return sec * CONF_NS_SEC + nsec;
}

int conf_wait_eq(int *p, int v, int timeout_ms)
{
	int64_t end = conf_now_ns() + timeout_ms * CONF_NS_MSEC;

	while (AT_LOAD(p) != v) {
		if (conf_now_ns() > end)
			return 0;
		rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 200000);
	}
	return 1;
}

int conf_wait_ge(long *p, long v, int timeout_ms)
{
	int64_t end = conf_now_ns() + timeout_ms * CONF_NS_MSEC;

	while (AT_LOAD(p) < v) {
		if (conf_now_ns() > end)
			return 0;
		rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 200000);
	}
	return 1;
}

void conf_stats(struct rumpuser_ext_stats *st)
{
	memset(st, 0, sizeof(*st));
	rumpuser_ext_getstats(st);
}

int conf_iters(int n)
{
	long v = (long)n * host_stress_pct() / 100;

	return v < 1 ? 1 : (int)v;
}

static unsigned char pat_byte(size_t i, unsigned int seed)
{
	unsigned int x = (unsigned int)i * 2654435761u + seed * 40503u;

	return (unsigned char)(x >> 13 ^ x >> 24 ^ seed);
}

void conf_pattern(void *buf, size_t len, unsigned int seed)
{
	unsigned char *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = pat_byte(i, seed);
}

int conf_pattern_ok(const void *buf, size_t len, unsigned int seed)
{
	const unsigned char *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != pat_byte(i, seed))
			return 0;
	return 1;
}

int conf_no_guards(int rv)
{
	const char *why;

	if (rv != NB_ENOTSUP)
		return 0;
	why = host_no_guards();
	if (why)
		kt_skip(why);
	else
		kt_fail(__FILE__, __LINE__,
			"rumpuser_ext_guard() = ENOTSUP where guards exist");
	return 1;
}

void conf_path(char *buf, size_t len, const char *suffix)
{
	snprintf(buf, len, "%s%s", host_scratch(), suffix);
}

/* ---- the suite ------------------------------------------------------- */

const struct kt_family *const conf_suite[] = {
	&conf_fam_init, &conf_fam_mem, &conf_fam_param, &conf_fam_errno,
	&conf_fam_clock, &conf_fam_mutex, &conf_fam_rw, &conf_fam_cv,
	&conf_fam_thread, &conf_fam_curlwp, &conf_fam_file, &conf_fam_bio,
	&conf_fam_random, &conf_fam_misc, &conf_fam_panic, &conf_fam_fini,
};
const int conf_nsuite = KT_NELEM(conf_suite);

int conf_run(const char *only)
{
	static struct kt_family fams[KT_NELEM(conf_suite)];
	static struct kt_case cases[CONF_MAXCASES];
	int i, j, n = 0, failed;

	/*
	 * kt_run() wants an array of families; ours are spread over files.
	 * The cases of families that need the layer go behind conf_guard().
	 */
	for (i = 0; i < conf_nsuite; i++) {
		fams[i] = *conf_suite[i];
		if (fams[i].skip != conf_fam_setup)
			continue;
		if (n + fams[i].ncases > CONF_MAXCASES) {
			kt_diag("conf_run: more than %d cases: raise CONF_MAXCASES",
				CONF_MAXCASES);
			return conf_nsuite;
		}
		for (j = 0; j < fams[i].ncases; j++) {
			guarded_fn[n + j] = fams[i].cases[j].fn;
			cases[n + j].name = fams[i].cases[j].name;
			cases[n + j].fn = conf_tr[n + j];
		}
		fams[i].cases = &cases[n];
		fams[i].skip = NULL;
		n += fams[i].ncases;
	}
	failed = kt_run("hypercall", fams, conf_nsuite, only);
	conf_teardown();
	return failed;
}
