/* banned.h - libc calls kc does not use (after git's banned.h).
 * Include it last in every .c file. Use snprintf/kc_buf instead of sprintf,
 * strcpy and strcat; fgets instead of gets; strtol & co. instead of atoi. */
#ifndef KC_BANNED_H
#define KC_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef gets
#define gets(x) BANNED(gets)
#undef atoi
#define atoi(x) BANNED(atoi)

#endif
