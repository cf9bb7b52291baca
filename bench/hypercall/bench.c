// SPDX-License-Identifier: GPL-2.0
/*
 * rumpuser_bench - hypercall costs against the raw Linux primitive they are
 * built on, measured side by side in the same boot.
 *
 * Every figure is runs (>= 5) rounds of each side, interleaved (ours,
 * ref, ours, ref, ...); the line gives the medians, their ratio and each
 * side's min and max (../stats.h):
 *   BENCH name=<id> ours=<ns> ref=<ns> unit=ns ratio=<ours/ref> ...
 * so below 1 is better for us.  Each ref does the same work as ours with
 * the Linux primitives directly (the comment of each figure says how).
 * The rump CPU upcalls are no-ops here: this measures the hypercall layer
 * itself, not a rump kernel's scheduler.
 */
#include <linux/blkdev.h>
#include <linux/bio.h>
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include <rump/rumpuser.h>
#include <rump/rumpuser_ext.h>

#include "../stats.h"

static int runs = BENCH_MIN_RUNS;
module_param(runs, int, 0444);
MODULE_PARM_DESC(runs, "interleaved rounds of each side per figure (5..31)");

static char *disk;
module_param(disk, charp, 0444);
MODULE_PARM_DESC(disk, "block device for the bio figures, e.g. /dev/vdb");

static void bench_nop_unsched(int n, int *countp, void *interlock)
{
	*countp = 0;
}

static void bench_nop_sched(int n, void *interlock)
{
}

static void bench_nop(void)
{
}

static int bench_newlwp(pid_t pid)
{
	return 0;
}

static void bench_switch(struct lwp *l)
{
}

static int bench_rfork(void *priv, int flags, const char *comm)
{
	return 0;
}

static struct lwp *bench_curlwp(void)
{
	return NULL;
}

static int bench_syscall(int num, void *arg, long *retval)
{
	return 78;	/* ENOSYS */
}

static void bench_execnotify(const char *comm)
{
}

static pid_t bench_getpid(void)
{
	return 0;
}

static const struct rumpuser_hyperup bench_hyp = {
	.hyp_schedule = bench_nop,
	.hyp_unschedule = bench_nop,
	.hyp_backend_unschedule = bench_nop_unsched,
	.hyp_backend_schedule = bench_nop_sched,
	.hyp_lwproc_newlwp = bench_newlwp,
	.hyp_lwproc_release = bench_nop,
	.hyp_lwproc_switch = bench_switch,
	.hyp_lwproc_rfork = bench_rfork,
	.hyp_lwproc_curlwp = bench_curlwp,
	.hyp_syscall = bench_syscall,
	.hyp_lwpexit = bench_nop,
	.hyp_execnotify = bench_execnotify,
	.hyp_getpid = bench_getpid,
};

/*
 * runs rounds of each side, interleaved; fn(iters) returns ns for all
 * iters or U64_MAX on failure.  Printed per call, in ns with a decimal,
 * or (us) in us with three for the figures that take milliseconds.
 */
static void bench_figure_unit(const char *name, u64 (*ours)(int),
			      u64 (*ref)(int), int iters, bool us)
{
	u64 scale = us ? 1 : 1000;
	u64 o[BENCH_MAX_RUNS], r[BENCH_MAX_RUNS];
	int i;

	for (i = 0; i < runs; i++) {
		o[i] = ours(iters);
		r[i] = ref(iters);
		if (o[i] == U64_MAX || r[i] == U64_MAX) {
			pr_err("%s: round %d failed (%s side)\n", name, i,
			       o[i] == U64_MAX ? "our" : "the Linux");
			return;
		}
		o[i] = div64_u64(o[i] * scale, iters);
		r[i] = div64_u64(r[i] * scale, iters);
	}
	bench_print(name, us ? "us" : "ns", us ? 3 : 1, o, r, runs);
}

static void bench_figure(const char *name, u64 (*ours)(int),
			 u64 (*ref)(int), int iters)
{
	bench_figure_unit(name, ours, ref, iters, false);
}

static void bench_figure_us(const char *name, u64 (*ours)(int),
			    u64 (*ref)(int), int iters)
{
	bench_figure_unit(name, ours, ref, iters, true);
}

/* --- uncontended mutex ----------------------------------------------- */

static struct rumpuser_mtx *bench_rmtx;
static DEFINE_MUTEX(bench_kmtx);

static u64 bench_mutex_ours(int n)
{
	u64 t = ktime_get_ns();
	int i;

	for (i = 0; i < n; i++) {
		rumpuser_mutex_enter(bench_rmtx);
		rumpuser_mutex_exit(bench_rmtx);
	}
	return ktime_get_ns() - t;
}

static u64 bench_mutex_ref(int n)
{
	u64 t = ktime_get_ns();
	int i;

	for (i = 0; i < n; i++) {
		mutex_lock(&bench_kmtx);
		mutex_unlock(&bench_kmtx);
	}
	return ktime_get_ns() - t;
}

/* --- condvar round trip ------------------------------------------------ */

static struct rumpuser_cv *bench_rcv;
static int bench_turn, bench_iters;

static void *bench_cv_peer(void *arg)
{
	int i;

	rumpuser_mutex_enter(bench_rmtx);
	for (i = 0; i < bench_iters; i++) {
		while (bench_turn != 1)
			rumpuser_cv_wait(bench_rcv, bench_rmtx);
		bench_turn = 0;
		rumpuser_cv_broadcast(bench_rcv);
	}
	rumpuser_mutex_exit(bench_rmtx);
	return NULL;
}

static u64 bench_cv_ours(int n)
{
	void *cookie;
	u64 t;
	int i;

	bench_turn = 0;
	bench_iters = n;
	if (rumpuser_thread_create(bench_cv_peer, NULL, "bench_cv", 1, -1, -1,
				   &cookie))
		return U64_MAX;
	t = ktime_get_ns();
	rumpuser_mutex_enter(bench_rmtx);
	for (i = 0; i < n; i++) {
		bench_turn = 1;
		rumpuser_cv_broadcast(bench_rcv);
		while (bench_turn != 0)
			rumpuser_cv_wait(bench_rcv, bench_rmtx);
	}
	rumpuser_mutex_exit(bench_rmtx);
	t = ktime_get_ns() - t;
	rumpuser_thread_join(cookie);
	return t;
}

/*
 * The reference: the same ping-pong, the same loops, with a condition
 * variable made of Linux primitives: bench_kmtx (a struct mutex) and a
 * wait queue.  As in rumpuser's cv, the waiter queues itself before it
 * drops the mutex, so a broadcast made under the mutex cannot be lost,
 * and it takes the mutex again before it looks at the turn.
 */
static DECLARE_WAIT_QUEUE_HEAD(bench_kcv);
static int bench_kturn;
static DECLARE_COMPLETION(bench_peer_done);

static void bench_kcv_wait(void)
{
	DEFINE_WAIT(w);

	prepare_to_wait(&bench_kcv, &w, TASK_UNINTERRUPTIBLE);
	mutex_unlock(&bench_kmtx);
	schedule();
	finish_wait(&bench_kcv, &w);
	mutex_lock(&bench_kmtx);
}

static int bench_kcv_peer(void *arg)
{
	int i;

	mutex_lock(&bench_kmtx);
	for (i = 0; i < bench_iters; i++) {
		while (bench_kturn != 1)
			bench_kcv_wait();
		bench_kturn = 0;
		wake_up_all(&bench_kcv);
	}
	mutex_unlock(&bench_kmtx);
	kthread_complete_and_exit(&bench_peer_done, 0);
}

static u64 bench_cv_ref(int n)
{
	struct task_struct *tsk;
	u64 t;
	int i;

	bench_kturn = 0;
	bench_iters = n;
	reinit_completion(&bench_peer_done);
	tsk = kthread_run(bench_kcv_peer, NULL, "bench_kcv");
	if (IS_ERR(tsk))
		return U64_MAX;
	t = ktime_get_ns();
	mutex_lock(&bench_kmtx);
	for (i = 0; i < n; i++) {
		bench_kturn = 1;
		wake_up_all(&bench_kcv);
		while (bench_kturn != 0)
			bench_kcv_wait();
	}
	mutex_unlock(&bench_kmtx);
	t = ktime_get_ns() - t;
	wait_for_completion(&bench_peer_done);
	return t;
}

/*
 * A timed wait nobody signals: rumpuser_cv_timedwait() against the same
 * Linux condvar with an hrtimer deadline (what rumpuser's waits on), both
 * called with the mutex held and returning with it held.  The 50 ms wait
 * measures the timeout's latency, the zero one the cost of the path.
 */
static int64_t bench_tw_ns;

static u64 bench_tw_ours(int n)
{
	u64 t = ktime_get_ns();
	int i, rv;

	rumpuser_mutex_enter(bench_rmtx);
	for (i = 0; i < n; i++) {
		rv = rumpuser_cv_timedwait(bench_rcv, bench_rmtx, 0, bench_tw_ns);
		if (!rv)
			break;
	}
	rumpuser_mutex_exit(bench_rmtx);
	t = ktime_get_ns() - t;
	return i < n ? U64_MAX : t;
}

/* Our wait queue condvar's timed wait: true when the deadline passed. */
static bool bench_kcv_timedwait(ktime_t deadline)
{
	ktime_t expires = deadline;
	bool timedout = false;
	DEFINE_WAIT(w);

	prepare_to_wait(&bench_kcv, &w, TASK_IDLE);
	mutex_unlock(&bench_kmtx);
	if (ktime_before(ktime_get(), deadline))
		timedout = !schedule_hrtimeout_range(&expires, 0,
						     HRTIMER_MODE_ABS);
	else
		timedout = true;
	finish_wait(&bench_kcv, &w);
	mutex_lock(&bench_kmtx);
	return timedout;
}

static u64 bench_tw_ref(int n)
{
	u64 t = ktime_get_ns();
	int i;

	mutex_lock(&bench_kmtx);
	for (i = 0; i < n; i++)
		if (!bench_kcv_timedwait(ktime_add_ns(ktime_get(),
						      bench_tw_ns)))
			break;
	mutex_unlock(&bench_kmtx);
	t = ktime_get_ns() - t;
	return i < n ? U64_MAX : t;
}

/* --- thread create + join ------------------------------------------------ */

static void *bench_thread_fn(void *arg)
{
	return NULL;
}

static u64 bench_thread_ours(int n)
{
	void *cookie;
	u64 t = ktime_get_ns();
	int i;

	for (i = 0; i < n; i++) {
		if (rumpuser_thread_create(bench_thread_fn, NULL, "bench_t", 1,
					   -1, -1, &cookie))
			return U64_MAX;
		rumpuser_thread_join(cookie);
	}
	return ktime_get_ns() - t;
}

static struct completion bench_kt_done;

static int bench_kthread_fn(void *arg)
{
	kthread_complete_and_exit(&bench_kt_done, 0);
}

static u64 bench_thread_ref(int n)
{
	struct task_struct *tsk;
	u64 t = ktime_get_ns();
	int i;

	for (i = 0; i < n; i++) {
		init_completion(&bench_kt_done);
		tsk = kthread_run(bench_kthread_fn, NULL, "bench_kt");
		if (IS_ERR(tsk))
			return U64_MAX;
		wait_for_completion(&bench_kt_done);
	}
	return ktime_get_ns() - t;
}

/* --- malloc/free ------------------------------------------------------------ */

static size_t bench_msize;

static u64 bench_malloc_ours(int n)
{
	void *p;
	u64 t = ktime_get_ns();
	int i;

	for (i = 0; i < n; i++) {
		if (rumpuser_malloc(bench_msize, 0, &p))
			return U64_MAX;
		rumpuser_free(p, bench_msize);
	}
	return ktime_get_ns() - t;
}

static u64 bench_malloc_ref(int n)
{
	u64 t = ktime_get_ns();
	void *p;
	int i;

	for (i = 0; i < n; i++) {
		p = kmalloc(bench_msize, GFP_KERNEL);
		if (!p)
			return U64_MAX;
		kfree(p);
	}
	return ktime_get_ns() - t;
}

/* --- curlwp lookup ------------------------------------------------------- */

/*
 * rumpuser_curlwp() from a task that has an lwp set (this module's init
 * task, which rumpuser.ko did not create: the per-CPU slot, then the hash
 * table).  Linux keeps its own per-thread state behind current, which the
 * rump kernel cannot extend; the reference is that: a per-task pointer
 * read through current, behind a call the compiler may not inline.
 */
static char bench_lwp_mem[64];
#define BENCH_LWP ((struct lwp *)bench_lwp_mem)

static u64 bench_curlwp_ours(int n)
{
	u64 t = ktime_get_ns();
	int i, bad = 0;

	for (i = 0; i < n; i++)
		bad += rumpuser_curlwp() != BENCH_LWP;
	t = ktime_get_ns() - t;
	return bad ? U64_MAX : t;
}

/*
 * The empty barrier keeps the call a call: without it the compiler, which
 * knows this function only reads a per-CPU value, may fold the calls of
 * the loop into one (seen: 0.0 ns per "call").
 */
static noinline struct task_struct *bench_current(void)
{
	barrier();
	return current;
}

static u64 bench_curlwp_ref(int n)
{
	struct task_struct *self = current;
	u64 t = ktime_get_ns();
	int i, bad = 0;

	for (i = 0; i < n; i++)
		bad += bench_current() != self;
	t = ktime_get_ns() - t;
	return bad ? U64_MAX : t;
}

/* --- clock ------------------------------------------------------------------ */

/* rumpuser_clock_gettime(ABSMONO) against ktime_get_ts64(), its source. */
static u64 bench_clock_ours(int n)
{
	u64 t = ktime_get_ns();
	int64_t sec;
	long nsec;
	int i;

	for (i = 0; i < n; i++)
		if (rumpuser_clock_gettime(RUMPUSER_CLOCK_ABSMONO, &sec, &nsec))
			return U64_MAX;
	return ktime_get_ns() - t;
}

static u64 bench_clock_ref(int n)
{
	struct timespec64 ts;
	u64 t = ktime_get_ns();
	int i;

	for (i = 0; i < n; i++)
		ktime_get_ts64(&ts);
	return ktime_get_ns() - t;
}

/*
 * The time a relative sleep really takes (so a 20 ms figure is 20 ms
 * plus the wake-up latency): rumpuser_clock_sleep(RELWALL) against the
 * hrtimer sleep it is built on, with the same deadline arithmetic.
 * bench_sleep_ns < 0: an absolute deadline that is already past (ABSMONO,
 * now - 1 s), which must return at once.
 */
static s64 bench_sleep_ns;

static u64 bench_sleep_ours(int n)
{
	u64 t = ktime_get_ns();
	struct timespec64 ts;
	int i, rv;

	for (i = 0; i < n; i++) {
		if (bench_sleep_ns >= 0) {
			rv = rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0,
						  bench_sleep_ns);
		} else {
			ts = ktime_to_timespec64(ktime_sub_ns(ktime_get(),
							      NSEC_PER_SEC));
			rv = rumpuser_clock_sleep(RUMPUSER_CLOCK_ABSMONO,
						  ts.tv_sec, ts.tv_nsec);
		}
		if (rv)
			return U64_MAX;
	}
	return ktime_get_ns() - t;
}

static u64 bench_sleep_ref(int n)
{
	u64 t = ktime_get_ns();
	ktime_t deadline, expires;
	int i;

	for (i = 0; i < n; i++) {
		if (bench_sleep_ns >= 0)
			deadline = ktime_add_ns(ktime_get(), bench_sleep_ns);
		else
			deadline = ktime_sub_ns(ktime_get(), NSEC_PER_SEC);
		for (;;) {
			set_current_state(TASK_IDLE);
			if (!ktime_before(ktime_get(), deadline))
				break;
			expires = deadline;
			schedule_hrtimeout_range(&expires, 0, HRTIMER_MODE_ABS);
		}
		__set_current_state(TASK_RUNNING);
	}
	return ktime_get_ns() - t;
}

/* --- random ----------------------------------------------------------------- */

/* 64 bytes, HARD|NOWAIT (the rump kernel's seeding call): get_random_bytes. */
static u64 bench_random_ours(int n)
{
	u8 buf[64];
	u64 t = ktime_get_ns();
	size_t got;
	int i;

	for (i = 0; i < n; i++)
		if (rumpuser_getrandom(buf, sizeof(buf), RUMPUSER_RANDOM_HARD |
				       RUMPUSER_RANDOM_NOWAIT, &got) ||
		    got != sizeof(buf))
			return U64_MAX;
	return ktime_get_ns() - t;
}

static u64 bench_random_ref(int n)
{
	u8 buf[64];
	u64 t = ktime_get_ns();
	int i;

	for (i = 0; i < n; i++)
		get_random_bytes(buf, sizeof(buf));
	return ktime_get_ns() - t;
}

/* --- block I/O -------------------------------------------------------------- */

struct bench_io {
	struct completion done;
	int error;
	size_t bytes;
};

static int bench_fd = -1;
static struct block_device *bench_bdev;
static void *bench_buf;		/* 1 MiB, from rumpuser_malloc (vmalloc) */
static size_t bench_iolen;
static u64 bench_disk_size;
static bool bench_seq;

static void bench_biodone(void *arg, size_t bytes, int error)
{
	struct bench_io *io = arg;

	io->bytes = bytes;
	io->error = error;
	complete(&io->done);
}

/* Offsets: sequential, or a fixed pseudo-random walk (same for both). */
static u64 bench_off(int i, u32 *seed)
{
	u64 slots = div64_u64(bench_disk_size, bench_iolen);

	if (bench_seq)
		return (i % slots) * bench_iolen;
	*seed = *seed * 1103515245 + 12345;
	return (*seed % slots) * bench_iolen;
}

static u64 bench_bio_ours(int n)
{
	struct bench_io io;
	u32 seed = 1;
	u64 t = ktime_get_ns();
	int i;

	for (i = 0; i < n; i++) {
		init_completion(&io.done);
		rumpuser_bio(bench_fd, RUMPUSER_BIO_READ, bench_buf, bench_iolen,
			     bench_off(i, &seed), bench_biodone, &io);
		wait_for_completion(&io.done);
		if (io.error || io.bytes != bench_iolen)
			return U64_MAX;
	}
	return ktime_get_ns() - t;
}

static u64 bench_bio_ref(int n)
{
	unsigned int npages = bench_iolen >> PAGE_SHIFT;
	u32 seed = 1;
	u64 t = ktime_get_ns();
	unsigned int p;
	struct bio *bio;
	int i, err;

	for (i = 0; i < n; i++) {
		bio = bio_alloc(bench_bdev, npages, REQ_OP_READ, GFP_KERNEL);
		bio->bi_iter.bi_sector = bench_off(i, &seed) >> SECTOR_SHIFT;
		for (p = 0; p < npages; p++)
			__bio_add_page(bio, vmalloc_to_page(bench_buf +
							    p * PAGE_SIZE),
				       PAGE_SIZE, 0);
		err = submit_bio_wait(bio);
		bio_put(bio);
		if (err)
			return U64_MAX;
	}
	return ktime_get_ns() - t;
}

static int bench_disk_open(void)
{
	uint64_t size;
	int type, err;

	err = rumpuser_getfileinfo(disk, &size, &type);
	if (err || type != RUMPUSER_FT_BLK || size < (64 << 20)) {
		pr_warn("disk=%s: need a block device of 64 MiB or more (error %d, type %d)\n",
			disk, err, type);
		return -EINVAL;
	}
	bench_disk_size = size;
	err = rumpuser_open(disk, RUMPUSER_OPEN_RDONLY | RUMPUSER_OPEN_BIO,
			    &bench_fd);
	if (err) {
		pr_warn("rumpuser_open(%s): NetBSD errno %d\n", disk, err);
		return -EIO;
	}
	bench_bdev = blkdev_get_by_path(disk, FMODE_READ, NULL);
	if (IS_ERR(bench_bdev)) {
		err = PTR_ERR(bench_bdev);
		bench_bdev = NULL;
		rumpuser_close(bench_fd);
		return err;
	}
	err = rumpuser_malloc(1 << 20, PAGE_SIZE, &bench_buf);
	if (err) {
		blkdev_put(bench_bdev, FMODE_READ);
		rumpuser_close(bench_fd);
		return -ENOMEM;
	}
	return 0;
}

static void bench_disk_close(void)
{
	rumpuser_free(bench_buf, 1 << 20);
	blkdev_put(bench_bdev, FMODE_READ);
	rumpuser_close(bench_fd);
}

static void bench_run(void)
{
	bench_figure("mutex_uncontended", bench_mutex_ours, bench_mutex_ref,
		     200000);
	bench_figure_us("cv_roundtrip", bench_cv_ours, bench_cv_ref, 2000);
	bench_figure_us("thread_create_join", bench_thread_ours,
			bench_thread_ref, 200);
	bench_msize = 64;
	bench_figure("malloc_64", bench_malloc_ours, bench_malloc_ref, 100000);
	bench_msize = 4096;
	bench_figure("malloc_4k", bench_malloc_ours, bench_malloc_ref, 100000);
	rumpuser_curlwpop(RUMPUSER_LWP_CREATE, BENCH_LWP);
	rumpuser_curlwpop(RUMPUSER_LWP_SET, BENCH_LWP);
	bench_figure("curlwp_lookup", bench_curlwp_ours, bench_curlwp_ref,
		     1000000);
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, BENCH_LWP);
	rumpuser_curlwpop(RUMPUSER_LWP_DESTROY, BENCH_LWP);
	bench_figure("clock_gettime_mono", bench_clock_ours, bench_clock_ref,
		     100000);
	bench_sleep_ns = 20 * NSEC_PER_MSEC;
	bench_figure_us("clock_sleep_20ms", bench_sleep_ours, bench_sleep_ref,
			5);
	bench_sleep_ns = 1;
	bench_figure("clock_sleep_1ns", bench_sleep_ours, bench_sleep_ref, 100);
	bench_sleep_ns = -1;
	bench_figure("clock_sleep_past_deadline", bench_sleep_ours,
		     bench_sleep_ref, 1000);
	bench_tw_ns = 50 * NSEC_PER_MSEC;
	bench_figure_us("cv_timedwait_50ms", bench_tw_ours, bench_tw_ref, 2);
	bench_tw_ns = 0;
	bench_figure("cv_timedwait_0", bench_tw_ours, bench_tw_ref, 1000);
	bench_figure("random_nowait_64", bench_random_ours, bench_random_ref,
		     10000);
	if (!disk) {
		pr_warn("no disk= given: bio figures skipped\n");
		return;
	}
	if (bench_disk_open())
		return;
	bench_iolen = 4096;
	bench_seq = false;
	bench_figure_us("bio_rand_4k", bench_bio_ours, bench_bio_ref, 2000);
	bench_iolen = 1 << 20;
	bench_seq = true;
	bench_figure_us("bio_seq_1m", bench_bio_ours, bench_bio_ref, 64);
	bench_disk_close();
}

static int __init bench_init(void)
{
	int err;

	if (runs < BENCH_MIN_RUNS || runs > BENCH_MAX_RUNS)
		return -EINVAL;
	err = rumpuser_init(RUMPUSER_VERSION, &bench_hyp);
	if (err) {
		pr_warn("rumpuser_init: %d (is another rump kernel loaded?)\n",
			err);
		return -EBUSY;
	}
	rumpuser_mutex_init(&bench_rmtx, RUMPUSER_MTX_KMUTEX);
	rumpuser_cv_init(&bench_rcv);
	bench_run();
	rumpuser_cv_destroy(bench_rcv);
	rumpuser_mutex_destroy(bench_rmtx);
	err = rumpuser_ext_fini();
	if (err)
		pr_warn("rumpuser_ext_fini: %d\n", err);
	return 0;
}

static void __exit bench_exit(void)
{
}

module_init(bench_init);
module_exit(bench_exit);
MODULE_DESCRIPTION("linux-rump: hypercall benchmarks against raw Linux");
MODULE_LICENSE("Dual BSD/GPL");
