/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kern/file.h - open files, descriptor tables, uio.
 *
 * A struct file is shared by every descriptor that refers to it (dup,
 * fork) and by operations in progress: f_count counts both.  fd_getfile()
 * takes a reference for the duration of an operation, fd_putfile() drops
 * it; the object's fo_close runs when the last reference goes, so closing
 * a descriptor while another thread reads from it is safe.
 *
 * Descriptor tables (struct filedesc) are per process, or shared between
 * processes forked with neither RUMP_RFFDG nor RUMP_RFCFDG; fd_lock
 * protects the slots.
 */
#ifndef _KERN_FILE_H_
#define _KERN_FILE_H_

#include "kern/types.h"
#include "kern/lock.h"

struct file;
struct lwp;
struct proc;

enum uio_rw { UIO_READ, UIO_WRITE };
enum uio_seg { UIO_USERSPACE, UIO_SYSSPACE };

struct uio {
	struct iovec *uio_iov;
	int uio_iovcnt;
	off_t uio_offset;
	size_t uio_resid;
	enum uio_rw uio_rw;
	enum uio_seg uio_seg;
};
/* Copy up to n bytes between buf and the uio, advancing it. */
int uiomove(void *buf, size_t n, struct uio *uio);

/* The kernel's view of a file's attributes (fo_stat). */
struct kstat {
	uint32_t st_mode;
	uint64_t st_size;
	uint32_t st_blksize;
};
#define S_IFIFO		0010000
#define S_IFREG		0100000

struct fileops {
	const char *fo_name;
	int (*fo_read)(struct file *fp, off_t *off, struct uio *uio, int flags);
	int (*fo_write)(struct file *fp, off_t *off, struct uio *uio,
			int flags);
	int (*fo_ioctl)(struct file *fp, unsigned long cmd, void *data);
	/* Events ready now, out of those asked; never blocks. */
	int (*fo_poll)(struct file *fp, int events);
	int (*fo_stat)(struct file *fp, struct kstat *st);
	/* The last reference is gone: release the object. */
	int (*fo_close)(struct file *fp);
};
#define FOF_UPDATE_OFFSET 0x01

/* f_flag: FREAD/FWRITE plus the O_* status flags (NetBSD: FFLAGS). */
#define FREAD		0x00000001
#define FWRITE		0x00000002
#define FNONBLOCK	RUMP_O_NONBLOCK
#define FAPPEND		RUMP_O_APPEND
#define FASYNC		RUMP_O_ASYNC
#define FMASK		(FREAD | FWRITE | FNONBLOCK | FAPPEND | FASYNC)
#define FCNTLFLAGS	(FNONBLOCK | FAPPEND | FASYNC)
#define FFLAGS(oflags)	((oflags) + 1)	/* O_RDONLY 0 -> FREAD 1 ... */
#define OFLAGS(fflags)	((fflags) - 1)

struct file {
	kmutex_t f_lock;		/* f_flag, f_offset */
	unsigned f_count;		/* atomic */
	int f_flag;
	off_t f_offset;
	const struct fileops *f_ops;
	void *f_data;
	struct file *f_next;		/* list of all files (leak checks) */
};

/* Allocate a file with one reference (the caller's). */
int file_alloc(const struct fileops *ops, void *data, int flag,
	       struct file **fpp);
void file_hold(struct file *fp);
void file_rele(struct file *fp);	/* last one: fo_close, free */
/* Files alive now. */
int file_count(void);

#define NDFILE_MAX	1024		/* descriptors per table */

struct fdslot {
	struct file *fs_file;
	bool fs_cloexec;
};

struct filedesc {
	kmutex_t fd_lock;
	unsigned fd_refcnt;		/* processes sharing it, atomic */
	int fd_nfiles;			/* slots allocated */
	int fd_lastused;		/* highest used slot, -1 if none */
	struct fdslot *fd_slots;
};

struct filedesc *fd_init(void);			/* empty table */
struct filedesc *fd_copy(struct filedesc *fdp);	/* independent copy */
void fd_share(struct filedesc *fdp);
void fd_free(struct filedesc *fdp);		/* drop a sharer */
/* Install fp (its reference moves to the table) at the lowest fd >= min. */
int fd_alloc(struct proc *p, struct file *fp, int min, bool cloexec,
	     int *fdp);
struct file *fd_getfile(int fd);	/* referenced, NULL = EBADF */
void fd_putfile(struct file *fp);
int fd_close(int fd);
int fd_dup(int from, int min, bool cloexec, int *newfdp);
int fd_dup2(int from, int to, bool cloexec);
/* Remove one descriptor of fdp whose file has ops; its file, or NULL. */
struct file *fd_takeops(struct filedesc *fdp, const struct fileops *ops);
int fd_getcloexec(int fd, bool *cep);
int fd_setcloexec(int fd, bool ce);
/* Poll notifications: every file state change calls selnotify(). */
void selnotify(void);
int pollcommon(struct pollfd *fds, unsigned nfds, rump_nsec_t deadline,
	       int *nready);

/* Generic I/O on a file (sys_generic.c). */
int dofileread(int fd, struct uio *uio, size_t *donep);
int dofilewrite(int fd, struct uio *uio, size_t *donep);

/* pipe.c */
int pipe_create(struct file **rfp, struct file **wfp, int flags);

#endif /* _KERN_FILE_H_ */
