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
# Objects are the per-flavour ones of the top Makefile (mk/README.md),
# shared with mk/ffs.mk; the few that need a define of their own have a
# direct rule (fuzz_obj).

$(eval $(call user_prog,$(UB)/rumpffs-asan,-asan,$(RUMPFFS_SRC),$(UB)/libffs-asan.a $(UB)/librump-asan.a $(UB)/librumpuser-asan.a))

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
# The tool's commands without its main() (tools/rumpffs/main.c).
FUZZ_TOOL_SRC := tools/rumpffs/fsck.c tools/rumpffs/newfs.c \
	tools/rumpffs/rumpffs.c tools/rumpffs/write.c
# The counter mutator is freestanding, like sys/ (it includes ffs_core.h).
SYS_OBJ_SRC += tests/ffs/cgmut.c

# Objects that need a define of their own (a libFuzzer entry point renamed,
# fsck compiled into a target): one direct rule each, with its own object
# path and dependency file.
# $(call fuzz_obj,OBJECT,FLAVOUR,SOURCE,DEFINES)
define fuzz_obj
USER_OBJS += $(1)
$(1): $(3) $(UB)/obj$(2)/.flags
	@mkdir -p $$(@D)
	$$(FCC$(2)) $$(FCFLAGS$(2)) $$(call src_cflags,$(3)) $(4) -MMD -MP -c $(3) -o $$@
endef

# The tool target caps what get writes with RLIMIT_FSIZE and ignores
# SIGXFSZ (the write fails with EFBIG): libFuzzer must not catch it.
FUZZ_OPTS_tool := -handle_xfsz=0

# $(call ffs_fuzz_target,name)
define ffs_fuzz_target
$(call user_prog,$(UB)/fuzz-ffs-$(1),-fuzz,tests/ffs/fuzz_ffs_$(1).c tests/ffs/fuzz_bases.c tests/ffs/cgmut.c $(FUZZ_TOOL_SRC) $(FFS_FUZZ_SRC),$(FFS_FUZZ_LIBS))

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
$(eval $(call fuzz_obj,$(UB)/obj-fuzz/fsck/fuzz_ffs.o,-fuzz,tests/ffs/fuzz_ffs.c,-DFFS_FUZZ_FSCK))
$(eval $(call user_prog,$(UB)/fuzz-ffs-fsck,-fuzz,tools/rumpffs/fsck.c $(FFS_FUZZ_SRC),$(FFS_FUZZ_LIBS),$(UB)/obj-fuzz/fsck/fuzz_ffs.o $(FFS_FUZZ_LIBS)))
$(UB)/fuzz-ffs-fsck: $(UB)/obj-fuzz/fsck/fuzz_ffs.o

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
FFSFUZZ_REPLAY := $(foreach t,cg tool patch,$(UB)/obj-asan/fuzzreplay/$(t).o)
$(foreach t,cg tool patch,$(eval $(call fuzz_obj,$(UB)/obj-asan/fuzzreplay/$(t).o,-asan,tests/ffs/fuzz_ffs_$(t).c,-DLLVMFuzzerInitialize=fz_$(t)_init -DLLVMFuzzerTestOneInput=fz_$(t)_one)))
FFSFUZZ_SRC := tests/ffs/fuzzcheck.c tests/ffs/fuzz_bases.c tests/ffs/cgmut.c \
	tests/ffs/t_walk.c $(FUZZ_TOOL_SRC) $(KTAP_USER_SRC)
$(eval $(call user_prog,$(UB)/test-ffsfuzz-asan,-asan,$(FFSFUZZ_SRC),$(UB)/libffs-asan.a $(UB)/librump-asan.a $(UB)/librumpuser-asan.a,$(FFSFUZZ_REPLAY) $(UB)/libffs-asan.a $(UB)/librump-asan.a $(UB)/librumpuser-asan.a))
$(UB)/test-ffsfuzz-asan: $(FFSFUZZ_REPLAY) | $(UB)/test-ffs

USER_TESTS += $(UB)/test-ffsfuzz-asan
