#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# mkdata.sh OUTDIR - the images and expected trees of the write
# acceptance (tests/ffsrw, family "accept" of tests/ffsvfs):
#   acc-ufs2-le.img     makefs UFS2, little-endian, of the source tree of
#                       tests/ffs/mkimages.sh (superblock at 8192)
#   acc-ufs1-be.img     makefs UFS1, big-endian, the same tree
#   acc-newfs-ufs2.img  an empty UFS2 by our newfs (superblock at 65536)
#   expected-NAME/      the tree each should hold after the workload
#   manifest-NAME       the same, one line per entry (for the guest)
# Cached by the hash of this script, accept.py and the source tree stamp.
set -eu
out=${1:?usage: mkdata.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
src=$top/build/ffs-images/makefs
sh "$top/tests/ffs/mkimages.sh" "$src"
hash=$(cat "$here/mkdata.sh" "$here/accept.py" "$src/stamp" | sha256sum | cut -c1-16)
mkdir -p "$(dirname "$out")"
exec 9>"$out.lock"
flock 9
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$hash" ]; then
	exit 0
fi
rm -rf "$out"
mkdir -p "$out"
mk() {	# name makefs-options...
	name=$1
	shift
	makefs -t ffs -s 120m -T 1700000000 "$@" "$out/$name.img" \
		"$src/src/main" >"$out/$name.log" 2>&1 ||
		{ cat "$out/$name.log" >&2; exit 1; }
}
mk acc-ufs2-le -B le -o version=2
mk acc-ufs1-be -B be -o version=1
"$top/build/user/rumpffs" newfs -O 2 -B le -s 64m "$out/acc-newfs-ufs2.img" \
	>"$out/acc-newfs-ufs2.log"
for name in acc-ufs2-le acc-ufs1-be acc-newfs-ufs2; do
	kind=makefs
	[ "$name" = acc-newfs-ufs2 ] && kind=newfs
	python3 "$here/accept.py" expect "$src/src/main" "$out/expected-$name" "$kind"
	python3 "$here/accept.py" manifest "$out/expected-$name" "$out/manifest-$name"
done
echo "$hash" >"$out/stamp"
