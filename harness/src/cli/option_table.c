/* The table of every option: options.inc for racecheck's own, and the
 * detector's LOCKGRAPH_OPTIONS keys (detector/src/options.inc) as flags of
 * racecheck run, so the two can never drift apart. */
#include "cli/cli.h"

#include <stddef.h>

const struct cli_option cli_options[OPT_COUNT] = {
#define CLI_OPTION(id, name_, shrt, metavar_, type_, min_, max_, choices_, repeats_, help_) \
    [OPT_##id] = {.name = name_, .short_name = shrt, .metavar = metavar_, .type = type_,       \
                  .min = min_, .max = max_, .choices = choices_, .repeats = repeats_, .help = help_},
#include "cli/options.inc"
#undef CLI_OPTION
#define LG_OPT(name_, type_, metavar_, def, help_)                                              \
    [OPT_LG_##name_] = {.name = #name_, .metavar = metavar_, .type = type_, .help = help_,      \
                        .detector_key = #name_, .detector_default = def},
#define LG_OPT_INT(name, def, help) LG_OPT(name, CLI_DETECTOR_INT, "N", #def, help)
#define LG_OPT_DBL(name, def, help) LG_OPT(name, CLI_DETECTOR_NUMBER, "N", #def, help)
#define LG_OPT_STR(name, def, help) LG_OPT(name, CLI_DETECTOR_TEXT, "TEXT", def, help)
#include "detector/src/options.inc"
#undef LG_OPT_INT
#undef LG_OPT_DBL
#undef LG_OPT_STR
#undef LG_OPT
};
