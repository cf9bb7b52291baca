// SPDX-License-Identifier: BSD-2-Clause
/*
 * conf_bio.c - rumpuser_bio(): data written and read back, SYNC, the
 * callback exactly once in a thread holding a CPU and a valid curlwp,
 * NetBSD errno on failure, short transfers at end of file and odd
 * lengths, many requests in flight, the buffer left alone after the
 * callback.  On a block device (host_disk()) only aligned requests.
 */
#include "conf.h"

#define BIO_POISON 0xa5

struct biowait {
	struct rumpuser_mtx *m;
	struct rumpuser_cv *cv;
	int done;		/* under m */
};

struct bioreq {
	struct biowait *w;
	char *data;
	size_t len;
	int poison;		/* overwrite the buffer inside the callback */
	int calls;		/* atomic */
	size_t bytes;
	int error;
	int cpu_ok;
	struct lwp *lwp;
};

static void bio_done(void *arg, size_t bytes, int error)
{
	struct bioreq *r = arg;
	struct biowait *w = r->w;
	struct lwp *l = rumpuser_curlwp();

	/* Kernel code runs here: it needs a CPU and a valid lwp. */
	r->cpu_ok = mock_cpu_held();
	r->lwp = (l && l->magic == MOCK_LWP_MAGIC) ? l : NULL;
	r->bytes = bytes;
	r->error = error;
	if (r->poison)
		memset(r->data, BIO_POISON, r->len);
	AT_ADD(&r->calls, 1);
	/* Takes a kernel mutex: may block and give the CPU back. */
	rumpuser_mutex_enter(w->m);
	w->done++;
	rumpuser_cv_broadcast(w->cv);
	rumpuser_mutex_exit(w->m);
}

static void bw_init(struct biowait *w)
{
	memset(w, 0, sizeof(*w));
	rumpuser_mutex_init(&w->m, RUMPUSER_MTX_KMUTEX);
	rumpuser_cv_init(&w->cv);
}

static void bw_fini(struct biowait *w)
{
	rumpuser_cv_destroy(w->cv);
	rumpuser_mutex_destroy(w->m);
}

/* Wait (CPU given back) until n completions arrived; 1 if they did. */
static int bw_wait(struct biowait *w, int n, int timeout_s)
{
	int64_t end = conf_now_ns() + timeout_s * CONF_NS_SEC;
	int ok;

	rumpuser_mutex_enter(w->m);
	while (w->done < n && conf_now_ns() < end)
		rumpuser_cv_timedwait(w->cv, w->m, 1, 0);
	ok = w->done >= n;
	rumpuser_mutex_exit(w->m);
	return ok;
}

/* Submit one request and wait for it; checks the callback contract. */
static void bio1(int fd, int op, char *data, size_t len, int64_t off,
		 size_t want_bytes, int want_err)
{
	struct biowait w;
	struct bioreq r;

	bw_init(&w);
	memset(&r, 0, sizeof(r));
	r.w = &w;
	r.data = data;
	r.len = len;
	rumpuser_bio(fd, op, data, len, off, bio_done, &r);
	KT_EXPECT(bw_wait(&w, 1, CONF_PATIENCE_MS / 1000));
	conf_msleep(2);		/* a second callback would show up now */
	KT_EXPECT_EQ(AT_LOAD(&r.calls), 1);
	KT_EXPECT_EQ(r.bytes, want_bytes);
	KT_EXPECT_EQ(r.error, want_err);
	KT_EXPECT(r.cpu_ok);
	KT_EXPECT(r.lwp != NULL);
	bw_fini(&w);
}

static int bio_file(const char *suffix, int mode)
{
	char path[256];
	int fd = -1;

	conf_path(path, sizeof(path), suffix);
	KT_EXPECT_EQ(rumpuser_open(path, mode | RUMPUSER_OPEN_CREATE |
				   RUMPUSER_OPEN_BIO, &fd), 0);
	return fd;
}

static char *bio_buf(size_t len)
{
	void *p = NULL;

	KT_EXPECT_EQ(rumpuser_malloc(len, 4096, &p), 0);
	return p;
}

static void bio_write_read(void)
{
	size_t len = 64 * 1024;
	char *buf = bio_buf(len);
	int fd = bio_file(".bio", RUMPUSER_OPEN_RDWR);

	conf_pattern(buf, len, 21);
	bio1(fd, RUMPUSER_BIO_WRITE, buf, len, 8192, len, 0);
	memset(buf, 0, len);
	bio1(fd, RUMPUSER_BIO_READ, buf, len, 8192, len, 0);
	KT_EXPECT(conf_pattern_ok(buf, len, 21));
	rumpuser_free(buf, len);
	KT_EXPECT_EQ(rumpuser_close(fd), 0);
}

static void bio_sync_write(void)
{
	struct rumpuser_iovec iov;
	size_t len = 16 * 1024, n = 0;
	char *buf = bio_buf(len);
	int fd = bio_file(".biosync", RUMPUSER_OPEN_RDWR);

	conf_pattern(buf, len, 22);
	bio1(fd, RUMPUSER_BIO_WRITE | RUMPUSER_BIO_SYNC, buf, len, 0, len, 0);
	/* Seen through the other I/O path as well. */
	memset(buf, 0, len);
	iov.iov_base = buf;
	iov.iov_len = len;
	KT_EXPECT_EQ(rumpuser_iovread(fd, &iov, 1, 0, &n), 0);
	KT_EXPECT_EQ(n, len);
	KT_EXPECT(conf_pattern_ok(buf, len, 22));
	bio1(fd, RUMPUSER_BIO_READ | RUMPUSER_BIO_SYNC, buf, len, 0, len, 0);
	KT_EXPECT(conf_pattern_ok(buf, len, 22));
	rumpuser_free(buf, len);
	KT_EXPECT_EQ(rumpuser_close(fd), 0);
}

static void bio_error_errno(void)
{
	char path[256], *buf = bio_buf(4096);
	int fd, fd2 = -1;

	fd = bio_file(".bioerr", RUMPUSER_OPEN_RDWR);
	KT_EXPECT_EQ(rumpuser_close(fd), 0);
	conf_path(path, sizeof(path), ".bioerr");
	KT_EXPECT_EQ(rumpuser_open(path, RUMPUSER_OPEN_RDONLY |
				   RUMPUSER_OPEN_BIO, &fd2), 0);
	memset(buf, 1, 4096);
	/* Writing through a read-only descriptor: EBADF, NetBSD 9. */
	bio1(fd2, RUMPUSER_BIO_WRITE, buf, 4096, 0, 0, NB_EBADF);
	/* Reading past the end is no error: zero bytes. */
	bio1(fd2, RUMPUSER_BIO_READ, buf, 4096, 1 << 20, 0, 0);
	KT_EXPECT_EQ(rumpuser_close(fd2), 0);
	rumpuser_free(buf, 4096);
}

static void bio_short_eof_odd(void)
{
	struct rumpuser_iovec iov;
	char path[256], *buf = bio_buf(8192);
	uint64_t size = 0;
	size_t n = 0;
	int fd = bio_file(".bioeof", RUMPUSER_OPEN_RDWR);

	conf_path(path, sizeof(path), ".bioeof");
	conf_pattern(buf, 4196, 23);
	iov.iov_base = buf;
	iov.iov_len = 4196;
	KT_EXPECT_EQ(rumpuser_iovwrite(fd, &iov, 1, 0, &n), 0);
	/* 512 asked at 4096, 100 there. */
	memset(buf, 0, 8192);
	bio1(fd, RUMPUSER_BIO_READ, buf, 512, 4096, 100, 0);
	conf_pattern(buf + 1000, 4196, 23);
	KT_EXPECT(memcmp(buf, buf + 1000 + 4096, 100) == 0);
	/* An odd length at the end of a backing file. */
	conf_pattern(buf, 333, 24);
	bio1(fd, RUMPUSER_BIO_WRITE, buf, 333, 4196, 333, 0);
	KT_EXPECT_EQ(rumpuser_getfileinfo(path, &size, NULL), 0);
	KT_EXPECT_EQ(size, 4196 + 333);
	memset(buf, 0, 8192);
	bio1(fd, RUMPUSER_BIO_READ, buf, 333, 4196, 333, 0);
	KT_EXPECT(conf_pattern_ok(buf, 333, 24));
	rumpuser_free(buf, 8192);
	KT_EXPECT_EQ(rumpuser_close(fd), 0);
}

#define INFLIGHT 64
#define INFLIGHT_LEN (16 * 1024)

/* Submit n requests at once, wait for all; check every one. */
static void bio_batch(int fd, int op, char *bufs, size_t len, int n,
		      int64_t base, int stride, int poison)
{
	struct rumpuser_ext_stats st;
	struct bioreq *r;
	struct biowait w;
	int i;

	bw_init(&w);
	KT_EXPECT_EQ(rumpuser_malloc(n * sizeof(*r), 0, (void **)&r), 0);
	memset(r, 0, n * sizeof(*r));
	for (i = 0; i < n; i++) {
		r[i].w = &w;
		r[i].data = bufs + (size_t)i * len;
		r[i].len = len;
		r[i].poison = poison;
		rumpuser_bio(fd, op | (i % 8 == 7 ? RUMPUSER_BIO_SYNC : 0),
			     r[i].data, len, base + (int64_t)i * stride,
			     bio_done, &r[i]);
	}
	KT_EXPECT(bw_wait(&w, n, CONF_PATIENCE_MS / 1000));
	conf_msleep(5);
	for (i = 0; i < n; i++) {
		KT_EXPECT_EQ(AT_LOAD(&r[i].calls), 1);
		KT_EXPECT_EQ(r[i].bytes, len);
		KT_EXPECT_EQ(r[i].error, 0);
		KT_EXPECT(r[i].cpu_ok);
		KT_EXPECT(r[i].lwp != NULL);
	}
	conf_stats(&st);
	KT_EXPECT_EQ(st.bios, 0);
	rumpuser_free(r, n * sizeof(*r));
	bw_fini(&w);
}

static void inflight_run(int fd, int64_t base, int stride, size_t len, int n)
{
	char *bufs = bio_buf(len * n);
	int i, bad = 0;

	for (i = 0; i < n; i++)
		conf_pattern(bufs + (size_t)i * len, len, 100 + i);
	bio_batch(fd, RUMPUSER_BIO_WRITE, bufs, len, n, base, stride, 0);
	memset(bufs, 0, len * n);
	bio_batch(fd, RUMPUSER_BIO_READ, bufs, len, n, base, stride, 0);
	for (i = 0; i < n; i++)
		if (!conf_pattern_ok(bufs + (size_t)i * len, len, 100 + i))
			bad++;
	KT_EXPECT_EQ(bad, 0);
	rumpuser_free(bufs, len * n);
}

static void bio_many_in_flight(void)
{
	int fd = bio_file(".bioinflight", RUMPUSER_OPEN_RDWR);

	/* Two CPUs: completions compete with us for them. */
	mock_sched_enable(2);
	inflight_run(fd, 0, INFLIGHT_LEN, INFLIGHT_LEN, INFLIGHT);
	/* Interleaved: every other slot, in reverse-sized strides. */
	inflight_run(fd, 4096, 2 * 4096, 4096, INFLIGHT);
	mock_sched_disable();
	KT_EXPECT_EQ(rumpuser_close(fd), 0);
}

static void bio_untouched_after_done(void)
{
	int fd = bio_file(".biountouched", RUMPUSER_OPEN_RDWR);
	size_t len = 8192;
	int n = 16, i, bad = 0;
	char *bufs = bio_buf(len * n);

	for (i = 0; i < n; i++)
		conf_pattern(bufs + (size_t)i * len, len, 200 + i);
	bio_batch(fd, RUMPUSER_BIO_WRITE, bufs, len, n, 0, (int)len, 0);
	/* Each callback poisons its buffer; nothing may write it later. */
	bio_batch(fd, RUMPUSER_BIO_READ, bufs, len, n, 0, (int)len, 1);
	conf_msleep(50);
	for (i = 0; i < (int)(len * n); i++)
		if ((unsigned char)bufs[i] != BIO_POISON)
			bad++;
	KT_EXPECT_EQ(bad, 0);
	rumpuser_free(bufs, len * n);
	KT_EXPECT_EQ(rumpuser_close(fd), 0);
}

/* The blk_* cases write up to here: the device must be at least as big. */
#define BLK_MIN_BYTES (16 << 20)

/*
 * The scratch block device, or NULL: then the case fails when the host
 * should have had one (root, or the kernel lane), else skips with why.
 */
static const char *disk_or_skip(void)
{
	const char *d = host_disk(), *why;
	int failure = 0;

	if (d)
		return d;
	why = host_no_disk(&failure);
	if (failure)
		kt_fail(__FILE__, __LINE__, "no scratch block device: %s", why);
	else
		kt_skip(why);
	return NULL;
}

static void blk_fileinfo(void)
{
	const char *d = disk_or_skip();
	uint64_t size = 0;
	int type = -1;

	if (!d)
		return;
	KT_EXPECT_EQ(rumpuser_getfileinfo(d, &size, &type), 0);
	KT_EXPECT_EQ(type, RUMPUSER_FT_BLK);
	KT_EXPECT_MSG(size >= BLK_MIN_BYTES, "%s: %llu bytes, the cases need %d",
		      d, (unsigned long long)size, BLK_MIN_BYTES);
	KT_EXPECT_EQ(size % 512, 0);
	kt_diag("%s: %llu bytes", d, (unsigned long long)size);
}

static void blk_aligned_io(void)
{
	const char *d = disk_or_skip();
	uint64_t size = 0;
	char *buf;
	int fd = -1;

	if (!d)
		return;
	KT_EXPECT_EQ(rumpuser_getfileinfo(d, &size, NULL), 0);
	KT_EXPECT_EQ(rumpuser_open(d, RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_BIO,
				   &fd), 0);
	KT_EXPECT_MSG(size >= BLK_MIN_BYTES, "%s: %llu bytes, too small", d,
		      (unsigned long long)size);
	if (fd < 0)
		return;
	if (size < BLK_MIN_BYTES) {
		rumpuser_close(fd);
		return;
	}
	buf = bio_buf(65536);
	/* Single requests: 512 bytes, 4 KiB, 64 KiB, SYNC. */
	conf_pattern(buf, 512, 31);
	bio1(fd, RUMPUSER_BIO_WRITE, buf, 512, 512, 512, 0);
	conf_pattern(buf, 65536, 32);
	bio1(fd, RUMPUSER_BIO_WRITE | RUMPUSER_BIO_SYNC, buf, 65536, 1 << 20,
	     65536, 0);
	memset(buf, 0, 65536);
	bio1(fd, RUMPUSER_BIO_READ, buf, 512, 512, 512, 0);
	KT_EXPECT(conf_pattern_ok(buf, 512, 31));
	bio1(fd, RUMPUSER_BIO_READ, buf, 65536, 1 << 20, 65536, 0);
	KT_EXPECT(conf_pattern_ok(buf, 65536, 32));
	/* The last sector is there, and is the last. */
	conf_pattern(buf, 512, 33);
	bio1(fd, RUMPUSER_BIO_WRITE, buf, 512, (int64_t)size - 512, 512, 0);
	memset(buf, 0, 512);
	bio1(fd, RUMPUSER_BIO_READ, buf, 512, (int64_t)size - 512, 512, 0);
	KT_EXPECT(conf_pattern_ok(buf, 512, 33));
	/* Crossing the end: shortened like pread, no error. */
	memset(buf, 0, 8192);
	bio1(fd, RUMPUSER_BIO_READ, buf, 8192, (int64_t)size - 4096, 4096, 0);
	KT_EXPECT(conf_pattern_ok(buf + 4096 - 512, 512, 33));
	bio1(fd, RUMPUSER_BIO_READ, buf, 4096, (int64_t)size, 0, 0);
	rumpuser_free(buf, 65536);
	KT_EXPECT_EQ(rumpuser_close(fd), 0);
}

static void blk_large_request(void)
{
	const char *d = disk_or_skip();
	/* More pages than one host bio takes (256 x 4 KiB), plus a sector. */
	size_t len = (4 << 20) + 512;
	char *buf;
	int fd = -1;

	if (!d)
		return;
	KT_EXPECT_EQ(rumpuser_open(d, RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_BIO,
				   &fd), 0);
	if (fd < 0)
		return;
	buf = bio_buf(len);
	conf_pattern(buf, len, 41);
	bio1(fd, RUMPUSER_BIO_WRITE | RUMPUSER_BIO_SYNC, buf, len, 8 << 20,
	     len, 0);
	memset(buf, 0, len);
	bio1(fd, RUMPUSER_BIO_READ, buf, len, 8 << 20, len, 0);
	KT_EXPECT(conf_pattern_ok(buf, len, 41));
	rumpuser_free(buf, len);
	KT_EXPECT_EQ(rumpuser_close(fd), 0);
}

/*
 * iovread/iovwrite and bio on one device fd see each other's data.  Not
 * spelled out by the interface, but a host that sends bio straight to the
 * device (rumpuser.ko) must then drop cached pages of what it wrote, as
 * direct I/O does, or Linux readers of the device see stale data.
 */
static void blk_iov_bio_coherent(void)
{
	const char *d = disk_or_skip();
	struct rumpuser_iovec iov;
	int64_t off = 12 << 20;
	size_t n = 0;
	char *buf;
	int fd = -1;

	if (!d)
		return;
	KT_EXPECT_EQ(rumpuser_open(d, RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_BIO,
				   &fd), 0);
	if (fd < 0)
		return;
	buf = bio_buf(8192);
	iov.iov_base = buf;
	iov.iov_len = 4096;
	/* iov write, bio read. */
	conf_pattern(buf, 4096, 51);
	KT_EXPECT_EQ(rumpuser_iovwrite(fd, &iov, 1, off, &n), 0);
	memset(buf, 0, 4096);
	bio1(fd, RUMPUSER_BIO_READ, buf, 4096, off, 4096, 0);
	KT_EXPECT(conf_pattern_ok(buf, 4096, 51));
	/* iov read (caches the range), bio write, iov read again. */
	KT_EXPECT_EQ(rumpuser_iovread(fd, &iov, 1, off + 4096, &n), 0);
	conf_pattern(buf, 4096, 52);
	bio1(fd, RUMPUSER_BIO_WRITE, buf, 4096, off + 4096, 4096, 0);
	memset(buf, 0, 4096);
	KT_EXPECT_EQ(rumpuser_iovread(fd, &iov, 1, off + 4096, &n), 0);
	KT_EXPECT_EQ(n, 4096);
	KT_EXPECT(conf_pattern_ok(buf, 4096, 52));
	KT_EXPECT_EQ(rumpuser_syncfd(fd, RUMPUSER_SYNCFD_WRITE, 0, 0), 0);
	rumpuser_free(buf, 8192);
	KT_EXPECT_EQ(rumpuser_close(fd), 0);
}

static void blk_many_in_flight(void)
{
	const char *d = disk_or_skip();
	int fd = -1;

	if (!d)
		return;
	KT_EXPECT_EQ(rumpuser_open(d, RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_BIO,
				   &fd), 0);
	if (fd < 0)
		return;
	mock_sched_enable(2);
	inflight_run(fd, 2 << 20, INFLIGHT_LEN, INFLIGHT_LEN, INFLIGHT);
	inflight_run(fd, 4 << 20, 3 * 4096, 4096, INFLIGHT);
	mock_sched_disable();
	KT_EXPECT_EQ(rumpuser_close(fd), 0);
}

static void bio_counters(void)
{
	struct rumpuser_ext_stats st;

	conf_stats(&st);
	KT_EXPECT_EQ(st.bios, 0);
	/* Completions came through the helper-thread pattern of spec 3. */
	KT_EXPECT(mock_count(MU_NEWLWP) >= 1);
	KT_EXPECT_EQ(mock_count(MU_BUNSCHED), mock_count(MU_BSCHED));
}

static const struct kt_case bio_cases[] = {
	{ "write_read_verify", bio_write_read },
	{ "sync_write", bio_sync_write },
	{ "error_is_netbsd_errno", bio_error_errno },
	{ "short_at_eof_odd_length", bio_short_eof_odd },
	{ "many_in_flight", bio_many_in_flight },
	{ "untouched_after_callback", bio_untouched_after_done },
	{ "blk_getfileinfo", blk_fileinfo },
	{ "blk_aligned_io", blk_aligned_io },
	{ "blk_large_request", blk_large_request },
	{ "blk_iov_bio_coherent", blk_iov_bio_coherent },
	{ "blk_many_in_flight", blk_many_in_flight },
	{ "counters_and_helper", bio_counters },
};

const struct kt_family conf_fam_bio = {
	"bio", bio_cases, KT_NELEM(bio_cases), conf_fam_setup,
};
