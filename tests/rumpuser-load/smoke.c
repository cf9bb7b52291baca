// SPDX-License-Identifier: GPL-2.0
/*
 * rumpuser_smoke - an in-kernel client of rumpuser.ko.
 *
 * Drives every family of the hypercall layer once, the way a rump kernel
 * would, with a mock upcall table that counts upcalls, and checks the leak
 * counters at the end.  Not the conformance suite (tests/hypercall): a
 * quick check that the kernel implementation works inside a real kernel.
 * Parameter disk=/dev/vdX: a scratch block device for the bio cases.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include <rump/rumpuser.h>
#include <rump/rumpuser_ext.h>

#include "ktap.h"
#include "ktap_kmod.h"
#include "ktap_rumpuser.h"

static char *disk;
module_param(disk, charp, 0444);
MODULE_PARM_DESC(disk, "scratch block device for the bio cases");

/* ---- mock upcalls ------------------------------------------------------- */

static atomic_t sm_sched, sm_unsched, sm_bsched, sm_bunsched, sm_badcount;
static atomic_t sm_cpu;			/* CPUs "held" */
static atomic_t sm_nlwp;
static char sm_lwps[64][8];

#define SM_NLOCKS 3

static void sm_schedule(void)
{
	atomic_inc(&sm_sched);
	atomic_inc(&sm_cpu);
}

static void sm_unschedule(void)
{
	atomic_inc(&sm_unsched);
	atomic_dec(&sm_cpu);
}

static void sm_backend_unschedule(int nlocks, int *countp, void *interlock)
{
	atomic_inc(&sm_bunsched);
	atomic_dec(&sm_cpu);
	*countp = SM_NLOCKS;
}

static void sm_backend_schedule(int nlocks, void *interlock)
{
	atomic_inc(&sm_bsched);
	atomic_inc(&sm_cpu);
	if (nlocks != SM_NLOCKS && nlocks != 0)
		atomic_inc(&sm_badcount);
}

static int sm_newlwp(pid_t pid)
{
	struct lwp *l = (struct lwp *)sm_lwps[atomic_inc_return(&sm_nlwp) % 64];

	rumpuser_curlwpop(RUMPUSER_LWP_CREATE, l);
	rumpuser_curlwpop(RUMPUSER_LWP_SET, l);
	return 0;
}

static void sm_release(void)
{
	struct lwp *l = rumpuser_curlwp();

	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, l);
	rumpuser_curlwpop(RUMPUSER_LWP_DESTROY, l);
}

static const struct rumpuser_hyperup sm_hyp = {
	.hyp_schedule = sm_schedule,
	.hyp_unschedule = sm_unschedule,
	.hyp_backend_unschedule = sm_backend_unschedule,
	.hyp_backend_schedule = sm_backend_schedule,
	.hyp_lwproc_newlwp = sm_newlwp,
	.hyp_lwproc_release = sm_release,
};

/*
 * Every backend_schedule has its backend_unschedule.  The bio worker calls
 * done() between the two, so a caller woken by done() can look before the
 * worker has unscheduled: give the worker up to a second to get there.
 */
static int sm_pairs_balanced(void)
{
	int i;

	for (i = 0; i < 1000; i++) {
		if (atomic_read(&sm_bsched) == atomic_read(&sm_bunsched))
			return 1;
		usleep_range(1000, 2000);
	}
	return 0;
}

/* ---- cases -------------------------------------------------------------- */

static void sm_init(void)
{
	KT_EXPECT(rumpuser_init(16, &sm_hyp) != 0);
	KT_EXPECT(rumpuser_init(18, &sm_hyp) != 0);
	KT_EXPECT_EQ(rumpuser_init(RUMPUSER_VERSION, &sm_hyp), 0);
	KT_EXPECT_EQ(rumpuser_init(RUMPUSER_VERSION, &sm_hyp), 16);
}

static void sm_mem(void)
{
	static const int aligns[] = { 0, 8, 64, 4096, 16384 };
	static const size_t sizes[] = { 1, 13, 100, 4095, 4097, 40000,
					1 << 20, (3 << 20) + 5 };
	int i, j;

	for (i = 0; i < ARRAY_SIZE(aligns); i++) {
		for (j = 0; j < ARRAY_SIZE(sizes); j++) {
			size_t a = aligns[i] ? aligns[i] : sizeof(void *);
			void *p = NULL;

			KT_EXPECT_EQ(rumpuser_malloc(sizes[j], aligns[i], &p), 0);
			if (!p)
				continue;
			KT_EXPECT_MSG(IS_ALIGNED((unsigned long)p, a),
				      "%p not aligned to %zu", p, a);
			memset(p, 0xa5, sizes[j]);
			rumpuser_free(p, sizes[j]);
		}
	}
	{
		void *p = NULL;

		KT_EXPECT_EQ(rumpuser_malloc(64, 3, &p), 22);
		KT_EXPECT_EQ(rumpuser_malloc(~(size_t)0 >> 2, 0, &p), 12);
		KT_EXPECT_EQ(rumpuser_malloc(~(size_t)0 >> 2, 4096, &p), 12);
		KT_EXPECT_EQ(rumpuser_anonmmap(NULL, 4096, 12, 1, &p), 45);
		KT_EXPECT_EQ(rumpuser_anonmmap(NULL, 3 << 16, 16, 0, &p), 0);
		KT_EXPECT(IS_ALIGNED((unsigned long)p, 1 << 16));
		KT_EXPECT(((char *)p)[12345] == 0);
		rumpuser_unmap(p, 3 << 16);
	}
}

static void sm_param(void)
{
	char buf[64];

	KT_EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf, sizeof(buf)), 0);
	KT_EXPECT(buf[0] >= '1' && buf[0] <= '9');
	KT_EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_HOSTNAME, buf, sizeof(buf)), 0);
	KT_EXPECT(strlen(buf) > 0);
	KT_EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_HOSTNAME, buf, 1), 34);
	KT_EXPECT_EQ(rumpuser_getparam("_RUMPUSER_NOPE", buf, sizeof(buf)), 22);
	KT_EXPECT_EQ(rumpuser_getparam("RUMP_THREADS", buf, sizeof(buf)), 2);
	KT_EXPECT_EQ(rumpuser_getparam("NOT_A_PARAM", buf, sizeof(buf)), 2);
}

static void sm_clock(void)
{
	int64_t s0, s1;
	long n0, n1;
	int b0 = atomic_read(&sm_bsched);

	KT_EXPECT_EQ(rumpuser_clock_gettime(RUMPUSER_CLOCK_ABSMONO, &s0, &n0), 0);
	KT_EXPECT_EQ(rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 20000000), 0);
	KT_EXPECT_EQ(rumpuser_clock_gettime(RUMPUSER_CLOCK_ABSMONO, &s1, &n1), 0);
	KT_EXPECT((s1 - s0) * 1000000000LL + (n1 - n0) >= 20000000);
	KT_EXPECT_EQ(rumpuser_clock_sleep(RUMPUSER_CLOCK_ABSMONO, s0, n0), 0);
	KT_EXPECT_EQ(rumpuser_clock_sleep(RUMPUSER_CLOCK_ABSMONO, s1, n1 + 5000000 > 999999999 ? 999999999 : n1 + 5000000), 0);
	KT_EXPECT_EQ(atomic_read(&sm_bsched) - b0, 3);
	KT_EXPECT(sm_pairs_balanced());
	KT_EXPECT_EQ(rumpuser_clock_gettime(RUMPUSER_CLOCK_RELWALL, &s0, &n0), 0);
	KT_EXPECT(s0 > 1500000000);
}

/* threads, mutexes and condvars together */
static struct rumpuser_mtx *sm_mtx;
static struct rumpuser_cv *sm_cv;
static int sm_counter, sm_flag;
static atomic_t sm_detached_done;

/*
 * objtool does not know that a function in another module never returns;
 * calling thread_exit through a pointer keeps it from seeing a fall-through.
 */
static void (*volatile sm_thread_exit)(void) = rumpuser_thread_exit;

#define SM_NTHR 4
#define SM_NINC 20000

static void *sm_incr(void *arg)
{
	int i;

	KT_EXPECT(rumpuser_curlwp() == NULL);
	sm_newlwp(0);
	for (i = 0; i < SM_NINC; i++) {
		rumpuser_mutex_enter(sm_mtx);
		sm_counter++;
		rumpuser_mutex_exit(sm_mtx);
	}
	sm_release();
	sm_thread_exit();
	return NULL;
}

static void *sm_detached(void *arg)
{
	atomic_inc(&sm_detached_done);
	return NULL;
}

static void sm_threads_mutex(void)
{
	void *cookie[SM_NTHR];
	struct rumpuser_ext_stats st;
	struct lwp *owner;
	int i;

	rumpuser_mutex_init(&sm_mtx, RUMPUSER_MTX_KMUTEX);
	sm_counter = 0;
	for (i = 0; i < SM_NTHR; i++)
		KT_EXPECT_EQ(rumpuser_thread_create(sm_incr, NULL, "sm_incr", 1,
						    -1, i, &cookie[i]), 0);
	for (i = 0; i < SM_NTHR; i++)
		KT_EXPECT_EQ(rumpuser_thread_join(cookie[i]), 0);
	KT_EXPECT_EQ(sm_counter, SM_NTHR * SM_NINC);

	sm_newlwp(0);
	rumpuser_mutex_enter(sm_mtx);
	rumpuser_mutex_owner(sm_mtx, &owner);
	KT_EXPECT(owner == rumpuser_curlwp() && owner);
	KT_EXPECT_EQ(rumpuser_mutex_tryenter(sm_mtx), 16);
	rumpuser_mutex_exit(sm_mtx);
	rumpuser_mutex_owner(sm_mtx, &owner);
	KT_EXPECT(!owner);
	KT_EXPECT_EQ(rumpuser_mutex_tryenter(sm_mtx), 0);
	rumpuser_mutex_exit(sm_mtx);
	KT_EXPECT_EQ(rumpuser_mutex_spin_p(sm_mtx), 0);
	sm_release();
	rumpuser_mutex_destroy(sm_mtx);

	atomic_set(&sm_detached_done, 0);
	for (i = 0; i < 8; i++)
		KT_EXPECT_EQ(rumpuser_thread_create(sm_detached, NULL, NULL, 0,
						    -1, -1, NULL), 0);
	for (i = 0; i < 500; i++) {
		rumpuser_ext_getstats(&st);
		if (!st.threads && atomic_read(&sm_detached_done) == 8)
			break;
		msleep(10);
	}
	KT_EXPECT_EQ(st.threads, 0);
	KT_EXPECT(sm_pairs_balanced());
	KT_EXPECT_EQ(atomic_read(&sm_badcount), 0);
}

static void *sm_waiter(void *arg)
{
	struct rumpuser_mtx *m = arg;
	struct lwp *owner;

	sm_newlwp(0);
	rumpuser_mutex_enter(m);
	while (!sm_flag)
		rumpuser_cv_wait(sm_cv, m);
	rumpuser_mutex_owner(m, &owner);
	if (rumpuser_mutex_spin_p(m) == 0)
		KT_EXPECT(owner == rumpuser_curlwp());
	sm_flag++;
	rumpuser_mutex_exit(m);
	sm_release();
	sm_thread_exit();
	return NULL;
}

static void sm_cv_case(int flags)
{
	struct rumpuser_mtx *m;
	void *cookie[3];
	int i, n;

	rumpuser_mutex_init(&m, flags);
	rumpuser_cv_init(&sm_cv);
	sm_flag = 0;
	for (i = 0; i < 3; i++)
		KT_EXPECT_EQ(rumpuser_thread_create(sm_waiter, m, "sm_wait", 1,
						    -1, -1, &cookie[i]), 0);
	for (i = 0; i < 500; i++) {
		rumpuser_cv_has_waiters(sm_cv, &n);
		if (n == 3)
			break;
		msleep(10);
	}
	KT_EXPECT_EQ(n, 3);
	rumpuser_mutex_enter_nowrap(m);
	sm_flag = 1;
	rumpuser_cv_broadcast(sm_cv);
	rumpuser_mutex_exit(m);
	for (i = 0; i < 3; i++)
		KT_EXPECT_EQ(rumpuser_thread_join(cookie[i]), 0);
	KT_EXPECT_EQ(sm_flag, 4);
	rumpuser_cv_has_waiters(sm_cv, &n);
	KT_EXPECT_EQ(n, 0);

	/* timedwait: times out with 60, and the mutex is held again */
	rumpuser_mutex_enter_nowrap(m);
	KT_EXPECT_EQ(rumpuser_cv_timedwait(sm_cv, m, 0, 30000000), 60);
	KT_EXPECT_EQ(rumpuser_mutex_tryenter(m), 16);
	rumpuser_mutex_exit(m);
	rumpuser_cv_destroy(sm_cv);
	rumpuser_mutex_destroy(m);
	KT_EXPECT(sm_pairs_balanced());
}

static void sm_cv_kmutex(void)
{
	sm_cv_case(RUMPUSER_MTX_KMUTEX);
}

static void sm_cv_spin(void)
{
	sm_cv_case(RUMPUSER_MTX_SPIN);
}

static void sm_cv_spinkmutex(void)
{
	sm_cv_case(RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX);
}

static void sm_rw(void)
{
	struct rumpuser_rw *rw;
	int held;

	sm_newlwp(0);
	rumpuser_rw_init(&rw);
	rumpuser_rw_enter(RUMPUSER_RW_READER, rw);
	KT_EXPECT_EQ(rumpuser_rw_tryenter(RUMPUSER_RW_READER, rw), 0);
	KT_EXPECT_EQ(rumpuser_rw_tryenter(RUMPUSER_RW_WRITER, rw), 16);
	rumpuser_rw_held(RUMPUSER_RW_READER, rw, &held);
	KT_EXPECT(held);
	rumpuser_rw_held(RUMPUSER_RW_WRITER, rw, &held);
	KT_EXPECT(!held);
	rumpuser_rw_exit(rw);
	rumpuser_rw_exit(rw);
	rumpuser_rw_held(RUMPUSER_RW_READER, rw, &held);
	KT_EXPECT(!held);
	rumpuser_rw_enter(RUMPUSER_RW_WRITER, rw);
	rumpuser_rw_held(RUMPUSER_RW_WRITER, rw, &held);
	KT_EXPECT(held);
	rumpuser_rw_downgrade(rw);
	rumpuser_rw_held(RUMPUSER_RW_WRITER, rw, &held);
	KT_EXPECT(!held);
	rumpuser_rw_held(RUMPUSER_RW_READER, rw, &held);
	KT_EXPECT(held);
	KT_EXPECT_EQ(rumpuser_rw_tryupgrade(rw), 16);
	rumpuser_rw_exit(rw);
	KT_EXPECT_EQ(rumpuser_rw_tryenter(RUMPUSER_RW_WRITER, rw), 0);
	rumpuser_rw_exit(rw);
	rumpuser_rw_destroy(rw);
	sm_release();
}

static void sm_errno_misc(void)
{
	char buf[32];
	size_t n = 0;

	rumpuser_seterrno(60);
	KT_EXPECT_EQ(rumpuser_ext_geterrno(), 60);
	KT_EXPECT_EQ(rumpuser_getrandom(buf, sizeof(buf),
					RUMPUSER_RANDOM_HARD |
					RUMPUSER_RANDOM_NOWAIT, &n), 0);
	KT_EXPECT(n > 0 && n <= sizeof(buf));
	KT_EXPECT_EQ(rumpuser_sp_init(NULL, NULL, NULL, NULL), 78);
	KT_EXPECT_EQ(rumpuser_daemonize_begin(), 0);
	KT_EXPECT_EQ(rumpuser_ext_dead(), 0);
	rumpuser_dprintf("smoke dprintf %d\n", 42);
	rumpuser_putchar('o');
	rumpuser_putchar('k');
	rumpuser_putchar('\n');
}

/* files */
struct sm_bio {
	struct completion c;
	size_t bytes;
	int error;
	atomic_t calls;
	bool lwp, cpu;
};

static void sm_biodone(void *arg, size_t bytes, int error)
{
	struct sm_bio *b = arg;

	b->bytes = bytes;
	b->error = error;
	b->lwp = rumpuser_curlwp() != NULL;
	b->cpu = atomic_read(&sm_cpu) > 0;
	atomic_inc(&b->calls);
	complete(&b->c);
}

static void sm_bio_wait(struct sm_bio *b)
{
	wait_for_completion(&b->c);
	KT_EXPECT_EQ(atomic_read(&b->calls), 1);
	KT_EXPECT(b->lwp);
	KT_EXPECT(b->cpu);
}

#define SM_FILE "/tmp/rumpuser-smoke"

static void sm_file(void)
{
	struct rumpuser_iovec iov[2];
	char a[16] = "hello, ", b[16] = "world", r[32];
	struct sm_bio bio;
	uint64_t size;
	size_t n;
	int fd, fd2, type;

	sm_schedule();	/* like a rump kernel thread: we hold a CPU */
	KT_EXPECT_EQ(rumpuser_open(SM_FILE, 3, &fd), 22);
	KT_EXPECT_EQ(rumpuser_open(SM_FILE, RUMPUSER_OPEN_RDWR |
				   RUMPUSER_OPEN_CREATE, &fd), 0);
	KT_EXPECT_EQ(rumpuser_open(SM_FILE, RUMPUSER_OPEN_RDWR |
				   RUMPUSER_OPEN_CREATE | RUMPUSER_OPEN_EXCL,
				   &fd2), 17);
	iov[0].iov_base = a;
	iov[0].iov_len = 7;
	iov[1].iov_base = b;
	iov[1].iov_len = 5;
	KT_EXPECT_EQ(rumpuser_iovwrite(fd, iov, 2, RUMPUSER_IOV_NOSEEK, &n), 0);
	KT_EXPECT_EQ(n, 12);
	KT_EXPECT_EQ(rumpuser_iovwrite(fd, iov, 1, 12, &n), 0);
	memset(r, 0, sizeof(r));
	iov[0].iov_base = r;
	iov[0].iov_len = sizeof(r);
	KT_EXPECT_EQ(rumpuser_iovread(fd, iov, 1, 0, &n), 0);
	KT_EXPECT_EQ(n, 19);
	KT_EXPECT(!memcmp(r, "hello, worldhello, ", 19));
	KT_EXPECT_EQ(rumpuser_iovread(fd, iov, 1, RUMPUSER_IOV_NOSEEK, &n), 0);
	KT_EXPECT_EQ(n, 7);	/* from offset 12 */
	KT_EXPECT_EQ(rumpuser_getfileinfo(SM_FILE, &size, &type), 0);
	KT_EXPECT_EQ(size, 19);
	KT_EXPECT_EQ(type, RUMPUSER_FT_REG);
	KT_EXPECT_EQ(rumpuser_getfileinfo("/tmp", NULL, &type), 0);
	KT_EXPECT_EQ(type, RUMPUSER_FT_DIR);
	KT_EXPECT_EQ(rumpuser_getfileinfo("/nonexistent", NULL, &type), 2);
	KT_EXPECT_EQ(rumpuser_syncfd(fd, 0, 0, 0), 22);
	KT_EXPECT_EQ(rumpuser_syncfd(fd, RUMPUSER_SYNCFD_WRITE, 0, 0), 0);

	/* bio on a regular file: odd length at the end of the file */
	init_completion(&bio.c);
	atomic_set(&bio.calls, 0);
	memset(r, 0, sizeof(r));
	rumpuser_bio(fd, RUMPUSER_BIO_READ, r, 512, 0, sm_biodone, &bio);
	sm_bio_wait(&bio);
	KT_EXPECT_EQ(bio.error, 0);
	KT_EXPECT_EQ(bio.bytes, 19);
	KT_EXPECT(!memcmp(r, "hello, worldhello, ", 19));

	init_completion(&bio.c);
	atomic_set(&bio.calls, 0);
	rumpuser_bio(1000, RUMPUSER_BIO_READ, r, 512, 0, sm_biodone, &bio);
	sm_bio_wait(&bio);
	KT_EXPECT_EQ(bio.error, 9);

	KT_EXPECT_EQ(rumpuser_close(fd), 0);
	KT_EXPECT_EQ(rumpuser_close(fd), 9);

	/* the wrong direction on an fd: EBADF, and no WARN from kernel_write */
	KT_EXPECT_EQ(rumpuser_open(SM_FILE, RUMPUSER_OPEN_RDONLY |
				   RUMPUSER_OPEN_BIO, &fd), 0);
	iov[0].iov_base = a;
	iov[0].iov_len = 7;
	KT_EXPECT_EQ(rumpuser_iovwrite(fd, iov, 1, 0, &n), 9);
	init_completion(&bio.c);
	atomic_set(&bio.calls, 0);
	rumpuser_bio(fd, RUMPUSER_BIO_WRITE, r, 512, 0, sm_biodone, &bio);
	sm_bio_wait(&bio);
	KT_EXPECT_EQ(bio.error, 9);
	KT_EXPECT_EQ(rumpuser_close(fd), 0);
	KT_EXPECT_EQ(rumpuser_open(SM_FILE, RUMPUSER_OPEN_WRONLY, &fd), 0);
	iov[0].iov_base = r;
	KT_EXPECT_EQ(rumpuser_iovread(fd, iov, 1, 0, &n), 9);
	KT_EXPECT_EQ(rumpuser_close(fd), 0);
	sm_unschedule();
	KT_EXPECT(sm_pairs_balanced());
}

#define SM_NBIO 64
#define SM_BIOSZ 8192

static void sm_blk(void)
{
	struct sm_bio *bios;
	uint64_t size;
	char *buf, *big;
	int fd, type, i;

	/* tests/rumpuser-load/vm.sh always gives one: none is a failure. */
	if (!disk || !*disk) {
		kt_fail(__FILE__, __LINE__, "no disk= parameter");
		return;
	}
	KT_EXPECT_EQ(rumpuser_getfileinfo(disk, &size, &type), 0);
	KT_EXPECT_EQ(type, RUMPUSER_FT_BLK);
	KT_EXPECT(size >= SM_NBIO * SM_BIOSZ);
	sm_schedule();
	KT_EXPECT_EQ(rumpuser_open(disk, RUMPUSER_OPEN_RDWR |
				   RUMPUSER_OPEN_BIO, &fd), 0);

	bios = kcalloc(SM_NBIO, sizeof(*bios), GFP_KERNEL);
	buf = vmalloc(SM_NBIO * SM_BIOSZ);	/* vmalloc: exercises vmalloc_to_page */
	big = kmalloc(SM_BIOSZ, GFP_KERNEL);
	if (!bios || !buf || !big)
		goto out;

	for (i = 0; i < SM_NBIO * SM_BIOSZ; i++)
		buf[i] = (char)(i * 7 + i / SM_BIOSZ);
	for (i = 0; i < SM_NBIO; i++) {
		init_completion(&bios[i].c);
		rumpuser_bio(fd, RUMPUSER_BIO_WRITE |
			     (i % 8 ? 0 : RUMPUSER_BIO_SYNC),
			     buf + i * SM_BIOSZ, SM_BIOSZ,
			     (int64_t)i * SM_BIOSZ, sm_biodone, &bios[i]);
	}
	for (i = 0; i < SM_NBIO; i++) {
		sm_bio_wait(&bios[i]);
		KT_EXPECT_EQ(bios[i].error, 0);
		KT_EXPECT_EQ(bios[i].bytes, SM_BIOSZ);
	}
	/* read back into kmalloc memory, and check */
	for (i = 0; i < SM_NBIO; i += 5) {
		struct sm_bio b;

		init_completion(&b.c);
		atomic_set(&b.calls, 0);
		memset(big, 0, SM_BIOSZ);
		rumpuser_bio(fd, RUMPUSER_BIO_READ, big, SM_BIOSZ,
			     (int64_t)i * SM_BIOSZ, sm_biodone, &b);
		sm_bio_wait(&b);
		KT_EXPECT_EQ(b.error, 0);
		KT_EXPECT(!memcmp(big, buf + i * SM_BIOSZ, SM_BIOSZ));
	}
	/* iovread on the same fd sees the data written with bios */
	{
		struct rumpuser_iovec iov = { big, SM_BIOSZ };
		size_t n;

		KT_EXPECT_EQ(rumpuser_iovread(fd, &iov, 1, 3 * SM_BIOSZ, &n), 0);
		KT_EXPECT_EQ(n, SM_BIOSZ);
		KT_EXPECT(!memcmp(big, buf + 3 * SM_BIOSZ, SM_BIOSZ));
	}
	/* past the end: short (0-byte) transfer, no error */
	{
		struct sm_bio b;

		init_completion(&b.c);
		atomic_set(&b.calls, 0);
		rumpuser_bio(fd, RUMPUSER_BIO_READ, big, 512, size, sm_biodone,
			     &b);
		sm_bio_wait(&b);
		KT_EXPECT_EQ(b.error, 0);
		KT_EXPECT_EQ(b.bytes, 0);
	}
	KT_EXPECT_EQ(rumpuser_syncfd(fd, RUMPUSER_SYNCFD_WRITE, 0, 0), 0);
out:
	KT_EXPECT_EQ(rumpuser_close(fd), 0);
	sm_unschedule();
	kfree(big);
	vfree(buf);
	kfree(bios);
	KT_EXPECT(sm_pairs_balanced());
}

static void *sm_signaller(void *arg)
{
	struct rumpuser_mtx *m = arg;

	msleep(20);
	rumpuser_mutex_enter_nowrap(m);
	sm_flag = 1;
	rumpuser_cv_signal(sm_cv);
	rumpuser_mutex_exit(m);
	return NULL;
}

static void sm_timedwait_signalled(void)
{
	struct rumpuser_mtx *m;
	void *cookie;
	int rv = 0;

	rumpuser_mutex_init(&m, RUMPUSER_MTX_KMUTEX);
	rumpuser_cv_init(&sm_cv);
	sm_flag = 0;
	rumpuser_mutex_enter(m);
	KT_EXPECT_EQ(rumpuser_thread_create(sm_signaller, m, "sm_sig", 1, -1,
					    -1, &cookie), 0);
	while (!sm_flag && rv == 0)
		rv = rumpuser_cv_timedwait(sm_cv, m, 10, 0);
	KT_EXPECT_EQ(rv, 0);
	KT_EXPECT_EQ(sm_flag, 1);
	rumpuser_mutex_exit(m);
	KT_EXPECT_EQ(rumpuser_thread_join(cookie), 0);
	rumpuser_cv_destroy(sm_cv);
	rumpuser_mutex_destroy(m);
}

static void (*volatile sm_exit)(int) = rumpuser_exit;

static void *sm_panicker(void *arg)
{
	sm_newlwp(0);
	sm_exit(RUMPUSER_PANIC);
	return NULL;
}

/* A rump kernel panic on one of its threads: Linux carries on. */
static void sm_panic(void)
{
	void *cookie, *c2;
	int fd;

	KT_EXPECT_EQ(rumpuser_thread_create(sm_panicker, NULL, "sm_panic", 1,
					    -1, -1, &cookie), 0);
	KT_EXPECT_EQ(rumpuser_thread_join(cookie), 0);
	KT_EXPECT_EQ(rumpuser_ext_dead(), 1);
	KT_EXPECT(rumpuser_thread_create(sm_panicker, NULL, "x", 1, -1, -1,
					 &c2) != 0);
	KT_EXPECT(rumpuser_open(SM_FILE, RUMPUSER_OPEN_RDONLY, &fd) != 0);
}

static void sm_fini(void)
{
	sm_release();	/* the lwp the test task set itself, if any */
	KT_EXPECT_EQ(rumpuser_ext_fini(), 0);
	KT_EXPECT_EQ(rumpuser_ext_dead(), 0);
	kt_expect_rumpuser_idle();
	KT_EXPECT(sm_pairs_balanced());
	KT_EXPECT_EQ(atomic_read(&sm_sched), atomic_read(&sm_unsched));
	/* attachable again */
	KT_EXPECT_EQ(rumpuser_init(RUMPUSER_VERSION, &sm_hyp), 0);
	KT_EXPECT_EQ(rumpuser_ext_fini(), 0);
}

static const struct kt_case sm_cases[] = {
	{ "init", sm_init },
	{ "memory", sm_mem },
	{ "params", sm_param },
	{ "clock", sm_clock },
	{ "threads-mutex", sm_threads_mutex },
	{ "cv-kmutex", sm_cv_kmutex },
	{ "cv-spin", sm_cv_spin },
	{ "cv-spin-kmutex", sm_cv_spinkmutex },
	{ "rwlock", sm_rw },
	{ "errno-misc", sm_errno_misc },
	{ "file", sm_file },
	{ "blockdev-bio", sm_blk },
	{ "timedwait-signalled", sm_timedwait_signalled },
	{ "panic", sm_panic },
	{ "fini", sm_fini },
};

static const struct kt_family sm_fams[] = {
	{ "rumpuser", sm_cases, KT_NELEM(sm_cases) },
};

static int __init sm_init_module(void)
{
	kt_run("rumpuser_smoke", sm_fams, KT_NELEM(sm_fams), NULL);
	return kt_kmod_publish(KBUILD_MODNAME);
}

static void __exit sm_exit_module(void)
{
	kt_kmod_unpublish();
}

module_init(sm_init_module);
module_exit(sm_exit_module);
MODULE_DESCRIPTION("linux-rump: in-kernel smoke client of rumpuser.ko");
MODULE_LICENSE("Dual BSD/GPL");
