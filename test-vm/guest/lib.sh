# SPDX-License-Identifier: BSD-2-Clause
#
# lib.sh - guest-side helpers for VM suites (see test-vm/README.md).
# Results of the running suite are collected in $VM_RES and emitted as one
# KTAP subtest when the suite ends, so its plan comes first; progress
# markers go to the verdict channel (fd 3) at once.

VM_RES=/tmp/vm-results
VM_N=0
VM_FAILED=0

vm_out() {
	echo "$*" >&3
}

vm_diag() {
	vm_out "# $*"
}

# Should test $1 run?  (TEST= filter from the host)
vm_selected() {
	[ -z "$VM_TEST" ] || [ "$VM_TEST" = "$1" ]
}

vm_result() {	# ok|not ok, name, [directive]
	VM_N=$((VM_N + 1))
	echo "    $1 $VM_N $2${3:+ # $3}" >> "$VM_RES"
	[ "$1" = ok ] || VM_FAILED=1
}

vm_test() {
	name=$1
	shift
	vm_selected "$name" || return 0
	vm_out "# vm-test-start: $VM_SUITE/$name"
	echo "=== vm_test $VM_SUITE/$name: $*"
	if "$@"; then
		vm_result ok "$name"
	else
		rc=$?
		echo "    # $name: exit status $rc" >> "$VM_RES"
		vm_result "not ok" "$name"
	fi
}

vm_skip() {
	vm_selected "$1" || return 0
	vm_result ok "$1" "SKIP $2"
}

# vm_kmod_test NAME MODULE [PARAM=VALUE...]
# With TEST= naming something other than NAME, a module that takes the
# KTAP library's only= parameter is loaded with only=$VM_TEST (a family
# or case name, tests/lib/ktap.h); one that runs nothing then, or has no
# only=, is not a selected test.
vm_kmod_test() {
	name=$1
	mod=$2
	shift 2
	filter=""
	if ! vm_selected "$name"; then
		modinfo -F parm "$mod" 2>/dev/null | grep -q '^only:' || return 0
		filter="only=$VM_TEST"
	fi
	report=/sys/kernel/debug/ktap-$mod
	vm_out "# vm-test-start: $VM_SUITE/$name"
	echo "=== vm_kmod_test $VM_SUITE/$name: $mod $* $filter"
	if ! modprobe "$mod" "$@" ${filter:+"$filter"}; then
		echo "    # $name: modprobe $mod failed" >> "$VM_RES"
		vm_result "not ok" "$name"
		return
	fi
	if [ -n "$filter" ] && grep -q '^1\.\.0$' "$report" 2>/dev/null; then
		# The filter selected none of its families and cases.
		rmmod "$mod" && return 0
		echo "    # $name: rmmod $mod failed" >> "$VM_RES"
		vm_result "not ok" "$name"
		return
	fi
	ok=1
	if [ -r "$report" ]; then
		# Nest the module's report one level deeper.
		sed 's/^/        /' "$report" >> "$VM_RES"
		grep -q '^not ok' "$report" && ok=0
		plan=$(grep -m1 '^1\.\.' "$report" | cut -d. -f3)
		got=$(grep -cE '^(not )?ok ' "$report")
		if [ "$plan" != "$got" ]; then
			echo "    # $name: report incomplete (plan $plan, got $got)" >> "$VM_RES"
			ok=0
		fi
	else
		echo "    # $name: no report at $report" >> "$VM_RES"
		ok=0
	fi
	if ! rmmod "$mod"; then
		echo "    # $name: rmmod $mod failed" >> "$VM_RES"
		ok=0
	fi
	if [ $ok = 1 ]; then
		vm_result ok "$name"
	else
		vm_result "not ok" "$name"
	fi
}

# vm_disk SERIAL: the /dev node of the virtio disk with that serial.
vm_disk() {
	for d in /sys/block/vd*; do
		[ -e "$d/serial" ] || continue
		if [ "$(cat "$d/serial")" = "$1" ]; then
			echo "/dev/${d##*/}"
			return 0
		fi
	done
	echo "vm_disk: no disk with serial $1" >&2
	echo /dev/null-no-such-disk
	return 1
}

# Every leak counter of rumpuser.ko zero (its debugfs view): the check
# every suite makes once the modules above rumpuser have unloaded.
vm_rumpuser_idle() {
	cat /sys/kernel/debug/rumpuser/stats || return 1
	awk '$2 != 0 { bad = 1; print "outstanding: " $0 } END { exit bad }' \
		/sys/kernel/debug/rumpuser/stats
}

vm_none_loaded() {
	left=""
	for ko in /lib/modules/$(uname -r)/extra/*.ko; do
		[ -e "$ko" ] || continue
		m=$(basename "$ko" .ko)
		grep -q "^$m " /proc/modules && left="$left $m"
	done
	[ -z "$left" ] || echo "still loaded:$left"
	[ -z "$left" ]
}

vm_run_suite() {
	VM_SUITE=$1
	VM_N=0
	VM_FAILED=0
	: > "$VM_RES"
	vm_out "# vm-suite-start: $VM_SUITE"
	# The host fails the run on a taint flag that appears from here to
	# the end (our modules' out-of-tree and unsigned flags excepted).
	vm_out "# vm-taint-start: $(cat /proc/sys/kernel/tainted)"
	cd "/rump/suites/$VM_SUITE" || return
	. ./vm.sh
	cd /
	# Every suite must leave the kernel as it found it: no module of ours
	# still loaded (each test loads, exercises and unloads).
	[ -z "$VM_TEST" ] && vm_test "all-modules-unloaded" vm_none_loaded
	vm_out "# vm-taint-end: $(cat /proc/sys/kernel/tainted)"
	{
		echo "    KTAP version 1"
		echo "    # Subtest: $VM_SUITE"
		echo "    1..$VM_N"
		cat "$VM_RES"
		if [ $VM_FAILED = 0 ]; then
			echo "ok $2 $VM_SUITE"
		else
			echo "not ok $2 $VM_SUITE"
		fi
	} >&3
}

vm_main() {
	. /rump/run.conf
	vm_out "KTAP version 1"
	set -- $VM_SUITES
	vm_out "1..$#"
	i=0
	for s in $VM_SUITES; do
		i=$((i + 1))
		vm_run_suite "$s" "$i"
	done
	vm_out "# vm-done"
}
