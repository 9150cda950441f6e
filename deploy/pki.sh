#!/bin/sh
# pki.sh - the cluster's certificates and kubeconfigs, laid out as kubeadm does.
#
#   deploy/pki.sh DIR SERVER_URL [--ip IP]... [--name DNSNAME]... [--node NODE]...
#
# Makes in DIR (existing files are kept, so it is safe to run again):
#   ca.crt ca.key                     the cluster CA (clients and servers trust it);
#                                     keys are ECDSA P-256 (cheap TLS handshakes)
#   apiserver.crt apiserver.key       the apiserver's serving certificate, for the
#                                     kubernetes service names, localhost, 127.0.0.1,
#                                     the first service IP and every --ip/--name given
#   apiserver-kubelet-client.crt/key  the apiserver's client certificate for kubelets
#   sa.key sa.pub                     service account token signing keys
#   admin.conf                        kubeconfig for kubernetes-admin (group system:masters)
#   scheduler.conf controller-manager.conf proxy.conf
#                                     kubeconfigs for system:kube-scheduler,
#                                     system:kube-controller-manager, system:kube-proxy
#   kubelet-NODE.conf                 for each --node: system:node:NODE in system:nodes
# SERVER_URL is what the kubeconfigs point at, e.g. https://10.0.0.1:6443.
set -eu

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[ $# -ge 2 ] || usage
dir=$1 server=$2
shift 2
ips="127.0.0.1 10.96.0.1" names="localhost kubernetes kubernetes.default kubernetes.default.svc kubernetes.default.svc.cluster.local $(hostname)"
nodes=""
while [ $# -gt 0 ]; do
	case $1 in
	--ip) ips="$ips $2"; shift 2 ;;
	--name) names="$names $2"; shift 2 ;;
	--node) nodes="$nodes $2"; shift 2 ;;
	*) echo "pki.sh: unknown argument: $1" >&2; usage ;;
	esac
done
command -v openssl >/dev/null || { echo "pki.sh: openssl is needed (apt-get install openssl)" >&2; exit 1; }
mkdir -p "$dir"
umask 077
cd "$dir"

days=3650
if [ ! -f ca.key ]; then
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.crt -days "$days" \
		-subj "/CN=kubernetes" -addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign" 2>/dev/null
fi

# cert NAME SUBJECT EXTENSIONS: a key and a certificate signed by the CA.
cert() {
	name=$1 subject=$2 ext=$3
	[ -f "$name.crt" ] && return 0
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$name.key" -out "$name.csr" -subj "$subject" 2>/dev/null
	printf '%s\n' "$ext" >"$name.ext"
	openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$name.crt" \
		-days "$days" -extfile "$name.ext" 2>/dev/null
	rm -f "$name.csr" "$name.ext"
}

san=""
for ip in $ips; do san="${san:+$san,}IP:$ip"; done
for n in $names; do san="${san:+$san,}DNS:$n"; done
cert apiserver "/CN=kube-apiserver" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=$san"

client_ext="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" "$client_ext"
cert admin "/O=system:masters/CN=kubernetes-admin" "$client_ext"
cert scheduler "/CN=system:kube-scheduler" "$client_ext"
cert controller-manager "/CN=system:kube-controller-manager" "$client_ext"
cert proxy "/CN=system:kube-proxy" "$client_ext"
for node in $nodes; do
	cert "kubelet-$node" "/O=system:nodes/CN=system:node:$node" "$client_ext"
done

if [ ! -f sa.key ]; then
	openssl genrsa -out sa.key 2048 2>/dev/null
	openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
fi

# kubeconfig FILE USER CERT: a kubeconfig with embedded certificates.
kubeconfig() {
	file=$1 user=$2 crt=$3
	[ -f "$file" ] && return 0
	cat >"$file" <<EOC
apiVersion: v1
kind: Config
clusters:
- name: kc
  cluster:
    server: $server
    certificate-authority-data: $(base64 -w0 ca.crt)
users:
- name: $user
  user:
    client-certificate-data: $(base64 -w0 "$crt.crt")
    client-key-data: $(base64 -w0 "$crt.key")
contexts:
- name: $user@kc
  context:
    cluster: kc
    user: $user
current-context: $user@kc
EOC
}
kubeconfig admin.conf kubernetes-admin admin
kubeconfig scheduler.conf system:kube-scheduler scheduler
kubeconfig controller-manager.conf system:kube-controller-manager controller-manager
kubeconfig proxy.conf system:kube-proxy proxy
for node in $nodes; do
	kubeconfig "kubelet-$node.conf" "system:node:$node" "kubelet-$node"
done
