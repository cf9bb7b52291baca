# Negative self-test: a module whose KTAP says "not ok" must fail the run.
# vm-timeout: 60
vm_kmod_test "ktap-notok" hx_notok
