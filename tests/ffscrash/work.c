// SPDX-License-Identifier: GPL-2.0
/*
 * work.c - the write workload of tests/ffscrash, all through rump_sys_*
 * calls on the mounted FFS.  Operations (chosen by fc_params.mode):
 *
 *  small      d<K>/f<N>: create, write 0..120000 bytes (in random
 *             pieces, sometimes the second half first), fsync, record
 *             "durable"; new data directories d<K> now and then
 *  scratch    churn in s/ that is never recorded: create, rename (also
 *             over a live file and across directories), unlink, mkdir,
 *             rmdir -- so frees and reuse happen next to durable files
 *  append     b<N>: grow a file of 150 KiB..1.6 MiB (past the direct
 *             blocks) by appends of 1..65536 bytes with an fsync and a
 *             "prefix" record every few hundred KiB, "durable" at the end
 *  overwrite  o<N>: write, overwrite ranges with other contents, shrink
 *             and extend with ftruncate (sometimes fsyncing), then write
 *             the final contents over [0, S), ftruncate to S, fsync,
 *             record "durable"
 *
 * Recorded files are never touched again and their directories are never
 * renamed or removed, so a record stays true until the crash.  Once the
 * data budget or the file count is reached only scratch churn runs (no
 * ENOSPC).  The record format is in crash.h.
 */
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/unaligned.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>
#include <rump/rumpuser_ext.h>

#include "crash.h"

#define FC_BUF		65536
#define FC_PATH		128
#define FC_NSCRATCH	32
#define FC_MAXFILES	1500
#define FC_MAXDIRS	40
#define FC_O_NEW	(RUMP_O_WRONLY | RUMP_O_CREAT | RUMP_O_EXCL)

struct fc_state {
	const struct fc_params *p;
	u64 rng;
	u8 *buf;
	char path[FC_PATH], path2[FC_PATH];
	unsigned int nops, nrec;
	unsigned int ndirs, nfiles, nbig, novw, nscratch;
	unsigned int live[FC_NSCRATCH];	/* scratch files s/t<id> */
	unsigned int nlive;
	u64 used;			/* bytes of recorded files */
	bool corrupted;
};

static u64 fc_mix64(u64 z)
{
	z += 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * 64-byte unit u of a file with seed s: four times the little-endian
 * pair (mix64(s << 32 ^ u), u).  Every unit differs from every other
 * unit of every file, so a misplaced or stale block shows.
 */
void fc_fill(u8 *buf, u64 off, size_t len, u32 seed)
{
	u64 end = off + len, u, v;
	size_t s, n;
	u8 unit[64];
	int i;

	while (off < end) {
		u = off / 64;
		v = fc_mix64(((u64)seed << 32) ^ u);
		for (i = 0; i < 4; i++) {
			put_unaligned_le64(v, unit + 16 * i);
			put_unaligned_le64(u, unit + 16 * i + 8);
		}
		s = off % 64;
		n = min_t(u64, 64 - s, end - off);
		memcpy(buf, unit + s, n);
		buf += n;
		off += n;
	}
}

static u64 fc_rand(struct fc_state *st)
{
	return fc_mix64(st->rng++);
}

/* Uniform enough in [0, n) for n > 0. */
static u64 fc_below(struct fc_state *st, u64 n)
{
	return fc_rand(st) % n;
}

static int fc_errno(void)
{
	return rumpuser_ext_geterrno();
}

static const char *fc_rel(struct fc_state *st, const char *path)
{
	return path + strlen(st->p->root) + 1;
}

/* An unexpected failure: one error record, and the workload stops. */
static int fc_fail(struct fc_state *st, const char *what, const char *path)
{
	int e = fc_errno();

	pr_err("error %s %s %d\n", what, fc_rel(st, path), e);
	return -(e ? e : RUMP_EIO);
}

static __printf(3, 4) void fc_name(struct fc_state *st, char *buf,
				    const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(buf, FC_PATH, "%s/", st->p->root);
	va_start(ap, fmt);
	vsnprintf(buf + n, FC_PATH - n, fmt, ap);
	va_end(ap);
}

/*
 * Write fc_fill(seed) over [off, off + len) in pieces of at most piece
 * bytes (random sizes when piece is 0), with pwrite or, when seq, with
 * write at the current offset (which the caller put at off).
 */
static int fc_put(struct fc_state *st, int fd, u64 off, u64 len, u32 seed,
		  bool seq, size_t piece)
{
	ssize_t r;
	size_t n;

	while (len > 0) {
		n = piece ? piece : 1 + fc_below(st, fc_below(st, 4) ?
						 FC_BUF : 700);
		n = min_t(u64, n, len);
		fc_fill(st->buf, off, n, seed);
		if (seq)
			r = rump_sys_write(fd, st->buf, n);
		else
			r = rump_sys_pwrite(fd, st->buf, n, off);
		if (r != (ssize_t)n)
			return -1;
		off += n;
		len -= n;
	}
	return 0;
}

/* fsync done: print the record; the corrupt= self-test hooks in here. */
static int fc_record(struct fc_state *st, int fd, const char *kind,
		     const char *path, u64 size, u32 seed)
{
	u8 b;

	pr_info("%s %s %llu %u\n", kind, fc_rel(st, path), size, seed);
	st->nrec++;
	if (!st->p->corrupt || st->corrupted || size == 0 ||
	    st->nrec < st->p->corrupt)
		return 0;
	/* Damage one byte behind the record's back: the host must notice. */
	st->corrupted = true;
	fc_fill(&b, size / 2, 1, seed);
	b ^= 0x5a;
	if (rump_sys_pwrite(fd, &b, 1, size / 2) != 1 || rump_sys_fsync(fd))
		return fc_fail(st, "corrupt", path);
	pr_info("corrupted %s at %llu\n", fc_rel(st, path), size / 2);
	return 0;
}

static u64 fc_small_size(struct fc_state *st)
{
	switch (fc_below(st, 8)) {
	case 0:
		return fc_below(st, 3) ? 1 + fc_below(st, 600) : 0;
	case 1:
	case 2:
	case 3:
		return 1 + fc_below(st, 9000);
	case 4:
	case 5:
	case 6:
		return 9000 + fc_below(st, 40000);
	default:
		return 40000 + fc_below(st, 80000);
	}
}

static int fc_op_small(struct fc_state *st)
{
	u64 size = fc_small_size(st), h;
	u32 seed = (u32)fc_rand(st);
	int fd, error = 0;

	if (st->ndirs == 0 ||
	    (st->ndirs < FC_MAXDIRS && fc_below(st, 16) == 0)) {
		fc_name(st, st->path, "d%u", st->ndirs);
		if (rump_sys_mkdir(st->path, 0755))
			return fc_fail(st, "mkdir", st->path);
		st->ndirs++;
	}
	fc_name(st, st->path, "d%u/f%u", (unsigned int)fc_below(st, st->ndirs),
		st->nfiles++);
	fd = rump_sys_open(st->path, FC_O_NEW, 0644);
	if (fd < 0)
		return fc_fail(st, "create", st->path);
	if (size > 1 && fc_below(st, 4) == 0) {
		/* The second half first: a hole, then filled. */
		h = size / 2;
		if (fc_put(st, fd, h, size - h, seed, false, 0) ||
		    fc_put(st, fd, 0, h, seed, false, 0))
			error = fc_fail(st, "pwrite", st->path);
	} else if (fc_put(st, fd, 0, size, seed, true, 0)) {
		error = fc_fail(st, "write", st->path);
	}
	if (!error && rump_sys_fsync(fd))
		error = fc_fail(st, "fsync", st->path);
	if (!error)
		error = fc_record(st, fd, "durable", st->path, size, seed);
	if (rump_sys_close(fd) && !error)
		error = fc_fail(st, "close", st->path);
	st->used += size;
	return error;
}

static int fc_scratch_new(struct fc_state *st, const char *path)
{
	u64 size = fc_below(st, 20000);
	int fd, error = 0;

	fd = rump_sys_open(path, FC_O_NEW, 0644);
	if (fd < 0)
		return fc_fail(st, "create", path);
	if (fc_put(st, fd, 0, size, (u32)fc_rand(st), true, 0))
		error = fc_fail(st, "write", path);
	if (!error && fc_below(st, 2) && rump_sys_fsync(fd))
		error = fc_fail(st, "fsync", path);
	if (rump_sys_close(fd) && !error)
		error = fc_fail(st, "close", path);
	return error;
}

/* Unrecorded namespace churn in s/. */
static int fc_op_scratch(struct fc_state *st)
{
	unsigned int i, j, id;
	int error;

	switch (st->nlive == 0 ? 0 : fc_below(st, 5)) {
	case 0:	/* a new file (the oldest goes when the list is full) */
		if (st->nlive == FC_NSCRATCH) {
			fc_name(st, st->path, "s/t%u", st->live[0]);
			if (rump_sys_unlink(st->path))
				return fc_fail(st, "unlink", st->path);
			memmove(st->live, st->live + 1,
				--st->nlive * sizeof(st->live[0]));
		}
		id = st->nscratch++;
		fc_name(st, st->path, "s/t%u", id);
		error = fc_scratch_new(st, st->path);
		if (error)
			return error;
		st->live[st->nlive++] = id;
		return 0;
	case 1:	/* rename to a new name */
		i = fc_below(st, st->nlive);
		fc_name(st, st->path, "s/t%u", st->live[i]);
		st->live[i] = st->nscratch++;
		fc_name(st, st->path2, "s/t%u", st->live[i]);
		if (rump_sys_rename(st->path, st->path2))
			return fc_fail(st, "rename", st->path);
		return 0;
	case 2:	/* rename over another live file */
		i = fc_below(st, st->nlive);
		j = fc_below(st, st->nlive);
		if (i == j)
			return 0;
		fc_name(st, st->path, "s/t%u", st->live[i]);
		fc_name(st, st->path2, "s/t%u", st->live[j]);
		if (rump_sys_rename(st->path, st->path2))
			return fc_fail(st, "rename-over", st->path);
		/* The file is t<live[j]> now; t<live[i]> is gone. */
		st->live[i] = st->live[--st->nlive];
		return 0;
	case 3:	/* unlink */
		i = fc_below(st, st->nlive);
		fc_name(st, st->path, "s/t%u", st->live[i]);
		if (rump_sys_unlink(st->path))
			return fc_fail(st, "unlink", st->path);
		st->live[i] = st->live[--st->nlive];
		return 0;
	default: /* a file made in a new directory, moved out, rmdir */
		if (st->nlive == FC_NSCRATCH)
			return 0;
		id = st->nscratch++;
		fc_name(st, st->path, "s/x%u", id);
		if (rump_sys_mkdir(st->path, 0755))
			return fc_fail(st, "mkdir", st->path);
		fc_name(st, st->path, "s/x%u/y", id);
		error = fc_scratch_new(st, st->path);
		if (error)
			return error;
		fc_name(st, st->path2, "s/t%u", id);
		if (rump_sys_rename(st->path, st->path2))
			return fc_fail(st, "rename-dir", st->path);
		st->live[st->nlive++] = id;
		fc_name(st, st->path, "s/x%u", id);
		if (rump_sys_rmdir(st->path))
			return fc_fail(st, "rmdir", st->path);
		return 0;
	}
}

static int fc_op_append(struct fc_state *st)
{
	u64 target = 150000 + fc_below(st, 1500000), size = 0, synced = 0;
	u32 seed = (u32)fc_rand(st);
	u64 n;
	int fd, error = 0;

	target = min(target, st->p->budget - st->used);
	fc_name(st, st->path, "b%u", st->nbig++);
	fd = rump_sys_open(st->path, FC_O_NEW, 0644);
	if (fd < 0)
		return fc_fail(st, "create", st->path);
	while (size < target && !st->p->should_stop()) {
		n = fc_below(st, 4) ? 1 + fc_below(st, FC_BUF) :
			1 + fc_below(st, 700);
		n = min(n, target - size);
		if (fc_put(st, fd, size, n, seed, true, n)) {
			error = fc_fail(st, "append", st->path);
			break;
		}
		size += n;
		if (size - synced >= 131072 && fc_below(st, 3) == 0) {
			if (rump_sys_fsync(fd)) {
				error = fc_fail(st, "fsync", st->path);
				break;
			}
			synced = size;
			error = fc_record(st, fd, "prefix", st->path, size,
					  seed);
			if (error)
				break;
		}
		cond_resched();
	}
	if (!error && rump_sys_fsync(fd))
		error = fc_fail(st, "fsync", st->path);
	if (!error)
		error = fc_record(st, fd, size < target ? "prefix" : "durable",
				  st->path, size, seed);
	if (rump_sys_close(fd) && !error)
		error = fc_fail(st, "close", st->path);
	st->used += size;
	return error;
}

static int fc_op_overwrite(struct fc_state *st)
{
	u64 cur = 1 + fc_below(st, 300000), x, len, size;
	unsigned int rounds = 1 + fc_below(st, 4);
	u32 seed = (u32)fc_rand(st);
	int fd, error = 0;

	fc_name(st, st->path, "o%u", st->novw++);
	fd = rump_sys_open(st->path, FC_O_NEW, 0644);
	if (fd < 0)
		return fc_fail(st, "create", st->path);
	if (fc_put(st, fd, 0, cur, seed, true, 0)) {
		error = fc_fail(st, "write", st->path);
		goto out;
	}
	if (rump_sys_fsync(fd)) {
		error = fc_fail(st, "fsync", st->path);
		goto out;
	}
	while (rounds--) {
		if (fc_below(st, 2)) {
			x = fc_below(st, cur + 50000);
			len = 1 + fc_below(st, 100000);
			if (fc_put(st, fd, x, len, (u32)fc_rand(st), false,
				   0)) {
				error = fc_fail(st, "overwrite", st->path);
				goto out;
			}
			cur = max(cur, x + len);
		} else {
			cur = fc_below(st, 2 * cur + 1);
			if (rump_sys_ftruncate(fd, cur)) {
				error = fc_fail(st, "ftruncate", st->path);
				goto out;
			}
		}
		if (fc_below(st, 2) && rump_sys_fsync(fd)) {
			error = fc_fail(st, "fsync", st->path);
			goto out;
		}
	}
	/* The final contents over everything, then the final size. */
	size = fc_below(st, 8) ? 1 + fc_below(st, 300000) : 0;
	seed = (u32)fc_rand(st);
	if (fc_put(st, fd, 0, size, seed, false, 0)) {
		error = fc_fail(st, "final-write", st->path);
		goto out;
	}
	if (rump_sys_ftruncate(fd, size)) {
		error = fc_fail(st, "final-ftruncate", st->path);
		goto out;
	}
	if (rump_sys_fsync(fd)) {
		error = fc_fail(st, "fsync", st->path);
		goto out;
	}
	error = fc_record(st, fd, "durable", st->path, size, seed);
	st->used += max(size, cur);
out:
	if (rump_sys_close(fd) && !error)
		error = fc_fail(st, "close", st->path);
	return error;
}

static int fc_op(struct fc_state *st)
{
	unsigned int r = fc_below(st, 10);

	/* Full enough: only churn that gives back what it takes. */
	if (st->used + 2000000 > st->p->budget || st->nfiles >= FC_MAXFILES)
		return fc_op_scratch(st);
	switch (st->p->mode) {
	case FC_MODE_SMALL:
		return r < 7 ? fc_op_small(st) : fc_op_scratch(st);
	case FC_MODE_APPEND:
		return r < 8 ? fc_op_append(st) : fc_op_small(st);
	case FC_MODE_OVERWRITE:
		return r < 8 ? fc_op_overwrite(st) : fc_op_small(st);
	default:
		if (r < 4)
			return fc_op_small(st);
		if (r < 6)
			return fc_op_scratch(st);
		return r < 8 ? fc_op_append(st) : fc_op_overwrite(st);
	}
}

int fc_work(const struct fc_params *p)
{
	struct fc_state *st;
	int error = 0;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -RUMP_ENOMEM;
	st->buf = kmalloc(FC_BUF, GFP_KERNEL);
	if (!st->buf) {
		kfree(st);
		return -RUMP_ENOMEM;
	}
	st->p = p;
	st->rng = fc_mix64(p->seed);
	fc_name(st, st->path, "s");
	if (rump_sys_mkdir(st->path, 0755))
		error = fc_fail(st, "mkdir", st->path);
	while (!error && !p->should_stop() &&
	       (!p->ops || st->nops < p->ops)) {
		error = fc_op(st);
		st->nops++;
		cond_resched();
	}
	if (!error && p->ops && st->nops >= p->ops)
		pr_info("finished %u ops, %u records, %llu bytes\n", st->nops,
			st->nrec, st->used);
	kfree(st->buf);
	kfree(st);
	return error;
}
