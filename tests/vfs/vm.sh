# SPDX-License-Identifier: BSD-2-Clause
# The VFS component in Linux: rumpvfs.ko loads on rumpkern.ko (the
# component initialises in the running kernel) and unloads cleanly; the
# tests/vfs suite (shared with the userspace lane) runs as a module with a
# virtio scratch disk as the block device of the bio family; the kernel
# still shuts down and boots with the component; load/unload cycles; no
# leaks in rumpuser.ko afterwards.
# vm-timeout: 900
# vm-disk: scratch 64

rv_load_unload() {
	modprobe rumpvfs || return 1
	grep -q '^rumpvfs ' /proc/modules || return 1
	rmmod rumpvfs || return 1
	! grep -q '^rumpvfs ' /proc/modules
}

rv_cycles() {
	i=0
	while [ $i -lt 20 ]; do
		modprobe rumpvfs || { echo "load $i failed"; return 1; }
		rmmod rumpvfs || { echo "unload $i failed"; return 1; }
		i=$((i + 1))
	done
	rmmod rumpkern || return 1
	vm_rumpuser_idle
}

DISK=$(vm_disk scratch)

vm_test "load-unload" rv_load_unload
vm_kmod_test vfs rumpvfs_test disk="$DISK"
vm_test "rumpvfs-unload" rmmod rumpvfs
vm_test "cycles-20" rv_cycles
vm_test "rumpuser-unload" rmmod rumpuser
