/* strategy.h - what each resource does differently: its defaults, its
 * validation and how create and update may change it (upstream's
 * "RESTCreateStrategy"/"RESTUpdateStrategy" per resource).
 *
 * The generic apiserver code does everything common to all resources
 * (metadata.uid, creationTimestamp, resourceVersion, generateName, names,
 * labels and annotations validation, namespace checks, storage, finalizers,
 * deletion, the status/spec split when has_status is set, and
 * metadata.generation when tracks_generation is set). A strategy adds only
 * what upstream does for its kind. Every function is pure: it sees the
 * object(s) it is given and nothing else (no storage, no clock except
 * through arguments), so each can be tested with tables.
 *
 * Every hook may be NULL (nothing to do). Objects are full API objects as
 * JSON, already in this resource's group/version. */
#ifndef KC_APISERVER_STRATEGY_H
#define KC_APISERVER_STRATEGY_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "apiserver/fielderr.h"
#include "common/resource.h"

typedef struct api_strategy {
	const char *group;  /* matches a kc_resource row */
	const char *plural;

	/* Upstream's defaulting (SetDefaults_* functions) and the defaults its
	 * admission plugins add (e.g. pods' default tolerations). Runs on create
	 * and on update, before validation; must be idempotent. */
	void (*defaults)(cJSON *obj);

	/* PrepareForCreate: clear or reset what a client may not set on create
	 * beyond the generic rules (e.g. a pod's status becomes {phase: Pending,
	 * qosClass: ...}). */
	void (*prepare_create)(cJSON *obj);
	/* PrepareForUpdate: obj is the new object, old the stored one; e.g.
	 * carry over fields a spec update may not change. */
	void (*prepare_update)(cJSON *obj, const cJSON *old);

	/* Validation of the kind-specific parts (spec, data, rules...);
	 * metadata is validated by the generic code. */
	void (*validate_create)(const cJSON *obj, api_field_errors *errs);
	/* Update validation: the new object's own validity and what may not
	 * change (immutable fields). When NULL, validate_create is used. */
	void (*validate_update)(const cJSON *obj, const cJSON *old, api_field_errors *errs);

	/* The status subresource (when has_status): obj is old with the new
	 * status already copied in by the generic code; validate what status
	 * may hold (e.g. pod phase, conditions). */
	void (*validate_status_update)(const cJSON *obj, const cJSON *old, api_field_errors *errs);

	/* Field selectors this resource supports besides metadata.name and
	 * metadata.namespace (upstream's per-resource field label conversion),
	 * NULL-terminated; NULL for none. */
	const char *const *field_selectors;

	bool has_status;        /* spec writes ignore status, status writes ignore the rest */
	bool tracks_generation; /* metadata.generation bumped when anything but metadata/status changes */
	/* ... and when metadata.annotations change (Deployments: their
	 * annotations are copied to their ReplicaSets) */
	bool annotations_bump_generation;
} api_strategy;

/* The strategy for a resource (never NULL: resources without special
 * behaviour get an empty strategy). */
const api_strategy *api_strategy_for(const kc_resource *r);

#endif
