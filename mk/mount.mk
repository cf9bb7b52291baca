# SPDX-License-Identifier: BSD-2-Clause
#
# tests/mount (the VM suite of mount -t rumpffs): build/mount holds the
# static guest helper rvlt, the NetBSD-written images unpacked with their
# manifests, and an image with a program to run from it
# (tests/mount/mkdata.sh); it also uses the FreeBSD and mutated images of
# build/ffsvfs.
MOUNT_OUT := $(BUILD)/mount

$(MOUNT_OUT)/rvlt: tests/mount/rvlt.c mk/mount.mk
	@mkdir -p $(MOUNT_OUT)
	$(CC) -static -O2 $(WARN) -Wextra $< -o $@

# A file target on real inputs (mk/README.md: no phony prerequisites); the
# ffsvfs images it borrows are the stamp of mk/ffsvfs.mk.
$(MOUNT_OUT)/stamp: tests/mount/mkdata.sh $(MOUNT_OUT)/rvlt $(UB)/rumpffs $(FFSVFS_DATA)
	@rm -f $@
	sh tests/mount/mkdata.sh $(MOUNT_OUT) $(MOUNT_OUT)/rvlt

USER_DATA += $(MOUNT_OUT)/stamp
