/* The one version string of racecheck: the detector's JSON report, and
 * through harness/src/sys/version.h racecheck --version, every report the
 * harness writes (JSON, SARIF, JUnit) and the man pages. */
#ifndef RACECHECK_VERSION_H
#define RACECHECK_VERSION_H

#define RACECHECK_VERSION "0.15.0"

#endif
