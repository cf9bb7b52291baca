# SPDX-License-Identifier: BSD-2-Clause
# Harness smoke suite: the guest runs, a KTAP test module loads, reports ok
# and unloads, and the project's modules are all installed.
# vm-timeout: 60

vm_test "guest-alive" test -d /sys/kernel/debug
vm_kmod_test "kmod-ktap" hx_smoke
vm_test "smoke-unloaded" sh -c '! grep -q "^hx_smoke " /proc/modules'
vm_test "modules-installed" sh -c 'ls /lib/modules/$(uname -r)/extra/*.ko >/dev/null'
