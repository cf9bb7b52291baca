// SPDX-License-Identifier: BSD-2-Clause
/*
 * t_bio.c - block devices over a host file or disk (etfs), the buffer
 * cache's budget and read-ahead.  The lane supplies the scratch disk: a
 * temporary file in userspace, a virtio disk in the VM.
 */
#include "tv.h"

static const char *skip_nodisk(void)
{
	return tv_host_disk() ? "" : "no scratch disk in this lane";
}

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

static const struct kt_case cases[] = {
	{ "etfs-blk", t_etfs_blk },
	{ "delwri-syncer", t_delwri_syncer },
	{ "etfs-reg", t_etfs_reg },
	{ "budget-readahead", t_budget },
	{ "bread-api", t_bread_api },
	{ "opendevice", t_opendevice },
};
const struct kt_family tv_fam_bio = { "bio", cases, KT_NELEM(cases),
				      skip_nodisk };
