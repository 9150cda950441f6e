/* nodeipam.h - the pure part of the "nodeipam" controller: the set of
 * node-sized subnets of a cluster CIDR and which of them are taken
 * (upstream's pkg/controller/nodeipam/ipam/cidrset), and the parsing of
 * --cluster-cidr.
 *
 * A set covers one cluster CIDR ("10.244.0.0/16") cut into subnets of the
 * node mask size (/24): 2^(24-16) = 256 subnets, kept as a bitmap. Subnets
 * are handed out round robin from the one after the last allocated, as
 * upstream's AllocateNext, so a released subnet is not reused at once
 * while others are free.
 *
 * Ownership: kc_cidrset_new hands back a set the caller frees with
 * kc_cidrset_free. Strings passed in are borrowed. Single-threaded. */
#ifndef KC_CM_NODEIPAM_H
#define KC_CM_NODEIPAM_H

#include <stdbool.h>
#include <stddef.h>

#include "common/error.h"

/* Room for any CIDR this file prints: "ffff:...:ffff/128" and a NUL. */
#define KC_CIDR_STR_MAX 48

/* Upstream's limit for IPv6 sets (clusterSubNetMaxDiff): at most 2^16
 * subnets. IPv4 sets may hold up to 2^24 (a /8 cut into /32s would be
 * 2^24; a /0 cut into /24s as well). */
#define KC_CIDRSET_MAX_V6_DIFF 16
#define KC_CIDRSET_MAX_BITS    24

typedef struct kc_cidrset kc_cidrset;

/* Makes the set of /node_mask subnets of cluster_cidr. Fails with -EINVAL
 * (err says why) for a CIDR that does not parse, a node mask shorter than
 * the cluster's prefix or longer than the address, or one that makes too
 * many subnets ("New CIDR set failed; the node CIDR size is too big", as
 * upstream). The cluster CIDR's host bits are ignored (10.244.3.0/16 is
 * 10.244.0.0/16). */
int kc_cidrset_new(const char *cluster_cidr, int node_mask, kc_cidrset **ret, kc_error *err);
/* NULL is fine. */
void kc_cidrset_free(kc_cidrset *s);

/* Whether the set is of IPv6 addresses. */
bool kc_cidrset_is_v6(const kc_cidrset *s);
/* The cluster CIDR as normalised ("10.244.0.0/16"). Borrowed. */
const char *kc_cidrset_cluster(const kc_cidrset *s);
/* Subnets in the set, and how many are taken. */
size_t kc_cidrset_max(const kc_cidrset *s);
size_t kc_cidrset_used(const kc_cidrset *s);

/* Takes the next free subnet (round robin from the last allocated) and
 * writes it to buf ("10.244.3.0/24"). Fails with -ENOSPC ("CIDR
 * allocation failed; there are no remaining CIDRs left to allocate in the
 * accepted range") when every subnet is taken. */
int kc_cidrset_allocate_next(kc_cidrset *s, char buf[KC_CIDR_STR_MAX], kc_error *err);

/* Marks every subnet cidr overlaps as taken (Occupy), or as free
 * (Release); cidr may be a node subnet or any other prefix inside the
 * cluster CIDR, or one that contains it. Idempotent. Fails with -EINVAL
 * for a CIDR that does not parse or is of the other family, -ERANGE for one
 * outside the cluster CIDR ("cidr 10.9.0.0/24 is out the range of cluster
 * cidr 10.244.0.0/16", upstream's words). */
int kc_cidrset_occupy(kc_cidrset *s, const char *cidr, kc_error *err);
int kc_cidrset_release(kc_cidrset *s, const char *cidr, kc_error *err);
/* Whether the node subnet cidr is marked taken (false for anything that is
 * not exactly one subnet of the set). */
bool kc_cidrset_is_taken(const kc_cidrset *s, const char *cidr);

/* Splits --cluster-cidr ("10.244.0.0/16" or dual-stack
 * "10.244.0.0/16,fd00:10:244::/56") into its CIDRs and makes one set per
 * CIDR: IPv4 ones cut at node_mask_v4, IPv6 ones at node_mask_v6. At most
 * two CIDRs, and two only of different families ("len of clusters cidrs
 * is:3 > more than max allowed of 2", "dual-stack ... must be of different
 * IP families"). On success *ret_sets (caller frees each with
 * kc_cidrset_free, then the array) and *ret_n are set. */
int kc_cidrset_parse_cluster(const char *cluster_cidrs, int node_mask_v4, int node_mask_v6, kc_cidrset ***ret_sets,
			     size_t *ret_n, kc_error *err);

#endif
