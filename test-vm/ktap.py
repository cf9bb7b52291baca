# SPDX-License-Identifier: BSD-2-Clause
"""ktap.py - a tolerant KTAP (version 1) reader for the host side.

Nesting is by indentation (4 spaces a level, as the kernel prints it);
lines that are not KTAP (console noise) are ignored.  A test line closes
the subtest whose lines are indented one level deeper just above it.

Tolerant of noise, strict about counts: at every level, the root
included, the plan `1..N` must be there and match the results that came,
and a subtest that ran nothing (no results, or `1..0`) is a failure unless
its own line says SKIP.  Nothing that ran nothing is a pass.
"""
import re

RESULT = re.compile(r"^(not ok|ok)\s+(\d+)\s*(?:-\s*)?([^#]*?)\s*(?:#\s*(.*))?$")
PLAN = re.compile(r"^1\.\.(\d+)$")
# Lines that open a subtest: any of them at level L+1 makes the test line
# at level L a subtest, even if no result follows (an empty subtest).
HEADER = re.compile(r"^(KTAP version \d+|# Subtest: .*)$")


class Node:
    def __init__(self, name="", ok=True, directive=None):
        self.name = name
        self.ok = ok
        self.directive = directive
        self.children = []
        self.diags = []
        self.plan = None


def skipped(directive):
    return bool(directive) and directive.upper().startswith("SKIP")


def plan_problem(plan, nresults, opened):
    """Why a (sub)test's plan and results disagree, or None."""
    if not opened and not nresults:
        return None             # a plain leaf test
    if plan is None:
        return "no plan (1..N) but %d results" % nresults
    if plan != nresults:
        return "plan %d, got %d results" % (plan, nresults)
    if nresults == 0:
        return "empty subtest (1..0): it ran nothing"
    return None


def parse(text):
    """Parse KTAP text into a tree of Nodes; returns the root.

    The root's problems (no plan, plan mismatch, nothing ran) are in
    root.problem (None when sound); leaves() reports them.
    """
    root = Node("<root>")
    # pending[level] = children gathered at that indentation level,
    # waiting for the test line one level up that owns them.
    pending = {0: []}
    diags = {0: []}
    plans = {}
    opened = set()
    for raw in text.replace("\r", "").splitlines():
        stripped = raw.lstrip(" ")
        indent = len(raw) - len(stripped)
        level = indent // 4
        if not stripped:
            continue
        m = RESULT.match(stripped)
        if m:
            node = Node(m.group(3).strip(), m.group(1) == "ok",
                        (m.group(4) or "").strip() or None)
            node.children = pending.pop(level + 1, [])
            node.diags = diags.pop(level, [])
            diags.pop(level + 1, None)
            node.plan = plans.pop(level + 1, None)
            was_opened = (level + 1) in opened
            opened.discard(level + 1)
            # A subtest whose plan promised other than it delivered, or
            # that ran nothing, failed (a SKIPped one ran nothing on
            # purpose and says so -- but only if it promised nothing:
            # no plan, or 1..0).
            why = plan_problem(node.plan, len(node.children), was_opened)
            if why and not (skipped(node.directive) and
                            not node.children and not node.plan):
                node.ok = False
                node.diags.append("# " + why)
            pending.setdefault(level, []).append(node)
            continue
        m = PLAN.match(stripped)
        if m:
            plans[level] = int(m.group(1))
            opened.add(level)
            continue
        if HEADER.match(stripped):
            opened.add(level)
            continue
        if stripped.startswith("#"):
            diags.setdefault(level, []).append(stripped)
    root.children = pending.get(0, [])
    root.plan = plans.get(0)
    # Orphans: deeper results whose parent line never came (truncated run).
    for lvl in sorted(k for k in pending if k > 0):
        for n in pending[lvl]:
            n.name = n.name + " (parent result missing)"
            n.ok = False
            root.children.append(n)
    root.problem = plan_problem(root.plan, len(root.children), True)
    return root


def leaves(root):
    """[(path, ok, directive, diags)] for every leaf test.

    A root whose plan is missing or wrong, or that ran nothing, adds a
    failing leaf ["<plan>"] with the reason.
    """
    out = []

    def walk(node, path):
        for c in node.children:
            p = path + [c.name]
            if c.children:
                before = len(out)
                walk(c, p)
                # A parent that failed without a failing child (plan
                # mismatch, rmmod failure) counts as its own failure.
                if not c.ok and all(ok for _, ok, _, _ in out[before:]):
                    out.append((p + ["<suite verdict>"], False, None,
                                c.diags))
            else:
                out.append((p, c.ok, c.directive, c.diags))
    walk(root, [])
    problem = getattr(root, "problem", None)
    if problem:
        out.append((["<plan>"], False, None, ["# " + problem]))
    return out
