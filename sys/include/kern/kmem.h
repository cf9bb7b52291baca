/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kern/kmem.h - kernel memory: kmem_alloc/kmem_zalloc/kmem_free and a
 * simple object cache (pool_cache).
 *
 * Everything is accounted against RUMP_MEMLIMIT.  An allocation that would
 * exceed the limit, or that the host cannot satisfy, returns NULL for
 * KM_NOSLEEP and KM_SLEEP alike: unlike NetBSD, KM_SLEEP means "may block
 * in the host allocator", not "never fails", because a rump kernel inside
 * Linux must fail a request cleanly rather than wait for memory no one
 * will free or take the host down.  Callers check for NULL and return
 * ENOMEM.  kmem_free() takes the size given to kmem_alloc().
 * Callable with or without a CPU; never blocks on the rump scheduler.
 */
#ifndef _KERN_KMEM_H_
#define _KERN_KMEM_H_

#include "kern/types.h"

#define KM_SLEEP	0x01
#define KM_NOSLEEP	0x02
/* Kernel bookkeeping (lwps, threads): ignores the limit, still counted. */
#define KM_NOLIMIT	0x100

void *kmem_alloc(size_t size, int flags);
void *kmem_zalloc(size_t size, int flags);
void kmem_free(void *p, size_t size);
char *kmem_strdup(const char *s, int flags);	/* free with kmem_strfree */
void kmem_strfree(char *s);

/* Accounting (kmem.c). */
int64_t kmem_inuse(void);
/* Change the limit (0 = none) at run time; returns the old one.  Tests. */
int64_t kmem_set_limit(int64_t limit);

/*
 * pool_cache: fixed-size objects with optional constructor/destructor.
 * Freed objects are kept (up to a bound) for reuse, constructed, so the
 * constructor runs once per object lifetime as in NetBSD.
 * pool_cache_get() returns NULL on failure (PR_WAITOK as well, see above).
 */
#define PR_WAITOK	0x01
#define PR_NOWAIT	0x02
#define PR_ZERO		0x100

typedef struct pool_cache *pool_cache_t;
pool_cache_t pool_cache_init(size_t size, size_t align, unsigned align_offset,
			     int flags, const char *wchan, void *palloc,
			     int ipl, int (*ctor)(void *, void *, int),
			     void (*dtor)(void *, void *), void *arg);
void pool_cache_destroy(pool_cache_t pc);
void *pool_cache_get(pool_cache_t pc, int flags);
void pool_cache_put(pool_cache_t pc, void *obj);
/* Objects handed out and not returned. */
unsigned pool_cache_nout(pool_cache_t pc);

#endif /* _KERN_KMEM_H_ */
