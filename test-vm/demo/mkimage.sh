#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# mkimage.sh OUT.img - the demo's NetBSD FFS image (UFS2, big-endian, as a
# NetBSD/sparc64 machine would write it), made with Debian's makefs.
set -eu
out=${1:?usage: mkimage.sh OUT.img}
tree=$out.tree
rm -rf "$tree"
mkdir -p "$tree/etc" "$tree/usr/share/doc" "$tree/home/rump"
cat > "$tree/README" <<'TXT'
Hello from a NetBSD file system!

This UFS2 image (big-endian) was made by makefs at build time. The rump
kernel's FFS component is reading it inside the running Linux kernel:
rumpfs_ffs.ko on rumpvfs.ko on rumpkern.ko on rumpuser.ko.
TXT
echo "rumpdemo" > "$tree/etc/myname"
printf 'NetBSD/rump 0.1.0 (LINUX-RUMP)\n' > "$tree/etc/motd"
seq 1 2000 > "$tree/usr/share/doc/numbers.txt"
ln -s ../../../README "$tree/usr/share/doc/README.link"
echo "a file in a home directory" > "$tree/home/rump/notes.txt"
makefs -t ffs -B be -o version=2 -s 4m "$out.tmp" "$tree" >/dev/null
mv "$out.tmp" "$out"
rm -rf "$tree"
