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

# $(call vfs_lib,suffix,compiler,flags)
define vfs_lib
$(UB)/librumpvfs$(1).a: $(VFS_SRC) $(VFS_HDR) mk/vfs.mk
	@mkdir -p $(UB)/vfs$(1)
	@rm -f $$@
	for f in $(VFS_SRC); do \
		$(2) $(3) $(SYS_CFLAGS) $(SYS_WARN) -c $$$$f \
			-o $(UB)/vfs$(1)/$$$$(basename $$$$f .c).o || exit 1; \
	done
	ar rcs $$@ $(patsubst sys/vfs/%.c,$(UB)/vfs$(1)/%.o,$(VFS_SRC))

$(UB)/test-vfs$(1): $(UB)/librumpvfs$(1).a $(UB)/librump$(1).a $(UB)/librumpuser$(1).a $(VFS_TEST_SYS) $(VFS_TEST_HOST) tests/vfs/*.h tests/lib/ktap.h
	@mkdir -p $(UB)/vfs$(1)/t
	for f in $(VFS_TEST_SYS); do \
		$(2) $(3) $(SYS_CFLAGS) $(SYS_WARN) -Itests/lib -Itests/vfs -c $$$$f \
			-o $(UB)/vfs$(1)/t/$$$$(basename $$$$f .c).o || exit 1; \
	done
	$(2) $(3) $(WARN) -I$(CURDIR)/include -Itests/lib -Itests/vfs -pthread \
		$(VFS_TEST_HOST) $(patsubst tests/vfs/%.c,$(UB)/vfs$(1)/t/%.o,$(VFS_TEST_SYS)) \
		$(UB)/librumpvfs$(1).a $(UB)/librump$(1).a $(UB)/librumpuser$(1).a -o $$@
endef

$(eval $(call vfs_lib,,$(CC),-O2 -g))
$(eval $(call vfs_lib,-asan,$(CLANG),$(ASAN)))
$(eval $(call vfs_lib,-tsan,$(CLANG),$(TSAN)))

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
