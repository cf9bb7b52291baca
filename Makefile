# SPDX-License-Identifier: BSD-2-Clause
#
# linux-rump top-level Makefile.
#
#   make            kernel modules (against KDIR) + userspace libraries/tools
#   make run        boot the demo VM
#   make check      every test lane (SUITE=name / TEST=name for a subset)
#   make bench      benchmarks in the VM
#   make style      checkpatch + sparse
#   make clean

KVER	?= $(shell scripts/kver 2>/dev/null)
KDIR	?= /lib/modules/$(KVER)/build
BUILD	:= $(CURDIR)/build
UB	:= $(BUILD)/user

CC	?= gcc
CLANG	?= clang
WARN	:= -Wall -Wextra -Werror=implicit-function-declaration
UCFLAGS	:= -O2 -g $(WARN) -I$(CURDIR)/include -pthread
ASAN	:= -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=all
TSAN	:= -O1 -g -fsanitize=thread


.PHONY: all modules user run check bench style style-checkpatch style-sparse \
	style-headers clean setup-if-needed

all: modules user

setup-if-needed:
	@scripts/setup --check >/dev/null 2>&1 || scripts/setup

modules:
	@test -n "$(KVER)" || { echo "no kernel with headers: run scripts/setup" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 KCFLAGS=-Werror modules

# ---- userspace lane -------------------------------------------------------
# Every userspace library, test program and tool is built from per-object
# rules: an object is build/user/obj<FLAVOUR>/<source path>.o with its
# dependency file (-MMD -MP) next to it, so `make -j` is safe and a header
# change rebuilds exactly the objects that include it.  Conventions for the
# fragments (mk/*.mk): mk/README.md.
#
# Flavours (the suffix is part of object directories and output names):
#   ""      $(CC) -O2 -g                  build/user/obj/
#   -asan   $(CLANG) ASan+UBSan           build/user/obj-asan/
#   -tsan   $(CLANG) TSan                 build/user/obj-tsan/
#   -fuzz   $(CLANG) libFuzzer+ASan+UBSan build/user/obj-fuzz/
FUZZ_FLAGS := -O1 -g -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
FCC		= $(CC)
FCFLAGS		= -O2 -g
FCC-asan	= $(CLANG)
FCFLAGS-asan	= $(ASAN)
FCC-tsan	= $(CLANG)
FCFLAGS-tsan	= $(TSAN)
FCC-fuzz	= $(CLANG)
FCFLAGS-fuzz	= $(FUZZ_FLAGS)
USER_FLAVOURS := _ _-asan _-tsan _-fuzz

# A source is compiled host-side (libc headers) unless it is listed in
# SYS_OBJ_SRC (freestanding like sys/: SYS_CFLAGS/SYS_WARN of mk/kern.mk).
# XFLAGS_<directory of the source> adds flags (-I, -D) for every source of
# that directory, in every flavour.
HOST_CFLAGS := $(WARN) -I$(CURDIR)/include -pthread
SYS_OBJ_SRC :=
src_cflags = $(if $(filter $(1),$(SYS_OBJ_SRC)),$(SYS_CFLAGS) $(SYS_WARN),$(HOST_CFLAGS)) \
	$(XFLAGS_$(patsubst %/,%,$(dir $(1))))

# $(call objs,FLAVOUR,SOURCES): the object files of SOURCES.
objs = $(patsubst %.c,$(UB)/obj$(1)/%.o,$(2))
USER_OBJS :=

# The compile rule of one flavour.  Every object also depends on the
# flavour's flag signature (build/user/obj*/.flags, rewritten at the end of
# this file only when a flag changes), so that new flags rebuild.
define obj_rule
$(UB)/obj$(1)/%.o: %.c $(UB)/obj$(1)/.flags
	@mkdir -p $$(@D)
	$$(FCC$(1)) $$(FCFLAGS$(1)) $$(call src_cflags,$$<) -MMD -MP -c $$< -o $$@
# (written at parse time; missing only in a dry run)
$(UB)/obj$(1)/.flags: ;
endef
$(foreach f,$(USER_FLAVOURS),$(eval $(call obj_rule,$(patsubst _%,%,$(f)))))

# $(call user_lib,NAME,FLAVOUR,SOURCES): $(UB)/NAME$(FLAVOUR).a
define user_lib
USER_OBJS += $(call objs,$(2),$(3))
$(UB)/$(1)$(2).a: $(call objs,$(2),$(3))
	@rm -f $$@
	$$(AR) rcs $$@ $$^
endef

# $(call user_prog,TARGET,FLAVOUR,SOURCES,LIBS[,LINKARGS]): link the objects
# of SOURCES with LIBS (archive files, also prerequisites) or, when given,
# LINKARGS in their place (e.g. -Wl,--whole-archive around one of them).
define user_prog
USER_OBJS += $(call objs,$(2),$(3))
$(1): $(call objs,$(2),$(3)) $(4)
	@mkdir -p $$(@D)
	$$(FCC$(2)) $$(FCFLAGS$(2)) $(call objs,$(2),$(3)) $(if $(5),$(5),$(4)) -pthread -o $$@
endef

RUMPUSER_POSIX_SRC := $(wildcard rumpuser/posix/*.c)
KTAP_USER_SRC := tests/lib/ktap.c tests/lib/ktap_user.c
HC_TEST_SRC := $(wildcard tests/hypercall/conf_*.c) tests/hypercall/main_user.c
XFLAGS_tests/hypercall := -Itests/lib

# One library per sanitizer flavour, so every test binary links a matching
# build of librumpuser.
ifneq ($(RUMPUSER_POSIX_SRC),)
$(eval $(call user_lib,librumpuser,,$(RUMPUSER_POSIX_SRC)))
$(eval $(call user_lib,librumpuser,-asan,$(RUMPUSER_POSIX_SRC)))
$(eval $(call user_lib,librumpuser,-tsan,$(RUMPUSER_POSIX_SRC)))
endif

USER_TESTS :=
ifneq ($(wildcard tests/hypercall/main_user.c),)
USER_TESTS += $(UB)/test-hypercall $(UB)/test-hypercall-asan $(UB)/test-hypercall-tsan
$(eval $(call user_prog,$(UB)/test-hypercall,,$(HC_TEST_SRC) $(KTAP_USER_SRC),$(UB)/librumpuser.a))
$(eval $(call user_prog,$(UB)/test-hypercall-asan,-asan,$(HC_TEST_SRC) $(KTAP_USER_SRC),$(UB)/librumpuser-asan.a))
$(eval $(call user_prog,$(UB)/test-hypercall-tsan,-tsan,$(HC_TEST_SRC) $(KTAP_USER_SRC),$(UB)/librumpuser-tsan.a))
endif

# Per-component userspace rules (libraries, test programs, tools, data):
# each mk/*.mk adds its targets to USER_LIBS / USER_TESTS / USER_TOOLS /
# USER_DATA.
USER_LIBS :=
USER_TOOLS :=
USER_DATA :=
-include $(sort $(wildcard mk/*.mk))

user: $(if $(RUMPUSER_POSIX_SRC),$(UB)/librumpuser.a) $(USER_LIBS) $(USER_TESTS) $(USER_TOOLS) $(USER_DATA)

# Dependency files of the objects built so far (the first build needs none).
-include $(wildcard $(patsubst %.o,%.d,$(sort $(USER_OBJS))))

# Flag signatures: build/user/obj<FLAVOUR>/.flags holds every flag an object
# of that flavour can get; it is rewritten (at parse time, no recipe runs)
# only when that text changes, which rebuilds the flavour's objects.
flag_sig = $(strip $(FCC$(1)) $(FCFLAGS$(1)) | $(HOST_CFLAGS) | $(SYS_CFLAGS) $(SYS_WARN) \
	$(foreach v,$(sort $(filter XFLAGS_%,$(.VARIABLES))),| $(v)=$($(v))))
define flag_check
ifneq ($$(strip $$(file <$(UB)/obj$(1)/.flags)),$$(call flag_sig,$(1)))
$$(shell mkdir -p $(UB)/obj$(1))
$$(file >$(UB)/obj$(1)/.flags,$$(call flag_sig,$(1)))
endif
endef
# (Not for `make clean`, nor for a dry run (-n), which must change nothing.)
ifneq ($(filter-out clean,$(or $(MAKECMDGOALS),all)),)
ifeq ($(findstring n,$(firstword -$(MAKEFLAGS))),)
$(foreach f,$(USER_FLAVOURS),$(eval $(call flag_check,$(patsubst _%,%,$(f)))))
endif
endif

# ---- running ----------------------------------------------------------------
run: setup-if-needed
	$(MAKE) all
	python3 test-vm/vmrun --demo

check: setup-if-needed
	$(MAKE) all
	python3 scripts/check $(if $(SUITE),--suite $(SUITE)) $(if $(TEST),--test $(TEST))

bench: setup-if-needed
	$(MAKE) all
	python3 scripts/check --bench $(if $(SUITE),$(if $(wildcard bench/$(SUITE)/vm.sh),--suite $(SUITE),$(error no benchmark suite bench/$(SUITE)/vm.sh)))

# checkpatch over the Linux-side product code (EXPORT_SYMBOL lists in
# modules/ are apart from the portable definitions by design).  One target
# per tool: scripts/check runs each as a result of its static lane.
style: style-checkpatch style-sparse style-headers

style-checkpatch:
	cp=$$(scripts/get-checkpatch) && $$cp --no-tree --terse --show-types \
		--ignore SPDX_LICENSE_TAG,FILE_PATH_CHANGES,EXPORT_SYMBOL \
		-f $$(git ls-files 'rumpuser/linux/*.[ch]' 'glue/*.[ch]' \
			'modules/*.c' 'tests/harness/*.c' 'tests/lib/*kmod*.c' \
			'bench/*/*.c' 'tests/ffscrash/*.[ch]')

style-sparse:
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 C=2 modules

style-headers:
	sh scripts/check-sys-headers

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -rf $(BUILD)
