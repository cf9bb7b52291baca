// SPDX-License-Identifier: BSD-2-Clause
/*
 * main_user.c - the userspace lane of tests/ffsvfs: the rump kernel, the
 * VFS and FFS components (registered by their constructors) in this
 * process; the images are files made by tests/ffsvfs/mkdata.sh (run by
 * make before this program is built).  Usage: test-ffsvfs [family]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tfv_host.h"


#define DATA FFSVFS_TOP "/build/ffsvfs"
#define MAKEFS FFSVFS_TOP "/build/ffs-images/makefs"
#define RWIMG FFSVFS_TOP "/build/ffs-images/rw"
#define ACCIMG FFSVFS_TOP "/build/ffsrw"

/* Private copies of the "rw-*" images (the write tests change them). */
static char rwdir[64];

static char *rw_copy(const char *name)
{
	char src[512], dst[512], cmd[1200];

	if (strncmp(name, "acc-", 4) == 0)
		snprintf(src, sizeof(src), ACCIMG "/%s.img", name);
	else
		snprintf(src, sizeof(src), RWIMG "/%s.img", name + 3);
	if (access(src, R_OK) != 0)
		return NULL;
	if (rwdir[0] == '\0') {
		snprintf(rwdir, sizeof(rwdir), "/tmp/test-ffsvfs-rw.XXXXXX");
		if (mkdtemp(rwdir) == NULL) {
			rwdir[0] = '\0';
			return NULL;
		}
	}
	snprintf(dst, sizeof(dst), "%s/%s.img", rwdir, name);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", src, dst);
	if (system(cmd) != 0)
		return NULL;
	return strdup(dst);
}

/* Paths handed out stay valid: callers keep several at once. */
struct pathent {
	struct pathent *next;
	char name[64];
	char *path;
};
static struct pathent *paths;
static pthread_mutex_t paths_lock = PTHREAD_MUTEX_INITIALIZER;

const char *tfv_host_path(const char *name)
{
	struct pathent *p;
	char buf[512];

	pthread_mutex_lock(&paths_lock);
	for (p = paths; p; p = p->next)
		if (strcmp(p->name, name) == 0)
			break;
	if (p == NULL && (p = calloc(1, sizeof(*p))) != NULL) {
		if (strncmp(name, "rw-", 3) == 0 ||
		    strncmp(name, "acc-", 4) == 0) {
			snprintf(p->name, sizeof(p->name), "%s", name);
			p->path = rw_copy(name);
			p->next = paths;
			paths = p;
			pthread_mutex_unlock(&paths_lock);
			return p->path;
		}
		if (strncmp(name, "manifest-", 9) == 0)
			snprintf(buf, sizeof(buf), DATA "/%s", name);
		else if (strncmp(name, "freebsd-", 8) == 0 ||
			 strncmp(name, "wapbl-", 6) == 0)
			snprintf(buf, sizeof(buf), DATA "/%s.img", name);
		else
			snprintf(buf, sizeof(buf), MAKEFS "/%s.img", name);
		snprintf(p->name, sizeof(p->name), "%s", name);
		p->path = access(buf, R_OK) == 0 ? strdup(buf) : NULL;
		p->next = paths;
		paths = p;
	}
	pthread_mutex_unlock(&paths_lock);
	return p ? p->path : NULL;
}

/* The mutants, split out of mutants.bin into a temporary directory. */
static char mutdir[64];
static int nmutants = -1;

static void split_mutants(void)
{
	unsigned count = 0, size = 0;
	char path[128], *buf;
	FILE *f, *in, *out;
	unsigned i;

	nmutants = 0;
	f = fopen(DATA "/mutants.count", "r");
	if (f == NULL)
		return;
	if (fscanf(f, "%u %u", &count, &size) != 2)
		count = 0;
	fclose(f);
	in = fopen(DATA "/mutants.bin", "rb");
	buf = malloc(size);
	snprintf(mutdir, sizeof(mutdir), "/tmp/ffsvfs-mut-XXXXXX");
	if (in == NULL || buf == NULL || mkdtemp(mutdir) == NULL) {
		mutdir[0] = '\0';
		count = 0;
	}
	for (i = 0; i < count; i++) {
		if (fread(buf, 1, size, in) != size)
			break;
		snprintf(path, sizeof(path), "%s/%u.img", mutdir, i);
		out = fopen(path, "wb");
		if (out == NULL || fwrite(buf, 1, size, out) != size) {
			if (out)
				fclose(out);
			break;
		}
		fclose(out);
	}
	nmutants = (int)i;
	free(buf);
	if (in)
		fclose(in);
}

const char *tfv_host_mutant(int i)
{
	static char path[128];

	if (nmutants < 0)
		split_mutants();
	if (i < 0 || i >= nmutants)
		return NULL;
	snprintf(path, sizeof(path), "%s/%d.img", mutdir, i);
	return path;
}

/*
 * The acceptance images after the workload: our fsck, rumpffs and
 * sleuthkit against the expected tree (tests/ffsrw/accept.py).
 */
int tfv_host_check(const char *name)
{
	const char *path = tfv_host_path(name);
	char cmd[1024], line[512];
	FILE *p;

	if (path == NULL)
		return -1;
	snprintf(cmd, sizeof(cmd), "python3 " FFSVFS_TOP
		 "/tests/ffsrw/accept.py verify '%s' " ACCIMG "/expected-%s "
		 "%s 2>&1", path, name,
		 /* sleuthkit misses UFS2 superblocks at 8192 (makefs's) */
		 strcmp(name, "acc-ufs2-le") == 0 ? "" : "--sleuthkit");
	p = popen(cmd, "r");
	if (p == NULL)
		return -1;
	while (fgets(line, sizeof(line), p) != NULL)
		printf("    # %s", line);
	return pclose(p) == 0 ? 0 : 1;
}

struct hthread {
	pthread_t t;
	void (*fn)(void *);
	void *arg;
};

static void *hthread_main(void *arg)
{
	struct hthread *h = arg;

	h->fn(h->arg);
	return NULL;
}

void *tfv_host_thread(void (*fn)(void *farg), void *arg)
{
	struct hthread *h = malloc(sizeof(*h));

	if (h == NULL)
		return NULL;
	h->fn = fn;
	h->arg = arg;
	if (pthread_create(&h->t, NULL, hthread_main, h) != 0) {
		free(h);
		return NULL;
	}
	return h;
}

void tfv_host_join(void *cookie)
{
	struct hthread *h = cookie;

	pthread_join(h->t, NULL);
	free(h);
}

/* A process starts with no rump kernel, and must end with none. */
int tfv_host_booted_at_start(void)
{
	return 0;
}

int main(int argc, char **argv)
{
	char cmd[128];
	int rv;

	setenv("RUMP_NCPU", "4", 0);
	rv = tfv_run(argc > 1 ? argv[1] : NULL);
	if (rwdir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", rwdir);
		if (system(cmd) != 0)
			fprintf(stderr, "test-ffsvfs: could not remove %s\n",
				rwdir);
	}
	if (mutdir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", mutdir);
		if (system(cmd) != 0)
			fprintf(stderr, "test-ffsvfs: could not remove %s\n",
				mutdir);
	}
	return rv == 0 ? 0 : 1;
}
