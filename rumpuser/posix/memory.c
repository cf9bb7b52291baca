// SPDX-License-Identifier: BSD-2-Clause
/*
 * memory.c - rumpuser_malloc/free and anonymous mappings.
 *
 * Never upcalls: the rump kernel allocates before its scheduler exists.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rumpuser_posix_int.h"

int rumpuser_malloc(size_t len, int alignment, void **memp)
{
	size_t align = (size_t)alignment;
	void *p;
	int rv;

	/* posix_memalign() wants a power-of-two multiple of sizeof(void *). */
	if (alignment < 0 || (align & (align - 1)) != 0)
		return NB_EINVAL;
	if (align < sizeof(void *))
		align = sizeof(void *);
	/* A zero-byte request still needs a unique pointer to free later. */
	rv = posix_memalign(&p, align, len ? len : 1);
	if (rv != 0)
		return rumpuser__errtrans(rv);
	*memp = p;
	RUMPUSER_STAT_ADD(mem_bytes, len);
	RUMPUSER_STAT_ADD(mem_blocks, 1);
	return 0;
}

void rumpuser_free(void *mem, size_t len)
{
	if (!mem)
		return;
	free(mem);
	RUMPUSER_STAT_ADD(mem_bytes, -(int64_t)len);
	RUMPUSER_STAT_ADD(mem_blocks, -1);
}

int rumpuser_anonmmap(void *pref, size_t sz, int alignbit, int exec,
		      void **memp)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t align, total, lead, tail, req = sz;
	int prot = PROT_READ | PROT_WRITE | (exec ? PROT_EXEC : 0);
	uintptr_t base, start;
	void *p;

	if (sz == 0 || alignbit < 0 || alignbit >= (int)(8 * sizeof(size_t) - 1))
		return NB_EINVAL;
	align = (size_t)1 << alignbit;
	if (align <= page) {
		p = mmap(pref, sz, prot, MAP_PRIVATE | MAP_ANON, -1, 0);
		if (p == MAP_FAILED)
			return rumpuser__errtrans(errno);
		*memp = p;
		RUMPUSER_STAT_ADD(map_bytes, sz);
		return 0;
	}

	/*
	 * mmap() only promises page alignment: over-allocate by the
	 * alignment and unmap the unaligned head and the unused tail, so that
	 * rumpuser_unmap(p, sz) later releases exactly what remains.
	 */
	sz = (sz + page - 1) & ~(page - 1);
	total = sz + align;
	if (total < sz)
		return NB_ENOMEM;
	p = mmap(pref, total, prot, MAP_PRIVATE | MAP_ANON, -1, 0);
	if (p == MAP_FAILED)
		return rumpuser__errtrans(errno);
	base = (uintptr_t)p;
	start = (base + align - 1) & ~(uintptr_t)(align - 1);
	lead = start - base;
	tail = total - lead - sz;
	if (lead)
		munmap(p, lead);
	if (tail)
		munmap((void *)(start + sz), tail);
	*memp = (void *)start;
	/* Count what the caller asked for: rumpuser_unmap() gets that. */
	RUMPUSER_STAT_ADD(map_bytes, req);
	return 0;
}

void rumpuser_unmap(void *addr, size_t len)
{
	/* munmap() rounds len up to pages, as rumpuser_anonmmap() did. */
	if (munmap(addr, len) == 0)
		RUMPUSER_STAT_ADD(map_bytes, -(int64_t)len);
}
