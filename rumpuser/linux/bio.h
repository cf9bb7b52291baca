/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bio.h - rumpuser_bio() and its completion worker.
 */
#ifndef _RUMPUSER_LX_BIO_H
#define _RUMPUSER_LX_BIO_H

#include <linux/compiler.h>

/* bio.c */
bool rumpuser_lx_bio_is_self(void);
void __noreturn rumpuser_lx_bio_abort(void);
void rumpuser_lx_bio_fini(bool upcalls);

#endif /* _RUMPUSER_LX_BIO_H */
