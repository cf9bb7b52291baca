/* SPDX-License-Identifier: GPL-2.0 */
/*
 * random.h - rumpuser_getrandom.
 *
 * No internal interface.
 */
#ifndef _RUMPUSER_LX_RANDOM_H
#define _RUMPUSER_LX_RANDOM_H

#endif /* _RUMPUSER_LX_RANDOM_H */
