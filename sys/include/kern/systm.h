/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kern/systm.h - the everyday kernel services: console output, panic and
 * assertions, string and memory helpers, copyin/copyout, randomness,
 * time, and sleeping on a channel.
 */
#ifndef _KERN_SYSTM_H_
#define _KERN_SYSTM_H_

#include "kern/types.h"

struct lwp;
struct proc;
struct kmutex;

/* ---- console (subr_prf.c) ----------------------------------------------
 * printf writes through rumpuser_putchar(); lines of one thread are kept
 * together by the host.  The formatter knows %d %i %u %x %X %o %p %s %c
 * %%, the l/ll/z/j/t length modifiers, field width and precision (also
 * as *), and the flags '-', '0', ' ', '+', '#'.  No floating point.
 */
void printf(const char *fmt, ...) __printflike(1, 2);
void vprintf(const char *fmt, va_list ap) __printflike(1, 0);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printflike(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__printflike(3, 0);
/* Printed only when booted with RUMP_VERBOSE. */
void aprint_verbose(const char *fmt, ...) __printflike(1, 2);

#define LOG_EMERG	0
#define LOG_ALERT	1
#define LOG_CRIT	2
#define LOG_ERR		3
#define LOG_WARNING	4
#define LOG_NOTICE	5
#define LOG_INFO	6
#define LOG_DEBUG	7
void log(int level, const char *fmt, ...) __printflike(2, 3);

/* Print the message and halt with rumpuser_exit(RUMPUSER_PANIC). */
void panic(const char *fmt, ...) __printflike(1, 2) __dead;

/*
 * Assertions.  DIAGNOSTIC (on in every build of this project) enables
 * KASSERT; KDASSERT needs DEBUG too.  CTASSERT is compile-time.
 */
#ifdef DIAGNOSTIC
#define KASSERT(e)							\
	do {								\
		if (__predict_false(!(e)))				\
			panic("kernel assertion \"%s\" failed: file \"%s\", line %d", \
			      #e, __FILE__, __LINE__);			\
	} while (0)
#define KASSERTMSG(e, ...)						\
	do {								\
		if (__predict_false(!(e)))				\
			panic(__VA_ARGS__);				\
	} while (0)
#else
#define KASSERT(e)		do { (void)sizeof(e); } while (0)
#define KASSERTMSG(e, ...)	do { (void)sizeof(e); } while (0)
#endif
#ifdef DEBUG
#define KDASSERT(e)		KASSERT(e)
#else
#define KDASSERT(e)		do { (void)sizeof(e); } while (0)
#endif
#define CTASSERT(e)		_Static_assert(e, #e)

/* ---- memory and strings (subr.c) --------------------------------------
 * The compiler may turn these into calls to memcpy/memset itself; both
 * hosts provide those two symbols.
 */
#define memcpy(d, s, n)		__builtin_memcpy((d), (s), (n))
#define memmove(d, s, n)	__builtin_memmove((d), (s), (n))
#define memset(d, c, n)		__builtin_memset((d), (c), (n))
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
size_t strlcpy(char *dst, const char *src, size_t size);
char *strchr(const char *s, int c);
/* Parse an unsigned decimal (base 10) or 0x-hex (base 16) or either (0). */
int strtou64(const char *s, int base, uint64_t *valp, const char **endp);

/* ---- copyin/copyout (subr.c) ------------------------------------------
 * Moving data between the kernel and the address space of the current
 * process.  A process starts with kernel-space semantics (its "user"
 * addresses are host kernel/process addresses: plain copies, EFAULT for
 * NULL).  Linux glue that serves real user processes installs its own
 * operations on the process with proc_set_uspace(); every rump kernel
 * path that touches caller memory goes through these functions, so that
 * is the one hook needed.
 */
struct uspace_ops {
	int (*uo_copyin)(void *cookie, const void *uaddr, void *kaddr,
			 size_t len);
	int (*uo_copyout)(void *cookie, const void *kaddr, void *uaddr,
			  size_t len);
	/* Copy a NUL-terminated string of at most len bytes (with NUL). */
	int (*uo_copyinstr)(void *cookie, const void *uaddr, char *kaddr,
			    size_t len, size_t *done);
};
void proc_set_uspace(struct proc *p, const struct uspace_ops *ops,
		     void *cookie);
int copyin(const void *uaddr, void *kaddr, size_t len);
int copyout(const void *kaddr, void *uaddr, size_t len);
int copyinstr(const void *uaddr, char *kaddr, size_t len, size_t *done);
int copystr(const void *kfaddr, char *kdaddr, size_t len, size_t *done);

/* ---- randomness (subr.c) --------------------------------------------- */
/* From the host's generator (rumpuser_getrandom, never blocking). */
void cprng_bytes(void *buf, size_t len);
uint32_t cprng_fast32(void);
uint64_t cprng_fast64(void);
#define cprng_strong32() cprng_fast32()

/* ---- time (kern_time.c) ---------------------------------------------- */
#define HZ_DEFAULT 100
extern int hz;			/* ticks per second of the tick-based APIs */
/* Monotonic nanoseconds since an arbitrary origin (the host's clock). */
rump_nsec_t getnsmono(void);
void getnanotime(struct timespec *ts);		/* wall clock */
void getnanouptime(struct timespec *ts);	/* monotonic */
rump_nsec_t ticks2ns(int ticks);
int ns2ticks(rump_nsec_t ns);		/* rounded up, at least 1 if ns>0 */
int mstohz(int ms);
int timespec2ns(const struct timespec *ts, rump_nsec_t *nsp);

/* ---- sleeping on a channel (kern_synch.c) ------------------------------
 * tsleep/mtsleep wait until wakeup(chan) or timo ticks (0 = forever):
 * 0 when woken, EWOULDBLOCK on timeout.  mtsleep releases mtx while
 * asleep (atomically with going to sleep) and takes it again before
 * returning; PNORELOCK leaves it released.  kpause() just sleeps.
 * Signals do not exist in this kernel: PCATCH is accepted and ignored.
 */
#define PCATCH		0x100
#define PNORELOCK	0x200
int tsleep(const volatile void *chan, int pri, const char *wmesg, int timo);
int mtsleep(const volatile void *chan, int pri, const char *wmesg, int timo,
	    struct kmutex *mtx);
int kpause(const char *wmesg, bool intr, int timo, struct kmutex *mtx);
/* Sleep until the monotonic time deadline (ns); 0 or EWOULDBLOCK. */
int sleep_until_ns(const volatile void *chan, rump_nsec_t deadline,
		   struct kmutex *mtx);
void wakeup(const volatile void *chan);
void wakeup_one(const volatile void *chan);

/* ---- kernel identity ---------------------------------------------------- */
extern char hostname[RUMP_MAXHOSTNAMELEN];
extern int rump_verbose;

#endif /* _KERN_SYSTM_H_ */
