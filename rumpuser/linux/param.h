/* SPDX-License-Identifier: GPL-2.0 */
/*
 * param.h - rumpuser_getparam, backed by module parameters.
 */
#ifndef _RUMPUSER_LX_PARAM_H
#define _RUMPUSER_LX_PARAM_H

/* param.c */
int rumpuser_lx_param_init(void);

#endif /* _RUMPUSER_LX_PARAM_H */
