#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# mkdata.sh OUTDIR - the data of tests/ffsvfs (both lanes) and bench/ffs:
#
# OUTDIR/manifest-main, manifest-small
#      every entry of tests/ffs's source trees (build/ffs-images/makefs/src),
#      one a line: "TYPE MODE SIZE CRC32 PATH" (TYPE f/d/l/p, MODE octal
#      permission bits, SIZE bytes (0 for directories), CRC32 of a file's
#      contents or a symlink's target, PATH relative, may hold spaces/tabs)
# OUTDIR/freebsd-ufs2-{le,be}.img   ../shared/testdata/ffs (next to the
#      repository's top directory) unpacked
# OUTDIR/mutants.bin   MUTANTS images of TINYSIZE bytes back to back: the
#      tiny makefs images with deterministic corruption aimed at the
#      superblock, the first inode block and the first data blocks
# OUTDIR/mutants.count "COUNT SIZE"
# OUTDIR/wapbl-{dirty,empty}.img  a tiny image with a journal to replay /
#      an empty one
# OUTDIR/bench-ufs1.img  UFS1 little-endian 8K/1K (what Linux's ufs
#      driver reads as ufstype=44bsd): a 64 MiB file and a copy of the
#      main tree, for bench/ffs
#
# The makefs images themselves stay where tests/ffs/mkimages.sh caches
# them (build/ffs-images/makefs).  Everything is rebuilt when this script
# or mkimages.sh changes (OUTDIR/stamp).
set -eu
out=${1:?usage: mkdata.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
mk=$top/build/ffs-images/makefs
# The shared test data sits beside the repository, whoever's machine it is.
shared=$top/../shared/testdata/ffs
# Missing inputs fail the build: the suites would otherwise run on less
# than they claim to check.
if ! command -v makefs >/dev/null; then
	echo "mkdata.sh: makefs not installed (scripts/setup installs it)" >&2
	exit 1
fi
for e in le be; do
	if [ ! -f "$shared/freebsd-ufs2-$e.img.zst" ]; then
		echo "mkdata.sh: $shared/freebsd-ufs2-$e.img.zst missing:" \
			"tests/ffsvfs needs ../shared/testdata beside the" \
			"repository" >&2
		exit 1
	fi
done
sh "$here/../ffs/mkimages.sh" "$mk"
hash=$(cat "$here/mkdata.sh" "$here/../ffs/mkimages.sh" | sha256sum | cut -c1-16)
mkdir -p "$out"
exec 8>"$out.lock"
flock 8
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$hash" ]; then
	exit 0
fi
rm -f "$out/stamp"

for e in le be; do
	zstd -q -d -f "$shared/freebsd-ufs2-$e.img.zst" \
		-o "$out/freebsd-ufs2-$e.img.tmp"
	mv "$out/freebsd-ufs2-$e.img.tmp" "$out/freebsd-ufs2-$e.img"
done

python3 - "$mk/src" "$mk" "$out" <<'PYEOF'
import os, random, stat, struct, sys, zlib
src, mk, out = sys.argv[1:4]

def manifest(tree, dst):
    lines = []
    for dirpath, dirnames, filenames in os.walk(tree):
        dirnames.sort()
        for name in sorted(dirnames + filenames):
            p = os.path.join(dirpath, name)
            rel = os.path.relpath(p, tree)
            st = os.lstat(p)
            m = st.st_mode
            if stat.S_ISDIR(m):
                t, size, crc = 'd', 0, 0
            elif stat.S_ISLNK(m):
                target = os.readlink(p).encode()
                t, size, crc = 'l', len(target), zlib.crc32(target)
            elif stat.S_ISFIFO(m):
                t, size, crc = 'p', 0, 0
            else:
                with open(p, 'rb') as f:
                    data = f.read()
                t, size, crc = 'f', len(data), zlib.crc32(data)
            lines.append('%s %o %d %08x %s\n' %
                         (t, stat.S_IMODE(m), size, crc, rel))
    with open(dst + '.tmp', 'w', encoding='utf-8', errors='surrogateescape') as f:
        f.writelines(lines)
    os.rename(dst + '.tmp', dst)

manifest(os.path.join(src, 'main'), os.path.join(out, 'manifest-main'))
manifest(os.path.join(src, 'small'), os.path.join(out, 'manifest-small'))

# ---- mutants ---------------------------------------------------------------
def sbinfo(img):
    for sb in (8192, 65536):
        for order in ('<', '>'):
            magic, = struct.unpack_from(order + 'I', img, sb + 1372)
            if magic in (0x011954, 0x19540119):
                iblkno, dblkno = struct.unpack_from(order + 'ii', img, sb + 16)
                fsize, = struct.unpack_from(order + 'i', img, sb + 52)
                return sb, order, iblkno * fsize, dblkno * fsize
    raise SystemExit('mkdata: no superblock')

bases = ['tiny-ufs1-le', 'tiny-ufs1-be', 'tiny-ufs2-le', 'tiny-ufs2-be']
PER = 64
size = None
with open(os.path.join(out, 'mutants.bin.tmp'), 'wb') as f:
    for bi, b in enumerate(bases):
        base = open(os.path.join(mk, b + '.img'), 'rb').read()
        if size is None:
            size = len(base)
        assert len(base) == size
        sb, order, ioff, doff = sbinfo(base)
        for k in range(PER):
            r = random.Random(bi * 1000 + k)
            img = bytearray(base)
            for _ in range(r.randint(1, 6)):
                w = r.random()
                if w < 0.35:
                    off = sb + r.randrange(0, 1400) & ~3
                elif w < 0.75:
                    off = ioff + r.randrange(0, min(8192, doff - ioff)) & ~3
                else:
                    off = doff + r.randrange(0, 32768) & ~3
                if off + 4 > len(img):
                    continue
                kind = r.randrange(6)
                if kind == 0:
                    img[off + r.randrange(4)] ^= 1 << r.randrange(8)
                elif kind == 1:
                    struct.pack_into(order + 'I', img, off, 0)
                elif kind == 2:
                    struct.pack_into(order + 'I', img, off, 0xffffffff)
                elif kind == 3:
                    struct.pack_into(order + 'I', img, off, r.getrandbits(32))
                elif kind == 4:
                    v, = struct.unpack_from(order + 'I', img, off)
                    struct.pack_into(order + 'I', img, off,
                                     (v + r.choice((1, -1, 2, 4096, -4096)))
                                     & 0xffffffff)
                else:
                    struct.pack_into(order + 'I', img, off,
                                     r.choice((1, 2, 3, 0x7fffffff, 0x80000000,
                                               len(img) // 512, len(img))))
            f.write(img)
os.rename(os.path.join(out, 'mutants.bin.tmp'), os.path.join(out, 'mutants.bin'))
with open(os.path.join(out, 'mutants.count'), 'w') as f:
    f.write('%d %d\n' % (len(bases) * PER, size))
PYEOF

# ---- WAPBL: tiny-ufs1-le with a journal at the end of the partition ------
# (as tests/ffs/t_api.c builds them in memory): wapbl-dirty.img has
# unreadable log headers (needs replay: refused), wapbl-empty.img two
# commit headers, the newer one empty (read-only mount allowed).
python3 - "$mk/tiny-ufs1-le.img" "$out" <<'PYEOF'
import struct, sys
img = bytearray(open(sys.argv[1], 'rb').read())
n = len(img)
img += bytes(4096)
sb = 8192
struct.pack_into('<I', img, sb + 0x520, 0x100)      # fs_flags FS_DOWAPBL
img[sb + 0x360] = 1                                  # fs_journal_version
img[sb + 0x361] = 1                                  # end of partition
struct.pack_into('<QQQ', img, sb + 0x368, n // 512, 8, 512)
open(sys.argv[2] + '/wapbl-dirty.img.tmp', 'wb').write(img)
struct.pack_into('<I', img, n, 0x5741424c)
struct.pack_into('<I', img, n + 12, 7)
struct.pack_into('<QQ', img, n + 64, 4096, 1024)
struct.pack_into('<I', img, n + 512, 0x5741424c)
struct.pack_into('<I', img, n + 512 + 12, 8)
open(sys.argv[2] + '/wapbl-empty.img.tmp', 'wb').write(img)
PYEOF
mv "$out/wapbl-dirty.img.tmp" "$out/wapbl-dirty.img"
mv "$out/wapbl-empty.img.tmp" "$out/wapbl-empty.img"

# ---- the benchmark image ----------------------------------------------------
rm -rf "$out/bench-src"
mkdir -p "$out/bench-src"
cp -a "$mk/src/main/many" "$mk/src/main/bigdir" "$out/bench-src/"
python3 -c "
import random, sys
r = random.Random(7)
with open(sys.argv[1], 'wb') as f:
    for i in range(64):
        f.write(r.randbytes(1 << 20))
" "$out/bench-src/big"
makefs -t ffs -B le -o version=1,bsize=8192,fsize=1024,minfree=5 -T 1700000000 \
	"$out/bench-ufs1.img" "$out/bench-src" >"$out/bench-ufs1.log" 2>&1 ||
	{ cat "$out/bench-ufs1.log" >&2; exit 1; }
rm -rf "$out/bench-src"
echo "$hash" > "$out/stamp"
