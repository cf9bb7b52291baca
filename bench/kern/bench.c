// SPDX-License-Identifier: GPL-2.0
/*
 * rumpkern_bench - costs of the rump kernel base (rumpkern.ko).
 *
 *   modprobe rumpkern_bench ref_getpid_ns=<ns>
 *
 * Figures, one "BENCH name=... ours=... ref=... unit=... ratio=..." line
 * each (bench/README.md):
 *
 *  - boot: cycles x (rump_init(), rump_shutdown()), the median rump_init()
 *    time.  There is nothing to compare with in Linux, so ref is an anchor
 *    (NetBSD's published rump kernel boot time), not a same-run figure.
 *  - memory after boot: the hypercall layer's outstanding rumpuser_malloc()
 *    bytes, which include every kmem byte of the kernel (kmem allocates
 *    through rumpuser_malloc()), against NetBSD's published footprint, an
 *    anchor too.
 *  - rump_sys_getpid() from a kernel thread, with a temporary lwp (the
 *    thread has none bound) and with a bound lwp (rump_lwproc_rfork()),
 *    best of BENCH_ROUNDS rounds; ref is a Linux getpid system call from a
 *    process in the same guest (bench/kern/getpid_loop.c, passed in as
 *    ref_getpid_ns).
 *
 * The kernel is left booted (for the idle CPU figure, which vm.sh
 * measures from outside); unloading rumpkern.ko shuts it down.  "DIAG"
 * lines give the detail behind each figure.
 */
#include <linux/completion.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpuser_ext.h>

#define BENCH_ROUNDS		3
#define BENCH_BOOT_ANCHOR_NS	5500000ULL	/* NetBSD: 5.5 ms */
#define BENCH_MEM_ANCHOR_KIB	700ULL		/* NetBSD: 0.7 MB */

static char *ref_getpid_ns;
module_param(ref_getpid_ns, charp, 0444);
MODULE_PARM_DESC(ref_getpid_ns, "Linux getpid() ns/call from a process in this guest, e.g. 95.3");

static int cycles = 20;
module_param(cycles, int, 0444);
MODULE_PARM_DESC(cycles, "boot/shutdown cycles for the boot figure (default 20)");

static int iters = 200000;
module_param(iters, int, 0444);
MODULE_PARM_DESC(iters, "rump_sys_getpid() calls per round (default 200000)");

/* "123", "123.4", "123.456" (ns) -> ps; 0 when malformed. */
static u64 bench_parse_ns(const char *s)
{
	u64 ps = 0;
	int frac = -1;

	if (!s || !*s)
		return 0;
	for (; *s && *s != '\n'; s++) {
		if (*s == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9')
			return 0;
		if (frac >= 3)
			continue;	/* beyond ps: drop */
		ps = ps * 10 + (*s - '0');
		if (frac >= 0)
			frac++;
	}
	for (frac = frac < 0 ? 0 : frac; frac < 3; frac++)
		ps *= 10;
	return ps;
}

/*
 * ours and ref in units of 1/1000 of unit; printed with decimals (0..3)
 * digits, the ratio with three.
 */
static void bench_line(const char *name, u64 ours, u64 ref, const char *unit,
		       int decimals)
{
	static const u64 div[] = { 1000, 100, 10, 1 };
	u64 milli = ref ? div64_u64(ours * 1000, ref) : 0;
	u64 d = div[decimals];
	char o[32], r[32];

	if (decimals == 0) {
		snprintf(o, sizeof(o), "%llu", div64_u64(ours, 1000));
		snprintf(r, sizeof(r), "%llu", div64_u64(ref, 1000));
	} else {
		snprintf(o, sizeof(o), "%llu.%0*llu", div64_u64(ours, 1000),
			 decimals, div64_u64(ours % 1000, d));
		snprintf(r, sizeof(r), "%llu.%0*llu", div64_u64(ref, 1000),
			 decimals, div64_u64(ref % 1000, d));
	}
	pr_info("BENCH name=%s ours=%s ref=%s unit=%s ratio=%llu.%03llu\n",
		name, o, r, unit, div64_u64(milli, 1000), milli % 1000);
}

static int bench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* ---- boot time and memory after boot ------------------------------- */

/* Returns 0 with the kernel booted, or a Linux errno. */
static int bench_boot(void)
{
	struct rumpuser_ext_stats before, after;
	struct rump_mem_stats ms;
	u64 *boot, *halt, t0, t1, sum = 0;
	s64 mem = 0, kmem = 0;
	int i, err;

	boot = kcalloc(cycles, sizeof(*boot), GFP_KERNEL);
	halt = kcalloc(cycles, sizeof(*halt), GFP_KERNEL);
	if (!boot || !halt) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < cycles; i++) {
		rumpuser_ext_getstats(&before);
		t0 = ktime_get_ns();
		err = rump_init();
		t1 = ktime_get_ns();
		if (err) {
			pr_err("rump_init failed in cycle %d: %d\n", i, err);
			err = -EIO;
			goto out;
		}
		boot[i] = t1 - t0;
		rumpuser_ext_getstats(&after);
		rump_mem_getstats(&ms);
		/* The same every cycle: keep the last. */
		mem = after.mem_bytes - before.mem_bytes;
		kmem = ms.inuse;
		t0 = ktime_get_ns();
		err = rump_shutdown();
		halt[i] = ktime_get_ns() - t0;
		if (err) {
			pr_err("rump_shutdown failed in cycle %d: %d\n", i, err);
			err = -EIO;
			goto out;
		}
	}
	for (i = 0; i < cycles; i++) {
		sum += boot[i];
		pr_info("DIAG boot cycle %d: rump_init %llu us, rump_shutdown %llu us\n",
			i, div64_u64(boot[i], 1000), div64_u64(halt[i], 1000));
	}
	sort(boot, cycles, sizeof(*boot), bench_cmp_u64, NULL);
	sort(halt, cycles, sizeof(*halt), bench_cmp_u64, NULL);
	pr_info("DIAG boot: %d cycles, rump_init min %llu us, median %llu us, mean %llu us, max %llu us; rump_shutdown median %llu us\n",
		cycles, div64_u64(boot[0], 1000),
		div64_u64(boot[cycles / 2], 1000),
		div64_u64(div64_u64(sum, cycles), 1000),
		div64_u64(boot[cycles - 1], 1000),
		div64_u64(halt[cycles / 2], 1000));
	/* ns = 1/1000 of us; in ms units that is 1/1000000: scale down. */
	bench_line("rump_boot_vs_netbsd_anchor", div64_u64(boot[cycles / 2], 1000),
		   div64_u64(BENCH_BOOT_ANCHOR_NS, 1000), "ms", 3);

	/* The final boot: the kernel stays up for the other figures. */
	rumpuser_ext_getstats(&before);
	err = rump_init();
	if (err) {
		pr_err("final rump_init failed: %d\n", err);
		err = -EIO;
		goto out;
	}
	rumpuser_ext_getstats(&after);
	rump_mem_getstats(&ms);
	pr_info("DIAG mem: after boot rumpuser_malloc %lld bytes in %lld blocks (kmem %lld of them, previous cycle %lld/%lld), mutexes %lld, rwlocks %lld, condvars %lld, threads %lld\n",
		after.mem_bytes - before.mem_bytes,
		after.mem_blocks - before.mem_blocks, ms.inuse, mem, kmem,
		after.mutexes - before.mutexes,
		after.rwlocks - before.rwlocks,
		after.condvars - before.condvars,
		after.threads - before.threads);
	pr_info("DIAG threads=%lld\n", after.threads - before.threads);
	/* vm.sh adds rumpkern.ko's core size: the total footprint figure. */
	pr_info("DIAG memparts dynamic=%lld threads=%llu\n",
		after.mem_bytes - before.mem_bytes,
		(u64)(after.threads - before.threads) *
		(THREAD_SIZE + sizeof(struct task_struct)));
	/* KiB with three decimals: bytes are 1/1024 KiB, so scale. */
	bench_line("rump_mem_vs_netbsd_anchor",
		   div64_u64((u64)(after.mem_bytes - before.mem_bytes) * 1000,
			     1024),
		   BENCH_MEM_ANCHOR_KIB * 1000, "KiB", 3);
	err = 0;
out:
	kfree(halt);
	kfree(boot);
	return err;
}

/* ---- rump_sys_getpid() round trip ------------------------------------ */

struct bench_getpid {
	struct completion done;
	u64 implicit_ps;	/* best round, per call */
	u64 bound_ps;
	u64 sched_implicit_ps;	/* rump_schedule() + rump_unschedule() */
	u64 sched_bound_ps;
	u64 curlwp_ps;		/* rumpuser_curlwp(), bound */
	int error;
};

/* ps per call of the best of BENCH_ROUNDS rounds of n getpid calls. */
static u64 bench_getpid_rounds(int n, pid_t expect, int *errp)
{
	u64 best = U64_MAX, t;
	int r, i;

	for (r = 0; r < BENCH_ROUNDS; r++) {
		cond_resched();
		t = ktime_get_ns();
		for (i = 0; i < n; i++)
			if (unlikely(rump_sys_getpid() != expect))
				*errp = -EINVAL;
		t = ktime_get_ns() - t;
		best = min(best, t);
	}
	return div64_u64(best * 1000, n);
}

static u64 bench_sched_rounds(int n)
{
	u64 best = U64_MAX, t;
	int r, i;

	for (r = 0; r < BENCH_ROUNDS; r++) {
		cond_resched();
		t = ktime_get_ns();
		for (i = 0; i < n; i++) {
			rump_schedule();
			rump_unschedule();
		}
		t = ktime_get_ns() - t;
		best = min(best, t);
	}
	return div64_u64(best * 1000, n);
}

static u64 bench_curlwp_rounds(int n)
{
	u64 best = U64_MAX, t;
	int r, i;

	for (r = 0; r < BENCH_ROUNDS; r++) {
		cond_resched();
		t = ktime_get_ns();
		for (i = 0; i < n; i++)
			if (unlikely(!rumpuser_curlwp()))
				return 0;
		t = ktime_get_ns() - t;
		best = min(best, t);
	}
	return div64_u64(best * 1000, n);
}

static int bench_getpid_thread(void *arg)
{
	struct bench_getpid *g = arg;
	pid_t pid0, child;
	int err;

	/* A kernel thread with no lwp: every entry borrows a temporary one. */
	pid0 = rump_sys_getpid();
	g->implicit_ps = bench_getpid_rounds(iters, pid0, &g->error);
	g->sched_implicit_ps = bench_sched_rounds(iters);

	err = rump_lwproc_rfork(RUMP_RFCFDG);
	if (err) {
		pr_err("rump_lwproc_rfork: %d\n", err);
		g->error = -EIO;
		goto out;
	}
	child = rump_sys_getpid();
	if (child == pid0)
		g->error = -EINVAL;
	g->bound_ps = bench_getpid_rounds(iters, child, &g->error);
	g->sched_bound_ps = bench_sched_rounds(iters);
	g->curlwp_ps = bench_curlwp_rounds(iters);
	rump_lwproc_releaselwp();
	pr_info("DIAG getpid: proc0 pid %d, rforked pid %d\n", pid0, child);
out:
	kthread_complete_and_exit(&g->done, 0);
}

static int bench_getpid(void)
{
	struct bench_getpid *g;
	struct task_struct *tsk;
	u64 ref = bench_parse_ns(ref_getpid_ns);
	int err;

	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return -ENOMEM;
	init_completion(&g->done);
	tsk = kthread_run(bench_getpid_thread, g, "rk_bench_getpid");
	if (IS_ERR(tsk)) {
		err = PTR_ERR(tsk);
		goto out;
	}
	wait_for_completion(&g->done);
	err = g->error;
	if (err) {
		pr_err("getpid returned unexpected pids\n");
		goto out;
	}
	pr_info("DIAG sched: rump_schedule+rump_unschedule %llu.%01llu ns with a temporary lwp, %llu.%01llu ns with a bound lwp\n",
		div64_u64(g->sched_implicit_ps, 1000),
		div64_u64(g->sched_implicit_ps % 1000, 100),
		div64_u64(g->sched_bound_ps, 1000),
		div64_u64(g->sched_bound_ps % 1000, 100));
	pr_info("DIAG curlwp: rumpuser_curlwp() %llu.%01llu ns from a kthread rumpuser did not create\n",
		div64_u64(g->curlwp_ps, 1000),
		div64_u64(g->curlwp_ps % 1000, 100));
	if (!ref) {
		pr_warn("no valid ref_getpid_ns= given (\"%s\"): getpid figures skipped\n",
			ref_getpid_ns ? ref_getpid_ns : "");
		err = -EINVAL;
		goto out;
	}
	bench_line("getpid_implicit_lwp_vs_linux_getpid", g->implicit_ps, ref,
		   "ns", 1);
	bench_line("getpid_bound_lwp_vs_linux_getpid", g->bound_ps, ref, "ns",
		   1);
out:
	kfree(g);
	return err;
}

static int __init rumpkern_bench_init(void)
{
	int err;

	if (cycles < 1 || iters < 1)
		return -EINVAL;
	if (rump_booted()) {
		err = rump_shutdown();
		if (err) {
			pr_err("cannot shut the running rump kernel down: %d\n",
			       err);
			return -EBUSY;
		}
	}
	err = bench_boot();
	if (err)
		return err;
	bench_getpid();
	/* Failures were reported; vm.sh checks every figure is there. */
	return 0;
}

static void __exit rumpkern_bench_exit(void)
{
}

module_init(rumpkern_bench_init);
module_exit(rumpkern_bench_exit);
MODULE_DESCRIPTION("linux-rump: rump kernel base benchmarks (boot, memory, syscall round trip)");
MODULE_LICENSE("Dual BSD/GPL");
