// SPDX-License-Identifier: BSD-2-Clause
/*
 * t_util.c - helpers of the tests/ffsvfs suite: mounting images, the
 * manifest check, the tree walk, and the family table.
 */
#include "tfv.h"

int tfv_boot(void)
{
	int error = rump_init();

	KT_EXPECT_EQ(error, 0);
	return error;
}

void tfv_halt(void)
{
	struct rumpuser_ext_stats st;

	KT_EXPECT_EQ(rump_shutdown(), 0);
	rumpuser_ext_getstats(&st);
	KT_EXPECT_EQ(st.mem_bytes, 0);
	KT_EXPECT_EQ(st.threads, 0);
	KT_EXPECT_EQ(st.lwps, 0);
	KT_EXPECT_EQ(st.fds, 0);
	KT_EXPECT_EQ(st.bios, 0);
}

int tfv_mount_path(const char *hostpath, const char *key, const char *dir,
		   int flags)
{
	struct ufs_args args;
	char dev[64];
	int error;

	snprintf(dev, sizeof(dev), "/dev/%s", key);
	error = rump_pub_etfs_register(dev, hostpath, RUMP_ETFS_BLK);
	if (error)
		return error;
	if (rump_sys_mkdir(dir, 0755) != 0 && tfv_errno() != RUMP_EEXIST) {
		error = tfv_errno();
		rump_pub_etfs_remove(dev);
		return error;
	}
	args.fspec = dev;
	if (rump_sys_mount(RUMP_MOUNT_FFS, dir, flags, &args,
			   sizeof(args)) != 0) {
		error = tfv_errno();
		rump_pub_etfs_remove(dev);
		return error;
	}
	return 0;
}

int tfv_mount(const char *name, const char *key, const char *dir)
{
	const char *path = tfv_host_path(name);

	if (path == NULL)
		return RUMP_ENOENT;
	return tfv_mount_path(path, key, dir, RUMP_MNT_RDONLY);
}

void tfv_unmount(const char *key, const char *dir)
{
	char dev[64];

	snprintf(dev, sizeof(dev), "/dev/%s", key);
	KT_EXPECT_MSG(rump_sys_unmount(dir, 0) == 0, "unmount %s: errno %d",
		      dir, tfv_errno());
	KT_EXPECT_EQ(rump_pub_etfs_remove(dev), 0);
}

uint32_t tfv_crc32(uint32_t crc, const void *buf, size_t len)
{
	static uint32_t table[256];
	static bool ready;
	const uint8_t *p = buf;
	uint32_t c;
	int i, k;

	if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) {
		/* Idempotent: racing threads write the same values. */
		for (i = 0; i < 256; i++) {
			c = (uint32_t)i;
			for (k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
			__atomic_store_n(&table[i], c, __ATOMIC_RELAXED);
		}
		__atomic_store_n(&ready, true, __ATOMIC_RELEASE);
	}
	crc = ~crc;
	while (len--)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* ---- the manifest ------------------------------------------------------- */

#define TFV_IOBUF	65536

struct tfv_mline {
	char type;
	uint64_t mode, size, crc;
	const char *path;
};

static bool parse_line(char *s, struct tfv_mline *m)
{
	const char *p = s;

	m->type = *p++;
	if (*p++ != ' ')
		return false;
	if (strtou64(p, 8, &m->mode, &p) != 0 || *p++ != ' ')
		return false;
	if (strtou64(p, 10, &m->size, &p) != 0 || *p++ != ' ')
		return false;
	if (strtou64(p, 16, &m->crc, &p) != 0 || *p++ != ' ')
		return false;
	m->path = p;
	return *p != '\0';
}

static uint32_t type_ifmt(char t)
{
	switch (t) {
	case 'f': return RUMP_S_IFREG;
	case 'd': return RUMP_S_IFDIR;
	case 'l': return RUMP_S_IFLNK;
	case 'p': return RUMP_S_IFIFO;
	default: return 0;
	}
}

static void check_entry(const struct tfv_mline *m, const char *path,
			char *iobuf)
{
	struct rump_stat st;
	uint32_t crc = 0;
	uint64_t total = 0;
	ssize_t n;
	int fd;

	if (rump_sys_lstat(path, &st) != 0) {
		kt_fail(__FILE__, __LINE__, "lstat %s: errno %d", path,
			tfv_errno());
		return;
	}
	KT_EXPECT_MSG((st.st_mode & RUMP_S_IFMT) == type_ifmt(m->type) &&
		      (st.st_mode & 07777) == m->mode,
		      "%s: mode 0%o, want %c 0%llo", path, st.st_mode,
		      m->type, (unsigned long long)m->mode);
	if (m->type == 'f' || m->type == 'l')
		KT_EXPECT_MSG((uint64_t)st.st_size == m->size,
			      "%s: size %lld, want %llu", path,
			      (long long)st.st_size,
			      (unsigned long long)m->size);
	if (m->type == 'l') {
		n = rump_sys_readlink(path, iobuf, TFV_IOBUF);
		KT_EXPECT_MSG(n == (ssize_t)m->size &&
			      tfv_crc32(0, iobuf, (size_t)n) == m->crc,
			      "%s: readlink %zd errno %d", path, n,
			      n < 0 ? tfv_errno() : 0);
	} else if (m->type == 'f') {
		fd = rump_sys_open(path, RUMP_O_RDONLY);
		if (fd < 0) {
			kt_fail(__FILE__, __LINE__, "open %s: errno %d", path,
				tfv_errno());
			return;
		}
		while ((n = rump_sys_read(fd, iobuf, TFV_IOBUF)) > 0) {
			crc = tfv_crc32(crc, iobuf, (size_t)n);
			total += (uint64_t)n;
		}
		KT_EXPECT_MSG(n == 0, "read %s: errno %d", path, tfv_errno());
		KT_EXPECT_MSG(total == m->size && crc == m->crc,
			      "%s: %llu bytes crc %08x, want %llu %08llx",
			      path, (unsigned long long)total, crc,
			      (unsigned long long)m->size,
			      (unsigned long long)m->crc);
		rump_sys_close(fd);
	}
}

void tfv_check_manifest(const char *manifest, const char *dir,
			unsigned first, unsigned stride, unsigned *nchecked)
{
	const char *host = tfv_host_path(manifest);
	char key[64], *iobuf, *line, *path, *chunk;
	size_t ll = 0, i;
	unsigned lineno = 0;
	struct tfv_mline m;
	ssize_t n;
	int fd, error;

	*nchecked = 0;
	if (host == NULL) {
		kt_fail(__FILE__, __LINE__, "no %s", manifest);
		return;
	}
	/* Each caller its own key: threads check concurrently. */
	snprintf(key, sizeof(key), "/%s.%u", manifest, first);
	error = rump_pub_etfs_register(key, host, RUMP_ETFS_REG);
	KT_EXPECT_EQ(error, 0);
	if (error)
		return;
	iobuf = kmem_alloc(TFV_IOBUF, KM_SLEEP);
	chunk = kmem_alloc(4096, KM_SLEEP);
	line = kmem_alloc(MAXPATHLEN + 64, KM_SLEEP);
	path = kmem_alloc(2 * MAXPATHLEN, KM_SLEEP);
	fd = rump_sys_open(key, RUMP_O_RDONLY);
	KT_EXPECT(fd >= 0);
	while (fd >= 0 && (n = rump_sys_read(fd, chunk, 4096)) > 0) {
		for (i = 0; i < (size_t)n; i++) {
			if (chunk[i] != '\n') {
				if (ll < MAXPATHLEN + 63)
					line[ll++] = chunk[i];
				continue;
			}
			line[ll] = '\0';
			ll = 0;
			if (lineno++ % stride != first % stride)
				continue;
			if (!parse_line(line, &m)) {
				kt_fail(__FILE__, __LINE__, "manifest: %s",
					line);
				continue;
			}
			snprintf(path, 2 * MAXPATHLEN, "%s/%s", dir, m.path);
			check_entry(&m, path, iobuf);
			(*nchecked)++;
		}
	}
	if (fd >= 0)
		rump_sys_close(fd);
	KT_EXPECT_EQ(rump_pub_etfs_remove(key), 0);
	kmem_free(path, 2 * MAXPATHLEN);
	kmem_free(line, MAXPATHLEN + 64);
	kmem_free(chunk, 4096);
	kmem_free(iobuf, TFV_IOBUF);
}

/* ---- the tree walk ---------------------------------------------------------- */

/*
 * Iterative (the deep tree would overflow a kernel stack by recursion),
 * depth first with a list of directories still to list.  A corrupt image
 * may make a directory its own descendant: the entry bound ends that.
 */
#define TFV_MAXENTRIES	20000
#define TFV_DIRBUF	8192

struct pending {
	struct pending *next;
	size_t size;
	char path[];
};

static void walk_err(struct tfv_walk *w, const char *path, int e)
{
	if (w->nerrors++ == 0) {
		w->firsterr = e;
		strlcpy(w->firstpath, path, sizeof(w->firstpath));
	}
	if (e != RUMP_EIO && w->nodd++ == 0)
		w->firstodd = e;
}

static void walk_file(const char *path, struct tfv_walk *w, char *iobuf)
{
	ssize_t n;
	int fd;

	fd = rump_sys_open(path, RUMP_O_RDONLY);
	if (fd < 0) {
		walk_err(w, path, tfv_errno());
		return;
	}
	while ((n = rump_sys_read(fd, iobuf, TFV_IOBUF)) > 0)
		w->bytes += (uint64_t)n;
	if (n < 0)
		walk_err(w, path, tfv_errno());
	rump_sys_close(fd);
}

static bool push(struct pending **list, const char *path)
{
	size_t len = strlen(path) + 1;
	struct pending *p = kmem_alloc(sizeof(*p) + len, KM_SLEEP);

	if (p == NULL)
		return false;
	p->size = sizeof(*p) + len;
	memcpy(p->path, path, len);
	p->next = *list;
	*list = p;
	return true;
}

/* List one directory; its subdirectories go on the list. */
static void walk_dir(const char *dir, struct pending **list,
		     struct tfv_walk *w, char *path, char *buf, char *iobuf)
{
	struct rump_dirent *d;
	struct rump_stat st;
	size_t plen = strlen(dir), nl;
	ssize_t n = 0, off;
	int fd;

	fd = rump_sys_open(dir, RUMP_O_RDONLY | RUMP_O_DIRECTORY);
	if (fd < 0) {
		walk_err(w, dir, tfv_errno());
		return;
	}
	w->ndirs++;
	memcpy(path, dir, plen + 1);
	while (w->nentries <= TFV_MAXENTRIES &&
	       (n = rump_sys_getdents(fd, buf, TFV_DIRBUF)) > 0) {
		for (off = 0; off < n; off += d->d_reclen) {
			d = (struct rump_dirent *)(buf + off);
			if (d->d_reclen == 0)
				break;
			if (strcmp(d->d_name, ".") == 0 ||
			    strcmp(d->d_name, "..") == 0)
				continue;
			nl = strlen(d->d_name);
			if (plen + 1 + nl + 1 > MAXPATHLEN)
				continue;
			path[plen] = '/';
			memcpy(path + plen + 1, d->d_name, nl + 1);
			w->nentries++;
			if (rump_sys_lstat(path, &st) != 0) {
				walk_err(w, path, tfv_errno());
			} else if ((st.st_mode & RUMP_S_IFMT) == RUMP_S_IFDIR) {
				if (!push(list, path))
					walk_err(w, path, RUMP_ENOMEM);
			} else if ((st.st_mode & RUMP_S_IFMT) == RUMP_S_IFLNK) {
				w->nlinks++;
				if (rump_sys_readlink(path, iobuf,
						      MAXPATHLEN) < 0)
					walk_err(w, path, tfv_errno());
			} else if ((st.st_mode & RUMP_S_IFMT) ==
				   RUMP_S_IFREG) {
				w->nfiles++;
				if (w->readall)
					walk_file(path, w, iobuf);
			}
			path[plen] = '\0';
		}
	}
	if (n < 0)
		walk_err(w, dir, tfv_errno());
	rump_sys_close(fd);
}

void tfv_walk(const char *dir, struct tfv_walk *w)
{
	char *path = kmem_alloc(MAXPATHLEN, KM_SLEEP);
	char *buf = kmem_alloc(TFV_DIRBUF, KM_SLEEP);
	char *iobuf = kmem_alloc(TFV_IOBUF, KM_SLEEP);
	bool readall = w->readall;
	struct pending *list = NULL, *p;

	memset(w, 0, sizeof(*w));
	w->readall = readall;
	push(&list, dir);
	while ((p = list) != NULL) {
		list = p->next;
		if (w->nentries <= TFV_MAXENTRIES)
			walk_dir(p->path, &list, w, path, buf, iobuf);
		kmem_free(p, p->size);
	}
	kmem_free(iobuf, TFV_IOBUF);
	kmem_free(buf, TFV_DIRBUF);
	kmem_free(path, MAXPATHLEN);
}

/*
 * The last case of every run: leave the rump kernel as the suite found it
 * (rumpkern.ko boots at load; a process starts with none).  A case, not
 * host code after the suite, so that a failed reboot is in the verdict: a
 * test module whose init fails is loaded again by busybox's modprobe (it
 * falls back from finit_module to init_module), and that second load,
 * finding no kernel booted, would pass.
 */
static void t_left_as_found(void)
{
	int booted = tfv_host_booted_at_start();

	if (booted && !rump_booted())
		KT_EXPECT_EQ(rump_init(), 0);
	KT_EXPECT_EQ(rump_booted() ? 1 : 0, booted ? 1 : 0);
}

static const struct kt_case restore_cases[] = {
	{ "left_as_found", t_left_as_found },
};
static const struct kt_family tfv_fam_restore = {
	"restore", restore_cases, KT_NELEM(restore_cases), NULL
};

int tfv_run(const char *only)
{
	const struct kt_family fams[] = {
		tfv_fam_mount, tfv_fam_tree, tfv_fam_freebsd, tfv_fam_concur,
		tfv_fam_mutate, tfv_fam_write, tfv_fam_accept, tfv_fam_restore,
	};
	static char with_restore[256];

	/* "restore" runs whatever else was selected. */
	if (only && strlen(only) < sizeof(with_restore) - 9) {
		snprintf(with_restore, sizeof(with_restore), "%s,restore", only);
		only = with_restore;
	}

	return kt_run("ffsvfs", fams, KT_NELEM(fams), only);
}

/*
 * The data comes from make (tests/ffsvfs/mkdata.sh, tests/ffs/mkimages.sh,
 * with tools scripts/setup installs): missing data is a failure, never a
 * reason to skip.
 */
bool tfv_need(const char *name)
{
	if (tfv_host_path(name) != NULL)
		return true;
	kt_fail(__FILE__, __LINE__, "test data %s missing (make builds it: "
		"tests/ffsvfs/mkdata.sh)", name);
	return false;
}

/*
 * For the kernel lane's module-reference check: mount the block device
 * hostpath read-only on /hold in the running kernel and leave it there
 * (on = true), or take it away again.
 */
int tfv_hold(const char *hostpath, bool on)
{
	int error;

	if (on)
		return tfv_mount_path(hostpath, "hold", "/hold",
				      RUMP_MNT_RDONLY);
	if (rump_sys_unmount("/hold", 0) != 0)
		return tfv_errno();
	error = rump_pub_etfs_remove("/dev/hold");
	rump_sys_rmdir("/hold");
	return error;
}
