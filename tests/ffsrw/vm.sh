# SPDX-License-Identifier: BSD-2-Clause
# The FFS write acceptance: images are mounted read-write inside this
# kernel through the rump FFS (rumpfs_ffs.ko), changed by the "accept"
# family of tests/ffsvfs (a fixed list, t_accept.c), unmounted; then
# independent readers check the result against the same list applied to
# a host directory (tests/ffsrw/accept.py):
#  - here: Linux's own ufs driver mounts the UFS1 big-endian makefs image
#    (ufstype=44bsd) and the UFS2 image made by our newfs (ufstype=ufs2,
#    superblock at 65536); what it sees (modes, sizes, link counts, MD5s,
#    link targets) goes to a scratch disk as a tar archive;
#  - on the host, after the run (vm-host-check): our fsck must find every
#    image clean; rumpffs and sleuthkit (fls, tsk_recover) read them and
#    the Linux listing is compared.  sleuthkit cannot read UFS2 with the
#    superblock at 8192 (makefs's UFS2): that image is checked by fsck and
#    rumpffs only.
# vm-timeout: 900
# vm-kmod: ufs
# vm-disk-copy: accu2 build/ffsrw/acc-ufs2-le.img
# vm-disk-copy: accu1 build/ffsrw/acc-ufs1-be.img
# vm-disk-copy: accnf build/ffsrw/acc-newfs-ufs2.img
# vm-disk: linuxout 16
# vm-host-check: tests/ffsrw/host-check

fr_images() {
	echo "acc-ufs2-le=$(vm_disk accu2),acc-ufs1-be=$(vm_disk accu1),acc-newfs-ufs2=$(vm_disk accnf)"
}

# fr_linux DISK UFSTYPE: what Linux's ufs sees, into /tmp/linux/DISK.*
fr_linux() {
	local disk=$1 type=$2 dev mnt rc=0
	dev=$(vm_disk "$disk") || return 1
	mnt=/mnt/$disk
	mkdir -p "$mnt" /tmp/linux
	modprobe ufs || return 1
	dmesg -c > /dev/null
	if ! mount -t ufs -o ro,ufstype="$type" "$dev" "$mnt"; then
		echo "mount -t ufs -o ro,ufstype=$type $dev failed:"
		dmesg
		return 1
	fi
	(
		cd "$mnt" || exit 1
		find . -mindepth 1 -exec stat -c '%f %h %s %n' {} + \
			> "/tmp/linux/$disk.stat" || exit 1
		find . -type f -exec md5sum {} + > "/tmp/linux/$disk.md5" ||
			exit 1
		find . -type l | while IFS= read -r f; do
			printf '%s\t%s\n' "$f" "$(readlink "$f")"
		done > "/tmp/linux/$disk.links"
	) || rc=1
	echo "$disk: $(wc -l < "/tmp/linux/$disk.stat") entries, $(wc -l < "/tmp/linux/$disk.md5") files"
	umount "$mnt" || rc=1
	if dmesg | grep -i 'ufs'; then
		echo "kernel log has ufs messages (above)"
		rc=1
	fi
	return $rc
}

# The listings go to the scratch disk for the host check.
fr_save() {
	local dev
	dev=$(vm_disk linuxout) || return 1
	tar -cf "$dev" -C /tmp/linux .
}

fr_unload() {
	rmmod ufs || return 1
	rmmod rumpfs_ffs || return 1
	rmmod rumpvfs || return 1
	rmmod rumpkern || return 1
	vm_rumpuser_idle
}

vm_kmod_test accept rumpffsvfs_test only=accept images="$(fr_images)"
vm_test "linux-ufs1-be" fr_linux accu1 44bsd
vm_test "linux-newfs-ufs2" fr_linux accnf ufs2
vm_test "save-listings" fr_save
vm_test "unload" fr_unload
vm_test "rumpuser-unload" rmmod rumpuser
