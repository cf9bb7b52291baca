// SPDX-License-Identifier: GPL-2.0
/*
 * random.c - rumpuser_getrandom on the kernel CRNG.
 *
 * NOWAIT never blocks and always returns the full length: get_random_bytes()
 * never blocks, and before the CRNG is initialised it still returns output
 * seeded with whatever entropy the boot collected.  The rump kernel calls
 * HARD|NOWAIT once at boot to seed its own generator; failing that call
 * would only make it seed from nothing.  So HARD|NOWAIT on an uninitialised
 * CRNG succeeds and logs it once (in a booted system it is initialised).
 * HARD without NOWAIT waits for the CRNG first.
 */
#include <linux/random.h>

#include "rumpuser_int.h"

int rumpuser_getrandom(void *buf, size_t len, int flags, size_t *retp)
{
	int err;

	if (flags & RUMPUSER_RANDOM_HARD) {
		if (!(flags & RUMPUSER_RANDOM_NOWAIT)) {
			err = wait_for_random_bytes();
			if (err)
				return rumpuser_lx_errno(err);
		} else if (!rng_is_initialized()) {
			pr_notice_once("getrandom: CRNG not yet initialised, HARD|NOWAIT served anyway\n");
		}
	}
	get_random_bytes(buf, len);
	*retp = len;
	return 0;
}
EXPORT_SYMBOL_GPL(rumpuser_getrandom);
