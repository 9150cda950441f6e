/* resource.h - the table of API resources kc serves, shared by the apiserver
 * (routing, discovery, storage keys) and kc (names on the command line).
 *
 * One row per resource: where it lives in the API, what it is called, and
 * what can be done with it. The apiserver keeps each resource's behaviour
 * (defaults, validation, table columns) in its own strategy file, keyed by
 * the same row. Adding a resource is adding a row here and its strategy. */
#ifndef KC_RESOURCE_H
#define KC_RESOURCE_H

#include <stdbool.h>
#include <stddef.h>

/* Verbs, as discovery lists them. */
enum {
	KC_VERB_CREATE = 1 << 0,
	KC_VERB_DELETE = 1 << 1,
	KC_VERB_DELETECOLLECTION = 1 << 2,
	KC_VERB_GET = 1 << 3,
	KC_VERB_LIST = 1 << 4,
	KC_VERB_PATCH = 1 << 5,
	KC_VERB_UPDATE = 1 << 6,
	KC_VERB_WATCH = 1 << 7,
};
#define KC_VERBS_ALL 0xff
#define KC_VERBS_CREATE_ONLY KC_VERB_CREATE

/* Subresources. */
enum {
	KC_SUB_STATUS = 1 << 0,
	KC_SUB_SCALE = 1 << 1,
	KC_SUB_BINDING = 1 << 2,     /* pods/binding */
	KC_SUB_LOG = 1 << 3,         /* pods/log */
	KC_SUB_EXEC = 1 << 4,        /* pods/exec */
	KC_SUB_PORTFORWARD = 1 << 5, /* pods/portforward */
	KC_SUB_ATTACH = 1 << 6,      /* pods/attach */
	KC_SUB_FINALIZE = 1 << 7,    /* namespaces/finalize */
	KC_SUB_EVICTION = 1 << 8,    /* pods/eviction */
	KC_SUB_PROXY = 1 << 9,       /* nodes/proxy, services/proxy, pods/proxy */
	KC_SUB_TOKEN = 1 << 10,      /* serviceaccounts/token (TokenRequest) */
};

typedef struct kc_resource {
	const char *group;     /* "" for the core group */
	const char *version;   /* "v1" */
	const char *kind;      /* "Pod" */
	const char *plural;    /* "pods": the URL segment */
	const char *singular;  /* "pod" */
	const char *short_names[4]; /* NULL-terminated: {"po", NULL} */
	const char *categories[2];  /* {"all", NULL} */
	bool namespaced;
	unsigned verbs;        /* KC_VERB_* */
	unsigned subresources; /* KC_SUB_* */
	/* Resource whose storage this one shares ("events" for
	 * events.k8s.io/v1 events); NULL: its own plural. */
	const char *storage;
} kc_resource;

/* The whole table, in discovery order, ending with a zeroed row. */
extern const kc_resource kc_resources[];

/* "apps/v1", or "v1" for the core group; returns buf. */
const char *kc_resource_api_version(const kc_resource *r, char *buf, size_t size);
/* The storage segment: r->storage or r->plural. */
const char *kc_resource_storage(const kc_resource *r);

/* The row for group/version/plural, or NULL. */
const kc_resource *kc_resource_find(const char *group, const char *version, const char *plural);
/* The row for an apiVersion ("apps/v1", "v1") and kind, or NULL. */
const kc_resource *kc_resource_find_kind(const char *api_version, const char *kind);
/* Resolves what a person types after `kc get`: "pods", "pod", "po", "Pod",
 * "deployments.apps", "deploy.apps", "deployments.v1.apps", case-insensitive
 * for kinds as kubectl is. NULL when unknown. Where a name exists in two
 * groups (events), the core group wins, as kubectl's priority does. */
const kc_resource *kc_resource_lookup(const char *name);

/* The groups served, in discovery order ("" first), NULL-terminated. */
extern const char *const kc_api_groups[];

#endif
