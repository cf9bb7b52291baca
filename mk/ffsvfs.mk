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
SYS_OBJ_SRC += $(FFSVFS_SRC) $(FFSVFS_TEST_SYS)
XFLAGS_tests/ffsvfs := $(FFSVFS_INC) -Itests/lib -Itests/ffsvfs -DFFSVFS_TOP='"$(CURDIR)"'

# $(call ffsvfs_flavour,FLAVOUR)
define ffsvfs_flavour
$(call user_lib,librumpfs_ffs,$(1),$(FFSVFS_SRC))
$(call user_prog,$(UB)/test-ffsvfs$(1),$(1),$(FFSVFS_TEST_SYS) $(FFSVFS_TEST_HOST),$(UB)/librumpfs_ffs$(1).a $(UB)/librumpvfs$(1).a $(UB)/librump$(1).a $(UB)/librumpuser$(1).a,-Wl$(comma)--whole-archive $(UB)/librumpfs_ffs$(1).a -Wl$(comma)--no-whole-archive $(UB)/librumpvfs$(1).a $(UB)/librump$(1).a $(UB)/librumpuser$(1).a)
endef
comma := ,
$(eval $(call ffsvfs_flavour,))
$(eval $(call ffsvfs_flavour,-asan))
$(eval $(call ffsvfs_flavour,-tsan))

USER_LIBS += $(UB)/librumpfs_ffs.a $(UB)/librumpfs_ffs-asan.a $(UB)/librumpfs_ffs-tsan.a
ifneq ($(wildcard tests/ffsvfs/main_user.c),)
USER_TESTS += $(UB)/test-ffsvfs $(UB)/test-ffsvfs-asan $(UB)/test-ffsvfs-tsan
endif

# The data of both lanes (build/ffsvfs: manifests of the makefs source
# trees, the FreeBSD images unpacked, mutants, WAPBL and bench images) and
# of the write acceptance (build/ffsrw: makefs images, one made by rumpffs
# newfs, expected trees).  See the generator note in mk/ffs.mk.
FFSVFS_DATA := $(BUILD)/ffsvfs/stamp
FFSRW_DATA := $(BUILD)/ffsrw/stamp
$(FFSVFS_DATA): tests/ffsvfs/mkdata.sh $(FFS_IMAGES) \
		$(wildcard ../shared/testdata/ffs/freebsd-ufs2-*.img.zst)
	@rm -f $@
	sh tests/ffsvfs/mkdata.sh $(@D)
$(FFSRW_DATA): tests/ffsrw/mkdata.sh tests/ffsrw/accept.py $(FFS_IMAGES) $(UB)/rumpffs
	@rm -f $@
	sh tests/ffsrw/mkdata.sh $(@D)
USER_DATA += $(FFSVFS_DATA) $(FFSRW_DATA)
.PHONY: ffsvfs-images
ffsvfs-images: $(FFSVFS_DATA) $(FFS_RWIMAGES) $(FFSRW_DATA)

.PHONY: ffsvfs-clang-check
ffsvfs-clang-check:
	@for f in $(FFSVFS_SRC); do \
		$(CLANG) -O2 $(SYS_CFLAGS) $(SYS_WARN) $(FFSVFS_INC) -fsyntax-only $$f || exit 1; \
	done

# bench/ffs: the Linux reference program (static, shipped into the guest;
# libc headers only, so no dependency file).
$(UB)/bench-ffswalk: bench/ffs/walk.c mk/ffsvfs.mk
	@mkdir -p $(UB)
	$(CC) -static -O2 $(WARN) $< -o $@

USER_TOOLS += $(UB)/bench-ffswalk
