/* schemagen.c - turns kc's schema files (apiserver/schema/NAME.txt, format in
 * README.md beside this file) into a C source holding the tables of
 * apiserver/schema_types.h. Run by CMake at build time:
 *
 *     schemagen OUT.c FILE.txt...
 *
 * Everything a file gets wrong (an unknown type name, a bad flag, a field
 * outside a type) fails the build with "file:line: message". */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

enum { B_STRING, B_INT32, B_INT64, B_DOUBLE, B_BOOL, B_BYTE, B_OBJECT, B_REF };
static const char *const base_names[] = {"string", "int32", "int64", "double", "bool", "byte", "object"};
static const char *const base_enums[] = {"API_SB_STRING", "API_SB_INT32", "API_SB_INT64", "API_SB_DOUBLE",
					  "API_SB_BOOL",   "API_SB_BYTE",  "API_SB_OBJECT", "API_SB_REF"};

typedef struct field {
	char *name, *desc;
	char shape[8]; /* "[" list, "{" map, outermost first */
	int base;
	char *refname; /* as written, B_REF only */
	int ref;       /* index in the sorted type table */
	bool required;
	char *patch_strategy, *merge_key, *list_type, *list_keys, *map_type, *enums;
	const char *file;
	int line;
} field;

typedef struct type {
	char *name; /* full: io.k8s.api.core.v1.Pod */
	char *desc;
	int base;     /* B_OBJECT for object types, else the scalar's base */
	char *format; /* scalar types: "date-time", "int-or-string" */
	char *oneof;  /* scalar types: OpenAPI v3 oneOf types, "integer,string" */
	char *group, *version, *kind;
	bool gvk_all;
	char *map_type;
	field *fields;
	size_t nfields, cap;
	const char *alias_file; /* file the type was defined in: aliases are per file */
	int line;
} type;

typedef struct alias {
	char *name, *prefix;
	const char *file;
} alias;

typedef struct gen {
	type *types;
	size_t ntypes, cap;
	alias *aliases;
	size_t naliases, acap;
	char **bufs; /* file contents; every string points into them */
	size_t nbufs;
	char **owned; /* strings made here (prefixed names, standard fields) */
	size_t nowned, ocap;
	int errors;
} gen;

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q) {
		fputs("schemagen: out of memory\n", stderr);
		exit(2);
	}
	return q;
}

static char *own(gen *g, char *s)
{
	if (g->nowned == g->ocap) {
		g->ocap = g->ocap ? 2 * g->ocap : 64;
		g->owned = xrealloc(g->owned, g->ocap * sizeof(char *));
	}
	g->owned[g->nowned++] = s;
	return s;
}

static char *ownf(gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *ownf(gen *g, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0) {
		fputs("schemagen: out of memory\n", stderr);
		exit(2);
	}
	va_end(ap);
	return own(g, s);
}

static void fail(gen *g, const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void fail(gen *g, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s:%d: ", file, line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	g->errors++;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t len = 0, cap = 65536;
	char *buf = xrealloc(NULL, cap);
	size_t n;
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 2) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

static type *add_type(gen *g, char *name, const char *file, int line)
{
	for (size_t i = 0; i < g->ntypes; i++)
		if (strcmp(g->types[i].name, name) == 0)
			fail(g, file, line, "type %s defined twice (first at line %d)", name, g->types[i].line);
	if (g->ntypes == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 64;
		g->types = xrealloc(g->types, g->cap * sizeof(type));
	}
	type *t = &g->types[g->ntypes++];
	memset(t, 0, sizeof(*t));
	t->name = name;
	t->base = B_OBJECT;
	t->alias_file = file;
	t->line = line;
	return t;
}

static field *add_field(type *t, const char *name)
{
	/* a later field of the same name replaces an earlier one, so a kind
	 * can override its standard apiVersion/kind/metadata */
	for (size_t i = 0; i < t->nfields; i++)
		if (strcmp(t->fields[i].name, name) == 0) {
			memset(&t->fields[i], 0, sizeof(field));
			return &t->fields[i];
		}
	if (t->nfields == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 8;
		t->fields = xrealloc(t->fields, t->cap * sizeof(field));
	}
	field *f = &t->fields[t->nfields++];
	memset(f, 0, sizeof(*f));
	return f;
}

/* Splits off the next whitespace-separated token of *s, NULL at the end. */
static char *token(char **s)
{
	char *p = *s;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return NULL;
	char *start = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	if (*p)
		*p++ = '\0';
	*s = p;
	return start;
}

/* Parses a type expression: prefixes [] and {}, then a base name. */
static void parse_texpr(gen *g, field *f, char *expr, const char *file, int line)
{
	size_t n = 0;
	for (;;) {
		if (strncmp(expr, "[]", 2) == 0 || strncmp(expr, "{}", 2) == 0) {
			if (n + 1 >= sizeof(f->shape)) {
				fail(g, file, line, "type nested too deeply");
				return;
			}
			f->shape[n++] = expr[0];
			expr += 2;
		} else {
			break;
		}
	}
	f->shape[n] = '\0';
	for (int b = 0; b < B_REF; b++)
		if (strcmp(expr, base_names[b]) == 0) {
			f->base = b;
			return;
		}
	if (!*expr || !(isalpha((unsigned char)expr[0]))) {
		fail(g, file, line, "bad type \"%s\"", expr);
		return;
	}
	f->base = B_REF;
	f->refname = expr;
}

static const char *std_desc(const char *name)
{
	if (strcmp(name, "apiVersion") == 0)
		return "The version of the schema this object follows, such as \\\"v1\\\" or \\\"apps/v1\\\". "
		       "Servers may convert objects to the version they store.";
	if (strcmp(name, "kind") == 0)
		return "The type of this object, such as \\\"Pod\\\", in CamelCase. Servers may take it from the "
		       "path a request is sent to. Cannot be updated.";
	if (strcmp(name, "metadata") == 0)
		return "Standard object metadata: name, namespace, labels, annotations and the fields the "
		       "server keeps.";
	if (strcmp(name, "listmeta") == 0)
		return "Standard list metadata: the resourceVersion the list was read at and the token to "
		       "continue a paginated list.";
	return "";
}

static void std_fields(gen *g, type *t, bool list)
{
	field *f = add_field(t, "apiVersion");
	f->name = "apiVersion";
	f->desc = (char *)std_desc("apiVersion");
	f->base = B_STRING;
	f = add_field(t, "kind");
	f->name = "kind";
	f->desc = (char *)std_desc("kind");
	f->base = B_STRING;
	f = add_field(t, "metadata");
	f->name = "metadata";
	f->base = B_REF;
	f->refname = list ? "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta" : "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
	f->desc = (char *)std_desc(list ? "listmeta" : "metadata");
	(void)g;
}

static char *desc_escape(gen *g, const char *s)
{
	size_t n = 0;
	for (const char *p = s; *p; p++)
		n += (*p == '"' || *p == '\\') ? 2 : 1;
	char *out = xrealloc(NULL, n + 1), *o = out;
	for (const char *p = s; *p; p++) {
		if (*p == '"' || *p == '\\')
			*o++ = '\\';
		*o++ = *p;
	}
	*o = '\0';
	return own(g, out);
}

static void parse_file(gen *g, const char *path)
{
	char *buf = read_file(path);
	if (!buf) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		g->errors++;
		return;
	}
	g->bufs = xrealloc(g->bufs, (g->nbufs + 1) * sizeof(char *));
	g->bufs[g->nbufs++] = buf;

	const char *pkg = NULL, *gv_group = NULL, *gv_version = NULL;
	type *cur = NULL;
	int lineno = 0;
	char *next = buf;
	while (next && *next) {
		char *line = next;
		char *nl = strchr(line, '\n');
		next = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		lineno++;
		if (nl && nl > line && nl[-1] == '\r')
			nl[-1] = '\0';
		char *desc = strstr(line, " | ");
		if (desc) {
			*desc = '\0';
			desc += 3;
			while (*desc == ' ')
				desc++;
			desc = desc_escape(g, desc);
		}
		bool indented = line[0] == ' ' || line[0] == '\t';
		char *rest = line;
		char *word = token(&rest);
		if (!word || word[0] == '#')
			continue;

		if (indented) {
			if (!cur || cur->base != B_OBJECT) {
				fail(g, path, lineno, "field outside an object type");
				continue;
			}
			char *texpr = token(&rest);
			if (!texpr) {
				fail(g, path, lineno, "field %s has no type", word);
				continue;
			}
			field *f = add_field(cur, word);
			f->name = word;
			f->desc = desc ? desc : "";
			f->file = path;
			f->line = lineno;
			parse_texpr(g, f, texpr, path, lineno);
			char *flag;
			while ((flag = token(&rest))) {
				char *eq = strchr(flag, '=');
				char *val = eq ? eq + 1 : NULL;
				if (eq)
					*eq = '\0';
				if (strcmp(flag, "req") == 0 && !val) {
					f->required = true;
				} else if (strcmp(flag, "patch") == 0 && val) {
					char *colon = strchr(val, ':');
					if (colon) {
						*colon = '\0';
						f->merge_key = colon + 1;
					}
					f->patch_strategy = val;
				} else if (strcmp(flag, "list") == 0 && val) {
					if (strcmp(val, "atomic") && strcmp(val, "set") && strcmp(val, "map"))
						fail(g, path, lineno, "list=%s: want atomic, set or map", val);
					f->list_type = val;
				} else if (strcmp(flag, "keys") == 0 && val) {
					f->list_keys = val;
				} else if (strcmp(flag, "maptype") == 0 && val) {
					f->map_type = val;
				} else if (strcmp(flag, "enum") == 0 && val) {
					f->enums = val;
				} else {
					fail(g, path, lineno, "unknown field flag \"%s\"", flag);
				}
			}
			if (f->list_type && strcmp(f->list_type, "map") == 0 && !f->list_keys)
				fail(g, path, lineno, "list=map needs keys=");
			if (!desc)
				fail(g, path, lineno, "field %s has no description", f->name);
			continue;
		}

		cur = NULL;
		if (strcmp(word, "package") == 0) {
			pkg = token(&rest);
		} else if (strcmp(word, "gv") == 0) {
			char *gv = token(&rest);
			char *slash = gv ? strchr(gv, '/') : NULL;
			if (slash) {
				*slash = '\0';
				gv_group = gv;
				gv_version = slash + 1;
			} else {
				gv_group = "";
				gv_version = gv;
			}
		} else if (strcmp(word, "alias") == 0) {
			char *name = token(&rest), *prefix = token(&rest);
			if (!name || !prefix) {
				fail(g, path, lineno, "alias NAME PREFIX");
				continue;
			}
			g->aliases = xrealloc(g->aliases, (g->naliases + 1) * sizeof(alias));
			g->aliases[g->naliases++] = (alias){name, prefix, path};
		} else if (strcmp(word, "kind") == 0 || strcmp(word, "list") == 0 || strcmp(word, "type") == 0 ||
			   strcmp(word, "scalar") == 0) {
			char *name = token(&rest);
			if (!name || !pkg) {
				fail(g, path, lineno, "%s needs a name and a package line before it", word);
				continue;
			}
			type *t = add_type(g, ownf(g, "%s.%s", pkg, name), path, lineno);
			t->desc = desc ? desc : "";
			if (!desc && strcmp(word, "list") != 0)
				fail(g, path, lineno, "%s %s has no description", word, name);
			if (strcmp(word, "kind") == 0 || strcmp(word, "list") == 0) {
				if (!gv_version) {
					fail(g, path, lineno, "%s before a gv line", word);
					continue;
				}
				t->group = (char *)gv_group;
				t->version = (char *)gv_version;
				t->kind = name;
				std_fields(g, t, strcmp(word, "list") == 0);
			}
			if (strcmp(word, "list") == 0) {
				char *of = token(&rest);
				if (!of) {
					fail(g, path, lineno, "list NAME OF");
					continue;
				}
				if (!desc)
					t->desc = ownf(g, "A list of %s objects.", of);
				field *f = add_field(t, "items");
				f->name = "items";
				f->desc = ownf(g, "The %s objects in the list.", of);
				f->shape[0] = '[';
				f->base = B_REF;
				f->refname = of;
				f->required = true;
				f->file = path;
				f->line = lineno;
				cur = t;
				continue;
			}
			if (strcmp(word, "scalar") == 0) {
				char *texpr = token(&rest);
				char *slash = texpr ? strchr(texpr, '/') : NULL;
				if (slash) {
					*slash = '\0';
					t->format = slash + 1;
				}
				t->base = -1;
				for (int b = 0; texpr && b < B_REF; b++)
					if (strcmp(texpr, base_names[b]) == 0)
						t->base = b;
				if (t->base < 0)
					fail(g, path, lineno, "scalar %s: bad base type", name);
			}
			char *attr;
			while ((attr = token(&rest))) {
				char *eq = strchr(attr, '=');
				char *val = eq ? eq + 1 : NULL;
				if (eq)
					*eq = '\0';
				if (strcmp(attr, "gvk") == 0 && val && strcmp(val, "all") == 0) {
					t->gvk_all = true;
					t->kind = name;
				} else if (strcmp(attr, "gvk") == 0 && val) {
					/* group/version/Kind, group may be empty */
					char *a = strchr(val, '/'), *b = a ? strchr(a + 1, '/') : NULL;
					if (!b) {
						fail(g, path, lineno, "gvk=GROUP/VERSION/KIND");
						continue;
					}
					*a = *b = '\0';
					t->group = val;
					t->version = a + 1;
					t->kind = b + 1;
				} else if (strcmp(attr, "maptype") == 0 && val) {
					t->map_type = val;
				} else if (strcmp(attr, "oneof") == 0 && val) {
					t->oneof = val;
				} else {
					fail(g, path, lineno, "unknown type attribute \"%s\"", attr);
				}
			}
			cur = t;
		} else {
			fail(g, path, lineno, "unknown line \"%s\"", word);
		}
	}
}

static int type_cmp(const void *a, const void *b)
{
	return strcmp(((const type *)a)->name, ((const type *)b)->name);
}

static int field_cmp(const void *a, const void *b)
{
	return strcmp(((const field *)a)->name, ((const field *)b)->name);
}

static int find_type(const gen *g, const char *name)
{
	size_t lo = 0, hi = g->ntypes;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(g->types[mid].name, name);
		if (c == 0)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void resolve(gen *g)
{
	qsort(g->types, g->ntypes, sizeof(type), type_cmp);
	for (size_t i = 0; i < g->ntypes; i++) {
		type *t = &g->types[i];
		const char *pkg_end = strrchr(t->name, '.');
		for (size_t j = 0; j < t->nfields; j++) {
			field *f = &t->fields[j];
			if (f->base != B_REF)
				continue;
			char *full;
			char *dot = strchr(f->refname, '.');
			if (!dot) {
				full = ownf(g, "%.*s.%s", (int)(pkg_end - t->name), t->name, f->refname);
			} else {
				full = f->refname;
				for (size_t a = 0; a < g->naliases; a++)
					if (g->aliases[a].file == t->alias_file &&
					    strlen(g->aliases[a].name) == (size_t)(dot - f->refname) &&
					    strncmp(g->aliases[a].name, f->refname, (size_t)(dot - f->refname)) == 0)
						full = ownf(g, "%s%s", g->aliases[a].prefix, dot);
			}
			f->ref = find_type(g, full);
			if (f->ref < 0)
				fail(g, f->file ? f->file : t->alias_file, f->file ? f->line : t->line,
				     "%s.%s: unknown type %s", t->name, f->name, full);
		}
		if (t->nfields)
			qsort(t->fields, t->nfields, sizeof(field), field_cmp);
	}
}

static void emit_str(FILE *out, const char *s)
{
	if (!s)
		fputs("NULL", out);
	else
		fprintf(out, "\"%s\"", s);
}

/* A comma-separated list as a NULL-terminated array; returns its name. */
static void emit_list(FILE *out, const char *csv, int *counter, char *name, size_t size)
{
	if (!csv) {
		snprintf(name, size, "NULL");
		return;
	}
	snprintf(name, size, "l%d", (*counter)++);
	fprintf(out, "static const char *const %s[] = {", name);
	const char *p = csv;
	while (*p) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);
		fprintf(out, "\"%.*s\", ", (int)n, p);
		p += n;
		if (*p == ',')
			p++;
	}
	fputs("NULL};\n", out);
}

static int emit(gen *g, const char *outpath)
{
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp", outpath);
	FILE *out = fopen(tmp, "w");
	if (!out) {
		fprintf(stderr, "%s: %s\n", tmp, strerror(errno));
		return 1;
	}
	fputs("/* Generated by schemagen from apiserver/schema/NAME.txt. Do not edit. */\n"
	      "#include \"apiserver/schema_types.h\"\n\n",
	      out);
	int counter = 0;
	char **tnames = xrealloc(NULL, (g->ntypes + 1) * sizeof(char *));
	for (size_t i = 0; i < g->ntypes; i++) {
		type *t = &g->types[i];
		tnames[i] = NULL;
		if (!t->nfields)
			continue;
		char (*keys)[16] = xrealloc(NULL, t->nfields * sizeof(*keys));
		char (*enums)[16] = xrealloc(NULL, t->nfields * sizeof(*enums));
		for (size_t j = 0; j < t->nfields; j++) {
			emit_list(out, t->fields[j].list_keys, &counter, keys[j], sizeof(keys[j]));
			emit_list(out, t->fields[j].enums, &counter, enums[j], sizeof(enums[j]));
		}
		tnames[i] = ownf(g, "f%zu", i);
		fprintf(out, "static const api_sfield %s[] = {\n", tnames[i]);
		for (size_t j = 0; j < t->nfields; j++) {
			field *f = &t->fields[j];
			fprintf(out, "\t{\"%s\", \"%s\", \"%s\", %s, %d, %s, ", f->name, f->desc, f->shape,
				base_enums[f->base], f->base == B_REF ? f->ref : -1, f->required ? "true" : "false");
			emit_str(out, f->patch_strategy);
			fputs(", ", out);
			emit_str(out, f->merge_key);
			fputs(", ", out);
			emit_str(out, f->list_type);
			fputs(", ", out);
			emit_str(out, f->map_type);
			fprintf(out, ", %s, %s},\n", keys[j], enums[j]);
		}
		fputs("};\n", out);
		free(keys);
		free(enums);
	}
	fputs("\nconst api_stype api_schema_types[] = {\n", out);
	for (size_t i = 0; i < g->ntypes; i++) {
		type *t = &g->types[i];
		fprintf(out, "\t{\"%s\", \"%s\", %s, ", t->name, t->desc, base_enums[t->base]);
		emit_str(out, t->format);
		fputs(", ", out);
		emit_str(out, t->oneof);
		fprintf(out, ", %s, %zu, ", tnames[i] ? tnames[i] : "NULL", t->nfields);
		emit_str(out, t->group);
		fputs(", ", out);
		emit_str(out, t->version);
		fputs(", ", out);
		emit_str(out, t->kind);
		fprintf(out, ", %s, ", t->gvk_all ? "true" : "false");
		emit_str(out, t->map_type);
		fputs("},\n", out);
	}
	fprintf(out, "};\n\nconst size_t api_schema_ntypes = %zu;\n", g->ntypes);
	free(tnames);
	if (fclose(out) != 0 || rename(tmp, outpath) != 0) {
		fprintf(stderr, "%s: %s\n", outpath, strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: schemagen OUT.c FILE.txt...\n", stderr);
		return 2;
	}
	gen g = {0};
	for (int i = 2; i < argc; i++)
		parse_file(&g, argv[i]);
	if (!g.errors)
		resolve(&g);
	int rc = g.errors ? 1 : emit(&g, argv[1]);
	for (size_t i = 0; i < g.ntypes; i++)
		free(g.types[i].fields);
	free(g.types);
	free(g.aliases);
	for (size_t i = 0; i < g.nbufs; i++)
		free(g.bufs[i]);
	free(g.bufs);
	for (size_t i = 0; i < g.nowned; i++)
		free(g.owned[i]);
	free(g.owned);
	return rc;
}
