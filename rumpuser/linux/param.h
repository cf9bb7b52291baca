/* SPDX-License-Identifier: GPL-2.0 */
/*
 * param.h - rumpuser_getparam, backed by module parameters.
 */
#ifndef _RUMPUSER_LX_PARAM_H
#define _RUMPUSER_LX_PARAM_H

/* param.c exports only the rumpuser_getparam/ext_setparam ABI. */

#endif /* _RUMPUSER_LX_PARAM_H */
