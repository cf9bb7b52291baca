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

# $(call kern_lib,suffix,compiler,flags)
define kern_lib
$(UB)/librump$(1).a: $(KERN_SRC) $(KERN_HDR) mk/kern.mk
	@mkdir -p $(UB)/kern$(1)
	@rm -f $$@
	for f in $(KERN_SRC); do \
		$(2) $(3) $(SYS_CFLAGS) $(SYS_WARN) -c $$$$f \
			-o $(UB)/kern$(1)/$$$$(basename $$$$f .c).o || exit 1; \
	done
	ar rcs $$@ $(patsubst sys/kern/%.c,$(UB)/kern$(1)/%.o,$(KERN_SRC))

$(UB)/test-kern$(1): $(UB)/librump$(1).a $(UB)/librumpuser$(1).a $(KERN_TEST_SYS) $(KERN_TEST_HOST) tests/kern/*.h tests/lib/ktap.h
	@mkdir -p $(UB)/kern$(1)/t
	for f in $(KERN_TEST_SYS); do \
		$(2) $(3) $(SYS_CFLAGS) $(SYS_WARN) -Itests/lib -Itests/kern -c $$$$f \
			-o $(UB)/kern$(1)/t/$$$$(basename $$$$f .c).o || exit 1; \
	done
	$(2) $(3) $(WARN) -I$(CURDIR)/include -Itests/lib -Itests/kern -pthread \
		$(KERN_TEST_HOST) $(patsubst tests/kern/%.c,$(UB)/kern$(1)/t/%.o,$(KERN_TEST_SYS)) \
		$(UB)/librump$(1).a $(UB)/librumpuser$(1).a -o $$@
endef

$(eval $(call kern_lib,,$(CC),-O2 -g))
$(eval $(call kern_lib,-asan,$(CLANG),$(ASAN)))
$(eval $(call kern_lib,-tsan,$(CLANG),$(TSAN)))

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
