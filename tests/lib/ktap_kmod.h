/* SPDX-License-Identifier: GPL-2.0 */
/* ktap_kmod.h - publishing a kernel test module's KTAP report. */
#ifndef _TESTS_KTAP_KMOD_H_
#define _TESTS_KTAP_KMOD_H_

/* Publish the report as /sys/kernel/debug/ktap-<modname>. */
int kt_kmod_publish(const char *modname);
/* Remove the file and free the report (module exit). */
void kt_kmod_unpublish(void);

#endif
