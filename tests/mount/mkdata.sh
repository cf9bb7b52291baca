#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# mkdata.sh OUTDIR RVLT - the data of the tests/mount VM suite:
#
# OUTDIR/netbsd-*.img       ../shared/testdata/ffs/netbsd/*.img.zst unpacked
#                           (written, wapbl-clean, wapbl-dirty)
# OUTDIR/netbsd-*.manifest  their manifests (README there: the format)
# OUTDIR/exec.img           makefs UFS2 LE: the static helper RVLT (run
#                           from the disk), a 1.25 MiB data file, a
#                           directory of 700 entries; exec.manifest for it
# OUTDIR/freebsd.expect     what the FreeBSD images hold (their README):
#                           "PATH SIZE SHA256" for the small files
# OUTDIR/NAME.df            "KBLOCKS KUSED KAVAIL IUSED IAVAIL FSIZE" of each
#                           NetBSD image and of freebsd-ufs2-{le,be}, by
#                           build/user/rumpffs df (the FFS core, not the
#                           VFS): what statfs through the mount must say
#
# Rebuilt when this script or RVLT changes (OUTDIR/stamp).
set -eu
out=${1:?usage: mkdata.sh OUTDIR RVLT}
rvlt=${2:?usage: mkdata.sh OUTDIR RVLT}
here=$(cd "$(dirname "$0")" && pwd)
nb=$here/../../../shared/testdata/ffs/netbsd
mkdir -p "$out"
hash=$(cat "$here/mkdata.sh" "$rvlt" | sha256sum | cut -c1-16)
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$hash" ]; then
	exit 0
fi
rm -f "$out/stamp"
if ! command -v makefs >/dev/null || [ ! -d "$nb" ]; then
	echo "mkdata.sh: makefs or $nb missing: tests/mount will fail" >&2
	exit 1
fi

for z in "$nb"/netbsd-*.img.zst; do
	b=$(basename "$z" .img.zst)
	zstd -q -d -f "$z" -o "$out/$b.img.tmp"
	mv "$out/$b.img.tmp" "$out/$b.img"
	for m in "$nb/$b.img.manifest" "$nb/$b.img.manifest-after-replay"; do
		[ -f "$m" ] && cp "$m" "$out/$b.manifest"
	done
done

src=$out/exec-src
rm -rf "$src"
mkdir -p "$src/many"
cp "$rvlt" "$src/rvlt"
python3 - "$src" <<'PYEOF'
import os, random, sys
src = sys.argv[1]
r = random.Random(10)
with open(os.path.join(src, "data"), "wb") as f:
    f.write(bytes(r.getrandbits(8) for _ in range(1310720 + 123)))
for i in range(700):
    # Names of 1 to 200 bytes: records of many sizes, many readdir batches.
    name = "e%d-" % i + "n" * r.randrange(0, 200 - len("e%d-" % i))
    with open(os.path.join(src, "many", name), "w") as f:
        f.write("%d\n" % i)
os.utime(os.path.join(src, "many"), (1600000000, 1600000000))
PYEOF
touch -d @1600000000 "$src" "$src/data" "$src/rvlt"
rm -f "$out/exec.img"
makefs -t ffs -o version=2,bsize=16384,fsize=2048 -B le -M 24m \
	"$out/exec.img" "$src" >/dev/null
python3 - "$src" > "$out/exec.manifest" <<'PYEOF'
import hashlib, os, stat, sys
src = sys.argv[1]
def esc(p):
    return "".join(chr(c) if 0x21 <= c <= 0x7e and c != 0x5c else "\\x%02x" % c
                   for c in p.encode())
rows = []
for dp, dns, fns in os.walk(src):
    for n in [None] + dns + fns:
        if n is None and dp != src:
            continue
        full = dp if n is None else os.path.join(dp, n)
        st = os.lstat(full)
        rel = "/" + os.path.relpath(full, src) if full != src else "/"
        if stat.S_ISDIR(st.st_mode):
            t, size, extra = "d", "-", "-"
        else:
            t, size = "f", str(st.st_size)
            extra = hashlib.sha256(open(full, "rb").read()).hexdigest()
        rows.append((rel.encode(), "%s %s %04o %d %d %d %s %d %s" % (
            esc(rel), t, st.st_mode & 0o7777, st.st_uid, st.st_gid,
            st.st_nlink, size, int(st.st_mtime), extra)))
for _, line in sorted(rows):
    print(line)
PYEOF

python3 - > "$out/freebsd.expect" <<'PYEOF'
import hashlib
def row(path, data):
    print(path, len(data), hashlib.sha256(data).hexdigest())
row("/file1", b"This is a simple file.\n")
row("/dir1/dir2/dir3/file2", b"Hello World\n")
row("/file3", b"".join(b"%015x\n" % i for i in range(65536)))
PYEOF
rumpffs=$here/../../build/user/rumpffs
for img in "$out"/netbsd-written-*.img "$out"/netbsd-wapbl-clean-*.img \
    "$here"/../../build/ffsvfs/freebsd-ufs2-*.img; do
	fsize=$("$rumpffs" info "$img" | awk '$1 == "bsize" { print $4 }')
	"$rumpffs" df "$img" | awk -v z="$fsize" \
		'NR == 2 { print $2, $3, $4, $6, $7, z }' \
		> "$out/$(basename "$img" .img).df"
	[ -s "$out/$(basename "$img" .img).df" ]
done
echo "$hash" > "$out/stamp"
