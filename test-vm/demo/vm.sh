# SPDX-License-Identifier: BSD-2-Clause
# The demo run by `make run`: what linux-rump can do so far, inside the
# running Debian kernel of the VM.
# vm-timeout: 120
# vm-disk-image: netbsd build/demo/netbsd-ffs.img

# The product modules, in load (dependency) order; test and benchmark
# modules are not part of the demo.
DEMO_MODULES="rumpuser rumpkern rumpvfs rumpfs_ffs"

demo_show() {
	m=$1
	ko=/lib/modules/$(uname -r)/extra/$m.ko
	vm_diag "module $m $(modinfo -F version "$ko") — $(modinfo -F description "$ko")"
	# verbose: the rump kernel prints its boot banner and halt message
	if [ "$m" = rumpuser ]; then
		modprobe "$m" verbose=1 || return 1
	else
		modprobe "$m" || return 1
	fi
	vm_diag "  loaded ($(grep "^$m " /proc/modules | cut -d' ' -f2) bytes)"
	if [ -d "/sys/module/$m/parameters" ]; then
		for p in /sys/module/$m/parameters/*; do
			[ -e "$p" ] || continue
			v=$(cat "$p")
			[ "$v" = "(null)" ] && v="(unset)"
			vm_diag "  param ${p##*/} = $v"
		done
	fi
}

demo() {
	vm_diag "linux-rump demo on $(uname -sr), $(nproc) CPUs"
	loaded=""
	for m in $DEMO_MODULES; do
		[ -e "/lib/modules/$(uname -r)/extra/$m.ko" ] || continue
		demo_show "$m" || return 1
		loaded="$m $loaded"
	done
	[ -n "$loaded" ] || { vm_diag "(no rump modules built yet)"; return 0; }
	vm_diag "kernel log of the rump kernel:"
	dmesg | grep -E 'rump(user|kern|vfs|fs_ffs)?:' | grep -vE 'taint|verification' |
		sed 's/^\[[^]]*\] //' |
		while read -r l; do vm_diag "  $l"; done
	if [ -e "/lib/modules/$(uname -r)/extra/rump_demo.ko" ] &&
	   grep -q '^rumpfs_ffs ' /proc/modules; then
		vm_diag "a NetBSD FFS image on $(vm_disk netbsd), read inside the Linux kernel:"
		n0=$(dmesg | wc -l)
		modprobe rump_demo disk="$(vm_disk netbsd)" || return 1
		rmmod rump_demo || return 1
		dmesg | tail -n +$((n0 + 1)) | grep 'rump_demo: ' |
			sed 's/^.*rump_demo: //' |
			while IFS= read -r l; do vm_diag "  $l"; done
	fi
	if [ -r /sys/kernel/debug/rumpuser/stats ]; then
		vm_diag "hypercall layer objects in use: $(tr '\n' ' ' < /sys/kernel/debug/rumpuser/stats)"
	fi
	for m in $loaded; do
		rmmod "$m" || return 1
		vm_diag "module $m unloaded"
	done
	dmesg | grep -iE 'rump.*(halt|shut)' | sed 's/^\[[^]]*\] //' |
		while read -r l; do vm_diag "  $l"; done
	return 0
}

vm_test demo demo
