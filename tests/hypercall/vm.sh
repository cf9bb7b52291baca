# SPDX-License-Identifier: BSD-2-Clause
# The hypercall conformance suite (tests/hypercall/conf_*.c) run in the
# kernel against rumpuser.ko, with a scratch disk for the block-device bio
# cases; then rumpuser.ko must unload with all its counters at zero.
# A self-test: with the suite's rumpuser_init() broken on purpose
# (break_init=1) the cases must report "not ok", never skip.
# vm-disk: scratch 64
# vm-timeout: 600

# A broken setup is a failure of every case that needs it, not a skip.
hc_broken_init() {
	r=/sys/kernel/debug/ktap-rumpuser_test
	modprobe rumpuser_test only=mem break_init=1 || return 1
	cat $r
	good=1
	grep -q '^not ok 1 mem$' $r || good=0
	[ "$(grep -c '^    not ok ' $r)" -eq "$(grep -m1 '^    1\.\.' $r | cut -d. -f3)" ] ||
		good=0
	grep -q SKIP $r && good=0
	rmmod rumpuser_test || return 1
	[ $good = 1 ]
}

vm_kmod_test hypercall rumpuser_test disk=$(vm_disk scratch)
vm_test "selftest-broken-init-fails" hc_broken_init
vm_test "rumpuser-stats-zero" vm_rumpuser_idle
vm_test "rumpuser-unload" rmmod rumpuser
