# Negative self-test: a write after free must fail the run with SLUB's
# "BUG hx_poison (...): Poison overwritten" report.
# vm-timeout: 60
vm_test "load-poison" modprobe hx_poison
vm_test "unload" rmmod hx_poison
