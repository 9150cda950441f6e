/* watch.h - client watch streams, served from the watch caches. */
#ifndef KC_APISERVER_WATCH_H
#define KC_APISERVER_WATCH_H

#include "apiserver/apiserver.h"

/* Ends every open watch stream cleanly (shutdown). */
void api_watch_end_all(apiserver *s);
/* Open watch streams. */
size_t api_watch_count(const apiserver *s);

#endif
