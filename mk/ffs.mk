# SPDX-License-Identifier: BSD-2-Clause
#
# The FFS core (sys/fs/ffs, read side) in userspace: build/user/libffs{,-asan}.a
# compiled freestanding like sys/kern (SYS_CFLAGS/SYS_WARN of mk/kern.mk),
# the tool build/user/rumpffs, the test programs build/user/test-ffs{,-asan}
# (tests/ffs: portable t_*.c compiled like sys/, host-side *_user.c) and
# the libFuzzer target build/user/fuzz-ffs (make fuzz-ffs; not part of make).

# The bare core: the VFS adapter (ffs_vfs*.c, mk/ffsvfs.mk) is left out, so
# that tools, tests and fuzzers need no VFS.
FFS_SRC := $(filter-out sys/fs/ffs/ffs_vfs%.c,$(sort $(wildcard sys/fs/ffs/*.c)))
# (mk/kern.mk is included after this file: name its headers directly, and
# defer SYS_CFLAGS/SYS_WARN with $$ in the templates.)
FFS_HDR := $(wildcard sys/fs/ffs/*.h sys/include/kern/*.h include/rump/*.h)
FFS_INC := -I$(CURDIR)/sys/fs/ffs
FFS_TEST_SYS := $(sort $(wildcard tests/ffs/t_*.c))
FFS_TEST_HOST := $(sort $(wildcard tests/ffs/*_user.c)) tools/rumpffs/fsck.c \
	tools/rumpffs/newfs.c $(KTAP_USER_SRC)
FFS_TEST_HDR := $(wildcard tests/ffs/*.h) tests/lib/ktap.h tools/rumpffs/fsck.h \
	tools/rumpffs/newfs.h
# Host-side code that includes ffs_core.h next to libc headers.
FFS_HOST_CFLAGS := $(WARN) -I$(CURDIR)/include $(FFS_INC) -Itests/lib -Itests/ffs \
	-Itools/rumpffs -DFFS_TOP='"$(CURDIR)"'

# $(call ffs_lib,suffix,compiler,flags)
define ffs_lib
$(UB)/libffs$(1).a: $(FFS_SRC) $(FFS_HDR) mk/ffs.mk
	@mkdir -p $(UB)/ffs$(1)
	@rm -f $$@
	for f in $(FFS_SRC); do \
		$(2) $(3) $$(SYS_CFLAGS) $$(SYS_WARN) $(FFS_INC) -c $$$$f \
			-o $(UB)/ffs$(1)/$$$$(basename $$$$f .c).o || exit 1; \
	done
	ar rcs $$@ $(patsubst sys/fs/ffs/%.c,$(UB)/ffs$(1)/%.o,$(FFS_SRC))

$(UB)/test-ffs$(1): $(UB)/libffs$(1).a $(UB)/librump$(1).a $(UB)/librumpuser$(1).a $(FFS_TEST_SYS) $(FFS_TEST_HOST) $(FFS_TEST_HDR) tests/ffs/mkimages.sh | $(UB)/rumpffs
	@mkdir -p $(UB)/ffs$(1)/t
	for f in $(FFS_TEST_SYS); do \
		$(2) $(3) $$(SYS_CFLAGS) $$(SYS_WARN) $(FFS_INC) -Itests/lib -Itests/ffs -c $$$$f \
			-o $(UB)/ffs$(1)/t/$$$$(basename $$$$f .c).o || exit 1; \
	done
	$(2) $(3) $(FFS_HOST_CFLAGS) -pthread $(FFS_TEST_HOST) \
		$(patsubst tests/ffs/%.c,$(UB)/ffs$(1)/t/%.o,$(FFS_TEST_SYS)) \
		$(UB)/libffs$(1).a $(UB)/librump$(1).a $(UB)/librumpuser$(1).a -o $$@
endef

$(eval $(call ffs_lib,,$(CC),-O2 -g))
$(eval $(call ffs_lib,-asan,$(CLANG),$(ASAN)))

RUMPFFS_SRC := $(sort $(wildcard tools/rumpffs/*.c))
$(UB)/rumpffs: $(RUMPFFS_SRC) $(wildcard tools/rumpffs/*.h) $(UB)/libffs.a $(UB)/librump.a $(UB)/librumpuser.a
	$(CC) -O2 -g $(FFS_HOST_CFLAGS) -pthread $(RUMPFFS_SRC) \
		$(UB)/libffs.a $(UB)/librump.a $(UB)/librumpuser.a -o $@

USER_LIBS += $(UB)/libffs.a $(UB)/libffs-asan.a
USER_TOOLS += $(UB)/rumpffs

# The disks of the VM suite tests/ffsnewfs (Linux's ufs driver reads file
# systems made by rumpffs newfs), remade when the tool or script changes.
$(BUILD)/ffsnewfs/stamp: $(UB)/rumpffs tests/ffsnewfs/mkimages.sh tests/ffsnewfs/manifest.sh
	sh tests/ffsnewfs/mkimages.sh $(UB)/rumpffs $(BUILD)/ffsnewfs
USER_TOOLS += $(BUILD)/ffsnewfs/stamp
ifneq ($(wildcard tests/ffs/main_user.c),)
USER_TESTS += $(UB)/test-ffs $(UB)/test-ffs-asan
endif

# libFuzzer: mount + full walk + reads of one image per input.  The core is
# compiled into the fuzzer directly (coverage instrumentation), the rest of
# the kernel comes from the ASan librump.  Run: make fuzz-ffs FUZZ_TIME=60
FUZZ_TIME ?= 60
FUZZ_FLAGS := -O1 -g -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
$(UB)/fuzz-ffs: tests/ffs/fuzz_ffs.c tests/ffs/t_walk.c $(FFS_SRC) $(FFS_HDR) $(FFS_TEST_HDR) $(UB)/librump-asan.a $(UB)/librumpuser-asan.a
	@mkdir -p $(UB)/ffs-fuzz
	for f in $(FFS_SRC) tests/ffs/t_walk.c; do \
		$(CLANG) $(FUZZ_FLAGS) $(SYS_CFLAGS) $(SYS_WARN) $(FFS_INC) -Itests/lib -Itests/ffs -c $$f \
			-o $(UB)/ffs-fuzz/$$(basename $$f .c).o || exit 1; \
	done
	$(CLANG) $(FUZZ_FLAGS) $(FFS_HOST_CFLAGS) tests/ffs/fuzz_ffs.c \
		$(patsubst %.c,$(UB)/ffs-fuzz/%.o,$(notdir $(FFS_SRC) tests/ffs/t_walk.c)) \
		$(UB)/librump-asan.a $(UB)/librumpuser-asan.a -pthread -o $@

# The patch-list variant (tests/ffs/fuzz_ffs_patch.c): inputs are byte
# patches over the tiny images.  Run: make fuzz-ffs-patch FUZZ_TIME=60
$(UB)/fuzz-ffs-patch: tests/ffs/fuzz_ffs_patch.c $(UB)/fuzz-ffs
	$(CLANG) $(FUZZ_FLAGS) $(FFS_HOST_CFLAGS) tests/ffs/fuzz_ffs_patch.c \
		$(patsubst %.c,$(UB)/ffs-fuzz/%.o,$(notdir $(FFS_SRC) tests/ffs/t_walk.c)) \
		$(UB)/librump-asan.a $(UB)/librumpuser-asan.a -pthread -o $@

.PHONY: fuzz-ffs fuzz-ffs-patch ffs-clang-check
fuzz-ffs-patch: $(UB)/fuzz-ffs-patch $(UB)/test-ffs
	$(UB)/test-ffs seeds >/dev/null
	@mkdir -p $(BUILD)/ffs-fuzz-patch-corpus
	$(UB)/fuzz-ffs-patch -max_total_time=$(FUZZ_TIME) -max_len=4096 -rss_limit_mb=4096 \
		-timeout=10 $(BUILD)/ffs-fuzz-patch-corpus

fuzz-ffs: $(UB)/fuzz-ffs $(UB)/test-ffs
	$(UB)/test-ffs seeds >/dev/null
	@mkdir -p $(BUILD)/ffs-fuzz-corpus
	$(UB)/fuzz-ffs -max_total_time=$(FUZZ_TIME) -max_len=1048576 -rss_limit_mb=4096 \
		-timeout=10 $(BUILD)/ffs-fuzz-corpus $(BUILD)/ffs-seeds

# Compile sys/fs/ffs with clang as well, warnings only (gcc builds the lib).
ffs-clang-check:
	@for f in $(FFS_SRC); do \
		$(CLANG) -O2 $(SYS_CFLAGS) $(SYS_WARN) $(FFS_INC) -fsyntax-only $$f || exit 1; \
	done
