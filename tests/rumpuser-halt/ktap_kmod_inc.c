// SPDX-License-Identifier: GPL-2.0
/* Kbuild objects live in the module's directory: pull in the shared code. */
#include "../lib/ktap_kmod.c"
