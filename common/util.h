/* util.h - small helpers every kc file uses: cleanup attributes, ownership
 * hand-off, allocation that never returns NULL, and a growable string buffer.
 *
 * Allocation: kc treats running out of memory as fatal (as git's xmalloc
 * does): the x* functions abort with a message instead of returning NULL, so
 * callers never carry "if (!p) return -ENOMEM" on every line. cJSON is wired to
 * the same allocator by kc_util_init_json_hooks(). */
#ifndef KC_UTIL_H
#define KC_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KC_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define KC_UNUSED __attribute__((unused))
#define KC_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))

static inline bool streq(const char *a, const char *b) { return strcmp(a, b) == 0; }
static inline bool streq_ptr(const char *a, const char *b)
{
	return (a == NULL || b == NULL) ? a == b : strcmp(a, b) == 0;
}
static inline bool str_startswith(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}
bool str_endswith(const char *s, const char *suffix);

/* ---- cleanup attributes (systemd/crun style) ---- */
#define _cleanup_(f) __attribute__((cleanup(f)))

static inline void freep(void *p) { free(*(void **)p); }
static inline void closep(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}
static inline void fclosep(FILE **f)
{
	if (*f)
		fclose(*f);
}
struct cJSON;
void kc_json_deletep(struct cJSON **j);

#define _cleanup_free_ _cleanup_(freep)
#define _cleanup_close_ _cleanup_(closep)
#define _cleanup_fclose_ _cleanup_(fclosep)
#define _cleanup_json_ _cleanup_(kc_json_deletep)

/* Hands ownership over: returns the pointer and clears the variable so its
 * cleanup attribute does nothing. */
#define TAKE_PTR(p)                          \
	__extension__({                      \
		__typeof__(p) _taken_ = (p); \
		(p) = NULL;                  \
		_taken_;                     \
	})
#define TAKE_FD(fd)                 \
	__extension__({             \
		int _taken_fd_ = (fd); \
		(fd) = -1;          \
		_taken_fd_;         \
	})

/* ---- allocation: abort on out-of-memory ---- */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) KC_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap) KC_PRINTF(1, 0);

/* Makes cJSON allocate through xmalloc/free, so cJSON calls that allocate
 * never return NULL for lack of memory. Called once at program start (the
 * library constructor does it, so linking libkc is enough). */
void kc_util_init_json_hooks(void);

/* ---- kc_buf: a growable, always NUL-terminated byte buffer ----
 * Zero-initialise (KC_BUF_INIT) or kc_buf_init(); kc_buf_free() releases;
 * kc_buf_release() hands the string to the caller (who frees it) and leaves
 * the buffer empty and reusable. */
typedef struct kc_buf {
	char *s;    /* never NULL after the first add; "" when empty */
	size_t len; /* bytes, excluding the terminating NUL */
	size_t cap;
} kc_buf;

#define KC_BUF_INIT {NULL, 0, 0}

void kc_buf_init(kc_buf *b);
void kc_buf_free(kc_buf *b);
void kc_buf_reset(kc_buf *b);          /* len = 0, keeps the allocation */
void kc_buf_grow(kc_buf *b, size_t extra);
void kc_buf_add(kc_buf *b, const void *data, size_t n);
void kc_buf_addstr(kc_buf *b, const char *s);
void kc_buf_addch(kc_buf *b, char c);
void kc_buf_addf(kc_buf *b, const char *fmt, ...) KC_PRINTF(2, 3);
void kc_buf_vaddf(kc_buf *b, const char *fmt, va_list ap) KC_PRINTF(2, 0);
void kc_buf_consume(kc_buf *b, size_t n); /* drop the first n bytes */
char *kc_buf_release(kc_buf *b);          /* caller frees; never NULL */
const char *kc_buf_str(kc_buf *b);        /* "" for an empty buffer */
static inline void kc_buf_freep(kc_buf *b) { kc_buf_free(b); }
#define _cleanup_buf_ _cleanup_(kc_buf_freep)

/* ---- files ---- */
/* Reads a whole file (or stdin for "-") into *ret (NUL-terminated; *ret_len
 * may be NULL). Refuses files larger than max_bytes with -EFBIG. Returns 0 or
 * a negative errno. */
int kc_read_file(const char *path, size_t max_bytes, char **ret, size_t *ret_len);

#endif
