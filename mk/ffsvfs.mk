# SPDX-License-Identifier: BSD-2-Clause
#
# FFS as a file system of the VFS in userspace: build/user/librumpfs_ffs
# {,-asan,-tsan}.a = the FFS core and its VFS adapter (sys/fs/ffs/*.c,
# compiled like sys/), registered as the "ffs" type by a constructor; and
# the dual-lane suite tests/ffsvfs as build/user/test-ffsvfs{,-asan,-tsan}.
# A program links librumpfs_ffs.a before librumpvfs.a, librump.a and
# librumpuser.a.  (build/user/libffs.a of mk/ffs.mk is the bare core for
# tools and the core's own tests.)

FFSVFS_SRC := $(sort $(wildcard sys/fs/ffs/*.c))
FFSVFS_HDR := $(wildcard sys/fs/ffs/*.h sys/include/vfs/*.h) $(KERN_HDR)
FFSVFS_TEST_SYS := $(sort $(wildcard tests/ffsvfs/t_*.c))
FFSVFS_TEST_HOST := tests/ffsvfs/main_user.c $(KTAP_USER_SRC)
FFSVFS_INC := -I$(CURDIR)/sys/fs/ffs

# $(call ffsvfs_lib,suffix,compiler,flags)
define ffsvfs_lib
$(UB)/librumpfs_ffs$(1).a: $(FFSVFS_SRC) $(FFSVFS_HDR) mk/ffsvfs.mk
	@mkdir -p $(UB)/ffsvfs$(1)
	@rm -f $$@
	for f in $(FFSVFS_SRC); do \
		$(2) $(3) $$(SYS_CFLAGS) $$(SYS_WARN) $(FFSVFS_INC) -c $$$$f \
			-o $(UB)/ffsvfs$(1)/$$$$(basename $$$$f .c).o || exit 1; \
	done
	ar rcs $$@ $(patsubst sys/fs/ffs/%.c,$(UB)/ffsvfs$(1)/%.o,$(FFSVFS_SRC))

$(UB)/test-ffsvfs$(1): $(UB)/librumpfs_ffs$(1).a $(UB)/librumpvfs$(1).a $(UB)/librump$(1).a $(UB)/librumpuser$(1).a $(FFSVFS_TEST_SYS) $(FFSVFS_TEST_HOST) tests/ffsvfs/*.h tests/lib/ktap.h | ffsvfs-images
	@mkdir -p $(UB)/ffsvfs$(1)/t
	for f in $(FFSVFS_TEST_SYS); do \
		$(2) $(3) $$(SYS_CFLAGS) $$(SYS_WARN) $(FFSVFS_INC) -Itests/lib -Itests/ffsvfs -c $$$$f \
			-o $(UB)/ffsvfs$(1)/t/$$$$(basename $$$$f .c).o || exit 1; \
	done
	$(2) $(3) $(WARN) -I$(CURDIR)/include -Itests/lib -Itests/ffsvfs -pthread \
		-DFFSVFS_TOP='"$(CURDIR)"' \
		$(FFSVFS_TEST_HOST) $(patsubst tests/ffsvfs/%.c,$(UB)/ffsvfs$(1)/t/%.o,$(FFSVFS_TEST_SYS)) \
		-Wl,--whole-archive $(UB)/librumpfs_ffs$(1).a -Wl,--no-whole-archive \
		$(UB)/librumpvfs$(1).a $(UB)/librump$(1).a $(UB)/librumpuser$(1).a -o $$@
endef

$(eval $(call ffsvfs_lib,,$(CC),-O2 -g))
$(eval $(call ffsvfs_lib,-asan,$(CLANG),$(ASAN)))
$(eval $(call ffsvfs_lib,-tsan,$(CLANG),$(TSAN)))

# The images of both lanes (build/ffsvfs): makefs images of
# tests/ffs/mkimages.sh (cached by it), the FreeBSD images unpacked, a
# manifest of every file of the source trees, and the mutated images
# concatenated into one disk for the kernel lane.  Built by the userspace
# test programs' rule (order-only) and so by every make / make check.
FFSVFS_IMG := $(BUILD)/ffsvfs
.PHONY: ffsvfs-images
ffsvfs-images: tests/ffsvfs/mkdata.sh tests/ffs/mkrwimages.sh tests/ffsrw/mkdata.sh $(UB)/rumpffs
	sh tests/ffsvfs/mkdata.sh $(FFSVFS_IMG)
	sh tests/ffs/mkrwimages.sh $(BUILD)/ffs-images/rw
	sh tests/ffsrw/mkdata.sh $(BUILD)/ffsrw

USER_LIBS += $(UB)/librumpfs_ffs.a $(UB)/librumpfs_ffs-asan.a $(UB)/librumpfs_ffs-tsan.a
ifneq ($(wildcard tests/ffsvfs/main_user.c),)
USER_TESTS += $(UB)/test-ffsvfs $(UB)/test-ffsvfs-asan $(UB)/test-ffsvfs-tsan
endif

.PHONY: ffsvfs-clang-check
ffsvfs-clang-check:
	@for f in $(FFSVFS_SRC); do \
		$(CLANG) -O2 $(SYS_CFLAGS) $(SYS_WARN) $(FFSVFS_INC) -fsyntax-only $$f || exit 1; \
	done

# bench/ffs: the Linux reference program (static, shipped into the guest).
$(UB)/bench-ffswalk: bench/ffs/walk.c mk/ffsvfs.mk
	@mkdir -p $(UB)
	$(CC) -static -O2 $(WARN) $< -o $@

USER_TOOLS += $(UB)/bench-ffswalk
