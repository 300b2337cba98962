/*
 * prims.h - what every primitive's file includes: the views of the model
 * each aspect of a primitive is written against (model/prim.h lists them),
 * and the entries of the table, one per primitive.
 */
#ifndef DAX_PRIMS_H
#define DAX_PRIMS_H

#include <assert.h>
#include <string.h>

#include "../footprint.h"
#include "../future_walk.h"
#include "../paths.h"
#include "../prim.h"
#include "../promela_emit.h"

extern const struct prim_ops prim_lock_ops, prim_unlock_ops, prim_lock_shared_ops,
	prim_unlock_shared_ops, prim_get_block_ops, prim_get_block_create_ops, prim_alloc_ops,
	prim_zero_word_ops, prim_map_block_ops, prim_convert_ops, prim_load_hole_ops,
	prim_drop_hole_ops, prim_insert_pfn_ops, prim_find_page_ops, prim_unmap_ops,
	prim_free_block_ops;

#endif
