#!/bin/bash
# Queues the FaceMat render of sh010: the chunk array, then the movie job that waits for it.
# Prints render=<job id> and movie=<job id>. Extra arguments go to both sbatch calls
# (e.g. --partition=render --account=show).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p /mnt/shows/demo/sh010/matte/sh010.logs
render=$(sbatch --parsable "$@" "$here/sh010.render.sbatch")
render=${render%%;*}
echo "render=$render"
movie=$(sbatch --parsable --dependency=afterok:$render --kill-on-invalid-dep=yes "$@" "$here/sh010.movie.sbatch")
movie=${movie%%;*}
echo "movie=$movie"
