#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# mkimages.sh RUMPFFS OUTDIR - the disks of the ffsnewfs VM suite: file
# systems made by `rumpffs newfs` (UFS1 and UFS2, both byte orders,
# several block sizes; Linux's ufs driver takes fragments of 512..4096
# bytes only), each checked here with blkid -p (must say ufs) and
# rumpffs fsck (must be clean): the verdicts go to OUTDIR/expect/hostcheck
# ("ok NAME" / "not ok NAME: why"), which the guest reports as a test, so
# that a disagreement fails the suite, not the build.  For every image
# NAME it writes OUTDIR/NAME.img and OUTDIR/expect/NAME, which the guest
# compares with what Linux shows:
#
#   ufstype 44bsd|ufs2
#   statfs FRSIZE BLOCKS BFREE FILES FFREE    (Linux's statfs of the fs)
#   tree                                      (then nf_manifest's lines)
#
# To check files written by our FFS later: make the image, write the
# tree into it, and pass the source tree's directory as SRC to image()
# (its manifest becomes the expected tree).
set -eu

R=$1
OUT=$2
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/manifest.sh"

mkdir -p "$OUT/expect"
: > "$OUT/expect/hostcheck"
EMPTY=$OUT/empty
rm -rf "$EMPTY"
mkdir -p "$EMPTY"
chmod 755 "$EMPTY"

# image NAME UFSTYPE SRC NEWFS-ARGS...
image() {
	name=$1
	type=$2
	src=$3
	shift 3
	img=$OUT/$name.img
	rm -f "$img"
	"$R" newfs "$@" "$img" > "$OUT/$name.newfs"
	why=
	if command -v blkid > /dev/null 2>&1; then
		t=$(blkid -p -o value -s TYPE "$img" || true)
		[ "$t" = ufs ] || why="blkid -p says '$t';"
	else
		why="blkid not installed;"
	fi
	"$R" fsck "$img" > "$OUT/$name.fsck" 2>&1 ||
		why="$why rumpffs fsck: $(tr '\n' ' ' < "$OUT/$name.fsck")"
	# "bsize B fsize F frag n ncg N ipg I fpg P" / "size S dsize D ..."
	info=$("$R" info "$img" 2>&1) || why="$why rumpffs info: $info"
	fsize=$(echo "$info" | awk '$1 == "bsize" { print $4 }')
	ncg=$(echo "$info" | awk '$1 == "bsize" { print $8 }')
	ipg=$(echo "$info" | awk '$1 == "bsize" { print $10 }')
	dsize=$(echo "$info" | awk '$1 == "size" { print $4 }')
	# fsck: "...: F files, U used, R free (...)"
	files=$(sed -n 's/.*: \([0-9]*\) files, [0-9]* used, [0-9]* free.*/\1/p' "$OUT/$name.fsck")
	free=$(sed -n 's/.*: [0-9]* files, [0-9]* used, \([0-9]*\) free.*/\1/p' "$OUT/$name.fsck")
	# (fsck could not count: the expectation fails, not the build)
	files=${files:-0}
	free=${free:-unknown}
	ncg=${ncg:-0}
	ipg=${ipg:-0}
	if [ -z "$why" ]; then
		echo "ok $name" >> "$OUT/expect/hostcheck"
	else
		echo "not ok $name: $why" >> "$OUT/expect/hostcheck"
	fi
	{
		echo "ufstype $type"
		# Linux: f_files = ncg * ipg, f_ffree = cs_nifree (inodes 0
		# and 1 are never free)
		echo "statfs $fsize $dsize $free $((ncg * ipg)) $((ncg * ipg - 2 - files))"
		echo "tree"
		nf_manifest "$src"
	} > "$OUT/expect/$name"
}

image ufs1le 44bsd "$EMPTY" -O 1 -B le -s 24m
image ufs1be 44bsd "$EMPTY" -O 1 -B be -b 4096 -f 512 -s 9m
image ufs1le16k 44bsd "$EMPTY" -O 1 -B le -b 16384 -f 2048 -s 42000000
image ufs2le ufs2 "$EMPTY" -O 2 -B le -s 64m
image ufs2be ufs2 "$EMPTY" -O 2 -B be -b 32768 -f 4096 -s 100m
image ufs2le4k ufs2 "$EMPTY" -O 2 -B le -b 4096 -f 512 -s 300m
rm -rf "$EMPTY"
touch "$OUT/stamp"
