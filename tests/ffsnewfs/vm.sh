# SPDX-License-Identifier: BSD-2-Clause
# File systems made by `rumpffs newfs` (tools/rumpffs/newfs.c), read by
# Linux's own ufs driver as the independent reader: each image (UFS1 and
# UFS2, both byte orders, 4-32 KiB blocks; made on the host by
# tests/ffsnewfs/mkimages.sh, which `make` runs) must mount read-only
# (ufstype=44bsd / ufs2), show the expected statfs figures and tree (for
# now the empty root: "." only), leave no ufs complaint in the kernel log,
# and unmount.  The host's verdicts on the same images (blkid -p says
# ufs, rumpffs fsck says clean) are reported as the first test.
# vm-timeout: 300
# vm-kmod: ufs
# vm-disk-image: ufs1le build/ffsnewfs/ufs1le.img
# vm-disk-image: ufs1be build/ffsnewfs/ufs1be.img
# vm-disk-image: ufs1le16k build/ffsnewfs/ufs1le16k.img
# vm-disk-image: ufs2le build/ffsnewfs/ufs2le.img
# vm-disk-image: ufs2be build/ffsnewfs/ufs2be.img
# vm-disk-image: ufs2le4k build/ffsnewfs/ufs2le4k.img
# vm-file: build/ffsnewfs/expect

. ./manifest.sh

NF_EXPECT=/rump/files/expect

# nf_linux NAME: mount the disk NAME with Linux's ufs, compare, unmount.
# (Locals only: vm_test's own variables are globals.)
nf_linux() {
	local name=$1 exp mnt dev type rc want got
	exp=$NF_EXPECT/$name
	mnt=/mnt/$name
	[ -r "$exp" ] || { echo "no $exp"; return 1; }
	dev=$(vm_disk "$name") || return 1
	type=$(sed -n 's/^ufstype //p' "$exp")
	mkdir -p "$mnt"
	modprobe ufs || return 1	# no autoload in the guest (TEST= runs)
	dmesg -c > /dev/null
	if ! mount -t ufs -o ro,ufstype="$type" "$dev" "$mnt"; then
		echo "mount -t ufs -o ro,ufstype=$type $dev failed:"
		dmesg
		return 1
	fi
	rc=0
	df -k "$mnt"
	want=$(sed -n 's/^statfs //p' "$exp")
	got=$(stat -f -c '%S %b %f %c %d' "$mnt")
	echo "statfs (frsize blocks bfree files ffree): got '$got', expected '$want'"
	[ "$got" = "$want" ] || rc=1
	sed '1,/^tree$/d' "$exp" > "/tmp/$name.want"
	nf_manifest "$mnt" > "/tmp/$name.got" || rc=1
	echo "tree: $(wc -l < "/tmp/$name.got") entries"
	if ! cmp -s "/tmp/$name.want" "/tmp/$name.got"; then
		echo "tree differs (expected, got):"
		diff "/tmp/$name.want" "/tmp/$name.got"
		rc=1
	fi
	umount "$mnt" || rc=1
	# Any ufs message (wrong geometry, "fs needs fsck", bad inode...)
	if dmesg | grep -i 'ufs'; then
		echo "kernel log has ufs messages (above)"
		rc=1
	fi
	return $rc
}

# The host's blkid -p / rumpffs fsck verdicts (mkimages.sh).
nf_host() {
	[ -s "$NF_EXPECT/hostcheck" ] || { echo "no host verdicts"; return 1; }
	cat "$NF_EXPECT/hostcheck"
	! grep -q '^not ok' "$NF_EXPECT/hostcheck"
}

vm_test "host-blkid-fsck" nf_host
vm_test "ufs-module-load" modprobe ufs
for nf in ufs1le ufs1be ufs1le16k ufs2le ufs2be ufs2le4k; do
	vm_test "linux-ufs-$nf" nf_linux "$nf"
done
vm_test "ufs-module-unload" rmmod ufs
