# SPDX-License-Identifier: BSD-2-Clause
"""guestimage.py - what a VM suite's guest boots with: the suite's header
(`# vm-...` lines of its vm.sh) and the initramfs (busybox, the guest
runner, the kernel's virtio modules, every project .ko, the suite)."""
import os
import re
import shutil
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_TIMEOUT = 120
VIRTIO_MODULES = ["virtio_pci", "virtio_blk", "virtio_net"]


def parse_header(vmsh):
    """The '# vm-...' header lines of a suite script."""
    conf = {"timeout": DEFAULT_TIMEOUT, "disks": [], "images": [],
            "copies": [], "net": False, "files": [], "kmods": [],
            "hostcheck": None}
    with open(vmsh) as f:
        for line in f:
            m = re.match(r"#\s*vm-([a-z-]+):\s*(.*?)\s*$", line)
            if not m:
                continue
            key, val = m.group(1), m.group(2)
            if key == "timeout":
                conf["timeout"] = int(val)
            elif key == "disk":
                name, size = val.split()
                conf["disks"].append((name, int(size)))
            elif key == "disk-image":
                name, path = val.split()
                conf["images"].append((name, path))
            elif key == "disk-copy":
                name, path = val.split()
                conf["copies"].append((name, path))
            elif key == "host-check":
                conf["hostcheck"] = val
            elif key == "net":
                conf["net"] = val not in ("0", "no")
            elif key == "file":
                conf["files"].append(val)
            elif key == "kmod":
                conf["kmods"].extend(val.split())
    return conf


def project_modules():
    """Every .ko built in the tree (outside build/)."""
    mods = []
    for root, dirs, files in os.walk(TOP):
        dirs[:] = [d for d in dirs if d not in ("build", ".git")]
        mods += [os.path.join(root, f) for f in files if f.endswith(".ko")]
    return sorted(mods)


def copy_kernel_modules(v, names, root):
    """Copy the host's modules (with dependencies) for the guest."""
    if not names:
        return
    lines = []
    for n in names:
        # One module per call: further words would be taken as parameters.
        out = subprocess.run(["modprobe", "-S", v, "--show-depends", n],
                             capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit("vmrun: modprobe --show-depends %s failed: %s"
                     % (n, out.stderr))
        lines += out.stdout.splitlines()
    for line in lines:
        parts = line.split()
        if len(parts) >= 2 and parts[0] == "insmod":
            src = parts[1]
            dst = root + src
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(src, dst)


def build_initramfs(rundir, v, suites, test, extra_kmods):
    root = os.path.join(rundir, "root")
    shutil.rmtree(root, ignore_errors=True)
    for d in ("bin", "sbin", "usr/bin", "usr/sbin", "rump/suites",
              "rump/files", "lib/modules/%s/extra" % v, "etc"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    busybox = shutil.which("busybox") or "/bin/busybox"
    shutil.copy2(busybox, os.path.join(root, "bin/busybox"))
    shutil.copy2(os.path.join(TOP, "test-vm/guest/init"),
                 os.path.join(root, "init"))
    os.chmod(os.path.join(root, "init"), 0o755)
    shutil.copy2(os.path.join(TOP, "test-vm/guest/lib.sh"),
                 os.path.join(root, "rump/lib.sh"))

    moddir = "/lib/modules/" + v
    os.makedirs(root + moddir, exist_ok=True)
    for f in ("modules.order", "modules.builtin", "modules.builtin.modinfo"):
        if os.path.exists(os.path.join(moddir, f)):
            shutil.copy2(os.path.join(moddir, f), root + moddir)
    copy_kernel_modules(v, VIRTIO_MODULES + extra_kmods, root)
    for ko in project_modules():
        shutil.copy2(ko, os.path.join(root + moddir, "extra",
                                      os.path.basename(ko)))
    subprocess.run(["depmod", "-b", root, v], check=True)

    for name, sdir in suites:
        dst = os.path.join(root, "rump/suites", name)
        shutil.copytree(sdir, dst, ignore=shutil.ignore_patterns(
            "*.o", "*.ko", "*.mod*", ".*.cmd", "*.c", "*.h", "Kbuild"))
        for f in parse_header(os.path.join(sdir, "vm.sh"))["files"]:
            src = os.path.join(TOP, f)
            if os.path.isdir(src):
                shutil.copytree(src, os.path.join(root, "rump/files",
                                                  os.path.basename(f)))
            else:
                shutil.copy2(src, os.path.join(root, "rump/files"))
    with open(os.path.join(root, "rump/run.conf"), "w") as f:
        f.write("VM_SUITES='%s'\n" % " ".join(n for n, _ in suites))
        f.write("VM_TEST='%s'\n" % (test or ""))

    img = os.path.join(rundir, "initramfs.cpio")
    files = subprocess.run(["find", "."], cwd=root, capture_output=True,
                           text=True, check=True).stdout
    with open(img, "wb") as out:
        subprocess.run(["cpio", "-o", "-H", "newc", "--quiet"], cwd=root,
                       input=files.encode(), stdout=out, check=True)
    return img
