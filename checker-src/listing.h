/*
 * listing.h - `--list`: the strategies (the shipped ones and a loaded
 * file's), their known-bad twins, the properties and the shipped
 * scenarios, as text or as the JSON the scripts and tests read.
 */
#ifndef DAX_LISTING_H
#define DAX_LISTING_H

#include <stdio.h>

/* Print the catalogue on f: text, or one JSON object (json 1). */
void listing_print(FILE *f, int json);

#endif
