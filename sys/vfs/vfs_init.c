// SPDX-License-Identifier: BSD-2-Clause
/*
 * vfs_init.c - the VFS as a rump kernel component (RUMP_COMPONENT_VFS):
 * init brings up the vnode cache, the buffer cache, the root file system
 * (rumpfs with /dev), per-process current directories and the system
 * calls; fini takes them down in the opposite order after closing every
 * file and unmounting every file system, so that all block I/O has
 * completed before the kernel quiesces the hypercall layer.
 *
 * In a process the component registers itself from a constructor (any
 * program using the VFS's entry points links this object); in Linux,
 * rumpvfs.ko registers it at load and unregisters it at unload.
 */
#include "vfs/vfs.h"
#include "kern/systm.h"
#include "kern/proc.h"

#include <rump/rump.h>
#include <rump/rumpvfs.h>

static bool vfs_running;

static int rumpvfs_init(void)
{
	int error;

	if ((error = vcache_init()) != 0)
		return error;
	if ((error = bufcache_init()) != 0)
		goto fail_vcache;
	if ((error = vfs_mount_init()) != 0)
		goto fail_bufcache;
	if ((error = cwd_init()) != 0)
		goto fail_mount;
	if ((error = vfs_syscalls_init()) != 0)
		goto fail_cwd;
	__atomic_store_n(&vfs_running, true, __ATOMIC_RELEASE);
	return 0;

fail_cwd:
	cwd_fini();
fail_mount:
	vfs_mount_fini();
fail_bufcache:
	bufcache_fini();
fail_vcache:
	vcache_fini();
	return error;
}

static void rumpvfs_fini(void)
{
	__atomic_store_n(&vfs_running, false, __ATOMIC_RELEASE);
	vfs_syscalls_fini();
	/* Files and current directories hold vnodes: let them go first. */
	proc_revoke_files(&vnops);
	cwd_fini();
	bufcache_stop_syncer();
	vfs_sync_all();
	vfs_mount_fini();	/* closes the etfs devices: waits for their I/O */
	bufcache_fini();
	vcache_fini();
}

struct rump_component rump_vfs_component = {
	.rc_type = RUMP_COMPONENT_VFS,
	.rc_name = "vfs",
	.rc_init = rumpvfs_init,
	.rc_fini = rumpvfs_fini,
};

#ifndef __KERNEL__
__attribute__((__constructor__)) static void rumpvfs_ctor(void)
{
	(void)rump_component_register(&rump_vfs_component);
}
#endif

bool vfs_component_running(void)
{
	return __atomic_load_n(&vfs_running, __ATOMIC_ACQUIRE);
}

int rump_vfs_getstats(struct rump_vfs_stats *st)
{
	struct vcache_stats vs;
	struct bufcache_stats bs;

	if (!rump_booted() || !vfs_component_running())
		return ENXIO;
	rump_schedule();
	vcache_getstats(&vs);
	bufcache_getstats(&bs);
	rump_unschedule();
	st->numvnodes = vs.numvnodes;
	st->maxvnodes = vs.maxvnodes;
	st->freevnodes = vs.nfree;
	st->nreclaimed = vs.nreclaimed;
	st->bufbytes = bs.bytes;
	st->bufbudget = bs.budget;
	st->nbufs = bs.nbufs;
	st->bufhits = bs.nhits;
	st->bufmisses = bs.nmisses;
	st->bufreadahead = bs.nreadahead;
	st->bufevicted = bs.nevicted;
	st->bufdirty = bs.ndirty;
	st->nsyncs = bs.nsyncs;
	return 0;
}
