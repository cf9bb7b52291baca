// SPDX-License-Identifier: BSD-2-Clause
/*
 * conf_curlwp.c - curlwp is per host thread; an lwp CREATEd on one thread
 * can be SET on another; a switch is CLEAR then SET.
 */
#include "conf.h"

static void curlwp_main_bound(void)
{
	struct lwp *l = rumpuser_curlwp();

	KT_EXPECT(l != NULL);
	KT_EXPECT(l && l->magic == MOCK_LWP_MAGIC);
	KT_EXPECT(mock_cpu_held());
}

#define ISO_THREADS 8

struct iso {
	int bad;		/* atomic */
	int iters;
};

static void *iso_thread(void *arg)
{
	struct iso *s = arg;
	struct lwp *me = conf_thread_enter();
	int i;

	for (i = 0; i < s->iters; i++) {
		if (rumpuser_curlwp() != me)
			AT_ADD(&s->bad, 1);
		if (i % 500 == 0)
			conf_msleep(0);
	}
	conf_thread_leave();
	if (rumpuser_curlwp() != NULL)
		AT_ADD(&s->bad, 1);
	return NULL;
}

static void curlwp_isolation(void)
{
	struct lwp *l = rumpuser_curlwp();
	void *t[ISO_THREADS];
	struct iso s = { 0, 0 };
	int i;

	s.iters = conf_iters(20000);
	for (i = 0; i < ISO_THREADS; i++)
		t[i] = conf_spawn(iso_thread, &s);
	for (i = 0; i < ISO_THREADS; i++) {
		KT_EXPECT(rumpuser_curlwp() == l);
		conf_join(t[i]);
	}
	KT_EXPECT_EQ(AT_LOAD(&s.bad), 0);
	KT_EXPECT(rumpuser_curlwp() == l);
}

struct xfer {
	struct lwp *l;
	struct lwp *seen_before, *seen_set, *seen_after;
};

static void *xfer_thread(void *arg)
{
	struct xfer *x = arg;

	x->seen_before = rumpuser_curlwp();
	rumpuser_curlwpop(RUMPUSER_LWP_SET, x->l);
	x->seen_set = rumpuser_curlwp();
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, x->l);
	x->seen_after = rumpuser_curlwp();
	return NULL;
}

static void curlwp_create_here_set_there(void)
{
	struct lwp *me = rumpuser_curlwp();
	struct xfer x;

	memset(&x, 0, sizeof(x));
	x.l = mock_lwp_new(0);		/* CREATE on this thread */
	if (!x.l)
		return;
	conf_join(conf_spawn(xfer_thread, &x));
	KT_EXPECT(x.seen_before == NULL);
	KT_EXPECT(x.seen_set == x.l);
	KT_EXPECT(x.seen_after == NULL);
	KT_EXPECT(rumpuser_curlwp() == me);
	mock_lwp_free(x.l);		/* DESTROY on this thread */
}

struct sw {
	struct lwp *a, *b;
	struct lwp *s1, *s2, *s3;
	struct rumpuser_ext_stats st0, st1, st2;
};

static void *switch_thread(void *arg)
{
	struct sw *s = arg;

	conf_stats(&s->st0);
	rumpuser_curlwpop(RUMPUSER_LWP_SET, s->a);
	s->s1 = rumpuser_curlwp();
	conf_stats(&s->st1);
	/* A switch: CLEAR(old) then SET(new). */
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, s->a);
	rumpuser_curlwpop(RUMPUSER_LWP_SET, s->b);
	s->s2 = rumpuser_curlwp();
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, s->b);
	s->s3 = rumpuser_curlwp();
	conf_stats(&s->st2);
	return NULL;
}

static void curlwp_switch(void)
{
	struct sw s;

	memset(&s, 0, sizeof(s));
	s.a = mock_lwp_new(0);
	s.b = mock_lwp_new(0);
	if (!s.a || !s.b)
		return;
	conf_join(conf_spawn(switch_thread, &s));
	KT_EXPECT(s.s1 == s.a);
	KT_EXPECT(s.s2 == s.b);
	KT_EXPECT(s.s3 == NULL);
	/* "lwps" counts threads with a curlwp: one while bound. */
	KT_EXPECT_EQ(s.st1.lwps - s.st0.lwps, 1);
	KT_EXPECT_EQ(s.st2.lwps, s.st0.lwps);
	mock_lwp_free(s.b);
	mock_lwp_free(s.a);
}

/*
 * A million calls in a row give the same lwp.  How fast they are is a
 * benchmark figure (bench/hypercall), not a verdict of this suite.
 */
static void curlwp_repeated(void)
{
	struct lwp *l = rumpuser_curlwp();
	int i, n = 1000000, bad = 0;

	KT_EXPECT(l != NULL);
	for (i = 0; i < n; i++)
		if (rumpuser_curlwp() != l)
			bad++;
	KT_EXPECT_EQ(bad, 0);
}

static const struct kt_case curlwp_cases[] = {
	{ "main_thread_bound", curlwp_main_bound },
	{ "per_thread_isolation", curlwp_isolation },
	{ "create_here_set_there", curlwp_create_here_set_there },
	{ "switch_clear_then_set", curlwp_switch },
	{ "repeated_calls_same_lwp", curlwp_repeated },
};

const struct kt_family conf_fam_curlwp = {
	"curlwp", curlwp_cases, KT_NELEM(curlwp_cases), conf_fam_setup,
};
