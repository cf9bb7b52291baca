# SPDX-License-Identifier: BSD-2-Clause
"""ktap.py - a tolerant KTAP (version 1) reader for the host side.

Nesting is by indentation (4 spaces a level, as the kernel prints it);
lines that are not KTAP (console noise) are ignored.  A test line closes
the subtest whose lines are indented one level deeper just above it.
"""
import re

RESULT = re.compile(r"^(not ok|ok)\s+(\d+)\s*(?:-\s*)?([^#]*?)\s*(?:#\s*(.*))?$")


class Node:
    def __init__(self, name="", ok=True, directive=None):
        self.name = name
        self.ok = ok
        self.directive = directive
        self.children = []
        self.diags = []
        self.plan = None


def parse(text):
    """Parse KTAP text into a tree of Nodes; returns the root."""
    root = Node("<root>")
    # pending[level] = children gathered at that indentation level,
    # waiting for the test line one level up that owns them.
    pending = {0: []}
    diags = {0: []}
    plans = {}
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
            # A subtest whose plan promised more than it delivered failed.
            if node.plan is not None and node.plan != len(node.children):
                node.ok = False
                node.diags.append("# plan %d, got %d results"
                                  % (node.plan, len(node.children)))
            pending.setdefault(level, []).append(node)
            continue
        if re.match(r"^1\.\.\d+$", stripped):
            plans[level] = int(stripped[3:])
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
    return root


def leaves(root):
    """[(path, ok, directive, diags)] for every leaf test."""
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
    return out
