# Negative self-test: a kmalloc red zone overwritten must fail the run
# with SLUB's "BUG kmalloc-64 (...): ... Redzone overwritten" report.
# vm-timeout: 60
vm_test "load-redzone" modprobe hx_redzone
vm_test "unload" rmmod hx_redzone
