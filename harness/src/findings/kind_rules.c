/* The decisions racecheck makes by finding kind (kind_rules.h). */
#include "findings/kind_rules.h"

enum finding_kind kind_includes(enum finding_kind kind)
{
    switch (kind) {
    case KIND_DEADLOCK:
        return KIND_LOCK_ORDER_INVERSION;
    case KIND_DATA_RACE:
    case KIND_LOCK_ORDER_INVERSION:
    case KIND_HANG:
    case KIND_DOUBLE_LOCK:
    case KIND_BAD_UNLOCK:
    case KIND_DESTROY_LOCKED:
    case KIND_COND_MISUSE:
    case KIND_LOCK_LEAK:
    case KIND_MISUSE:
    case KIND_CRASH:
    case KIND_COUNT:
        return KIND_COUNT;
    }
    return KIND_COUNT;
}

int kind_hangs_natively(enum finding_kind kind)
{
    switch (kind) {
    case KIND_DEADLOCK:
    case KIND_HANG:
    case KIND_DOUBLE_LOCK:      /* a normal mutex locked again waits for itself */
        return 1;
    case KIND_DATA_RACE:
    case KIND_LOCK_ORDER_INVERSION:
    case KIND_BAD_UNLOCK:
    case KIND_DESTROY_LOCKED:
    case KIND_COND_MISUSE:
    case KIND_LOCK_LEAK:
    case KIND_MISUSE:
    case KIND_CRASH:
    case KIND_COUNT:
        return 0;
    }
    return 0;
}

enum kind_match kind_match_rule(enum finding_kind kind)
{
    switch (kind) {
    case KIND_LOCK_ORDER_INVERSION:
    case KIND_DEADLOCK:
        return MATCH_CYCLE;
    case KIND_DATA_RACE:
        return MATCH_ONE_PLACE;
    case KIND_CRASH:
    case KIND_LOCK_LEAK:
        return MATCH_ONE_EVENT;
    case KIND_HANG:
    case KIND_DOUBLE_LOCK:
    case KIND_BAD_UNLOCK:
    case KIND_DESTROY_LOCKED:
    case KIND_COND_MISUSE:
    case KIND_MISUSE:
    case KIND_COUNT:
        return MATCH_SAME_PLACES;
    }
    return MATCH_SAME_PLACES;
}
