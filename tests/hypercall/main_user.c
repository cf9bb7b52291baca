// SPDX-License-Identifier: BSD-2-Clause
/*
 * main_user.c - the hypercall conformance suite as a program linked with
 * librumpuser.
 *
 *   test-hypercall [FAMILY]
 *
 * KTAP on stdout; exit status 1 if any family failed.  Scratch files live
 * in a fresh directory under $TMPDIR (default /tmp), removed at the end.
 *
 * The bio family's blk_* cases need a block device they may overwrite:
 * $RUMPUSER_TEST_DISK names one; else, run as root, the program makes one
 * itself, a loop device on a 64 MiB scratch file, detached at the end (and
 * by the kernel, autoclear, should the program die).  Not root and no
 * $RUMPUSER_TEST_DISK: those cases skip, saying so.  Root and no loop
 * device to be had: they fail.
 *
 * $RUMPUSER_TEST_BREAK_INIT=1 breaks the suite's rumpuser_init() on
 * purpose (a self-test: every case that needs the layer must fail).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/loop.h>
#include <linux/seccomp.h>

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
/* The block device of the blk_* cases (see the top of the file). */
static char disk_path[PATH_MAX];
static char disk_why[PATH_MAX + 128];
static int disk_failed;
static int loop_fd = -1;
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
	return disk_path[0] ? disk_path : NULL;
}

const char *host_no_disk(int *failure)
{
	*failure = disk_failed;
	return disk_why;
}

#define DISK_BYTES (64 << 20)

static void disk_fail(const char *what, int err)
{
	snprintf(disk_why, sizeof(disk_why),
		 "root, yet no loop device for the blk_* cases: %s: %s", what,
		 strerror(err));
	disk_failed = 1;
	disk_path[0] = '\0';
}

/*
 * Attach a fresh 64 MiB scratch file to a free loop device.  Another
 * program may take the same free device between our query and our
 * attach (EBUSY): ask again.
 */
static void disk_setup(void)
{
	const char *d = getenv("RUMPUSER_TEST_DISK");
	struct loop_info64 li;
	char back[PATH_MAX + 16];
	int ctl, bfd, n, tries;

	if (d && *d) {
		snprintf(disk_path, sizeof(disk_path), "%s", d);
		return;
	}
	if (geteuid() != 0) {
		snprintf(disk_why, sizeof(disk_why), "not root, so no loop "
			 "device; set RUMPUSER_TEST_DISK to a block device the "
			 "blk_* cases may overwrite");
		return;
	}
	snprintf(back, sizeof(back), "%s/disk", scratch_dir);
	bfd = open(back, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (bfd == -1 || ftruncate(bfd, DISK_BYTES) != 0) {
		disk_fail(back, errno);
		if (bfd != -1)
			close(bfd);
		return;
	}
	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl == -1) {
		disk_fail("/dev/loop-control", errno);
		close(bfd);
		return;
	}
	for (tries = 0; tries < 32; tries++) {
		n = ioctl(ctl, LOOP_CTL_GET_FREE);
		if (n < 0) {
			disk_fail("LOOP_CTL_GET_FREE", errno);
			break;
		}
		snprintf(disk_path, sizeof(disk_path), "/dev/loop%d", n);
		/* A container's /dev may lack nodes past the first few. */
		if (access(disk_path, F_OK) != 0 &&
		    mknod(disk_path, S_IFBLK | 0600, makedev(7, n)) != 0) {
			disk_fail(disk_path, errno);
			break;
		}
		loop_fd = open(disk_path, O_RDWR | O_CLOEXEC);
		if (loop_fd == -1) {
			disk_fail(disk_path, errno);
			break;
		}
		if (ioctl(loop_fd, LOOP_SET_FD, bfd) == 0)
			break;
		if (errno != EBUSY) {
			disk_fail("LOOP_SET_FD", errno);
			close(loop_fd);
			loop_fd = -1;
			break;
		}
		close(loop_fd);
		loop_fd = -1;
	}
	if (loop_fd == -1 && !disk_failed)
		disk_fail("LOOP_SET_FD", EBUSY);
	if (loop_fd != -1) {
		/* Detached by the kernel when its last user goes, crash or not. */
		memset(&li, 0, sizeof(li));
		li.lo_flags = LO_FLAGS_AUTOCLEAR;
		/* A label for losetup -l: the tail of the path fits best. */
		n = (int)strlen(back) - (int)sizeof(li.lo_file_name) + 1;
		memcpy(li.lo_file_name, back + (n > 0 ? n : 0),
		       strlen(back + (n > 0 ? n : 0)));
		if (ioctl(loop_fd, LOOP_SET_STATUS64, &li) != 0) {
			disk_fail("LOOP_SET_STATUS64", errno);
			ioctl(loop_fd, LOOP_CLR_FD, 0);
			close(loop_fd);
			loop_fd = -1;
		}
	}
	close(ctl);
	close(bfd);
}

static void disk_teardown(void)
{
	if (loop_fd == -1)
		return;
	if (ioctl(loop_fd, LOOP_CLR_FD, 0) != 0)
		fprintf(stderr, "LOOP_CLR_FD %s: %s\n", disk_path,
			strerror(errno));
	close(loop_fd);
	loop_fd = -1;
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

/* The child's status as host_child_exit() reports it. */
static int child_status(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return HOST_UNSUPPORTED;
	if (WIFSIGNALED(st))
		return -WTERMSIG(st);
	return WEXITSTATUS(st);
}

int host_child_exit(int value)
{
	struct rlimit nocore = { 0, 0 };
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == -1)
		return HOST_UNSUPPORTED;
	if (pid == 0) {
		/* The abort of a panic is expected: no core file, please. */
		setrlimit(RLIMIT_CORE, &nocore);
		rumpuser_exit(value);
	}
	return child_status(pid);
}

int host_child_run(void (*fn)(void))
{
	struct rlimit nocore = { 0, 0 };
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == -1)
		return HOST_UNSUPPORTED;
	if (pid == 0) {
		setrlimit(RLIMIT_CORE, &nocore);
		fn();
		_exit(99);	/* fn was to end the process */
	}
	return child_status(pid);
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

/* rumpuser/posix/guard.c: setjmp/longjmp, on every host. */
const char *host_no_guards(void)
{
	return NULL;
}

int host_break_init(void)
{
	const char *v = getenv("RUMPUSER_TEST_BREAK_INIT");

	return v && strcmp(v, "1") == 0;
}

#if defined(__x86_64__)
#define HOST_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define HOST_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

/*
 * The calling thread's open(2)s fail with err from now on: a seccomp
 * filter without TSYNC binds the calling thread alone.  glibc opens with
 * openat; plain open is covered where it exists.
 */
static int fail_opens(int err)
{
#ifdef HOST_AUDIT_ARCH
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, HOST_AUDIT_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_openat, 2, 0),
#ifdef __NR_open
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_open, 1, 0),
#else
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_openat, 1, 0),
#endif
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K,
			 SECCOMP_RET_ERRNO | (err & SECCOMP_RET_DATA)),
	};
	struct sock_fprog prog = { (unsigned short)KT_NELEM(f), f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
#else
	(void)err;
	return -1;
#endif
}

int host_open_fails(enum host_err kind, char *path, size_t len)
{
	int fd, err;

	/* A file that is there: only the injected error can fail its open. */
	snprintf(path, len, "%s.errno-inject", scratch_prefix);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd == -1)
		return HOST_UNSUPPORTED;
	close(fd);
	switch (kind) {
	case HOST_ERR_NONE:
		return 0;
	case HOST_ERR_AGAIN:
		err = EAGAIN;
		break;
	case HOST_ERR_NOMATCH:
		/* Linux's 44; NetBSD's 44 is ESOCKTNOSUPPORT, not this. */
		err = ECHRNG;
		break;
	case HOST_ERR_OUTSIDE:
		/* No errno of this host is anywhere near. */
		err = 4000;
		break;
	default:
		return HOST_UNSUPPORTED;
	}
	return fail_opens(err) == 0 ? 0 : HOST_UNSUPPORTED;
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
	disk_setup();

	/* No SA_RESTART: the clock family wants its sleeps interrupted. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigusr1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);

	failed = conf_run(only);
	disk_teardown();
	scratch_cleanup();
	return failed ? 1 : 0;
}
