/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How every bench module turns runs into a printed figure.
 *
 * A figure is measured n >= BENCH_MIN_RUNS times per side, the two sides
 * interleaved (ours, ref, ours, ref, ...), so that a burst of load on the
 * shared host lands on both sides rather than on one; the line gives the
 * median of each side and its min and max, so one disturbed draw cannot
 * decide a ratio and the reader sees how far the runs spread.
 *
 * Line kinds (bench/README.md):
 *   BENCH  name= ours= ref= unit= ratio= ours_min= ours_max= ref_min=
 *          ref_max= n=          a same-run Linux reference doing the same
 *                               work; ratio = median ours / median ref
 *   ANCHOR name= ours= anchor= unit= ours_min= ours_max= n=
 *                               a published figure, not measured here: no
 *                               ratio column
 *   FIGURE name= value= unit= min= max= n= ref=none
 *                               a figure with no Linux equivalent
 *
 * Values are passed in thousandths of the printed unit (ps for ns, ...).
 */
#ifndef BENCH_STATS_H
#define BENCH_STATS_H

#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/printk.h>
#include <linux/sort.h>

#define BENCH_MIN_RUNS	5
#define BENCH_MAX_RUNS	31

struct bench_stat {
	u64 med, min, max;
};

static inline int bench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Sorts v; an even n takes the lower middle (a value that was measured). */
static inline void bench_stat(u64 *v, int n, struct bench_stat *s)
{
	sort(v, n, sizeof(*v), bench_cmp_u64, NULL);
	s->min = v[0];
	s->max = v[n - 1];
	s->med = v[(n - 1) / 2];
}

/* milli (thousandths of the unit) as "int.frac" with 0..3 decimals. */
static inline char *bench_fmt(char *buf, size_t len, u64 milli, int decimals)
{
	static const u64 div[] = { 1000, 100, 10, 1 };

	if (decimals <= 0)
		snprintf(buf, len, "%llu", div64_u64(milli, 1000));
	else
		snprintf(buf, len, "%llu.%0*llu", div64_u64(milli, 1000),
			 decimals, div64_u64(milli % 1000, div[decimals]));
	return buf;
}

static inline void bench_print(const char *name, const char *unit,
			       int decimals, u64 *ours, u64 *ref, int n)
{
	struct bench_stat o, r;
	char b[6][32];
	u64 ratio;

	bench_stat(ours, n, &o);
	bench_stat(ref, n, &r);
	ratio = r.med ? div64_u64(o.med * 1000, r.med) : 0;
	pr_info("BENCH name=%s ours=%s ref=%s unit=%s ratio=%llu.%03llu ours_min=%s ours_max=%s ref_min=%s ref_max=%s n=%d\n",
		name, bench_fmt(b[0], 32, o.med, decimals),
		bench_fmt(b[1], 32, r.med, decimals), unit,
		div64_u64(ratio, 1000), ratio % 1000,
		bench_fmt(b[2], 32, o.min, decimals),
		bench_fmt(b[3], 32, o.max, decimals),
		bench_fmt(b[4], 32, r.min, decimals),
		bench_fmt(b[5], 32, r.max, decimals), n);
}

static inline void bench_print_anchor(const char *name, const char *unit,
				      int decimals, u64 *ours, int n,
				      u64 anchor)
{
	struct bench_stat o;
	char b[4][32];

	bench_stat(ours, n, &o);
	pr_info("ANCHOR name=%s ours=%s anchor=%s unit=%s ours_min=%s ours_max=%s n=%d\n",
		name, bench_fmt(b[0], 32, o.med, decimals),
		bench_fmt(b[1], 32, anchor, decimals), unit,
		bench_fmt(b[2], 32, o.min, decimals),
		bench_fmt(b[3], 32, o.max, decimals), n);
}

static inline void bench_print_figure(const char *name, const char *unit,
				      int decimals, u64 *v, int n)
{
	struct bench_stat s;
	char b[3][32];

	bench_stat(v, n, &s);
	pr_info("FIGURE name=%s value=%s unit=%s min=%s max=%s n=%d ref=none\n",
		name, bench_fmt(b[0], 32, s.med, decimals), unit,
		bench_fmt(b[1], 32, s.min, decimals),
		bench_fmt(b[2], 32, s.max, decimals), n);
}

#endif /* BENCH_STATS_H */
