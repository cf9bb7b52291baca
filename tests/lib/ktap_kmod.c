// SPDX-License-Identifier: GPL-2.0
/*
 * ktap_kmod.c - KTAP output for kernel test modules.
 *
 * The report is kept in a buffer and published as the read-only debugfs
 * file /sys/kernel/debug/ktap-<module>; the guest-side harness copies it to
 * the verdict channel and then unloads the module.  Failure lines are also
 * logged so that the console log tells the story.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "ktap.h"
#include "ktap_kmod.h"

#define KT_KMOD_MAX (4 << 20)

static char *kt_buf;
static size_t kt_len, kt_cap;
static DEFINE_MUTEX(kt_lock);
static struct dentry *kt_dentry;

void kt_host_write(const char *s, int len)
{
	mutex_lock(&kt_lock);
	if (kt_len + len > kt_cap) {
		size_t ncap = max_t(size_t, kt_cap * 2, 64 * 1024);
		char *nb;

		while (ncap < kt_len + len)
			ncap *= 2;
		if (ncap > KT_KMOD_MAX)
			goto out;
		nb = kvmalloc(ncap, GFP_KERNEL);
		if (!nb)
			goto out;
		if (kt_buf)
			memcpy(nb, kt_buf, kt_len);
		kvfree(kt_buf);
		kt_buf = nb;
		kt_cap = ncap;
	}
	memcpy(kt_buf + kt_len, s, len);
	kt_len += len;
	if (len > 8 && (strnstr(s, "not ok", len) || strnstr(s, "# FAIL", len)))
		pr_info("%.*s", len, s);
out:
	mutex_unlock(&kt_lock);
}

int kt_host_vsnprintf(char *buf, int size, const char *fmt, va_list ap)
{
	return vsnprintf(buf, size, fmt, ap);
}

static ssize_t kt_read(struct file *f, char __user *ubuf, size_t n, loff_t *pos)
{
	ssize_t ret;

	mutex_lock(&kt_lock);
	ret = simple_read_from_buffer(ubuf, n, pos, kt_buf, kt_len);
	mutex_unlock(&kt_lock);
	return ret;
}

static const struct file_operations kt_fops = {
	.owner = THIS_MODULE,
	.read = kt_read,
	.llseek = default_llseek,
};

int kt_kmod_publish(const char *modname)
{
	char name[64];

	snprintf(name, sizeof(name), "ktap-%s", modname);
	kt_dentry = debugfs_create_file(name, 0444, NULL, NULL, &kt_fops);
	if (IS_ERR(kt_dentry)) {
		pr_warn("cannot create debugfs file %s: %ld\n", name,
			PTR_ERR(kt_dentry));
		return PTR_ERR(kt_dentry);
	}
	return 0;
}

void kt_kmod_unpublish(void)
{
	debugfs_remove(kt_dentry);
	kvfree(kt_buf);
	kt_buf = NULL;
	kt_len = 0;
	kt_cap = 0;
}
