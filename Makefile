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


.PHONY: all modules user run check bench style clean setup-if-needed

all: modules user

setup-if-needed:
	@scripts/setup --check >/dev/null 2>&1 || scripts/setup

modules:
	@test -n "$(KVER)" || { echo "no kernel with headers: run scripts/setup" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 KCFLAGS=-Werror modules

# ---- userspace lane -------------------------------------------------------
RUMPUSER_POSIX_SRC := $(wildcard rumpuser/posix/*.c)
KTAP_USER_SRC := tests/lib/ktap.c tests/lib/ktap_user.c
HC_TEST_SRC := $(wildcard tests/hypercall/conf_*.c) tests/hypercall/main_user.c

# One library per sanitizer flavour, so every test binary links a matching
# build of librumpuser.
$(UB)/librumpuser.a: $(RUMPUSER_POSIX_SRC) $(wildcard rumpuser/posix/*.h) include/rump/*.h
	@mkdir -p $(UB)/obj
	@rm -f $@
	for f in $(RUMPUSER_POSIX_SRC); do \
		$(CC) $(UCFLAGS) -c $$f -o $(UB)/obj/$$(basename $$f .c).o || exit 1; \
	done
	ar rcs $@ $(patsubst rumpuser/posix/%.c,$(UB)/obj/%.o,$(RUMPUSER_POSIX_SRC))

$(UB)/librumpuser-asan.a: $(RUMPUSER_POSIX_SRC) $(wildcard rumpuser/posix/*.h) include/rump/*.h
	@mkdir -p $(UB)/obj-asan
	@rm -f $@
	for f in $(RUMPUSER_POSIX_SRC); do \
		$(CLANG) $(ASAN) $(WARN) -I$(CURDIR)/include -pthread -c $$f -o $(UB)/obj-asan/$$(basename $$f .c).o || exit 1; \
	done
	ar rcs $@ $(patsubst rumpuser/posix/%.c,$(UB)/obj-asan/%.o,$(RUMPUSER_POSIX_SRC))

$(UB)/librumpuser-tsan.a: $(RUMPUSER_POSIX_SRC) $(wildcard rumpuser/posix/*.h) include/rump/*.h
	@mkdir -p $(UB)/obj-tsan
	@rm -f $@
	for f in $(RUMPUSER_POSIX_SRC); do \
		$(CLANG) $(TSAN) $(WARN) -I$(CURDIR)/include -pthread -c $$f -o $(UB)/obj-tsan/$$(basename $$f .c).o || exit 1; \
	done
	ar rcs $@ $(patsubst rumpuser/posix/%.c,$(UB)/obj-tsan/%.o,$(RUMPUSER_POSIX_SRC))

USER_TESTS :=
ifneq ($(wildcard tests/hypercall/main_user.c),)
USER_TESTS += $(UB)/test-hypercall $(UB)/test-hypercall-asan $(UB)/test-hypercall-tsan

$(UB)/test-hypercall: $(HC_TEST_SRC) $(KTAP_USER_SRC) tests/hypercall/*.h $(UB)/librumpuser.a
	$(CC) $(UCFLAGS) -Itests/lib $(HC_TEST_SRC) $(KTAP_USER_SRC) $(UB)/librumpuser.a -o $@
$(UB)/test-hypercall-asan: $(HC_TEST_SRC) $(KTAP_USER_SRC) tests/hypercall/*.h $(UB)/librumpuser-asan.a
	$(CLANG) $(ASAN) $(WARN) -I$(CURDIR)/include -Itests/lib -pthread $(HC_TEST_SRC) $(KTAP_USER_SRC) $(UB)/librumpuser-asan.a -o $@
$(UB)/test-hypercall-tsan: $(HC_TEST_SRC) $(KTAP_USER_SRC) tests/hypercall/*.h $(UB)/librumpuser-tsan.a
	$(CLANG) $(TSAN) $(WARN) -I$(CURDIR)/include -Itests/lib -pthread $(HC_TEST_SRC) $(KTAP_USER_SRC) $(UB)/librumpuser-tsan.a -o $@
endif

# Per-component userspace rules (libraries, test programs, tools): each
# mk/*.mk adds its targets to USER_LIBS / USER_TESTS / USER_TOOLS.
USER_LIBS :=
USER_TOOLS :=
-include $(sort $(wildcard mk/*.mk))

user: $(if $(RUMPUSER_POSIX_SRC),$(UB)/librumpuser.a) $(USER_LIBS) $(USER_TESTS) $(USER_TOOLS)

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
# modules/ are apart from the portable definitions by design).
style:
	cp=$$(scripts/get-checkpatch) && $$cp --no-tree --terse --show-types \
		--ignore SPDX_LICENSE_TAG,FILE_PATH_CHANGES,EXPORT_SYMBOL \
		-f $$(git ls-files 'rumpuser/linux/*.[ch]' 'glue/*.[ch]' \
			'modules/*.c' 'tests/harness/*.c' 'tests/lib/*kmod*.c' \
			'bench/*/*.c' 'tests/ffscrash/*.[ch]')
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 C=2 modules
	sh scripts/check-sys-headers

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -rf $(BUILD)
