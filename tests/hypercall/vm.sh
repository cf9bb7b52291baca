# SPDX-License-Identifier: BSD-2-Clause
# The hypercall conformance suite (tests/hypercall/conf_*.c) run in the
# kernel against rumpuser.ko, with a scratch disk for the block-device bio
# cases; then rumpuser.ko must unload with all its counters at zero.
# vm-disk: scratch 64
# vm-timeout: 600

RU_STATS=/sys/kernel/debug/rumpuser/stats

hc_stats_zero() {
	cat $RU_STATS
	awk '$2 != 0 { bad = 1; print "outstanding: " $0 } END { exit bad }' $RU_STATS
}

vm_kmod_test hypercall rumpuser_test disk=$(vm_disk scratch)
vm_test "rumpuser-stats-zero" hc_stats_zero
vm_test "rumpuser-unload" rmmod rumpuser
