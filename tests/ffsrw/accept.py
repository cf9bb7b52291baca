#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""accept.py - the host side of the FFS write acceptance (tests/ffsrw).

The guest (tests/ffsvfs/t_accept.c, family "accept") applies a fixed list
of changes to FFS images through the rump VFS.  This script applies the
same list to a copy of the source tree (expect), describes the result for
the guest's Linux ufs check (manifest), and checks an image the guest
wrote against it with independent readers (verify): our fsck, rumpffs,
sleuthkit.  Keep CHANGES in step with t_accept.c.

  accept.py expect SRC OUT makefs|newfs   build the expected tree
  accept.py manifest DIR OUT               one line per entry (sorted)
  accept.py verify IMAGE EXPECTED [--sleuthkit]
"""
import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
RUMPFFS = os.path.join(TOP, "build/user/rumpffs")

SIZES = [0, 1, 511, 512, 513, 1023, 1024, 4095, 4096, 4097, 8191, 8192,
         8193, 65536, 98305, 100000, 1048576, 3000000, 5242887, 17825795]


# Byte j of a file made with seed is (seed * 31 + j * 7 + (j >> 9)) & 0xff
# (acc_fill).  Within a 512-byte chunk k that is (7 * i + seed * 31 + k)
# for i = j mod 512, so each chunk is one of 256 precomputed variants.
_VARIANT = [bytes((7 * i + c) & 0xff for i in range(512)) for c in range(256)]


def fill(n, seed, start=0):
    """Bytes [start, start + n) of a file made with seed."""
    if n == 0:
        return b""
    k0, k1 = start >> 9, (start + n - 1) >> 9
    data = b"".join(_VARIANT[(seed * 31 + k) & 0xff]
                    for k in range(k0, k1 + 1))
    off = start - (k0 << 9)
    return data[off:off + n]


def write_file(path, n, seed, mode=0o644):
    with open(path, "wb") as f:
        f.write(fill(n, seed))
    os.chmod(path, mode)


def changes_new(root):
    j = lambda p: os.path.join(root, p)
    os.mkdir(j("new"))
    os.chmod(j("new"), 0o755)
    os.mkdir(j("new/sub"))
    os.chmod(j("new/sub"), 0o700)
    for i, n in enumerate(SIZES):
        write_file(j("new/f%02d" % i), n, i)
    os.makedirs(j("new/sub/deep1/deep2"))
    os.chmod(j("new/sub/deep1"), 0o755)
    os.chmod(j("new/sub/deep1/deep2"), 0o755)
    write_file(j("new/sub/deep1/deep2/file"), 777, 50)
    with open(j("new/sparse"), "wb") as f:
        f.write(fill(4096, 100))
        f.seek(41943040)
        f.write(fill(4096, 101, 0))
    os.chmod(j("new/sparse"), 0o644)
    os.symlink("f01", j("new/fast"))
    os.symlink("s" * 200, j("new/slow"))
    os.link(j("new/f03"), j("new/sub/hard"))
    os.mkfifo(j("new/fifo"), 0o644)
    os.chmod(j("new/fifo"), 0o644)
    os.rename(j("new/f04"), j("new/sub/f04-moved"))
    os.unlink(j("new/f05"))


def changes_existing(root):
    j = lambda p: os.path.join(root, p)
    os.rename(j("many/d03"), j("new/moved-d03"))
    shutil.rmtree(j("bigdir"))
    os.truncate(j("sizes/s17_98305"), 1000)
    with open(j("sizes/s13_8193"), "ab") as f:
        f.write(fill(5000, 102, 0))
    os.chmod(j("sizes/s12_8192"), 0o600)
    os.unlink(j("hard/a"))
    os.rename(j("sizes/s09_4096"), j("sizes/s10_4097"))


def expect(src, out, kind):
    if os.path.exists(out):
        shutil.rmtree(out)
    if kind == "makefs":
        subprocess.run(["cp", "-a", src, out], check=True)
    else:
        os.mkdir(out)
    old = os.umask(0)
    try:
        changes_new(out)
        if kind == "makefs":
            changes_existing(out)
    finally:
        os.umask(old)


def entries(root):
    """{relpath: (type, perm, size, digest-or-target, nlink)}."""
    res = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            rel = os.path.relpath(p, root)
            st = os.lstat(p)
            m = st.st_mode
            if stat.S_ISDIR(m):
                sub = sum(1 for d in os.listdir(p)
                          if stat.S_ISDIR(os.lstat(os.path.join(p, d)).st_mode))
                res[rel] = ("d", stat.S_IMODE(m), 0, "", 2 + sub)
            elif stat.S_ISLNK(m):
                t = os.readlink(p)
                res[rel] = ("l", 0, len(t), t, st.st_nlink)
            elif stat.S_ISREG(m):
                h = hashlib.md5()
                with open(p, "rb") as f:
                    for chunk in iter(lambda: f.read(1 << 20), b""):
                        h.update(chunk)
                res[rel] = ("f", stat.S_IMODE(m), st.st_size, h.hexdigest(),
                            st.st_nlink)
            elif stat.S_ISFIFO(m):
                res[rel] = ("p", stat.S_IMODE(m), 0, "", st.st_nlink)
            else:
                res[rel] = ("o", stat.S_IMODE(m), 0, "", st.st_nlink)
    return res


def manifest(d, out):
    with open(out, "w") as f:
        for rel, (t, perm, size, dig, nlink) in sorted(entries(d).items()):
            f.write("%s %04o %d %s %d %s\n" % (t, perm, size, dig or "-",
                                               nlink, rel))


def compare(want, got, what, keys=("type", "perm", "size", "data", "nlink"),
            only=None):
    """Problems (strings) between two entries() maps."""
    probs = []
    names = ["type", "perm", "size", "data", "nlink"]
    for rel in sorted(set(want) | set(got)):
        w, g = want.get(rel), got.get(rel)
        if only and w and w[0] not in only:
            continue
        if w is None:
            probs.append("%s: %s: unexpected entry %s" % (what, rel, g))
        elif g is None:
            probs.append("%s: %s: missing" % (what, rel))
        else:
            for k, a, b in zip(names, w, g):
                if k in keys and a != b:
                    probs.append("%s: %s: %s %r, expected %r" %
                                 (what, rel, k, b, a))
    return probs


def ls_nlinks(image):
    """{relpath: nlink} from rumpffs ls -laR."""
    out = subprocess.run([RUMPFFS, "ls", "-laR", image, "/"],
                         capture_output=True, text=True)
    res, cur = {}, None
    for line in out.stdout.splitlines():
        if line.endswith(":") and line.startswith("/"):
            cur = line[:-1].lstrip("/")
            continue
        # mode nlink uid gid size Mon DD HH:MM YYYY name[ -> target]
        f = line.split(None, 9)
        if cur is None or len(f) < 10:
            continue
        name = f[9].split(" -> ")[0]
        if name in (".", ".."):
            continue
        res[os.path.join(cur, name) if cur else name] = int(f[1])
    return res


def verify(image, expected, sleuthkit):
    probs = []
    want = entries(expected)
    r = subprocess.run([RUMPFFS, "fsck", image], capture_output=True,
                       text=True)
    print(r.stdout.strip())
    if r.returncode != 0:
        probs.append("fsck: exit %d (not clean)" % r.returncode)
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "root")
        r = subprocess.run([RUMPFFS, "get", image, "/", root],
                           capture_output=True, text=True)
        if r.returncode != 0:
            probs.append("rumpffs get: exit %d: %s" % (r.returncode,
                                                        r.stderr[-300:]))
        got = entries(root)
        # rumpffs get does not make hard links: link counts from ls
        nl = ls_nlinks(image)
        for rel in got:
            got[rel] = got[rel][:4] + (nl.get(rel, -1),)
        probs += compare(want, got, "rumpffs")
        print("rumpffs: %d entries compared" % len(want))
        if sleuthkit:
            rec = os.path.join(tmp, "tsk")
            r = subprocess.run(["tsk_recover", "-a", image, rec],
                               capture_output=True, text=True)
            if r.returncode != 0:
                probs.append("tsk_recover: exit %d: %s" %
                             (r.returncode, r.stderr[-300:]))
            got = entries(rec) if os.path.isdir(rec) else {}
            # sleuthkit shows control characters in names as '^', and
            # tsk_recover writes regular files only, and no empty ones
            tskname = lambda n: re.sub(r"[\x00-\x1f]", "^", n)
            twant = {tskname(r): e for r, e in want.items()
                     if e[0] == "f" and e[2] > 0}
            # (symlinks come out as files holding the target)
            links = {tskname(r) for r, e in want.items() if e[0] == "l"}
            tgot = {r: e for r, e in got.items()
                    if e[0] == "f" and r not in links}
            probs += compare(twant, tgot, "sleuthkit", keys=("size", "data"))
            r = subprocess.run(["fls", "-r", "-p", image],
                               capture_output=True, text=True)
            listed = {}
            for line in r.stdout.splitlines():
                head, _, path = line.partition(":\t")
                if "*" in head or not path or path.startswith("$Orphan"):
                    continue	# deleted entries, sleuthkit's own
                listed[path] = head.split()[0].split("/")[0]
            kinds = {"d": "d", "f": "r", "l": "l", "p": "p"}
            for rel, e in want.items():
                if listed.get(tskname(rel)) != kinds.get(e[0]):
                    probs.append("sleuthkit fls: %s: %s, expected %s" %
                                 (rel, listed.get(tskname(rel)),
                                  kinds.get(e[0])))
            extra = set(listed) - set(tskname(r) for r in want)
            for rel in sorted(extra):
                probs.append("sleuthkit fls: %s: unexpected" % rel)
            print("sleuthkit: %d files recovered, %d entries listed" %
                  (sum(1 for e in got.values() if e[0] == "f"), len(listed)))
    for p in probs[:40]:
        print("PROBLEM " + p)
    if len(probs) > 40:
        print("... %d more problems" % (len(probs) - 40))
    return 0 if not probs else 1


def main():
    a = sys.argv[1:]
    if len(a) == 4 and a[0] == "expect":
        expect(a[1], a[2], a[3])
        return 0
    if len(a) == 3 and a[0] == "manifest":
        manifest(a[1], a[2])
        return 0
    if len(a) in (3, 4) and a[0] == "verify":
        return verify(a[1], a[2], len(a) == 4 and a[3] == "--sleuthkit")
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
