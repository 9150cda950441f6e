/* filter.c - label and field selectors of lists and watches (filter.h). */
#include "filter.h"

#include "apiserver/status.h"
#include "banned.h"

const kc_fieldsel_table *api_fieldsel_table(const kc_resource *r)
{
	/* events.k8s.io events are core events in storage: same fields */
	const char *group = r->storage && streq(r->storage, "events") ? "" : r->group;
	return kc_fieldsel_table_for_kind(group, r->kind);
}

int api_filter_from_query(api_req *r, api_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->table = api_fieldsel_table(r->res);
	kc_error err = KC_ERROR_INIT;
	const char *ls = api_query(r, "labelSelector");
	if (ls && ls[0] && kc_selector_parse(ls, &f->labels, &err) < 0) {
		api_reply_status(r, api_status_bad_request("%s", err.msg));
		return -1;
	}
	const char *fs = api_query(r, "fieldSelector");
	if (fs && fs[0]) {
		if (kc_fieldsel_parse(fs, &f->fields, &err) < 0 || kc_fieldsel_resolve(f->fields, f->table, &err) < 0) {
			api_filter_clear(f);
			api_reply_status(r, api_status_bad_request("%s", err.msg));
			return -1;
		}
	}
	return 0;
}

bool api_filter_everything(const api_filter *f)
{
	return (!f->labels || kc_selector_empty(f->labels)) && (!f->fields || kc_fieldsel_empty(f->fields));
}

static const char *label_of(const char *key, const void *selectable)
{
	return api_selectable_label(selectable, key);
}

bool api_filter_match(const api_filter *f, const api_selectable *s)
{
	if (f->labels && !kc_selector_matches_fn(f->labels, label_of, s))
		return false;
	if (!f->fields)
		return true;
	if (f->fields->nothing)
		return false;
	for (size_t i = 0; i < f->fields->n_reqs; i++) {
		const kc_fieldsel_req *req = &f->fields->reqs[i];
		const char *have = api_selectable_field(s, req->field);
		bool eq = streq(have, req->value);
		if (req->op == KC_FIELDSEL_EQUALS ? !eq : eq)
			return false;
	}
	return true;
}

void api_filter_clear(api_filter *f)
{
	kc_selector_free(f->labels);
	kc_fieldsel_free(f->fields);
	memset(f, 0, sizeof(*f));
}
