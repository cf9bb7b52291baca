#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""unit.py - the host side's verdict rules, tested without a VM: the KTAP
reader (test-vm/ktap.py) and the console/taint rules
(test-vm/complaints.py).  Prints KTAP, one result per test; run by
scripts/check in the self-test lane.  Each case is a rule the reader or
scanner once lacked (or must keep)."""
import os
import sys
import traceback
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
import complaints  # noqa: E402
import ktap  # noqa: E402


def verdicts(text):
    return [("/".join(p), ok) for p, ok, _, _ in
            ktap.leaves(ktap.parse(text))]


def sub(name, plan, results, ok=True, directive=""):
    """A one-level KTAP subtest as a kernel test module prints it."""
    lines = ["    KTAP version 1", "    # Subtest: " + name]
    if plan is not None:
        lines.append("    1..%d" % plan)
    lines += ["    %s" % r for r in results]
    lines.append("%s 1 %s%s" % ("ok" if ok else "not ok", name,
                                " # " + directive if directive else ""))
    return lines


class Ktap(unittest.TestCase):
    def test_sound_nested_passes(self):
        t = "\n".join(["KTAP version 1", "1..1"] +
                      sub("fam", 2, ["ok 1 a", "ok 2 b"]))
        self.assertEqual(verdicts(t), [("fam/a", True), ("fam/b", True)])

    def test_root_plan_mismatch_fails(self):
        t = "KTAP version 1\n1..3\nok 1 a\nok 2 b\n"
        self.assertIn(("<plan>", False), verdicts(t))

    def test_root_without_plan_fails(self):
        self.assertIn(("<plan>", False), verdicts("ok 1 a\n"))

    def test_root_empty_fails(self):
        self.assertEqual(verdicts("KTAP version 1\n1..0\n"),
                         [("<plan>", False)])

    def test_no_output_is_no_pass(self):
        self.assertFalse(any(ok for _, ok in verdicts("")))

    def test_subtest_plan_mismatch_fails(self):
        t = "\n".join(["1..1"] + sub("fam", 3, ["ok 1 a"]))
        self.assertIn(False, [ok for _, ok in verdicts(t)])

    def test_empty_subtest_fails(self):
        # The suite line says ok, but it ran nothing: 1..0.
        t = "\n".join(["1..1"] + sub("fam", 0, []))
        self.assertEqual(verdicts(t), [("fam", False)])

    def test_opened_subtest_without_results_fails(self):
        t = "\n".join(["1..1"] + sub("fam", None, []))
        self.assertEqual(verdicts(t), [("fam", False)])

    def test_subtest_without_plan_fails(self):
        t = "\n".join(["1..1"] + sub("fam", None, ["ok 1 a"]))
        self.assertIn(False, [ok for _, ok in verdicts(t)])

    def test_skipped_empty_subtest_is_a_skip(self):
        t = "\n".join(["1..1"] + sub("fam", 0, [], directive="SKIP no x"))
        self.assertEqual(verdicts(t), [("fam", True)])

    def test_skipped_subtest_that_promised_results_fails(self):
        t = "\n".join(["1..1", "    KTAP version 1", "    # Subtest: fam",
                       "    1..3", "ok 1 fam # SKIP said it would run"])
        self.assertEqual(verdicts(t), [("fam", False)])

    def test_plain_skip_leaf(self):
        self.assertEqual(verdicts("1..1\nok 1 a # SKIP no disk\n"),
                         [("a", True)])

    def test_deep_plan_mismatch_fails(self):
        # The guest nests a module's report under a suite: every level.
        inner = ["    " + ln for ln in sub("fam", 2, ["ok 1 a"])]
        t = "\n".join(["1..1", "    KTAP version 1", "    1..1"] + inner +
                      ["ok 1 suite"])
        self.assertIn(False, [ok for _, ok in verdicts(t)])


SLUB_REPORTS = [
    "[    3.101011] BUG kmalloc-64 (Not tainted): Redzone overwritten",
    "BUG kmalloc-64 (Tainted: G           O      ): Right Redzone "
    "overwritten",
    "BUG kmalloc-128 (Not tainted): Left Redzone overwritten",
    "BUG hx_poison (Tainted: G           O      ): Poison overwritten",
    "BUG kmalloc-64 (Tainted: G    B      O      ): Object already free",
    "BUG dentry (Not tainted): Padding overwritten. 0x00000000a1b2c3d4-"
    "0x00000000a1b2c3ff @offset=4032",
    "BUG kmalloc-64 (Not tainted): Freepointer corrupt",
    "BUG kmalloc-64 (Not tainted): Freechain corrupt",
    "BUG kmalloc-64 (Not tainted): Wrong object count. Counter is 3 but "
    "counted were 4",
    "BUG hx_poison (Tainted: G    B      O      ): Objects remaining in "
    "hx_poison on __kmem_cache_shutdown()",
    "BUG kmalloc-64 (Not tainted): Invalid object pointer 0x000000001234",
    "BUG kmalloc-1k (Not tainted): Alignment padding overwritten",
    "BUG skbuff_head_cache (Not tainted): Object padding overwritten",
]


class Console(unittest.TestCase):
    def test_every_slub_report_form(self):
        for line in SLUB_REPORTS:
            self.assertEqual(complaints.scan_console("x\n" + line + "\n"),
                             ("slub", line.strip()), line)

    def test_taint_b_in_a_stack_dump(self):
        line = ("CPU: 0 PID: 97 Comm: modprobe Tainted: G    B      O"
                "       6.1.0-57-amd64 #1  Debian 6.1.158-1")
        self.assertEqual(complaints.scan_console(line),
                         ("taint-bad-page", line))

    def test_ordinary_lines_are_no_complaint(self):
        for line in ["CPU: 1 PID: 5 Comm: insmod Tainted: G           OE"
                     "      6.1.0-57-amd64 #1",
                     "rumpuser: loaded (Not tainted)",
                     "hx_redzone: writing byte 64 of a 64-byte object",
                     "FIX kmalloc-64: Restoring Right Redzone 0x1-0x2=0xcc",
                     "Kernel command line: slub_debug=FZP panic_on_warn=1"]:
            self.assertIsNone(complaints.scan_console(line), line)

    def test_other_complaints_keep_their_kinds(self):
        self.assertEqual(complaints.scan_console(
            "BUG: kernel NULL pointer dereference, address: 0")[0], "bug")
        self.assertEqual(complaints.scan_console(
            "WARNING: CPU: 0 PID: 1 at x.c:1 f+0x1/0x2")[0], "warn")


class Taint(unittest.TestCase):
    def test_our_modules_flags_are_allowed(self):
        self.assertEqual(complaints.new_taint(0, 4096 | 8192), [])

    def test_new_flag_fails(self):
        self.assertEqual(complaints.new_taint(4096, 4096 | 64),
                         ["U taint requested by user"])

    def test_flag_present_before_is_not_new(self):
        self.assertEqual(complaints.new_taint(512, 512 | 4096), [])

    def test_finished_without_taint_report_fails(self):
        res = "KTAP version 1\n1..1\n# vm-done\n"
        self.assertEqual([k for k, _ in complaints.taint_failures(res, "s")],
                         ["taint"])

    def test_unfinished_run_has_no_taint_verdict(self):
        self.assertEqual(complaints.taint_failures("1..1\n", "s"), [])

    def test_reported_taint_unchanged_passes(self):
        res = ("# vm-taint-start: 12288\n# vm-taint-end: 12288\n"
               "# vm-done\n")
        self.assertEqual(complaints.taint_failures(res, "s"), [])


def main():
    tests = list(unittest.defaultTestLoader.loadTestsFromTestCase(c)
                 for c in (Ktap, Console, Taint))
    cases = [t for s in tests for t in s]
    print("KTAP version 1")
    print("1..%d" % len(cases))
    failed = 0
    for i, case in enumerate(cases, 1):
        res = unittest.TestResult()
        case.run(res)
        bad = res.failures + res.errors
        for _, tb in bad:
            for line in tb.strip().splitlines()[-6:]:
                print("# " + line)
        name = "%s.%s" % (type(case).__name__, case._testMethodName)
        print("%s %d %s" % ("not ok" if bad else "ok", i, name))
        failed += bool(bad)
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:
        traceback.print_exc()
        sys.exit(2)
