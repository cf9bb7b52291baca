# SPDX-License-Identifier: BSD-2-Clause
# Hypercall benchmarks: rumpuser.ko against the raw Linux primitive, in the
# same boot, 5 interleaved rounds of each side per figure.  Prints BENCH
# lines (see bench/README.md).
# vm-timeout: 900
# vm-disk: bench 256
# vm-file: bench/lines.awk

bench_hypercall() {
	d=$(vm_disk bench) || return 1
	modprobe rumpuser_bench disk="$d" || return 1
	dmesg | grep -o 'BENCH .*' > /tmp/bench.out
	while read -r l; do vm_diag "$l"; done < /tmp/bench.out
	rmmod rumpuser_bench || return 1
	rmmod rumpuser || return 1
	# Every figure must be there, each from at least 5 rounds a side.
	for n in mutex_uncontended cv_roundtrip thread_create_join \
		malloc_64 malloc_4k curlwp_lookup clock_gettime_mono \
		clock_sleep_20ms clock_sleep_1ns clock_sleep_past_deadline \
		cv_timedwait_50ms cv_timedwait_0 random_nowait_64 \
		bio_rand_4k bio_seq_1m; do
		grep -q "name=$n .* n=[0-9]*\$" /tmp/bench.out || { echo "no $n"; return 1; }
	done
	# Each a same-run comparison of 5+ runs a side (bench/lines.awk).
	awk -f /rump/files/lines.awk /tmp/bench.out
}

vm_test hypercall bench_hypercall
