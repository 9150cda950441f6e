/* expectations.c - client-go's ControllerExpectations (cm.h): what a
 * controller has asked the apiserver to create or delete for a key and has
 * not yet seen come back through its informers. */
#include <stdlib.h>

#include "common/map.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "controller-manager/cm_internal.h"
#include "banned.h"

/* upstream's ExpectationsTimeout: an expectation this old is given up on,
 * so that a lost watch event cannot stall a controller for ever */
#define EXPECTATIONS_TIMEOUT_MS (5 * 60 * 1000)

typedef struct expectation {
	int add, del;
	int64_t set_ms;
} expectation;

struct cm_expectations {
	kc_map *by_key; /* key -> expectation */
};

cm_expectations *cm_expectations_new(void)
{
	cm_expectations *e = xcalloc(1, sizeof(*e));
	e->by_key = kc_map_new(free);
	return e;
}

void cm_expectations_free(cm_expectations *e)
{
	if (!e)
		return;
	kc_map_free(e->by_key);
	free(e);
}

static void set(kc_cm *cm, const char *key, int add, int del)
{
	expectation *x = xcalloc(1, sizeof(*x));
	*x = (expectation){.add = add, .del = del, .set_ms = kc_time_monotonic_ms()};
	kc_map_put(kc_cm_expectations_of(cm)->by_key, key, x);
}

void kc_cm_expect_creations(kc_cm *cm, const char *key, int n) { set(cm, key, n, 0); }
void kc_cm_expect_deletions(kc_cm *cm, const char *key, int n) { set(cm, key, 0, n); }

void kc_cm_creation_observed(kc_cm *cm, const char *key)
{
	expectation *x = kc_map_get(kc_cm_expectations_of(cm)->by_key, key);
	if (x)
		x->add--;
}

void kc_cm_deletion_observed(kc_cm *cm, const char *key)
{
	expectation *x = kc_map_get(kc_cm_expectations_of(cm)->by_key, key);
	if (x)
		x->del--;
}

bool kc_cm_expectations_satisfied(kc_cm *cm, const char *key)
{
	const expectation *x = kc_map_get(kc_cm_expectations_of(cm)->by_key, key);
	if (!x)
		return true; /* never set, or deleted with its owner: sync */
	if (x->add <= 0 && x->del <= 0)
		return true;
	return kc_time_monotonic_ms() - x->set_ms > EXPECTATIONS_TIMEOUT_MS;
}

void kc_cm_expectations_delete(kc_cm *cm, const char *key) { kc_map_del(kc_cm_expectations_of(cm)->by_key, key); }
