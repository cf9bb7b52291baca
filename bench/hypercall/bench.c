// SPDX-License-Identifier: GPL-2.0
/*
 * rumpuser_bench - hypercall costs against the raw Linux primitive they are
 * built on, measured side by side in the same boot.
 *
 * Every figure is the best of BENCH_ROUNDS rounds (the VM is noisy, the
 * minimum is the least disturbed).  Output: one line per figure,
 *   BENCH name=<id> ours=<ns> ref=<ns> unit=ns ratio=<ours/ref>
 * so below 1 is better for us.  The rump CPU upcalls are no-ops here: this
 * measures the hypercall layer itself, not a rump kernel's scheduler.
 */
#include <linux/blkdev.h>
#include <linux/bio.h>
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include <rump/rumpuser.h>
#include <rump/rumpuser_ext.h>

#define BENCH_ROUNDS	3

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

static void bench_report(const char *name, u64 ours, u64 ref, u64 ops)
{
	u64 o = div64_u64(ours, ops), r = div64_u64(ref, ops);
	u64 milli = r ? div64_u64(o * 1000, r) : 0;

	pr_info("BENCH name=%s ours=%llu ref=%llu unit=ns ratio=%llu.%03llu\n",
		name, o, r, milli / 1000, milli % 1000);
}

/* Best of BENCH_ROUNDS runs of fn(iters), in ns for all iters. */
static u64 bench_best(u64 (*fn)(int), int iters)
{
	u64 best = U64_MAX;
	int i;

	for (i = 0; i < BENCH_ROUNDS; i++)
		best = min(best, fn(iters));
	return best;
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

static DECLARE_WAIT_QUEUE_HEAD(bench_wq);
static atomic_t bench_aturn;
static DECLARE_COMPLETION(bench_peer_done);

static int bench_wq_peer(void *arg)
{
	int i;

	for (i = 0; i < bench_iters; i++) {
		wait_event(bench_wq, atomic_read(&bench_aturn) == 1);
		atomic_set(&bench_aturn, 0);
		wake_up_all(&bench_wq);
	}
	kthread_complete_and_exit(&bench_peer_done, 0);
}

static u64 bench_cv_ref(int n)
{
	struct task_struct *tsk;
	u64 t;
	int i;

	atomic_set(&bench_aturn, 0);
	bench_iters = n;
	reinit_completion(&bench_peer_done);
	tsk = kthread_run(bench_wq_peer, NULL, "bench_wq");
	if (IS_ERR(tsk))
		return U64_MAX;
	t = ktime_get_ns();
	for (i = 0; i < n; i++) {
		atomic_set(&bench_aturn, 1);
		wake_up_all(&bench_wq);
		wait_event(bench_wq, atomic_read(&bench_aturn) == 0);
	}
	t = ktime_get_ns() - t;
	wait_for_completion(&bench_peer_done);
	return t;
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
	bench_report("mutex_uncontended",
		     bench_best(bench_mutex_ours, 200000),
		     bench_best(bench_mutex_ref, 200000), 200000);
	bench_report("cv_roundtrip", bench_best(bench_cv_ours, 2000),
		     bench_best(bench_cv_ref, 2000), 2000);
	bench_report("thread_create_join", bench_best(bench_thread_ours, 200),
		     bench_best(bench_thread_ref, 200), 200);
	bench_msize = 64;
	bench_report("malloc_64", bench_best(bench_malloc_ours, 100000),
		     bench_best(bench_malloc_ref, 100000), 100000);
	bench_msize = 4096;
	bench_report("malloc_4k", bench_best(bench_malloc_ours, 100000),
		     bench_best(bench_malloc_ref, 100000), 100000);
	if (!disk) {
		pr_warn("no disk= given: bio figures skipped\n");
		return;
	}
	if (bench_disk_open())
		return;
	bench_iolen = 4096;
	bench_seq = false;
	bench_report("bio_rand_4k", bench_best(bench_bio_ours, 2000),
		     bench_best(bench_bio_ref, 2000), 2000);
	bench_iolen = 1 << 20;
	bench_seq = true;
	bench_report("bio_seq_1m", bench_best(bench_bio_ours, 64),
		     bench_best(bench_bio_ref, 64), 64);
	bench_disk_close();
}

static int __init bench_init(void)
{
	int err;

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
