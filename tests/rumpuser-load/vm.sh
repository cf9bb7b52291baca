# SPDX-License-Identifier: GPL-2.0
# rumpuser.ko on its own: it loads, shows its parameters, refuses a bad
# one, and survives 100 load/unload cycles without leaking (its own
# counters exactly 0; Slab and VmallocUsed within noise).  When the
# rumpuser_smoke client module is present (tests/rumpuser-load/Kbuild), it
# is run too, then the same leak audit.
# vm-timeout: 300
# vm-disk: scratch 16

RU_PARAMS="ncpu hostname threads verbose memlimit nvnodes modulebase blkfail blkfail_seed blksectshift nvcpu"
RU_STATS=/sys/kernel/debug/rumpuser/stats

ru_meminfo() {	# ru_meminfo FIELD: value in kB
	awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo
}

ru_loaded() {
	grep -q '^rumpuser ' /proc/modules
}

ru_load() {
	modprobe rumpuser "$@" && ru_loaded && test -r $RU_STATS
}

ru_params() {
	for p in $RU_PARAMS; do
		test -e /sys/module/rumpuser/parameters/$p || {
			echo "missing parameter $p"; return 1; }
	done
}

ru_modinfo() {
	mi=$(modinfo rumpuser) || return 1
	echo "$mi" | grep -q 'Dual BSD/GPL' || { echo "license"; return 1; }
	for p in $RU_PARAMS; do
		echo "$mi" | grep -q "^parm: *$p:" || {
			echo "no MODULE_PARM_DESC for $p"; return 1; }
	done
}

ru_with_params() {
	ru_load ncpu=3 hostname=rumptest threads=0 || return 1
	[ "$(cat /sys/module/rumpuser/parameters/ncpu)" = 3 ] || return 1
	[ "$(cat /sys/module/rumpuser/parameters/hostname)" = rumptest ] || return 1
	rmmod rumpuser
}

# Parameters stay writable for the next rump kernel; bad values refused.
ru_param_runtime() {
	ru_load || return 1
	pd=/sys/module/rumpuser/parameters
	echo 2m > $pd/memlimit || return 1
	[ "$(cat $pd/memlimit)" = 2m ] || return 1
	echo > $pd/memlimit || return 1
	[ -z "$(cat $pd/memlimit)" ] || return 1
	if echo -3 > $pd/ncpu 2>/dev/null; then
		echo "ncpu=-3 accepted"; return 1
	fi
	[ "$(cat $pd/ncpu)" = "" ] || return 1
	rmmod rumpuser
}

ru_bad_param() {
	if modprobe rumpuser ncpu=-1 2>/dev/null; then
		rmmod rumpuser
		return 1
	fi
	! ru_loaded
}

# 100 load/unload cycles; leak audit against the state after a warm-up.
ru_cycles() {
	# Warm-up: the first loads populate caches (kernfs nodes, module
	# loader buffers, slab pages) that later cycles reuse.
	i=0
	while [ $i -lt 10 ]; do
		ru_load && rmmod rumpuser || { echo "warm-up $i failed"; return 1; }
		i=$((i + 1))
	done
	sync; echo 3 > /proc/sys/vm/drop_caches
	slab0=$(ru_meminfo Slab); vm0=$(ru_meminfo VmallocUsed)
	i=0
	while [ $i -lt 100 ]; do
		ru_load || { echo "load $i failed"; return 1; }
		awk '$2 != 0 { exit 1 }' $RU_STATS || {
			echo "cycle $i: counters not 0"; cat $RU_STATS; return 1; }
		rmmod rumpuser || { echo "rmmod $i failed"; return 1; }
		i=$((i + 1))
	done
	sync; echo 3 > /proc/sys/vm/drop_caches
	slab1=$(ru_meminfo Slab); vm1=$(ru_meminfo VmallocUsed)
	echo "Slab ${slab0}kB -> ${slab1}kB, VmallocUsed ${vm0}kB -> ${vm1}kB"
	vm_diag "rumpuser-load: Slab ${slab0} -> ${slab1} kB, VmallocUsed ${vm0} -> ${vm1} kB"
	# Noise: Slab moves a little with every boot-time cache; VmallocUsed
	# keeps lazily freed areas (module text, kthread stacks) until a purge.
	# A leak of a single page per cycle would already be 400 kB.
	[ $((slab1 - slab0)) -lt 64 ] && [ $((vm1 - vm0)) -lt 256 ]
}

# The client module, when built: run it, then audit the counters.
ru_smoke() {
	modprobe rumpuser || return 1
	d=$(vm_disk scratch)
	# three clients in a row: each attaches, runs, detaches
	vm_kmod_test "smoke-client" rumpuser_smoke disk=$d
	vm_kmod_test "smoke-client-2" rumpuser_smoke disk=$d
	vm_kmod_test "smoke-client-3" rumpuser_smoke disk=$d
	vm_test "smoke-stats-zero" vm_rumpuser_idle
}

vm_test "load" ru_load
vm_test "params-present" ru_params
vm_test "modinfo" ru_modinfo
vm_test "stats-zero" vm_rumpuser_idle
vm_test "unload" rmmod rumpuser
vm_test "params-passed" ru_with_params
vm_test "params-runtime" ru_param_runtime
vm_test "bad-param-refused" ru_bad_param
ru_load && rmmod rumpuser	# warm-up: first-load allocations are not leaks
vm_test "load-unload-100" ru_cycles
if [ -e /lib/modules/$(uname -r)/extra/rumpuser_smoke.ko ]; then
	ru_smoke
	vm_test "smoke-unload" rmmod rumpuser
else
	vm_skip "smoke-client" "rumpuser_smoke.ko not built (top-level make)"
fi
vm_test "unloaded" sh -c '! grep -q "^rumpuser" /proc/modules'
