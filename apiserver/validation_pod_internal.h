/* validation_pod_internal.h - what the pod validation files share (not for
 * other users: see validation_pod.h). */
#ifndef KC_APISERVER_VALIDATION_POD_INTERNAL_H
#define KC_APISERVER_VALIDATION_POD_INTERNAL_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "apiserver/fielderr.h"

/* The volumes that validated, by name (names point into the JSON). */
typedef struct pod_volumes {
	const char **names;
	const cJSON **sources; /* the volume objects */
	size_t n;
} pod_volumes;

void pod_volumes_free(pod_volumes *v);
const cJSON *pod_volumes_find(const pod_volumes *v, const char *name);

/* ValidateVolumes: fills vols with the volumes that validated. */
void pod_validate_volumes(const cJSON *volumes, const cJSON *pod_meta, const char *path, pod_volumes *vols,
			  api_field_errors *errs);
/* ValidateVolumeMounts and ValidateVolumeDevices for one container. */
void pod_validate_volume_mounts(const cJSON *ctr, const pod_volumes *vols, const char *path, api_field_errors *errs);
void pod_validate_volume_devices(const cJSON *ctr, const pod_volumes *vols, const char *path,
				 api_field_errors *errs);

/* validateObjectFieldSelector against the given allowed paths. */
void pod_validate_field_selector(const cJSON *fs, const char *const *allowed, const char *path,
				 api_field_errors *errs);
/* validateContainerResourceFieldSelector. */
void pod_validate_resource_field_selector(const cJSON *fs, const char *path, bool volume, api_field_errors *errs);
/* ValidateLocalNonReservedPath / validateLocalDescendingPath / validatePathNoBacksteps. */
void pod_validate_local_non_reserved_path(const char *p, const char *path, api_field_errors *errs);
void pod_validate_local_descending_path(const char *p, const char *path, api_field_errors *errs);
void pod_validate_path_no_backsteps(const char *p, const char *path, api_field_errors *errs);

#define POD_FILE_MODE_MSG "must be a number between 0 and 0777 (octal), both inclusive"

#endif
