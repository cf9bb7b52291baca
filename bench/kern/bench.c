// SPDX-License-Identifier: GPL-2.0
/*
 * rumpkern_bench - costs of the rump kernel base (rumpkern.ko).
 *
 *   modprobe rumpkern_bench [cycles=20] [iters=200000] [runs=5]
 *
 * Figures (line kinds: ../stats.h, bench/README.md):
 *
 *  - ANCHOR rump_boot: cycles x (rump_init(), rump_shutdown()), the median
 *    rump_init() time.  Linux has nothing to compare it with, so it is set
 *    beside NetBSD's published rump kernel boot time, an anchor: not a
 *    same-run figure, no ratio.
 *  - ANCHOR rump_mem_after_boot: the hypercall layer's outstanding
 *    rumpuser_malloc() bytes after boot, which include every kmem byte of
 *    the kernel (kmem allocates through rumpuser_malloc()), beside
 *    NetBSD's published footprint, an anchor too.
 *  - BENCH getpid_{implicit,bound}_lwp_vs_linux_getpid_in_kernel:
 *    rump_sys_getpid() from a kernel thread, with a temporary lwp (the
 *    thread has none bound) and with a bound lwp (rump_lwproc_rfork()),
 *    against what Linux's getpid does for the same in-kernel caller: the
 *    whole body of its getpid system call, task_tgid_vnr(current), behind
 *    a call the compiler may not inline or hoist.  Neither side crosses
 *    from user space (a kernel thread has no user space): the user/kernel
 *    crossing of a process's getpid(2) is measured apart, by vm.sh, as a
 *    FIGURE with no ratio, until /dev/rump lets a process call the rump
 *    kernel too.  runs rounds of iters calls a side, interleaved.
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
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpuser_ext.h>

#include "../stats.h"

#define BENCH_BOOT_ANCHOR_US	5500ULL		/* NetBSD: 5.5 ms */
#define BENCH_MEM_ANCHOR_KIB	700ULL		/* NetBSD: 0.7 MB */

static int cycles = 20;
module_param(cycles, int, 0444);
MODULE_PARM_DESC(cycles, "boot/shutdown cycles for the boot figure (default 20, at least 5)");

static int iters = 200000;
module_param(iters, int, 0444);
MODULE_PARM_DESC(iters, "getpid calls per round (default 200000)");

static int runs = BENCH_MIN_RUNS;
module_param(runs, int, 0444);
MODULE_PARM_DESC(runs, "interleaved rounds of each side of the getpid figures (5..31)");

/* ---- boot time and memory after boot ------------------------------- */

/* Returns 0 with the kernel booted, or a Linux errno. */
static int bench_boot(void)
{
	struct rumpuser_ext_stats before, after;
	struct rump_mem_stats ms;
	struct bench_stat hs;
	u64 *boot, *halt, *mem, t0, t1;
	s64 kmem = 0;
	int i, err;

	boot = kcalloc(cycles, sizeof(*boot), GFP_KERNEL);
	halt = kcalloc(cycles, sizeof(*halt), GFP_KERNEL);
	mem = kcalloc(cycles, sizeof(*mem), GFP_KERNEL);
	if (!boot || !halt || !mem) {
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
		/* In KiB / 1000: bytes * 1000 / 1024. */
		mem[i] = div64_u64((u64)(after.mem_bytes - before.mem_bytes) *
				   1000, 1024);
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
	for (i = 0; i < cycles; i++)
		pr_info("DIAG boot cycle %d: rump_init %llu us, rump_shutdown %llu us\n",
			i, div64_u64(boot[i], 1000), div64_u64(halt[i], 1000));
	bench_stat(halt, cycles, &hs);
	pr_info("DIAG boot: rump_shutdown median %llu us, min %llu, max %llu\n",
		div64_u64(hs.med, 1000), div64_u64(hs.min, 1000),
		div64_u64(hs.max, 1000));
	/* Printed in ms with three decimals: pass us (thousandths of ms). */
	for (i = 0; i < cycles; i++)
		boot[i] = div64_u64(boot[i], 1000);
	bench_print_anchor("rump_boot", "ms", 3, boot, cycles,
			   BENCH_BOOT_ANCHOR_US);
	bench_print_anchor("rump_mem_after_boot", "KiB", 3, mem, cycles,
			   BENCH_MEM_ANCHOR_KIB * 1000);

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
	pr_info("DIAG mem: after boot rumpuser_malloc %lld bytes in %lld blocks (kmem %lld of them, previous cycle %lld), mutexes %lld, rwlocks %lld, condvars %lld, threads %lld\n",
		after.mem_bytes - before.mem_bytes,
		after.mem_blocks - before.mem_blocks, ms.inuse, kmem,
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
	err = 0;
out:
	kfree(mem);
	kfree(halt);
	kfree(boot);
	return err;
}

/* ---- rump_sys_getpid() round trip ------------------------------------ */

struct bench_getpid {
	struct completion done;
	/* per round, ps per call */
	u64 implicit[BENCH_MAX_RUNS], implicit_ref[BENCH_MAX_RUNS];
	u64 bound[BENCH_MAX_RUNS], bound_ref[BENCH_MAX_RUNS];
	u64 sched_implicit[BENCH_MAX_RUNS];	/* rump_(un)schedule() */
	u64 sched_bound[BENCH_MAX_RUNS];
	u64 curlwp[BENCH_MAX_RUNS];		/* rumpuser_curlwp(), bound */
	int error;
};

/*
 * Linux's getpid for an in-kernel caller: its system call's whole body.
 * noinline keeps the call a call (as rump_sys_getpid() is one); the pid
 * lookup is an out-of-line kernel function, so the compiler cannot hoist
 * it out of the loop either.
 */
static noinline pid_t bench_linux_getpid(void)
{
	return task_tgid_vnr(current);
}

/* ps per call of one round of n rump_sys_getpid() calls. */
static u64 bench_getpid_round(int n, pid_t expect, int *errp)
{
	u64 t;
	int i;

	cond_resched();
	t = ktime_get_ns();
	for (i = 0; i < n; i++)
		if (unlikely(rump_sys_getpid() != expect))
			*errp = -EINVAL;
	t = ktime_get_ns() - t;
	return div64_u64(t * 1000, n);
}

static u64 bench_linux_round(int n, pid_t expect, int *errp)
{
	u64 t;
	int i;

	cond_resched();
	t = ktime_get_ns();
	for (i = 0; i < n; i++)
		if (unlikely(bench_linux_getpid() != expect))
			*errp = -EINVAL;
	t = ktime_get_ns() - t;
	return div64_u64(t * 1000, n);
}

static u64 bench_sched_round(int n)
{
	u64 t;
	int i;

	cond_resched();
	t = ktime_get_ns();
	for (i = 0; i < n; i++) {
		rump_schedule();
		rump_unschedule();
	}
	t = ktime_get_ns() - t;
	return div64_u64(t * 1000, n);
}

static u64 bench_curlwp_round(int n)
{
	u64 t;
	int i;

	cond_resched();
	t = ktime_get_ns();
	for (i = 0; i < n; i++)
		if (unlikely(!rumpuser_curlwp()))
			return 0;
	t = ktime_get_ns() - t;
	return div64_u64(t * 1000, n);
}

static int bench_getpid_thread(void *arg)
{
	struct bench_getpid *g = arg;
	pid_t pid0, child, lpid = task_tgid_vnr(current);
	int err, r;

	/* A kernel thread with no lwp: every entry borrows a temporary one. */
	pid0 = rump_sys_getpid();
	for (r = 0; r < runs; r++) {
		g->implicit[r] = bench_getpid_round(iters, pid0, &g->error);
		g->implicit_ref[r] = bench_linux_round(iters, lpid, &g->error);
		g->sched_implicit[r] = bench_sched_round(iters);
	}

	err = rump_lwproc_rfork(RUMP_RFCFDG);
	if (err) {
		pr_err("rump_lwproc_rfork: %d\n", err);
		g->error = -EIO;
		goto out;
	}
	child = rump_sys_getpid();
	if (child == pid0)
		g->error = -EINVAL;
	for (r = 0; r < runs; r++) {
		g->bound[r] = bench_getpid_round(iters, child, &g->error);
		g->bound_ref[r] = bench_linux_round(iters, lpid, &g->error);
		g->sched_bound[r] = bench_sched_round(iters);
		g->curlwp[r] = bench_curlwp_round(iters);
	}
	rump_lwproc_releaselwp();
	pr_info("DIAG getpid: proc0 pid %d, rforked pid %d, Linux tgid %d\n",
		pid0, child, lpid);
out:
	kthread_complete_and_exit(&g->done, 0);
}

static void bench_diag(const char *what, u64 *v)
{
	struct bench_stat s;
	char b[3][32];

	bench_stat(v, runs, &s);
	pr_info("DIAG %s: median %s ns, min %s, max %s, n=%d\n", what,
		bench_fmt(b[0], 32, s.med, 1), bench_fmt(b[1], 32, s.min, 1),
		bench_fmt(b[2], 32, s.max, 1), runs);
}

static int bench_getpid(void)
{
	struct bench_getpid *g;
	struct task_struct *tsk;
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
	bench_diag("sched: rump_schedule+rump_unschedule, temporary lwp",
		   g->sched_implicit);
	bench_diag("sched: rump_schedule+rump_unschedule, bound lwp",
		   g->sched_bound);
	bench_diag("curlwp: rumpuser_curlwp() from a kthread rumpuser did not create",
		   g->curlwp);
	bench_print("getpid_implicit_lwp_vs_linux_getpid_in_kernel", "ns", 1,
		    g->implicit, g->implicit_ref, runs);
	bench_print("getpid_bound_lwp_vs_linux_getpid_in_kernel", "ns", 1,
		    g->bound, g->bound_ref, runs);
out:
	kfree(g);
	return err;
}

static int __init rumpkern_bench_init(void)
{
	int err;

	if (cycles < BENCH_MIN_RUNS || iters < 1 || runs < BENCH_MIN_RUNS ||
	    runs > BENCH_MAX_RUNS)
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
