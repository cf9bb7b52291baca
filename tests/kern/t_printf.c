// SPDX-License-Identifier: BSD-2-Clause
/* t_printf.c - the kernel's own formatter (no kernel needs to run). */
#include "tk.h"

#define FMT_EXPECT(want, ...)						\
	do {								\
		char b_[128];						\
		int n_ = snprintf(b_, sizeof(b_), __VA_ARGS__);		\
		KT_EXPECT_MSG(strcmp(b_, want) == 0,			\
			      "got \"%s\", want \"%s\"", b_, want);	\
		KT_EXPECT_EQ(n_, (int)strlen(want));			\
	} while (0)

static void t_integers(void)
{
	FMT_EXPECT("42", "%d", 42);
	FMT_EXPECT("-42", "%i", -42);
	FMT_EXPECT("4294967295", "%u", 0xffffffffu);
	FMT_EXPECT("ff FF 0xff", "%x %X %#x", 255, 255, 255);
	FMT_EXPECT("17", "%o", 15);
	FMT_EXPECT("-2147483648", "%d", (int)-2147483647 - 1);
	FMT_EXPECT("-9223372036854775808", "%lld", (long long)-9223372036854775807LL - 1);
	FMT_EXPECT("18446744073709551615", "%lu", ~0UL);
	FMT_EXPECT("123456789012", "%zu", (size_t)123456789012ULL);
	FMT_EXPECT("-5", "%jd", (intmax_t)-5);
	FMT_EXPECT("-3", "%ld", -3L);
	FMT_EXPECT("+7| 7", "%+d|% d", 7, 7);
}

static void t_widths(void)
{
	FMT_EXPECT("   42", "%5d", 42);
	FMT_EXPECT("42   |", "%-5d|", 42);
	FMT_EXPECT("00042", "%05d", 42);
	FMT_EXPECT("-0042", "%05d", -42);
	FMT_EXPECT("  abc", "%5s", "abc");
	FMT_EXPECT("abc  |", "%-5s|", "abc");
	FMT_EXPECT("ab", "%.2s", "abc");
	FMT_EXPECT("  x", "%3c", 'x');
	FMT_EXPECT("   7", "%*d", 4, 7);
	FMT_EXPECT("007", "%.3d", 7);
	FMT_EXPECT("0x0000beef", "%#010x", 0xbeef);
	FMT_EXPECT("100%", "%d%%", 100);
}

static void t_misc(void)
{
	const char *volatile nullstr = NULL;	/* hide it from -Wformat */
	char small[4];
	int n;

	FMT_EXPECT("0x1234", "%p", (void *)0x1234);
	FMT_EXPECT("(null)", "%s", nullstr);
	FMT_EXPECT("a-b", "%c-%c", 'a', 'b');
	/* Truncation: NUL-terminated, returns the full length. */
	n = snprintf(small, sizeof(small), "%s", "abcdef");
	KT_EXPECT_EQ(n, 6);
	KT_EXPECT(strcmp(small, "abc") == 0);
	n = snprintf(NULL, 0, "%d", 12345);
	KT_EXPECT_EQ(n, 5);
}

static const struct kt_case cases[] = {
	{ "integers", t_integers },
	{ "widths", t_widths },
	{ "misc", t_misc },
};
const struct kt_family tk_fam_printf = { "printf", cases, KT_NELEM(cases), NULL };
