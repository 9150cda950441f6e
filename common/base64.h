/* base64.h - standard base64 (RFC 4648 §4, with padding), as etcd's gateway,
 * kubeconfig *-data fields and Secret data use it. */
#ifndef KC_BASE64_H
#define KC_BASE64_H

#include <stddef.h>

/* Encodes n bytes; returns a NUL-terminated string the caller frees. */
char *kc_base64_encode(const void *data, size_t n);
/* Decodes s (whitespace ignored, padding optional) into a NUL-terminated
 * buffer the caller frees; *ret_len gets the byte count. Returns 0, or
 * -EINVAL for characters outside the alphabet or a bad length; ret is
 * untouched on failure. */
int kc_base64_decode(const char *s, size_t len, char **ret, size_t *ret_len);

#endif
