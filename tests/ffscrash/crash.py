#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""crash.py - crash safety of the FFS write side: kill the VM mid-write.

Each iteration boots the VM (test-vm/vmrun) on a private copy of an FFS
image, loads rumpffscrash.ko (main.c, work.c), which mounts it read-write
through the rump kernel and writes until stopped, and SIGKILLs QEMU at a
chosen point: during the module load and mount, soon after the mount, or
a random delay after the K-th durable record on the console.  Then on the
host, the image as the kill left it:

  - `rumpffs fsck` exits 0 or 1: leaks at worst, its leak class being
    exactly what the FFS's crash ordering may leave (tools/rumpffs/fsck.h;
    no allow-list here: any error line fails; the leaks are listed as
    diagnostics)
  - `rumpffs info` and `rumpffs ls -R` read it
  - every file with a "durable NAME SIZE SEED" record holds exactly SIZE
    bytes of the generator's contents for SEED; every "prefix" record's
    file at least SIZE bytes, the first SIZE of them exact
  - the files makefs put in the image are untouched
  - the console shows no kernel complaint (vmrun's scan) and no workload
    error record

One more iteration is not killed: the workload stops after a fixed number
of operations, every module unloads (with the leak audit), and fsck must
then be exactly clean.  The kill points, modes and workload seeds come
from --seed (printed; random by default), so a failure is reproduced with
the same seed (up to the timing of the kill).  A last iteration is the
harness's self-test: its module damages a recorded file (corrupt=N)
after recording it, and the check must fail for exactly that damage --
one "contents differ" at the byte the guest says it changed -- and for
nothing else: any other finding of that boot fails it too
(--no-selftest leaves it out, --only-selftest runs only it).  Two VMs
run at a time (--jobs).

Output: KTAP on stdout (one result per iteration, diagnostics first);
progress on stderr.  scripts/check runs every tests/*/crash.py as the
crash lane.  Run directories: build/vm/ffscrash-*; those of passing
iterations lose their disk image and initramfs unless --keep.
"""
import argparse
import concurrent.futures
import importlib.machinery
import importlib.util
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import time
import types

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
RUMPFFS = os.path.join(TOP, "build/user/rumpffs")
WORK = os.path.join(TOP, "build/ffscrash")
RWIMAGES = os.path.join(TOP, "build/ffs-images/rw")

# (name, how): makefs images of tests/ffs/mkrwimages.sh (they hold its
# little tree), or rumpffs newfs options for an empty file system.
IMAGES = [
    ("ufs1-le-8k", "makefs"),
    ("ufs2-be-8k", "makefs"),
    ("newfs-ufs2-le-16k", ["-O", "2", "-B", "le", "-b", "16384", "-f", "2048",
                           "-s", "24m"]),
    ("newfs-ufs1-be-4k", ["-O", "1", "-B", "be", "-b", "4096", "-f", "512",
                          "-s", "16m"]),
]
# The tree of mkrwimages.sh: byte i of a file of n bytes = (i * 7 + n) & 0xff.
MAKEFS_FILES = {"small": 1000, "medium": 100000, "big": 300000, "empty": 0,
                "dir/a": 10}
MODES = ["mix", "small", "append", "overwrite"]
RECORD = re.compile(r"rumpffscrash: (durable|prefix) (\S+) (\d+) (\d+)\s*$")
# rumpfs_ffs.ko without a write side refuses the read-write mount (only
# this reason skips: any other refusal of these plain images fails).
REFUSED = re.compile(r"ffs: \S+: read-write mount refused: "
                     r"this FFS has no write support yet.*")
VM_TIMEOUT = 150
CLEAN_OPS = 30

M64 = (1 << 64) - 1


def mix64(z):
    z = (z + 0x9e3779b97f4a7c15) & M64
    z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M64
    z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M64
    return z ^ (z >> 31)


def fill(seed, size):
    """work.c's fc_fill(): 64-byte unit u = 4 x le64(mix64(seed << 32 ^ u)),
    le64(u)."""
    pack = struct.Struct("<QQ").pack
    s = seed << 32
    return b"".join(pack(mix64(s ^ u), u) * 4
                    for u in range((size + 63) // 64))[:size]


def makefs_content(n):
    return bytes((i * 7 + n) & 0xff for i in range(n))


def progress(msg):
    print(msg, file=sys.stderr, flush=True)


def load_vmrun():
    path = os.path.join(TOP, "test-vm/vmrun")
    loader = importlib.machinery.SourceFileLoader("vmrun", path)
    spec = importlib.util.spec_from_loader("vmrun", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def prepare_images():
    """{name: (path, premade)} of the images that can be made here."""
    out = {}
    os.makedirs(WORK, exist_ok=True)
    r = subprocess.run(["sh", os.path.join(TOP, "tests/ffs/mkrwimages.sh"),
                        RWIMAGES], capture_output=True, text=True)
    for name, how in IMAGES:
        if how == "makefs":
            path = os.path.join(RWIMAGES, name + ".img")
            if r.returncode == 0 and os.path.isfile(path):
                out[name] = (path, True)
            else:
                progress("crash: no %s (mkrwimages.sh: %s)"
                         % (name, r.stderr.strip()))
        else:
            path = os.path.join(WORK, name + ".img")
            if os.path.exists(path):
                os.unlink(path)
            n = subprocess.run([RUMPFFS, "newfs"] + how + [path],
                               capture_output=True, text=True)
            if n.returncode == 0:
                out[name] = (path, False)
            else:
                progress("crash: rumpffs newfs %s failed: %s"
                         % (name, n.stderr.strip()))
    return out


def plan(rng, images, count):
    """count killed iterations: (image, mode, seed, kill REGEX:N, delay ms)."""
    names = sorted(images)
    its = []
    for i in range(count):
        image = names[i % len(names)]
        mode = MODES[(i // len(names) + i) % len(MODES)]
        seed = rng.randrange(1, 1 << 31)
        if i % 6 == 0:
            # During the module load and the mount (the guest announces
            # the test on the console just before modprobe).
            kill, delay = r"=== vm_test .*/workload:1", rng.randrange(0, 1500)
        elif i % 6 == 1:
            # Among the first writes.
            kill, delay = r"rumpffscrash: start:1", rng.randrange(0, 3000)
        else:
            k = rng.choice([1, 2, 3, 5, 8, 13, 21, 30])
            kill, delay = r"rumpffscrash: (durable|prefix) :%d" % k, \
                rng.randrange(0, 400)
        its.append({"image": image, "mode": mode, "seed": seed,
                    "kill": kill, "delay": delay})
    return its


def suite_dir(name, it, image_path):
    """A generated VM suite: headers for this iteration + guest.sh."""
    d = os.path.join(WORK, "suites", name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    args = "mode=%s seed=%d" % (it["mode"], it["seed"])
    if it.get("corrupt"):
        args += " corrupt=%d" % it["corrupt"]
    with open(os.path.join(HERE, "guest.sh")) as f:
        body = f.read()
    with open(os.path.join(d, "vm.sh"), "w") as f:
        f.write("# SPDX-License-Identifier: BSD-2-Clause\n"
                "# Generated by tests/ffscrash/crash.py: one iteration.\n"
                "# vm-timeout: %d\n"
                "# vm-disk-copy: crash %s\n"
                "FC_ARGS='%s'\n"
                "FC_CLEAN=%d\n"
                "FC_OPS=%d\n\n%s"
                % (VM_TIMEOUT, image_path, args, 1 if it.get("clean") else 0,
                   CLEAN_OPS, body))
    return d


def rumpffs(*args):
    r = subprocess.run([RUMPFFS] + list(args), capture_output=True)
    return r.returncode, r.stdout, r.stderr.decode(errors="replace")


def records(console):
    """The complete record lines of the console (the last, possibly cut
    off by the kill, is dropped); the last record of each name wins."""
    lines = console.replace("\r", "").split("\n")[:-1]
    recs = {}
    n = 0
    for line in lines:
        m = RECORD.search(line)
        if m:
            recs[m.group(2)] = (m.group(1), int(m.group(3)), int(m.group(4)))
            n += 1
    return recs, n


def check_image(img, console, clean, premade):
    """Problems found (list of strings) and diagnostics."""
    bad, diags = [], []
    rc, out, err = rumpffs("fsck", img)
    text = (out.decode(errors="replace") + err).strip().splitlines()
    leaks = [line for line in text if line.endswith("[leak]")]
    summary = text[-1] if text else ""
    diags.append("fsck: exit %d, %s" % (rc, summary))
    for line in leaks[:8]:
        diags.append("  " + line)
    if len(leaks) > 8:
        diags.append("  ... %d leak lines in all" % len(leaks))
    if rc not in ((0,) if clean else (0, 1)):
        bad.append("fsck exit %d (%s)" % (rc, "want 0 after a clean unmount"
                                          if clean else "errors"))
        for line in text[:15]:
            diags.append("  " + line)
    for cmd in (["info", img], ["ls", "-R", img]):
        rc, out, err = rumpffs(*cmd)
        if rc != 0:
            bad.append("rumpffs %s: exit %d: %s" % (cmd[0], rc,
                                                    err.strip()[:200]))
    recs, nrec = records(console)
    ndur = sum(1 for k, _, _ in recs.values() if k == "durable")
    diags.append("%d records, %d files (%d durable, %d prefix)"
                 % (nrec, len(recs), ndur, len(recs) - ndur))
    for name in sorted(recs):
        kind, size, seed = recs[name]
        rc, data, err = rumpffs("cat", img, "/" + name)
        if rc != 0:
            bad.append("%s %s %d %d: cat failed: %s"
                       % (kind, name, size, seed, err.strip()[:200]))
            continue
        want = fill(seed, size)
        got = data if kind == "prefix" else data
        if kind == "durable" and len(data) != size:
            bad.append("durable %s: %d bytes, want %d"
                       % (name, len(data), size))
        elif kind == "prefix" and len(data) < size:
            bad.append("prefix %s: %d bytes, want at least %d"
                       % (name, len(data), size))
        elif got[:size] != want:
            off = next(i for i in range(size) if got[i] != want[i])
            bad.append("%s %s %d %d: contents differ at byte %d"
                       % (kind, name, size, seed, off))
    if premade:
        for name, size in sorted(MAKEFS_FILES.items()):
            rc, data, err = rumpffs("cat", img, "/" + name)
            if rc != 0 or data != makefs_content(size):
                bad.append("makefs file /%s changed" % name)
    return bad, diags, nrec


def selftest_verdict(console, bad, diags):
    """The self-test's failures turned into its verdict: [] if the check
    failed for exactly the planted damage (the one byte the guest says it
    changed) and nothing else, else what is wrong."""
    m = re.search(r"rumpffscrash: corrupted (\S+) at (\d+)", console)
    if m is None:
        return bad + ["self-test: the guest never reported its damage"]
    want = re.compile(r"(durable|prefix) %s \d+ \d+: contents differ at "
                      r"byte %s$" % (re.escape(m.group(1)), m.group(2)))
    caught = [b for b in bad if want.match(b)]
    others = [b for b in bad if not want.match(b)]
    diags.append("self-test: the damage to %s at byte %s %s%s"
                 % (m.group(1), m.group(2),
                    "was caught" if caught else "was NOT caught",
                    ", with %d other finding(s)" % len(others)
                    if others else ", and nothing else"))
    if len(caught) == 1 and not others:
        return []
    if not caught:
        others.append("self-test: the damage to %s was not caught"
                      % m.group(1))
    return others


def selftest_verdict_selfcheck():
    """selftest_verdict on made-up findings (before any VM boots): the
    exact damage alone passes; with one more finding of that boot, or
    with the damage missed, the self-test fails."""
    con = "x\nrumpffscrash: corrupted f003 at 1234\n"
    hit = "durable f003 2468 77: contents differ at byte 1234"
    cases = [([hit], True), ([hit, "fsck exit 2 (errors)"], False),
             (["fsck exit 2 (errors)"], False), ([], False),
             ([hit, hit.replace("f003", "f004")], False)]
    for bad, want in cases:
        got = not selftest_verdict(con, list(bad), [])
        if got != want:
            return "selftest_verdict(%r) says %s" % (bad, got)
    return None


def run_one(vmrun, kver, n, it, images, keep):
    """One iteration: (ok, name, diagnostics)."""
    path, premade = images[it["image"]]
    name = "ffscrash-%02d" % n
    label = "%s %s seed=%d " % (it["image"], it["mode"], it["seed"])
    if it.get("clean"):
        label += "clean unmount after %d ops" % CLEAN_OPS
    else:
        label += "kill %s +%d ms" % (it["kill"], it["delay"])
    if it.get("corrupt"):
        label += " corrupt=%d (self-test)" % it["corrupt"]
    sdir = suite_dir(name, it, path)
    args = types.SimpleNamespace(
        timeout=None, verbose=False, demo=False,
        kill_after=None if it.get("clean") else it["kill"],
        kill_delay_ms=it.get("delay", 0))
    t0 = time.time()
    # A boot that fails before the suite started (TCG on a starved host:
    # timer check, RCU stall in early boot) is retried once by vmrun, as
    # in every lane; the retry is kept as a diagnostic.
    r = vmrun.run_suite(name, sdir, kver, None, args)
    retried = ["retried: " + m for m in r["retries"]]
    diags = ["%s: %s" % (name, label), "run dir %s" % r["rundir"]] + retried
    bad = ["%s: %s" % (k, msg) for k, msg in r["failures"]]
    for path_, ok, _, dg in r["leaves"]:
        if not ok:
            bad.append("guest: not ok %s" % "/".join(path_))
            diags += dg[-5:]
    console = open(r["console"], errors="replace").read()
    for line in console.splitlines():
        if "rumpffscrash: error" in line:
            bad.append("workload: " + line.strip())
        m = REFUSED.search(line)
        if m and n == 1 and it.get("clean"):
            # The first iteration tells: no read-write FFS in this tree.
            return None, name, diags, [m.group(0).strip()]
    img = os.path.join(r["rundir"], "disk-crash.img")
    nrec = 0
    if not r["failures"] or r.get("killed"):
        b, d, nrec = check_image(img, console, it.get("clean"), premade)
        bad += b
        diags += d
        m = re.search(r":(\d+)$", it.get("kill", ""))
        if "durable" in it.get("kill", "") and nrec < int(m.group(1)):
            bad.append("killed after %s records, the console shows %d"
                       % (m.group(1), nrec))
    diags.append("%.1f s%s" % (time.time() - t0,
                               ", " + r["killed"] if r.get("killed") else ""))
    if it.get("selftest"):
        bad = selftest_verdict(console, bad, diags)
    if not bad and not keep:
        for f in ("disk-crash.img", "initramfs.cpio"):
            if os.path.exists(os.path.join(r["rundir"], f)):
                os.unlink(os.path.join(r["rundir"], f))
        shutil.rmtree(os.path.join(r["rundir"], "root"), ignore_errors=True)
    return not bad, name, diags, bad


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--iterations", type=int, default=10,
                    help="killed iterations (default 10)")
    ap.add_argument("--jobs", type=int, default=2,
                    help="VMs at a time (default 2)")
    ap.add_argument("--seed", type=int, help="run seed (default: random)")
    ap.add_argument("--no-selftest", action="store_true",
                    help="without the corrupt=N iteration (which must fail)")
    ap.add_argument("--only-selftest", action="store_true",
                    help="only the corrupt=N iteration")
    ap.add_argument("--only", metavar="N,N...",
                    help="only these iterations of the plan (1-based, as "
                    "numbered with this --seed; repeats allowed)")
    ap.add_argument("--keep", action="store_true",
                    help="keep disk images and initramfs of passing runs")
    args = ap.parse_args()

    # KTAP alone on stdout: everything else (ours, vmrun's, its tools')
    # goes to stderr.
    ktap = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    def emit(line):
        ktap.write(line + "\n")
        ktap.flush()

    seed = args.seed if args.seed is not None else \
        random.SystemRandom().randrange(1, 1 << 31)
    rng = random.Random(seed)
    vmrun = load_vmrun()
    kver = vmrun.kver()
    if not os.access(RUMPFFS, os.X_OK):
        sys.exit("crash.py: %s missing (make)" % RUMPFFS)
    images = prepare_images()
    emit("KTAP version 1")
    why = selftest_verdict_selfcheck()
    if why:
        emit("1..1")
        emit("not ok 1 selftest-verdict # %s" % why)
        return 1
    if not images:
        emit("1..1")
        emit("not ok 1 images # no image could be made")
        return 1
    its = []
    if not args.only_selftest:
        # The clean one first: it runs longest.
        its.append({"image": sorted(images)[rng.randrange(len(images))],
                    "mode": "mix", "seed": rng.randrange(1, 1 << 31),
                    "clean": True})
        its += plan(rng, images, args.iterations)
    if not args.no_selftest or args.only_selftest:
        its.append({"image": sorted(images)[0], "mode": "small",
                    "seed": rng.randrange(1, 1 << 31), "corrupt": 3,
                    "kill": r"rumpffscrash: corrupted:1", "delay": 200,
                    "selftest": True})
    if args.only:
        its = [its[int(i) - 1] for i in args.only.split(",")]
    emit("# crash.py --seed %d: %d iterations" % (seed, len(its)))
    emit("1..%d" % len(its))
    t0 = time.time()
    failed = 0
    pool = concurrent.futures.ThreadPoolExecutor(max(1, args.jobs))
    futs = [pool.submit(run_one, vmrun, kver, n, it, images, args.keep)
            for n, it in enumerate(its, 1)]
    skip = None
    for n, it in enumerate(its, 1):
        if skip:
            emit("ok %d ffscrash-%02d # SKIP %s" % (n, n, skip))
            continue
        ok, name, diags, bad = futs[n - 1].result()
        if ok is None:
            # Platform lacks the feature: every iteration is skipped (the
            # ones already started still run to their end, unreported).
            skip = "no read-write FFS mount (%s)" % bad[0]
            for f in futs:
                f.cancel()
            emit("ok %d %s # SKIP %s" % (n, name, skip))
            progress("crash: SKIP: " + skip)
            continue
        if it.get("selftest"):
            # run_one judged it: exactly the planted damage, nothing else
            name += "-selftest-corrupt"
        for d in diags:
            emit("# " + d)
        for b in bad:
            emit("# FAIL " + b)
        emit("%s %d %s" % ("ok" if ok else "not ok", n, name))
        progress("crash: %s %s (%s)" % ("ok  " if ok else "FAIL", name,
                                        diags[0]))
        failed += not ok
    emit("# %d iterations in %.0f s, %d failed" % (len(its),
                                                  time.time() - t0, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
