# SPDX-License-Identifier: BSD-2-Clause
# lines.awk - checks the figures a bench suite printed (bench/README.md):
#
#   awk -f lines.awk FILE...
#
# Every BENCH line is a same-run comparison: all its fields present, at
# least 5 runs a side, each median within its side's min and max, a
# measured (non-zero) reference, the ratio equal to ours/ref, and no
# anchor in it.  ANCHOR lines carry an anchor and no ratio; FIGURE lines
# say ref=none and carry no ratio.  Times need 5 runs; a size (KiB) may be
# a single reading.  Prints each defect and exits 1; exits 1 when there
# are no figures at all.  Shipped into the guest by each bench/*/vm.sh
# (busybox awk) and run by it on what the suite printed.

function bad(why) {
	print "bad figure line (" why "): " $0
	fail = 1
}

function need(list, n, i, a) {
	n = split(list, a, " ")
	for (i = 1; i <= n; i++)
		if (!(a[i] in f) || f[a[i]] == "") {
			bad("no " a[i] "=")
			return 0
		}
	return 1
}

function within(lo, v, hi) {
	return lo + 0 <= v + 0 && v + 0 <= hi + 0
}

/^(BENCH|ANCHOR|FIGURE) / {
	seen++
	for (k in f)
		delete f[k]
	for (i = 2; i <= NF; i++) {
		k = $i
		sub(/=.*/, "", k)
		v = $i
		sub(/^[^=]*=/, "", v)
		f[k] = v
	}
	minruns = f["unit"] == "KiB" ? 1 : 5
	if ($1 == "BENCH") {
		if (!need("name ours ref unit ratio ours_min ours_max ref_min ref_max n"))
			next
		if (f["name"] ~ /anchor/)
			bad("an anchor in a ratio line")
		if (f["n"] + 0 < minruns)
			bad("fewer than " minruns " runs a side")
		if (!within(f["ours_min"], f["ours"], f["ours_max"]) ||
		    !within(f["ref_min"], f["ref"], f["ref_max"]))
			bad("a median outside its min..max")
		if (f["ref"] + 0 <= 0) {
			bad("no reference measured")
			next
		}
		r = f["ours"] / f["ref"]
		d = r - f["ratio"]
		if (d < 0)
			d = -d
		# The printed values are rounded: allow 1 % and 0.002.
		if (d > 0.002 && d > r / 100)
			bad("ratio is not ours/ref")
	} else if ($1 == "ANCHOR") {
		if (!need("name ours anchor unit ours_min ours_max n"))
			next
		if ("ratio" in f || "ref" in f)
			bad("an anchor line with a ratio or ref")
		if (f["n"] + 0 < minruns)
			bad("fewer than " minruns " runs")
		if (!within(f["ours_min"], f["ours"], f["ours_max"]))
			bad("a median outside its min..max")
	} else {
		if (!need("name value unit min max n ref"))
			next
		if (f["ref"] != "none" || "ratio" in f)
			bad("a figure line with a reference or ratio")
		if (f["n"] + 0 < minruns)
			bad("fewer than " minruns " runs")
		if (!within(f["min"], f["value"], f["max"]))
			bad("a median outside its min..max")
	}
}

END {
	if (!seen) {
		print "no BENCH, ANCHOR or FIGURE line"
		fail = 1
	}
	exit fail
}
