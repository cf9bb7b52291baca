# SPDX-License-Identifier: BSD-2-Clause
#
# Untrusted images through every door (issue 15 point 9):
#  - build/user/rumpffs-asan: the tool built with ASan+UBSan
#    (-fno-sanitize-recover=all), core from libffs-asan.a;
#  - build/user/test-ffscrashers-asan: tests/ffs/crashers_replay.sh, which
#    replays ../shared/testdata/ffs/crashers through every rumpffs command
#    with that build (make check SUITE=ffscrashers).
# Self-contained: needs only the variables of Makefile and mk/ffs.mk.

$(UB)/rumpffs-asan: $(RUMPFFS_SRC) $(wildcard tools/rumpffs/*.h) $(UB)/libffs-asan.a $(UB)/librump-asan.a $(UB)/librumpuser-asan.a
	$(CLANG) $(ASAN) $(FFS_HOST_CFLAGS) -pthread $(RUMPFFS_SRC) \
		$(UB)/libffs-asan.a $(UB)/librump-asan.a $(UB)/librumpuser-asan.a -o $@

$(UB)/test-ffscrashers-asan: tests/ffs/crashers_replay.sh | $(UB)/rumpffs-asan
	install -m 755 $< $@

USER_TOOLS += $(UB)/rumpffs-asan
USER_TESTS += $(UB)/test-ffscrashers-asan
