# Negative self-test: a module whose init never returns must fail the run
# with a timeout that names this test.
# vm-timeout: 20
vm_test "load-hang" modprobe hx_hang
