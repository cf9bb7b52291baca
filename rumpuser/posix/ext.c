// SPDX-License-Identifier: BSD-2-Clause
/*
 * ext.c - linux-rump extensions (rumpuser_ext.h): lifecycle, errno,
 * panic state and leak counters.
 */
#include <errno.h>
#include <inttypes.h>

#include "rumpuser_posix_int.h"

struct rumpuser_ext_stats rumpuser__stats;

#define STAT_LOAD(f) __atomic_load_n(&rumpuser__stats.f, __ATOMIC_RELAXED)

void rumpuser_ext_getstats(struct rumpuser_ext_stats *st)
{
	st->mem_bytes = STAT_LOAD(mem_bytes);
	st->mem_blocks = STAT_LOAD(mem_blocks);
	st->map_bytes = STAT_LOAD(map_bytes);
	st->mutexes = STAT_LOAD(mutexes);
	st->rwlocks = STAT_LOAD(rwlocks);
	st->condvars = STAT_LOAD(condvars);
	st->threads = STAT_LOAD(threads);
	st->fds = STAT_LOAD(fds);
	st->bios = STAT_LOAD(bios);
	st->lwps = STAT_LOAD(lwps);
}

int rumpuser_ext_quiesce(void)
{
	/* The workers release their lwps through the upcalls as they stop. */
	rumpuser__bio_stop();
	return 0;
}

int rumpuser_ext_fini(void)
{
	struct rumpuser_ext_stats st;

	if (rumpuser__threads_running() > 0)
		return NB_EBUSY;
	/* The workers still need the upcalls to release their lwps. */
	rumpuser__bio_stop();

	/*
	 * Leftovers are reported, not freed: this layer does not know which
	 * of them the application still uses.  The counters are kept, so a
	 * leak check after fini sees them.
	 */
	rumpuser_ext_getstats(&st);
	if (st.mem_blocks || st.map_bytes || st.mutexes || st.rwlocks ||
	    st.condvars || st.threads || st.fds || st.bios || st.lwps)
		rumpuser_dprintf("rumpuser: outstanding at fini: "
				 "mem %" PRId64 " bytes/%" PRId64 " blocks, "
				 "map %" PRId64 ", mtx %" PRId64 ", rw %" PRId64
				 ", cv %" PRId64 ", thr %" PRId64 ", fd %" PRId64
				 ", bio %" PRId64 ", lwp %" PRId64 "\n",
				 st.mem_bytes, st.mem_blocks, st.map_bytes,
				 st.mutexes, st.rwlocks, st.condvars, st.threads,
				 st.fds, st.bios, st.lwps);
	rumpuser__init_reset();
	return 0;
}

int rumpuser_ext_geterrno(void)
{
	return errno;
}

int rumpuser_ext_dead(void)
{
	return __atomic_load_n(&rumpuser__dead, __ATOMIC_ACQUIRE);
}
