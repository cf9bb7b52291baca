# SPDX-License-Identifier: BSD-2-Clause
# The demo run by `make run`: shows what linux-rump can do so far.
# vm-timeout: 120

demo() {
	vm_diag "linux-rump demo on $(uname -sr)"
	extra=/lib/modules/$(uname -r)/extra
	for ko in "$extra"/rump*.ko; do
		[ -e "$ko" ] || continue
		m=$(basename "$ko" .ko)
		v=$(modinfo -F version "$ko" 2>/dev/null)
		s=$(modinfo -F srcversion "$ko" 2>/dev/null)
		vm_diag "module $m: version ${v:-?} (srcversion $s)"
		vm_diag "  $(modinfo -F description "$ko" 2>/dev/null)"
		modprobe "$m" || return 1
		vm_diag "  loaded: $(grep "^$m " /proc/modules | cut -d' ' -f1-3)"
		if [ -d /sys/module/$m/parameters ]; then
			for p in /sys/module/$m/parameters/*; do
				[ -e "$p" ] || continue
				vm_diag "  param ${p##*/} = $(cat "$p")"
			done
		fi
	done
	for ko in $(ls -r "$extra"/rump*.ko 2>/dev/null); do
		m=$(basename "$ko" .ko)
		rmmod "$m" || return 1
		vm_diag "module $m unloaded"
	done
	[ -e "$extra"/rumpuser.ko ] || vm_diag "(no rump modules built yet)"
	return 0
}

vm_test demo demo
