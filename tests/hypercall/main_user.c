// SPDX-License-Identifier: BSD-2-Clause
/*
 * main_user.c - the hypercall conformance suite as a program linked with
 * librumpuser.
 *
 *   test-hypercall [FAMILY]
 *
 * KTAP on stdout; exit status 1 if any family failed.  Scratch files live
 * in a fresh directory under $TMPDIR (default /tmp), removed at the end.
 * $RUMPUSER_TEST_DISK names a block device the bio tests may overwrite.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UNDER_TSAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define UNDER_TSAN 1
#endif

/*
 * The memory family checks that an impossible allocation fails with an
 * errno; sanitizer allocators abort on one unless told otherwise.
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

const char *__tsan_default_options(void);
const char *__tsan_default_options(void)
{
	return "allocator_may_return_null=1";
}

static char scratch_dir[PATH_MAX];
static char scratch_prefix[PATH_MAX + 8];
/*
 * Signals land on any thread; an atomic (lock-free, so async-signal-safe)
 * keeps the handler race-free.
 */
static int sigusr1_seen;

const char *host_scratch(void)
{
	return scratch_prefix;
}

const char *host_disk(void)
{
	const char *d = getenv("RUMPUSER_TEST_DISK");

	return d && *d ? d : NULL;
}

int64_t host_realtime_sec(void)
{
	return (int64_t)time(NULL);
}

int host_online_cpus(void)
{
	return (int)sysconf(_SC_NPROCESSORS_ONLN);
}

int host_setenv(const char *name, const char *value)
{
	return value ? setenv(name, value, 1) : unsetenv(name);
}

int host_child_exit(int value)
{
	struct rlimit nocore = { 0, 0 };
	pid_t pid;
	int st;

	fflush(NULL);
	pid = fork();
	if (pid == -1)
		return HOST_UNSUPPORTED;
	if (pid == 0) {
		/* The abort of a panic is expected: no core file, please. */
		setrlimit(RLIMIT_CORE, &nocore);
		rumpuser_exit(value);
	}
	if (waitpid(pid, &st, 0) != pid)
		return HOST_UNSUPPORTED;
	if (WIFSIGNALED(st))
		return -WTERMSIG(st);
	return WEXITSTATUS(st);
}

static void on_sigusr1(int sig)
{
	(void)sig;
	__atomic_add_fetch(&sigusr1_seen, 1, __ATOMIC_RELAXED);
}

int host_sigusr1_caught(void)
{
	return 1;
}

int host_stress_pct(void)
{
#ifdef UNDER_TSAN
	return 20;
#else
	return 100;
#endif
}

static void scratch_cleanup(void)
{
	char path[PATH_MAX + 256];
	struct dirent *de;
	DIR *d;

	if (!scratch_dir[0])
		return;
	d = opendir(scratch_dir);
	if (d) {
		while ((de = readdir(d)) != NULL) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			snprintf(path, sizeof(path), "%s/%s", scratch_dir,
				 de->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(scratch_dir);
}

int main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;
	const char *tmp = getenv("TMPDIR");
	struct sigaction sa;
	int failed;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	snprintf(scratch_dir, sizeof(scratch_dir), "%s/rumpuser-hc-XXXXXX", tmp);
	if (!mkdtemp(scratch_dir)) {
		perror("mkdtemp");
		return 2;
	}
	snprintf(scratch_prefix, sizeof(scratch_prefix), "%s/f", scratch_dir);

	/* No SA_RESTART: the clock family wants its sleeps interrupted. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigusr1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);

	failed = conf_run(only);
	scratch_cleanup();
	return failed ? 1 : 0;
}
