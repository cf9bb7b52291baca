// SPDX-License-Identifier: BSD-2-Clause
/*
 * main.c - rumpffs(1): usage and command dispatch.
 *
 * Apart from the commands so that programs which call the commands
 * themselves (the tool fuzzer, test-ffsfuzz) link them without a second
 * main() and without a build-time define.
 */
#include <stdio.h>
#include <string.h>

#include "fsck.h"
#include "newfs.h"
#include "write.h"

static const char *prog = "rumpffs";
static void
usage(FILE *f)
{
	fprintf(f,
"usage: rumpffs ls [-a] [-l] [-R] IMAGE [PATH]   list a directory\n"
"       rumpffs cat IMAGE PATH...                 file contents to stdout\n"
"       rumpffs get IMAGE PATH [DEST]             copy a file or tree out\n"
"                                                 (modes, times; owners as root)\n"
"       rumpffs stat IMAGE PATH...                inode attributes\n"
"       rumpffs df IMAGE                          space and inodes\n"
"       rumpffs info IMAGE                        superblock summary\n"
"       rumpffs fsck [-n] IMAGE                   check (read-only); exit 0 clean,\n"
"                                                 1 leaks only, 2 errors, 8 unusable\n"
"                                                 (leak: only what a crash leaves;\n"
"                                                 rumpffs fsck -h says exactly)\n"
"       rumpffs newfs [-O 1|2] [-B le|be] [-b BSIZE] [-f FSIZE] [-i BYTES]\n"
"                     [-m MINFREE] [-L VOLNAME] -s SIZE IMAGE\n"
"                                                 make a new file system\n"
"       rumpffs put IMAGE SRC... PATH             copy host files/trees in (cp -a:\n"
"                                                 holes, links, modes, owners, times)\n"
"       rumpffs mkdir [-p] [-m MODE] IMAGE PATH...\n"
"       rumpffs rm [-r] [-f] IMAGE PATH...\n"
"       rumpffs mv IMAGE FROM TO                  rename (into TO if a directory)\n"
"       rumpffs ln [-s] IMAGE TARGET LINKPATH     hard or symbolic link\n"
"       rumpffs chmod IMAGE MODE PATH...          MODE in octal\n"
"       rumpffs chown IMAGE UID[:GID] PATH...     numeric ids\n"
"       rumpffs touch [-c] IMAGE PATH...          times to now (creates files)\n"
"Reads NetBSD/FreeBSD FFS images (UFS1, UFS2; either byte order); writes\n"
"those a NetBSD kernel would mount read-write (not: FreeBSD metadata\n"
"checksums, WAPBL, snapshots, UFS2EA, the old UFS1 layout).\n");
}

int
main(int argc, char **argv)
{
	int r;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	argc--;
	argv++;
	if ((r = rumpffs_tool_read(argc, argv)) >= 0)
		;
	else if (strcmp(argv[0], "fsck") == 0)
		return rumpffs_fsck_main(argc, argv);
	else if (strcmp(argv[0], "newfs") == 0)
		return rumpffs_cmd_newfs(argc, argv);
	else if ((r = rumpffs_cmd_write(argc, argv)) >= 0) {
		if (r == 2)
			usage(stderr);
		return r;
	} else {
		fprintf(stderr, "%s: unknown command '%s'\n", prog, argv[0]);
		usage(stderr);
		return 2;
	}
	if (r == 2)
		usage(stderr);
	return r;
}
