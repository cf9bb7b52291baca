/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * write.h - the write commands of rumpffs (write.c): put, mkdir, rm, mv,
 * ln, chmod, chown, touch.
 */
#ifndef _RUMPFFS_WRITE_H_
#define _RUMPFFS_WRITE_H_

/* NetBSD's message for a NetBSD errno value (the core's numbers). */
const char *rumpffs_strerror(int e);

/*
 * argv[0] is the command name.  Returns the exit status: 0, 1 (an error
 * was reported) or 2 (usage); -1 if argv[0] is not a write command.
 */
int rumpffs_cmd_write(int argc, char **argv);
/* rumpffs.c: ls/cat/get/stat/df/info in-process (-1: not one of them) */
int rumpffs_tool_read(int argc, char **argv);

#endif /* _RUMPFFS_WRITE_H_ */
