# SPDX-License-Identifier: BSD-2-Clause
#
# Userspace programs of the benchmarks: build/user/bench-getpid, a
# process's getpid(2) cost, a FIGURE of bench/kern without a ratio (shipped
# into the guest by its vm.sh: static).

$(UB)/bench-getpid: bench/kern/getpid_loop.c mk/bench.mk
	@mkdir -p $(UB)
	$(CC) -static -O2 $(WARN) $< -o $@

USER_TOOLS += $(UB)/bench-getpid
