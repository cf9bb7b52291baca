# tests/ffscrash/guest.sh - the guest side of one crash.py iteration,
# appended to the vm.sh that crash.py generates (which sets FC_ARGS, the
# module's mode/seed/corrupt parameters, FC_CLEAN and FC_OPS).
#
# Killed iterations: the "workload" test loads rumpffscrash on the disk
# "crash" and waits for the host to SIGKILL the VM.  The clean iteration
# lets it run FC_OPS operations, unloads it (unmount: the clean flag comes
# back) and every rump module, with rumpuser.ko's leak audit.

# The records are KERN_INFO: on the console, where the host reads them.
echo 7 > /proc/sys/kernel/printk

fc_wait_finished() {
	i=0
	while ! dmesg | grep -q 'rumpffscrash: \(finished\|error\)'; do
		i=$((i + 1))
		[ $i -le 1200 ] || { echo "workload did not finish"; return 1; }
		usleep 100000
	done
	! dmesg | grep 'rumpffscrash: error'
}

fc_workload() {
	dev=$(vm_disk crash) || return 1
	if [ "$FC_CLEAN" = 1 ]; then
		# shellcheck disable=SC2086
		modprobe rumpffscrash dev="$dev" $FC_ARGS ops="$FC_OPS" || return 1
		fc_wait_finished || return 1
		rmmod rumpffscrash
		return
	fi
	# shellcheck disable=SC2086
	modprobe rumpffscrash dev="$dev" $FC_ARGS || return 1
	while :; do
		sleep 1
	done
}

fc_unload() {
	rmmod rumpfs_ffs && rmmod rumpvfs && rmmod rumpkern && vm_rumpuser_idle &&
		rmmod rumpuser
}

vm_test workload fc_workload
[ "$FC_CLEAN" = 1 ] && vm_test unload fc_unload
