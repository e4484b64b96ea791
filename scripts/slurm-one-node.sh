#!/usr/bin/env bash
# A throwaway one-node Slurm cluster on this machine (localhost), for the automated test of
# Blend's Slurm executor and for trying that executor without a real cluster.
# Needs root: slurmctld and slurmd run as root, and munged is started if none is running.
# Needs the Slurm and MUNGE packages (Debian/Ubuntu: apt-get install slurm-wlm munge).
#
#   scripts/slurm-one-node.sh start DIR   # DIR: new or empty folder for all state, logs, pid files
#   scripts/slurm-one-node.sh stop DIR    # stops what `start DIR` started
#
# `start` prints one line, SLURM_CONF=DIR/slurm.conf: export it, and sbatch, squeue, scancel, sinfo
# and scontrol talk to this cluster (one node, partition "debug"; no accounting, so no sacct).
# Jobs run as the submitting user; their output goes where --output says (default: the submit folder).
# Everything else goes to stderr. Exit codes: 0 ok, 1 failed, 2 usage, 3 Slurm or MUNGE not installed.
# Ports: SLURM_ONE_NODE_CTLD_PORT (default 6917) and SLURM_ONE_NODE_SLURMD_PORT (default 6918).
# KillWait (seconds between SIGTERM and SIGKILL at scancel or the time limit): SLURM_ONE_NODE_KILLWAIT (10).
set -euo pipefail

say() { echo "slurm-one-node: $*" >&2; }
die() { say "$*"; exit 1; }
usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }

[[ $# -eq 2 ]] || usage
cmd=$1
[[ $cmd == start || $cmd == stop ]] || usage

missing=()
for tool in sbatch squeue scancel sinfo slurmctld slurmd munged munge unmunge; do
  command -v "$tool" >/dev/null 2>&1 || [[ -x /usr/sbin/$tool ]] || missing+=("$tool")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  say "not installed: ${missing[*]} (Debian/Ubuntu: apt-get install slurm-wlm munge)"
  exit 3
fi
export PATH="$PATH:/usr/sbin:/sbin"
[[ $(id -u) -eq 0 ]] || die "needs root (slurmctld and slurmd run as root)"

[[ $2 != *[[:space:]]* ]] || die "DIR must not contain white space (slurm.conf paths): $2"
mkdir -p "$2"
DIR=$(cd "$2" && pwd -P)
CONF=$DIR/slurm.conf

# alive PIDFILE NAME: prints the pid recorded in PIDFILE if that process is alive and named NAME.
alive() {
  local pid
  [[ -s $1 ]] || return 1
  pid=$(tr -dc 0-9 < "$1")
  [[ -n $pid && -r /proc/$pid/comm && $(cat "/proc/$pid/comm" 2>/dev/null) == "$2" ]] || return 1
  echo "$pid"
}

# stop_pids PID:NAME...: SIGTERM to all, wait up to 15 s for them to exit, then SIGKILL the rest.
stop_pids() {
  local x i left
  for x in "$@"; do kill -TERM "${x%%:*}" 2>/dev/null || true; done
  for ((i = 0; i < 150; i++)); do
    left=()
    for x in "$@"; do [[ -d /proc/${x%%:*} ]] && left+=("$x"); done
    [[ ${#left[@]} -eq 0 ]] && break
    sleep 0.1
  done
  for x in "${left[@]}"; do
    say "${x#*:} (${x%%:*}) ignored SIGTERM; killing it"
    kill -KILL "${x%%:*}" 2>/dev/null || true
  done
  for x in "$@"; do say "stopped ${x#*:} (${x%%:*})"; done
}

# Job step daemons that slurmd started for this DIR: slurmstepd rewrites its environment (process
# title), but it keeps slurmd's log file open.
stepds() {
  local p f c
  for p in /proc/[0-9]*; do
    c=
    read -r c 2>/dev/null < "$p/comm" || true
    [[ $c == slurmstepd ]] || continue
    for f in "$p"/fd/*; do
      if [[ $(readlink "$f" 2>/dev/null) == "$DIR/log/slurmd.log" ]]; then echo "${p#/proc/}"; break; fi
    done
  done
  return 0
}

# descendants PID...: the given pids and all their descendants.
descendants() {
  local -A kids=()
  local p pp k v
  for p in /proc/[0-9]*; do
    pp=
    while read -r k v; do [[ $k == PPid: ]] && { pp=$v; break; }; done 2>/dev/null < "$p/status" || true
    [[ -n $pp ]] && kids[$pp]+=" ${p#/proc/}"
  done
  local queue=("$@") out=()
  while [[ ${#queue[@]} -gt 0 ]]; do
    p=${queue[0]}; queue=("${queue[@]:1}")
    out+=("$p")
    for pp in ${kids[$p]:-}; do queue+=("$pp"); done
  done
  echo "${out[@]}"
}

munge_works() { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }

tail_logs() {
  local f
  for f in "$DIR"/log/*.log; do
    [[ -f $f ]] || continue
    echo "----- tail $f" >&2
    tail -n 30 "$f" >&2
  done
}

do_stop() {
  local pid i ids steps killwait
  if [[ -f $CONF ]] && alive "$DIR/slurmctld.pid" slurmctld >/dev/null; then
    # Cancel what still runs (SIGTERM, then SIGKILL after KillWait), so no job outlives the cluster.
    killwait=$(sed -n 's/^KillWait=\([0-9]*\).*/\1/p' "$CONF")
    ids=$(SLURM_CONF=$CONF squeue -h -o %F 2>/dev/null | sort -u | tr '\n' ' ') || true
    if [[ -n ${ids// } ]]; then
      say "cancelling jobs: $ids"
      # shellcheck disable=SC2086
      SLURM_CONF=$CONF scancel $ids 2>/dev/null || true
      for ((i = 0; i < (${killwait:-30} + 10) * 5; i++)); do
        [[ -z $(stepds) ]] && break
        sleep 0.2
      done
    fi
  fi
  # munged too (if we started it): the daemons need it no more once they are told to stop.
  local daemons=()
  if pid=$(alive "$DIR/slurmd.pid" slurmd); then daemons+=("$pid:slurmd"); fi
  if pid=$(alive "$DIR/slurmctld.pid" slurmctld); then daemons+=("$pid:slurmctld"); fi
  if pid=$(alive "$DIR/munged.pid" munged); then daemons+=("$pid:munged"); fi
  [[ ${#daemons[@]} -eq 0 ]] || stop_pids "${daemons[@]}"
  steps=$(stepds)
  if [[ -n $steps ]]; then
    # Orphans of a slurmd that died: kill them and the job processes under them.
    # shellcheck disable=SC2086
    steps=$(descendants $steps)
    say "killing leftover job steps and their processes: $steps"
    # shellcheck disable=SC2086
    kill -KILL $steps 2>/dev/null || true
  fi
  rm -f "$DIR/munged.pid"
  return 0
}

start_munge() {
  if munge_works; then
    say "using the running munged"
    return 0
  fi
  local key=/etc/munge/munge.key i pid
  if [[ ! -s $key ]]; then
    say "creating $key"
    install -d -o munge -g munge -m 700 /etc/munge
    (umask 077; dd if=/dev/urandom of="$key" bs=1 count=1024 status=none)
    chown munge:munge "$key"
    chmod 400 "$key"
  fi
  install -d -o munge -g munge -m 755 /run/munge
  install -d -o munge -g munge -m 711 /var/lib/munge
  install -d -o munge -g munge -m 700 /var/log/munge
  # --force: run despite a stale socket or lock file left by a munged that was killed.
  runuser -u munge -- /usr/sbin/munged --force </dev/null >>"$DIR/log/munged.out" 2>&1 \
    || { tail -n 20 /var/log/munge/munged.log >&2 2>/dev/null || true; die "munged failed to start"; }
  for ((i = 0; i < 100; i++)); do
    munge_works && break
    sleep 0.1
  done
  munge_works || { tail -n 20 /var/log/munge/munged.log >&2 2>/dev/null || true; die "munged started but munge -n | unmunge fails"; }
  pid=$(tr -dc 0-9 < /run/munge/munged.pid 2>/dev/null || true)
  [[ -n $pid ]] && echo "$pid" > "$DIR/munged.pid"
  say "started munged (${pid:-pid unknown})"
}

write_conf() {
  local host cpus mem ctld_port slurmd_port killwait
  host=$(hostname -s)
  cpus=$(nproc)
  mem=$(awk '/^MemTotal:/ {printf "%d", $2 / 1024 * 0.8}' /proc/meminfo)
  ctld_port=${SLURM_ONE_NODE_CTLD_PORT:-6917}
  slurmd_port=${SLURM_ONE_NODE_SLURMD_PORT:-6918}
  killwait=${SLURM_ONE_NODE_KILLWAIT:-10}
  [[ $ctld_port =~ ^[0-9]+$ && $slurmd_port =~ ^[0-9]+$ && $killwait =~ ^[0-9]+$ ]] \
    || die "SLURM_ONE_NODE_CTLD_PORT, SLURM_ONE_NODE_SLURMD_PORT and SLURM_ONE_NODE_KILLWAIT must be numbers"
  if command -v ss >/dev/null 2>&1 && [[ -n $(ss -Hltn "( sport = :$ctld_port or sport = :$slurmd_port )" 2>/dev/null) ]]; then
    die "port $ctld_port or $slurmd_port is in use (another cluster?); set SLURM_ONE_NODE_CTLD_PORT / SLURM_ONE_NODE_SLURMD_PORT"
  fi
  : > "$DIR/plugstack.conf"
  cat > "$CONF" <<CONF
# Written by scripts/slurm-one-node.sh: a throwaway one-node cluster; everything lives in $DIR.
ClusterName=blendtest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
PlugStackConfig=$DIR/plugstack.conf
MailProg=/bin/true
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
# Short timeouts for tests. KillWait: grace between SIGTERM and SIGKILL when a job is cancelled
# or hits its time limit (time to write a checkpoint). MinJobAge: finished jobs stay visible to
# squeue --states=all / scontrol show job this long (there is no accounting, so no sacct).
KillWait=$killwait
MinJobAge=60
InactiveLimit=0
Waittime=0
SlurmctldTimeout=30
SlurmdTimeout=30
MessageTimeout=10
UnkillableStepTimeout=60
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
}

do_start() {
  local t0 pid i state
  t0=$(date +%s.%N)
  if alive "$DIR/slurmctld.pid" slurmctld >/dev/null || alive "$DIR/slurmd.pid" slurmd >/dev/null; then
    die "a cluster from $DIR is running; run: $0 stop $DIR"
  fi
  mkdir -p "$DIR/state" "$DIR/spool" "$DIR/log"
  # Traversable, so that jobs of users other than root can run their script from the spool folder.
  chmod 755 "$DIR" "$DIR/spool" "$DIR/log"
  write_conf
  start_munge

  # The daemons fork into the background; their stdio goes to files so that a caller reading
  # our stdout (SLURM_CONF=$(...)) is not held open by them.
  SLURM_CONF=$CONF slurmctld -f "$CONF" </dev/null >>"$DIR/log/slurmctld.out" 2>&1 \
    || { tail_logs; cat "$DIR/log/slurmctld.out" >&2; do_stop; die "slurmctld failed to start"; }
  SLURM_CONF=$CONF slurmd -f "$CONF" </dev/null >>"$DIR/log/slurmd.out" 2>&1 \
    || { tail_logs; cat "$DIR/log/slurmd.out" >&2; do_stop; die "slurmd failed to start"; }

  state=
  for ((i = 0; i < 300; i++)); do
    state=$(SLURM_CONF=$CONF sinfo -h -o %t 2>/dev/null | head -n 1) || true
    [[ $state == idle ]] && break
    if ((i >= 30)) && ! { alive "$DIR/slurmctld.pid" slurmctld && alive "$DIR/slurmd.pid" slurmd; } >/dev/null; then
      say "slurmctld or slurmd exited"
      break
    fi
    sleep 0.1
  done
  if [[ $state != idle ]]; then
    say "the node did not become idle within 30 s (state: ${state:-none})"
    SLURM_CONF=$CONF sinfo -R >&2 2>/dev/null || true
    tail_logs
    do_stop
    exit 1
  fi
  pid=$(alive "$DIR/slurmctld.pid" slurmctld) || true
  say "slurmctld ${pid:-?}, slurmd $(alive "$DIR/slurmd.pid" slurmd || echo '?'): node $(hostname -s) idle after $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"
  echo "SLURM_CONF=$CONF"
}

case $cmd in
  start) do_start ;;
  stop) do_stop ;;
esac
