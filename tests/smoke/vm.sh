# SPDX-License-Identifier: BSD-2-Clause
# Harness smoke suite: the guest runs, a KTAP test module loads, reports ok
# and unloads, the project's modules are installed, and the virtio disk and
# NIC that suites may declare are there.
# vm-timeout: 60
# vm-disk: scratch 8
# vm-net: 1

disk_rw() {
	d=$(vm_disk scratch) || return 1
	echo "linux-rump" | dd of="$d" bs=512 conv=sync 2>/dev/null || return 1
	[ "$(dd if="$d" bs=10 count=1 2>/dev/null)" = "linux-rump" ] || return 1
	[ "$(cat /sys/block/${d#/dev/}/size)" = 16384 ]
}

vm_test "guest-alive" test -d /sys/kernel/debug
vm_kmod_test "kmod-ktap" hx_smoke
vm_test "smoke-unloaded" sh -c '! grep -q "^hx_smoke " /proc/modules'
vm_test "modules-installed" sh -c 'ls /lib/modules/$(uname -r)/extra/*.ko >/dev/null'
vm_test "virtio-disk" disk_rw
vm_test "virtio-net" sh -c 'ls /sys/class/net | grep -qv "^lo$"'
