# SPDX-License-Identifier: BSD-2-Clause
# The `make run` demo's FFS image, made by makefs at build time.
DEMO_IMG := $(BUILD)/demo/netbsd-ffs.img
$(DEMO_IMG): test-vm/demo/mkimage.sh
	@mkdir -p $(dir $@)
	sh test-vm/demo/mkimage.sh $@
USER_TOOLS += $(DEMO_IMG)
