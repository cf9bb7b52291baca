# SPDX-License-Identifier: BSD-2-Clause
"""accel.py - which QEMU accelerator the VMs of a run use.

KVM is used only when a tiny boot under it (busybox as /init printing a
marker, then powering off) reaches init within PROBE_TIMEOUT seconds: a
/dev/kvm that exists cannot always run this guest (QEMU aborting with
"failed to set MSR 0x10a" on some cloud hosts, or starting and printing
nothing).  Otherwise TCG, with a one-line note saying why.

Chosen once per process (crash.py's threads share it) and once per
`make check`: scripts/check probes and hands the result to every vmrun
and crash driver it starts as VM_ACCEL_PROBED.

Environment:
  VM_ACCEL=kvm|tcg   force one, no probe (a forced KVM that cannot run
                     fails the suites, with QEMU's own message)
  VM_QEMU=PATH       the QEMU binary (default qemu-system-x86_64); the
                     self-tests put a fake in front of the real one
  VM_KVM_DEV=PATH    the KVM device whose access makes KVM a candidate
                     (default /dev/kvm; the self-tests name one that is
                     there, to drive the probe on a host without KVM)
"""
import os
import shutil
import subprocess
import sys
import threading
import time

PROBE_TIMEOUT = 20      # KVM reaches init in 1-3 s; a hung boot never does
PROBE_MARK = "vmrun-probe: init reached"

_lock = threading.Lock()
_choice = None


def qemu_binary():
    return os.environ.get("VM_QEMU") or "qemu-system-x86_64"


def args(accel):
    """QEMU arguments for the accelerator and its CPU model."""
    if accel == "kvm":
        return ["-accel", "kvm", "-cpu", "host"]
    return ["-accel", "tcg,thread=multi", "-cpu", "max"]


def tail(path, n):
    """The last n non-blank lines of a file (missing: [])."""
    try:
        with open(path, errors="replace") as f:
            lines = [ln.rstrip() for ln in f.read().replace("\r", "")
                     .splitlines() if ln.strip()]
    except OSError:
        return []
    return lines[-n:]


def choose(v, workdir, log):
    """'kvm' or 'tcg' for this process (see the module's comment)."""
    global _choice
    with _lock:
        if _choice:
            return _choice
        forced = os.environ.get("VM_ACCEL", "")
        probed = os.environ.get("VM_ACCEL_PROBED", "")
        if forced:
            if forced not in ("kvm", "tcg"):
                sys.exit("vmrun: VM_ACCEL must be kvm or tcg, not %r"
                         % forced)
            _choice = forced
            log("vmrun: accelerator %s (forced by VM_ACCEL)" % forced)
        elif probed in ("kvm", "tcg"):
            _choice = probed
        else:
            _choice, note = probe(v, workdir)
            log(note)
        return _choice


def probe_initramfs(pdir):
    root = os.path.join(pdir, "root")
    os.makedirs(os.path.join(root, "bin"), exist_ok=True)
    shutil.copy2(shutil.which("busybox") or "/bin/busybox",
                 os.path.join(root, "bin/busybox"))
    init = os.path.join(root, "init")
    with open(init, "w") as f:
        f.write("#!/bin/busybox sh\n/bin/busybox echo '%s'\n"
                "/bin/busybox poweroff -f\n" % PROBE_MARK)
    os.chmod(init, 0o755)
    img = os.path.join(pdir, "probe.cpio")
    with open(img, "wb") as out:
        subprocess.run(["cpio", "-o", "-H", "newc", "--quiet"], cwd=root,
                       input=b"bin\nbin/busybox\ninit\n", stdout=out,
                       check=True)
    return img


def probe(v, workdir):
    """(accel, one-line note): can KVM boot this kernel to its init?"""
    dev = os.environ.get("VM_KVM_DEV") or "/dev/kvm"
    if not os.access(dev, os.R_OK | os.W_OK):
        return "tcg", ("vmrun: accelerator TCG (%s %s): slower, "
                       "correct" % (dev, "not accessible"
                                    if os.path.exists(dev) else "absent"))
    pdir = os.path.join(workdir, "accel-probe-%d" % os.getpid())
    shutil.rmtree(pdir, ignore_errors=True)
    os.makedirs(pdir)
    con = os.path.join(pdir, "console.log")
    qout = os.path.join(pdir, "qemu.out")
    cmd = [qemu_binary()] + args("kvm") + [
        "-smp", "1", "-m", "256", "-kernel", "/boot/vmlinuz-" + v,
        "-initrd", probe_initramfs(pdir),
        "-append", "console=ttyS0,115200 rdinit=/init panic=-1",
        "-display", "none", "-monitor", "none", "-no-reboot", "-nic", "none",
        "-serial", "file:" + con]
    t0 = time.time()
    with open(qout, "wb") as out:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT)
    reached = False
    while time.time() - t0 < PROBE_TIMEOUT:
        time.sleep(0.1)
        reached = any(PROBE_MARK in ln for ln in tail(con, 50))
        if reached or proc.poll() is not None:
            break
    took = time.time() - t0
    exited = proc.poll() is not None
    if not exited:
        proc.kill()
    rc = proc.wait()
    if reached:
        shutil.rmtree(pdir, ignore_errors=True)
        return "kvm", "vmrun: accelerator KVM (probe reached init in " \
            "%.1f s)" % took
    if exited:
        why = "QEMU exited with status %d" % rc
    else:
        why = "the probe guest did not reach init in %d s" % PROBE_TIMEOUT
    said = tail(qout, 3)
    return "tcg", ("vmrun: accelerator TCG: %s cannot run this guest "
                   "(%s; QEMU said: %s; %s)"
                   % (dev, why, " | ".join(said) if said else "nothing",
                      pdir))
