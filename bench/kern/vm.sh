# SPDX-License-Identifier: BSD-2-Clause
# Rump kernel base benchmarks (rumpkern.ko): boot time and memory after
# boot (ANCHOR lines: beside NetBSD's published figures, no ratio),
# rump_sys_getpid() from a kernel thread against Linux's getpid for the
# same in-kernel caller (BENCH), a process's getpid(2) and the idle CPU
# use (FIGURE lines: no same-work reference).  See bench/README.md; DIAG
# lines give the detail behind them.
# vm-timeout: 900
# vm-file: build/user/bench-getpid
# vm-file: bench/lines.awk

BK_IDLE_WINDOWS=5
BK_NAMES="callout softclk softbio softnet softser rumpuser_bio"

bk_forward() {
	while read -r l; do vm_diag "$l"; done
}

bench_kern_figures() {
	set -- $(/rump/files/bench-getpid 1000000) || return 1
	[ $# -eq 4 ] || { echo "bench-getpid printed: $*"; return 1; }
	# Not a ratio row: no rump figure is called from user space yet.
	echo "FIGURE name=linux_getpid_syscall_from_process value=$1 unit=ns min=$2 max=$3 n=$4 ref=none" > /tmp/bk.out
	modprobe rumpkern autoboot=0 || return 1
	modprobe rumpkern_bench || return 1
	dmesg | sed -n 's/.*rumpkern_bench: \(\(BENCH\|ANCHOR\) .*\)/\1/p' >> /tmp/bk.out
	dmesg | sed -n 's/.*rumpkern_bench: \(DIAG .*\)/\1/p' | bk_forward
	bk_forward < /tmp/bk.out
	# Total footprint: the dynamic bytes, the kernel threads (stack and
	# task_struct each) and rumpkern.ko's code and static data; the
	# dynamic part is the same every boot cycle (rump_mem_after_boot).
	core=$(cat /sys/module/rumpkern/coresize)
	dmesg | sed -n 's/.*rumpkern_bench: DIAG memparts dynamic=\([0-9]*\) threads=\([0-9]*\).*/\1 \2/p' |
		tail -1 | awk -v core="$core" '{
			t = $1 + $2 + core
			printf "DIAG memtotal: dynamic %d + threads %d + rumpkern.ko core %d = %d bytes\n", $1, $2, core, t
			printf "ANCHOR name=rump_mem_total ours=%.3f anchor=700.000 unit=KiB ours_min=%.3f ours_max=%.3f n=1\n", t / 1024, t / 1024, t / 1024
		}' > /tmp/bk.mem
	grep DIAG /tmp/bk.mem | bk_forward
	grep ANCHOR /tmp/bk.mem | tee -a /tmp/bk.out | bk_forward
	for n in rump_boot rump_mem_after_boot rump_mem_total \
		getpid_implicit_lwp_vs_linux_getpid_in_kernel \
		getpid_bound_lwp_vs_linux_getpid_in_kernel \
		linux_getpid_syscall_from_process; do
		grep -q "name=$n " /tmp/bk.out || { echo "no $n"; return 1; }
	done
	# Anchors stay out of the ratio lines, every BENCH line is a same-run
	# comparison of 5+ runs a side (bench/lines.awk).
	awk -f /rump/files/lines.awk /tmp/bk.out
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

# Idle CPU use of the booted kernel: BK_IDLE_WINDOWS windows of 1 s, in
# ms of CPU per second, the median and spread printed as a FIGURE: Linux
# has no rump kernel to idle, so there is no same-work reference.  The
# rest of the guest (every other task, this shell excepted) over the same
# windows is given in DIAG as context only.
bench_kern_idle() {
	bk_rump_tids > /tmp/bk.tids
	want=$(dmesg | sed -n 's/.*rumpkern_bench: DIAG threads=\([0-9]*\).*/\1/p' | tail -1)
	have=$(wc -l < /tmp/bk.tids)
	vm_diag "DIAG idle: rump threads $(for t in $(cat /tmp/bk.tids); do printf '%s[%s] ' "$(cat /proc/$t/comm)" "$t"; done)"
	if [ -z "$want" ] || [ "$have" -ne "$want" ]; then
		echo "found $have rump threads by name, the kernel has ${want:-?}"
		return 1
	fi
	: > /tmp/bk.win
	w=0
	while [ $w -lt $BK_IDLE_WINDOWS ]; do
		read -r up0 rest < /proc/uptime
		bk_runtimes > /tmp/bk.rt0
		sleep 1
		bk_runtimes > /tmp/bk.rt1
		read -r up1 rest < /proc/uptime
		awk -v up0="$up0" -v up1="$up1" -v self=$$ '
			FILENAME == "/tmp/bk.tids" { rump[$1] = 1; next }
			FILENAME == "/tmp/bk.rt0" { t0[$1] = $2; next }
			($1 in t0) && $1 != self {
				d = $2 - t0[$1]
				if ($1 in rump) ours += d
				else base += d
			}
			END {
				s = up1 - up0
				printf "%.3f %.3f %.2f\n", ours / s / 1e6, base / s / 1e6, s
			}' /tmp/bk.tids /tmp/bk.rt0 /tmp/bk.rt1 >> /tmp/bk.win
		w=$((w + 1))
	done
	while read -r o b s; do
		vm_diag "DIAG idle window: ${s} s, rump threads $o ms/s, rest of the guest $b ms/s"
	done < /tmp/bk.win
	sort -n /tmp/bk.win | awk '{ v[NR] = $1 } END {
		printf "FIGURE name=idle_cpu_rump_threads value=%.3f unit=ms/s min=%.3f max=%.3f n=%d ref=none\n", v[int((NR + 1) / 2)], v[1], v[NR], NR }' > /tmp/bk.idle
	sort -n -k2 /tmp/bk.win | awk '{ v[NR] = $2 } END {
		printf "DIAG idle: rest of the guest, median %.3f ms/s (context, not a reference)\n", v[int((NR + 1) / 2)] }' | bk_forward
	bk_forward < /tmp/bk.idle
	grep -q "name=idle_cpu_rump_threads .* n=$BK_IDLE_WINDOWS " /tmp/bk.idle &&
		awk -f /rump/files/lines.awk /tmp/bk.idle
}

bench_kern_unload() {
	rmmod rumpkern_bench || return 1
	rmmod rumpkern || return 1
	vm_rumpuser_idle || return 1
	rmmod rumpuser
}

vm_test figures bench_kern_figures
vm_test idle bench_kern_idle
vm_test unload bench_kern_unload
