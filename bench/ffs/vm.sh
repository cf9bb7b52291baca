# SPDX-License-Identifier: BSD-2-Clause
# FFS read costs: the rump kernel's FFS (rumpfs_ffs.ko, driven in the
# kernel through rump_sys_* by rumpffs_bench.ko) against Linux's own ufs
# driver (mount -t ufs -o ro,ufstype=44bsd) on copies of the same UFS1
# image (tests/ffsvfs/mkdata.sh: a 64 MiB file and 3,800 small files in
# 143 directories), each on its own virtio disk.  Cold caches: Linux's
# page cache is dropped before every run, the rump FFS is mounted anew
# each run, Linux's ufs is remounted each run.  Median of BF_RUNS runs.
# Prints BENCH lines (bench/README.md): both are times in ms (lower is
# better); DIAG lines give every run's figures.
# vm-timeout: 900
# vm-kmod: ufs
# vm-disk-image: rumpimg build/ffsvfs/bench-ufs1.img
# vm-disk-image: linuximg build/ffsvfs/bench-ufs1.img
# vm-file: build/user/bench-ffswalk

BF_RUNS=5

bf_drop() {
	sync
	echo 3 > /proc/sys/vm/drop_caches
}

# bf_rump WHAT: one cold run through the rump kernel; prints "ns bytes entries"
bf_rump() {
	bf_drop
	dmesg -c > /dev/null
	modprobe rumpffs_bench dev="$(vm_disk rumpimg)" what="$1" || return 1
	rmmod rumpffs_bench || return 1
	dmesg | sed -n 's/.*RESULT what=[a-z]* ns=\([0-9]*\) bytes=\([0-9]*\) entries=\([0-9]*\).*/\1 \2 \3/p' | tail -1
}

# bf_linux WHAT: the same through Linux's ufs driver
bf_linux() {
	mkdir -p /mnt/ufs
	mount -t ufs -o ro,ufstype=44bsd "$(vm_disk linuximg)" /mnt/ufs || return 1
	bf_drop
	if [ "$1" = walk ]; then
		r=$(/rump/files/bench-ffswalk walk /mnt/ufs)
	else
		r=$(/rump/files/bench-ffswalk seq /mnt/ufs/big)
	fi
	umount /mnt/ufs || return 1
	echo "$r" | sed -n 's/RESULT what=[a-z]* ns=\([0-9]*\) bytes=\([0-9]*\) entries=\([0-9]*\).*/\1 \2 \3/p'
}

# Median of the first column.
bf_median() {
	sort -n | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }'
}

bf_figure() {
	what=$1
	: > /tmp/bf.rump
	: > /tmp/bf.linux
	i=0
	while [ $i -lt $BF_RUNS ]; do
		r=$(bf_rump "$what") && [ -n "$r" ] || { echo "rump $what run $i failed"; return 1; }
		echo "$r" >> /tmp/bf.rump
		l=$(bf_linux "$what") && [ -n "$l" ] || { echo "linux $what run $i failed"; return 1; }
		echo "$l" >> /tmp/bf.linux
		vm_diag "DIAG $what run $i: rump ns bytes entries = $r; linux = $l"
		i=$((i + 1))
	done
	rm=$(bf_median < /tmp/bf.rump)
	lm=$(bf_median < /tmp/bf.linux)
	set -- $rm $lm
	if [ "$2" != "$5" ] || [ "$3" != "$6" ]; then
		echo "rump and linux disagree: $rm / $lm"
		return 1
	fi
	if [ "$what" = seq ]; then
		awk -v o="$1" -v r="$4" -v b="$2" 'BEGIN {
			printf "BENCH name=ffs_seqread_64MiB_cold_vs_linux_ufs ours=%.3f ref=%.3f unit=ms ratio=%.3f\n",
				o / 1e6, r / 1e6, o / r }'
	else
		awk -v o="$1" -v r="$4" -v n="$3" 'BEGIN {
			printf "BENCH name=ffs_walk_stat_%d_entries_cold_vs_linux_ufs ours=%.3f ref=%.3f unit=ms ratio=%.3f\n",
				n, o / 1e6, r / 1e6, o / r }'
	fi
}

bench_ffs() {
	modprobe ufs || return 1
	modprobe rumpfs_ffs || return 1
	for w in seq walk; do
		line=$(bf_figure $w) || { echo "$line"; return 1; }
		vm_diag "$line"
	done
}

bench_ffs_unload() {
	rmmod rumpfs_ffs rumpvfs rumpkern || return 1
	awk '$2 != 0 { bad = 1; print "outstanding: " $0 } END { exit bad }' \
		/sys/kernel/debug/rumpuser/stats || return 1
	rmmod rumpuser || return 1
	rmmod ufs
}

vm_test figures bench_ffs
vm_test unload bench_ffs_unload
