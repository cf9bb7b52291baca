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
	demo_mount
}

# The same disk the way a user reaches it: mount -t rumpffs, with nothing
# loaded by hand (the kernel's request_module loads the whole chain).
demo_mount() {
	[ -e "/lib/modules/$(uname -r)/extra/rumpvfs_linux.ko" ] || return 0
	# the kernel runs /sbin/modprobe for request_module(); busybox's will do
	[ -e /sbin/modprobe ] || ln -s /bin/busybox /sbin/modprobe
	dev=$(vm_disk netbsd) || return 1
	mkdir -p /mnt/netbsd
	vm_diag "\$ mount -t rumpffs -o ro $dev /mnt/netbsd"
	mount -t rumpffs -o ro "$dev" /mnt/netbsd || return 1
	vm_diag "\$ lsmod | grep rump   # loaded by mount -t alone"
	lsmod | grep "^rump" | while IFS= read -r l; do vm_diag "  $l"; done
	demo_cmd ls -lR /mnt/netbsd
	demo_cmd cat /mnt/netbsd/README
	demo_cmd tail -n 3 /mnt/netbsd/usr/share/doc/numbers.txt
	demo_cmd df -k /mnt/netbsd
	demo_cmd grep rumpffs /proc/mounts
	vm_diag "\$ umount /mnt/netbsd"
	umount /mnt/netbsd || return 1
	for m in rumpvfs_linux rumpfs_ffs rumpvfs rumpkern rumpuser; do
		rmmod "$m" || return 1
	done
	vm_diag "(read-write mounts come next: glue/README.md)"
}

# Show a command and its output on the verdict channel.
demo_cmd() {
	vm_diag "\$ $*"
	"$@" 2>&1 | while IFS= read -r l; do vm_diag "  $l"; done
}

vm_test demo demo
