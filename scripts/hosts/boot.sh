#!/usr/bin/env bash
# Boots a prepared root filesystem the way Compute Engine boots a VM, as far as a startup script can tell:
# in its own mount, PID, UTS and IPC namespaces (so nothing it mounts or starts outlives the boot), with /proc,
# /sys, a private /dev holding only the basic devices and the attached disks (under /dev/disk/by-id/google-<name>,
# as the guest environment names them), and /run empty. Then, inside the root: the fstab mounts, the units the
# scripts enabled (the systemctl stand-in's record), and the startup script itself, as root with the minimal
# environment google_metadata_script_runner gives it. Exits with the script's status. With BOOT_AFTER set to a
# file, that script then runs in the same boot (the harness's probes of running services), its status added.
#
#   [BOOT_AFTER=probe.sh] boot.sh ROOT SCRIPT HOSTNAME [DISK_NAME=/dev/loopN ...]
set -euo pipefail
if [ "$#" -lt 3 ]; then
  echo "usage: boot.sh ROOT SCRIPT HOSTNAME [DISK_NAME=/dev/loopN ...]" >&2
  exit 2
fi
root="$1" script="$2" name="$3"
shift 3

after="${BOOT_AFTER:-}"
exec unshare --mount --uts --ipc --pid --fork --propagation private /bin/bash -s -- "$root" "$script" "$name" "$after" "$@" <<'INNER'
set -euo pipefail
root="$1" script="$2" name="$3" after="$4"
shift 4
hostname "$name"
mount -t proc proc "$root/proc"
mount -t sysfs -o ro sysfs "$root/sys"
mount -t tmpfs -o mode=0755,size=16m dev "$root/dev"
for node in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0; do
  IFS=: read -r dev major minor <<<"$node"
  mknod -m 0666 "$root/dev/$dev" c "$major" "$minor"
done
mkdir -p "$root/dev/pts" "$root/dev/shm" "$root/dev/disk/by-id"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts"
ln -s pts/ptmx "$root/dev/ptmx"
ln -s /proc/self/fd "$root/dev/fd"
ln -s /proc/self/fd/0 "$root/dev/stdin"
ln -s /proc/self/fd/1 "$root/dev/stdout"
ln -s /proc/self/fd/2 "$root/dev/stderr"
for disk in "$@"; do
  disk_name="${disk%%=*}" device="${disk#*=}"
  major=$((0x$(stat -c %t "$device"))) minor=$((0x$(stat -c %T "$device")))
  mknod -m 0660 "$root/dev/$(basename "$device")" b "$major" "$minor"
  ln -s "../../$(basename "$device")" "$root/dev/disk/by-id/google-$disk_name"
done
mount -t tmpfs -o mode=0755,size=64m run "$root/run"
mkdir -p "$root/run/lock"
install -m 0700 "$script" "$root/run/startup-script"
if [ -n "$after" ]; then install -m 0700 "$after" "$root/run/after-boot"; fi
exec chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  HOME=/root LANG=C.UTF-8 /bin/bash -c '
    mount -a || echo "boot: some fstab mounts failed" >&2
    systemctl standin-boot
    echo "startup-script: running /run/startup-script"
    /bin/bash /run/startup-script
    status=$?
    echo "startup-script: exit status $status"
    if [ -f /run/after-boot ]; then
      echo "after-boot: running"
      /bin/bash /run/after-boot
      after=$?
      echo "after-boot: exit status $after"
      [ "$status" -ne 0 ] || status=$after
    fi
    exit $status' </dev/null
INNER
