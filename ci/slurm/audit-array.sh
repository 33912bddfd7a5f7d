#!/bin/sh
# racecheck audit as a Slurm job array, one array task per shard of the class:
#
#   sbatch --array=1-N [--wait] ci/slurm/audit-array.sh DIR PREFIX [AUDIT OPTIONS...]
#   racecheck merge --output=OUT PREFIX-*
#
# Task I audits share I/N of DIR into PREFIX-I (N is the array's size: give
# --array=1-N, no steps or gaps, or shares go missing). Each task audits as
# many submissions at once as Slurm gave it CPUs (sbatch -c, default 1).
# The task exits as racecheck audit does, so sbatch --wait exits with the
# highest: 3 when a submission could not be judged, else 1 when one is buggy,
# else 0 (the rule of the unsharded audit). racecheck must be on the PATH
# the job inherits. harness/tests/slurm.test runs this very file.
#SBATCH --job-name=racecheck-audit
#SBATCH --output=racecheck-audit-%A_%a.log
set -eu
if [ $# -lt 2 ] || [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then
    echo "usage: sbatch --array=1-N audit-array.sh DIR PREFIX [AUDIT OPTIONS...]" >&2
    exit 2
fi
dir=$1 prefix=$2
shift 2
exec racecheck audit --shard="$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" --output="$prefix-$SLURM_ARRAY_TASK_ID" \
    -j "${SLURM_CPUS_PER_TASK:-1}" "$@" "$dir"
