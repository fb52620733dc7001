#!/usr/bin/env bash
# Builds (or finds in the cache) the Debian 12 root filesystem the host harness boots the rendered startup scripts
# in, and prints its directory. Debian's own packages only, from Debian's mirror with debootstrap (minbase), plus
# what a Compute Engine debian-12 image already carries and the scripts rely on (systemd, curl, iproute2, e2fsprogs,
# python3). Packages the scripts install themselves (gnupg, and the Debian dependencies of the vendor packages) are
# only downloaded into apt's cache, so the scripts really install them, without a download at test time.
#
# Cached under ${BASELINE_CACHE:-$HOME/.cache/gcp-security-baseline}, keyed on this file's content: a tarball
# (kept between CI runs if the cache directory is) and its extracted copy (reused on the same machine).
#
#   scripts/hosts/build-rootfs.sh            # prints the rootfs directory, building it if needed
set -euo pipefail

readonly SUITE=bookworm
readonly MIRROR=${BASELINE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# On a debian-12 Compute Engine image and used by the scripts before they install anything.
readonly INSTALLED=(systemd systemd-sysv dbus ca-certificates curl iproute2 e2fsprogs procps python3 openssl
  kmod less logrotate)
# What the harness's stand-in programs (not the scripts) need: a YAML parser for the configurations they read.
readonly STANDIN_NEEDS=(python3-yaml)
# Installed by the scripts at boot (gnupg), or Debian dependencies of the stand-in vendor packages (the same ones
# the real packages declare): downloaded only.
readonly DOWNLOADED=(gnupg adduser lsb-release libcap2-bin libpcap0.8)

cache="${BASELINE_CACHE:-$HOME/.cache/gcp-security-baseline}"
key="$( (cat "$0"; echo "$SUITE $MIRROR") | sha256sum | cut -c1-16)"
dir="$cache/rootfs-$key"
tarball="$cache/rootfs-$key.tar.gz"

if [ -f "$dir/.complete" ]; then
  echo "$dir"
  exit 0
fi
mkdir -p "$cache"
rm -rf "$dir" "$dir.tmp"
if [ -f "$tarball" ]; then
  echo "extracting cached root filesystem $tarball" >&2
  mkdir -p "$dir.tmp"
  tar -xzpf "$tarball" -C "$dir.tmp" --numeric-owner
  mv "$dir.tmp" "$dir"
  touch "$dir/.complete"
  echo "$dir"
  exit 0
fi

command -v debootstrap >/dev/null || {
  echo "installing debootstrap" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
}
started=$SECONDS
echo "debootstrap $SUITE (minbase) from $MIRROR" >&2
debootstrap --variant=minbase "$SUITE" "$dir.tmp" "$MIRROR" >&2

in_root() { chroot "$dir.tmp" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"; }
mount -t proc proc "$dir.tmp/proc"
trap 'umount "$dir.tmp/proc" 2>/dev/null || true' EXIT
cp /etc/resolv.conf "$dir.tmp/etc/resolv.conf"
cat > "$dir.tmp/etc/apt/sources.list" <<SOURCES
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
SOURCES
# No service starts from package scripts inside the root (there is no init running).
printf '#!/bin/sh\nexit 101\n' > "$dir.tmp/usr/sbin/policy-rc.d"
chmod 755 "$dir.tmp/usr/sbin/policy-rc.d"
in_root apt-get update -qq
in_root apt-get install -y -qq --no-install-recommends "${INSTALLED[@]}" "${STANDIN_NEEDS[@]}" >&2
in_root apt-get clean
in_root apt-get install -y -qq --no-install-recommends --download-only "${DOWNLOADED[@]}" >&2
# Keep downloaded packages in the cache (the scripts' apt-get runs would otherwise be offline-hostile).
rm -f "$dir.tmp/etc/apt/apt.conf.d/docker-clean"
echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > "$dir.tmp/etc/apt/apt.conf.d/01keep-debs"
umount "$dir.tmp/proc"
trap - EXIT
: > "$dir.tmp/etc/resolv.conf"
echo "packing $tarball" >&2
tar -czpf "$tarball.tmp" -C "$dir.tmp" --numeric-owner .
mv "$tarball.tmp" "$tarball"
mv "$dir.tmp" "$dir"
touch "$dir/.complete"
echo "root filesystem built in $((SECONDS - started)) s" >&2
echo "$dir"
