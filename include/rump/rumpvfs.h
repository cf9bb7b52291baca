/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rumpvfs.h - public API of the VFS component (librumpvfs.a in a process,
 * rumpvfs.ko in Linux) beyond its system calls: etfs, and counters for
 * tests and diagnostics.
 *
 * Boot parameters read by the component (rumpuser_getparam):
 *   RUMP_NVNODES  bound of the vnode cache (default 4096)
 *   RUMP_BUFMEM   bytes of the buffer cache (default 4 MiB)
 *   RUMP_SYNCDELAY seconds between the syncer's write-backs of delayed
 *                 writes (default 5; 0: only sync/fsync/close/eviction)
 */
#ifndef _RUMP_RUMPVFS_H_
#define _RUMP_RUMPVFS_H_

#include <rump/rump_types.h>

/* NetBSD's etfs types and calls (rump.h / rumpvfs_if_pub.h there). */
enum rump_etfs_type {
	RUMP_ETFS_REG,
	RUMP_ETFS_BLK,
	RUMP_ETFS_CHR,
	RUMP_ETFS_DIR,		/* not supported yet: EOPNOTSUPP */
	RUMP_ETFS_DIR_SUBDIRS	/* not supported yet: EOPNOTSUPP */
};

/*
 * Expose the host file or device hostpath at key (an absolute path in the
 * root file system whose parent directory exists, e.g. "/dev/rdisk").
 * Returns 0 or an errno (not through errno): EEXIST, ENOENT (no parent,
 * or no host file), ENODEV (host path of another type), EINVAL.
 */
int rump_pub_etfs_register(const char *key, const char *hostpath,
			   enum rump_etfs_type ftype);
int rump_pub_etfs_remove(const char *key);

/* The component; registered automatically in a process (constructor). */
struct rump_component;
extern struct rump_component rump_vfs_component;

struct rump_vfs_stats {
	unsigned numvnodes;	/* vnodes in the cache */
	unsigned maxvnodes;	/* RUMP_NVNODES */
	unsigned freevnodes;	/* unreferenced, reclaimable */
	uint64_t nreclaimed;
	uint64_t bufbytes;	/* buffer cache: bytes cached */
	uint64_t bufbudget;	/* RUMP_BUFMEM */
	uint64_t nbufs;
	uint64_t bufhits, bufmisses, bufreadahead, bufevicted;
	uint64_t bufdirty;	/* delayed-write buffers */
	uint64_t nsyncs;	/* syncer rounds */
};
/* 0, or ENXIO when the kernel or the component is not running. */
int rump_vfs_getstats(struct rump_vfs_stats *st);

#endif /* _RUMP_RUMPVFS_H_ */
