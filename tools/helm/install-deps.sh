#!/usr/bin/env bash
# Builds the offline Helm-subset renderer used by tools/helm/validate.mjs.
# When a real helm binary is on PATH the validator uses `helm template` and this build is optional,
# but we still build the renderer so both paths stay usable. Idempotent and quiet.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BIN_DIR="${ROOT}/.bin"
BIN="${BIN_DIR}/helm-render"
GOPATH_DEBIAN=/usr/share/gocode
GO_PKGS=(golang-go golang-github-masterminds-sprig-dev golang-gopkg-yaml.v2-dev)

missing_go_deps() {
  ! command -v go >/dev/null 2>&1 ||
    [ ! -d "${GOPATH_DEBIAN}/src/github.com/Masterminds/sprig" ] ||
    [ ! -d "${GOPATH_DEBIAN}/src/gopkg.in/yaml.v2" ]
}

install_go_deps() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps: go/sprig missing and apt-get is unavailable; install ${GO_PKGS[*]}" >&2
    exit 1
  fi
  local sudo=''
  [ "$(id -u)" -ne 0 ] && sudo='sudo'
  echo "install-deps: installing ${GO_PKGS[*]} (apt-get)"
  # The lock timeout lets parallel CI steps that also use apt wait instead of failing.
  DEBIAN_FRONTEND=noninteractive ${sudo} apt-get -qq -o DPkg::Lock::Timeout=300 install -y \
    --no-install-recommends "${GO_PKGS[@]}" >/dev/null ||
    {
      ${sudo} apt-get -qq -o DPkg::Lock::Timeout=300 update >/dev/null
      DEBIAN_FRONTEND=noninteractive ${sudo} apt-get -qq -o DPkg::Lock::Timeout=300 install -y \
        --no-install-recommends "${GO_PKGS[@]}" >/dev/null
    }
}

if missing_go_deps; then
  install_go_deps
fi

# Rebuild only when the source is newer than the binary.
stale() {
  [ ! -x "${BIN}" ] && return 0
  local f
  for f in "${ROOT}"/render/*.go; do [ "${f}" -nt "${BIN}" ] && return 0; done
  return 1
}

if stale; then
  mkdir -p "${BIN_DIR}" "${BIN_DIR}/gocache"
  (
    cd "${ROOT}/render"
    GO111MODULE=off GOPATH="${GOPATH_DEBIAN}" GOCACHE="${BIN_DIR}/gocache" \
      go build -o "${BIN}" . 2>&1 | sed 's/^/install-deps: /' >&2 # pipefail: a build error fails
  )
  echo "install-deps: built ${BIN}"
fi
