# Negative self-test: a module that WARNs must fail the run.
# vm-timeout: 60
vm_test "load-warn" modprobe hx_warn
