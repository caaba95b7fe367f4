#!/usr/bin/env bash
# Sets up what the container stage (test/containers) needs on a fresh Debian 12 machine with no
# Docker engine and no container registry: rootful podman and its helpers from Debian, the
# containers.conf settings this kind of machine needs, and local stand-ins for the base images the
# generated files name (python:3.13-slim, nginx:<NGINX_IMAGE>, postgres:<SERVICE_IMAGES.postgres>),
# tagged with those official names.
#
# Idempotent and fast once done: the stand-ins carry a label with a key (a hash of this script,
# the postgres entrypoint, the host's CA certificates and the image tags) and are kept as `podman save` archives in
# $PYWEB_CONTAINER_CACHE (default /var/cache/create-pyweb/containers), so a second run on the same
# machine loads them instead of running debootstrap again.
#
# Usage: bash scripts/containers/setup.sh
#   PYWEB_STANDIN_PYTHONS="3.13 3.11 3.14"   stand-in Python versions to provide (default 3.13)
#   PYWEB_CONTAINER_CACHE=DIR                where the saved stand-ins live
#
# Nothing here touches a generated file: the machine's specifics (base images, CA certificates,
# runtime settings) are supplied from outside the projects. See ../../README.md ("How a project
# is proven") and REFERENCE.md ("Real containers here") for why each setting exists.
set -euo pipefail
SCRIPT=$(readlink -f "$0")
cd "$(dirname "$SCRIPT")/../.."
ROOT=$PWD
export DEBIAN_FRONTEND=noninteractive

# The container tests read this status: a failed setup fails them with its reason, never a pass.
STATUS_DIR=$ROOT/.cache/containers
STATUS=$STATUS_DIR/setup.status
mkdir -p "$STATUS_DIR"
# What it says goes to the terminal and to setup.log, which a failing container test quotes.
exec 2> >(tee "$STATUS_DIR/setup.log" >&2)
log() { printf 'containers setup: %s\n' "$*" >&2; }
die() {
  printf 'containers setup: FAILED: %s\n' "$*" >&2
  printf 'failed: %s\n' "$*" >"$STATUS"
  exit 1
}
on_exit() {
  local rc=$?
  rm -rf "${WORK:-/nonexistent-pyweb}"
  # An unforeseen error (set -e) is a failure too, with where it happened.
  if [ "$rc" != 0 ] && ! grep -q '^failed' "$STATUS" 2>/dev/null; then
    printf 'failed: exit %s (see the setup output)\n' "$rc" >"$STATUS"
  fi
}
trap on_exit EXIT
printf 'running\n' >"$STATUS"

[ "$(id -u)" = 0 ] || die "needs root (rootful podman, apt-get, debootstrap)"
command -v apt-get >/dev/null || die "needs Debian's apt-get"

CACHE=${PYWEB_CONTAINER_CACHE:-/var/cache/create-pyweb/containers}
PYTHONS=${PYWEB_STANDIN_PYTHONS:-3.13}
MIRROR=${PYWEB_DEBIAN_MIRROR:-http://deb.debian.org/debian}
mkdir -p "$CACHE"

# One setup at a time per machine (two checkouts may run CI at once).
exec 9>"$CACHE/.lock"
flock 9

# --- 1. Debian packages ----------------------------------------------------------------------
# runc (crun fails here: "cgroups in hybrid mode not supported"), netavark + aardvark-dns (the
# network backend and the DNS that lets compose services find each other by name), iptables for
# netavark's NAT and port forwarding, catatonit for --init, uidmap, debootstrap for the stand-ins.
debs=(podman buildah runc conmon netavark aardvark-dns iptables uidmap catatonit debootstrap ca-certificates)
missing=()
for p in "${debs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
fi

# --- 2. containers.conf ------------------------------------------------------------------------
# - runtime runc and the cgroupfs manager: this machine has cgroups v1/hybrid and no systemd.
# - default_ulimits: root here lacks CAP_SYS_RESOURCE and the hard nofile limit is low, so a
#   container asking for more gets "setrlimit RLIMIT_NOFILE: Operation not permitted".
# - netavark explicitly: the podman package also ships a CNI config that would be warned about.
MARK='# written by create-pyweb scripts/containers/setup.sh'
hard_nofile=$(ulimit -Hn)
[ "$hard_nofile" = unlimited ] && hard_nofile=1048576
nproc=32768
hard_nproc=$(ulimit -Hu)
if [ "$hard_nproc" != unlimited ] && [ "$hard_nproc" -lt "$nproc" ]; then nproc=$hard_nproc; fi
conf="$MARK
[containers]
default_ulimits = [\"nofile=$hard_nofile:$hard_nofile\", \"nproc=$nproc:$nproc\"]

[engine]
runtime = \"runc\"
cgroup_manager = \"cgroupfs\"
events_logger = \"file\"

[network]
network_backend = \"netavark\"
"
target=/etc/containers/containers.conf
if [ -e "$target" ] && ! head -1 "$target" | grep -qF "$MARK"; then
  # Someone else's file: leave it, and put ours in the drop-in directory podman reads after it.
  target=/etc/containers/containers.conf.d/50-create-pyweb.conf
fi
mkdir -p "$(dirname "$target")"
if [ "$(cat "$target" 2>/dev/null)" != "$(printf '%s' "$conf")" ]; then
  printf '%s' "$conf" >"$target"
  log "wrote $target"
fi
podman info >/dev/null 2>"$CACHE/podman-info.err" || die "podman info fails: $(tail -5 "$CACHE/podman-info.err")"

# --- 3. Stand-in base images ---------------------------------------------------------------------
NGINX_IMAGE=$(sed -n "s/^export const NGINX_IMAGE = '\(.*\)';.*/\1/p" generators/catalog/versions.ts)
[ -n "$NGINX_IMAGE" ] || die "could not read NGINX_IMAGE from generators/catalog/versions.ts"
POSTGRES_IMAGE=$(sed -n "s/^  postgres: '\(postgres:[^']*\)',.*/\1/p" generators/catalog/versions.ts)
[ -n "$POSTGRES_IMAGE" ] || die "could not read SERVICE_IMAGES.postgres from generators/catalog/versions.ts"
PG_MAJOR=$(printf '%s\n' "$POSTGRES_IMAGE" | sed -n 's/^postgres:\([0-9][0-9]*\)\(-bookworm\|-trixie\)\{0,1\}$/\1/p')
# Debian's packages lay PostgreSQL out as the official Debian-based image does (uid 999,
# /usr/lib/postgresql/<major>/bin); an alpine tag (uid 70, /usr/local/bin) would be a different image.
[ -n "$PG_MAJOR" ] || die "$POSTGRES_IMAGE: the postgres stand-in is Debian-based and stands in for postgres:<major> only"
PG_ENTRYPOINT=scripts/containers/postgres-entrypoint.sh

# The host's own CA certificates: package downloads here go through an intercepting proxy whose
# CA is in the host's trust store, and pip in a container without it finds no distribution.
ca_files=()
while IFS= read -r f; do ca_files+=("$f"); done < <(find /usr/local/share/ca-certificates -type f -name '*.crt' 2>/dev/null | sort)
KEY=$( { cat "$SCRIPT" "$PG_ENTRYPOINT"; printf '%s\n' "$NGINX_IMAGE" "$POSTGRES_IMAGE"; ((${#ca_files[@]})) && cat "${ca_files[@]}"; true; } | sha256sum | cut -c1-16)
LABEL=org.create-pyweb.standin

# Debian suite that carries each Python; no Debian release has 3.12.
suite_for() {
  case "$1" in
    3.11) echo bookworm ;;
    3.13) echo trixie ;;
    3.14) echo testing ;;
    *) return 1 ;;
  esac
}

current() { [ "$(podman image inspect --format "{{ index .Config.Labels \"$LABEL\" }}" "$1" 2>/dev/null)" = "$KEY" ]; }

WORK=$(mktemp -d /var/tmp/pyweb-standin.XXXXXX)

# A minimal Debian root filesystem imported as an image, made once per suite and run.
base_image() {
  local suite=$1 img="localhost/pyweb-standin-base:$1"
  if current "$img"; then echo "$img"; return; fi
  local t0=$SECONDS rootfs="$WORK/rootfs-$suite" opts=()
  # The testing suite's Release file may be past its Valid-Until, and it can be signed by a key
  # newer than this host's keyring: its packages are then checked by apt's hashes only.
  [ "$suite" = testing ] && opts+=(--no-check-gpg)
  log "debootstrap $suite (a minimal Debian for the stand-ins)"
  debootstrap --variant=minbase "${opts[@]}" "$suite" "$rootfs" "$MIRROR" >"$WORK/debootstrap-$suite.log" 2>&1 \
    || die "debootstrap $suite failed: $(tail -5 "$WORK/debootstrap-$suite.log")"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  if [ "$suite" = testing ]; then
    echo 'Acquire::Check-Valid-Until "false";' >"$rootfs/etc/apt/apt.conf.d/99no-check-valid-until"
  fi
  tar -C "$rootfs" -c . | podman import -q --change "LABEL $LABEL=$KEY" --change 'CMD ["bash"]' - "$img" >/dev/null \
    || die "podman import of the $suite root filesystem failed"
  rm -rf "$rootfs"
  log "base $suite ready in $((SECONDS - t0))s"
  echo "$img"
}

# Build (or load from the cache) one stand-in: $1 the official name it stands in for, $2 its
# suite, $3 the Containerfile body after FROM, then files to put in the build context.
standin() {
  local name=$1 suite=$2 body=$3 t0=$SECONDS file archive base ctx
  shift 3
  file=$(echo "$name" | tr '/:' '__')
  archive="$CACHE/$file-$KEY.tar"
  if current "$name"; then log "$name: ready"; return; fi
  if [ -s "$archive" ] && podman load -q -i "$archive" >/dev/null 2>&1 && current "$name"; then
    log "$name: loaded from $archive in $((SECONDS - t0))s"
    return
  fi
  ctx="$WORK/ctx-$file"
  base=$(base_image "$suite")
  mkdir -p "$ctx/ca"
  ((${#ca_files[@]})) && cp "${ca_files[@]}" "$ctx/ca/"
  (($#)) && cp "$@" "$ctx/"
  printf 'FROM %s\n%s\nLABEL %s=%s\n' "$base" "$body" "$LABEL" "$KEY" >"$ctx/Containerfile"
  log "building $name on Debian $suite"
  podman build --format docker --layers=false -q -t "$name" -f "$ctx/Containerfile" "$ctx" >"$WORK/build.log" 2>&1 \
    || die "building $name failed: $(tail -20 "$WORK/build.log")"
  current "$name" || die "$name was built but does not carry the label $LABEL=$KEY"
  rm -f "$CACHE/$file"-*.tar
  if podman save -q --format docker-archive -o "$archive.part" "$name" >/dev/null; then
    mv "$archive.part" "$archive"
  else
    rm -f "$archive.part"
    log "warning: could not save $name to $archive (the next run builds it again)"
  fi
  log "$name: built in $((SECONDS - t0))s"
}

# The official slim image has python, pip, the headers (uWSGI and mod_wsgi compile against them)
# and no PEP 668 marker (pip installs into the system Python, as a Dockerfile's builder may do).
PYTHON_BODY='COPY ca/ /usr/local/share/ca-certificates/
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates python3 python3-venv python3-dev python3-pip python-is-python3 \
    && update-ca-certificates \
    && rm -f /usr/lib/python3*/EXTERNALLY-MANAGED \
    && rm -rf /var/lib/apt/lists/*
# uv trusts only its own bundled roots unless told to use the system store, where the host CA is:
# machine-specific, so it lives here and never in a generated Dockerfile.
ENV LANG=C.UTF-8 \
    UV_SYSTEM_CERTS=1 \
    UV_NATIVE_TLS=1
CMD ["python3"]'
TESTING_EXTRA='RUN apt-get update && apt-get install -y --no-install-recommends libcrypt-dev && rm -rf /var/lib/apt/lists/*'

# nginx as the official image runs it: conf.d/default.conf included by nginx.conf, logs to
# stdout/stderr, in the foreground, SIGQUIT for a graceful stop; wget for compose's healthcheck.
NGINX_BODY='RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx wget ca-certificates \
    && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/* \
    && ln -sf /dev/stdout /var/log/nginx/access.log \
    && ln -sf /dev/stderr /var/log/nginx/error.log \
    && printf "server {\n    listen 80;\n    server_name localhost;\n    root /var/www/html;\n}\n" >/etc/nginx/conf.d/default.conf \
    && grep -q "include /etc/nginx/conf.d/\*.conf;" /etc/nginx/nginx.conf
EXPOSE 80
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]'

# postgres as the official Debian-based image lays it out: the postgres user and group with uid
# and gid 999 (made before the package would pick another), no cluster made by the package,
# listen_addresses '*' in the sample every initdb copies, the data dir a volume owned by postgres,
# gosu to drop from root, SIGINT (fast shutdown) to stop. The entrypoint is
# scripts/containers/postgres-entrypoint.sh.
POSTGRES_BODY="ENV PG_MAJOR=$PG_MAJOR
RUN groupadd -r postgres --gid=999 \\
    && useradd -r -g postgres --uid=999 --home-dir=/var/lib/postgresql --shell=/bin/bash postgres \\
    && mkdir -p /var/lib/postgresql \\
    && chown -R postgres:postgres /var/lib/postgresql \\
    && apt-get update \\
    && apt-get install -y --no-install-recommends postgresql-common gosu \\
    && sed -ri 's/#(create_main_cluster) .*\$/\\1 = false/' /etc/postgresql-common/createcluster.conf \\
    && apt-get install -y --no-install-recommends postgresql-\$PG_MAJOR \\
    && rm -rf /var/lib/apt/lists/* \\
    && sed -ri \"s!^#?(listen_addresses)\\s*=\\s*\\S+.*!\\1 = '*'!\" /usr/share/postgresql/\$PG_MAJOR/postgresql.conf.sample \\
    && grep -q \"^listen_addresses = '\\*'\" /usr/share/postgresql/\$PG_MAJOR/postgresql.conf.sample \\
    && mkdir -p /var/run/postgresql /docker-entrypoint-initdb.d \\
    && chown -R postgres:postgres /var/run/postgresql \\
    && chmod 3777 /var/run/postgresql
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/\$PG_MAJOR/bin \\
    PGDATA=/var/lib/postgresql/data \\
    LANG=C.UTF-8
RUN mkdir -p \"\$PGDATA\" && chown -R postgres:postgres \"\$PGDATA\" && chmod 1777 \"\$PGDATA\"
VOLUME /var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN chmod 755 /usr/local/bin/docker-entrypoint.sh
ENTRYPOINT [\"docker-entrypoint.sh\"]
STOPSIGNAL SIGINT
EXPOSE 5432
CMD [\"postgres\"]"

start=$SECONDS
for v in $PYTHONS; do
  suite=$(suite_for "$v") || die "no Debian suite has Python $v (3.11, 3.13 and 3.14 can be stood in for)"
  body=$PYTHON_BODY
  [ "$suite" = testing ] && body="$body
$TESTING_EXTRA"
  standin "docker.io/library/python:$v-slim" "$suite" "$body"
  got=$(podman run --rm "docker.io/library/python:$v-slim" python -c 'import sys; print("%d.%d" % sys.version_info[:2])') \
    || die "python:$v-slim does not run python"
  [ "$got" = "$v" ] || die "python:$v-slim runs Python $got (Debian $suite)"
done
standin "docker.io/library/$NGINX_IMAGE" trixie "$NGINX_BODY"
standin "docker.io/library/$POSTGRES_IMAGE" trixie "$POSTGRES_BODY" "$PG_ENTRYPOINT"

# The imported roots only feed the stand-ins: not needed once they are built.
for img in $(podman images --format '{{.Repository}}:{{.Tag}}' | grep '^localhost/pyweb-standin-base:' || true); do
  podman rmi "$img" >/dev/null 2>&1 || true
done
printf 'ok %s\n' "$KEY" >"$STATUS"
log "ready: $(podman --version), stand-ins python:{$(echo "$PYTHONS" | tr ' ' ,)}-slim, $NGINX_IMAGE and $POSTGRES_IMAGE ($((SECONDS - start))s)"
