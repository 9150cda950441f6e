/* main.c - kc-apiserver: parse flags, build the server, run its loop. */
#include <event2/event.h>
#include <stdio.h>

#include "apiserver/apiserver.h"
#include "apiserver/options.h"
#include "common/log.h"

int main(int argc, char **argv)
{
	api_options opts;
	kc_error err = KC_ERROR_INIT;
	int rc = api_options_parse(&opts, argc, argv, &err);
	if (rc == 1)
		return 0;
	if (rc < 0) {
		fprintf(stderr, "Error: %s\nRun 'kc-apiserver --help' for usage.\n", err.msg);
		return 1;
	}
	kc_log_init("kc-apiserver", opts.verbosity);
	struct event_base *base = event_base_new();
	apiserver *s = api_new(base, &opts, &err);
	if (!s) {
		kc_log_error("%s", err.msg);
		event_base_free(base);
		return 1;
	}
	api_run(s);
	api_free(s);
	event_base_free(base);
	return 0;
}
