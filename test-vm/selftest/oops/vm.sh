# Negative self-test: a module that oopses must fail the run.
# vm-timeout: 60
vm_test "load-oops" modprobe hx_oops
