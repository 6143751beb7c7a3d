/* mxbar: parameter cards.
 *
 * A card is a JSON file (models_c/cards/NAME.json). Every card has
 *   "mxb_card": 1            format version
 *   "kind": "device" | "cell_1s1r" | "array"
 *   "title": "..."           optional one line; "doc": "..." optional text
 *
 * kind "device": "class" names a device class (device.h) and "params" maps each
 * parameter to {"value": number, "unit": "V", "source": "seed 000 Fig. 2c"}.
 * Every value carries its unit (checked against the class) and its source.
 * Parameters a card leaves out keep the class default and its provenance.
 *
 * kind "cell_1s1r": "selector" and "memory", each a device card given inline
 * (an object) or as a file name relative to the card's folder.
 *
 * kind "array": "topology" ("2d", "1s1r", "3d"), "layers", "rows", "cols",
 * "r_wire_row" and "r_wire_col" as {"value","unit":"ohm","source"}, and "cell"
 * (a device card for 2d/3d, a cell_1s1r card for 1s1r; inline or file).
 *
 * Overrides are "key=value,key=value" applied on top of a card. The syntax is
 * strict: items joined by single commas (no spaces, no empty or trailing
 * items), a key of letters, digits, '_' and '.', a value written as a JSON
 * number ("2", "-0.5", "1e-6"; not "0x10", "+1", ".5", "8 ", "1.5V").
 * Anything else is an error quoting the item: MXB_EPARSE (form, key),
 * MXB_ETYPE (value), MXB_ENAN ("nan", "inf"), MXB_ERANGE (beyond a double,
 * "1e999"). For a device
 * card a key is a parameter name; in a cell card it is prefixed by "selector."
 * or "memory."; in an array card top-level keys ("rows", "r_wire_row") stand
 * alone and cell keys take the prefix "cell." ("cell.memory.v_set"). Every
 * array card also takes "seed" (the array's own seed, array.h "Seeds").
 *
 * Errors name the file and the key: an unknown key, a missing key, a wrong
 * type, a wrong unit, a value out of range, an override that matches nothing.
 */
#ifndef MXB_CARD_H
#define MXB_CARD_H

#include <stddef.h>
#include "conf.h"
#include "ctx.h"

/* Read a card's "kind" into kind (at most n bytes with the NUL). MXB_OK or a
 * negative code (MXB_EIO, MXB_EPARSE, ...) with the message in ctx. */
MXB_API int mxb_card_kind(mxb_ctx_t *ctx, const char *path, char *kind,
                          size_t n);

/* Folder of the cards shipped with mxbar as built (models_c/cards). */
MXB_API const char *mxb_card_dir(void);

#endif
