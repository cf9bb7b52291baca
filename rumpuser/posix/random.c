// SPDX-License-Identifier: BSD-2-Clause
/*
 * random.c - rumpuser_getrandom() on getrandom(2).
 *
 * The rump kernel asks with HARD|NOWAIT while seeding and must not block:
 * NOWAIT maps to GRND_NONBLOCK, which fails with EAGAIN only before the
 * host's pool was ever initialised.  A short result is allowed.
 */
#include <errno.h>
#include <sys/random.h>

#include "rumpuser_posix_int.h"

int rumpuser_getrandom(void *buf, size_t len, int flags, size_t *retp)
{
	unsigned int gflags = 0;
	ssize_t n;

	if (flags & ~(RUMPUSER_RANDOM_HARD | RUMPUSER_RANDOM_NOWAIT))
		return NB_EINVAL;
	/*
	 * HARD needs no GRND_RANDOM: the urandom pool is cryptographically
	 * strong once initialised, and GRND_RANDOM would only add blocking.
	 */
	if (flags & RUMPUSER_RANDOM_NOWAIT)
		gflags |= GRND_NONBLOCK;
	do {
		n = getrandom(buf, len, gflags);
	} while (n == -1 && errno == EINTR);
	if (n == -1) {
		*retp = 0;
		return rumpuser__errtrans(errno);
	}
	*retp = (size_t)n;
	return 0;
}
