/* cmd_completion.c - kc completion bash, and the hidden kc __complete that
 * the script calls at each <TAB>, as kubectl's cobra-generated completion
 * works: the script hands the words typed so far to `kc __complete ...`,
 * which prints one candidate per line ("name<TAB>description") and a last
 * line ":<directive>" (cobra's ShellCompDirective bits: 1 error, 2 no
 * space, 4 no file completion, 8 filter file extensions, 16 directories).
 *
 * Candidates: command and subcommand names, flags (read from each
 * command's own --help, so they never drift from what the command takes),
 * flag values (namespaces, contexts, output formats, containers), resource
 * types, and resource names asked from the server - pods for logs/exec,
 * "deployments/" and friends, the objects of the type already typed. */
#include <errno.h>
#include <stdio.h>

#include "ctl/commands.h"
#include "ctl/kubeconfig_edit.h"
#include "ctl/ops.h"
#include "ctl/target.h"
#include "common/json.h"
#include "banned.h"

enum {
	DIR_ERROR = 1,
	DIR_NOSPACE = 2,
	DIR_NOFILE = 4,
	DIR_FILEEXT = 8,
};

/* ---- the bash script ---- */

static const char bash_script[] =
	"# bash completion for kc                                   -*- shell-script -*-\n"
	"#\n"
	"# Load it in the current shell:   source <(kc completion bash)\n"
	"# or install it:                  kc completion bash > /etc/bash_completion.d/kc\n"
	"# The words typed so far go to `kc __complete`, which answers with one\n"
	"# candidate per line and a last line \":<directive>\" (cobra's protocol).\n"
	"\n"
	"__kc_debug()\n"
	"{\n"
	"    [[ -n ${BASH_COMP_DEBUG_FILE-} ]] && echo \"$*\" >> \"${BASH_COMP_DEBUG_FILE}\"\n"
	"}\n"
	"\n"
	"_kc()\n"
	"{\n"
	"    local cur prev words cword\n"
	"    COMPREPLY=()\n"
	"    if declare -F _init_completion >/dev/null 2>&1; then\n"
	"        _init_completion -n =: || return\n"
	"    else\n"
	"        words=(\"${COMP_WORDS[@]}\")\n"
	"        cword=$COMP_CWORD\n"
	"        cur=${COMP_WORDS[COMP_CWORD]}\n"
	"        prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	"    fi\n"
	"\n"
	"    # the words before the cursor, the partial word last (\"\" when empty)\n"
	"    local args=(\"${words[@]:1:$((cword-1))}\") out directive\n"
	"    local partial=$cur\n"
	"    __kc_debug \"args: ${args[*]} partial: ${partial}\"\n"
	"    out=$(\"${words[0]}\" __complete \"${args[@]}\" \"${partial}\" 2>/dev/null)\n"
	"    directive=${out##*:}\n"
	"    out=${out%:*}\n"
	"    [[ ${directive} == \"${out}\" || -z ${directive} ]] && directive=0\n"
	"    __kc_debug \"directive: ${directive}\"\n"
	"\n"
	"    (( directive & 1 )) && return\n"
	"    if (( directive & 2 )) && [[ $(type -t compopt) == builtin ]]; then\n"
	"        compopt -o nospace 2>/dev/null\n"
	"    fi\n"
	"    if (( directive & 4 )) && [[ $(type -t compopt) == builtin ]]; then\n"
	"        compopt +o default 2>/dev/null\n"
	"    fi\n"
	"\n"
	"    local candidates=() line\n"
	"    while IFS='' read -r line; do\n"
	"        [[ -n $line ]] && candidates+=(\"${line%%$'\\t'*}\")\n"
	"    done <<<\"${out}\"\n"
	"\n"
	"    if (( directive & 8 )); then\n"
	"        # file names with the given extensions\n"
	"        local ext globs=()\n"
	"        for ext in \"${candidates[@]}\"; do globs+=(\"*.${ext}\"); done\n"
	"        if declare -F _filedir >/dev/null 2>&1; then\n"
	"            local IFS='|'\n"
	"            _filedir \"@(${candidates[*]})\"\n"
	"        else\n"
	"            COMPREPLY=($(compgen -f -- \"${cur}\"))\n"
	"        fi\n"
	"        return\n"
	"    fi\n"
	"    if (( directive & 16 )); then\n"
	"        COMPREPLY=($(compgen -d -- \"${cur}\"))\n"
	"        return\n"
	"    fi\n"
	"\n"
	"    # a flag's value typed as --flag=value completes after the '='\n"
	"    local word=$cur\n"
	"    [[ $word == -*=* ]] && word=${word#*=}\n"
	"    local c\n"
	"    for c in \"${candidates[@]}\"; do\n"
	"        [[ $c == \"$cur\"* || $c == \"$word\"* ]] && COMPREPLY+=(\"$c\")\n"
	"    done\n"
	"\n"
	"    # bash splits words at ':' and '=': drop what it already has\n"
	"    local ch i\n"
	"    for ch in : =; do\n"
	"        if [[ $cur == *\"$ch\"* && $COMP_WORDBREAKS == *\"$ch\"* ]]; then\n"
	"            local strip=${cur%\"${cur##*\"$ch\"}\"}\n"
	"            for i in \"${!COMPREPLY[@]}\"; do COMPREPLY[$i]=${COMPREPLY[$i]#\"$strip\"}; done\n"
	"        fi\n"
	"    done\n"
	"    # a single candidate ending in '/' or '=' wants more after it\n"
	"    if (( ${#COMPREPLY[@]} == 1 )) && [[ ${COMPREPLY[0]} == */ || ${COMPREPLY[0]} == *= ]] &&\n"
	"       [[ $(type -t compopt) == builtin ]]; then\n"
	"        compopt -o nospace 2>/dev/null\n"
	"    fi\n"
	"}\n"
	"\n"
	"if [[ $(type -t compopt) == builtin ]]; then\n"
	"    complete -o default -F _kc kc\n"
	"else\n"
	"    complete -o default -o nospace -F _kc kc\n"
	"fi\n";

int cmd_completion(kc_ctx *ctx, int argc, char **argv)
{
	kc_flag own[] = {KC_FLAG_END};
	kc_flag *tables[] = {own, ctx->table, NULL};
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	if (rc == KC_FLAGS_HELP) {
		kc_usage(ctx, "completion", "kc completion SHELL [options]",
			 "Output shell completion code for the specified shell (bash). The shell code must be evaluated "
			 "to provide interactive completion of kc commands.  This can be done by sourcing it from the "
			 ".bash_profile.\n\n"
			 " Note for zsh users: the bash script works through zsh's bashcompinit, which `kc completion "
			 "zsh` loads first.",
			 "# Load the kc completion code for bash into the current shell\n"
			 "source <(kc completion bash)\n\n"
			 "# Write bash completion code to a file and source it from .bash_profile\n"
			 "kc completion bash > ~/.kube/completion.bash.inc\n"
			 "printf \"\n# kc shell completion\nsource '$HOME/.kube/completion.bash.inc'\n\" >> "
			 "$HOME/.bash_profile\n"
			 "source $HOME/.bash_profile",
			 tables);
		free(args.args);
		return 0;
	}
	if (rc < 0) {
		free(args.args);
		return kc_fail(ctx, "%s", err.msg);
	}
	rc = 1;
	if (args.n == 0)
		fputs("error: Shell not specified.\nSee 'kc completion -h' for help and examples\n", ctx->err);
	else if (args.n > 1)
		fputs("error: Too many arguments. Expected only the shell type.\nSee 'kc completion -h' for help and "
		      "examples\n",
		      ctx->err);
	else if (streq(args.args[0], "bash")) {
		fputs(bash_script, ctx->out);
		rc = 0;
	} else if (streq(args.args[0], "zsh")) {
		fputs("#compdef kc\nautoload -U +X bashcompinit && bashcompinit\n", ctx->out);
		fputs(bash_script, ctx->out);
		rc = 0;
	} else if (streq(args.args[0], "fish") || streq(args.args[0], "powershell")) {
		fprintf(ctx->err, "error: kc completion does not support %s yet: use bash (or zsh through its "
				  "bashcompinit)\nSee 'kc completion -h' for help and examples\n",
			args.args[0]);
	} else {
		fprintf(ctx->err, "error: Unsupported shell type \"%s\".\nSee 'kc completion -h' for help and examples\n",
			args.args[0]);
	}
	free(args.args);
	return rc;
}

/* ---- reading a command's help (pure, ops.h) ---- */

void kc_help_flags_clear(kc_help_flag *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].usage);
	}
	free(v);
}

int kc_help_parse_flags(const char *help, kc_help_flag **ret, size_t *ret_n)
{
	kc_help_flag *v = NULL;
	size_t n = 0;
	const char *p = strstr(help, "\nOptions:\n");
	if (!p) {
		*ret = NULL;
		*ret_n = 0;
		return 0;
	}
	p += strlen("\nOptions:\n");
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		/* "    -n, --namespace='':" or "    --all=false:" */
		if (len > 6 && strncmp(p, "    ", 4) == 0 && p[len - 1] == ':') {
			const char *q = p + 4;
			char shorthand = 0;
			if (q[0] == '-' && q[1] != '-' && q[2] == ',') {
				shorthand = q[1];
				q += 4;
			}
			if (strncmp(q, "--", 2) == 0) {
				q += 2;
				const char *eq = memchr(q, '=', (size_t)(p + len - q));
				if (eq) {
					v = xrealloc(v, (n + 1) * sizeof(*v));
					kc_help_flag *f = &v[n++];
					f->name = xstrndup(q, (size_t)(eq - q));
					f->shorthand = shorthand;
					const char *def = eq + 1;
					size_t dl = (size_t)(p + len - 1 - def);
					f->is_bool = (dl == 5 && strncmp(def, "false", 5) == 0) ||
						     (dl == 4 && strncmp(def, "true", 4) == 0);
					f->usage = NULL;
					if (eol && eol[1] == '\t') {
						const char *u = eol + 2;
						const char *ue = strchr(u, '\n');
						f->usage = ue ? xstrndup(u, (size_t)(ue - u)) : xstrdup(u);
					}
				}
			}
		} else if (len > 0 && p[0] != ' ' && p[0] != '\t') {
			break; /* "Usage:" ends the options */
		}
		if (!eol)
			break;
		p = eol + 1;
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

char **kc_help_parse_subcommands(const char *help, size_t *ret_n)
{
	char **v = NULL;
	size_t n = 0;
	const char *p = strstr(help, "Available Commands:\n");
	if (p) {
		p += strlen("Available Commands:\n");
		while (strncmp(p, "  ", 2) == 0) {
			const char *eol = strchr(p, '\n');
			size_t len = eol ? (size_t)(eol - p) : strlen(p);
			const char *name = p + 2;
			size_t nl = strcspn(name, " \n");
			const char *desc = name + nl;
			while (*desc == ' ')
				desc++;
			v = xrealloc(v, (n + 2) * sizeof(*v));
			v[n++] = xasprintf("%.*s\t%.*s", (int)nl, name, (int)(p + len - desc), desc);
			v[n] = NULL;
			if (!eol)
				break;
			p = eol + 1;
		}
	}
	*ret_n = n;
	return v;
}

/* ---- __complete ---- */

typedef struct comp {
	kc_ctx *ctx;
	bool desc;
	FILE *out;
	char **words; /* the words before the partial one */
	int nwords;
	const char *partial;
} comp;

static void emit(comp *c, const char *name, const char *desc)
{
	if (!str_startswith(name, c->partial))
		return;
	if (c->desc && desc && desc[0]) {
		/* the first line of a description */
		size_t l = strcspn(desc, "\n");
		fprintf(c->out, "%s\t%.*s\n", name, (int)l, desc);
	} else {
		fprintf(c->out, "%s\n", name);
	}
}

/* Runs a command with --help and captures what it prints. */
static char *capture_help(kc_ctx *ctx, const kc_command *cmd, const char *sub)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	FILE *devnull = fopen("/dev/null", "w");
	if (!mem || !devnull) {
		if (mem)
			fclose(mem);
		if (devnull)
			fclose(devnull);
		free(text);
		return xstrdup("");
	}
	FILE *out = ctx->out, *err = ctx->err;
	ctx->out = mem;
	ctx->err = devnull;
	char *argv[4] = {(char *)cmd->name, (char *)(sub ? sub : "--help"), sub ? (char *)"--help" : NULL, NULL};
	cmd->fn(ctx, sub ? 3 : 2, argv);
	ctx->out = out;
	ctx->err = err;
	fclose(mem);
	fclose(devnull);
	return text ? text : xstrdup("");
}

static const kc_command *find_command(const char *name)
{
	for (const kc_command *c = kc_commands; c->name; c++)
		if (streq(c->name, name))
			return c;
	return NULL;
}

static bool listed(char *const *words, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (streq(words[i], s))
			return true;
	return false;
}

/* Resource types as kubectl completes them: listable ones, core first,
 * then by group; plural (core) or plural.group. */
static int cmp_types(const void *a, const void *b)
{
	const kc_resource *x = *(const kc_resource *const *)a, *y = *(const kc_resource *const *)b;
	int g = strcmp(x->group, y->group);
	return g ? g : strcmp(x->plural, y->plural);
}

static void emit_types(comp *c, const char *const *only)
{
	if (only) {
		for (; *only; only++)
			emit(c, *only, NULL);
		return;
	}
	size_t n = 0;
	while (kc_resources[n].plural)
		n++;
	const kc_resource **v = xcalloc(n + 1, sizeof(*v));
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const kc_resource *r = &kc_resources[i];
		if ((r->verbs & KC_VERB_LIST) && (r->verbs & KC_VERB_GET) && !strchr(r->plural, '/'))
			v[k++] = r;
	}
	qsort(v, k, sizeof(*v), cmp_types);
	for (size_t i = 0; i < k; i++) {
		/* the same plural twice (events): the core one only */
		bool dup = false;
		for (size_t j = 0; j < i; j++)
			dup |= streq(v[j]->plural, v[i]->plural) && streq(v[j]->group, v[i]->group);
		if (dup)
			continue;
		if (v[i]->group[0]) {
			_cleanup_free_ char *s = xasprintf("%s.%s", v[i]->plural, v[i]->group);
			emit(c, s, NULL);
		} else {
			emit(c, v[i]->plural, NULL);
		}
	}
	free(v);
}

/* Names of the objects of a type, from the server (quietly nothing when it
 * cannot answer). prefix: "pods/" to print "pods/x". */
static void emit_names(comp *c, const char *type, const char *prefix, char *const *skip, int nskip)
{
	const kc_resource *r = kc_resource_lookup(type);
	if (!r)
		return;
	FILE *err = c->ctx->err;
	FILE *devnull = fopen("/dev/null", "w");
	if (devnull)
		c->ctx->err = devnull;
	_cleanup_free_ char *path = kc_path(r, kc_ctx_namespace(c->ctx), NULL, NULL);
	kc_response resp;
	int rc = kc_request(c->ctx, "GET", path, NULL, NULL, &resp);
	c->ctx->err = err;
	if (devnull)
		fclose(devnull);
	if (rc == 0 && resp.status == 200) {
		const cJSON *it;
		cJSON_ArrayForEach(it, kc_json_get(resp.body, "items")) {
			const char *name = kc_json_get_str(it, "metadata.name", "");
			if (listed(skip, nskip, name))
				continue;
			_cleanup_free_ char *s = xasprintf("%s%s", prefix ? prefix : "", name);
			emit(c, s, NULL);
		}
	}
	kc_response_clear(&resp);
}

static void emit_kubeconfig(comp *c, const char *section)
{
	kc_cfgchain chain;
	FILE *err = c->ctx->err;
	FILE *devnull = fopen("/dev/null", "w");
	if (devnull)
		c->ctx->err = devnull;
	if (kc_cfgchain_load(c->ctx, &chain) == 0) {
		_cleanup_json_ cJSON *raw = kc_cfgchain_merged(&chain);
		_cleanup_json_ cJSON *m = kc_kubeconfig_normalize(raw);
		const cJSON *e;
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(m, section))
			emit(c, kc_json_get_str(e, "name", ""), NULL);
	}
	kc_cfgchain_free(&chain);
	c->ctx->err = err;
	if (devnull)
		fclose(devnull);
}

static void emit_containers(comp *c, const char *pod)
{
	const kc_resource *r = kc_resource_find("", "v1", "pods");
	const char *name = strchr(pod, '/') ? strchr(pod, '/') + 1 : pod;
	_cleanup_free_ char *path = kc_path(r, kc_ctx_namespace(c->ctx), name, NULL);
	kc_response resp;
	FILE *err = c->ctx->err;
	FILE *devnull = fopen("/dev/null", "w");
	if (devnull)
		c->ctx->err = devnull;
	int rc = kc_request(c->ctx, "GET", path, NULL, NULL, &resp);
	c->ctx->err = err;
	if (devnull)
		fclose(devnull);
	if (rc == 0 && resp.status == 200) {
		const char *lists[] = {"spec.containers", "spec.initContainers", "spec.ephemeralContainers"};
		for (int k = 0; k < 3; k++) {
			const cJSON *ct;
			cJSON_ArrayForEach(ct, kc_json_get(resp.body, lists[k]))
				emit(c, kc_json_get_str(ct, "name", ""), NULL);
		}
	}
	kc_response_clear(&resp);
}

/* What a flag's value completes to; returns the directive. */
static int flag_value(comp *c, const char *flag, const kc_help_flag *f, char *const *pos, int npos)
{
	if (streq(flag, "namespace")) {
		emit_names(c, "namespaces", NULL, NULL, 0);
		return DIR_NOFILE;
	}
	if (streq(flag, "context")) {
		emit_kubeconfig(c, "contexts");
		return DIR_NOFILE;
	}
	if (streq(flag, "cluster")) {
		emit_kubeconfig(c, "clusters");
		return DIR_NOFILE;
	}
	if (streq(flag, "user")) {
		emit_kubeconfig(c, "users");
		return DIR_NOFILE;
	}
	if (streq(flag, "container")) {
		if (npos > 0)
			emit_containers(c, pos[0]);
		return DIR_NOFILE;
	}
	if (streq(flag, "filename")) {
		fputs("json\nyaml\nyml\n", c->out);
		return DIR_FILEEXT;
	}
	if (streq(flag, "output") && f && f->usage) {
		/* "Output format. One of: (json, yaml, name, ...)." */
		const char *open = strchr(f->usage, '(');
		const char *close = open ? strchr(open, ')') : NULL;
		if (open && close) {
			_cleanup_free_ char *list = xstrndup(open + 1, (size_t)(close - open - 1));
			char *save = NULL;
			for (char *t = strtok_r(list, ", ", &save); t; t = strtok_r(NULL, ", ", &save))
				emit(c, t, NULL);
			return DIR_NOFILE;
		}
	}
	return 0;
}

static const char *const rollout_types[] = {"deployment", "daemonset", "statefulset", NULL};
static const char *const scale_types[] = {"deployment", "replicaset", "replicationcontroller", "statefulset", NULL};
static const char *const pod_owner_types[] = {"daemonsets/", "deployments/", "pods/", "jobs/", "replicasets/",
					      "replicationcontrollers/", "services/", "statefulsets/", NULL};

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (streq(s, *list))
			return true;
	return false;
}

/* The positional candidates of a command (path: command and subcommand). */
static int positional(comp *c, const char *cmd, const char *sub, char *const *pos, int npos)
{
	static const char *const typed[] = {"get", "describe", "delete", "edit", "label", "annotate", "patch", "wait",
					    "autoscale", "expose", NULL};
	static const char *const pod_first[] = {"logs", "exec", "attach", "port-forward", "cp", NULL};
	if (streq(cmd, "completion")) {
		if (npos == 0)
			for (const char *const *s = (const char *const[]){"bash", "zsh", "fish", "powershell", NULL}; *s; s++)
				emit(c, *s, NULL);
		return DIR_NOFILE;
	}
	if (streq(cmd, "help")) {
		for (const kc_command *k = kc_commands; k->name; k++)
			if (k->group)
				emit(c, k->name, k->summary);
		return DIR_NOFILE;
	}
	if (streq(cmd, "explain")) {
		if (npos == 0)
			emit_types(c, NULL);
		return DIR_NOFILE;
	}
	if (streq(cmd, "config") && sub) {
		if (npos == 0 && (streq(sub, "use-context") || streq(sub, "delete-context") || streq(sub, "rename-context") ||
				  streq(sub, "set-context") || streq(sub, "get-contexts")))
			emit_kubeconfig(c, "contexts");
		else if (npos == 0 && (streq(sub, "delete-cluster") || streq(sub, "set-cluster")))
			emit_kubeconfig(c, "clusters");
		else if (npos == 0 && (streq(sub, "delete-user") || streq(sub, "set-credentials")))
			emit_kubeconfig(c, "users");
		return DIR_NOFILE;
	}
	if (streq(cmd, "auth") && sub && streq(sub, "can-i")) {
		if (npos == 1)
			emit_types(c, NULL);
		return DIR_NOFILE;
	}
	const char *const *only = NULL;
	bool takes_types = in_list(cmd, typed);
	if (streq(cmd, "rollout") && sub) {
		takes_types = true;
		only = rollout_types;
	} else if (streq(cmd, "scale")) {
		takes_types = true;
		only = scale_types;
	} else if (streq(cmd, "set") && sub) {
		takes_types = true;
	}
	if (takes_types) {
		const char *slash = strchr(c->partial, '/');
		if (npos == 0 && slash) {
			_cleanup_free_ char *type = xstrndup(c->partial, (size_t)(slash - c->partial));
			_cleanup_free_ char *prefix = xasprintf("%s/", type);
			emit_names(c, type, prefix, NULL, 0);
		} else if (npos == 0) {
			emit_types(c, only);
		} else if (!strchr(pos[0], '/') && !strchr(pos[0], ',')) {
			emit_names(c, pos[0], NULL, pos + 1, npos - 1);
		}
		return DIR_NOFILE;
	}
	if (in_list(cmd, pod_first)) {
		const char *slash = strchr(c->partial, '/');
		if (npos == 0 && slash) {
			_cleanup_free_ char *type = xstrndup(c->partial, (size_t)(slash - c->partial));
			_cleanup_free_ char *prefix = xasprintf("%s/", type);
			emit_names(c, type, prefix, NULL, 0);
		} else if (npos == 0) {
			emit_names(c, "pods", NULL, NULL, 0);
			if (!streq(cmd, "cp"))
				for (const char *const *t = pod_owner_types; *t; t++)
					emit(c, *t, NULL);
		} else if (npos == 1 && streq(cmd, "logs")) {
			emit_containers(c, pos[0]);
		} else if (streq(cmd, "cp")) {
			return 0;
		}
		return DIR_NOFILE;
	}
	return DIR_NOFILE;
}

/* Whether a flag (by long name or shorthand) takes a value. */
static const kc_help_flag *flag_find(const kc_help_flag *v, size_t n, const char *name, char shorthand)
{
	for (size_t i = 0; i < n; i++)
		if ((name && streq(v[i].name, name)) || (shorthand && v[i].shorthand == shorthand))
			return &v[i];
	return NULL;
}

static int complete(comp *c)
{
	kc_ctx *ctx = c->ctx;
	/* the global flags typed so far apply to the server queries */
	{
		char **g = xcalloc((size_t)c->nwords + 1, sizeof(*g));
		int ng = 0;
		for (int i = 0; i < c->nwords; i++) {
			const char *w = c->words[i];
			if (w[0] != '-' || streq(w, "--"))
				continue;
			const char *name = w[1] == '-' ? w + 2 : NULL;
			char sh = w[1] != '-' ? w[1] : 0;
			size_t nl = name ? strcspn(name, "=") : 0;
			for (kc_flag *f = ctx->table; f->name; f++) {
				bool match = name ? (strlen(f->name) == nl && strncmp(f->name, name, nl) == 0)
						  : (f->shorthand && f->shorthand == sh);
				if (!match)
					continue;
				g[ng++] = c->words[i];
				bool inline_value = name ? name[nl] == '=' : w[2] != '\0';
				if (!inline_value && f->type != KC_FLAG_T_BOOL && i + 1 < c->nwords)
					g[ng++] = c->words[++i];
				break;
			}
		}
		kc_flag *tables[] = {ctx->table, NULL};
		kc_flags_args a = {0};
		kc_flags_parse(tables, ng, g, 0, &a, NULL);
		free(a.args);
		free(g);
	}
	/* the command path and the positional words after it */
	const kc_command *cmd = NULL;
	const char *sub = NULL;
	char **pos = xcalloc((size_t)c->nwords + 1, sizeof(*pos));
	int npos = 0;
	kc_help_flag *flags = NULL;
	size_t nflags = 0;
	_cleanup_free_ char *help = NULL;
	char **subs = NULL;
	size_t nsubs = 0;
	int directive = DIR_NOFILE;
	char *pending_flag = NULL; /* a flag whose value is the partial word */
	bool unknown = false;      /* the command typed is not one of kc's */
	for (int i = 0; i < c->nwords; i++) {
		const char *w = c->words[i];
		if (streq(w, "--"))
			continue;
		if (w[0] == '-' && w[1]) {
			const char *name = w[1] == '-' ? w + 2 : NULL;
			char sh = w[1] != '-' ? w[1] : 0;
			bool inline_value = name ? strchr(name, '=') != NULL : w[2] != '\0';
			_cleanup_free_ char *n = name ? xstrndup(name, strcspn(name, "=")) : NULL;
			const kc_help_flag *f = flag_find(flags, nflags, n, sh);
			bool takes = f ? !f->is_bool : false;
			if (!f)
				for (kc_flag *g = ctx->table; g->name; g++)
					if ((n && streq(g->name, n)) || (sh && g->shorthand == sh))
						takes = g->type != KC_FLAG_T_BOOL;
			if (takes && !inline_value) {
				if (i + 1 < c->nwords) {
					i++; /* its value */
				} else {
					/* the value is the word being completed */
					const char *longname = n;
					if (!longname) {
						const kc_help_flag *sf = flag_find(flags, nflags, NULL, sh);
						longname = sf ? sf->name : NULL;
						for (kc_flag *g = ctx->table; !longname && g->name; g++)
							if (g->shorthand == sh)
								longname = g->name;
					}
					free(pending_flag);
					pending_flag = xstrdup(longname ? longname : "");
				}
			}
			continue;
		}
		if (!cmd) {
			cmd = find_command(w);
			if (!cmd) {
				unknown = true;
				break;
			}
			help = capture_help(ctx, cmd, NULL);
			kc_help_parse_flags(help, &flags, &nflags);
			subs = kc_help_parse_subcommands(help, &nsubs);
			continue;
		}
		if (nsubs && !sub) {
			for (size_t s = 0; s < nsubs; s++)
				if (strncmp(subs[s], w, strlen(w)) == 0 && subs[s][strlen(w)] == '\t')
					sub = w;
			if (sub) {
				kc_help_flags_clear(flags, nflags);
				flags = NULL;
				free(help);
				help = capture_help(ctx, cmd, sub);
				kc_help_parse_flags(help, &flags, &nflags);
				continue;
			}
		}
		pos[npos++] = (char *)w;
	}
	if (unknown) {
		directive = DIR_NOFILE;
	} else if (pending_flag) {
		const kc_help_flag *f = flag_find(flags, nflags, pending_flag, 0);
		directive = flag_value(c, pending_flag, f, pos, npos);
	} else if (c->partial[0] == '-') {
		const char *eq = strchr(c->partial, '=');
		if (eq && str_startswith(c->partial, "--")) {
			_cleanup_free_ char *name = xstrndup(c->partial + 2, (size_t)(eq - c->partial - 2));
			const kc_help_flag *f = flag_find(flags, nflags, name, 0);
			/* values are printed with their "--flag=" so bash matches them */
			char *mem = NULL;
			size_t ml = 0;
			FILE *out = c->out;
			const char *partial = c->partial;
			c->out = open_memstream(&mem, &ml);
			c->partial = eq + 1;
			directive = flag_value(c, name, f, pos, npos);
			fclose(c->out);
			c->out = out;
			c->partial = partial;
			for (char *line = mem, *next; line && *line; line = next) {
				next = strchr(line, '\n');
				if (next)
					*next++ = '\0';
				if (directive & DIR_FILEEXT)
					fprintf(c->out, "%s\n", line);
				else
					fprintf(c->out, "--%s=%s\n", name, line);
			}
			free(mem);
		} else {
			for (size_t i = 0; i < nflags; i++) {
				_cleanup_free_ char *s = xasprintf("--%s", flags[i].name);
				emit(c, s, flags[i].usage);
			}
			if (str_startswith(c->partial, "--")) {
				for (kc_flag *g = ctx->table; g->name; g++) {
					if (flag_find(flags, nflags, g->name, 0))
						continue;
					_cleanup_free_ char *s = xasprintf("--%s", g->name);
					emit(c, s, g->usage);
				}
			}
			directive = DIR_NOFILE;
		}
	} else if (!cmd) {
		for (const kc_command *k = kc_commands; k->name; k++)
				if (k->group)
					emit(c, k->name, k->summary);
		directive = DIR_NOFILE;
	} else if (nsubs && !sub) {
		for (size_t s = 0; s < nsubs; s++) {
			char *tab = strchr(subs[s], '\t');
			*tab = '\0';
			emit(c, subs[s], tab + 1);
			*tab = '\t';
		}
		directive = DIR_NOFILE;
	} else {
		directive = positional(c, cmd->name, sub, pos, npos);
	}
	for (size_t s = 0; s < nsubs; s++)
		free(subs[s]);
	free(subs);
	kc_help_flags_clear(flags, nflags);
	free(pending_flag);
	free(pos);
	return directive;
}

static int run_complete(kc_ctx *ctx, int argc, char **argv, bool desc)
{
	/* argv: "__complete", the words typed, the partial word last */
	comp c = {.ctx = ctx, .desc = desc, .out = ctx->out};
	c.words = argv + 1;
	c.nwords = argc > 1 ? argc - 2 : 0;
	c.partial = argc > 1 ? argv[argc - 1] : "";
	int directive = complete(&c);
	fprintf(ctx->out, ":%d\n", directive);
	static const char *const names[] = {"ShellCompDirectiveError", "ShellCompDirectiveNoSpace",
					    "ShellCompDirectiveNoFileComp", "ShellCompDirectiveFilterFileExt",
					    "ShellCompDirectiveFilterDirs"};
	fputs("Completion ended with directive: ", ctx->err);
	if (!directive)
		fputs("ShellCompDirectiveDefault", ctx->err);
	bool first = true;
	for (int b = 0; b < 5; b++)
		if (directive & (1 << b)) {
			fprintf(ctx->err, "%s%s", first ? "" : ", ", names[b]);
			first = false;
		}
	fputc('\n', ctx->err);
	return 0;
}

int cmd___complete(kc_ctx *ctx, int argc, char **argv) { return run_complete(ctx, argc, argv, true); }
int cmd___complete_no_desc(kc_ctx *ctx, int argc, char **argv) { return run_complete(ctx, argc, argv, false); }
