# SPDX-License-Identifier: BSD-2-Clause
# manifest.sh - nf_manifest DIR: one line per entry of the tree under DIR,
# sorted by path: "d PATH MODE", "f PATH MODE SIZE MD5", "l PATH -> TARGET",
# "o PATH MODE" (anything else).  Sourced by mkimages.sh on the host (GNU
# tools) and by vm.sh in the guest (busybox): both must print the same.
nf_manifest() {
	(
	cd "$1" || exit 1
	find . | LC_ALL=C sort | while IFS= read -r p; do
		if [ -L "$p" ]; then
			echo "l $p -> $(readlink "$p")"
		elif [ -d "$p" ]; then
			echo "d $p $(stat -c %a "$p")"
		elif [ -f "$p" ]; then
			echo "f $p $(stat -c '%a %s' "$p") $(md5sum < "$p" | cut -d' ' -f1)"
		else
			echo "o $p $(stat -c %a "$p")"
		fi
	done
	)
}
