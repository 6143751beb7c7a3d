#!/usr/bin/env bash
# mxbar: a single-node Slurm on this machine, for testing the farm route (issue 21) where no
# cluster is at hand. Debian's slurm-wlm and munge (make deps); no systemd, everything in one
# scratch folder W; the daemons run as the calling user, who must be root (slurmd starts jobs
# as their submitter).
#
#   tests/tools/mxb_slurm_local.sh start W    munged, slurmctld, slurmd; waits until the node
#                                             is idle; prints "export SLURM_CONF=W/slurm.conf"
#   tests/tools/mxb_slurm_local.sh stop W     stops the three daemons (their pid files in W)
#
# munged's socket, pid, seed and log live in a folder of their own under /tmp (its path in
# W/munge.dir): munged refuses a socket folder any of whose parents is not searchable by all,
# and a checkout may sit under a private folder (mktemp -d makes 0700).
#
# Environment: MXB_SLURM_PORT (slurmctld's port, default 16817; slurmd uses the next one),
# MXB_SLURM_CPUS (the node's CPUs, default nproc).
set -u
cmd=${1:-} W=${2:-}
[ -n "$cmd" ] && [ -n "$W" ] || { echo "usage: mxb_slurm_local.sh start|stop <scratch folder>" >&2; exit 2; }
mkdir -p "$W"; W=$(cd "$W" && pwd)

stop() {
  local f pid M=
  [ -s "$W/munge.dir" ] && M=$(cat "$W/munge.dir")
  for f in "$W/slurmd.pid" "$W/slurmctld.pid" ${M:+"$M/munged.pid"}; do
    [ -s "$f" ] || continue
    pid=$(cat "$f")
    kill "$pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
    rm -f "$f"
  done
  case "$M" in /tmp/mxb_munge.*) rm -rf "$M" ;; esac
  rm -f "$W/munge.dir"
  return 0
}

start() {
  local p bin host port cpus M
  for p in munged slurmctld slurmd sinfo sbatch; do
    bin=$(PATH="$PATH:/usr/sbin:/sbin" command -v "$p") ||
      { echo "mxb_slurm_local: $p not found: make deps installs slurm-wlm and munge" >&2; return 2; }
  done
  [ "$(id -u)" = 0 ] || { echo "mxb_slurm_local: must run as root (slurmd runs jobs as their user)" >&2; return 2; }
  stop
  host=$(hostname -s) port=${MXB_SLURM_PORT:-16817} cpus=${MXB_SLURM_CPUS:-$(nproc)}
  mkdir -p "$W/state" "$W/spool"
  M=$(mktemp -d /tmp/mxb_munge.XXXXXX) && chmod 755 "$M" && echo "$M" >"$W/munge.dir" ||
    { echo "mxb_slurm_local: cannot make munged's folder under /tmp" >&2; return 2; }
  if [ ! -s "$W/munge.key" ]; then
    dd if=/dev/urandom of="$W/munge.key" bs=1024 count=1 status=none; chmod 400 "$W/munge.key"
  fi
  cat >"$W/slurm.conf" <<EOF
ClusterName=mxbtest
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$M/munge.sock
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/slurmctld.log
SlurmdLogFile=$W/slurmd.log
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
ReturnToService=2
SchedulerParameters=sched_interval=1,sched_min_interval=100000
MinJobAge=30
NodeName=$host CPUs=$cpus RealMemory=2000 State=UNKNOWN
PartitionName=mxb Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF="$W/slurm.conf"
  PATH="$PATH:/usr/sbin:/sbin"
  munged --key-file="$W/munge.key" --socket="$M/munge.sock" --pid-file="$M/munged.pid" \
    --seed-file="$M/seed" --log-file="$M/munged.log" ||
    { echo "mxb_slurm_local: munged did not start: $(tail -n 3 "$M/munged.log" 2>/dev/null)" >&2; stop; return 2; }
  slurmctld || { echo "mxb_slurm_local: slurmctld did not start (see $W/slurmctld.log)" >&2; stop; return 2; }
  slurmd || { echo "mxb_slurm_local: slurmd did not start (see $W/slurmd.log)" >&2; stop; return 2; }
  for _ in $(seq 60); do
    [ "$(sinfo -h -n "$host" -o %t 2>/dev/null)" = idle ] && { echo "export SLURM_CONF=$SLURM_CONF"; return 0; }
    sleep 0.5
  done
  echo "mxb_slurm_local: node $host not idle after 30 s (see $W/slurmctld.log, $W/slurmd.log)" >&2
  stop; return 2
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "mxb_slurm_local: unknown command '$cmd' (start or stop)" >&2; exit 2 ;;
esac
