# SPDX-License-Identifier: GPL-2.0
# rumpuser.ko hosts a rump kernel built for processes to its end: the
# rumpuser_halt client starts threads that block forever in every kind of
# blocking hypercall, never joins them, leaves memory, locks and a disk
# descriptor behind, and halts (or panics).  rumpuser.ko must end those
# threads inside their hypercalls, free what was left, and let both
# modules unload with every leak counter at zero.
# vm-timeout: 400
# vm-disk: scratch 16

# fini named the thread that stayed out of hypercalls
rh_straggler_named() {
	dmesg | grep -q 'halt: thread hk_straggler\[[0-9]*\] has not entered a blocking hypercall'
}

rh_no_rump_threads() {
	left=$(ps -o comm | grep -c '^hk_')
	[ "$left" = 0 ] || { ps -o pid,comm | grep hk_; return 1; }
}

d=$(vm_disk scratch) || { vm_result "not ok" "scratch-disk"; d=""; }
vm_test "load" modprobe rumpuser
vm_kmod_test "halt" rumpuser_halt disk=$d
vm_test "straggler-named" rh_straggler_named
vm_test "no-thread-left" rh_no_rump_threads
vm_test "stats-zero" vm_rumpuser_idle
vm_test "unload" rmmod rumpuser
vm_test "unloaded" sh -c '! grep -q "^rumpuser" /proc/modules'
