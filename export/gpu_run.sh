#!/usr/bin/env bash
# One GPU pre-training call, prepared by export/gpu_prepare.sh; run by the device tool:
#   run(command="bash export/gpu_run.sh", carry=[".whl", "export/cache/gpu"], timeout_s=600)
# Installs the carried wheels, makes relational-prior episodes and episodes of the databases that need no data
# files (TPC-H, the shop generator) on the spare cores while the model trains on them, the carried
# real-database episodes and the synthetic prior, and leaves in $OUT the checkpoint
# (resumable here: python -m export.train --ckpt $OUT/FILE ...; export with export/export_onnx.py) and the log.
#
# Settings (environment): MINUTES of training (7: the call's 10 minutes less install, start and copy), ARCH
# (hier), CKPT_IN (the checkpoint to resume: export/checkpoints/hier.pt) or INIT_FLAT (a flat checkpoint to
# start a new hierarchical model from, its branch at zero), FLAT_LR_SCALE (0.2; 0 freezes the flat part, so
# the branch learns only what the neighbour rows add), LR (2e-4), REAL_SHARE (0.7: the share of steps on database
# episodes; the rest are flat synthetic ones, which teach a frozen flat part's branch nothing), DEVICE (cuda),
# GENERATORS of relational-prior episodes (4), REAL_GENERATORS of nycflights13, mimic3-demo (from the carried
# copy), TPC-H and shop episodes (4) and WORKERS making synthetic prior episodes (6). On this CPU machine, as
# a rehearsal:
#   NO_WHEELS=1 DEVICE=cpu MINUTES=0.5 GENERATORS=1 REAL_GENERATORS=1 WORKERS=1 OUT="$(mktemp -d)" bash export/gpu_run.sh
set -uo pipefail
cd "$(dirname "$0")/.."

: "${OUT:?OUT must name the folder the checkpoint and the log go to (the device tool sets it)}"
MINUTES=${MINUTES:-7}
ARCH=${ARCH:-hier}
CKPT_IN=${CKPT_IN:-export/checkpoints/hier.pt}
INIT_FLAT=${INIT_FLAT:-}
FLAT_LR_SCALE=${FLAT_LR_SCALE:-0.2}
REAL_SHARE=${REAL_SHARE:-0.7}
LR=${LR:-2e-4}
DEVICE=${DEVICE:-cuda}
GENERATORS=${GENERATORS:-4}
REAL_GENERATORS=${REAL_GENERATORS:-4}
WORKERS=${WORKERS:-6}
CARRIED=export/cache/gpu/real
DATA=export/cache/gpu/data  # nycflights13 and mimic3-demo (gpu_prepare.sh copies them)
SCRATCH=${SCRATCH:-${TMPDIR:-/tmp}}  # the device machine's scratch space: installed wheels, episodes, logs
EPISODES=$SCRATCH/gpu_episodes  # the carried episodes and those made here; the carried folder is left as it is
export PYTHONUNBUFFERED=1

if [ -z "${NO_WHEELS:-}" ]; then
    python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$SCRATCH/site" .whl/*.whl || exit 1
    export PYTHONPATH=$SCRATCH/site:$PWD PATH=$SCRATCH/site/bin:$PATH  # bin: tpchgen-cli
fi
python3 -c "import rfm_sql, torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available())" || exit 1
[ -d "$CARRIED" ] || { echo "$CARRIED is missing: run export/gpu_prepare.sh and carry export/cache/gpu" >&2; exit 1; }
rm -rf "$EPISODES" && mkdir -p "$EPISODES" && cp "$CARRIED"/*.npz "$EPISODES"/ || exit 1

ckpt="$OUT/${ARCH}_gpu.pt"
if [ -n "$INIT_FLAT" ]; then
    [ "$ARCH" = hier ] || { echo "INIT_FLAT starts a hierarchical model: it needs ARCH=hier, not $ARCH" >&2; exit 1; }
    rm -f "$ckpt"
    init=(--init-flat "$INIT_FLAT")
else
    cp "$CKPT_IN" "$ckpt" || exit 1
    init=()
fi
pids=()
for i in $(seq 1 "$GENERATORS"); do  # fresh relational-prior episodes into the folder the run lists every 50 steps
    python3 -m export.episodes --source relprior --out "$EPISODES" --minutes "$MINUTES" --seed $((700 + i)) \
        >"$SCRATCH/episodes_$i.log" 2>&1 &
    pids+=($!)
done
for i in $(seq 1 "$REAL_GENERATORS"); do  # the real databases: the carried episodes alone would be drawn too often
    python3 -m export.episodes --source real --data "$DATA" --out "$EPISODES" --minutes "$MINUTES" --seed $((800 + i)) \
        >"$SCRATCH/real_episodes_$i.log" 2>&1 &
    pids+=($!)
done
timeout $(( ${MINUTES%.*} * 60 + 150 )) python3 -m export.train --arch "$ARCH" --ckpt "$ckpt" --episodes "$EPISODES" \
    ${init[@]+"${init[@]}"} --device "$DEVICE" --workers "$WORKERS" --threads 2 --minutes "$MINUTES" --save-every 60 \
    --real-share "$REAL_SHARE" --lr "$LR" --flat-lr-scale "$FLAT_LR_SCALE" 2>&1 | tee "$OUT/train.log"
status=${PIPESTATUS[0]}
kill "${pids[@]}" 2>/dev/null
wait 2>/dev/null
echo "episodes: $(find "$CARRIED" -name '*.npz' | wc -l) carried, $(find "$EPISODES" -name '*relprior*.npz' | wc -l) relational-prior and $(find "$EPISODES" -name '8[0-9][0-9]_*.npz' | wc -l) real-database made here" | tee -a "$OUT/train.log"
tail -n 2 "$SCRATCH/real_episodes_1.log" "$SCRATCH/episodes_1.log" 2>/dev/null | tee -a "$OUT/train.log"
rm -f "$OUT"/*.tmp
exit "$status"
