/*
 * json.h - the little JSON writing the checker needs: strings escaped,
 * nothing else (the structure is written by its callers).
 */
#ifndef DAX_JSON_H
#define DAX_JSON_H

#include <stdio.h>

/* Write s as a JSON string literal, quotes included; NULL writes null. */
void json_string(FILE *f, const char *s);

#endif
