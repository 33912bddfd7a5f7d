/* The one version string: racecheck --version, every report (JSON, SARIF,
 * JUnit) and the man pages name it. */
#ifndef RACECHECK_VERSION_H
#define RACECHECK_VERSION_H

#define RACECHECK_VERSION "0.15.0"

#endif
