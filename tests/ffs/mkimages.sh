#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# mkimages.sh OUTDIR - build the FFS test images with Debian's makefs.
#
# OUTDIR/src/main   the source tree (thousands of files, deep tree, odd
#                   names, symlinks at the 59/60 and 119/120 fast-symlink
#                   boundaries, hard links, fifos, modes, times)
# OUTDIR/spec       an mtree spec adding device nodes, a fifo and owned
#                   files that the source tree (made as any user) cannot
# OUTDIR/*.img      the images, one per variant (name = variant), listed in
#                   OUTDIR/images (name, makefs options, source)
# OUTDIR/src/big    one file reaching UFS2's triple-indirect range with
#                   4 KiB blocks (> 12 + 512 + 512^2 blocks = 1.0022 GiB)
#
# makefs is slow-ish: everything is cached, keyed by a hash of this
# script (OUTDIR/stamp); editing the script rebuilds.  The expected
# contents of the spec entries are repeated in tests/ffs/compare_user.c.
set -eu
out=${1:?usage: mkimages.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
hash=$(sha256sum "$here/mkimages.sh" | cut -c1-16)
# One builder at a time (the plain and ASan test programs may overlap).
mkdir -p "$(dirname "$out")"
exec 9>"$out.lock"
flock 9
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$hash" ]; then
	exit 0
fi
command -v makefs >/dev/null || { echo "mkimages.sh: makefs not installed" >&2; exit 3; }
rm -rf "$out"
mkdir -p "$out/src"

# ---- the main source tree (python: fast, deterministic contents) ----------
python3 - "$out/src/main" <<'EOF'
import os, sys
root = sys.argv[1]
os.makedirs(root)

def data(seed, n):
    # deterministic, position-dependent bytes (catches misplaced blocks)
    out = bytearray(n)
    x = (seed * 2654435761 + 12345) & 0xffffffff
    for i in range(0, n, 4):
        x = (x * 1103515245 + 12345) & 0xffffffff
        out[i:i + 4] = x.to_bytes(4, 'little')[:min(4, n - i)]
    return bytes(out)

def put(path, content, mode=0o644, t=None):
    p = os.path.join(root, path)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, 'wb') as f:
        f.write(content)
    os.chmod(p, mode)
    if t is not None:
        os.utime(p, ns=(t, t))

T0 = 1234567890 * 10**9 + 123456789      # with nanoseconds
# thousands of small files in 40 directories
for d in range(40):
    for j in range(75):
        n = (d * 7919 + j * 104729) % 9000
        put('many/d%02d/f%03d' % (d, j), data(d * 1000 + j, n),
            t=T0 + (d * 100 + j) * 10**9 + j)
# sizes around block, fragment and indirect boundaries (every bsize used)
sizes = [0, 1, 511, 512, 513, 1023, 1024, 1025, 4095, 4096, 4097,
         8191, 8192, 8193, 12 * 4096 - 1, 12 * 4096, 12 * 4096 + 1,
         12 * 8192 + 1, 65535, 65536, 65537, 12 * 65536 + 7,
         (12 + 512) * 4096 + 3,          # UFS2/4K: past single indirect
         (12 + 1024) * 4096 + 5,         # UFS1/4K: past single indirect
         (12 + 1024) * 8192 + 9,         # UFS2/8K: past single indirect
         (12 + 2048) * 8192 + 11]        # UFS1/8K: past single indirect
for i, n in enumerate(sizes):
    put('sizes/s%02d_%d' % (i, n), data(5000 + i, n))
# deep tree
p = 'deep'
for i in range(48):
    p += '/l%02d' % i
put(p + '/bottom', b'bottom of the deep tree\n')
# odd names
put('names/with space', b'space\n')
put('names/-dash', b'dash\n')
put('names/.hidden', b'hidden\n')
put('names/\u00fcn\u00efc\u00f6d\u00e9-\u30d5\u30a1\u30a4\u30eb', 'utf8\n'.encode())
put('names/' + 'x' * 255, b'255\n')
put('names/' + 'y' * 254, b'254\n')
put('names/a:b;c=d,e', b'punct\n')
put('names/tab\there', b'tab\n')
# a directory with many entries (several directory blocks)
for i in range(700):
    put('bigdir/entry-with-a-longish-name-%04d' % i, b'%d\n' % i)
# symlinks: fast/slow boundaries 59/60 (UFS1) and 119/120 (UFS2)
os.makedirs(os.path.join(root, 'links'))
for n in (1, 58, 59, 60, 61, 118, 119, 120, 121, 255, 1023):
    target = ('t' * n)
    os.symlink(target, os.path.join(root, 'links/len%04d' % n))
os.symlink('../many/d01/f001', os.path.join(root, 'links/rel'))
os.symlink('/many/d02', os.path.join(root, 'links/absdir'))
os.symlink('../many', os.path.join(root, 'links/reldir'))
os.symlink('nowhere', os.path.join(root, 'links/dangling'))
os.symlink('loop2', os.path.join(root, 'links/loop1'))
os.symlink('loop1', os.path.join(root, 'links/loop2'))
# hard links
put('hard/a', b'three names\n')
os.link(os.path.join(root, 'hard/a'), os.path.join(root, 'hard/b'))
os.link(os.path.join(root, 'hard/a'), os.path.join(root, 'names/hard-c'))
# modes and empty things
put('modes/none', b'x', 0o000)
put('modes/setuid', b'x', 0o4755)
put('modes/setgid', b'x', 0o2750)
os.makedirs(os.path.join(root, 'modes/sticky'))
os.chmod(os.path.join(root, 'modes/sticky'), 0o1777)
os.makedirs(os.path.join(root, 'empty'))
os.mkfifo(os.path.join(root, 'fifo'))
# times: one file dated before the epoch, one in 2040 (past 2038)
put('times/old', b'old\n', t=-86400 * 365 * 10 * 10**9)
put('times/future', b'future\n', t=2208988800 * 10**9 + 999999999)
EOF

# ---- small trees: mutation bases and fuzz seeds ---------------------------
python3 - "$out/src/small" "$out/src/tiny" <<'EOF'
import os, sys
def put(root, path, content, mode=0o644):
    p = os.path.join(root, path)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, 'wb') as f:
        f.write(content)
    os.chmod(p, mode)
def pat(seed, n):
    return bytes(((i * 131 + seed * 7 + (i >> 9)) & 255) for i in range(n))
small, tiny = sys.argv[1], sys.argv[2]
# small: ~4.5 MB, reaches the double-indirect range with 4 KiB blocks
put(small, 'a/b/c/file', b'hello\n')
for i in range(40):
    put(small, 'dir%d/f%d' % (i % 4, i), pat(i, (i * 977) % 20000))
put(small, 'single', pat(99, (12 + 100) * 4096 + 17))
put(small, 'double', pat(98, (12 + 1024 + 20) * 4096 + 5))
os.symlink('a/b/c/file', os.path.join(small, 'fast'))
os.symlink('s' * 200, os.path.join(small, 'slow'))
os.symlink('dir1', os.path.join(small, 'ldir'))
os.mkfifo(os.path.join(small, 'fifo'))
# tiny: a few KB of content, for fuzz seeds
put(tiny, 'd/f', b'tiny\n')
put(tiny, 'ind', pat(1, (12 + 2) * 4096))
os.symlink('d/f', os.path.join(tiny, 'fast'))
os.symlink('l' * 130, os.path.join(tiny, 'slow'))
EOF

# ---- mtree spec: nodes an unprivileged host tree cannot have --------------
cat > "$out/spec" <<'EOF'
/set type=file uid=0 gid=0 mode=0644
.		type=dir mode=0755
./dev		type=dir mode=0755
./dev/null	type=char device=netbsd,2,2 mode=0666
./dev/wd0a	type=block device=netbsd,16,0 mode=0640 uid=0 gid=5
./dev/ttyhuge	type=char device=netbsd,4095,1048575 mode=0620 uid=0 gid=4
./dev/fifo2	type=fifo mode=0600 uid=1234 gid=5678
./owned		type=file mode=0640 uid=1234 gid=5678 time=1000000000.5
EOF

# ---- the big file (triple indirect on UFS2 with 4 KiB blocks) -------------
mkdir -p "$out/src/big"
python3 - "$out/src/big/triple" <<'EOF'
import sys
# 12 + 512 + 512*512 blocks of 4 KiB, then 64 KiB more; each 4 KiB block
# starts with its block number so a misplaced block is detected
nblk = 12 + 512 + 512 * 512 + 16
blk = bytearray(b'\xa5' * 4096)
with open(sys.argv[1], 'wb') as f:
    for b in range(0, nblk, 256):
        chunk = bytearray()
        for i in range(b, min(b + 256, nblk)):
            blk[0:8] = i.to_bytes(8, 'little')
            chunk += blk
        f.write(chunk)
    f.write(b'tail')
EOF

# ---- images ----------------------------------------------------------------
# name  makefs-options  source
cat > "$out/images" <<'EOF'
ufs1-le-8k	-B le -o version=1	main
ufs1-be-8k	-B be -o version=1	main
ufs2-le-8k	-B le -o version=2	main
ufs2-be-8k	-B be -o version=2	main
ufs1-le-4k512	-B le -o version=1,bsize=4096,fsize=512,maxbpcg=1024	main
ufs2-be-4k512	-B be -o version=2,bsize=4096,fsize=512,maxbpcg=1024	main
ufs1-be-64k	-B be -o version=1,bsize=65536,fsize=8192	main
ufs2-le-64k	-B le -o version=2,bsize=65536,fsize=8192	main
ufs2-le-16k2k	-B le -b 10% -o version=2,bsize=16384,fsize=2048,maxbpcg=512,density=4096	main
ufs1-le-32k4k	-B le -o version=1,bsize=32768,fsize=4096	main
ufs2-le-triple	-B le -o version=2,bsize=4096,fsize=4096	big
small-ufs1-le	-B le -o version=1,bsize=4096,fsize=512,maxbpcg=256	small
small-ufs2-be	-B be -o version=2,bsize=4096,fsize=512,maxbpcg=256	small
small-ufs2-le-64k	-B le -o version=2,bsize=65536,fsize=8192	small
tiny-ufs1-le	-B le -b 40% -o version=1,bsize=4096,fsize=512,density=8192	tiny
tiny-ufs1-be	-B be -b 40% -o version=1,bsize=4096,fsize=512,density=8192	tiny
tiny-ufs2-le	-B le -b 40% -o version=2,bsize=4096,fsize=512,density=8192	tiny
tiny-ufs2-be	-B be -b 40% -o version=2,bsize=4096,fsize=512,density=8192	tiny
EOF
tab=$(printf '\t')
while IFS=$tab read -r name opts src; do
	[ -n "$name" ] || continue
	spec=
	[ "$src" = main ] && spec="-F $out/spec"
	# fixed times for reproducible small images
	[ "$src" = main ] || spec="-T 1700000000"
	# shellcheck disable=SC2086
	makefs -t ffs $opts $spec -o minfree=5 "$out/$name.img" "$out/src/$src" \
		>"$out/$name.log" 2>&1 || { cat "$out/$name.log" >&2; exit 1; }
done < "$out/images"
echo "$hash" > "$out/stamp"
