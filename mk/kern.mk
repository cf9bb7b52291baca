# SPDX-License-Identifier: BSD-2-Clause
#
# The rump kernel base (sys/kern) in userspace: build/user/librump{,-asan,
# -tsan}.a compiled freestanding (no host headers at all: -nostdinc), and
# the dual-lane test suite tests/kern as build/user/test-kern{,-asan,-tsan}.

KERN_SRC := $(sort $(wildcard sys/kern/*.c))
KERN_HDR := $(wildcard sys/include/kern/*.h) $(wildcard include/rump/*.h)
# Flags every sys/ object gets, in both lanes.
SYS_CFLAGS := -ffreestanding -nostdinc -fno-common -D_RUMP_SYS -DDIAGNOSTIC \
	-I$(CURDIR)/include -I$(CURDIR)/sys/include
SYS_WARN := $(WARN) -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wpointer-arith -Wframe-larger-than=2048 -Werror
KERN_TEST_SYS := $(sort $(wildcard tests/kern/t_*.c))
KERN_TEST_HOST := tests/kern/main_user.c $(KTAP_USER_SRC)
SYS_OBJ_SRC += $(KERN_SRC) $(KERN_TEST_SYS)
XFLAGS_tests/kern := -Itests/lib -Itests/kern

# $(call kern_flavour,FLAVOUR)
define kern_flavour
$(call user_lib,librump,$(1),$(KERN_SRC))
$(call user_prog,$(UB)/test-kern$(1),$(1),$(KERN_TEST_SYS) $(KERN_TEST_HOST),$(UB)/librump$(1).a $(UB)/librumpuser$(1).a)
endef
$(eval $(call kern_flavour,))
$(eval $(call kern_flavour,-asan))
$(eval $(call kern_flavour,-tsan))

USER_LIBS += $(UB)/librump.a $(UB)/librump-asan.a $(UB)/librump-tsan.a
ifneq ($(wildcard tests/kern/main_user.c),)
USER_TESTS += $(UB)/test-kern $(UB)/test-kern-asan $(UB)/test-kern-tsan
endif

# Compile sys/kern with clang as well, warnings only (gcc builds the lib).
.PHONY: kern-clang-check
kern-clang-check:
	@for f in $(KERN_SRC); do \
		$(CLANG) -O2 $(SYS_CFLAGS) $(SYS_WARN) -fsyntax-only $$f || exit 1; \
	done
