#!/usr/bin/env bash
# Planasonix Agent installer for Debian and Ubuntu hosts.
#
#   sudo ./install.sh --token "$PLANASONIX_ENROLLMENT_TOKEN"
#   sudo PLANASONIX_ENROLLMENT_TOKEN=… ./install.sh          (keeps the token off every command line)
#   sudo ./install.sh --token-file /run/secrets/planasonix    (or --token-file - to read stdin)
#
# Installs the .deb beside this script, writes the managed config (API host, agent id) and the
# one-time enrollment token (mode 0600) that the agent reads at first start and then deletes, and on
# a host without a desktop session enables the headless systemd unit. The token is never printed
# and never passed to another program's command line or environment.
set -euo pipefail
umask 077

readonly prog=install.sh
readonly unit=planasonix-agent.service
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly script_dir
readonly config_dir="${PLANASONIX_CONFIG_DIR:-/etc/planasonix-agent}"
readonly bundled_config="$script_dir/planasonix-agent.json"

die() {
  printf '%s: error: %s\n' "$prog" "$1" >&2
  exit "${2:-1}"
}
say() { printf '%s: %s\n' "$prog" "$1"; }

usage() {
  cat <<'USAGE'
Usage: sudo ./install.sh [--token TOKEN | --token-file PATH|-] [--package FILE.deb]
                         [--headless | --desktop]

Values (an environment variable wins over planasonix-agent.json beside this script):
  PLANASONIX_API_HOST          control plane URL, e.g. https://api.planasonix.com
  PLANASONIX_AGENT_ID          agent id, agt_…
  PLANASONIX_ENROLLMENT_TOKEN  one-time enrollment token (or --token / --token-file)
  PLANASONIX_CONFIG_DIR        where the config and token go (default /etc/planasonix-agent)

--headless enables the systemd unit; --desktop leaves the agent to the tray app. Without either,
a host whose default target is graphical.target counts as a desktop.
USAGE
}

# Reads "key": "value" from the bundled JSON; the control plane writes one key per line.
config_value() {
  [ -f "$bundled_config" ] || return 0
  sed -n "s/^[[:space:]]*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p" "$bundled_config" | head -n 1
}

token=''
token_file=''
package=''
mode=auto
while [ $# -gt 0 ]; do
  case "$1" in
    --token)
      [ $# -ge 2 ] || die '--token needs a value'
      token=$2
      shift 2
      ;;
    --token=*)
      token=${1#--token=}
      shift
      ;;
    --token-file)
      [ $# -ge 2 ] || die '--token-file needs a path (or - for standard input)'
      token_file=$2
      shift 2
      ;;
    --package)
      [ $# -ge 2 ] || die '--package needs a .deb file'
      package=$2
      shift 2
      ;;
    --headless) mode=headless && shift ;;
    --desktop) mode=desktop && shift ;;
    -h | --help) usage && exit 0 ;;
    -*) die "unknown option ${1%%=*} (see --help)" ;;
    # A stray word may well be a token pasted without --token: never echo it.
    *) die 'unexpected argument (not shown); options start with -- (see --help)' ;;
  esac
done

if [ -n "$token_file" ]; then
  if [ "$token_file" = - ]; then
    IFS= read -r token || [ -n "$token" ] || die 'no enrollment token on standard input'
  else
    [ -r "$token_file" ] || die "cannot read the token file $token_file"
    IFS= read -r token <"$token_file" || [ -n "$token" ] || die "the token file $token_file is empty"
  fi
elif [ -z "$token" ]; then
  token=${PLANASONIX_ENROLLMENT_TOKEN:-}
fi
# Children (apt, dpkg, systemctl) must not inherit the token through the environment either.
unset PLANASONIX_ENROLLMENT_TOKEN
token=${token%$'\r'}

api_host=${PLANASONIX_API_HOST:-$(config_value api_host)}
agent_id=${PLANASONIX_AGENT_ID:-$(config_value agent_id)}

missing=()
[ -n "$api_host" ] || missing+=('PLANASONIX_API_HOST (or "api_host" in planasonix-agent.json)')
[ -n "$agent_id" ] || missing+=('PLANASONIX_AGENT_ID (or "agent_id" in planasonix-agent.json)')
[ -n "$token" ] || missing+=('the enrollment token (--token, --token-file or PLANASONIX_ENROLLMENT_TOKEN)')
if [ ${#missing[@]} -gt 0 ]; then
  for value in "${missing[@]}"; do printf '%s: error: missing %s\n' "$prog" "$value" >&2; done
  die 'nothing was changed' 2
fi
[[ $api_host =~ ^https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~/-]*)?$ ]] ||
  die "PLANASONIX_API_HOST must be an http(s) URL such as https://api.planasonix.com, got $api_host" 2
[[ $agent_id =~ ^agt_[0-9a-z]{1,64}$ ]] || die "PLANASONIX_AGENT_ID must look like agt_…, got $agent_id" 2
[[ $token =~ ^plnx_enroll_[A-Za-z0-9_-]{43}$ ]] ||
  die 'the enrollment token is malformed: expected plnx_enroll_ followed by 43 characters (value not shown)' 2

if [ -z "$package" ]; then
  shopt -s nullglob
  debs=("$script_dir"/planasonix-agent-*-linux-*.deb)
  shopt -u nullglob
  [ ${#debs[@]} -gt 0 ] || die "no planasonix-agent-<version>-linux-<arch>.deb next to $prog; pass --package" 2
  [ ${#debs[@]} -eq 1 ] || die "several .deb files next to $prog; choose one with --package" 2
  package=${debs[0]}
fi
[ -f "$package" ] || die "package not found: $package" 2
package=$(cd "$(dirname "$package")" && pwd)/$(basename "$package")

if [ "$mode" = auto ]; then
  mode=headless
  if command -v systemctl >/dev/null 2>&1 && [ "$(systemctl get-default 2>/dev/null || true)" = graphical.target ]; then
    mode=desktop
  fi
fi

say "installing $(basename "$package")"
if command -v apt-get >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y "$package" ||
    die "apt-get could not install the package (exit $?); no config or token was written" 3
elif command -v dpkg >/dev/null 2>&1; then
  dpkg -i "$package" || die "dpkg could not install the package (exit $?); no config or token was written" 3
else
  die 'neither apt-get nor dpkg is available: this script installs Debian packages' 3
fi

# The agent runs as root under systemd; on a desktop it runs as the user who ran sudo.
owner=root
if [ "$mode" = desktop ] && [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then owner=$SUDO_USER; fi

mkdir -p "$config_dir"
chmod 0755 "$config_dir"
config_tmp=$(mktemp "$config_dir/.planasonix-agent.json.XXXXXX")
printf '{\n  "api_host": "%s",\n  "agent_id": "%s"\n}\n' "$api_host" "$agent_id" >"$config_tmp"
chmod 0644 "$config_tmp"
mv -f "$config_tmp" "$config_dir/planasonix-agent.json"

# The token's folder belongs to the agent's account so that the agent can delete the token.
enroll_dir="$config_dir/enrollment"
mkdir -p "$enroll_dir"
chmod 0700 "$enroll_dir"
token_tmp=$(mktemp "$enroll_dir/.token.XXXXXX")
printf '%s\n' "$token" >"$token_tmp"
token=''
chmod 0600 "$token_tmp"
mv -f "$token_tmp" "$enroll_dir/token"
if [ "$owner" != root ]; then chown -R "$owner" "$enroll_dir"; fi
say "wrote $config_dir/planasonix-agent.json and the enrollment token (mode 0600, owner $owner)"

if [ "$mode" = headless ]; then
  systemctl daemon-reload
  systemctl enable --now "$unit" || die "could not enable $unit (exit $?)" 4
  say "enabled and started $unit (no desktop session); follow it with: journalctl -u $unit -f"
else
  say 'desktop host: start Planasonix Agent from the applications menu; it enrolls on first start'
fi
