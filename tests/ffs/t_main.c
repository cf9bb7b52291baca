// SPDX-License-Identifier: BSD-2-Clause
/*
 * t_main.c - the families of tests/ffs (KTAP).  The userspace lane runs
 * them now; a kernel lane will run the portable ones (freebsd, api,
 * mutate) once the VFS can hand images in.
 */
#include "kern/types.h"

#include "ktap.h"
#include "tf.h"

void tf_freebsd_le(void);
void tf_freebsd_be(void);
void tf_api_readdir(void);
void tf_api_lookup(void);
void tf_api_refuse_ufs1(void);
void tf_api_refuse_ufs2(void);
void tf_api_oldlayout(void);
void tf_api_bmap(void);
void tf_mut_small_ufs1_le(void);
void tf_mut_small_ufs2_be(void);
void tf_mut_small_ufs2_le_64k(void);
void tf_mut_freebsd_le(void);
void tf_mut_tiny_ufs1_be(void);
void tf_write_ufs1_le_8k(void);
void tf_write_ufs1_be_4k512(void);
void tf_write_ufs2_le_16k(void);
void tf_write_ufs2_be_8k(void);
void tf_write_ufs2_le_4k(void);
void tf_write_refusals(void);
void tf_write_newfs_ufs1_le(void);
void tf_write_newfs_ufs2_be(void);
void tf_write_newfs_ufs2_le_64k(void);
/* fsck_user.c: rumpffs fsck on clean and corrupted images */
void tf_fsck_makefs(void);
void tf_fsck_triple(void);
void tf_fsck_freebsd(void);
void tf_fsck_usage(void);
void tf_fsck_random(void);
void tf_fsck_mut(const char *group);
void tf_fsck_mut_old_layout(void);
void tf_fsck_netbsd(void);
void tf_fsck_crashers(void);
void tf_newfs_ufs1_le(void);	/* newfs_user.c */
void tf_newfs_ufs1_be(void);
void tf_newfs_ufs2_le(void);
void tf_newfs_ufs2_be(void);
void tf_newfs_defaults(void);
void tf_newfs_errors(void);
void tf_newfs_tools(void);
extern const struct kt_case tf_ns_cases[];	/* t_ns.c */
void tf_tool_put_ufs1_le(void);	/* tool_user.c: the rumpffs write commands */
void tf_tool_put_ufs2_be(void);
void tf_tool_put_ufs1_be_4k(void);
void tf_tool_put_ufs2_le_64k(void);
void tf_tool_makefs_ufs1_le(void);
void tf_tool_makefs_ufs2_be(void);
void tf_tool_errors(void);
void tf_tool_crash(void);
void tf_tool_sleuth_ufs1_le(void);
void tf_tool_sleuth_ufs2_be(void);
void tf_tool_cleanup(void);

#define CMP(n) \
	static void cmp_##n(void); \
	static void cmp_##n(void) { tf_host_compare(#n); }
CMP(ufs1_le_8k)
CMP(ufs1_be_8k)
CMP(ufs2_le_8k)
CMP(ufs2_be_8k)
CMP(ufs1_le_4k512)
CMP(ufs2_be_4k512)
CMP(ufs1_be_64k)
CMP(ufs2_le_64k)
CMP(ufs2_le_16k2k)
CMP(ufs1_le_32k4k)
CMP(ufs2_le_triple)

static const struct kt_case makefs_cases[] = {
	{ "ufs1_le_8k", cmp_ufs1_le_8k },
	{ "ufs1_be_8k", cmp_ufs1_be_8k },
	{ "ufs2_le_8k", cmp_ufs2_le_8k },
	{ "ufs2_be_8k", cmp_ufs2_be_8k },
	{ "ufs1_le_4k512", cmp_ufs1_le_4k512 },
	{ "ufs2_be_4k512", cmp_ufs2_be_4k512 },
	{ "ufs1_be_64k", cmp_ufs1_be_64k },
	{ "ufs2_le_64k", cmp_ufs2_le_64k },
	{ "ufs2_le_16k2k", cmp_ufs2_le_16k2k },
	{ "ufs1_le_32k4k", cmp_ufs1_le_32k4k },
	{ "ufs2_le_triple", cmp_ufs2_le_triple },
};

static const struct kt_case freebsd_cases[] = {
	{ "ufs2_le", tf_freebsd_le },
	{ "ufs2_be", tf_freebsd_be },
};

static const struct kt_case api_cases[] = {
	{ "readdir_cookies", tf_api_readdir },
	{ "lookup_namei", tf_api_lookup },
	{ "refuse_ufs1", tf_api_refuse_ufs1 },
	{ "refuse_ufs2", tf_api_refuse_ufs2 },
	{ "ufs1_old_layout", tf_api_oldlayout },
	{ "bmap", tf_api_bmap },
};

static const struct kt_case mutate_cases[] = {
	{ "small_ufs1_le", tf_mut_small_ufs1_le },
	{ "small_ufs2_be", tf_mut_small_ufs2_be },
	{ "small_ufs2_le_64k", tf_mut_small_ufs2_le_64k },
	{ "freebsd_ufs2_le", tf_mut_freebsd_le },
	{ "tiny_ufs1_be", tf_mut_tiny_ufs1_be },
};

static const struct kt_case write_cases[] = {
	{ "ufs1_le_8k", tf_write_ufs1_le_8k },
	{ "ufs1_be_4k512", tf_write_ufs1_be_4k512 },
	{ "ufs2_le_16k", tf_write_ufs2_le_16k },
	{ "ufs2_be_8k", tf_write_ufs2_be_8k },
	{ "ufs2_le_4k", tf_write_ufs2_le_4k },
	{ "newfs_ufs1_le", tf_write_newfs_ufs1_le },
	{ "newfs_ufs2_be", tf_write_newfs_ufs2_be },
	{ "newfs_ufs2_le_64k", tf_write_newfs_ufs2_le_64k },
	{ "refusals", tf_write_refusals },
};

#define FSCK_MUT(g) \
	static void fsck_##g(void); \
	static void fsck_##g(void) { tf_fsck_mut(#g); }
FSCK_MUT(imap)
FSCK_MUT(fmap)
FSCK_MUT(leak)
FSCK_MUT(cg)
FSCK_MUT(csum)
FSCK_MUT(dup)
FSCK_MUT(entry)
FSCK_MUT(nlink)
FSCK_MUT(blocks)
FSCK_MUT(dirs)
FSCK_MUT(ptrs)
FSCK_MUT(backup)
FSCK_MUT(crash)

static const struct kt_case fsck_cases[] = {
	{ "clean_makefs", tf_fsck_makefs },
	{ "clean_triple_indirect", tf_fsck_triple },
	{ "clean_freebsd", tf_fsck_freebsd },
	{ "unusable", tf_fsck_usage },
	{ "inode_map", fsck_imap },
	{ "free_map", fsck_fmap },
	{ "leaked_block", fsck_leak },
	{ "cg_counts", fsck_cg },
	{ "summary_area", fsck_csum },
	{ "duplicate_block", fsck_dup },
	{ "entry_free_inode", fsck_entry },
	{ "link_counts", fsck_nlink },
	{ "di_blocks", fsck_blocks },
	{ "directories", fsck_dirs },
	{ "pointers", fsck_ptrs },
	{ "backup_superblock", fsck_backup },
	{ "old_ufs1_layout", tf_fsck_mut_old_layout },
	{ "crash_classes", fsck_crash },
	{ "netbsd_written", tf_fsck_netbsd },
	{ "crashers_cg_index", tf_fsck_crashers },
	{ "random_corruptions", tf_fsck_random },
};

static const struct kt_case corpus_cases[] = {
	{ "replay", tf_host_corpus },
};

static const struct kt_case newfs_cases[] = {
	{ "ufs1_le", tf_newfs_ufs1_le },
	{ "ufs1_be", tf_newfs_ufs1_be },
	{ "ufs2_le", tf_newfs_ufs2_le },
	{ "ufs2_be", tf_newfs_ufs2_be },
	{ "defaults", tf_newfs_defaults },
	{ "errors", tf_newfs_errors },
	{ "reuse_and_tools", tf_newfs_tools },
};

static const struct kt_case tool_cases[] = {
	{ "put_ufs1_le", tf_tool_put_ufs1_le },
	{ "put_ufs2_be", tf_tool_put_ufs2_be },
	{ "put_ufs1_be_4k", tf_tool_put_ufs1_be_4k },
	{ "put_ufs2_le_64k", tf_tool_put_ufs2_le_64k },
	{ "makefs_ufs1_le", tf_tool_makefs_ufs1_le },
	{ "makefs_ufs2_be", tf_tool_makefs_ufs2_be },
	{ "errors", tf_tool_errors },
	{ "crash_points", tf_tool_crash },
	{ "sleuthkit_ufs1_le", tf_tool_sleuth_ufs1_le },
	{ "sleuthkit_ufs2_be", tf_tool_sleuth_ufs2_be },
	{ "cleanup", tf_tool_cleanup },
};

static const char *
need_makefs(void)
{
	return tf_host_have_makefs_images() ? "" :
		"makefs images unavailable (makefs not installed?)";
}

static const struct kt_family fams[] = {
	{ "makefs", makefs_cases, KT_NELEM(makefs_cases), need_makefs },
	{ "freebsd", freebsd_cases, KT_NELEM(freebsd_cases), NULL },
	{ "api", api_cases, KT_NELEM(api_cases), need_makefs },
	{ "mutate", mutate_cases, KT_NELEM(mutate_cases), need_makefs },
	{ "corpus", corpus_cases, KT_NELEM(corpus_cases), NULL },
	{ "write", write_cases, KT_NELEM(write_cases), need_makefs },
	{ "fsck", fsck_cases, KT_NELEM(fsck_cases), need_makefs },
	{ "newfs", newfs_cases, KT_NELEM(newfs_cases), NULL },
	{ "ns", tf_ns_cases, TF_NS_NCASES, need_makefs },
	{ "tool", tool_cases, KT_NELEM(tool_cases), NULL },
};

int
tf_run(const char *only)
{
	return kt_run("ffs", fams, KT_NELEM(fams), only);
}
