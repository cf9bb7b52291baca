# Negative self-test: a taint flag that appears during the suite (here U,
# with nothing on the console) must fail the run.
# vm-timeout: 60
vm_test "load-taint" modprobe hx_taint
vm_test "unload-taint" rmmod hx_taint
