# SPDX-License-Identifier: BSD-2-Clause
# Hypercall benchmarks: rumpuser.ko against the raw Linux primitive, in the
# same boot.  Prints BENCH lines (see bench/README.md).
# vm-timeout: 600
# vm-disk: bench 256

bench_hypercall() {
	d=$(vm_disk bench) || return 1
	modprobe rumpuser_bench disk="$d" || return 1
	dmesg | grep -o 'BENCH .*' > /tmp/bench.out
	while read -r l; do vm_diag "$l"; done < /tmp/bench.out
	rmmod rumpuser_bench || return 1
	rmmod rumpuser || return 1
	# Every figure of the issue must be there.
	for n in mutex_uncontended cv_roundtrip thread_create_join \
		malloc_64 malloc_4k bio_rand_4k bio_seq_1m; do
		grep -q "name=$n " /tmp/bench.out || return 1
	done
}

vm_test hypercall bench_hypercall
