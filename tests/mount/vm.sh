# SPDX-License-Identifier: BSD-2-Clause
# mount -t rumpffs (glue/vfs, rumpvfs_linux.ko) with nothing loaded by
# hand: modprobe autoloads the chain; NetBSD-written images and
# FreeBSD's read through Linux's VFS by busybox tools and compared with
# their manifests, statfs compared with the host's "rumpffs df"; an
# image file with and without a loop device; option
# handling; exec, mmap, sendfile, splice, seekdir on the mount; refusals
# (dirty journal, read-write, corrupted images); busy umount; 50 cycles
# and the chain unloaded leak-free.  Data: tests/mount/mkdata.sh.
# vm-timeout: 1500
# vm-kmod: loop
# vm-disk-image: nw1le build/mount/netbsd-written-ufs1-le.img
# vm-disk-image: nw1be build/mount/netbsd-written-ufs1-be.img
# vm-disk-image: nw2le build/mount/netbsd-written-ufs2-le.img
# vm-disk-image: nw2be build/mount/netbsd-written-ufs2-be.img
# vm-disk-image: nc1le build/mount/netbsd-wapbl-clean-ufs1-le.img
# vm-disk-image: nc2le build/mount/netbsd-wapbl-clean-ufs2-le.img
# vm-disk-image: nc2be build/mount/netbsd-wapbl-clean-ufs2-be.img
# vm-disk-image: nd1le build/mount/netbsd-wapbl-dirty-ufs1-le.img
# vm-disk-image: nd2le build/mount/netbsd-wapbl-dirty-ufs2-le.img
# vm-disk-image: nd2be build/mount/netbsd-wapbl-dirty-ufs2-be.img
# vm-disk-image: fbsdle build/ffsvfs/freebsd-ufs2-le.img
# vm-disk-image: fbsdbe build/ffsvfs/freebsd-ufs2-be.img
# vm-disk-image: exec build/mount/exec.img
# vm-disk-image: mutants build/ffsvfs/mutants.bin
# vm-file: build/mount/rvlt
# vm-file: build/mount/exec.manifest
# vm-file: build/mount/freebsd.expect
# vm-file: build/mount/netbsd-written-ufs1-le.manifest
# vm-file: build/mount/netbsd-written-ufs1-be.manifest
# vm-file: build/mount/netbsd-written-ufs2-le.manifest
# vm-file: build/mount/netbsd-written-ufs2-be.manifest
# vm-file: build/mount/netbsd-wapbl-clean-ufs1-le.manifest
# vm-file: build/mount/netbsd-wapbl-clean-ufs2-le.manifest
# vm-file: build/mount/netbsd-wapbl-clean-ufs2-be.manifest
# vm-file: build/ffsvfs/mutants.count
# vm-file: build/mount/netbsd-written-ufs1-le.df
# vm-file: build/mount/netbsd-written-ufs1-be.df
# vm-file: build/mount/netbsd-written-ufs2-le.df
# vm-file: build/mount/netbsd-written-ufs2-be.df
# vm-file: build/mount/netbsd-wapbl-clean-ufs1-le.df
# vm-file: build/mount/netbsd-wapbl-clean-ufs2-le.df
# vm-file: build/mount/netbsd-wapbl-clean-ufs2-be.df
# vm-file: build/mount/freebsd-ufs2-le.df
# vm-file: build/mount/freebsd-ufs2-be.df

F=/rump/files
RVLT=$F/rvlt
CHAIN="rumpvfs_linux rumpfs_ffs rumpvfs rumpkern rumpuser"
RU_STATS=/sys/kernel/debug/rumpuser/stats

# The kernel runs /sbin/modprobe for request_module(); the initramfs has
# busybox's at /bin only.
[ -e /sbin/modprobe ] || ln -s /bin/busybox /sbin/modprobe

loaded() { grep -q "^$1 " /proc/modules; }

# mf_gen DIR: the manifest of the tree at DIR (format of
# ../shared/testdata/ffs/netbsd/README.md), by busybox find/stat/
# sha256sum/readlink, sorted by bytes.
mf_gen() {
	(
	cd "$1" || exit 1
	find . -type f -print0 | xargs -0 -r sha256sum > /tmp/mf.sums ||
		exit 1
	find . -type l | while IFS= read -r l; do
		printf '%s|%s\n' "$l" "$(readlink "$l")"
	done > /tmp/mf.links
	find . -print0 | xargs -0 stat -c '%F|%a|%u|%g|%h|%s|%Y|%t|%T|%n' \
		> /tmp/mf.stat || exit 1
	awk -F'|' '
	function esc(s,   i, c, r) {
		r = ""
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			r = r ((c in ord && (ord[c] < 33 || ord[c] > 126 ||
			    c == "\\")) ? sprintf("\\x%02x", ord[c]) : c)
		}
		return r
	}
	function path(p) { return p == "." ? "/" : substr(p, 2) }
	function oct(s,   i, v) {
		for (i = 1; i <= length(s); i++) v = v * 8 + substr(s, i, 1)
		return v
	}
	function hex(s,   i, v) {
		for (i = 1; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return v
	}
	BEGIN {
		for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i
		while ((getline l < "/tmp/mf.sums") > 0)
			sum[substr(l, 67)] = substr(l, 1, 64)
		while ((getline l < "/tmp/mf.links") > 0) {
			n = index(l, "|")
			tgt[substr(l, 1, n - 1)] = substr(l, n + 1)
		}
	}
	{
		p = $10
		for (i = 11; i <= NF; i++) p = p "|" $i
		t = $1 ~ /^regular/ ? "f" : $1 == "directory" ? "d" :
		    $1 == "symbolic link" ? "l" : $1 ~ /^character/ ? "c" :
		    $1 ~ /^block/ ? "b" : $1 ~ /fifo/ ? "p" :
		    $1 == "socket" ? "s" : "?"
		x = "-"
		if (t == "f") x = sum[p]
		if (t == "l") x = esc(tgt[p])
		if (t == "c" || t == "b") x = hex($8) "," hex($9)
		printf "%s %s %04o %s %s %s %s %s %s\n", esc(path(p)), t,
		    oct($2), $3, $4, $5, t == "d" ? "-" : $6, $7, x
	}' /tmp/mf.stat | LC_ALL=C sort
	)
}

# mf_check DIR MANIFEST: the tree equals the manifest, line for line.
mf_check() {
	mf_gen "$1" > /tmp/mf.got || return 1
	LC_ALL=C sort "$2" > /tmp/mf.want
	if ! cmp -s /tmp/mf.got /tmp/mf.want; then
		echo "tree at $1 differs from $2:"
		diff /tmp/mf.want /tmp/mf.got | head -20
		return 1
	fi
	echo "$(wc -l < /tmp/mf.got) entries as in $(basename "$2")"
}

# Nothing of ours loaded; mount -t alone brings the chain in.
t_autoload() {
	for m in $CHAIN; do
		loaded "$m" && { echo "$m loaded before the test"; return 1; }
	done
	mkdir -p /mnt/a
	mount -t rumpffs -o ro "$(vm_disk nw1le)" /mnt/a || return 1
	for m in $CHAIN; do
		loaded "$m" || { echo "$m not loaded"; return 1; }
	done
	grep -q " /mnt/a rumpffs ro" /proc/mounts || return 1
	grep -q "rumpffs" /proc/filesystems || return 1
	ls -l /mnt/a > /dev/null || return 1
	# Every module of the chain is held while the mount exists.
	for m in $CHAIN; do
		if rmmod "$m" 2>/dev/null; then
			echo "rmmod $m succeeded while mounted"
			return 1
		fi
	done
	umount /mnt/a || return 1
	for m in $CHAIN; do
		rmmod "$m" || { echo "rmmod $m failed after umount"; return 1; }
	done
}

# df_check DIR NAME: statfs of the mount says what the FFS core's
# "rumpffs df" said on the host (1K blocks total/used/available, inodes
# used/free).
df_check() {
	# Block counts are in fragments (f_frsize; busybox's stat -f %S
	# shows f_bsize instead): the .df file has the fragment size last.
	read -r k u a iu ia fsize < "$F/$2.df" || return 1
	want="$k $u $a $iu $ia"
	got=$(stat -f -c '%b %f %a %c %d' "$1" | awk -v z="$fsize" '{
		printf "%d %d %d %d %d", int($1 * z / 1024),
		    int(($1 - $2) * z / 1024), int($3 * z / 1024),
		    $4 - $5, $5 }')
	[ "$got" = "$want" ] || { echo "statfs: $got, rumpffs df: $want"; return 1; }
}

mount_check() {	# serial manifest
	mkdir -p /mnt/m
	mount -t rumpffs -o ro "$(vm_disk "$1")" /mnt/m || return 1
	mf_check /mnt/m "$F/$2.manifest" && df_check /mnt/m "$2"
	r=$?
	umount /mnt/m || return 1
	return $r
}

# A journal that needs replay: refused, with the reason in the log.
t_dirty() {
	mkdir -p /mnt/d
	for s in nd1le nd2le nd2be; do
		dmesg -c > /dev/null
		if mount -t rumpffs -o ro "$(vm_disk $s)" /mnt/d 2>/dev/null; then
			echo "$s: dirty journal mounted"
			umount /mnt/d
			return 1
		fi
		$RVLT mount "$(vm_disk $s)" /mnt/d ro "" 30 || return 1
		dmesg | grep -i "journal\|wapbl\|replay" | head -3
		dmesg | grep -qi "journal\|wapbl\|replay" || return 1
		# force: read-only past the journal (stale metadata, no replay).
		$RVLT mount "$(vm_disk $s)" /mnt/d rw force 30 || return 1
		mount -t rumpffs -o ro,force "$(vm_disk $s)" /mnt/d || return 1
		grep -q " /mnt/d rumpffs ro,relatime,force" /proc/mounts ||
			{ grep " /mnt/d " /proc/mounts; return 1; }
		# stale metadata may give read errors; a hang (124) fails
		timeout 120 find /mnt/d -type f -exec cat {} + > /dev/null
		[ $? != 124 ] || { echo "$s: walk hung"; return 1; }
		umount /mnt/d || return 1
	done
}

# Read-write refused (EROFS: mount(8) then mounts read-only by itself),
# with the reason in the log; unknown options refused, named.
t_options() {
	dev=$(vm_disk nw2le)
	mkdir -p /mnt/o
	dmesg -c > /dev/null
	$RVLT mount "$dev" /mnt/o rw "" 30 || return 1
	dmesg | grep -q "read-write not supported yet" || return 1
	$RVLT mount "$dev" /mnt/o ro "bogus=1" 22 || return 1
	dmesg | grep -q "Unknown parameter 'bogus'" || return 1
	$RVLT mount "$dev" /mnt/o ro "frob" 22 || return 1
	dmesg | grep -q "Unknown parameter 'frob'" || return 1
	$RVLT mount /nonexistent /mnt/o ro "" 2 || return 1
	$RVLT mount "" /mnt/o ro "" 22 || return 1
	# Not an FFS (the manifest file): refused, no complaint.
	$RVLT mount "$F/exec.manifest" /mnt/o ro "" 22 || return 1
	grep -q " /mnt/o " /proc/mounts && return 1
	# busybox: a refused read-write mount falls back to read-only.
	mount -t rumpffs "$dev" /mnt/o 2>&1 || return 1
	grep -q " /mnt/o rumpffs ro" /proc/mounts || return 1
	# Remount read-write refused, read-only stays.
	mount -o remount,rw /mnt/o 2>/dev/null && return 1
	grep -q " /mnt/o rumpffs ro" /proc/mounts || return 1
	umount /mnt/o || return 1
	mount -t rumpffs -o ro,noatime "$dev" /mnt/o || return 1
	grep -q " /mnt/o rumpffs ro,noatime" /proc/mounts || return 1
	find /mnt/o/w -type f -exec cat {} + > /dev/null || return 1
	umount /mnt/o || return 1
	mount -t rumpffs -o ro,relatime,nosuid,nodev "$dev" /mnt/o || return 1
	grep " /mnt/o " /proc/mounts
	grep -q " /mnt/o rumpffs ro,nosuid,nodev,relatime" /proc/mounts ||
		return 1
	umount /mnt/o
}

# An image file: mount(2) with the file as source (no loop device), and
# busybox's mount, which puts a loop device under it (with and without
# -o loop).
t_file() {
	mkdir -p /mnt/f
	dd if="$(vm_disk nw2be)" of=/tmp/nw2be.img bs=1M 2>/dev/null ||
		return 1
	$RVLT mount /tmp/nw2be.img /mnt/f ro "" 0 || return 1
	grep -q "^/tmp/nw2be.img /mnt/f rumpffs ro" /proc/mounts || return 1
	mf_check /mnt/f "$F/netbsd-written-ufs2-be.manifest" || return 1
	umount /mnt/f || return 1
	for o in ro ro,loop; do
		mount -t rumpffs -o $o /tmp/nw2be.img /mnt/f || return 1
		grep " /mnt/f " /proc/mounts
		grep -q "^/dev/loop[0-9]* /mnt/f rumpffs ro" /proc/mounts ||
			return 1
		mf_check /mnt/f "$F/netbsd-written-ufs2-be.manifest" || return 1
		umount /mnt/f || return 1
	done
	rm /tmp/nw2be.img
}

# FreeBSD's images: the files their README describes.
t_freebsd() {
	mkdir -p /mnt/b
	for s in fbsdle fbsdbe; do
		mount -t rumpffs -o ro "$(vm_disk $s)" /mnt/b || return 1
		df_check /mnt/b "freebsd-ufs2-${s#fbsd}" || return 1
		while read -r p size sum; do
			[ "$(stat -c %s "/mnt/b$p")" = "$size" ] || return 1
			set -- $(sha256sum "/mnt/b$p")
			[ "$1" = "$sum" ] || { echo "$s $p: sha256 $1"; return 1; }
		done < $F/freebsd.expect
		[ "$(readlink /mnt/b/link1)" = dir1/dir2/dir3/file2 ] || return 1
		[ "$(cat /mnt/b/link1)" = "Hello World" ] || return 1
		[ "$(readlink /mnt/b/long-link | wc -c)" = 1024 ] || return 1
		[ "$(cat /mnt/b/long-link)" = "This is a simple file." ] ||
			return 1
		# Sparse: sizes, few blocks, the data at the end, holes read 0.
		[ "$(stat -c %s /mnt/b/sparse)" = 134643712 ] || return 1
		[ "$(stat -c %s /mnt/b/sparse2)" = 134615040 ] || return 1
		[ "$(stat -c %s /mnt/b/sparse3)" = 549890457600 ] || return 1
		[ "$(stat -c %b /mnt/b/sparse3)" -lt 1024 ] || return 1
		t=$(dd if=/mnt/b/sparse3 bs=4096 skip=$((549890457600 / 4096 - 8)) \
			2>/dev/null | tr -d x | wc -c)
		[ "$t" = 0 ] || { echo "sparse3 tail: $t non-x bytes"; return 1; }
		t=$(dd if=/mnt/b/sparse3 bs=4096 skip=$((549890457600 / 4096 - 9)) \
			count=1 2>/dev/null | tr -d '\000' | wc -c)
		[ "$t" = 0 ] || { echo "sparse3 hole: $t non-0 bytes"; return 1; }
		$RVLT seek /mnt/b/sparse3 || return 1
		vm_diag "$s cold read of file3 (1 MiB): $(rate /mnt/b/file3)," \
			"of sparse (128 MiB, holes): $(rate /mnt/b/sparse)"
		umount /mnt/b || return 1
	done
}

# rate FILE: MiB/s of one sequential read of FILE (uptime clock, 10 ms).
rate() {
	t0=$(cut -d' ' -f1 /proc/uptime)
	cat "$1" > /dev/null
	t1=$(cut -d' ' -f1 /proc/uptime)
	awk -v s="$(stat -c %s "$1")" -v a="$t0" -v b="$t1" \
		'BEGIN { d = b - a; if (d < 0.01) d = 0.01
			 printf "%.1f MiB/s (%.2f s)", s / 1048576 / d, d }'
}

# A program stored on the disk runs; mmap/sendfile/splice; seekdir.
t_exec() {
	mkdir -p /mnt/x
	mount -t rumpffs -o ro "$(vm_disk exec)" /mnt/x || return 1
	mf_check /mnt/x "$F/exec.manifest" || return 1
	# A figure, not a test: cold sequential read through the page cache.
	vm_diag "cold read of 1.25 MiB (exec.img data): $(rate /mnt/x/data)"
	/mnt/x/rvlt mmap /mnt/x/data || return 1
	/mnt/x/rvlt mmap /mnt/x/rvlt || return 1
	/mnt/x/rvlt seekdir /mnt/x/many 700 || return 1
	# Linux's permission check on the on-disk mode (no x bit: EACCES).
	[ -x /mnt/x/data ] && return 1
	/mnt/x/data 2>/dev/null && return 1
	umount /mnt/x
}

# Device nodes and fifos on the disk are Linux's.
t_special() {
	mkdir -p /mnt/s
	mount -t rumpffs -o ro "$(vm_disk nw1be)" /mnt/s || return 1
	[ -p /mnt/s/fifo ] || return 1
	( echo through-the-fifo > /mnt/s/fifo ) &
	[ "$(cat /mnt/s/fifo)" = through-the-fifo ] || return 1
	wait
	[ "$(stat -c '%t %T' /mnt/s/w/blkdev)" = "e 12c" ] || return 1
	umount /mnt/s
}

# Busy: EBUSY; lazy unmount detaches and the rest goes when the file closes.
t_busy() {
	mkdir -p /mnt/y
	mount -t rumpffs -o ro "$(vm_disk nw2le)" /mnt/y || return 1
	sleep 30 < /mnt/y/w/big &
	pid=$!
	# Busy once the background shell has opened the file.
	i=0
	while [ "$(readlink /proc/$pid/fd/0)" != /mnt/y/w/big ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "sleep never opened the file"; return 1; }
		sleep 0.1
	done
	if umount /mnt/y 2>/dev/null; then
		echo "busy umount succeeded"
		return 1
	fi
	umount -l /mnt/y || return 1
	grep -q " /mnt/y " /proc/mounts && return 1
	loaded rumpvfs_linux || return 1
	rmmod rumpvfs_linux 2>/dev/null && return 1
	kill $pid
	wait $pid
	# The superblock goes with the last file.
	i=0
	while ! rmmod rumpvfs_linux 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 50 ] || { echo "rumpvfs_linux still held"; return 1; }
		sleep 0.1
	done
}

# The mutated images of tests/ffsvfs through mount(2) as image files:
# refused or read (errors allowed), never a kernel complaint.
t_mutants() {
	read -r count size < $F/mutants.count || return 1
	dev=$(vm_disk mutants) || return 1
	mkdir -p /mnt/z
	i=0 refused=0 mounted=0
	while [ $i -lt "$count" ]; do
		dd if="$dev" of=/tmp/mut.img bs="$size" skip=$i count=1 \
			2>/dev/null || return 1
		# mount(2) on the file itself: no loop device per image.
		$RVLT mount /tmp/mut.img /mnt/z ro "" -1
		r=$?
		[ $r = 0 ] || [ $r = 3 ] || return 1
		if [ $r = 0 ]; then
			mounted=$((mounted + 1))
			# Errors are allowed, a walk that never ends is not
			# (timeout's 124): a corrupted directory must not loop.
			timeout 60 find /mnt/z -type f -exec cat {} + \
				> /dev/null 2>&1
			[ $? != 124 ] || { echo "mutant $i: find hung"; return 1; }
			timeout 60 ls -lR /mnt/z > /dev/null 2>&1
			[ $? != 124 ] || { echo "mutant $i: ls hung"; return 1; }
			umount /mnt/z || { echo "umount of mutant $i"; return 1; }
		else
			refused=$((refused + 1))
		fi
		i=$((i + 1))
	done
	echo "mutants: $mounted mounted and walked, $refused refused"
	vm_diag "mutants: $mounted mounted and walked, $refused refused"
	rm -f /tmp/mut.img
}

ru_stat() { awk -v k="$1" '$1 == k { print $2 }' $RU_STATS; }

# 50 mount/read/umount cycles: each umount closes the host device (open
# files of rumpuser.ko back where they were after the first cycle); then
# the chain unloads and leaks nothing.
t_cycles() {
	mkdir -p /mnt/c
	dev=$(vm_disk nw1le)
	t0=$(date +%s)
	i=0
	while [ $i -lt 50 ]; do
		[ $i = 1 ] && fds=$(ru_stat fds)
		mount -t rumpffs -o ro "$dev" /mnt/c || { echo "cycle $i"; return 1; }
		ls -l /mnt/c/w > /dev/null || return 1
		cat /mnt/c/w/big > /dev/null || return 1
		umount /mnt/c || return 1
		i=$((i + 1))
	done
	vm_diag "50 mount/ls/cat/umount cycles: $(($(date +%s) - t0)) s"
	if [ "$(ru_stat fds)" != "$fds" ]; then
		echo "host files open: $(ru_stat fds) after 50 cycles, $fds after 1"
		return 1
	fi
	for m in rumpvfs_linux rumpfs_ffs rumpvfs rumpkern; do
		rmmod "$m" || { echo "rmmod $m"; return 1; }
	done
	vm_rumpuser_idle || return 1
	rmmod rumpuser
}

vm_test autoload t_autoload
vm_test written-ufs1-le mount_check nw1le netbsd-written-ufs1-le
vm_test written-ufs1-be mount_check nw1be netbsd-written-ufs1-be
vm_test written-ufs2-le mount_check nw2le netbsd-written-ufs2-le
vm_test written-ufs2-be mount_check nw2be netbsd-written-ufs2-be
vm_test wapbl-clean-ufs1-le mount_check nc1le netbsd-wapbl-clean-ufs1-le
vm_test wapbl-clean-ufs2-le mount_check nc2le netbsd-wapbl-clean-ufs2-le
vm_test wapbl-clean-ufs2-be mount_check nc2be netbsd-wapbl-clean-ufs2-be
vm_test wapbl-dirty-refused t_dirty
vm_test options t_options
vm_test image-file t_file
vm_test freebsd t_freebsd
vm_test exec-mmap-seekdir t_exec
vm_test fifo-devices t_special
vm_test busy-lazy t_busy
vm_test mutants t_mutants
vm_test cycles-50 t_cycles
