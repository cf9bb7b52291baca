// SPDX-License-Identifier: BSD-2-Clause
/*
 * conf_thread.c - thread_create/exit/join: a new thread starts with no
 * curlwp and makes no upcalls, joinable threads exit and are joined with
 * the CPU given back, detached ones leave nothing, fini is refused while
 * threads run.
 */
#include "conf.h"

struct start {
	struct lwp *seen;
	long counts[MU_N];
	int recorded;		/* atomic */
	int via_exit;
	int ran;		/* atomic */
};

static void *start_thread(void *arg)
{
	struct start *s = arg;
	int i;

	s->seen = rumpuser_curlwp();
	for (i = 0; i < MU_N; i++)
		s->counts[i] = mock_count(i);
	AT_STORE(&s->recorded, 1);
	AT_ADD(&s->ran, 1);
	if (s->via_exit)
		conf_thread_exit();
	return NULL;
}

static void thread_starts_bare(void)
{
	long before[MU_N];
	struct start s;
	void *t;
	int i;

	memset(&s, 0, sizeof(s));
	s.seen = (struct lwp *)&s;
	for (i = 0; i < MU_N; i++)
		before[i] = mock_count(i);
	t = conf_spawn(start_thread, &s);
	/* Spin, holding the CPU: nothing else may upcall meanwhile. */
	while (!AT_LOAD(&s.recorded))
		;
	KT_EXPECT(s.seen == NULL);
	for (i = 0; i < MU_N; i++)
		KT_EXPECT_MSG(s.counts[i] == before[i],
			      "upcall %d made by thread start", i);
	conf_join(t);
}

static void thread_exit_and_join(void)
{
	struct rumpuser_ext_stats s0, s1;
	struct lwp *l = conf_lwp();
	struct start s;
	int via;

	if (!l)
		return;
	for (via = 0; via < 2; via++) {
		long u;
		void *t;

		memset(&s, 0, sizeof(s));
		s.via_exit = via;
		conf_stats(&s0);
		t = conf_spawn(start_thread, &s);
		conf_stats(&s1);
		KT_EXPECT_EQ(s1.threads - s0.threads, 1);
		u = AT_LOAD(&l->n_bunsched);
		conf_join(t);
		/* Join gives the CPU back while it waits: one pair. */
		KT_EXPECT_EQ(AT_LOAD(&l->n_bunsched) - u, 1);
		KT_EXPECT(mock_cpu_held());
		KT_EXPECT_EQ(AT_LOAD(&s.ran), 1);
		conf_stats(&s1);
		KT_EXPECT_EQ(s1.threads, s0.threads);
	}
}

static void thread_join_waits(void)
{
	struct start s;
	void *t;

	memset(&s, 0, sizeof(s));
	t = conf_spawn(start_thread, &s);
	conf_join(t);
	/* Join returned: the thread's function has run to completion. */
	KT_EXPECT_EQ(AT_LOAD(&s.ran), 1);
}

struct det {
	int done;		/* atomic */
};

static void *det_thread(void *arg)
{
	struct det *d = arg;
	int n = AT_ADD(&d->done, 1);

	if (n % 2)
		conf_thread_exit();
	return NULL;
}

static void thread_detached_leave_nothing(void)
{
	struct rumpuser_ext_stats s0, s1;
	struct det d = { 0 };
	int i, n = 16;
	int64_t end;

	conf_stats(&s0);
	for (i = 0; i < n; i++)
		KT_EXPECT_EQ(rumpuser_thread_create(det_thread, &d, "det", 0,
						    -1, -1, NULL), 0);
	KT_EXPECT(conf_wait_eq(&d.done, n, CONF_PATIENCE_MS));
	/* The count drops as each thread really ends: poll for it. */
	end = conf_now_ns() + CONF_PATIENCE_MS * CONF_NS_MSEC;
	do {
		conf_stats(&s1);
		if (s1.threads == s0.threads)
			break;
		conf_msleep(2);
	} while (conf_now_ns() < end);
	KT_EXPECT_EQ(s1.threads, s0.threads);
	KT_EXPECT_EQ(s1.lwps, s0.lwps);
}

struct busy {
	int go;			/* atomic */
	int started;		/* atomic */
};

static void *busy_thread(void *arg)
{
	struct busy *b = arg;

	conf_thread_enter();
	AT_STORE(&b->started, 1);
	conf_wait_eq(&b->go, 1, 30000);
	conf_thread_leave();
	return NULL;
}

static void thread_fini_busy(void)
{
	struct busy b = { 0, 0 };
	struct lwp *l = conf_lwp();
	long u;
	void *t;

	if (!l)
		return;
	t = conf_spawn(busy_thread, &b);
	KT_EXPECT(conf_wait_eq(&b.started, 1, CONF_PATIENCE_MS));
	/* fini is called with no CPU held; it must refuse, and reset nothing. */
	mock_cpu_give();
	KT_EXPECT_EQ(rumpuser_ext_fini(), NB_EBUSY);
	mock_cpu_take();
	u = AT_LOAD(&l->n_bunsched);
	KT_EXPECT_EQ(rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 1000), 0);
	KT_EXPECT_EQ(AT_LOAD(&l->n_bunsched) - u, 1);
	AT_STORE(&b.go, 1);
	conf_join(t);
}

static void thread_hints_and_names(void)
{
	static const char *const names[] = {
		NULL, "", "a-very-long-thread-name-beyond-any-limit",
	};
	struct start s;
	void *t;
	int i;

	for (i = 0; i < KT_NELEM(names); i++) {
		memset(&s, 0, sizeof(s));
		t = NULL;
		KT_EXPECT_EQ(rumpuser_thread_create(start_thread, &s, names[i],
						    1, i * 10, i - 1, &t), 0);
		conf_join(t);
		KT_EXPECT_EQ(AT_LOAD(&s.ran), 1);
	}
}

static void thread_many(void)
{
	struct rumpuser_ext_stats s0, s1;
	struct start *s;
	void **t;
	int i, n = 32;

	conf_stats(&s0);
	KT_EXPECT_EQ(rumpuser_malloc(n * sizeof(*s), 0, (void **)&s), 0);
	KT_EXPECT_EQ(rumpuser_malloc(n * sizeof(*t), 0, (void **)&t), 0);
	memset(s, 0, n * sizeof(*s));
	for (i = 0; i < n; i++) {
		s[i].via_exit = i % 2;
		t[i] = conf_spawn(start_thread, &s[i]);
	}
	for (i = 0; i < n; i++) {
		conf_join(t[i]);
		KT_EXPECT_EQ(AT_LOAD(&s[i].ran), 1);
	}
	rumpuser_free(t, n * sizeof(*t));
	rumpuser_free(s, n * sizeof(*s));
	conf_stats(&s1);
	KT_EXPECT_EQ(s1.threads, s0.threads);
	KT_EXPECT_EQ(s1.mem_blocks, s0.mem_blocks);
}

static void *thread_never_runs(void *arg)
{
	(void)arg;
	KT_EXPECT_MSG(0, "a dead layer started a thread");
	return NULL;
}

static void thread_die(void *arg)
{
	(void)arg;
	conf_exit(RUMPUSER_PANIC);
}

/*
 * The one failure every host can be made to produce: a dead layer (a
 * guarded panic) refuses new threads, with a NetBSD errno, and starts
 * nothing.
 */
static void thread_failure_errno(void)
{
	void *t = NULL;
	int rv;

	KT_EXPECT_EQ(conf_teardown(), 0);
	KT_EXPECT_EQ(conf_setup(), 0);
	rv = rumpuser_ext_guard(thread_die, NULL);
	if (conf_no_guards(rv))
		return;
	KT_EXPECT_EQ(rumpuser_ext_dead(), 1);
	rv = rumpuser_thread_create(thread_never_runs, NULL, "never", 1, -1,
				    -1, &t);
	if (rv == 0 && t)
		rumpuser_thread_join(t);
	KT_EXPECT_MSG(rv > 0 && rv <= 98, "thread_create on a dead layer: %d",
		      rv);
	KT_EXPECT_EQ(conf_teardown(), 0);
	KT_EXPECT_EQ(conf_setup(), 0);
}

static const struct kt_case thread_cases[] = {
	{ "starts_without_curlwp_or_upcalls", thread_starts_bare },
	{ "exit_or_return_then_join", thread_exit_and_join },
	{ "join_waits_for_end", thread_join_waits },
	{ "detached_leave_nothing", thread_detached_leave_nothing },
	{ "fini_refused_while_running", thread_fini_busy },
	{ "names_and_hints", thread_hints_and_names },
	{ "many_joinable", thread_many },
	{ "failure_is_errno", thread_failure_errno },
};

const struct kt_family conf_fam_thread = {
	"thread", thread_cases, KT_NELEM(thread_cases), conf_fam_setup,
};
