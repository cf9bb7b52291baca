// SPDX-License-Identifier: BSD-2-Clause
/*
 * curlwp.c - the rump lwp bound to each host thread.
 *
 * rumpuser_curlwp() is on every hot path of the rump kernel, so the binding
 * is a plain __thread variable: one TLS load, no lock.  CREATE and DESTROY
 * are informational (the lwp may later be SET on any host thread); SET and
 * CLEAR bind and unbind it on the calling thread.
 */
#include "rumpuser_posix_int.h"

static __thread struct lwp *curlwp_tls;

void rumpuser_curlwpop(int op, struct lwp *l)
{
	switch (op) {
	case RUMPUSER_LWP_CREATE:
	case RUMPUSER_LWP_DESTROY:
		break;
	case RUMPUSER_LWP_SET:
		/* Count bound threads once, even if SET is repeated. */
		if (!curlwp_tls && l)
			RUMPUSER_STAT_ADD(lwps, 1);
		curlwp_tls = l;
		break;
	case RUMPUSER_LWP_CLEAR:
		if (curlwp_tls)
			RUMPUSER_STAT_ADD(lwps, -1);
		curlwp_tls = NULL;
		break;
	}
}

struct lwp *rumpuser_curlwp(void)
{
	return curlwp_tls;
}
