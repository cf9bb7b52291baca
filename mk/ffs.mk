# SPDX-License-Identifier: BSD-2-Clause
#
# The FFS core (sys/fs/ffs, read side) in userspace: build/user/libffs{,-asan}.a
# compiled freestanding like sys/kern (SYS_CFLAGS/SYS_WARN of mk/kern.mk),
# the tool build/user/rumpffs, the test programs build/user/test-ffs{,-asan}
# (tests/ffs: portable t_*.c compiled like sys/, host-side *_user.c), the
# makefs images (build/ffs-images) and the libFuzzer targets
# build/user/fuzz-ffs{,-patch} (make fuzz-ffs / fuzz-ffs-patch; not part of
# make).

# The bare core: the VFS adapter (ffs_vfs*.c, mk/ffsvfs.mk) is left out, so
# that tools, tests and fuzzers need no VFS.  (Its objects are those of
# librumpfs_ffs: the same sources with the same flags.)
FFS_SRC := $(filter-out sys/fs/ffs/ffs_vfs%.c,$(sort $(wildcard sys/fs/ffs/*.c)))
FFS_HDR := $(wildcard sys/fs/ffs/*.h sys/include/kern/*.h include/rump/*.h)
FFS_INC := -I$(CURDIR)/sys/fs/ffs
FFS_TEST_SYS := $(sort $(wildcard tests/ffs/t_*.c))
FFS_TEST_HOST := $(sort $(wildcard tests/ffs/*_user.c)) tools/rumpffs/fsck.c \
	tools/rumpffs/newfs.c $(KTAP_USER_SRC)
FFS_TEST_HDR := $(wildcard tests/ffs/*.h) tests/lib/ktap.h tools/rumpffs/fsck.h \
	tools/rumpffs/newfs.h
# Host-side code that includes ffs_core.h next to libc headers.
FFS_XFLAGS := $(FFS_INC) -Itests/lib -Itests/ffs -Itools/rumpffs -DFFS_TOP='"$(CURDIR)"'
FFS_HOST_CFLAGS := $(WARN) -I$(CURDIR)/include $(FFS_XFLAGS)
SYS_OBJ_SRC += $(sort $(wildcard sys/fs/ffs/*.c)) $(FFS_TEST_SYS)
XFLAGS_sys/fs/ffs := $(FFS_INC)
XFLAGS_tests/ffs := $(FFS_XFLAGS)
XFLAGS_tools/rumpffs := $(FFS_XFLAGS)

# $(call ffs_flavour,FLAVOUR)
define ffs_flavour
$(call user_lib,libffs,$(1),$(FFS_SRC))
$(call user_prog,$(UB)/test-ffs$(1),$(1),$(FFS_TEST_SYS) $(FFS_TEST_HOST),$(UB)/libffs$(1).a $(UB)/librump$(1).a $(UB)/librumpuser$(1).a)
endef
$(eval $(call ffs_flavour,))
$(eval $(call ffs_flavour,-asan))

RUMPFFS_SRC := $(sort $(wildcard tools/rumpffs/*.c))
$(eval $(call user_prog,$(UB)/rumpffs,,$(RUMPFFS_SRC),$(UB)/libffs.a $(UB)/librump.a $(UB)/librumpuser.a))

USER_LIBS += $(UB)/libffs.a $(UB)/libffs-asan.a
USER_TOOLS += $(UB)/rumpffs
ifneq ($(wildcard tests/ffs/main_user.c),)
USER_TESTS += $(UB)/test-ffs $(UB)/test-ffs-asan
endif

# Generated data.  A generator's rule names everything it reads (script,
# tools it runs) and its output is a stamp file written last, so a make
# with nothing changed runs none of them.  The scripts also keep a hash
# cache of their own (test programs call them directly); the rules delete
# the stamp first so that when make decides to remake, the script does.
#
# The makefs images of tests/ffs (the test programs also make them on
# first use) and the write tests' small images.
FFS_IMAGES := $(BUILD)/ffs-images/makefs/stamp
FFS_RWIMAGES := $(BUILD)/ffs-images/rw/stamp
$(FFS_IMAGES): tests/ffs/mkimages.sh
	@rm -f $@
	sh tests/ffs/mkimages.sh $(@D)
$(FFS_RWIMAGES): tests/ffs/mkrwimages.sh
	@rm -f $@
	sh tests/ffs/mkrwimages.sh $(@D)
USER_DATA += $(FFS_IMAGES) $(FFS_RWIMAGES)

# The disks of the VM suite tests/ffsnewfs (Linux's ufs driver reads file
# systems made by rumpffs newfs), remade when the tool or script changes.
$(BUILD)/ffsnewfs/stamp: tests/ffsnewfs/mkimages.sh tests/ffsnewfs/manifest.sh $(UB)/rumpffs
	sh tests/ffsnewfs/mkimages.sh $(UB)/rumpffs $(@D)
USER_DATA += $(BUILD)/ffsnewfs/stamp

# libFuzzer: mount + full walk + reads of one image per input.  The core is
# compiled into the fuzzer directly (coverage instrumentation: flavour
# -fuzz), the rest of the kernel comes from the ASan librump.
# Run: make fuzz-ffs FUZZ_TIME=60
FUZZ_TIME ?= 60
FFS_FUZZ_SRC := $(FFS_SRC) tests/ffs/t_walk.c
FFS_FUZZ_LIBS := $(UB)/librump-asan.a $(UB)/librumpuser-asan.a
$(eval $(call user_prog,$(UB)/fuzz-ffs,-fuzz,tests/ffs/fuzz_ffs.c $(FFS_FUZZ_SRC),$(FFS_FUZZ_LIBS)))

# The patch-list variant (tests/ffs/fuzz_ffs_patch.c): inputs are byte
# patches over the tiny images.  Run: make fuzz-ffs-patch FUZZ_TIME=60
$(eval $(call user_prog,$(UB)/fuzz-ffs-patch,-fuzz,tests/ffs/fuzz_ffs_patch.c $(FFS_FUZZ_SRC),$(FFS_FUZZ_LIBS)))

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
