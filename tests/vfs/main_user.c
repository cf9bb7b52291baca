// SPDX-License-Identifier: BSD-2-Clause
/*
 * main_user.c - the userspace lane of tests/vfs: the rump kernel and the
 * VFS component (registered by its constructor) in this process.  The
 * scratch disk is a temporary 8 MiB host file.  Usage: test-vfs [family]
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "tv_host.h"

static char diskpath[64];

int tv_host_setparam(const char *name, const char *val)
{
	if (val)
		return setenv(name, val, 1);
	return unsetenv(name);
}

const char *tv_host_disk(void)
{
	/* None: a path that is not there, so the bio cases fail, by name. */
	return diskpath[0] ? diskpath : "/no-scratch-disk";
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

void *tv_host_thread(void (*fn)(void *), void *arg)
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

void tv_host_join(void *cookie)
{
	struct hthread *h = cookie;

	pthread_join(h->t, NULL);
	free(h);
}

/* A process starts with no rump kernel, and must end with none. */
int tv_host_booted_at_start(void)
{
	return 0;
}

int main(int argc, char **argv)
{
	int fd, rv;

	setenv("RUMP_NCPU", "4", 0);
	setenv("RUMP_HOSTNAME", "rump-test", 0);
	snprintf(diskpath, sizeof(diskpath), "/tmp/rumpvfs-disk-XXXXXX");
	fd = mkstemp(diskpath);
	if (fd < 0 || ftruncate(fd, 8 << 20) != 0) {
		perror("scratch disk");
		diskpath[0] = '\0';
	}
	if (fd >= 0)
		close(fd);
	rv = tv_run(argc > 1 ? argv[1] : NULL);
	if (diskpath[0])
		unlink(diskpath);
	return rv == 0 ? 0 : 1;
}
