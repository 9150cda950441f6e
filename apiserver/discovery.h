/* discovery.h - the Kubernetes version kc serves, for /version and
 * --version. kubectl compares it with its own for version-skew warnings. */
#ifndef KC_APISERVER_DISCOVERY_H
#define KC_APISERVER_DISCOVERY_H

#define API_KUBE_MAJOR "1"
#define API_KUBE_MINOR "31"
#define API_GIT_VERSION "v" API_KUBE_MAJOR "." API_KUBE_MINOR ".0-kc" KC_VERSION

#endif
