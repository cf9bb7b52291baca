/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ktap.h - a tiny KTAP (version 1) producer shared by the userspace and the
 * kernel lanes of every dual-lane suite.
 *
 * A suite is a table of families (KTAP subtests), each a table of cases.
 * A case passes when none of its KT_EXPECT()s failed; failures print a
 * diagnostic with file, line and expression, before the case's result
 * line.  Plans come from the tables, so they precede the results as KTAP
 * requires.  Userspace writes to stdout; the kernel lane appends to a
 * buffer that tests/lib/ktap_kmod.c publishes in debugfs.
 *
 * Not thread-safe: cases run one at a time.  Threads started by a case may
 * use KT_EXPECT(); failures are counted atomically and reported by the case
 * that owns them.
 */
#ifndef _TESTS_KTAP_H_
#define _TESTS_KTAP_H_

struct kt_case {
	const char *name;
	void (*fn)(void);
};

struct kt_family {
	const char *name;
	const struct kt_case *cases;
	int ncases;
	/* Optional: "" runs the family, else a reason to skip it. */
	const char *(*skip)(void);
};

#define KT_NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/*
 * Run the families: all, or what only names ("a" or "a,b,c"), each name
 * a family (all its cases) or a case (in every family that has it).  The
 * plans count what runs; a name that selects nothing gives "1..0".
 */
int kt_run(const char *suite, const struct kt_family *fams, int nfams,
	   const char *only);

void kt_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((__format__(__printf__, 3, 4)));
void kt_diag(const char *fmt, ...)
	__attribute__((__format__(__printf__, 1, 2)));
/* Mark the running case as skipped, with a reason. */
void kt_skip(const char *reason);
/* Failures recorded so far in the running case. */
int kt_case_failures(void);

#define KT_EXPECT(e)							\
	do {								\
		if (!(e))						\
			kt_fail(__FILE__, __LINE__, "%s", #e);		\
	} while (0)

#define KT_EXPECT_MSG(e, ...)						\
	do {								\
		if (!(e))						\
			kt_fail(__FILE__, __LINE__, __VA_ARGS__);	\
	} while (0)

/* Compare two integers and print both on failure. */
#define KT_EXPECT_EQ(a, b)						\
	do {								\
		long long kt_a_ = (long long)(a);			\
		long long kt_b_ = (long long)(b);			\
		if (kt_a_ != kt_b_)					\
			kt_fail(__FILE__, __LINE__, "%s == %s (%lld != %lld)", \
				#a, #b, kt_a_, kt_b_);			\
	} while (0)

/* Host services the producer needs (ktap_user.c / ktap_kmod.c). */
void kt_host_write(const char *s, int len);
int kt_host_vsnprintf(char *buf, int size, const char *fmt, __builtin_va_list ap)
	__attribute__((__format__(__printf__, 3, 0)));

#endif /* _TESTS_KTAP_H_ */
