#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# crashers_replay.sh - installed as build/user/test-ffscrashers-asan (run
# by scripts/check's user lane: make check SUITE=ffscrashers).  Replays
# every image of ../shared/testdata/ffs/crashers (corrupt images that once
# crashed rumpffs or the FFS core, README there) through every rumpffs
# command that takes an image, with the ASan+UBSan build of the tool
# (build/user/rumpffs-asan, -fno-sanitize-recover=all).
#
# Each command must give a clear error (non-zero exit with a "rumpffs:"
# message) or a correct result (exit 0), within a time limit, with no
# sanitizer report, without being killed by a signal, and without writing
# more than a bounded amount to the host (get's output and every written
# file are capped).  The images' own README commands have sharper
# expectations on top (the damage each holds must be named).
#
# Output: KTAP, one subtest per image, one case per command.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
tool=${RUMPFFS:-$top/build/user/rumpffs-asan}
data=$top/../shared/testdata/ffs/crashers
limit=${CRASHER_TIMEOUT:-60}	# seconds per command (ASan, shared CPU)
capkb=65536			# host bytes a command may write (KiB)

# The sanitizers stop at the first report; leaks count as reports.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS UBSAN_OPTIONS

echo "KTAP version 1"
images="write-cluster-summary-overflow ls-R-directory-cycle
get-directory-cycle-hang fsck-cg-summary-index-33 fsck-cg-summary-index-46
fsck-cg-summary-index-233"
n=0
for i in $images; do n=$((n + 1)); done
echo "1..$n"

fail() {
	# diagnostics for the case about to be reported
	echo "        # $*"
	bad=1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/ffscrashers.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM

if [ ! -x "$tool" ] || [ ! -d "$data" ]; then
	echo "# missing $tool or $data (make builds the tool; the images" \
		"come with ../shared)"
	k=0
	for i in $images; do
		k=$((k + 1))
		echo "not ok $k $i"
	done
	exit 1
fi

# run NAME EXPECT CMD... : one case.  EXPECT is "any" (clear error or
# success), "ok" (must succeed), "fsck" (an fsck verdict) or "err:REGEX" (must fail, stderr matching
# REGEX).  Writes go to $work; the output size is capped with ulimit -f
# and by measuring $work afterwards.
run() {
	name=$1 expect=$2
	shift 2
	bad=0
	: >"$work/out" >"$work/err"
	( ulimit -f $capkb; cd "$work" && exec timeout -k 5 "$limit" "$@" ) \
		>"$work/out" 2>"$work/err" &
	pid=$!
	# ulimit -f caps each file; a watchdog caps the total (a walker
	# that loops creates many small directories, not one big file).
	full=0
	while kill -0 $pid 2>/dev/null; do
		sleep 0.2
		if [ "$(du -sk "$work" | cut -f1)" -gt $((capkb * 2 + 65536)) ]
		then
			full=1
			kill -TERM $pid 2>/dev/null
		fi
	done
	wait $pid
	rc=$?
	[ $full -eq 0 ] || fail "$name: stopped: wrote more than" \
		"$((capkb * 2 + 65536)) KiB to the host"
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		fail "$name: no result within $limit s: $*"
	elif [ $rc -ge 128 ]; then
		fail "$name: killed by signal $((rc - 128)): $*"
	fi
	if grep -q -e 'AddressSanitizer' -e 'LeakSanitizer' \
		-e 'runtime error:' -e 'UndefinedBehaviorSanitizer' \
		"$work/err" "$work/out"; then
		fail "$name: sanitizer report: $*"
		grep -m 3 -e 'ERROR:' -e 'runtime error:' -e 'SUMMARY:' \
			"$work/err" | sed 's/^/        # /'
	elif [ $rc -eq 99 ]; then
		fail "$name: exit 99 (the sanitizers' exit code)"
	fi
	case $expect in
	ok)
		[ $rc -eq 0 ] || fail "$name: exit $rc, expected success:" \
			"$(head -c 300 "$work/err")"
		;;
	fsck)
		# Exit 0/1/2 with a report on stdout (the classes of fsck.h)
		# or 8 (cannot check) with a message.
		case $rc in
		0|1|2|8) ;;
		*) fail "$name: exit $rc, not an fsck class" ;;
		esac
		if [ $rc -ne 0 ] && [ ! -s "$work/out" ] && [ ! -s "$work/err" ]
		then
			fail "$name: exit $rc without saying why"
		fi
		;;
	any)
		if [ $rc -ne 0 ] && [ $rc -lt 99 ] &&
		   ! grep -q '^rumpffs' "$work/err"; then
			fail "$name: exit $rc without an error message"
		fi
		;;
	err:*)
		re=${expect#err:}
		if [ $rc -eq 0 ]; then
			fail "$name: succeeded, expected an error matching '$re'"
		elif ! grep -q -E "$re" "$work/err" "$work/out"; then
			fail "$name: exit $rc but no message matching '$re':" \
				"$(head -c 300 "$work/err")"
		fi
		;;
	esac
	k=$((k + 1))
	if [ $bad -eq 0 ]; then
		echo "    ok $k $name"
	else
		echo "    not ok $k $name"
		allbad=1
	fi
}

# The README's own command for each image, with what it must now say.
readme_case() {
	img=$1 f=$2
	case $img in
	write-cluster-summary-overflow)
		head -c 1048576 /dev/urandom >"$work/somefile"
		run "readme: put /newbig" "err:cylinder group [0-9]+ is corrupt: clustersum" \
			"$tool" put "$f" "$work/somefile" /newbig ;;
	ls-R-directory-cycle)
		run "readme: ls -l -R /" "err:directory cycle" \
			"$tool" ls -l -R "$f" /
		# The core's own decision (ffs_dir.c self_ok): a lookup of
		# a name other than "." that yields the directory itself is
		# corruption, not a result.
		run "lookup of /t/a/b/> (names its own directory)" \
			"err:Input/output error" "$tool" stat "$f" "/t/a/b/>"
		run "rm -r /t (walks into the cycle)" "err:directory cycle" \
			"$tool" rm -r "$f" /t
		;;
	get-directory-cycle-hang)
		run "readme: get / DEST" "err:directory cycle" \
			"$tool" get "$f" / "$work/dest" ;;
	fsck-*)
		# fsck exits non-zero for the damage; what matters is that
		# it says so instead of reading outside its arrays.
		run "readme: fsck" fsck "$tool" fsck "$f" ;;
	esac
	rm -rf "$work/dest" "$work/somefile"
}

j=0
for img in $images; do
	j=$((j + 1))
	k=0 allbad=0
	exec 3>&1 >"$work/ktap"
	f=$work/$img.img
	if ! zstd -q -d -c "$data/$img.img.zst" >"$f"; then
		exec 1>&3 3>&-
		echo "# cannot decompress $data/$img.img.zst"
		echo "not ok $j $img"
		continue
	fi
	chmod u+w "$f"
	cp "$f" "$work/pristine"
	readme_case "$img" "$f"
	cp "$work/pristine" "$f"
	# The read-only commands: nothing may change the image.
	run "ls -l -R /" any "$tool" ls -l -R "$f" /
	run "ls -a -R /" any "$tool" ls -a -R "$f" /
	run "get / DEST" any "$tool" get "$f" / "$work/dest"
	# cat and stat of everything get could reach (and the root).
	files=$(cd "$work/dest" 2>/dev/null && find . -type f | sed 's,^\.,,' | head -200)
	all=$(cd "$work/dest" 2>/dev/null && find . -mindepth 1 | sed 's,^\.,,' | head -200)
	rm -rf "$work/dest"
	# shellcheck disable=SC2086
	run "cat every file" any "$tool" cat "$f" / $files
	# shellcheck disable=SC2086
	run "stat everything" any "$tool" stat "$f" / $all
	run "df" any "$tool" df "$f"
	run "info" any "$tool" info "$f"
	run "fsck" fsck "$tool" fsck "$f"
	run "fsck -n" fsck "$tool" fsck -n "$f"
	if cmp -s "$f" "$work/pristine"; then
		run "read-only commands left the image alone" ok true
	else
		run "read-only commands left the image alone" ok false
	fi
	# The write commands, each on a fresh copy.
	first=$( (cd "$work" && timeout "$limit" "$tool" ls "$f" /) 2>/dev/null | head -1)
	[ -n "$first" ] || first=nosuch
	head -c 300000 /dev/urandom >"$work/somefile"
	cp "$work/pristine" "$f"
	run "put /newbig" any "$tool" put "$f" "$work/somefile" /newbig
	cp "$work/pristine" "$f"
	run "mkdir -p /n1/n2" any "$tool" mkdir -p "$f" /n1/n2
	cp "$work/pristine" "$f"
	run "rm -r /$first" any "$tool" rm -r "$f" "/$first"
	cp "$work/pristine" "$f"
	run "mv /$first /moved" any "$tool" mv "$f" "/$first" /moved
	cp "$work/pristine" "$f"
	run "ln -s target /newlink" any "$tool" ln -s "$f" target /newlink
	# After any write that succeeded the image must still read.
	run "ls -R after writes" any "$tool" ls -R "$f" /
	rm -f "$work/somefile" "$f" "$work/pristine"
	exec 1>&3 3>&-
	echo "    KTAP version 1"
	echo "    1..$k"
	cat "$work/ktap"
	if [ $allbad -eq 0 ]; then
		echo "ok $j $img"
	else
		echo "not ok $j $img"
	fi
done
