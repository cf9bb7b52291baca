# Self-test of TEST=: run with --test arith, only hx_smoke's case "arith"
# may run (through the module's only= parameter) and must be counted; with
# a name nothing has, the run must fail ("no test named ...").
# vm-timeout: 60
vm_test "shell-test" true
vm_kmod_test "kmod-ktap" hx_smoke
