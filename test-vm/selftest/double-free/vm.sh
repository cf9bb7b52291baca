# Negative self-test: a double free must fail the run with SLUB's
# "BUG kmalloc-64 (...): Object already free" report.
# vm-timeout: 60
vm_test "load-dfree" modprobe hx_dfree
vm_test "unload" rmmod hx_dfree
