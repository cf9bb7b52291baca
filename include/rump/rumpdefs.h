/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rumpdefs.h - constants of the rump kernel's system call interface, in
 * NetBSD numbering, with a RUMP_ prefix so that they coexist with the
 * host's own (Linux) values in the same program.
 *
 * rump_sys_*() callers see errno values from this file (RUMP_E*), pass
 * open flags as RUMP_O_*, and so on; nothing is translated on the way.
 */
#ifndef _RUMP_RUMPDEFS_H_
#define _RUMP_RUMPDEFS_H_

/* ---- errno ---------------------------------------------------------- */
#define RUMP_EPERM		1
#define RUMP_ENOENT		2
#define RUMP_ESRCH		3
#define RUMP_EINTR		4
#define RUMP_EIO		5
#define RUMP_ENXIO		6
#define RUMP_E2BIG		7
#define RUMP_ENOEXEC		8
#define RUMP_EBADF		9
#define RUMP_ECHILD		10
#define RUMP_EDEADLK		11
#define RUMP_ENOMEM		12
#define RUMP_EACCES		13
#define RUMP_EFAULT		14
#define RUMP_ENOTBLK		15
#define RUMP_EBUSY		16
#define RUMP_EEXIST		17
#define RUMP_EXDEV		18
#define RUMP_ENODEV		19
#define RUMP_ENOTDIR		20
#define RUMP_EISDIR		21
#define RUMP_EINVAL		22
#define RUMP_ENFILE		23
#define RUMP_EMFILE		24
#define RUMP_ENOTTY		25
#define RUMP_ETXTBSY		26
#define RUMP_EFBIG		27
#define RUMP_ENOSPC		28
#define RUMP_ESPIPE		29
#define RUMP_EROFS		30
#define RUMP_EMLINK		31
#define RUMP_EPIPE		32
#define RUMP_EDOM		33
#define RUMP_ERANGE		34
#define RUMP_EAGAIN		35
#define RUMP_EWOULDBLOCK	RUMP_EAGAIN
#define RUMP_EINPROGRESS	36
#define RUMP_EALREADY		37
#define RUMP_ENOTSOCK		38
#define RUMP_EDESTADDRREQ	39
#define RUMP_EMSGSIZE		40
#define RUMP_EPROTOTYPE		41
#define RUMP_ENOPROTOOPT	42
#define RUMP_EPROTONOSUPPORT	43
#define RUMP_ESOCKTNOSUPPORT	44
#define RUMP_EOPNOTSUPP		45
#define RUMP_EPFNOSUPPORT	46
#define RUMP_EAFNOSUPPORT	47
#define RUMP_EADDRINUSE		48
#define RUMP_EADDRNOTAVAIL	49
#define RUMP_ENETDOWN		50
#define RUMP_ENETUNREACH	51
#define RUMP_ENETRESET		52
#define RUMP_ECONNABORTED	53
#define RUMP_ECONNRESET		54
#define RUMP_ENOBUFS		55
#define RUMP_EISCONN		56
#define RUMP_ENOTCONN		57
#define RUMP_ESHUTDOWN		58
#define RUMP_ETOOMANYREFS	59
#define RUMP_ETIMEDOUT		60
#define RUMP_ECONNREFUSED	61
#define RUMP_ELOOP		62
#define RUMP_ENAMETOOLONG	63
#define RUMP_EHOSTDOWN		64
#define RUMP_EHOSTUNREACH	65
#define RUMP_ENOTEMPTY		66
#define RUMP_EPROCLIM		67
#define RUMP_EUSERS		68
#define RUMP_EDQUOT		69
#define RUMP_ESTALE		70
#define RUMP_EREMOTE		71
#define RUMP_EBADRPC		72
#define RUMP_ERPCMISMATCH	73
#define RUMP_EPROGUNAVAIL	74
#define RUMP_EPROGMISMATCH	75
#define RUMP_EPROCUNAVAIL	76
#define RUMP_ENOLCK		77
#define RUMP_ENOSYS		78
#define RUMP_EFTYPE		79
#define RUMP_EAUTH		80
#define RUMP_ENEEDAUTH		81
#define RUMP_EIDRM		82
#define RUMP_ENOMSG		83
#define RUMP_EOVERFLOW		84
#define RUMP_EILSEQ		85
#define RUMP_ENOTSUP		86
#define RUMP_ECANCELED		87
#define RUMP_EBADMSG		88
#define RUMP_ENODATA		89
#define RUMP_ENOSR		90
#define RUMP_ENOSTR		91
#define RUMP_ETIME		92
#define RUMP_ENOATTR		93
#define RUMP_EMULTIHOP		94
#define RUMP_ENOLINK		95
#define RUMP_EPROTO		96
#define RUMP_ELAST		96

/* ---- open(2) flags -------------------------------------------------- */
#define RUMP_O_RDONLY		0x00000000
#define RUMP_O_WRONLY		0x00000001
#define RUMP_O_RDWR		0x00000002
#define RUMP_O_ACCMODE		0x00000003
#define RUMP_O_NONBLOCK		0x00000004
#define RUMP_O_APPEND		0x00000008
#define RUMP_O_SHLOCK		0x00000010
#define RUMP_O_EXLOCK		0x00000020
#define RUMP_O_ASYNC		0x00000040
#define RUMP_O_SYNC		0x00000080
#define RUMP_O_NOFOLLOW		0x00000100
#define RUMP_O_CREAT		0x00000200
#define RUMP_O_TRUNC		0x00000400
#define RUMP_O_EXCL		0x00000800
#define RUMP_O_NOCTTY		0x00008000
#define RUMP_O_DSYNC		0x00010000
#define RUMP_O_RSYNC		0x00020000
#define RUMP_O_DIRECT		0x00080000
#define RUMP_O_DIRECTORY	0x00200000
#define RUMP_O_CLOEXEC		0x00400000
#define RUMP_O_SEARCH		0x00800000
#define RUMP_O_NOSIGPIPE	0x01000000
#define RUMP_O_REGULAR		0x02000000

/* ---- fcntl(2) ------------------------------------------------------- */
#define RUMP_F_DUPFD		0
#define RUMP_F_GETFD		1
#define RUMP_F_SETFD		2
#define RUMP_F_GETFL		3
#define RUMP_F_SETFL		4
#define RUMP_F_GETOWN		5
#define RUMP_F_SETOWN		6
#define RUMP_F_GETLK		7
#define RUMP_F_SETLK		8
#define RUMP_F_SETLKW		9
#define RUMP_F_CLOSEM		10
#define RUMP_F_MAXFD		11
#define RUMP_F_DUPFD_CLOEXEC	12
#define RUMP_F_GETNOSIGPIPE	13
#define RUMP_F_SETNOSIGPIPE	14
#define RUMP_FD_CLOEXEC		1

/* ---- ioctl(2) on descriptors ---------------------------------------- */
#define RUMP_IOCPARM_MASK	0x1fff
#define RUMP_IOC_VOID		0x20000000UL
#define RUMP_IOC_OUT		0x40000000UL
#define RUMP_IOC_IN		0x80000000UL
#define RUMP_IOC_INOUT		(RUMP_IOC_IN | RUMP_IOC_OUT)
#define RUMP__IOC(io, g, n, l) \
	((unsigned long)((io) | (((l) & RUMP_IOCPARM_MASK) << 16) | \
			 ((g) << 8) | (n)))
#define RUMP__IO(g, n)		RUMP__IOC(RUMP_IOC_VOID, (g), (n), 0)
#define RUMP__IOR(g, n, t)	RUMP__IOC(RUMP_IOC_OUT, (g), (n), sizeof(t))
#define RUMP__IOW(g, n, t)	RUMP__IOC(RUMP_IOC_IN, (g), (n), sizeof(t))
#define RUMP__IOWR(g, n, t)	RUMP__IOC(RUMP_IOC_INOUT, (g), (n), sizeof(t))
#define RUMP_FIOCLEX		RUMP__IO('f', 1)
#define RUMP_FIONCLEX		RUMP__IO('f', 2)
#define RUMP_FIOASYNC		RUMP__IOW('f', 125, int)
#define RUMP_FIONBIO		RUMP__IOW('f', 126, int)
#define RUMP_FIONREAD		RUMP__IOR('f', 127, int)

/* ---- poll(2) -------------------------------------------------------- */
#define RUMP_POLLIN		0x0001
#define RUMP_POLLPRI		0x0002
#define RUMP_POLLOUT		0x0004
#define RUMP_POLLRDNORM		0x0040
#define RUMP_POLLWRNORM		RUMP_POLLOUT
#define RUMP_POLLRDBAND		0x0080
#define RUMP_POLLWRBAND		0x0100
#define RUMP_POLLERR		0x0008
#define RUMP_POLLHUP		0x0010
#define RUMP_POLLNVAL		0x0020
#define RUMP_INFTIM		(-1)

/* ---- reboot(2) ------------------------------------------------------ */
#define RUMP_RB_AUTOBOOT	0
#define RUMP_RB_ASKNAME		0x00000001
#define RUMP_RB_SINGLE		0x00000002
#define RUMP_RB_NOSYNC		0x00000004
#define RUMP_RB_HALT		0x00000008
#define RUMP_RB_INITNAME	0x00000010
#define RUMP_RB_KDB		0x00000040
#define RUMP_RB_RDONLY		0x00000080
#define RUMP_RB_DUMP		0x00000100
#define RUMP_RB_MINIROOT	0x00000200
#define RUMP_RB_STRING		0x00000400
#define RUMP_RB_POWERDOWN	(RUMP_RB_HALT | 0x800)
#define RUMP_RB_USERCONF	0x00001000

/* ---- clocks --------------------------------------------------------- */
#define RUMP_CLOCK_REALTIME	0
#define RUMP_CLOCK_VIRTUAL	1
#define RUMP_CLOCK_PROF		2
#define RUMP_CLOCK_MONOTONIC	3

/* ---- signals (the subset the kernel raises) ------------------------- */
#define RUMP_SIGPIPE		13

/* ---- limits --------------------------------------------------------- */
#define RUMP_PIPE_BUF		512
#define RUMP_MAXHOSTNAMELEN	256

/* ---- files: modes, lseek, access, *at ------------------------------- */
#define RUMP_S_IFMT		0170000
#define RUMP_S_IFIFO		0010000
#define RUMP_S_IFCHR		0020000
#define RUMP_S_IFDIR		0040000
#define RUMP_S_IFBLK		0060000
#define RUMP_S_IFREG		0100000
#define RUMP_S_IFLNK		0120000
#define RUMP_S_IFSOCK		0140000
#define RUMP_S_ISUID		0004000
#define RUMP_S_ISGID		0002000
#define RUMP_S_ISVTX		0001000
#define RUMP_SEEK_SET		0
#define RUMP_SEEK_CUR		1
#define RUMP_SEEK_END		2
#define RUMP_F_OK		0
#define RUMP_X_OK		0x01
#define RUMP_W_OK		0x02
#define RUMP_R_OK		0x04
#define RUMP_AT_FDCWD		(-100)

/* ---- struct rump_dirent d_type -------------------------------------- */
#define RUMP_DT_UNKNOWN		0
#define RUMP_DT_FIFO		1
#define RUMP_DT_CHR		2
#define RUMP_DT_DIR		4
#define RUMP_DT_BLK		6
#define RUMP_DT_REG		8
#define RUMP_DT_LNK		10
#define RUMP_DT_SOCK		12
#define RUMP_MAXNAMLEN		511

/* ---- mount(2), unmount(2), statvfs(2) ------------------------------- */
#define RUMP_MNT_RDONLY		0x00000001
#define RUMP_MNT_SYNCHRONOUS	0x00000002
#define RUMP_MNT_NOEXEC		0x00000004
#define RUMP_MNT_NOSUID		0x00000008
#define RUMP_MNT_NODEV		0x00000010
#define RUMP_MNT_UNION		0x00000020
#define RUMP_MNT_ASYNC		0x00000040
#define RUMP_MNT_NOATIME	0x04000000
#define RUMP_MNT_LOCAL		0x00001000
#define RUMP_MNT_ROOTFS		0x00004000
#define RUMP_MNT_UPDATE		0x00010000
#define RUMP_MNT_RELOAD		0x00040000
#define RUMP_MNT_FORCE		0x00080000
#define RUMP_MNT_GETARGS	0x00400000
#define RUMP_ST_RDONLY		RUMP_MNT_RDONLY
#define RUMP_ST_WAIT		1
#define RUMP_ST_NOWAIT		2
#define RUMP_MNT_WAIT		1
#define RUMP_MNT_NOWAIT		2
#define RUMP_MOUNT_RUMPFS	"rumpfs"
#define RUMP_MOUNT_FFS		"ffs"

/* ---- limits of paths ------------------------------------------------ */
#define RUMP_MAXPATHLEN		1024
#define RUMP_NAME_MAX		255
#define RUMP_MAXSYMLINKS	32

#endif /* _RUMP_RUMPDEFS_H_ */
