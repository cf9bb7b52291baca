# Positive self-test suite for the accelerator and retry self-tests
# (scripts/check): a module that passes, in as short a boot as can be.
# vm-timeout: 60
vm_kmod_test "kmod-ktap" hx_smoke
