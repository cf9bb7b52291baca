# SPDX-License-Identifier: BSD-2-Clause
# FFS costs of the rump kernel's FFS (rumpfs_ffs.ko, driven in the kernel
# through rump_sys_* by rumpffs_bench.ko) against Linux's own drivers.
#
# Reads: against Linux's ufs driver (mount -t ufs -o ro,ufstype=44bsd) on
# copies of the same UFS1 image (tests/ffsvfs/mkdata.sh: a 64 MiB file
# and 3,800 small files in 143 directories), each on its own virtio disk.
# Cold caches: Linux's page cache is dropped before every run, the rump
# FFS is mounted anew each run, Linux's ufs is remounted each run.
# BF_RUNS runs of each side, interleaved: the medians, each side's min
# and max; both figures are times in ms (lower is better).  (The Linux
# side reads from a guest process, bench/ffs/walk.c; the rump side from
# the kernel.)
#
# Writes: against Linux's ext2 (the ext4 module, Debian's kernel has no
# ext2.ko) on a 256 MiB virtio disk each, file systems made fresh in the
# guest: the FFS by our newfs (rumpffs newfs -O 2 -s 256m: UFS2, 8 KiB
# blocks, 1 KiB fragments -- the binary runs with the host's dynamic
# loader and libc, shipped alongside), ext2 by busybox mke2fs with 4 KiB
# blocks (the largest ext2 allows here; features dir_index, filetype,
# sparse_super).  Both sides run in the kernel (rumpffs_bench what=write|
# create, linuxfs_bench: bench/ffs/write.c, linux.c say why and what each
# step is) and are mounted the same way: every run mounts anew, removes
# the previous run's leftovers and syncs untimed, times the workload and
# a sync of the file system (rump: sync(2); Linux: sync_filesystem()),
# and unmounts untimed.  A 64 MiB file written in 1 MiB and in 4 KiB
# writes then fsync'ed, in MiB/s; BW_FILES empty files created in one
# directory then unlinked, in files/s.  Both higher is better.  BW_RUNS
# runs of each side, interleaved: medians, min and max; the rump side's
# DIAG adds its unmount time and its buffer cache's misses and evictions
# over the timed part.  The host checks the written FFS with rumpffs fsck.
#
# Prints BENCH lines (bench/README.md); DIAG lines give every run's
# figures.
# vm-timeout: 2400
# vm-kmod: ufs ext4
# vm-disk-image: rumpimg build/ffsvfs/bench-ufs1.img
# vm-disk-image: linuximg build/ffsvfs/bench-ufs1.img
# vm-disk: rumpw 256
# vm-disk: ext2w 256
# vm-file: build/user/bench-ffswalk
# vm-file: bench/lines.awk
# vm-file: build/user/rumpffs
# vm-file: /lib64/ld-linux-x86-64.so.2
# vm-file: /lib/x86_64-linux-gnu/libc.so.6
# vm-host-check: bench/ffs/hostcheck

# Runs of each side per figure, interleaved (rump, Linux, rump, ...).
BF_RUNS=5
BW_RUNS=5
BW_FILES=2000

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

# bf_check A B: every run of both sides did the same amount of work
# (columns 2 and 3: bytes, entries or files).
bf_check() {
	awk 'NR == 1 { b = $2; e = $3 } $2 != b || $3 != e { bad = 1 }
		END { exit bad }' "$1" "$2" || {
		echo "runs disagree on the work done:"
		cat "$1" "$2"
		return 1
	}
}

# bf_line NAME UNIT KIND RUMPFILE LINUXFILE: the BENCH line from the runs
# ("ns bytes entries|files" each): the median of each side with its min
# and max, and the ratio of the medians.  KIND time: ms; rate: MiB/s of
# the bytes or files/s (from the same medians, so a rate's min comes
# from the slowest run).
bf_line() {
	sort -n "$4" > /tmp/bf.o
	sort -n "$5" > /tmp/bf.r
	awk -v n="$1" -v u="$2" -v k="$3" '
		FILENAME == "/tmp/bf.o" { o[++no] = $1; b = $2; f = $3; next }
		{ r[++nr] = $1 }
		END {
			om = o[int((no + 1) / 2)]; rm = r[int((nr + 1) / 2)]
			if (k == "time") {
				printf "BENCH name=%s ours=%.3f ref=%.3f unit=%s ratio=%.3f ours_min=%.3f ours_max=%.3f ref_min=%.3f ref_max=%.3f n=%d\n",
					n, om / 1e6, rm / 1e6, u, om / rm, o[1] / 1e6, o[no] / 1e6, r[1] / 1e6, r[nr] / 1e6, (no < nr ? no : nr)
			} else {
				q = u == "MiB/s" ? b / 1048576 : f
				printf "BENCH name=%s ours=%.3f ref=%.3f unit=%s ratio=%.3f ours_min=%.3f ours_max=%.3f ref_min=%.3f ref_max=%.3f n=%d\n",
					n, q * 1e9 / om, q * 1e9 / rm, u, rm / om, q * 1e9 / o[no], q * 1e9 / o[1], q * 1e9 / r[nr], q * 1e9 / r[1], (no < nr ? no : nr)
			}
		}' /tmp/bf.o /tmp/bf.r
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
	bf_check /tmp/bf.rump /tmp/bf.linux || return 1
	set -- $(head -1 /tmp/bf.rump)
	if [ "$what" = seq ]; then
		bf_line ffs_seqread_64MiB_cold_vs_linux_ufs ms time /tmp/bf.rump /tmp/bf.linux
	else
		bf_line "ffs_walk_stat_$3_entries_cold_vs_linux_ufs" ms time /tmp/bf.rump /tmp/bf.linux
	fi
}

bench_ffs() {
	modprobe ufs || return 1
	modprobe rumpfs_ffs || return 1
	: > /tmp/bf.lines
	for w in seq walk; do
		line=$(bf_figure $w) || { echo "$line"; return 1; }
		vm_diag "$line"
		echo "$line" >> /tmp/bf.lines
	done
	# Same-run comparisons of 5+ runs a side (bench/lines.awk).
	awk -f /rump/files/lines.awk /tmp/bf.lines
}

# bw_run SIDE WHAT [PARAM=VALUE...]: one write run; prints "ns bytes files".
# Both sides alike: a fresh mount, the previous run's leftovers removed
# and a sync, all untimed; then the timed workload and sync (in the
# module); then an untimed unmount (write.c, linux.c).
bw_run() {
	side=$1
	w=$2
	shift 2
	dmesg -c > /dev/null
	if [ "$side" = rump ]; then
		modprobe rumpffs_bench dev="$(vm_disk rumpw)" what="$w" "$@" || return 1
		rmmod rumpffs_bench || return 1
		vm_diag "DIAG rump $w $*: $(dmesg | sed -n 's/.*RESULT.* \(umount_ns=.*\)/\1/p' | tail -1)"
	else
		mount -t ext2 "$(vm_disk ext2w)" /mnt/ext2 || return 1
		rm -rf /mnt/ext2/big /mnt/ext2/cdir || return 1
		[ "$w" != create ] || mkdir /mnt/ext2/cdir || return 1
		sync
		modprobe linuxfs_bench dir=/mnt/ext2 what="$w" "$@" || { umount /mnt/ext2; return 1; }
		rmmod linuxfs_bench || return 1
		umount /mnt/ext2 || return 1
	fi
	dmesg | sed -n 's/.*RESULT what=[a-z]* ns=\([0-9]*\) bytes=\([0-9]*\) files=\([0-9]*\).*/\1 \2 \3/p' | tail -1
}

# bw_figure NAME UNIT WHAT [PARAM=VALUE...]: the BENCH line of one figure,
# BW_RUNS runs of each side, interleaved.
bw_figure() {
	name=$1
	unit=$2
	shift 2
	: > /tmp/bw.rump
	: > /tmp/bw.linux
	i=0
	while [ $i -lt $BW_RUNS ]; do
		r=$(bw_run rump "$@") && [ -n "$r" ] || { echo "rump $name run $i failed"; return 1; }
		echo "$r" >> /tmp/bw.rump
		l=$(bw_run linux "$@") && [ -n "$l" ] || { echo "linux $name run $i failed"; return 1; }
		echo "$l" >> /tmp/bw.linux
		vm_diag "DIAG $name run $i: rump ns bytes files = $r; linux = $l"
		i=$((i + 1))
	done
	bf_check /tmp/bw.rump /tmp/bw.linux || return 1
	bf_line "$name" "$unit" rate /tmp/bw.rump /tmp/bw.linux
}

bench_ffs_write() {
	/rump/files/ld-linux-x86-64.so.2 --library-path /rump/files \
		/rump/files/rumpffs newfs -O 2 -s 256m "$(vm_disk rumpw)" || return 1
	mke2fs -F -b 4096 "$(vm_disk ext2w)" > /dev/null || return 1
	modprobe rumpfs_ffs || return 1
	# ext4 asks the crypto API for crc32c, even for ext2; busybox's
	# modprobe follows no softdep, so it comes first.
	modprobe crc32c_generic || return 1
	modprobe ext4 || return 1
	mkdir -p /mnt/ext2
	: > /tmp/bw.lines
	for f in "ffs_seqwrite_64MiB_1MiB_vs_linux_ext2 MiB/s write iosize=1048576" \
		 "ffs_seqwrite_64MiB_4KiB_vs_linux_ext2 MiB/s write iosize=4096" \
		 "ffs_create_unlink_${BW_FILES}_vs_linux_ext2 files/s create files=$BW_FILES"; do
		line=$(bw_figure $f) || { echo "$line"; return 1; }
		vm_diag "$line"
		echo "$line" >> /tmp/bw.lines
	done
	awk -f /rump/files/lines.awk /tmp/bw.lines
}

bench_ffs_unload() {
	rmmod rumpfs_ffs rumpvfs rumpkern || return 1
	vm_rumpuser_idle || return 1
	rmmod rumpuser || return 1
	rmmod ufs ext4 crc32c_generic
}

vm_test figures bench_ffs
vm_test write_figures bench_ffs_write
vm_test unload bench_ffs_unload
