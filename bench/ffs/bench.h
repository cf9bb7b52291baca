/* SPDX-License-Identifier: GPL-2.0 */
/* rumpffs_bench: the parts of the module (bench.c reads, write.c writes). */
#ifndef RUMPFFS_BENCH_H
#define RUMPFFS_BENCH_H

/* write.c: what is "write" or "create"; 0 or a negative errno. */
int rumpffs_bench_write(const char *dev, const char *what);

#endif /* RUMPFFS_BENCH_H */
