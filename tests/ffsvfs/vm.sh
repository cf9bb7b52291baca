# SPDX-License-Identifier: BSD-2-Clause
# FFS through the rump VFS in Linux: rumpfs_ffs.ko loads on rumpvfs.ko;
# the tests/ffsvfs suite (shared with the userspace lane) reads makefs
# images and FreeBSD's images attached as virtio disks and compares them
# with the manifests of their source trees, from several threads, and
# mounts and walks 256 corrupted images; writes (family "write": the
# POSIX calls, writer threads, ENOSPC, refusals; the rw-* disks are
# copy-on-write, the host images stay as they are); rumpfs_ffs.ko refuses to unload
# while an FFS is mounted; load/unload cycles; no leaks in rumpuser.ko.
# The data comes from tests/ffsvfs/mkdata.sh (make builds it).
# vm-timeout: 900
# vm-disk-image: ufs1le8k build/ffs-images/makefs/ufs1-le-8k.img
# vm-disk-image: ufs2be8k build/ffs-images/makefs/ufs2-be-8k.img
# vm-disk-image: ufs2le8k build/ffs-images/makefs/ufs2-le-8k.img
# vm-disk-image: ufs2be4k build/ffs-images/makefs/ufs2-be-4k512.img
# vm-disk-image: ufs1be64k build/ffs-images/makefs/ufs1-be-64k.img
# vm-disk-image: ufs1be8k build/ffs-images/makefs/ufs1-be-8k.img
# vm-disk-image: ufs1le4k build/ffs-images/makefs/ufs1-le-4k512.img
# vm-disk-image: ufs2le64k build/ffs-images/makefs/ufs2-le-64k.img
# vm-disk-image: ufs2le16k build/ffs-images/makefs/ufs2-le-16k2k.img
# vm-disk-image: ufs1le32k build/ffs-images/makefs/ufs1-le-32k4k.img
# vm-disk-image: small1le build/ffs-images/makefs/small-ufs1-le.img
# vm-disk-image: small2be build/ffs-images/makefs/small-ufs2-be.img
# vm-disk-image: small2le64k build/ffs-images/makefs/small-ufs2-le-64k.img
# vm-disk-image: tiny2le build/ffs-images/makefs/tiny-ufs2-le.img
# vm-disk-image: fbsdle build/ffsvfs/freebsd-ufs2-le.img
# vm-disk-image: fbsdbe build/ffsvfs/freebsd-ufs2-be.img
# vm-disk-image: mutants build/ffsvfs/mutants.bin
# vm-disk-image: rwu1le8k build/ffs-images/rw/ufs1-le-8k.img
# vm-disk-image: rwu1be4k build/ffs-images/rw/ufs1-be-4k512.img
# vm-disk-image: rwu2le16k build/ffs-images/rw/ufs2-le-16k.img
# vm-disk-image: rwu2be8k build/ffs-images/rw/ufs2-be-8k.img
# vm-disk-image: rwu2le4k build/ffs-images/rw/ufs2-le-4k.img
# vm-disk-image: wapbldirty build/ffsvfs/wapbl-dirty.img
# vm-disk-image: wapblempty build/ffsvfs/wapbl-empty.img
# vm-file: build/ffsvfs/manifest-main
# vm-file: build/ffsvfs/manifest-small
# vm-file: build/ffsvfs/mutants.count

# NAME:SERIAL of every image the suite reads.
FV_DISKS="ufs1-le-8k:ufs1le8k ufs2-be-8k:ufs2be8k ufs2-le-8k:ufs2le8k \
    ufs2-be-4k512:ufs2be4k ufs1-be-64k:ufs1be64k ufs1-be-8k:ufs1be8k \
    ufs1-le-4k512:ufs1le4k ufs2-le-64k:ufs2le64k \
    ufs2-le-16k2k:ufs2le16k ufs1-le-32k4k:ufs1le32k \
    small-ufs1-le:small1le small-ufs2-be:small2be \
    small-ufs2-le-64k:small2le64k tiny-ufs2-le:tiny2le \
    freebsd-ufs2-le:fbsdle freebsd-ufs2-be:fbsdbe \
    wapbl-dirty:wapbldirty wapbl-empty:wapblempty \
    rw-ufs1-le-8k:rwu1le8k rw-ufs1-be-4k512:rwu1be4k \
    rw-ufs2-le-16k:rwu2le16k rw-ufs2-be-8k:rwu2be8k \
    rw-ufs2-le-4k:rwu2le4k"

# Every disk the suite was promised is there: a missing one fails here,
# by name, and the cases that need it fail too (the module finds no such
# device), instead of the image silently leaving the run.
fv_disks_present() {
	missing=
	for pair in $FV_DISKS mutants:mutants; do
		vm_disk "${pair#*:}" >/dev/null || missing="$missing ${pair#*:}"
	done
	[ -z "$missing" ] || { echo "missing disks:$missing"; return 1; }
}

fv_images() {
	list=
	for pair in $FV_DISKS; do
		dev=$(vm_disk "${pair#*:}")
		list="$list${list:+,}${pair%%:*}=$dev"
	done
	echo "$list"
}

# The mutants disk holds COUNT images of SIZE bytes back to back: one
# file each in the guest's tmpfs, for etfs.
fv_split() {
	read -r count size < /rump/files/mutants.count || return 1
	dev=$(vm_disk mutants) || return 1
	mkdir -p /tmp/mut
	i=0
	while [ $i -lt "$count" ]; do
		dd if="$dev" of=/tmp/mut/$i.img bs="$size" skip=$i count=1 \
			2>/dev/null || return 1
		i=$((i + 1))
	done
	echo "$count" > /tmp/mut/count
}

fv_load_unload() {
	modprobe rumpfs_ffs || return 1
	grep -q '^rumpfs_ffs ' /proc/modules || return 1
	rmmod rumpfs_ffs || return 1
	! grep -q '^rumpfs_ffs ' /proc/modules
}

# A mount holds rumpfs_ffs.ko: rmmod fails until it is unmounted.
fv_busy() {
	modprobe rumpffsvfs_test only=none hold="$(vm_disk tiny2le)" || return 1
	[ "$(cat /sys/module/rumpfs_ffs/refcnt)" -ge 1 ] || return 1
	if rmmod rumpfs_ffs 2>/dev/null; then
		echo "rumpfs_ffs unloaded while mounted"
		return 1
	fi
	rmmod rumpffsvfs_test || return 1
	[ "$(cat /sys/module/rumpfs_ffs/refcnt)" -eq 0 ] || return 1
	rmmod rumpfs_ffs
}

fv_cycles() {
	i=0
	while [ $i -lt 10 ]; do
		modprobe rumpfs_ffs || { echo "load $i failed"; return 1; }
		rmmod rumpfs_ffs || { echo "unload $i failed"; return 1; }
		i=$((i + 1))
	done
	rmmod rumpvfs || return 1
	rmmod rumpkern || return 1
	vm_rumpuser_idle
}

vm_test "disks-present" fv_disks_present
vm_test "split-mutants" fv_split
vm_test "load-unload" fv_load_unload
# (the "accept" family runs in tests/ffsrw, with its host check)
vm_kmod_test ffsvfs rumpffsvfs_test images="$(fv_images)" \
	only=mount,tree,freebsd,concur,mutate,write \
	mutants=/tmp/mut nmutants="$(cat /tmp/mut/count 2>/dev/null || echo 0)"
vm_test "unload-busy" fv_busy
vm_test "cycles-10" fv_cycles
vm_test "rumpuser-unload" rmmod rumpuser
