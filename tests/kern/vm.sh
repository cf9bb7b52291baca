# SPDX-License-Identifier: BSD-2-Clause
# The rump kernel base in Linux: rumpkern.ko boots at load and unloads
# cleanly; the tests/kern suite (shared with the userspace lane) runs as a
# module; then 50 load -> boot -> shutdown -> unload cycles, after which
# rumpuser.ko's leak counters must all be zero.  A self-test: when the
# test module cannot reboot the kernel it found booted, its report says so.
# vm-timeout: 900

rk_load_unload() {
	modprobe rumpkern || return 1
	grep -q '^rumpkern ' /proc/modules || return 1
	rmmod rumpkern || return 1
	! grep -q '^rumpkern ' /proc/modules
}

rk_cycles() {
	i=0
	while [ $i -lt 50 ]; do
		modprobe rumpkern || { echo "load $i failed"; return 1; }
		rmmod rumpkern || { echo "unload $i failed"; return 1; }
		i=$((i + 1))
	done
	vm_rumpuser_idle
}

# The test module shuts the booted kernel down, runs, and boots it again
# in its last case; a reboot that fails (made to, break_reboot=1) must be
# a "not ok" of that case in the report.
rk_failed_reboot() {
	r=/sys/kernel/debug/ktap-rumpkern_test
	modprobe rumpkern || return 1
	modprobe rumpkern_test only=printf break_reboot=1 || return 1
	cat $r
	good=1
	grep -q '^    not ok 1 left_as_found$' $r || good=0
	grep -q '^not ok 2 restore$' $r || good=0
	rmmod rumpkern_test || return 1
	rmmod rumpkern || return 1
	[ $good = 1 ]
}

vm_test "load-unload" rk_load_unload
vm_test "selftest-failed-reboot-fails" rk_failed_reboot
vm_kmod_test kern rumpkern_test
vm_test "rumpkern-unload" rmmod rumpkern
vm_test "stats-zero" vm_rumpuser_idle
vm_test "cycles-50" rk_cycles
vm_test "rumpuser-unload" rmmod rumpuser
