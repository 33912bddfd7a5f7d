/* What the rest of racecheck asks of the TSan tool beyond its declaration. */
#ifndef RACECHECK_TSAN_H
#define RACECHECK_TSAN_H

#include <stddef.h>

/* The keys of the user's TSAN_OPTIONS (user) that racecheck sets itself and
 * that therefore do not apply, comma separated in keys; their number. */
int tsan_user_options_overridden(const char *user, char *keys, size_t len);

#endif
