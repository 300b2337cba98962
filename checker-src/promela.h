/*
 * promela.h - the model as Promela for SPIN (--emit-promela), generated
 * from the strategy's tables, for differential testing (make crosscheck).
 */
#ifndef DAX_PROMELA_H
#define DAX_PROMELA_H

#include <stdio.h>

#include "property.h"

/*
 * Write scenario x strategy m as a Promela model to f, with assertions for
 * the properties props[0..nprops-1].  command is the command line that
 * made it, quoted in the file's banner.
 */
void promela_emit(FILE *f, const struct model *m, const struct property *const *props,
		  int nprops, const char *command);

#endif
