/*
 * listing.c - `--list`: what the checker knows, for a person (text) and
 * for the scripts and tests (--list --json).  The tests enumerate the
 * strategies, their files, expectations and twins from the JSON, never
 * from a list of their own, so that a new strategy file is found there.
 */
#include <string.h>

#include "../model/scenario.h"
#include "strategy_file.h"
#include "json.h"
#include "listing.h"
#include "property.h"
#include "scenario_parse.h"
#include "registry.h"

static void json_strategy(FILE *f, const struct strategy *st)
{
	const struct strategy_file *sf = st->file;

	fprintf(f, "{\"name\": ");
	json_string(f, st->name);
	fprintf(f, ", \"summary\": ");
	json_string(f, st->summary);
	fprintf(f, ", \"source\": ");
	json_string(f, st->source);
	fprintf(f, ",\n     \"file\": ");
	json_string(f, sf->path);
	fprintf(f, ", \"shipped\": %s, \"no_twin\": ", sf->shipped ? "true" : "false");
	json_string(f, sf->no_twin);
	fprintf(f, ",\n     \"expect\": {");
	for (int k = 0; k < sf->nexpect; k++) {
		fprintf(f, "%s", k ? ", " : "");
		json_string(f, sf->expect[k].scenario);
		fprintf(f, ": ");
		json_string(f, sf->expect[k].verdict);
	}
	fprintf(f, "},\n     \"unreached\": [");
	for (int k = 0; k < sf->nunreached; k++) {
		const struct strategy_unreached *u = &sf->unreached[k];
		const struct step *s = &st->h[u->h].steps[u->step];

		fprintf(f, "%s{\"handler\": \"%s\", \"step\": %d, \"name\": ", k ? ", " : "",
			strategy_handler_names[u->h], u->step);
		json_string(f, s->name);
		fprintf(f, ", \"why\": ");
		json_string(f, u->why);
		fprintf(f, "}");
	}
	fprintf(f, "]}");
}

static void json_twin(FILE *f, const struct twin *tw)
{
	fprintf(f, "{\"name\": ");
	json_string(f, tw->name);
	fprintf(f, ", \"strategy\": ");
	json_string(f, tw->base->name);
	fprintf(f, ", \"file\": ");
	json_string(f, tw->base->file ? tw->base->file->path : NULL);
	fprintf(f, ",\n     \"mutation\": ");
	json_string(f, tw->mutation);
	fprintf(f, ", \"scenario\": ");
	json_string(f, tw->scenario);
	fprintf(f, ", \"property\": ");
	json_string(f, tw->property);
	fprintf(f, ", \"error\": ");
	json_string(f, tw->error);
	fprintf(f, "}");
}

static void json_listing(FILE *f)
{
	char err[1024];

	fprintf(f, "{\n  \"strategies\": [");
	for (int i = 0; i < strategy_count(); i++) {
		fprintf(f, "%s\n    ", i ? "," : "");
		json_strategy(f, strategy_get(i));
	}
	fprintf(f, "\n  ],\n  \"twins\": [");
	for (int i = 0; i < twin_count(); i++) {
		fprintf(f, "%s\n    ", i ? "," : "");
		json_twin(f, twin_get(i));
	}
	fprintf(f, "\n  ],\n  \"properties\": [");
	for (int i = 0; i < property_count; i++) {
		fprintf(f, "%s", i ? ", " : "");
		json_string(f, property_all[i]->name);
	}
	fprintf(f, "],\n  \"scenarios\": [");
	for (int i = 0; i < scenario_shipped_count(); i++) {
		struct scenario sc;

		fprintf(f, "%s\n    {\"name\": ", i ? "," : "");
		if (scenario_shipped(&sc, i, err, sizeof(err)))
			snprintf(sc.name, sizeof(sc.name), "?");
		json_string(f, sc.name);
		fprintf(f, ", \"file\": ");
		json_string(f, sc.path);
		fprintf(f, "}");
	}
	fprintf(f, "\n  ]\n}\n");
}

void listing_print(FILE *f, int json)
{
	const struct strategy *last = NULL;
	char err[1024];

	if (json) {
		json_listing(f);
		return;
	}
	fprintf(f, "strategies:\n");
	for (int i = 0; i < strategy_count(); i++) {
		const struct strategy *st = strategy_get(i);

		fprintf(f, "  %-18s %s\n  %-18s source: %s\n", st->name, st->summary, "",
			st->source);
		if (!st->file->shipped)
			fprintf(f, "  %-18s file: %s\n", "", st->file->path);
	}
	fprintf(f, "\nknown-bad twins (--twins runs each on the scenario it must fail):\n");
	for (int i = 0; i < twin_count(); i++) {
		const struct twin *tw = twin_get(i);

		if (tw->base != last)
			fprintf(f, "  %s\n", tw->base->name);
		last = tw->base;
		fprintf(f, "    %-36s %s\n    %-36s must fail %s with %s\n", tw->name,
			tw->mutation, "", tw->scenario, tw->property);
		if (tw->error)
			fprintf(f, "    %-36s CANNOT BE DERIVED: %s\n", "", tw->error);
	}
	fprintf(f, "\nproperties:\n");
	for (int i = 0; i < property_count; i++)
		fprintf(f, "  %-20s %s\n", property_all[i]->name, property_all[i]->summary);
	fprintf(f, "\n--concurrency goals (--property may name them; reaching one is a "
		"\"violation\"):\n");
	fprintf(f, "  %-20s %s\n", property_overlap_same.name, property_overlap_same.summary);
	fprintf(f, "  %-20s %s\n", property_overlap_other.name, property_overlap_other.summary);
	fprintf(f, "\nbuilt-in scenario (no --scenario):\n"
		"  --threads=N --pages=P --words=W: thread i stores i+1 to word i/P of page i%%P;\n"
		"  the default, 2 threads on 1 page of 2 words, is the race of LKML 2015-08-11\n");
	fprintf(f, "\nshipped scenarios (--scenario=NAME; built in, from these files of the "
		"source tree):\n");
	for (int i = 0; i < scenario_shipped_count(); i++) {
		struct scenario sc;

		if (scenario_shipped(&sc, i, err, sizeof(err)) == 0)
			fprintf(f, "  %-32s %s\n", sc.path, sc.doc);
		else
			fprintf(f, "  (does not parse: %s)\n", err);
	}
}
