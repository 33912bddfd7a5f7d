/* The version string is declared once, beside the detector, which writes it
 * into its own report too. */
#include "detector/src/version.h"
