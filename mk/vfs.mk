# SPDX-License-Identifier: BSD-2-Clause
#
# The VFS component (sys/vfs) in userspace: build/user/librumpvfs{,-asan,
# -tsan}.a compiled like sys/kern (freestanding, the rename map), and the
# dual-lane suite tests/vfs as build/user/test-vfs{,-asan,-tsan}.  A
# program links librumpvfs.a before librump.a and librumpuser.a.

VFS_SRC := $(sort $(wildcard sys/vfs/*.c))
VFS_HDR := $(wildcard sys/include/vfs/*.h) $(KERN_HDR)
VFS_TEST_SYS := $(sort $(wildcard tests/vfs/t_*.c))
VFS_TEST_HOST := tests/vfs/main_user.c $(KTAP_USER_SRC)
SYS_OBJ_SRC += $(VFS_SRC) $(VFS_TEST_SYS)
XFLAGS_tests/vfs := -Itests/lib -Itests/vfs

# $(call vfs_flavour,FLAVOUR)
define vfs_flavour
$(call user_lib,librumpvfs,$(1),$(VFS_SRC))
$(call user_prog,$(UB)/test-vfs$(1),$(1),$(VFS_TEST_SYS) $(VFS_TEST_HOST),$(UB)/librumpvfs$(1).a $(UB)/librump$(1).a $(UB)/librumpuser$(1).a)
endef
$(eval $(call vfs_flavour,))
$(eval $(call vfs_flavour,-asan))
$(eval $(call vfs_flavour,-tsan))

USER_LIBS += $(UB)/librumpvfs.a $(UB)/librumpvfs-asan.a $(UB)/librumpvfs-tsan.a
ifneq ($(wildcard tests/vfs/main_user.c),)
USER_TESTS += $(UB)/test-vfs $(UB)/test-vfs-asan $(UB)/test-vfs-tsan
endif

# sys/vfs with clang too, warnings only.
.PHONY: vfs-clang-check
vfs-clang-check:
	@for f in $(VFS_SRC); do \
		$(CLANG) -O2 $(SYS_CFLAGS) $(SYS_WARN) -fsyntax-only $$f || exit 1; \
	done
