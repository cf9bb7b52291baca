# SPDX-License-Identifier: BSD-2-Clause
# Rump kernel base benchmarks (rumpkern.ko): boot time, memory after boot,
# rump_sys_getpid() round trip against a Linux getpid from a process, idle
# CPU use.  Prints BENCH lines (see bench/README.md); DIAG lines give the
# detail behind them.
# vm-timeout: 900
# vm-file: build/user/bench-getpid

BK_IDLE_SECS=5
BK_NAMES="callout softclk softbio softnet softser rumpuser_bio"

bk_forward() {
	while read -r l; do vm_diag "$l"; done
}

bench_kern_figures() {
	ref=$(/rump/files/bench-getpid 1000000) || return 1
	vm_diag "DIAG linux getpid from a process: $ref ns/call (best of 3 x 1000000)"
	modprobe rumpkern autoboot=0 || return 1
	modprobe rumpkern_bench ref_getpid_ns="$ref" || return 1
	dmesg | sed -n 's/.*rumpkern_bench: \(BENCH .*\)/\1/p' > /tmp/bk.out
	dmesg | sed -n 's/.*rumpkern_bench: \(DIAG .*\)/\1/p' | bk_forward
	bk_forward < /tmp/bk.out
	# Total footprint: the dynamic bytes, the kernel threads (stack and
	# task_struct each) and rumpkern.ko's code and static data.
	core=$(cat /sys/module/rumpkern/coresize)
	dmesg | sed -n 's/.*rumpkern_bench: DIAG memparts dynamic=\([0-9]*\) threads=\([0-9]*\).*/\1 \2/p' |
		tail -1 | awk -v core="$core" '{
			t = $1 + $2 + core
			printf "DIAG memtotal: dynamic %d + threads %d + rumpkern.ko core %d = %d bytes\n", $1, $2, core, t
			printf "BENCH name=rump_mem_total_vs_netbsd_anchor ours=%.3f ref=700.000 unit=KiB ratio=%.3f\n", t / 1024, t / 1024 / 700
		}' > /tmp/bk.mem
	grep DIAG /tmp/bk.mem | bk_forward
	grep BENCH /tmp/bk.mem | tee -a /tmp/bk.out | bk_forward
	for n in rump_boot_vs_netbsd_anchor rump_mem_vs_netbsd_anchor \
		rump_mem_total_vs_netbsd_anchor \
		getpid_implicit_lwp_vs_linux_getpid \
		getpid_bound_lwp_vs_linux_getpid; do
		grep -q "name=$n " /tmp/bk.out || { echo "no $n"; return 1; }
	done
}

# "tid ns" for every task of the guest: ns = CPU time (schedstat).
bk_runtimes() {
	for f in /proc/[0-9]*/task/[0-9]*/schedstat; do
		read -r ns rest < "$f" 2>/dev/null || continue
		t=${f%/schedstat}
		echo "${t##*/} $ns"
	done
}

# The rump kernel's threads: kthreads with the names sys/kern and
# rumpuser.ko give them.  Prints their tids.
bk_rump_tids() {
	for d in /proc/[0-9]*; do
		read -r comm < "$d/comm" 2>/dev/null || continue
		for n in $BK_NAMES; do
			[ "$comm" = "$n" ] && echo "${d##*/}"
		done
	done
}

# Idle CPU use of the booted kernel over BK_IDLE_SECS s, in ms per second,
# against the rest of the guest (every other task, this shell excepted)
# over the same interval.
bench_kern_idle() {
	bk_rump_tids > /tmp/bk.tids
	want=$(dmesg | sed -n 's/.*rumpkern_bench: DIAG threads=\([0-9]*\).*/\1/p' | tail -1)
	have=$(wc -l < /tmp/bk.tids)
	vm_diag "DIAG idle: rump threads $(for t in $(cat /tmp/bk.tids); do printf '%s[%s] ' "$(cat /proc/$t/comm)" "$t"; done)"
	if [ -z "$want" ] || [ "$have" -ne "$want" ]; then
		echo "found $have rump threads by name, the kernel has ${want:-?}"
		return 1
	fi
	read -r up0 rest < /proc/uptime
	bk_runtimes > /tmp/bk.rt0
	sleep $BK_IDLE_SECS
	bk_runtimes > /tmp/bk.rt1
	read -r up1 rest < /proc/uptime
	awk -v up0="$up0" -v up1="$up1" -v self=$$ '
		FILENAME == "/tmp/bk.tids" { rump[$1] = 1; next }
		FILENAME == "/tmp/bk.rt0" { t0[$1] = $2; next }
		($1 in t0) && $1 != self {
			d = $2 - t0[$1]
			if ($1 in rump) { ours += d; per = per sprintf(" %s:%d", $1, d) }
			else base += d
		}
		END {
			s = up1 - up0
			o = ours / s / 1e6; r = base / s / 1e6
			printf "DIAG idle: %.2f s, rump threads ns:%s; rest of the guest %d ns\n", s, per, base
			printf "BENCH name=idle_cpu_vs_guest_background ours=%.3f ref=%.3f unit=ms/s ratio=%.3f\n", o, r, (r > 0 ? o / r : 0)
		}' /tmp/bk.tids /tmp/bk.rt0 /tmp/bk.rt1 > /tmp/bk.idle
	bk_forward < /tmp/bk.idle
	grep -q "name=idle_cpu_vs_guest_background " /tmp/bk.idle
}

bench_kern_unload() {
	rmmod rumpkern_bench || return 1
	rmmod rumpkern || return 1
	awk '$2 != 0 { bad = 1; print "outstanding: " $0 } END { exit bad }' \
		/sys/kernel/debug/rumpuser/stats || return 1
	rmmod rumpuser
}

vm_test figures bench_kern_figures
vm_test idle bench_kern_idle
vm_test unload bench_kern_unload
