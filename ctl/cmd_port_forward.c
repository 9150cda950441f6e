/* cmd_port_forward.c - kc port-forward: listens on local ports and relays
 * each accepted connection to the pod's port through pods/portforward.
 *
 * Each local connection gets its own WebSocket (?ports=<remote>) speaking
 * the portforward channel protocol (v4.channel.k8s.io): channel 0 carries
 * the data both ways, channel 1 the errors; the first message of each
 * channel is the port number (2 bytes, little-endian). kubectl itself
 * tunnels SPDY inside the WebSocket ("SPDY/3.1+portforward.k8s.io"); the
 * plain channel protocol is the one the kubelet's streaming server offers
 * WebSocket clients. */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include "ctl/commands.h"
#include "ctl/ops.h"
#include "ctl/pod_pick.h"
#include "ctl/target.h"
#include "ctl/websocket.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "banned.h"

/* ---- pure parts (ops.h) ---- */

static void split_port(const char *spec, char *local, char *remote, size_t size)
{
	const char *colon = strchr(spec, ':');
	if (colon && !strchr(colon + 1, ':')) {
		snprintf(local, size, "%.*s", (int)(colon - spec), spec);
		snprintf(remote, size, "%s", colon + 1);
	} else {
		snprintf(local, size, "%s", spec);
		snprintf(remote, size, "%s", spec);
	}
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static int container_port_by_name(const cJSON *pod, const char *name, long *ret, kc_error *err)
{
	const char *lists[] = {"spec.containers", "spec.initContainers"};
	for (int k = 0; k < 2; k++) {
		const cJSON *c, *p;
		cJSON_ArrayForEach(c, kc_json_get(pod, lists[k]))
			cJSON_ArrayForEach(p, kc_json_get(c, "ports"))
				if (streq(kc_json_get_str(p, "name", ""), name)) {
					*ret = (long)kc_json_get_int(p, "containerPort", 0);
					return 0;
				}
	}
	return kc_error_set(err, -ENOENT, "Pod '%s' does not have a named port '%s'",
			    kc_json_get_str(pod, "metadata.name", ""), name);
}

static int service_port_by_name(const cJSON *svc, const char *name, long *ret, kc_error *err)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, kc_json_get(svc, "spec.ports"))
		if (streq(kc_json_get_str(p, "name", ""), name)) {
			*ret = (long)kc_json_get_int(p, "port", 0);
			return 0;
		}
	return kc_error_set(err, -ENOENT, "Service '%s' does not have a named port '%s'",
			    kc_json_get_str(svc, "metadata.name", ""), name);
}

/* checkUDPPorts: a remote port only UDP serves cannot be forwarded */
static int check_udp(const cJSON *obj, bool service, const char *remote, long num, kc_error *err)
{
	bool udp = false, tcp = false;
	const cJSON *c, *p;
	if (service) {
		cJSON_ArrayForEach(p, kc_json_get(obj, "spec.ports"))
			if (kc_json_get_int(p, "port", 0) == num) {
				const char *proto = kc_json_get_str(p, "protocol", "");
				udp |= streq(proto, "UDP");
				tcp |= streq(proto, "TCP");
			}
	} else {
		cJSON_ArrayForEach(c, kc_json_get(obj, "spec.containers"))
			cJSON_ArrayForEach(p, kc_json_get(c, "ports"))
				if (kc_json_get_int(p, "containerPort", 0) == num) {
					const char *proto = kc_json_get_str(p, "protocol", "");
					udp |= streq(proto, "UDP");
					tcp |= streq(proto, "TCP");
				}
	}
	if (udp && !tcp)
		return kc_error_set(err, -ENOTSUP, "UDP protocol is not supported for %s", remote);
	return 0;
}

/* A service port's target in the pod (LookupContainerPortNumberByServicePort). */
static int service_target(const cJSON *svc, const cJSON *pod, long port, long *ret, kc_error *err)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, kc_json_get(svc, "spec.ports")) {
		if (kc_json_get_int(p, "port", 0) != port)
			continue;
		if (streq(kc_json_get_str(svc, "spec.clusterIP", ""), "None")) {
			*ret = port;
			return 0;
		}
		const cJSON *tp = kc_json_get(p, "targetPort");
		if (cJSON_IsString(tp))
			return container_port_by_name(pod, tp->valuestring, ret, err);
		long t = (long)kc_json_as_int(tp, 0);
		*ret = t ? t : port;
		return 0;
	}
	return kc_error_set(err, -ENOENT, "Service %s does not have a service port %ld",
			    kc_json_get_str(svc, "metadata.name", ""), port);
}

int kc_port_forward_ports(const cJSON *svc, const cJSON *pod, char *const *specs, size_t n, kc_pf_port **ret,
			  kc_error *err)
{
	kc_pf_port *out = xcalloc(n + 1, sizeof(*out));
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		char local[64], remote[64];
		split_port(specs[i], local, remote, sizeof(remote));
		long num = 0, target = 0;
		if (!remote[0]) {
			rc = kc_error_set(err, -EINVAL, "remote port cannot be empty");
			break;
		}
		/* a named remote port, then the UDP check on what it names */
		if (all_digits(remote))
			num = strtol(remote, NULL, 10);
		else if (svc)
			rc = service_port_by_name(svc, remote, &num, err);
		else
			rc = container_port_by_name(pod, remote, &num, err);
		if (rc == 0)
			rc = check_udp(svc ? svc : pod, svc != NULL, remote, num, err);
		if (rc < 0)
			break;
		if (svc) {
			if (!all_digits(remote) && streq(local, remote))
				snprintf(local, sizeof(local), "%ld", num);
			rc = service_target(svc, pod, num, &target, err);
			if (rc < 0)
				break;
			char t[32];
			snprintf(t, sizeof(t), "%ld", target);
			/* "local:target", or just "target" when they agree */
			if (streq(local, t))
				snprintf(local, sizeof(local), "%s", t);
		} else {
			target = num;
			if (streq(local, remote))
				snprintf(local, sizeof(local), "%ld", target);
		}
		/* the local side is parsed later, as client-go does */
		snprintf(out[i].local_text, sizeof(out[i].local_text), "%s", local);
		if (target <= 0 || target > 65535) {
			rc = kc_error_set(err, -EINVAL, "remote port must be > 0");
			break;
		}
		out[i].remote = (int)target;
	}
	if (rc < 0) {
		free(out);
		return rc;
	}
	*ret = out;
	return 0;
}

/* ---- relaying ---- */

typedef struct listener {
	int fd;
	int port_index;
} listener;

typedef struct conn {
	int local;
	kc_ws *ws;
	int remote;
	int seen[2]; /* the port-number preamble of channels 0 and 1 seen */
} conn;

static int listen_on(const char *addr, int port, int *ret_port, char **ret_err)
{
	bool v6 = strchr(addr, ':') != NULL;
	int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	int rc;
	if (v6) {
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		struct sockaddr_in6 sa = {.sin6_family = AF_INET6, .sin6_port = htons((uint16_t)port)};
		inet_pton(AF_INET6, addr, &sa.sin6_addr);
		rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	} else {
		struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
		inet_pton(AF_INET, addr, &sa.sin_addr);
		rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	}
	if (rc < 0 || listen(fd, 128) < 0) {
		int e = errno;
		*ret_err = xasprintf("unable to create listener: Error listen %s %s%s%s:%d: bind: %s", v6 ? "tcp6" : "tcp4",
				     v6 ? "[" : "", addr, v6 ? "]" : "", port, strerror(e));
		close(fd);
		return -e;
	}
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	getsockname(fd, (struct sockaddr *)&ss, &sl);
	*ret_port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
						   : ((struct sockaddr_in *)&ss)->sin_port);
	return fd;
}

static void conn_close(conn *c)
{
	if (c->local >= 0)
		close(c->local);
	kc_ws_close(c->ws);
	c->local = -1;
	c->ws = NULL;
}

/* Moves what the WebSocket has for the local side; false when done. */
static bool from_remote(kc_ctx *ctx, conn *c, kc_buf *msg)
{
	int r = kc_ws_recv(c->ws, msg);
	if (r <= 0)
		return false;
	if (msg->len == 0)
		return true;
	unsigned char chan = (unsigned char)msg->s[0];
	if (chan > 1)
		return true;
	const char *data = msg->s + 1;
	size_t len = msg->len - 1;
	if (!c->seen[chan]) {
		/* the port number each channel starts with */
		c->seen[chan] = 1;
		if (len < 2)
			return true;
		data += 2;
		len -= 2;
	}
	if (!len)
		return true;
	if (chan == 1) {
		fflush(ctx->out);
		fprintf(ctx->err, "an error occurred forwarding %d: %.*s\n", c->remote, (int)len, data);
		return false;
	}
	while (len > 0) {
		ssize_t w = send(c->local, data, len, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		data += w;
		len -= (size_t)w;
	}
	return true;
}

static bool from_local(conn *c)
{
	char buf[16384];
	buf[0] = 0;
	ssize_t n = recv(c->local, buf + 1, sizeof(buf) - 1, 0);
	if (n < 0 && errno == EINTR)
		return true;
	if (n <= 0)
		return false;
	return kc_ws_send(c->ws, buf, (size_t)n + 1) == 0;
}

static int relay(kc_ctx *ctx, const char *pod_path, listener *ls, size_t nls, const kc_pf_port *ports)
{
	conn *cs = NULL;
	size_t ncs = 0;
	sigset_t stop, old;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, &old);
	int sfd = signalfd(-1, &stop, SFD_CLOEXEC);
	_cleanup_buf_ kc_buf msg = KC_BUF_INIT;
	static const char *const protocols[] = {"v4.channel.k8s.io", NULL};
	int rc = 0;
	for (;;) {
		size_t np = 1 + nls + 2 * ncs;
		struct pollfd *p = xcalloc(np, sizeof(*p));
		p[0] = (struct pollfd){.fd = sfd, .events = POLLIN};
		for (size_t i = 0; i < nls; i++)
			p[1 + i] = (struct pollfd){.fd = ls[i].fd, .events = POLLIN};
		for (size_t i = 0; i < ncs; i++) {
			p[1 + nls + 2 * i] = (struct pollfd){.fd = cs[i].local, .events = POLLIN};
			p[2 + nls + 2 * i] = (struct pollfd){.fd = kc_ws_fd(cs[i].ws), .events = POLLIN};
		}
		bool buffered = false;
		for (size_t i = 0; i < ncs; i++)
			buffered |= kc_ws_buffered(cs[i].ws);
		int r = poll(p, (nfds_t)np, buffered ? 0 : -1);
		if (r < 0 && errno != EINTR) {
			free(p);
			break;
		}
		if (p[0].revents & POLLIN) {
			free(p);
			break;
		}
		for (size_t i = 0; i < ncs; i++) {
			bool ok = true;
			if (p[1 + nls + 2 * i].revents & (POLLIN | POLLHUP | POLLERR))
				ok = from_local(&cs[i]);
			if (ok && (kc_ws_buffered(cs[i].ws) || (p[2 + nls + 2 * i].revents & (POLLIN | POLLHUP | POLLERR))))
				ok = from_remote(ctx, &cs[i], &msg);
			if (!ok)
				conn_close(&cs[i]);
		}
		for (size_t i = 0; i < nls; i++) {
			if (!(p[1 + i].revents & POLLIN))
				continue;
			int fd = accept4(ls[i].fd, NULL, NULL, SOCK_CLOEXEC);
			if (fd < 0)
				continue;
			const kc_pf_port *port = &ports[ls[i].port_index];
			fprintf(ctx->out, "Handling connection for %d\n", port->local);
			fflush(ctx->out);
			_cleanup_free_ char *path = xasprintf("%s?ports=%d", pod_path, port->remote);
			char *err = NULL;
			kc_ws *ws = kc_ws_open(ctx, path, protocols, &err);
			if (!ws) {
				fflush(ctx->out);
				fprintf(ctx->err, "an error occurred forwarding %d -> %d: %s\n", port->local, port->remote,
					err ? err : "unable to connect");
				free(err);
				close(fd);
				continue;
			}
			cs = xrealloc(cs, (ncs + 1) * sizeof(*cs));
			cs[ncs++] = (conn){.local = fd, .ws = ws, .remote = port->remote};
		}
		free(p);
		/* drop closed connections */
		size_t k = 0;
		for (size_t i = 0; i < ncs; i++)
			if (cs[i].ws)
				cs[k++] = cs[i];
		ncs = k;
	}
	for (size_t i = 0; i < ncs; i++)
		conn_close(&cs[i]);
	free(cs);
	close(sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}

int kc_port_forward_local(kc_pf_port *p, kc_error *err)
{
	const char *local = p->local_text;
	if (!local[0]) {
		p->local = 0;
		return 0;
	}
	char *end = NULL;
	errno = 0;
	unsigned long v = strtoul(local, &end, 10);
	if (!all_digits(local) || errno || v > 65535)
		return kc_error_set(err, -EINVAL, "error parsing local port '%s': strconv.ParseUint: parsing \"%s\": %s",
				    local, local, all_digits(local) ? "value out of range" : "invalid syntax");
	p->local = (int)v;
	return 0;
}

int cmd_port_forward(kc_ctx *ctx, int argc, char **argv)
{
	kc_flags_list addresses = {0};
	int64_t timeout = 60 * KC_DURATION_SEC;
	kc_flag own[] = {
		KC_FLAG_STRING_SLICE("address", 0, &addresses, "localhost",
				     "Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a "
				     "value. When localhost is supplied, kubectl will try to bind on both 127.0.0.1 and ::1 "
				     "and will fail if neither of these addresses are available to bind."),
		KC_FLAG_DURATION("pod-running-timeout", 0, &timeout, "1m0s",
				 "The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod "
				 "is running"),
		KC_FLAG_END,
	};
	kc_flag *tables[] = {own, ctx->table, NULL};
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	cJSON *pod = NULL, *obj = NULL;
	kc_pf_port *ports = NULL;
	listener *ls = NULL;
	size_t nls = 0;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	if (rc == KC_FLAGS_HELP) {
		kc_usage(ctx, "port-forward",
			 "kc port-forward TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]",
			 "Forward one or more local ports to a pod.\n\n"
			 " Use resource type/name such as deployment/mydeployment to select a pod. Resource type defaults "
			 "to 'pod' if omitted.\n\n"
			 " If there are multiple pods matching the criteria, a pod will be selected automatically. The "
			 "forwarding session ends when the selected pod terminates, and a rerun of the command is needed "
			 "to resume forwarding.",
			 "# Listen on ports 5000 and 6000 locally, forwarding data to/from ports 5000 and 6000 in the pod\n"
			 "kc port-forward pod/mypod 5000 6000\n\n"
			 "# Listen on ports 5000 and 6000 locally, forwarding data to/from ports 5000 and 6000 in a pod "
			 "selected by the deployment\n"
			 "kc port-forward deployment/mydeployment 5000 6000\n\n"
			 "# Listen on port 8443 locally, forwarding to the targetPort of the service's port named "
			 "\"https\" in a pod selected by the service\n"
			 "kc port-forward service/myservice 8443:https\n\n"
			 "# Listen on port 8888 locally, forwarding to 5000 in the pod\n"
			 "kc port-forward pod/mypod 8888:5000\n\n"
			 "# Listen on port 8888 on all addresses, forwarding to 5000 in the pod\n"
			 "kc port-forward --address 0.0.0.0 pod/mypod 8888:5000\n\n"
			 "# Listen on port 8888 on localhost and selected IP, forwarding to 5000 in the pod\n"
			 "kc port-forward --address localhost,10.19.21.23 pod/mypod 8888:5000\n\n"
			 "# Listen on a random port locally, forwarding to 5000 in the pod\n"
			 "kc port-forward pod/mypod :5000",
			 tables);
		rc = 0;
		goto out;
	}
	if (rc < 0) {
		rc = kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	rc = 1;
	if (args.n < 2) {
		fputs("error: TYPE/NAME and list of ports are required for port-forward\nSee 'kc port-forward -h' for "
		      "help and examples\n",
		      ctx->err);
		goto out;
	}
	pod = kc_attachable_pod(ctx, NULL, args.args[0], timeout, "attach", &obj);
	if (!pod)
		goto out;
	bool is_svc = streq(kc_json_get_str(obj, "kind", ""), "Service");
	if (kc_port_forward_ports(is_svc ? obj : NULL, pod, args.args + 1, (size_t)args.n - 1, &ports, &err) < 0) {
		kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	/* RunPortForward: the pod as it is now must be running */
	const kc_resource *pods = kc_resource_find("", "v1", "pods");
	char *pod_path = kc_path(pods, kc_json_get_str(pod, "metadata.namespace", ""),
				 kc_json_get_str(pod, "metadata.name", ""), NULL);
	kc_response resp;
	int q = kc_request(ctx, "GET", pod_path, NULL, NULL, &resp);
	free(pod_path);
	if (q < 0 || resp.status != 200) {
		kc_fail_response(ctx, &resp, NULL);
		kc_response_clear(&resp);
		goto out;
	}
	const char *phase = kc_json_get_str(resp.body, "status.phase", "");
	if (!streq(phase, "Running")) {
		kc_fail(ctx, "unable to forward port because pod is not running. Current status=%s", phase);
		kc_response_clear(&resp);
		goto out;
	}
	kc_response_clear(&resp);
	size_t nports = (size_t)args.n - 1;
	for (size_t pi = 0; pi < nports; pi++)
		if (kc_port_forward_local(&ports[pi], &err) < 0) {
			kc_fail(ctx, "%s", err.msg);
			goto out;
		}
	/* listeners: "localhost" is 127.0.0.1 and ::1 */
	for (size_t pi = 0; pi < nports; pi++) {
		_cleanup_buf_ kc_buf errors = KC_BUF_INIT;
		int bound = 0, local = ports[pi].local;
		for (size_t a = 0; a < addresses.n; a++) {
			const char *addr = addresses.items[a];
			const char *list[2] = {addr, NULL};
			if (streq(addr, "localhost")) {
				list[0] = "127.0.0.1";
				list[1] = "::1";
			}
			for (int k = 0; k < 2 && list[k]; k++) {
				char *e = NULL;
				int actual = 0;
				int fd = listen_on(list[k], local, &actual, &e);
				if (fd < 0) {
					kc_buf_addf(&errors, "%s%s", errors.len ? " " : "", e);
					free(e);
					continue;
				}
				if (local == 0)
					local = actual;
				ports[pi].local = local;
				ls = xrealloc(ls, (nls + 1) * sizeof(*ls));
				ls[nls++] = (listener){.fd = fd, .port_index = (int)pi};
				bool v6 = strchr(list[k], ':') != NULL;
				fprintf(ctx->out, "Forwarding from %s%s%s:%d -> %d\n", v6 ? "[" : "", list[k], v6 ? "]" : "",
					local, ports[pi].remote);
				bound++;
			}
		}
		if (!bound) {
			fflush(ctx->out);
			fprintf(ctx->err, "Unable to listen on port %d: Listeners failed to create with the following "
					  "errors: [%s]\n",
				ports[pi].local, errors.s ? errors.s : "");
		}
	}
	fflush(ctx->out);
	if (!nls) {
		_cleanup_buf_ kc_buf want = KC_BUF_INIT;
		for (size_t pi = 0; pi < nports; pi++)
			kc_buf_addf(&want, "%s{%d %d}", pi ? " " : "", ports[pi].local, ports[pi].remote);
		kc_fail(ctx, "unable to listen on any of the requested ports: [%s]", want.s);
		goto out;
	}
	const kc_resource *pr = kc_resource_find("", "v1", "pods");
	char *pf_path = kc_path(pr, kc_json_get_str(pod, "metadata.namespace", ""), kc_json_get_str(pod, "metadata.name", ""),
				"portforward");
	rc = relay(ctx, pf_path, ls, nls, ports);
	free(pf_path);
out:
	for (size_t i = 0; i < nls; i++)
		close(ls[i].fd);
	free(ls);
	free(ports);
	cJSON_Delete(pod);
	cJSON_Delete(obj);
	free(args.args);
	kc_flags_release(tables);
	return rc;
}
