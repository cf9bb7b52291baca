#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# mkrwimages.sh OUTDIR - small makefs images with free space for the
# write tests (tests/ffs/t_write.c): UFS1 and UFS2, both byte orders,
# several block/fragment sizes.  Each holds the same little tree:
#   /small  1000 bytes (a fragment tail)   /medium 100000 bytes
#   /big    300000 bytes (indirect blocks) /empty  0 bytes
#   /dir/a  10 bytes
# The contents are a pattern the test knows: byte i of a file = the
# low 8 bits of (i * 7 + length of the file).  Cached by this script's
# hash (OUTDIR/stamp).
set -eu
out=${1:?usage: mkrwimages.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
hash=$(sha256sum "$here/mkrwimages.sh" | cut -c1-16)
mkdir -p "$(dirname "$out")"
exec 9>"$out.lock"
flock 9
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$hash" ]; then
	exit 0
fi
command -v makefs >/dev/null || { echo "mkrwimages.sh: makefs not installed" >&2; exit 3; }
rm -rf "$out"
mkdir -p "$out/src"
python3 - "$out/src" <<'PY'
import os, sys
root = sys.argv[1]
def put(name, n):
    p = os.path.join(root, name)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, 'wb') as f:
        f.write(bytes(((i * 7 + n) & 0xff) for i in range(n)))
put('small', 1000)
put('medium', 100000)
put('big', 300000)
put('empty', 0)
put('dir/a', 10)
PY
mk() {	# name size makefs-options...
	name=$1 size=$2
	shift 2
	makefs -t ffs -s "$size" -f 3000 -T 1700000000 "$@" "$out/$name.img" "$out/src" \
		>"$out/$name.log" 2>&1 || { cat "$out/$name.log" >&2; exit 1; }
	echo "$name" >>"$out/images"
}
mk ufs1-le-8k 16m -B le -o version=1,bsize=8192,fsize=1024,maxbpcg=512
mk ufs1-be-4k512 16m -B be -o version=1,bsize=4096,fsize=512,maxbpcg=1024
mk ufs2-le-16k 24m -B le -o version=2,bsize=16384,fsize=2048
mk ufs2-be-8k 16m -B be -o version=2,bsize=8192,fsize=1024,maxbpcg=700
mk ufs2-le-4k 16m -B le -o version=2,bsize=4096,fsize=512
echo "$hash" >"$out/stamp"
