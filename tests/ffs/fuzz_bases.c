// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuzz_bases.c - the tiny base images and the rump kernel of the
 * structure-aware fuzz targets (fuzz_bases.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rump/rump.h>
#include <rump/rumpdefs.h>

#include "fuzz_bases.h"

const char *const fz_basename[FZ_NBASE] = { "tiny-ufs1-le", "tiny-ufs1-be",
	"tiny-ufs2-le", "tiny-ufs2-be" };
uint8_t *fz_base[FZ_NBASE], *fz_work;
size_t fz_baselen[FZ_NBASE];

void
fz_setup(void)
{
	static int done;
	const char *dir = getenv("FFS_SEEDS");
	char path[1024];
	size_t worklen = 0;
	unsigned i;
	FILE *f;
	long n;
	int e;

	if (done)
		return;
	done = 1;
	if (dir == NULL)
		dir = FFS_TOP "/build/ffs-seeds";
	for (i = 0; i < FZ_NBASE; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, fz_basename[i]);
		f = fopen(path, "rb");
		if (f == NULL) {
			fprintf(stderr, "ffs fuzz: %s missing (run test-ffs "
				"seeds)\n", path);
			exit(1);
		}
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		fseek(f, 0, SEEK_SET);
		if (n <= 0) {
			fprintf(stderr, "ffs fuzz: %s is empty\n", path);
			exit(1);
		}
		fz_baselen[i] = (size_t)n;
		fz_base[i] = malloc(fz_baselen[i]);
		if (fz_base[i] == NULL ||
		    fread(fz_base[i], 1, fz_baselen[i], f) != fz_baselen[i]) {
			fprintf(stderr, "ffs fuzz: cannot read %s\n", path);
			exit(1);
		}
		fclose(f);
		if (fz_baselen[i] > worklen)
			worklen = fz_baselen[i];
	}
	fz_work = malloc(worklen);
	if (fz_work == NULL) {
		fprintf(stderr, "ffs fuzz: out of memory\n");
		exit(1);
	}
	/*
	 * EBUSY: this thread already runs in the kernel another target
	 * booted (the replay links several targets into one program).
	 */
	e = rump_init();
	if (e == 0)
		rump_schedule();
	else if (e != RUMP_EBUSY) {
		fprintf(stderr, "ffs fuzz: rump_init: %d\n", e);
		exit(1);
	}
}

size_t
fz_pick(const uint8_t *data)
{
	unsigned b = data[0] % FZ_NBASE;

	memcpy(fz_work, fz_base[b], fz_baselen[b]);
	return fz_baselen[b];
}
