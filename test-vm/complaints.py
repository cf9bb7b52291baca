# SPDX-License-Identifier: BSD-2-Clause
"""complaints.py - what in a guest's console log or taint fails a run.

Kernel complaints fail a run whatever the KTAP verdict says; so does a
taint flag that appeared while the suite ran (other than the ones loading
our own modules sets).  Sample lines of every form are in
test-vm/selftest/unit.py.
"""
import re

# SLUB's debug reports (slub_debug=FZP is on the guest's command line)
# all start with slab_bug(): "BUG <cache> (<taint>): <what>", no colon
# after BUG: "BUG kmalloc-64 (Not tainted): Redzone overwritten",
# "... Poison overwritten", "... Left Redzone overwritten", "... Object
# already free", "... Padding overwritten. 0x...", "... Freepointer
# corrupt", "... Wrong object count...", "... Objects remaining in X on
# __kmem_cache_shutdown()".  The taint part is "Not tainted" or
# "Tainted: G    B  O" (one column per flag).
SLUB_BUG = re.compile(r"\bBUG [^\s()]+ \((?:Not tainted|Tainted:[^)]*)\): \S")
# Flag B (bad page: SLUB and the page allocator set it with every report)
# in the "Tainted:" column string of a stack dump or report header.
TAINT_B = re.compile(r"\bTainted: [A-Z ]*B")

COMPLAINTS = [
    ("slub", SLUB_BUG),
    ("warn", re.compile(r"WARNING: ")),
    ("bug", re.compile(r"\bBUG: ")),
    ("oops", re.compile(r"\bOops\b|general protection fault|kernel BUG at")),
    ("lockup", re.compile(r"soft lockup|hard LOCKUP")),
    ("hung", re.compile(r"blocked for more than \d+ seconds")),
    ("rcu", re.compile(r"rcu_\w+ (self-)?detected stall|RCU stall")),
    ("atomic", re.compile(r"scheduling while atomic")),
    ("kasan", re.compile(r"KASAN|UBSAN:")),
    ("panic", re.compile(r"Kernel panic - not syncing")),
    ("taint-bad-page", TAINT_B),
]


def scan_console(text):
    """First kernel complaint in the console log, as (kind, line)."""
    found = scan_console_at(text)
    return found[:2] if found else None


# The guest runner prints "=== vm_test SUITE/NAME: ..." on the console as
# each test starts (test-vm/guest/lib.sh).
TEST_START = re.compile(r"^=== vm_(?:kmod_)?test (\S+?):")


def scan_console_at(text):
    """(kind, line, test) of the first complaint: test is the one whose
    start the console showed last before it (None: before any test)."""
    test = None
    for line in text.splitlines():
        m = TEST_START.match(line)
        if m:
            test = m.group(1)
            continue
        if "Kernel command line:" in line:
            continue
        for kind, rx in COMPLAINTS:
            if rx.search(line):
                return kind, line.strip(), test
    return None


# Bit numbers of /proc/sys/kernel/tainted (Documentation/admin-guide/
# tainted-kernels.rst), with their letters.
TAINT_FLAGS = {
    0: "P proprietary module", 1: "F forced module load",
    2: "S out of spec system", 3: "R forced module unload",
    4: "M machine check", 5: "B bad page", 6: "U taint requested by user",
    7: "D kernel died", 8: "A ACPI table overridden", 9: "W warning",
    10: "C staging driver", 11: "I firmware workaround",
    12: "O out-of-tree module", 13: "E unsigned module",
    14: "L soft lockup", 15: "K live patch", 16: "X auxiliary",
    17: "T struct randomization", 18: "N test",
}
# Loading our own modules sets these: out-of-tree, unsigned.
TAINT_ALLOWED = (1 << 12) | (1 << 13)


def new_taint(before, after):
    """Names of the taint flags set in after but not before (allowed
    flags excepted); [] if none."""
    new = after & ~before & ~TAINT_ALLOWED
    return [TAINT_FLAGS.get(b, "bit %d" % b) for b in range(64)
            if new & (1 << b)]


def taint_failures(res, name):
    """The guest prints /proc/sys/kernel/tainted as the suite starts and
    ends: a flag that appeared in between fails the run."""
    m0 = re.search(r"^# vm-taint-start: (\d+)", res, re.M)
    m1 = re.search(r"^# vm-taint-end: (\d+)", res, re.M)
    if not (m0 and m1):
        # A guest that finished must have said both: an unread taint is
        # not a clean one.  (An unfinished run fails for that already.)
        if "# vm-done" in res:
            return [("taint", "suite %s finished without reporting the "
                     "kernel's taint (vm-taint-start/end missing)" % name)]
        return []
    new = new_taint(int(m0.group(1)), int(m1.group(1)))
    if not new:
        return []
    return [("taint", "the kernel became tainted during suite %s: %s "
             "(tainted %s -> %s)" % (name, ", ".join(new), m0.group(1),
                                     m1.group(1)))]
