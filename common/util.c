/* util.c - allocation, kc_buf and file helpers (see util.h). */
#include "util.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "banned.h"

static void oom(size_t n)
{
	fprintf(stderr, "kc: out of memory allocating %zu bytes\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		oom(nmemb * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	kc_buf b = KC_BUF_INIT;
	kc_buf_vaddf(&b, fmt, ap);
	return kc_buf_release(&b);
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

bool str_endswith(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);
	return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

void kc_json_deletep(struct cJSON **j)
{
	if (*j)
		cJSON_Delete(*j);
}

static void *json_malloc(size_t n) { return xmalloc(n); }

void kc_util_init_json_hooks(void)
{
	cJSON_Hooks hooks = {.malloc_fn = json_malloc, .free_fn = free};
	cJSON_InitHooks(&hooks);
}

/* Linking libkc is enough to get the hooks: no program can forget them. */
__attribute__((constructor)) static void util_constructor(void) { kc_util_init_json_hooks(); }

/* ---- kc_buf ---- */

void kc_buf_init(kc_buf *b)
{
	b->s = NULL;
	b->len = b->cap = 0;
}

void kc_buf_free(kc_buf *b)
{
	free(b->s);
	kc_buf_init(b);
}

void kc_buf_reset(kc_buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void kc_buf_grow(kc_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
}

void kc_buf_add(kc_buf *b, const void *data, size_t n)
{
	kc_buf_grow(b, n);
	if (n)
		memcpy(b->s + b->len, data, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void kc_buf_addstr(kc_buf *b, const char *s) { kc_buf_add(b, s, strlen(s)); }

void kc_buf_addch(kc_buf *b, char c) { kc_buf_add(b, &c, 1); }

void kc_buf_vaddf(kc_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	kc_buf_grow(b, 64);
	int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	if (n < 0) {
		va_end(ap2);
		return;
	}
	if ((size_t)n >= b->cap - b->len) {
		kc_buf_grow(b, (size_t)n);
		vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap2);
	}
	va_end(ap2);
	b->len += (size_t)n;
}

void kc_buf_addf(kc_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kc_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void kc_buf_consume(kc_buf *b, size_t n)
{
	if (n >= b->len) {
		kc_buf_reset(b);
		return;
	}
	memmove(b->s, b->s + n, b->len - n);
	b->len -= n;
	b->s[b->len] = '\0';
}

char *kc_buf_release(kc_buf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	kc_buf_init(b);
	return s;
}

const char *kc_buf_str(kc_buf *b) { return b->s ? b->s : ""; }

/* ---- files ---- */

int kc_read_file(const char *path, size_t max_bytes, char **ret, size_t *ret_len)
{
	_cleanup_close_ int fd = -1;
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;

	if (streq(path, "-"))
		fd = dup(STDIN_FILENO);
	else
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		kc_buf_grow(&b, 65536);
		ssize_t n = read(fd, b.s + b.len, b.cap - b.len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		b.len += (size_t)n;
		if (b.len > max_bytes)
			return -EFBIG;
	}
	kc_buf_grow(&b, 0);
	b.s[b.len] = '\0';
	if (ret_len)
		*ret_len = b.len;
	*ret = kc_buf_release(&b);
	return 0;
}
