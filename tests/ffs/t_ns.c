// SPDX-License-Identifier: BSD-2-Clause
/*
 * t_ns.c - the namespace operations of the write side (ffs_ns.c,
 * ffs_dirw.c): create (files, directories, fast and slow symlinks,
 * fifos, sockets, devices), link, remove, rmdir, rename in all its
 * cases, directories of thousands of entries, ENOSPC, and every error
 * the contracts name.
 *
 * Each case makes a fresh image with makefs (dev_user.c; roomy, unlike
 * the comparison images), mounts it read-write over a file, and keeps a
 * model of what it did: the names of each directory, the type, link
 * count, device number and symlink target of each inode.  The model is
 * checked against the file system through the read side (lookups,
 * readdir, iget, readlink, "." and ".."), during the run, after a
 * read-only remount, and by a full walk that must find no error.  The
 * test plays the VFS: it loads inodes fresh for every operation (so what
 * the core left on the device is what the next operation sees) and frees
 * an inode whose link count reached 0 (ffs_core_ifree), so that free
 * counts return to where they were once everything is removed.
 */
#include "ffs_fs.h"

#include "ktap.h"
#include "tf.h"

#define LINK_MAX	32767

/* ---- deterministic randomness --------------------------------------------- */
static uint64_t rs;

static uint64_t
rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return rs;
}

static uint32_t
rndn(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

/* ---- the model --------------------------------------------------------------- */
struct mnode {
	bool live;
	uint32_t mode;
	uint64_t rdev;
	uint64_t parent;	/* directories: ".." */
	char *target;		/* symlinks (kmem, tlen + 1) */
	uint32_t tlen;
	uint32_t nent;		/* directories: entries (not . and ..) */
	uint32_t nsub;		/* directories: subdirectories */
	uint32_t nnames;	/* names pointing here */
};

struct ment {
	uint64_t dir, ino;
	int next;		/* hash chain, or free list */
	int live_pos;		/* index in live[] */
	uint8_t len;
	char name[FFS_MAXNAMLEN + 1];
};

#define NBUCKET	4096

struct model {
	uint64_t ninodes;
	struct mnode *node;	/* by inode number */
	struct ment *ent;
	int nent, cap, freelist;
	int *live;		/* live entry indices, dense */
	int nlive;
	int head[NBUCKET];
	uint64_t base;		/* the test's directory */
	uint64_t nnodes;	/* live nodes (base included) */
};

static uint32_t
hashname(uint64_t dir, const char *name, size_t len)
{
	uint64_t h = 1469598103934665603ULL ^ dir;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (uint8_t)name[i]) * 1099511628211ULL;
	return (uint32_t)(h % NBUCKET);
}

static struct model *
model_new(uint64_t ninodes, int cap)
{
	struct model *m = kmem_zalloc(sizeof(*m), KM_SLEEP);
	int i;

	if (m == NULL)
		return NULL;
	m->ninodes = ninodes;
	m->cap = cap;
	m->node = kmem_zalloc(ninodes * sizeof(*m->node), KM_SLEEP);
	m->ent = kmem_zalloc((size_t)cap * sizeof(*m->ent), KM_SLEEP);
	m->live = kmem_zalloc((size_t)cap * sizeof(*m->live), KM_SLEEP);
	if (!m->node || !m->ent || !m->live) {
		kt_fail(__FILE__, __LINE__, "model: out of memory");
		return NULL;	/* leaks in a failing run: fine */
	}
	for (i = 0; i < NBUCKET; i++)
		m->head[i] = -1;
	m->freelist = -1;
	return m;
}

static void
model_free(struct model *m)
{
	uint64_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->ninodes; i++)
		if (m->node[i].target)
			kmem_free(m->node[i].target, m->node[i].tlen + 1);
	kmem_free(m->node, m->ninodes * sizeof(*m->node));
	kmem_free(m->ent, (size_t)m->cap * sizeof(*m->ent));
	kmem_free(m->live, (size_t)m->cap * sizeof(*m->live));
	kmem_free(m, sizeof(*m));
}

static int
m_find(const struct model *m, uint64_t dir, const char *name, size_t len)
{
	int i;

	for (i = m->head[hashname(dir, name, len)]; i >= 0; i = m->ent[i].next)
		if (m->ent[i].dir == dir && m->ent[i].len == len &&
		    memcmp(m->ent[i].name, name, len) == 0)
			return i;
	return -1;
}

static bool
isdirmode(uint32_t mode)
{
	return (mode & FFS_IFMT) == FFS_IFDIR;
}

static void
m_addent(struct model *m, uint64_t dir, const char *name, size_t len,
	 uint64_t ino)
{
	struct ment *e;
	uint32_t h = hashname(dir, name, len);
	int i;

	if (m->freelist >= 0) {
		i = m->freelist;
		m->freelist = m->ent[i].next;
	} else if (m->nent < m->cap) {
		i = m->nent++;
	} else {
		kt_fail(__FILE__, __LINE__, "model full");
		return;
	}
	e = &m->ent[i];
	e->dir = dir;
	e->ino = ino;
	e->len = (uint8_t)len;
	memcpy(e->name, name, len);
	e->name[len] = '\0';
	e->next = m->head[h];
	m->head[h] = i;
	e->live_pos = m->nlive;
	m->live[m->nlive++] = i;
	m->node[dir].nent++;
	m->node[ino].nnames++;
	if (isdirmode(m->node[ino].mode)) {
		m->node[dir].nsub++;
		m->node[ino].parent = dir;
	}
}

static void
m_delent(struct model *m, int i)
{
	struct ment *e = &m->ent[i];
	uint32_t h = hashname(e->dir, e->name, e->len);
	int *pp;

	for (pp = &m->head[h]; *pp != i; pp = &m->ent[*pp].next)
		;
	*pp = e->next;
	m->live[e->live_pos] = m->live[--m->nlive];
	m->ent[m->live[e->live_pos]].live_pos = e->live_pos;
	m->node[e->dir].nent--;
	m->node[e->ino].nnames--;
	if (isdirmode(m->node[e->ino].mode))
		m->node[e->dir].nsub--;
	e->next = m->freelist;
	m->freelist = i;
}

static void
m_addnode(struct model *m, uint64_t ino, uint32_t mode, uint64_t rdev,
	  const char *target)
{
	struct mnode *n = &m->node[ino];

	KT_EXPECT_MSG(!n->live, "inode %llu handed out twice",
		      (unsigned long long)ino);
	memset(n, 0, sizeof(*n));
	n->live = true;
	n->mode = mode;
	n->rdev = rdev;
	if (target) {
		n->tlen = (uint32_t)strlen(target);
		n->target = kmem_alloc(n->tlen + 1, KM_SLEEP);
		memcpy(n->target, target, n->tlen + 1);
	}
	m->nnodes++;
}

static void
m_delnode(struct model *m, uint64_t ino)
{
	struct mnode *n = &m->node[ino];

	if (n->target)
		kmem_free(n->target, n->tlen + 1);
	memset(n, 0, sizeof(*n));
	m->nnodes--;
}

/* Expected link count. */
static uint32_t
m_nlink(const struct model *m, uint64_t ino)
{
	const struct mnode *n = &m->node[ino];

	return isdirmode(n->mode) ? 2 + n->nsub : n->nnames;
}

/* ---- the mounted file system -------------------------------------------- */
struct nsfs {
	const char *opts;
	struct tf_rwdev *d;
	struct ffs_dev dev;
	struct ffs_core *fs;
	struct model *m;
	struct ffs_statvfs sv0;	/* before the test */
	uint32_t rootnlink0;
	uint64_t ops;
	bool faulty;		/* the device may fail writes: EIO is fine */
};

static bool
ns_mount(struct nsfs *n, bool rw)
{
	char why[160];
	int e;

	tf_host_rwdev_dev(n->d, &n->dev, rw);
	e = ffs_core_mount(&n->dev, rw ? FFS_MOUNT_RDWR : 0, &n->fs, why,
			   sizeof(why));
	KT_EXPECT_MSG(e == 0, "mount %s (%s): %d (%s)", n->opts,
		      rw ? "rw" : "ro", e, why);
	if (e)
		n->fs = NULL;
	return e == 0;
}

static void
ns_unmount(struct nsfs *n)
{
	if (n->fs == NULL)
		return;
	KT_EXPECT_EQ(ffs_core_unmount(n->fs), 0);
	n->fs = NULL;
}

static struct ffs_inode *
inode_new(void)
{
	return kmem_zalloc(sizeof(struct ffs_inode), KM_SLEEP);
}

static void
inode_free(struct ffs_inode *ip)
{
	kmem_free(ip, sizeof(*ip));
}

/*
 * Make an image (makefs options, size) and mount it read-write; create
 * the test's directory /ns, the base of the model.
 */
static bool
ns_open(struct nsfs *n, const char *opts, const char *size, int cap)
{
	struct ffs_newattr a = { FFS_IFDIR | 0755, 0, 0, 0 };
	struct ffs_inode *root, *ip;
	struct ffs_info fi;
	int e;

	memset(n, 0, sizeof(*n));
	n->opts = opts;
	n->d = tf_host_rwdev_mkfs(opts, size);
	if (n->d == NULL) {
		kt_fail(__FILE__, __LINE__, "makefs %s -s %s failed", opts,
			size);
		return false;
	}
	if (!ns_mount(n, true))
		return false;
	ffs_core_info(n->fs, &fi);
	KT_EXPECT(fi.rw_refusal == NULL);
	KT_EXPECT(ffs_core_isrw(n->fs));
	ffs_core_statvfs(n->fs, &n->sv0);
	n->m = model_new(n->fs->ninodes, cap);
	if (n->m == NULL)
		return false;
	root = inode_new();
	ip = inode_new();
	KT_EXPECT_EQ(ffs_core_iget(n->fs, FFS_ROOTINO, root), 0);
	n->rootnlink0 = root->nlink;
	e = ffs_core_create(n->fs, root, "ns", 2, &a, NULL, ip);
	KT_EXPECT_EQ(e, 0);
	if (e == 0) {
		n->m->base = ip->ino;
		m_addnode(n->m, ip->ino, a.mode, 0, NULL);
		n->m->node[ip->ino].parent = FFS_ROOTINO;
		KT_EXPECT_EQ(root->nlink, n->rootnlink0 + 1);
	}
	inode_free(root);
	inode_free(ip);
	return e == 0;
}

static void
ns_close(struct nsfs *n)
{
	int leaks, errors, rc;
	bool was = n->fs != NULL;

	ns_unmount(n);
	if (was && n->d != NULL) {
		rc = tf_host_rwdev_fsck(n->d, &leaks, &errors);
		KT_EXPECT_MSG(rc == 0, "%s: fsck exit %d (%d leaks, %d errors)"
			      " at the end", n->opts, rc, leaks, errors);
	}
	model_free(n->m);
	tf_host_rwdev_free(n->d);
	n->m = NULL;
	n->d = NULL;
}

/* ---- operations, as a VFS would do them ------------------------------- */
static int
iget(struct nsfs *n, uint64_t ino, struct ffs_inode *ip)
{
	int e = ffs_core_iget(n->fs, ino, ip);

	KT_EXPECT_MSG(e == 0, "iget %llu: %d", (unsigned long long)ino, e);
	return e;
}

/* The VFS's last reference to an inode without links went. */
static void
ifree(struct nsfs *n, struct ffs_inode *ip)
{
	int e = ffs_core_ifree(n->fs, ip);

	KT_EXPECT_MSG(e == 0 || (n->faulty && e == EIO), "ifree %llu: %d",
		      (unsigned long long)ip->ino, e);
}

static uint32_t
typebits(uint32_t type)
{
	return type & FFS_IFMT;
}

/* Create name in dir; *inop = the new inode. */
static int
do_create(struct nsfs *n, uint64_t dir, const char *name, size_t len,
	  uint32_t mode, uint64_t rdev, const char *target, uint64_t *inop)
{
	struct ffs_newattr a = { mode, 1000 + (uint32_t)len, 2000, rdev };
	struct ffs_inode *dp = inode_new(), *ip = inode_new();
	uint32_t nlink0;
	int e;

	*inop = 0;
	if (iget(n, dir, dp) != 0) {
		e = EIO;
		goto out;
	}
	nlink0 = dp->nlink;
	e = ffs_core_create(n->fs, dp, name, len, &a, target, ip);
	n->ops++;
	if (e == 0) {
		*inop = ip->ino;
		KT_EXPECT_EQ(ip->mode, target ? (FFS_IFLNK | (mode & 07777)) :
			     mode);
		KT_EXPECT_EQ(ip->nlink, isdirmode(mode) ? 2 : 1);
		KT_EXPECT_EQ(ip->uid, a.uid);
		KT_EXPECT_EQ(ip->gid, a.gid);
		KT_EXPECT_EQ(dp->nlink, nlink0 + (isdirmode(mode) ? 1 : 0));
		if (typebits(mode) == FFS_IFCHR || typebits(mode) == FFS_IFBLK)
			KT_EXPECT_EQ(ip->rdev, rdev);
		if (isdirmode(mode))
			KT_EXPECT_EQ(ip->size, DIRBLKSIZ);
		if (target)
			KT_EXPECT_EQ(ip->size, strlen(target));
		/* what the core left in memory is what is on the device */
		KT_EXPECT_EQ(ffs_core_iget(n->fs, ip->ino, dp), 0);
		KT_EXPECT_EQ(dp->mode, ip->mode);
		KT_EXPECT_EQ(dp->nlink, ip->nlink);
		KT_EXPECT_EQ(dp->size, ip->size);
		KT_EXPECT_EQ(dp->gen, ip->gen);
		KT_EXPECT_EQ(dp->rdev, ip->rdev);
	} else {
		KT_EXPECT_EQ(dp->nlink, nlink0);
	}
out:
	inode_free(dp);
	inode_free(ip);
	return e;
}

static int
do_link(struct nsfs *n, uint64_t dir, const char *name, size_t len,
	uint64_t ino)
{
	struct ffs_inode *dp = inode_new(), *ip = inode_new();
	uint32_t nlink0;
	int e = EIO;

	if (iget(n, dir, dp) == 0 && iget(n, ino, ip) == 0) {
		nlink0 = ip->nlink;
		e = ffs_core_link(n->fs, dp, name, len, ip);
		n->ops++;
		KT_EXPECT_EQ(ip->nlink, nlink0 + (e == 0));
	}
	inode_free(dp);
	inode_free(ip);
	return e;
}

/* remove or rmdir (by the type of what the name names); ifree at 0 */
static int
do_remove(struct nsfs *n, uint64_t dir, const char *name, size_t len,
	  bool rmdir)
{
	struct ffs_inode *dp = inode_new(), *ip = inode_new();
	uint64_t ino;
	int e;

	e = iget(n, dir, dp);
	if (e == 0)
		e = ffs_core_lookup(n->fs, dp, name, len, &ino, NULL);
	if (e == 0)
		e = iget(n, ino, ip);
	if (e == 0) {
		e = rmdir ? ffs_core_rmdir(n->fs, dp, name, len, ip) :
			ffs_core_remove(n->fs, dp, name, len, ip);
		n->ops++;
		if (e == 0 && ip->nlink == 0)
			ifree(n, ip);
	}
	inode_free(dp);
	inode_free(ip);
	return e;
}

/*
 * rename; the two directories as one structure or two when they are the
 * same (alias), as a VFS may do either.
 */
static int
do_rename(struct nsfs *n, uint64_t fdir, const char *fname, size_t flen,
	  uint64_t tdir, const char *tname, size_t tlen, bool alias)
{
	struct ffs_inode *fdp = inode_new(), *tdp = inode_new();
	struct ffs_inode *fip = inode_new(), *tip = inode_new();
	uint64_t ino;
	bool havet = false;
	int e;

	e = iget(n, fdir, fdp);
	if (e == 0)
		e = iget(n, tdir, tdp);
	if (e == 0)
		e = ffs_core_lookup(n->fs, fdp, fname, flen, &ino, NULL);
	if (e == 0)
		e = iget(n, ino, fip);
	if (e == 0 && ffs_core_lookup(n->fs, tdp, tname, tlen, &ino,
				      NULL) == 0) {
		e = iget(n, ino, tip);
		havet = true;
	}
	if (e == 0) {
		struct ffs_inode *t = tdp;

		if (alias && fdir == tdir)
			t = fdp;
		e = ffs_core_rename(n->fs, fdp, fname, flen, fip, t, tname,
				    tlen, havet ? tip : NULL);
		n->ops++;
		if (e == 0 && havet && tip->nlink == 0)
			ifree(n, tip);
	}
	inode_free(fdp);
	inode_free(tdp);
	inode_free(fip);
	inode_free(tip);
	return e;
}

/* ---- checking the model against the file system -------------------------- */
struct vent {
	uint64_t ino;
	uint8_t type;
	uint8_t len;
	char name[FFS_MAXNAMLEN + 1];
};

struct vlist {
	struct vent *v;
	size_t n, cap;
};

static int
vcollect(void *arg, const struct ffs_dirent *de)
{
	struct vlist *l = arg;

	if (l->n == l->cap) {
		size_t ncap = l->cap ? 2 * l->cap : 64;
		struct vent *nv = kmem_alloc(ncap * sizeof(*nv), KM_SLEEP);

		if (nv == NULL)
			return 1;
		if (l->v) {
			memcpy(nv, l->v, l->n * sizeof(*nv));
			kmem_free(l->v, l->cap * sizeof(*nv));
		}
		l->v = nv;
		l->cap = ncap;
	}
	l->v[l->n].ino = de->ino;
	l->v[l->n].type = de->type;
	l->v[l->n].len = de->namlen;
	memcpy(l->v[l->n].name, de->name, (size_t)de->namlen + 1);
	l->n++;
	return 0;
}

/* Check one directory of the model: its listing and lookups. */
static void
verify_dir(struct nsfs *n, uint64_t dir, struct ffs_inode *dp,
	   struct vlist *l)
{
	struct model *m = n->m;
	uint64_t cookie = 0, ino;
	uint32_t seen = 0;
	bool eof = false, dot = false, dotdot = false;
	size_t i;
	int k, e;

	l->n = 0;
	e = ffs_core_readdir(n->fs, dp, &cookie, vcollect, l, &eof);
	KT_EXPECT_MSG(e == 0 && eof, "readdir %llu: %d",
		      (unsigned long long)dir, e);
	KT_EXPECT_EQ(dp->size % DIRBLKSIZ, 0);
	for (i = 0; i < l->n; i++) {
		struct vent *v = &l->v[i];

		if (v->len == 1 && v->name[0] == '.') {
			KT_EXPECT_EQ(v->ino, dir);
			dot = true;
			continue;
		}
		if (v->len == 2 && v->name[0] == '.' && v->name[1] == '.') {
			KT_EXPECT_EQ(v->ino, m->node[dir].parent);
			dotdot = true;
			continue;
		}
		k = m_find(m, dir, v->name, v->len);
		KT_EXPECT_MSG(k >= 0, "dir %llu: unexpected entry \"%s\"",
			      (unsigned long long)dir, v->name);
		if (k < 0)
			continue;
		seen++;
		KT_EXPECT_MSG(m->ent[k].ino == v->ino,
			      "dir %llu: \"%s\" is %llu, expected %llu",
			      (unsigned long long)dir, v->name,
			      (unsigned long long)v->ino,
			      (unsigned long long)m->ent[k].ino);
		KT_EXPECT_EQ(v->type, (m->node[m->ent[k].ino].mode & FFS_IFMT)
			     >> 12);
		e = ffs_core_lookup(n->fs, dp, v->name, v->len, &ino, NULL);
		KT_EXPECT_EQ(e, 0);
		KT_EXPECT_EQ(ino, v->ino);
	}
	KT_EXPECT(dot && dotdot);
	KT_EXPECT_MSG(seen == m->node[dir].nent,
		      "dir %llu: %u entries, model %u",
		      (unsigned long long)dir, seen, m->node[dir].nent);
}

/*
 * Everything: each live inode of the model (type, link count, device,
 * target), each directory's listing, freed inodes free, a full walk
 * without errors, and the free-inode count.
 */
static void
verify(struct nsfs *n, const char *when)
{
	struct model *m = n->m;
	struct ffs_inode *ip = inode_new();
	struct vlist l = { NULL, 0, 0 };
	struct ffs_statvfs sv;
	struct tf_walk w;
	char *buf = kmem_alloc(FFS_MAXPATHLEN, KM_SLEEP);
	size_t len;
	uint64_t ino;
	int fails = kt_case_failures();

	for (ino = FFS_ROOTINO; ino < m->ninodes; ino++) {
		struct mnode *nd = &m->node[ino];

		if (!nd->live)
			continue;
		if (iget(n, ino, ip) != 0)
			continue;
		KT_EXPECT_EQ(ip->mode & FFS_IFMT, nd->mode & FFS_IFMT);
		KT_EXPECT_MSG(ip->nlink == m_nlink(m, ino),
			      "inode %llu: nlink %u, expected %u",
			      (unsigned long long)ino, ip->nlink,
			      m_nlink(m, ino));
		switch (nd->mode & FFS_IFMT) {
		case FFS_IFDIR:
			verify_dir(n, ino, ip, &l);
			break;
		case FFS_IFLNK:
			KT_EXPECT_EQ(ip->size, nd->tlen);
			KT_EXPECT_EQ(ip->blocks == 0,
				     nd->tlen < n->fs->maxsymlinklen);
			KT_EXPECT_EQ(ffs_core_readlink(n->fs, ip, buf,
						       FFS_MAXPATHLEN, &len), 0);
			KT_EXPECT(len == nd->tlen &&
				  memcmp(buf, nd->target, len) == 0);
			break;
		case FFS_IFCHR:
		case FFS_IFBLK:
			KT_EXPECT_EQ(ip->rdev, nd->rdev);
			break;
		default:
			KT_EXPECT_EQ(ip->size, 0);
			break;
		}
		if (kt_case_failures() > fails + 20)
			break;		/* enough said */
	}
	/* the root gained /ns */
	if (iget(n, FFS_ROOTINO, ip) == 0)
		KT_EXPECT_EQ(ip->nlink, n->rootnlink0 + 1);
	memset(&w, 0, sizeof(w));
	w.budget = 4096;
	tf_walk_fs(n->fs, &w);
	KT_EXPECT_MSG(w.nerrors == 0, "walk: %llu errors (first %d)",
		      (unsigned long long)w.nerrors, w.firsterr);
	ffs_core_statvfs(n->fs, &sv);
	KT_EXPECT_MSG(sv.ffree + m->nnodes == n->sv0.ffree,
		      "free inodes %llu + %llu model, %llu at the start",
		      (unsigned long long)sv.ffree,
		      (unsigned long long)m->nnodes,
		      (unsigned long long)n->sv0.ffree);
	if (kt_case_failures() != fails)
		kt_diag("%s: %s after %llu operations", n->opts, when,
			(unsigned long long)n->ops);
	if (l.v)
		kmem_free(l.v, l.cap * sizeof(*l.v));
	kmem_free(buf, FFS_MAXPATHLEN);
	inode_free(ip);
}

/* Unmount, check read-only (the clean flag back), remount read-write. */
static void
remount_verify(struct nsfs *n, const char *when)
{
	struct ffs_info fi;

	int leaks, errors, rc;

	ns_unmount(n);
	/* the independent checker: nothing wrong, nothing leaked */
	rc = tf_host_rwdev_fsck(n->d, &leaks, &errors);
	KT_EXPECT_MSG(rc == 0, "%s: fsck exit %d (%d leaks, %d errors) %s",
		      n->opts, rc, leaks, errors, when);
	if (!ns_mount(n, false))
		return;
	ffs_core_info(n->fs, &fi);
	KT_EXPECT_MSG(fi.clean & 1, "not clean after unmount (%#x)", fi.clean);
	KT_EXPECT(!ffs_core_isrw(n->fs));
	verify(n, when);
	ns_unmount(n);
	ns_mount(n, true);
}

/* ---- model-predicted operations ---------------------------------------------- */
/* Is dir a (or inside) the directory anc, in the model? */
static bool
m_under(const struct model *m, uint64_t dir, uint64_t anc)
{
	int guard = 0;

	while (guard++ < 100000) {
		if (dir == anc)
			return true;
		if (dir == m->base || dir == FFS_ROOTINO)
			return false;
		dir = m->node[dir].parent;
	}
	return false;
}

static int
m_create(struct nsfs *n, uint64_t dir, const char *name, size_t len,
	 uint32_t mode, uint64_t rdev, const char *target)
{
	struct model *m = n->m;
	uint64_t ino;
	int want = 0, e;

	if (len > FFS_MAXNAMLEN)
		want = ENAMETOOLONG;
	else if (m_find(m, dir, name, len) >= 0)
		want = EEXIST;
	e = do_create(n, dir, name, len, mode, rdev, target, &ino);
	if (e == ENOSPC && want == 0)
		return e;	/* the callers decide whether it may */
	KT_EXPECT_MSG(e == want, "create \"%.*s\" in %llu: %d, expected %d",
		      (int)(len > 40 ? 40 : len), name,
		      (unsigned long long)dir, e, want);
	if (e == 0 && want == 0) {
		m_addnode(m, ino, target ? (FFS_IFLNK | (mode & 07777)) : mode,
			  rdev, target);
		m_addent(m, dir, name, len, ino);
	}
	return e;
}

static int
m_link(struct nsfs *n, uint64_t dir, const char *name, size_t len,
       uint64_t ino)
{
	struct model *m = n->m;
	int want = 0, e;

	if (isdirmode(m->node[ino].mode))
		want = EPERM;
	else if (m_find(m, dir, name, len) >= 0)
		want = EEXIST;
	e = do_link(n, dir, name, len, ino);
	if (e == ENOSPC && want == 0)
		return e;
	KT_EXPECT_MSG(e == want, "link \"%.*s\": %d, expected %d",
		      (int)(len > 40 ? 40 : len), name, e, want);
	if (e == 0 && want == 0)
		m_addent(m, dir, name, len, ino);
	return e;
}

/* Remove the model entry k (rmdir for directories). */
static int
m_remove(struct nsfs *n, int k)
{
	struct model *m = n->m;
	struct ment *en = &m->ent[k];
	uint64_t ino = en->ino, dir = en->dir;
	bool dir_ = isdirmode(m->node[ino].mode);
	int want = 0, e;

	if (dir_ && m->node[ino].nent > 0)
		want = ENOTEMPTY;
	e = do_remove(n, dir, en->name, en->len, dir_);
	KT_EXPECT_MSG(e == want, "remove \"%.*s\": %d, expected %d",
		      (int)(en->len > 40 ? 40 : en->len), en->name, e, want);
	if (e == 0 && want == 0) {
		m_delent(m, k);
		if (m->node[ino].nnames == 0)
			m_delnode(m, ino);
	}
	return e;
}

/* rename entry k to tname in tdir */
static int
m_rename(struct nsfs *n, int k, uint64_t tdir, const char *tname,
	 size_t tlen, bool alias)
{
	struct model *m = n->m;
	struct ment *en = &m->ent[k];
	uint64_t fdir = en->dir, fino = en->ino, tino = 0;
	char fname[FFS_MAXNAMLEN + 1];
	size_t flen = en->len;
	bool fdir_ = isdirmode(m->node[fino].mode), tdir_ = false;
	int t, want = 0, e;

	memcpy(fname, en->name, flen);
	t = m_find(m, tdir, tname, tlen);
	if (t >= 0) {
		tino = m->ent[t].ino;
		tdir_ = isdirmode(m->node[tino].mode);
	}
	if (t >= 0 && tino == fino)
		want = 0;
	else if (t >= 0 && fdir_ && !tdir_)
		want = ENOTDIR;
	else if (t >= 0 && !fdir_ && tdir_)
		want = EISDIR;
	else if (t >= 0 && tdir_ && m->node[tino].nent > 0)
		want = ENOTEMPTY;
	else if (fdir_ && fdir != tdir && m_under(m, tdir, fino))
		want = EINVAL;
	e = do_rename(n, fdir, fname, flen, tdir, tname, tlen, alias);
	if (e == ENOSPC && want == 0)
		return e;
	KT_EXPECT_MSG(e == want, "rename \"%.*s\" (%llu) -> %llu/\"%.*s\": "
		      "%d, expected %d", (int)(flen > 40 ? 40 : flen), fname,
		      (unsigned long long)fino, (unsigned long long)tdir,
		      (int)(tlen > 40 ? 40 : tlen), tname, e, want);
	if (e != 0 || want != 0 || (t >= 0 && tino == fino))
		return e;
	m_delent(m, k);
	if (t >= 0) {
		m_delent(m, t);
		if (m->node[tino].nnames == 0)
			m_delnode(m, tino);
	}
	m_addent(m, tdir, tname, tlen, fino);
	return 0;
}

/* ---- names -------------------------------------------------------------- */
static const char namechars[] =
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-+";

static size_t
putnum(char *s, uint64_t v)
{
	char tmp[24];
	size_t i = 0, j;

	do {
		tmp[i++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (j = 0; j < i; j++)
		s[j] = tmp[i - 1 - j];
	return i;
}

/* A random name: mostly short, some long, up to 255 bytes. */
static size_t
randname(char *s)
{
	uint32_t r = rndn(100);
	size_t len, i;

	len = r < 55 ? 1 + rndn(12) : r < 92 ? 13 + rndn(48) :
		61 + rndn(FFS_MAXNAMLEN - 60);
	for (i = 0; i < len; i++)
		s[i] = namechars[rndn(sizeof(namechars) - 1)];
	if (s[0] == '.')
		s[0] = 'x';
	s[len] = '\0';
	return len;
}

/* prefix + number + padding to len bytes (at least the number) */
static size_t
numname(char *s, const char *prefix, uint64_t v, size_t len)
{
	size_t n = strlen(prefix);

	memcpy(s, prefix, n);
	n += putnum(s + n, v);
	for (; n < len; n++)
		s[n] = (char)('a' + (n % 26));
	s[n] = '\0';
	return n;
}

/* A symlink target of len bytes (no NUL, no need to resolve). */
static void
mktarget(char *t, size_t len, uint64_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		t[i] = (char)('a' + (seed + i * 7) % 26);
	if (len > 2)
		t[len / 2] = '/';
	t[len] = '\0';
}

/* ---- the cases ------------------------------------------------------------ */
/* Each case must give back all the kernel memory it took. */
static int64_t ns_inuse;

static bool
ns_begin(void)
{
	ns_inuse = kmem_inuse();
	return true;
}

static void
ns_end(void)
{
	KT_EXPECT_EQ(kmem_inuse(), ns_inuse);
}

#define NSCASE(call)	do { if (ns_begin()) { call; ns_end(); } } while (0)

#define IMG_UFS1_LE	"-B le -o version=1,bsize=4096,fsize=512,density=2048,maxbpcg=1024"
#define IMG_UFS1_BE	"-B be -o version=1,bsize=8192,fsize=1024,density=2048,maxbpcg=512"
#define IMG_UFS2_LE	"-B le -o version=2,bsize=16384,fsize=2048,density=4096,maxbpcg=256"
#define IMG_UFS2_BE	"-B be -o version=2,bsize=4096,fsize=512,density=2048,maxbpcg=1024"
#define IMG_UFS2_64K	"-B le -o version=2,bsize=65536,fsize=8192,density=8192"

/*
 * One of everything, then links, removes, rmdir, with checks after a
 * remount.
 */
static void
basic(const char *opts)
{
	struct nsfs n;
	struct model *m;
	uint64_t d, d2, f, ino;
	char tgt[FFS_MAXPATHLEN];
	int k;

	if (!ns_open(&n, opts, "24m", 4096))
		goto out;
	m = n.m;
	d = m->base;
	KT_EXPECT_EQ(m_create(&n, d, "file", 4, FFS_IFREG | 0644, 0, NULL), 0);
	KT_EXPECT_EQ(m_create(&n, d, "dir", 3, FFS_IFDIR | 0755, 0, NULL), 0);
	KT_EXPECT_EQ(m_create(&n, d, "fifo", 4, FFS_IFIFO | 0600, 0, NULL), 0);
	KT_EXPECT_EQ(m_create(&n, d, "sock", 4, FFS_IFSOCK | 0700, 0, NULL), 0);
	KT_EXPECT_EQ(m_create(&n, d, "chr", 3, FFS_IFCHR | 0600, 0x0202, NULL), 0);
	KT_EXPECT_EQ(m_create(&n, d, "blk", 3, FFS_IFBLK | 0640,
			      n.fs->ufs == 2 ? 0x123456789aULL : 0x12345678,
			      NULL), 0);
	/* symlinks around the fast/slow boundary, and the longest */
	mktarget(tgt, n.fs->maxsymlinklen - 1, 1);
	KT_EXPECT_EQ(m_create(&n, d, "fast", 4, FFS_IFLNK | 0777, 0, tgt), 0);
	mktarget(tgt, n.fs->maxsymlinklen, 2);
	KT_EXPECT_EQ(m_create(&n, d, "slow", 4, FFS_IFLNK | 0777, 0, tgt), 0);
	mktarget(tgt, FFS_MAXPATHLEN - 1, 3);
	KT_EXPECT_EQ(m_create(&n, d, "longest", 7, FFS_IFLNK | 0777, 0, tgt), 0);
	mktarget(tgt, 1, 4);
	KT_EXPECT_EQ(m_create(&n, d, "one", 3, FFS_IFLNK | 0777, 0, tgt), 0);
	verify(&n, "after the creates");

	d2 = m->ent[m_find(m, d, "dir", 3)].ino;
	f = m->ent[m_find(m, d, "file", 4)].ino;
	KT_EXPECT_EQ(m_link(&n, d2, "f2", 2, f), 0);
	KT_EXPECT_EQ(m_link(&n, d, "file.again", 10, f), 0);
	KT_EXPECT_EQ(m_create(&n, d2, "sub", 3, FFS_IFDIR | 0700, 0, NULL), 0);
	KT_EXPECT_EQ(m_create(&n, d2, "sub2", 4, FFS_IFDIR | 0700, 0, NULL), 0);
	verify(&n, "after the links");
	remount_verify(&n, "remounted after the links");
	if (n.fs == NULL)
		goto out;

	KT_EXPECT_EQ(m_remove(&n, m_find(m, d, "file", 4)), 0);
	KT_EXPECT_EQ(m_remove(&n, m_find(m, d, "dir", 3)), ENOTEMPTY);
	KT_EXPECT_EQ(m_remove(&n, m_find(m, d2, "sub", 3)), 0);
	KT_EXPECT_EQ(m_remove(&n, m_find(m, d2, "f2", 2)), 0);
	verify(&n, "after the removes");
	/* remove everything: the free counts come back */
	while (m->nlive > 0 && kt_case_failures() == 0) {
		for (k = m->nlive - 1; k >= 0; k--) {
			struct ment *en = &m->ent[m->live[k]];

			if (isdirmode(m->node[en->ino].mode) &&
			    m->node[en->ino].nent > 0)
				continue;
			KT_EXPECT_EQ(m_remove(&n, m->live[k]), 0);
			break;
		}
		if (k < 0) {
			kt_fail(__FILE__, __LINE__, "cannot empty the tree");
			break;
		}
	}
	verify(&n, "emptied");
	KT_EXPECT_EQ(ffs_core_namei(n.fs, FFS_ROOTINO, "/ns", 0, &ino), 0);
	remount_verify(&n, "remounted empty");
out:
	ns_close(&n);
}

static void t_basic_ufs1_le(void) { NSCASE(basic(IMG_UFS1_LE)); }
static void t_basic_ufs1_be(void) { NSCASE(basic(IMG_UFS1_BE)); }
static void t_basic_ufs2_le(void) { NSCASE(basic(IMG_UFS2_LE)); }
static void t_basic_ufs2_be(void) { NSCASE(basic(IMG_UFS2_BE)); }
static void t_basic_ufs2_64k(void) { NSCASE(basic(IMG_UFS2_64K)); }

/* Every rename case, each checked. */
static void
renames(const char *opts)
{
	struct nsfs n;
	struct model *m;
	uint64_t b, a, c, a1, f, g;
	int alias;

	if (!ns_open(&n, opts, "24m", 4096))
		goto out;
	m = n.m;
	b = m->base;
	for (alias = 0; alias < 2; alias++) {
#define MK(dir, nm, mode) m_create(&n, dir, nm, strlen(nm), mode, 0, NULL)
#define ENT(dir, nm) m_find(m, dir, nm, strlen(nm))
#define INO(dir, nm) (m->ent[ENT(dir, nm)].ino)
#define RN(fd, fn, td, tn) m_rename(&n, ENT(fd, fn), td, tn, strlen(tn), alias)
		KT_EXPECT_EQ(MK(b, "A", FFS_IFDIR | 0755), 0);
		KT_EXPECT_EQ(MK(b, "C", FFS_IFDIR | 0755), 0);
		a = INO(b, "A");
		c = INO(b, "C");
		KT_EXPECT_EQ(MK(a, "A1", FFS_IFDIR | 0755), 0);
		a1 = INO(a, "A1");
		KT_EXPECT_EQ(MK(a1, "deep", FFS_IFDIR | 0755), 0);
		KT_EXPECT_EQ(MK(a, "f", FFS_IFREG | 0644), 0);
		KT_EXPECT_EQ(MK(a, "g", FFS_IFREG | 0644), 0);
		f = INO(a, "f");
		g = INO(a, "g");
		/* files: same directory, across, replacing */
		KT_EXPECT_EQ(RN(a, "f", a, "f-renamed"), 0);
		KT_EXPECT_EQ(RN(a, "f-renamed", c, "f"), 0);
		KT_EXPECT_EQ(m_link(&n, a, "g-link", 6, g), 0);
		KT_EXPECT_EQ(RN(c, "f", a, "g"), 0);	/* g: 2 -> 1 link */
		KT_EXPECT_EQ(INO(a, "g"), f);
		KT_EXPECT_EQ(MK(c, "victim", FFS_IFREG | 0600), 0);
		KT_EXPECT_EQ(RN(a, "g-link", c, "victim"), 0); /* freed */
		verify(&n, "after file renames");
		/* two names of one inode, and a name onto itself: nothing */
		KT_EXPECT_EQ(m_link(&n, c, "f-too", 5, f), 0);
		KT_EXPECT_EQ(RN(a, "g", c, "f-too"), 0);
		KT_EXPECT(ENT(a, "g") >= 0 && ENT(c, "f-too") >= 0);
		KT_EXPECT_EQ(RN(a, "g", a, "g"), 0);
		KT_EXPECT_EQ(RN(a, "A1", a, "A1"), 0);
		/* directories: same parent, across (".." and link counts) */
		KT_EXPECT_EQ(RN(a, "A1", a, "A1-renamed"), 0);
		KT_EXPECT_EQ(RN(a, "A1-renamed", c, "A1"), 0);
		KT_EXPECT_EQ(RN(c, "A1", b, "A1"), 0);
		verify(&n, "after directory renames");
		/* onto an empty directory: same parent and across */
		KT_EXPECT_EQ(MK(c, "E1", FFS_IFDIR | 0755), 0);
		KT_EXPECT_EQ(MK(c, "E2", FFS_IFDIR | 0755), 0);
		KT_EXPECT_EQ(MK(a, "E3", FFS_IFDIR | 0755), 0);
		KT_EXPECT_EQ(RN(c, "E1", c, "E2"), 0);
		KT_EXPECT_EQ(RN(c, "E2", a, "E3"), 0);
		KT_EXPECT_EQ(RN(a, "E3", b, "A1"), ENOTEMPTY);
		/* the errors */
		KT_EXPECT_EQ(RN(b, "A", a, "x"), EINVAL);	/* into itself */
		KT_EXPECT_EQ(RN(b, "A1", INO(b, "A1"), "x"), EINVAL);
		KT_EXPECT_EQ(RN(b, "A1", INO(INO(b, "A1"), "deep"), "x"),
			     EINVAL);
		KT_EXPECT_EQ(RN(a, "g", b, "A1"), EISDIR);
		KT_EXPECT_EQ(RN(b, "A1", a, "g"), ENOTDIR);
		KT_EXPECT_EQ(RN(b, "C", b, "A"), ENOTEMPTY);
		/* a directory up and down again (moving out of a subtree) */
		KT_EXPECT_EQ(RN(INO(b, "A1"), "deep", b, "deep"), 0);
		KT_EXPECT_EQ(RN(b, "deep", a, "deep"), 0);
		verify(&n, "after rename errors");
		/* rename the parent of what we hold, then clean up */
		KT_EXPECT_EQ(RN(b, "A", b, "A-next"), 0);
		KT_EXPECT_EQ(RN(b, "C", INO(b, "A-next"), "C"), 0);
		KT_EXPECT_EQ(RN(b, "A-next", b, alias ? "alias1" : "alias0"),
			     0);
		(void)c;
		remount_verify(&n, "remounted after renames");
		if (n.fs == NULL)
			break;
#undef MK
#undef ENT
#undef INO
#undef RN
	}
out:
	ns_close(&n);
}

static void t_rename_ufs1_le(void) { NSCASE(renames(IMG_UFS1_LE)); }
static void t_rename_ufs2_be(void) { NSCASE(renames(IMG_UFS2_BE)); }
static void t_rename_ufs2_le(void) { NSCASE(renames(IMG_UFS2_LE)); }

/* The errors of the contracts. */
static void
errors(const char *opts)
{
	struct ffs_newattr a = { FFS_IFREG | 0644, 0, 0, 0 };
	struct ffs_inode *dp = inode_new(), *ip = inode_new();
	struct ffs_inode *fp = inode_new(), *sub = inode_new();
	struct nsfs n;
	char name[300], tgt[FFS_MAXPATHLEN + 8];
	uint64_t d, ino;

	memset(name, 'n', sizeof(name));
	if (!ns_open(&n, opts, "8m", 1024))
		goto out;
	d = n.m->base;
	KT_EXPECT_EQ(m_create(&n, d, "f", 1, FFS_IFREG | 0644, 0, NULL), 0);
	KT_EXPECT_EQ(m_create(&n, d, "s", 1, FFS_IFDIR | 0755, 0, NULL), 0);
	KT_EXPECT_EQ(m_create(&n, n.m->ent[m_find(n.m, d, "s", 1)].ino, "x", 1,
			      FFS_IFREG | 0644, 0, NULL), 0);
	KT_EXPECT_EQ(m_create(&n, d, name, FFS_MAXNAMLEN, FFS_IFREG, 0, NULL), 0);
	iget(&n, d, dp);
	KT_EXPECT_EQ(ffs_core_lookup(n.fs, dp, "f", 1, &ino, NULL), 0);
	iget(&n, ino, fp);
	KT_EXPECT_EQ(ffs_core_lookup(n.fs, dp, "s", 1, &ino, NULL), 0);
	iget(&n, ino, sub);
	/* names */
	KT_EXPECT_EQ(ffs_core_create(n.fs, dp, "f", 1, &a, NULL, ip), EEXIST);
	KT_EXPECT_EQ(ffs_core_create(n.fs, dp, "s", 1, &a, NULL, ip), EEXIST);
	KT_EXPECT_EQ(ffs_core_create(n.fs, dp, name, FFS_MAXNAMLEN, &a, NULL,
				     ip), EEXIST);
	KT_EXPECT_EQ(ffs_core_create(n.fs, dp, name, FFS_MAXNAMLEN + 1, &a,
				     NULL, ip), ENAMETOOLONG);
	KT_EXPECT_EQ(ffs_core_create(n.fs, dp, ".", 1, &a, NULL, ip), EINVAL);
	KT_EXPECT_EQ(ffs_core_create(n.fs, dp, "..", 2, &a, NULL, ip), EINVAL);
	KT_EXPECT_EQ(ffs_core_create(n.fs, dp, "a/b", 3, &a, NULL, ip), EINVAL);
	KT_EXPECT_EQ(ffs_core_create(n.fs, dp, "", 0, &a, NULL, ip), ENOENT);
	KT_EXPECT_EQ(ffs_core_create(n.fs, fp, "x", 1, &a, NULL, ip), ENOTDIR);
	/* types */
	a.mode = 0644;
	KT_EXPECT_EQ(ffs_core_create(n.fs, dp, "t", 1, &a, NULL, ip), EINVAL);
	a.mode = FFS_IFWHT | 0644;
	KT_EXPECT_EQ(ffs_core_create(n.fs, dp, "t", 1, &a, NULL, ip), EINVAL);
	a.mode = FFS_IFLNK | 0777;
	KT_EXPECT_EQ(ffs_core_create(n.fs, dp, "t", 1, &a, NULL, ip), EINVAL);
	KT_EXPECT_EQ(ffs_core_create(n.fs, dp, "t", 1, &a, "", ip), ENOENT);
	memset(tgt, 'l', sizeof(tgt));
	tgt[FFS_MAXPATHLEN] = '\0';
	KT_EXPECT_EQ(ffs_core_create(n.fs, dp, "t", 1, &a, tgt, ip),
		     ENAMETOOLONG);
	/* link */
	KT_EXPECT_EQ(ffs_core_link(n.fs, dp, "s2", 2, sub), EPERM);
	KT_EXPECT_EQ(ffs_core_link(n.fs, dp, "s", 1, fp), EEXIST);
	KT_EXPECT_EQ(ffs_core_link(n.fs, dp, ".", 1, fp), EINVAL);
	KT_EXPECT_EQ(ffs_core_link(n.fs, fp, "z", 1, fp), ENOTDIR);
	/* EMLINK: the limits, with the counts at the limit in memory only */
	*ip = *fp;
	ip->nlink = LINK_MAX;
	KT_EXPECT_EQ(ffs_core_link(n.fs, dp, "z", 1, ip), EMLINK);
	*ip = *dp;
	ip->nlink = LINK_MAX;
	a.mode = FFS_IFDIR | 0755;
	KT_EXPECT_EQ(ffs_core_create(n.fs, ip, "z", 1, &a, NULL, fp), EMLINK);
	iget(&n, n.m->ent[m_find(n.m, d, "f", 1)].ino, fp);
	a.mode = FFS_IFREG | 0644;
	/* remove, rmdir */
	KT_EXPECT_EQ(ffs_core_remove(n.fs, dp, "s", 1, sub), EPERM);
	KT_EXPECT_EQ(ffs_core_rmdir(n.fs, dp, "f", 1, fp), ENOTDIR);
	KT_EXPECT_EQ(ffs_core_rmdir(n.fs, dp, "s", 1, sub), ENOTEMPTY);
	KT_EXPECT_EQ(ffs_core_remove(n.fs, dp, "nope", 4, fp), ENOENT);
	KT_EXPECT_EQ(ffs_core_remove(n.fs, dp, name, FFS_MAXNAMLEN, fp),
		     ENOENT);	/* the name is another inode's */
	KT_EXPECT_EQ(ffs_core_rmdir(n.fs, dp, ".", 1, dp), EINVAL);
	KT_EXPECT_EQ(ffs_core_rmdir(n.fs, dp, "..", 2, dp), EINVAL);
	/* rename: source missing, wrong inode, dot names */
	KT_EXPECT_EQ(ffs_core_rename(n.fs, dp, "nope", 4, fp, dp, "q", 1,
				     NULL), ENOENT);
	KT_EXPECT_EQ(ffs_core_rename(n.fs, dp, "f", 1, fp, dp, "s", 1, NULL),
		     EEXIST);
	KT_EXPECT_EQ(ffs_core_rename(n.fs, dp, "f", 1, fp, dp, ".", 1, NULL),
		     EINVAL);
	KT_EXPECT_EQ(ffs_core_rename(n.fs, dp, "..", 2, fp, dp, "q", 1, NULL),
		     EINVAL);
	/* nothing above changed anything */
	verify(&n, "after the errors");
	/* a removed directory takes no new names */
	KT_EXPECT_EQ(m_remove(&n, m_find(n.m, sub->ino, "x", 1)), 0);
	iget(&n, sub->ino, sub);
	KT_EXPECT_EQ(ffs_core_rmdir(n.fs, dp, "s", 1, sub), 0);
	KT_EXPECT_EQ(sub->nlink, 0);
	KT_EXPECT_EQ(ffs_core_create(n.fs, sub, "late", 4, &a, NULL, ip),
		     ENOENT);
	KT_EXPECT_EQ(ffs_core_ifree(n.fs, sub), 0);
	m_delent(n.m, m_find(n.m, d, "s", 1));
	m_delnode(n.m, sub->ino);
	verify(&n, "after rmdir");
	/* read-only: EROFS */
	ns_unmount(&n);
	if (!ns_mount(&n, false))
		goto out;
	iget(&n, d, dp);
	KT_EXPECT_EQ(ffs_core_create(n.fs, dp, "ro", 2, &a, NULL, ip), EROFS);
	KT_EXPECT_EQ(ffs_core_remove(n.fs, dp, "f", 1, fp), EROFS);
out:
	ns_close(&n);
	inode_free(dp);
	inode_free(ip);
	inode_free(fp);
	inode_free(sub);
}

static void t_errors_ufs1_be(void) { NSCASE(errors(IMG_UFS1_BE)); }
static void t_errors_ufs2_le(void) { NSCASE(errors(IMG_UFS2_LE)); }

/*
 * Thousands of entries in one directory: a few hundred files and many
 * hard links to them, names of all lengths; growth far past the direct
 * blocks (4 KiB blocks: 12 blocks = 96 chunks), removal of every other
 * entry, refill (compaction), removal of all (the directory shrinks
 * back to one chunk).
 */
static void
bigdir(const char *opts, int nent)
{
	struct nsfs n;
	struct model *m;
	struct ffs_inode *ip = inode_new();
	char name[FFS_MAXNAMLEN + 1];
	uint64_t d, *files = kmem_alloc(256 * sizeof(*files), KM_SLEEP), size1;
	size_t len;
	int i, k, e, nfiles = 0;

	if (!ns_open(&n, opts, "32m", nent * 2 + 64))
		goto out;
	m = n.m;
	KT_EXPECT_EQ(m_create(&n, m->base, "big", 3, FFS_IFDIR | 0755, 0,
			      NULL), 0);
	d = m->ent[m_find(m, m->base, "big", 3)].ino;
	rs = 0x9e3779b97f4a7c15ULL;
	for (i = 0; i < nent; i++) {
		len = numname(name, i % 3 ? "l" : "f", (uint64_t)i,
			      i % 17 == 0 ? 200 + rndn(56) : 1 + rndn(30));
		if (nfiles < 256 && i % 3 == 0) {
			e = m_create(&n, d, name, len, FFS_IFREG | 0644, 0,
				     NULL);
			if (e == 0)
				files[nfiles++] = m->ent[m_find(m, d, name,
								len)].ino;
		} else {
			e = m_link(&n, d, name, len, files[rndn(nfiles)]);
		}
		KT_EXPECT_EQ(e, 0);
		if (e)
			break;
	}
	iget(&n, d, ip);
	kt_diag("%s: %d entries, directory %llu bytes", opts, nent,
		(unsigned long long)ip->size);
	KT_EXPECT(ip->size > 12 * (uint64_t)n.fs->bsize ||
		  n.fs->bsize > 4096);
	verify(&n, "filled");
	remount_verify(&n, "filled, remounted");
	if (n.fs == NULL)
		goto out;
	/* every other entry */
	for (i = m->nlive - 1; i >= 0; i -= 2)
		if (m->ent[m->live[i]].dir == d)
			KT_EXPECT_EQ(m_remove(&n, m->live[i]), 0);
	iget(&n, d, ip);
	size1 = ip->size;
	verify(&n, "half removed");
	/* refill the holes: the directory must not grow for that */
	for (i = 0; i < nent / 4; i++) {
		uint64_t f;

		do
			f = files[rndn(nfiles)];
		while (!m->node[f].live);	/* some lost all their names */
		len = numname(name, "r", (uint64_t)i, 1 + rndn(12));
		KT_EXPECT_EQ(m_link(&n, d, name, len, f), 0);
	}
	iget(&n, d, ip);
	KT_EXPECT_MSG(ip->size == size1, "refill grew %llu -> %llu",
		      (unsigned long long)size1, (unsigned long long)ip->size);
	verify(&n, "refilled");
	/* all of it, in random order */
	while (m->nlive > 1 && kt_case_failures() == 0) {
		k = m->live[rndn((uint32_t)m->nlive)];
		if (m->ent[k].dir == d)
			KT_EXPECT_EQ(m_remove(&n, k), 0);
		else if (m->node[d].nent == 0)
			break;
	}
	iget(&n, d, ip);
	KT_EXPECT_EQ(ip->size, DIRBLKSIZ);
	KT_EXPECT_EQ(ip->blocks, (uint64_t)n.fs->fsize / 512);
	verify(&n, "emptied");
	remount_verify(&n, "emptied, remounted");
out:
	kmem_free(files, 256 * sizeof(*files));
	inode_free(ip);
	ns_close(&n);
}

static void t_bigdir_ufs1_le(void) { NSCASE(bigdir(IMG_UFS1_LE, 3000)); }
static void t_bigdir_ufs2_be(void) { NSCASE(bigdir(IMG_UFS2_BE, 3000)); }
static void t_bigdir_ufs2_le(void) { NSCASE(bigdir(IMG_UFS2_LE, 2000)); }

/*
 * Crashes and write errors.  A fixed workload (directories made, grown
 * past a block, files, links, symlinks, renames of files and
 * directories across directories and onto others, removes, rmdir) runs
 * on a device that
 *  - crash: keeps delayed writes in a volatile cache and dies after its
 *    k-th write (everything after, and the cache, is lost), or
 *  - fail: fails every write from the k-th on with EIO (the core sees
 *    the errors: its undo paths run, then it refuses further writes),
 * for k over the whole run.  Afterwards the image must be consistent:
 * fsck may find leaks (unreferenced inodes or blocks, link counts too
 * high, stale summaries: what the synchronous ordering allows) but no
 * error, and it mounts and walks without one.
 */
static uint64_t
wl_ino(struct nsfs *n, const char *path)
{
	uint64_t ino = 0;

	if (ffs_core_namei(n->fs, n->m->base, path, 0, &ino) != 0)
		return 0;
	return ino;
}

static bool
wl_ok(struct nsfs *n, int e)
{
	/* after an earlier failure, names may be missing or left over */
	return e == 0 || (n->faulty && (e == EIO || e == ENOENT ||
					  e == EEXIST || e == ENOTEMPTY));
}

#define WL(n, call) do {						\
		int wl_e_ = (call);					\
		KT_EXPECT_MSG(wl_ok(n, wl_e_), "%s: %d", #call, wl_e_);	\
	} while (0)

static void
workload(struct nsfs *n)
{
	char name[FFS_MAXNAMLEN + 1], tgt[300];
	uint64_t a, c, x, ino;
	size_t len;
	int i;

	x = n->m->base;
	WL(n, do_create(n, x, "a", 1, FFS_IFDIR | 0755, 0, NULL, &ino));
	WL(n, do_create(n, x, "c", 1, FFS_IFDIR | 0755, 0, NULL, &ino));
	a = wl_ino(n, "a");
	c = wl_ino(n, "c");
	if (a == 0 || c == 0)
		return;
	WL(n, do_create(n, a, "f1", 2, FFS_IFREG | 0644, 0, NULL, &ino));
	WL(n, do_create(n, a, "f2", 2, FFS_IFREG | 0644, 0, NULL, &ino));
	mktarget(tgt, 200, 7);
	WL(n, do_create(n, a, "slow", 4, FFS_IFLNK | 0777, 0, tgt, &ino));
	mktarget(tgt, 20, 8);
	WL(n, do_create(n, a, "fast", 4, FFS_IFLNK | 0777, 0, tgt, &ino));
	WL(n, do_create(n, a, "dev", 3, FFS_IFCHR | 0600, 0x0304, NULL, &ino));
	if ((ino = wl_ino(n, "a/f1")) != 0)
		WL(n, do_link(n, c, "l1", 2, ino));
	for (i = 0; i < 40; i++) {
		len = numname(name, "long", (uint64_t)i, 240);
		WL(n, do_create(n, c, name, len, FFS_IFREG | 0600, 0, NULL,
				&ino));
	}
	WL(n, do_create(n, c, "sub", 3, FFS_IFDIR | 0755, 0, NULL, &ino));
	WL(n, do_rename(n, a, "f2", 2, c, "f2", 2, false));
	WL(n, do_rename(n, c, "f2", 2, a, "f1", 2, false));
	WL(n, do_rename(n, x, "a", 1, c, "a", 1, false));
	WL(n, do_create(n, x, "e", 1, FFS_IFDIR | 0755, 0, NULL, &ino));
	WL(n, do_rename(n, x, "e", 1, c, "sub", 3, false));
	WL(n, do_remove(n, c, "l1", 2, false));
	for (i = 0; i < 40; i += 2) {
		len = numname(name, "long", (uint64_t)i, 240);
		WL(n, do_remove(n, c, name, len, false));
	}
	WL(n, do_remove(n, c, "sub", 3, true));
	if ((a = wl_ino(n, "c/a")) != 0) {
		WL(n, do_remove(n, a, "slow", 4, false));
		WL(n, do_rename(n, a, "fast", 4, x, "fast", 4, false));
	}
}

/* fsck: no error; the image mounts and walks cleanly. */
static void
crash_check(struct nsfs *n, const char *what, int64_t k)
{
	struct tf_walk w;
	int leaks, errors, rc;

	rc = tf_host_rwdev_fsck(n->d, &leaks, &errors);
	KT_EXPECT_MSG(rc == 0 || rc == 1, "%s after write %lld: fsck exit %d "
		      "(%d leaks, %d errors)", what, (long long)k, rc, leaks,
		      errors);
	if (!ns_mount(n, false))
		return;
	memset(&w, 0, sizeof(w));
	w.budget = 4096;
	tf_walk_fs(n->fs, &w);
	KT_EXPECT_MSG(w.nerrors == 0, "%s after write %lld: walk: %llu errors "
		      "(first %d)", what, (long long)k,
		      (unsigned long long)w.nerrors, w.firsterr);
	ns_unmount(n);
}

/*
 * Every crash or write-error point must leave what fsck calls at worst
 * leaks (exit 0 or 1): its leak class is exactly what ffs_ns.c's
 * ordering may leave (tools/rumpffs/fsck.h), so nothing is tolerated
 * here -- an orphaned empty directory, a directory with two names mid-
 * rename, a removed directory emptied but not yet freed, cs_ndir above
 * the count are leaks; a link count below its references is an error.
 */
static void
crashes(const char *opts)
{
	struct tf_rwdev_stats st0, st1;
	struct nsfs n;
	int64_t total, k, step;
	int mode, runs = 0;

	/* how many writes the workload makes */
	if (!ns_open(&n, opts, "8m", 256))
		goto out;
	tf_host_rwdev_stats(n.d, &st0);
	workload(&n);
	ns_unmount(&n);
	tf_host_rwdev_stats(n.d, &st1);
	total = (int64_t)(st1.writes - st0.writes);
	ns_close(&n);
	step = total / 40 > 0 ? total / 40 : 1;
	for (mode = 0; mode < 2 && kt_case_failures() == 0; mode++) {
		for (k = 0; k <= total && kt_case_failures() == 0; k += step) {
			if (!ns_open(&n, opts, "8m", 256))
				goto out;
			n.faulty = true;
			if (mode == 0)
				tf_host_rwdev_mode(n.d, true, -1, k);
			else
				tf_host_rwdev_mode(n.d, false, k, -1);
			workload(&n);
			/* unmount: its writes die too, or fail */
			(void)ffs_core_unmount(n.fs);
			n.fs = NULL;
			tf_host_rwdev_crash(n.d);
			crash_check(&n, mode == 0 ? "crash" : "write error", k);
			ns_close(&n);
			runs++;
		}
	}
	kt_diag("%s: %lld writes, %d crash/error points", opts,
		(long long)total, runs);
out:
	ns_close(&n);
}

static void t_crash_ufs1_le(void) { NSCASE(crashes(IMG_UFS1_LE)); }
static void t_crash_ufs2_be(void) { NSCASE(crashes(IMG_UFS2_BE)); }

/*
 * A directory removed (rmdir, or replaced by a rename) while the VFS
 * still holds it (open, a cwd): no ffs_core_ifree for as long as it is
 * held, and the delayed updates reach the device in any order.  After a
 * sync (every delayed write on the device, the held ones never freed)
 * the device is what a crash then leaves: leaks at worst.  The parent's
 * count there may not be below the ".." entries still there -- which it
 * was when ffs_ns.c dropped the parent's count without first emptying
 * the removed directory on the device.
 */
static void
held_removed(const char *opts)
{
	struct ffs_newattr a = { FFS_IFDIR | 0755, 0, 0, 0 };
	struct ffs_inode *dp = inode_new(), *ip = inode_new();
	struct ffs_inode *tp = inode_new();
	int leaks = 0, errors = 0, rc, step;
	struct nsfs n;

	for (step = 0; step < 2; step++) {
		if (!ns_open(&n, opts, "8m", 16))
			break;
		if (iget(&n, n.m->base, dp) != 0) {
			ns_close(&n);
			break;
		}
		KT_EXPECT_EQ(ffs_core_create(n.fs, dp, "held", 4, &a, NULL,
					     ip), 0);
		if (step == 0) {
			KT_EXPECT_EQ(ffs_core_rmdir(n.fs, dp, "held", 4, ip), 0);
		} else {
			/* "mover" replaces the held directory */
			KT_EXPECT_EQ(ffs_core_create(n.fs, dp, "mover", 5, &a,
						     NULL, tp), 0);
			KT_EXPECT_EQ(ffs_core_rename(n.fs, dp, "mover", 5, tp,
						     dp, "held", 4, ip), 0);
		}
		KT_EXPECT_EQ(ip->nlink, 0);
		KT_EXPECT_EQ(ffs_core_sync(n.fs), 0);
		rc = tf_host_rwdev_fsck(n.d, &leaks, &errors);
		KT_EXPECT_MSG(rc == 0 || rc == 1, "%s, %s held, synced: fsck "
			      "exit %d (%d leaks, %d errors)",
			      step ? "rename over a directory" : "rmdir",
			      opts, rc, leaks, errors);
		ifree(&n, ip);
		ns_close(&n);
	}
	inode_free(dp);
	inode_free(ip);
	inode_free(tp);
}

static void t_held_ufs1_le(void) { NSCASE(held_removed(IMG_UFS1_LE)); }
static void t_held_ufs2_be(void) { NSCASE(held_removed(IMG_UFS2_BE)); }

/*
 * Random operations against the model, every result predicted: creates
 * of every type, links, removes, rmdirs, renames (files and directories,
 * onto existing names, into subtrees), with long and short names; a
 * check every few hundred operations and after remounts.
 */
static void
randomops(const char *opts, uint64_t seed, int nops)
{
	struct nsfs n;
	struct model *m;
	char name[FFS_MAXNAMLEN + 1], tgt[FFS_MAXPATHLEN];
	uint64_t dir;
	size_t len;
	int i, k, tries;

	if (!ns_open(&n, opts, "32m", nops + 64))
		goto out;
	m = n.m;
	rs = seed;
	for (i = 0; i < nops; i++) {
		uint32_t op = rndn(100);

		/* a random directory: the base or a live one */
		dir = m->base;
		for (tries = 0; tries < 8 && m->nlive > 0; tries++) {
			k = m->live[rndn((uint32_t)m->nlive)];
			if (isdirmode(m->node[m->ent[k].ino].mode)) {
				dir = m->ent[k].ino;
				break;
			}
		}
		/* a name: new, or one already there (EEXIST, replace) */
		if (rndn(4) == 0 && m->nlive > 0) {
			k = m->live[rndn((uint32_t)m->nlive)];
			len = m->ent[k].len;
			memcpy(name, m->ent[k].name, len + 1);
			if (rndn(2))
				dir = m->ent[k].dir;
		} else {
			len = randname(name);
		}
		if (op < 30 || m->nlive < 10) {
			static const uint32_t types[] = { FFS_IFREG, FFS_IFREG,
				FFS_IFDIR, FFS_IFDIR, FFS_IFIFO, FFS_IFSOCK,
				FFS_IFCHR, FFS_IFBLK, FFS_IFLNK, FFS_IFLNK };
			uint32_t t = types[rndn(10)];

			if (t == FFS_IFLNK) {
				uint32_t tl = 1 + rndn(rndn(2) ? 200 :
						       FFS_MAXPATHLEN - 1);

				mktarget(tgt, tl, rnd());
				m_create(&n, dir, name, len, t | 0777, 0, tgt);
			} else {
				m_create(&n, dir, name, len, t | 0640,
					 t == FFS_IFCHR || t == FFS_IFBLK ?
					 (rnd() & 0xffffffff) : 0, NULL);
			}
		} else if (op < 45) {
			k = m->live[rndn((uint32_t)m->nlive)];
			m_link(&n, dir, name, len, m->ent[k].ino);
		} else if (op < 65) {
			m_remove(&n, m->live[rndn((uint32_t)m->nlive)]);
		} else {
			m_rename(&n, m->live[rndn((uint32_t)m->nlive)], dir,
				 name, len, rndn(2));
		}
		if (kt_case_failures() > 0)
			break;
		if (i % 500 == 499)
			verify(&n, "random run");
		if (i % 1500 == 1499)
			remount_verify(&n, "random run, remounted");
		if (n.fs == NULL)
			break;
	}
	kt_diag("%s: %llu operations, %d names, %llu inodes", opts,
		(unsigned long long)n.ops, m->nlive,
		(unsigned long long)m->nnodes);
	if (n.fs)
		remount_verify(&n, "random run, end");
out:
	ns_close(&n);
}

static void t_random_ufs1_le(void) { NSCASE(randomops(IMG_UFS1_LE, 1, 4000)); }
static void t_random_ufs1_be(void) { NSCASE(randomops(IMG_UFS1_BE, 2, 4000)); }
static void t_random_ufs2_le(void) { NSCASE(randomops(IMG_UFS2_LE, 3, 4000)); }
static void t_random_ufs2_be(void) { NSCASE(randomops(IMG_UFS2_BE, 4, 4000)); }
static void t_random_ufs2_64k(void) { NSCASE(randomops(IMG_UFS2_64K, 5, 2000)); }

/*
 * Running out: of inodes (files until ENOSPC), then of blocks
 * (directories, each needing a fragment, and a directory growing); the
 * failed operations leave nothing behind, and removing everything gives
 * all of it back.
 */
static void
enospc(const char *opts)
{
	struct nsfs n;
	struct model *m;
	struct ffs_statvfs sv;
	char name[FFS_MAXNAMLEN + 1];
	size_t len;
	int i, e = 0, nfile = 0, ndir = 0, nlink = 0;
	uint64_t f = 0;

	if (!ns_open(&n, opts, "1m", 20000))
		goto out;
	m = n.m;
	for (i = 0; i < 100000; i++) {
		len = numname(name, "file", (uint64_t)i, 20);
		e = m_create(&n, m->base, name, len, FFS_IFREG | 0644, 0, NULL);
		if (e)
			break;
		nfile++;
	}
	KT_EXPECT_EQ(e, ENOSPC);
	ffs_core_statvfs(n.fs, &sv);
	KT_EXPECT_EQ(sv.ffree, 0);
	verify(&n, "out of inodes");
	/* free some inodes, then fill blocks with directories and names */
	for (i = 0; i < nfile && m->nlive > 0; i += 2)
		m_remove(&n, m->live[m->nlive - 1]);
	for (i = 0; i < 100000; i++) {
		len = numname(name, "dir", (uint64_t)i, 40);
		e = m_create(&n, m->base, name, len, FFS_IFDIR | 0755, 0, NULL);
		if (e)
			break;
		ndir++;
	}
	/* inodes or blocks, whichever ran out first */
	KT_EXPECT_EQ(e, ENOSPC);
	for (i = 0; i < m->nlive; i++)
		if (!isdirmode(m->node[m->ent[m->live[i]].ino].mode)) {
			f = m->ent[m->live[i]].ino;
			break;
		}
	/* long names: the directory grows until no block is left */
	for (i = 0; f != 0 && i < 100000; i++) {
		len = numname(name, "link", (uint64_t)i, 250);
		e = m_link(&n, m->base, name, len, f);
		if (e)
			break;
		nlink++;
	}
	KT_EXPECT(f == 0 || e == ENOSPC);
	kt_diag("%s: %d files, then %d directories, %d links until ENOSPC",
		opts, nfile, ndir, nlink);
	verify(&n, "out of space");
	remount_verify(&n, "out of space, remounted");
	if (n.fs == NULL)
		goto out;
	while (m->nlive > 0 && kt_case_failures() == 0)
		KT_EXPECT_EQ(m_remove(&n, m->live[m->nlive - 1]), 0);
	verify(&n, "emptied");
	ffs_core_statvfs(n.fs, &sv);
	KT_EXPECT_EQ(sv.ffree + 1, n.sv0.ffree);
	/* /ns itself still holds its first block */
	KT_EXPECT(sv.bfree + 2 * n.fs->frag >= n.sv0.bfree);
	remount_verify(&n, "emptied, remounted");
out:
	ns_close(&n);
}

#define IMG_FULL1	"-B be -o version=1,bsize=4096,fsize=512,density=4096"
#define IMG_FULL2	"-B le -o version=2,bsize=8192,fsize=1024,density=4096"
static void t_enospc_ufs1_be(void) { NSCASE(enospc(IMG_FULL1)); }
static void t_enospc_ufs2_le(void) { NSCASE(enospc(IMG_FULL2)); }

const struct kt_case tf_ns_cases[] = {
	{ "basic_ufs1_le", t_basic_ufs1_le },
	{ "basic_ufs1_be", t_basic_ufs1_be },
	{ "basic_ufs2_le", t_basic_ufs2_le },
	{ "basic_ufs2_be", t_basic_ufs2_be },
	{ "basic_ufs2_64k", t_basic_ufs2_64k },
	{ "rename_ufs1_le", t_rename_ufs1_le },
	{ "rename_ufs2_be", t_rename_ufs2_be },
	{ "rename_ufs2_le", t_rename_ufs2_le },
	{ "errors_ufs1_be", t_errors_ufs1_be },
	{ "errors_ufs2_le", t_errors_ufs2_le },
	{ "bigdir_ufs1_le", t_bigdir_ufs1_le },
	{ "bigdir_ufs2_be", t_bigdir_ufs2_be },
	{ "bigdir_ufs2_le", t_bigdir_ufs2_le },
	{ "random_ufs1_le", t_random_ufs1_le },
	{ "random_ufs1_be", t_random_ufs1_be },
	{ "random_ufs2_le", t_random_ufs2_le },
	{ "random_ufs2_be", t_random_ufs2_be },
	{ "random_ufs2_64k", t_random_ufs2_64k },
	{ "enospc_ufs1_be", t_enospc_ufs1_be },
	{ "enospc_ufs2_le", t_enospc_ufs2_le },
	{ "crash_ufs1_le", t_crash_ufs1_le },
	{ "crash_ufs2_be", t_crash_ufs2_be },
	{ "removed_dir_held_ufs1_le", t_held_ufs1_le },
	{ "removed_dir_held_ufs2_be", t_held_ufs2_be },
};

CTASSERT(KT_NELEM(tf_ns_cases) == TF_NS_NCASES);
