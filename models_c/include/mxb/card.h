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
 * (an object) or as a card file name (see "Finding a card").
 *
 * kind "array": "topology" ("2d", "1s1r", "3d"), "layers", "rows", "cols",
 * "r_wire_row" and "r_wire_col" as {"value","unit":"ohm","source"}, and "cell"
 * (a device card for 2d/3d, a cell_1s1r card for 1s1r; inline or file).
 * mxb_array_load also opens a device card: a 1 x 1 2D array of that device
 * on ideal wires (overrides: the device's parameter names as in
 * mxb_device_load, "seed", "nonideal.<key>").
 *
 * Finding a card. A card named by a file name - "cell": "linear_resistor.json"
 * in a card, or the path given to mxb_array_load, mxb_device_load,
 * mxb_card_kind, $mxb_open - is looked up in these folders, in order; the
 * first holding a file of that name (a relative path such as
 * "sub/x.json" is taken below each folder) wins:
 *   1. the referring card's own folder (for a path given to a call: the
 *      working directory, i.e. the path as given);
 *   2. the context's card root (mxb_ctx_set_card_root; +mxb_root in a
 *      testbench);
 *   3. each folder of the environment variable MXB_CARD_PATH, a
 *      colon-separated list (empty entries are skipped);
 *   4. the installed card folder, mxb_card_dir() (MXB_CARD_DIR at build
 *      time: the checkout's models_c/cards, or PREFIX/share/mxbar/cards).
 * An absolute path is only itself. A card found nowhere is MXB_EIO:
 *   "card x.json not found; looked in: /w/arrays (folder of
 *    /w/arrays/a.json), /w/root (card root, +mxb_root), /opt/cards
 *    (MXB_CARD_PATH), /usr/share/mxbar/cards (installed cards)
 *    (referenced by /w/arrays/a.json: cell)"
 * Messages and mxb_device_origin name the file found.
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

/* Find the card file name (see "Finding a card") as referred to by the
 * card file referrer (NULL: by a call, from the working directory); its
 * path goes to path (n bytes). MXB_OK, or MXB_EIO listing every folder
 * tried, MXB_EINVAL for an empty name. */
MXB_API int mxb_card_find(mxb_ctx_t *ctx, const char *name, const char *referrer,
                          char *path, size_t n);

/* Folder of the cards shipped with mxbar as built (models_c/cards). */
MXB_API const char *mxb_card_dir(void);

#endif
