/* test_ctl_create_cases.h - generated: what kubectl 1.32 printed for each
 * command line (run in tests/fixtures/create; "kubectl" in its help hints
 * turned into "kc"). Do not edit by hand. */
static const struct create_case {
	const char *args[24];
	const char *out, *err;
	int rc;
} create_cases[] = {
	{{"create", "namespace", "ns1", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "kind: Namespace\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: ns1\n"
	     "spec: {}\n"
	     "status: {}\n",
	     "",
	     0},
	{{"create", "namespace", "ns1", "--dry-run=client", "-o", "json", NULL},
	     "{\n"
	     "    \"kind\": \"Namespace\",\n"
	     "    \"apiVersion\": \"v1\",\n"
	     "    \"metadata\": {\n"
	     "        \"name\": \"ns1\",\n"
	     "        \"creationTimestamp\": null\n"
	     "    },\n"
	     "    \"spec\": {},\n"
	     "    \"status\": {}\n"
	     "}\n",
	     "",
	     0},
	{{"create", "namespace", "ns1", "--dry-run=client", NULL},
	     "namespace/ns1 created (dry run)\n",
	     "",
	     0},
	{{"create", "ns", "ns1", "--dry-run=client", "-o", "name", NULL},
	     "namespace/ns1\n",
	     "",
	     0},
	{{"create", "namespace", "--dry-run=client", NULL},
	     "",
	     "error: exactly one NAME is required, got 0\n"
	     "See 'kc create namespace -h' for help and examples\n",
	     1},
	{{"create", "namespace", "a", "b", "--dry-run=client", NULL},
	     "",
	     "error: exactly one NAME is required, got 2\n"
	     "See 'kc create namespace -h' for help and examples\n",
	     1},
	{{"create", "deployment", "web", "--image=nginx", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: apps/v1\n"
	     "kind: Deployment\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  labels:\n"
	     "    app: web\n"
	     "  name: web\n"
	     "spec:\n"
	     "  replicas: 1\n"
	     "  selector:\n"
	     "    matchLabels:\n"
	     "      app: web\n"
	     "  strategy: {}\n"
	     "  template:\n"
	     "    metadata:\n"
	     "      creationTimestamp: null\n"
	     "      labels:\n"
	     "        app: web\n"
	     "    spec:\n"
	     "      containers:\n"
	     "      - image: nginx\n"
	     "        name: nginx\n"
	     "        resources: {}\n"
	     "status: {}\n",
	     "",
	     0},
	{{"create", "deployment", "web", "--image=nginx", "--image=busybox:1.36", "--image=reg.io:5000/team/app@sha256:abc", "--replicas=3", "--port=8080", "--dry-run=client", "-o", "json", NULL},
	     "{\n"
	     "    \"kind\": \"Deployment\",\n"
	     "    \"apiVersion\": \"apps/v1\",\n"
	     "    \"metadata\": {\n"
	     "        \"name\": \"web\",\n"
	     "        \"creationTimestamp\": null,\n"
	     "        \"labels\": {\n"
	     "            \"app\": \"web\"\n"
	     "        }\n"
	     "    },\n"
	     "    \"spec\": {\n"
	     "        \"replicas\": 3,\n"
	     "        \"selector\": {\n"
	     "            \"matchLabels\": {\n"
	     "                \"app\": \"web\"\n"
	     "            }\n"
	     "        },\n"
	     "        \"template\": {\n"
	     "            \"metadata\": {\n"
	     "                \"creationTimestamp\": null,\n"
	     "                \"labels\": {\n"
	     "                    \"app\": \"web\"\n"
	     "                }\n"
	     "            },\n"
	     "            \"spec\": {\n"
	     "                \"containers\": [\n"
	     "                    {\n"
	     "                        \"name\": \"nginx\",\n"
	     "                        \"image\": \"nginx\",\n"
	     "                        \"ports\": [\n"
	     "                            {\n"
	     "                                \"containerPort\": 8080\n"
	     "                            }\n"
	     "                        ],\n"
	     "                        \"resources\": {}\n"
	     "                    },\n"
	     "                    {\n"
	     "                        \"name\": \"busybox\",\n"
	     "                        \"image\": \"busybox:1.36\",\n"
	     "                        \"resources\": {}\n"
	     "                    },\n"
	     "                    {\n"
	     "                        \"name\": \"app\",\n"
	     "                        \"image\": \"reg.io:5000/team/app@sha256:abc\",\n"
	     "                        \"resources\": {}\n"
	     "                    }\n"
	     "                ]\n"
	     "            }\n"
	     "        },\n"
	     "        \"strategy\": {}\n"
	     "    },\n"
	     "    \"status\": {}\n"
	     "}\n",
	     "",
	     0},
	{{"create", "deployment", "web", "--image=nginx", "--port=80", "--dry-run=client", "-o", "yaml", "--", "nginx", "-g", "daemon off;", NULL},
	     "apiVersion: apps/v1\n"
	     "kind: Deployment\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  labels:\n"
	     "    app: web\n"
	     "  name: web\n"
	     "spec:\n"
	     "  replicas: 1\n"
	     "  selector:\n"
	     "    matchLabels:\n"
	     "      app: web\n"
	     "  strategy: {}\n"
	     "  template:\n"
	     "    metadata:\n"
	     "      creationTimestamp: null\n"
	     "      labels:\n"
	     "        app: web\n"
	     "    spec:\n"
	     "      containers:\n"
	     "      - command:\n"
	     "        - nginx\n"
	     "        - -g\n"
	     "        - daemon off;\n"
	     "        image: nginx\n"
	     "        name: nginx\n"
	     "        ports:\n"
	     "        - containerPort: 80\n"
	     "        resources: {}\n"
	     "status: {}\n",
	     "",
	     0},
	{{"create", "deployment", "web", "--image=nginx", "--image=redis", "--dry-run=client", "-o", "yaml", "--", "sleep", "1", NULL},
	     "",
	     "error: cannot specify multiple --image options and command\n",
	     1},
	{{"create", "deployment", "web", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: required flag(s) \"image\" not set\n",
	     1},
	{{"create", "deploy", "web", "--image=nginx", "-n", "team", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: apps/v1\n"
	     "kind: Deployment\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  labels:\n"
	     "    app: web\n"
	     "  name: web\n"
	     "  namespace: team\n"
	     "spec:\n"
	     "  replicas: 1\n"
	     "  selector:\n"
	     "    matchLabels:\n"
	     "      app: web\n"
	     "  strategy: {}\n"
	     "  template:\n"
	     "    metadata:\n"
	     "      creationTimestamp: null\n"
	     "      labels:\n"
	     "        app: web\n"
	     "    spec:\n"
	     "      containers:\n"
	     "      - image: nginx\n"
	     "        name: nginx\n"
	     "        resources: {}\n"
	     "status: {}\n",
	     "",
	     0},
	{{"create", "deployment", "web", "--image=nginx", "--replicas=x", "--dry-run=client", NULL},
	     "",
	     "error: invalid argument \"x\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"x\": inva"
	     "lid syntax\n"
	     "See 'kc create deployment --help' for usage.\n",
	     1},
	{{"create", "deployment", "web", "--image=nginx", "--dry-run=client", "--save-config", "-o", "yaml", NULL},
	     "apiVersion: apps/v1\n"
	     "kind: Deployment\n"
	     "metadata:\n"
	     "  annotations:\n"
	     "    kubectl.kubernetes.io/last-applied-configuration: |\n"
	     "      {\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"web\",\"creat"
	     "ionTimestamp\":null,\"labels\":{\"app\":\"web\"}},\"spec\":{\"replicas\":1,\"selector\":{\"match"
	     "Labels\":{\"app\":\"web\"}},\"template\":{\"metadata\":{\"creationTimestamp\":null,\"labels\":{\""
	     "app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx\",\"resources\":"
	     "{}}]}},\"strategy\":{}},\"status\":{}}\n"
	     "  creationTimestamp: null\n"
	     "  labels:\n"
	     "    app: web\n"
	     "  name: web\n"
	     "spec:\n"
	     "  replicas: 1\n"
	     "  selector:\n"
	     "    matchLabels:\n"
	     "      app: web\n"
	     "  strategy: {}\n"
	     "  template:\n"
	     "    metadata:\n"
	     "      creationTimestamp: null\n"
	     "      labels:\n"
	     "        app: web\n"
	     "    spec:\n"
	     "      containers:\n"
	     "      - image: nginx\n"
	     "        name: nginx\n"
	     "        resources: {}\n"
	     "status: {}\n",
	     "",
	     0},
	{{"create", "service", "clusterip", "my-cs", "--tcp=5678:8080", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "kind: Service\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  labels:\n"
	     "    app: my-cs\n"
	     "  name: my-cs\n"
	     "spec:\n"
	     "  ports:\n"
	     "  - name: 5678-8080\n"
	     "    port: 5678\n"
	     "    protocol: TCP\n"
	     "    targetPort: 8080\n"
	     "  selector:\n"
	     "    app: my-cs\n"
	     "  type: ClusterIP\n"
	     "status:\n"
	     "  loadBalancer: {}\n",
	     "",
	     0},
	{{"create", "service", "clusterip", "my-cs", "--tcp=5678:8080,443", "--tcp=53:dns", "--dry-run=client", "-o", "json", NULL},
	     "{\n"
	     "    \"kind\": \"Service\",\n"
	     "    \"apiVersion\": \"v1\",\n"
	     "    \"metadata\": {\n"
	     "        \"name\": \"my-cs\",\n"
	     "        \"creationTimestamp\": null,\n"
	     "        \"labels\": {\n"
	     "            \"app\": \"my-cs\"\n"
	     "        }\n"
	     "    },\n"
	     "    \"spec\": {\n"
	     "        \"ports\": [\n"
	     "            {\n"
	     "                \"name\": \"5678-8080\",\n"
	     "                \"protocol\": \"TCP\",\n"
	     "                \"port\": 5678,\n"
	     "                \"targetPort\": 8080\n"
	     "            },\n"
	     "            {\n"
	     "                \"name\": \"443\",\n"
	     "                \"protocol\": \"TCP\",\n"
	     "                \"port\": 443,\n"
	     "                \"targetPort\": 443\n"
	     "            },\n"
	     "            {\n"
	     "                \"name\": \"53-dns\",\n"
	     "                \"protocol\": \"TCP\",\n"
	     "                \"port\": 53,\n"
	     "                \"targetPort\": \"dns\"\n"
	     "            }\n"
	     "        ],\n"
	     "        \"selector\": {\n"
	     "            \"app\": \"my-cs\"\n"
	     "        },\n"
	     "        \"type\": \"ClusterIP\"\n"
	     "    },\n"
	     "    \"status\": {\n"
	     "        \"loadBalancer\": {}\n"
	     "    }\n"
	     "}\n",
	     "",
	     0},
	{{"create", "service", "clusterip", "my-cs", "--clusterip=None", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "kind: Service\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  labels:\n"
	     "    app: my-cs\n"
	     "  name: my-cs\n"
	     "spec:\n"
	     "  clusterIP: None\n"
	     "  selector:\n"
	     "    app: my-cs\n"
	     "  type: ClusterIP\n"
	     "status:\n"
	     "  loadBalancer: {}\n",
	     "",
	     0},
	{{"create", "service", "clusterip", "my-cs", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: at least one tcp port specifier must be provided\n",
	     1},
	{{"create", "service", "clusterip", "my-cs", "--tcp=99999", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: strconv.ParseUint: parsing \"99999\": value out of range\n",
	     1},
	{{"create", "service", "clusterip", "my-cs", "--tcp=80:99999", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: must be between 1 and 65535, inclusive\n",
	     1},
	{{"create", "service", "clusterip", "my-cs", "--tcp=80:Bad_Name", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)\n",
	     1},
	{{"create", "service", "clusterip", "my-cs", "--tcp=x", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: strconv.ParseUint: parsing \"x\": invalid syntax\n",
	     1},
	{{"create", "service", "nodeport", "my-ns", "--tcp=5678:8080", "--node-port=30080", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "kind: Service\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  labels:\n"
	     "    app: my-ns\n"
	     "  name: my-ns\n"
	     "spec:\n"
	     "  ports:\n"
	     "  - name: 5678-8080\n"
	     "    nodePort: 30080\n"
	     "    port: 5678\n"
	     "    protocol: TCP\n"
	     "    targetPort: 8080\n"
	     "  selector:\n"
	     "    app: my-ns\n"
	     "  type: NodePort\n"
	     "status:\n"
	     "  loadBalancer: {}\n",
	     "",
	     0},
	{{"create", "service", "nodeport", "my-ns", "--tcp=5678:8080", "--dry-run=client", "-o", "json", NULL},
	     "{\n"
	     "    \"kind\": \"Service\",\n"
	     "    \"apiVersion\": \"v1\",\n"
	     "    \"metadata\": {\n"
	     "        \"name\": \"my-ns\",\n"
	     "        \"creationTimestamp\": null,\n"
	     "        \"labels\": {\n"
	     "            \"app\": \"my-ns\"\n"
	     "        }\n"
	     "    },\n"
	     "    \"spec\": {\n"
	     "        \"ports\": [\n"
	     "            {\n"
	     "                \"name\": \"5678-8080\",\n"
	     "                \"protocol\": \"TCP\",\n"
	     "                \"port\": 5678,\n"
	     "                \"targetPort\": 8080\n"
	     "            }\n"
	     "        ],\n"
	     "        \"selector\": {\n"
	     "            \"app\": \"my-ns\"\n"
	     "        },\n"
	     "        \"type\": \"NodePort\"\n"
	     "    },\n"
	     "    \"status\": {\n"
	     "        \"loadBalancer\": {}\n"
	     "    }\n"
	     "}\n",
	     "",
	     0},
	{{"create", "service", "nodeport", "my-ns", "--clusterip=None", "--tcp=80", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: unknown flag: --clusterip\n"
	     "See 'kc create service nodeport --help' for usage.\n",
	     1},
	{{"create", "service", "loadbalancer", "my-lbs", "--tcp=5678:8080", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "kind: Service\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  labels:\n"
	     "    app: my-lbs\n"
	     "  name: my-lbs\n"
	     "spec:\n"
	     "  ports:\n"
	     "  - name: 5678-8080\n"
	     "    port: 5678\n"
	     "    protocol: TCP\n"
	     "    targetPort: 8080\n"
	     "  selector:\n"
	     "    app: my-lbs\n"
	     "  type: LoadBalancer\n"
	     "status:\n"
	     "  loadBalancer: {}\n",
	     "",
	     0},
	{{"create", "service", "externalname", "my-ns", "--external-name", "bar.com", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "kind: Service\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  labels:\n"
	     "    app: my-ns\n"
	     "  name: my-ns\n"
	     "spec:\n"
	     "  externalName: bar.com\n"
	     "  selector:\n"
	     "    app: my-ns\n"
	     "  type: ExternalName\n"
	     "status:\n"
	     "  loadBalancer: {}\n",
	     "",
	     0},
	{{"create", "service", "externalname", "my-ns", "--external-name", "bar.com", "--tcp=80", "--dry-run=client", "-o", "json", NULL},
	     "{\n"
	     "    \"kind\": \"Service\",\n"
	     "    \"apiVersion\": \"v1\",\n"
	     "    \"metadata\": {\n"
	     "        \"name\": \"my-ns\",\n"
	     "        \"creationTimestamp\": null,\n"
	     "        \"labels\": {\n"
	     "            \"app\": \"my-ns\"\n"
	     "        }\n"
	     "    },\n"
	     "    \"spec\": {\n"
	     "        \"ports\": [\n"
	     "            {\n"
	     "                \"name\": \"80\",\n"
	     "                \"protocol\": \"TCP\",\n"
	     "                \"port\": 80,\n"
	     "                \"targetPort\": 80\n"
	     "            }\n"
	     "        ],\n"
	     "        \"selector\": {\n"
	     "            \"app\": \"my-ns\"\n"
	     "        },\n"
	     "        \"type\": \"ExternalName\",\n"
	     "        \"externalName\": \"bar.com\"\n"
	     "    },\n"
	     "    \"status\": {\n"
	     "        \"loadBalancer\": {}\n"
	     "    }\n"
	     "}\n",
	     "",
	     0},
	{{"create", "service", "externalname", "my-ns", "--external-name", "Bad_Name", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: invalid service external name Bad_Name\n",
	     1},
	{{"create", "service", "externalname", "my-ns", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: required flag(s) \"external-name\" not set\n",
	     1},
	{{"create", "svc", "clusterip", "my-cs", "--tcp=80", "--dry-run=client", NULL},
	     "service/my-cs created (dry run)\n",
	     "",
	     0},
	{{"create", "service", "foo", "x", "--dry-run=client", NULL},
	     "",
	     "error: unknown flag: --dry-run\n"
	     "See 'kc create service --help' for usage.\n",
	     1},
	{{"create", "configmap", "cfg", "--from-literal=a=1", "--from-literal=b=x=y", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "data:\n"
	     "  a: \"1\"\n"
	     "  b: x=y\n"
	     "kind: ConfigMap\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: cfg\n",
	     "",
	     0},
	{{"create", "configmap", "cfg", "--from-file=a.txt", "--from-file=key=b.txt", "--dry-run=client", "-o", "json", NULL},
	     "{\n"
	     "    \"kind\": \"ConfigMap\",\n"
	     "    \"apiVersion\": \"v1\",\n"
	     "    \"metadata\": {\n"
	     "        \"name\": \"cfg\",\n"
	     "        \"creationTimestamp\": null\n"
	     "    },\n"
	     "    \"data\": {\n"
	     "        \"a.txt\": \"hello\\nworld\\n\",\n"
	     "        \"key\": \"second\"\n"
	     "    }\n"
	     "}\n",
	     "",
	     0},
	{{"create", "configmap", "cfg", "--from-file=dir", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "data:\n"
	     "  x: x\n"
	     "  \"y\": |\n"
	     "    y\n"
	     "kind: ConfigMap\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: cfg\n",
	     "",
	     0},
	{{"create", "configmap", "cfg", "--from-file=bin.dat", "--from-literal=t=1", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "binaryData:\n"
	     "  bin.dat: AAEC/w==\n"
	     "data:\n"
	     "  t: \"1\"\n"
	     "kind: ConfigMap\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: cfg\n",
	     "",
	     0},
	{{"create", "configmap", "cfg", "--from-env-file=app.env", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "data:\n"
	     "  EMPTY: \"\"\n"
	     "  LEVEL: \"3\"\n"
	     "  MODE: fast\n"
	     "  QUOTED: '\"a b\"'\n"
	     "kind: ConfigMap\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: cfg\n",
	     "",
	     0},
	{{"create", "configmap", "cfg", "--from-env-file=bad.env", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: \"bad key\" is not a valid key name: a valid environment variable name must consist of al"
	     "phabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-nam"
	     "e',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]"
	     "*')\n",
	     1},
	{{"create", "configmap", "cfg", "--from-env-file=app.env", "--from-literal=a=1", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: from-env-file cannot be combined with from-file or from-literal\n",
	     1},
	{{"create", "configmap", "cfg", "--from-literal=a", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: invalid literal source a, expected key=value\n",
	     1},
	{{"create", "configmap", "cfg", "--from-literal==a", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: invalid literal source =a, expected key=value\n",
	     1},
	{{"create", "configmap", "cfg", "--from-literal=a=1", "--from-literal=a=2", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: cannot add key \"a\", another key by that name already exists in Data for ConfigMap \"cfg"
	     "\"\n",
	     1},
	{{"create", "configmap", "cfg", "--from-literal=a/b=1", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: \"a/b\" is not a valid key name for a ConfigMap: a valid config key must consist of alpha"
	     "numeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used"
	     " for validation is '[-._a-zA-Z0-9]+')\n",
	     1},
	{{"create", "configmap", "cfg", "--from-file=nope.txt", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: error reading nope.txt: no such file or directory\n",
	     1},
	{{"create", "configmap", "cfg", "--from-file=k=dir", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: cannot give a key name for a directory path\n",
	     1},
	{{"create", "configmap", "cfg", "--from-file==a.txt", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: key name for file path a.txt missing\n",
	     1},
	{{"create", "configmap", "cfg", "--from-file=k=", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: file path for key name k missing\n",
	     1},
	{{"create", "configmap", "cfg", "--from-file=a=b=c", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: key names or file paths cannot contain '='\n",
	     1},
	{{"create", "configmap", "cfg", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "kind: ConfigMap\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: cfg\n",
	     "",
	     0},
	{{"create", "configmap", "cfg", "--from-literal=a=1", "--append-hash", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "data:\n"
	     "  a: \"1\"\n"
	     "kind: ConfigMap\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: cfg-ctbg988m74\n",
	     "",
	     0},
	{{"create", "configmap", "cfg", "--from-file=bin.dat", "--from-literal=a=1", "--append-hash", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "binaryData:\n"
	     "  bin.dat: AAEC/w==\n"
	     "data:\n"
	     "  a: \"1\"\n"
	     "kind: ConfigMap\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: cfg-m5ccc4d479\n",
	     "",
	     0},
	{{"create", "cm", "cfg", "--from-literal=a=1", "--dry-run=client", NULL},
	     "configmap/cfg created (dry run)\n",
	     "",
	     0},
	{{"create", "secret", "generic", "s1", "--from-literal=user=admin", "--from-literal=pass=s3cr=t", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "data:\n"
	     "  pass: czNjcj10\n"
	     "  user: YWRtaW4=\n"
	     "kind: Secret\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: s1\n",
	     "",
	     0},
	{{"create", "secret", "generic", "s1", "--from-file=a.txt", "--from-file=bin.dat", "--type=Opaque", "--dry-run=client", "-o", "json", NULL},
	     "{\n"
	     "    \"kind\": \"Secret\",\n"
	     "    \"apiVersion\": \"v1\",\n"
	     "    \"metadata\": {\n"
	     "        \"name\": \"s1\",\n"
	     "        \"creationTimestamp\": null\n"
	     "    },\n"
	     "    \"data\": {\n"
	     "        \"a.txt\": \"aGVsbG8Kd29ybGQK\",\n"
	     "        \"bin.dat\": \"AAEC/w==\"\n"
	     "    },\n"
	     "    \"type\": \"Opaque\"\n"
	     "}\n",
	     "",
	     0},
	{{"create", "secret", "generic", "s1", "--from-env-file=app.env", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "data:\n"
	     "  EMPTY: \"\"\n"
	     "  LEVEL: Mw==\n"
	     "  MODE: ZmFzdA==\n"
	     "  QUOTED: ImEgYiI=\n"
	     "kind: Secret\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: s1\n",
	     "",
	     0},
	{{"create", "secret", "generic", "s1", "--from-file=dir", "--type=example.com/custom", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "data:\n"
	     "  x: eA==\n"
	     "  \"y\": eQo=\n"
	     "kind: Secret\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: s1\n"
	     "type: example.com/custom\n",
	     "",
	     0},
	{{"create", "secret", "generic", "s1", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "kind: Secret\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: s1\n",
	     "",
	     0},
	{{"create", "secret", "generic", "s1", "--from-literal=a=1", "--from-literal=a=2", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: cannot add key a, another key by that name already exists\n",
	     1},
	{{"create", "secret", "generic", "s1", "--from-literal=a=1", "--append-hash", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "data:\n"
	     "  a: MQ==\n"
	     "kind: Secret\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: s1-6729ffk25f\n",
	     "",
	     0},
	{{"create", "secret", "generic", "s1", "--from-literal=a/b=1", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: \"a/b\" is not valid key name for a Secret a valid config key must consist of alphanumeri"
	     "c characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for v"
	     "alidation is '[-._a-zA-Z0-9]+')\n",
	     1},
	{{"create", "secret", "tls", "t1", "--cert=tls.crt", "--key=tls.key", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "data:\n"
	     "  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSURCekNDQWUrZ0F3SUJBZ0lVTEJ4bHJKb1RVbm1uOSttN"
	     "mdSMEdZc3hacXNnd0RRWUpLb1pJaHZjTkFRRUwKQlFBd0VqRVFNQTRHQTFVRUF3d0hhMk10ZEdWemREQWdGdzB5TmpFeE1qS"
	     "XdPRFF3TkRWYUdBOHlNVEkyTVRBeQpPVEE0TkRBME5Wb3dFakVRTUE0R0ExVUVBd3dIYTJNdGRHVnpkRENDQVNJd0RRWUpLb"
	     "1pJaHZjTkFRRUJCUUFECmdnRVBBRENDQVFvQ2dnRUJBTTN1b01oWGQ1WmhVQUQwSDVuYS9pNmtwL1dhKytPNEVvcVF0Wnh3O"
	     "G02eng3WVcKMzBCQ05FcGVIL2N6azZyU0NxaDg3QllnVU9PeW1SYm1mMGFZTU4vMlJPa0pIRCtFVDNuN1lvcnplQVphTE5Jb"
	     "ApxY1VldHEyaHRPY3AzMWczTXF2SUNSMnJ4bHZsb0gzSUtHYmdvQ2R2bGd1V1ZKcEFzbHg1NGgwa0FraHhqYVpvCkZEUGlTV"
	     "FVXc1UwSy9EeXhldWUxc2ZSM2NrMjBZNFN0TXJNTHRvUUVxdkZNVmo2ZEtzSmRTcjRBQktsUVRicEEKbG52MGVTM0FLRnNUV"
	     "2FTWG96RnpqWTFaV1lSVytRRUJCRnhqWGdKWjkyTXROUkpscEg1T0ZuUHZqQ0Z5NGhEdwptM3B2ajJQTHprRXNMYTlZVjdZd"
	     "Et6QkJSR1RQNkwxWXRkQm03bzhDQXdFQUFhTlRNRkV3SFFZRFZSME9CQllFCkZMb2tldjRLNUdVaWVEYzgwa1lSL3NvWFlZN"
	     "zNNQjhHQTFVZEl3UVlNQmFBRkxva2V2NEs1R1VpZURjODBrWVIKL3NvWFlZNzNNQThHQTFVZEV3RUIvd1FGTUFNQkFmOHdEU"
	     "VlKS29aSWh2Y05BUUVMQlFBRGdnRUJBTGdRZEV4WAo3WTl0eERNQ2FWNGI4RjAvbmdUU3FCdlRQTlpNRGp1L2R3b2lDdmlMd"
	     "G9HUzBobnVuMG1kN0s2ZzkyREwraWdwCnZkcFdsdlBzQUNWWnZCbkFWNnkvOGNoRlczVTVKU0Zqb1JnT2R1d2ZLNjlNVWhNU"
	     "1h1UTFuRXRDNitzbG9OVGQKNGxwaWxPUnVrQkhYOWxEYUxSOVFTZWZOS0NnMTJXS0N2ZDFISlZGdzdzZHlFa3BsNXgxd25yT"
	     "3AvVHFFVGpWRwpVU3dveVlNMHovdVA5TTh6djlaaXdCMWdCWXVBY2dpQTVEd1BIVDlzRE1sdW0vaHMvMng1WTFUSmRBZGp2T"
	     "jJQCjNSOUc3cDNOLzdSeHpWVDBWRHVMR0ZnMTB0YVRScUthQVNIeHoza3pqbUJYVEF0NllKVE9ucndnOVZNajJDSjUKeW0re"
	     "TNVTzUvMkFRUVB3PQotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==\n"
	     "  tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2UUlCQURBTkJna3Foa2lHOXcwQkFRRUZBQVNDQktjd"
	     "2dnU2pBZ0VBQW9JQkFRRE43cURJVjNlV1lWQUEKOUIrWjJ2NHVwS2YxbXZ2anVCS0trTFdjY1BKdXM4ZTJGdDlBUWpSS1hoL"
	     "zNNNU9xMGdxb2ZPd1dJRkRqc3BrVwo1bjlHbUREZjlrVHBDUncvaEU5NSsyS0s4M2dHV2l6U0phbkZIcmF0b2JUbktkOVlOe"
	     "ktyeUFrZHE4WmI1YUI5CnlDaG00S0FuYjVZTGxsU2FRTEpjZWVJZEpBSkljWTJtYUJRejRrazFGckZOQ3Z3OHNYcm50YkgwZ"
	     "DNKTnRHT0UKclRLekM3YUVCS3J4VEZZK25TckNYVXErQUFTcFVFMjZRSlo3OUhrdHdDaGJFMW1rbDZNeGM0Mk5XVm1FVnZrQ"
	     "gpBUVJjWTE0Q1dmZGpMVFVTWmFSK1RoWno3NHdoY3VJUThKdDZiNDlqeTg1QkxDMnZXRmUyTFNzd1FVUmt6K2k5CldMWFFad"
	     "TZQQWdNQkFBRUNnZ0VBQWw0ZmdCNHRWRS9MSFMreFcxSCt3U2VJZk5UcTEzdnF6cWdLUm9HdjcrRG0KUjJ3czVlNjg3aXYxM"
	     "3lBN0x1Z2FVa1NaYkVtejFHSmR5enNjTklJVWNjYkJsUkpUUGxHMW5qZnJNcURJL1AyMQpiVGNjcEJVTjBhSTkwN2lTQmxBZ"
	     "0o0UjF3bDhTdVVUREd4OGRnODFLV2htNDFtcEVqNzkxcllXRE9ZV0w5eXc5CnhNd3g5RHdQNzJlbDFYQUdVY1dxWXBOalg1b"
	     "3VZUC9HTmVhV1AySFZJSXRwcGxPelR1d2VTc1c5bHdkckdVYWoKRFRsdzdpQnBrR0VCQi94Skd0SER2dUpya3NmYjJsU2ErO"
	     "DFwMnoxOGpCcGI1NzYyUGg3WUQ5SVkvVkkzVjVUagpicmRTUDNieXo5U2x0MjhLZ1g1VDA5cmhsQ2ExQkt5Wm81VCtIelhZK"
	     "1FLQmdRRHhwVURwNGVlVmdtT0crQWNDCnVsZ3pGSHArWVhyVmdlbzZiR1JWc1Zhdk5oUzgzYlU5bDArT1ozRnBSYVVQNENyN"
	     "kpwSDNSenJla25PbTl1OXoKQUJ2L0p5aUFFbE5tNUdQaHphL1pOM0pXYXVzUnhFTDBOOHp1ZWsvb1FTTThuTWdCS0NRcTdmS"
	     "zhGMUthTlI3ZApBTzBFN3REeUNPR0xxOVoyZ3lHejBYSjRPUUtCZ1FEYUtrWldLK3dJL0dXZkxTU3NTUnM1SWt5M09zMjcwb"
	     "HpjClFKMFNCSkZhRXlXMnlUeUI3d1BRQ0xEN013czk3M1VPVU1FVjdNQ0JCczVSMUgwNVZlQXZIY1czU1VYeDRZajcKaXRaT"
	     "HRUZkUrSGFKMm9CQmx5Q01WeTFNemFjNC9tT0cxemNoK0VweTRxZm5FUStMUnE3UytMai9OejYxWFlyQQplalp0ekFETkJ3S"
	     "0JnUURxWm5hMWFPRVA4azlCR1U4VG9sYjBGYVZNK3BvQWllai9peTA0d3JGbmZIcFpTbWNJCnU4SDhUUE9DUG9DRENkd21rM"
	     "HQ4SnFoQVJxZlJDaS96eWVOZWVrbWJFaXU4MzBiVVBvV1ptMk5aMkpUMXd2OS8KanJGSGszWDN3VmZBOEFSQ3V3RjZjeDdHd"
	     "llqdTlTQmZHUXJSZ2lkRTRNQ0lqOE9WYWxaQzY2U3lZUUtCZ0hXaAovOFRzNzlzMGhITGNlMzZ0K0pESTdzYUpYVzhka1Zad"
	     "FBJUC9sSVFWK09yaS9NNHVtMGFydVFucFR2RjVVUXVECi9XaWQvSHBWdWgralRGWUMrTnRPMlZIbm4yQTV0SXUxSTdFMHFEc"
	     "DdvaWJZZXZsaXpIai9kSHlLRXRXSFRSRGkKc0dhUG8wem82NUdLd0cvZmo5cFBwQ2h3bUU1Z2ZyVWo4SDhwVlhFM0FvR0FJe"
	     "UxnUUVla2RNOG9WWmM4Q1ZXUAoyWFZXSUxXdGhJY1BBQ0RzVFEvTVcwTVpQQi9KaVJNdERFWHJuYURDUThVNzBsQWE4anh5V"
	     "VhURVZRTjRnbzQ4Cko2YVpIbzF3cnBCVVE0S0lvS0VrR0ZiSVlzMXgreXRKK1dkQjYwWjRETm9tbkVEai9QK0hrc09mdGFXN"
	     "3o3dWgKSUZXWXN6Y2ZROGxKeUhHSlF6eVN5MW89Ci0tLS0tRU5EIFBSSVZBVEUgS0VZLS0tLS0K\n"
	     "kind: Secret\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: t1\n"
	     "type: kubernetes.io/tls\n",
	     "",
	     0},
	{{"create", "secret", "tls", "t1", "--cert=tls.crt", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: key and cert must be specified\n",
	     1},
	{{"create", "secret", "tls", "t1", "--cert=nope.crt", "--key=tls.key", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: Cannot read file nope.crt, open nope.crt: no such file or directory\n",
	     1},
	{{"create", "secret", "tls", "t1", "--cert=tls.crt", "--key=other.key", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: tls: private key does not match public key\n",
	     1},
	{{"create", "secret", "tls", "t1", "--cert=a.txt", "--key=tls.key", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: tls: failed to find any PEM data in certificate input\n",
	     1},
	{{"create", "secret", "tls", "t1", "--cert=tls.crt", "--key=tls.key", "--append-hash", "--dry-run=client", "-o", "name", NULL},
	     "secret/t1-c5k2tkfd7c\n",
	     "",
	     0},
	{{"create", "secret", "foo", "x", "--dry-run=client", NULL},
	     "",
	     "error: unknown flag: --dry-run\n"
	     "See 'kc create secret --help' for usage.\n",
	     1},
	{{"create", "job", "j1", "--image=busybox", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: batch/v1\n"
	     "kind: Job\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: j1\n"
	     "spec:\n"
	     "  template:\n"
	     "    metadata:\n"
	     "      creationTimestamp: null\n"
	     "    spec:\n"
	     "      containers:\n"
	     "      - image: busybox\n"
	     "        name: j1\n"
	     "        resources: {}\n"
	     "      restartPolicy: Never\n"
	     "status: {}\n",
	     "",
	     0},
	{{"create", "job", "j1", "--image=busybox", "--dry-run=client", "-o", "json", "--", "date", "-u", NULL},
	     "{\n"
	     "    \"kind\": \"Job\",\n"
	     "    \"apiVersion\": \"batch/v1\",\n"
	     "    \"metadata\": {\n"
	     "        \"name\": \"j1\",\n"
	     "        \"creationTimestamp\": null\n"
	     "    },\n"
	     "    \"spec\": {\n"
	     "        \"template\": {\n"
	     "            \"metadata\": {\n"
	     "                \"creationTimestamp\": null\n"
	     "            },\n"
	     "            \"spec\": {\n"
	     "                \"containers\": [\n"
	     "                    {\n"
	     "                        \"name\": \"j1\",\n"
	     "                        \"image\": \"busybox\",\n"
	     "                        \"command\": [\n"
	     "                            \"date\",\n"
	     "                            \"-u\"\n"
	     "                        ],\n"
	     "                        \"resources\": {}\n"
	     "                    }\n"
	     "                ],\n"
	     "                \"restartPolicy\": \"Never\"\n"
	     "            }\n"
	     "        }\n"
	     "    },\n"
	     "    \"status\": {}\n"
	     "}\n",
	     "",
	     0},
	{{"create", "job", "j1", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: either --image or --from must be specified\n",
	     1},
	{{"create", "job", "j1", "--image=busybox", "--from=cronjob/x", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: either --image or --from must be specified\n",
	     1},
	{{"create", "cronjob", "c1", "--image=busybox", "--schedule=*/5 * * * *", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: batch/v1\n"
	     "kind: CronJob\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: c1\n"
	     "spec:\n"
	     "  jobTemplate:\n"
	     "    metadata:\n"
	     "      creationTimestamp: null\n"
	     "      name: c1\n"
	     "    spec:\n"
	     "      template:\n"
	     "        metadata:\n"
	     "          creationTimestamp: null\n"
	     "        spec:\n"
	     "          containers:\n"
	     "          - image: busybox\n"
	     "            name: c1\n"
	     "            resources: {}\n"
	     "          restartPolicy: OnFailure\n"
	     "  schedule: '*/5 * * * *'\n"
	     "status: {}\n",
	     "",
	     0},
	{{"create", "cronjob", "c1", "--image=busybox", "--schedule=0 0 * * *", "--restart=Never", "--dry-run=client", "-o", "json", "--", "echo", "hi", NULL},
	     "{\n"
	     "    \"kind\": \"CronJob\",\n"
	     "    \"apiVersion\": \"batch/v1\",\n"
	     "    \"metadata\": {\n"
	     "        \"name\": \"c1\",\n"
	     "        \"creationTimestamp\": null\n"
	     "    },\n"
	     "    \"spec\": {\n"
	     "        \"schedule\": \"0 0 * * *\",\n"
	     "        \"jobTemplate\": {\n"
	     "            \"metadata\": {\n"
	     "                \"name\": \"c1\",\n"
	     "                \"creationTimestamp\": null\n"
	     "            },\n"
	     "            \"spec\": {\n"
	     "                \"template\": {\n"
	     "                    \"metadata\": {\n"
	     "                        \"creationTimestamp\": null\n"
	     "                    },\n"
	     "                    \"spec\": {\n"
	     "                        \"containers\": [\n"
	     "                            {\n"
	     "                                \"name\": \"c1\",\n"
	     "                                \"image\": \"busybox\",\n"
	     "                                \"command\": [\n"
	     "                                    \"echo\",\n"
	     "                                    \"hi\"\n"
	     "                                ],\n"
	     "                                \"resources\": {}\n"
	     "                            }\n"
	     "                        ],\n"
	     "                        \"restartPolicy\": \"Never\"\n"
	     "                    }\n"
	     "                }\n"
	     "            }\n"
	     "        }\n"
	     "    },\n"
	     "    \"status\": {}\n"
	     "}\n",
	     "",
	     0},
	{{"create", "cj", "c1", "--image=busybox", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: required flag(s) \"schedule\" not set\n",
	     1},
	{{"create", "cronjob", "c1", "--schedule=* * * * *", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: required flag(s) \"image\" not set\n",
	     1},
	{{"create", "serviceaccount", "sa1", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "kind: ServiceAccount\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: sa1\n",
	     "",
	     0},
	{{"create", "sa", "sa1", "--dry-run=client", "-o", "json", NULL},
	     "{\n"
	     "    \"kind\": \"ServiceAccount\",\n"
	     "    \"apiVersion\": \"v1\",\n"
	     "    \"metadata\": {\n"
	     "        \"name\": \"sa1\",\n"
	     "        \"creationTimestamp\": null\n"
	     "    }\n"
	     "}\n",
	     "",
	     0},
	{{"create", "role", "r1", "--verb=get", "--verb=list", "--verb=watch", "--resource=pods", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: rbac.authorization.k8s.io/v1\n"
	     "kind: Role\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: r1\n"
	     "rules:\n"
	     "- apiGroups:\n"
	     "  - \"\"\n"
	     "  resources:\n"
	     "  - pods\n"
	     "  verbs:\n"
	     "  - get\n"
	     "  - list\n"
	     "  - watch\n",
	     "",
	     0},
	{{"create", "role", "r1", "--verb=get,list", "--resource=rs.apps,pods,pods/status,deployments.apps/scale", "--resource-name=a", "--resource-name=b", "--resource-name=a", "--dry-run=client", "-o", "json", NULL},
	     "{\n"
	     "    \"kind\": \"Role\",\n"
	     "    \"apiVersion\": \"rbac.authorization.k8s.io/v1\",\n"
	     "    \"metadata\": {\n"
	     "        \"name\": \"r1\",\n"
	     "        \"creationTimestamp\": null\n"
	     "    },\n"
	     "    \"rules\": [\n"
	     "        {\n"
	     "            \"verbs\": [\n"
	     "                \"get\",\n"
	     "                \"list\"\n"
	     "            ],\n"
	     "            \"apiGroups\": [\n"
	     "                \"\"\n"
	     "            ],\n"
	     "            \"resources\": [\n"
	     "                \"pods\",\n"
	     "                \"pods/status\"\n"
	     "            ],\n"
	     "            \"resourceNames\": [\n"
	     "                \"a\",\n"
	     "                \"b\"\n"
	     "            ]\n"
	     "        },\n"
	     "        {\n"
	     "            \"verbs\": [\n"
	     "                \"get\",\n"
	     "                \"list\"\n"
	     "            ],\n"
	     "            \"apiGroups\": [\n"
	     "                \"apps\"\n"
	     "            ],\n"
	     "            \"resources\": [\n"
	     "                \"replicasets\",\n"
	     "                \"deployments/scale\"\n"
	     "            ],\n"
	     "            \"resourceNames\": [\n"
	     "                \"a\",\n"
	     "                \"b\"\n"
	     "            ]\n"
	     "        }\n"
	     "    ]\n"
	     "}\n",
	     "",
	     0},
	{{"create", "role", "r1", "--verb=*", "--verb=get", "--resource=*", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: rbac.authorization.k8s.io/v1\n"
	     "kind: Role\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: r1\n"
	     "rules:\n"
	     "- apiGroups:\n"
	     "  - \"\"\n"
	     "  resources:\n"
	     "  - '*'\n"
	     "  verbs:\n"
	     "  - '*'\n",
	     "",
	     0},
	{{"create", "role", "r1", "--verb=frob", "--resource=pods", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: rbac.authorization.k8s.io/v1\n"
	     "kind: Role\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: r1\n"
	     "rules:\n"
	     "- apiGroups:\n"
	     "  - \"\"\n"
	     "  resources:\n"
	     "  - pods\n"
	     "  verbs:\n"
	     "  - frob\n",
	     "Warning: 'frob' is not a standard resource verb\n",
	     0},
	{{"create", "role", "r1", "--verb=get", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: at least one resource must be specified\n",
	     1},
	{{"create", "role", "r1", "--resource=pods", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: at least one verb must be specified\n",
	     1},
	{{"create", "role", "r1", "--verb=use", "--resource=pods", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: can not perform 'use' on 'pods' in group ''\n",
	     1},
	{{"create", "role", "r1", "--verb=get", "--resource=foos", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "the server doesn't have a resource type \"foos\"\n",
	     1},
	{{"create", "role", "r1", "--verb=get", "--resource=.apps", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: resource must be specified if apiGroup/subresource specified\n",
	     1},
	{{"create", "clusterrole", "cr1", "--verb=get", "--resource=nodes", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: rbac.authorization.k8s.io/v1\n"
	     "kind: ClusterRole\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: cr1\n"
	     "rules:\n"
	     "- apiGroups:\n"
	     "  - \"\"\n"
	     "  resources:\n"
	     "  - nodes\n"
	     "  verbs:\n"
	     "  - get\n",
	     "",
	     0},
	{{"create", "clusterrole", "cr1", "--verb=get", "--non-resource-url=/healthz", "--non-resource-url=/logs/*", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: rbac.authorization.k8s.io/v1\n"
	     "kind: ClusterRole\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: cr1\n"
	     "rules:\n"
	     "- nonResourceURLs:\n"
	     "  - /healthz\n"
	     "  - /logs/*\n"
	     "  verbs:\n"
	     "  - get\n",
	     "",
	     0},
	{{"create", "clusterrole", "cr1", "--verb=get,post", "--resource=pods", "--non-resource-url=/x", "--dry-run=client", "-o", "json", NULL},
	     "{\n"
	     "    \"kind\": \"ClusterRole\",\n"
	     "    \"apiVersion\": \"rbac.authorization.k8s.io/v1\",\n"
	     "    \"metadata\": {\n"
	     "        \"name\": \"cr1\",\n"
	     "        \"creationTimestamp\": null\n"
	     "    },\n"
	     "    \"rules\": [\n"
	     "        {\n"
	     "            \"verbs\": [\n"
	     "                \"get\",\n"
	     "                \"post\"\n"
	     "            ],\n"
	     "            \"apiGroups\": [\n"
	     "                \"\"\n"
	     "            ],\n"
	     "            \"resources\": [\n"
	     "                \"pods\"\n"
	     "            ]\n"
	     "        },\n"
	     "        {\n"
	     "            \"verbs\": [\n"
	     "                \"get\",\n"
	     "                \"post\"\n"
	     "            ],\n"
	     "            \"nonResourceURLs\": [\n"
	     "                \"/x\"\n"
	     "            ]\n"
	     "        }\n"
	     "    ]\n"
	     "}\n",
	     "Warning: 'post' is not a standard resource verb\n",
	     0},
	{{"create", "clusterrole", "cr1", "--aggregation-rule=rbac.example.com/aggregate-to-monitoring=true", "--dry-run=client", "-o", "yaml", NULL},
	     "aggregationRule:\n"
	     "  clusterRoleSelectors:\n"
	     "  - matchLabels:\n"
	     "      rbac.example.com/aggregate-to-monitoring: \"true\"\n"
	     "apiVersion: rbac.authorization.k8s.io/v1\n"
	     "kind: ClusterRole\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: cr1\n"
	     "rules: null\n",
	     "",
	     0},
	{{"create", "clusterrole", "cr1", "--aggregation-rule=a=b", "--verb=get", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceN"
	     "ames\n",
	     1},
	{{"create", "clusterrole", "cr1", "--verb=list", "--non-resource-url=/x", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: invalid verb: 'list' for nonResourceURL\n",
	     1},
	{{"create", "clusterrole", "cr1", "--verb=get", "--non-resource-url=x", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: nonResourceURL should start with /\n",
	     1},
	{{"create", "clusterrole", "cr1", "--verb=get", "--non-resource-url=/a*b", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: nonResourceURL only supports wildcard matches when '*' is at the end\n",
	     1},
	{{"create", "clusterrole", "cr1", "--verb=get", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: one of resource or nonResourceURL must be specified\n",
	     1},
	{{"create", "rolebinding", "rb1", "--role=r1", "--user=alice", "--user=bob", "--group=devs", "--serviceaccount=ns1:sa1", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: rbac.authorization.k8s.io/v1\n"
	     "kind: RoleBinding\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: rb1\n"
	     "roleRef:\n"
	     "  apiGroup: rbac.authorization.k8s.io\n"
	     "  kind: Role\n"
	     "  name: r1\n"
	     "subjects:\n"
	     "- apiGroup: rbac.authorization.k8s.io\n"
	     "  kind: User\n"
	     "  name: alice\n"
	     "- apiGroup: rbac.authorization.k8s.io\n"
	     "  kind: User\n"
	     "  name: bob\n"
	     "- apiGroup: rbac.authorization.k8s.io\n"
	     "  kind: Group\n"
	     "  name: devs\n"
	     "- kind: ServiceAccount\n"
	     "  name: sa1\n"
	     "  namespace: ns1\n",
	     "",
	     0},
	{{"create", "rolebinding", "rb1", "--clusterrole=view", "--serviceaccount=default:x", "--dry-run=client", "-o", "json", NULL},
	     "{\n"
	     "    \"kind\": \"RoleBinding\",\n"
	     "    \"apiVersion\": \"rbac.authorization.k8s.io/v1\",\n"
	     "    \"metadata\": {\n"
	     "        \"name\": \"rb1\",\n"
	     "        \"creationTimestamp\": null\n"
	     "    },\n"
	     "    \"subjects\": [\n"
	     "        {\n"
	     "            \"kind\": \"ServiceAccount\",\n"
	     "            \"name\": \"x\",\n"
	     "            \"namespace\": \"default\"\n"
	     "        }\n"
	     "    ],\n"
	     "    \"roleRef\": {\n"
	     "        \"apiGroup\": \"rbac.authorization.k8s.io\",\n"
	     "        \"kind\": \"ClusterRole\",\n"
	     "        \"name\": \"view\"\n"
	     "    }\n"
	     "}\n",
	     "",
	     0},
	{{"create", "rolebinding", "rb1", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: exactly one of clusterrole or role must be specified\n",
	     1},
	{{"create", "rolebinding", "rb1", "--role=a", "--clusterrole=b", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: exactly one of clusterrole or role must be specified\n",
	     1},
	{{"create", "rolebinding", "rb1", "--role=a", "--serviceaccount=bad", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: serviceaccount must be <namespace>:<name>\n",
	     1},
	{{"create", "clusterrolebinding", "crb1", "--clusterrole=cluster-admin", "--user=root", "--group=system:masters", "--serviceaccount=kube-system:default", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: rbac.authorization.k8s.io/v1\n"
	     "kind: ClusterRoleBinding\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: crb1\n"
	     "roleRef:\n"
	     "  apiGroup: rbac.authorization.k8s.io\n"
	     "  kind: ClusterRole\n"
	     "  name: cluster-admin\n"
	     "subjects:\n"
	     "- apiGroup: rbac.authorization.k8s.io\n"
	     "  kind: User\n"
	     "  name: root\n"
	     "- apiGroup: rbac.authorization.k8s.io\n"
	     "  kind: Group\n"
	     "  name: system:masters\n"
	     "- kind: ServiceAccount\n"
	     "  name: default\n"
	     "  namespace: kube-system\n",
	     "",
	     0},
	{{"create", "clusterrolebinding", "crb1", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: required flag(s) \"clusterrole\" not set\n",
	     1},
	{{"create", "clusterrolebinding", "crb1", "--clusterrole=view", "--dry-run=client", "-o", "json", NULL},
	     "{\n"
	     "    \"kind\": \"ClusterRoleBinding\",\n"
	     "    \"apiVersion\": \"rbac.authorization.k8s.io/v1\",\n"
	     "    \"metadata\": {\n"
	     "        \"name\": \"crb1\",\n"
	     "        \"creationTimestamp\": null\n"
	     "    },\n"
	     "    \"roleRef\": {\n"
	     "        \"apiGroup\": \"rbac.authorization.k8s.io\",\n"
	     "        \"kind\": \"ClusterRole\",\n"
	     "        \"name\": \"view\"\n"
	     "    }\n"
	     "}\n",
	     "",
	     0},
	{{"create", "namespace", "ns1", "--dry-run=bogus", NULL},
	     "",
	     "error: Invalid dry-run value (bogus). Must be \"none\", \"server\", or \"client\".\n",
	     1},
	{{"create", "namespace", "ns1", "--dry-run=client", "-o", "bogus", NULL},
	     "",
	     "error: unable to match a printer suitable for the output format \"bogus\", allowed formats are: "
	     "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,template"
	     "file,yaml\n",
	     1},
	{{"create", NULL},
	     "",
	     "error: must specify one of -f and -k\n",
	     1},
	{{"create", "bogus", NULL},
	     "",
	     "error: Unexpected args: [bogus]\n"
	     "See 'kc create -h' for help and examples\n",
	     1},
	{{"create", "-f", "nope.yaml", NULL},
	     "",
	     "error: the path \"nope.yaml\" does not exist\n",
	     1},
	{{"create", "secret", "docker-registry", "reg", "--docker-username=u", "--docker-password=p<&>", "--docker-email=a@b.c", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "data:\n"
	     "  .dockerconfigjson: eyJhdXRocyI6eyJodHRwczovL2luZGV4LmRvY2tlci5pby92MS8iOnsidXNlcm5hbWUiOiJ1Iiw"
	     "icGFzc3dvcmQiOiJwXHUwMDNjXHUwMDI2XHUwMDNlIiwiZW1haWwiOiJhQGIuYyIsImF1dGgiOiJkVHB3UENZKyJ9fX0=\n"
	     "kind: Secret\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: reg\n"
	     "type: kubernetes.io/dockerconfigjson\n",
	     "",
	     0},
	{{"create", "secret", "docker-registry", "reg", "--docker-username=u", "--docker-password=p", "--docker-server=reg.io:5000", "--dry-run=client", "-o", "json", NULL},
	     "{\n"
	     "    \"kind\": \"Secret\",\n"
	     "    \"apiVersion\": \"v1\",\n"
	     "    \"metadata\": {\n"
	     "        \"name\": \"reg\",\n"
	     "        \"creationTimestamp\": null\n"
	     "    },\n"
	     "    \"data\": {\n"
	     "        \".dockerconfigjson\": \"eyJhdXRocyI6eyJyZWcuaW86NTAwMCI6eyJ1c2VybmFtZSI6InUiLCJwYXNzd29"
	     "yZCI6InAiLCJhdXRoIjoiZFRwdyJ9fX0=\"\n"
	     "    },\n"
	     "    \"type\": \"kubernetes.io/dockerconfigjson\"\n"
	     "}\n",
	     "",
	     0},
	{{"create", "secret", "docker-registry", "reg", "--docker-username=u", "--dry-run=client", "-o", "yaml", NULL},
	     "",
	     "error: either --from-file or the combination of --docker-username, --docker-password and --docke"
	     "r-server is required\n",
	     1},
	{{"create", "secret", "docker-registry", "reg", "--from-file=.dockerconfigjson=a.txt", "--append-hash", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "data:\n"
	     "  .dockerconfigjson: aGVsbG8Kd29ybGQK\n"
	     "kind: Secret\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: reg-gfg22g2b28\n"
	     "type: kubernetes.io/dockerconfigjson\n",
	     "",
	     0},
	{{"create", "secret", NULL},
	     "",
	     "Create a secret with specified type.\n"
	     "\n"
	     " A docker-registry type secret is for accessing a container registry.\n"
	     "\n"
	     " A generic type secret indicate an Opaque secret type.\n"
	     "\n"
	     " A tls type secret holds TLS certificate and its associated key.\n"
	     "\n"
	     "Available Commands:\n"
	     "  docker-registry   Create a secret for use with a Docker registry\n"
	     "  generic           Create a secret from a local file, directory, or literal value\n"
	     "  tls               Create a TLS secret\n"
	     "\n"
	     "Usage:\n"
	     "  kc create secret (docker-registry | generic | tls) [options]\n"
	     "\n"
	     "Use \"kc create secret <command> --help\" for more information about a given command.\n"
	     "Use \"kc options\" for a list of global command-line options (applies to all commands).\n",
	     1},
	{{"create", "secret", "foo", NULL},
	     "",
	     "error: unknown command \"foo\"\n"
	     "See 'kc create secret -h' for help and examples\n",
	     1},
	{{"create", "service", NULL},
	     "",
	     "Create a service using a specified subcommand.\n"
	     "\n"
	     "Aliases:\n"
	     "service, svc\n"
	     "\n"
	     "Available Commands:\n"
	     "  clusterip      Create a ClusterIP service\n"
	     "  externalname   Create an ExternalName service\n"
	     "  loadbalancer   Create a LoadBalancer service\n"
	     "  nodeport       Create a NodePort service\n"
	     "\n"
	     "Usage:\n"
	     "  kc create service [flags] [options]\n"
	     "\n"
	     "Use \"kc create service <command> --help\" for more information about a given command.\n"
	     "Use \"kc options\" for a list of global command-line options (applies to all commands).\n",
	     1},
	{{"create", "ingress", "simple", "--rule=foo.com/bar=svc1:8080,tls=my-cert", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: networking.k8s.io/v1\n"
	     "kind: Ingress\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: simple\n"
	     "spec:\n"
	     "  rules:\n"
	     "  - host: foo.com\n"
	     "    http:\n"
	     "      paths:\n"
	     "      - backend:\n"
	     "          service:\n"
	     "            name: svc1\n"
	     "            port:\n"
	     "              number: 8080\n"
	     "        path: /bar\n"
	     "        pathType: Exact\n"
	     "  tls:\n"
	     "  - hosts:\n"
	     "    - foo.com\n"
	     "    secretName: my-cert\n"
	     "status:\n"
	     "  loadBalancer: {}\n",
	     "",
	     0},
	{{"create", "ingress", "catch-all", "--class=otheringress", "--rule=/path=svc:port", "--dry-run=client", "-o", "json", NULL},
	     "{\n"
	     "    \"kind\": \"Ingress\",\n"
	     "    \"apiVersion\": \"networking.k8s.io/v1\",\n"
	     "    \"metadata\": {\n"
	     "        \"name\": \"catch-all\",\n"
	     "        \"creationTimestamp\": null\n"
	     "    },\n"
	     "    \"spec\": {\n"
	     "        \"ingressClassName\": \"otheringress\",\n"
	     "        \"rules\": [\n"
	     "            {\n"
	     "                \"http\": {\n"
	     "                    \"paths\": [\n"
	     "                        {\n"
	     "                            \"path\": \"/path\",\n"
	     "                            \"pathType\": \"Exact\",\n"
	     "                            \"backend\": {\n"
	     "                                \"service\": {\n"
	     "                                    \"name\": \"svc\",\n"
	     "                                    \"port\": {\n"
	     "                                        \"name\": \"port\"\n"
	     "                                    }\n"
	     "                                }\n"
	     "                            }\n"
	     "                        }\n"
	     "                    ]\n"
	     "                }\n"
	     "            }\n"
	     "        ]\n"
	     "    },\n"
	     "    \"status\": {\n"
	     "        \"loadBalancer\": {}\n"
	     "    }\n"
	     "}\n",
	     "",
	     0},
	{{"create", "ingress", "ingdefault", "--class=default", "--default-backend=defaultsvc:http", "--rule=foo.com/*=svc:8080,tls=secret1", "--rule=foo.com/admin=svc2:http", "--rule=bar.com/=svc3:80,tls=secret1", "--rule=baz.com/x=svc4:81,tls", "--annotation=b=2", "--annotation=a=1", "--dry-run=client", "-o", "json", NULL},
	     "{\n"
	     "    \"kind\": \"Ingress\",\n"
	     "    \"apiVersion\": \"networking.k8s.io/v1\",\n"
	     "    \"metadata\": {\n"
	     "        \"name\": \"ingdefault\",\n"
	     "        \"creationTimestamp\": null,\n"
	     "        \"annotations\": {\n"
	     "            \"a\": \"1\",\n"
	     "            \"b\": \"2\"\n"
	     "        }\n"
	     "    },\n"
	     "    \"spec\": {\n"
	     "        \"ingressClassName\": \"default\",\n"
	     "        \"defaultBackend\": {\n"
	     "            \"service\": {\n"
	     "                \"name\": \"defaultsvc\",\n"
	     "                \"port\": {\n"
	     "                    \"name\": \"http\"\n"
	     "                }\n"
	     "            }\n"
	     "        },\n"
	     "        \"tls\": [\n"
	     "            {\n"
	     "                \"hosts\": [\n"
	     "                    \"foo.com\",\n"
	     "                    \"bar.com\"\n"
	     "                ],\n"
	     "                \"secretName\": \"secret1\"\n"
	     "            },\n"
	     "            {\n"
	     "                \"hosts\": [\n"
	     "                    \"baz.com\"\n"
	     "                ]\n"
	     "            }\n"
	     "        ],\n"
	     "        \"rules\": [\n"
	     "            {\n"
	     "                \"host\": \"foo.com\",\n"
	     "                \"http\": {\n"
	     "                    \"paths\": [\n"
	     "                        {\n"
	     "                            \"path\": \"/\",\n"
	     "                            \"pathType\": \"Prefix\",\n"
	     "                            \"backend\": {\n"
	     "                                \"service\": {\n"
	     "                                    \"name\": \"svc\",\n"
	     "                                    \"port\": {\n"
	     "                                        \"number\": 8080\n"
	     "                                    }\n"
	     "                                }\n"
	     "                            }\n"
	     "                        },\n"
	     "                        {\n"
	     "                            \"path\": \"/admin\",\n"
	     "                            \"pathType\": \"Exact\",\n"
	     "                            \"backend\": {\n"
	     "                                \"service\": {\n"
	     "                                    \"name\": \"svc2\",\n"
	     "                                    \"port\": {\n"
	     "                                        \"name\": \"http\"\n"
	     "                                    }\n"
	     "                                }\n"
	     "                            }\n"
	     "                        }\n"
	     "                    ]\n"
	     "                }\n"
	     "            },\n"
	     "            {\n"
	     "                \"host\": \"bar.com\",\n"
	     "                \"http\": {\n"
	     "                    \"paths\": [\n"
	     "                        {\n"
	     "                            \"path\": \"/\",\n"
	     "                            \"pathType\": \"Exact\",\n"
	     "                            \"backend\": {\n"
	     "                                \"service\": {\n"
	     "                                    \"name\": \"svc3\",\n"
	     "                                    \"port\": {\n"
	     "                                        \"number\": 80\n"
	     "                                    }\n"
	     "                                }\n"
	     "                            }\n"
	     "                        }\n"
	     "                    ]\n"
	     "                }\n"
	     "            },\n"
	     "            {\n"
	     "                \"host\": \"baz.com\",\n"
	     "                \"http\": {\n"
	     "                    \"paths\": [\n"
	     "                        {\n"
	     "                            \"path\": \"/x\",\n"
	     "                            \"pathType\": \"Exact\",\n"
	     "                            \"backend\": {\n"
	     "                                \"service\": {\n"
	     "                                    \"name\": \"svc4\",\n"
	     "                                    \"port\": {\n"
	     "                                        \"number\": 81\n"
	     "                                    }\n"
	     "                                }\n"
	     "                            }\n"
	     "                        }\n"
	     "                    ]\n"
	     "                }\n"
	     "            }\n"
	     "        ]\n"
	     "    },\n"
	     "    \"status\": {\n"
	     "        \"loadBalancer\": {}\n"
	     "    }\n"
	     "}\n",
	     "",
	     0},
	{{"create", "ing", "x", "--default-backend=svc:80", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: networking.k8s.io/v1\n"
	     "kind: Ingress\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: x\n"
	     "spec:\n"
	     "  defaultBackend:\n"
	     "    service:\n"
	     "      name: svc\n"
	     "      port:\n"
	     "        number: 80\n"
	     "status:\n"
	     "  loadBalancer: {}\n",
	     "",
	     0},
	{{"create", "ingress", "x", "--dry-run=client", NULL},
	     "",
	     "error: not enough information provided: every ingress has to either specify a default-backend (w"
	     "hich catches all traffic) or a list of rules (which catch specific paths)\n",
	     1},
	{{"create", "ingress", "x", "--rule=foo.com=svc:80", "--dry-run=client", NULL},
	     "",
	     "error: rule foo.com=svc:80 is invalid and should be in format host/path=svcname:svcport[,tls[=se"
	     "cret]]\n",
	     1},
	{{"create", "ingress", "x", "--rule=foo.com/=svc", "--dry-run=client", NULL},
	     "",
	     "error: rule foo.com/=svc is invalid and should be in format host/path=svcname:svcport[,tls[=secr"
	     "et]]\n",
	     1},
	{{"create", "ingress", "x", "--default-backend=svc", "--dry-run=client", NULL},
	     "",
	     "error: default-backend should be in format servicename:serviceport\n",
	     1},
	{{"create", "ingress", "x", "--rule=/=svc:80", "--annotation=noeq", "--dry-run=client", NULL},
	     "",
	     "error: annotation noeq is invalid and should be in format key=[value]\n",
	     1},
	{{"run", "nginx", "--image=nginx", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "kind: Pod\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  labels:\n"
	     "    run: nginx\n"
	     "  name: nginx\n"
	     "spec:\n"
	     "  containers:\n"
	     "  - image: nginx\n"
	     "    name: nginx\n"
	     "    resources: {}\n"
	     "  dnsPolicy: ClusterFirst\n"
	     "  restartPolicy: Always\n"
	     "status: {}\n",
	     "",
	     0},
	{{"run", "nginx", "--image=nginx", "--dry-run=client", "-o", "json", NULL},
	     "{\n"
	     "    \"kind\": \"Pod\",\n"
	     "    \"apiVersion\": \"v1\",\n"
	     "    \"metadata\": {\n"
	     "        \"name\": \"nginx\",\n"
	     "        \"creationTimestamp\": null,\n"
	     "        \"labels\": {\n"
	     "            \"run\": \"nginx\"\n"
	     "        }\n"
	     "    },\n"
	     "    \"spec\": {\n"
	     "        \"containers\": [\n"
	     "            {\n"
	     "                \"name\": \"nginx\",\n"
	     "                \"image\": \"nginx\",\n"
	     "                \"resources\": {}\n"
	     "            }\n"
	     "        ],\n"
	     "        \"restartPolicy\": \"Always\",\n"
	     "        \"dnsPolicy\": \"ClusterFirst\"\n"
	     "    },\n"
	     "    \"status\": {}\n"
	     "}\n",
	     "",
	     0},
	{{"run", "nginx", "--image=nginx", "--port=80", "--env=A=1", "--env=B=x=y", "--labels=app=web,tier=fe", "--restart=Never", "--dry-run=client", "-o", "json", NULL},
	     "{\n"
	     "    \"kind\": \"Pod\",\n"
	     "    \"apiVersion\": \"v1\",\n"
	     "    \"metadata\": {\n"
	     "        \"name\": \"nginx\",\n"
	     "        \"creationTimestamp\": null,\n"
	     "        \"labels\": {\n"
	     "            \"app\": \"web\",\n"
	     "            \"tier\": \"fe\"\n"
	     "        }\n"
	     "    },\n"
	     "    \"spec\": {\n"
	     "        \"containers\": [\n"
	     "            {\n"
	     "                \"name\": \"nginx\",\n"
	     "                \"image\": \"nginx\",\n"
	     "                \"ports\": [\n"
	     "                    {\n"
	     "                        \"containerPort\": 80\n"
	     "                    }\n"
	     "                ],\n"
	     "                \"env\": [\n"
	     "                    {\n"
	     "                        \"name\": \"A\",\n"
	     "                        \"value\": \"1\"\n"
	     "                    },\n"
	     "                    {\n"
	     "                        \"name\": \"B\",\n"
	     "                        \"value\": \"x=y\"\n"
	     "                    }\n"
	     "                ],\n"
	     "                \"resources\": {}\n"
	     "            }\n"
	     "        ],\n"
	     "        \"restartPolicy\": \"Never\",\n"
	     "        \"dnsPolicy\": \"ClusterFirst\"\n"
	     "    },\n"
	     "    \"status\": {}\n"
	     "}\n",
	     "",
	     0},
	{{"run", "bb", "--image=busybox", "--dry-run=client", "-o", "yaml", "--", "sleep", "3600", NULL},
	     "apiVersion: v1\n"
	     "kind: Pod\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  labels:\n"
	     "    run: bb\n"
	     "  name: bb\n"
	     "spec:\n"
	     "  containers:\n"
	     "  - args:\n"
	     "    - sleep\n"
	     "    - \"3600\"\n"
	     "    image: busybox\n"
	     "    name: bb\n"
	     "    resources: {}\n"
	     "  dnsPolicy: ClusterFirst\n"
	     "  restartPolicy: Always\n"
	     "status: {}\n",
	     "",
	     0},
	{{"run", "bb", "--image=busybox", "--command", "--dry-run=client", "-o", "yaml", "--", "sh", "-c", "echo hi", NULL},
	     "apiVersion: v1\n"
	     "kind: Pod\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  labels:\n"
	     "    run: bb\n"
	     "  name: bb\n"
	     "spec:\n"
	     "  containers:\n"
	     "  - command:\n"
	     "    - sh\n"
	     "    - -c\n"
	     "    - echo hi\n"
	     "    image: busybox\n"
	     "    name: bb\n"
	     "    resources: {}\n"
	     "  dnsPolicy: ClusterFirst\n"
	     "  restartPolicy: Always\n"
	     "status: {}\n",
	     "",
	     0},
	{{"run", "bb", "--image=busybox", "--annotations=a=b", "--annotations=c=d=e", "--image-pull-policy=Always", "--privileged", "--dry-run=client", "-o", "json", NULL},
	     "{\n"
	     "    \"kind\": \"Pod\",\n"
	     "    \"apiVersion\": \"v1\",\n"
	     "    \"metadata\": {\n"
	     "        \"name\": \"bb\",\n"
	     "        \"creationTimestamp\": null,\n"
	     "        \"labels\": {\n"
	     "            \"run\": \"bb\"\n"
	     "        },\n"
	     "        \"annotations\": {\n"
	     "            \"a\": \"b\",\n"
	     "            \"c\": \"d=e\"\n"
	     "        }\n"
	     "    },\n"
	     "    \"spec\": {\n"
	     "        \"containers\": [\n"
	     "            {\n"
	     "                \"name\": \"bb\",\n"
	     "                \"image\": \"busybox\",\n"
	     "                \"resources\": {},\n"
	     "                \"imagePullPolicy\": \"Always\",\n"
	     "                \"securityContext\": {\n"
	     "                    \"privileged\": true\n"
	     "                }\n"
	     "            }\n"
	     "        ],\n"
	     "        \"restartPolicy\": \"Always\",\n"
	     "        \"dnsPolicy\": \"ClusterFirst\"\n"
	     "    },\n"
	     "    \"status\": {}\n"
	     "}\n",
	     "",
	     0},
	{{"run", "bb", "--image=busybox", "-i", "-t", "--dry-run=client", NULL},
	     "",
	     "error: --dry-run=[server|client] can't be used with attached containers options (--attach, --std"
	     "in, or --tty)\n"
	     "See 'kc run -h' for help and examples\n",
	     1},
	{{"run", "bb", "--image=busybox", "--rm", NULL},
	     "",
	     "error: --rm should only be used for attached containers\n"
	     "See 'kc run -h' for help and examples\n",
	     1},
	{{"run", "bb", NULL},
	     "",
	     "error: required flag(s) \"image\" not set\n",
	     1},
	{{"run", "--image=busybox", NULL},
	     "",
	     "error: NAME is required for run\n"
	     "See 'kc run -h' for help and examples\n",
	     1},
	{{"run", "bb", "--image=Bad:Image!", NULL},
	     "",
	     "error: Invalid image name \"Bad:Image!\": invalid reference format\n",
	     1},
	{{"run", "bb", "--image=busybox", "--port=x", "--dry-run=client", NULL},
	     "",
	     "error: strconv.Atoi: parsing \"x\": invalid syntax\n",
	     1},
	{{"run", "bb", "--image=busybox", "--expose", "--dry-run=client", NULL},
	     "",
	     "error: --port must be set when exposing a service\n"
	     "See 'kc run -h' for help and examples\n",
	     1},
	{{"run", "bb", "--image=busybox", "--expose", "--port=80", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "kind: Service\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  name: bb\n"
	     "spec:\n"
	     "  ports:\n"
	     "  - port: 80\n"
	     "    protocol: TCP\n"
	     "    targetPort: 80\n"
	     "  selector:\n"
	     "    run: bb\n"
	     "status:\n"
	     "  loadBalancer: {}\n"
	     "---\n"
	     "---\n"
	     "apiVersion: v1\n"
	     "kind: Pod\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  labels:\n"
	     "    run: bb\n"
	     "  name: bb\n"
	     "spec:\n"
	     "  containers:\n"
	     "  - image: busybox\n"
	     "    name: bb\n"
	     "    ports:\n"
	     "    - containerPort: 80\n"
	     "    resources: {}\n"
	     "  dnsPolicy: ClusterFirst\n"
	     "  restartPolicy: Always\n"
	     "status: {}\n",
	     "",
	     0},
	{{"run", "bb", "--image=busybox", "--expose", "--port=80", "--dry-run=client", "-o", "json", NULL},
	     "{\n"
	     "    \"kind\": \"Service\",\n"
	     "    \"apiVersion\": \"v1\",\n"
	     "    \"metadata\": {\n"
	     "        \"name\": \"bb\",\n"
	     "        \"creationTimestamp\": null\n"
	     "    },\n"
	     "    \"spec\": {\n"
	     "        \"ports\": [\n"
	     "            {\n"
	     "                \"protocol\": \"TCP\",\n"
	     "                \"port\": 80,\n"
	     "                \"targetPort\": 80\n"
	     "            }\n"
	     "        ],\n"
	     "        \"selector\": {\n"
	     "            \"run\": \"bb\"\n"
	     "        }\n"
	     "    },\n"
	     "    \"status\": {\n"
	     "        \"loadBalancer\": {}\n"
	     "    }\n"
	     "}\n"
	     "{\n"
	     "    \"kind\": \"Pod\",\n"
	     "    \"apiVersion\": \"v1\",\n"
	     "    \"metadata\": {\n"
	     "        \"name\": \"bb\",\n"
	     "        \"creationTimestamp\": null,\n"
	     "        \"labels\": {\n"
	     "            \"run\": \"bb\"\n"
	     "        }\n"
	     "    },\n"
	     "    \"spec\": {\n"
	     "        \"containers\": [\n"
	     "            {\n"
	     "                \"name\": \"bb\",\n"
	     "                \"image\": \"busybox\",\n"
	     "                \"ports\": [\n"
	     "                    {\n"
	     "                        \"containerPort\": 80\n"
	     "                    }\n"
	     "                ],\n"
	     "                \"resources\": {}\n"
	     "            }\n"
	     "        ],\n"
	     "        \"restartPolicy\": \"Always\",\n"
	     "        \"dnsPolicy\": \"ClusterFirst\"\n"
	     "    },\n"
	     "    \"status\": {}\n"
	     "}\n",
	     "",
	     0},
	{{"run", "bb", "--image=busybox", "--expose", "--port=80", "--labels=x=y", "--dry-run=client", NULL},
	     "service/bb created (dry run)\n"
	     "pod/bb created (dry run)\n",
	     "",
	     0},
	{{"run", "bb", "--image=busybox", "--restart=Bad", "--dry-run=client", NULL},
	     "",
	     "error: invalid restart policy: Bad\n"
	     "See 'kc run -h' for help and examples\n",
	     1},
	{{"run", "bb", "--image=busybox", "--image-pull-policy=Sometimes", "--dry-run=client", NULL},
	     "",
	     "error: invalid image pull policy: Sometimes\n"
	     "See 'kc run -h' for help and examples\n",
	     1},
	{{"run", "bb", "--image=busybox", "--env=1BAD=x", "--dry-run=client", NULL},
	     "",
	     "error: invalid env: 1BAD=x\n",
	     1},
	{{"run", "bb", "--image=busybox", "--env=NOVALUE", "--dry-run=client", NULL},
	     "",
	     "error: invalid env: NOVALUE\n",
	     1},
	{{"run", "bb", "--image=busybox", "--labels=a", "--dry-run=client", NULL},
	     "",
	     "error: unexpected label spec: a\n",
	     1},
	{{"run", "bb", "--image=busybox", "--labels==b", "--dry-run=client", NULL},
	     "",
	     "error: unexpected empty label key\n",
	     1},
	{{"run", "bb", "--image=busybox", "--annotations=a", "--dry-run=client", NULL},
	     "",
	     "error: invalid annotations format: a\n",
	     1},
	{{"run", "bb", "--image=busybox", "-n", "team", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "kind: Pod\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  labels:\n"
	     "    run: bb\n"
	     "  name: bb\n"
	     "  namespace: team\n"
	     "spec:\n"
	     "  containers:\n"
	     "  - image: busybox\n"
	     "    name: bb\n"
	     "    resources: {}\n"
	     "  dnsPolicy: ClusterFirst\n"
	     "  restartPolicy: Always\n"
	     "status: {}\n",
	     "",
	     0},
	{{"run", "bb", "--image=busybox", "--dry-run=client", NULL},
	     "pod/bb created (dry run)\n",
	     "",
	     0},
	{{"run", "bb", "--image=busybox", "--dry-run=client", "-o", "name", NULL},
	     "pod/bb\n",
	     "",
	     0},
	{{"run", "bb", "--image=busybox", "-t", "--dry-run=client", NULL},
	     "",
	     "error: -i/--stdin is required for containers with -t/--tty=true\n"
	     "See 'kc run -h' for help and examples\n",
	     1},
	{{"run", "bb", "--image=busybox", "--restart=OnFailure", "--dry-run=client", "-o", "yaml", "--", "a", "b", NULL},
	     "apiVersion: v1\n"
	     "kind: Pod\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  labels:\n"
	     "    run: bb\n"
	     "  name: bb\n"
	     "spec:\n"
	     "  containers:\n"
	     "  - args:\n"
	     "    - a\n"
	     "    - b\n"
	     "    image: busybox\n"
	     "    name: bb\n"
	     "    resources: {}\n"
	     "  dnsPolicy: ClusterFirst\n"
	     "  restartPolicy: OnFailure\n"
	     "status: {}\n",
	     "",
	     0},
	{{"run", "bb", "--image=registry.example.com:5000/team/app:v1.2@sha256:0123456789abcdef0123456789abcdef012345678"
	     "9abcdef0123456789abcdef", "--dry-run=client", "-o", "name", NULL},
	     "pod/bb\n",
	     "",
	     0},
	{{"run", "bb", "--image=UPPER/case", "--dry-run=client", "-o", "name", NULL},
	     "pod/bb\n",
	     "",
	     0},
	{{"run", "a", "b", "--image=busybox", "--dry-run=client", "-o", "yaml", NULL},
	     "apiVersion: v1\n"
	     "kind: Pod\n"
	     "metadata:\n"
	     "  creationTimestamp: null\n"
	     "  labels:\n"
	     "    run: a\n"
	     "  name: a\n"
	     "spec:\n"
	     "  containers:\n"
	     "  - args:\n"
	     "    - b\n"
	     "    image: busybox\n"
	     "    name: a\n"
	     "    resources: {}\n"
	     "  dnsPolicy: ClusterFirst\n"
	     "  restartPolicy: Always\n"
	     "status: {}\n",
	     "",
	     0},
};
