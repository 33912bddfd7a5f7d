/* Calls that change the process's credentials or root directory. After them
 * the report's folder may not be writable and the program's binaries not
 * reachable, so the detector opens its report file and starts its symbolizer
 * just before each, then lets the call through unchanged. */
#include "intercept.h"

#include <grp.h>
#include <unistd.h>

#define PRIVILEGE_WRAPPER(name, params, args)                                   \
    LG_EXPORT int name params                                                   \
    {                                                                           \
        if (lg_active())                                                        \
            lg_findings_before_privilege_change();                              \
        return REAL(name) args;                                                 \
    }

PRIVILEGE_WRAPPER(setuid, (uid_t uid), (uid))
PRIVILEGE_WRAPPER(setgid, (gid_t gid), (gid))
PRIVILEGE_WRAPPER(seteuid, (uid_t uid), (uid))
PRIVILEGE_WRAPPER(setegid, (gid_t gid), (gid))
PRIVILEGE_WRAPPER(setreuid, (uid_t r, uid_t e), (r, e))
PRIVILEGE_WRAPPER(setregid, (gid_t r, gid_t e), (r, e))
PRIVILEGE_WRAPPER(setresuid, (uid_t r, uid_t e, uid_t s), (r, e, s))
PRIVILEGE_WRAPPER(setresgid, (gid_t r, gid_t e, gid_t s), (r, e, s))
PRIVILEGE_WRAPPER(setgroups, (size_t n, const gid_t *groups), (n, groups))
PRIVILEGE_WRAPPER(chroot, (const char *path), (path))
