// SPDX-License-Identifier: BSD-2-Clause
/*
 * t_bio.c - block devices over a host file or disk (etfs), the buffer
 * cache's budget and read-ahead.  The lane supplies the scratch disk: a
 * temporary file in userspace, a virtio disk in the VM.
 */
#include "tv.h"


static void fill(char *buf, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = (char)((i * 7 + seed * 13) & 0xff);
}

static void t_etfs_blk(void)
{
	static char wbuf[16384], rbuf[16384];
	struct rump_stat st;
	int fd;

	if (tv_boot())
		return;
	KT_EXPECT_EQ(rump_pub_etfs_register("/dev/rdisk", tv_host_disk(),
					    RUMP_ETFS_BLK), 0);
	KT_EXPECT_EQ(rump_pub_etfs_register("/dev/rdisk", tv_host_disk(),
					    RUMP_ETFS_BLK), EEXIST);
	KT_EXPECT_EQ(rump_pub_etfs_register("/nodir/x", tv_host_disk(),
					    RUMP_ETFS_BLK), ENOENT);
	KT_EXPECT_EQ(rump_pub_etfs_register("/dev/x", "/nonexistent/host/path",
					    RUMP_ETFS_BLK), ENOENT);
	KT_EXPECT_EQ(rump_pub_etfs_register("/dev/y", tv_host_disk(),
					    RUMP_ETFS_DIR), EOPNOTSUPP);
	TV_OK(rump_sys_stat("/dev/rdisk", &st));
	KT_EXPECT((st.st_mode & RUMP_S_IFMT) == RUMP_S_IFBLK);
	KT_EXPECT(st.st_size >= 4 * 1024 * 1024);
	fd = rump_sys_open("/dev/rdisk", RUMP_O_RDWR);
	KT_EXPECT(fd >= 0);
	fill(wbuf, sizeof(wbuf), 1);
	/* Unaligned, crossing blocks: read-modify-write in the cache. */
	KT_EXPECT_EQ(rump_sys_pwrite(fd, wbuf, 10000, 4096 * 3 + 100), 10000);
	KT_EXPECT_EQ(rump_sys_pread(fd, rbuf, 10000, 4096 * 3 + 100), 10000);
	KT_EXPECT(memcmp(wbuf, rbuf, 10000) == 0);
	/* Sequential reads. */
	KT_EXPECT_EQ(rump_sys_lseek(fd, 0, RUMP_SEEK_SET), 0);
	KT_EXPECT_EQ(rump_sys_read(fd, rbuf, sizeof(rbuf)), (ssize_t)sizeof(rbuf));
	KT_EXPECT(memcmp(wbuf, rbuf + 4096 * 3 + 100, 16384 - 4096 * 3 - 100)
		  == 0);
	/* At the end of the device. */
	KT_EXPECT_EQ(rump_sys_pread(fd, rbuf, 100, st.st_size - 10), 10);
	KT_EXPECT_EQ(rump_sys_pread(fd, rbuf, 100, st.st_size), 0);
	TV_FAIL(rump_sys_pwrite(fd, rbuf, 1, st.st_size), ENOSPC);
	TV_OK(rump_sys_close(fd));
	/* The raw device sees what the block device wrote (flushed at close). */
	KT_EXPECT_EQ(rump_pub_etfs_register("/dev/rrdisk", tv_host_disk(),
					    RUMP_ETFS_CHR), 0);
	fd = rump_sys_open("/dev/rrdisk", RUMP_O_RDONLY);
	KT_EXPECT_EQ(rump_sys_pread(fd, rbuf, 10000, 4096 * 3 + 100), 10000);
	KT_EXPECT(memcmp(wbuf, rbuf, 10000) == 0);
	TV_OK(rump_sys_close(fd));
	KT_EXPECT_EQ(rump_pub_etfs_remove("/dev/rrdisk"), 0);
	KT_EXPECT_EQ(rump_pub_etfs_remove("/dev/rrdisk"), ENOENT);
	TV_FAIL(rump_sys_stat("/dev/rrdisk", &st), ENOENT);
	/* Left registered: shutdown closes it after the I/O completed. */
	tv_halt();
}

static void t_etfs_reg(void)
{
	static char wbuf[8192], rbuf[8192];
	struct rump_stat st;
	int fd;

	if (tv_boot())
		return;
	KT_EXPECT_EQ(rump_pub_etfs_register("/hostfile", tv_host_disk(),
					    RUMP_ETFS_REG), 0);
	TV_OK(rump_sys_stat("/hostfile", &st));
	KT_EXPECT((st.st_mode & RUMP_S_IFMT) == RUMP_S_IFREG);
	fd = rump_sys_open("/hostfile", RUMP_O_RDWR);
	KT_EXPECT(fd >= 0);
	fill(wbuf, sizeof(wbuf), 2);
	KT_EXPECT_EQ(rump_sys_pwrite(fd, wbuf, sizeof(wbuf), 65536 + 3),
		     (ssize_t)sizeof(wbuf));
	KT_EXPECT_EQ(rump_sys_pread(fd, rbuf, sizeof(rbuf), 65536 + 3),
		     (ssize_t)sizeof(rbuf));
	KT_EXPECT(memcmp(wbuf, rbuf, sizeof(rbuf)) == 0);
	TV_OK(rump_sys_close(fd));
	tv_halt();
}

static void t_budget(void)
{
	struct rump_vfs_stats vs;
	static char buf[65536];
	uint64_t old;
	int fd, i;

	if (tv_boot())
		return;
	KT_EXPECT_EQ(rump_pub_etfs_register("/dev/rdisk", tv_host_disk(),
					    RUMP_ETFS_BLK), 0);
	rump_schedule();
	old = bufcache_setbudget(65536);
	rump_unschedule();
	fd = rump_sys_open("/dev/rdisk", RUMP_O_RDONLY);
	KT_EXPECT(fd >= 0);
	/* 1 MiB sequentially through a 64 KiB cache. */
	for (i = 0; i < 16; i++)
		KT_EXPECT_EQ(rump_sys_read(fd, buf, sizeof(buf)),
			     (ssize_t)sizeof(buf));
	KT_EXPECT_EQ(rump_vfs_getstats(&vs), 0);
	KT_EXPECT_MSG(vs.bufbytes <= 65536, "%llu bytes cached",
		      (unsigned long long)vs.bufbytes);
	KT_EXPECT(vs.bufevicted > 0);
	KT_EXPECT(vs.bufreadahead > 0);
	/* Read-ahead turned misses into hits. */
	KT_EXPECT_MSG(vs.bufhits > 0, "hits %llu misses %llu",
		      (unsigned long long)vs.bufhits,
		      (unsigned long long)vs.bufmisses);
	/* Re-reading a cached block is a hit. */
	{
		uint64_t hits = vs.bufhits;

		KT_EXPECT_EQ(rump_sys_pread(fd, buf, 512, 1024 * 1024 - 512),
			     512);
		KT_EXPECT_EQ(rump_vfs_getstats(&vs), 0);
		KT_EXPECT(vs.bufhits > hits);
	}
	TV_OK(rump_sys_close(fd));
	rump_schedule();
	bufcache_setbudget(old);
	rump_unschedule();
	tv_halt();
}

static void t_opendevice(void)
{
	struct rumpblk *rb;
	struct vnode *vp;

	if (tv_boot())
		return;
	KT_EXPECT_EQ(rump_pub_etfs_register("/dev/rdisk", tv_host_disk(),
					    RUMP_ETFS_BLK), 0);
	KT_EXPECT_EQ(rump_pub_etfs_register("/dev/rrdisk", tv_host_disk(),
					    RUMP_ETFS_CHR), 0);
	TV_OK(tv_mkfile("/file", "", 0644));
	rump_schedule();
	KT_EXPECT_EQ(vfs_opendevice("/dev/rdisk", &vp, &rb), 0);
	if (rb != NULL) {
		KT_EXPECT(rb->rb_size >= 4 * 1024 * 1024);
		/* The etfs node cannot go away under a user of the device. */
		rump_unschedule();
		KT_EXPECT_EQ(rump_pub_etfs_remove("/dev/rdisk"), 0);
		rump_schedule();
		KT_EXPECT(rb->rb_size >= 4 * 1024 * 1024);
		vfs_closedevice(vp);	/* last reference: the device closes */
	}
	KT_EXPECT_EQ(vfs_opendevice("/dev/rrdisk", &vp, &rb), ENOTBLK);
	KT_EXPECT_EQ(vfs_opendevice("/file", &vp, &rb), ENOTBLK);
	KT_EXPECT_EQ(vfs_opendevice("/dev/none", &vp, &rb), ENOENT);
	rump_unschedule();
	tv_halt();
}

static void t_bread_api(void)
{
	struct rumpblk *rb;
	struct buf *bp, *bp2;
	int64_t ra[2] = { 8, 16 };
	char *p;

	if (tv_boot())
		return;
	rump_schedule();
	KT_EXPECT_EQ(rumpblk_open(tv_host_disk(), &rb), 0);
	KT_EXPECT_EQ(getblk(rb, 0, 4096, &bp), 0);
	p = bp->b_data;
	memset(p, 0x5a, 4096);
	bdwrite(bp);			/* delayed */
	KT_EXPECT_EQ(bread(rb, 0, 4096, &bp), 0);	/* from the cache */
	KT_EXPECT(((char *)bp->b_data)[100] == 0x5a);
	brelse(bp);
	KT_EXPECT_EQ(bflush(rb), 0);	/* written back */
	KT_EXPECT_EQ(breadn(rb, 0, 4096, ra, 2, &bp), 0);
	KT_EXPECT(((char *)bp->b_data)[4095] == 0x5a);
	/* A second owner waits: try from here would deadlock, so release. */
	brelse(bp);
	KT_EXPECT_EQ(bread(rb, 16, 4096, &bp2), 0);	/* read ahead */
	brelse(bp2);
	{
		char raw[16];

		KT_EXPECT_EQ(rumpblk_rw(rb, false, raw, sizeof(raw), 0), 0);
		KT_EXPECT(raw[0] == 0x5a && raw[15] == 0x5a);
	}
	rumpblk_close(rb);
	rump_unschedule();
	tv_halt();
}

static void t_delwri_syncer(void)
{
	static char wbuf[8192], rbuf[8192];
	struct timespec tenth = { 0, 100000000 };
	struct rump_vfs_stats vs;
	int fd, raw, i;

	/* Userspace: a one-second syncer; the kernel lane has the default 5. */
	tv_host_setparam("RUMP_SYNCDELAY", "1");
	if (tv_boot()) {
		tv_host_setparam("RUMP_SYNCDELAY", NULL);
		return;
	}
	KT_EXPECT_EQ(rump_pub_etfs_register("/dev/rdisk", tv_host_disk(),
					    RUMP_ETFS_BLK), 0);
	KT_EXPECT_EQ(rump_pub_etfs_register("/dev/rrdisk", tv_host_disk(),
					    RUMP_ETFS_CHR), 0);
	fd = rump_sys_open("/dev/rdisk", RUMP_O_RDWR);
	raw = rump_sys_open("/dev/rrdisk", RUMP_O_RDONLY);
	KT_EXPECT(fd >= 0 && raw >= 0);
	/* Delayed: dirty in the cache until fsync. */
	fill(wbuf, sizeof(wbuf), 3);
	KT_EXPECT_EQ(rump_sys_pwrite(fd, wbuf, sizeof(wbuf), 1 << 20),
		     (ssize_t)sizeof(wbuf));
	KT_EXPECT_EQ(rump_vfs_getstats(&vs), 0);
	KT_EXPECT(vs.bufdirty >= 1);	/* (unless the syncer just ran) */
	TV_OK(rump_sys_fsync(fd));
	KT_EXPECT_EQ(rump_vfs_getstats(&vs), 0);
	KT_EXPECT_EQ(vs.bufdirty, 0);
	KT_EXPECT_EQ(rump_sys_pread(raw, rbuf, sizeof(rbuf), 1 << 20),
		     (ssize_t)sizeof(rbuf));
	KT_EXPECT(memcmp(wbuf, rbuf, sizeof(rbuf)) == 0);
	/* The syncer writes them back by itself. */
	fill(wbuf, sizeof(wbuf), 4);
	KT_EXPECT_EQ(rump_sys_pwrite(fd, wbuf, sizeof(wbuf), 2 << 20),
		     (ssize_t)sizeof(wbuf));
	for (i = 0; i < 80; i++) {
		KT_EXPECT_EQ(rump_vfs_getstats(&vs), 0);
		if (vs.bufdirty == 0)
			break;
		rump_sys_nanosleep(&tenth, NULL);
	}
	KT_EXPECT_MSG(vs.bufdirty == 0, "%llu dirty after 8 s",
		      (unsigned long long)vs.bufdirty);
	KT_EXPECT(vs.nsyncs > 0);
	KT_EXPECT_EQ(rump_sys_pread(raw, rbuf, sizeof(rbuf), 2 << 20),
		     (ssize_t)sizeof(rbuf));
	KT_EXPECT(memcmp(wbuf, rbuf, sizeof(rbuf)) == 0);
	/* Left dirty at shutdown: written back before the devices close. */
	KT_EXPECT_EQ(rump_sys_pwrite(fd, "tail", 4, 3 << 20), 4);
	TV_OK(rump_sys_close(raw));
	tv_halt();
	tv_host_setparam("RUMP_SYNCDELAY", NULL);
}

/*
 * Read-ahead under concurrent readers: several host threads walk the
 * same blocks with breadn(), so they race to create the same buffers
 * (one creates it, the others find it busy).  Nothing may leak: after
 * the device closes, every buffer is gone (tv_halt checks the host's
 * allocation counters), and the cache's own count agrees.
 */
#define RA_THREADS	4
#define RA_ROUNDS	300

struct ra_arg {
	struct rumpblk *rb;
	int64_t nblks;		/* DEV_BSIZE blocks on the device */
	int errors;
};

static void ra_reader(void *arg)
{
	struct ra_arg *ra = arg;
	int64_t rablks[4], base;
	struct buf *bp;
	int r, i;

	rump_schedule();
	for (r = 0; r < RA_ROUNDS; r++) {
		/* 4 KiB blocks, 5 new ones a round; wraps around the disk. */
		base = (int64_t)r * 40 % (ra->nblks - 64);
		for (i = 0; i < 4; i++)
			rablks[i] = base + 8 * (i + 1);
		if (breadn(ra->rb, base, 4096, rablks, 4, &bp) != 0) {
			ra->errors++;
			continue;
		}
		brelse(bp);
		if (r % 50 == 49) {
			/* Let the others overtake (new races). */
			rump_unschedule();
			rump_schedule();
		}
	}
	rump_unschedule();
}

static void t_readahead_race(void)
{
	struct ra_arg ra[RA_THREADS];
	void *cookie[RA_THREADS];
	struct bufcache_stats bs0, bs;
	struct rumpblk *rb;
	int i;

	if (tv_boot())
		return;
	rump_schedule();
	KT_EXPECT_EQ(rumpblk_open(tv_host_disk(), &rb), 0);
	bufcache_getstats(&bs0);
	rump_unschedule();
	for (i = 0; i < RA_THREADS; i++) {
		ra[i].rb = rb;
		ra[i].nblks = (int64_t)(MIN(rb->rb_size, (uint64_t)8 << 20) /
					DEV_BSIZE);
		ra[i].errors = 0;
		cookie[i] = tv_host_thread(ra_reader, &ra[i]);
		KT_EXPECT(cookie[i] != NULL);
	}
	for (i = 0; i < RA_THREADS; i++) {
		if (cookie[i])
			tv_host_join(cookie[i]);
		KT_EXPECT_MSG(ra[i].errors == 0, "reader %d: %d errors", i,
			      ra[i].errors);
	}
	rump_schedule();
	bufcache_getstats(&bs);
	KT_EXPECT(bs.nreadahead > bs0.nreadahead);
	/* Closing drops every buffer of the device: none may be left over. */
	rumpblk_close(rb);
	bufcache_getstats(&bs);
	KT_EXPECT_EQ(bs.nbufs, bs0.nbufs);
	rump_unschedule();
	tv_halt();		/* and no leaked buffer memory in the host */
}

/* Fill a cached buffer with byte c and leave it dirty. */
static int dirty_buf(struct rumpblk *rb, int64_t blkno, size_t size, int c)
{
	struct buf *bp;
	int error = getblk(rb, blkno, size, &bp);

	if (error)
		return error;
	memset(bp->b_data, c, size);
	bdwrite(bp);
	return 0;
}

/* Does the device hold byte c at every byte of [off, off + len)? */
static bool disk_is(struct rumpblk *rb, off_t off, size_t len, int c)
{
	static char buf[8192];
	size_t i;

	if (len > sizeof(buf) || rumpblk_rw(rb, false, buf, len, off) != 0)
		return false;
	for (i = 0; i < len; i++)
		if (buf[i] != (char)c)
			return false;
	return true;
}

static uint64_t ndirty(void)
{
	struct bufcache_stats bs;

	bufcache_getstats(&bs);
	return bs.ndirty;
}

/*
 * bflush() and the syncer's sweep write delayed writes in ascending
 * block order per device, whatever order they were dirtied in.
 */
static void t_flush_order(void)
{
	static const int order[] = { 9, 3, 15, 0, 12, 6, 1, 14, 7, 4, 11,
				     2, 13, 8, 5, 10 };
	struct rumpblk *rb, *rb2;
	uint64_t back, writes;
	int i;

	if (tv_boot())
		return;
	rump_schedule();
	bufcache_stop_syncer();		/* no sweep of its own in between */
	KT_EXPECT_EQ(rumpblk_open(tv_host_disk(), &rb), 0);
	KT_EXPECT_EQ(rumpblk_open(tv_host_disk(), &rb2), 0);
	/* 4 KiB and 1 KiB buffers, dirtied out of order, on two devices. */
	for (i = 0; i < KT_NELEM(order); i++) {
		KT_EXPECT_EQ(dirty_buf(rb, 1024 + order[i] * 8, 4096, 'a' + i),
			     0);
		KT_EXPECT_EQ(dirty_buf(rb2, 4096 + order[i] * 2, 1024,
				       'A' + i), 0);
	}
	KT_EXPECT_EQ(ndirty(), 2 * KT_NELEM(order));
	back = rb->rb_nwback;
	writes = rb->rb_nwrites;
	KT_EXPECT_EQ(bflush(rb), 0);
	KT_EXPECT_EQ(rb->rb_nwrites - writes, KT_NELEM(order));
	KT_EXPECT_MSG(rb->rb_nwback == back, "%llu writes went backwards",
		      (unsigned long long)(rb->rb_nwback - back));
	KT_EXPECT_EQ(ndirty(), KT_NELEM(order));	/* rb2's are left */
	/* The syncer's call: every device, each in ascending order. */
	back = rb2->rb_nwback;
	KT_EXPECT_EQ(bflush(NULL), 0);
	KT_EXPECT_EQ(ndirty(), 0);
	KT_EXPECT_EQ(rb2->rb_nwback, back);
	for (i = 0; i < KT_NELEM(order); i++) {
		KT_EXPECT(disk_is(rb, (1024 + order[i] * 8) * DEV_BSIZE, 4096,
				  'a' + i));
		KT_EXPECT(disk_is(rb, (4096 + order[i] * 2) * DEV_BSIZE, 1024,
				  'A' + i));
	}
	rumpblk_close(rb2);
	rumpblk_close(rb);
	rump_unschedule();
	tv_halt();
}

/*
 * bflush_range/binval_range: the contract a file system doing direct
 * I/O with rumpblk_rw() next to cached buffers relies on.  The range is
 * [64 KiB, 96 KiB) = blocks 128..191; buffers of mixed sizes overlap it
 * partly or fully, others touch only its edges.
 */
#define R_BLK	128
#define R_LEN	32768

static void t_range(void)
{
	static char pat[R_LEN];
	struct rumpblk *rb;
	struct buf *bp;
	int64_t ra[2] = { R_BLK + 16, R_BLK + 24 };

	if (tv_boot())
		return;
	rump_schedule();
	bufcache_stop_syncer();
	KT_EXPECT_EQ(rumpblk_open(tv_host_disk(), &rb), 0);
	memset(pat, 'x', sizeof(pat));
	KT_EXPECT_EQ(rumpblk_rw(rb, true, pat, sizeof(pat),
				R_BLK * DEV_BSIZE), 0);
	/* Inside, 1 KiB and 4 KiB; straddling the start; edges outside. */
	KT_EXPECT_EQ(dirty_buf(rb, R_BLK + 8, 1024, 'b'), 0);
	KT_EXPECT_EQ(dirty_buf(rb, R_BLK + 32, 4096, 'c'), 0);
	KT_EXPECT_EQ(dirty_buf(rb, R_BLK - 4, 4096, 'd'), 0);	/* 2 KiB in */
	KT_EXPECT_EQ(dirty_buf(rb, R_BLK - 8, 4096, 'e'), 0);	/* ends at it */
	KT_EXPECT_EQ(dirty_buf(rb, R_BLK + 64, 4096, 'f'), 0);	/* at its end */
	KT_EXPECT_EQ(bread(rb, R_BLK + 48, 4096, &bp), 0);	/* clean */
	brelse(bp);
	KT_EXPECT_EQ(rb->rb_nbufs, 6);
	KT_EXPECT_EQ(ndirty(), 5);

	/* Flush: the overlapping dirty ones reach the device, stay cached. */
	KT_EXPECT_EQ(bflush_range(rb, R_BLK, R_LEN), 0);
	KT_EXPECT_EQ(ndirty(), 2);			/* 'e' and 'f' */
	KT_EXPECT_EQ(rb->rb_nbufs, 6);
	KT_EXPECT(disk_is(rb, (R_BLK + 8) * DEV_BSIZE, 1024, 'b'));
	KT_EXPECT(disk_is(rb, (R_BLK + 32) * DEV_BSIZE, 4096, 'c'));
	KT_EXPECT(disk_is(rb, (R_BLK - 4) * DEV_BSIZE, 4096, 'd'));
	KT_EXPECT(disk_is(rb, (R_BLK + 48) * DEV_BSIZE, 4096, 'x'));
	KT_EXPECT(!disk_is(rb, (R_BLK - 8) * DEV_BSIZE, 4096, 'e'));

	/* Dirty again, then invalidate: written, then gone. */
	KT_EXPECT_EQ(dirty_buf(rb, R_BLK + 32, 4096, 'g'), 0);
	KT_EXPECT_EQ(binval_range(rb, R_BLK, R_LEN), 0);
	KT_EXPECT(disk_is(rb, (R_BLK + 32) * DEV_BSIZE, 4096, 'g'));
	KT_EXPECT_EQ(rb->rb_nbufs, 2);			/* 'e' and 'f' */
	KT_EXPECT_EQ(ndirty(), 2);
	/* A direct write, then bread sees it, not an old cached copy. */
	memset(pat, 'y', sizeof(pat));
	KT_EXPECT_EQ(rumpblk_rw(rb, true, pat, sizeof(pat),
				R_BLK * DEV_BSIZE), 0);
	KT_EXPECT_EQ(bread(rb, R_BLK + 32, 4096, &bp), 0);
	KT_EXPECT(((char *)bp->b_data)[0] == 'y' &&
		  ((char *)bp->b_data)[4095] == 'y');
	brelse(bp);

	/* Read-ahead in flight into the range: waited for, then dropped. */
	KT_EXPECT_EQ(breadn(rb, R_BLK + 8, 4096, ra, 2, &bp), 0);
	brelse(bp);
	KT_EXPECT_EQ(binval_range(rb, R_BLK, R_LEN), 0);
	KT_EXPECT_EQ(rb->rb_nbufs, 2);
	KT_EXPECT_EQ(bflush_range(rb, -1, 512), EINVAL);
	KT_EXPECT_EQ(binval_range(rb, -1, 512), EINVAL);
	/* Nothing cached in a range: nothing to do. */
	KT_EXPECT_EQ(bflush_range(rb, 8192, 65536), 0);
	KT_EXPECT_EQ(binval_range(rb, 8192, 65536), 0);
	KT_EXPECT_EQ(ndirty(), 2);
	rumpblk_close(rb);			/* writes 'e' and 'f' back */
	rump_unschedule();
	tv_halt();
}

struct inval_arg {
	struct rumpblk *rb;
	int done;
	int error;
};

static void inval_thread(void *arg)
{
	struct inval_arg *ia = arg;

	rump_schedule();
	ia->error = binval_range(ia->rb, R_BLK, R_LEN);
	__atomic_store_n(&ia->done, 1, __ATOMIC_RELEASE);
	rump_unschedule();
}

/* binval_range waits for an owner of a buffer in the range. */
static void t_range_busy(void)
{
	struct timespec fifth = { 0, 200000000 };
	struct inval_arg ia = { NULL, 0, -1 };
	struct buf *bp;
	void *cookie;

	if (tv_boot())
		return;
	rump_schedule();
	KT_EXPECT_EQ(rumpblk_open(tv_host_disk(), &ia.rb), 0);
	KT_EXPECT_EQ(bread(ia.rb, R_BLK + 16, 2048, &bp), 0);	/* owned */
	rump_unschedule();
	cookie = tv_host_thread(inval_thread, &ia);
	KT_EXPECT(cookie != NULL);
	rump_sys_nanosleep(&fifth, NULL);
	KT_EXPECT_EQ(__atomic_load_n(&ia.done, __ATOMIC_ACQUIRE), 0);
	rump_schedule();
	memset(bp->b_data, 'z', 2048);
	bdwrite(bp);			/* dirty: written before it goes */
	rump_unschedule();
	if (cookie)
		tv_host_join(cookie);
	KT_EXPECT_EQ(ia.done, 1);
	KT_EXPECT_EQ(ia.error, 0);
	rump_schedule();
	KT_EXPECT_EQ(ia.rb->rb_nbufs, 0);
	KT_EXPECT(disk_is(ia.rb, (R_BLK + 16) * DEV_BSIZE, 2048, 'z'));
	rumpblk_close(ia.rb);
	rump_unschedule();
	tv_halt();
}

/* fdatasync(2) on the block device reaches VOP_FSYNC: written back. */
static void t_fdatasync_blk(void)
{
	static char wbuf[4096];
	struct rump_vfs_stats vs;
	int fd, rfd;

	if (tv_boot())
		return;
	rump_schedule();
	bufcache_stop_syncer();
	rump_unschedule();
	KT_EXPECT_EQ(rump_pub_etfs_register("/dev/rdisk", tv_host_disk(),
					    RUMP_ETFS_BLK), 0);
	fd = rump_sys_open("/dev/rdisk", RUMP_O_RDWR);
	rfd = rump_sys_open("/dev/rdisk", RUMP_O_RDONLY);
	KT_EXPECT(fd >= 0 && rfd >= 0);
	fill(wbuf, sizeof(wbuf), 5);
	KT_EXPECT_EQ(rump_sys_pwrite(fd, wbuf, sizeof(wbuf), 5 << 20),
		     (ssize_t)sizeof(wbuf));
	KT_EXPECT_EQ(rump_vfs_getstats(&vs), 0);
	KT_EXPECT_EQ(vs.bufdirty, 1);
	TV_FAIL(rump_sys_fdatasync(rfd), EBADF);
	KT_EXPECT_EQ(rump_vfs_getstats(&vs), 0);
	KT_EXPECT_EQ(vs.bufdirty, 1);
	TV_OK(rump_sys_fdatasync(fd));
	KT_EXPECT_EQ(rump_vfs_getstats(&vs), 0);
	KT_EXPECT_EQ(vs.bufdirty, 0);
	TV_OK(rump_sys_close(rfd));
	TV_OK(rump_sys_close(fd));
	tv_halt();
}

static const struct kt_case cases[] = {
	{ "etfs-blk", t_etfs_blk },
	{ "delwri-syncer", t_delwri_syncer },
	{ "etfs-reg", t_etfs_reg },
	{ "budget-readahead", t_budget },
	{ "bread-api", t_bread_api },
	{ "opendevice", t_opendevice },
	{ "readahead-race", t_readahead_race },
	{ "flush-order", t_flush_order },
	{ "range-flush-inval", t_range },
	{ "range-busy-wait", t_range_busy },
	{ "fdatasync-blk", t_fdatasync_blk },
};
const struct kt_family tv_fam_bio = { "bio", cases, KT_NELEM(cases),
				      NULL };
