# SPDX-License-Identifier: BSD-2-Clause
#
# Untrusted images through every door (issue 15 point 9).  Built by make:
#  - build/user/rumpffs-asan: the tool built with ASan+UBSan
#    (-fno-sanitize-recover=all), core from libffs-asan.a;
#  - build/user/test-ffscrashers-asan: tests/ffs/crashers_replay.sh, which
#    replays ../shared/testdata/ffs/crashers through every rumpffs command
#    with that build (make check SUITE=ffscrashers);
#  - build/user/test-ffsfuzz-asan: tests/ffs/fuzzcheck.c, the cg-counter
#    cases and the replay of tests/ffs/fuzz-corpus/ through the fuzz
#    targets' own code (make check SUITE=ffsfuzz).
# Not built by make (libFuzzer; make fuzz-ffs-X FUZZ_TIME=s, one at a time):
#  fuzz-ffs-cg, fuzz-ffs-tool, fuzz-ffs-fsck (below).
# Self-contained: needs only the variables of Makefile and mk/ffs.mk, and
# the objects of build/user/fuzz-ffs and test-ffs-asan (mk/ffs.mk).

$(UB)/rumpffs-asan: $(RUMPFFS_SRC) $(wildcard tools/rumpffs/*.h) $(UB)/libffs-asan.a $(UB)/librump-asan.a $(UB)/librumpuser-asan.a
	$(CLANG) $(ASAN) $(FFS_HOST_CFLAGS) -pthread $(RUMPFFS_SRC) \
		$(UB)/libffs-asan.a $(UB)/librump-asan.a $(UB)/librumpuser-asan.a -o $@

$(UB)/test-ffscrashers-asan: tests/ffs/crashers_replay.sh | $(UB)/rumpffs-asan
	install -m 755 $< $@

USER_TOOLS += $(UB)/rumpffs-asan
USER_TESTS += $(UB)/test-ffscrashers-asan

# ---- structure-aware fuzz targets (libFuzzer, clang; not part of make) ----
#  fuzz-ffs-cg:   cg/cluster counter mutations (tests/ffs/cgmut.c) + the
#                 write phase + rumpffs fsck   (make fuzz-ffs-cg FUZZ_TIME=60)
#  fuzz-ffs-tool: byte patches + fsck and every read command of the tool
#                 in-process                   (make fuzz-ffs-tool FUZZ_TIME=60)
# The core and t_walk objects are those of $(UB)/fuzz-ffs (mk/ffs.mk);
# the tool sources are compiled in, instrumented.
FUZZ_TOOL_SRC := tools/rumpffs/fsck.c tools/rumpffs/newfs.c \
	tools/rumpffs/rumpffs.c tools/rumpffs/write.c
FUZZ_CORE_OBJ = $(patsubst %.c,$(UB)/ffs-fuzz/%.o,$(notdir $(FFS_SRC) tests/ffs/t_walk.c))
FUZZ_HDR := tests/ffs/cgmut.h tests/ffs/fuzz_bases.h tests/ffs/tf.h \
	$(wildcard tools/rumpffs/*.h)

$(UB)/ffs-fuzz/cgmut.o: tests/ffs/cgmut.c $(FUZZ_HDR) $(FFS_HDR) $(UB)/fuzz-ffs
	$(CLANG) $(FUZZ_FLAGS) $(SYS_CFLAGS) $(SYS_WARN) $(FFS_INC) -Itests/lib \
		-Itests/ffs -c $< -o $@

# The tool target caps what get writes with RLIMIT_FSIZE and ignores
# SIGXFSZ (the write fails with EFBIG): libFuzzer must not catch it.
FUZZ_OPTS_tool := -handle_xfsz=0

# $(call ffs_fuzz_target,name)
define ffs_fuzz_target
$(UB)/fuzz-ffs-$(1): tests/ffs/fuzz_ffs_$(1).c tests/ffs/fuzz_bases.c $(UB)/ffs-fuzz/cgmut.o $(FUZZ_TOOL_SRC) $(FUZZ_HDR)
	$(CLANG) $(FUZZ_FLAGS) $(FFS_HOST_CFLAGS) -DRUMPFFS_NO_MAIN \
		tests/ffs/fuzz_ffs_$(1).c tests/ffs/fuzz_bases.c $(FUZZ_TOOL_SRC) \
		$(UB)/ffs-fuzz/cgmut.o $$(FUZZ_CORE_OBJ) \
		$(UB)/librump-asan.a $(UB)/librumpuser-asan.a -pthread -o $$@

.PHONY: fuzz-ffs-$(1)
fuzz-ffs-$(1): $(UB)/fuzz-ffs-$(1) $(UB)/test-ffs
	$(UB)/test-ffs seeds >/dev/null
	@mkdir -p $(BUILD)/ffs-fuzz-$(1)-corpus
	$(UB)/fuzz-ffs-$(1) -max_total_time=$(FUZZ_TIME) -max_len=4096 \
		-rss_limit_mb=4096 -timeout=20 -jobs=1 $(FUZZ_OPTS_$(1)) \
		$(BUILD)/ffs-fuzz-$(1)-corpus tests/ffs/fuzz-corpus/$(1)
endef
$(eval $(call ffs_fuzz_target,cg))
$(eval $(call ffs_fuzz_target,tool))

# fuzz-ffs-fsck: fuzz_ffs.c (raw images, the make fuzz-ffs corpus) with
# rumpffs fsck of every input as well (make fuzz-ffs-fsck FUZZ_TIME=60).
$(UB)/fuzz-ffs-fsck: tests/ffs/fuzz_ffs.c $(UB)/fuzz-ffs $(FUZZ_TOOL_SRC) $(FUZZ_HDR)
	$(CLANG) $(FUZZ_FLAGS) $(FFS_HOST_CFLAGS) -DFFS_FUZZ_FSCK \
		tests/ffs/fuzz_ffs.c tools/rumpffs/fsck.c $(FUZZ_CORE_OBJ) \
		$(UB)/librump-asan.a $(UB)/librumpuser-asan.a -pthread -o $@

.PHONY: fuzz-ffs-fsck
fuzz-ffs-fsck: $(UB)/fuzz-ffs-fsck $(UB)/test-ffs
	$(UB)/test-ffs seeds >/dev/null
	@mkdir -p $(BUILD)/ffs-fuzz-corpus
	$(UB)/fuzz-ffs-fsck -max_total_time=$(FUZZ_TIME) -max_len=1048576 \
		-rss_limit_mb=4096 -timeout=20 -jobs=1 \
		$(BUILD)/ffs-fuzz-corpus $(BUILD)/ffs-seeds

# ---- their deterministic replay in make check: test-ffsfuzz-asan ----
# tests/ffs/fuzzcheck.c with the cg, tool and patch targets compiled
# in (entry points renamed), ASan+UBSan, no libFuzzer: the committed
# corpora tests/ffs/fuzz-corpus/{cg,tool,patch} replay through the very
# code the fuzzers run, plus the cg-counter cases.
FFSFUZZ_SRC := tests/ffs/fuzzcheck.c tests/ffs/fuzz_bases.c \
	$(FUZZ_TOOL_SRC) $(KTAP_USER_SRC)
$(UB)/ffs-asan/cgmut.o: tests/ffs/cgmut.c $(FUZZ_HDR) $(FFS_HDR) $(UB)/test-ffs-asan
	$(CLANG) $(ASAN) $(SYS_CFLAGS) $(SYS_WARN) $(FFS_INC) -Itests/lib \
		-Itests/ffs -c $< -o $@

$(UB)/test-ffsfuzz-asan: $(FFSFUZZ_SRC) tests/ffs/fuzz_ffs_cg.c tests/ffs/fuzz_ffs_tool.c tests/ffs/fuzz_ffs_patch.c $(FUZZ_HDR) $(UB)/ffs-asan/cgmut.o $(UB)/libffs-asan.a $(UB)/librump-asan.a $(UB)/librumpuser-asan.a $(UB)/test-ffs-asan | $(UB)/test-ffs
	@mkdir -p $(UB)/ffsfuzz
	$(CLANG) $(ASAN) $(FFS_HOST_CFLAGS) -DLLVMFuzzerInitialize=fz_cg_init \
		-DLLVMFuzzerTestOneInput=fz_cg_one -c tests/ffs/fuzz_ffs_cg.c \
		-o $(UB)/ffsfuzz/cg.o
	$(CLANG) $(ASAN) $(FFS_HOST_CFLAGS) -DLLVMFuzzerInitialize=fz_tool_init \
		-DLLVMFuzzerTestOneInput=fz_tool_one -c tests/ffs/fuzz_ffs_tool.c \
		-o $(UB)/ffsfuzz/tool.o
	$(CLANG) $(ASAN) $(FFS_HOST_CFLAGS) -DLLVMFuzzerInitialize=fz_patch_init \
		-DLLVMFuzzerTestOneInput=fz_patch_one -c tests/ffs/fuzz_ffs_patch.c \
		-o $(UB)/ffsfuzz/patch.o
	$(CLANG) $(ASAN) $(FFS_HOST_CFLAGS) -DRUMPFFS_NO_MAIN -pthread \
		$(FFSFUZZ_SRC) $(UB)/ffsfuzz/cg.o $(UB)/ffsfuzz/tool.o \
		$(UB)/ffsfuzz/patch.o $(UB)/ffs-asan/cgmut.o \
		$(UB)/ffs-asan/t/t_walk.o $(UB)/libffs-asan.a \
		$(UB)/librump-asan.a $(UB)/librumpuser-asan.a -o $@

USER_TESTS += $(UB)/test-ffsfuzz-asan
