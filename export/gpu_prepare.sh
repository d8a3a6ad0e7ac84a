#!/usr/bin/env bash
# Prepare a GPU pre-training call (export/gpu_run.sh) on this CPU machine, before any device time is spent:
#   - wheels of the packages the lent GPU machine lacks (duckdb, sqlglot, lark, and tpchgen-cli so that TPC-H
#     episodes can be made there too; Python 3.12, x86-64) in .whl/,
#   - a copy of the two pre-training databases of ../shared/data (nycflights13, mimic3-demo; never f1 or
#     movielens-small) in export/cache/gpu/data/, so that their episodes are made there too (7 MiB),
#   - real-database episodes (nycflights13, mimic3-demo, TPC-H, the shop generator) in export/cache/gpu/real/,
#     trimmed so that the working tree, the wheels, the data and the episodes stay under the 64 MiB a device
#     call carries: the first minutes of training read them while the GPU machine makes more.
#
#   bash export/gpu_prepare.sh                 # MINUTES=12 of episode making, BUDGET_MB=62 in all
#
# Then, in one device call (export/RUNS.md, "On a GPU"):
#   run(command="bash export/gpu_run.sh", carry=[".whl", "export/cache/gpu"], timeout_s=600)
set -euo pipefail
cd "$(dirname "$0")/.."

MINUTES=${MINUTES:-12}
BUDGET_MB=${BUDGET_MB:-62}
EPISODES=export/cache/gpu/real

exclude="$(git rev-parse --git-dir)/info/exclude"
mkdir -p "$(dirname "$exclude")"
grep -qx '/.whl/' "$exclude" 2>/dev/null || echo '/.whl/' >>"$exclude"

version() { python3 -c "import importlib.metadata as m; print(m.version('$1'))"; }
rm -rf .whl
python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 --platform manylinux_2_17_x86_64 \
    --platform manylinux2014_x86_64 --platform manylinux1_x86_64 -d .whl \
    "duckdb==$(version duckdb)" "sqlglot==$(version sqlglot)" "lark==$(version lark)" \
    "tpchgen-cli==$(version tpchgen-cli)"

rm -rf export/cache/gpu/data && mkdir -p export/cache/gpu/data
for name in nycflights13 mimic3-demo; do  # the pre-training databases only: never f1 or movielens-small
    cp -r "../shared/data/$name" export/cache/gpu/data/
done

if [ "$(find "$EPISODES" -name '*.npz' 2>/dev/null | wc -l)" -eq 0 ]; then
    python3 -m export.episodes --source real --out "$EPISODES" --minutes "$MINUTES" --seed 61
fi

# What travels: tracked files, untracked files git does not ignore, and the carried folders.
tree_bytes=$( (git ls-files -z; git ls-files -z --others --exclude-standard) | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1)
wheel_bytes=$(du -cb .whl/*.whl | tail -1 | cut -f1)
data_bytes=$(du -sb export/cache/gpu/data | cut -f1)
room=$((BUDGET_MB * 1024 * 1024 - tree_bytes - wheel_bytes - data_bytes))
if [ "$room" -le 0 ]; then
    echo "The working tree ($tree_bytes bytes) and the wheels ($wheel_bytes) leave no room under ${BUDGET_MB} MiB." >&2
    exit 1
fi
# Keep a seeded random subset of the episodes that fits the room left (the sources stay mixed).
python3 - "$EPISODES" "$room" <<'EOF'
import random, sys
from pathlib import Path
folder, room = Path(sys.argv[1]), int(sys.argv[2])
files = sorted(folder.glob("*.npz"))
random.Random(0).shuffle(files)
kept = 0
for f in files:
    if kept + f.stat().st_size <= room:
        kept += f.stat().st_size
    else:
        f.unlink()
print(f"{len(list(folder.glob('*.npz')))} episodes kept in {folder} ({kept / 2**20:.1f} MiB)")
EOF
echo "tree $((tree_bytes / 1048576)) MiB + wheels $((wheel_bytes / 1048576)) MiB + data $((data_bytes / 1048576)) MiB + episodes: ready for export/gpu_run.sh"
