// SPDX-License-Identifier: BSD-2-Clause
/* Kbuild objects live in the module's directory: pull in the shared code. */
#include "../lib/ktap.c"
